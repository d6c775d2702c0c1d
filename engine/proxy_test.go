package engine

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"gatehouse/router"
	"gatehouse/upstream"
)

// echoHandler replies with the method, path, query and body it received.
func echoHandler(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	w.Header().Set("X-Echo-Method", r.Method)
	w.Header().Set("X-Echo-Path", r.URL.Path)
	w.Header().Set("X-Echo-Query", r.URL.RawQuery)
	w.Header().Set("X-Echo-Host", r.Host)
	w.Header().Set("X-Echo-Forwarded-For", r.Header.Get("X-Forwarded-For"))
	w.Header().Set("X-Echo-Request-Id", r.Header.Get("X-Request-Id"))
	w.Write(body)
}

func TestProxyMethods(t *testing.T) {
	gw, b := proxyTo(t, Options{}, echoHandler)
	client := newClient(t)
	tests := []struct {
		method string
		body   string
	}{
		{method: "GET"},
		{method: "POST", body: `{"name":"ada"}`},
		{method: "PUT", body: "replace"},
		{method: "DELETE"},
		{method: "PATCH", body: "patch"},
		{method: "OPTIONS"},
	}
	for _, tt := range tests {
		t.Run(tt.method, func(t *testing.T) {
			req, _ := http.NewRequest(tt.method, "http://"+gw.addr+"/items/7?x=1", strings.NewReader(tt.body))
			resp, err := client.Do(req)
			if err != nil {
				t.Fatalf("%s: %v", tt.method, err)
			}
			got, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != 200 {
				t.Fatalf("status = %d, want 200", resp.StatusCode)
			}
			if m := resp.Header.Get("X-Echo-Method"); m != tt.method {
				t.Errorf("backend saw method %q, want %q", m, tt.method)
			}
			if p := resp.Header.Get("X-Echo-Path"); p != "/items/7" {
				t.Errorf("backend saw path %q, want /items/7", p)
			}
			if q := resp.Header.Get("X-Echo-Query"); q != "x=1" {
				t.Errorf("backend saw query %q, want x=1", q)
			}
			if string(got) != tt.body {
				t.Errorf("body = %q, want %q", got, tt.body)
			}
			if id := resp.Header.Get("X-Request-Id"); id == "" || id != resp.Header.Get("X-Echo-Request-Id") {
				t.Errorf("X-Request-Id echoed %q, backend saw %q; want the same non-empty id", id, resp.Header.Get("X-Echo-Request-Id"))
			}
		})
	}
	if n := b.requests.Load(); n != int64(len(tests)) {
		t.Errorf("backend requests = %d, want %d", n, len(tests))
	}
}

func TestProxyKeepsClientRequestID(t *testing.T) {
	gw, _ := proxyTo(t, Options{}, echoHandler)
	req, _ := http.NewRequest("GET", "http://"+gw.addr+"/", nil)
	req.Header.Set("X-Request-Id", "abc-123")
	resp, err := newClient(t).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if got := resp.Header.Get("X-Echo-Request-Id"); got != "abc-123" {
		t.Errorf("backend saw X-Request-Id %q, want abc-123", got)
	}
	if got := resp.Header.Get("X-Request-Id"); got != "abc-123" {
		t.Errorf("response X-Request-Id = %q, want abc-123", got)
	}
}

func TestProxyForwardedHeaders(t *testing.T) {
	var seen http.Header
	var host string
	gw, _ := proxyTo(t, Options{}, func(w http.ResponseWriter, r *http.Request) {
		seen = r.Header.Clone()
		host = r.Host
	})
	raw := dialRaw(t, gw.addr)
	raw.send("GET /a HTTP/1.1\r\nHost: api.example.com\r\nX-Forwarded-For: 6.6.6.6\r\n" +
		"Connection: keep-alive, X-Secret\r\nX-Secret: drop-me\r\nKeep-Alive: timeout=5\r\n" +
		"Upgrade: websocket\r\nX-Keep: yes\r\n\r\n")
	resp, _ := raw.readResponse("GET")
	if resp.StatusCode != 200 {
		t.Fatalf("status = %d, want 200", resp.StatusCode)
	}
	checks := []struct {
		name, want string
	}{
		{name: "X-Forwarded-For", want: "127.0.0.1"}, // the untrusted peer's list is replaced
		{name: "X-Forwarded-Proto", want: "http"},
		{name: "X-Forwarded-Host", want: "api.example.com"},
		{name: "X-Keep", want: "yes"},
		{name: "X-Secret", want: ""},
		{name: "Keep-Alive", want: ""},
		{name: "Upgrade", want: ""},
	}
	for _, c := range checks {
		if got := seen.Get(c.name); got != c.want {
			t.Errorf("backend header %s = %q, want %q", c.name, got, c.want)
		}
	}
	if host != "api.example.com" {
		t.Errorf("backend Host = %q, want api.example.com", host)
	}
}

func TestProxyTrustedProxyExtendsForwardedFor(t *testing.T) {
	var xff string
	b := startBackend(t, func(w http.ResponseWriter, r *http.Request) { xff = r.Header.Get("X-Forwarded-For") })
	u := newUpstream(t, upstream.Options{}, b.addr)
	opts := Options{TrustedProxies: mustPrefixes(t, "127.0.0.0/8")}
	gw := startGateway(t, opts, catchAll(u))
	req, _ := http.NewRequest("GET", "http://"+gw.addr+"/", nil)
	req.Header.Set("X-Forwarded-For", "203.0.113.7")
	resp, err := newClient(t).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if want := "203.0.113.7, 127.0.0.1"; xff != want {
		t.Errorf("X-Forwarded-For = %q, want %q", xff, want)
	}
}

func TestProxyLargeBodiesBothWays(t *testing.T) {
	const size = 8 << 20
	payload := bytes.Repeat([]byte("0123456789abcdef"), size/16)
	want := sha256.Sum256(payload)
	gw, _ := proxyTo(t, Options{MaxBodyBytes: 16 << 20}, func(w http.ResponseWriter, r *http.Request) {
		if r.Method == "POST" {
			h := sha256.New()
			n, _ := io.Copy(h, r.Body)
			fmt.Fprintf(w, "%d %x", n, h.Sum(nil))
			return
		}
		w.Header().Set("Content-Length", fmt.Sprint(len(payload)))
		w.Write(payload)
	})
	client := newClient(t)

	resp, err := client.Post("http://"+gw.addr+"/upload", "application/octet-stream", bytes.NewReader(payload))
	if err != nil {
		t.Fatalf("upload: %v", err)
	}
	got, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if wantEcho := fmt.Sprintf("%d %x", size, want); string(got) != wantEcho {
		t.Errorf("upload: backend got %q, want %q", got, wantEcho)
	}

	resp, err = client.Get("http://" + gw.addr + "/download")
	if err != nil {
		t.Fatalf("download: %v", err)
	}
	h := sha256.New()
	n, err := io.Copy(h, resp.Body)
	resp.Body.Close()
	if err != nil || n != size {
		t.Fatalf("download: read %d bytes, err %v; want %d bytes", n, err, size)
	}
	if got := h.Sum(nil); !bytes.Equal(got, want[:]) {
		t.Errorf("download checksum %x, want %x", got, want)
	}
}

// TestProxyStreamsDownload: the backend sends 1 MiB, then waits until
// the client has received it before sending the rest. A gateway that
// buffered the whole response before relaying it would deadlock here.
func TestProxyStreamsDownload(t *testing.T) {
	const first, total = 1 << 20, 4 << 20
	clientGotFirst := make(chan struct{})
	gw, _ := proxyTo(t, Options{}, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", fmt.Sprint(total))
		w.Write(bytes.Repeat([]byte("a"), first))
		w.(http.Flusher).Flush()
		select {
		case <-clientGotFirst:
		case <-time.After(5 * time.Second):
			return // the test fails on the short body
		}
		w.Write(bytes.Repeat([]byte("b"), total-first))
	})
	resp, err := newClient(t).Get("http://" + gw.addr + "/stream")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if _, err := io.ReadFull(resp.Body, make([]byte, first)); err != nil {
		t.Fatalf("first MiB did not arrive before the backend sent the rest: %v", err)
	}
	close(clientGotFirst)
	n, err := io.Copy(io.Discard, resp.Body)
	if err != nil || n != total-first {
		t.Fatalf("rest of body: %d bytes, err %v; want %d", n, err, total-first)
	}
}

// TestProxyStreamsUpload: the client sends 1 MiB of a 4 MiB body, then
// waits until the backend has received it. A gateway that buffered the
// whole request body before forwarding would deadlock here.
func TestProxyStreamsUpload(t *testing.T) {
	const first, total = 1 << 20, 4 << 20
	backendGotFirst := make(chan struct{})
	gw, _ := proxyTo(t, Options{MaxBodyBytes: 16 << 20}, func(w http.ResponseWriter, r *http.Request) {
		if _, err := io.ReadFull(r.Body, make([]byte, first)); err != nil {
			http.Error(w, err.Error(), 500)
			return
		}
		close(backendGotFirst)
		n, _ := io.Copy(io.Discard, r.Body)
		fmt.Fprint(w, n+first)
	})

	pr, pw := io.Pipe()
	go func() {
		pw.Write(bytes.Repeat([]byte("a"), first))
		select {
		case <-backendGotFirst:
		case <-time.After(5 * time.Second):
			pw.CloseWithError(fmt.Errorf("backend did not receive the first MiB within 5s"))
			return
		}
		pw.Write(bytes.Repeat([]byte("b"), total-first))
		pw.Close()
	}()

	req, _ := http.NewRequest("POST", "http://"+gw.addr+"/upload", pr)
	req.ContentLength = total
	resp, err := newClient(t).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if string(body) != fmt.Sprint(total) {
		t.Errorf("backend received %s bytes, want %d", body, total)
	}
}

func TestProxyChunkedBothWays(t *testing.T) {
	gw, _ := proxyTo(t, Options{}, func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		if len(r.TransferEncoding) == 0 || r.TransferEncoding[0] != "chunked" {
			http.Error(w, "request was not chunked", 400)
			return
		}
		w.Header().Set("Trailer", "X-Sum")
		w.(http.Flusher).Flush() // forces a chunked response
		for i := 0; i < 3; i++ {
			w.Write(body)
			w.(http.Flusher).Flush()
		}
		w.Header().Set("X-Sum", fmt.Sprint(3*len(body)))
	})
	raw := dialRaw(t, gw.addr)
	raw.send("POST /c HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n" +
		"5\r\nhello\r\n6;ext=1\r\n world\r\n0\r\n\r\n")
	resp, body := raw.readResponse("POST")
	if resp.StatusCode != 200 {
		t.Fatalf("status = %d (%s), want 200", resp.StatusCode, body)
	}
	if len(resp.TransferEncoding) == 0 || resp.TransferEncoding[0] != "chunked" {
		t.Errorf("response Transfer-Encoding = %v, want chunked", resp.TransferEncoding)
	}
	if want := strings.Repeat("hello world", 3); body != want {
		t.Errorf("body = %q, want %q", body, want)
	}
	if got := resp.Trailer.Get("X-Sum"); got != "33" {
		t.Errorf("trailer X-Sum = %q, want 33", got)
	}
	// The connection stays usable.
	raw.send("GET /c2 HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n")
	if resp, _ := raw.readResponse("GET"); resp.StatusCode != 200 {
		t.Errorf("second request status = %d, want 200", resp.StatusCode)
	}
}

func TestProxyReusesUpstreamConnections(t *testing.T) {
	gw, b := proxyTo(t, Options{}, echoHandler)
	client := newClient(t)
	const n = 50
	for i := 0; i < n; i++ {
		resp, err := client.Get(fmt.Sprintf("http://%s/r/%d", gw.addr, i))
		if err != nil {
			t.Fatalf("request %d: %v", i, err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}
	if got := b.requests.Load(); got != n {
		t.Errorf("backend requests = %d, want %d", got, n)
	}
	if got := b.conns.Load(); got != 1 {
		t.Errorf("backend accepted %d connections for %d sequential requests, want 1", got, n)
	}
}

func TestProxyNoBodyResponses(t *testing.T) {
	gw, _ := proxyTo(t, Options{}, func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/204":
			w.WriteHeader(204)
		case "/304":
			w.WriteHeader(304)
		default:
			w.Header().Set("Content-Length", "5")
			w.Write([]byte("hello"))
		}
	})
	tests := []struct {
		method, path string
		status       int
	}{
		{method: "HEAD", path: "/", status: 200},
		{method: "GET", path: "/204", status: 204},
		{method: "GET", path: "/304", status: 304},
	}
	raw := dialRaw(t, gw.addr)
	for _, tt := range tests {
		raw.send(tt.method + " " + tt.path + " HTTP/1.1\r\nHost: x\r\n\r\n")
		resp, body := raw.readResponse(tt.method)
		if resp.StatusCode != tt.status || body != "" {
			t.Errorf("%s %s: status %d body %q, want %d and no body", tt.method, tt.path, resp.StatusCode, body, tt.status)
		}
	}
	// A stray body byte would be read as the next status line here.
	raw.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
	if resp, body := raw.readResponse("GET"); resp.StatusCode != 200 || body != "hello" {
		t.Errorf("after no-body responses: status %d body %q, want 200 hello", resp.StatusCode, body)
	}
}

func TestProxyHTTP10Client(t *testing.T) {
	gw, _ := proxyTo(t, Options{}, func(w http.ResponseWriter, r *http.Request) {
		w.(http.Flusher).Flush() // chunked upstream response
		w.Write([]byte("streamed"))
	})
	raw := dialRaw(t, gw.addr)
	raw.send("GET / HTTP/1.0\r\n\r\n")
	resp, body := raw.readResponse("GET")
	if resp.StatusCode != 200 || body != "streamed" {
		t.Fatalf("status %d body %q, want 200 streamed", resp.StatusCode, body)
	}
	raw.expectClosed()
}

func TestRouting(t *testing.T) {
	b := startBackend(t, echoHandler)
	u := newUpstream(t, upstream.Options{}, b.addr)
	routes := []RouteSpec{
		{Match: router.Route{Name: "user", Path: "/api/users/:id", Methods: []string{"GET", "PUT"}}, Upstream: u, StripPrefix: "/api"},
		{Match: router.Route{Name: "orders", Path: "/api/users/:id/orders"}, Upstream: u, Rewrite: "/orders/by-user/:id"},
		{Match: router.Route{Name: "host", Path: "/", Prefix: true, Host: "static.example.com"}, Upstream: u, HostRewrite: "assets.internal"},
	}
	gw := startGateway(t, Options{}, routes)
	tests := []struct {
		name, method, path, host string
		status                   int
		backendPath, allow       string
		backendHost              string
	}{
		{name: "strip prefix", method: "GET", path: "/api/users/7", status: 200, backendPath: "/users/7"},
		{name: "rewrite", method: "GET", path: "/api/users/7/orders", status: 200, backendPath: "/orders/by-user/7"},
		{name: "normalized", method: "GET", path: "/api/x/../users/%37", status: 200, backendPath: "/users/7"},
		{name: "method not allowed", method: "DELETE", path: "/api/users/7", status: 405, allow: "GET, HEAD, PUT"},
		{name: "not found", method: "GET", path: "/nope", status: 404},
		{name: "host route", method: "GET", path: "/img.png", host: "static.example.com", status: 200, backendPath: "/img.png", backendHost: "assets.internal"},
		{name: "encoded slash rejected", method: "GET", path: "/api/users/a%2Fb", status: 400},
	}
	client := newClient(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, _ := http.NewRequest(tt.method, "http://"+gw.addr+tt.path, nil)
			if tt.host != "" {
				req.Host = tt.host
			}
			resp, err := client.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode != tt.status {
				t.Fatalf("status = %d, want %d", resp.StatusCode, tt.status)
			}
			if tt.backendPath != "" {
				if got := resp.Header.Get("X-Echo-Path"); got != tt.backendPath {
					t.Errorf("backend path = %q, want %q", got, tt.backendPath)
				}
			}
			if tt.allow != "" {
				if got := resp.Header.Get("Allow"); got != tt.allow {
					t.Errorf("Allow = %q, want %q", got, tt.allow)
				}
			}
			if tt.backendHost != "" {
				if got := resp.Header.Get("X-Echo-Host"); got != tt.backendHost {
					t.Errorf("backend Host = %q, want %q", got, tt.backendHost)
				}
			}
		})
	}
}
