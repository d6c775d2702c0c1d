package http1

import (
	"strconv"
	"unicode/utf8"
)

// AppendLocalReply appends a complete HTTP/1.1 response that the gateway generates
// itself (a 404, 429 or 502, for example): the status line, Content-Type:
// application/json, Content-Length, Connection: close when closeConn is true, the extra
// field lines (each already ending in CRLF, such as a Date or Retry-After), the empty
// line, and the body {"error":"<msg>","status":<code>} with msg escaped as a JSON
// string. When head is true (a reply to HEAD) the body is left out but Content-Length
// still gives its size, as RFC 9110 8.6 and 9.3.2 allow.
//
// A reply to a request whose body was not read must either be followed by draining
// that body or carry close, so that the body is never parsed as the next request.
func AppendLocalReply(dst []byte, code int, msg string, closeConn, head bool, extra []byte) []byte {
	dst = AppendStatusLine(dst, code)
	dst = append(dst, "Content-Type: application/json\r\nContent-Length: "...)
	dst = strconv.AppendInt(dst, int64(localReplyBodyLen(code, msg)), 10)
	dst = append(dst, "\r\n"...)
	if closeConn {
		dst = append(dst, "Connection: close\r\n"...)
	}
	dst = append(dst, extra...)
	dst = append(dst, "\r\n"...)
	if head {
		return dst
	}
	dst = append(dst, `{"error":"`...)
	dst = appendJSONString(dst, msg)
	dst = append(dst, `","status":`...)
	dst = strconv.AppendInt(dst, int64(code), 10)
	return append(dst, '}')
}

func localReplyBodyLen(code int, msg string) int {
	return len(`{"error":"`) + jsonStringLen(msg) + len(`","status":`) + decimalLen(code) + len(`}`)
}

func decimalLen(n int) int {
	l := 1
	if n < 0 {
		l++
		n = -n
	}
	for n >= 10 {
		n /= 10
		l++
	}
	return l
}

const hexDigits = "0123456789abcdef"

// appendJSONString appends s as the inside of a JSON string (RFC 8259 7): quote and
// backslash are escaped, control characters use their short escape or \u00XX, and
// invalid UTF-8 becomes \ufffd so the output is always valid UTF-8.
func appendJSONString(dst []byte, s string) []byte {
	for i := 0; i < len(s); {
		c := s[i]
		if c >= utf8.RuneSelf {
			r, size := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && size == 1 {
				dst = append(dst, `\ufffd`...)
			} else {
				dst = append(dst, s[i:i+size]...)
			}
			i += size
			continue
		}
		switch {
		case c == '"' || c == '\\':
			dst = append(dst, '\\', c)
		case c == '\n':
			dst = append(dst, '\\', 'n')
		case c == '\r':
			dst = append(dst, '\\', 'r')
		case c == '\t':
			dst = append(dst, '\\', 't')
		case c < 0x20:
			dst = append(dst, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
		default:
			dst = append(dst, c)
		}
		i++
	}
	return dst
}

// jsonStringLen returns len(appendJSONString(nil, s)) without building it.
func jsonStringLen(s string) int {
	n := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c >= utf8.RuneSelf {
			r, size := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && size == 1 {
				n += len(`\ufffd`)
			} else {
				n += size
			}
			i += size
			continue
		}
		switch {
		case c == '"' || c == '\\' || c == '\n' || c == '\r' || c == '\t':
			n += 2
		case c < 0x20:
			n += 6
		default:
			n++
		}
		i++
	}
	return n
}
