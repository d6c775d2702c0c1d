package engine

import (
	"context"
	"io"
	"net/http"
	"testing"
	"time"

	"gatehouse/upstream"
)

// TestShutdownFinishesInFlight starts a slow request, shuts down while it
// runs, and checks that it completes, that idle connections are closed
// at once, and that new connections are refused.
func TestShutdownFinishesInFlight(t *testing.T) {
	release := make(chan struct{})
	gw, b := proxyTo(t, Options{ShutdownGrace: 5 * time.Second}, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/slow" {
			<-release
		}
		w.Write([]byte("done"))
	})

	idle := dialRaw(t, gw.addr)
	idle.send("GET /fast HTTP/1.1\r\nHost: x\r\n\r\n")
	if resp, _ := idle.readResponse("GET"); resp.StatusCode != 200 {
		t.Fatalf("idle connection setup: status %d", resp.StatusCode)
	}

	type result struct {
		status int
		body   string
		err    error
	}
	inFlight := make(chan result, 1)
	go func() {
		resp, err := newClient(t).Get("http://" + gw.addr + "/slow")
		if err != nil {
			inFlight <- result{err: err}
			return
		}
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		inFlight <- result{status: resp.StatusCode, body: string(body), err: err}
	}()
	waitFor(t, func() bool { return b.requests.Load() == 2 })

	shutdownDone := make(chan error, 1)
	go func() { shutdownDone <- gw.srv.Shutdown(context.Background()) }()

	idle.expectClosed()
	time.AfterFunc(200*time.Millisecond, func() { close(release) })

	got := <-inFlight
	if got.err != nil || got.status != 200 || got.body != "done" {
		t.Fatalf("in-flight request: status %d body %q err %v, want 200 done", got.status, got.body, got.err)
	}
	select {
	case err := <-shutdownDone:
		if err != nil {
			t.Errorf("Shutdown = %v, want nil after a clean drain", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatalf("Shutdown did not return within 5s")
	}
	if c, err := (&http.Client{Timeout: time.Second}).Get("http://" + gw.addr + "/"); err == nil {
		c.Body.Close()
		t.Errorf("request after shutdown succeeded with %d, want a connection error", c.StatusCode)
	}
}

// TestShutdownGraceExpires: a request still in flight when the grace
// period ends is cut, and Shutdown reports it.
func TestShutdownGraceExpires(t *testing.T) {
	release := make(chan struct{})
	defer close(release)
	gw, b := proxyTo(t, Options{ShutdownGrace: 300 * time.Millisecond}, func(w http.ResponseWriter, r *http.Request) {
		<-release
	})
	raw := dialRaw(t, gw.addr)
	raw.send("GET /stuck HTTP/1.1\r\nHost: x\r\n\r\n")
	waitFor(t, func() bool { return b.requests.Load() == 1 })

	start := time.Now()
	err := gw.srv.Shutdown(context.Background())
	if err == nil {
		t.Errorf("Shutdown = nil, want an error for the request it cut")
	}
	if elapsed := time.Since(start); elapsed > 3*time.Second {
		t.Errorf("Shutdown took %v, want about the 300ms grace", elapsed)
	}
	// Aborting the upstream exchange may let the handler send a 502
	// before the connection closes; either way nothing else may follow.
	_ = raw.c.SetReadDeadline(time.Now().Add(3 * time.Second))
	if resp, err := http.ReadResponse(raw.br, nil); err == nil {
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 502 || !resp.Close {
			t.Errorf("cut request got %d (close %v), want 502 with Connection: close or no response", resp.StatusCode, resp.Close)
		}
	}
	raw.expectClosed()
}

func TestShutdownWithoutServe(t *testing.T) {
	g, err := NewGateway(catchAll(newUpstream(t, upstream.Options{}, "127.0.0.1:1")))
	if err != nil {
		t.Fatal(err)
	}
	srv, err := NewServer(Options{Addr: "127.0.0.1:0", Logger: testLogger(t)}, g)
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- srv.Shutdown(context.Background()) }()
	select {
	case <-done:
	case <-time.After(3 * time.Second):
		t.Fatalf("Shutdown of a server that never served did not return")
	}
}
