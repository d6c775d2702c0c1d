package config

import (
	"errors"
	"strings"
	"testing"
)

// validTail is a valid upstream and route, appended to cases that test something else. Its
// lines are numbered from wherever it is placed.
const validTail = `upstreams:
  app:
    targets: [127.0.0.1:9001]
routes:
  - name: r
    match: {path: /}
    upstream: app
`

// parseErrors parses src and returns its ErrorList, failing the test on success or on an
// error of another type.
func parseErrors(t *testing.T, src string) ErrorList {
	t.Helper()
	c, err := Parse("gatehouse.yaml", []byte(src))
	if err == nil {
		t.Fatalf("Parse succeeded with %+v, want an error", c)
	}
	if c != nil {
		t.Errorf("Parse returned a config with its error, want nil")
	}
	var list ErrorList
	if !errors.As(err, &list) {
		t.Fatalf("Parse error %T %v, want an ErrorList", err, err)
	}
	return list
}

// TestParseErrorClasses checks one case per class of problem: each input has exactly one
// problem, reported at the given position with the given path and message text.
func TestParseErrorClasses(t *testing.T) {
	tests := []struct {
		name     string
		src      string
		wantLine int
		wantCol  int
		wantPath string
		wantMsg  string
	}{
		// YAML syntax.
		{name: "unclosed flow sequence", src: "listen: [a\n",
			wantLine: 1, wantCol: 9, wantMsg: "invalid YAML: sequence end token ']' not found"},
		{name: "tab indentation", src: "engine:\n\tpollers: 1\n",
			wantLine: 2, wantCol: 1, wantMsg: `invalid YAML: found character '\t' that cannot start any token`},
		{name: "bad indentation", src: "engine:\n  pollers: 1\n max_connections: 2\n",
			wantLine: 3, wantCol: 2, wantMsg: "invalid YAML:"},
		{name: "invalid UTF-8", src: "listen: \"\xff\"\n",
			wantLine: 1, wantCol: 10, wantMsg: "invalid UTF-8"},
		{name: "second document", src: "listen: 127.0.0.1:8080\n---\nadmin: 127.0.0.1:9901\n",
			wantLine: 3, wantCol: 1, wantMsg: "the file must contain one document"},
		{name: "anchor", src: "listen: &l 127.0.0.1:8080\n",
			wantLine: 1, wantCol: 9, wantPath: "listen", wantMsg: "anchors and aliases (&name, *name) are not supported"},
		{name: "alias", src: "admin: *l\n",
			wantLine: 1, wantCol: 8, wantPath: "admin", wantMsg: "anchors and aliases (&name, *name) are not supported"},
		{name: "tag", src: "listen: !!str 127.0.0.1:8080\n",
			wantLine: 1, wantCol: 9, wantPath: "listen", wantMsg: "YAML tags (such as !!str) are not supported"},
		{name: "merge key", src: "engine:\n  <<: {pollers: 1}\n",
			wantLine: 2, wantCol: 3, wantPath: "engine", wantMsg: "merge keys (<<) are not supported"},

		// Keys.
		{name: "unknown top-level key", src: "listne: 127.0.0.1:8080\n",
			wantLine: 1, wantCol: 1, wantMsg: `unknown key "listne": did you mean listen?`},
		{name: "unknown nested key", src: "engine:\n  pollerz: 2\n",
			wantLine: 2, wantCol: 3, wantPath: "engine", wantMsg: `unknown key "pollerz": did you mean pollers?`},
		{name: "unknown key without suggestion", src: "engine:\n  colour: red\n",
			wantLine: 2, wantCol: 3, wantPath: "engine", wantMsg: `unknown key "colour": valid keys are pollers, max_connections,`},
		{name: "key in wrong section", src: "max_connections: 5\n",
			wantLine: 1, wantCol: 1, wantMsg: `unknown key "max_connections": it belongs under engine`},
		{name: "duplicate key", src: "listen: 127.0.0.1:1\nlisten: 127.0.0.1:2\n",
			wantLine: 2, wantCol: 1, wantMsg: "duplicate key listen (first at line 1)"},
		{name: "complex key", src: "engine:\n  ? pollers\n  : 1\n",
			wantLine: 2, wantCol: 3, wantPath: "engine", wantMsg: "complex keys (?) are not supported"},

		// Planned keys that are rejected until implemented.
		{name: "auth", src: "auth:\n  jwt: {}\n",
			wantLine: 1, wantCol: 1, wantMsg: "key auth is not supported yet: remove it"},
		{name: "rate_limits", src: "rate_limits: {}\n",
			wantLine: 1, wantCol: 1, wantMsg: "key rate_limits is not supported yet"},
		{name: "hash_key", src: "upstreams:\n  app:\n    targets: [127.0.0.1:9001]\n    hash_key: client_ip\n",
			wantLine: 4, wantCol: 5, wantPath: "upstreams.app", wantMsg: "key hash_key is not supported yet"},
		{name: "health", src: "upstreams:\n  app:\n    health: {path: /healthz}\n    targets: [127.0.0.1:9001]\n",
			wantLine: 3, wantCol: 5, wantPath: "upstreams.app", wantMsg: "key health is not supported yet"},
		{name: "retries", src: "upstreams:\n  app: {targets: [\"127.0.0.1:9001\"], retries: {attempts: 2}}\n",
			wantLine: 2, wantCol: 38, wantPath: "upstreams.app", wantMsg: "key retries is not supported yet"},
		{name: "route auth", src: validTail + "    auth: main\n",
			wantLine: 8, wantCol: 5, wantPath: "routes[0]", wantMsg: "key auth is not supported yet"},
		{name: "route rate_limit", src: validTail + "    rate_limit: per_user\n",
			wantLine: 8, wantCol: 5, wantPath: "routes[0]", wantMsg: "key rate_limit is not supported yet"},

		// Value types.
		{name: "list for string", src: "listen: [a]\n",
			wantLine: 1, wantCol: 9, wantPath: "listen", wantMsg: "expected a string, got a list"},
		{name: "string for integer", src: "engine: {max_connections: many}\n",
			wantLine: 1, wantCol: 27, wantPath: "engine.max_connections", wantMsg: `expected an integer, got string "many"`},
		{name: "float for integer", src: "engine: {max_header_count: 1.5}\n",
			wantLine: 1, wantCol: 28, wantPath: "engine.max_header_count", wantMsg: `expected an integer, got number "1.5"`},
		{name: "integer too large", src: "engine: {max_connections: 99999999999999999999}\n",
			wantLine: 1, wantCol: 27, wantPath: "engine.max_connections", wantMsg: "integer 99999999999999999999 is out of range"},
		{name: "string for boolean", src: "upstreams:\n  app:\n    targets: [127.0.0.1:9001]\nroutes:\n  - name: r\n    match: {path: /, prefix: yes}\n    upstream: app\n",
			wantLine: 6, wantCol: 30, wantPath: "routes[0].match.prefix", wantMsg: `expected true or false, got string "yes"`},
		{name: "scalar for mapping", src: "engine: 5\n",
			wantLine: 1, wantCol: 9, wantPath: "engine", wantMsg: `expected a mapping with keys pollers, max_connections`},
		{name: "list for file", src: "- listen: 127.0.0.1:80\n",
			wantLine: 1, wantCol: 1, wantMsg: "expected a mapping with keys listen, admin, engine, client_ip, upstreams, routes, got a list"},
		{name: "scalar for route", src: "routes:\n  - users\n",
			wantLine: 2, wantCol: 5, wantPath: "routes[0]", wantMsg: `expected a mapping with keys name, match,`},

		// Durations.
		{name: "bad duration", src: "engine:\n  read_header_timeout: 10x\n",
			wantLine: 2, wantCol: 24, wantPath: "engine.read_header_timeout", wantMsg: `invalid duration "10x": use a Go duration such as 10s or 500ms`},
		{name: "duration without unit", src: "upstreams:\n  app:\n    targets: [127.0.0.1:9001]\n    connect_timeout: 5\n",
			wantLine: 4, wantCol: 22, wantPath: "upstreams.app.connect_timeout", wantMsg: `invalid duration "5"`},
		{name: "negative duration", src: "engine:\n  idle_timeout: -1s\n",
			wantLine: 2, wantCol: 17, wantPath: "engine.idle_timeout", wantMsg: `invalid duration "-1s": must not be negative`},
		{name: "zero duration", src: "engine:\n  write_timeout: 0s\n",
			wantLine: 2, wantCol: 18, wantPath: "engine.write_timeout", wantMsg: "duration 0s must be greater than 0"},
		{name: "zero pool idle timeout", src: "upstreams:\n  app:\n    targets: [127.0.0.1:9001]\n    pool: {idle_timeout: 0s}\n",
			wantLine: 4, wantCol: 26, wantPath: "upstreams.app.pool.idle_timeout", wantMsg: "duration 0s must be greater than 0"},

		// Sizes.
		{name: "size with unknown unit", src: "engine:\n  max_header_bytes: 16kb\n",
			wantLine: 2, wantCol: 21, wantPath: "engine.max_header_bytes", wantMsg: `invalid size "16kb": unknown unit "kb"`},
		{name: "size overflow", src: "engine:\n  max_body_bytes: 9999999999GiB\n",
			wantLine: 2, wantCol: 19, wantPath: "engine.max_body_bytes", wantMsg: `size out of range: "9999999999GiB"`},
		{name: "size below limit", src: "engine:\n  max_header_bytes: 512\n",
			wantLine: 2, wantCol: 21, wantPath: "engine.max_header_bytes", wantMsg: "512B is out of range: use 1KiB to 1MiB"},
		{name: "uri larger than head", src: "engine:\n  max_header_bytes: 4KiB\n  max_uri_bytes: 8KiB\n",
			wantLine: 3, wantCol: 18, wantPath: "engine.max_uri_bytes", wantMsg: "8KiB is larger than max_header_bytes 4KiB"},

		// Integer ranges.
		{name: "too many pollers", src: "engine:\n  pollers: 5000\n",
			wantLine: 2, wantCol: 12, wantPath: "engine.pollers", wantMsg: "5000 is out of range: use 0 for netpoll's default, or 1 to 1024"},
		{name: "zero max connections", src: "engine: {max_connections: 0}\n",
			wantLine: 1, wantCol: 27, wantPath: "engine.max_connections", wantMsg: "0 is out of range: use at least 1"},
		{name: "negative body limit", src: "engine: {max_body_bytes: -1}\n",
			wantLine: 1, wantCol: 26, wantPath: "engine.max_body_bytes", wantMsg: `invalid size "-1": must not be negative`},

		// CIDRs.
		{name: "bad CIDR", src: "client_ip:\n  trusted_proxies: [10.0.0.0/33]\n",
			wantLine: 2, wantCol: 21, wantPath: "client_ip.trusted_proxies[0]", wantMsg: `invalid CIDR "10.0.0.0/33"`},
		{name: "CIDR with host bits", src: "client_ip:\n  trusted_proxies: [10.0.0.0/8, 172.16.5.0/12]\n",
			wantLine: 2, wantCol: 33, wantPath: "client_ip.trusted_proxies[1]", wantMsg: `has bits set after the /12 prefix: write 172.16.0.0/12`},
		{name: "bad single address", src: "client_ip:\n  trusted_proxies: [proxy.local]\n",
			wantLine: 2, wantCol: 21, wantPath: "client_ip.trusted_proxies[0]", wantMsg: `invalid address "proxy.local"`},

		// Listener addresses.
		{name: "listen without port", src: "listen: localhost\n",
			wantLine: 1, wantCol: 9, wantPath: "listen", wantMsg: `invalid address "localhost": use host:port`},
		{name: "listen port out of range", src: "listen: 0.0.0.0:65536\n",
			wantLine: 1, wantCol: 9, wantPath: "listen", wantMsg: "port 65536 is not in 0..65535"},
		{name: "admin not loopback", src: "admin: 0.0.0.0:9901\n",
			wantLine: 1, wantCol: 8, wantPath: "admin", wantMsg: "is not a loopback address"},
		{name: "admin shares listen port", src: "listen: 0.0.0.0:8080\nadmin: 127.0.0.1:8080\n",
			wantLine: 2, wantCol: 8, wantPath: "admin", wantMsg: "overlaps listen"},

		// Upstreams.
		{name: "empty targets", src: "upstreams:\n  app:\n    targets: []\n",
			wantLine: 3, wantCol: 14, wantPath: "upstreams.app.targets", wantMsg: "empty list: list at least one target"},
		{name: "missing targets", src: "upstreams:\n  app:\n    balance: random\n",
			wantLine: 2, wantCol: 3, wantPath: "upstreams.app.targets", wantMsg: "missing targets"},
		{name: "target port zero", src: "upstreams:\n  app:\n    targets: [{address: 127.0.0.1:0}]\n",
			wantLine: 3, wantCol: 25, wantPath: "upstreams.app.targets[0].address", wantMsg: "port 0 is not in 1..65535"},
		{name: "target without host", src: "upstreams:\n  app:\n    targets: [\":9001\"]\n",
			wantLine: 3, wantCol: 15, wantPath: "upstreams.app.targets[0].address", wantMsg: "the host is empty"},
		{name: "target with bad host", src: "upstreams:\n  app:\n    targets: [\"bad_host-:80\"]\n",
			wantLine: 3, wantCol: 15, wantPath: "upstreams.app.targets[0].address", wantMsg: `invalid host "bad_host-"`},
		{name: "target missing address", src: "upstreams:\n  app:\n    targets: [{weight: 2}]\n",
			wantLine: 3, wantCol: 15, wantPath: "upstreams.app.targets[0].address", wantMsg: "missing address"},
		{name: "duplicate target", src: "upstreams:\n  app:\n    targets:\n      - 127.0.0.1:9001\n      - 127.0.0.1:9001\n",
			wantLine: 5, wantCol: 9, wantPath: "upstreams.app.targets[1].address", wantMsg: `duplicate target "127.0.0.1:9001" (first at line 4)`},
		{name: "zero weight", src: "upstreams:\n  app:\n    targets: [{address: 127.0.0.1:9001, weight: 0}]\n",
			wantLine: 3, wantCol: 49, wantPath: "upstreams.app.targets[0].weight", wantMsg: "0 is out of range: use 1 to 1000"},
		{name: "target read as mapping", src: "upstreams: {app: {targets: [127.0.0.1:9001]}}\n",
			wantLine: 1, wantCol: 29, wantPath: "upstreams.app.targets[0]", wantMsg: `quote it, as in "127.0.0.1:9001"`},
		{name: "planned balance", src: "upstreams:\n  app:\n    targets: [127.0.0.1:9001]\n    balance: least_conn\n",
			wantLine: 4, wantCol: 14, wantPath: "upstreams.app.balance", wantMsg: "balance least_conn is not supported yet; use round_robin or random"},
		{name: "unknown balance", src: "upstreams:\n  app:\n    targets: [127.0.0.1:9001]\n    balance: fastest\n",
			wantLine: 4, wantCol: 14, wantPath: "upstreams.app.balance", wantMsg: `invalid balance "fastest": use round_robin or random`},
		{name: "idle above connection cap", src: "upstreams:\n  app:\n    targets: [127.0.0.1:9001]\n    pool: {max_idle_per_target: 9, max_connections_per_target: 4}\n",
			wantLine: 4, wantCol: 33, wantPath: "upstreams.app.pool.max_idle_per_target", wantMsg: "9 is larger than max_connections_per_target 4"},
		{name: "duplicate upstream", src: "upstreams:\n  a: {targets: [\"127.0.0.1:1\"]}\n  a: {targets: [\"127.0.0.1:2\"]}\n",
			wantLine: 3, wantCol: 3, wantPath: "upstreams", wantMsg: `duplicate upstream "a" (first at line 2)`},
		{name: "bad upstream name", src: "upstreams:\n  -app:\n    targets: [127.0.0.1:1]\n",
			wantLine: 2, wantCol: 3, wantPath: "upstreams.-app", wantMsg: `invalid upstream name "-app"`},

		// Routes.
		{name: "duplicate route name", src: validTail + "  - name: r\n    match: {path: /x}\n    upstream: app\n",
			wantLine: 8, wantCol: 11, wantPath: "routes[1].name", wantMsg: `duplicate route name "r" (first at line 5)`},
		{name: "unknown upstream", src: strings.Replace(validTail, "upstream: app", "upstream: ap", 1),
			wantLine: 7, wantCol: 15, wantPath: "routes[0].upstream", wantMsg: `unknown upstream "ap": did you mean app? (defined upstreams: app)`},
		{name: "missing upstream", src: strings.Replace(validTail, "    upstream: app\n", "", 1),
			wantLine: 5, wantCol: 5, wantPath: "routes[0].upstream", wantMsg: "missing upstream"},
		{name: "empty upstream", src: strings.Replace(validTail, "upstream: app", "upstream: ''", 1),
			wantLine: 7, wantCol: 15, wantPath: "routes[0].upstream", wantMsg: "empty upstream"},
		{name: "column counts characters", src: strings.Replace(validTail, "{path: /}", "{path: /, headers: [{name: X-A, value: é}, {name: X-B}]}", 1),
			wantLine: 6, wantCol: 55, wantPath: "routes[0].match.headers[1].value", wantMsg: "missing value"},
		{name: "error after multibyte text", src: "# héllo\nengine: {max_connections: ünits}\n",
			wantLine: 2, wantCol: 27, wantPath: "engine.max_connections", wantMsg: `expected an integer, got string "ünits"`},
		{name: "missing name", src: strings.Replace(validTail, "- name: r\n    match", "- match", 1),
			wantLine: 5, wantCol: 5, wantPath: "routes[0].name", wantMsg: "missing name"},
		{name: "missing path", src: strings.Replace(validTail, "{path: /}", "{host: a.example}", 1),
			wantLine: 6, wantCol: 12, wantPath: "routes[0].match.path", wantMsg: "missing path"},
		{name: "missing match", src: strings.Replace(validTail, "    match: {path: /}\n", "", 1),
			wantLine: 5, wantCol: 5, wantPath: "routes[0].match.path", wantMsg: "missing path"},
		{name: "relative path", src: strings.Replace(validTail, "{path: /}", "{path: api}", 1),
			wantLine: 6, wantCol: 19, wantPath: "routes[0].match.path", wantMsg: `invalid path "api": a path must start with '/'`},
		{name: "path with query", src: strings.Replace(validTail, "{path: /}", "{path: /a?b=1}", 1),
			wantLine: 6, wantCol: 19, wantPath: "routes[0].match.path", wantMsg: "a path cannot contain '?'"},
		{name: "dot segment", src: strings.Replace(validTail, "{path: /}", "{path: /a/../b}", 1),
			wantLine: 6, wantCol: 19, wantPath: "routes[0].match.path", wantMsg: `dot segment ".." never matches`},
		{name: "unnamed parameter", src: strings.Replace(validTail, "{path: /}", "{path: '/users/:'}", 1),
			wantLine: 6, wantCol: 19, wantPath: "routes[0].match.path", wantMsg: `segment ":" must be : followed by a name`},
		{name: "wildcard not last", src: strings.Replace(validTail, "{path: /}", "{path: /files/*rest/x}", 1),
			wantLine: 6, wantCol: 19, wantPath: "routes[0].match.path", wantMsg: `wildcard "*rest" must be the last segment`},
		{name: "parameter captured twice", src: strings.Replace(validTail, "{path: /}", "{path: /a/:id/b/:id}", 1),
			wantLine: 6, wantCol: 19, wantPath: "routes[0].match.path", wantMsg: `name "id" is captured twice`},
		{name: "empty segment with merge_slashes", src: strings.Replace(validTail, "{path: /}", "{path: /a//b}\n    merge_slashes: true", 1),
			wantLine: 6, wantCol: 19, wantPath: "routes[0].match.path", wantMsg: "never matches because merge_slashes"},
		{name: "prefix with wildcard", src: strings.Replace(validTail, "{path: /}", "{path: /f/*rest, prefix: true}", 1),
			wantLine: 6, wantCol: 37, wantPath: "routes[0].match.prefix", wantMsg: "prefix: true cannot be combined with the wildcard"},
		{name: "host with port", src: strings.Replace(validTail, "{path: /}", "{path: /, host: api.example.com:8080}", 1),
			wantLine: 6, wantCol: 28, wantPath: "routes[0].match.host", wantMsg: "write the host without a port"},
		{name: "bad wildcard host", src: strings.Replace(validTail, "{path: /}", "{path: /, host: '*example.com'}", 1),
			wantLine: 6, wantCol: 28, wantPath: "routes[0].match.host", wantMsg: `invalid host "*example.com"`},
		{name: "lower-case method", src: strings.Replace(validTail, "{path: /}", "{path: /, methods: [GET, post]}", 1),
			wantLine: 6, wantCol: 37, wantPath: "routes[0].match.methods[1]", wantMsg: `method "post" is not upper-case: write POST`},
		{name: "invalid method", src: strings.Replace(validTail, "{path: /}", "{path: /, methods: ['GE T']}", 1),
			wantLine: 6, wantCol: 32, wantPath: "routes[0].match.methods[0]", wantMsg: `invalid method "GE T"`},
		{name: "duplicate method", src: strings.Replace(validTail, "{path: /}", "{path: /, methods: [GET, PUT, GET]}", 1),
			wantLine: 6, wantCol: 42, wantPath: "routes[0].match.methods[2]", wantMsg: "duplicate method GET"},
		{name: "empty methods", src: strings.Replace(validTail, "{path: /}", "{path: /, methods: []}", 1),
			wantLine: 6, wantCol: 31, wantPath: "routes[0].match.methods", wantMsg: "empty list: list methods"},
		{name: "header without value", src: strings.Replace(validTail, "{path: /}", "{path: /, headers: [{name: X-A}]}", 1),
			wantLine: 6, wantCol: 32, wantPath: "routes[0].match.headers[0].value", wantMsg: "missing value: set value, or present: true"},
		{name: "header value and present", src: strings.Replace(validTail, "{path: /}", "{path: /, headers: [{name: X-A, value: b, present: true}]}", 1),
			wantLine: 6, wantCol: 63, wantPath: "routes[0].match.headers[0].present", wantMsg: "present: true matches any value"},
		{name: "invalid header name", src: strings.Replace(validTail, "{path: /}", "{path: /, headers: [{name: 'X A', present: true}]}", 1),
			wantLine: 6, wantCol: 39, wantPath: "routes[0].match.headers[0].name", wantMsg: `invalid header name "X A"`},
		{name: "duplicate header", src: strings.Replace(validTail, "{path: /}", "{path: /, headers: [{name: X-A, present: true}, {name: x-a, value: b}]}", 1),
			wantLine: 6, wantCol: 67, wantPath: "routes[0].match.headers[1].name", wantMsg: `duplicate header "x-a"`},
		{name: "duplicate query parameter", src: strings.Replace(validTail, "{path: /}", "{path: /, query: [{name: a, value: '1'}, {name: a, value: '2'}]}", 1),
			wantLine: 6, wantCol: 60, wantPath: "routes[0].match.query[1].name", wantMsg: `duplicate query parameter "a"`},
		{name: "strip_prefix not a prefix", src: strings.Replace(validTail, "upstream: app", "upstream: app\n    strip_prefix: /api", 1),
			wantLine: 8, wantCol: 19, wantPath: "routes[0].strip_prefix", wantMsg: `match.path "/" does not start with it`},
		{name: "strip_prefix inside a segment", src: strings.Replace(validTail, "{path: /}\n    upstream: app", "{path: /apiv2/x}\n    upstream: app\n    strip_prefix: /api", 1),
			wantLine: 8, wantCol: 19, wantPath: "routes[0].strip_prefix", wantMsg: "it ends inside a segment"},
		{name: "rewrite with unknown parameter", src: strings.Replace(validTail, "{path: /}\n    upstream: app", "{path: /u/:id}\n    upstream: app\n    rewrite: /v2/:user", 1),
			wantLine: 8, wantCol: 14, wantPath: "routes[0].rewrite", wantMsg: `":user" refers to "user", which match.path does not capture (it captures id)`},
		{name: "rewrite with strip_prefix", src: strings.Replace(validTail, "{path: /}\n    upstream: app", "{path: /a/b}\n    upstream: app\n    strip_prefix: /a\n    rewrite: /c", 1),
			wantLine: 9, wantCol: 14, wantPath: "routes[0].rewrite", wantMsg: "rewrite cannot be combined with strip_prefix"},
		{name: "rewrite with prefix", src: strings.Replace(validTail, "{path: /}\n    upstream: app", "{path: /static, prefix: true}\n    upstream: app\n    rewrite: /assets", 1),
			wantLine: 8, wantCol: 14, wantPath: "routes[0].rewrite", wantMsg: "rewrite needs an exact match.path, but prefix is true"},
		{name: "bad host_rewrite", src: validTail + "    host_rewrite: 'users internal'\n",
			wantLine: 8, wantCol: 19, wantPath: "routes[0].host_rewrite", wantMsg: `invalid host "users internal"`},
		{name: "bad route name", src: strings.Replace(validTail, "name: r", "name: 'r 1'", 1),
			wantLine: 5, wantCol: 11, wantPath: "routes[0].name", wantMsg: `invalid route name "r 1"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			list := parseErrors(t, tt.src)
			if len(list) != 1 {
				t.Fatalf("got %d errors, want 1:\n%v", len(list), list)
			}
			e := list[0]
			if e.Line != tt.wantLine || e.Column != tt.wantCol {
				t.Errorf("position = %d:%d, want %d:%d (error: %v)", e.Line, e.Column, tt.wantLine, tt.wantCol, e)
			}
			if e.Path != tt.wantPath {
				t.Errorf("Path = %q, want %q", e.Path, tt.wantPath)
			}
			if !strings.Contains(e.Msg, tt.wantMsg) {
				t.Errorf("Msg = %q, want it to contain %q", e.Msg, tt.wantMsg)
			}
			if strings.ContainsAny(e.Msg, "\n\x1b") {
				t.Errorf("Msg = %q, want one line without terminal escapes", e.Msg)
			}
			if e.Source != "gatehouse.yaml" {
				t.Errorf("Source = %q, want gatehouse.yaml", e.Source)
			}
		})
	}
}

func TestParseReportsEveryErrorSorted(t *testing.T) {
	const src = `routes:
  - name: r
    match: {path: /x}
    upstream: missing
engine:
  read_header_timeout: 10x
  pollerz: 1
listne: 127.0.0.1:80
auth: {}
upstreams:
  app:
    targets: []
`
	list := parseErrors(t, src)
	want := []string{
		`gatehouse.yaml:4:15: routes[0].upstream: unknown upstream "missing" (defined upstreams: app)`,
		`gatehouse.yaml:6:24: engine.read_header_timeout: invalid duration "10x": use a Go duration such as 10s or 500ms`,
		`gatehouse.yaml:7:3: engine: unknown key "pollerz": did you mean pollers?`,
		`gatehouse.yaml:8:1: unknown key "listne": did you mean listen?`,
		`gatehouse.yaml:9:1: key auth is not supported yet: remove it (requests are forwarded without authentication in this version)`,
		`gatehouse.yaml:12:14: upstreams.app.targets: empty list: list at least one target, such as [{address: 127.0.0.1:9001}]`,
	}
	got := strings.Split(list.Error(), "\n")
	if len(got) != len(want) {
		t.Fatalf("got %d errors, want %d:\n%v", len(got), len(want), list)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("error %d =\n  %s\nwant\n  %s", i, got[i], want[i])
		}
	}
}

func TestParseSkipsDerivedErrors(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want string
	}{
		{
			name: "misspelled required key",
			src:  strings.Replace(validTail, "upstream: app", "upstrem: app", 1),
			want: `gatehouse.yaml:7:5: routes[0]: unknown key "upstrem": did you mean upstream?`,
		},
		{
			name: "misspelled match",
			src:  strings.Replace(validTail, "match:", "mtach:", 1),
			want: `gatehouse.yaml:6:5: routes[0]: unknown key "mtach": did you mean match?`,
		},
		{
			name: "upstreams of the wrong type",
			src:  strings.Replace(validTail, "upstreams:\n  app:\n    targets: [127.0.0.1:9001]", "upstreams: [app]", 1),
			want: `gatehouse.yaml:1:12: upstreams: expected a mapping from upstream names to upstreams, got a list`,
		},
		{
			name: "targets of the wrong type",
			src:  strings.Replace(validTail, "targets: [127.0.0.1:9001]", "targets: 127.0.0.1:9001", 1),
			want: `gatehouse.yaml:3:14: upstreams.app.targets: expected a list, got string "127.0.0.1:9001"`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			list := parseErrors(t, tt.src)
			if got := list.Error(); got != tt.want {
				t.Errorf("errors =\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
}

func TestErrorFormat(t *testing.T) {
	tests := []struct {
		name string
		err  *Error
		want string
	}{
		{name: "full", err: &Error{Source: "g.yaml", Line: 3, Column: 7, Path: "engine.pollers", Msg: "bad"}, want: "g.yaml:3:7: engine.pollers: bad"},
		{name: "no path", err: &Error{Source: "g.yaml", Line: 1, Column: 1, Msg: "bad"}, want: "g.yaml:1:1: bad"},
		{name: "no position", err: &Error{Source: "g.yaml", Path: "listen", Msg: "bad"}, want: "g.yaml: listen: bad"},
		{name: "nothing but message", err: &Error{Msg: "bad"}, want: "bad"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.err.Error(); got != tt.want {
				t.Errorf("Error() = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestErrorListUnwrap(t *testing.T) {
	_, err := Parse("g.yaml", []byte("listne: x\n"))
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("errors.As(%v, *Error) = false, want true", err)
	}
	if e.Line != 1 || e.Column != 1 {
		t.Errorf("first error at %d:%d, want 1:1", e.Line, e.Column)
	}
}

func TestSuggest(t *testing.T) {
	candidates := []string{"listen", "admin", "engine", "max_connections", "read_header_timeout"}
	tests := []struct {
		name string
		want string
	}{
		{name: "listne", want: "listen"},
		{name: "Listen", want: "listen"},
		{name: "admn", want: "admin"},
		{name: "engin", want: "engine"},
		{name: "max_conections", want: "max_connections"},
		{name: "read_header_timeuot", want: "read_header_timeout"},
		{name: "maxconnectio", want: ""},
		{name: "routes", want: ""},
		{name: "", want: ""},
	}
	for _, tt := range tests {
		if got := suggest(tt.name, candidates); got != tt.want {
			t.Errorf("suggest(%q) = %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestEditDistance(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{a: "", b: "", want: 0},
		{a: "abc", b: "", want: 3},
		{a: "", b: "abc", want: 3},
		{a: "kitten", b: "sitting", want: 3},
		{a: "listen", b: "listne", want: 2},
		{a: "pollers", b: "pollerz", want: 1},
	}
	for _, tt := range tests {
		if got := editDistance(tt.a, tt.b); got != tt.want {
			t.Errorf("editDistance(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
}
