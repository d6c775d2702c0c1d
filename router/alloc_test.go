//go:build !race

package router

import "testing"

func TestLookupAllocs(t *testing.T) {
	routes := append(largeRoutes(),
		Route{Name: "beta", Path: "/beta/:id", Headers: []HeaderMatch{{Name: "X-Beta", Value: "1"}}, Query: []QueryMatch{{Name: "v", Value: "a b"}}},
		Route{Name: "beta-fallback", Path: "/beta/:id"},
	)
	table := mustBuild(t, routes)
	// Converted once: a slice in an interface is boxed, which the engine's pointer avoids.
	var hs HeaderSource = headers("Accept", "*/*", "x-beta", "1")
	cases := []struct {
		name, host, path, method, query string
		want                            Result
	}{
		{name: "static", path: "/api/v3/orders", method: "GET", want: Found},
		{name: "param", path: "/api/v3/orders/123/items/456", method: "PATCH", want: Found},
		{name: "wildcard", path: "/static/v7/css/site/main.css", method: "GET", want: Found},
		{name: "method not allowed", path: "/api/v3/orders/123", method: "POST", want: MethodNotAllowed},
		{name: "not found", path: "/api/v3/nothing/here", method: "GET", want: NotFound},
		{name: "host and prefix", host: "EU.Legacy.Example.com:8080", path: "/old/4/a/b", method: "GET", want: Found},
		{name: "matchers", path: "/beta/7", method: "GET", query: "x=1&v=a+b", want: Found},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			host, path, method, query := []byte(tc.host), []byte(tc.path), []byte(tc.method), []byte(tc.query)
			var p Params
			var res Result
			allocs := testing.AllocsPerRun(100, func() {
				_, res, _ = table.Lookup(host, path, method, hs, query, &p)
			})
			if res != tc.want {
				t.Errorf("result = %v, want %v", res, tc.want)
			}
			if allocs != 0 {
				t.Errorf("Lookup allocs = %v, want 0", allocs)
			}
		})
	}
}

func TestLookupAllocsRenderedAllow(t *testing.T) {
	table := mustBuild(t, []Route{
		{Name: "a", Path: "/a", Methods: []string{"PUT"}},
		{Name: "b", Path: "/a", Methods: []string{"GET", "POST"}},
	})
	// Without the precomputed list, Lookup renders it into Params.
	clear(table.methods.allow)
	path, method := []byte("/a"), []byte("DELETE")
	var p Params
	var allow []byte
	allocs := testing.AllocsPerRun(100, func() {
		_, _, allow = table.Lookup(nil, path, method, nil, nil, &p)
	})
	if want := "GET, HEAD, POST, PUT"; string(allow) != want {
		t.Errorf("allow = %q, want %q", allow, want)
	}
	if allocs != 0 {
		t.Errorf("Lookup allocs = %v, want 0", allocs)
	}
}

func TestNormalizePathAllocs(t *testing.T) {
	raw := []byte("/api/%7Eusers/./42/../43//items%2fx/%c3%a9/")
	dst := make([]byte, 0, len(raw))
	opts := NormalizeOptions{MergeSlashes: true, AllowEncodedSlash: true}
	allocs := testing.AllocsPerRun(100, func() {
		_, _ = NormalizePath(dst[:0], raw, opts)
	})
	if allocs != 0 {
		t.Errorf("NormalizePath allocs = %v, want 0", allocs)
	}
}
