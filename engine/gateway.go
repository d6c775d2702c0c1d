package engine

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"time"

	"gatehouse/engine/http1"
	"gatehouse/router"
	"gatehouse/upstream"
)

// RouteSpec is one route as the gateway compiles it: what to match and
// where and how to forward. NewGateway copies what it needs from it.
type RouteSpec struct {
	// Match is the routing rule; its Handler field is set by NewGateway.
	Match    router.Route
	Upstream *upstream.Upstream
	// StripPrefix is removed from the front of the normalized path.
	StripPrefix string
	// Rewrite replaces the path; ":name" segments take the value of the
	// route's parameter of that name.
	Rewrite string
	// HostRewrite replaces the Host sent upstream; empty keeps the
	// client's.
	HostRewrite string
	// MergeSlashes lets "//" in a request path match this route as "/".
	MergeSlashes bool
	// AllowEncodedSlash lets %2F and %5C stay in paths routed here.
	AllowEncodedSlash bool
}

// route is a compiled RouteSpec; router.Route.Handler points to it.
type route struct {
	name        string
	upstream    *upstream.Upstream
	stripPrefix []byte
	rewrite     []rewritePart
	hostRewrite []byte
	merge       bool
	encoded     bool
}

// rewritePart is a literal or, when param is set, a parameter reference.
type rewritePart struct {
	literal []byte
	param   string
}

// Gateway is the request pipeline: normalize, route, forward. It is
// safe for concurrent use; the routing table is replaced atomically by
// Store.
type Gateway struct {
	router *router.Router
	ids    *requestIDs
	// anyMerge and anyEncoded record whether some route opts in, so the
	// second normalization pass runs only when it can match.
	anyMerge   bool
	anyEncoded bool
	upstreams  []*upstream.Upstream
}

// NewGateway compiles routes into a routing table.
func NewGateway(specs []RouteSpec) (*Gateway, error) {
	g := &Gateway{ids: newRequestIDs()}
	routes := make([]router.Route, 0, len(specs))
	seen := map[*upstream.Upstream]bool{}
	for i := range specs {
		spec := &specs[i]
		rt, err := compileRoute(spec)
		if err != nil {
			return nil, err
		}
		g.anyMerge = g.anyMerge || rt.merge
		g.anyEncoded = g.anyEncoded || rt.encoded
		m := spec.Match
		m.Handler = rt
		routes = append(routes, m)
		if !seen[spec.Upstream] {
			seen[spec.Upstream] = true
			g.upstreams = append(g.upstreams, spec.Upstream)
		}
	}
	table, err := router.Build(routes)
	if err != nil {
		return nil, err
	}
	g.router = router.New(table)
	return g, nil
}

func compileRoute(spec *RouteSpec) (*route, error) {
	if spec.Upstream == nil {
		return nil, fmt.Errorf("route %s: no upstream", spec.Match.Name)
	}
	rt := &route{
		name:     spec.Match.Name,
		upstream: spec.Upstream,
		merge:    spec.MergeSlashes,
		encoded:  spec.AllowEncodedSlash,
	}
	if spec.StripPrefix != "" {
		if !strings.HasPrefix(spec.Match.Path, spec.StripPrefix) {
			return nil, fmt.Errorf("route %s: strip_prefix %q is not a prefix of path %q", spec.Match.Name, spec.StripPrefix, spec.Match.Path)
		}
		rt.stripPrefix = []byte(spec.StripPrefix)
	}
	if spec.HostRewrite != "" {
		rt.hostRewrite = []byte(spec.HostRewrite)
	}
	if spec.Rewrite != "" {
		parts, err := compileRewrite(spec.Rewrite, spec.Match.Path)
		if err != nil {
			return nil, fmt.Errorf("route %s: %w", spec.Match.Name, err)
		}
		rt.rewrite = parts
	}
	return rt, nil
}

// compileRewrite splits a rewrite template into literals and parameter
// references, each of which must name a parameter of the route's path.
func compileRewrite(tmpl, path string) ([]rewritePart, error) {
	if !strings.HasPrefix(tmpl, "/") {
		return nil, fmt.Errorf("rewrite %q must start with '/'", tmpl)
	}
	params := map[string]bool{}
	for _, seg := range strings.Split(path, "/") {
		if len(seg) > 1 && (seg[0] == ':' || seg[0] == '*') {
			params[seg[1:]] = true
		}
	}
	var parts []rewritePart
	var lit []byte
	for _, seg := range strings.SplitAfter(tmpl, "/") {
		name := strings.TrimSuffix(seg, "/")
		if len(name) > 1 && name[0] == ':' {
			if !params[name[1:]] {
				return nil, fmt.Errorf("rewrite %q uses :%s, which path %q does not define", tmpl, name[1:], path)
			}
			if len(lit) > 0 {
				parts = append(parts, rewritePart{literal: lit})
				lit = nil
			}
			parts = append(parts, rewritePart{param: name[1:]})
			if strings.HasSuffix(seg, "/") {
				lit = append(lit, '/')
			}
			continue
		}
		lit = append(lit, seg...)
	}
	if len(lit) > 0 {
		parts = append(parts, rewritePart{literal: lit})
	}
	return parts, nil
}

// Upstreams returns the upstreams the routes use.
func (g *Gateway) Upstreams() []*upstream.Upstream { return g.upstreams }

// Serve runs one request through the pipeline.
func (g *Gateway) Serve(x *Exchange) {
	req := x.Req
	opts := &x.conn.srv.opts

	if req.ExpectOther {
		x.Reply(417, "unsupported expectation: only 100-continue is supported", nil)
		return
	}
	if opts.MaxBodyBytes > 0 && req.ContentLength > opts.MaxBodyBytes {
		x.Reply(413, fmt.Sprintf("request body of %d bytes exceeds the limit of %d bytes", req.ContentLength, opts.MaxBodyBytes), nil)
		return
	}

	rt, path, ok := g.route(x)
	if !ok {
		return
	}
	c := x.conn
	id := req.Header(http1.HeaderXRequestID)
	if !validRequestID(id) {
		id = g.ids.appendNext(c.idBuf[:0])
	}
	host := req.Host
	if rt.hostRewrite != nil {
		host = rt.hostRewrite
	}
	if opts.InjectDelay > 0 {
		time.Sleep(opts.InjectDelay)
	}

	res := rt.upstream.Forward(&upstream.Request{
		Head:           req,
		Path:           path,
		Host:           host,
		ClientIP:       c.clientIP,
		TrustForwarded: c.trusted,
		RequestID:      id,
		Body:           c.nc.Reader(),
		Client:         c.nc.Writer(),
		MaxBodyBytes:   opts.MaxBodyBytes,
		KeepAlive:      x.KeepAlive,
	})
	x.bodyRead = res.BodyConsumed
	x.KeepAlive = res.KeepAlive
	if res.Sent {
		x.responded = true
		x.Status = res.Status
		if res.Err != nil {
			x.KeepAlive = false // the response is cut short
			c.srv.errLog.Warn("upstream exchange failed after the response started",
				"route", rt.name, "target", res.Target, "error", res.Err)
		}
		return
	}
	status := upstream.StatusOf(res.Err)
	c.srv.errLog.Warn("upstream exchange failed", "route", rt.name, "target", res.Target, "status", status, "error", res.Err)
	if errors.Is(res.Err, upstream.ErrClientBody) || errors.Is(res.Err, upstream.ErrClientWrite) {
		x.KeepAlive = false
	}
	x.Reply(status, failureMessage(status), nil)
}

// failureMessage is the client-facing text for a forwarding failure. It
// names no upstream address.
func failureMessage(status int) string {
	switch status {
	case 503:
		return "upstream unavailable: connection limit reached or connect timed out"
	case 504:
		return "upstream timed out before responding"
	case 408:
		return "request body timed out"
	case 413:
		return "request body too large"
	case 400:
		return "malformed chunked request body"
	default:
		return "bad gateway: upstream connection failed or returned a malformed response"
	}
}

// route normalizes the path, looks up the route and builds the path sent
// upstream. On failure it has replied and returns ok false.
func (g *Gateway) route(x *Exchange) (rt *route, path []byte, ok bool) {
	req := x.Req
	c := x.conn
	params := &c.params
	table := g.router.Load()

	norm, err := router.NormalizePath(c.pathBuf[:0], req.Path, router.NormalizeOptions{})
	encodedRetry := errors.Is(err, router.ErrEncodedSlash) && g.anyEncoded
	if encodedRetry {
		norm, err = router.NormalizePath(c.pathBuf[:0], req.Path, router.NormalizeOptions{AllowEncodedSlash: true})
	}
	if err != nil {
		x.Reply(400, "invalid request path: "+err.Error(), nil)
		return nil, nil, false
	}
	params.Reset()
	matched, res, allow := table.Lookup(req.Host, norm, req.MethodName, req, req.Query, params)
	if res == router.NotFound && g.anyMerge && bytes.Contains(norm, []byte("//")) {
		norm, _ = router.NormalizePath(c.pathBuf[:0], req.Path, router.NormalizeOptions{MergeSlashes: true, AllowEncodedSlash: encodedRetry})
		params.Reset()
		matched, res, allow = table.Lookup(req.Host, norm, req.MethodName, req, req.Query, params)
		if res == router.Found && !matched.Handler.(*route).merge {
			res = router.NotFound
		}
	}
	c.pathBuf = norm[:0]

	switch res {
	case router.NotFound:
		x.Reply(404, "no route matches the request", nil)
		return nil, nil, false
	case router.MethodNotAllowed:
		var extra [256]byte
		x.Reply(405, "method not allowed on this route", http1.AppendHeader(extra[:0], []byte("Allow"), allow))
		return nil, nil, false
	}
	rt = matched.Handler.(*route)
	if encodedRetry && !rt.encoded {
		x.Reply(400, "invalid request path: encoded slash is not allowed on this route", nil)
		return nil, nil, false
	}
	return rt, rt.upstreamPath(norm, params), true
}

// upstreamPath applies the route's rewrite or prefix stripping to the
// normalized path. It appends after path's bytes in the same buffer.
func (rt *route) upstreamPath(norm []byte, params *router.Params) []byte {
	switch {
	case rt.rewrite != nil:
		out := norm[len(norm):]
		for _, p := range rt.rewrite {
			if p.param != "" {
				out = append(out, params.Get(p.param)...)
			} else {
				out = append(out, p.literal...)
			}
		}
		return out
	case rt.stripPrefix != nil && bytes.HasPrefix(norm, rt.stripPrefix):
		rest := norm[len(rt.stripPrefix):]
		if len(rest) == 0 || rest[0] != '/' {
			out := norm[len(norm):]
			out = append(out, '/')
			return append(out, rest...)
		}
		return rest
	}
	return norm
}

// Sweep closes upstream connections idle past their timeout. The server
// calls it from its sweeper.
func (g *Gateway) Sweep(now time.Time) {
	for _, u := range g.upstreams {
		u.CloseIdle(now)
	}
}

// Abort closes every upstream connection, in use or not, so exchanges
// still in flight end at once. The server calls it when a shutdown's
// grace period is over.
func (g *Gateway) Abort() {
	for _, u := range g.upstreams {
		u.Abort()
	}
}

// Close closes every upstream pool.
func (g *Gateway) Close() {
	for _, u := range g.upstreams {
		u.Close()
	}
}
