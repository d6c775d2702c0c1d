package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"runtime"
	"runtime/pprof"
	"syscall"
	"time"

	"gatehouse/engine"
)

// tuning holds the flags that override tuning knobs of the file.
type tuning struct {
	pollers        int
	maxConnections int
	listen         string
	injectDelay    time.Duration
	cpuProfile     string
}

func (t *tuning) register(fs *flag.FlagSet) {
	fs.IntVar(&t.pollers, "pollers", 0, "number of netpoll event loops (0 keeps the configured value or netpoll's default, GOMAXPROCS/20+1)")
	fs.IntVar(&t.maxConnections, "max-connections", 0, "maximum open client connections (0 keeps the configured value)")
	fs.StringVar(&t.listen, "listen", "", "listen address host:port (empty keeps the configured value)")
	fs.StringVar(&t.cpuProfile, "cpuprofile", "", "write a CPU profile to this file until shutdown (for go tool pprof)")
}

// startProfile starts CPU profiling when requested and returns the
// function that stops it.
func (t *tuning) startProfile(logger *slog.Logger) (stop func(), err error) {
	if t.cpuProfile == "" {
		return func() {}, nil
	}
	f, err := os.Create(t.cpuProfile)
	if err != nil {
		return nil, fmt.Errorf("creating CPU profile: %w", err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, fmt.Errorf("starting CPU profile: %w", err)
	}
	logger.Info("CPU profiling on", "file", t.cpuProfile)
	return func() {
		pprof.StopCPUProfile()
		f.Close()
	}, nil
}

func (t *tuning) apply(opts *engine.Options) {
	if t.pollers > 0 {
		opts.Pollers = t.pollers
	}
	if t.maxConnections > 0 {
		opts.MaxConnections = t.maxConnections
	}
	if t.listen != "" {
		opts.Addr = t.listen
	}
	opts.InjectDelay = t.injectDelay
}

// parseFlags parses args and reports the exit code to use when the
// command must stop (help or a flag error), or -1 to go on.
func parseFlags(fs *flag.FlagSet, args []string, stderr io.Writer) int {
	fs.SetOutput(stderr)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "gatehouse %s: unexpected argument %q\n", fs.Name(), fs.Arg(0))
		return 2
	}
	return -1
}

// serveUntilSignal runs srv until SIGINT or SIGTERM, then drains it. It
// returns the process exit code: 0 after a clean drain.
func serveUntilSignal(srv *engine.Server, logger *slog.Logger, cleanup func()) int {
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, syscall.SIGINT, syscall.SIGTERM)
	defer signal.Stop(sigs)

	serveErr := make(chan error, 1)
	go func() { serveErr <- srv.Serve() }()

	select {
	case err := <-serveErr:
		logger.Error("gateway stopped unexpectedly", "error", err)
		cleanup()
		return 1
	case sig := <-sigs:
		logger.Info("signal received; shutting down", "signal", sig.String())
	}
	code := 0
	if err := srv.Shutdown(context.Background()); err != nil {
		logger.Warn("shutdown cut requests in flight", "error", err)
		code = 1
	}
	<-serveErr
	cleanup()
	return code
}

// minProcs is the GOMAXPROCS floor applied when the environment does not
// set it. netpoll's poller waits in epoll_wait holding a processor, so
// with one processor, handlers made runnable meanwhile wait for the
// runtime to take it back. Measured on one pinned core (taskset -c 0,
// wrk -t1 -c64 through gatehouse proxy to nginx, 2-vCPU VM, 2026-12-04):
// the process was busy about 82% of the time with GOMAXPROCS=1 and about
// 97% with 2. Over eight interleaved runs, 2 served 0% to 42% more
// requests per second (median 19%).
const minProcs = 2

// raiseProcs applies minProcs unless GOMAXPROCS is set explicitly.
func raiseProcs(logger *slog.Logger) {
	if os.Getenv("GOMAXPROCS") != "" {
		return
	}
	if n := runtime.GOMAXPROCS(0); n < minProcs {
		runtime.GOMAXPROCS(minProcs)
		logger.Info("raised GOMAXPROCS so netpoll's poller does not hold the only processor",
			"from", n, "to", minProcs, "override", "set GOMAXPROCS explicitly")
	}
}
