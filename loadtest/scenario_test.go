package loadtest

import (
	"errors"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestParseScenariosDefaults(t *testing.T) {
	src := `scenarios:
  - name: minimal
    targets:
      - path: /x
    rate: 100
`
	got, err := ParseScenarios("s.yaml", []byte(src))
	if err != nil {
		t.Fatalf("ParseScenarios: %v", err)
	}
	want := []Scenario{{
		Name:        "minimal",
		Targets:     []Target{{Method: http.MethodGet, Path: "/x"}},
		Rates:       []float64{100},
		Duration:    DefaultDuration,
		Warmup:      DefaultWarmup,
		Connections: DefaultConnections,
		Repeats:     DefaultRepeats,
		Timeout:     DefaultTimeout,
		Backend:     BackendSpec{ResponseSize: DefaultResponseSize, Count: 1},
	}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("ParseScenarios =\n%+v\nwant\n%+v", got, want)
	}
}

func TestParseScenariosAllFields(t *testing.T) {
	src := `scenarios:
  - name: full
    description: every key set
    targets:
      - method: POST
        path: /upload
        headers: {Content-Type: application/octet-stream, X-Trace: abc}
        body_size: 10
      - method: PUT
        path: /users/7
        body: '{"a":1}'
    rates: [100, 200.5]
    duration: 3s
    warmup: 0s
    connections: 8
    repeats: 2
    timeout: 1500ms
    expect_status: [200, 429]
    backend: {latency: 2ms, response_size: 0, count: 3}
    late_threshold: 4ms
    max_late_fraction: 0.01
`
	got, err := ParseScenarios("s.yaml", []byte(src))
	if err != nil {
		t.Fatalf("ParseScenarios: %v", err)
	}
	fraction := 0.01
	want := Scenario{
		Name:        "full",
		Description: "every key set",
		Targets: []Target{
			{
				Method: http.MethodPost, Path: "/upload",
				Header: http.Header{"Content-Type": {"application/octet-stream"}, "X-Trace": {"abc"}},
				Body:   []byte("gateload-b"),
			},
			{Method: http.MethodPut, Path: "/users/7", Body: []byte(`{"a":1}`)},
		},
		Rates:           []float64{100, 200.5},
		Duration:        3 * time.Second,
		Connections:     8,
		Repeats:         2,
		Timeout:         1500 * time.Millisecond,
		ExpectStatus:    []int{200, 429},
		Backend:         BackendSpec{Latency: 2 * time.Millisecond, ResponseSize: 0, Count: 3},
		LateThreshold:   4 * time.Millisecond,
		MaxLateFraction: &fraction,
	}
	if len(got) != 1 {
		t.Fatalf("ParseScenarios returned %d scenarios, want 1", len(got))
	}
	if !reflect.DeepEqual(got[0], want) {
		t.Errorf("ParseScenarios =\n%+v\nwant\n%+v", got[0], want)
	}
}

// TestParseScenariosErrors checks that every kind of mistake is reported at
// the line and column of the offending value.
func TestParseScenariosErrors(t *testing.T) {
	const header = "scenarios:\n  - name: a\n    targets: [{path: /}]\n"
	tests := []struct {
		name     string
		src      string
		wantLine int
		wantCol  int
		wantMsg  string
	}{
		{name: "unknown key", src: header + "    rate: 1\n    bogus: 1\n", wantLine: 5, wantCol: 5, wantMsg: `unknown field "bogus"`},
		{name: "type mismatch", src: header + "    rate: fast\n", wantLine: 4, wantCol: 11, wantMsg: "cannot unmarshal"},
		{name: "duplicate key", src: header + "    rate: 1\n    rate: 2\n", wantLine: 5, wantCol: 5, wantMsg: "already defined"},
		{name: "bad duration", src: header + "    rate: 1\n    duration: 5 parsecs\n", wantLine: 5, wantCol: 15, wantMsg: "invalid duration"},
		{name: "negative duration", src: header + "    rate: 1\n    warmup: -1s\n", wantLine: 5, wantCol: 13, wantMsg: "negative"},
		{name: "zero rate", src: header + "    rate: 0\n", wantLine: 4, wantCol: 11, wantMsg: "rate 0 is out of range"},
		{name: "sweep entry", src: header + "    rates: [10, -5]\n", wantLine: 4, wantCol: 17, wantMsg: "rate -5 is out of range"},
		{name: "rate and rates", src: header + "    rate: 1\n    rates: [2]\n", wantLine: 5, wantCol: 12, wantMsg: "both rate and rates"},
		{name: "no rate", src: header, wantLine: 2, wantCol: 5, wantMsg: "needs rate"},
		{name: "bad path", src: "scenarios:\n  - name: a\n    rate: 1\n    targets:\n      - path: nope\n", wantLine: 5, wantCol: 15, wantMsg: "invalid path"},
		{name: "body and size", src: "scenarios:\n  - name: a\n    rate: 1\n    targets:\n      - {path: /, body: x, body_size: 3}\n", wantLine: 5, wantCol: 39, wantMsg: "both body and body_size"},
		{name: "bad header", src: "scenarios:\n  - name: a\n    rate: 1\n    targets:\n      - {path: /, headers: {\"Bad Name\": x}}\n", wantLine: 5, wantCol: 41, wantMsg: "invalid header name"},
		{name: "no targets", src: "scenarios:\n  - name: a\n    rate: 1\n", wantLine: 2, wantCol: 5, wantMsg: "has no targets"},
		{name: "bad name", src: "scenarios:\n  - name: a b\n    rate: 1\n    targets: [{path: /}]\n", wantLine: 2, wantCol: 11, wantMsg: "scenario name"},
		{name: "duplicate name", src: header + "    rate: 1\n  - name: a\n    rate: 1\n    targets: [{path: /}]\n", wantLine: 5, wantCol: 11, wantMsg: "duplicate scenario name"},
		{name: "too many requests", src: header + "    rate: 1000000\n    duration: 1h\n", wantLine: 5, wantCol: 15, wantMsg: "requests per run"},
		{name: "connections", src: header + "    rate: 1\n    connections: -1\n", wantLine: 5, wantCol: 18, wantMsg: "connections -1"},
		{name: "status", src: header + "    rate: 1\n    expect_status: [200, 99]\n", wantLine: 5, wantCol: 26, wantMsg: "status code 99"},
		{name: "late fraction", src: header + "    rate: 1\n    max_late_fraction: 2\n", wantLine: 5, wantCol: 24, wantMsg: "max_late_fraction 2"},
		{name: "backend count", src: header + "    rate: 1\n    backend: {count: 100}\n", wantLine: 5, wantCol: 22, wantMsg: "backend count 100"},
		{name: "syntax", src: "scenarios:\n  - name: a\n   bad: [\n", wantLine: 3, wantCol: 4, wantMsg: ""},
		{name: "empty file", src: "", wantLine: 0, wantCol: 0, wantMsg: "no scenarios"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseScenarios("s.yaml", []byte(tt.src))
			var ferr *FileError
			if !errors.As(err, &ferr) {
				t.Fatalf("ParseScenarios error = %v, want a *FileError", err)
			}
			if !errors.Is(err, ErrInvalidFile) {
				t.Errorf("errors.Is(err, ErrInvalidFile) = false, want true")
			}
			if ferr.Line != tt.wantLine || ferr.Column != tt.wantCol {
				t.Errorf("position = %d:%d, want %d:%d (error: %v)", ferr.Line, ferr.Column, tt.wantLine, tt.wantCol, err)
			}
			if !strings.Contains(ferr.Msg, tt.wantMsg) {
				t.Errorf("message = %q, want it to contain %q", ferr.Msg, tt.wantMsg)
			}
			if tt.wantLine > 0 && !strings.HasPrefix(err.Error(), "s.yaml:") {
				t.Errorf("Error() = %q, want it to start with the file name", err.Error())
			}
		})
	}
}

func TestScenarioLateThreshold(t *testing.T) {
	tests := []struct {
		name     string
		override time.Duration
		rate     float64
		want     time.Duration
	}{
		{name: "interval", rate: 250, want: 4 * time.Millisecond},
		{name: "floor at high rate", rate: 5000, want: time.Millisecond},
		{name: "ceiling at low rate", rate: 10, want: 10 * time.Millisecond},
		{name: "override", override: 7 * time.Millisecond, rate: 5000, want: 7 * time.Millisecond},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sc := Scenario{LateThreshold: tt.override}
			if got := sc.lateThreshold(tt.rate); got != tt.want {
				t.Errorf("lateThreshold(%g) = %s, want %s", tt.rate, got, tt.want)
			}
		})
	}
}

func TestScenarioIsSuccess(t *testing.T) {
	tests := []struct {
		name   string
		expect []int
		code   int
		want   bool
	}{
		{name: "default 200", code: 200, want: true},
		{name: "default 204", code: 204, want: true},
		{name: "default 302", code: 302, want: false},
		{name: "default 502", code: 502, want: false},
		{name: "listed 429", expect: []int{200, 429}, code: 429, want: true},
		{name: "unlisted 201", expect: []int{200, 429}, code: 201, want: false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sc := Scenario{ExpectStatus: tt.expect}
			if got := sc.IsSuccess(tt.code); got != tt.want {
				t.Errorf("IsSuccess(%d) = %v, want %v", tt.code, got, tt.want)
			}
		})
	}
}

// TestBenchScenarioFilesParse keeps the shipped scenario and budget files valid.
func TestBenchScenarioFilesParse(t *testing.T) {
	pairs := []struct{ scenarios, budgets string }{
		{scenarios: "scenarios.yaml", budgets: "budgets.yaml"},
		{scenarios: "ci-scenarios.yaml", budgets: "ci-budgets.yaml"},
	}
	for _, p := range pairs {
		t.Run(p.scenarios, func(t *testing.T) {
			path, data := readBenchFile(t, p.scenarios)
			scenarios, err := ParseScenarios(path, data)
			if err != nil {
				t.Fatalf("ParseScenarios: %v", err)
			}
			bpath, bdata := readBenchFile(t, p.budgets)
			budgets, err := ParseBudgets(bpath, bdata, scenarios)
			if err != nil {
				t.Fatalf("ParseBudgets: %v", err)
			}
			for _, sc := range scenarios {
				if _, ok := budgets[sc.Name]; !ok {
					t.Errorf("scenario %q has no budget in %s", sc.Name, p.budgets)
				}
			}
		})
	}
}
