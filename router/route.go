package router

import "strconv"

// HeaderMatch is a request-header condition of a Route. The HeaderSource compares the name
// case-insensitively (RFC 9110 section 5.1), and the value is compared byte for byte.
type HeaderMatch struct {
	Name  string
	Value string
	// Prefix matches any value that starts with Value.
	Prefix bool
	// Present matches any value, including an empty one. Value must then be empty.
	Present bool
}

// QueryMatch is a query-parameter condition of a Route. Name and Value are compared with the
// percent-decoded parameter name and value ('+' decodes to a space). Only the first parameter
// with the name counts, as url.Values.Get does.
type QueryMatch struct {
	Name  string
	Value string
	// Present matches the parameter with any value, including "?flag" without '='.
	// Value must then be empty.
	Present bool
}

// Route is one routing rule. Build copies it, so the caller may reuse its Route values
// afterwards, but Handler is stored as given.
type Route struct {
	// Name identifies the route in Build errors. It need not be unique.
	Name string
	// Host is "" (or "*") for any host, "api.example.com" for that host only, or
	// "*.example.com" for every host below example.com (one or more labels, but not
	// example.com itself). Hosts compare case-insensitively and ignore the request's port,
	// so a port in Host is an error.
	Host string
	// Path is the pattern in normalized form (see NormalizePath). A segment ":name" captures
	// one non-empty segment, and a final segment "*name" captures the rest of the path,
	// possibly empty. ':' and '*' are ordinary bytes anywhere else in a segment.
	Path string
	// Prefix also matches every path below Path at a '/' boundary: "/api" matches "/api",
	// "/api/" and "/api/x" but not "/apix". Path must then not end in a wildcard.
	Prefix bool
	// Methods lists the methods the route accepts, case-sensitively (RFC 9110 section 9.1).
	// Empty means any method. A route that accepts GET also accepts HEAD.
	Methods []string
	// Headers must all match.
	Headers []HeaderMatch
	// Query must all match.
	Query []QueryMatch
	// Priority ranks routes that all match one request: the highest wins, and equal
	// priorities fall back to the precedence in the package documentation.
	Priority int
	// Handler is opaque to the router. The engine stores its compiled route here.
	Handler any
}

// HeaderSource gives Lookup the request's header values without allocating.
// HeaderValue compares names case-insensitively and returns the first field value with that
// name: nil when the header is absent and a non-nil, possibly empty, slice when it is present.
type HeaderSource interface {
	HeaderValue(name []byte) []byte
}

// Result is the outcome of a Lookup.
type Result uint8

const (
	// NotFound means no route matched the host, path and matchers.
	NotFound Result = iota
	// Found means a route matched everything, including the method.
	Found
	// MethodNotAllowed means routes matched host, path and matchers but not the method.
	MethodNotAllowed
)

// String returns the result's constant name.
func (r Result) String() string {
	switch r {
	case NotFound:
		return "NotFound"
	case Found:
		return "Found"
	case MethodNotAllowed:
		return "MethodNotAllowed"
	}
	return "Result(" + strconv.Itoa(int(r)) + ")"
}
