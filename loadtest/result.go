package loadtest

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/HdrHistogram/hdrhistogram-go"
)

// Side names the path a run measured. It is a plain string value.
type Side string

// The two sides of a calibrated run.
const (
	SideGateway Side = "gateway"
	SideDirect  Side = "direct"
)

// Percentiles are latency percentiles in microseconds. In added-latency
// fields they are differences and may be negative. In ratio fields they have
// no unit. Percentiles is a plain value, safe to copy and share.
type Percentiles struct {
	P50   float64 `json:"p50"`
	P90   float64 `json:"p90"`
	P99   float64 `json:"p99"`
	P999  float64 `json:"p99_9"`
	P9999 float64 `json:"p99_99"`
	Max   float64 `json:"max"`
}

func percentilesOf(h *hdrhistogram.Histogram) Percentiles {
	return Percentiles{
		P50:   float64(h.ValueAtPercentile(50)),
		P90:   float64(h.ValueAtPercentile(90)),
		P99:   float64(h.ValueAtPercentile(99)),
		P999:  float64(h.ValueAtPercentile(99.9)),
		P9999: float64(h.ValueAtPercentile(99.99)),
		Max:   float64(h.Max()),
	}
}

// combine applies f to each pair of fields.
func (p Percentiles) combine(q Percentiles, f func(a, b float64) float64) Percentiles {
	return Percentiles{
		P50:   f(p.P50, q.P50),
		P90:   f(p.P90, q.P90),
		P99:   f(p.P99, q.P99),
		P999:  f(p.P999, q.P999),
		P9999: f(p.P9999, q.P9999),
		Max:   f(p.Max, q.Max),
	}
}

// addedLatency returns gateway minus direct per percentile.
func addedLatency(gateway, direct Percentiles) Percentiles {
	return gateway.combine(direct, func(a, b float64) float64 { return a - b })
}

// latencyRatio returns gateway over direct per percentile. A direct value
// below the histogram's 1µs resolution counts as 1µs, so the ratio stays
// finite and JSON-encodable.
func latencyRatio(gateway, direct Percentiles) Percentiles {
	return gateway.combine(direct, func(a, b float64) float64 { return a / max(b, histLowestUS) })
}

// Histogram is an HDR histogram of microseconds. In JSON it is the base64
// string of the V2 compressed encoding that HdrHistogram tools read.
// Like the histogram it wraps, it is not safe for concurrent mutation.
type Histogram struct {
	HDR *hdrhistogram.Histogram
}

// MarshalJSON encodes the histogram in the V2 compressed format.
func (h *Histogram) MarshalJSON() ([]byte, error) {
	enc, err := h.HDR.Encode(hdrhistogram.V2CompressedEncodingCookieBase)
	if err != nil {
		return nil, fmt.Errorf("encode histogram: %w", err)
	}
	return json.Marshal(string(enc))
}

// UnmarshalJSON decodes a histogram written by MarshalJSON.
func (h *Histogram) UnmarshalJSON(data []byte) error {
	var enc string
	if err := json.Unmarshal(data, &enc); err != nil {
		return fmt.Errorf("decode histogram: %w", err)
	}
	hdr, err := hdrhistogram.Decode([]byte(enc))
	if err != nil {
		return fmt.Errorf("decode histogram: %w", err)
	}
	h.HDR = hdr
	return nil
}

// RunSummary is the outcome of one attack on one side. Latency fields are in
// microseconds and rates in requests per second. Like the other result types, it is a plain value: safe to copy and to
// read from several goroutines, not to modify concurrently.
type RunSummary struct {
	Side   Side `json:"side"`
	Repeat int  `json:"repeat"` // 1-based; 0 in a summary merged over repeats
	// RequestedRate is the scenario's rate, and OfferedRate the rate at
	// which requests were actually sent. AchievedRate counts successful
	// responses per second from the first send to the last response.
	RequestedRate float64 `json:"requested_rate"`
	OfferedRate   float64 `json:"offered_rate"`
	AchievedRate  float64 `json:"achieved_rate"`
	// Planned is the number of sends scheduled, and Requests the number made.
	Planned      int64   `json:"planned"`
	Requests     int64   `json:"requests"`
	Successes    int64   `json:"successes"`
	SuccessRatio float64 `json:"success_ratio"`
	ElapsedSec   float64 `json:"elapsed_s"`
	// ResponseTime is measured from the intended send time. ServiceTime is
	// measured from the actual send time, which hides generator and queueing
	// delays.
	ResponseTime Percentiles `json:"response_time_us"`
	ServiceTime  Percentiles `json:"service_time_us"`
	Lateness     Percentiles `json:"lateness_us"`
	// LateSends counts sends later than LateThresholdUS plus planned sends
	// never made.
	LateThresholdUS float64          `json:"late_threshold_us"`
	LateSends       int64            `json:"late_sends"`
	LateFraction    float64          `json:"late_fraction"`
	PeakInFlight    int64            `json:"peak_in_flight"`
	Connections     int              `json:"connections"`
	BytesIn         int64            `json:"bytes_in"`
	BytesOut        uint64           `json:"bytes_out"`
	StatusCodes     map[string]int64 `json:"status_codes"`
	Errors          map[string]int64 `json:"errors,omitempty"`
	Valid           bool             `json:"valid"`
	InvalidReason   string           `json:"invalid_reason,omitempty"`
	StartedAt       time.Time        `json:"started_at"`
	ResponseHist    *Histogram       `json:"response_hist,omitempty"`
	ServiceHist     *Histogram       `json:"service_hist,omitempty"`
	LatenessHist    *Histogram       `json:"lateness_hist,omitempty"`
}

// SideResult holds the runs of one side at one rate and their merge. Like the other result types, it is a plain value: safe to copy and to
// read from several goroutines, not to modify concurrently.
type SideResult struct {
	Merged RunSummary   `json:"merged"`
	Runs   []RunSummary `json:"runs"`
}

// StepResult compares the gateway with the direct path at one rate. Added is
// gateway minus direct response time (µs) and Ratio gateway over direct, both
// from the histograms merged over repeats. Like the other result types, it is a plain value: safe to copy and to
// read from several goroutines, not to modify concurrently.
type StepResult struct {
	Rate    float64     `json:"rate"`
	Gateway SideResult  `json:"gateway"`
	Direct  SideResult  `json:"direct"`
	Added   Percentiles `json:"added_us"`
	Ratio   Percentiles `json:"ratio"`
	Valid   bool        `json:"valid"`
	Invalid []string    `json:"invalid_reasons,omitempty"`
}

// ScenarioResult holds the steps of one scenario, one per rate. Like the other result types, it is a plain value: safe to copy and to
// read from several goroutines, not to modify concurrently.
type ScenarioResult struct {
	Name        string       `json:"name"`
	Description string       `json:"description,omitempty"`
	Gateway     string       `json:"gateway_url"`
	Direct      []string     `json:"direct_urls"`
	Steps       []StepResult `json:"steps"`
}

// Host describes the machine a report was taken on. It is a plain value,
// safe to copy and share.
type Host struct {
	CPUs       int    `json:"cpus"`
	GOMAXPROCS int    `json:"gomaxprocs"`
	GoVersion  string `json:"go_version"`
	OS         string `json:"os"`
	Arch       string `json:"arch"`
	// LoadAverage is /proc/loadavg's 1, 5 and 15 minute load averages when
	// the run started (Linux only): a load above the CPU count means other
	// work competed with the measurement.
	LoadAverage string `json:"load_average,omitempty"`
}

// Report is the outcome of a gateload invocation. A Report is a plain value
// and not safe for concurrent mutation.
type Report struct {
	StartedAt   time.Time        `json:"started_at"`
	FinishedAt  time.Time        `json:"finished_at"`
	Host        Host             `json:"host"`
	Environment string           `json:"environment"`
	Scenarios   []ScenarioResult `json:"scenarios"`
	// Budget is nil when no budgets were checked.
	Budget *BudgetReport `json:"budget,omitempty"`
}

// Valid reports whether every step of every scenario was valid.
func (r *Report) Valid() bool {
	for _, sc := range r.Scenarios {
		for _, st := range sc.Steps {
			if !st.Valid {
				return false
			}
		}
	}
	return true
}
