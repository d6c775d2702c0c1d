package loadtest

import (
	"fmt"
	"html/template"
	"io"
	"time"
)

// Series colors from the Okabe-Ito palette (vermillion and blue), which
// stay distinct under the common forms of color blindness.
const (
	gatewayColor = "#d55e00"
	directColor  = "#0072b2"
)

// htmlStep is one scenario step prepared for the template.
type htmlStep struct {
	Title  string
	Step   StepResult
	Rows   []htmlRow
	Chart  template.HTML
	Detail []RunSummary
}

type htmlRow struct {
	Name                                string
	P50, P90, P99, P999, P9999, Max     string
	Success, Achieved, Late, ServiceP99 string
}

// WriteHTML writes a self-contained HTML report: tables and an inline SVG
// percentile chart per step, with no scripts, fonts, styles or images from
// the network, so it opens offline.
func WriteHTML(w io.Writer, report *Report) error {
	var steps []htmlStep
	for _, sc := range report.Scenarios {
		for _, st := range sc.Steps {
			steps = append(steps, newHTMLStep(sc, st))
		}
	}
	data := struct {
		Report   *Report
		Steps    []htmlStep
		Duration string
		Valid    bool
	}{report, steps, report.FinishedAt.Sub(report.StartedAt).Round(time.Second).String(), report.Valid()}
	if err := htmlTemplate.Execute(w, data); err != nil {
		return fmt.Errorf("write HTML report: %w", err)
	}
	return nil
}

func newHTMLStep(sc ScenarioResult, st StepResult) htmlStep {
	title := fmt.Sprintf("%s at %s", sc.Name, formatRate(st.Rate))
	gw, dir := st.Gateway.Merged, st.Direct.Merged
	hs := htmlStep{
		Title: title,
		Step:  st,
		Rows: []htmlRow{
			summaryRow("gateway", gw),
			summaryRow("direct", dir),
			{Name: "added", P50: signedUS(st.Added.P50), P90: signedUS(st.Added.P90), P99: signedUS(st.Added.P99),
				P999: signedUS(st.Added.P999), P9999: signedUS(st.Added.P9999), Max: signedUS(st.Added.Max)},
			{Name: "ratio", P50: ratioText(st.Ratio.P50), P90: ratioText(st.Ratio.P90), P99: ratioText(st.Ratio.P99),
				P999: ratioText(st.Ratio.P999), P9999: ratioText(st.Ratio.P9999), Max: ratioText(st.Ratio.Max)},
		},
		Detail: append(append([]RunSummary(nil), st.Gateway.Runs...), st.Direct.Runs...),
	}
	var series []chartSeries
	if gw.ResponseHist != nil {
		series = append(series, chartSeries{name: "gateway", color: gatewayColor, hist: gw.ResponseHist.HDR})
	}
	if dir.ResponseHist != nil {
		series = append(series, chartSeries{name: "direct", color: directColor, hist: dir.ResponseHist.HDR})
	}
	// Safe as HTML: the SVG is built from numbers and escaped labels only.
	hs.Chart = template.HTML(percentileChartSVG(title+": response time by percentile", series))
	return hs
}

func summaryRow(name string, s RunSummary) htmlRow {
	p := s.ResponseTime
	return htmlRow{
		Name: name, P50: formatUS(p.P50), P90: formatUS(p.P90), P99: formatUS(p.P99),
		P999: formatUS(p.P999), P9999: formatUS(p.P9999), Max: formatUS(p.Max),
		Success:    fmt.Sprintf("%.2f%%", 100*s.SuccessRatio),
		Achieved:   formatRate(s.AchievedRate),
		Late:       fmt.Sprintf("%d/%d", s.LateSends, s.Planned),
		ServiceP99: formatUS(s.ServiceTime.P99),
	}
}

func ratioText(v float64) string { return fmt.Sprintf("%.2fx", v) }

var htmlTemplate = template.Must(template.New("report").Funcs(template.FuncMap{
	"us":    formatUS,
	"rate":  formatRate,
	"value": formatValue,
	"excess": func(c BudgetCheck) string {
		if c.Pass {
			return ""
		}
		return describeExcess(c)
	},
	"limit": limitText,
	"pct":   func(f float64) string { return fmt.Sprintf("%.2f%%", 100*f) },
	"utc":   func(t time.Time) string { return t.UTC().Format(time.RFC3339) },
}).Parse(htmlSource))

const htmlSource = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>gateload report {{utc .Report.StartedAt}}</title>
<style>
body { font: 14px/1.4 system-ui, sans-serif; margin: 2em; color: #222; max-width: 1100px; }
h1 { font-size: 1.5em; } h2 { font-size: 1.2em; margin-top: 2em; }
table { border-collapse: collapse; margin: .5em 0 1em; }
th, td { padding: 3px 10px; text-align: right; border-bottom: 1px solid #ddd; font-variant-numeric: tabular-nums; }
th:first-child, td:first-child { text-align: left; }
.fail, .invalid { color: #b00020; font-weight: bold; }
.pass { color: #1b7a1b; }
.chart .grid { stroke: #ccc; stroke-width: 1; }
.chart .minor { stroke: #eee; }
.chart .tick, .chart .legend { font-size: 12px; fill: #444; }
.chart .axis-title { font-size: 12px; fill: #222; }
details { margin-bottom: 1em; }
</style>
</head>
<body>
<h1>gateload report</h1>
<p>Started {{utc .Report.StartedAt}}, took {{.Duration}}.
Host: {{.Report.Host.CPUs}} CPUs, {{.Report.Host.OS}}/{{.Report.Host.Arch}}, {{.Report.Host.GoVersion}}{{with .Report.Host.LoadAverage}}, load average {{.}} at start{{end}}.<br>
Environment: {{.Report.Environment}}.<br>
Response times are measured from each request's intended send time; "added" is gateway minus direct.</p>
{{if not .Valid}}<p class="invalid">INVALID: the load generator fell behind in at least one run; see the steps below.</p>{{end}}
{{with .Report.Budget}}
<h2>Budgets: {{if .Passed}}<span class="pass">passed</span>{{else}}<span class="fail">FAILED</span>{{end}}</h2>
<table>
<tr><th>scenario</th><th>rate</th><th>check</th><th>limit</th><th>measured</th><th>result</th></tr>
{{range .Checks}}<tr><td>{{.Scenario}}</td><td>{{rate .Rate}}</td><td>{{.Check}}</td><td>{{limit .}}</td><td>{{value .Unit .Measured}}</td>
<td>{{if .Pass}}<span class="pass">pass</span>{{else}}<span class="fail">FAIL {{excess .}}</span>{{end}}</td></tr>
{{end}}</table>
{{if .Unbudgeted}}<p>No budget for: {{range .Unbudgeted}}{{.}} {{end}}</p>{{end}}
{{end}}
{{range .Steps}}
<h2>{{.Title}}{{if not .Step.Valid}} <span class="invalid">INVALID</span>{{end}}</h2>
{{range .Step.Invalid}}<p class="invalid">{{.}}</p>{{end}}
<table>
<tr><th></th><th>p50</th><th>p90</th><th>p99</th><th>p99.9</th><th>p99.99</th><th>max</th><th>success</th><th>achieved</th><th>late sends</th><th>service p99</th></tr>
{{range .Rows}}<tr><td>{{.Name}}</td><td>{{.P50}}</td><td>{{.P90}}</td><td>{{.P99}}</td><td>{{.P999}}</td><td>{{.P9999}}</td><td>{{.Max}}</td><td>{{.Success}}</td><td>{{.Achieved}}</td><td>{{.Late}}</td><td>{{.ServiceP99}}</td></tr>
{{end}}</table>
{{.Chart}}
<details><summary>Runs</summary>
<table>
<tr><th>side</th><th>run</th><th>requests</th><th>success</th><th>offered</th><th>achieved</th><th>p50</th><th>p99</th><th>max</th><th>late</th><th>peak in flight</th></tr>
{{range .Detail}}<tr><td>{{.Side}}</td><td>{{.Repeat}}</td><td>{{.Requests}}</td><td>{{pct .SuccessRatio}}</td><td>{{rate .OfferedRate}}</td><td>{{rate .AchievedRate}}</td><td>{{us .ResponseTime.P50}}</td><td>{{us .ResponseTime.P99}}</td><td>{{us .ResponseTime.Max}}</td><td>{{.LateSends}}</td><td>{{.PeakInFlight}}/{{.Connections}}</td></tr>
{{end}}</table>
</details>
{{end}}
</body>
</html>
`
