package router

import (
	"fmt"
	"strings"
)

// maxHostLen is the longest host name that can match a route host: 253 bytes is the DNS
// limit (RFC 1035 section 2.3.4 as read in RFC 2181 section 11), and a bracketed IPv6 literal
// is at most 47 bytes. Request hosts are lowercased into a stack buffer of this size.
const maxHostLen = 255

// hostKind is the bucket a route host belongs to.
type hostKind uint8

const (
	hostAny      hostKind = iota // "" or "*"
	hostExact                    // "api.example.com" or "[::1]"
	hostWildcard                 // "*.example.com"
)

// parseRouteHost validates a Route.Host and returns its bucket and lowercase key: the host
// itself for hostExact, and the suffix with its leading dot (".example.com") for hostWildcard.
// A trailing dot (the absolute form "example.com.") is removed.
func parseRouteHost(host string) (hostKind, string, error) {
	if host == "" || host == "*" {
		return hostAny, "", nil
	}
	name := strings.TrimSuffix(strings.ToLower(host), ".")

	if rest, ok := strings.CutPrefix(name, "*."); ok {
		if err := checkHostName(host, rest); err != nil {
			return 0, "", err
		}
		return hostWildcard, "." + rest, nil
	}
	if strings.HasPrefix(name, "[") {
		if err := checkIPv6Literal(host, name); err != nil {
			return 0, "", err
		}
		return hostExact, name, nil
	}
	if err := checkHostName(host, name); err != nil {
		return 0, "", err
	}
	return hostExact, name, nil
}

// checkHostName accepts a DNS name of letters, digits, '-' and '_' (seen in service names)
// with non-empty labels of at most 63 bytes. An IPv4 address passes as a name.
func checkHostName(host, name string) error {
	if strings.Contains(name, ":") {
		return fmt.Errorf("host %q must not include a port; requests match on any port", host)
	}
	if strings.Contains(name, "*") {
		return fmt.Errorf("host %q: '*' is allowed only as the whole first label, as in \"*.example.com\"", host)
	}
	if len(name) == 0 || len(name) > 253 {
		return fmt.Errorf("host %q: a host name must have 1 to 253 bytes", host)
	}
	for label := range strings.SplitSeq(name, ".") {
		if label == "" || len(label) > 63 {
			return fmt.Errorf("host %q: every label must have 1 to 63 bytes", host)
		}
		for i := 0; i < len(label); i++ {
			c := label[i]
			if !('a' <= c && c <= 'z') && !('0' <= c && c <= '9') && c != '-' && c != '_' {
				return fmt.Errorf("host %q: invalid byte %q; use letters, digits, '-', '_' and '.'", host, c)
			}
		}
	}
	return nil
}

// checkIPv6Literal accepts "[...]" with hexadecimal digits, ':' and '.' inside (RFC 3986
// section 3.2.2). It checks the alphabet only, not the address syntax.
func checkIPv6Literal(host, name string) error {
	inner, ok := strings.CutSuffix(name[1:], "]")
	if !ok {
		return fmt.Errorf("host %q: an IPv6 literal must end with ']' and carry no port", host)
	}
	if inner == "" || len(inner) > 45 {
		return fmt.Errorf("host %q: invalid IPv6 literal", host)
	}
	for i := 0; i < len(inner); i++ {
		c := inner[i]
		if unhex(c) > 0xF && c != ':' && c != '.' {
			return fmt.Errorf("host %q: invalid IPv6 literal", host)
		}
	}
	return nil
}

// requestHost lowercases a Host header value into buf and strips its port and trailing dot.
// It returns nil when the host is empty or longer than any route host can be.
func requestHost(buf *[maxHostLen]byte, host []byte) []byte {
	host = stripPort(host)
	if n := len(host); n > 0 && host[n-1] == '.' {
		host = host[:n-1]
	}
	if len(host) == 0 || len(host) > len(buf) {
		return nil
	}
	for i, c := range host {
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf[i] = c
	}
	return buf[:len(host)]
}

// stripPort removes ":port" from "host:port" and "[v6]:port" (RFC 9110 section 7.2).
func stripPort(host []byte) []byte {
	if len(host) > 0 && host[0] == '[' {
		for i, c := range host {
			if c == ']' {
				return host[:i+1]
			}
		}
		return host
	}
	for i, c := range host {
		if c == ':' {
			return host[:i]
		}
	}
	return host
}
