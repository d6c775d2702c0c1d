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
	idleCutoff := now.Add(-s.opts.IdleTimeout).UnixNano()
	firstCutoff := now.Add(-s.opts.ReadHeaderTimeout).UnixNano()
	s.conns.each(func(c *conn) {
		if c.state.Load() != stateIdle {
			return
		}
		cutoff := idleCutoff
		if c.served.Load() == 0 {
			cutoff = firstCutoff
		}
		if c.lastActive.Load() > cutoff {
			return
		}
		if c.state.CompareAndSwap(stateIdle, stateClosed) {
			_ = c.nc.Close()
		}
	})
}
