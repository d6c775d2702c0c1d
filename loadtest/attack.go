package loadtest

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"time"

	vegeta "github.com/tsenart/vegeta/v12/lib"
)

// sideClient is the HTTP client and the base URLs of one side of a scenario.
type sideClient struct {
	side      Side
	bases     []string
	client    *http.Client
	transport *countingTransport
}

// attackSpec is one attack: a side, a rate and a duration.
type attackSpec struct {
	side     *sideClient
	rate     float64
	duration time.Duration
	repeat   int    // 0 for the warm-up
	label    string // shown in progress lines
}

// Bounds of one attack. No send starts later than sendSlack after the
// scheduled end, so a generator that fell behind cannot stretch a run, and
// the sends it skipped count as late. drainGrace bounds the wait for
// responses beyond the request timeout.
const (
	sendSlack  = 500 * time.Millisecond
	drainGrace = 2 * time.Second
)

// attack runs one open-loop attack and records every result. It returns an
// error only when the context is canceled. Failed requests are recorded as
// results, not returned.
func (r *Runner) attack(ctx context.Context, sc *Scenario, spec attackSpec) (RunSummary, error) {
	sched := newSchedule(spec.rate, spec.duration)
	p := &pacer{sched: sched, now: time.Now, stall: r.pacerStall, sleep: preciseSleep}
	rec := newRecorder(sched, p.start, sc.IsSuccess, sc.lateThreshold(spec.rate))

	spec.side.transport.resetPeak()
	attacker := vegeta.NewAttacker(
		vegeta.Client(spec.side.client),
		vegeta.Workers(uint64(min(sc.Connections, vegeta.DefaultWorkers))),
		vegeta.MaxWorkers(uint64(sc.Connections)),
		// Bodies are drained and counted by the transport, not kept.
		vegeta.MaxBody(0),
	)

	// The pacer stops after the last scheduled send. The attack's duration
	// stops a late generator, and this deadline stops a run that hangs.
	sendUntil := spec.duration + sendSlack
	deadline := time.AfterFunc(sendUntil+sc.Timeout+drainGrace, func() { attacker.Stop() })
	defer deadline.Stop()
	stopOnCancel := context.AfterFunc(ctx, func() { attacker.Stop() })
	defer stopOnCancel()

	stopProgress := r.startProgress(spec, sched, &rec.live)
	startedAt := time.Now()
	for res := range attacker.Attack(targeter(sc, spec.side.bases), p, sendUntil, "") {
		rec.record(res)
	}
	stopProgress()

	if err := ctx.Err(); err != nil {
		return RunSummary{}, fmt.Errorf("%s: %w", spec.label, err)
	}
	return summarize(rec, runInfo{
		side:            spec.side.side,
		repeat:          spec.repeat,
		rate:            spec.rate,
		connections:     sc.Connections,
		maxLateFraction: sc.maxLateFraction(),
		peakInFlight:    spec.side.transport.peak.Load(),
		bytesIn:         spec.side.transport.bytesIn.Load(),
		startedAt:       startedAt,
	}), nil
}

// targeter cycles through the scenario's targets and, for each, through the
// base URLs, so requests to several backends interleave.
func targeter(sc *Scenario, bases []string) vegeta.Targeter {
	targets := make([]vegeta.Target, 0, len(sc.Targets)*len(bases))
	for _, t := range sc.Targets {
		for _, base := range bases {
			targets = append(targets, vegeta.Target{
				Method: t.Method,
				URL:    strings.TrimSuffix(base, "/") + t.Path,
				Header: t.Header.Clone(),
				Body:   t.Body,
			})
		}
	}
	return vegeta.NewStaticTargeter(targets...)
}
