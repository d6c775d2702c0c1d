package engine

import (
	"net"
	"net/netip"
	"sync"
	"sync/atomic"
	"time"
	"unsafe"

	"github.com/cloudwego/netpoll"

	"gatehouse/engine/http1"
	"gatehouse/router"
)

// Connection states; see the package documentation for the diagram.
const (
	stateIdle int32 = iota
	stateActive
	stateClosed
)

// conn is the gateway's state for one client connection. Fields under
// "owned by the active goroutine" are touched only while state is
// stateActive, by the one OnRequest goroutine netpoll runs at a time.
type conn struct {
	nc  netpoll.Connection
	srv *Server

	state atomic.Int32
	// served counts requests on this connection. The sweeper notices a
	// new request by a change in it, so the request path reads no clock.
	served atomic.Int64

	// Owned by the sweeper goroutine (and set once before the connection
	// is registered): the served count it last saw and when it saw that
	// count change or the connection busy. The connection has been idle
	// since about seenAt.
	seenServed int64
	seenAt     time.Time

	clientIP []byte // peer address in text form, set at accept
	trusted  bool   // peer is in Options.TrustedProxies

	// Owned by the active goroutine. req is taken from the pool when the
	// connection becomes active and returned when it goes idle, so an idle
	// connection does not hold a request arena (up to MaxHeaderBytes plus
	// the header array).
	req      *http1.Request
	exchange Exchange
	pathBuf  []byte
	params   router.Params
	idBuf    [32]byte // a generated X-Request-Id
}

func newConn(nc netpoll.Connection, srv *Server) *conn {
	c := &conn{nc: nc, srv: srv}
	c.exchange.conn = c
	if addr, ok := nc.RemoteAddr().(*net.TCPAddr); ok {
		ip := addr.AddrPort().Addr().Unmap()
		c.clientIP = ip.AppendTo(nil)
		c.trusted = trusted(srv.opts.TrustedProxies, ip)
	} else {
		c.clientIP = []byte("unknown")
	}
	c.pathBuf = make([]byte, 0, 256)
	return c
}

func trusted(prefixes []netip.Prefix, ip netip.Addr) bool {
	for _, p := range prefixes {
		if p.Contains(ip) {
			return true
		}
	}
	return false
}

// registryShards is a power of two so a shard is picked with a mask.
const registryShards = 64

// registry tracks open connections for the sweeper and for shutdown.
// Connect and disconnect lock one shard; requests never touch it.
type registry struct {
	shards [registryShards]registryShard
	count  atomic.Int64
}

type registryShard struct {
	mu    sync.Mutex
	conns map[*conn]struct{} // guarded by mu
	_     [40]byte           // pad to a cache line
}

func (r *registry) shard(c *conn) *registryShard {
	// The low bits of a heap pointer are zero from alignment; mix in
	// higher bits.
	p := uintptr(unsafe.Pointer(c))
	return &r.shards[(p>>6^p>>12)&(registryShards-1)]
}

func (r *registry) add(c *conn) {
	s := r.shard(c)
	s.mu.Lock()
	if s.conns == nil {
		s.conns = make(map[*conn]struct{})
	}
	s.conns[c] = struct{}{}
	s.mu.Unlock()
	r.count.Add(1)
}

func (r *registry) remove(c *conn) {
	s := r.shard(c)
	s.mu.Lock()
	_, ok := s.conns[c]
	delete(s.conns, c)
	s.mu.Unlock()
	if ok {
		r.count.Add(-1)
	}
}

// each calls f for every registered connection, one shard at a time. f
// must not call add or remove.
func (r *registry) each(f func(c *conn)) {
	var batch []*conn
	for i := range r.shards {
		s := &r.shards[i]
		s.mu.Lock()
		for c := range s.conns {
			batch = append(batch, c)
		}
		s.mu.Unlock()
		for _, c := range batch {
			f(c)
		}
		batch = batch[:0]
	}
}
