package engine

import (
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"gatehouse/engine/http1"
	"gatehouse/router"
	"gatehouse/upstream"
)

// TestMalformedRequestsNeverReachBackend sends each framing violation on
// a raw socket and checks the status, that the connection closes, and
// that the backend saw nothing.
func TestMalformedRequestsNeverReachBackend(t *testing.T) {
	gw, b := proxyTo(t, Options{Limits: http1.Limits{MaxURIBytes: 1024}}, echoHandler)
	tests := []struct {
		name    string
		request string
		status  int
	}{
		{name: "content length and transfer encoding", request: "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", status: 400},
		{name: "conflicting content length", request: "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd", status: 400},
		{name: "malformed content length", request: "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: +3\r\n\r\nabc", status: 400},
		{name: "transfer encoding not chunked", request: "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n", status: 400},
		{name: "unknown coding before chunked", request: "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", status: 501},
		{name: "chunked not final", request: "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked, gzip\r\n\r\n", status: 400},
		{name: "obs fold", request: "GET / HTTP/1.1\r\nHost: x\r\nX-A: 1\r\n  2\r\n\r\n", status: 400},
		{name: "bare LF", request: "GET / HTTP/1.1\nHost: x\n\n", status: 400},
		{name: "bare CR", request: "GET / HTTP/1.1\r\nHost: x\rX: y\r\n\r\n", status: 400},
		{name: "space before colon", request: "GET / HTTP/1.1\r\nHost : x\r\n\r\n", status: 400},
		{name: "empty header name", request: "GET / HTTP/1.1\r\nHost: x\r\n: v\r\n\r\n", status: 400},
		{name: "invalid header name", request: "GET / HTTP/1.1\r\nHost: x\r\nX(y): v\r\n\r\n", status: 400},
		{name: "NUL in value", request: "GET / HTTP/1.1\r\nHost: x\r\nX: a\x00b\r\n\r\n", status: 400},
		{name: "missing host", request: "GET / HTTP/1.1\r\n\r\n", status: 400},
		{name: "HTTP/2 version", request: "GET / HTTP/2.0\r\nHost: x\r\n\r\n", status: 505},
		{name: "URI too long", request: "GET /" + strings.Repeat("a", 2000) + " HTTP/1.1\r\nHost: x\r\n\r\n", status: 414},
		{name: "header too large", request: "GET / HTTP/1.1\r\nHost: x\r\nX: " + strings.Repeat("a", 20000) + "\r\n\r\n", status: 431},
		{name: "too many headers", request: "GET / HTTP/1.1\r\nHost: x\r\n" + strings.Repeat("X-A: 1\r\n", 101) + "\r\n", status: 431},
		{name: "invalid escape", request: "GET /a%zz HTTP/1.1\r\nHost: x\r\n\r\n", status: 400},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			raw := dialRaw(t, gw.addr)
			raw.send(tt.request)
			resp, body := raw.readResponse("GET")
			if resp.StatusCode != tt.status {
				t.Fatalf("status = %d (%s), want %d", resp.StatusCode, body, tt.status)
			}
			if ct := resp.Header.Get("Content-Type"); ct != "application/json" {
				t.Errorf("Content-Type = %q, want application/json", ct)
			}
			if tt.status != 404 && tt.name != "invalid escape" {
				raw.expectClosed()
			}
		})
	}
	if got := b.requests.Load(); got != 0 {
		t.Errorf("backend received %d requests, want 0", got)
	}
}

func TestBodyTooLargeIs413(t *testing.T) {
	var completeBodies atomic.Int64
	gw, _ := proxyTo(t, Options{MaxBodyBytes: 1000}, func(w http.ResponseWriter, r *http.Request) {
		if _, err := io.ReadAll(r.Body); err == nil && r.URL.Path == "/" {
			completeBodies.Add(1)
		}
		echoHandler(w, r)
	})
	raw := dialRaw(t, gw.addr)
	// A small body that already arrived is skipped, so the connection
	// stays usable and the body is not read as a request.
	raw.send("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\n\r\n" + strings.Repeat("a", 5000) +
		"GET /after HTTP/1.1\r\nHost: x\r\n\r\n")
	resp, _ := raw.readResponse("POST")
	if resp.StatusCode != 413 {
		t.Fatalf("status = %d, want 413", resp.StatusCode)
	}
	resp, _ = raw.readResponse("GET")
	if got := resp.Header.Get("X-Echo-Path"); resp.StatusCode != 200 || got != "/after" {
		t.Fatalf("request after the drained body: status %d path %q, want 200 /after", resp.StatusCode, got)
	}

	raw = dialRaw(t, gw.addr)
	raw.send("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n" +
		"400\r\n" + strings.Repeat("a", 1024) + "\r\n0\r\n\r\n")
	resp, _ = raw.readResponse("POST")
	if resp.StatusCode != 413 {
		t.Errorf("chunked: status = %d, want 413", resp.StatusCode)
	}
	raw.expectClosed()
	// The chunked request may have started to stream to the backend
	// before it crossed the limit. The gateway then dropped that upstream
	// connection, so no oversized body ever arrived complete.
	if got := completeBodies.Load(); got != 0 {
		t.Errorf("backend received %d complete oversized bodies, want 0", got)
	}
}

// TestSplitHeadParsed writes a head a few bytes at a time with pauses.
// The request must be served, and the handler must not be invoked once
// per write (it blocks for the rest of the head instead of spinning).
func TestSplitHeadParsed(t *testing.T) {
	gw, b := proxyTo(t, Options{}, echoHandler)
	before := gw.srv.Stats().HandlerCalls
	raw := dialRaw(t, gw.addr)
	req := "GET /split HTTP/1.1\r\nHost: example.com\r\nUser-Agent: test\r\nAccept: */*\r\n\r\n"
	for i := 0; i < len(req); i += 3 {
		raw.send(req[i:min(i+3, len(req))])
		time.Sleep(5 * time.Millisecond)
	}
	resp, _ := raw.readResponse("GET")
	if resp.StatusCode != 200 || resp.Header.Get("X-Echo-Path") != "/split" {
		t.Fatalf("status %d path %q, want 200 /split", resp.StatusCode, resp.Header.Get("X-Echo-Path"))
	}
	writes := (len(req) + 2) / 3
	if calls := gw.srv.Stats().HandlerCalls - before; calls > 3 {
		t.Errorf("handler invoked %d times for a head sent in %d writes, want at most 3", calls, writes)
	}
	if b.requests.Load() != 1 {
		t.Errorf("backend requests = %d, want 1", b.requests.Load())
	}
}

func TestSlowlorisGets408(t *testing.T) {
	gw, b := proxyTo(t, Options{ReadHeaderTimeout: 300 * time.Millisecond}, echoHandler)
	raw := dialRaw(t, gw.addr)
	start := time.Now()
	// Keep sending header bytes slower than the deadline allows in total.
	go func() {
		for i := 0; i < 20; i++ {
			if _, err := io.WriteString(raw.c, "X-Slow: 1\r\n"[:1]); err != nil {
				return
			}
			time.Sleep(50 * time.Millisecond)
		}
	}()
	raw.send("GET / HTTP/1.1\r\nHost: x\r\n")
	resp, _ := raw.readResponse("GET")
	if resp.StatusCode != 408 {
		t.Fatalf("status = %d, want 408", resp.StatusCode)
	}
	if elapsed := time.Since(start); elapsed > 2*time.Second {
		t.Errorf("408 after %v, want about 300ms even though bytes kept arriving", elapsed)
	}
	raw.expectClosed()
	if b.requests.Load() != 0 {
		t.Errorf("backend requests = %d, want 0", b.requests.Load())
	}
}

func TestSilentConnectionClosed(t *testing.T) {
	gw, _ := proxyTo(t, Options{ReadHeaderTimeout: 300 * time.Millisecond}, echoHandler)
	raw := dialRaw(t, gw.addr)
	raw.expectClosed()
}

func TestIdleKeepAliveClosed(t *testing.T) {
	gw, _ := proxyTo(t, Options{IdleTimeout: 300 * time.Millisecond}, echoHandler)
	raw := dialRaw(t, gw.addr)
	raw.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
	if resp, _ := raw.readResponse("GET"); resp.StatusCode != 200 {
		t.Fatalf("status = %d, want 200", resp.StatusCode)
	}
	waitFor(t, func() bool { return gw.srv.Stats().OpenConnections == 1 })
	start := time.Now()
	raw.expectClosed()
	if elapsed := time.Since(start); elapsed < 200*time.Millisecond {
		t.Errorf("closed after %v, want about the 300ms idle timeout", elapsed)
	}
}

func TestMaxConnectionsRejected(t *testing.T) {
	gw, _ := proxyTo(t, Options{MaxConnections: 2}, echoHandler)
	a := dialRaw(t, gw.addr)
	b := dialRaw(t, gw.addr)
	waitFor(t, func() bool { return gw.srv.Stats().OpenConnections >= 2 })
	c := dialRaw(t, gw.addr)
	resp, _ := c.readResponse("GET")
	if resp.StatusCode != 503 {
		t.Fatalf("third connection: status = %d, want 503", resp.StatusCode)
	}
	c.expectClosed()
	for i, raw := range []*rawConn{a, b} {
		raw.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
		if resp, _ := raw.readResponse("GET"); resp.StatusCode != 200 {
			t.Errorf("connection %d: status = %d, want 200", i, resp.StatusCode)
		}
	}
}

func TestPipelinedRequestsAnsweredInOrder(t *testing.T) {
	gw, b := proxyTo(t, Options{}, echoHandler)
	raw := dialRaw(t, gw.addr)
	var batch strings.Builder
	for i := 0; i < 5; i++ {
		fmt.Fprintf(&batch, "GET /p/%d HTTP/1.1\r\nHost: x\r\n\r\n", i)
	}
	batch.WriteString("POST /p/5 HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n\r\nbody")
	raw.send(batch.String())
	for i := 0; i < 6; i++ {
		resp, body := raw.readResponse("GET")
		if want := fmt.Sprintf("/p/%d", i); resp.Header.Get("X-Echo-Path") != want {
			t.Fatalf("response %d for path %q, want %q", i, resp.Header.Get("X-Echo-Path"), want)
		}
		if i == 5 && body != "body" {
			t.Errorf("POST body = %q, want body", body)
		}
	}
	if got := b.requests.Load(); got != 6 {
		t.Errorf("backend requests = %d, want 6", got)
	}
}

// TestLocalReplyThenPipelined: a request the gateway replies to itself
// (417) is followed by a pipelined request on the same connection. The
// second must be served, and body bytes of the first must never be read
// as a request.
func TestLocalReplyThenPipelined(t *testing.T) {
	gw, b := proxyTo(t, Options{}, echoHandler)
	raw := dialRaw(t, gw.addr)
	// 417 is a local reply to a request with a small buffered body, which
	// is skipped so the connection stays usable.
	raw.send("POST /a HTTP/1.1\r\nHost: x\r\nExpect: something\r\nContent-Length: 24\r\n\r\n" +
		"GET /smuggled HTTP/1.1\r\n" + // 24 bytes of body that look like a request line
		"GET /next HTTP/1.1\r\nHost: x\r\n\r\n")
	resp, _ := raw.readResponse("POST")
	if resp.StatusCode != 417 {
		t.Fatalf("first status = %d, want 417", resp.StatusCode)
	}
	resp, _ = raw.readResponse("GET")
	if got := resp.Header.Get("X-Echo-Path"); resp.StatusCode != 200 || got != "/next" {
		t.Fatalf("second: status %d path %q, want 200 /next", resp.StatusCode, got)
	}
	if got := b.requests.Load(); got != 1 {
		t.Errorf("backend requests = %d, want 1 (/next only)", got)
	}
}

// TestLocalReplyClosesWhenBodyUnread: a local reply to a request whose
// body has not arrived closes the connection rather than read the body
// as a request.
func TestLocalReplyClosesWhenBodyUnread(t *testing.T) {
	gw, b := proxyTo(t, Options{MaxBodyBytes: 10}, echoHandler)
	raw := dialRaw(t, gw.addr)
	raw.send("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n")
	resp, _ := raw.readResponse("POST")
	if resp.StatusCode != 413 {
		t.Fatalf("status = %d, want 413", resp.StatusCode)
	}
	if resp.Header.Get("Connection") != "close" && !resp.Close {
		t.Errorf("413 without Connection: close")
	}
	raw.expectClosed()
	if b.requests.Load() != 0 {
		t.Errorf("backend requests = %d, want 0", b.requests.Load())
	}
}

func TestExpectContinue(t *testing.T) {
	gw, _ := proxyTo(t, Options{}, echoHandler)
	raw := dialRaw(t, gw.addr)
	raw.send("PUT /e HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n")
	_ = raw.c.SetReadDeadline(time.Now().Add(3 * time.Second))
	line, err := raw.br.ReadString('\n')
	if err != nil || !strings.HasPrefix(line, "HTTP/1.1 100 ") {
		t.Fatalf("first line %q (err %v), want HTTP/1.1 100 Continue", line, err)
	}
	if blank, _ := raw.br.ReadString('\n'); blank != "\r\n" {
		t.Fatalf("interim response not terminated by an empty line: %q", blank)
	}
	raw.send("hello")
	resp, body := raw.readResponse("PUT")
	if resp.StatusCode != 200 || body != "hello" {
		t.Errorf("status %d body %q, want 200 hello", resp.StatusCode, body)
	}
}

func TestHeadRequestLocalReplyHasNoBody(t *testing.T) {
	gw, _ := proxyTo(t, Options{}, echoHandler)
	raw := dialRaw(t, gw.addr)
	raw.send("HEAD /a HTTP/1.1\r\nHost: x\r\nExpect: nope\r\n\r\nGET /b HTTP/1.1\r\nHost: x\r\n\r\n")
	resp, body := raw.readResponse("HEAD")
	if resp.StatusCode != 417 || body != "" {
		t.Fatalf("HEAD: status %d body %q, want 417 and no body", resp.StatusCode, body)
	}
	resp, _ = raw.readResponse("GET")
	if resp.StatusCode != 200 {
		t.Errorf("next request status = %d, want 200", resp.StatusCode)
	}
}

func TestConnectionCloseHonored(t *testing.T) {
	gw, _ := proxyTo(t, Options{}, echoHandler)
	raw := dialRaw(t, gw.addr)
	raw.send("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
	resp, _ := raw.readResponse("GET")
	if resp.StatusCode != 200 || !resp.Close {
		t.Fatalf("status %d close %v, want 200 with Connection: close", resp.StatusCode, resp.Close)
	}
	raw.expectClosed()
}

func TestMaxRequestsPerConnection(t *testing.T) {
	gw, _ := proxyTo(t, Options{MaxRequestsPerConn: 2}, echoHandler)
	client := newClient(t)
	for i := 0; i < 4; i++ {
		resp, err := client.Get("http://" + gw.addr + "/")
		if err != nil {
			t.Fatalf("request %d: %v", i, err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if wantClose := i%2 == 1; resp.Close != wantClose {
			t.Errorf("request %d: Connection close = %v, want %v", i, resp.Close, wantClose)
		}
	}
}

// TestBodyTooLargeClientSeesReply: a client still writing a large body
// when the gateway rejects it must read the 413, not fail with a reset.
// The gateway drains for a while before it closes.
func TestBodyTooLargeClientSeesReply(t *testing.T) {
	gw, b := proxyTo(t, Options{MaxBodyBytes: 1 << 20}, echoHandler)
	resp, err := newClient(t).Post("http://"+gw.addr+"/upload", "application/octet-stream",
		strings.NewReader(strings.Repeat("x", 8<<20)))
	if err != nil {
		t.Fatalf("POST: %v (want the 413 reply)", err)
	}
	resp.Body.Close()
	if resp.StatusCode != 413 {
		t.Errorf("status = %d, want 413", resp.StatusCode)
	}
	if got := b.requests.Load(); got != 0 {
		t.Errorf("backend requests = %d, want 0", got)
	}
}

// TestLocalRepliesKeepPipelineInOrder sends, for each kind of local
// reply, a request with a small body followed by a pipelined GET on the
// same connection. The GET must be served next, never misread from the
// first request's body.
func TestLocalRepliesKeepPipelineInOrder(t *testing.T) {
	b := startBackend(t, echoHandler)
	u := newUpstream(t, upstream.Options{}, b.addr)
	routes := []RouteSpec{
		{Match: router.Route{Name: "get-only", Path: "/get-only", Methods: []string{"GET"}}, Upstream: u},
		{Match: router.Route{Name: "next", Path: "/next"}, Upstream: u},
	}
	gw := startGateway(t, Options{MaxBodyBytes: 100}, routes)
	body := "GET /evil HTTP/1.1\r\nHost: x\r\n\r\n" // a body that looks like a request
	tests := []struct {
		name, requestLine, extra string
		bodyLen                  int
		status                   int
	}{
		{name: "404", requestLine: "POST /missing HTTP/1.1", status: 404},
		{name: "405", requestLine: "POST /get-only HTTP/1.1", status: 405},
		{name: "400 path", requestLine: "POST /a/%2F HTTP/1.1", status: 400},
		{name: "413", requestLine: "POST /next HTTP/1.1", extra: "", bodyLen: 200, status: 413},
		{name: "417", requestLine: "POST /next HTTP/1.1", extra: "Expect: nope\r\n", status: 417},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			payload := body
			if tt.bodyLen > len(payload) {
				payload += strings.Repeat("x", tt.bodyLen-len(payload))
			}
			raw := dialRaw(t, gw.addr)
			raw.send(fmt.Sprintf("%s\r\nHost: x\r\n%sContent-Length: %d\r\n\r\n%sGET /next HTTP/1.1\r\nHost: x\r\n\r\n",
				tt.requestLine, tt.extra, len(payload), payload))
			resp, _ := raw.readResponse("POST")
			if resp.StatusCode != tt.status {
				t.Fatalf("first status = %d, want %d", resp.StatusCode, tt.status)
			}
			resp, _ = raw.readResponse("GET")
			if got := resp.Header.Get("X-Echo-Path"); resp.StatusCode != 200 || got != "/next" {
				t.Fatalf("second: status %d path %q, want 200 /next", resp.StatusCode, got)
			}
		})
	}
	if got := b.requests.Load(); got != int64(len(tests)) {
		t.Errorf("backend requests = %d, want %d (only the pipelined GETs)", got, len(tests))
	}
}
