package router

import (
	"bytes"
	"fmt"
	"strings"
)

// partKind selects what a part of a path pattern matches.
type partKind uint8

const (
	partStatic   partKind = iota // the exact bytes of text
	partParam                    // one non-empty segment, captured under the name in text
	partWildcard                 // the rest of the path, captured under the name in text
)

// part is one piece of a parsed path pattern. A static part that follows a parameter starts
// with '/', and a parameter or wildcard always follows a static part that ends with '/'.
type part struct {
	kind partKind
	text string
}

// parsePattern splits a route path into static parts, parameters and a final wildcard, and
// checks that the path is in the normalized form that Lookup receives.
func parsePattern(path string) ([]part, error) {
	if path == "" || path[0] != '/' {
		return nil, fmt.Errorf("path %q must start with '/'", path)
	}
	if err := checkNormalized(path); err != nil {
		return nil, err
	}

	var parts []part
	seen := make(map[string]bool)
	staticStart := 0
	for i := 0; i < len(path); i++ {
		if path[i] != '/' || i+1 >= len(path) || (path[i+1] != ':' && path[i+1] != '*') {
			continue
		}
		start := i + 1
		end := len(path)
		if j := strings.IndexByte(path[start:], '/'); j >= 0 {
			end = start + j
		}
		name := path[start+1 : end]
		kind := partParam
		if path[start] == '*' {
			kind = partWildcard
		}
		if err := checkParamName(path, name, kind); err != nil {
			return nil, err
		}
		if seen[name] {
			return nil, fmt.Errorf("path %q: parameter name %q is used twice; rename one of them", path, name)
		}
		seen[name] = true
		if kind == partWildcard && end != len(path) {
			return nil, fmt.Errorf("path %q: wildcard %q must be the last segment", path, path[start:end])
		}

		parts = append(parts, part{kind: partStatic, text: path[staticStart:start]}, part{kind: kind, text: name})
		staticStart = end
		i = end - 1
	}
	if staticStart < len(path) {
		parts = append(parts, part{kind: partStatic, text: path[staticStart:]})
	}
	if len(seen) > MaxParams {
		return nil, fmt.Errorf("path %q has %d parameters, over the limit of %d", path, len(seen), MaxParams)
	}
	return parts, nil
}

// checkNormalized rejects a route path that NormalizePath would change, because such a route
// could never match a normalized request path.
func checkNormalized(path string) error {
	normalized, err := NormalizePath(nil, []byte(path), NormalizeOptions{AllowEncodedSlash: true})
	if err != nil {
		return fmt.Errorf("path %q: %w", path, err)
	}
	if string(normalized) != path {
		return fmt.Errorf("path %q is not in normalized form; write it as %q", path, normalized)
	}
	return nil
}

// checkParamName accepts names made of ASCII letters, digits and '_' that do not start with a
// digit, so that names read the same in configuration, logs and header templates.
func checkParamName(path, name string, kind partKind) error {
	sigil := ":"
	if kind == partWildcard {
		sigil = "*"
	}
	if name == "" {
		return fmt.Errorf("path %q: %q needs a parameter name, as in %q", path, sigil, sigil+"id")
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		letter := c == '_' || ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z')
		digit := '0' <= c && c <= '9'
		if !letter && !(digit && i > 0) {
			return fmt.Errorf("path %q: invalid parameter name %q; use ASCII letters, digits and '_', not starting with a digit", path, name)
		}
	}
	return nil
}

// patternKey returns the path with parameter names removed, so "/u/:id" and "/u/:uid", which
// match the same requests, get the same key.
func patternKey(parts []part) string {
	var b strings.Builder
	for _, p := range parts {
		switch p.kind {
		case partStatic:
			b.WriteString(p.text)
		case partParam:
			b.WriteByte(':')
		case partWildcard:
			b.WriteByte('*')
		}
	}
	return b.String()
}

// paramNames lists the parameter names of a pattern in path order.
func paramNames(parts []part) []string {
	var names []string
	for _, p := range parts {
		if p.kind != partStatic {
			names = append(names, p.text)
		}
	}
	return names
}

// segmentLen returns the length of the segment at the start of b, up to the next '/'.
func segmentLen(b []byte) int {
	if i := bytes.IndexByte(b, '/'); i >= 0 {
		return i
	}
	return len(b)
}
