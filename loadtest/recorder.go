package loadtest

import (
	"strconv"
	"sync/atomic"
	"time"

	"github.com/HdrHistogram/hdrhistogram-go"
	vegeta "github.com/tsenart/vegeta/v12/lib"
)

// Histogram geometry shared by every histogram the harness writes, so that
// histograms of different runs can be merged: 1µs to 1h at 3 significant
// digits (0.1% value resolution).
const (
	histLowestUS  = 1
	histHighestUS = int64(time.Hour / time.Microsecond)
	histDigits    = 3
)

// maxErrorKinds bounds the distinct error messages kept per run, so a run
// against a broken target cannot grow the report without limit.
const maxErrorKinds = 20

func newHistogram() *hdrhistogram.Histogram {
	return hdrhistogram.New(histLowestUS, histHighestUS, histDigits)
}

// recordUS records d in microseconds, clamped to the histogram's range.
func recordUS(h *hdrhistogram.Histogram, d time.Duration) {
	us := max(int64(d/time.Microsecond), 0)
	_ = h.RecordValue(min(us, histHighestUS)) // RecordValue fails only out of range, and us is clamped to it
}

// liveCounters are read by the progress printer while the attack runs.
type liveCounters struct {
	sent      atomic.Int64
	successes atomic.Int64
	late      atomic.Int64
}

// recorder turns the results of one attack into histograms and counts. It is
// owned by the goroutine that reads the attack's results; only live may be
// read concurrently.
type recorder struct {
	sched     schedule
	start     func() time.Time
	success   func(code int) bool
	threshold time.Duration

	response *hdrhistogram.Histogram // from intended send time to response end
	service  *hdrhistogram.Histogram // from actual send time to response end
	lateness *hdrhistogram.Histogram // actual minus intended send time

	requests, successes, late int64
	bytesOut                  uint64
	codes                     map[int]int64
	errors                    map[string]int64
	firstSend, lastSend       time.Time
	lastEnd                   time.Time

	live liveCounters
}

func newRecorder(sched schedule, start func() time.Time, success func(int) bool, threshold time.Duration) *recorder {
	return &recorder{
		sched:     sched,
		start:     start,
		success:   success,
		threshold: threshold,
		response:  newHistogram(),
		service:   newHistogram(),
		lateness:  newHistogram(),
		codes:     make(map[int]int64),
		errors:    make(map[string]int64),
	}
}

// record adds one result. The intended send time is start + offset(Seq).
// vegeta assigns Seq and Timestamp under one lock, so the n-th timestamp
// belongs to a worker that took at least n+1 ticks. Timestamp is therefore
// never earlier than the intended time of its Seq, except by the nanoseconds
// between vegeta's clock read and the pacer's, which is why lateness is
// clamped at zero.
func (r *recorder) record(res *vegeta.Result) {
	intended := r.start().Add(r.sched.offset(res.Seq))
	lateness := max(res.Timestamp.Sub(intended), 0)

	recordUS(r.response, lateness+res.Latency)
	recordUS(r.service, res.Latency)
	recordUS(r.lateness, lateness)

	r.requests++
	r.live.sent.Add(1)
	if lateness > r.threshold {
		r.late++
		r.live.late.Add(1)
	}

	r.noteOutcome(res)
	r.noteTimes(res)
}

// noteOutcome counts the status code, or the error of a request that got no
// response.
func (r *recorder) noteOutcome(res *vegeta.Result) {
	code := int(res.Code)
	r.codes[code]++
	if code != 0 && r.success(code) {
		r.successes++
		r.live.successes.Add(1)
		return
	}
	if code == 0 || res.Error != "" {
		msg := res.Error
		if msg == "" {
			msg = "status " + strconv.Itoa(code)
		}
		if _, ok := r.errors[msg]; ok || len(r.errors) < maxErrorKinds {
			r.errors[msg]++
		}
	}
}

func (r *recorder) noteTimes(res *vegeta.Result) {
	r.bytesOut += res.BytesOut
	if r.firstSend.IsZero() || res.Timestamp.Before(r.firstSend) {
		r.firstSend = res.Timestamp
	}
	if res.Timestamp.After(r.lastSend) {
		r.lastSend = res.Timestamp
	}
	if end := res.End(); end.After(r.lastEnd) {
		r.lastEnd = end
	}
}
