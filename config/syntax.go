package config

import (
	"errors"
	"fmt"
	"net"
	"net/netip"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Lexical checks shared by validation: names, HTTP tokens, host names, addresses and path
// characters.

// maxNameLength bounds upstream and route names, which appear in logs and metric labels.
const maxNameLength = 128

// validName reports whether s is a usable upstream or route name: 1 to maxNameLength letters,
// digits, '_', '-' or '.', starting with a letter or digit.
func validName(s string) bool {
	if s == "" || len(s) > maxNameLength || !isAlphanumeric(s[0]) {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !isAlphanumeric(c) && c != '_' && c != '-' && c != '.' {
			return false
		}
	}
	return true
}

// validIdentifier reports whether s can name a path parameter: a letter or '_' followed by
// letters, digits and '_'.
func validIdentifier(s string) bool {
	if s == "" || s[0] >= '0' && s[0] <= '9' {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !isAlphanumeric(c) && c != '_' {
			return false
		}
	}
	return true
}

func isAlphanumeric(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// isToken reports whether s is an HTTP token (RFC 9110 section 5.6.2), the grammar of both
// method and header field names.
func isToken(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !isAlphanumeric(c) && !strings.ContainsRune("!#$%&'*+-.^_`|~", rune(c)) {
			return false
		}
	}
	return true
}

// validFieldValue reports whether s can appear as a header field value (RFC 9110 section
// 5.5): visible characters, obs-text, and inner spaces or tabs. Leading and trailing
// whitespace is excluded because HTTP parsers strip it, so such a value could never match.
func validFieldValue(s string) bool {
	if s != strings.Trim(s, " \t") {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < ' ' && c != '\t' || c == 0x7f {
			return false
		}
	}
	return true
}

// validHostname reports whether s is a DNS host name: dot-separated labels of 1 to 63
// letters, digits, '-' or '_' (used by some internal names), none starting or ending with
// '-', at most 253 bytes in all.
func validHostname(s string) bool {
	if s == "" || len(s) > 253 {
		return false
	}
	for label := range strings.SplitSeq(s, ".") {
		if label == "" || len(label) > 63 || label[0] == '-' || label[len(label)-1] == '-' {
			return false
		}
		for i := 0; i < len(label); i++ {
			if c := label[i]; !isAlphanumeric(c) && c != '-' && c != '_' {
				return false
			}
		}
	}
	return true
}

// validHost reports whether s is a host name or an IP address without a zone.
func validHost(s string) bool {
	if addr, err := netip.ParseAddr(s); err == nil {
		return addr.Zone() == ""
	}
	return validHostname(s)
}

var errPortRange = errors.New("port out of range")

// splitAddress splits "host:port" and parses the port, which must be in minPort..65535.
// The host may be empty; callers decide whether that is allowed.
func splitAddress(s string, minPort int) (host string, port int, err error) {
	host, portText, err := net.SplitHostPort(s)
	if err != nil {
		return "", 0, errors.New("use host:port, such as 127.0.0.1:9001 or [::1]:9001")
	}
	if !isDecimal(portText) || len(portText) > 5 {
		return "", 0, fmt.Errorf("invalid port %s: use a number from %d to 65535", quote(portText), minPort)
	}
	port, _ = strconv.Atoi(portText)
	if port < minPort || port > 65535 {
		return "", 0, fmt.Errorf("%w: port %d is not in %d..65535", errPortRange, port, minPort)
	}
	if host != "" && !validHost(host) {
		return "", 0, fmt.Errorf("invalid host %s: use an IP address or a DNS name", quote(host))
	}
	return host, port, nil
}

// isLoopbackHost reports whether host can only be reached from this machine.
func isLoopbackHost(host string) bool {
	if host == "localhost" {
		return true
	}
	addr, err := netip.ParseAddr(host)
	return err == nil && addr.IsLoopback()
}

// isUnspecifiedHost reports whether a listener on host accepts every local address.
func isUnspecifiedHost(host string) bool {
	if host == "" {
		return true
	}
	addr, err := netip.ParseAddr(host)
	return err == nil && addr.IsUnspecified()
}

// checkPathChars returns an error for the first byte of s that may not appear in a path
// segment (pchar in RFC 3986 section 3.3), or a '%' not followed by two hex digits.
func checkPathChars(s string) error {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '%':
			if i+2 >= len(s) || !isHex(s[i+1]) || !isHex(s[i+2]) {
				return errors.New("'%' must start a percent-encoding such as %20")
			}
			i += 2
		case c == '?':
			return errors.New("a path cannot contain '?': match query parameters with match.query")
		case c == '#':
			return errors.New("a path cannot contain '#': fragments are not sent to servers")
		case !isAlphanumeric(c) && !strings.ContainsRune("-._~!$&'()*+,;=:@", rune(c)):
			r, _ := utf8.DecodeRuneInString(s[i:])
			return fmt.Errorf("invalid character %s: percent-encode it", strconv.QuoteRune(r))
		}
	}
	return nil
}

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}
