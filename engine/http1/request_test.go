package http1

import (
	"errors"
	"strings"
	"testing"
)

func parseHead(t *testing.T, head string, lim *Limits) (*Request, error) {
	t.Helper()
	r := &Request{}
	return r, r.Parse([]byte(head), lim)
}

func TestRequestParseBrowserHead(t *testing.T) {
	r, err := parseHead(t, browserHead, nil)
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	checks := []struct {
		name string
		got  any
		want any
	}{
		{name: "Method", got: r.Method, want: MethodGet},
		{name: "MethodName", got: string(r.MethodName), want: "GET"},
		{name: "Target", got: string(r.Target), want: "/api/v1/users/42/orders?page=2&sort=desc"},
		{name: "Path", got: string(r.Path), want: "/api/v1/users/42/orders"},
		{name: "Query", got: string(r.Query), want: "page=2&sort=desc"},
		{name: "ProtoMinor", got: r.ProtoMinor, want: 1},
		{name: "Host", got: string(r.Host), want: "api.example.com"},
		{name: "ContentLength", got: r.ContentLength, want: int64(-1)},
		{name: "Chunked", got: r.Chunked, want: false},
		{name: "KeepAlive", got: r.KeepAlive, want: true},
		{name: "HasBody", got: r.HasBody(), want: false},
		{name: "HeadLen", got: r.HeadLen, want: len(browserHead)},
		{name: "len(Headers)", got: len(r.Headers), want: 10},
		{name: "Header(HeaderHost)", got: string(r.Header(HeaderHost)), want: "api.example.com"},
		{name: "HeaderValue(user-agent)", got: strings.HasPrefix(string(r.HeaderValue([]byte("user-agent"))), "Mozilla/5.0"), want: true},
		{name: "HeaderValue(COOKIE)", got: string(r.HeaderValue([]byte("COOKIE"))), want: "session=8f14e45fceea167a; theme=dark"},
		{name: "HeaderValue(absent)", got: r.HeaderValue([]byte("X-Absent")) == nil, want: true},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s = %v, want %v", c.name, c.got, c.want)
		}
	}
}

func TestRequestParseTargetForms(t *testing.T) {
	tests := []struct {
		name      string
		head      string
		wantPath  string
		wantQuery string
		wantNilQ  bool
		wantHost  string
	}{
		{name: "origin-form", head: "GET /a/b HTTP/1.1\r\nHost: h\r\n\r\n", wantPath: "/a/b", wantNilQ: true, wantHost: "h"},
		{name: "origin-form with query", head: "GET /a?x=1&y HTTP/1.1\r\nHost: h\r\n\r\n", wantPath: "/a", wantQuery: "x=1&y", wantHost: "h"},
		{name: "empty query", head: "GET /a? HTTP/1.1\r\nHost: h\r\n\r\n", wantPath: "/a", wantQuery: "", wantHost: "h"},
		{name: "query with second question mark", head: "GET /a?b?c HTTP/1.1\r\nHost: h\r\n\r\n", wantPath: "/a", wantQuery: "b?c", wantHost: "h"},
		{name: "absolute-form", head: "GET http://origin.example:8080/p/q?z=9 HTTP/1.1\r\nHost: ignored\r\n\r\n", wantPath: "/p/q", wantQuery: "z=9", wantHost: "origin.example:8080"},
		{name: "absolute-form https upper-case scheme", head: "GET HTTPS://Origin.Example/p HTTP/1.1\r\nHost: x\r\n\r\n", wantPath: "/p", wantNilQ: true, wantHost: "Origin.Example"},
		{name: "absolute-form without path", head: "GET http://origin.example HTTP/1.1\r\nHost: x\r\n\r\n", wantPath: "/", wantNilQ: true, wantHost: "origin.example"},
		{name: "absolute-form query without path", head: "GET http://origin.example?q=1 HTTP/1.1\r\nHost: x\r\n\r\n", wantPath: "/", wantQuery: "q=1", wantHost: "origin.example"},
		{name: "absolute-form IPv6", head: "GET http://[::1]:80/ HTTP/1.1\r\nHost: x\r\n\r\n", wantPath: "/", wantNilQ: true, wantHost: "[::1]:80"},
		{name: "OPTIONS asterisk", head: "OPTIONS * HTTP/1.1\r\nHost: h\r\n\r\n", wantPath: "*", wantNilQ: true, wantHost: "h"},
		{name: "CONNECT authority-form", head: "CONNECT origin.example:443 HTTP/1.1\r\nHost: origin.example:443\r\n\r\n", wantPath: "", wantNilQ: true, wantHost: "origin.example:443"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := parseHead(t, tt.head, nil)
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if string(r.Path) != tt.wantPath {
				t.Errorf("Path = %q, want %q", r.Path, tt.wantPath)
			}
			if tt.wantNilQ && r.Query != nil {
				t.Errorf("Query = %q, want nil", r.Query)
			}
			if !tt.wantNilQ && (r.Query == nil || string(r.Query) != tt.wantQuery) {
				t.Errorf("Query = %q (nil %v), want %q", r.Query, r.Query == nil, tt.wantQuery)
			}
			if string(r.Host) != tt.wantHost {
				t.Errorf("Host = %q, want %q", r.Host, tt.wantHost)
			}
			if !insideArena(r.arena, r.Path) || !insideArena(r.arena, r.Query) || !insideArena(r.arena, r.Host) {
				t.Errorf("Path, Query or Host points outside the arena")
			}
		})
	}
}

func TestRequestParseAccepts(t *testing.T) {
	tests := []struct {
		name      string
		head      string
		wantMeth  Method
		wantMinor int
		wantCL    int64
		wantChunk bool
	}{
		{name: "unknown method token", head: "PURGE /x HTTP/1.1\r\nHost: h\r\n\r\n", wantMeth: MethodOther, wantMinor: 1, wantCL: -1},
		{name: "lower-case method is other", head: "get /x HTTP/1.1\r\nHost: h\r\n\r\n", wantMeth: MethodOther, wantMinor: 1, wantCL: -1},
		{name: "HTTP/1.0 without Host", head: "GET / HTTP/1.0\r\n\r\n", wantMeth: MethodGet, wantMinor: 0, wantCL: -1},
		{name: "HTTP/1.9 as 1.1", head: "GET / HTTP/1.9\r\nHost: h\r\n\r\n", wantMeth: MethodGet, wantMinor: 1, wantCL: -1},
		{name: "leading empty lines", head: "\r\n\r\nGET / HTTP/1.1\r\nHost: h\r\n\r\n", wantMeth: MethodGet, wantMinor: 1, wantCL: -1},
		{name: "content-length", head: "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 12\r\n\r\n", wantMeth: MethodPost, wantMinor: 1, wantCL: 12},
		{name: "content-length leading zeros", head: "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 007\r\n\r\n", wantMeth: MethodPost, wantMinor: 1, wantCL: 7},
		{name: "content-length max int64", head: "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 9223372036854775807\r\n\r\n", wantMeth: MethodPost, wantMinor: 1, wantCL: 9223372036854775807},
		{name: "identical content-length lines", head: "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\nContent-Length: 5\r\n\r\n", wantMeth: MethodPost, wantMinor: 1, wantCL: 5},
		{name: "identical content-length list", head: "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 5, 5\r\n\r\n", wantMeth: MethodPost, wantMinor: 1, wantCL: 5},
		{name: "chunked", head: "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n", wantMeth: MethodPost, wantMinor: 1, wantCL: -1, wantChunk: true},
		{name: "chunked mixed case with OWS", head: "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: \t ChUnKeD \t\r\n\r\n", wantMeth: MethodPost, wantMinor: 1, wantCL: -1, wantChunk: true},
		{name: "chunked with empty list elements", head: "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: , chunked ,\r\n\r\n", wantMeth: MethodPost, wantMinor: 1, wantCL: -1, wantChunk: true},
		{name: "empty host value", head: "GET / HTTP/1.1\r\nHost:\r\n\r\n", wantMeth: MethodGet, wantMinor: 1, wantCL: -1},
		{name: "obs-text in value", head: "GET / HTTP/1.1\r\nHost: h\r\nX-Name: caf\xc3\xa9\r\n\r\n", wantMeth: MethodGet, wantMinor: 1, wantCL: -1},
		{name: "tab inside value", head: "GET / HTTP/1.1\r\nHost: h\r\nX-Tab: a\tb\r\n\r\n", wantMeth: MethodGet, wantMinor: 1, wantCL: -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := parseHead(t, tt.head, nil)
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if r.Method != tt.wantMeth {
				t.Errorf("Method = %d, want %d", r.Method, tt.wantMeth)
			}
			if r.ProtoMinor != tt.wantMinor {
				t.Errorf("ProtoMinor = %d, want %d", r.ProtoMinor, tt.wantMinor)
			}
			if r.ContentLength != tt.wantCL {
				t.Errorf("ContentLength = %d, want %d", r.ContentLength, tt.wantCL)
			}
			if r.Chunked != tt.wantChunk {
				t.Errorf("Chunked = %v, want %v", r.Chunked, tt.wantChunk)
			}
			if r.HeadLen != len(tt.head) {
				t.Errorf("HeadLen = %d, want %d", r.HeadLen, len(tt.head))
			}
		})
	}
}

// TestRequestParseRejects holds one case per framing and syntax rule that Parse
// enforces, with the status of the response the server sends.
func TestRequestParseRejects(t *testing.T) {
	const hostLine = "Host: h\r\n"
	tests := []struct {
		name       string
		head       string
		wantKind   error
		wantStatus int
	}{
		// RFC 9112 6.1: Content-Length together with Transfer-Encoding (CL.TE and TE.CL).
		{name: "CL then TE", head: "POST / HTTP/1.1\r\n" + hostLine + "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n", wantKind: ErrContentLengthAndTransferEncoding, wantStatus: 400},
		{name: "TE then CL", head: "POST / HTTP/1.1\r\n" + hostLine + "Transfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n", wantKind: ErrContentLengthAndTransferEncoding, wantStatus: 400},
		{name: "CL with TE gzip", head: "POST / HTTP/1.1\r\n" + hostLine + "Content-Length: 5\r\nTransfer-Encoding: gzip\r\n\r\n", wantKind: ErrContentLengthAndTransferEncoding, wantStatus: 400},

		// RFC 9110 8.6: malformed Content-Length.
		{name: "CL plus sign", head: "POST / HTTP/1.1\r\n" + hostLine + "Content-Length: +5\r\n\r\n", wantKind: ErrInvalidContentLength, wantStatus: 400},
		{name: "CL minus sign", head: "POST / HTTP/1.1\r\n" + hostLine + "Content-Length: -1\r\n\r\n", wantKind: ErrInvalidContentLength, wantStatus: 400},
		{name: "CL inner space", head: "POST / HTTP/1.1\r\n" + hostLine + "Content-Length: 1 0\r\n\r\n", wantKind: ErrInvalidContentLength, wantStatus: 400},
		{name: "CL hex", head: "POST / HTTP/1.1\r\n" + hostLine + "Content-Length: 0x10\r\n\r\n", wantKind: ErrInvalidContentLength, wantStatus: 400},
		{name: "CL empty", head: "POST / HTTP/1.1\r\n" + hostLine + "Content-Length: \r\n\r\n", wantKind: ErrInvalidContentLength, wantStatus: 400},
		{name: "CL empty list element", head: "POST / HTTP/1.1\r\n" + hostLine + "Content-Length: 5,\r\n\r\n", wantKind: ErrInvalidContentLength, wantStatus: 400},
		{name: "CL overflow", head: "POST / HTTP/1.1\r\n" + hostLine + "Content-Length: 9223372036854775808\r\n\r\n", wantKind: ErrInvalidContentLength, wantStatus: 400},
		{name: "CL very long", head: "POST / HTTP/1.1\r\n" + hostLine + "Content-Length: 100000000000000000000000\r\n\r\n", wantKind: ErrInvalidContentLength, wantStatus: 400},

		// RFC 9110 8.6: differing Content-Length values.
		{name: "CL lines differ", head: "POST / HTTP/1.1\r\n" + hostLine + "Content-Length: 5\r\nContent-Length: 6\r\n\r\n", wantKind: ErrConflictingContentLength, wantStatus: 400},
		{name: "CL list differs", head: "POST / HTTP/1.1\r\n" + hostLine + "Content-Length: 5, 6\r\n\r\n", wantKind: ErrConflictingContentLength, wantStatus: 400},

		// RFC 9112 6.1 and 6.3: Transfer-Encoding other than a single final chunked.
		{name: "TE gzip", head: "POST / HTTP/1.1\r\n" + hostLine + "Transfer-Encoding: gzip\r\n\r\n", wantKind: ErrUnsupportedTransferEncoding, wantStatus: 400},
		{name: "TE identity", head: "POST / HTTP/1.1\r\n" + hostLine + "Transfer-Encoding: identity\r\n\r\n", wantKind: ErrUnsupportedTransferEncoding, wantStatus: 400},
		{name: "TE chunked then gzip", head: "POST / HTTP/1.1\r\n" + hostLine + "Transfer-Encoding: chunked, gzip\r\n\r\n", wantKind: ErrUnsupportedTransferEncoding, wantStatus: 400},
		{name: "TE chunked then gzip line", head: "POST / HTTP/1.1\r\n" + hostLine + "Transfer-Encoding: chunked\r\nTransfer-Encoding: gzip\r\n\r\n", wantKind: ErrUnsupportedTransferEncoding, wantStatus: 400},
		{name: "TE gzip then chunked", head: "POST / HTTP/1.1\r\n" + hostLine + "Transfer-Encoding: gzip, chunked\r\n\r\n", wantKind: ErrUnsupportedTransferEncoding, wantStatus: 501},
		{name: "TE chunked twice", head: "POST / HTTP/1.1\r\n" + hostLine + "Transfer-Encoding: chunked, chunked\r\n\r\n", wantKind: ErrUnsupportedTransferEncoding, wantStatus: 400},
		{name: "TE chunked on two lines", head: "POST / HTTP/1.1\r\n" + hostLine + "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n", wantKind: ErrUnsupportedTransferEncoding, wantStatus: 400},
		{name: "TE empty", head: "POST / HTTP/1.1\r\n" + hostLine + "Transfer-Encoding: \r\n\r\n", wantKind: ErrUnsupportedTransferEncoding, wantStatus: 400},
		{name: "TE chunked with parameter", head: "POST / HTTP/1.1\r\n" + hostLine + "Transfer-Encoding: chunked;q=1\r\n\r\n", wantKind: ErrUnsupportedTransferEncoding, wantStatus: 400},
		{name: "TE quoted parameter", head: "POST / HTTP/1.1\r\n" + hostLine + "Transfer-Encoding: x;a=\"b,c\", chunked\r\n\r\n", wantKind: ErrUnsupportedTransferEncoding, wantStatus: 400},
		{name: "TE space inside token", head: "POST / HTTP/1.1\r\n" + hostLine + "Transfer-Encoding: chun ked\r\n\r\n", wantKind: ErrUnsupportedTransferEncoding, wantStatus: 400},
		{name: "TE vertical tab", head: "POST / HTTP/1.1\r\n" + hostLine + "Transfer-Encoding: \x0bchunked\r\n\r\n", wantKind: ErrInvalidHeaderValue, wantStatus: 400},
		{name: "TE in HTTP/1.0", head: "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n", wantKind: ErrUnsupportedTransferEncoding, wantStatus: 400},

		// RFC 9112 5.1, 5.2 and 2.2: field line syntax.
		{name: "obs-fold", head: "GET / HTTP/1.1\r\n" + hostLine + "X-A: b\r\n c\r\n\r\n", wantKind: ErrObsFold, wantStatus: 400},
		{name: "obs-fold with tab", head: "GET / HTTP/1.1\r\n" + hostLine + "X-A: b\r\n\tc\r\n\r\n", wantKind: ErrObsFold, wantStatus: 400},
		{name: "whitespace before first field", head: "GET / HTTP/1.1\r\n Host: h\r\n\r\n", wantKind: ErrObsFold, wantStatus: 400},
		{name: "bare CR in value", head: "GET / HTTP/1.1\r\n" + hostLine + "X-A: b\rc\r\n\r\n", wantKind: ErrBareCR, wantStatus: 400},
		{name: "bare CR line ending", head: "GET / HTTP/1.1\r\n" + hostLine + "X-A: b\r\r\n\r\n", wantKind: ErrBareCR, wantStatus: 400},
		{name: "bare CR in request line", head: "GET / HTTP/1.1\r" + hostLine + "\r\n", wantKind: ErrBareCR, wantStatus: 400},
		{name: "bare LF line ending", head: "GET / HTTP/1.1\r\n" + hostLine + "X-A: b\n\r\n", wantKind: ErrBareLF, wantStatus: 400},
		{name: "bare LF after request line", head: "GET / HTTP/1.1\nHost: h\r\n\r\n", wantKind: ErrBareLF, wantStatus: 400},
		{name: "space before colon", head: "GET / HTTP/1.1\r\n" + hostLine + "X-A : b\r\n\r\n", wantKind: ErrSpaceBeforeColon, wantStatus: 400},
		{name: "tab before colon", head: "GET / HTTP/1.1\r\n" + hostLine + "Transfer-Encoding\t: chunked\r\n\r\n", wantKind: ErrSpaceBeforeColon, wantStatus: 400},
		{name: "empty name", head: "GET / HTTP/1.1\r\n" + hostLine + ": b\r\n\r\n", wantKind: ErrEmptyHeaderName, wantStatus: 400},
		{name: "name with slash", head: "GET / HTTP/1.1\r\n" + hostLine + "X/A: b\r\n\r\n", wantKind: ErrInvalidHeaderName, wantStatus: 400},
		{name: "name with space inside", head: "GET / HTTP/1.1\r\n" + hostLine + "X A: b\r\n\r\n", wantKind: ErrInvalidHeaderName, wantStatus: 400},
		{name: "name with NUL", head: "GET / HTTP/1.1\r\n" + hostLine + "X\x00A: b\r\n\r\n", wantKind: ErrInvalidHeaderName, wantStatus: 400},
		{name: "name with obs-text", head: "GET / HTTP/1.1\r\n" + hostLine + "X\xc3\xa9: b\r\n\r\n", wantKind: ErrInvalidHeaderName, wantStatus: 400},
		{name: "line without colon", head: "GET / HTTP/1.1\r\n" + hostLine + "NoColon\r\n\r\n", wantKind: ErrInvalidHeaderName, wantStatus: 400},
		{name: "NUL in value", head: "GET / HTTP/1.1\r\n" + hostLine + "X-A: b\x00c\r\n\r\n", wantKind: ErrInvalidHeaderValue, wantStatus: 400},
		{name: "DEL in value", head: "GET / HTTP/1.1\r\n" + hostLine + "X-A: b\x7fc\r\n\r\n", wantKind: ErrInvalidHeaderValue, wantStatus: 400},
		{name: "escape in value", head: "GET / HTTP/1.1\r\n" + hostLine + "X-A: \x1b[31m\r\n\r\n", wantKind: ErrInvalidHeaderValue, wantStatus: 400},
		{name: "invalid connection option", head: "GET / HTTP/1.1\r\n" + hostLine + "Connection: a/b\r\n\r\n", wantKind: ErrInvalidHeaderValue, wantStatus: 400},

		// RFC 9112 3: request line.
		{name: "method with invalid byte", head: "GE(T / HTTP/1.1\r\n" + hostLine + "\r\n", wantKind: ErrInvalidMethod, wantStatus: 400},
		{name: "empty method", head: " / HTTP/1.1\r\n" + hostLine + "\r\n", wantKind: ErrInvalidRequestLine, wantStatus: 400},
		{name: "double space after method", head: "GET  / HTTP/1.1\r\n" + hostLine + "\r\n", wantKind: ErrInvalidRequestLine, wantStatus: 400},
		{name: "double space after target", head: "GET /  HTTP/1.1\r\n" + hostLine + "\r\n", wantKind: ErrInvalidRequestLine, wantStatus: 400},
		{name: "tab separator", head: "GET\t/ HTTP/1.1\r\n" + hostLine + "\r\n", wantKind: ErrInvalidMethod, wantStatus: 400},
		{name: "HTTP/0.9 request", head: "GET /\r\n\r\n", wantKind: ErrInvalidRequestLine, wantStatus: 400},
		{name: "trailing space after version", head: "GET / HTTP/1.1 \r\n" + hostLine + "\r\n", wantKind: ErrInvalidRequestLine, wantStatus: 400},
		{name: "lower-case version", head: "GET / http/1.1\r\n" + hostLine + "\r\n", wantKind: ErrInvalidRequestLine, wantStatus: 400},
		{name: "two-digit minor", head: "GET / HTTP/1.10\r\n" + hostLine + "\r\n", wantKind: ErrInvalidRequestLine, wantStatus: 400},
		{name: "HTTP/2.0", head: "GET / HTTP/2.0\r\n" + hostLine + "\r\n", wantKind: ErrUnsupportedVersion, wantStatus: 505},
		{name: "HTTP/3.0", head: "GET / HTTP/3.0\r\n" + hostLine + "\r\n", wantKind: ErrUnsupportedVersion, wantStatus: 505},
		{name: "HTTP/0.9 version", head: "GET / HTTP/0.9\r\n" + hostLine + "\r\n", wantKind: ErrUnsupportedVersion, wantStatus: 505},
		{name: "h2 preface", head: "PRI * HTTP/2.0\r\n\r\n", wantKind: ErrUnsupportedVersion, wantStatus: 505},

		// RFC 9112 3.2 over RFC 3986: request-target bytes and forms.
		{name: "space in target", head: "GET /a b HTTP/1.1\r\n" + hostLine + "\r\n", wantKind: ErrInvalidRequestLine, wantStatus: 400},
		{name: "quote in target", head: "GET /a\"b HTTP/1.1\r\n" + hostLine + "\r\n", wantKind: ErrInvalidTarget, wantStatus: 400},
		{name: "fragment in target", head: "GET /a#b HTTP/1.1\r\n" + hostLine + "\r\n", wantKind: ErrInvalidTarget, wantStatus: 400},
		{name: "backslash in target", head: "GET /a\\b HTTP/1.1\r\n" + hostLine + "\r\n", wantKind: ErrInvalidTarget, wantStatus: 400},
		{name: "brace in target", head: "GET /a?{b} HTTP/1.1\r\n" + hostLine + "\r\n", wantKind: ErrInvalidTarget, wantStatus: 400},
		{name: "NUL in target", head: "GET /a\x00 HTTP/1.1\r\n" + hostLine + "\r\n", wantKind: ErrInvalidTarget, wantStatus: 400},
		{name: "obs-text in target", head: "GET /caf\xc3\xa9 HTTP/1.1\r\n" + hostLine + "\r\n", wantKind: ErrInvalidTarget, wantStatus: 400},
		{name: "relative target", head: "GET a/b HTTP/1.1\r\n" + hostLine + "\r\n", wantKind: ErrInvalidTarget, wantStatus: 400},
		{name: "asterisk with GET", head: "GET * HTTP/1.1\r\n" + hostLine + "\r\n", wantKind: ErrInvalidTarget, wantStatus: 400},
		{name: "other scheme", head: "GET ftp://h/a HTTP/1.1\r\n" + hostLine + "\r\n", wantKind: ErrInvalidTarget, wantStatus: 400},
		{name: "absolute-form userinfo", head: "GET http://user@h/a HTTP/1.1\r\n" + hostLine + "\r\n", wantKind: ErrInvalidTarget, wantStatus: 400},
		{name: "absolute-form empty host", head: "GET http:///a HTTP/1.1\r\n" + hostLine + "\r\n", wantKind: ErrInvalidTarget, wantStatus: 400},
		{name: "absolute-form port only", head: "GET http://:80/a HTTP/1.1\r\n" + hostLine + "\r\n", wantKind: ErrInvalidTarget, wantStatus: 400},
		{name: "CONNECT without port", head: "CONNECT h HTTP/1.1\r\n" + hostLine + "\r\n", wantKind: ErrInvalidTarget, wantStatus: 400},
		{name: "authority-form with GET", head: "GET h:443 HTTP/1.1\r\n" + hostLine + "\r\n", wantKind: ErrInvalidTarget, wantStatus: 400},

		// RFC 9112 3.2: Host.
		{name: "HTTP/1.1 without Host", head: "GET / HTTP/1.1\r\nX-A: b\r\n\r\n", wantKind: ErrMissingHost, wantStatus: 400},
		{name: "absolute-form without Host", head: "GET http://h/ HTTP/1.1\r\n\r\n", wantKind: ErrMissingHost, wantStatus: 400},
		{name: "two Host lines", head: "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", wantKind: ErrMultipleHost, wantStatus: 400},
		{name: "two identical Host lines", head: "GET / HTTP/1.1\r\nHost: a\r\nhost: a\r\n\r\n", wantKind: ErrMultipleHost, wantStatus: 400},
		{name: "Host list", head: "GET / HTTP/1.1\r\nHost: a, b\r\n\r\n", wantKind: ErrInvalidHost, wantStatus: 400},
		{name: "Host with userinfo", head: "GET / HTTP/1.1\r\nHost: u@a\r\n\r\n", wantKind: ErrInvalidHost, wantStatus: 400},
		{name: "Host with path", head: "GET / HTTP/1.1\r\nHost: a/b\r\n\r\n", wantKind: ErrInvalidHost, wantStatus: 400},
		{name: "Host bad port", head: "GET / HTTP/1.1\r\nHost: a:8x\r\n\r\n", wantKind: ErrInvalidHost, wantStatus: 400},
		{name: "Host unclosed bracket", head: "GET / HTTP/1.1\r\nHost: [::1\r\n\r\n", wantKind: ErrInvalidHost, wantStatus: 400},
		{name: "Host bad percent", head: "GET / HTTP/1.1\r\nHost: a%zz\r\n\r\n", wantKind: ErrInvalidHost, wantStatus: 400},

		// Parse on bytes that HeadEnd did not measure.
		{name: "unterminated head", head: "GET / HTTP/1.1\r\nHost: h\r\n", wantKind: ErrIncompleteHead, wantStatus: 400},
		{name: "empty input", head: "", wantKind: ErrIncompleteHead, wantStatus: 400},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := parseHead(t, tt.head, nil)
			wantProtocolError(t, err, tt.wantKind, tt.wantStatus)
		})
	}
}

func TestRequestParseLimits(t *testing.T) {
	manyFields := "GET / HTTP/1.1\r\nHost: h\r\n" + strings.Repeat("X-A: b\r\n", 10) + "\r\n"
	longTarget := "GET /" + strings.Repeat("a", 99) + " HTTP/1.1\r\nHost: h\r\n\r\n"
	tests := []struct {
		name       string
		head       string
		lim        *Limits
		wantKind   error
		wantStatus int
		wantLimit  int
	}{
		{name: "header bytes over limit", head: browserHead, lim: &Limits{MaxHeaderBytes: len(browserHead) - 1}, wantKind: ErrHeaderTooLarge, wantStatus: 431, wantLimit: len(browserHead) - 1},
		{name: "header bytes at limit", head: browserHead, lim: &Limits{MaxHeaderBytes: len(browserHead)}},
		{name: "header bytes default", head: "GET / HTTP/1.1\r\nHost: h\r\nX-Big: " + strings.Repeat("v", DefaultMaxHeaderBytes) + "\r\n\r\n", wantKind: ErrHeaderTooLarge, wantStatus: 431, wantLimit: DefaultMaxHeaderBytes},
		{name: "header count over limit", head: manyFields, lim: &Limits{MaxHeaderCount: 10}, wantKind: ErrTooManyHeaders, wantStatus: 431, wantLimit: 10},
		{name: "header count at limit", head: manyFields, lim: &Limits{MaxHeaderCount: 11}},
		{name: "header count default", head: "GET / HTTP/1.1\r\nHost: h\r\n" + strings.Repeat("X-A: b\r\n", DefaultMaxHeaderCount) + "\r\n", wantKind: ErrTooManyHeaders, wantStatus: 431, wantLimit: DefaultMaxHeaderCount},
		{name: "target over limit", head: longTarget, lim: &Limits{MaxURIBytes: 99}, wantKind: ErrURITooLong, wantStatus: 414, wantLimit: 99},
		{name: "target at limit", head: longTarget, lim: &Limits{MaxURIBytes: 100}},
		{name: "target default", head: "GET /" + strings.Repeat("a", DefaultMaxURIBytes) + " HTTP/1.1\r\nHost: h\r\n\r\n", wantKind: ErrURITooLong, wantStatus: 414, wantLimit: DefaultMaxURIBytes},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := parseHead(t, tt.head, tt.lim)
			if tt.wantKind == nil {
				if err != nil {
					t.Fatalf("Parse: %v, want nil", err)
				}
				return
			}
			wantProtocolError(t, err, tt.wantKind, tt.wantStatus)
			var e *Error
			if errors.As(err, &e) && e.Limit != tt.wantLimit {
				t.Errorf("Limit = %d, want %d", e.Limit, tt.wantLimit)
			}
		})
	}
}

func TestRequestKeepAlive(t *testing.T) {
	tests := []struct {
		name       string
		version    string
		connection string
		want       bool
	}{
		{name: "1.1 default", version: "HTTP/1.1", want: true},
		{name: "1.1 close", version: "HTTP/1.1", connection: "close", want: false},
		{name: "1.1 Close upper-case", version: "HTTP/1.1", connection: "Close", want: false},
		{name: "1.1 close in list", version: "HTTP/1.1", connection: "upgrade, close", want: false},
		{name: "1.1 keep-alive", version: "HTTP/1.1", connection: "keep-alive", want: true},
		{name: "1.1 keep-alive and close", version: "HTTP/1.1", connection: "keep-alive, close", want: false},
		{name: "1.0 default", version: "HTTP/1.0", want: false},
		{name: "1.0 keep-alive", version: "HTTP/1.0", connection: "keep-alive", want: true},
		{name: "1.0 Keep-Alive mixed case", version: "HTTP/1.0", connection: "Keep-Alive", want: true},
		{name: "1.0 keep-alive and close", version: "HTTP/1.0", connection: "keep-alive, close", want: false},
		{name: "1.0 other option", version: "HTTP/1.0", connection: "x-other", want: false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			head := "GET / " + tt.version + "\r\nHost: h\r\n"
			if tt.connection != "" {
				head += "Connection: " + tt.connection + "\r\n"
			}
			r, err := parseHead(t, head+"\r\n", nil)
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if r.KeepAlive != tt.want {
				t.Errorf("KeepAlive = %v, want %v", r.KeepAlive, tt.want)
			}
		})
	}
}

func TestRequestHopByHop(t *testing.T) {
	head := "GET / HTTP/1.1\r\n" +
		"Host: h\r\n" +
		"Connection: X-Secret, host, Authorization, x-forwarded-for, content-length, keep-alive, X-Missing\r\n" +
		"Authorization: Bearer t\r\n" +
		"X-Forwarded-For: 10.0.0.1\r\n" +
		"Content-Length: 0\r\n" +
		"X-Secret: s\r\n" +
		"x-secret: s2\r\n" +
		"Keep-Alive: timeout=5\r\n" +
		"TE: trailers\r\n" +
		"Trailer: X-T\r\n" +
		"Upgrade: websocket\r\n" +
		"Proxy-Connection: keep-alive\r\n" +
		"Proxy-Authorization: Basic x\r\n" +
		"Proxy-Authenticate: Basic\r\n" +
		"X-Plain: p\r\n" +
		"\r\n"
	r, err := parseHead(t, head, nil)
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	want := map[string]bool{
		"Host": false, "Connection": true, "Authorization": false, "X-Forwarded-For": false,
		"Content-Length": false, "X-Secret": true, "x-secret": true, "Keep-Alive": true, "TE": true,
		"Trailer": true, "Upgrade": true, "Proxy-Connection": true, "Proxy-Authorization": true,
		"Proxy-Authenticate": true, "X-Plain": false,
	}
	if len(r.Headers) != len(want) {
		t.Fatalf("len(Headers) = %d, want %d", len(r.Headers), len(want))
	}
	for _, h := range r.Headers {
		if got := h.HopByHop; got != want[string(h.Name)] {
			t.Errorf("%s HopByHop = %v, want %v", h.Name, got, want[string(h.Name)])
		}
	}
}

func TestRequestHopByHopTransferEncoding(t *testing.T) {
	r, err := parseHead(t, "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n", nil)
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	if !r.Headers[1].HopByHop {
		t.Errorf("Transfer-Encoding HopByHop = false, want true")
	}
}

func TestRequestExpect(t *testing.T) {
	tests := []struct {
		name      string
		version   string
		expect    string
		want100   bool
		wantOther bool
	}{
		{name: "100-continue", version: "HTTP/1.1", expect: "100-continue", want100: true},
		{name: "100-continue mixed case", version: "HTTP/1.1", expect: "100-Continue", want100: true},
		{name: "other expectation", version: "HTTP/1.1", expect: "x-fancy", wantOther: true},
		{name: "both", version: "HTTP/1.1", expect: "100-continue, x-fancy", want100: true, wantOther: true},
		{name: "1.0 ignores 100-continue", version: "HTTP/1.0", expect: "100-continue"},
		{name: "empty value", version: "HTTP/1.1", expect: ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := parseHead(t, "PUT /u "+tt.version+"\r\nHost: h\r\nContent-Length: 3\r\nExpect: "+tt.expect+"\r\n\r\n", nil)
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if r.Expect100 != tt.want100 {
				t.Errorf("Expect100 = %v, want %v", r.Expect100, tt.want100)
			}
			if r.ExpectOther != tt.wantOther {
				t.Errorf("ExpectOther = %v, want %v", r.ExpectOther, tt.wantOther)
			}
		})
	}
}

func TestRequestParsePipelinedHead(t *testing.T) {
	second := "GET /second HTTP/1.1\r\nHost: h\r\n\r\n"
	buf := []byte(browserHead + second)
	end, next, err := HeadEnd(buf, 0, 0)
	if err != nil {
		t.Fatalf("HeadEnd: %v", err)
	}
	if end != len(browserHead) || next != end {
		t.Fatalf("HeadEnd = (%d, %d), want (%d, %d)", end, next, len(browserHead), len(browserHead))
	}
	r := &Request{}
	if err := r.Parse(buf[:end], nil); err != nil {
		t.Fatalf("Parse first: %v", err)
	}
	if string(r.Path) != "/api/v1/users/42/orders" {
		t.Errorf("first Path = %q", r.Path)
	}

	end2, _, err := HeadEnd(buf[end:], 0, 0)
	if err != nil || end2 != len(second) {
		t.Fatalf("HeadEnd second = (%d, %v), want (%d, nil)", end2, err, len(second))
	}
}

func TestRequestParseCopiesHead(t *testing.T) {
	buf := []byte(browserHead)
	r := &Request{}
	if err := r.Parse(buf, nil); err != nil {
		t.Fatalf("Parse: %v", err)
	}
	for i := range buf {
		buf[i] = 'Z' // the caller reuses its buffer
	}
	if string(r.Host) != "api.example.com" {
		t.Errorf("Host after overwriting input = %q, want api.example.com", r.Host)
	}
	for _, h := range r.Headers {
		if !insideArena(r.arena, h.Name) || !insideArena(r.arena, h.Value) {
			t.Errorf("header %q points outside the arena", h.Name)
		}
	}
}

func TestRequestReuseClearsState(t *testing.T) {
	r := AcquireRequest()
	defer ReleaseRequest(r)
	if err := r.Parse([]byte("POST /a?q HTTP/1.1\r\nHost: h\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n"), nil); err != nil {
		t.Fatalf("Parse first: %v", err)
	}
	if err := r.Parse([]byte("GET /b HTTP/1.0\r\n\r\n"), nil); err != nil {
		t.Fatalf("Parse second: %v", err)
	}
	if got := requestSummary(r, nil); got != "1 \"GET\" \"/b\" \"/b\" \"\" 1.0 host=\"\" cl=-1 chunked=false ka=false e100=false eother=false len=19\n" {
		t.Errorf("second request = %s", got)
	}
	if r.Query != nil {
		t.Errorf("Query = %q, want nil", r.Query)
	}
}

func TestRequestSlicesCannotGrowIntoArena(t *testing.T) {
	r, err := parseHead(t, "GET /p?q HTTP/1.1\r\nHost: h\r\nX-A: b\r\n\r\n", nil)
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	before := string(r.arena)
	_ = append(r.Path, "XXXX"...)
	_ = append(r.MethodName, "XXXX"...)
	_ = append(r.Headers[1].Name, "XXXX"...)
	_ = append(r.Headers[1].Value[:0:0], "XXXX"...)
	if string(r.arena) != before {
		t.Errorf("appending to a parsed slice changed the arena: %q, want %q", r.arena, before)
	}
}

func TestErrorOmitsPeerBytes(t *testing.T) {
	secret := "Bearer-s3cr3t-token"
	_, err := parseHead(t, "GET / HTTP/1.1\r\nHost: h\r\nAuthorization: "+secret+"\x00\r\n\r\n", nil)
	if err == nil {
		t.Fatal("Parse: nil error, want ErrInvalidHeaderValue")
	}
	msg := err.Error()
	if strings.Contains(msg, "s3cr3t") {
		t.Errorf("error message %q contains the peer's bytes", msg)
	}
	if want := "http1: invalid header field value at byte offset 59"; msg != want {
		t.Errorf("Error() = %q, want %q", msg, want)
	}
}

func TestErrorLimitMessage(t *testing.T) {
	_, err := parseHead(t, "GET /"+strings.Repeat("a", 20)+" HTTP/1.1\r\nHost: h\r\n\r\n", &Limits{MaxURIBytes: 10})
	if want := "http1: request target too long (limit 10) at byte offset 14"; err == nil || err.Error() != want {
		t.Errorf("Error() = %v, want %q", err, want)
	}
}

func TestStatusOf(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want int
	}{
		{name: "nil", err: nil, want: 0},
		{name: "protocol error", err: &Error{Status: 431, Kind: ErrHeaderTooLarge, Offset: -1}, want: 431},
		{name: "wrapped protocol error", err: errors.Join(errors.New("reading"), &Error{Status: 505, Kind: ErrUnsupportedVersion}), want: 505},
		{name: "other error", err: errors.New("timeout"), want: 400},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := StatusOf(tt.err); got != tt.want {
				t.Errorf("StatusOf(%v) = %d, want %d", tt.err, got, tt.want)
			}
		})
	}
}

func TestMethodIdempotent(t *testing.T) {
	tests := []struct {
		method Method
		want   bool
	}{
		{method: MethodGet, want: true},
		{method: MethodHead, want: true},
		{method: MethodOptions, want: true},
		{method: MethodTrace, want: true},
		{method: MethodPut, want: true},
		{method: MethodDelete, want: true},
		{method: MethodPost, want: false},
		{method: MethodPatch, want: false},
		{method: MethodConnect, want: false},
		{method: MethodOther, want: false},
	}
	for _, tt := range tests {
		if got := tt.method.Idempotent(); got != tt.want {
			t.Errorf("Method(%d).Idempotent() = %v, want %v", tt.method, got, tt.want)
		}
	}
}

func TestLookupMethodAll(t *testing.T) {
	names := map[string]Method{
		"GET": MethodGet, "HEAD": MethodHead, "POST": MethodPost, "PUT": MethodPut,
		"DELETE": MethodDelete, "CONNECT": MethodConnect, "OPTIONS": MethodOptions,
		"TRACE": MethodTrace, "PATCH": MethodPatch, "PROPFIND": MethodOther, "Get": MethodOther,
	}
	for name, want := range names {
		if got := lookupMethod([]byte(name)); got != want {
			t.Errorf("lookupMethod(%q) = %d, want %d", name, got, want)
		}
	}
}
