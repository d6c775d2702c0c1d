package router

import (
	"sync"
	"testing"
)

func TestRouterZeroValue(t *testing.T) {
	var r Router
	if got := r.Load(); got != nil {
		t.Errorf("Load on zero Router = %p, want nil", got)
	}
	var p Params
	if _, res, _ := r.Lookup(nil, []byte("/"), []byte("GET"), nil, nil, &p); res != NotFound {
		t.Errorf("Lookup on zero Router = %v, want %v", res, NotFound)
	}
}

func TestRouterStoreAndLoad(t *testing.T) {
	first := mustBuild(t, []Route{{Name: "first", Path: "/"}})
	second := mustBuild(t, []Route{{Name: "second", Path: "/"}})
	r := New(first)
	if got := r.Load(); got != first {
		t.Errorf("Load = %p, want first table %p", got, first)
	}
	r.Store(second)
	if got := r.Load(); got != second {
		t.Errorf("Load after Store = %p, want second table %p", got, second)
	}
}

// TestRouterConcurrentLookupAndStore swaps two tables while readers look up; run it with
// -race. Each reader must see a complete table: either the old or the new one, never a mix.
func TestRouterConcurrentLookupAndStore(t *testing.T) {
	tableA := mustBuild(t, []Route{
		{Name: "a-item", Path: "/items/:id", Methods: []string{"GET"}},
		{Name: "a-only", Path: "/a-only"},
	})
	tableB := mustBuild(t, []Route{
		{Name: "b-item", Path: "/items/:key", Methods: []string{"GET"}},
		{Name: "b-only", Path: "/b-only"},
	})
	r := New(tableA)

	const readers, lookups, stores = 4, 2000, 500
	var wg sync.WaitGroup
	errs := make(chan string, readers)
	for range readers {
		wg.Go(func() {
			var p Params
			for range lookups {
				table := r.Load()
				route, res, _ := table.Lookup(nil, []byte("/items/42"), []byte("GET"), nil, nil, &p)
				if res != Found {
					errs <- "result " + res.String() + ", want Found"
					return
				}
				want, param, only := "a-item", "id", "/a-only"
				if table == tableB {
					want, param, only = "b-item", "key", "/b-only"
				}
				if route.Name != want || string(p.Get(param)) != "42" {
					errs <- "route " + route.Name + " with " + formatParams(&p) + ", want " + want + " with " + param + "=42"
					return
				}
				if _, res, _ := table.Lookup(nil, []byte(only), []byte("GET"), nil, nil, &p); res != Found {
					errs <- "path " + only + " not found in its own table"
					return
				}
			}
		})
	}
	wg.Go(func() {
		for i := range stores {
			if i%2 == 0 {
				r.Store(tableB)
			} else {
				r.Store(tableA)
			}
		}
	})
	wg.Wait()
	close(errs)
	for msg := range errs {
		t.Error(msg)
	}
}
