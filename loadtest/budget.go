package loadtest

import (
	"fmt"
	"os"
	"slices"
	"sort"
	"strings"
)

// Budget holds the limits for one scenario, checked at every rate of the
// scenario. A zero field is not checked. A Budget is a plain value, safe to
// copy and share.
type Budget struct {
	// Maximum added response time (gateway minus direct) in microseconds.
	MaxAddedP50US  float64 `yaml:"max_added_p50_us"`
	MaxAddedP99US  float64 `yaml:"max_added_p99_us"`
	MaxAddedP999US float64 `yaml:"max_added_p99_9_us"`
	// Maximum ratio of gateway to direct response time.
	MaxRatioP50 float64 `yaml:"max_ratio_p50"`
	MaxRatioP99 float64 `yaml:"max_ratio_p99"`
	// MinSuccess is the minimum fraction of successful requests, 0 to 1,
	// checked on both sides.
	MinSuccess float64 `yaml:"min_success"`
	// MinRate is the minimum achieved rate of the gateway side as a fraction
	// of the requested rate, 0 to 1.
	MinRate float64 `yaml:"min_rate"`
}

// Budgets maps scenario names to their budgets. It is safe for concurrent
// reads once loaded.
type Budgets map[string]Budget

type budgetFileYAML struct {
	Budgets map[string]Budget `yaml:"budgets"`
}

// LoadBudgets reads and validates a budget file. Every budget must name one of
// scenarios. Pass nil to skip that check.
func LoadBudgets(path string, scenarios []Scenario) (Budgets, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read budgets: %w", err)
	}
	return ParseBudgets(path, data, scenarios)
}

// ParseBudgets decodes and validates a budget file's content. name is used in
// error positions. Errors wrap ErrInvalidFile and are *FileError.
func ParseBudgets(name string, data []byte, scenarios []Scenario) (Budgets, error) {
	var file budgetFileYAML
	doc, err := decodeYAML(name, data, &file)
	if err != nil {
		return nil, err
	}
	if len(file.Budgets) == 0 {
		return nil, doc.errorAt(nil, "no budgets: the file needs a non-empty budgets mapping")
	}

	names := make([]string, 0, len(file.Budgets))
	for n := range file.Budgets {
		names = append(names, n)
	}
	sort.Strings(names) // report the same error on every run

	for _, n := range names {
		path := []any{"budgets", n}
		if scenarios != nil && !slices.ContainsFunc(scenarios, func(s Scenario) bool { return s.Name == n }) {
			return nil, doc.errorAtKey(path, "budget for unknown scenario %q", n)
		}
		if err := file.Budgets[n].validate(doc, path); err != nil {
			return nil, err
		}
	}
	return Budgets(file.Budgets), nil
}

// validate checks that limits are in range. A budget that checks nothing is
// an error too, because it is almost always a misspelled key set to zero.
func (b Budget) validate(doc *yamlDoc, path []any) error {
	at := func(key string) []any { return append(slices.Clip(path), key) }
	maxima := []struct {
		key string
		v   float64
	}{
		{"max_added_p50_us", b.MaxAddedP50US},
		{"max_added_p99_us", b.MaxAddedP99US},
		{"max_added_p99_9_us", b.MaxAddedP999US},
		{"max_ratio_p50", b.MaxRatioP50},
		{"max_ratio_p99", b.MaxRatioP99},
	}
	for _, m := range maxima {
		if m.v < 0 {
			return doc.errorAt(at(m.key), "%s is %g: want a positive limit, or leave it out to skip the check", m.key, m.v)
		}
	}
	fractions := []struct {
		key string
		v   float64
	}{
		{"min_success", b.MinSuccess},
		{"min_rate", b.MinRate},
	}
	for _, f := range fractions {
		if f.v < 0 || f.v > 1 {
			return doc.errorAt(at(f.key), "%s is %g: want a fraction from 0 to 1", f.key, f.v)
		}
	}
	if b == (Budget{}) {
		return doc.errorAt(path, "budget sets no limit")
	}
	return nil
}

// BudgetCheck is one limit compared with one measurement. It is a plain
// value, safe to copy and share.
type BudgetCheck struct {
	Scenario string  `json:"scenario"`
	Rate     float64 `json:"rate"`
	// Check names the measurement, such as "added p99".
	Check string `json:"check"`
	// Unit is "us" for microseconds, "x" for a ratio or "fraction".
	Unit     string  `json:"unit"`
	Limit    float64 `json:"limit"`
	Measured float64 `json:"measured"`
	// Max is true for an upper limit and false for a lower one.
	Max  bool `json:"max"`
	Pass bool `json:"pass"`
	// Excess is how far the measurement is past the limit, in Unit, and zero
	// when the check passes.
	Excess float64 `json:"excess"`
	Note   string  `json:"note,omitempty"`
}

// BudgetReport is the outcome of checking a report against budgets. It is
// safe to read from several goroutines, not to modify concurrently.
type BudgetReport struct {
	Checks []BudgetCheck `json:"checks"`
	// Unbudgeted lists scenarios that ran without a budget.
	Unbudgeted []string `json:"unbudgeted,omitempty"`
	Passed     bool     `json:"passed"`
}

// Failures returns the checks that failed.
func (b *BudgetReport) Failures() []BudgetCheck {
	var failed []BudgetCheck
	for _, c := range b.Checks {
		if !c.Pass {
			failed = append(failed, c)
		}
	}
	return failed
}

// EvaluateBudgets checks every step of the report against its scenario's
// budget. An invalid step fails its budget whatever its latencies are.
func EvaluateBudgets(report *Report, budgets Budgets) *BudgetReport {
	out := &BudgetReport{Passed: true}
	for _, sc := range report.Scenarios {
		budget, ok := budgets[sc.Name]
		if !ok {
			out.Unbudgeted = append(out.Unbudgeted, sc.Name)
			continue
		}
		for _, step := range sc.Steps {
			out.Checks = append(out.Checks, budget.check(sc.Name, step)...)
		}
	}
	for _, c := range out.Checks {
		if !c.Pass {
			out.Passed = false
		}
	}
	return out
}

// check compares one step with the budget.
func (b Budget) check(scenario string, step StepResult) []BudgetCheck {
	var checks []BudgetCheck
	upper := func(name, unit string, limit, measured float64) {
		if limit > 0 {
			checks = append(checks, newCheck(scenario, step.Rate, name, unit, limit, measured, true))
		}
	}
	lower := func(name string, limit, measured float64) {
		if limit > 0 {
			checks = append(checks, newCheck(scenario, step.Rate, name, "fraction", limit, measured, false))
		}
	}

	validity := BudgetCheck{Scenario: scenario, Rate: step.Rate, Check: "valid run", Unit: "bool", Limit: 1, Max: false, Pass: step.Valid}
	if step.Valid {
		validity.Measured = 1
	} else {
		validity.Excess = 1
		validity.Note = strings.Join(step.Invalid, "; ")
	}
	checks = append(checks, validity)

	upper("added p50", "us", b.MaxAddedP50US, step.Added.P50)
	upper("added p99", "us", b.MaxAddedP99US, step.Added.P99)
	upper("added p99.9", "us", b.MaxAddedP999US, step.Added.P999)
	upper("ratio p50", "x", b.MaxRatioP50, step.Ratio.P50)
	upper("ratio p99", "x", b.MaxRatioP99, step.Ratio.P99)
	lower("success gateway", b.MinSuccess, step.Gateway.Merged.SuccessRatio)
	lower("success direct", b.MinSuccess, step.Direct.Merged.SuccessRatio)
	lower("achieved rate", b.MinRate, step.Gateway.Merged.AchievedRate/step.Rate)
	return checks
}

func newCheck(scenario string, rate float64, name, unit string, limit, measured float64, isMax bool) BudgetCheck {
	c := BudgetCheck{Scenario: scenario, Rate: rate, Check: name, Unit: unit, Limit: limit, Measured: measured, Max: isMax}
	if isMax {
		c.Pass = measured <= limit
		c.Excess = max(measured-limit, 0)
	} else {
		c.Pass = measured >= limit
		c.Excess = max(limit-measured, 0)
	}
	return c
}
