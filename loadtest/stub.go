package loadtest

import (
	"context"
	"io"
	"net"
	"net/http"
	"strconv"
	"time"
)

// StubConfig configures the stub backend. It is a plain value, safe to copy
// and share.
type StubConfig struct {
	// Latency is slept before each response. time.Sleep on Linux overshoots
	// by tens of microseconds, so small values are approximate.
	Latency time.Duration
	// ResponseSize is the body size of every response in bytes.
	ResponseSize int
}

// NewStubHandler returns a handler that responds to every method and path
// with 200 and a fixed body of cfg.ResponseSize bytes, after reading the
// request body and sleeping cfg.Latency. The handler is safe for concurrent
// use.
//
// It is plain net/http with keep-alive. Measured with bench/peers/run.sh
// (wrk -t1 -c64 sharing one core of a 2-CPU AMD EPYC VM with the stub at
// GOMAXPROCS=1), it served about 41,000 requests/s at 15.5µs of CPU per
// request, where nginx returning a fixed 200 served about 68,000. The budget
// scenarios run at 2,000 requests/s, about 3% of a core for the stub, so it
// is not their bottleneck. Throughput comparisons use nginx as the backend.
func NewStubHandler(cfg StubConfig) http.Handler {
	body := fillBody(max(cfg.ResponseSize, 0))
	length := strconv.Itoa(len(body))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// Read the whole request so the connection can be reused, and so a
		// POST costs the backend what it would cost a real service.
		_, _ = io.Copy(io.Discard, r.Body)
		if cfg.Latency > 0 {
			time.Sleep(cfg.Latency)
		}
		h := w.Header()
		h["Content-Type"] = []string{"text/plain"}
		h["Content-Length"] = []string{length}
		w.WriteHeader(http.StatusOK)
		_, _ = w.Write(body)
	})
}

// ServeStub serves the stub on ln until ctx is canceled, then shuts the
// server down, waiting at most five seconds for requests in progress.
func ServeStub(ctx context.Context, ln net.Listener, cfg StubConfig) error {
	return serveUntilDone(ctx, ln, NewStubHandler(cfg))
}
