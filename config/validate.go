package config

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Limits enforced by validation. They catch typos and values no HTTP/1.1 client needs; they
// are not tuned to any machine.
const (
	// MaxPollers bounds engine.pollers; netpoll's default is GOMAXPROCS/20+1.
	MaxPollers = 1024
	// MinHeaderBytes is the smallest engine.max_header_bytes: enough for a request line,
	// Host and a few short headers.
	MinHeaderBytes = 1 << 10
	// MaxHeaderBytesLimit is the largest engine.max_header_bytes, the same as net/http's
	// DefaultMaxHeaderBytes, because each connection buffers a whole request head.
	MaxHeaderBytesLimit = 1 << 20
	// MaxHeaderCountLimit is the largest engine.max_header_count.
	MaxHeaderCountLimit = 10000
	// MaxWeight is the largest target weight, which keeps weighted schedules short.
	MaxWeight = 1000
)

// Validate checks a Config built by hand (Parse and Load already validate) and returns an
// ErrorList, or nil when the Config is usable. Problems are located by the Pos fields of
// upstreams, targets and routes where those are set.
func (c *Config) Validate() error {
	if errs := c.check(nil, nil); len(errs) > 0 {
		return sortErrors(errs)
	}
	return nil
}

// checker collects the problems of one Config.
type checker struct {
	c    *Config
	errs ErrorList
	// bad and incomplete come from the decoder (see decoder) and are nil for a Config
	// built by hand.
	bad        map[string]bool
	incomplete map[string]bool
}

func (c *Config) check(bad, incomplete map[string]bool) ErrorList {
	k := &checker{c: c, bad: bad, incomplete: incomplete}
	k.checkListeners()
	k.checkEngine(&c.Engine)
	k.checkClientIP()
	k.checkUpstreams()
	k.checkRoutes()
	return k.errs
}

// errorf reports a problem with the value at path unless the decoder already reported one
// there or above it.
func (k *checker) errorf(path, format string, args ...any) {
	k.errorAt(k.position(path), path, format, args...)
}

func (k *checker) errorAt(p Pos, path, format string, args ...any) {
	for q := path; ; q = parentPath(q) {
		if k.bad[q] {
			return
		}
		if q == "" {
			break
		}
	}
	k.errs = append(k.errs, &Error{Source: k.c.Source, Line: p.Line, Column: p.Column, Path: path, Msg: fmt.Sprintf(format, args...)})
}

// missing reports a required key that is absent, unless the mapping that should hold it has
// an unknown key, which is most likely the same key misspelled and already reported.
func (k *checker) missing(path, format string, args ...any) {
	if k.incomplete[parentPath(path)] {
		return
	}
	k.errorf(path, format, args...)
}

// written reports whether the file set the value at path.
func (k *checker) written(path string) bool {
	_, ok := k.c.positions[path]
	return ok
}

// position returns where the value at path, or the nearest enclosing value, was written.
func (k *checker) position(path string) Pos {
	for q := path; q != ""; q = parentPath(q) {
		if p, ok := k.c.positions[q]; ok {
			return p
		}
	}
	return Pos{}
}

// parentPath strips the last ".key" or "[i]" from a path.
func parentPath(path string) string {
	if strings.HasSuffix(path, "]") {
		if i := strings.LastIndexByte(path, '['); i >= 0 {
			return path[:i]
		}
	}
	if i := strings.LastIndexByte(path, '.'); i >= 0 {
		return path[:i]
	}
	return ""
}

func (k *checker) checkListeners() {
	c := k.c
	if c.Listen == "" {
		k.errorf("listen", "missing address: use host:port, such as %s", DefaultListen)
		return
	}
	listenHost, listenPort, err := splitAddress(c.Listen, 0)
	if err != nil {
		k.errorf("listen", "invalid address %s: %v", quote(c.Listen), err)
		return
	}
	if c.Admin == "" {
		return
	}
	adminHost, adminPort, err := splitAddress(c.Admin, 0)
	if err != nil {
		k.errorf("admin", "invalid address %s: %v", quote(c.Admin), err)
		return
	}
	if !isLoopbackHost(adminHost) {
		k.errorf("admin", "address %s is not a loopback address: the admin API must not be reachable by clients; use 127.0.0.1:PORT or [::1]:PORT", quote(c.Admin))
		return
	}
	overlaps := listenHost == adminHost || isUnspecifiedHost(listenHost) || isLoopbackHost(listenHost)
	if adminPort != 0 && adminPort == listenPort && overlaps {
		k.errorf("admin", "address %s overlaps listen %s: give the admin API its own port", quote(c.Admin), quote(c.Listen))
	}
}

func (k *checker) checkEngine(e *Engine) {
	if e.Pollers < 0 || e.Pollers > MaxPollers {
		k.errorf("engine.pollers", "%d is out of range: use 0 for netpoll's default, or 1 to %d", e.Pollers, MaxPollers)
	}
	if e.MaxConnections < 1 {
		k.errorf("engine.max_connections", "%d is out of range: use at least 1", e.MaxConnections)
	}
	k.positiveDuration("engine.read_header_timeout", e.ReadHeaderTimeout)
	k.positiveDuration("engine.idle_timeout", e.IdleTimeout)
	k.positiveDuration("engine.read_body_timeout", e.ReadBodyTimeout)
	k.positiveDuration("engine.write_timeout", e.WriteTimeout)
	k.positiveDuration("engine.shutdown_grace", e.ShutdownGrace)
	headerBytesOK := e.MaxHeaderBytes >= MinHeaderBytes && e.MaxHeaderBytes <= MaxHeaderBytesLimit
	if !headerBytesOK {
		k.errorf("engine.max_header_bytes", "%s is out of range: use %s to %s", formatSize(int64(e.MaxHeaderBytes)), formatSize(MinHeaderBytes), formatSize(MaxHeaderBytesLimit))
	}
	if e.MaxHeaderCount < 1 || e.MaxHeaderCount > MaxHeaderCountLimit {
		k.errorf("engine.max_header_count", "%d is out of range: use 1 to %d", e.MaxHeaderCount, MaxHeaderCountLimit)
	}
	if e.MaxURIBytes < 1 {
		k.errorf("engine.max_uri_bytes", "%s is out of range: use at least 1 byte", formatSize(int64(e.MaxURIBytes)))
	} else if headerBytesOK && e.MaxURIBytes > e.MaxHeaderBytes {
		k.errorf("engine.max_uri_bytes", "%s is larger than max_header_bytes %s: the request target is part of the request head, so lower it or raise max_header_bytes", formatSize(int64(e.MaxURIBytes)), formatSize(int64(e.MaxHeaderBytes)))
	}
	if e.MaxBodyBytes < 0 {
		k.errorf("engine.max_body_bytes", "%d must not be negative: use 0 for no limit", e.MaxBodyBytes)
	}
	if e.MaxRequestsPerConn < 0 {
		k.errorf("engine.max_requests_per_connection", "%d must not be negative: use 0 for no limit", e.MaxRequestsPerConn)
	}
}

func (k *checker) positiveDuration(path string, d time.Duration) {
	if d <= 0 {
		k.errorf(path, "duration %s must be greater than 0", d)
	}
}

func (k *checker) checkClientIP() {
	for i, p := range k.c.ClientIP.TrustedProxies {
		path := "client_ip.trusted_proxies[" + strconv.Itoa(i) + "]"
		if !p.IsValid() {
			k.errorf(path, "invalid prefix: write a CIDR such as 10.0.0.0/8")
		} else if m := p.Masked(); m != p {
			k.errorf(path, "CIDR %s has bits set after the /%d prefix: write %s", p, p.Bits(), m)
		}
	}
}

// formatSize writes a byte count in the largest binary unit that divides it exactly.
func formatSize(n int64) string {
	for _, u := range []struct {
		name string
		size int64
	}{{"GiB", 1 << 30}, {"MiB", 1 << 20}, {"KiB", 1 << 10}} {
		if n != 0 && n%u.size == 0 {
			return strconv.FormatInt(n/u.size, 10) + u.name
		}
	}
	return strconv.FormatInt(n, 10) + "B"
}
