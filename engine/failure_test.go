package engine

import (
	"bufio"
	"io"
	"net"
	"net/http"
	"net/netip"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"gatehouse/upstream"
)

func mustPrefixes(t *testing.T, cidrs ...string) []netip.Prefix {
	t.Helper()
	var out []netip.Prefix
	for _, c := range cidrs {
		p, err := netip.ParsePrefix(c)
		if err != nil {
			t.Fatalf("parse %q: %v", c, err)
		}
		out = append(out, p)
	}
	return out
}

// freeAddr returns a loopback address with nothing listening on it.
func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}

func getStatus(t *testing.T, client *http.Client, url string) (int, string) {
	t.Helper()
	resp, err := client.Get(url)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	return resp.StatusCode, string(body)
}

func TestUpstreamDownIs502(t *testing.T) {
	u := newUpstream(t, upstream.Options{}, freeAddr(t))
	gw := startGateway(t, Options{}, catchAll(u))
	status, body := getStatus(t, newClient(t), "http://"+gw.addr+"/")
	if status != 502 {
		t.Fatalf("status = %d, want 502", status)
	}
	if !strings.Contains(body, `"status":502`) {
		t.Errorf("body = %q, want a JSON error with status 502", body)
	}
}

func TestUpstreamSlowIs504(t *testing.T) {
	release := make(chan struct{})
	b := startBackend(t, func(w http.ResponseWriter, r *http.Request) { <-release })
	defer close(release)
	u := newUpstream(t, upstream.Options{ResponseHeaderTimeout: 200 * time.Millisecond}, b.addr)
	gw := startGateway(t, Options{}, catchAll(u))
	start := time.Now()
	status, _ := getStatus(t, newClient(t), "http://"+gw.addr+"/slow")
	if status != 504 {
		t.Fatalf("status = %d, want 504", status)
	}
	if elapsed := time.Since(start); elapsed > 3*time.Second {
		t.Errorf("504 took %v, want about the 200ms response header timeout", elapsed)
	}
}

// rawBackend serves each accepted connection with fn, on 127.0.0.1.
func rawBackend(t *testing.T, fn func(c net.Conn, br *bufio.Reader)) (addr string, accepted *atomic.Int64) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	accepted = new(atomic.Int64)
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			accepted.Add(1)
			go func() {
				defer c.Close()
				_ = c.SetDeadline(time.Now().Add(10 * time.Second))
				fn(c, bufio.NewReader(c))
			}()
		}
	}()
	return ln.Addr().String(), accepted
}

// readRequestHead consumes one request head (no body) from br.
func readRequestHead(br *bufio.Reader) bool {
	req, err := http.ReadRequest(br)
	if err != nil {
		return false
	}
	io.Copy(io.Discard, req.Body)
	return true
}

func TestUpstreamClosesMidBody(t *testing.T) {
	addr, _ := rawBackend(t, func(c net.Conn, br *bufio.Reader) {
		if readRequestHead(br) {
			io.WriteString(c, "HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\npartial")
		}
	})
	u := newUpstream(t, upstream.Options{}, addr)
	gw := startGateway(t, Options{}, catchAll(u))
	raw := dialRaw(t, gw.addr)
	raw.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
	resp, err := http.ReadResponse(raw.br, nil)
	if err != nil {
		t.Fatalf("read response head: %v", err)
	}
	body, err := io.ReadAll(resp.Body)
	if err == nil {
		t.Fatalf("read %d body bytes with no error, want an unexpected EOF (truncated body)", len(body))
	}
	raw.expectClosed()
}

func TestUpstreamMalformedResponseIs502(t *testing.T) {
	tests := []struct {
		name     string
		response string
	}{
		{name: "garbage status line", response: "HTTP/1.1 OK\r\n\r\n"},
		{name: "content length and chunked", response: "HTTP/1.1 200 OK\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"},
		{name: "bad content length", response: "HTTP/1.1 200 OK\r\nContent-Length: -5\r\n\r\n"},
		{name: "bare LF", response: "HTTP/1.1 200 OK\nContent-Length: 0\n\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			addr, _ := rawBackend(t, func(c net.Conn, br *bufio.Reader) {
				if readRequestHead(br) {
					io.WriteString(c, tt.response)
				}
			})
			u := newUpstream(t, upstream.Options{}, addr)
			gw := startGateway(t, Options{}, catchAll(u))
			if status, _ := getStatus(t, newClient(t), "http://"+gw.addr+"/"); status != 502 {
				t.Errorf("status = %d, want 502", status)
			}
		})
	}
}

// TestDeadPooledConnectionDropped: the backend closes each connection
// after one response without saying so. The pool notices the close when
// it takes the connection and dials a new one.
func TestDeadPooledConnectionDropped(t *testing.T) {
	addr, accepted := rawBackend(t, func(c net.Conn, br *bufio.Reader) {
		if readRequestHead(br) {
			io.WriteString(c, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
		}
		// Close silently, after a pause so the gateway pools the
		// connection as if it were alive.
		time.Sleep(50 * time.Millisecond)
	})
	u := newUpstream(t, upstream.Options{}, addr)
	gw := startGateway(t, Options{}, catchAll(u))
	client := newClient(t)
	for i := 0; i < 3; i++ {
		if status, body := getStatus(t, client, "http://"+gw.addr+"/"); status != 200 || body != "ok" {
			t.Fatalf("GET %d: status %d body %q, want 200 ok", i, status, body)
		}
		time.Sleep(100 * time.Millisecond) // let the backend close
	}
	if got := accepted.Load(); got != 3 {
		t.Errorf("backend accepted %d connections, want 3 (one per request)", got)
	}
}

// TestRetryIdempotentOnReusedConnection: the backend's first connection
// serves one request, then reads the next and drops the connection
// without a response. The GET is sent again on a new connection.
func TestRetryIdempotentOnReusedConnection(t *testing.T) {
	var conns atomic.Int64
	addr, _ := rawBackend(t, func(c net.Conn, br *bufio.Reader) {
		first := conns.Add(1) == 1
		for n := 0; ; n++ {
			if !readRequestHead(br) {
				return
			}
			if first && n == 1 {
				return
			}
			io.WriteString(c, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
		}
	})
	u := newUpstream(t, upstream.Options{}, addr)
	gw := startGateway(t, Options{}, catchAll(u))
	client := newClient(t)
	for i := 0; i < 2; i++ {
		if status, body := getStatus(t, client, "http://"+gw.addr+"/"); status != 200 || body != "ok" {
			t.Fatalf("GET %d: status %d body %q, want 200 ok", i, status, body)
		}
	}
	if got := conns.Load(); got != 2 {
		t.Errorf("backend connections = %d, want 2 (the retry dialed a new one)", got)
	}
}

func TestNoRetryForNonIdempotent(t *testing.T) {
	var served atomic.Int64
	addr, _ := rawBackend(t, func(c net.Conn, br *bufio.Reader) {
		for {
			if !readRequestHead(br) {
				return
			}
			if served.Add(1) == 1 {
				io.WriteString(c, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
				continue
			}
			return // read the second request, then drop the connection without a response
		}
	})
	u := newUpstream(t, upstream.Options{}, addr)
	gw := startGateway(t, Options{}, catchAll(u))
	client := newClient(t)
	if status, _ := getStatus(t, client, "http://"+gw.addr+"/"); status != 200 {
		t.Fatalf("first request status = %d, want 200", status)
	}
	resp, err := client.Post("http://"+gw.addr+"/", "text/plain", strings.NewReader("charge"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 502 {
		t.Errorf("POST on a connection that died after receiving it: status %d, want 502", resp.StatusCode)
	}
	if got := served.Load(); got != 2 {
		t.Errorf("backend saw %d requests, want 2 (the POST exactly once)", got)
	}
}

func TestUpstreamPoolLimitIs503(t *testing.T) {
	release := make(chan struct{})
	b := startBackend(t, func(w http.ResponseWriter, r *http.Request) { <-release })
	u := newUpstream(t, upstream.Options{Pool: upstream.PoolOptions{MaxConns: 1}}, b.addr)
	gw := startGateway(t, Options{}, catchAll(u))
	first := make(chan int, 1)
	go func() {
		resp, err := newClient(t).Get("http://" + gw.addr + "/hold")
		if err != nil {
			first <- 0
			return
		}
		resp.Body.Close()
		first <- resp.StatusCode
	}()
	waitFor(t, func() bool { return b.requests.Load() == 1 })
	if status, _ := getStatus(t, newClient(t), "http://"+gw.addr+"/second"); status != 503 {
		t.Errorf("second request status = %d, want 503", status)
	}
	close(release)
	if got := <-first; got != 200 {
		t.Errorf("first request status = %d, want 200", got)
	}
}

func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("condition not met within 5s")
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// TestEarlyUpstreamResponseRelayed: the backend rejects a large upload
// after reading only its head, responds 413 and closes. The client gets
// that 413 rather than a 502, and the connection closes because the rest
// of its body was never read.
func TestEarlyUpstreamResponseRelayed(t *testing.T) {
	addr, _ := rawBackend(t, func(c net.Conn, br *bufio.Reader) {
		if _, err := http.ReadRequest(br); err != nil {
			return
		}
		io.WriteString(c, "HTTP/1.1 413 Payload Too Large\r\nContent-Length: 8\r\nConnection: close\r\n\r\ntoo big!")
	})
	u := newUpstream(t, upstream.Options{}, addr)
	gw := startGateway(t, Options{MaxBodyBytes: 64 << 20}, catchAll(u))
	resp, err := newClient(t).Post("http://"+gw.addr+"/upload", "application/octet-stream",
		strings.NewReader(strings.Repeat("x", 16<<20)))
	if err != nil {
		t.Fatalf("POST: %v", err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 413 || string(body) != "too big!" {
		t.Errorf("status %d body %q, want the backend's 413 too big!", resp.StatusCode, body)
	}
}
