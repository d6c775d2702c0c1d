package http1

import (
	"bytes"
	"errors"
	"testing"
)

// requestSeeds include request-smuggling shapes: CL.TE, TE.CL, TE with odd spacing,
// duplicate CL, obs-fold, bare LF and CR, NUL.
var requestSeeds = []string{
	browserHead,
	twentyFieldHead,
	"GET / HTTP/1.0\r\n\r\n",
	"\r\nOPTIONS * HTTP/1.1\r\nHost: h\r\n\r\n",
	"GET http://h.example:8080/p?q HTTP/1.1\r\nHost: x\r\n\r\n",
	"CONNECT h.example:443 HTTP/1.1\r\nHost: h.example:443\r\n\r\n",
	"POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n",
	"POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\nContent-Length: 4\r\n\r\n",
	"POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding : chunked\r\n\r\n",
	"POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding:  chunked \r\n\r\n",
	"POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked, identity\r\n\r\n",
	"POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 4\r\nContent-Length: 5\r\n\r\n",
	"POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 4, 4\r\n\r\n",
	"GET / HTTP/1.1\r\nHost: h\r\nX: a\r\n b\r\n\r\n",
	"GET / HTTP/1.1\nHost: h\n\n",
	"GET / HTTP/1.1\r\nHost: h\rX: y\r\n\r\n",
	"GET / HTTP/1.1\r\nHost: h\x00\r\n\r\n",
	"GET / HTTP/1.1\r\nConnection: close, X-A\r\nX-A: 1\r\nHost: h\r\n\r\n",
}

// FuzzRequestParse checks that HeadEnd and Parse never panic and that an accepted head
// satisfies the invariants callers rely on.
func FuzzRequestParse(f *testing.F) {
	for _, s := range requestSeeds {
		f.Add([]byte(s))
	}
	r := &Request{}
	f.Fuzz(func(t *testing.T, data []byte) {
		end, _, err := HeadEnd(data, 0, 0)
		head := data
		if err == nil && end > 0 {
			head = data[:end]
		}
		if err := r.Parse(head, nil); err != nil {
			var e *Error
			if !errors.As(err, &e) || e.Status < 400 || e.Status > 599 || e.Kind == nil {
				t.Fatalf("Parse error %v is not a protocol error with a 4xx/5xx status", err)
			}
			return
		}
		checkRequestInvariants(t, r, head)
	})
}

func checkRequestInvariants(t *testing.T, r *Request, head []byte) {
	t.Helper()
	if r.ContentLength < -1 {
		t.Errorf("ContentLength = %d, want >= -1", r.ContentLength)
	}
	if r.ContentLength >= 0 && r.Chunked {
		t.Errorf("ContentLength = %d and Chunked both set", r.ContentLength)
	}
	if r.HeadLen <= 0 || r.HeadLen > len(head) || !bytes.HasSuffix(head[:r.HeadLen], []byte("\r\n\r\n")) {
		t.Errorf("HeadLen = %d does not end a head of %d bytes", r.HeadLen, len(head))
	}
	if r.ProtoMinor != 0 && r.ProtoMinor != 1 {
		t.Errorf("ProtoMinor = %d, want 0 or 1", r.ProtoMinor)
	}
	if r.ProtoMinor == 1 && r.Header(HeaderHost) == nil {
		t.Errorf("HTTP/1.1 request accepted without Host")
	}
	for _, s := range [][]byte{r.MethodName, r.Target, r.Path, r.Query, r.Host} {
		if !insideArena(r.arena, s) {
			t.Errorf("request slice %q lies outside the arena", s)
		}
	}
	for _, h := range r.Headers {
		if !insideArena(r.arena, h.Name) || !insideArena(r.arena, h.Value) {
			t.Errorf("header %q lies outside the arena", h.Name)
		}
		if !isToken(h.Name) {
			t.Errorf("header name %q is not a token", h.Name)
		}
		for _, c := range h.Value {
			if byteClass[c]&classFieldValue == 0 {
				t.Errorf("header %q value has byte %#02x", h.Name, c)
			}
		}
		if h.HopByHop && protectedEndToEnd(h.ID) {
			t.Errorf("protected header %q marked hop-by-hop", h.Name)
		}
	}
}

var chunkedSeeds = []string{
	"5\r\nhello\r\n0\r\n\r\n",
	"5;a=b;c=\"d\\\"e\"\r\nhello\r\n0\r\nX-T: 1\r\n\r\n",
	"0000000000000001\r\nx\r\n0\r\n\r\n",
	"ffffffffffffffff\r\n",
	"5\nhello\n0\n\n",
	"5\r\nhello\r\n0\r\nX: a\r\n b\r\n\r\n",
	"5 \r\nhello\r\n0\r\n\r\n",
	"1\r\nA\r\n0\r\n\r\nGET / HTTP/1.1\r\n",
}

// FuzzChunkedDecode checks that the decoder never panics and that feeding the input in
// two pieces gives the same data and outcome as feeding it whole.
func FuzzChunkedDecode(f *testing.F) {
	for i, s := range chunkedSeeds {
		f.Add([]byte(s), uint16(i*3))
	}
	f.Fuzz(func(t *testing.T, data []byte, split uint16) {
		whole := decodeSplit(data, nil)
		k := int(split) % (len(data) + 1)
		if got := decodeSplit(data, []int{k}); got != whole {
			t.Errorf("split at %d: outcome %q, want %q", k, got, whole)
		}
	})
}
