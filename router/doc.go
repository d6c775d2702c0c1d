// Package router matches requests to routes by host, path, method, headers and query.
//
// Build compiles a []Route into an immutable Table: one compressed radix tree per host
// bucket, with static edges, a parameter child and wildcard routes at each segment boundary.
// Table.Lookup walks the trees without locking and without allocating. It backtracks along
// parent links, so it needs no stack. A Router publishes the current Table through an
// atomic pointer, so a configuration reload builds a new Table and stores it while lookups
// continue.
//
// Paths are matched after NormalizePath, byte for byte. Route paths must already be in
// normalized form, which Build checks.
//
// # Patterns
//
//	/health              the path "/health" only
//	/users/:id           one non-empty segment: "/users/42" (id=42), not "/users/" or "/users/4/x"
//	/static/*file        the rest of the path: "/static/" (file=""), "/static/css/a.css"
//	/api with Prefix     "/api", "/api/", "/api/v1/x", but not "/apix"
//
// # Precedence
//
// When several routes match a request, the first of these rules that distinguishes them
// decides:
//
//  1. Higher Priority wins. With the default Priority of 0 everywhere, the rules below decide.
//  2. A more specific host wins: an exact host, then a wildcard host (a longer suffix first),
//     then any host. A request for an exact host still reaches wildcard and any-host routes
//     when no route of its own host matches.
//  3. Within a host, segments are compared from the left. At the first segment where the
//     routes differ, a static segment beats a ":param", which beats a "*wildcard". So the
//     route with the longest static prefix wins, and "/users/new" beats "/users/:id".
//  4. A route that ends at the request path (Prefix false) beats a prefix route, and a prefix
//     route is tried only after every longer route below its path failed. So a prefix route
//     for a longer path beats one for a shorter path.
//  5. Among routes with the same pattern, the earlier one in the slice given to Build wins.
//     An explicit HEAD beats a GET route that accepts HEAD implicitly.
//
// Header and query matchers and methods filter routes: a route whose matchers fail is
// skipped, and the search goes on to the next candidate in the order above, backtracking to
// parameter, wildcard and prefix alternatives. If routes matched host, path and matchers but
// none accepts the method, Lookup returns MethodNotAllowed with the Allow list of all of them.
// A route that accepts GET also accepts HEAD (RFC 9110 section 9.3.2).
//
// # Limits
//
// A route has at most MaxParams parameters. A Table distinguishes at most 64 distinct methods
// whose Allow list fits in 256 bytes. Build reports a route set beyond these limits as an
// error.
package router
