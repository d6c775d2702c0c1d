package engine

import (
	"fmt"

	"gatehouse/config"
	"gatehouse/lb"
	"gatehouse/router"
	"gatehouse/upstream"
)

// FromConfig compiles a validated configuration into server options and
// the request pipeline. Nothing on the request path looks anything up by
// name afterwards: each route points at its upstream.
func FromConfig(cfg *config.Config) (Options, *Gateway, error) {
	e := cfg.Engine
	opts := Options{
		Addr:               cfg.Listen,
		Pollers:            e.Pollers,
		MaxConnections:     e.MaxConnections,
		ReadHeaderTimeout:  e.ReadHeaderTimeout,
		IdleTimeout:        e.IdleTimeout,
		ReadBodyTimeout:    e.ReadBodyTimeout,
		WriteTimeout:       e.WriteTimeout,
		MaxBodyBytes:       e.MaxBodyBytes,
		MaxRequestsPerConn: e.MaxRequestsPerConn,
		ShutdownGrace:      e.ShutdownGrace,
		TrustedProxies:     cfg.ClientIP.TrustedProxies,
	}
	opts.Limits.MaxHeaderBytes = e.MaxHeaderBytes
	opts.Limits.MaxHeaderCount = e.MaxHeaderCount
	opts.Limits.MaxURIBytes = e.MaxURIBytes

	ups := make(map[string]*upstream.Upstream, len(cfg.Upstreams))
	for _, name := range cfg.UpstreamOrder {
		u, err := buildUpstream(cfg.Upstreams[name])
		if err != nil {
			return opts, nil, err
		}
		ups[name] = u
	}

	specs := make([]RouteSpec, 0, len(cfg.Routes))
	for _, r := range cfg.Routes {
		u, ok := ups[r.Upstream]
		if !ok {
			return opts, nil, fmt.Errorf("route %s: upstream %q is not defined", r.Name, r.Upstream)
		}
		specs = append(specs, RouteSpec{
			Match:             routeMatch(r),
			Upstream:          u,
			StripPrefix:       r.StripPrefix,
			Rewrite:           r.Rewrite,
			HostRewrite:       r.HostRewrite,
			MergeSlashes:      r.MergeSlashes,
			AllowEncodedSlash: r.AllowEncodedSlash,
		})
	}
	g, err := NewGateway(specs)
	if err != nil {
		return opts, nil, err
	}
	return opts, g, nil
}

func buildUpstream(cu *config.Upstream) (*upstream.Upstream, error) {
	// In the file, max_idle_per_target 0 keeps no idle connection; in
	// PoolOptions zero selects the default and a negative value keeps none.
	maxIdle := cu.MaxIdlePerTarget
	if maxIdle == 0 {
		maxIdle = -1
	}
	targets := make([]upstream.TargetSpec, len(cu.Targets))
	for i, t := range cu.Targets {
		targets[i] = upstream.TargetSpec{Address: t.Address, Weight: t.Weight}
	}
	return upstream.New(cu.Name, targets, upstream.Options{
		Policy: lb.Policy(cu.Balance),
		Pool: upstream.PoolOptions{
			ConnectTimeout: cu.ConnectTimeout,
			MaxIdle:        maxIdle,
			MaxConns:       cu.MaxConnsPerTarget,
			IdleTimeout:    cu.IdleConnTimeout,
		},
		ResponseHeaderTimeout: cu.ResponseHeaderTimeout,
	})
}

func routeMatch(r *config.Route) router.Route {
	m := router.Route{
		Name:     r.Name,
		Host:     r.Host,
		Path:     r.Path,
		Prefix:   r.Prefix,
		Methods:  r.Methods,
		Priority: r.Priority,
	}
	for _, h := range r.Headers {
		m.Headers = append(m.Headers, router.HeaderMatch{Name: h.Name, Value: h.Value, Prefix: h.Prefix, Present: h.Present})
	}
	for _, q := range r.Query {
		m.Query = append(m.Query, router.QueryMatch{Name: q.Name, Value: q.Value, Present: q.Present})
	}
	return m
}
