package config

import (
	"net/netip"
	"strings"

	"github.com/goccy/go-yaml/ast"
)

// The schema of the file, one function per section. Each function fills its part of the
// Config from the syntax tree; range and cross-reference checks are in validate.go.

func (d *decoder) decodeFile(n ast.Node, c *Config) {
	elsewhere := map[string]string{"trusted_proxies": "client_ip", "targets": "an upstream", "match": "a route"}
	for _, f := range engineSchema(d, &Engine{}).fields {
		elsewhere[f.key] = "engine"
	}
	d.mapping(n, "", schema{
		fields: []field{
			{"listen", func(n ast.Node, p string) { d.setString(&c.Listen, n, p) }},
			{"admin", func(n ast.Node, p string) { d.setString(&c.Admin, n, p) }},
			{"engine", func(n ast.Node, p string) { d.mapping(n, p, engineSchema(d, &c.Engine)) }},
			{"client_ip", func(n ast.Node, p string) { d.decodeClientIP(n, p, &c.ClientIP) }},
			{"upstreams", func(n ast.Node, p string) { d.decodeUpstreams(n, p, c) }},
			{"routes", func(n ast.Node, p string) { d.decodeRoutes(n, p, c) }},
		},
		unsupported: map[string]string{
			"auth":        "requests are forwarded without authentication in this version",
			"rate_limits": "requests are not rate limited in this version",
		},
		elsewhere: elsewhere,
	})

	// The request target is part of the request head. A default max_uri_bytes above an
	// explicit max_header_bytes could never be reached; lower it instead of rejecting a value
	// the file did not set.
	_, uriSet := d.pos["engine.max_uri_bytes"]
	if e := &c.Engine; !uriSet && e.MaxURIBytes > e.MaxHeaderBytes && e.MaxHeaderBytes >= MinHeaderBytes {
		e.MaxURIBytes = e.MaxHeaderBytes
	}
}

func engineSchema(d *decoder, e *Engine) schema {
	return schema{fields: []field{
		{"pollers", func(n ast.Node, p string) { d.setInt(&e.Pollers, n, p) }},
		{"max_connections", func(n ast.Node, p string) { d.setInt(&e.MaxConnections, n, p) }},
		{"read_header_timeout", func(n ast.Node, p string) { d.setDuration(&e.ReadHeaderTimeout, n, p) }},
		{"idle_timeout", func(n ast.Node, p string) { d.setDuration(&e.IdleTimeout, n, p) }},
		{"read_body_timeout", func(n ast.Node, p string) { d.setDuration(&e.ReadBodyTimeout, n, p) }},
		{"write_timeout", func(n ast.Node, p string) { d.setDuration(&e.WriteTimeout, n, p) }},
		{"max_header_bytes", func(n ast.Node, p string) { d.setSize(&e.MaxHeaderBytes, n, p) }},
		{"max_header_count", func(n ast.Node, p string) { d.setInt(&e.MaxHeaderCount, n, p) }},
		{"max_uri_bytes", func(n ast.Node, p string) { d.setSize(&e.MaxURIBytes, n, p) }},
		{"max_body_bytes", func(n ast.Node, p string) { d.setSize64(&e.MaxBodyBytes, n, p) }},
		{"max_requests_per_connection", func(n ast.Node, p string) { d.setInt(&e.MaxRequestsPerConn, n, p) }},
		{"shutdown_grace", func(n ast.Node, p string) { d.setDuration(&e.ShutdownGrace, n, p) }},
	}}
}

func (d *decoder) decodeClientIP(n ast.Node, path string, c *ClientIP) {
	d.mapping(n, path, schema{fields: []field{
		{"trusted_proxies", func(n ast.Node, p string) {
			d.items(n, p, func(item ast.Node, itemPath string) {
				if prefix, ok := d.prefix(item, itemPath); ok {
					c.TrustedProxies = append(c.TrustedProxies, prefix)
				}
			})
		}},
	}})
}

// prefix parses a CIDR such as 10.0.0.0/8 or a single address, which becomes a /32 or /128.
func (d *decoder) prefix(n ast.Node, path string) (netip.Prefix, bool) {
	s, ok := d.text(n, path)
	if !ok {
		d.errorf(nodePos(n), path, "empty entry: write a CIDR such as 10.0.0.0/8 or an address such as 192.0.2.1")
		return netip.Prefix{}, false
	}
	if !strings.Contains(s, "/") {
		addr, err := netip.ParseAddr(s)
		if err != nil || addr.Zone() != "" {
			d.errorf(nodePos(n), path, "invalid address %s: write a CIDR such as 10.0.0.0/8 or an address such as 192.0.2.1", quote(s))
			return netip.Prefix{}, false
		}
		return netip.PrefixFrom(addr, addr.BitLen()), true
	}
	prefix, err := netip.ParsePrefix(s)
	if err != nil {
		d.errorf(nodePos(n), path, "invalid CIDR %s: write a CIDR such as 10.0.0.0/8 or 2001:db8::/32", quote(s))
		return netip.Prefix{}, false
	}
	if masked := prefix.Masked(); masked != prefix {
		d.errorf(nodePos(n), path, "CIDR %s has bits set after the /%d prefix: write %s", quote(s), prefix.Bits(), masked)
		return netip.Prefix{}, false
	}
	return prefix, true
}

func (d *decoder) decodeUpstreams(n ast.Node, path string, c *Config) {
	values, ok := d.mappingValues(n, path, "a mapping from upstream names to upstreams")
	if !ok {
		return
	}
	for _, mv := range values {
		name, keyPos, ok := d.key(mv.Key, path)
		if !ok {
			continue
		}
		upstreamPath := joinPath(path, name)
		if first, dup := c.Upstreams[name]; dup {
			d.keyErrorf(keyPos, path, "duplicate upstream %s (first at line %d): rename or remove one of them", quote(name), first.Pos.Line)
			continue
		}
		u := DefaultUpstream(name)
		u.Pos = keyPos
		// The upstream's own position is its name, which is where "missing targets" points.
		d.pos[upstreamPath] = keyPos
		if !d.rejectSpecial(mv.Value, upstreamPath) {
			d.decodeUpstream(mv.Value, upstreamPath, u)
		}
		c.Upstreams[name] = u
		c.UpstreamOrder = append(c.UpstreamOrder, name)
	}
}

func (d *decoder) decodeUpstream(n ast.Node, path string, u *Upstream) {
	poolSchema := schema{fields: []field{
		{"max_idle_per_target", func(n ast.Node, p string) { d.setInt(&u.MaxIdlePerTarget, n, p) }},
		{"max_connections_per_target", func(n ast.Node, p string) { d.setInt(&u.MaxConnsPerTarget, n, p) }},
		{"idle_timeout", func(n ast.Node, p string) { d.setDuration(&u.IdleConnTimeout, n, p) }},
	}}
	elsewhere := map[string]string{}
	for _, f := range poolSchema.fields {
		elsewhere[f.key] = "pool"
	}
	d.mapping(n, path, schema{
		fields: []field{
			{"targets", func(n ast.Node, p string) {
				d.items(n, p, func(item ast.Node, ip string) { d.decodeTarget(item, ip, u) })
			}},
			{"balance", func(n ast.Node, p string) { d.setString(&u.Balance, n, p) }},
			{"connect_timeout", func(n ast.Node, p string) { d.setDuration(&u.ConnectTimeout, n, p) }},
			{"response_header_timeout", func(n ast.Node, p string) { d.setDuration(&u.ResponseHeaderTimeout, n, p) }},
			{"pool", func(n ast.Node, p string) { d.mapping(n, p, poolSchema) }},
		},
		unsupported: map[string]string{
			"hash_key": "only round_robin and random balancing exist in this version",
			"health":   "targets are not health-checked in this version",
			"retries":  "failed requests are not retried in this version",
		},
		elsewhere: elsewhere,
	})

	// A default idle cap above an explicit connection cap could never be reached; lower it
	// instead of rejecting a value the file did not set.
	_, idleSet := d.pos[path+".pool.max_idle_per_target"]
	if !idleSet && u.MaxConnsPerTarget > 0 && u.MaxIdlePerTarget > u.MaxConnsPerTarget {
		u.MaxIdlePerTarget = u.MaxConnsPerTarget
	}
}

// decodeTarget accepts {address: host:port, weight: N} or the address alone as a string.
func (d *decoder) decodeTarget(n ast.Node, path string, u *Upstream) {
	t := Target{Weight: DefaultWeight, Pos: nodePos(n)}
	if host, port, ok := splitTarget(n); ok {
		// goccy/go-yaml v1.19 reads [127.0.0.1:9001] nested inside a flow mapping as
		// [{127.0.0.1: 9001}].
		d.errorf(t.Pos, path, "the address was read as the mapping {%s: %s}: quote it, as in \"%s:%s\", or write {address: %s:%s}", host, port, host, port, host, port)
		u.Targets = append(u.Targets, t)
		return
	}
	switch n.(type) {
	case *ast.StringNode:
		d.pos[path+".address"] = t.Pos
		d.setString(&t.Address, n, path)
	default:
		d.mapping(n, path, schema{fields: []field{
			{"address", func(n ast.Node, p string) { d.setString(&t.Address, n, p) }},
			{"weight", func(n ast.Node, p string) { d.setInt(&t.Weight, n, p) }},
		}})
	}
	u.Targets = append(u.Targets, t)
}

// splitTarget recognizes a target that YAML read as a one-entry mapping from host to port.
func splitTarget(n ast.Node) (host, port string, ok bool) {
	var mv *ast.MappingValueNode
	switch v := n.(type) {
	case *ast.MappingValueNode:
		mv = v
	case *ast.MappingNode:
		if len(v.Values) != 1 {
			return "", "", false
		}
		mv = v.Values[0]
	default:
		return "", "", false
	}
	key, keyIsString := mv.Key.(*ast.StringNode)
	_, valueIsInteger := mv.Value.(*ast.IntegerNode)
	if !keyIsString || !valueIsInteger || key.Value == "address" || key.Value == "weight" {
		return "", "", false
	}
	return key.Value, tokenText(mv.Value), true
}

func (d *decoder) decodeRoutes(n ast.Node, path string, c *Config) {
	d.items(n, path, func(item ast.Node, itemPath string) {
		r := &Route{Pos: nodePos(item)}
		d.decodeRoute(item, itemPath, r)
		c.Routes = append(c.Routes, r)
	})
}

func (d *decoder) decodeRoute(n ast.Node, path string, r *Route) {
	matchSchema := schema{fields: []field{
		{"path", func(n ast.Node, p string) { d.setString(&r.Path, n, p) }},
		{"prefix", func(n ast.Node, p string) { d.setBool(&r.Prefix, n, p) }},
		{"host", func(n ast.Node, p string) { d.setString(&r.Host, n, p) }},
		{"methods", func(n ast.Node, p string) { d.decodeMethods(n, p, r) }},
		{"headers", func(n ast.Node, p string) {
			d.items(n, p, func(item ast.Node, ip string) { d.decodeHeaderMatch(item, ip, r) })
		}},
		{"query", func(n ast.Node, p string) {
			d.items(n, p, func(item ast.Node, ip string) { d.decodeQueryMatch(item, ip, r) })
		}},
	}}
	elsewhere := map[string]string{}
	for _, f := range matchSchema.fields {
		elsewhere[f.key] = "match"
	}
	d.mapping(n, path, schema{
		fields: []field{
			{"name", func(n ast.Node, p string) { d.setString(&r.Name, n, p) }},
			{"match", func(n ast.Node, p string) { d.mapping(n, p, matchSchema) }},
			{"priority", func(n ast.Node, p string) { d.setInt(&r.Priority, n, p) }},
			{"upstream", func(n ast.Node, p string) { d.setString(&r.Upstream, n, p) }},
			{"strip_prefix", func(n ast.Node, p string) { d.setString(&r.StripPrefix, n, p) }},
			{"rewrite", func(n ast.Node, p string) { d.setString(&r.Rewrite, n, p) }},
			{"host_rewrite", func(n ast.Node, p string) { d.setString(&r.HostRewrite, n, p) }},
			{"merge_slashes", func(n ast.Node, p string) { d.setBool(&r.MergeSlashes, n, p) }},
			{"allow_encoded_slash", func(n ast.Node, p string) { d.setBool(&r.AllowEncodedSlash, n, p) }},
		},
		unsupported: map[string]string{
			"auth":       "requests are forwarded without authentication in this version",
			"rate_limit": "requests are not rate limited in this version",
		},
		elsewhere: elsewhere,
	})
	// Host names are case-insensitive (RFC 9110 section 4.2.3); store one spelling.
	r.Host = strings.ToLower(r.Host)
}

func (d *decoder) decodeMethods(n ast.Node, path string, r *Route) {
	d.items(n, path, func(item ast.Node, itemPath string) {
		var m string
		d.setString(&m, item, itemPath)
		r.Methods = append(r.Methods, m)
	})
}

func (d *decoder) decodeHeaderMatch(n ast.Node, path string, r *Route) {
	var h HeaderMatch
	d.mapping(n, path, schema{fields: []field{
		{"name", func(n ast.Node, p string) { d.setString(&h.Name, n, p) }},
		{"value", func(n ast.Node, p string) { d.setString(&h.Value, n, p) }},
		{"prefix", func(n ast.Node, p string) { d.setBool(&h.Prefix, n, p) }},
		{"present", func(n ast.Node, p string) { d.setBool(&h.Present, n, p) }},
	}})
	r.Headers = append(r.Headers, h)
}

func (d *decoder) decodeQueryMatch(n ast.Node, path string, r *Route) {
	var q QueryMatch
	d.mapping(n, path, schema{fields: []field{
		{"name", func(n ast.Node, p string) { d.setString(&q.Name, n, p) }},
		{"value", func(n ast.Node, p string) { d.setString(&q.Value, n, p) }},
		{"present", func(n ast.Node, p string) { d.setBool(&q.Present, n, p) }},
	}})
	r.Query = append(r.Query, q)
}
