package loadtest

import (
	"context"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// singleStepScenario returns a one-rate, one-repeat GET scenario without
// warm-up.
func singleStepScenario(name string, rate float64, duration time.Duration, connections int) Scenario {
	return Scenario{
		Name:        name,
		Targets:     []Target{{Method: http.MethodGet, Path: "/"}},
		Rates:       []float64{rate},
		Duration:    duration,
		Connections: connections,
		Repeats:     1,
		Timeout:     5 * time.Second,
	}
}

// TestRunStallCountsFromIntendedTime is the coordinated-omission check: with
// one connection, a single 300ms stall delays every request due during it.
// Measured from intended send times the p99 shows the stall; the service
// time (the latency of each request alone) does not.
func TestRunStallCountsFromIntendedTime(t *testing.T) {
	if testing.Short() {
		t.Skip("runs load for 3s")
	}
	const stallAt = 100
	var count atomic.Int64
	stub := NewStubHandler(StubConfig{ResponseSize: 16})
	stalling := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if count.Add(1) == stallAt {
			time.Sleep(300 * time.Millisecond)
		}
		stub.ServeHTTP(w, r)
	})
	r := &Runner{Env: StaticEnvironment{
		Gateway: startServer(t, stalling),
		Direct:  []string{startServer(t, stub)},
	}}
	sc := singleStepScenario("stall", 200, 1500*time.Millisecond, 1)

	res, err := r.RunScenario(context.Background(), &sc)
	if err != nil {
		t.Fatalf("RunScenario: %v", err)
	}
	gw := res.Steps[0].Gateway.Merged
	t.Logf("response p99 %s, service p99 %s, late sends %d/%d", formatUS(gw.ResponseTime.P99),
		formatUS(gw.ServiceTime.P99), gw.LateSends, gw.Planned)

	if got, want := gw.ResponseTime.P99, 200_000.0; got < want {
		t.Errorf("response time p99 = %s, want >= %s", formatUS(got), formatUS(want))
	}
	if got, limit := gw.ServiceTime.P99, 50_000.0; got >= limit {
		t.Errorf("service time p99 = %s, want < %s (only one request stalled)", formatUS(got), formatUS(limit))
	}
	if got := gw.ResponseTime.Max; got < 290_000 {
		t.Errorf("response time max = %s, want >= 290ms", formatUS(got))
	}
	// About 60 sends were due during the stall and could not go out.
	if gw.Valid {
		t.Errorf("gateway run valid = true with %d late sends, want false", gw.LateSends)
	}
	if got, want := gw.InvalidReason, "connections were busy"; !strings.Contains(got, want) {
		t.Errorf("invalid reason = %q, want it to contain %q", got, want)
	}
}

// TestRunInvalidWhenPacerStalls delays every 100th send by 20ms, as a
// generator starved of CPU would, and expects the run to be flagged.
func TestRunInvalidWhenPacerStalls(t *testing.T) {
	if testing.Short() {
		t.Skip("runs load for 1s")
	}
	base := startServer(t, NewStubHandler(StubConfig{ResponseSize: 16}))
	r := &Runner{
		Env: StaticEnvironment{Gateway: base, Direct: []string{base}},
		pacerStall: func(k uint64) time.Duration {
			if k > 0 && k%100 == 0 {
				return 20 * time.Millisecond
			}
			return 0
		},
	}
	sc := singleStepScenario("pacer-stall", 500, time.Second, 64)

	res, err := r.RunScenario(context.Background(), &sc)
	if err != nil {
		t.Fatalf("RunScenario: %v", err)
	}
	step := res.Steps[0]
	gw := step.Gateway.Merged
	t.Logf("late sends %d/%d, max lateness %s", gw.LateSends, gw.Planned, formatUS(gw.Lateness.Max))

	// Each stall makes the next ~9 sends more than 2ms late: about 40 of 500.
	if gw.LateSends < 20 {
		t.Errorf("late sends = %d, want >= 20", gw.LateSends)
	}
	if gw.Lateness.Max < 15_000 {
		t.Errorf("max lateness = %s, want >= 15ms", formatUS(gw.Lateness.Max))
	}
	if step.Valid {
		t.Errorf("step valid = true, want false")
	}
	if got, want := gw.InvalidReason, "generator fell behind"; !strings.Contains(got, want) {
		t.Errorf("invalid reason = %q, want it to contain %q", got, want)
	}
}

// TestRunInvalidWhenRateUnreachable sets a rate of a million requests per second,
// which no single generator process reaches through net/http, and expects
// the run to be invalid rather than to report the rate it managed.
func TestRunInvalidWhenRateUnreachable(t *testing.T) {
	if testing.Short() {
		t.Skip("runs load for up to 2s")
	}
	base := startServer(t, NewStubHandler(StubConfig{ResponseSize: 16}))
	r := &Runner{Env: StaticEnvironment{Gateway: base, Direct: []string{base}}}
	sc := singleStepScenario("unreachable", 1_000_000, 300*time.Millisecond, 16)
	sc.Timeout = time.Second

	start := time.Now()
	res, err := r.RunScenario(context.Background(), &sc)
	if err != nil {
		t.Fatalf("RunScenario: %v", err)
	}
	elapsed := time.Since(start)
	gw := res.Steps[0].Gateway.Merged
	t.Logf("sent %d of %d planned in %s, offered %.0f/s", gw.Requests, gw.Planned, elapsed, gw.OfferedRate)

	if gw.Valid {
		t.Errorf("valid = true at offered rate %.0f/s, want false", gw.OfferedRate)
	}
	if gw.Requests >= gw.Planned {
		t.Errorf("requests = %d, want fewer than the %d planned", gw.Requests, gw.Planned)
	}
	// Two attacks (gateway and direct), each stopped sendSlack after its end.
	if limit := 2 * (sc.Duration + sendSlack + drainGrace); elapsed > limit {
		t.Errorf("elapsed = %s, want <= %s", elapsed, limit)
	}
}

// TestRunCanceledContext stops a long run early and returns the context error.
func TestRunCanceledContext(t *testing.T) {
	base := startServer(t, NewStubHandler(StubConfig{}))
	r := &Runner{Env: StaticEnvironment{Gateway: base, Direct: []string{base}}}
	sc := singleStepScenario("cancel", 100, time.Minute, 4)

	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := r.RunScenario(ctx, &sc)
	if err == nil {
		t.Fatalf("RunScenario error = nil, want a context error")
	}
	if elapsed := time.Since(start); elapsed > 5*time.Second {
		t.Errorf("RunScenario returned after %s, want within 5s of cancellation", elapsed)
	}
}
