package loadtest

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/HdrHistogram/hdrhistogram-go"
	vegeta "github.com/tsenart/vegeta/v12/lib"
)

// syntheticRun records 1000 results on a fake clock: service times rise
// linearly from base to base+spread.
func syntheticRun(side Side, repeat int, base, spread time.Duration) RunSummary {
	start := time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)
	sched := newSchedule(500, 2*time.Second)
	rec := newRecorder(sched, func() time.Time { return start }, func(code int) bool { return code == 200 }, 2*time.Millisecond)
	for k := range sched.total {
		rec.record(&vegeta.Result{
			Seq:       k,
			Code:      200,
			Timestamp: start.Add(sched.offset(k)),
			Latency:   base + spread*time.Duration(k)/time.Duration(sched.total),
			BytesOut:  64,
		})
	}
	return summarize(rec, runInfo{side: side, repeat: repeat, rate: 500, connections: 8, maxLateFraction: DefaultMaxLateFraction, startedAt: start})
}

// syntheticReport returns a report with one two-repeat step and a budget
// evaluation, built without sockets.
func syntheticReport() *Report {
	gwRuns := []RunSummary{
		syntheticRun(SideGateway, 1, 300*time.Microsecond, 2*time.Millisecond),
		syntheticRun(SideGateway, 2, 320*time.Microsecond, 2*time.Millisecond),
	}
	dirRuns := []RunSummary{
		syntheticRun(SideDirect, 1, 100*time.Microsecond, time.Millisecond),
		syntheticRun(SideDirect, 2, 110*time.Microsecond, time.Millisecond),
	}
	step := StepResult{
		Rate:    500,
		Gateway: SideResult{Merged: mergeRuns(gwRuns), Runs: gwRuns},
		Direct:  SideResult{Merged: mergeRuns(dirRuns), Runs: dirRuns},
		Valid:   true,
	}
	step.Added = addedLatency(step.Gateway.Merged.ResponseTime, step.Direct.Merged.ResponseTime)
	step.Ratio = latencyRatio(step.Gateway.Merged.ResponseTime, step.Direct.Merged.ResponseTime)

	report := &Report{
		StartedAt:   time.Date(2025, 1, 2, 3, 4, 0, 0, time.UTC),
		FinishedAt:  time.Date(2025, 1, 2, 3, 4, 30, 0, time.UTC),
		Host:        Host{CPUs: 2, GOMAXPROCS: 2, GoVersion: "go1.26", OS: "linux", Arch: "amd64", LoadAverage: "0.50 0.40 0.30"},
		Environment: "test <environment> & co",
		Scenarios: []ScenarioResult{{
			Name: "get-plain", Description: "GET", Gateway: "http://127.0.0.1:1", Direct: []string{"http://127.0.0.1:2"},
			Steps: []StepResult{step},
		}},
	}
	report.Budget = EvaluateBudgets(report, Budgets{"get-plain": {MaxAddedP99US: 500, MinSuccess: 0.999}})
	return report
}

func TestMergeRunsCombinesRepeats(t *testing.T) {
	r := syntheticReport()
	gw := r.Scenarios[0].Steps[0].Gateway.Merged
	if gw.Requests != 2000 || gw.Planned != 2000 {
		t.Errorf("merged requests, planned = %d, %d, want 2000, 2000", gw.Requests, gw.Planned)
	}
	if gw.ResponseHist.HDR.TotalCount() != 2000 {
		t.Errorf("merged histogram count = %d, want 2000", gw.ResponseHist.HDR.TotalCount())
	}
	// Service times span 300µs to 2.32ms; the merged median sits near 1.3ms.
	if gw.ResponseTime.P50 < 1200 || gw.ResponseTime.P50 > 1400 {
		t.Errorf("merged p50 = %gµs, want 1200 to 1400", gw.ResponseTime.P50)
	}
	if !gw.Valid {
		t.Errorf("merged valid = false, want true: %s", gw.InvalidReason)
	}
}

func TestWriteJSONRoundTrip(t *testing.T) {
	want := syntheticReport()
	var first bytes.Buffer
	if err := WriteJSON(&first, want); err != nil {
		t.Fatalf("WriteJSON: %v", err)
	}
	got, err := ReadJSON(bytes.NewReader(first.Bytes()))
	if err != nil {
		t.Fatalf("ReadJSON: %v", err)
	}

	// Writing the decoded report again must give the same bytes, which
	// covers every field including the encoded histograms.
	var second bytes.Buffer
	if err := WriteJSON(&second, got); err != nil {
		t.Fatalf("WriteJSON of the decoded report: %v", err)
	}
	if !bytes.Equal(first.Bytes(), second.Bytes()) {
		t.Errorf("JSON after a round trip differs:\n--- first\n%.2000s\n--- second\n%.2000s", first.String(), second.String())
	}

	gotStep, wantStep := got.Scenarios[0].Steps[0], want.Scenarios[0].Steps[0]
	if gotStep.Added != wantStep.Added {
		t.Errorf("Added = %+v, want %+v", gotStep.Added, wantStep.Added)
	}
	if !gotStep.Gateway.Merged.ResponseHist.HDR.Equals(wantStep.Gateway.Merged.ResponseHist.HDR) {
		t.Errorf("decoded gateway histogram differs from the original")
	}
	if !reflect.DeepEqual(got.Budget, want.Budget) {
		t.Errorf("Budget = %+v, want %+v", got.Budget, want.Budget)
	}
}

func TestWriteHTMLSelfContained(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteHTML(&buf, syntheticReport()); err != nil {
		t.Fatalf("WriteHTML: %v", err)
	}
	page := buf.String()

	for _, want := range []string{
		"<svg", "</svg>", "<polyline",
		`stroke="` + gatewayColor + `"`, `stroke="` + directColor + `"`,
		">gateway</text>", ">direct</text>",
		">50%</text>", ">90%</text>", ">99%</text>", ">99.9%</text>", ">99.99%</text>",
		"get-plain at 500/s", "test &lt;environment&gt; &amp; co", "load average 0.50 0.40 0.30",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("HTML report does not contain %q", want)
		}
	}
	if got := strings.Count(page, "<polyline"); got != 2 {
		t.Errorf("polylines = %d, want 2 (gateway and direct)", got)
	}
	for _, banned := range []string{"http://", "https://", "<script", "<link", "@import", "url("} {
		if strings.Contains(page, banned) {
			t.Errorf("HTML report contains %q; it must open without a network", banned)
		}
	}
}

func TestWriteHLogReadable(t *testing.T) {
	report := syntheticReport()
	var buf bytes.Buffer
	if err := WriteHLog(&buf, report); err != nil {
		t.Fatalf("WriteHLog: %v", err)
	}

	reader := hdrhistogram.NewHistogramLogReader(&buf)
	var tags []string
	for {
		h, err := reader.NextIntervalHistogram()
		if err != nil {
			t.Fatalf("NextIntervalHistogram: %v", err)
		}
		if h == nil {
			break
		}
		tags = append(tags, h.Tag())
		if h.TotalCount() != 1000 {
			t.Errorf("histogram %s count = %d, want 1000", h.Tag(), h.TotalCount())
		}
	}
	want := []string{"get-plain/500/gateway/1", "get-plain/500/gateway/2", "get-plain/500/direct/1", "get-plain/500/direct/2"}
	if !reflect.DeepEqual(tags, want) {
		t.Errorf("tags = %q, want %q", tags, want)
	}
}

func TestWriteTSV(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteTSV(&buf, syntheticReport()); err != nil {
		t.Fatalf("WriteTSV: %v", err)
	}
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	if len(lines) != 2 {
		t.Fatalf("lines = %d, want 2 (header and one step):\n%s", len(lines), buf.String())
	}
	header, row := strings.Split(lines[0], "\t"), strings.Split(lines[1], "\t")
	if len(header) != len(row) {
		t.Errorf("header has %d fields, row %d", len(header), len(row))
	}
	if row[0] != "get-plain" || row[1] != "500" || row[len(row)-1] != "true" {
		t.Errorf("row = %q, want scenario get-plain, rate 500, valid true", row)
	}
}

func TestWriteReportFiles(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	paths, err := WriteReportFiles(dir, syntheticReport())
	if err != nil {
		t.Fatalf("WriteReportFiles: %v", err)
	}
	want := []string{filepath.Join(dir, JSONReportFile), filepath.Join(dir, HLogFile), filepath.Join(dir, HTMLReportFile)}
	if !reflect.DeepEqual(paths, want) {
		t.Errorf("paths = %q, want %q", paths, want)
	}
	for _, p := range paths {
		info, err := os.Stat(p)
		if err != nil || info.Size() == 0 {
			t.Errorf("%s: size %v, err %v; want a non-empty file", p, info, err)
		}
	}
}

func TestWriteResultTable(t *testing.T) {
	report := syntheticReport()
	report.Scenarios[0].Steps[0].Valid = false
	report.Scenarios[0].Steps[0].Invalid = []string{"gateway run 1: generator fell behind"}
	var buf bytes.Buffer
	if err := WriteResultTable(&buf, report); err != nil {
		t.Fatalf("WriteResultTable: %v", err)
	}
	out := buf.String()
	for _, want := range []string{"gateway", "direct", "added", "ratio", "INVALID get-plain at 500/s: gateway run 1"} {
		if !strings.Contains(out, want) {
			t.Errorf("result table does not contain %q:\n%s", want, out)
		}
	}
}

func TestFormatUS(t *testing.T) {
	tests := []struct {
		us   float64
		want string
	}{
		{us: 850, want: "850µs"},
		{us: 1250, want: "1.25ms"},
		{us: 2_500_000, want: "2.50s"},
		{us: -1500, want: "-1.50ms"},
	}
	for _, tt := range tests {
		if got := formatUS(tt.us); got != tt.want {
			t.Errorf("formatUS(%g) = %q, want %q", tt.us, got, tt.want)
		}
	}
}
