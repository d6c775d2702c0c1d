package router

import (
	"fmt"
	"testing"
)

// largeRoutes returns 1,000 routes: the generated API plus host-bound, wildcard and prefix
// routes, so every bucket and node kind is exercised.
func largeRoutes() []Route {
	routes := apiRoutes(960)
	for i := range 20 {
		routes = append(routes, Route{
			Name:    fmt.Sprintf("tenant-%d", i),
			Host:    fmt.Sprintf("tenant%d.example.com", i),
			Path:    "/api/v1/users/:id",
			Methods: []string{"GET"},
		})
	}
	for i := range 10 {
		routes = append(routes,
			Route{Name: fmt.Sprintf("static-%d", i), Path: fmt.Sprintf("/static/v%d/*file", i), Methods: []string{"GET"}},
			Route{Name: fmt.Sprintf("legacy-%d", i), Host: "*.legacy.example.com", Path: fmt.Sprintf("/old/%d", i), Prefix: true},
		)
	}
	return routes
}

// hostFor returns a request host that selects route r's bucket.
func hostFor(r *Route) string {
	switch {
	case r.Host == "":
		return "gateway.example.org"
	case r.Host[0] == '*':
		return "eu" + r.Host[1:]
	}
	return r.Host
}

func TestLookupThousandRoutes(t *testing.T) {
	routes := largeRoutes()
	if len(routes) != 1000 {
		t.Fatalf("generated %d routes, want 1000", len(routes))
	}
	table := mustBuild(t, routes)

	var p Params
	for i := range routes {
		r := &routes[i]
		path, wantParams := requestFor(r, i)
		methods := r.Methods
		if len(methods) == 0 {
			methods = []string{"PATCH"}
		}
		for _, method := range methods {
			route, res, _ := table.Lookup([]byte(hostFor(r)), []byte(path), []byte(method), nil, nil, &p)
			if res != Found {
				t.Errorf("%s %s: result = %v, want %v", method, path, res, Found)
				continue
			}
			if route.Name != r.Name {
				t.Errorf("%s %s: route = %q, want %q", method, path, route.Name, r.Name)
			}
			if got := formatParams(&p); got != wantParams {
				t.Errorf("%s %s: params = %q, want %q", method, path, got, wantParams)
			}
		}
	}
}

func TestLookupThousandRoutesMisses(t *testing.T) {
	cases := []lookupCase{
		{name: "unknown resource", path: "/api/v1/unknown", wantResult: NotFound},
		{name: "unknown version", path: "/api/v99/users", wantResult: NotFound},
		{name: "extra segment", path: "/api/v1/users/1/items/2/x", wantResult: NotFound},
		{name: "wrong method", path: "/api/v1/users/1", method: "POST", wantResult: MethodNotAllowed, wantAllow: "DELETE, GET, HEAD, PUT"},
		{name: "legacy prefix below", host: "a.legacy.example.com", path: "/old/3/x/y", wantRoute: "legacy-3", wantResult: Found},
		{name: "legacy needs its host", path: "/old/3", wantResult: NotFound},
		{name: "tenant host", host: "tenant7.example.com:443", path: "/api/v1/users/9", wantRoute: "tenant-7", wantResult: Found, wantParams: "id=9"},
		{name: "tenant host falls back", host: "tenant7.example.com", path: "/api/v1/users/9", method: "PUT", wantRoute: "v1-users-item", wantResult: Found, wantParams: "id=9"},
	}
	runLookupCases(t, largeRoutes(), cases)
}
