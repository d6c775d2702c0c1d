package router

import (
	"errors"
	"fmt"
	"slices"
	"strings"
)

// Errors wrapped by Build. Each Build error also names the route and the field at fault.
var (
	// ErrInvalidRoute reports a route that can never be built, such as a malformed path,
	// host, method or matcher.
	ErrInvalidRoute = errors.New("router: invalid route")
	// ErrDuplicateRoute reports two routes that match the same requests with the same
	// priority, so the later one could never be chosen.
	ErrDuplicateRoute = errors.New("router: duplicate route")
)

// Table is an immutable routing table. It is safe for concurrent use by any number of
// goroutines, and Lookup neither locks nor allocates.
type Table struct {
	routes  []Route
	entries []entry

	exactHosts    map[string]*node // key: lowercase host
	wildcardHosts map[string]*node // key: lowercase suffix with its leading dot
	anyHost       *node

	maxPriority int
	methods     *methodSet
}

// compiledRoute carries what Build needs of a route beyond its entry.
type compiledRoute struct {
	parts    []part
	hostKind hostKind
	hostKey  string
}

// Build validates routes and compiles them into a Table. It rejects a path that does not
// start with '/' or is not normalized, an invalid or repeated parameter name, a wildcard
// before the last segment, more than MaxParams parameters, and an invalid host, method or
// matcher. It also rejects two routes that match the same requests: the same host, path
// pattern, Prefix, matchers and priority, with overlapping methods. The returned error joins
// one error per invalid route, and each wraps ErrInvalidRoute or ErrDuplicateRoute.
func Build(routes []Route) (*Table, error) {
	t := &Table{
		routes:  make([]Route, len(routes)),
		entries: make([]entry, len(routes)),
	}
	compiled := make([]compiledRoute, len(routes))
	var errs []error
	for i := range routes {
		t.routes[i] = cloneRoute(&routes[i])
		c, err := compileRoute(&t.routes[i], i, &t.entries[i])
		if err != nil {
			errs = append(errs, fmt.Errorf("%w %s: %w", ErrInvalidRoute, routeLabel(&routes[i], i), err))
			continue
		}
		compiled[i] = c
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}

	methods, err := newMethodSet(t.entries)
	if err != nil {
		return nil, err
	}
	t.methods = methods
	if err := checkDuplicates(t.entries, compiled, methods); err != nil {
		return nil, err
	}
	t.buildTrees(compiled)
	return t, nil
}

// buildTrees inserts every route into the tree of its host bucket and finalizes the trees.
func (t *Table) buildTrees(compiled []compiledRoute) {
	t.exactHosts = make(map[string]*node)
	t.wildcardHosts = make(map[string]*node)
	for i, c := range compiled {
		var root *node
		switch c.hostKind {
		case hostAny:
			if t.anyHost == nil {
				t.anyHost = &node{}
			}
			root = t.anyHost
		case hostExact:
			root = rootFor(t.exactHosts, c.hostKey)
		case hostWildcard:
			root = rootFor(t.wildcardHosts, c.hostKey)
		}
		root.insert(c.parts, &t.entries[i])
	}

	roots := []*node{t.anyHost}
	for _, m := range []map[string]*node{t.exactHosts, t.wildcardHosts} {
		for _, root := range m {
			roots = append(roots, root)
		}
	}
	first := true
	for _, root := range roots {
		if root == nil {
			continue
		}
		root.finalize()
		if first || root.maxPriority > t.maxPriority {
			t.maxPriority = root.maxPriority
			first = false
		}
	}
}

func rootFor(roots map[string]*node, key string) *node {
	root := roots[key]
	if root == nil {
		root = &node{}
		roots[key] = root
	}
	return root
}

// compileRoute validates r and fills e.
func compileRoute(r *Route, index int, e *entry) (compiledRoute, error) {
	var c compiledRoute
	var err error
	if c.hostKind, c.hostKey, err = parseRouteHost(r.Host); err != nil {
		return c, err
	}
	if c.parts, err = parsePattern(r.Path); err != nil {
		return c, err
	}
	if r.Prefix && c.parts[len(c.parts)-1].kind == partWildcard {
		return c, fmt.Errorf("path %q ends in a wildcard, which already matches everything below it; unset Prefix", r.Path)
	}
	for _, m := range r.Methods {
		if !isToken(m) {
			return c, fmt.Errorf("invalid method %q; a method is a token (RFC 9110 section 9.1)", m)
		}
	}

	*e = entry{
		route:      r,
		index:      index,
		priority:   r.Priority,
		prefix:     r.Prefix,
		paramNames: paramNames(c.parts),
	}
	if e.headers, err = compileHeaders(r.Headers); err != nil {
		return c, err
	}
	if e.query, err = compileQuery(r.Query); err != nil {
		return c, err
	}
	return c, nil
}

func compileHeaders(matches []HeaderMatch) ([]headerMatcher, error) {
	var out []headerMatcher
	for _, h := range matches {
		if !isToken(h.Name) {
			return nil, fmt.Errorf("invalid header name %q in a header matcher", h.Name)
		}
		m := headerMatcher{name: []byte(h.Name), value: []byte(h.Value), kind: matchExact}
		switch {
		case h.Present && (h.Prefix || h.Value != ""):
			return nil, fmt.Errorf("header matcher %q: Present matches any value, so leave Value and Prefix unset", h.Name)
		case h.Present:
			m.kind = matchPresent
		case h.Prefix:
			m.kind = matchPrefix
		}
		out = append(out, m)
	}
	return out, nil
}

func compileQuery(matches []QueryMatch) ([]queryMatcher, error) {
	var out []queryMatcher
	for _, q := range matches {
		if q.Name == "" {
			return nil, errors.New("a query matcher needs a parameter name")
		}
		m := queryMatcher{name: q.Name, value: q.Value, kind: matchExact}
		if q.Present {
			if q.Value != "" {
				return nil, fmt.Errorf("query matcher %q: Present matches any value, so leave Value unset", q.Name)
			}
			m.kind = matchPresent
		}
		out = append(out, m)
	}
	return out, nil
}

// checkDuplicates rejects two routes that match the same requests at the same priority.
func checkDuplicates(entries []entry, compiled []compiledRoute, methods *methodSet) error {
	groups := make(map[string][]int)
	var errs []error
	for i := range entries {
		key := duplicateKey(&entries[i], &compiled[i])
		for _, j := range groups[key] {
			a, b := &entries[j], &entries[i]
			if !a.anyMethod && !b.anyMethod && a.methods&b.methods == 0 {
				continue
			}
			shared := "any method"
			switch {
			case a.anyMethod && b.anyMethod:
			case a.anyMethod:
				shared = "methods " + string(methods.render(nil, b.methods))
			case b.anyMethod:
				shared = "methods " + string(methods.render(nil, a.methods))
			default:
				shared = "methods " + string(methods.render(nil, a.methods&b.methods))
			}
			errs = append(errs, fmt.Errorf("%w: %s and %s match the same host, path and matchers for %s at the same priority, so %s could never be chosen; remove one, or tell them apart by method, matcher or priority",
				ErrDuplicateRoute, routeLabel(a.route, j), routeLabel(b.route, i), shared, routeLabel(b.route, i)))
			break
		}
		groups[key] = append(groups[key], i)
	}
	return errors.Join(errs...)
}

// duplicateKey returns a key that two routes share exactly when they match the same
// requests, apart from methods: matchers are compared as sets and header names ignore case.
func duplicateKey(e *entry, c *compiledRoute) string {
	var headers, query []string
	for _, h := range e.headers {
		headers = append(headers, fmt.Sprintf("%q %d %q", strings.ToLower(string(h.name)), h.kind, h.value))
	}
	for _, q := range e.query {
		query = append(query, fmt.Sprintf("%q %d %q", q.name, q.kind, q.value))
	}
	slices.Sort(headers)
	slices.Sort(query)
	return fmt.Sprintf("%d %q %q %t %d %q %q", c.hostKind, c.hostKey, patternKey(c.parts), e.prefix, e.priority, headers, query)
}

// routeLabel names a route in error messages by its Name and position.
func routeLabel(r *Route, index int) string {
	if r.Name == "" {
		return fmt.Sprintf("at index %d", index)
	}
	return fmt.Sprintf("%q (index %d)", r.Name, index)
}

func cloneRoute(r *Route) Route {
	c := *r
	c.Methods = slices.Clone(r.Methods)
	c.Headers = slices.Clone(r.Headers)
	c.Query = slices.Clone(r.Query)
	return c
}

// isToken reports whether s is a non-empty token (RFC 9110 section 5.6.2).
func isToken(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		case strings.IndexByte("!#$%&'*+-.^_`|~", c) >= 0:
		default:
			return false
		}
	}
	return true
}
