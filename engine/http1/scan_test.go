package http1

import (
	"errors"
	"io"
	"strings"
	"testing"
)

func TestHeadEnd(t *testing.T) {
	const small = "GET / HTTP/1.1\r\nHost: h\r\n\r\n" // 27 bytes
	tests := []struct {
		name     string
		buf      string
		from     int
		max      int
		wantEnd  int
		wantNext int
		wantKind error
		wantOff  int
	}{
		{name: "complete", buf: small, wantEnd: 27, wantNext: 27},
		{name: "complete with body after", buf: small + "hello", wantEnd: 27, wantNext: 27},
		{name: "incomplete line", buf: "GET / HTTP/1.1\r\nHo", wantNext: 18},
		{name: "incomplete before final CRLF", buf: "GET / HTTP/1.1\r\nHost: h\r\n", wantNext: 25},
		{name: "incomplete final CR", buf: "GET / HTTP/1.1\r\nHost: h\r\n\r", wantNext: 26},
		{name: "resume from next", buf: small, from: 25, wantEnd: 27, wantNext: 27},
		{name: "empty buffer", buf: "", wantNext: 0},
		{name: "one leading empty line", buf: "\r\n" + small, wantEnd: 29, wantNext: 29},
		{name: "three leading empty lines", buf: "\r\n\r\n\r\n" + small, wantEnd: 33, wantNext: 33},
		{name: "only empty lines", buf: "\r\n\r\n\r\n", wantNext: 6},
		{name: "no fields", buf: "GET / HTTP/1.0\r\n\r\n", wantEnd: 18, wantNext: 18},
		{name: "bare LF first byte", buf: "\nGET / HTTP/1.1\r\n", wantKind: ErrBareLF, wantOff: 0},
		{name: "bare LF after request line", buf: "GET / HTTP/1.1\nHost: h\r\n\r\n", wantKind: ErrBareLF, wantOff: 14},
		{name: "bare LF blank line", buf: "GET / HTTP/1.1\r\nHost: h\r\n\n", wantKind: ErrBareLF, wantOff: 25},
		{name: "CR inside a line is left to Parse", buf: "GET / HTTP/1.1\r\nA: b\rc\r\n\r\n", wantEnd: 26, wantNext: 26},
		{name: "too large without end", buf: "GET / HTTP/1.1\r\nHost: h\r\n", max: 20, wantKind: ErrHeaderTooLarge, wantOff: 20},
		{name: "too large at exactly max", buf: "GET / HTTP/1.1\r\nHost", max: 20, wantKind: ErrHeaderTooLarge, wantOff: 20},
		{name: "ends at exactly max", buf: small + "extra", max: 27, wantEnd: 27, wantNext: 27},
		{name: "ends one past max", buf: small, max: 26, wantKind: ErrHeaderTooLarge, wantOff: 26},
		{name: "bare LF beyond max is not seen", buf: "GET / HTTP/1.1\r\nHost: h\n", max: 20, wantKind: ErrHeaderTooLarge, wantOff: 20},
		{name: "default max", buf: "GET / HTTP/1.1\r\nX: " + strings.Repeat("a", DefaultMaxHeaderBytes), wantKind: ErrHeaderTooLarge, wantOff: DefaultMaxHeaderBytes},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			end, next, err := HeadEnd([]byte(tt.buf), tt.from, tt.max)
			if tt.wantKind != nil {
				if !errors.Is(err, tt.wantKind) {
					t.Fatalf("HeadEnd err = %v, want %v", err, tt.wantKind)
				}
				var e *Error
				if errors.As(err, &e) && e.Offset != tt.wantOff {
					t.Errorf("Offset = %d, want %d", e.Offset, tt.wantOff)
				}
				return
			}
			if err != nil {
				t.Fatalf("HeadEnd err = %v, want nil", err)
			}
			if end != tt.wantEnd || next != tt.wantNext {
				t.Errorf("HeadEnd = (%d, %d), want (%d, %d)", end, next, tt.wantEnd, tt.wantNext)
			}
		})
	}
}

func TestHeadEndStatus(t *testing.T) {
	_, _, err := HeadEnd([]byte("GET / HTTP/1.1\r\nHost: h\r\n"), 0, 10)
	wantProtocolError(t, err, ErrHeaderTooLarge, 431)
	_, _, err = HeadEnd([]byte("GET /\n"), 0, 0)
	wantProtocolError(t, err, ErrBareLF, 400)
}

// byteSource is a Source that receives its input one byte per blocking Peek, as a slow
// client would send it.
type byteSource struct {
	input    []byte
	buffered int // bytes of input that have "arrived"
	skipped  int
	peeks    int
}

func (s *byteSource) Peek(n int) ([]byte, error) {
	s.peeks++
	if s.buffered-s.skipped < n {
		if s.buffered == len(s.input) {
			return s.input[s.skipped:s.buffered], io.EOF
		}
		s.buffered++ // one more byte arrives
		if s.buffered-s.skipped < n {
			return s.input[s.skipped:s.buffered], errors.New("peek: short read")
		}
	}
	return s.input[s.skipped : s.skipped+n], nil
}

func (s *byteSource) Skip(n int) error { s.skipped += n; return nil }

func (s *byteSource) Len() int { return s.buffered - s.skipped }

func TestReadHeadOneByteAtATime(t *testing.T) {
	src := &byteSource{input: []byte(browserHead + "next")}
	head, err := ReadHead(src, 0)
	if err != nil {
		t.Fatalf("ReadHead: %v", err)
	}
	if string(head) != browserHead {
		t.Errorf("head = %q, want the browser head", head)
	}
	if src.skipped != 0 {
		t.Errorf("skipped = %d, want 0: ReadHead leaves skipping to the caller", src.skipped)
	}
}

func TestReadHeadEOF(t *testing.T) {
	src := &byteSource{input: []byte("GET / HT")}
	src.buffered = len(src.input)
	_, err := ReadHead(src, 0)
	if !errors.Is(err, io.EOF) {
		t.Errorf("ReadHead err = %v, want io.EOF", err)
	}
}

func TestReadHeadTooLarge(t *testing.T) {
	src := &byteSource{input: []byte(browserHead)}
	src.buffered = len(src.input)
	_, err := ReadHead(src, 100)
	wantProtocolError(t, err, ErrHeaderTooLarge, 431)
}

func TestReadHeadBareLF(t *testing.T) {
	src := &byteSource{input: []byte("GET / HTTP/1.1\nHost: h\r\n\r\n")}
	_, err := ReadHead(src, 0)
	wantProtocolError(t, err, ErrBareLF, 400)
}
