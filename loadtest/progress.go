package loadtest

import (
	"fmt"
	"io"
	"os"
	"sync"
	"time"
)

// startProgress prints a status line for the attack every ProgressInterval
// until the returned function is called. On a terminal the line is rewritten
// in place. Elsewhere each update is a new line, so logs stay readable.
func (r *Runner) startProgress(spec attackSpec, sched schedule, live *liveCounters) (stop func()) {
	if r.Progress == nil {
		return func() {}
	}
	interval := r.ProgressInterval
	if interval <= 0 {
		interval = time.Second
	}
	tty := isTerminal(r.Progress)

	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		ticker := time.NewTicker(interval)
		defer ticker.Stop()

		start := time.Now()
		var lastSent int64
		lastTick := start
		for {
			select {
			case <-done:
				if tty {
					fmt.Fprint(r.Progress, "\r\x1b[K")
				}
				return
			case now := <-ticker.C:
				sent := live.sent.Load()
				liveRate := float64(sent-lastSent) / now.Sub(lastTick).Seconds()
				lastSent, lastTick = sent, now
				writeProgress(r.Progress, tty, progressLine{
					label:     spec.label,
					elapsed:   now.Sub(start),
					duration:  spec.duration,
					sent:      sent,
					planned:   int64(sched.total),
					successes: live.successes.Load(),
					late:      live.late.Load(),
					liveRate:  liveRate,
				})
			}
		}
	}()
	return func() {
		close(done)
		wg.Wait()
	}
}

type progressLine struct {
	label                    string
	elapsed, duration        time.Duration
	sent, planned, successes int64
	late                     int64
	liveRate                 float64
}

func writeProgress(w io.Writer, tty bool, p progressLine) {
	okPct := 0.0
	if p.sent > 0 {
		okPct = 100 * float64(p.successes) / float64(p.sent)
	}
	line := fmt.Sprintf("%-40s %5.1fs/%.0fs  sent %7d/%-7d  ok %6.2f%%  live %8.1f req/s  late %d",
		p.label, p.elapsed.Seconds(), p.duration.Seconds(), p.sent, p.planned, okPct, p.liveRate, p.late)
	if tty {
		fmt.Fprint(w, "\r\x1b[K"+line)
		return
	}
	fmt.Fprintln(w, line)
}

// isTerminal reports whether w is a character device such as a terminal.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}
