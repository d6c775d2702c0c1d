package router

import "sync/atomic"

// Router publishes the current Table. Store swaps in a new Table atomically, and lookups that
// already loaded the old one finish on it. A Router is safe for concurrent use, its zero value
// holds no Table, and it must not be copied after first use.
type Router struct {
	table atomic.Pointer[Table]
}

// New returns a Router that publishes t, which may be nil.
func New(t *Table) *Router {
	r := &Router{}
	r.table.Store(t)
	return r
}

// Load returns the current Table, or nil if none was stored.
func (r *Router) Load() *Table {
	return r.table.Load()
}

// Store publishes t for every later Load.
func (r *Router) Store(t *Table) {
	r.table.Store(t)
}

// Lookup runs Table.Lookup on the current Table. Without a Table it returns NotFound.
func (r *Router) Lookup(host, path, method []byte, headers HeaderSource, query []byte, params *Params) (*Route, Result, []byte) {
	return r.table.Load().Lookup(host, path, method, headers, query, params)
}
