package loadtest

import (
	"bytes"
	"errors"
	"math"
	"strings"
	"testing"
)

func TestParseBudgets(t *testing.T) {
	src := `budgets:
  get:
    max_added_p99_us: 800
    max_ratio_p50: 2.5
    min_success: 0.999
`
	got, err := ParseBudgets("b.yaml", []byte(src), []Scenario{{Name: "get"}, {Name: "post"}})
	if err != nil {
		t.Fatalf("ParseBudgets: %v", err)
	}
	want := Budget{MaxAddedP99US: 800, MaxRatioP50: 2.5, MinSuccess: 0.999}
	if got["get"] != want {
		t.Errorf(`budgets["get"] = %+v, want %+v`, got["get"], want)
	}
	if len(got) != 1 {
		t.Errorf("len(budgets) = %d, want 1", len(got))
	}
}

func TestParseBudgetsErrors(t *testing.T) {
	known := []Scenario{{Name: "get"}}
	tests := []struct {
		name     string
		src      string
		wantLine int
		wantCol  int
		wantMsg  string
	}{
		{name: "unknown key", src: "budgets:\n  get:\n    max_p99: 5\n", wantLine: 3, wantCol: 5, wantMsg: `unknown field "max_p99"`},
		{name: "unknown scenario", src: "budgets:\n  get: {min_success: 0.9}\n  gett: {min_success: 0.9}\n", wantLine: 3, wantCol: 3, wantMsg: `unknown scenario "gett"`},
		{name: "negative limit", src: "budgets:\n  get:\n    max_added_p99_us: -1\n", wantLine: 3, wantCol: 23, wantMsg: "want a positive limit"},
		{name: "fraction above one", src: "budgets:\n  get:\n    min_success: 99.9\n", wantLine: 3, wantCol: 18, wantMsg: "fraction from 0 to 1"},
		{name: "no limit", src: "budgets:\n  get: {}\n", wantLine: 2, wantCol: 8, wantMsg: "sets no limit"},
		{name: "type mismatch", src: "budgets:\n  get:\n    min_rate: high\n", wantLine: 3, wantCol: 15, wantMsg: "cannot unmarshal"},
		{name: "empty", src: "budgets: {}\n", wantLine: 1, wantCol: 1, wantMsg: "no budgets"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseBudgets("b.yaml", []byte(tt.src), known)
			var ferr *FileError
			if !errors.As(err, &ferr) {
				t.Fatalf("ParseBudgets error = %v, want a *FileError", err)
			}
			if ferr.Line != tt.wantLine || ferr.Column != tt.wantCol {
				t.Errorf("position = %d:%d, want %d:%d (error: %v)", ferr.Line, ferr.Column, tt.wantLine, tt.wantCol, err)
			}
			if !strings.Contains(ferr.Msg, tt.wantMsg) {
				t.Errorf("message = %q, want it to contain %q", ferr.Msg, tt.wantMsg)
			}
		})
	}
}

// stepWith returns a valid step with the given gateway and direct p50 and p99
// response times in microseconds.
func stepWith(gwP50, gwP99, dirP50, dirP99 float64) StepResult {
	gw := Percentiles{P50: gwP50, P99: gwP99, P999: gwP99, Max: gwP99}
	dir := Percentiles{P50: dirP50, P99: dirP99, P999: dirP99, Max: dirP99}
	return StepResult{
		Rate:    400,
		Gateway: SideResult{Merged: RunSummary{ResponseTime: gw, SuccessRatio: 1, AchievedRate: 400}},
		Direct:  SideResult{Merged: RunSummary{ResponseTime: dir, SuccessRatio: 1, AchievedRate: 400}},
		Added:   addedLatency(gw, dir),
		Ratio:   latencyRatio(gw, dir),
		Valid:   true,
	}
}

func TestEvaluateBudgets(t *testing.T) {
	budget := Budget{MaxAddedP99US: 1000, MaxRatioP50: 3, MinSuccess: 0.999, MinRate: 0.95}
	tests := []struct {
		name       string
		step       StepResult
		wantPassed bool
		wantFailed []string // names of the failing checks
		wantExcess float64  // excess of the first failing check
	}{
		{name: "within budget", step: stepWith(200, 900, 100, 400), wantPassed: true},
		{name: "added p99 over", step: stepWith(200, 1900, 100, 400), wantFailed: []string{"added p99"}, wantExcess: 500},
		{name: "ratio over", step: stepWith(400, 600, 100, 400), wantFailed: []string{"ratio p50"}, wantExcess: 1},
		{
			name:       "delayed gateway",
			step:       stepWith(20_100, 20_400, 100, 400),
			wantFailed: []string{"added p99", "ratio p50"}, wantExcess: 19_000,
		},
		{
			name: "invalid step",
			step: func() StepResult {
				s := stepWith(200, 900, 100, 400)
				s.Valid, s.Invalid = false, []string{"gateway run 1: generator fell behind"}
				return s
			}(),
			wantFailed: []string{"valid run"}, wantExcess: 1,
		},
		{
			name: "low success and rate",
			step: func() StepResult {
				s := stepWith(200, 900, 100, 400)
				s.Gateway.Merged.SuccessRatio = 0.99
				s.Gateway.Merged.AchievedRate = 300
				return s
			}(),
			wantFailed: []string{"success gateway", "achieved rate"}, wantExcess: 0.009,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			report := &Report{Scenarios: []ScenarioResult{{Name: "get", Steps: []StepResult{tt.step}}}}
			got := EvaluateBudgets(report, Budgets{"get": budget})

			if got.Passed != tt.wantPassed {
				t.Errorf("Passed = %v, want %v", got.Passed, tt.wantPassed)
			}
			var failed []string
			for _, c := range got.Failures() {
				failed = append(failed, c.Check)
			}
			if strings.Join(failed, ",") != strings.Join(tt.wantFailed, ",") {
				t.Errorf("failed checks = %q, want %q", failed, tt.wantFailed)
			}
			if f := got.Failures(); len(f) > 0 && math.Abs(f[0].Excess-tt.wantExcess) > 1e-9 {
				t.Errorf("excess of %s = %g, want %g", f[0].Check, f[0].Excess, tt.wantExcess)
			}
			// Six checks: validity, added p99, ratio p50, success on
			// each side and achieved rate.
			if len(got.Checks) != 6 {
				t.Errorf("len(Checks) = %d, want 6", len(got.Checks))
			}
		})
	}
}

func TestEvaluateBudgetsUnbudgeted(t *testing.T) {
	report := &Report{Scenarios: []ScenarioResult{
		{Name: "get", Steps: []StepResult{stepWith(200, 900, 100, 400)}},
		{Name: "other", Steps: []StepResult{stepWith(200, 90_000, 100, 400)}},
	}}
	got := EvaluateBudgets(report, Budgets{"get": {MaxAddedP99US: 1000}})
	if !got.Passed {
		t.Errorf("Passed = false, want true: a scenario without a budget is not checked")
	}
	if len(got.Unbudgeted) != 1 || got.Unbudgeted[0] != "other" {
		t.Errorf("Unbudgeted = %q, want [other]", got.Unbudgeted)
	}
}

func TestWriteBudgetTableShowsExcess(t *testing.T) {
	report := &Report{Scenarios: []ScenarioResult{{Name: "get", Steps: []StepResult{stepWith(200, 3000, 100, 1000)}}}}
	br := EvaluateBudgets(report, Budgets{"get": {MaxAddedP99US: 1000}})
	var buf bytes.Buffer
	if err := WriteBudgetTable(&buf, br); err != nil {
		t.Fatalf("WriteBudgetTable: %v", err)
	}
	out := buf.String()
	for _, want := range []string{"added p99", "<= 1.00ms", "2.00ms", "FAIL over by 1.00ms (+100.0%)", "1 of 2 checks FAILED"} {
		if !strings.Contains(out, want) {
			t.Errorf("budget table does not contain %q:\n%s", want, out)
		}
	}
}
