package engine

import (
	"log/slog"
	"net/netip"
	"time"

	"gatehouse/engine/http1"
)

// Options configures a Server. Zero values select the defaults named on
// each field, which follow common nginx and Envoy defaults.
type Options struct {
	// Addr is the listen address, "host:port".
	Addr string
	// Pollers is the number of netpoll event loops. Zero keeps netpoll's
	// default, GOMAXPROCS/20+1. It applies to the whole process.
	Pollers int
	// MaxConnections caps open client connections; a connection over the
	// cap gets 503 and is closed. Zero means 10000.
	MaxConnections int
	// ReadHeaderTimeout bounds reading one request head, from its first
	// byte (or from accept, for the first request) to its end. On expiry
	// the client gets 408 and the connection closes. Zero means 10s.
	ReadHeaderTimeout time.Duration
	// IdleTimeout closes a keep-alive connection with no request for this
	// long. Zero means 60s.
	IdleTimeout time.Duration
	// ReadBodyTimeout bounds each wait for more request body bytes. Zero
	// means 60s.
	ReadBodyTimeout time.Duration
	// WriteTimeout bounds each wait to write to the client. Zero means
	// 60s.
	WriteTimeout time.Duration
	// Limits bounds request heads (431, 414).
	Limits http1.Limits
	// MaxBodyBytes caps a request body (413). Zero means no cap.
	MaxBodyBytes int64
	// MaxRequestsPerConn closes a connection after this many requests.
	// Zero means no limit.
	MaxRequestsPerConn int
	// ShutdownGrace bounds how long Shutdown waits for requests in flight.
	// Zero means 30s.
	ShutdownGrace time.Duration
	// TrustedProxies lists peers whose X-Forwarded-* fields are kept.
	TrustedProxies []netip.Prefix
	// InjectDelay delays every proxied request. It exists to prove that
	// latency budgets catch a slow gateway; never set it in production.
	InjectDelay time.Duration
	// Logger receives service logs. Nil means slog.Default().
	Logger *slog.Logger
}

func (o Options) withDefaults() Options {
	if o.MaxConnections == 0 {
		o.MaxConnections = 10000
	}
	if o.ReadHeaderTimeout == 0 {
		o.ReadHeaderTimeout = 10 * time.Second
	}
	if o.IdleTimeout == 0 {
		o.IdleTimeout = 60 * time.Second
	}
	if o.ReadBodyTimeout == 0 {
		o.ReadBodyTimeout = 60 * time.Second
	}
	if o.WriteTimeout == 0 {
		o.WriteTimeout = 60 * time.Second
	}
	if o.ShutdownGrace == 0 {
		o.ShutdownGrace = 30 * time.Second
	}
	if o.Limits.MaxHeaderBytes == 0 {
		o.Limits.MaxHeaderBytes = http1.DefaultMaxHeaderBytes
	}
	if o.Limits.MaxHeaderCount == 0 {
		o.Limits.MaxHeaderCount = http1.DefaultMaxHeaderCount
	}
	if o.Limits.MaxURIBytes == 0 {
		o.Limits.MaxURIBytes = http1.DefaultMaxURIBytes
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	return o
}
