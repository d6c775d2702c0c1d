package engine

import (
	"bufio"
	"io"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"gatehouse/upstream"
)

// fuzzGateway is one gateway and backend shared by every input of a
// fuzz target, so an input costs a connection, not a server.
type fuzzGateway struct {
	addr     string
	requests *atomic.Int64
}

var (
	fuzzOnce sync.Once
	fuzzGW   fuzzGateway
)

func sharedFuzzGateway(t *testing.T) fuzzGateway {
	fuzzOnce.Do(func() {
		var requests atomic.Int64
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		backend := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			requests.Add(1)
			io.Copy(io.Discard, r.Body)
			io.WriteString(w, "ok")
		})}
		go backend.Serve(ln)
		u, err := upstream.New("fuzz", []upstream.TargetSpec{{Address: ln.Addr().String()}}, upstream.Options{})
		if err != nil {
			t.Fatal(err)
		}
		g, err := NewGateway(catchAll(u))
		if err != nil {
			t.Fatal(err)
		}
		srv, err := NewServer(Options{Addr: "127.0.0.1:0", Logger: discardLogger(),
			ReadHeaderTimeout: 200 * time.Millisecond, ReadBodyTimeout: 200 * time.Millisecond, MaxBodyBytes: 1 << 20}, g)
		if err != nil {
			t.Fatal(err)
		}
		go srv.Serve()
		fuzzGW = fuzzGateway{addr: srv.Addr().String(), requests: &requests}
	})
	return fuzzGW
}

// headStatuses are replies the gateway can only send after rejecting a
// request head, before anything is forwarded. (A 400 can also come from
// a malformed chunked body found while the request streams upstream.)
var headStatuses = map[int]bool{414: true, 431: true, 501: true, 505: true}

// settledCount waits until the backend counter stops moving, so requests
// left over from an earlier input are not counted against this one.
func settledCount(n *atomic.Int64) int64 {
	last := n.Load()
	for i := 0; i < 50; i++ {
		time.Sleep(2 * time.Millisecond)
		now := n.Load()
		if now == last {
			return now
		}
		last = now
	}
	return last
}

// FuzzGatewayRequest sends arbitrary bytes as a request. The gateway must
// reply with a well-formed response or close, must not forward a request
// it rejects, and must keep serving afterwards.
func FuzzGatewayRequest(f *testing.F) {
	seeds := []string{
		"GET / HTTP/1.1\r\nHost: x\r\n\r\n",
		"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc",
		"POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n",
		"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
		"GET / HTTP/1.1\r\nHost: x\r\nX: a\r\n b\r\n\r\n",
		"GET /a/../../b HTTP/1.1\r\nHost: x\r\n\r\n",
		"GET / HTTP/1.1\nHost: x\n\n",
		"GET /%2e%2e/%2F HTTP/1.1\r\nHost: x\r\n\r\n",
		"GET / HTTP/1.0\r\n\r\nGET / HTTP/1.1\r\nHost: x\r\n\r\n",
		"\x00\x01\x02",
	}
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, input []byte) {
		gw := sharedFuzzGateway(t)
		before := settledCount(gw.requests)
		c, err := net.Dial("tcp", gw.addr)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		_ = c.SetDeadline(time.Now().Add(2 * time.Second))
		c.Write(input)
		resp, err := http.ReadResponse(bufio.NewReader(c), nil)
		if err == nil {
			resp.Body.Close()
			if headStatuses[resp.StatusCode] && gw.requests.Load() != before {
				t.Errorf("gateway rejected the head with %d, yet the backend received a request", resp.StatusCode)
			}
		} else if ne, ok := err.(net.Error); ok && ne.Timeout() {
			t.Fatalf("no response and connection still open after 2s")
		}
		assertGatewayServes(t, gw.addr)
	})
}

func assertGatewayServes(t *testing.T, addr string) {
	t.Helper()
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatalf("gateway no longer accepts connections: %v", err)
	}
	defer c.Close()
	_ = c.SetDeadline(time.Now().Add(2 * time.Second))
	io.WriteString(c, "GET /alive HTTP/1.1\r\nHost: x\r\n\r\n")
	resp, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("gateway no longer serves: %v", err)
	}
	resp.Body.Close()
}

// FuzzUpstreamResponse makes the backend reply with arbitrary bytes. The
// client must get either a response net/http can parse completely, or a
// connection closed early; never framing that would desynchronize it.
func FuzzUpstreamResponse(f *testing.F) {
	seeds := []string{
		"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok",
		"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n",
		"HTTP/1.1 200 OK\r\n\r\nuntil close",
		"HTTP/1.1 204 No Content\r\nContent-Length: 5\r\n\r\nhello",
		"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\nok",
		"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n",
		"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
		"garbage",
	}
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	var payload atomic.Pointer[[]byte]
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		f.Fatal(err)
	}
	defer ln.Close()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				defer c.Close()
				_ = c.SetDeadline(time.Now().Add(2 * time.Second))
				if readRequestHead(bufio.NewReader(c)) {
					c.Write(*payload.Load())
				}
			}()
		}
	}()
	u, err := upstream.New("fuzz", []upstream.TargetSpec{{Address: ln.Addr().String()}},
		upstream.Options{ResponseHeaderTimeout: 300 * time.Millisecond, BodyTimeout: 300 * time.Millisecond, Pool: upstream.PoolOptions{MaxIdle: -1}})
	if err != nil {
		f.Fatal(err)
	}
	g, err := NewGateway(catchAll(u))
	if err != nil {
		f.Fatal(err)
	}
	srv, err := NewServer(Options{Addr: "127.0.0.1:0", Logger: discardLogger()}, g)
	if err != nil {
		f.Fatal(err)
	}
	go srv.Serve()
	addr := srv.Addr().String()

	f.Fuzz(func(t *testing.T, response []byte) {
		payload.Store(&response)
		c, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		_ = c.SetDeadline(time.Now().Add(3 * time.Second))
		io.WriteString(c, "GET / HTTP/1.1\r\nHost: x\r\n\r\nGET /second HTTP/1.1\r\nHost: x\r\n\r\n")
		br := bufio.NewReader(c)
		for i := 0; i < 2; i++ {
			resp, err := http.ReadResponse(br, nil)
			if err != nil {
				if ne, ok := err.(net.Error); ok && ne.Timeout() {
					t.Fatalf("response %d: neither a response nor a close within 3s", i)
				}
				return // closed early: allowed
			}
			_, err = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if err != nil {
				return // body cut short and the connection closed: allowed
			}
			if resp.Close {
				return
			}
		}
	})
}
