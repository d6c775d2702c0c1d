// Package config reads, defaults and validates the Gatehouse YAML configuration.
//
// Parse walks the YAML syntax tree itself instead of unmarshalling into structs. That way every
// problem is reported as file:line:column at the exact key or value that caused it: a syntax
// error, an unknown key, a bad value or a reference to an undefined upstream. All problems
// found in one pass are returned together as an ErrorList.
//
// The docs/config.md reference in this repository describes every key, its default and its
// limits.
package config

import (
	"net/netip"
	"time"
)

// Defaults applied by Parse when a key is absent, and returned by Default, DefaultEngine and
// DefaultUpstream.
const (
	DefaultListen                = "0.0.0.0:8080"
	DefaultMaxConnections        = 10000
	DefaultReadHeaderTimeout     = 10 * time.Second
	DefaultIdleTimeout           = 60 * time.Second
	DefaultReadBodyTimeout       = 60 * time.Second
	DefaultWriteTimeout          = 60 * time.Second
	DefaultMaxHeaderBytes        = 16 << 10
	DefaultMaxHeaderCount        = 100
	DefaultMaxURIBytes           = 8 << 10
	DefaultMaxBodyBytes          = 10 << 20
	DefaultShutdownGrace         = 30 * time.Second
	DefaultBalance               = BalanceRoundRobin
	DefaultConnectTimeout        = 1 * time.Second
	DefaultResponseHeaderTimeout = 15 * time.Second
	DefaultMaxIdlePerTarget      = 64
	DefaultIdleConnTimeout       = 90 * time.Second
	DefaultWeight                = 1
)

// Load-balancing policies accepted in Upstream.Balance.
const (
	BalanceRoundRobin = "round_robin" // weighted round robin over the targets
	BalanceRandom     = "random"      // weighted random choice per request
)

// Config is a validated gateway configuration.
//
// A Config returned by Load or Parse is immutable: callers must not modify it, and it is then
// safe to share read-only between goroutines. A Config built by hand (for example from
// Default) should be checked with Validate before use.
type Config struct {
	// Listen is the client listener address, "host:port". An empty host listens on every
	// interface and port 0 picks a free port.
	Listen string
	// Admin is the admin API listener address, "" when disabled. It must be a loopback
	// address so that the admin API is never exposed to clients.
	Admin    string
	Engine   Engine
	ClientIP ClientIP
	// Upstreams maps each upstream name to its definition.
	Upstreams map[string]*Upstream
	// UpstreamOrder lists the upstream names in file order.
	UpstreamOrder []string
	// Routes are in file order. Priority, not order, decides between routes that match the
	// same request.
	Routes []*Route
	// Source names the file in error messages.
	Source string

	// positions maps a value's path (for example "routes[0].match.path") to where it was
	// written. It is nil for a Config built by hand.
	positions map[string]Pos
}

// Engine contains the connection and request limits of the client listener.
type Engine struct {
	// Pollers is the number of netpoll event loops; 0 selects netpoll's default
	// (GOMAXPROCS/20+1).
	Pollers int
	// MaxConnections caps concurrent client connections; at least 1.
	MaxConnections int
	// ReadHeaderTimeout bounds the time to receive a whole request head, which is the
	// slowloris bound.
	ReadHeaderTimeout time.Duration
	// IdleTimeout closes a keep-alive connection that has no request in flight for this long.
	IdleTimeout time.Duration
	// ReadBodyTimeout is the longest gap allowed between two reads of a request body.
	ReadBodyTimeout time.Duration
	// WriteTimeout bounds writing one response to the client.
	WriteTimeout time.Duration
	// MaxHeaderBytes caps the request line plus headers, in bytes.
	MaxHeaderBytes int
	// MaxHeaderCount caps the number of header fields in one request.
	MaxHeaderCount int
	// MaxURIBytes caps the request target, in bytes; at most MaxHeaderBytes.
	MaxURIBytes int
	// MaxBodyBytes caps a request body, in bytes; 0 means unlimited.
	MaxBodyBytes int64
	// MaxRequestsPerConn closes a connection after this many requests; 0 means unlimited.
	MaxRequestsPerConn int
	// ShutdownGrace is how long a graceful shutdown waits for in-flight requests.
	ShutdownGrace time.Duration
}

// ClientIP configures how the client address is derived.
type ClientIP struct {
	// TrustedProxies lists the peers whose X-Forwarded-For header is believed. A single IP
	// in the file is stored as a /32 or /128 prefix. Every prefix is masked (no host bits).
	TrustedProxies []netip.Prefix
}

// Upstream is a named group of backend targets and the policy used to reach them.
type Upstream struct {
	Name    string
	Targets []Target
	// Balance is BalanceRoundRobin or BalanceRandom.
	Balance string
	// ConnectTimeout bounds dialing one target.
	ConnectTimeout time.Duration
	// ResponseHeaderTimeout bounds the wait for the response head once the request is sent.
	ResponseHeaderTimeout time.Duration
	// MaxIdlePerTarget caps the idle keep-alive connections kept per target; 0 keeps none.
	MaxIdlePerTarget int
	// MaxConnsPerTarget caps the open connections per target; 0 means unlimited.
	MaxConnsPerTarget int
	// IdleConnTimeout closes a pooled connection that has been idle this long.
	IdleConnTimeout time.Duration
	// Pos is the position of the upstream's name.
	Pos Pos
}

// Target is one backend address of an upstream.
type Target struct {
	// Address is "host:port" with a non-empty host and a port in 1..65535.
	Address string
	// Weight is the target's relative share of requests, 1..MaxWeight.
	Weight int
	Pos    Pos
}

// Route matches requests and names the upstream that receives them.
type Route struct {
	// Name identifies the route in logs and metrics; unique.
	Name string
	// Host is "" (any host), an exact host name, or "*.suffix", stored lower-case.
	Host string
	// Path starts with '/'. A segment ":name" captures one segment, and a final segment
	// "*name" captures the rest of the path.
	Path string
	// Prefix makes Path match every path that starts with it at a segment boundary.
	Prefix bool
	// Methods lists the accepted methods; empty accepts every method.
	Methods []string
	// Headers must all match.
	Headers []HeaderMatch
	// Query must all match.
	Query []QueryMatch
	// Priority decides between routes that match the same request; higher wins.
	Priority int
	// Upstream names the upstream that receives the matched requests.
	Upstream string
	// StripPrefix is removed from the front of the request path before forwarding.
	StripPrefix string
	// Rewrite replaces the whole request path; its ":name" and "*name" segments are replaced
	// by the values captured under that name. It requires Prefix to be false.
	Rewrite string
	// HostRewrite is the Host header sent upstream; "" forwards the client's Host.
	HostRewrite string
	// MergeSlashes merges runs of '/' in the request path before matching.
	MergeSlashes bool
	// AllowEncodedSlash accepts "%2F" in the request path instead of rejecting the request.
	AllowEncodedSlash bool
	// Pos is the position of the route's first key.
	Pos Pos
}

// HeaderMatch is one request header condition of a route.
type HeaderMatch struct {
	// Name is compared case-insensitively.
	Name string
	// Value is compared exactly, or as a prefix when Prefix is set; unused when Present is set.
	Value   string
	Prefix  bool
	Present bool
}

// QueryMatch is one query parameter condition of a route.
type QueryMatch struct {
	Name string
	// Value is compared exactly; unused when Present is set.
	Value   string
	Present bool
}

// Pos is a 1-based line and column in the configuration file; zero when unknown.
type Pos struct {
	Line, Column int
}

// Default returns the configuration used when no file is given: the default listener and
// engine limits, with no upstreams and no routes.
func Default() *Config {
	return &Config{
		Listen:    DefaultListen,
		Engine:    DefaultEngine(),
		Upstreams: map[string]*Upstream{},
	}
}

// DefaultEngine returns the engine limits applied to keys absent from the file.
func DefaultEngine() Engine {
	return Engine{
		MaxConnections:    DefaultMaxConnections,
		ReadHeaderTimeout: DefaultReadHeaderTimeout,
		IdleTimeout:       DefaultIdleTimeout,
		ReadBodyTimeout:   DefaultReadBodyTimeout,
		WriteTimeout:      DefaultWriteTimeout,
		MaxHeaderBytes:    DefaultMaxHeaderBytes,
		MaxHeaderCount:    DefaultMaxHeaderCount,
		MaxURIBytes:       DefaultMaxURIBytes,
		MaxBodyBytes:      DefaultMaxBodyBytes,
		ShutdownGrace:     DefaultShutdownGrace,
	}
}

// DefaultUpstream returns an upstream with the given name, default settings and no targets.
func DefaultUpstream(name string) *Upstream {
	return &Upstream{
		Name:                  name,
		Balance:               DefaultBalance,
		ConnectTimeout:        DefaultConnectTimeout,
		ResponseHeaderTimeout: DefaultResponseHeaderTimeout,
		MaxIdlePerTarget:      DefaultMaxIdlePerTarget,
		IdleConnTimeout:       DefaultIdleConnTimeout,
	}
}
