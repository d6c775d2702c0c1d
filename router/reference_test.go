package router

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// TestLookupMatchesReference compares Lookup with a brute-force model of the documented
// precedence over random route sets and requests. The model matches every route on its own
// and sorts the matches by priority, host specificity, the per-position rank of the pattern
// (exact end < static byte < parameter < wildcard < prefix end), explicit HEAD, and
// declaration order.
func TestLookupMatchesReference(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for iteration := range 1500 {
		routes := randomRoutes(rng)
		table := mustBuild(t, routes)
		for range 30 {
			host := randomChoice(rng, []string{"a.example.com", "B.example.com:8080", "x.a.example.com", "other.org", ""})
			path := randomPath(rng)
			method := randomChoice(rng, []string{"GET", "HEAD", "POST", "DELETE"})
			hs := headers("X-A", randomChoice(rng, []string{"1", "2"}))

			want := referenceLookup(routes, host, path, method, hs)
			var p Params
			route, res, allow := table.Lookup([]byte(host), []byte(path), []byte(method), hs, nil, &p)
			got := formatOutcome(route, res, formatParams(&p), string(allow))
			if got != want {
				t.Fatalf("iteration %d: %s %s%s:\n got  %s\n want %s\nroutes:\n%s", iteration, method, host, path, got, want, describeRoutes(routes))
			}
		}
	}
}

func randomChoice[T any](rng *rand.Rand, options []T) T {
	return options[rng.IntN(len(options))]
}

// randomRoutes returns up to eight valid, non-duplicate routes over a small alphabet, so that
// routes often overlap.
func randomRoutes(rng *rand.Rand) []Route {
	var routes []Route
	for i := range 8 {
		r := Route{Name: fmt.Sprintf("r%d", i), Path: randomPattern(rng)}
		r.Prefix = !strings.Contains(r.Path, "*") && rng.IntN(4) == 0
		r.Host = randomChoice(rng, []string{"", "", "a.example.com", "*.example.com", "*.a.example.com"})
		switch rng.IntN(4) {
		case 0:
			r.Methods = []string{"GET"}
		case 1:
			r.Methods = []string{"POST"}
		case 2:
			r.Methods = []string{"HEAD", "DELETE"}
		}
		if rng.IntN(4) == 0 {
			r.Headers = []HeaderMatch{{Name: "X-A", Value: randomChoice(rng, []string{"1", "2"})}}
		}
		if rng.IntN(5) == 0 {
			r.Priority = rng.IntN(3) - 1
		}
		candidate := append(slices.Clone(routes), r)
		if _, err := Build(candidate); err == nil {
			routes = candidate
		} else if !errors.Is(err, ErrDuplicateRoute) {
			panic(err)
		}
	}
	return routes
}

func randomPattern(rng *rand.Rand) string {
	var b strings.Builder
	segments := 1 + rng.IntN(3)
	for i := range segments {
		b.WriteByte('/')
		switch n := rng.IntN(7); {
		case n == 0:
			fmt.Fprintf(&b, ":p%d", i)
		case n == 1 && i == segments-1:
			b.WriteString("*w")
			return b.String()
		default:
			b.WriteString(randomChoice(rng, []string{"a", "b", "ab", ""}))
		}
	}
	if rng.IntN(4) == 0 {
		b.WriteByte('/')
	}
	return b.String()
}

func randomPath(rng *rand.Rand) string {
	var b strings.Builder
	for range 1 + rng.IntN(4) {
		b.WriteByte('/')
		b.WriteString(randomChoice(rng, []string{"a", "b", "ab", "c", ""}))
	}
	return b.String()
}

// referenceMatch is one route that matched host, path and headers in the model.
type referenceMatch struct {
	index    int
	hostRank int
	key      []int
	params   string
}

func referenceLookup(routes []Route, host, path, method string, hs testHeaders) string {
	var matches []referenceMatch
	for i := range routes {
		r := &routes[i]
		hostRank, ok := referenceHostRank(r.Host, host)
		if !ok || !referenceHeaders(r, hs) {
			continue
		}
		key, params, ok := referencePath(r, path)
		if !ok {
			continue
		}
		matches = append(matches, referenceMatch{index: i, hostRank: hostRank, key: key, params: params})
	}

	var found []referenceMatch
	allow := map[string]bool{}
	for _, m := range matches {
		methods := routes[m.index].Methods
		viaGet := method == "HEAD" && slices.Contains(methods, "GET") && !slices.Contains(methods, "HEAD")
		if len(methods) == 0 || slices.Contains(methods, method) || viaGet {
			found = append(found, m)
			continue
		}
		for _, name := range methods {
			allow[name] = true
			if name == "GET" {
				allow["HEAD"] = true
			}
		}
	}
	if len(found) == 0 {
		names := make([]string, 0, len(allow))
		for name := range allow {
			names = append(names, name)
		}
		slices.Sort(names)
		if len(names) == 0 {
			return formatOutcome(nil, NotFound, "", "")
		}
		return formatOutcome(nil, MethodNotAllowed, "", strings.Join(names, ", "))
	}

	explicit := func(m referenceMatch) int {
		methods := routes[m.index].Methods
		if method == "HEAD" && len(methods) > 0 && !slices.Contains(methods, "HEAD") {
			return 1
		}
		return 0
	}
	best := slices.MinFunc(found, func(a, b referenceMatch) int {
		if d := routes[b.index].Priority - routes[a.index].Priority; d != 0 {
			return d
		}
		if d := a.hostRank - b.hostRank; d != 0 {
			return d
		}
		if d := slices.Compare(a.key, b.key); d != 0 {
			return d
		}
		if d := explicit(a) - explicit(b); d != 0 {
			return d
		}
		return a.index - b.index
	})
	return formatOutcome(&routes[best.index], Found, best.params, "")
}

// referenceHostRank ranks an exact host 0, a wildcard host by how few bytes its suffix has
// (longer suffixes first), and any host last.
func referenceHostRank(pattern, host string) (int, bool) {
	host = strings.ToLower(host)
	if i := strings.IndexByte(host, ':'); i >= 0 {
		host = host[:i]
	}
	switch {
	case pattern == "":
		return 1000, true
	case strings.HasPrefix(pattern, "*."):
		suffix := pattern[1:]
		return 500 - len(suffix), len(host) > len(suffix) && strings.HasSuffix(host, suffix)
	}
	return 0, host == pattern
}

func referenceHeaders(r *Route, hs testHeaders) bool {
	for _, h := range r.Headers {
		if string(hs.HeaderValue([]byte(h.Name))) != h.Value {
			return false
		}
	}
	return true
}

// referencePath matches one route against path and returns its precedence key: per static
// byte 1, per parameter 2, for a wildcard 3, and at the end 0 for an exact route or 4 for a
// prefix route.
func referencePath(r *Route, path string) ([]int, string, bool) {
	parts, err := parsePattern(r.Path)
	if err != nil {
		panic(err)
	}
	var key []int
	var params []string
	pos := 0
	for _, p := range parts {
		switch p.kind {
		case partStatic:
			if !strings.HasPrefix(path[pos:], p.text) {
				return nil, "", false
			}
			for range p.text {
				key = append(key, 1)
			}
			pos += len(p.text)
		case partParam:
			end := pos + segmentLen([]byte(path[pos:]))
			if end == pos {
				return nil, "", false
			}
			key = append(key, 2)
			params = append(params, p.text+"="+path[pos:end])
			pos = end
		case partWildcard:
			key = append(key, 3)
			params = append(params, p.text+"="+path[pos:])
			return key, strings.Join(params, " "), true
		}
	}
	switch {
	case !r.Prefix && pos == len(path):
		key = append(key, 0)
	case r.Prefix && (pos == len(path) || path[pos] == '/' || strings.HasSuffix(r.Path, "/")):
		key = append(key, 4)
	default:
		return nil, "", false
	}
	return key, strings.Join(params, " "), true
}

func formatOutcome(route *Route, res Result, params, allow string) string {
	name := "-"
	if route != nil {
		name = route.Name
	}
	return fmt.Sprintf("%v route=%s params=%q allow=%q", res, name, params, allow)
}

func describeRoutes(routes []Route) string {
	var b strings.Builder
	for _, r := range routes {
		fmt.Fprintf(&b, "  %s host=%q path=%q prefix=%t methods=%v headers=%v priority=%d\n",
			r.Name, r.Host, r.Path, r.Prefix, r.Methods, r.Headers, r.Priority)
	}
	return b.String()
}
