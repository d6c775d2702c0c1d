package router

import (
	"fmt"
	"math/bits"
	"slices"
)

// maxMethods is the number of distinct methods a Table can tell apart: one bit of a uint64
// method set each.
const maxMethods = 64

// maxPrecomputedAllow bounds how many Allow lists Build renders ahead of time.
const maxPrecomputedAllow = 1024

// methodSet holds the methods of a Table and the Allow lists rendered from them.
// Bit i of a mask is names[i]. The names are sorted, so rendering bits in order sorts the list.
type methodSet struct {
	names    []string
	getBit   uint64
	headBit  uint64
	standard [len(standardMethods)]uint64 // bits of standardMethods, 0 when unused

	// allow maps a union of route method masks to its rendered Allow header value.
	allow map[uint64][]byte
}

// newMethodSet interns every method of entries, adds HEAD when some route lists GET
// (RFC 9110 section 9.3.2), and sets each entry's masks.
func newMethodSet(entries []entry) (*methodSet, error) {
	var names []string
	for i := range entries {
		names = append(names, entries[i].route.Methods...)
		if slices.Contains(entries[i].route.Methods, "GET") {
			names = append(names, "HEAD")
		}
	}
	slices.Sort(names)
	names = slices.Compact(names)
	if len(names) > maxMethods {
		return nil, fmt.Errorf("%w: the routes use %d distinct methods, over the limit of %d", ErrInvalidRoute, len(names), maxMethods)
	}

	ms := &methodSet{names: names}
	ms.getBit = ms.bit("GET")
	ms.headBit = ms.bit("HEAD")
	for i, m := range standardMethods {
		ms.standard[i] = ms.bit(m)
	}
	all := uint64(0)
	for i := range entries {
		e := &entries[i]
		e.anyMethod = len(e.route.Methods) == 0
		for _, m := range e.route.Methods {
			e.methods |= ms.bit(m)
		}
		e.allow = e.methods
		if e.methods&ms.getBit != 0 {
			e.allow |= ms.headBit
		}
		all |= e.allow
	}
	if n := len(ms.render(nil, all)); n > maxAllowLen {
		return nil, fmt.Errorf("%w: the Allow list of all route methods would have %d bytes, over the limit of %d", ErrInvalidRoute, n, maxAllowLen)
	}
	ms.precompute(entries)
	return ms, nil
}

// bit returns the mask bit of a method, or 0 for a method no route lists.
// A linear scan beats hashing for the handful of methods a table usually has.
func (ms *methodSet) bit(method string) uint64 {
	for i, name := range ms.names {
		if name == method {
			return 1 << i
		}
	}
	return 0
}

// standardMethods are the methods of RFC 9110 section 9 and RFC 5789, in the order of the
// switch in lookupBit.
var standardMethods = [...]string{"GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "CONNECT", "TRACE"}

// lookupBit returns the mask bit of a request method. The switch on string(method) compiles
// to length and byte comparisons without allocating, and other methods fall back to a scan.
func (ms *methodSet) lookupBit(method []byte) uint64 {
	switch string(method) {
	case "GET":
		return ms.standard[0]
	case "HEAD":
		return ms.standard[1]
	case "POST":
		return ms.standard[2]
	case "PUT":
		return ms.standard[3]
	case "DELETE":
		return ms.standard[4]
	case "PATCH":
		return ms.standard[5]
	case "OPTIONS":
		return ms.standard[6]
	case "CONNECT":
		return ms.standard[7]
	case "TRACE":
		return ms.standard[8]
	}
	for i, name := range ms.names {
		if string(method) == name {
			return 1 << i
		}
	}
	return 0
}

// precompute renders the Allow list of every union of route masks, up to
// maxPrecomputedAllow lists. A 405 response usually lists one node's routes, whose union is
// in the map. Lookup renders rarer unions into Params.
func (ms *methodSet) precompute(entries []entry) {
	var seeds []uint64
	for i := range entries {
		if !entries[i].anyMethod {
			seeds = append(seeds, entries[i].allow)
		}
	}
	slices.Sort(seeds)
	seeds = slices.Compact(seeds)

	ms.allow = make(map[uint64][]byte)
	queue := slices.Clone(seeds)
	for _, m := range seeds {
		ms.allow[m] = ms.render(nil, m)
	}
	for len(queue) > 0 && len(ms.allow) < maxPrecomputedAllow {
		m := queue[0]
		queue = queue[1:]
		for _, s := range seeds {
			u := m | s
			if _, ok := ms.allow[u]; ok {
				continue
			}
			ms.allow[u] = ms.render(nil, u)
			queue = append(queue, u)
			if len(ms.allow) >= maxPrecomputedAllow {
				break
			}
		}
	}
}

// allowList returns the Allow header value for mask: the precomputed one, or one rendered into
// p.allow, which newMethodSet sized to fit every union.
func (ms *methodSet) allowList(mask uint64, p *Params) []byte {
	if list, ok := ms.allow[mask]; ok {
		return list
	}
	return ms.render(p.allow[:0], mask)
}

// render appends the methods of mask to dst as "GET, HEAD, PUT" (RFC 9110 section 10.2.1).
func (ms *methodSet) render(dst []byte, mask uint64) []byte {
	for mask != 0 {
		i := bits.TrailingZeros64(mask)
		mask &= mask - 1
		if len(dst) > 0 {
			dst = append(dst, ", "...)
		}
		dst = append(dst, ms.names[i]...)
	}
	return dst
}
