package upstream

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"sync"
	"time"

	"github.com/cloudwego/netpoll"

	"gatehouse/engine/http1"
)

// ClientReader is the client connection's buffered reader (a
// netpoll.Reader satisfies it). Release frees bytes already skipped.
type ClientReader interface {
	http1.Source
	Release() error
}

// ClientWriter is the client connection's writer (a netpoll.Writer
// satisfies it). WriteBinary may keep a reference to b until Flush
// returns, so b must stay unchanged until then.
type ClientWriter interface {
	WriteBinary(b []byte) (int, error)
	Flush() error
}

// Request is one request to forward. The forwarder reads the head from
// Head, the body from Body and writes the response to Client. It belongs
// to one Forward call and is not shared between goroutines.
type Request struct {
	Head *http1.Request
	// Path is the path to send: normalized, with the route's prefix
	// stripping or rewrite applied. Query is appended unchanged.
	Path []byte
	// Host is the Host header to send.
	Host []byte
	// ClientIP is the TCP peer's address in text form.
	ClientIP []byte
	// TrustForwarded is true when the peer is a trusted proxy: its
	// X-Forwarded-* values are extended rather than replaced.
	TrustForwarded bool
	// RequestID is the X-Request-Id sent upstream and echoed.
	RequestID []byte
	// Body and Client are the client connection's reader and writer.
	Body   ClientReader
	Client ClientWriter
	// MaxBodyBytes caps a chunked body; zero means no cap. A
	// Content-Length body was already checked by the caller.
	MaxBodyBytes int64
	// KeepAlive is true when the client connection may stay open after
	// this response. The forwarder may downgrade it.
	KeepAlive bool
}

// Result reports what the forwarder did.
type Result struct {
	// Status is the status relayed to the client, 0 when none was.
	Status int
	// Sent is true once any response byte was written to the client; the
	// caller must not send a local reply then.
	Sent bool
	// KeepAlive is false when the client connection must be closed.
	KeepAlive bool
	// BodyBytes counts response body bytes relayed.
	BodyBytes int64
	// BodyConsumed is true when the whole request body was read from the
	// client, so the connection is positioned at the next request.
	BodyConsumed bool
	// Target is the address that served the request, "" if none.
	Target string
	// Err is the failure, nil on success. When Sent is false the caller
	// replies with StatusOf(Err).
	Err error
}

// replayLimit bounds the request body copied into the head buffer: a
// body that fits is sent with the head in one write and can be sent again
// on a retry.
const replayLimit = 16 << 10

var bufferPool = sync.Pool{New: func() any {
	b := make([]byte, 0, 32<<10)
	return &b
}}

func getBuffer() *[]byte { return bufferPool.Get().(*[]byte) }

func putBuffer(b *[]byte) {
	if cap(*b) > 256<<10 {
		return // do not keep buffers grown by an unusual message
	}
	*b = (*b)[:0]
	bufferPool.Put(b)
}

// Forward sends r to a target of u and relays the response to the
// client. It blocks until the exchange ends.
func (u *Upstream) Forward(r *Request) Result {
	target := u.pick()
	res := Result{KeepAlive: r.KeepAlive, Target: target.Address}
	if len(r.Host) == 0 {
		r.Host = target.hostBytes // HTTP/1.0 without Host
	}

	bufp := getBuffer()
	defer putBuffer(bufp)
	head := appendRequestHead((*bufp)[:0], r)

	// A body already buffered in full and small enough travels with the
	// head, so the request can be replayed on a retry.
	replayable := !r.Head.HasBody()
	res.BodyConsumed = replayable
	if cl := r.Head.ContentLength; cl > 0 && cl <= replayLimit && int64(r.Body.Len()) >= cl && !r.Head.Expect100 {
		body, err := r.Body.Peek(int(cl))
		if err == nil {
			head = append(head, body...)
			_ = r.Body.Skip(int(cl))
			_ = r.Body.Release()
			replayable = true
			res.BodyConsumed = true
		}
	}
	*bufp = head

	for attempt := 0; ; attempt++ {
		conn, err := target.Pool.Get(u.now(), attempt > 0)
		if err != nil {
			res.Err = classifyDial(err, target.Address)
			return res
		}
		retry, err := u.exchange(conn, r, head, replayable, &res)
		if err == nil {
			return res
		}
		if retry && attempt == 0 && !res.Sent {
			continue
		}
		res.Err = err
		return res
	}
}

// exchange runs one attempt on conn. retry reports that the attempt
// failed on a reused connection before any response byte arrived, in a
// way that makes sending the request again safe (RFC 9110 9.2.2).
func (u *Upstream) exchange(conn *Conn, r *Request, head []byte, replayable bool, res *Result) (retry bool, err error) {
	pool := conn.pool
	_ = conn.nc.SetWriteTimeout(u.opts.BodyTimeout)
	_ = conn.nc.SetReadTimeout(u.opts.BodyTimeout)

	if err := writeFlush(conn.nc.Writer(), head); err != nil {
		pool.Discard(conn)
		// A failed flush on a pooled connection means the peer closed it;
		// nothing reached a live upstream.
		safe := conn.reused && replayable
		return safe, fmt.Errorf("%w: writing request to %s: %w", ErrUpstreamIO, pool.addr, err)
	}
	if !replayable {
		if err := u.sendBody(conn, r); err != nil {
			if u.relayEarlyResponse(conn, r, err, res) {
				return false, nil
			}
			pool.Discard(conn)
			return false, err
		}
		res.BodyConsumed = true
	}

	resp := http1.AcquireResponse()
	defer http1.ReleaseResponse(resp)
	got, err := u.readResponseHead(conn, resp)
	if err != nil {
		pool.Discard(conn)
		// A timeout is not retried: the upstream may still be working on
		// the request.
		safe := conn.reused && got == 0 && replayable && r.Head.Method.Idempotent() &&
			!errors.Is(err, ErrResponseTimeout)
		return safe, err
	}

	if err := u.relayResponse(conn, r, resp, res); err != nil {
		pool.Discard(conn)
		return false, err
	}
	return false, nil
}

func classifyDial(err error, addr string) error {
	if errors.Is(err, ErrPoolExhausted) || errors.Is(err, ErrPoolClosed) {
		return err
	}
	if isTimeout(err) {
		return fmt.Errorf("%w: %s: %w", ErrConnectTimeout, addr, err)
	}
	return fmt.Errorf("%w: %s: %w", ErrConnect, addr, err)
}

// relayEarlyResponse handles an upstream that responded and stopped
// reading before the request body was sent in full, as servers do when
// they reject a body (413, 401, 501). When sendErr is such a write
// failure and a complete response head arrives within earlyResponseWait,
// it relays that response, closes the client connection afterwards (the
// rest of the client's body is unread) and reports true.
func (u *Upstream) relayEarlyResponse(conn *Conn, r *Request, sendErr error, res *Result) bool {
	if !errors.Is(sendErr, ErrUpstreamIO) {
		return false
	}
	resp := http1.AcquireResponse()
	defer http1.ReleaseResponse(resp)
	// The response was sent before the write failed, so it is buffered or
	// in flight on loopback-like paths; a short wait is enough. A closed
	// connection with nothing buffered fails at once.
	if _, err := u.readResponseHeadWithin(conn, resp, earlyResponseWait); err != nil {
		return false
	}
	res.KeepAlive = false
	resp.KeepAlive = false // the upstream connection is unusable too
	if err := u.relayResponse(conn, r, resp, res); err != nil {
		conn.pool.Discard(conn)
		res.Err = err
	}
	return true
}

// earlyResponseWait bounds the wait for a response after a body write
// failed.
const earlyResponseWait = time.Second

// writeFlush writes b and waits until it is sent. netpoll may keep a
// reference to b until the flush returns.
func writeFlush(w netpoll.Writer, b []byte) error {
	if _, err := w.WriteBinary(b); err != nil {
		return err
	}
	return w.Flush()
}

func isTimeout(err error) bool {
	if errors.Is(err, netpoll.ErrReadTimeout) || errors.Is(err, netpoll.ErrWriteTimeout) ||
		errors.Is(err, netpoll.ErrDialTimeout) || errors.Is(err, os.ErrDeadlineExceeded) ||
		errors.Is(err, context.DeadlineExceeded) {
		return true
	}
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

func isEOF(err error) bool {
	return errors.Is(err, io.EOF) || errors.Is(err, netpoll.ErrEOF) || errors.Is(err, netpoll.ErrConnClosed)
}
