package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/url"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"time"

	"gatehouse/loadtest"
)

// runOptions are the flags of gateload run.
type runOptions struct {
	scenarios, budgets, only   string
	target, direct             string
	allowRemote                bool
	gatehouse, module          string
	gatewayCPUs, backendCPUs   string
	gatewayProcs, backendProcs int
	pollers                    int
	injectDelay                time.Duration
	duration, warmup           time.Duration
	warmupSet                  bool
	rate                       float64
	repeats                    int
	out, tsv                   string
	quiet, verbose             bool
}

func newRunFlags(o *runOptions, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("gateload", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&o.scenarios, "scenarios", "bench/scenarios.yaml", "scenario `file`")
	fs.StringVar(&o.budgets, "budgets", "", "budget `file`; when set, any failed budget makes the exit status 1")
	fs.StringVar(&o.only, "only", "", "comma-separated scenario `names` to run (default all)")

	fs.StringVar(&o.target, "target", "", "gateway base `URL` of a running gateway, such as http://127.0.0.1:8080; needs -direct")
	fs.StringVar(&o.direct, "direct", "", "comma-separated backend base `URLs` the running gateway forwards to")
	fs.BoolVar(&o.allowRemote, "allow-remote", false, "allow -target and -direct hosts other than loopback")

	fs.StringVar(&o.gatehouse, "gatehouse", "", "gatehouse `binary` to start (default: build ./cmd/gatehouse from the module)")
	fs.StringVar(&o.module, "module", ".", "`folder` inside the gatehouse module to build from")
	fs.StringVar(&o.gatewayCPUs, "gateway-cpus", "", "pin the gateway with taskset -c `list`, such as 0")
	fs.StringVar(&o.backendCPUs, "backend-cpus", "", "pin the stub backends with taskset -c `list`, such as 1")
	fs.IntVar(&o.gatewayProcs, "gateway-gomaxprocs", 0, "GOMAXPROCS of the gateway (0: unset)")
	fs.IntVar(&o.backendProcs, "backend-gomaxprocs", 0, "GOMAXPROCS of the stub backends (0: unset)")
	fs.IntVar(&o.pollers, "pollers", 0, "pass --pollers `n` to the gateway (0: gateway default)")
	fs.DurationVar(&o.injectDelay, "inject-delay", 0, "pass --inject-delay to the gateway, delaying every request (testing)")

	fs.DurationVar(&o.duration, "duration", 0, "override every scenario's duration")
	fs.Func("warmup", "override every scenario's warm-up `duration` (0 disables it)", func(v string) error {
		d, err := time.ParseDuration(v)
		if err != nil || d < 0 {
			return fmt.Errorf("invalid duration %q", v)
		}
		o.warmup, o.warmupSet = d, true
		return nil
	})
	fs.Float64Var(&o.rate, "rate", 0, "override every scenario's rate in requests per second (replaces a sweep)")
	fs.IntVar(&o.repeats, "repeats", 0, "override every scenario's repeats")

	fs.StringVar(&o.out, "out", "", "`folder` for report.json, histograms.hlog and report.html (default: a new temporary folder)")
	fs.StringVar(&o.tsv, "tsv", "", "also write one tab-separated line per scenario step to `file`")
	fs.BoolVar(&o.quiet, "q", false, "no progress lines on stderr")
	fs.BoolVar(&o.verbose, "v", false, "log process starts and stops on stderr")
	fs.Usage = func() { printUsage(fs, stderr) }
	return fs
}

func printUsage(fs *flag.FlagSet, w io.Writer) {
	fmt.Fprint(w, `gateload runs open-loop, constant-rate load against a gateway and, interleaved,
against its backend directly, records response times from each request's
intended send time, and reports the latency the gateway adds.

Usage:
  gateload [run] [flags]     run the scenarios
  gateload stub [flags]      serve the stub backend (gateload stub -h)
  gateload proxy [flags]     run net/http/httputil.ReverseProxy with the flags
                             of gatehouse proxy, as a baseline (gateload proxy -h)

By default gateload builds ./cmd/gatehouse, starts stub backends and the
gateway for each scenario, and stops them afterwards, also on Ctrl-C. With
-target and -direct it loads processes that already run.

Exit status: 0 all runs valid and budgets met, 1 a budget failed or a run was
invalid, 2 bad flags or input files, 3 the run could not be done.

Flags:
`)
	fs.PrintDefaults()
}

// runMain parses the flags, runs the scenarios and returns the exit status.
func runMain(args []string, stdout, stderr io.Writer) int {
	var o runOptions
	fs := newRunFlags(&o, stderr)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "gateload: unexpected argument %q\n", fs.Arg(0))
		return exitUsage
	}

	scenarios, budgets, err := loadInputs(&o)
	if err != nil {
		fmt.Fprintf(stderr, "gateload: %v\n", err)
		return exitUsage
	}
	logger := newLogger(stderr, o.verbose)

	// The signal handler stops every child before gateload exits, so an
	// interrupted run leaves no gateway or stub behind.
	group := &loadtest.ProcessGroup{}
	tmp, err := os.MkdirTemp("", "gateload-")
	if err != nil {
		fmt.Fprintf(stderr, "gateload: %v\n", err)
		return exitFailure
	}
	defer os.RemoveAll(tmp)
	stopSignals := handleSignals(group, tmp, stderr)
	defer stopSignals()

	env, err := newEnvironment(&o, group, tmp, logger)
	if err != nil {
		fmt.Fprintf(stderr, "gateload: %v\n", err)
		return exitUsage
	}
	defer group.StopAll(3 * time.Second)

	runner := &loadtest.Runner{Env: env, Logger: logger}
	if !o.quiet {
		runner.Progress = stderr
	}
	report, runErr := runner.Run(context.Background(), scenarios)
	return finish(&o, report, runErr, budgets, stdout, stderr)
}

// finish prints the tables, writes the report files and picks the exit status.
func finish(o *runOptions, report *loadtest.Report, runErr error, budgets loadtest.Budgets, stdout, stderr io.Writer) int {
	status := exitOK
	if runErr != nil {
		fmt.Fprintf(stderr, "gateload: %v\n", runErr)
		status = exitFailure
	}
	if report == nil || len(report.Scenarios) == 0 {
		return exitFailure
	}

	_ = loadtest.WriteResultTable(stdout, report)
	if budgets != nil {
		report.Budget = loadtest.EvaluateBudgets(report, budgets)
		fmt.Fprintln(stdout)
		_ = loadtest.WriteBudgetTable(stdout, report.Budget)
		if !report.Budget.Passed && status == exitOK {
			status = exitViolation
		}
	}
	if !report.Valid() && status == exitOK {
		fmt.Fprintln(stdout, "INVALID: the load generator fell behind in at least one run; see the table above")
		status = exitViolation
	}

	if err := writeOutputs(o, report, stdout); err != nil {
		fmt.Fprintf(stderr, "gateload: %v\n", err)
		return exitFailure
	}
	return status
}

func writeOutputs(o *runOptions, report *loadtest.Report, stdout io.Writer) error {
	dir := o.out
	if dir == "" {
		var err error
		if dir, err = os.MkdirTemp("", "gateload-report-"); err != nil {
			return err
		}
	}
	paths, err := loadtest.WriteReportFiles(dir, report)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "\nreports: %s\n", strings.Join(paths, " "))

	if o.tsv == "" {
		return nil
	}
	f, err := os.Create(o.tsv)
	if err != nil {
		return err
	}
	if err := loadtest.WriteTSV(f, report); err != nil {
		_ = f.Close()
		return err
	}
	return f.Close()
}

// loadInputs reads the scenario and budget files and applies the overrides.
func loadInputs(o *runOptions) ([]loadtest.Scenario, loadtest.Budgets, error) {
	all, err := loadtest.LoadScenarios(o.scenarios)
	if err != nil {
		return nil, nil, err
	}
	var budgets loadtest.Budgets
	if o.budgets != "" {
		if budgets, err = loadtest.LoadBudgets(o.budgets, all); err != nil {
			return nil, nil, err
		}
	}

	scenarios := all
	if o.only != "" {
		scenarios = nil
		for _, name := range strings.Split(o.only, ",") {
			i := slices.IndexFunc(all, func(s loadtest.Scenario) bool { return s.Name == strings.TrimSpace(name) })
			if i < 0 {
				return nil, nil, fmt.Errorf("-only: no scenario named %q in %s", name, o.scenarios)
			}
			scenarios = append(scenarios, all[i])
		}
	}

	for i := range scenarios {
		sc := &scenarios[i]
		if o.duration > 0 {
			sc.Duration = o.duration
		}
		if o.warmupSet {
			sc.Warmup = o.warmup
		}
		if o.rate > 0 {
			sc.Rates = []float64{o.rate}
		}
		if o.repeats > 0 {
			sc.Repeats = o.repeats
		}
	}
	return scenarios, budgets, nil
}

// newEnvironment returns the static environment for -target, or a managed
// one that starts stubs and a gatehouse built from the tree.
func newEnvironment(o *runOptions, group *loadtest.ProcessGroup, tmp string, logger *slog.Logger) (loadtest.Environment, error) {
	if o.target != "" || o.direct != "" {
		return staticEnvironment(o)
	}

	self, err := os.Executable()
	if err != nil {
		return nil, fmt.Errorf("find the gateload binary for the stub: %w", err)
	}
	bin := o.gatehouse
	if bin == "" {
		if bin, err = buildGatehouse(o.module, tmp); err != nil {
			return nil, err
		}
	}
	return &loadtest.ManagedEnvironment{
		Group:             group,
		StubCommand:       []string{self, "stub"},
		Gatehouse:         bin,
		GatewayCPUs:       o.gatewayCPUs,
		BackendCPUs:       o.backendCPUs,
		GatewayGOMAXPROCS: o.gatewayProcs,
		BackendGOMAXPROCS: o.backendProcs,
		Pollers:           o.pollers,
		InjectDelay:       o.injectDelay,
		LogDir:            tmp,
		Logger:            logger,
	}, nil
}

func staticEnvironment(o *runOptions) (loadtest.Environment, error) {
	if o.target == "" || o.direct == "" {
		return nil, errors.New("-target and -direct go together: the direct runs need the backend the gateway forwards to")
	}
	env := loadtest.StaticEnvironment{Gateway: o.target}
	for _, d := range strings.Split(o.direct, ",") {
		env.Direct = append(env.Direct, strings.TrimSpace(d))
	}
	for _, raw := range append([]string{env.Gateway}, env.Direct...) {
		if err := checkTargetURL(raw, o.allowRemote); err != nil {
			return nil, err
		}
	}
	return env, nil
}

// checkTargetURL accepts an http URL on a loopback host, or any host with
// allowRemote, so a typo cannot aim load at someone else's machine.
func checkTargetURL(raw string, allowRemote bool) error {
	u, err := url.Parse(raw)
	if err != nil || u.Scheme != "http" || u.Host == "" {
		return fmt.Errorf("invalid URL %q: want http://host:port", raw)
	}
	if allowRemote {
		return nil
	}
	host := u.Hostname()
	if ip := net.ParseIP(host); host == "localhost" || (ip != nil && ip.IsLoopback()) {
		return nil
	}
	return fmt.Errorf("%s is not a loopback address; pass -allow-remote to load a remote host", raw)
}

func buildGatehouse(moduleDir, tmp string) (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	root, err := loadtest.ModuleRoot(ctx, moduleDir)
	if err != nil {
		return "", err
	}
	ok, err := loadtest.HasMainPackage(ctx, root, loadtest.GatehousePackage)
	if err != nil {
		return "", err
	}
	if !ok {
		return "", fmt.Errorf("%s has no main package yet; pass -gatehouse BINARY, or -target and -direct", filepath.Join(root, "cmd", "gatehouse"))
	}
	return loadtest.BuildGatehouse(ctx, root, tmp)
}

// handleSignals stops every child process on SIGINT or SIGTERM, removes the
// temporary folder and exits with 128 plus the signal number.
func handleSignals(group *loadtest.ProcessGroup, tmp string, stderr io.Writer) (stop func()) {
	sigc := make(chan os.Signal, 1)
	signal.Notify(sigc, os.Interrupt, syscall.SIGTERM)
	done := make(chan struct{})
	go func() {
		select {
		case sig := <-sigc:
			fmt.Fprintf(stderr, "\ngateload: %v: stopping child processes\n", sig)
			if err := group.StopAll(2 * time.Second); err != nil {
				fmt.Fprintf(stderr, "gateload: %v\n", err)
			}
			_ = os.RemoveAll(tmp)
			code := 128 + 2
			if sig == syscall.SIGTERM {
				code = 128 + 15
			}
			os.Exit(code)
		case <-done:
		}
	}()
	return func() {
		signal.Stop(sigc)
		close(done)
	}
}

func newLogger(w io.Writer, verbose bool) *slog.Logger {
	level := slog.LevelWarn
	if verbose {
		level = slog.LevelInfo
	}
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: level}))
}
