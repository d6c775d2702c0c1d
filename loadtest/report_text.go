package loadtest

import (
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"text/tabwriter"
)

// WriteResultTable writes one block per scenario step: the gateway and direct
// response times, the added latency and the ratio, with success, achieved
// rate and validity.
func WriteResultTable(w io.Writer, report *Report) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "SCENARIO\tRATE\tPATH\tp50\tp90\tp99\tp99.9\tmax\tOK\tACHIEVED\tLATE\t")
	for _, sc := range report.Scenarios {
		for _, st := range sc.Steps {
			rate := formatRate(st.Rate)
			for _, side := range []RunSummary{st.Gateway.Merged, st.Direct.Merged} {
				p := side.ResponseTime
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%.2f%%\t%s\t%d/%d\t\n",
					sc.Name, rate, side.Side, formatUS(p.P50), formatUS(p.P90), formatUS(p.P99),
					formatUS(p.P999), formatUS(p.Max), 100*side.SuccessRatio, formatRate(side.AchievedRate),
					side.LateSends, side.Planned)
			}
			a, r := st.Added, st.Ratio
			fmt.Fprintf(tw, "%s\t%s\tadded\t%s\t%s\t%s\t%s\t%s\t\t\t\t\n",
				sc.Name, rate, signedUS(a.P50), signedUS(a.P90), signedUS(a.P99), signedUS(a.P999), signedUS(a.Max))
			fmt.Fprintf(tw, "%s\t%s\tratio\t%.2fx\t%.2fx\t%.2fx\t%.2fx\t%.2fx\t\t\t\t\n",
				sc.Name, rate, r.P50, r.P90, r.P99, r.P999, r.Max)
		}
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	for _, sc := range report.Scenarios {
		for _, st := range sc.Steps {
			for _, reason := range st.Invalid {
				if _, err := fmt.Fprintf(w, "INVALID %s at %s: %s\n", sc.Name, formatRate(st.Rate), reason); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// WriteBudgetTable writes every budget check with its limit, measurement and,
// for a failure, how far past the limit the measurement was.
func WriteBudgetTable(w io.Writer, br *BudgetReport) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "SCENARIO\tRATE\tCHECK\tLIMIT\tMEASURED\tRESULT\t")
	for _, c := range br.Checks {
		result := "pass"
		switch {
		case !c.Pass && c.Unit == "bool":
			// The reasons are listed under the result table.
			result = "FAIL"
		case !c.Pass:
			result = "FAIL " + describeExcess(c)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t\n", c.Scenario, formatRate(c.Rate), c.Check,
			limitText(c), formatValue(c.Unit, c.Measured), result)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if len(br.Unbudgeted) > 0 {
		fmt.Fprintf(w, "no budget for: %s\n", strings.Join(br.Unbudgeted, ", "))
	}
	failed := len(br.Failures())
	if failed == 0 {
		_, err := fmt.Fprintf(w, "budgets: all %d checks passed\n", len(br.Checks))
		return err
	}
	_, err := fmt.Fprintf(w, "budgets: %d of %d checks FAILED\n", failed, len(br.Checks))
	return err
}

// describeExcess returns how far a failed check missed its limit.
func describeExcess(c BudgetCheck) string {
	if c.Unit == "bool" {
		return c.Note
	}
	direction := "over"
	if !c.Max {
		direction = "under"
	}
	s := fmt.Sprintf("%s by %s", direction, formatValue(c.Unit, c.Excess))
	if c.Limit != 0 {
		s += fmt.Sprintf(" (%+.1f%%)", 100*(c.Measured-c.Limit)/c.Limit)
	}
	return s
}

func limitText(c BudgetCheck) string {
	if c.Unit == "bool" {
		return "valid"
	}
	op := "<="
	if !c.Max {
		op = ">="
	}
	return op + " " + formatValue(c.Unit, c.Limit)
}

func formatValue(unit string, v float64) string {
	switch unit {
	case "us":
		return formatUS(v)
	case "x":
		return strconv.FormatFloat(v, 'f', 2, 64) + "x"
	case "fraction":
		return strconv.FormatFloat(100*v, 'f', 2, 64) + "%"
	case "bool":
		if v != 0 {
			return "valid"
		}
		return "INVALID"
	}
	return strconv.FormatFloat(v, 'g', 4, 64)
}

func signedUS(us float64) string {
	if us >= 0 {
		return "+" + formatUS(us)
	}
	return formatUS(us)
}

// formatRate formats requests per second to one decimal, dropping a zero one.
func formatRate(r float64) string {
	return strconv.FormatFloat(math.Round(r*10)/10, 'f', -1, 64) + "/s"
}

// WriteTSV writes one tab-separated line per scenario step, with a header
// line, for scripts: latencies in microseconds, rates in requests per second.
func WriteTSV(w io.Writer, report *Report) error {
	header := []string{
		"scenario", "rate",
		"gateway_p50_us", "gateway_p90_us", "gateway_p99_us", "gateway_p99_9_us", "gateway_max_us",
		"direct_p50_us", "direct_p90_us", "direct_p99_us", "direct_p99_9_us", "direct_max_us",
		"added_p50_us", "added_p90_us", "added_p99_us", "added_p99_9_us",
		"ratio_p50", "ratio_p99",
		"gateway_success", "gateway_achieved_rate", "gateway_late_fraction", "direct_late_fraction", "valid",
	}
	if _, err := fmt.Fprintln(w, strings.Join(header, "\t")); err != nil {
		return err
	}
	num := func(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
	for _, sc := range report.Scenarios {
		for _, st := range sc.Steps {
			gw, dir := st.Gateway.Merged, st.Direct.Merged
			row := []string{sc.Name, num(st.Rate)}
			for _, p := range []Percentiles{gw.ResponseTime, dir.ResponseTime} {
				row = append(row, num(p.P50), num(p.P90), num(p.P99), num(p.P999), num(p.Max))
			}
			row = append(row, num(st.Added.P50), num(st.Added.P90), num(st.Added.P99), num(st.Added.P999),
				strconv.FormatFloat(st.Ratio.P50, 'f', 3, 64), strconv.FormatFloat(st.Ratio.P99, 'f', 3, 64),
				strconv.FormatFloat(gw.SuccessRatio, 'f', 5, 64), strconv.FormatFloat(gw.AchievedRate, 'f', 1, 64),
				strconv.FormatFloat(gw.LateFraction, 'f', 5, 64), strconv.FormatFloat(dir.LateFraction, 'f', 5, 64),
				strconv.FormatBool(st.Valid))
			if _, err := fmt.Fprintln(w, strings.Join(row, "\t")); err != nil {
				return err
			}
		}
	}
	return nil
}
