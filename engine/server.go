package engine

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"sync"
	"sync/atomic"
	"time"

	"github.com/cloudwego/netpoll"

	"gatehouse/engine/http1"
)

// Handler serves one parsed request. It responds through the Exchange:
// either a local reply or a relayed response.
type Handler interface {
	Serve(x *Exchange)
}

// Server accepts client connections on a netpoll event loop and runs
// each request through a Handler. Its methods are safe for concurrent
// use; Serve is called once.
type Server struct {
	opts    Options
	handler Handler
	log     *slog.Logger

	listener net.Listener
	loop     netpoll.EventLoop
	conns    registry

	draining  atomic.Bool
	serving   atomic.Bool // Serve was called, so the sweeper runs
	stopSweep chan struct{}
	sweepDone chan struct{}
	closeOnce sync.Once

	// Counters read by Stats.
	onRequestCalls atomic.Int64
	requests       atomic.Int64
	rejected       atomic.Int64

	errLog *rateLimitedLog
}

// Stats is a snapshot of server counters.
type Stats struct {
	// OpenConnections is the number of client connections open now.
	OpenConnections int64
	// Requests counts request heads parsed.
	Requests int64
	// HandlerCalls counts netpoll OnRequest invocations. A request head
	// split across many reads must not multiply it: the handler blocks
	// for the rest of the head instead of returning and being called
	// again for every byte.
	HandlerCalls int64
	// Rejected counts connections rejected over MaxConnections.
	Rejected int64
}

// netpollConfigured makes configureNetpoll apply once per process.
var netpollConfigured sync.Once

// configureNetpoll sets netpoll's process-wide settings: the poller count
// and the runner for handlers. The first server's options apply; later
// servers in the same process share them.
func configureNetpoll(opts Options) error {
	var err error
	netpollConfigured.Do(func() {
		runner = &workerRunner{log: opts.Logger, tasks: make(chan func())}
		cfg := netpoll.Config{Runner: runner.run}
		if opts.Pollers > 0 {
			cfg.PollerNum = opts.Pollers
		}
		if err = netpoll.Configure(cfg); err != nil {
			err = fmt.Errorf("engine: configuring netpoll with %d pollers: %w", opts.Pollers, err)
		}
	})
	return err
}

// NewServer creates a server listening on opts.Addr. Serve starts it.
func NewServer(opts Options, h Handler) (*Server, error) {
	opts = opts.withDefaults()
	s := &Server{
		opts:      opts,
		handler:   h,
		log:       opts.Logger,
		stopSweep: make(chan struct{}),
		sweepDone: make(chan struct{}),
	}
	s.errLog = newRateLimitedLog(s.log, time.Second, 10)

	if err := configureNetpoll(opts); err != nil {
		return nil, err
	}
	ln, err := netpoll.CreateListener("tcp", opts.Addr)
	if err != nil {
		return nil, fmt.Errorf("engine: listen on %s: %w", opts.Addr, err)
	}
	s.listener = ln

	loop, err := netpoll.NewEventLoop(s.onRequest,
		netpoll.WithOnPrepare(s.onPrepare),
		netpoll.WithOnConnect(s.onConnect),
	)
	if err != nil {
		ln.Close()
		return nil, fmt.Errorf("engine: event loop: %w", err)
	}
	s.loop = loop
	return s, nil
}

// Addr returns the address the server listens on.
func (s *Server) Addr() net.Addr { return s.listener.Addr() }

// Stats returns a snapshot of the server's counters.
func (s *Server) Stats() Stats {
	return Stats{
		OpenConnections: s.conns.count.Load(),
		Requests:        s.requests.Load(),
		HandlerCalls:    s.onRequestCalls.Load(),
		Rejected:        s.rejected.Load(),
	}
}

// Draining reports whether Shutdown has begun.
func (s *Server) Draining() bool { return s.draining.Load() }

// Serve runs the event loop until Shutdown. It returns nil after a
// shutdown and the listener's error otherwise.
func (s *Server) Serve() error {
	if !s.serving.CompareAndSwap(false, true) {
		return errors.New("engine: Serve called twice")
	}
	go s.sweep()
	s.log.Info("gateway listening", "addr", s.listener.Addr().String(), "max_connections", s.opts.MaxConnections)
	err := s.loop.Serve(s.listener)
	if s.draining.Load() {
		return nil
	}
	return err
}

// Shutdown stops accepting connections, closes idle ones, lets requests
// in flight finish (their responses carry Connection: close), and after
// ctx ends or the grace period passes closes whatever is left. It
// returns ctx's error when it had to cut connections.
func (s *Server) Shutdown(ctx context.Context) error {
	s.draining.Store(true)
	ctx, cancel := context.WithTimeout(ctx, s.opts.ShutdownGrace)
	defer cancel()
	start := time.Now()
	open := s.conns.count.Load()
	s.log.Info("gateway draining", "open_connections", open, "grace", s.opts.ShutdownGrace.String())

	s.closeIdle()
	err := s.loop.Shutdown(ctx)
	if err != nil {
		// netpoll defers closing a connection whose handler is running,
		// so first end the upstream exchanges those handlers wait on.
		if a, ok := s.handler.(aborter); ok {
			a.Abort()
		}
		cut := 0
		s.conns.each(func(c *conn) {
			c.state.Store(stateClosed)
			_ = c.nc.Close()
			cut++
		})
		s.log.Warn("gateway drain timed out; closed connections in flight", "closed", cut, "error", err)
	}
	s.closeOnce.Do(func() { close(s.stopSweep) })
	if s.serving.Load() {
		<-s.sweepDone
	}
	s.log.Info("gateway stopped", "drain_ms", time.Since(start).Milliseconds())
	return err
}

// aborter is implemented by handlers that can end their work in flight.
type aborter interface{ Abort() }

// closeIdle closes every idle connection now.
func (s *Server) closeIdle() {
	s.conns.each(func(c *conn) {
		if c.state.CompareAndSwap(stateIdle, stateClosed) {
			_ = c.nc.Close()
		}
	})
}

// onPrepare runs before the connection is registered with a poller. It
// creates the connection state and applies admission.
func (s *Server) onPrepare(nc netpoll.Connection) context.Context {
	c := newConn(nc, s)
	c.seenAt = time.Now()
	_ = nc.SetWriteTimeout(s.opts.WriteTimeout)
	s.conns.add(c)
	_ = nc.AddCloseCallback(func(netpoll.Connection) error {
		c.state.Store(stateClosed)
		s.conns.remove(c)
		return nil
	})
	return context.WithValue(context.Background(), connKey{}, c)
}

type connKey struct{}

// onConnect refuses connections over the cap with a 503, and any
// connection while draining.
func (s *Server) onConnect(ctx context.Context, nc netpoll.Connection) context.Context {
	c := ctx.Value(connKey{}).(*conn)
	if s.conns.count.Load() <= int64(s.opts.MaxConnections) && !s.draining.Load() {
		return ctx
	}
	c.state.Store(stateClosed)
	s.rejected.Add(1)
	reply := http1.AppendLocalReply(nil, 503, "too many connections: try again later", true, false, []byte("Retry-After: 1\r\n"))
	_, _ = nc.Writer().WriteBinary(reply)
	_ = nc.Writer().Flush()
	_ = nc.Close()
	s.errLog.Warn("connection rejected: limit reached", "max_connections", s.opts.MaxConnections)
	return ctx
}
