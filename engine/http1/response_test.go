package http1

import (
	"strings"
	"testing"
)

func TestResponseParse(t *testing.T) {
	tests := []struct {
		name       string
		head       string
		wantMinor  int
		wantCode   int
		wantReason string
		wantCL     int64
		wantChunk  bool
		wantKA     bool
	}{
		{name: "typical", head: typicalResponseHead, wantMinor: 1, wantCode: 200, wantReason: "OK", wantCL: 1024, wantKA: true},
		{name: "chunked", head: "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n", wantMinor: 1, wantCode: 200, wantReason: "OK", wantCL: -1, wantChunk: true, wantKA: true},
		{name: "close-delimited", head: "HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n", wantMinor: 1, wantCode: 200, wantReason: "OK", wantCL: -1},
		{name: "HTTP/1.0 default", head: "HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\n", wantMinor: 0, wantCode: 200, wantReason: "OK", wantCL: 2},
		{name: "HTTP/1.0 keep-alive", head: "HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 2\r\n\r\n", wantMinor: 0, wantCode: 200, wantReason: "OK", wantCL: 2, wantKA: true},
		{name: "empty reason", head: "HTTP/1.1 204 \r\n\r\n", wantMinor: 1, wantCode: 204, wantReason: "", wantCL: -1, wantKA: true},
		{name: "reason omitted with its space", head: "HTTP/1.1 204\r\n\r\n", wantMinor: 1, wantCode: 204, wantReason: "", wantCL: -1, wantKA: true},
		{name: "reason with spaces", head: "HTTP/1.1 404 Not  Found\r\nContent-Length: 0\r\n\r\n", wantMinor: 1, wantCode: 404, wantReason: "Not  Found", wantCL: 0, wantKA: true},
		{name: "interim", head: "HTTP/1.1 100 Continue\r\n\r\n", wantMinor: 1, wantCode: 100, wantReason: "Continue", wantCL: -1, wantKA: true},
		{name: "no Host needed", head: "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", wantMinor: 1, wantCode: 200, wantReason: "OK", wantCL: 0, wantKA: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := AcquireResponse()
			defer ReleaseResponse(r)
			if err := r.Parse([]byte(tt.head), nil); err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if r.ProtoMinor != tt.wantMinor {
				t.Errorf("ProtoMinor = %d, want %d", r.ProtoMinor, tt.wantMinor)
			}
			if r.StatusCode != tt.wantCode {
				t.Errorf("StatusCode = %d, want %d", r.StatusCode, tt.wantCode)
			}
			if string(r.Reason) != tt.wantReason {
				t.Errorf("Reason = %q, want %q", r.Reason, tt.wantReason)
			}
			if r.ContentLength != tt.wantCL {
				t.Errorf("ContentLength = %d, want %d", r.ContentLength, tt.wantCL)
			}
			if r.Chunked != tt.wantChunk {
				t.Errorf("Chunked = %v, want %v", r.Chunked, tt.wantChunk)
			}
			if r.KeepAlive != tt.wantKA {
				t.Errorf("KeepAlive = %v, want %v", r.KeepAlive, tt.wantKA)
			}
			if r.HeadLen != len(tt.head) {
				t.Errorf("HeadLen = %d, want %d", r.HeadLen, len(tt.head))
			}
		})
	}
}

func TestResponseHeaders(t *testing.T) {
	r := &Response{}
	head := "HTTP/1.1 200 OK\r\nConnection: X-Hop\r\nX-Hop: 1\r\nKeep-Alive: timeout=5\r\nContent-Type: text/plain\r\nContent-Length: 0\r\n\r\n"
	if err := r.Parse([]byte(head), nil); err != nil {
		t.Fatalf("Parse: %v", err)
	}
	wantHop := []bool{true, true, true, false, false}
	for i, h := range r.Headers {
		if h.HopByHop != wantHop[i] {
			t.Errorf("%s HopByHop = %v, want %v", h.Name, h.HopByHop, wantHop[i])
		}
	}
	if got := string(r.Header(HeaderContentType)); got != "text/plain" {
		t.Errorf("Header(HeaderContentType) = %q, want text/plain", got)
	}
	if got := string(r.HeaderValue([]byte("x-hop"))); got != "1" {
		t.Errorf("HeaderValue(x-hop) = %q, want 1", got)
	}
}

func TestResponseParseRejects(t *testing.T) {
	tests := []struct {
		name     string
		head     string
		wantKind error
	}{
		{name: "CL and TE", head: "HTTP/1.1 200 OK\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n", wantKind: ErrContentLengthAndTransferEncoding},
		{name: "conflicting CL", head: "HTTP/1.1 200 OK\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\n", wantKind: ErrConflictingContentLength},
		{name: "invalid CL", head: "HTTP/1.1 200 OK\r\nContent-Length: 3a\r\n\r\n", wantKind: ErrInvalidContentLength},
		{name: "TE gzip", head: "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n", wantKind: ErrUnsupportedTransferEncoding},
		{name: "TE gzip chunked", head: "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", wantKind: ErrUnsupportedTransferEncoding},
		{name: "TE in HTTP/1.0", head: "HTTP/1.0 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n", wantKind: ErrUnsupportedTransferEncoding},
		{name: "obs-fold", head: "HTTP/1.1 200 OK\r\nX: a\r\n b\r\n\r\n", wantKind: ErrObsFold},
		{name: "bare LF", head: "HTTP/1.1 200 OK\nX: a\r\n\r\n", wantKind: ErrBareLF},
		{name: "HTTP/2", head: "HTTP/2.0 200 OK\r\n\r\n", wantKind: ErrUnsupportedVersion},
		{name: "lower-case version", head: "http/1.1 200 OK\r\n\r\n", wantKind: ErrInvalidStatusLine},
		{name: "two-digit code", head: "HTTP/1.1 20 OK\r\n\r\n", wantKind: ErrInvalidStatusLine},
		{name: "four-digit code", head: "HTTP/1.1 2000 OK\r\n\r\n", wantKind: ErrInvalidStatusLine},
		{name: "code 600", head: "HTTP/1.1 600 X\r\n\r\n", wantKind: ErrInvalidStatusLine},
		{name: "code 099", head: "HTTP/1.1 099 X\r\n\r\n", wantKind: ErrInvalidStatusLine},
		{name: "NUL in reason", head: "HTTP/1.1 200 O\x00K\r\n\r\n", wantKind: ErrInvalidStatusLine},
		{name: "too many fields", head: "HTTP/1.1 200 OK\r\n" + strings.Repeat("X: y\r\n", DefaultMaxHeaderCount+1) + "\r\n", wantKind: ErrTooManyHeaders},
		{name: "too large", head: "HTTP/1.1 200 OK\r\nX: " + strings.Repeat("y", DefaultMaxHeaderBytes) + "\r\n\r\n", wantKind: ErrHeaderTooLarge},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := &Response{}
			err := r.Parse([]byte(tt.head), nil)
			wantProtocolError(t, err, tt.wantKind, 502)
		})
	}
}

func TestBodyModeFor(t *testing.T) {
	tests := []struct {
		name   string
		head   string
		method Method
		want   BodyMode
	}{
		{name: "HEAD with CL", head: "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n", method: MethodHead, want: BodyNone},
		{name: "HEAD with chunked", head: "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n", method: MethodHead, want: BodyNone},
		{name: "100", head: "HTTP/1.1 100 Continue\r\n\r\n", method: MethodGet, want: BodyNone},
		{name: "103", head: "HTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\n", method: MethodGet, want: BodyNone},
		{name: "204 with CL", head: "HTTP/1.1 204 No Content\r\nContent-Length: 10\r\n\r\n", method: MethodGet, want: BodyNone},
		{name: "304 with CL", head: "HTTP/1.1 304 Not Modified\r\nContent-Length: 10\r\n\r\n", method: MethodGet, want: BodyNone},
		{name: "2xx to CONNECT", head: "HTTP/1.1 200 OK\r\n\r\n", method: MethodConnect, want: BodyNone},
		{name: "407 to CONNECT", head: "HTTP/1.1 407 Proxy Authentication Required\r\nContent-Length: 3\r\n\r\n", method: MethodConnect, want: BodyLength},
		{name: "chunked", head: "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n", method: MethodGet, want: BodyChunked},
		{name: "content-length", head: "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n", method: MethodGet, want: BodyLength},
		{name: "content-length 0", head: "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", method: MethodPost, want: BodyLength},
		{name: "close-delimited", head: "HTTP/1.1 200 OK\r\n\r\n", method: MethodGet, want: BodyUntilClose},
		{name: "close-delimited 1.0", head: "HTTP/1.0 200 OK\r\n\r\n", method: MethodGet, want: BodyUntilClose},
		{name: "error status with CL", head: "HTTP/1.1 500 Internal Server Error\r\nContent-Length: 5\r\n\r\n", method: MethodGet, want: BodyLength},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := &Response{}
			if err := r.Parse([]byte(tt.head), nil); err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if got := r.BodyModeFor(tt.method); got != tt.want {
				t.Errorf("BodyModeFor(%d) = %d, want %d", tt.method, got, tt.want)
			}
		})
	}
}

func TestBodyModeForConflictIsParseError(t *testing.T) {
	r := &Response{}
	err := r.Parse([]byte("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Length: 10\r\n\r\n"), nil)
	wantProtocolError(t, err, ErrContentLengthAndTransferEncoding, 502)
}
