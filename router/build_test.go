package router

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

func TestBuildInvalidRoutes(t *testing.T) {
	cases := []struct {
		name    string
		route   Route
		wantMsg string
	}{
		{name: "empty path", route: Route{Path: ""}, wantMsg: "must start with '/'"},
		{name: "relative path", route: Route{Path: "users"}, wantMsg: "must start with '/'"},
		{name: "param without name", route: Route{Path: "/a/:"}, wantMsg: "needs a parameter name"},
		{name: "wildcard without name", route: Route{Path: "/a/*"}, wantMsg: "needs a parameter name"},
		{name: "param name starts with digit", route: Route{Path: "/a/:1d"}, wantMsg: "invalid parameter name \"1d\""},
		{name: "param name with dash", route: Route{Path: "/a/:user-id"}, wantMsg: "invalid parameter name \"user-id\""},
		{name: "repeated param name", route: Route{Path: "/a/:id/b/:id"}, wantMsg: "parameter name \"id\" is used twice"},
		{name: "param and wildcard share name", route: Route{Path: "/a/:id/*id"}, wantMsg: "parameter name \"id\" is used twice"},
		{name: "wildcard not last", route: Route{Path: "/a/*rest/b"}, wantMsg: "must be the last segment"},
		{name: "too many params", route: Route{Path: "/:a/:b/:c/:d/:e/:f/:g/:h/:i"}, wantMsg: "9 parameters, over the limit of 8"},
		{name: "dot segment", route: Route{Path: "/a/../b"}, wantMsg: "write it as \"/b\""},
		{name: "lowercase escape", route: Route{Path: "/a%2fb"}, wantMsg: "write it as \"/a%2Fb\""},
		{name: "encoded unreserved", route: Route{Path: "/%7Euser"}, wantMsg: "write it as \"/~user\""},
		{name: "space in path", route: Route{Path: "/a b"}, wantMsg: "invalid request path"},
		{name: "invalid escape", route: Route{Path: "/a%zz"}, wantMsg: "invalid percent-escape"},
		{name: "prefix with wildcard", route: Route{Path: "/a/*rest", Prefix: true}, wantMsg: "unset Prefix"},
		{name: "host with port", route: Route{Host: "api.example.com:8080", Path: "/"}, wantMsg: "must not include a port"},
		{name: "wildcard host without suffix", route: Route{Host: "*.", Path: "/"}, wantMsg: "only as the whole first label"},
		{name: "host too long", route: Route{Host: strings.Repeat("a.", 127) + "com", Path: "/"}, wantMsg: "1 to 253 bytes"},
		{name: "wildcard inside host", route: Route{Host: "a.*.com", Path: "/"}, wantMsg: "only as the whole first label"},
		{name: "empty label", route: Route{Host: "a..com", Path: "/"}, wantMsg: "every label"},
		{name: "space in host", route: Route{Host: "bad host", Path: "/"}, wantMsg: "invalid byte ' '"},
		{name: "unclosed ipv6", route: Route{Host: "[::1", Path: "/"}, wantMsg: "must end with ']'"},
		{name: "ipv6 with port", route: Route{Host: "[::1]:80", Path: "/"}, wantMsg: "must end with ']'"},
		{name: "ipv6 bad byte", route: Route{Host: "[::g]", Path: "/"}, wantMsg: "invalid IPv6 literal"},
		{name: "method with space", route: Route{Path: "/", Methods: []string{"GE T"}}, wantMsg: "invalid method \"GE T\""},
		{name: "empty method", route: Route{Path: "/", Methods: []string{""}}, wantMsg: "invalid method \"\""},
		{name: "empty header name", route: Route{Path: "/", Headers: []HeaderMatch{{Value: "x"}}}, wantMsg: "invalid header name \"\""},
		{name: "header name with colon", route: Route{Path: "/", Headers: []HeaderMatch{{Name: "X:A"}}}, wantMsg: "invalid header name \"X:A\""},
		{name: "header present with value", route: Route{Path: "/", Headers: []HeaderMatch{{Name: "X-A", Value: "1", Present: true}}}, wantMsg: "leave Value and Prefix unset"},
		{name: "header present with prefix", route: Route{Path: "/", Headers: []HeaderMatch{{Name: "X-A", Prefix: true, Present: true}}}, wantMsg: "leave Value and Prefix unset"},
		{name: "empty query name", route: Route{Path: "/", Query: []QueryMatch{{Value: "1"}}}, wantMsg: "needs a parameter name"},
		{name: "query present with value", route: Route{Path: "/", Query: []QueryMatch{{Name: "q", Value: "1", Present: true}}}, wantMsg: "leave Value unset"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tc.route.Name = "bad"
			table, err := Build([]Route{{Name: "good", Path: "/ok"}, tc.route})
			if table != nil {
				t.Errorf("Build returned a table, want nil")
			}
			if !errors.Is(err, ErrInvalidRoute) {
				t.Fatalf("error = %v, want ErrInvalidRoute", err)
			}
			if !strings.Contains(err.Error(), `"bad" (index 1)`) {
				t.Errorf("error = %q, want it to name route \"bad\" (index 1)", err)
			}
			if !strings.Contains(err.Error(), tc.wantMsg) {
				t.Errorf("error = %q, want it to contain %q", err, tc.wantMsg)
			}
		})
	}
}

func TestBuildReportsEveryInvalidRoute(t *testing.T) {
	_, err := Build([]Route{
		{Path: "x"},
		{Name: "fine", Path: "/fine"},
		{Name: "second", Path: "/a/:"},
	})
	if !errors.Is(err, ErrInvalidRoute) {
		t.Fatalf("error = %v, want ErrInvalidRoute", err)
	}
	for _, want := range []string{"at index 0", `"second" (index 2)`} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error = %q, want it to contain %q", err, want)
		}
	}
}

func TestBuildDuplicates(t *testing.T) {
	get := []string{"GET"}
	cases := []struct {
		name     string
		a, b     Route
		wantDup  bool
		wantText string
	}{
		{name: "same method", a: Route{Path: "/a", Methods: get}, b: Route{Path: "/a", Methods: []string{"POST", "GET"}}, wantDup: true, wantText: "methods GET"},
		{name: "both any method", a: Route{Path: "/a"}, b: Route{Path: "/a"}, wantDup: true, wantText: "any method"},
		{name: "any and listed", a: Route{Path: "/a"}, b: Route{Path: "/a", Methods: get}, wantDup: true, wantText: "methods GET"},
		{name: "param names differ", a: Route{Path: "/u/:id"}, b: Route{Path: "/u/:uid"}, wantDup: true},
		{name: "host case differs", a: Route{Host: "API.example.com", Path: "/"}, b: Route{Host: "api.example.com.", Path: "/"}, wantDup: true},
		{name: "any host spellings", a: Route{Host: "*", Path: "/"}, b: Route{Path: "/"}, wantDup: true},
		{
			name:    "matchers in another order",
			a:       Route{Path: "/", Headers: []HeaderMatch{{Name: "X-A", Value: "1"}, {Name: "X-B", Present: true}}},
			b:       Route{Path: "/", Headers: []HeaderMatch{{Name: "x-b", Present: true}, {Name: "x-a", Value: "1"}}},
			wantDup: true,
		},
		{name: "different methods", a: Route{Path: "/a", Methods: get}, b: Route{Path: "/a", Methods: []string{"POST"}}},
		{name: "get and explicit head", a: Route{Path: "/a", Methods: get}, b: Route{Path: "/a", Methods: []string{"HEAD"}}},
		{name: "different priority", a: Route{Path: "/a"}, b: Route{Path: "/a", Priority: 1}},
		{name: "different header value", a: Route{Path: "/a", Headers: []HeaderMatch{{Name: "X", Value: "1"}}}, b: Route{Path: "/a", Headers: []HeaderMatch{{Name: "X", Value: "2"}}}},
		{name: "header value case", a: Route{Path: "/a", Headers: []HeaderMatch{{Name: "X", Value: "a"}}}, b: Route{Path: "/a", Headers: []HeaderMatch{{Name: "X", Value: "A"}}}},
		{name: "exact and prefix match kind", a: Route{Path: "/a", Headers: []HeaderMatch{{Name: "X", Value: "1"}}}, b: Route{Path: "/a", Headers: []HeaderMatch{{Name: "X", Value: "1", Prefix: true}}}},
		{name: "different query", a: Route{Path: "/a", Query: []QueryMatch{{Name: "q", Present: true}}}, b: Route{Path: "/a"}},
		{name: "exact and prefix route", a: Route{Path: "/a"}, b: Route{Path: "/a", Prefix: true}},
		{name: "different hosts", a: Route{Host: "a.example.com", Path: "/"}, b: Route{Host: "*.example.com", Path: "/"}},
		{name: "param and wildcard", a: Route{Path: "/u/:id"}, b: Route{Path: "/u/*id"}},
		{name: "trailing slash", a: Route{Path: "/a"}, b: Route{Path: "/a/"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tc.a.Name, tc.b.Name = "first", "second"
			_, err := Build([]Route{tc.a, {Name: "other", Path: "/other"}, tc.b})
			if !tc.wantDup {
				if err != nil {
					t.Errorf("Build error = %v, want nil", err)
				}
				return
			}
			if !errors.Is(err, ErrDuplicateRoute) {
				t.Fatalf("error = %v, want ErrDuplicateRoute", err)
			}
			for _, want := range []string{`"first" (index 0)`, `"second" (index 2)`, tc.wantText} {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("error = %q, want it to contain %q", err, want)
				}
			}
		})
	}
}

func TestBuildTooManyMethods(t *testing.T) {
	var routes []Route
	for i := range maxMethods + 1 {
		routes = append(routes, Route{Path: fmt.Sprintf("/m%d", i), Methods: []string{fmt.Sprintf("M%d", i)}})
	}
	_, err := Build(routes)
	if !errors.Is(err, ErrInvalidRoute) {
		t.Fatalf("error = %v, want ErrInvalidRoute", err)
	}
	if want := "65 distinct methods"; !strings.Contains(err.Error(), want) {
		t.Errorf("error = %q, want it to contain %q", err, want)
	}
}

func TestBuildAllowListTooLong(t *testing.T) {
	long := strings.Repeat("X", 130)
	routes := []Route{
		{Path: "/a", Methods: []string{long + "A"}},
		{Path: "/b", Methods: []string{long + "B"}},
	}
	_, err := Build(routes)
	if !errors.Is(err, ErrInvalidRoute) {
		t.Fatalf("error = %v, want ErrInvalidRoute", err)
	}
	if want := "over the limit of 256"; !strings.Contains(err.Error(), want) {
		t.Errorf("error = %q, want it to contain %q", err, want)
	}
}

// nestedRoutes returns routes "/n/e", "/n/n/e", ... that branch at every level, so the tree
// is about one node deep per route.
func nestedRoutes(levels int) []Route {
	var routes []Route
	for i := 1; i <= levels; i++ {
		routes = append(routes, Route{Name: fmt.Sprintf("level-%d", i), Path: strings.Repeat("/n", i) + "/e"})
	}
	routes = append(routes, Route{Name: "any-param", Path: "/:first/*rest"})
	return routes
}

func TestLookupDeepTree(t *testing.T) {
	const levels = 300
	table := mustBuild(t, nestedRoutes(levels))
	var p Params
	for _, level := range []int{1, 2, levels / 2, levels} {
		path := strings.Repeat("/n", level) + "/e"
		route, res, _ := table.Lookup(nil, []byte(path), []byte("GET"), nil, nil, &p)
		if res != Found {
			t.Fatalf("Lookup(level %d) = %v, want Found", level, res)
		}
		if want := fmt.Sprintf("level-%d", level); route.Name != want {
			t.Errorf("Lookup(level %d) route = %q, want %q", level, route.Name, want)
		}
	}

	// A miss at the bottom backtracks through every level to the root's parameter.
	path := strings.Repeat("/n", levels) + "/x"
	route, res, _ := table.Lookup(nil, []byte(path), []byte("GET"), nil, nil, &p)
	if res != Found || route.Name != "any-param" {
		t.Fatalf("Lookup(deep miss) = %v, want Found any-param", res)
	}
	if got, want := string(p.Get("rest")), path[3:]; got != want {
		t.Errorf("rest = %q, want %q", got, want)
	}
}

func TestBuildEmpty(t *testing.T) {
	table := mustBuild(t, nil)
	var p Params
	if _, res, _ := table.Lookup(nil, []byte("/"), []byte("GET"), nil, nil, &p); res != NotFound {
		t.Errorf("result = %v, want %v", res, NotFound)
	}
}
