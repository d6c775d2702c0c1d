// Package upstream forwards requests to named groups of backend targets:
// keep-alive connection pools per target, request head rewriting,
// request body streaming, response relay and the one safe retry on a
// stale pooled connection. Which target serves a request is decided by a
// selector from package lb.
package upstream

import (
	"errors"
	"fmt"
	"sync/atomic"
	"time"

	"gatehouse/lb"
)

// Options configures an Upstream. Zero durations select the defaults
// documented on each field.
type Options struct {
	// Policy is the balancing policy; empty means round robin.
	Policy lb.Policy
	// Pool configures every target's connection pool.
	Pool PoolOptions
	// ResponseHeaderTimeout bounds the wait for the response head after
	// the request was written. Zero means 15s. The client gets 504.
	ResponseHeaderTimeout time.Duration
	// BodyTimeout bounds each wait for more body bytes from the upstream
	// or for the upstream to accept request body bytes. Zero means 60s.
	BodyTimeout time.Duration
}

// TargetSpec names one backend address and its weight.
type TargetSpec struct {
	Address string
	Weight  int
}

// Target is one backend address with its connection pool. Its fields do
// not change after New, and its Pool is safe for concurrent use.
type Target struct {
	Address string
	Weight  int
	Pool    *Pool

	hostBytes []byte // Address as a Host value
}

// Upstream is a named group of targets. It is safe for concurrent use.
type Upstream struct {
	Name    string
	targets []*Target
	opts    Options

	selector atomic.Pointer[selectorBox]
	// clock is a coarse current time in Unix nanoseconds, advanced by
	// CloseIdle, so pooling a connection reads no clock. Pool idle
	// timeouts are tens of seconds, so its staleness does not matter.
	clock atomic.Int64
}

// selectorBox lets an lb.Selector interface value be published through
// atomic.Pointer.
type selectorBox struct{ lb.Selector }

// New builds an upstream with one pool per target.
func New(name string, targets []TargetSpec, opts Options) (*Upstream, error) {
	if len(targets) == 0 {
		return nil, fmt.Errorf("upstream %s: no targets: configure at least one", name)
	}
	if opts.ResponseHeaderTimeout == 0 {
		opts.ResponseHeaderTimeout = 15 * time.Second
	}
	if opts.BodyTimeout == 0 {
		opts.BodyTimeout = 60 * time.Second
	}
	u := &Upstream{Name: name, opts: opts}
	weights := make([]int, len(targets))
	for i, spec := range targets {
		w := spec.Weight
		if w == 0 {
			w = 1
		}
		weights[i] = w
		u.targets = append(u.targets, &Target{
			Address:   spec.Address,
			Weight:    w,
			Pool:      NewPool(spec.Address, opts.Pool),
			hostBytes: []byte(spec.Address),
		})
	}
	sel, err := lb.New(opts.Policy, weights)
	if err != nil {
		return nil, fmt.Errorf("upstream %s: %w", name, err)
	}
	u.selector.Store(&selectorBox{sel})
	u.clock.Store(time.Now().UnixNano())
	return u, nil
}

// Targets returns the upstream's targets. The slice must not be modified.
func (u *Upstream) Targets() []*Target { return u.targets }

func (u *Upstream) now() time.Time { return time.Unix(0, u.clock.Load()) }

func (u *Upstream) pick() *Target {
	return u.targets[u.selector.Load().Pick()]
}

// CloseIdle closes pooled connections idle past their timeout. Call it
// about every second: it also advances the upstream's coarse clock.
func (u *Upstream) CloseIdle(now time.Time) {
	u.clock.Store(now.UnixNano())
	for _, t := range u.targets {
		t.Pool.CloseIdle(now)
	}
}

// Close closes every pool.
func (u *Upstream) Close() {
	for _, t := range u.targets {
		t.Pool.Close()
	}
}

// Abort closes every pool and every connection in use.
func (u *Upstream) Abort() {
	for _, t := range u.targets {
		t.Pool.Abort()
	}
}

// Failures that decide the status of a local reply. Callers match them
// with errors.Is; StatusOf maps them to a status code.
var (
	ErrConnect         = errors.New("upstream: connect failed")
	ErrConnectTimeout  = errors.New("upstream: connect timed out")
	ErrResponseTimeout = errors.New("upstream: response header timed out")
	ErrBadResponse     = errors.New("upstream: malformed response")
	ErrUpstreamIO      = errors.New("upstream: connection failed during exchange")
	ErrClientBody      = errors.New("upstream: reading the client request body failed")
	ErrBodyTooLarge    = errors.New("upstream: request body too large")
	ErrBadRequestBody  = errors.New("upstream: malformed chunked request body")
	ErrClientWrite     = errors.New("upstream: writing to the client failed")
)

// StatusOf maps a forwarding failure to the status of the local reply.
func StatusOf(err error) int {
	switch {
	case errors.Is(err, ErrPoolExhausted), errors.Is(err, ErrPoolClosed), errors.Is(err, ErrConnectTimeout):
		return 503
	case errors.Is(err, ErrResponseTimeout):
		return 504
	case errors.Is(err, ErrClientBody):
		return 408
	case errors.Is(err, ErrBodyTooLarge):
		return 413
	case errors.Is(err, ErrBadRequestBody):
		return 400
	default:
		return 502
	}
}
