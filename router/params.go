package router

import "strconv"

// MaxParams is the maximum number of parameters (":name" and "*name" together) in one route.
const MaxParams = 8

// maxAllowLen bounds the Allow list of all methods in a Table, so that any union of them fits
// in Params.allow. Build rejects route sets whose methods need more.
const maxAllowLen = 256

// Params holds the path parameters captured by a Lookup in fixed arrays, so a lookup never
// allocates. Values are slices of the path given to Lookup, so escapes that NormalizePath
// kept (such as %2F or %20) are still encoded, and they stay valid only as long as that
// path's bytes do. A Params is not safe for concurrent use, so give each request its own,
// for example by embedding it in a per-request struct. It may be copied, but the
// Allow list that Lookup returns may point into the original.
type Params struct {
	n      int
	names  [MaxParams]string
	values [MaxParams][]byte
	// allow receives an Allow list that the Table did not precompute.
	allow [maxAllowLen]byte
}

// Reset removes all parameters. Lookup calls it before it searches.
func (p *Params) Reset() {
	clear(p.values[:p.n])
	p.n = 0
}

// Len returns the number of captured parameters.
func (p *Params) Len() int {
	return p.n
}

// Get returns the value of the parameter with the given name, or nil if the matched route has
// no such parameter. A parameter that matched an empty wildcard remainder is a non-nil empty
// slice.
func (p *Params) Get(name string) []byte {
	for i := range p.n {
		if p.names[i] == name {
			return p.values[i]
		}
	}
	return nil
}

// At returns the i-th parameter in the order it appears in the route's path.
// It panics if i is not in [0, Len()).
func (p *Params) At(i int) (name string, value []byte) {
	if i < 0 || i >= p.n {
		panic("router: Params.At index " + strconv.Itoa(i) + " out of range [0, " + strconv.Itoa(p.n) + ")")
	}
	return p.names[i], p.values[i]
}

// setNames stores the parameter names of route e, whose values Lookup already copied in.
func (p *Params) setNames(e *entry) {
	p.n = copy(p.names[:], e.paramNames)
}
