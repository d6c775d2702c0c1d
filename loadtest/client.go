package loadtest

import (
	"io"
	"net"
	"net/http"
	"sync/atomic"
	"time"
)

// countingTransport tracks requests in flight and response bytes read. A
// request is in flight from RoundTrip until its response body is closed,
// which is when a vegeta worker becomes free again. It is safe for
// concurrent use.
type countingTransport struct {
	base     http.RoundTripper
	inFlight atomic.Int64
	peak     atomic.Int64
	bytesIn  atomic.Int64
}

// newClient returns the HTTP client for one side of a scenario. The client is
// kept for the warm-up and every run of that side, so measured runs start on
// warm keep-alive connections.
func newClient(connections int, timeout time.Duration) (*http.Client, *countingTransport) {
	dialer := &net.Dialer{Timeout: timeout, KeepAlive: 30 * time.Second}
	base := &http.Transport{
		DialContext:         dialer.DialContext,
		MaxIdleConnsPerHost: connections,
		MaxConnsPerHost:     connections,
		IdleConnTimeout:     90 * time.Second,
		DisableCompression:  true,
	}
	ct := &countingTransport{base: base}
	client := &http.Client{
		Transport: ct,
		Timeout:   timeout,
		// A redirect is a result to measure, not a hop to follow.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	return client, ct
}

// RoundTrip implements http.RoundTripper.
func (t *countingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	n := t.inFlight.Add(1)
	for {
		peak := t.peak.Load()
		if n <= peak || t.peak.CompareAndSwap(peak, n) {
			break
		}
	}

	resp, err := t.base.RoundTrip(req)
	if err != nil {
		t.inFlight.Add(-1)
		return nil, err
	}
	resp.Body = &countingBody{ReadCloser: resp.Body, t: t}
	return resp, nil
}

// resetPeak starts new peak and byte counts for the next run.
func (t *countingTransport) resetPeak() {
	t.peak.Store(t.inFlight.Load())
	t.bytesIn.Store(0)
}

// closeIdle closes the idle keep-alive connections of the side.
func (t *countingTransport) closeIdle() {
	if ci, ok := t.base.(interface{ CloseIdleConnections() }); ok {
		ci.CloseIdleConnections()
	}
}

// countingBody counts the bytes read and ends the in-flight span on the first
// Close.
type countingBody struct {
	io.ReadCloser
	t      *countingTransport
	closed atomic.Bool
}

func (b *countingBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	b.t.bytesIn.Add(int64(n))
	return n, err
}

func (b *countingBody) Close() error {
	if b.closed.CompareAndSwap(false, true) {
		b.t.inFlight.Add(-1)
	}
	return b.ReadCloser.Close()
}
