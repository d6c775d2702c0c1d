package engine

import (
	"bufio"
	"bytes"
	"context"
	"net"
	"net/http"
	"net/http/httputil"
	"net/url"
	"strconv"
	"testing"
	"time"

	"gatehouse/upstream"
)

// fastBackend replies to every request head with a fixed 13-byte body over
// keep-alive, without net/http's per-request cost, so a benchmark
// measures the proxy rather than the backend.
func fastBackend(tb testing.TB) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { ln.Close() })
	response := []byte("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 13\r\n\r\nHello, world!")
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				defer c.Close()
				br := bufio.NewReaderSize(c, 16<<10)
				for {
					if err := skipHead(br); err != nil {
						return
					}
					if _, err := c.Write(response); err != nil {
						return
					}
				}
			}()
		}
	}()
	return ln.Addr().String()
}

// skipHead reads up to the end of a head with no body.
func skipHead(br *bufio.Reader) error {
	for {
		line, err := br.ReadSlice('\n')
		if err != nil {
			return err
		}
		if len(line) == 2 && line[0] == '\r' {
			return nil
		}
	}
}

// readResponseBody reads one response with a Content-Length body and
// returns the status code.
func readResponseBody(br *bufio.Reader) (int, error) {
	status := 0
	length := 0
	for first := true; ; first = false {
		line, err := br.ReadSlice('\n')
		if err != nil {
			return 0, err
		}
		if first && len(line) > 12 {
			status, _ = strconv.Atoi(string(line[9:12]))
			continue
		}
		if len(line) == 2 {
			break
		}
		if len(line) > 16 && bytes.EqualFold(line[:15], []byte("Content-Length:")) {
			length, _ = strconv.Atoi(string(bytes.TrimSpace(line[15:])))
		}
	}
	_, err := br.Discard(length)
	return status, err
}

func benchmarkRoundTrip(b *testing.B, addr string) {
	c, err := net.Dial("tcp", addr)
	if err != nil {
		b.Fatal(err)
	}
	defer c.Close()
	br := bufio.NewReaderSize(c, 16<<10)
	req := []byte("GET /bench HTTP/1.1\r\nHost: bench.local\r\nUser-Agent: bench\r\nAccept: */*\r\n\r\n")
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, err := c.Write(req); err != nil {
			b.Fatal(err)
		}
		status, err := readResponseBody(br)
		if err != nil || status != 200 {
			b.Fatalf("status %d, err %v", status, err)
		}
	}
}

// BenchmarkProxyRoundTrip measures one keep-alive GET through the
// gateway to a fast loopback backend and back. Client, gateway and
// backend share the process, so allocations include all three (the
// client and backend here allocate nothing per request).
func BenchmarkProxyRoundTrip(b *testing.B) {
	backend := fastBackend(b)
	u, err := upstream.New("bench", []upstream.TargetSpec{{Address: backend}}, upstream.Options{})
	if err != nil {
		b.Fatal(err)
	}
	gw := startGatewayB(b, Options{}, catchAll(u))
	benchmarkRoundTrip(b, gw)
}

// BenchmarkStdlibReverseProxyRoundTrip is the baseline: the same round
// trip through net/http/httputil.ReverseProxy on a net/http server.
func BenchmarkStdlibReverseProxyRoundTrip(b *testing.B) {
	backend := fastBackend(b)
	target, _ := url.Parse("http://" + backend)
	rp := httputil.NewSingleHostReverseProxy(target)
	rp.Transport = &http.Transport{MaxIdleConnsPerHost: 64}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	srv := &http.Server{Handler: rp, ErrorLog: nil}
	go srv.Serve(ln)
	b.Cleanup(func() { srv.Close() })
	benchmarkRoundTrip(b, ln.Addr().String())
}

func startGatewayB(b *testing.B, opts Options, routes []RouteSpec) string {
	g, err := NewGateway(routes)
	if err != nil {
		b.Fatal(err)
	}
	opts.Addr = "127.0.0.1:0"
	opts.Logger = discardLogger()
	srv, err := NewServer(opts, g)
	if err != nil {
		b.Fatal(err)
	}
	go srv.Serve()
	b.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(ctx)
		g.Close()
	})
	return srv.Addr().String()
}
