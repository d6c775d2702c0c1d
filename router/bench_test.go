package router

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

var benchRouteCounts = []int{10, 100, 1000}

// benchRequest is one request of the Lookup and ServeMux benchmarks.
type benchRequest struct {
	name, method, path string
}

// benchRequests picks, from the end of the generated route set, a static path, the
// path of a route with the most parameters, and a request that gets 405.
func benchRequests(routes []Route) []benchRequest {
	var static, param *Route
	for i := range routes {
		r := &routes[i]
		switch n := strings.Count(r.Path, ":"); {
		case n == 0:
			static = r
		case param == nil || n >= strings.Count(param.Path, ":"):
			param = r
		}
	}
	paramPath, _ := requestFor(param, 7)
	return []benchRequest{
		{name: "static", method: static.Methods[0], path: static.Path},
		{name: "param", method: param.Methods[0], path: paramPath},
		{name: "method-not-allowed", method: "OPTIONS", path: paramPath},
	}
}

func BenchmarkLookup(b *testing.B) {
	for _, n := range benchRouteCounts {
		routes := apiRoutes(n)
		table := mustBuild(b, routes)
		for _, req := range benchRequests(routes) {
			b.Run(fmt.Sprintf("routes=%d/%s", n, req.name), func(b *testing.B) {
				host, path, method := []byte("api.example.com"), []byte(req.path), []byte(req.method)
				var p Params
				var res Result
				b.ReportAllocs()
				for b.Loop() {
					_, res, _ = table.Lookup(host, path, method, nil, nil, &p)
				}
				if res == NotFound {
					b.Fatalf("%s %s: result = %v", req.method, req.path, res)
				}
			})
		}
	}
}

// BenchmarkServeMux is the baseline for BenchmarkLookup: net/http.ServeMux with Go 1.22
// patterns over the same routes, resolving pre-built requests with mux.Handler.
func BenchmarkServeMux(b *testing.B) {
	handler := http.HandlerFunc(func(http.ResponseWriter, *http.Request) {})
	for _, n := range benchRouteCounts {
		routes := apiRoutes(n)
		mux := http.NewServeMux()
		for _, r := range routes {
			for _, method := range r.Methods {
				mux.Handle(method+" "+muxPattern(r.Path), handler)
			}
		}
		for _, req := range benchRequests(routes) {
			b.Run(fmt.Sprintf("routes=%d/%s", n, req.name), func(b *testing.B) {
				httpReq := httptest.NewRequest(req.method, "http://api.example.com"+req.path, nil)
				var pattern string
				b.ReportAllocs()
				for b.Loop() {
					_, pattern = mux.Handler(httpReq)
				}
				if pattern == "" && req.name != "method-not-allowed" {
					b.Fatalf("%s %s: no pattern matched", req.method, req.path)
				}
			})
		}
	}
}

// muxPattern rewrites "/users/:id/*rest" as the ServeMux pattern "/users/{id}/{rest...}".
func muxPattern(path string) string {
	segments := strings.Split(path, "/")
	for i, seg := range segments {
		switch {
		case strings.HasPrefix(seg, ":"):
			segments[i] = "{" + seg[1:] + "}"
		case strings.HasPrefix(seg, "*"):
			segments[i] = "{" + seg[1:] + "...}"
		}
	}
	return strings.Join(segments, "/")
}

func BenchmarkNormalizePath(b *testing.B) {
	cases := []struct {
		name string
		raw  string
	}{
		{name: "clean", raw: "/api/v1/users/12345/items/678"},
		{name: "dirty", raw: "/api/./v1//users/%7ealice/../12345/items%2fx/%c3%a9/"},
	}
	opts := NormalizeOptions{MergeSlashes: true, AllowEncodedSlash: true}
	for _, tc := range cases {
		b.Run(tc.name, func(b *testing.B) {
			raw := []byte(tc.raw)
			dst := make([]byte, 0, len(raw))
			b.SetBytes(int64(len(raw)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := NormalizePath(dst[:0], raw, opts); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
