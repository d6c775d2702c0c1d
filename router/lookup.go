package router

// Lookup finds the route for a request. host is the Host header value (a port is ignored),
// path the output of NormalizePath, method the request method, headers the request's header
// fields (nil means none) and query the raw query without '?'. params must not be nil, and
// Lookup resets it.
//
// On Found, params holds the captured values as slices of path. On MethodNotAllowed, allow is
// the Allow header value listing the methods of every route that matched host, path and
// matchers. The list is sorted, has no duplicates and has HEAD wherever it has GET. It must
// not be modified, and it stays valid while t and params are unchanged. A nil Table finds
// nothing. Lookup never allocates and never locks.
func (t *Table) Lookup(host, path, method []byte, headers HeaderSource, query []byte, params *Params) (route *Route, res Result, allow []byte) {
	params.Reset()
	if t == nil {
		return nil, NotFound, nil
	}

	s := search{
		table:     t,
		params:    params,
		path:      path,
		headers:   headers,
		query:     query,
		methodBit: t.methods.lookupBit(method),
		isHead:    string(method) == "HEAD",
	}
	s.walkHosts(host)

	switch {
	case s.best != nil:
		params.setNames(s.best)
		return s.best.route, Found, nil
	case s.allow != 0:
		return nil, MethodNotAllowed, t.methods.allowList(s.allow, params)
	}
	return nil, NotFound, nil
}

// search is the state of one Lookup. It lives on the caller's stack.
type search struct {
	table     *Table
	params    *Params // receives the values of the best route so far
	path      []byte
	headers   HeaderSource
	query     []byte
	methodBit uint64 // 0 when no route lists the request method
	isHead    bool

	best   *entry
	values [MaxParams][]byte // captures of the walk in progress
	allow  uint64            // methods of routes that matched all but the method
}

// Steps of the walk at one node, in precedence order: routes ending here, then a static
// child, a parameter, a wildcard, and last the prefix routes ending here.
const (
	stepExact uint8 = iota
	stepStatic
	stepParam
	stepWildcard
	stepPrefix
	stepDone
)

// walkHosts searches the trees of the request host in precedence order: the exact host, then
// wildcard hosts from the longest suffix down, then the any-host tree. A less specific tree is
// searched only while no route has been found that it could not outrank.
func (s *search) walkHosts(rawHost []byte) {
	t := s.table
	if len(t.exactHosts) > 0 || len(t.wildcardHosts) > 0 {
		var buf [maxHostLen]byte
		if host := requestHost(&buf, rawHost); host != nil {
			s.walkNamedHosts(host)
		}
	}
	if t.anyHost != nil && !s.settled() {
		s.walk(t.anyHost)
	}
}

// walkNamedHosts searches the exact-host tree and the wildcard trees for a lowercased host.
func (s *search) walkNamedHosts(host []byte) {
	t := s.table
	if root := t.exactHosts[string(host)]; root != nil {
		s.walk(root)
	}
	if len(t.wildcardHosts) == 0 {
		return
	}
	// Suffixes of "a.b.example.com": ".b.example.com", then ".example.com", then ".com".
	for i := 1; i < len(host) && !s.settled(); i++ {
		if host[i] != '.' {
			continue
		}
		if root := t.wildcardHosts[string(host[i:])]; root != nil {
			s.walk(root)
		}
	}
}

// settled reports whether no route left to search can outrank the one found.
func (s *search) settled() bool {
	return s.best != nil && s.best.priority >= s.table.maxPriority
}

// worth reports whether the subtree at n can hold a route that outranks the one found.
func (s *search) worth(n *node) bool {
	return s.best == nil || n.maxPriority > s.best.priority
}

// walk searches one tree depth first in precedence order, and it needs no stack to
// backtrack. On the way up, the parent's position is the child's minus the bytes the child
// consumed, which are its static prefix or the parameter value still in s.values. The step
// to resume at follows from the kind of child.
func (s *search) walk(root *node) {
	if !s.worth(root) {
		return
	}
	path := s.path
	n, pos, np, step := root, 0, uint8(0), stepExact
	for !s.settled() {
		switch step {
		case stepExact:
			step = stepStatic
			if pos == len(path) && len(n.exact) > 0 {
				s.try(n.exact, np)
			}
		case stepStatic:
			step = stepParam
			if c := n.staticChild(path, pos); c != nil && s.worth(c) {
				n, pos, step = c, pos+len(c.prefix), stepExact
			}
		case stepParam:
			step = stepWildcard
			if c := n.param; c != nil && pos < len(path) && s.worth(c) {
				if end := pos + segmentLen(path[pos:]); end > pos {
					s.values[np] = path[pos:end]
					n, pos, np, step = c, end, np+1, stepExact
				}
			}
		case stepWildcard:
			step = stepPrefix
			if len(n.wildcard) > 0 {
				s.values[np] = path[pos:]
				s.try(n.wildcard, np+1)
			}
		case stepPrefix:
			step = stepDone
			if len(n.prefixed) > 0 && atSegmentBoundary(path, pos) {
				s.try(n.prefixed, np)
			}
		default:
			if n == root {
				return
			}
			if n.isParam {
				np--
				pos -= len(s.values[np])
				step = stepWildcard
			} else {
				pos -= len(n.prefix)
				step = stepParam
			}
			n = n.parent
		}
	}
}

// staticChild returns the child of n whose edge matches path at pos, or nil.
func (n *node) staticChild(path []byte, pos int) *node {
	if pos >= len(path) {
		return nil
	}
	for i := 0; i < len(n.indices); i++ {
		if n.indices[i] != path[pos] {
			continue
		}
		c := n.children[i]
		end := pos + len(c.prefix)
		if end <= len(path) && string(path[pos:end]) == c.prefix {
			return c
		}
		return nil
	}
	return nil
}

// atSegmentBoundary reports whether a prefix route whose pattern consumed path[:pos] matches:
// the path ends there, continues with '/', or the pattern itself ended with '/'.
func atSegmentBoundary(path []byte, pos int) bool {
	return pos == len(path) || path[pos] == '/' || (pos > 0 && path[pos-1] == '/')
}

// try checks the routes of one node, which are sorted by priority, against the request.
// A route that lists HEAD wins a HEAD request over a route of equal priority that accepts it
// only through GET.
func (s *search) try(entries []*entry, np uint8) {
	var viaGet *entry
	for _, e := range entries {
		if s.best != nil && e.priority <= s.best.priority {
			break
		}
		if viaGet != nil && e.priority < viaGet.priority {
			break
		}
		if !e.matches(s.headers, s.query) {
			continue
		}
		switch {
		case e.anyMethod || e.methods&s.methodBit != 0:
			s.accept(e, np)
			return
		case s.isHead && e.methods&s.table.methods.getBit != 0:
			if viaGet == nil {
				viaGet = e
			}
		default:
			s.allow |= e.allow
		}
	}
	if viaGet != nil {
		s.accept(viaGet, np)
	}
}

func (s *search) accept(e *entry, np uint8) {
	s.best = e
	copy(s.params.values[:np], s.values[:np])
}
