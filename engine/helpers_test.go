package engine

import (
	"bufio"
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"gatehouse/router"
	"gatehouse/upstream"
)

// backend is a real net/http server on 127.0.0.1 that counts requests
// and accepted connections.
type backend struct {
	addr     string
	srv      *http.Server
	requests atomic.Int64
	conns    atomic.Int64
}

func startBackend(t *testing.T, h http.HandlerFunc) *backend {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("backend listen: %v", err)
	}
	b := &backend{addr: ln.Addr().String()}
	b.srv = &http.Server{
		Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			b.requests.Add(1)
			h(w, r)
		}),
		ConnState: func(_ net.Conn, st http.ConnState) {
			if st == http.StateNew {
				b.conns.Add(1)
			}
		},
	}
	go b.srv.Serve(ln)
	t.Cleanup(func() { b.srv.Close() })
	return b
}

// gateway is a running Server with one catch-all route unless routes are
// given.
type gateway struct {
	srv  *Server
	gw   *Gateway
	addr string
}

func testLogger(t *testing.T) *slog.Logger {
	return slog.New(slog.NewTextHandler(testWriter{t}, &slog.HandlerOptions{Level: slog.LevelWarn}))
}

type testWriter struct{ t *testing.T }

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimRight(string(p), "\n"))
	return len(p), nil
}

func newUpstream(t *testing.T, opts upstream.Options, addrs ...string) *upstream.Upstream {
	t.Helper()
	specs := make([]upstream.TargetSpec, len(addrs))
	for i, a := range addrs {
		specs[i] = upstream.TargetSpec{Address: a, Weight: 1}
	}
	u, err := upstream.New("test", specs, opts)
	if err != nil {
		t.Fatalf("upstream.New: %v", err)
	}
	return u
}

func catchAll(u *upstream.Upstream) []RouteSpec {
	return []RouteSpec{{Match: router.Route{Name: "all", Path: "/", Prefix: true}, Upstream: u}}
}

func startGateway(t *testing.T, opts Options, routes []RouteSpec) *gateway {
	t.Helper()
	g, err := NewGateway(routes)
	if err != nil {
		t.Fatalf("NewGateway: %v", err)
	}
	if opts.Addr == "" {
		opts.Addr = "127.0.0.1:0"
	}
	opts.Logger = testLogger(t)
	srv, err := NewServer(opts, g)
	if err != nil {
		t.Fatalf("NewServer: %v", err)
	}
	done := make(chan error, 1)
	// The listener is bound in NewServer, so clients may connect at once;
	// their connections wait in the backlog until Serve accepts them.
	go func() { done <- srv.Serve() }()
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(ctx)
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			t.Errorf("server did not stop within 5s of Shutdown")
		}
		g.Close()
	})
	return &gateway{srv: srv, gw: g, addr: srv.Addr().String()}
}

// proxyTo starts a backend with h and a gateway routing everything to it.
func proxyTo(t *testing.T, opts Options, h http.HandlerFunc) (*gateway, *backend) {
	t.Helper()
	b := startBackend(t, h)
	u := newUpstream(t, upstream.Options{}, b.addr)
	return startGateway(t, opts, catchAll(u)), b
}

// newClient returns a net/http client with its own keep-alive pool.
func newClient(t *testing.T) *http.Client {
	tr := &http.Transport{MaxIdleConnsPerHost: 16}
	t.Cleanup(tr.CloseIdleConnections)
	return &http.Client{Transport: tr, Timeout: 10 * time.Second}
}

// rawConn is a raw TCP client for requests net/http would not send.
type rawConn struct {
	t  *testing.T
	c  net.Conn
	br *bufio.Reader
}

func dialRaw(t *testing.T, addr string) *rawConn {
	t.Helper()
	c, err := net.DialTimeout("tcp", addr, 2*time.Second)
	if err != nil {
		t.Fatalf("dial %s: %v", addr, err)
	}
	t.Cleanup(func() { c.Close() })
	_ = c.SetDeadline(time.Now().Add(10 * time.Second))
	return &rawConn{t: t, c: c, br: bufio.NewReader(c)}
}

func (r *rawConn) send(s string) {
	r.t.Helper()
	if _, err := io.WriteString(r.c, s); err != nil {
		r.t.Fatalf("write: %v", err)
	}
}

// readResponse reads one response with net/http's parser and its body.
func (r *rawConn) readResponse(method string) (*http.Response, string) {
	r.t.Helper()
	resp, err := http.ReadResponse(r.br, &http.Request{Method: method})
	if err != nil {
		r.t.Fatalf("read response: %v", err)
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		r.t.Fatalf("read body: %v", err)
	}
	return resp, string(body)
}

// expectClosed asserts the server closes the connection with no more
// bytes.
func (r *rawConn) expectClosed() {
	r.t.Helper()
	_ = r.c.SetReadDeadline(time.Now().Add(3 * time.Second))
	b, err := r.br.ReadByte()
	if err == nil {
		r.t.Fatalf("read byte %q after the response, want the connection closed", b)
	}
	if ne, ok := err.(net.Error); ok && ne.Timeout() {
		r.t.Fatalf("connection still open 3s after the response, want it closed")
	}
}

func discardLogger() *slog.Logger {
	return slog.New(slog.NewTextHandler(io.Discard, nil))
}
