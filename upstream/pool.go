package upstream

import (
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/cloudwego/netpoll"
)

// Pool outcomes callers branch on.
var (
	// ErrPoolExhausted is returned by Get when the target already has
	// MaxConns open connections. The gateway replies 503.
	ErrPoolExhausted = errors.New("upstream: connection limit reached")
	// ErrPoolClosed is returned by Get after Close.
	ErrPoolClosed = errors.New("upstream: pool closed")
)

// maxResponseHeadBytes bounds an upstream response head.
const maxResponseHeadBytes = 64 << 10

// PoolOptions configures a Pool. Zero values select the defaults below.
type PoolOptions struct {
	// ConnectTimeout bounds a dial. Zero means 1s.
	ConnectTimeout time.Duration
	// MaxIdle is the number of idle keep-alive connections kept. Zero
	// means 64; a negative value disables keep-alive reuse.
	MaxIdle int
	// MaxConns caps open connections (idle and busy). Zero means no cap.
	MaxConns int
	// IdleTimeout closes connections idle for longer. Zero means 90s.
	IdleTimeout time.Duration
}

func (o PoolOptions) withDefaults() PoolOptions {
	if o.ConnectTimeout == 0 {
		o.ConnectTimeout = time.Second
	}
	if o.MaxIdle == 0 {
		o.MaxIdle = 64
	}
	if o.IdleTimeout == 0 {
		o.IdleTimeout = 90 * time.Second
	}
	return o
}

// Pool keeps keep-alive connections to one target address. It is safe for
// concurrent use.
//
// Connections are netpoll connections, served by the same pollers as
// client connections. With standard library sockets the relaying
// goroutine waits on the Go runtime's poller, which a process with
// GOMAXPROCS=1 polls only when netpoll's poller leaves the processor:
// measured with wrk -c64 through one pinned core, that cut throughput by
// a third.
//
// NOTE: netpoll reads whatever a peer sends, without backpressure, so a
// response relayed to a client slower than its upstream is buffered in
// memory up to the response's size. Request bodies are bounded by the
// engine's MaxBodyBytes.
type Pool struct {
	addr string
	opts PoolOptions

	dialer netpoll.Dialer

	mu     sync.Mutex
	idle   []*Conn            // guarded by mu; most recently used last
	busy   map[*Conn]struct{} // guarded by mu; connections in an exchange
	open   int                // guarded by mu; idle plus busy connections
	closed bool               // guarded by mu

	dials  atomic.Int64
	reuses atomic.Int64
}

// NewPool returns a pool for addr ("host:port").
func NewPool(addr string, opts PoolOptions) *Pool {
	opts = opts.withDefaults()
	return &Pool{
		addr:   addr,
		busy:   make(map[*Conn]struct{}),
		opts:   opts,
		dialer: netpoll.NewDialer(),
	}
}

// Addr returns the target address.
func (p *Pool) Addr() string { return p.addr }

// Stats returns the number of dials and reuses so far, and the open and
// idle connection counts now.
func (p *Pool) Stats() (dials, reuses int64, open, idle int) {
	p.mu.Lock()
	open, idle = p.open, len(p.idle)
	p.mu.Unlock()
	return p.dials.Load(), p.reuses.Load(), open, idle
}

// Get returns an idle connection that still looks alive, or dials a new
// one. When fresh is true it always dials, which a retry after a failed
// reused connection needs.
func (p *Pool) Get(now time.Time, fresh bool) (*Conn, error) {
	if !fresh {
		if c := p.takeIdle(now); c != nil {
			p.reuses.Add(1)
			return c, nil
		}
	}
	if err := p.reserve(); err != nil {
		return nil, err
	}
	c, err := p.dial()
	if err != nil {
		p.release()
		return nil, err
	}
	p.mu.Lock()
	p.busy[c] = struct{}{}
	closed := p.closed
	p.mu.Unlock()
	if closed {
		// Close ran during the dial.
		p.discard(c)
		return nil, ErrPoolClosed
	}
	return c, nil
}

// takeIdle pops idle connections until one passes the liveness check.
// Expired and dead ones are closed.
func (p *Pool) takeIdle(now time.Time) *Conn {
	for {
		p.mu.Lock()
		n := len(p.idle)
		if n == 0 {
			p.mu.Unlock()
			return nil
		}
		c := p.idle[n-1]
		p.idle[n-1] = nil
		p.idle = p.idle[:n-1]
		p.busy[c] = struct{}{}
		p.mu.Unlock()

		if now.Sub(c.idleSince) < p.opts.IdleTimeout && c.alive() {
			c.reused = true
			return c
		}
		p.discard(c)
	}
}

func (p *Pool) reserve() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return ErrPoolClosed
	}
	if p.opts.MaxConns > 0 && p.open >= p.opts.MaxConns {
		return fmt.Errorf("%w: %d connections open to %s", ErrPoolExhausted, p.open, p.addr)
	}
	p.open++
	return nil
}

func (p *Pool) release() {
	p.mu.Lock()
	p.open--
	p.mu.Unlock()
}

func (p *Pool) dial() (*Conn, error) {
	nc, err := p.dialer.DialConnection("tcp", p.addr, p.opts.ConnectTimeout)
	if err != nil {
		return nil, err
	}
	p.dials.Add(1)
	return &Conn{nc: nc, pool: p}, nil
}

// Put returns a connection whose last exchange completed cleanly. It is
// kept for reuse when the pool has room, else closed.
func (p *Pool) Put(c *Conn, now time.Time) {
	if c.nc.Reader().Len() > 0 {
		// Bytes after a complete response mean the upstream broke framing.
		p.discard(c)
		return
	}
	p.mu.Lock()
	if p.closed || p.opts.MaxIdle < 0 || len(p.idle) >= p.opts.MaxIdle {
		p.mu.Unlock()
		p.discard(c)
		return
	}
	delete(p.busy, c)
	c.idleSince = now
	p.idle = append(p.idle, c)
	p.mu.Unlock()
}

// Discard closes a connection that must not be reused.
func (p *Pool) Discard(c *Conn) { p.discard(c) }

func (p *Pool) discard(c *Conn) {
	_ = c.nc.Close()
	p.mu.Lock()
	delete(p.busy, c)
	p.open--
	p.mu.Unlock()
}

// CloseIdle closes idle connections that have been idle longer than the
// idle timeout at now. It returns how many it closed.
func (p *Pool) CloseIdle(now time.Time) int {
	p.mu.Lock()
	var expired []*Conn
	fresh := p.idle[:0]
	for _, c := range p.idle {
		if now.Sub(c.idleSince) >= p.opts.IdleTimeout {
			expired = append(expired, c)
		} else {
			fresh = append(fresh, c)
		}
	}
	clear(p.idle[len(fresh):])
	p.idle = fresh
	p.mu.Unlock()
	for _, c := range expired {
		p.discard(c)
	}
	return len(expired)
}

// Close closes idle connections and makes later Gets fail. Busy
// connections are closed when they are returned.
func (p *Pool) Close() {
	p.mu.Lock()
	p.closed = true
	idle := p.idle
	p.idle = nil
	p.mu.Unlock()
	for _, c := range idle {
		p.discard(c)
	}
}

// Abort closes every connection, busy ones included, so exchanges in
// flight fail at once. Use it when a shutdown's grace period is over.
func (p *Pool) Abort() {
	p.Close()
	p.mu.Lock()
	busy := make([]*Conn, 0, len(p.busy))
	for c := range p.busy {
		busy = append(busy, c)
	}
	p.mu.Unlock()
	for _, c := range busy {
		// Closing makes the exchange's read or write fail; the exchange
		// then discards the connection itself.
		_ = c.nc.Close()
	}
}

// Conn is one upstream connection. It is used by one exchange at a time.
type Conn struct {
	nc        netpoll.Connection
	pool      *Pool
	reused    bool
	idleSince time.Time
}

// Reused reports whether the connection served an earlier exchange.
func (c *Conn) Reused() bool { return c.reused }

// alive reports whether an idle connection can be reused: the poller has
// not seen the peer close it, and it has sent nothing unsolicited (bytes
// there mean framing can no longer be trusted).
func (c *Conn) alive() bool {
	return c.nc.IsActive() && c.nc.Reader().Len() == 0
}
