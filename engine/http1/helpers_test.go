package http1

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"unsafe"
)

// browserHead is a Chrome 124 navigation request of 524 bytes with 10 field lines.
const browserHead = "GET /api/v1/users/42/orders?page=2&sort=desc HTTP/1.1\r\n" +
	"Host: api.example.com\r\n" +
	"Connection: keep-alive\r\n" +
	"sec-ch-ua: \"Chromium\";v=\"124\", \"Google Chrome\";v=\"124\"\r\n" +
	"sec-ch-ua-platform: \"Linux\"\r\n" +
	"User-Agent: Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36\r\n" +
	"Accept: text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8\r\n" +
	"Sec-Fetch-Mode: navigate\r\n" +
	"Accept-Encoding: gzip, deflate, br, zstd\r\n" +
	"Accept-Language: en-US,en;q=0.9\r\n" +
	"Cookie: session=8f14e45fceea167a; theme=dark\r\n" +
	"\r\n"

// twentyFieldHead is a request with 20 short field lines.
var twentyFieldHead = func() string {
	var b strings.Builder
	b.WriteString("POST /submit HTTP/1.1\r\nHost: example.com\r\nContent-Length: 0\r\n")
	for i := 0; i < 18; i++ {
		fmt.Fprintf(&b, "X-Field-%02d: value-%02d\r\n", i, i)
	}
	b.WriteString("\r\n")
	return b.String()
}()

// typicalResponseHead is a JSON API response from an upstream.
const typicalResponseHead = "HTTP/1.1 200 OK\r\n" +
	"Date: Tue, 14 May 2024 10:00:00 GMT\r\n" +
	"Content-Type: application/json; charset=utf-8\r\n" +
	"Content-Length: 1024\r\n" +
	"Cache-Control: no-store\r\n" +
	"X-Request-Id: 9b2f7c1e\r\n" +
	"\r\n"

// errorSummary renders the parts of an error that tests compare: kind, status, offset.
func errorSummary(err error) string {
	if err == nil {
		return "ok"
	}
	var e *Error
	if !errors.As(err, &e) {
		return "non-protocol error: " + err.Error()
	}
	return fmt.Sprintf("%v/%d@%d", e.Kind, e.Status, e.Offset)
}

// requestSummary renders a parsed request, or its error, for comparisons.
func requestSummary(r *Request, err error) string {
	if err != nil {
		return errorSummary(err)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%d %q %q %q %q 1.%d host=%q cl=%d chunked=%v ka=%v e100=%v eother=%v len=%d\n",
		r.Method, r.MethodName, r.Target, r.Path, r.Query, r.ProtoMinor, r.Host,
		r.ContentLength, r.Chunked, r.KeepAlive, r.Expect100, r.ExpectOther, r.HeadLen)
	for _, h := range r.Headers {
		fmt.Fprintf(&b, "%q=%q id=%d hop=%v\n", h.Name, h.Value, h.ID, h.HopByHop)
	}
	return b.String()
}

// wantProtocolError fails t unless err is an *Error of kind with status.
func wantProtocolError(t *testing.T, err, kind error, status int) {
	t.Helper()
	if err == nil {
		t.Fatalf("err = nil, want %v (status %d)", kind, status)
	}
	if !errors.Is(err, kind) {
		t.Errorf("err = %v, want kind %v", err, kind)
	}
	if got := StatusOf(err); got != status {
		t.Errorf("StatusOf(err) = %d, want %d (err %v)", got, status, err)
	}
}

// insideArena reports whether s lies within arena's backing array.
func insideArena(arena, s []byte) bool {
	if len(s) == 0 {
		return true
	}
	lo := uintptr(unsafe.Pointer(unsafe.SliceData(arena)))
	hi := lo + uintptr(len(arena))
	p := uintptr(unsafe.Pointer(unsafe.SliceData(s)))
	return p >= lo && p+uintptr(len(s)) <= hi
}

// decodeAll runs d over body, restarting Decode until it reports done, an error, or no
// progress, and returns the data, the bytes consumed and the outcome.
func decodeAll(d *ChunkedDecoder, body []byte) (data []byte, consumed int, done bool, err error) {
	for consumed < len(body) {
		n, piece, isDone, err := d.Decode(body[consumed:])
		consumed += n
		data = append(data, piece...)
		if err != nil {
			return data, consumed, false, err
		}
		if isDone {
			return data, consumed, true, nil
		}
		if n == 0 {
			break
		}
	}
	return data, consumed, false, nil
}
