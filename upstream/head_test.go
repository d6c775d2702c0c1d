package upstream

import (
	"bufio"
	"bytes"
	"net/http"
	"testing"

	"gatehouse/engine/http1"
)

func parseRequest(t *testing.T, raw string) *http1.Request {
	t.Helper()
	req := http1.AcquireRequest()
	if err := req.Parse([]byte(raw), nil); err != nil {
		t.Fatalf("parse: %v", err)
	}
	return req
}

// TestAppendRequestHead builds the forwarded head and reads it back with
// net/http's parser, as an upstream would.
func TestAppendRequestHead(t *testing.T) {
	req := parseRequest(t, "POST /api/x?q=1 HTTP/1.1\r\nHost: api.example.com\r\n"+
		"Connection: X-Hop\r\nX-Hop: 1\r\nTE: trailers\r\nX-Forwarded-For: 6.6.6.6\r\n"+
		"X-Forwarded-Proto: https\r\nExpect: 100-continue\r\nContent-Length: 4\r\nX-End: e2e\r\n\r\n")
	tests := []struct {
		name    string
		trusted bool
		xff     string
		proto   string
	}{
		{name: "untrusted peer", trusted: false, xff: "10.1.2.3", proto: "http"},
		{name: "trusted peer", trusted: true, xff: "6.6.6.6, 10.1.2.3", proto: "https"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			head := appendRequestHead(nil, &Request{
				Head: req, Path: []byte("/x"), Host: []byte("backend.internal"),
				ClientIP: []byte("10.1.2.3"), TrustForwarded: tt.trusted, RequestID: []byte("rid-1"),
			})
			got, err := http.ReadRequest(bufio.NewReader(bytes.NewReader(append(head, "body"...))))
			if err != nil {
				t.Fatalf("upstream cannot parse the forwarded head: %v\n%s", err, head)
			}
			checks := []struct{ name, got, want string }{
				{name: "request URI", got: got.RequestURI, want: "/x?q=1"},
				{name: "Host", got: got.Host, want: "backend.internal"},
				{name: "X-Forwarded-For", got: got.Header.Get("X-Forwarded-For"), want: tt.xff},
				{name: "X-Forwarded-Proto", got: got.Header.Get("X-Forwarded-Proto"), want: tt.proto},
				{name: "X-Forwarded-Host", got: got.Header.Get("X-Forwarded-Host"), want: "api.example.com"},
				{name: "X-Request-Id", got: got.Header.Get("X-Request-Id"), want: "rid-1"},
				{name: "X-End", got: got.Header.Get("X-End"), want: "e2e"},
				{name: "X-Hop", got: got.Header.Get("X-Hop"), want: ""},
				{name: "TE", got: got.Header.Get("TE"), want: ""},
				{name: "Expect", got: got.Header.Get("Expect"), want: ""},
			}
			for _, c := range checks {
				if c.got != c.want {
					t.Errorf("%s = %q, want %q", c.name, c.got, c.want)
				}
			}
			if got.ContentLength != 4 {
				t.Errorf("Content-Length = %d, want 4", got.ContentLength)
			}
		})
	}
}

func TestAppendRequestHeadChunked(t *testing.T) {
	req := parseRequest(t, "PUT /u HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n")
	head := appendRequestHead(nil, &Request{Head: req, Path: []byte("/u"), Host: []byte("h"), ClientIP: []byte("1.2.3.4"), RequestID: []byte("r")})
	if !bytes.Contains(head, []byte("\r\nTransfer-Encoding: chunked\r\n")) || bytes.Contains(head, []byte("Content-Length")) {
		t.Errorf("head %q, want Transfer-Encoding: chunked and no Content-Length", head)
	}
}
