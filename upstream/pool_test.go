package upstream

import (
	"errors"
	"net"
	"sync/atomic"
	"testing"
	"time"
)

// listenCounting accepts connections on 127.0.0.1, counts them, and
// keeps them open until the test ends unless closeAfter is set.
func listenCounting(t *testing.T, closeAfter time.Duration) (string, *atomic.Int64) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	var n atomic.Int64
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			n.Add(1)
			if closeAfter > 0 {
				time.AfterFunc(closeAfter, func() { c.Close() })
			} else {
				t.Cleanup(func() { c.Close() })
			}
		}
	}()
	return ln.Addr().String(), &n
}

func TestPoolReusesIdleConnection(t *testing.T) {
	addr, accepted := listenCounting(t, 0)
	p := NewPool(addr, PoolOptions{})
	defer p.Close()
	now := time.Now()
	c, err := p.Get(now, false)
	if err != nil {
		t.Fatal(err)
	}
	p.Put(c, now)
	c2, err := p.Get(now, false)
	if err != nil {
		t.Fatal(err)
	}
	if c2 != c || !c2.Reused() {
		t.Errorf("second Get returned a new connection (reused=%v), want the pooled one", c2.Reused())
	}
	dials, reuses, open, idle := p.Stats()
	if dials != 1 || reuses != 1 || open != 1 || idle != 0 {
		t.Errorf("Stats = dials %d reuses %d open %d idle %d, want 1 1 1 0", dials, reuses, open, idle)
	}
	time.Sleep(20 * time.Millisecond) // a second accept would show by now
	if accepted.Load() != 1 {
		t.Errorf("server accepted %d connections, want 1", accepted.Load())
	}
}

func TestPoolDropsClosedConnection(t *testing.T) {
	addr, accepted := listenCounting(t, 20*time.Millisecond)
	p := NewPool(addr, PoolOptions{})
	defer p.Close()
	c, err := p.Get(time.Now(), false)
	if err != nil {
		t.Fatal(err)
	}
	p.Put(c, time.Now())
	time.Sleep(100 * time.Millisecond) // the server has closed it
	c2, err := p.Get(time.Now(), false)
	if err != nil {
		t.Fatal(err)
	}
	if c2 == c || c2.Reused() {
		t.Errorf("Get returned the connection the peer closed, want a new one")
	}
	// Accept runs on the server's goroutine; give it a moment.
	for i := 0; i < 100 && accepted.Load() < 2; i++ {
		time.Sleep(10 * time.Millisecond)
	}
	if accepted.Load() != 2 {
		t.Errorf("server accepted %d connections, want 2", accepted.Load())
	}
}

func TestPoolIdleTimeout(t *testing.T) {
	addr, _ := listenCounting(t, 0)
	p := NewPool(addr, PoolOptions{IdleTimeout: time.Minute})
	defer p.Close()
	start := time.Now()
	c, err := p.Get(start, false)
	if err != nil {
		t.Fatal(err)
	}
	p.Put(c, start)
	if n := p.CloseIdle(start.Add(30 * time.Second)); n != 0 {
		t.Errorf("CloseIdle after 30s closed %d, want 0", n)
	}
	if n := p.CloseIdle(start.Add(61 * time.Second)); n != 1 {
		t.Errorf("CloseIdle after 61s closed %d, want 1", n)
	}
	if _, _, open, idle := p.Stats(); open != 0 || idle != 0 {
		t.Errorf("after expiry open %d idle %d, want 0 0", open, idle)
	}
}

func TestPoolMaxIdle(t *testing.T) {
	addr, _ := listenCounting(t, 0)
	p := NewPool(addr, PoolOptions{MaxIdle: 1})
	defer p.Close()
	now := time.Now()
	a, _ := p.Get(now, false)
	b, _ := p.Get(now, false)
	p.Put(a, now)
	p.Put(b, now)
	if _, _, open, idle := p.Stats(); open != 1 || idle != 1 {
		t.Errorf("open %d idle %d, want 1 1 (the second Put closes)", open, idle)
	}
}

func TestPoolMaxConns(t *testing.T) {
	addr, _ := listenCounting(t, 0)
	p := NewPool(addr, PoolOptions{MaxConns: 1})
	defer p.Close()
	c, err := p.Get(time.Now(), false)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.Get(time.Now(), false); !errors.Is(err, ErrPoolExhausted) {
		t.Fatalf("second Get error = %v, want ErrPoolExhausted", err)
	}
	p.Discard(c)
	if _, err := p.Get(time.Now(), false); err != nil {
		t.Errorf("Get after Discard: %v, want a connection", err)
	}
}

func TestPoolClosed(t *testing.T) {
	addr, _ := listenCounting(t, 0)
	p := NewPool(addr, PoolOptions{})
	p.Close()
	if _, err := p.Get(time.Now(), false); !errors.Is(err, ErrPoolClosed) {
		t.Errorf("Get after Close error = %v, want ErrPoolClosed", err)
	}
}

func TestStatusOf(t *testing.T) {
	tests := []struct {
		err  error
		want int
	}{
		{err: ErrConnect, want: 502},
		{err: ErrConnectTimeout, want: 503},
		{err: ErrPoolExhausted, want: 503},
		{err: ErrResponseTimeout, want: 504},
		{err: ErrBadResponse, want: 502},
		{err: ErrUpstreamIO, want: 502},
		{err: ErrClientBody, want: 408},
		{err: ErrBodyTooLarge, want: 413},
		{err: ErrBadRequestBody, want: 400},
	}
	for _, tt := range tests {
		if got := StatusOf(tt.err); got != tt.want {
			t.Errorf("StatusOf(%v) = %d, want %d", tt.err, got, tt.want)
		}
	}
}

func TestPoolAbortClosesBusy(t *testing.T) {
	addr, _ := listenCounting(t, 0)
	p := NewPool(addr, PoolOptions{})
	busy, err := p.Get(time.Now(), false)
	if err != nil {
		t.Fatal(err)
	}
	idle, _ := p.Get(time.Now(), false)
	p.Put(idle, time.Now())
	p.Abort()
	if busy.nc.IsActive() {
		t.Errorf("busy connection still open after Abort")
	}
	if _, err := p.Get(time.Now(), false); !errors.Is(err, ErrPoolClosed) {
		t.Errorf("Get after Abort error = %v, want ErrPoolClosed", err)
	}
	p.Discard(busy) // what the failed exchange does
	if _, _, open, idleN := p.Stats(); open != 0 || idleN != 0 {
		t.Errorf("after Abort open %d idle %d, want 0 0", open, idleN)
	}
}
