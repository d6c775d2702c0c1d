package router

import "bytes"

// entry is a compiled Route as the tree stores it.
type entry struct {
	route    *Route
	index    int // position in the slice given to Build
	priority int
	prefix   bool

	anyMethod bool
	methods   uint64 // the listed methods
	allow     uint64 // methods plus HEAD when GET is listed

	headers    []headerMatcher
	query      []queryMatcher
	paramNames []string
}

// matchKind selects how a matcher compares a value.
type matchKind uint8

const (
	matchExact matchKind = iota
	matchPrefix
	matchPresent
)

type headerMatcher struct {
	name  []byte
	value []byte
	kind  matchKind
}

type queryMatcher struct {
	name  string
	value string
	kind  matchKind // matchExact or matchPresent
}

// matches reports whether every header and query matcher of e accepts the request.
// A nil headers source has no headers.
func (e *entry) matches(headers HeaderSource, query []byte) bool {
	for i := range e.headers {
		m := &e.headers[i]
		var value []byte
		if headers != nil {
			value = headers.HeaderValue(m.name)
		}
		if value == nil {
			return false
		}
		switch m.kind {
		case matchExact:
			if !bytes.Equal(value, m.value) {
				return false
			}
		case matchPrefix:
			if !bytes.HasPrefix(value, m.value) {
				return false
			}
		}
	}
	for i := range e.query {
		m := &e.query[i]
		value, ok := queryValue(query, m.name)
		if !ok {
			return false
		}
		if m.kind == matchExact && !queryComponentEqual(value, m.value) {
			return false
		}
	}
	return true
}

// queryValue returns the raw value of the first parameter of a raw query whose decoded name
// is name. Parameters are separated by '&' only, as in the URL Living Standard, so ';' is data.
// A parameter without '=' is present with an empty value.
func queryValue(query []byte, name string) ([]byte, bool) {
	for len(query) > 0 {
		pair := query
		if i := bytes.IndexByte(query, '&'); i >= 0 {
			pair, query = query[:i], query[i+1:]
		} else {
			query = nil
		}
		key, value := pair, []byte(nil)
		if i := bytes.IndexByte(pair, '='); i >= 0 {
			key, value = pair[:i], pair[i+1:]
		}
		if len(pair) > 0 && queryComponentEqual(key, name) {
			return value, true
		}
	}
	return nil, false
}

// queryComponentEqual reports whether raw, decoded as application/x-www-form-urlencoded
// ('+' is a space, %XX a byte), equals want. It decodes while it compares, so it never
// allocates. A malformed escape never matches.
func queryComponentEqual(raw []byte, want string) bool {
	j := 0
	for i := 0; i < len(raw); j++ {
		c := raw[i]
		switch c {
		case '+':
			c = ' '
			i++
		case '%':
			if i+2 >= len(raw) {
				return false
			}
			hi, lo := unhex(raw[i+1]), unhex(raw[i+2])
			if hi > 0xF || lo > 0xF {
				return false
			}
			c = hi<<4 | lo
			i += 3
		default:
			i++
		}
		if j >= len(want) || want[j] != c {
			return false
		}
	}
	return j == len(want)
}
