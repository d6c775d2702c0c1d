package engine

import (
	"gatehouse/engine/http1"
	"gatehouse/router"
)

// Exchange is one request on a client connection, handed to a Handler.
// It is owned by the connection's active goroutine and reused for the
// next request, so a Handler must not keep it after Serve returns.
type Exchange struct {
	// Req is the parsed request head.
	Req *http1.Request
	// KeepAlive is whether the connection stays open after this exchange.
	// The engine sets it from the request; handlers may only clear it.
	KeepAlive bool
	// Status is the status sent to the client, for logs.
	Status int

	conn      *conn
	responded bool
	// bodyRead is set when the request body was consumed, so a local
	// reply need not drain it.
	bodyRead bool
	scratch  [512]byte
}

func (x *Exchange) reset(req *http1.Request) {
	x.Req = req
	x.Status = 0
	x.responded = false
	x.bodyRead = false
}

// ClientIP returns the TCP peer's address in text form.
func (x *Exchange) ClientIP() []byte { return x.conn.clientIP }

// TrustedPeer reports whether the peer is a configured trusted proxy.
func (x *Exchange) TrustedPeer() bool { return x.conn.trusted }

// Params returns the route parameter storage for this request.
func (x *Exchange) Params() *router.Params { return &x.conn.params }

// drainLimit is the largest unread request body a local reply skips to
// keep the connection; a larger one, or one not yet received, closes it.
const drainLimit = 64 << 10

// Reply sends a local reply: a small JSON body {"error": msg, "status":
// status}. extra holds pre-formatted header lines, each ending in CRLF.
// An unread request body is skipped when it is small and already
// buffered. Otherwise the connection closes, so no body byte is ever read
// as the next request.
func (x *Exchange) Reply(status int, msg string, extra []byte) {
	x.responded = true
	x.Status = status
	if !x.bodyRead && x.Req.HasBody() && !x.skipBufferedBody() {
		x.KeepAlive = false
	}
	if x.conn.srv.draining.Load() {
		x.KeepAlive = false // shutdown began while the request ran
	}
	out := http1.AppendLocalReply(x.scratch[:0], status, msg, !x.KeepAlive,
		x.Req.Method == http1.MethodHead, extra)
	w := x.conn.nc.Writer()
	_, err := w.WriteBinary(out)
	if err == nil {
		err = w.Flush()
	}
	if err != nil {
		x.KeepAlive = false
		x.conn.srv.errLog.Warn("writing a local reply failed", "client_ip", string(x.conn.clientIP), "status", status, "error", err)
	}
}

// skipBufferedBody skips a Content-Length body that is fully buffered and
// at most drainLimit bytes, and reports whether it did.
func (x *Exchange) skipBufferedBody() bool {
	cl := x.Req.ContentLength
	if x.Req.Chunked || cl > drainLimit {
		return false
	}
	r := x.conn.nc.Reader()
	if int64(r.Len()) < cl {
		return false
	}
	_ = r.Skip(int(cl))
	_ = r.Release()
	x.bodyRead = true
	return true
}
