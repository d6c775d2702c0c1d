package router

import "errors"

// Errors returned by NormalizePath. Each means the request target is malformed, which calls
// for 400 Bad Request. They carry no position and no client bytes, so returning them never
// allocates.
var (
	// ErrInvalidPath reports a path that does not start with '/', contains a byte outside the
	// RFC 3986 path set (section 3.3), or contains an encoded NUL (%00).
	ErrInvalidPath = errors.New("router: invalid request path")
	// ErrInvalidEscape reports a '%' that is not followed by two hexadecimal digits.
	ErrInvalidEscape = errors.New("router: invalid percent-escape in request path")
	// ErrEncodedSlash reports %2F or %5C in a path normalized without AllowEncodedSlash.
	ErrEncodedSlash = errors.New("router: encoded slash or backslash in request path")
)

// NormalizeOptions selects the optional steps of NormalizePath. The zero value keeps
// repeated slashes and rejects encoded slashes.
type NormalizeOptions struct {
	// MergeSlashes collapses runs of '/' into one, so "/a//b" becomes "/a/b".
	MergeSlashes bool
	// AllowEncodedSlash keeps %2F and %5C (uppercased, still encoded, so they never split a
	// segment) instead of rejecting the path with ErrEncodedSlash.
	AllowEncodedSlash bool
}

// NormalizePath normalizes the raw path of an origin-form request target (the part before '?')
// and appends the result to dst. Its steps:
//
//   - decodes percent-escapes of unreserved bytes (RFC 3986 section 2.3: ALPHA DIGIT - . _ ~)
//     and uppercases the hexadecimal digits of every other escape (section 6.2.2.1).
//   - removes "." and ".." segments (section 5.2.4), including ones spelled with %2E.
//   - merges repeated slashes when opts.MergeSlashes is set.
//   - keeps a trailing slash.
//
// It rejects a path that does not start with '/' and any byte outside the path set
// (section 3.3: pchar and '/'), such as a space, '?', '#', '\' or a byte >= 0x80, with
// ErrInvalidPath. It also rejects %00 with ErrInvalidPath, a malformed escape with
// ErrInvalidEscape, and %2F or %5C with ErrEncodedSlash unless opts.AllowEncodedSlash is set.
// The asterisk-form target "*" (RFC 9112 section 3.2.4) is appended unchanged.
//
// On error it returns dst with its original length. The output is idempotent: normalizing it
// again with the same options returns the same bytes. NormalizePath allocates only when dst
// lacks capacity, and len(raw) bytes of spare capacity always suffice.
func NormalizePath(dst, raw []byte, opts NormalizeOptions) ([]byte, error) {
	if len(raw) == 1 && raw[0] == '*' {
		return append(dst, '*'), nil
	}
	if len(raw) == 0 || raw[0] != '/' {
		return dst, ErrInvalidPath
	}

	base := len(dst)
	out := dst
	i := 0
	for i < len(raw) {
		// raw[i] is the '/' that opens the next segment.
		segStart := len(out)
		out = append(out, '/')
		var err error
		out, i, err = appendSegment(out, raw, i+1, opts)
		if err != nil {
			return dst, err
		}
		out = resolveSegment(out, base, segStart, i == len(raw), opts.MergeSlashes)
	}
	return out, nil
}

// appendSegment decodes raw[i:] up to the next raw '/' into out and returns the index of that
// '/' (or len(raw)).
func appendSegment(out, raw []byte, i int, opts NormalizeOptions) ([]byte, int, error) {
	for i < len(raw) {
		c := raw[i]
		switch {
		case c == '/':
			return out, i, nil
		case c == '%':
			if i+2 >= len(raw) {
				return out, i, ErrInvalidEscape
			}
			hi, lo := unhex(raw[i+1]), unhex(raw[i+2])
			if hi > 0xF || lo > 0xF {
				return out, i, ErrInvalidEscape
			}
			b := hi<<4 | lo
			switch {
			case b == 0:
				return out, i, ErrInvalidPath
			case pathBytes[b]&unreserved != 0:
				out = append(out, b)
			case (b == '/' || b == '\\') && !opts.AllowEncodedSlash:
				return out, i, ErrEncodedSlash
			default:
				out = append(out, '%', upperHex[hi], upperHex[lo])
			}
			i += 3
		case pathBytes[c] != 0:
			out = append(out, c)
			i++
		default:
			return out, i, ErrInvalidPath
		}
	}
	return out, i, nil
}

// resolveSegment applies dot-segment removal and slash merging to the segment that starts
// with the '/' at out[segStart]. Output before base belongs to the caller and is never touched.
// A removed segment that ends the path leaves its '/' behind, so "/a/." and "/a/b/.." both
// become "/a/", as RFC 3986 section 5.2.4 produces.
func resolveSegment(out []byte, base, segStart int, last, mergeSlashes bool) []byte {
	seg := out[segStart+1:]
	switch {
	case len(seg) == 0 && mergeSlashes && !last:
		return out[:segStart]
	case len(seg) == 1 && seg[0] == '.':
		if last {
			return out[:segStart+1]
		}
		return out[:segStart]
	case len(seg) == 2 && seg[0] == '.' && seg[1] == '.':
		out = out[:segStart]
		// Drop the previous segment with its leading '/'. At the root there is none to drop.
		for len(out) > base {
			c := out[len(out)-1]
			out = out[:len(out)-1]
			if c == '/' {
				break
			}
		}
		if last {
			out = append(out, '/')
		}
		return out
	}
	return out
}

const upperHex = "0123456789ABCDEF"

// unhex returns the value of a hexadecimal digit, or 0xFF for any other byte.
func unhex(c byte) byte {
	switch {
	case '0' <= c && c <= '9':
		return c - '0'
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10
	case 'A' <= c && c <= 'F':
		return c - 'A' + 10
	}
	return 0xFF
}

// Classes of pathBytes.
const (
	unreserved = 1 << iota // RFC 3986 section 2.3: ALPHA / DIGIT / "-" / "." / "_" / "~"
	subDelim               // section 2.2: "!" / "$" / "&" / "'" / "(" / ")" / "*" / "+" / "," / ";" / "="
	pcharOther             // section 3.3: the ":" and "@" of pchar
)

// pathBytes classifies the bytes that may appear unescaped in a path segment
// (RFC 3986 section 3.3: pchar = unreserved / pct-encoded / sub-delims / ":" / "@").
// A zero entry is a byte that must be percent-encoded.
var pathBytes = func() (table [256]uint8) {
	for c := 'a'; c <= 'z'; c++ {
		table[c] = unreserved
	}
	for c := 'A'; c <= 'Z'; c++ {
		table[c] = unreserved
	}
	for c := '0'; c <= '9'; c++ {
		table[c] = unreserved
	}
	for _, c := range "-._~" {
		table[c] = unreserved
	}
	for _, c := range "!$&'()*+,;=" {
		table[c] = subDelim
	}
	table[':'] = pcharOther
	table['@'] = pcharOther
	return table
}()
