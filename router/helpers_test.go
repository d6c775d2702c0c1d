package router

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
)

// testHeaders is a HeaderSource over name/value pairs that, like a parsed request, compares
// names case-insensitively and does not allocate.
type testHeaders []testHeader

type testHeader struct {
	name, value []byte
}

func headers(pairs ...string) testHeaders {
	var h testHeaders
	for i := 0; i+1 < len(pairs); i += 2 {
		h = append(h, testHeader{name: []byte(pairs[i]), value: []byte(pairs[i+1])})
	}
	return h
}

func (h testHeaders) HeaderValue(name []byte) []byte {
	for _, f := range h {
		if bytes.EqualFold(f.name, name) {
			return f.value
		}
	}
	return nil
}

// lookupCase is one request against a route table and the expected outcome.
type lookupCase struct {
	name       string
	host       string
	path       string
	method     string // "GET" when empty
	headers    testHeaders
	query      string
	wantRoute  string // Name of the expected route; "" when none
	wantResult Result
	wantParams string // "name=value" pairs joined by " "
	wantAllow  string
}

func mustBuild(t testing.TB, routes []Route) *Table {
	t.Helper()
	table, err := Build(routes)
	if err != nil {
		t.Fatalf("Build: %v", err)
	}
	return table
}

func runLookupCases(t *testing.T, routes []Route, cases []lookupCase) {
	t.Helper()
	table := mustBuild(t, routes)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			method := tc.method
			if method == "" {
				method = "GET"
			}
			var hs HeaderSource
			if tc.headers != nil {
				hs = tc.headers
			}
			var p Params
			route, res, allow := table.Lookup([]byte(tc.host), []byte(tc.path), []byte(method), hs, []byte(tc.query), &p)

			gotRoute := ""
			if route != nil {
				gotRoute = route.Name
			}
			if gotRoute != tc.wantRoute {
				t.Errorf("route = %q, want %q", gotRoute, tc.wantRoute)
			}
			if res != tc.wantResult {
				t.Errorf("result = %v, want %v", res, tc.wantResult)
			}
			if got := formatParams(&p); got != tc.wantParams {
				t.Errorf("params = %q, want %q", got, tc.wantParams)
			}
			if string(allow) != tc.wantAllow {
				t.Errorf("allow = %q, want %q", allow, tc.wantAllow)
			}
		})
	}
}

func formatParams(p *Params) string {
	var parts []string
	for i := range p.Len() {
		name, value := p.At(i)
		parts = append(parts, name+"="+string(value))
	}
	return strings.Join(parts, " ")
}

// Resources and sub-resources of the generated API route sets.
var (
	apiResources = []string{
		"users", "orders", "products", "invoices", "payments", "shipments", "carts", "reviews",
		"accounts", "teams", "projects", "tickets", "comments", "webhooks", "sessions", "tokens",
		"files", "folders", "reports", "alerts", "devices", "regions", "plans", "coupons", "events",
	}
	apiSubResources = []string{"items", "notes", "history", "tags", "members"}
)

// apiRoutes generates n routes shaped like a versioned REST API: per version and resource a
// list, a create, an item with three methods, and a list and item route per sub-resource.
func apiRoutes(n int) []Route {
	var routes []Route
	add := func(name, path string, methods ...string) {
		if len(routes) < n {
			routes = append(routes, Route{Name: name, Path: path, Methods: methods})
		}
	}
	for version := 1; len(routes) < n; version++ {
		for _, res := range apiResources {
			base := fmt.Sprintf("/api/v%d/%s", version, res)
			name := fmt.Sprintf("v%d-%s", version, res)
			add(name+"-list", base, "GET")
			add(name+"-create", base, "POST")
			add(name+"-item", base+"/:id", "GET", "PUT", "DELETE")
			for _, sub := range apiSubResources {
				add(name+"-"+sub, base+"/:id/"+sub, "GET")
				add(name+"-"+sub+"-item", base+"/:id/"+sub+"/:subID", "GET", "PATCH")
			}
		}
	}
	return routes
}

// requestFor returns a request path for route r (parameters filled with values derived from
// seed) and the expected params in formatParams form.
func requestFor(r *Route, seed int) (path, params string) {
	var b strings.Builder
	var want []string
	for i, seg := range strings.Split(r.Path, "/") {
		if i > 0 {
			b.WriteByte('/')
		}
		switch {
		case strings.HasPrefix(seg, ":"):
			value := fmt.Sprintf("x%d-%d", seed, i)
			b.WriteString(value)
			want = append(want, seg[1:]+"="+value)
		case strings.HasPrefix(seg, "*"):
			value := fmt.Sprintf("deep/x%d/f.txt", seed)
			b.WriteString(value)
			want = append(want, seg[1:]+"="+value)
		default:
			b.WriteString(seg)
		}
	}
	return b.String(), strings.Join(want, " ")
}
