package engine

import (
	"log/slog"
	"sync/atomic"
	"time"
)

// rateLimitedLog logs at most burst messages per interval and counts the
// rest, so a failing upstream under load cannot flood the log. Safe for
// concurrent use.
type rateLimitedLog struct {
	log        *slog.Logger
	interval   int64
	burst      int64
	window     atomic.Int64 // start of the current window, Unix nanoseconds
	count      atomic.Int64 // messages in the current window
	suppressed atomic.Int64 // messages dropped since the last one logged
}

func newRateLimitedLog(log *slog.Logger, interval time.Duration, burst int) *rateLimitedLog {
	return &rateLimitedLog{log: log, interval: int64(interval), burst: int64(burst)}
}

func (l *rateLimitedLog) allow() bool {
	now := time.Now().UnixNano()
	start := l.window.Load()
	if now-start >= l.interval && l.window.CompareAndSwap(start, now) {
		l.count.Store(0)
	}
	if l.count.Add(1) > l.burst {
		l.suppressed.Add(1)
		return false
	}
	return true
}

// Warn logs at warning level when the rate allows.
func (l *rateLimitedLog) Warn(msg string, args ...any) {
	if !l.allow() {
		return
	}
	if n := l.suppressed.Swap(0); n > 0 {
		args = append(args, "suppressed", n)
	}
	l.log.Warn(msg, args...)
}
