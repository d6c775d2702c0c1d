package http1

import "bytes"

// parseTarget splits r.Target by its form (RFC 9112 3.2) into Path, Query and, for the
// absolute-form, Host. start is the target's offset in the arena, for error offsets.
// Every byte is already known to be in the request-target class.
func (r *Request) parseTarget(start int) error {
	t := r.Target
	switch {
	case t[0] == '/': // origin-form = absolute-path [ "?" query ]
		r.Path, r.Query = splitQuery(t)
		return nil
	case len(t) == 1 && t[0] == '*': // asterisk-form, only for OPTIONS (RFC 9112 3.2.4)
		if r.Method != MethodOptions {
			return newError(ErrInvalidTarget, 400, start)
		}
		r.Path = t
		return nil
	case r.Method == MethodConnect: // authority-form, only for CONNECT (RFC 9112 3.2.3)
		if !validAuthorityForm(t) {
			return newError(ErrInvalidTarget, 400, start)
		}
		r.Path = t[:0]
		return nil
	}
	return r.parseAbsoluteForm(start)
}

// splitQuery splits an origin-form target at its first "?".
func splitQuery(t []byte) (path, query []byte) {
	for i, c := range t {
		if c == '?' {
			return t[:i:i], t[i+1:]
		}
	}
	return t, nil
}

// parseAbsoluteForm accepts absolute-form targets of the http and https schemes
// (RFC 9112 3.2.2), compared without regard to case (RFC 3986 3.1). The authority
// becomes Host, replacing any Host field as RFC 9112 3.2.2 requires of a proxy.
// An empty host is invalid for these schemes (RFC 9110 4.2.1). Userinfo is rejected,
// because RFC 9110 4.2.4 deprecates it and has recipients treat it as an error.
func (r *Request) parseAbsoluteForm(start int) error {
	t := r.Target
	var rest []byte
	switch {
	case len(t) > len("http://") && equalFoldLower(t[:len("http://")], "http://"):
		rest = t[len("http://"):]
	case len(t) > len("https://") && equalFoldLower(t[:len("https://")], "https://"):
		rest = t[len("https://"):]
	default:
		return newError(ErrInvalidTarget, 400, start)
	}

	authorityEnd := len(rest)
	for i, c := range rest {
		if c == '/' || c == '?' {
			authorityEnd = i
			break
		}
	}
	authority := rest[:authorityEnd:authorityEnd]
	if len(authority) == 0 || authority[0] == ':' || !validHost(authority) {
		return newError(ErrInvalidTarget, 400, start+len(t)-len(rest))
	}
	r.Host = authority

	pathAndQuery := rest[authorityEnd:]
	if len(pathAndQuery) > 0 && pathAndQuery[0] == '/' {
		r.Path, r.Query = splitQuery(pathAndQuery)
		return nil
	}
	// No path: RFC 9110 4.2.3 makes it equivalent to "/". The "/" is the last slash of
	// the scheme's "://", so Path still points into the arena.
	// NOTE: RFC 9112 3.2.4 wants "*" forwarded for such an OPTIONS request without a
	// query; Path is "/" for it too.
	slash := len(t) - len(rest) - 1
	r.Path = t[slash : slash+1 : slash+1]
	if len(pathAndQuery) > 0 { // it starts with "?"
		r.Query = pathAndQuery[1:]
	}
	return nil
}

// validAuthorityForm checks authority-form = uri-host ":" port (RFC 9112 3.2.3), where
// the port is required.
func validAuthorityForm(t []byte) bool {
	colon := lastColonOutsideBrackets(t)
	return colon > 0 && colon < len(t)-1 && validHost(t)
}

// validHost checks Host = uri-host [ ":" port ] (RFC 9110 7.2), where uri-host is an
// IP-literal in brackets or a reg-name / IPv4address, and port = *DIGIT. An empty value
// is valid, because RFC 9112 3.2 has clients send an empty Host when the target URI has
// no authority. Percent-encodings are checked for shape only.
func validHost(h []byte) bool {
	for _, c := range h {
		if byteClass[c]&classHost == 0 {
			return false
		}
	}
	if len(h) == 0 {
		return true
	}

	var hostEnd int // index of the ":" before the port, or len(h)
	if h[0] == '[' {
		closing := bytes.IndexByte(h, ']')
		if closing < 0 || !validIPLiteral(h[1:closing]) {
			return false
		}
		hostEnd = closing + 1
		if hostEnd < len(h) && h[hostEnd] != ':' {
			return false
		}
	} else {
		hostEnd = bytes.IndexByte(h, ':')
		if hostEnd < 0 {
			hostEnd = len(h)
		}
		if !validRegName(h[:hostEnd]) {
			return false
		}
	}

	if hostEnd < len(h) { // ":" port
		for _, c := range h[hostEnd+1:] {
			if !isDigit(c) {
				return false
			}
		}
	}
	return true
}

// validRegName checks reg-name = *( unreserved / pct-encoded / sub-delims ).
func validRegName(b []byte) bool {
	for i := 0; i < len(b); i++ {
		switch b[i] {
		case '[', ']', ':':
			return false
		case '%':
			if i+2 >= len(b) || byteClass[b[i+1]]&classHex == 0 || byteClass[b[i+2]]&classHex == 0 {
				return false
			}
			i += 2
		}
	}
	return true
}

// validIPLiteral checks the inside of "[ ]" (RFC 3986 3.2.2): an IPvFuture, or hex
// digits, ":" and "." for IPv6 and IPv4-mapped addresses. The IPv6 check covers the
// alphabet, not the address grammar, and zone identifiers (RFC 6874) are rejected.
func validIPLiteral(b []byte) bool {
	if len(b) == 0 {
		return false
	}
	if b[0] == 'v' || b[0] == 'V' {
		return validIPvFuture(b[1:])
	}
	for _, c := range b {
		if byteClass[c]&classHex == 0 && c != ':' && c != '.' {
			return false
		}
	}
	return true
}

func lastColonOutsideBrackets(b []byte) int {
	for i := len(b) - 1; i >= 0; i-- {
		switch b[i] {
		case ':':
			return i
		case ']':
			return -1
		}
	}
	return -1
}

// validIPvFuture checks what follows the "v" of
// IPvFuture = "v" 1*HEXDIG "." 1*( unreserved / sub-delims / ":" ).
func validIPvFuture(b []byte) bool {
	i := 0
	for i < len(b) && byteClass[b[i]]&classHex != 0 {
		i++
	}
	if i == 0 || i >= len(b)-1 || b[i] != '.' {
		return false
	}
	for _, c := range b[i+1:] {
		if c == '%' || c == '[' || c == ']' {
			return false
		}
	}
	return true
}
