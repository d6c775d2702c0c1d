package loadtest

import (
	"math"
	"sync/atomic"
	"time"
)

// schedule is the constant-rate plan of one run: send k (0-based) is due at
// k/rate after the start, and there are total sends.
type schedule struct {
	rate  float64
	total uint64
}

func newSchedule(rate float64, d time.Duration) schedule {
	return schedule{rate: rate, total: uint64(math.Ceil(rate * d.Seconds()))}
}

// offset returns when send k is due, relative to the start of the run.
func (s schedule) offset(k uint64) time.Duration {
	return time.Duration(float64(k) * float64(time.Second) / s.rate)
}

// pacer drives a vegeta attack along a schedule and captures the attack's start
// time, from which every intended send time is computed.
//
// vegeta calls Pace from a single goroutine with the time elapsed since the
// attack began and the number of sends so far. The first call derives the
// start time, which the recorder reads from another goroutine, hence the
// atomic pointer.
type pacer struct {
	sched schedule
	now   func() time.Time
	// stall, when set, delays send k by the returned duration to simulate a
	// generator that cannot keep up. Only tests set it.
	stall func(k uint64) time.Duration
	// sleep, when set, waits inside Pace instead of returning the wait to
	// vegeta, whose time.Sleep is too coarse for sub-millisecond intervals.
	sleep func(time.Duration)

	began atomic.Pointer[time.Time]
}

// Pace implements vegeta.Pacer: it waits or returns how long to wait before
// send hits, and stops after the last scheduled send. A negative wait means
// the send is overdue, and vegeta sends at once.
func (p *pacer) Pace(elapsed time.Duration, hits uint64) (time.Duration, bool) {
	if p.began.Load() == nil {
		began := p.now().Add(-elapsed)
		p.began.CompareAndSwap(nil, &began)
	}
	if hits >= p.sched.total {
		return 0, true
	}

	wait := p.sched.offset(hits) - elapsed
	if p.stall != nil {
		wait += p.stall(hits)
	}
	if p.sleep != nil && wait > 0 {
		p.sleep(wait)
		return 0, false
	}
	return wait, false
}

// Rate implements vegeta.Pacer.
func (p *pacer) Rate(time.Duration) float64 { return p.sched.rate }

// start returns the attack's start time, or the zero time before the first
// Pace call.
func (p *pacer) start() time.Time {
	if t := p.began.Load(); t != nil {
		return *t
	}
	return time.Time{}
}
