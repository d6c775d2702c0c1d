package http1

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestAppendStatusLine(t *testing.T) {
	tests := []struct {
		code int
		want string
	}{
		{code: 200, want: "HTTP/1.1 200 OK\r\n"},
		{code: 413, want: "HTTP/1.1 413 Content Too Large\r\n"},
		{code: 431, want: "HTTP/1.1 431 Request Header Fields Too Large\r\n"},
		{code: 599, want: "HTTP/1.1 599 \r\n"},
	}
	for _, tt := range tests {
		if got := string(AppendStatusLine([]byte("x"), tt.code)); got != "x"+tt.want {
			t.Errorf("AppendStatusLine(%d) = %q, want %q", tt.code, got, "x"+tt.want)
		}
	}
}

func TestStatusTextMatchesNetHTTP(t *testing.T) {
	// net/http (Go 1.26) keeps the older names of 413, 414, 416 and 422, which RFC 9110
	// renamed, and names 418, which RFC 9110 marks unused.
	renamed := map[int]bool{413: true, 414: true, 416: true, 418: true, 422: true}
	for code := 100; code < 600; code++ {
		if renamed[code] {
			continue
		}
		if got, want := StatusText(code), http.StatusText(code); got != want {
			t.Errorf("StatusText(%d) = %q, want %q", code, got, want)
		}
	}
}

func TestAppendHeader(t *testing.T) {
	got := AppendHeader(nil, []byte("X-A"), []byte("b c"))
	got = AppendHeaderString(got, "X-D", "e")
	if want := "X-A: b c\r\nX-D: e\r\n"; string(got) != want {
		t.Errorf("AppendHeader = %q, want %q", got, want)
	}
}

func TestAppendChunks(t *testing.T) {
	var b []byte
	b = AppendChunkHeader(b, 26)
	b = append(b, "abcdefghijklmnopqrstuvwxyz\r\n"...)
	b = AppendChunk(b, []byte("hello"))
	b = AppendChunk(b, nil)
	b = AppendLastChunk(b, []byte("X-T: 1\r\n"))
	want := "1a\r\nabcdefghijklmnopqrstuvwxyz\r\n5\r\nhello\r\n0\r\nX-T: 1\r\n\r\n"
	if string(b) != want {
		t.Fatalf("chunks = %q, want %q", b, want)
	}

	var d ChunkedDecoder
	data, _, done, err := decodeAll(&d, b)
	if err != nil || !done || string(data) != "abcdefghijklmnopqrstuvwxyzhello" {
		t.Errorf("decoding our own chunks = (%q, %v, %v)", data, done, err)
	}
	if string(d.Trailers()) != "X-T: 1\r\n" {
		t.Errorf("Trailers() = %q, want %q", d.Trailers(), "X-T: 1\r\n")
	}
}

func TestAppendLastChunkWithoutTrailers(t *testing.T) {
	if got := string(AppendLastChunk(nil, nil)); got != "0\r\n\r\n" {
		t.Errorf("AppendLastChunk(nil, nil) = %q, want %q", got, "0\r\n\r\n")
	}
}

type localReplyBody struct {
	Error  string `json:"error"`
	Status int    `json:"status"`
}

// TestAppendLocalReplyNetHTTP reads local replies back with net/http's response parser
// and encoding/json, an independent peer.
func TestAppendLocalReplyNetHTTP(t *testing.T) {
	tests := []struct {
		name      string
		code      int
		msg       string
		closeConn bool
		extra     string
		wantMsg   string
	}{
		{name: "not found", code: 404, msg: "no route for host", wantMsg: "no route for host"},
		{name: "close", code: 400, msg: "bad request", closeConn: true, wantMsg: "bad request"},
		{name: "extra fields", code: 429, msg: "rate limited", extra: "Retry-After: 3\r\nRateLimit-Policy: 10;w=1\r\n", wantMsg: "rate limited"},
		{name: "quotes and backslashes", code: 502, msg: `upstream "users" said \ no`, wantMsg: `upstream "users" said \ no`},
		{name: "control characters", code: 400, msg: "a\r\nb\tc\x00d\x1fe\x7f", wantMsg: "a\r\nb\tc\x00d\x1fe\x7f"},
		{name: "unicode", code: 403, msg: "accès refusé ✓", wantMsg: "accès refusé ✓"},
		{name: "invalid UTF-8", code: 400, msg: "bad \xff\xfe byte", wantMsg: "bad \ufffd\ufffd byte"},
		{name: "HTML-like", code: 400, msg: "<script>&</script>", wantMsg: "<script>&</script>"},
		{name: "empty message", code: 500, msg: "", wantMsg: ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			raw := AppendLocalReply(nil, tt.code, tt.msg, tt.closeConn, false, []byte(tt.extra))
			resp, err := http.ReadResponse(bufio.NewReader(bytes.NewReader(raw)), nil)
			if err != nil {
				t.Fatalf("http.ReadResponse: %v\n%s", err, raw)
			}
			defer resp.Body.Close()
			body, err := io.ReadAll(resp.Body)
			if err != nil {
				t.Fatalf("reading body: %v", err)
			}
			if resp.StatusCode != tt.code {
				t.Errorf("StatusCode = %d, want %d", resp.StatusCode, tt.code)
			}
			if got := resp.Header.Get("Content-Type"); got != "application/json" {
				t.Errorf("Content-Type = %q, want application/json", got)
			}
			if resp.ContentLength != int64(len(body)) {
				t.Errorf("ContentLength = %d, body has %d bytes", resp.ContentLength, len(body))
			}
			if resp.Close != tt.closeConn {
				t.Errorf("Close = %v, want %v", resp.Close, tt.closeConn)
			}
			if tt.extra != "" && resp.Header.Get("Retry-After") != "3" {
				t.Errorf("Retry-After = %q, want 3", resp.Header.Get("Retry-After"))
			}
			if !utf8.Valid(body) {
				t.Errorf("body is not valid UTF-8: %q", body)
			}
			var got localReplyBody
			if err := json.Unmarshal(body, &got); err != nil {
				t.Fatalf("json.Unmarshal(%q): %v", body, err)
			}
			if got.Error != tt.wantMsg || got.Status != tt.code {
				t.Errorf("body = %+v, want {Error:%q Status:%d}", got, tt.wantMsg, tt.code)
			}
		})
	}
}

func TestAppendLocalReplyHead(t *testing.T) {
	full := AppendLocalReply(nil, 404, "no route", false, false, nil)
	head := AppendLocalReply(nil, 404, "no route", false, true, nil)
	if !bytes.HasPrefix(full, head) {
		t.Fatalf("HEAD reply %q is not the GET reply's head %q", head, full)
	}
	bodyLen := len(full) - len(head)
	if !strings.Contains(string(head), "Content-Length: "+strconv.Itoa(bodyLen)+"\r\n") {
		t.Errorf("HEAD reply %q lacks Content-Length: %d", head, bodyLen)
	}
	if !bytes.HasSuffix(head, []byte("\r\n\r\n")) {
		t.Errorf("HEAD reply %q does not end with the empty line", head)
	}

	req, _ := http.NewRequest(http.MethodHead, "http://h/", nil)
	resp, err := http.ReadResponse(bufio.NewReader(bytes.NewReader(head)), req)
	if err != nil {
		t.Fatalf("http.ReadResponse: %v", err)
	}
	if resp.ContentLength != int64(bodyLen) {
		t.Errorf("ContentLength = %d, want %d", resp.ContentLength, bodyLen)
	}
}

func TestJSONStringLen(t *testing.T) {
	for _, s := range []string{"", "plain", "\"\\", "\x00\x01\x1f", "\r\n\t", "é✓", "\xff", "a\xe2\x82", "\xed\xa0\x80"} {
		if got, want := jsonStringLen(s), len(appendJSONString(nil, s)); got != want {
			t.Errorf("jsonStringLen(%q) = %d, want %d", s, got, want)
		}
	}
}
