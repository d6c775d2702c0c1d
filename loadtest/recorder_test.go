package loadtest

import (
	"math"
	"strings"
	"testing"
	"time"

	vegeta "github.com/tsenart/vegeta/v12/lib"
)

// TestRecorderLatePacer feeds the recorder results whose send timestamps a
// late pacer would produce, on a fake clock: request k is due at
// start + k/rate, was sent late(k) after that, and took 100µs.
func TestRecorderLatePacer(t *testing.T) {
	const serviceTime = 100 * time.Microsecond
	start := time.Unix(1_700_000_000, 0)
	tests := []struct {
		name       string
		late       func(k uint64) time.Duration
		results    uint64 // results delivered, out of 1000 planned
		wantLate   int64
		wantValid  bool
		wantMaxUS  float64 // response time max, from intended send time
		wantReason string
	}{
		{
			name:      "on time",
			late:      func(uint64) time.Duration { return 0 },
			results:   1000,
			wantLate:  0,
			wantValid: true,
			wantMaxUS: 100,
		},
		{
			name:      "jitter under threshold",
			late:      func(k uint64) time.Duration { return time.Duration(k%10) * 90 * time.Microsecond },
			results:   1000,
			wantLate:  0,
			wantValid: true,
			wantMaxUS: 910,
		},
		{
			name: "one late send is allowed",
			late: func(k uint64) time.Duration {
				if k == 500 {
					return 5 * time.Millisecond
				}
				return 0
			},
			results:   1000,
			wantLate:  1,
			wantValid: true,
			wantMaxUS: 5100,
		},
		{
			// The pacer slept 20ms at send 500; sends 500 to 519 went out
			// together, each later than the one before was due.
			name: "pacer stalled 20ms",
			late: func(k uint64) time.Duration {
				if k >= 500 && k < 520 {
					return time.Duration(520-k) * time.Millisecond
				}
				return 0
			},
			results:    1000,
			wantLate:   19, // 20ms down to 2ms; the last, exactly 1ms late, is not over
			wantValid:  false,
			wantMaxUS:  20_100,
			wantReason: "19 of 1000 sends (1.90%, limit 0.10%) started more than 1.00ms late",
		},
		{
			name:       "sends never made",
			late:       func(uint64) time.Duration { return 0 },
			results:    990,
			wantLate:   10,
			wantValid:  false,
			wantMaxUS:  100,
			wantReason: "or never started (10)",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sched := newSchedule(1000, time.Second)
			rec := newRecorder(sched, func() time.Time { return start }, func(code int) bool { return code == 200 }, time.Millisecond)
			for k := range tt.results {
				rec.record(&vegeta.Result{
					Seq:       k,
					Code:      200,
					Timestamp: start.Add(sched.offset(k) + tt.late(k)),
					Latency:   serviceTime,
				})
			}
			got := summarize(rec, runInfo{side: SideGateway, rate: 1000, connections: 64, maxLateFraction: DefaultMaxLateFraction})

			if got.LateSends != tt.wantLate {
				t.Errorf("LateSends = %d, want %d", got.LateSends, tt.wantLate)
			}
			if got.Valid != tt.wantValid {
				t.Errorf("Valid = %v, want %v (reason %q)", got.Valid, tt.wantValid, got.InvalidReason)
			}
			// HDR keeps 3 significant digits: allow 0.1%.
			if math.Abs(got.ResponseTime.Max-tt.wantMaxUS) > tt.wantMaxUS/1000+1 {
				t.Errorf("response max = %gµs, want %gµs", got.ResponseTime.Max, tt.wantMaxUS)
			}
			if got.ServiceTime.Max != 100 {
				t.Errorf("service max = %gµs, want 100µs", got.ServiceTime.Max)
			}
			if !strings.Contains(got.InvalidReason, tt.wantReason) {
				t.Errorf("InvalidReason = %q, want it to contain %q", got.InvalidReason, tt.wantReason)
			}
		})
	}
}

func TestRecorderCountsOutcomes(t *testing.T) {
	start := time.Unix(1_700_000_000, 0)
	sched := newSchedule(100, time.Second)
	rec := newRecorder(sched, func() time.Time { return start }, func(code int) bool { return code == 200 }, time.Millisecond)
	results := []vegeta.Result{
		{Seq: 0, Code: 200},
		{Seq: 1, Code: 200},
		{Seq: 2, Code: 502, Error: "502 Bad Gateway"},
		{Seq: 3, Code: 0, Error: "dial tcp 127.0.0.1:1: connect: connection refused"},
		{Seq: 4, Code: 429, Error: "429 Too Many Requests"},
	}
	for i := range results {
		results[i].Timestamp = start.Add(sched.offset(results[i].Seq))
		results[i].Latency = time.Millisecond
		rec.record(&results[i])
	}
	got := summarize(rec, runInfo{side: SideDirect, rate: 100, maxLateFraction: 1})

	if got.Requests != 5 || got.Successes != 2 {
		t.Errorf("requests, successes = %d, %d, want 5, 2", got.Requests, got.Successes)
	}
	if want := 0.4; math.Abs(got.SuccessRatio-want) > 1e-9 {
		t.Errorf("SuccessRatio = %g, want %g", got.SuccessRatio, want)
	}
	wantCodes := map[string]int64{"200": 2, "502": 1, "0": 1, "429": 1}
	for code, n := range wantCodes {
		if got.StatusCodes[code] != n {
			t.Errorf("StatusCodes[%s] = %d, want %d", code, got.StatusCodes[code], n)
		}
	}
	if len(got.Errors) != 3 {
		t.Errorf("len(Errors) = %d, want 3: %v", len(got.Errors), got.Errors)
	}
}

func TestScheduleOffsets(t *testing.T) {
	tests := []struct {
		name      string
		rate      float64
		duration  time.Duration
		k         uint64
		wantTotal uint64
		want      time.Duration
	}{
		{name: "whole rate", rate: 400, duration: 2 * time.Second, k: 3, wantTotal: 800, want: 7500 * time.Microsecond},
		{name: "fractional rate", rate: 333.5, duration: time.Second, k: 667, wantTotal: 334, want: 2 * time.Second},
		{name: "first send at start", rate: 10, duration: time.Second, k: 0, wantTotal: 10, want: 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newSchedule(tt.rate, tt.duration)
			if s.total != tt.wantTotal {
				t.Errorf("total = %d, want %d", s.total, tt.wantTotal)
			}
			if got := s.offset(tt.k); got != tt.want {
				t.Errorf("offset(%d) = %s, want %s", tt.k, got, tt.want)
			}
		})
	}
}

// TestPacerPace checks the waits the pacer gives vegeta and that it stops
// after the last send.
func TestPacerPace(t *testing.T) {
	now := time.Unix(1_700_000_000, 0)
	p := &pacer{sched: newSchedule(100, time.Second), now: func() time.Time { return now }}
	tests := []struct {
		name     string
		elapsed  time.Duration
		hits     uint64
		wantWait time.Duration
		wantStop bool
	}{
		{name: "first send", elapsed: 0, hits: 0, wantWait: 0},
		{name: "early", elapsed: 5 * time.Millisecond, hits: 1, wantWait: 5 * time.Millisecond},
		{name: "late", elapsed: 30 * time.Millisecond, hits: 2, wantWait: -10 * time.Millisecond},
		{name: "done", elapsed: time.Second, hits: 100, wantStop: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wait, stop := p.Pace(tt.elapsed, tt.hits)
			if wait != tt.wantWait || stop != tt.wantStop {
				t.Errorf("Pace(%s, %d) = %s, %v, want %s, %v", tt.elapsed, tt.hits, wait, stop, tt.wantWait, tt.wantStop)
			}
		})
	}
	if got := p.start(); !got.Equal(now) {
		t.Errorf("start() = %s, want %s (the clock at the first Pace call minus elapsed)", got, now)
	}
}
