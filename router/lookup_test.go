package router

import (
	"testing"
)

func TestLookupPrecedence(t *testing.T) {
	routes := []Route{
		{Name: "user-new", Path: "/users/new"},
		{Name: "user", Path: "/users/:id"},
		{Name: "user-files", Path: "/users/*rest"},
		{Name: "users-prefix", Path: "/users", Prefix: true},
		{Name: "user-posts", Path: "/users/:id/posts"},
		{Name: "api-v1-x", Path: "/api/v1/:x"},
		{Name: "api-ver-users", Path: "/api/:ver/users"},
		{Name: "docs", Path: "/docs"},
		{Name: "docs-prefix", Path: "/docs", Prefix: true},
		{Name: "docs-guide-prefix", Path: "/docs/guide", Prefix: true},
		{Name: "root-prefix", Path: "/", Prefix: true},
		{Name: "section-feed", Path: "/:section/feed"},
		{Name: "news", Path: "/news", Prefix: true},
	}
	cases := []lookupCase{
		{name: "static beats param", path: "/users/new", wantRoute: "user-new", wantResult: Found},
		{name: "param", path: "/users/42", wantRoute: "user", wantResult: Found, wantParams: "id=42"},
		{name: "param below", path: "/users/42/posts", wantRoute: "user-posts", wantResult: Found, wantParams: "id=42"},
		{name: "backtrack from static to param", path: "/users/new/posts", wantRoute: "user-posts", wantResult: Found, wantParams: "id=new"},
		{name: "param beats wildcard", path: "/users/7", wantRoute: "user", wantResult: Found, wantParams: "id=7"},
		{name: "backtrack to wildcard", path: "/users/42/files/a", wantRoute: "user-files", wantResult: Found, wantParams: "rest=42/files/a"},
		{name: "wildcard beats shorter prefix", path: "/users/", wantRoute: "user-files", wantResult: Found, wantParams: "rest="},
		{name: "prefix at its own path", path: "/users", wantRoute: "users-prefix", wantResult: Found},
		{name: "longest static prefix", path: "/api/v1/users", wantRoute: "api-v1-x", wantResult: Found, wantParams: "x=users"},
		{name: "param when static differs", path: "/api/v2/users", wantRoute: "api-ver-users", wantResult: Found, wantParams: "ver=v2"},
		{name: "exact beats prefix", path: "/docs", wantRoute: "docs", wantResult: Found},
		{name: "longer prefix wins", path: "/docs/guide/intro", wantRoute: "docs-guide-prefix", wantResult: Found},
		{name: "prefix needs segment boundary", path: "/docs/guidebook", wantRoute: "docs-prefix", wantResult: Found},
		{name: "root prefix catches rest", path: "/other", wantRoute: "root-prefix", wantResult: Found},
		{name: "prefix not inside segment", path: "/usersx", wantRoute: "root-prefix", wantResult: Found},
		{name: "static prefix beats param segment", path: "/news/feed", wantRoute: "news", wantResult: Found},
		{name: "param segment when no static", path: "/sport/feed", wantRoute: "section-feed", wantResult: Found, wantParams: "section=sport"},
	}
	runLookupCases(t, routes, cases)
}

func TestLookupPriority(t *testing.T) {
	routes := []Route{
		{Name: "fixed", Path: "/p/fixed"},
		{Name: "param-high", Path: "/p/:id", Priority: 10},
		{Name: "m", Path: "/m"},
		{Name: "m-prefix-high", Path: "/m", Prefix: true, Priority: 3},
		{Name: "hdr-low", Path: "/h", Headers: []HeaderMatch{{Name: "X-A", Present: true}}},
		{Name: "hdr-high", Path: "/h", Headers: []HeaderMatch{{Name: "X-B", Present: true}}, Priority: 5},
		{Name: "first", Path: "/d", Headers: []HeaderMatch{{Name: "X-A", Present: true}}},
		{Name: "second", Path: "/d", Headers: []HeaderMatch{{Name: "X-B", Present: true}}},
		{Name: "host-exact", Host: "api.example.com", Path: "/s"},
		{Name: "host-any-high", Path: "/s", Priority: 1},
		{Name: "neg-static", Path: "/n/fixed", Priority: -5},
		{Name: "neg-param", Path: "/n/:id", Priority: -1},
		{Name: "get-x", Path: "/x", Methods: []string{"GET"}},
		{Name: "head-x", Path: "/x", Methods: []string{"HEAD"}},
	}
	cases := []lookupCase{
		{name: "higher priority beats static", path: "/p/fixed", wantRoute: "param-high", wantResult: Found, wantParams: "id=fixed"},
		{name: "higher priority beats exact", path: "/m", wantRoute: "m-prefix-high", wantResult: Found},
		{name: "priority among header variants", path: "/h", headers: headers("X-A", "1", "X-B", "1"), wantRoute: "hdr-high", wantResult: Found},
		{name: "lower priority when higher fails", path: "/h", headers: headers("X-A", "1"), wantRoute: "hdr-low", wantResult: Found},
		{name: "declaration order on tie", path: "/d", headers: headers("X-A", "1", "X-B", "1"), wantRoute: "first", wantResult: Found},
		{name: "second when first fails", path: "/d", headers: headers("X-B", "1"), wantRoute: "second", wantResult: Found},
		{name: "priority beats host specificity", host: "api.example.com", path: "/s", wantRoute: "host-any-high", wantResult: Found},
		{name: "negative priorities compare", path: "/n/fixed", wantRoute: "neg-param", wantResult: Found, wantParams: "id=fixed"},
		{name: "explicit head beats get", path: "/x", method: "HEAD", wantRoute: "head-x", wantResult: Found},
		{name: "get keeps get", path: "/x", wantRoute: "get-x", wantResult: Found},
	}
	runLookupCases(t, routes, cases)
}

func TestLookupParams(t *testing.T) {
	routes := []Route{
		{Name: "multi", Path: "/orgs/:org/repos/:repo/issues/:number"},
		{Name: "end", Path: "/tags/:tag"},
		{Name: "trailing-slash", Path: "/dirs/:dir/"},
		{Name: "literal-colon", Path: "/v1/things:batch"},
		{Name: "next-to-static", Path: "/files/:name/raw"},
		{Name: "files-meta", Path: "/files/meta/raw"},
		{Name: "adjacent", Path: "/grid/:x/:y"},
		{Name: "eight", Path: "/8/:a/:b/:c/:d/:e/:f/:g/:h"},
	}
	cases := []lookupCase{
		{name: "three params", path: "/orgs/acme/repos/gate/issues/12", wantRoute: "multi", wantResult: Found, wantParams: "org=acme repo=gate number=12"},
		{name: "param at end", path: "/tags/go", wantRoute: "end", wantResult: Found, wantParams: "tag=go"},
		{name: "empty param", path: "/tags/", wantResult: NotFound},
		{name: "param is one segment", path: "/tags/go/x", wantResult: NotFound},
		{name: "param then slash", path: "/dirs/etc/", wantRoute: "trailing-slash", wantResult: Found, wantParams: "dir=etc"},
		{name: "missing trailing slash", path: "/dirs/etc", wantResult: NotFound},
		{name: "colon inside segment is literal", path: "/v1/things:batch", wantRoute: "literal-colon", wantResult: Found},
		{name: "param next to static", path: "/files/a.txt/raw", wantRoute: "next-to-static", wantResult: Found, wantParams: "name=a.txt"},
		{name: "static sibling", path: "/files/meta/raw", wantRoute: "files-meta", wantResult: Found},
		{name: "encoded slash stays in param", path: "/files/a%2Fb/raw", wantRoute: "next-to-static", wantResult: Found, wantParams: "name=a%2Fb"},
		{name: "adjacent params", path: "/grid/3/4", wantRoute: "adjacent", wantResult: Found, wantParams: "x=3 y=4"},
		{name: "max params", path: "/8/1/2/3/4/5/6/7/8", wantRoute: "eight", wantResult: Found, wantParams: "a=1 b=2 c=3 d=4 e=5 f=6 g=7 h=8"},
	}
	runLookupCases(t, routes, cases)
}

func TestLookupWildcard(t *testing.T) {
	routes := []Route{
		{Name: "static", Path: "/static/*file"},
		{Name: "everything", Path: "/*all"},
		{Name: "static-index", Path: "/static/index.html"},
		{Name: "assets", Path: "/assets/:version/*file"},
		{Name: "pair", Path: "/p/:a/:b/c"},
		{Name: "pair-rest", Path: "/p/:a/*rest"},
		{Name: "three", Path: "/q/:a/:b/:c/x"},
		{Name: "three-static", Path: "/q/:a/k/:c/y"},
	}
	cases := []lookupCase{
		{name: "empty remainder", path: "/static/", wantRoute: "static", wantResult: Found, wantParams: "file="},
		{name: "without trailing slash", path: "/static", wantRoute: "everything", wantResult: Found, wantParams: "all=static"},
		{name: "deep", path: "/static/css/site/main.css", wantRoute: "static", wantResult: Found, wantParams: "file=css/site/main.css"},
		{name: "static beats wildcard", path: "/static/index.html", wantRoute: "static-index", wantResult: Found},
		{name: "below static sibling", path: "/static/index.html/x", wantRoute: "static", wantResult: Found, wantParams: "file=index.html/x"},
		{name: "after param empty", path: "/assets/v3/", wantRoute: "assets", wantResult: Found, wantParams: "version=v3 file="},
		{name: "after param deep", path: "/assets/v3/a/b/c/d/e/f.js", wantRoute: "assets", wantResult: Found, wantParams: "version=v3 file=a/b/c/d/e/f.js"},
		{name: "root", path: "/", wantRoute: "everything", wantResult: Found, wantParams: "all="},
		{name: "root deep", path: "/x/y", wantRoute: "everything", wantResult: Found, wantParams: "all=x/y"},
		{name: "asterisk form", path: "*", wantResult: NotFound},
		{name: "backtrack out of param to wildcard", path: "/p/x/y/d", wantRoute: "pair-rest", wantResult: Found, wantParams: "a=x rest=y/d"},
		{name: "params before wildcard", path: "/p/x/y/c", wantRoute: "pair", wantResult: Found, wantParams: "a=x b=y"},
		{name: "static then param at same level", path: "/q/1/k/3/y", wantRoute: "three-static", wantResult: Found, wantParams: "a=1 c=3"},
		{name: "static fails then param", path: "/q/1/k/3/x", wantRoute: "three", wantResult: Found, wantParams: "a=1 b=k c=3"},
		{name: "backtrack through all params", path: "/q/1/k/3/z", wantRoute: "everything", wantResult: Found, wantParams: "all=q/1/k/3/z"},
	}
	runLookupCases(t, routes, cases)
}

func TestLookupPrefix(t *testing.T) {
	routes := []Route{
		{Name: "api", Path: "/api", Prefix: true},
		{Name: "api-slash", Path: "/api/", Prefix: true},
		{Name: "user-prefix", Path: "/u/:id", Prefix: true},
	}
	cases := []lookupCase{
		{name: "own path", path: "/api", wantRoute: "api", wantResult: Found},
		{name: "trailing slash pattern", path: "/api/", wantRoute: "api-slash", wantResult: Found},
		{name: "below slash pattern", path: "/api/x/y", wantRoute: "api-slash", wantResult: Found},
		{name: "not inside segment", path: "/apix", wantResult: NotFound},
		{name: "shorter path", path: "/ap", wantResult: NotFound},
		{name: "param prefix own path", path: "/u/5", wantRoute: "user-prefix", wantResult: Found, wantParams: "id=5"},
		{name: "param prefix below", path: "/u/5/a/b", wantRoute: "user-prefix", wantResult: Found, wantParams: "id=5"},
	}
	runLookupCases(t, routes, cases)
}

func TestLookupMethods(t *testing.T) {
	routes := []Route{
		{Name: "list", Path: "/users", Methods: []string{"GET"}},
		{Name: "create", Path: "/users", Methods: []string{"POST"}},
		{Name: "new", Path: "/users/new", Methods: []string{"POST"}},
		{Name: "item", Path: "/users/:id", Methods: []string{"PUT", "GET", "GET"}},
		{Name: "any", Path: "/any"},
		{Name: "purge", Path: "/cache", Methods: []string{"PURGE"}},
		{Name: "delete-only", Path: "/d", Methods: []string{"DELETE"}},
		{Name: "head-only", Path: "/ho", Methods: []string{"HEAD"}},
		{Name: "beta", Path: "/beta", Methods: []string{"POST"}, Headers: []HeaderMatch{{Name: "X-Beta", Present: true}}},
	}
	cases := []lookupCase{
		{name: "get", path: "/users", wantRoute: "list", wantResult: Found},
		{name: "post", path: "/users", method: "POST", wantRoute: "create", wantResult: Found},
		{name: "head through get", path: "/users", method: "HEAD", wantRoute: "list", wantResult: Found},
		{name: "405 lists both routes", path: "/users", method: "DELETE", wantResult: MethodNotAllowed, wantAllow: "GET, HEAD, POST"},
		{name: "method mismatch backtracks", path: "/users/new", wantRoute: "item", wantResult: Found, wantParams: "id=new"},
		{name: "405 union across nodes", path: "/users/new", method: "DELETE", wantResult: MethodNotAllowed, wantAllow: "GET, HEAD, POST, PUT"},
		{name: "405 deduplicated", path: "/users/7", method: "DELETE", wantResult: MethodNotAllowed, wantAllow: "GET, HEAD, PUT"},
		{name: "any method", path: "/any", method: "OPTIONS", wantRoute: "any", wantResult: Found},
		{name: "unknown method on any", path: "/any", method: "BREW", wantRoute: "any", wantResult: Found},
		{name: "custom method", path: "/cache", method: "PURGE", wantRoute: "purge", wantResult: Found},
		{name: "405 custom method", path: "/cache", wantResult: MethodNotAllowed, wantAllow: "PURGE"},
		{name: "405 no head without get", path: "/d", method: "HEAD", wantResult: MethodNotAllowed, wantAllow: "DELETE"},
		{name: "head only route", path: "/ho", method: "HEAD", wantRoute: "head-only", wantResult: Found},
		{name: "get on head only route", path: "/ho", wantResult: MethodNotAllowed, wantAllow: "HEAD"},
		{name: "methods are case sensitive", path: "/users", method: "get", wantResult: MethodNotAllowed, wantAllow: "GET, HEAD, POST"},
		{name: "matchers fail before method", path: "/beta", wantResult: NotFound},
		{name: "405 after matchers pass", path: "/beta", headers: headers("X-Beta", "1"), wantResult: MethodNotAllowed, wantAllow: "POST"},
		{name: "not found", path: "/missing", wantResult: NotFound},
	}
	runLookupCases(t, routes, cases)
}

func TestLookupAllowRenderedIntoParams(t *testing.T) {
	table := mustBuild(t, []Route{
		{Name: "a", Path: "/a", Methods: []string{"PUT"}},
		{Name: "b", Path: "/a", Methods: []string{"GET", "POST"}},
	})
	// Drop the precomputed list so Lookup renders it, as it does for unions past
	// maxPrecomputedAllow.
	mask := table.methods.bit("GET") | table.methods.bit("HEAD") | table.methods.bit("POST") | table.methods.bit("PUT")
	if _, ok := table.methods.allow[mask]; !ok {
		t.Fatalf("allow list for mask %b not precomputed", mask)
	}
	delete(table.methods.allow, mask)

	var p Params
	_, res, allow := table.Lookup(nil, []byte("/a"), []byte("DELETE"), nil, nil, &p)
	if res != MethodNotAllowed {
		t.Fatalf("result = %v, want %v", res, MethodNotAllowed)
	}
	if got, want := string(allow), "GET, HEAD, POST, PUT"; got != want {
		t.Errorf("allow = %q, want %q", got, want)
	}
	if &allow[0] != &p.allow[0] {
		t.Errorf("allow does not point into Params")
	}
}

func TestLookupHosts(t *testing.T) {
	routes := []Route{
		{Name: "exact", Host: "api.example.com", Path: "/h"},
		{Name: "wild", Host: "*.example.com", Path: "/h"},
		{Name: "wild-deep", Host: "*.eu.example.com", Path: "/h"},
		{Name: "any", Path: "/h"},
		{Name: "exact-only", Host: "api.example.com", Path: "/only"},
		{Name: "v6", Host: "[::1]", Path: "/h"},
		{Name: "fallback", Host: "*", Path: "/fallback"},
		{Name: "upper", Host: "Admin.Example.COM.", Path: "/h"},
		{Name: "ip", Host: "127.0.0.1", Path: "/h"},
	}
	cases := []lookupCase{
		{name: "exact", host: "api.example.com", path: "/h", wantRoute: "exact", wantResult: Found},
		{name: "case and port", host: "API.Example.Com:8443", path: "/h", wantRoute: "exact", wantResult: Found},
		{name: "trailing dot", host: "api.example.com.", path: "/h", wantRoute: "exact", wantResult: Found},
		{name: "wildcard one label", host: "www.example.com", path: "/h", wantRoute: "wild", wantResult: Found},
		{name: "wildcard many labels", host: "a.b.example.com", path: "/h", wantRoute: "wild", wantResult: Found},
		{name: "longer wildcard suffix", host: "x.eu.example.com", path: "/h", wantRoute: "wild-deep", wantResult: Found},
		{name: "shorter wildcard for its label", host: "eu.example.com", path: "/h", wantRoute: "wild", wantResult: Found},
		{name: "wildcard needs a label", host: "example.com", path: "/h", wantRoute: "any", wantResult: Found},
		{name: "other host", host: "other.org", path: "/h", wantRoute: "any", wantResult: Found},
		{name: "no host", path: "/h", wantRoute: "any", wantResult: Found},
		{name: "ipv6 with port", host: "[::1]:8080", path: "/h", wantRoute: "v6", wantResult: Found},
		{name: "ipv4 with port", host: "127.0.0.1:80", path: "/h", wantRoute: "ip", wantResult: Found},
		{name: "route host case", host: "admin.example.com", path: "/h", wantRoute: "upper", wantResult: Found},
		{name: "exact host only", host: "www.example.com", path: "/only", wantResult: NotFound},
		{name: "falls back to any host", host: "api.example.com", path: "/fallback", wantRoute: "fallback", wantResult: Found},
	}
	runLookupCases(t, routes, cases)
}

func TestLookupHeaderMatchers(t *testing.T) {
	routes := []Route{
		{Name: "beta-new", Path: "/users/new", Headers: []HeaderMatch{{Name: "X-Beta", Value: "1"}}},
		{Name: "user", Path: "/users/:id"},
		{Name: "mobile", Path: "/app", Headers: []HeaderMatch{{Name: "User-Agent", Value: "Mobile/", Prefix: true}}},
		{Name: "traced", Path: "/app", Headers: []HeaderMatch{{Name: "X-Trace", Present: true}}},
		{Name: "app", Path: "/app"},
		{Name: "files-auth", Path: "/files/*path", Headers: []HeaderMatch{{Name: "Authorization", Present: true}}},
		{Name: "files-prefix", Path: "/files", Prefix: true},
		{Name: "both", Path: "/both", Headers: []HeaderMatch{{Name: "X-A", Value: "a"}, {Name: "X-B", Value: "b"}}},
	}
	cases := []lookupCase{
		{name: "exact value", path: "/users/new", headers: headers("X-Beta", "1"), wantRoute: "beta-new", wantResult: Found},
		{name: "name case insensitive", path: "/users/new", headers: headers("x-beta", "1"), wantRoute: "beta-new", wantResult: Found},
		{name: "value mismatch backtracks to param", path: "/users/new", headers: headers("X-Beta", "2"), wantRoute: "user", wantResult: Found, wantParams: "id=new"},
		{name: "value case sensitive", path: "/app", headers: headers("User-Agent", "mobile/1"), wantRoute: "app", wantResult: Found},
		{name: "absent backtracks to param", path: "/users/new", headers: headers(), wantRoute: "user", wantResult: Found, wantParams: "id=new"},
		{name: "nil header source", path: "/users/new", wantRoute: "user", wantResult: Found, wantParams: "id=new"},
		{name: "prefix value", path: "/app", headers: headers("User-Agent", "Mobile/15"), wantRoute: "mobile", wantResult: Found},
		{name: "present with empty value", path: "/app", headers: headers("X-Trace", ""), wantRoute: "traced", wantResult: Found},
		{name: "no matcher route last", path: "/app", headers: headers("User-Agent", "Desktop"), wantRoute: "app", wantResult: Found},
		{name: "wildcard with header", path: "/files/a/b", headers: headers("Authorization", "Bearer x"), wantRoute: "files-auth", wantResult: Found, wantParams: "path=a/b"},
		{name: "backtrack to prefix", path: "/files/a/b", wantRoute: "files-prefix", wantResult: Found},
		{name: "all matchers pass", path: "/both", headers: headers("X-A", "a", "X-B", "b"), wantRoute: "both", wantResult: Found},
		{name: "one matcher fails", path: "/both", headers: headers("X-A", "a", "X-B", "c"), wantResult: NotFound},
	}
	runLookupCases(t, routes, cases)
}

func TestLookupQueryMatchers(t *testing.T) {
	routes := []Route{
		{Name: "search-json", Path: "/search", Query: []QueryMatch{{Name: "format", Value: "json"}}, Priority: 1},
		{Name: "search-q", Path: "/search", Query: []QueryMatch{{Name: "q", Present: true}}},
		{Name: "search", Path: "/search"},
		{Name: "tagged", Path: "/items/:id", Query: []QueryMatch{{Name: "tag", Value: "a b"}}},
		{Name: "item", Path: "/items/:id"},
	}
	cases := []lookupCase{
		{name: "present", path: "/search", query: "q=x", wantRoute: "search-q", wantResult: Found},
		{name: "present without equals", path: "/search", query: "q", wantRoute: "search-q", wantResult: Found},
		{name: "present empty", path: "/search", query: "a=1&q=", wantRoute: "search-q", wantResult: Found},
		{name: "priority", path: "/search", query: "q=1&format=json", wantRoute: "search-json", wantResult: Found},
		{name: "value mismatch", path: "/search", query: "format=xml", wantRoute: "search", wantResult: Found},
		{name: "decoded name and value", path: "/search", query: "%66ormat=%6Ason", wantRoute: "search-json", wantResult: Found},
		{name: "empty query", path: "/search", wantRoute: "search", wantResult: Found},
		{name: "longer name", path: "/search", query: "qq=1", wantRoute: "search", wantResult: Found},
		{name: "plus is space", path: "/items/5", query: "tag=a+b", wantRoute: "tagged", wantResult: Found, wantParams: "id=5"},
		{name: "escaped space", path: "/items/5", query: "tag=a%20b", wantRoute: "tagged", wantResult: Found, wantParams: "id=5"},
		{name: "invalid escape", path: "/items/5", query: "tag=a%2", wantRoute: "item", wantResult: Found, wantParams: "id=5"},
		{name: "first occurrence counts", path: "/items/5", query: "tag=c&tag=a+b", wantRoute: "item", wantResult: Found, wantParams: "id=5"},
		{name: "empty pairs skipped", path: "/items/5", query: "&&tag=a+b&", wantRoute: "tagged", wantResult: Found, wantParams: "id=5"},
		{name: "semicolon is data", path: "/items/5", query: "x=1;tag=a+b", wantRoute: "item", wantResult: Found, wantParams: "id=5"},
	}
	runLookupCases(t, routes, cases)
}

func TestLookupNilTable(t *testing.T) {
	var table *Table
	var p Params
	route, res, allow := table.Lookup([]byte("h"), []byte("/"), []byte("GET"), nil, nil, &p)
	if route != nil || res != NotFound || allow != nil {
		t.Errorf("Lookup on nil table = %v, %v, %q, want nil, NotFound, nil", route, res, allow)
	}
}

func TestLookupResetsParams(t *testing.T) {
	table := mustBuild(t, []Route{{Name: "user", Path: "/u/:id"}})
	var p Params
	table.Lookup(nil, []byte("/u/1"), []byte("GET"), nil, nil, &p)
	if got := p.Len(); got != 1 {
		t.Fatalf("Len after match = %d, want 1", got)
	}
	_, res, _ := table.Lookup(nil, []byte("/x"), []byte("GET"), nil, nil, &p)
	if res != NotFound {
		t.Fatalf("result = %v, want %v", res, NotFound)
	}
	if got := p.Len(); got != 0 {
		t.Errorf("Len after miss = %d, want 0", got)
	}
}

func TestLookupReturnsCopiedRoute(t *testing.T) {
	routes := []Route{{Name: "a", Path: "/a", Methods: []string{"GET"}, Handler: 7}}
	table := mustBuild(t, routes)
	routes[0].Name = "changed"
	routes[0].Methods[0] = "POST"

	var p Params
	route, res, _ := table.Lookup(nil, []byte("/a"), []byte("GET"), nil, nil, &p)
	if res != Found {
		t.Fatalf("result = %v, want %v", res, Found)
	}
	if route.Name != "a" {
		t.Errorf("Name = %q, want %q", route.Name, "a")
	}
	if route.Methods[0] != "GET" {
		t.Errorf("Methods[0] = %q, want %q", route.Methods[0], "GET")
	}
	if route.Handler != 7 {
		t.Errorf("Handler = %v, want 7", route.Handler)
	}
}

func TestParamsAccessors(t *testing.T) {
	table := mustBuild(t, []Route{{Name: "r", Path: "/a/:x/b/*y"}})
	var p Params
	_, res, _ := table.Lookup(nil, []byte("/a/1/b/c/d"), []byte("GET"), nil, nil, &p)
	if res != Found {
		t.Fatalf("result = %v, want %v", res, Found)
	}
	if got := p.Len(); got != 2 {
		t.Errorf("Len = %d, want 2", got)
	}
	if got := string(p.Get("x")); got != "1" {
		t.Errorf("Get(x) = %q, want %q", got, "1")
	}
	if got := string(p.Get("y")); got != "c/d" {
		t.Errorf("Get(y) = %q, want %q", got, "c/d")
	}
	if got := p.Get("z"); got != nil {
		t.Errorf("Get(z) = %q, want nil", got)
	}
	if name, value := p.At(1); name != "y" || string(value) != "c/d" {
		t.Errorf("At(1) = %q, %q, want %q, %q", name, value, "y", "c/d")
	}

	defer func() {
		if recover() == nil {
			t.Errorf("At(2) did not panic")
		}
	}()
	p.At(2)
}

func TestResultString(t *testing.T) {
	cases := []struct {
		result Result
		want   string
	}{
		{result: NotFound, want: "NotFound"},
		{result: Found, want: "Found"},
		{result: MethodNotAllowed, want: "MethodNotAllowed"},
		{result: Result(9), want: "Result(9)"},
	}
	for _, tc := range cases {
		if got := tc.result.String(); got != tc.want {
			t.Errorf("Result(%d).String() = %q, want %q", uint8(tc.result), got, tc.want)
		}
	}
}
