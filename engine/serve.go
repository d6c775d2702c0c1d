package engine

import (
	"context"
	"errors"
	"io"
	"os"
	"runtime/debug"
	"time"

	"github.com/cloudwego/netpoll"

	"gatehouse/engine/http1"
)

// onRequest is netpoll's callback: bytes are buffered on an idle
// connection. It serves requests until the buffer is empty, then returns
// the connection to idle. netpoll calls it again at once while unread
// bytes remain, so it never returns with half a head buffered: it blocks
// in the reader for the rest, bounded by ReadHeaderTimeout.
func (s *Server) onRequest(ctx context.Context, nc netpoll.Connection) error {
	s.onRequestCalls.Add(1)
	c := ctx.Value(connKey{}).(*conn)
	if !c.state.CompareAndSwap(stateIdle, stateActive) {
		return nil // closed by the sweeper or by shutdown
	}
	defer func() {
		if p := recover(); p != nil {
			s.log.Error("panic while serving a request; connection closed",
				"client_ip", string(c.clientIP), "panic", p, "stack", string(debug.Stack()))
			s.closeConn(c)
		}
	}()

	c.req = http1.AcquireRequest()
	defer func() {
		http1.ReleaseRequest(c.req)
		c.req = nil
	}()
	for {
		if !s.serveRequest(c) {
			if x := &c.exchange; x.Req != nil && x.responded && !x.bodyRead && x.Req.HasBody() {
				s.lingerDrain(c)
			}
			s.closeConn(c)
			return nil
		}
		if nc.Reader().Len() == 0 {
			break
		}
	}
	c.state.CompareAndSwap(stateActive, stateIdle)
	if s.draining.Load() {
		s.closeConn(c)
	}
	return nil
}

// Lingering drain bounds: how long and how much of an unread request
// body is read and dropped after a reply, before the connection closes.
const (
	lingerTime     = 2 * time.Second
	lingerWait     = 500 * time.Millisecond
	lingerMaxBytes = 64 << 20
)

// lingerDrain reads and drops what the client still sends of a request
// body the gateway replied to without reading, for at most lingerTime
// and lingerMaxBytes. Closing at once with unread bytes makes the kernel
// send a reset, and a client still writing its body then fails with
// "connection reset" and never reads the reply (the reason nginx has
// lingering_close).
func (s *Server) lingerDrain(c *conn) {
	r := c.nc.Reader()
	_ = c.nc.SetReadTimeout(lingerWait)
	deadline := time.Now().Add(lingerTime)
	drained := 0
	for drained < lingerMaxBytes && time.Now().Before(deadline) {
		if r.Len() == 0 {
			if _, err := r.Peek(1); err != nil {
				return // the client closed, or stayed silent for lingerWait
			}
		}
		n := r.Len()
		drained += n
		_ = r.Skip(n)
		_ = r.Release()
	}
}

func (s *Server) closeConn(c *conn) {
	c.state.Store(stateClosed)
	_ = c.nc.Close()
}

// serveRequest reads, parses and serves one request. It returns false
// when the connection must close.
func (s *Server) serveRequest(c *conn) bool {
	nc := c.nc
	r := nc.Reader()
	x := &c.exchange
	x.Req = nil // no request yet, so nothing to drain on failure

	head, err := s.readHead(nc)
	if err != nil {
		return s.headFailed(c, err)
	}

	req := c.req
	req.Reset()
	perr := req.Parse(head, &s.opts.Limits)
	_ = r.Skip(len(head))
	_ = r.Release()
	s.requests.Add(1)
	served := c.served.Add(1)
	x.reset(req)
	if perr != nil {
		// A body announced by a rejected head is drained before the
		// close, so the client reads the reply instead of a reset.
		s.replyAndClose(c, http1.StatusOf(perr), replyMessage(perr))
		x.responded = true
		return false
	}

	x.KeepAlive = req.KeepAlive && !s.draining.Load() &&
		(s.opts.MaxRequestsPerConn == 0 || served < int64(s.opts.MaxRequestsPerConn))
	_ = nc.SetReadTimeout(s.opts.ReadBodyTimeout)

	s.handler.Serve(x)

	if !x.responded {
		// A handler that returns without a response is a bug. The client
		// still gets a reply.
		x.Reply(500, "internal error: no response was produced", nil)
	}
	return x.KeepAlive
}

// readHead returns the next request head. A head already buffered in
// full, the common case, is returned without reading the clock. Otherwise
// it waits with a deadline of ReadHeaderTimeout from now, which bounds the
// whole head however slowly its bytes arrive (the sweeper bounds the wait
// for a first byte).
func (s *Server) readHead(nc netpoll.Connection) ([]byte, error) {
	r := nc.Reader()
	maxBytes := s.opts.Limits.MaxHeaderBytes
	if n := r.Len(); n > 0 {
		buf, err := r.Peek(n)
		if err != nil {
			return nil, err
		}
		end, _, err := http1.HeadEnd(buf, 0, maxBytes)
		if err != nil {
			return nil, err
		}
		if end > 0 {
			return buf[:end], nil
		}
	}
	_ = nc.SetReadDeadline(time.Now().Add(s.opts.ReadHeaderTimeout))
	return http1.ReadHead(r, maxBytes)
}

// headFailed replies to a head that could not be read and reports whether
// the connection stays open (it never does).
func (s *Server) headFailed(c *conn, err error) bool {
	var perr *http1.Error
	switch {
	case errors.As(err, &perr):
		s.replyAndClose(c, perr.Status, replyMessage(err))
	case errors.Is(err, os.ErrDeadlineExceeded) || errors.Is(err, netpoll.ErrReadTimeout):
		s.replyAndClose(c, 408, "request header timed out")
	case errors.Is(err, io.EOF), errors.Is(err, netpoll.ErrEOF), errors.Is(err, netpoll.ErrConnClosed):
		// The client closed the connection, so no reply is sent.
	default:
		s.errLog.Warn("reading request head failed", "client_ip", string(c.clientIP), "error", err)
	}
	return false
}

// replyAndClose sends a local reply with Connection: close.
func (s *Server) replyAndClose(c *conn, status int, msg string) {
	out := http1.AppendLocalReply(c.exchange.scratch[:0], status, msg, true, false, nil)
	w := c.nc.Writer()
	_, err := w.WriteBinary(out)
	if err == nil {
		err = w.Flush()
	}
	if err != nil {
		s.errLog.Warn("writing a local reply failed", "client_ip", string(c.clientIP), "status", status, "error", err)
	}
}

// replyMessage turns a codec error into the message of a local reply.
// Codec errors report sizes and offsets only, never the client's bytes.
func replyMessage(err error) string {
	var perr *http1.Error
	if errors.As(err, &perr) {
		return perr.Error()
	}
	return "bad request"
}
