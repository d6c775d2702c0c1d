package loadtest

import (
	"syscall"
	"time"
)

// preciseSleep blocks the calling goroutine's thread in nanosleep(2) for d.
// On the 2-CPU AMD EPYC VM this harness was developed on (Go 1.26, 300 sleeps
// each), time.Sleep(100µs) returned after about 1.1ms at the median, so a
// pacer built on it sends in bursts up to a millisecond late. nanosleep
// overshot by about 0.1ms at the median. The cost is one thread blocked in
// the kernel while the pacer waits.
func preciseSleep(d time.Duration) {
	ts := syscall.NsecToTimespec(int64(d))
	for {
		var rem syscall.Timespec
		if err := syscall.Nanosleep(&ts, &rem); err != syscall.EINTR {
			return
		}
		ts = rem
	}
}
