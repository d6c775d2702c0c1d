package engine

import (
	"time"
)

// sweepInterval is how often idle connections are checked; a timeout
// fires at most this much late.
const sweepInterval = 250 * time.Millisecond

// sweep closes connections that have been idle too long: IdleTimeout
// between requests, ReadHeaderTimeout before the first request. Idle
// connections hold no goroutine, so this one loop is their only timer.
// A timeout fires between its length and its length plus two intervals
// late, since idleness is observed at sweeps.
func (s *Server) sweep() {
	defer close(s.sweepDone)
	defer func() {
		if p := recover(); p != nil {
			s.log.Error("panic in the idle sweeper", "panic", p)
		}
	}()
	ticker := time.NewTicker(sweepInterval)
	defer ticker.Stop()
	for {
		select {
		case <-s.stopSweep:
			return
		case now := <-ticker.C:
			s.sweepOnce(now)
		}
	}
}

// sweeper is implemented by handlers with timed cleanup of their own.
type sweeper interface{ Sweep(now time.Time) }

func (s *Server) sweepOnce(now time.Time) {
	if sw, ok := s.handler.(sweeper); ok {
		sw.Sweep(now)
	}
	s.conns.each(func(c *conn) {
		served := c.served.Load()
		if c.state.Load() != stateIdle || served != c.seenServed {
			// Busy now, or served a request since the last sweep: the idle
			// period starts no earlier than now.
			c.seenServed = served
			c.seenAt = now
			return
		}
		timeout := s.opts.IdleTimeout
		if served == 0 {
			timeout = s.opts.ReadHeaderTimeout
		}
		if now.Sub(c.seenAt) < timeout {
			return
		}
		if c.state.CompareAndSwap(stateIdle, stateClosed) {
			_ = c.nc.Close()
		}
	})
}
