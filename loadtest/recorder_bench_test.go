package loadtest

import (
	"testing"
	"time"

	vegeta "github.com/tsenart/vegeta/v12/lib"
)

// BenchmarkRecorderRecord measures the per-result cost of recording, which
// the goroutine reading vegeta's results pays at the attack rate.
func BenchmarkRecorderRecord(b *testing.B) {
	b.ReportAllocs()
	start := time.Now()
	sched := newSchedule(10_000, time.Hour)
	rec := newRecorder(sched, func() time.Time { return start }, func(code int) bool { return code == 200 }, time.Millisecond)
	res := &vegeta.Result{Code: 200, Latency: 250 * time.Microsecond}
	for i := 0; b.Loop(); i++ {
		res.Seq = uint64(i)
		res.Timestamp = start.Add(sched.offset(res.Seq) + time.Duration(i%7)*time.Microsecond)
		rec.record(res)
	}
}
