package config

import (
	"errors"
	"fmt"
	"net/netip"
	"slices"
	"strconv"
	"strings"
)

// routeChecker checks one route; field paths are relative to the route.
type routeChecker struct {
	*checker
	path string
	r    *Route
}

func (k *checker) checkRoutes() {
	firstByName := make(map[string]int, len(k.c.Routes))
	for i, r := range k.c.Routes {
		path := "routes[" + strconv.Itoa(i) + "]"
		if r == nil {
			k.errorf(path, "nil route")
			continue
		}
		rc := &routeChecker{checker: k, path: path, r: r}
		rc.checkName(i, firstByName)
		captured, pathOK := rc.checkMatch()
		rc.checkUpstream()
		if pathOK {
			rc.checkPathChanges(captured)
		}
		rc.checkHostRewrite()
	}
}

func (rc *routeChecker) fieldPath(field string) string {
	return joinPath(rc.path, field)
}

func (rc *routeChecker) errorf(field, format string, args ...any) {
	path := rc.fieldPath(field)
	rc.errorAt(rc.positionOr(path, rc.r.Pos), path, format, args...)
}

// missing reports an absent required field unless a mapping that could have held it has an
// unknown key (checked up to the nearest mapping the file wrote).
func (rc *routeChecker) missing(field, format string, args ...any) {
	for q := parentPath(rc.fieldPath(field)); q != ""; q = parentPath(q) {
		if rc.incomplete[q] {
			return
		}
		if rc.written(q) {
			break
		}
	}
	rc.errorf(field, format, args...)
}

func (rc *routeChecker) checkName(index int, firstByName map[string]int) {
	name := rc.r.Name
	switch {
	case name == "" && rc.written(rc.fieldPath("name")):
		rc.errorf("name", "empty name: every route needs a unique name, such as name: users")
	case name == "":
		rc.missing("name", "missing name: every route needs a unique name, such as name: users")
	case !validName(name):
		rc.errorf("name", "invalid route name %s: use 1 to %d letters, digits, '_', '-' or '.', starting with a letter or digit", quote(name), maxNameLength)
	default:
		if j, dup := firstByName[name]; dup {
			first := "routes[" + strconv.Itoa(j) + "]"
			rc.errorf("name", "duplicate route name %s (first at %s): route names must be unique", quote(name), rc.describe(joinPath(first, "name"), rc.c.Routes[j].Pos))
			return
		}
		firstByName[name] = index
	}
}

// checkMatch checks match.* and returns the names the path captures; pathOK is false when
// the path itself is missing or invalid.
func (rc *routeChecker) checkMatch() (captured []string, pathOK bool) {
	r := rc.r
	if r.Host != "" {
		if err := checkRouteHost(r.Host); err != nil {
			rc.errorf("match.host", "invalid host %s: %v", quote(r.Host), err)
		}
	}
	switch {
	case r.Path == "" && rc.written(rc.fieldPath("match.path")):
		rc.errorf("match.path", "empty path: use a path that starts with '/', such as /api/users")
	case r.Path == "":
		rc.missing("match.path", "missing path: every route needs match.path, such as match: {path: /api/users}")
	default:
		names, wildcard, err := parsePattern(r.Path, r.MergeSlashes)
		if err != nil {
			rc.errorf("match.path", "invalid path %s: %v", quote(r.Path), err)
			break
		}
		captured, pathOK = names, true
		if wildcard && r.Prefix {
			rc.errorf("match.prefix", "prefix: true cannot be combined with the wildcard in path %s, which already matches the rest of the path: remove prefix", quote(r.Path))
		}
	}
	rc.checkMethods()
	rc.checkHeaders()
	rc.checkQuery()
	return captured, pathOK
}

func (rc *routeChecker) checkMethods() {
	methods := rc.r.Methods
	if len(methods) == 0 && rc.written(rc.fieldPath("match.methods")) {
		rc.errorf("match.methods", "empty list: list methods such as [GET, POST], or remove the key to accept every method")
		return
	}
	for i, m := range methods {
		field := "match.methods[" + strconv.Itoa(i) + "]"
		switch {
		case !isToken(m):
			rc.errorf(field, "invalid method %s: a method is an HTTP token (RFC 9110 section 9.1), such as GET", quote(m))
		case strings.ToUpper(m) != m:
			rc.errorf(field, "method %s is not upper-case: write %s (methods are case-sensitive, RFC 9110 section 9.1)", quote(m), strings.ToUpper(m))
		case slices.Contains(methods[:i], m):
			rc.errorf(field, "duplicate method %s: list each method once", m)
		}
	}
}

func (rc *routeChecker) checkHeaders() {
	for i, h := range rc.r.Headers {
		field := "match.headers[" + strconv.Itoa(i) + "]"
		valueWritten := h.Value != "" || rc.written(rc.fieldPath(field+".value"))
		switch {
		case h.Name == "":
			rc.missing(field+".name", "missing name: name the header, such as name: X-Tenant")
		case !isToken(h.Name):
			rc.errorf(field+".name", "invalid header name %s: a header name is an HTTP token (RFC 9110 section 5.1)", quote(h.Name))
		case slices.ContainsFunc(rc.r.Headers[:i], func(o HeaderMatch) bool { return strings.EqualFold(o.Name, h.Name) }):
			rc.errorf(field+".name", "duplicate header %s: header names are case-insensitive, so match each header once", quote(h.Name))
		}
		switch {
		case h.Present && (valueWritten || h.Prefix):
			rc.errorf(field+".present", "present: true matches any value: remove value and prefix, or remove present")
		case !h.Present && !valueWritten:
			rc.missing(field+".value", "missing value: set value, or present: true to require the header with any value")
		case h.Prefix && h.Value == "":
			rc.errorf(field+".value", "an empty prefix matches any value: use present: true instead")
		case !validFieldValue(h.Value):
			rc.errorf(field+".value", "invalid header value %s: use visible characters and inner spaces only (RFC 9110 section 5.5); clients' leading and trailing spaces are stripped", quote(h.Value))
		}
	}
}

func (rc *routeChecker) checkQuery() {
	for i, q := range rc.r.Query {
		field := "match.query[" + strconv.Itoa(i) + "]"
		valueWritten := q.Value != "" || rc.written(rc.fieldPath(field+".value"))
		switch {
		case q.Name == "":
			rc.missing(field+".name", "missing name: name the query parameter, such as name: debug")
		case strings.ContainsAny(q.Name, "&=#") || !validFieldValue(q.Name) || strings.ContainsAny(q.Name, " \t"):
			rc.errorf(field+".name", "invalid query parameter name %s: it must not contain '&', '=', '#', spaces or control characters", quote(q.Name))
		case slices.ContainsFunc(rc.r.Query[:i], func(o QueryMatch) bool { return o.Name == q.Name }):
			rc.errorf(field+".name", "duplicate query parameter %s: match each parameter once", quote(q.Name))
		}
		switch {
		case q.Present && valueWritten:
			rc.errorf(field+".present", "present: true matches any value: remove value, or remove present")
		case !q.Present && !valueWritten:
			rc.missing(field+".value", "missing value: set value, or present: true to require the parameter with any value")
		case strings.ContainsAny(q.Value, "&#") || !validFieldValue(q.Value):
			rc.errorf(field+".value", "invalid query value %s: it must not contain '&', '#', control characters or leading or trailing spaces", quote(q.Value))
		}
	}
}

func (rc *routeChecker) checkUpstream() {
	name, defined := rc.r.Upstream, rc.c.UpstreamOrder
	if rc.c.Upstreams[name] != nil || rc.bad["upstreams"] {
		return
	}
	list := "no upstreams are defined; add one under upstreams"
	if len(defined) > 0 {
		list = "defined upstreams: " + strings.Join(defined, ", ")
	}
	if name == "" && rc.written(rc.fieldPath("upstream")) {
		rc.errorf("upstream", "empty upstream: name the upstream that receives this route's requests (%s)", list)
		return
	}
	if name == "" {
		rc.missing("upstream", "missing upstream: name the upstream that receives this route's requests (%s)", list)
		return
	}
	rc.errorf("upstream", "unknown upstream %s%s (%s)", quote(name), didYouMean(name, defined), list)
}

// checkPathChanges checks strip_prefix and rewrite against the route path.
func (rc *routeChecker) checkPathChanges(captured []string) {
	r := rc.r
	if r.StripPrefix != "" {
		if err := checkStripPrefix(r.StripPrefix, r.Path); err != nil {
			rc.errorf("strip_prefix", "invalid strip_prefix %s: %v", quote(r.StripPrefix), err)
		}
	}
	if r.Rewrite == "" {
		return
	}
	if r.StripPrefix != "" {
		rc.errorf("rewrite", "rewrite cannot be combined with strip_prefix: rewrite already replaces the whole matched path, so remove strip_prefix")
		return
	}
	if r.Prefix {
		rc.errorf("rewrite", "rewrite needs an exact match.path, but prefix is true: end the path with a wildcard such as /static/*rest instead of prefix, and use *rest in rewrite")
		return
	}
	if err := checkRewrite(r.Rewrite, captured); err != nil {
		rc.errorf("rewrite", "invalid rewrite %s: %v", quote(r.Rewrite), err)
	}
}

func (rc *routeChecker) checkHostRewrite() {
	h := rc.r.HostRewrite
	if h == "" {
		return
	}
	host := h
	if strings.Contains(h, ":") && !(strings.HasPrefix(h, "[") && strings.HasSuffix(h, "]")) {
		var err error
		if host, _, err = splitAddress(h, 1); err != nil {
			rc.errorf("host_rewrite", "invalid host %s: %v", quote(h), err)
			return
		}
	} else {
		host = strings.TrimSuffix(strings.TrimPrefix(h, "["), "]")
	}
	if !validHost(host) {
		rc.errorf("host_rewrite", "invalid host %s: use a host name such as users.internal, optionally with :port", quote(h))
	}
}

// checkRouteHost accepts an exact host name, "*." followed by a host name, an IPv4 address
// or a bracketed IPv6 address, all without a port.
func checkRouteHost(h string) error {
	if suffix, ok := strings.CutPrefix(h, "*."); ok {
		if !validHostname(suffix) {
			return errors.New("a wildcard host is *. followed by a host name, such as *.example.com")
		}
		return nil
	}
	if inner, ok := strings.CutPrefix(h, "["); ok {
		if addr, err := netip.ParseAddr(strings.TrimSuffix(inner, "]")); err == nil && addr.Is6() && addr.Zone() == "" && strings.HasSuffix(h, "]") {
			return nil
		}
		return errors.New("write an IPv6 address in brackets, such as [2001:db8::1]")
	}
	if strings.Contains(h, ":") {
		return errors.New("write the host without a port")
	}
	if !validHost(h) {
		return errors.New("use a host name such as api.example.com or a wildcard such as *.example.com")
	}
	return nil
}

// parsePattern checks a route path and returns the names captured by its ":name" and "*name"
// segments, and whether it ends in a "*name" wildcard.
func parsePattern(path string, mergeSlashes bool) (names []string, wildcard bool, err error) {
	if !strings.HasPrefix(path, "/") {
		return nil, false, errors.New("a path must start with '/'")
	}
	segments := strings.Split(path[1:], "/")
	for i, segment := range segments {
		last := i == len(segments)-1
		switch {
		case segment == "":
			if !last && mergeSlashes {
				return nil, false, errors.New("it contains \"//\", which never matches because merge_slashes merges slashes in requests")
			}
		case segment[0] == ':' || segment[0] == '*':
			name := segment[1:]
			if !validIdentifier(name) {
				return nil, false, fmt.Errorf("segment %s must be %c followed by a name of letters, digits and '_', such as %cid", quote(segment), segment[0], segment[0])
			}
			if slices.Contains(names, name) {
				return nil, false, fmt.Errorf("name %s is captured twice: give each segment its own name", quote(name))
			}
			if segment[0] == '*' {
				if !last {
					return nil, false, fmt.Errorf("wildcard %s must be the last segment", quote(segment))
				}
				wildcard = true
			}
			names = append(names, name)
		default:
			if err := checkLiteralSegment(segment); err != nil {
				return nil, false, err
			}
		}
	}
	return names, wildcard, nil
}

// checkLiteralSegment rejects characters outside RFC 3986 pchar and dot segments, which
// request paths never contain after normalization (RFC 3986 section 5.2.4).
func checkLiteralSegment(segment string) error {
	if segment == "." || segment == ".." {
		return fmt.Errorf("dot segment %s never matches because request paths are normalized: remove it", quote(segment))
	}
	return checkPathChars(segment)
}

// checkStripPrefix requires a literal prefix of the route path that ends at a segment
// boundary. Every request the route matches then starts with it, and removing it never
// splits a segment.
func checkStripPrefix(prefix, routePath string) error {
	switch {
	case !strings.HasPrefix(prefix, "/"):
		return errors.New("it must start with '/'")
	case prefix == "/":
		return errors.New("stripping \"/\" changes nothing: remove strip_prefix")
	case strings.Contains(prefix, "/:") || strings.Contains(prefix, "/*"):
		return errors.New("it must be literal text: captured segments differ per request")
	case !strings.HasPrefix(routePath, prefix):
		return fmt.Errorf("match.path %s does not start with it, so it could not be stripped", quote(routePath))
	case len(routePath) > len(prefix) && !strings.HasSuffix(prefix, "/") && routePath[len(prefix)] != '/':
		return fmt.Errorf("it ends inside a segment of match.path %s: end it at a '/'", quote(routePath))
	}
	return nil
}

// checkRewrite checks a rewrite template: a path whose ":name" and "*name" segments refer to
// names captured by the route path.
func checkRewrite(template string, captured []string) error {
	if !strings.HasPrefix(template, "/") {
		return errors.New("it must start with '/'")
	}
	for segment := range strings.SplitSeq(template[1:], "/") {
		switch {
		case segment == "":
		case segment[0] == ':' || segment[0] == '*':
			name := segment[1:]
			if !slices.Contains(captured, name) {
				return fmt.Errorf("%s refers to %s, which match.path does not capture%s", quote(segment), quote(name), capturedList(captured))
			}
		default:
			if err := checkLiteralSegment(segment); err != nil {
				return err
			}
		}
	}
	return nil
}

func capturedList(captured []string) string {
	if len(captured) == 0 {
		return " (it captures nothing)"
	}
	return " (it captures " + strings.Join(captured, ", ") + ")"
}
