package loadtest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"runtime"
	"strings"
	"time"
)

// Endpoints are the base URLs of one scenario: the gateway and the backends
// it forwards to, which the direct runs load. Endpoints is a plain value,
// safe to copy and share.
type Endpoints struct {
	Gateway string
	Direct  []string
}

// Environment makes a gateway and its backends available for a scenario.
// Run calls Start before a scenario and Stop after it, from one goroutine, so
// implementations need not be safe for concurrent use.
type Environment interface {
	// Start returns the endpoints for sc, starting processes if the
	// environment manages them.
	Start(ctx context.Context, sc *Scenario) (Endpoints, error)
	// Stop releases what Start started.
	Stop() error
	// Describe names the environment in reports.
	Describe() string
}

// StaticEnvironment points at a gateway and backends that already run. It
// ignores the scenarios' backend settings. It is safe for concurrent use.
type StaticEnvironment struct {
	Gateway string
	Direct  []string
}

// Start returns the configured endpoints.
func (e StaticEnvironment) Start(context.Context, *Scenario) (Endpoints, error) {
	return Endpoints(e), nil
}

// Stop does nothing: the processes belong to someone else.
func (e StaticEnvironment) Stop() error { return nil }

// Describe implements Environment.
func (e StaticEnvironment) Describe() string {
	return fmt.Sprintf("running gateway %s, backends %v", e.Gateway, e.Direct)
}

// Runner runs scenarios against an Environment. Set the fields before Run.
// A Runner runs one scenario at a time and is not safe for concurrent use.
type Runner struct {
	Env Environment
	// Progress receives a status line per ProgressInterval while a run is in
	// progress. Nil disables progress output.
	Progress io.Writer
	// ProgressInterval defaults to one second.
	ProgressInterval time.Duration
	// Logger receives start and stop messages. Nil discards them.
	Logger *slog.Logger

	// pacerStall delays sends to simulate a generator that cannot keep up.
	// Only tests set it.
	pacerStall func(k uint64) time.Duration
}

// ErrNoScenarios is returned by Run when it is given nothing to run.
var ErrNoScenarios = errors.New("no scenarios to run")

// Run runs every scenario and returns the report. It stops at the first
// scenario that cannot start or when ctx is canceled, and returns what was
// measured so far with the error.
func (r *Runner) Run(ctx context.Context, scenarios []Scenario) (*Report, error) {
	if len(scenarios) == 0 {
		return nil, ErrNoScenarios
	}
	report := &Report{
		StartedAt:   time.Now().UTC(),
		Host:        currentHost(),
		Environment: r.Env.Describe(),
	}
	defer func() { report.FinishedAt = time.Now().UTC() }()

	for i := range scenarios {
		res, err := r.RunScenario(ctx, &scenarios[i])
		if err != nil {
			return report, err
		}
		report.Scenarios = append(report.Scenarios, res)
	}
	return report, nil
}

// RunScenario starts the environment for sc, warms both sides up, and runs
// every rate: gateway and direct runs interleaved, Repeats times each.
func (r *Runner) RunScenario(ctx context.Context, sc *Scenario) (ScenarioResult, error) {
	res := ScenarioResult{Name: sc.Name, Description: sc.Description}
	if err := checkScenario(sc); err != nil {
		return res, err
	}

	r.logger().Info("scenario starting", "scenario", sc.Name, "rates", sc.Rates, "repeats", sc.Repeats)
	ep, err := r.Env.Start(ctx, sc)
	if err != nil {
		return res, fmt.Errorf("scenario %s: start environment: %w", sc.Name, err)
	}
	defer func() {
		if err := r.Env.Stop(); err != nil {
			r.logger().Warn("stop environment failed", "scenario", sc.Name, "error", err)
		}
	}()
	res.Gateway, res.Direct = ep.Gateway, ep.Direct

	gateway := newSideClient(SideGateway, []string{ep.Gateway}, sc)
	direct := newSideClient(SideDirect, ep.Direct, sc)
	defer gateway.transport.closeIdle()
	defer direct.transport.closeIdle()

	if err := r.warmUp(ctx, sc, gateway, direct); err != nil {
		return res, err
	}
	for _, rate := range sc.Rates {
		step, err := r.runStep(ctx, sc, rate, gateway, direct)
		if err != nil {
			return res, err
		}
		res.Steps = append(res.Steps, step)
	}
	r.logger().Info("scenario finished", "scenario", sc.Name)
	return res, nil
}

// newSideClient returns the client of one side. With several bases each host
// may open Connections connections, but the attack's worker cap still limits
// the requests in flight to Connections in total.
func newSideClient(side Side, bases []string, sc *Scenario) *sideClient {
	client, transport := newClient(sc.Connections, sc.Timeout)
	return &sideClient{side: side, bases: bases, client: client, transport: transport}
}

// warmUp runs each side at the first rate for the warm-up time and discards
// the results, so measured runs find open connections, grown buffers and
// pools, and a settled garbage collector in the processes under test.
func (r *Runner) warmUp(ctx context.Context, sc *Scenario, sides ...*sideClient) error {
	if sc.Warmup <= 0 {
		return nil
	}
	for _, side := range sides {
		spec := attackSpec{
			side:     side,
			rate:     sc.Rates[0],
			duration: sc.Warmup,
			label:    fmt.Sprintf("%s %s warm-up", sc.Name, side.side),
		}
		if _, err := r.attack(ctx, sc, spec); err != nil {
			return err
		}
	}
	return nil
}

// runStep measures one rate: gateway, direct, gateway, direct ... and compares
// the merged histograms.
func (r *Runner) runStep(ctx context.Context, sc *Scenario, rate float64, gateway, direct *sideClient) (StepResult, error) {
	step := StepResult{Rate: rate}
	var gwRuns, dirRuns []RunSummary
	for rep := 1; rep <= sc.Repeats; rep++ {
		for _, side := range []*sideClient{gateway, direct} {
			spec := attackSpec{
				side:     side,
				rate:     rate,
				duration: sc.Duration,
				repeat:   rep,
				label:    fmt.Sprintf("%s %g/s %s %d/%d", sc.Name, rate, side.side, rep, sc.Repeats),
			}
			run, err := r.attack(ctx, sc, spec)
			if err != nil {
				return step, err
			}
			if side == gateway {
				gwRuns = append(gwRuns, run)
			} else {
				dirRuns = append(dirRuns, run)
			}
		}
	}

	step.Gateway = SideResult{Merged: mergeRuns(gwRuns), Runs: gwRuns}
	step.Direct = SideResult{Merged: mergeRuns(dirRuns), Runs: dirRuns}
	step.Added = addedLatency(step.Gateway.Merged.ResponseTime, step.Direct.Merged.ResponseTime)
	step.Ratio = latencyRatio(step.Gateway.Merged.ResponseTime, step.Direct.Merged.ResponseTime)
	step.Valid = true
	for _, side := range []RunSummary{step.Gateway.Merged, step.Direct.Merged} {
		if !side.Valid {
			step.Valid = false
			step.Invalid = append(step.Invalid, side.InvalidReason)
		}
	}
	return step, nil
}

// checkScenario rejects scenarios built in code that skipped the file
// validation and would make a run unbounded or meaningless.
func checkScenario(sc *Scenario) error {
	switch {
	case len(sc.Targets) == 0:
		return fmt.Errorf("scenario %q: no targets", sc.Name)
	case len(sc.Rates) == 0:
		return fmt.Errorf("scenario %q: no rate", sc.Name)
	case sc.Duration <= 0 || sc.Duration > maxDuration:
		return fmt.Errorf("scenario %q: duration %s is out of range (0, %s]", sc.Name, sc.Duration, maxDuration)
	case sc.Connections < 1 || sc.Repeats < 1:
		return fmt.Errorf("scenario %q: connections and repeats must be at least 1", sc.Name)
	case sc.Timeout <= 0 || sc.Timeout > maxTimeout:
		return fmt.Errorf("scenario %q: timeout %s is out of range (0, %s]", sc.Name, sc.Timeout, maxTimeout)
	}
	for _, rate := range sc.Rates {
		if err := checkRate(rate); err != nil {
			return fmt.Errorf("scenario %q: %w", sc.Name, err)
		}
		if n := rate * sc.Duration.Seconds(); n > maxRunRequests {
			return fmt.Errorf("scenario %q: %.0f requests per run exceed the limit of %d", sc.Name, n, maxRunRequests)
		}
	}
	return nil
}

func (r *Runner) logger() *slog.Logger {
	if r.Logger == nil {
		return slog.New(slog.DiscardHandler)
	}
	return r.Logger
}

func currentHost() Host {
	h := Host{
		CPUs:       runtime.NumCPU(),
		GOMAXPROCS: runtime.GOMAXPROCS(0),
		GoVersion:  runtime.Version(),
		OS:         runtime.GOOS,
		Arch:       runtime.GOARCH,
	}
	if data, err := os.ReadFile("/proc/loadavg"); err == nil {
		if fields := strings.Fields(string(data)); len(fields) >= 3 {
			h.LoadAverage = strings.Join(fields[:3], " ")
		}
	}
	return h
}
