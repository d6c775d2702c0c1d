package http1

// Byte classes, one bit each in byteClass. The tables are built from the grammar strings
// below, so each class can be checked against its RFC rule by reading one line.
const (
	// tchar = "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+" / "-" / "." /
	//         "^" / "_" / "`" / "|" / "~" / DIGIT / ALPHA          (RFC 9110 5.6.2)
	// token = 1*tchar; methods, field names and coding names are tokens.
	classToken uint8 = 1 << iota

	// field-vchar = VCHAR / obs-text, plus SP and HTAB inside a value (RFC 9110 5.5).
	// Every CTL other than HTAB (NUL, CR, LF, DEL, ...) is outside the class.
	classFieldValue

	// Bytes of a request-target (RFC 9112 3.2 over RFC 3986 2): unreserved, the
	// reserved gen-delims and sub-delims, and "%" for pct-encoded. "#" is excluded
	// because a request-target has no fragment.
	// NOTE: browsers send some bytes outside this set unescaped in query strings, such
	// as "|", "^", "{", "}" and "`", and those requests are rejected with 400.
	classTarget

	// Bytes of a uri-host with an optional port (RFC 9110 7.2, RFC 3986 3.2.2):
	// unreserved, sub-delims, "%" for pct-encoded, and ":" "[" "]" for ports and
	// IP-literals.
	classHost

	// HEXDIG (RFC 5234 B.1), used by chunk sizes.
	classHex
)

const (
	digitBytes      = "0123456789"
	alphaBytes      = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	tcharSymbols    = "!#$%&'*+-.^_`|~"
	unreservedExtra = "-._~"        // unreserved = ALPHA / DIGIT / "-" / "." / "_" / "~"
	subDelims       = "!$&'()*+,;=" // RFC 3986 2.2
	genDelimsNoHash = ":/?[]@"      // gen-delims without "#"
	hexBytes        = "0123456789ABCDEFabcdef"
)

var byteClass = buildByteClass()

func buildByteClass() [256]uint8 {
	var t [256]uint8
	set := func(class uint8, chars string) {
		for i := 0; i < len(chars); i++ {
			t[chars[i]] |= class
		}
	}

	set(classToken, digitBytes+alphaBytes+tcharSymbols)

	for c := 0x21; c <= 0x7e; c++ { // VCHAR
		t[c] |= classFieldValue
	}
	for c := 0x80; c <= 0xff; c++ { // obs-text
		t[c] |= classFieldValue
	}
	set(classFieldValue, " \t")

	set(classTarget, digitBytes+alphaBytes+unreservedExtra+subDelims+genDelimsNoHash+"%")
	set(classHost, digitBytes+alphaBytes+unreservedExtra+subDelims+"%:[]")
	set(classHex, hexBytes)
	return t
}

// lowerTable maps ASCII upper-case letters to lower case and every other byte to itself.
var lowerTable = buildLowerTable()

func buildLowerTable() [256]byte {
	var t [256]byte
	for i := range t {
		c := byte(i)
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		t[i] = c
	}
	return t
}

func isToken(b []byte) bool {
	if len(b) == 0 {
		return false
	}
	for _, c := range b {
		if byteClass[c]&classToken == 0 {
			return false
		}
	}
	return true
}

// equalFoldLower reports whether b equals lower, ignoring ASCII case. lower must be
// lower case.
func equalFoldLower(b []byte, lower string) bool {
	if len(b) != len(lower) {
		return false
	}
	for i, c := range b {
		if lowerTable[c] != lower[i] {
			return false
		}
	}
	return true
}

// equalFold reports whether a and b are equal, ignoring ASCII case.
func equalFold(a, b []byte) bool {
	if len(a) != len(b) {
		return false
	}
	for i, c := range a {
		if lowerTable[c] != lowerTable[b[i]] {
			return false
		}
	}
	return true
}

func isOWS(c byte) bool { return c == ' ' || c == '\t' }

// trimOWS removes optional whitespace (SP and HTAB, RFC 9110 5.6.3) from both ends.
func trimOWS(b []byte) []byte {
	for len(b) > 0 && isOWS(b[0]) {
		b = b[1:]
	}
	for len(b) > 0 && isOWS(b[len(b)-1]) {
		b = b[:len(b)-1]
	}
	return b
}

// nextListElement splits a comma-separated field value (RFC 9110 5.6.1): it returns the
// first element with OWS trimmed and the rest after the comma. Empty elements are
// returned as empty slices, and callers decide whether to skip them.
func nextListElement(v []byte) (elem, rest []byte) {
	for i, c := range v {
		if c == ',' {
			return trimOWS(v[:i]), v[i+1:]
		}
	}
	return trimOWS(v), nil
}
