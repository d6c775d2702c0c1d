//go:build !race

package engine

import (
	"bufio"
	"net"
	"testing"

	"gatehouse/engine/http1"
	"gatehouse/router"
	"gatehouse/upstream"
)

// typicalHead is a browser-like API request of about 500 bytes.
const typicalHead = "GET /api/users/12345/orders?limit=10&sort=desc HTTP/1.1\r\n" +
	"Host: api.example.com\r\n" +
	"User-Agent: Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36\r\n" +
	"Accept: application/json, text/plain, */*\r\n" +
	"Accept-Language: en-US,en;q=0.9\r\n" +
	"Accept-Encoding: gzip, deflate, br\r\n" +
	"Authorization: Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxMjM0NSJ9.c2lnbmF0dXJl\r\n" +
	"X-Request-Id: 4bf92f3577b34da6a3ce929d0e0e4736\r\n" +
	"Cookie: session=abc123; theme=dark\r\n" +
	"Referer: https://app.example.com/users/12345\r\n" +
	"Connection: keep-alive\r\n\r\n"

// TestParseAndRouteAllocs pins zero allocations for parsing a typical
// head, normalizing its path and routing it through the gateway's own
// routing step, once buffers are warm.
func TestParseAndRouteAllocs(t *testing.T) {
	u, err := upstream.New("users", []upstream.TargetSpec{{Address: "127.0.0.1:1"}}, upstream.Options{})
	if err != nil {
		t.Fatal(err)
	}
	g, err := NewGateway([]RouteSpec{
		{Match: router.Route{Name: "user", Path: "/api/users/:id", Methods: []string{"GET"}}, Upstream: u, StripPrefix: "/api"},
		{Match: router.Route{Name: "orders", Path: "/api/users/:id/orders", Methods: []string{"GET"}}, Upstream: u, Rewrite: "/orders/by-user/:id"},
		{Match: router.Route{Name: "static", Path: "/static/*file"}, Upstream: u},
	})
	if err != nil {
		t.Fatal(err)
	}

	c := &conn{req: http1.AcquireRequest(), pathBuf: make([]byte, 0, 256)}
	c.exchange.conn = c
	lim := http1.Limits{}
	head := []byte(typicalHead)
	var path []byte
	run := func() {
		end, _, err := http1.HeadEnd(head, 0, 0)
		if err != nil || end != len(head) {
			t.Fatalf("HeadEnd = %d, %v; want %d", end, err, len(head))
		}
		c.req.Reset()
		if err := c.req.Parse(head[:end], &lim); err != nil {
			t.Fatalf("Parse: %v", err)
		}
		c.exchange.reset(c.req)
		var ok bool
		_, path, ok = g.route(&c.exchange)
		if !ok {
			t.Fatalf("route failed with status %d", c.exchange.Status)
		}
	}
	run()
	if got, want := string(path), "/orders/by-user/12345"; got != want {
		t.Fatalf("upstream path = %q, want %q", got, want)
	}
	if allocs := testing.AllocsPerRun(1000, run); allocs != 0 {
		t.Errorf("parse and route: %v allocations per request, want 0", allocs)
	}
}

// TestProxyRoundTripAllocs pins the allocations of a whole proxied
// keep-alive request on the fast path: parse, route, pooled upstream
// connection, relay. The client and backend here allocate nothing per
// request, so the count is the gateway's.
//
// NOTE: the one allocation left is netpoll's: it builds a closure for
// the runner each time it hands a connection's input to the handler
// (connection.onProcess in netpoll v0.7.2).
func TestProxyRoundTripAllocs(t *testing.T) {
	backend := fastBackend(t)
	u, err := upstream.New("allocs", []upstream.TargetSpec{{Address: backend}}, upstream.Options{})
	if err != nil {
		t.Fatal(err)
	}
	gw := startGateway(t, Options{}, catchAll(u))
	c, err := net.Dial("tcp", gw.addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	br := bufio.NewReaderSize(c, 16<<10)
	req := []byte("GET /allocs HTTP/1.1\r\nHost: bench.local\r\nUser-Agent: test\r\nAccept: */*\r\n\r\n")
	roundTrip := func() {
		if _, err := c.Write(req); err != nil {
			t.Fatal(err)
		}
		if status, err := readResponseBody(br); err != nil || status != 200 {
			t.Fatalf("status %d, err %v", status, err)
		}
	}
	for range 100 {
		roundTrip() // warm pools, arenas and worker stacks
	}
	if allocs := testing.AllocsPerRun(2000, roundTrip); allocs > 1 {
		t.Errorf("proxied request: %v allocations, want at most 1 (netpoll's runner closure)", allocs)
	}
}
