package http1

import (
	"errors"
	"math/rand/v2"
	"strings"
	"testing"
)

func TestChunkedDecodeValid(t *testing.T) {
	tests := []struct {
		name         string
		body         string
		wantData     string
		wantTrailers string
	}{
		{name: "single chunk", body: "5\r\nhello\r\n0\r\n\r\n", wantData: "hello"},
		{name: "two chunks", body: "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n", wantData: "hello world"},
		{name: "upper and lower hex", body: "a\r\n0123456789\r\nA\r\nabcdefghij\r\n0\r\n\r\n", wantData: "0123456789abcdefghij"},
		{name: "leading zeros", body: "0005\r\nhello\r\n000\r\n\r\n", wantData: "hello"},
		{name: "sixteen digits", body: "0000000000000003\r\nabc\r\n0\r\n\r\n", wantData: "abc"},
		{name: "empty body", body: "0\r\n\r\n", wantData: ""},
		{name: "data with CRLF inside", body: "4\r\n\r\n\r\n\r\n0\r\n\r\n", wantData: "\r\n\r\n"},
		{name: "extension", body: "5;name\r\nhello\r\n0\r\n\r\n", wantData: "hello"},
		{name: "extension with token value", body: "5;name=value\r\nhello\r\n0\r\n\r\n", wantData: "hello"},
		{name: "extension with quoted value", body: "5;name=\"a b;c=\\\"d\\\"\"\r\nhello\r\n0\r\n\r\n", wantData: "hello"},
		{name: "several extensions with BWS", body: "5 ; a = 1 ; b ;c=\"x\"\r\nhello\r\n0;last\r\n\r\n", wantData: "hello"},
		{name: "signature extension", body: "5;chunk-signature=" + strings.Repeat("ab", 32) + "\r\nhello\r\n0;chunk-signature=" + strings.Repeat("cd", 32) + "\r\n\r\n", wantData: "hello"},
		{name: "trailer", body: "5\r\nhello\r\n0\r\nX-Checksum: abc\r\n\r\n", wantData: "hello", wantTrailers: "X-Checksum: abc\r\n"},
		{name: "two trailers", body: "5\r\nhello\r\n0\r\nA: 1\r\nB:2 \r\n\r\n", wantData: "hello", wantTrailers: "A: 1\r\nB:2 \r\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var d ChunkedDecoder
			data, consumed, done, err := decodeAll(&d, []byte(tt.body+"GET /next"))
			if err != nil {
				t.Fatalf("Decode: %v", err)
			}
			if !done {
				t.Fatalf("done = false, want true")
			}
			if string(data) != tt.wantData {
				t.Errorf("data = %q, want %q", data, tt.wantData)
			}
			if consumed != len(tt.body) {
				t.Errorf("consumed = %d, want %d (the pipelined bytes stay)", consumed, len(tt.body))
			}
			if string(d.Trailers()) != tt.wantTrailers {
				t.Errorf("Trailers() = %q, want %q", d.Trailers(), tt.wantTrailers)
			}
		})
	}
}

// decodeSplit decodes body fed as the pieces between cuts and renders the outcome.
func decodeSplit(body []byte, cuts []int) string {
	var d ChunkedDecoder
	var data []byte
	prev := 0
	for _, cut := range append(cuts, len(body)) {
		piece := body[prev:cut]
		prev = cut
		for len(piece) > 0 {
			n, out, done, err := d.Decode(piece)
			data = append(data, out...)
			if err != nil {
				return string(data) + " | " + errorSummary(err)
			}
			if done {
				return string(data) + " | done trailers=" + string(d.Trailers())
			}
			piece = piece[n:]
		}
	}
	return string(data) + " | incomplete"
}

var splitBodies = []string{
	"5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n",
	"5;a=b;c=\"q\\\"x\"\r\nhello\r\n0;z\r\nX-T: 1\r\nY: 2\r\n\r\n",
	"1a\r\nabcdefghijklmnopqrstuvwxyz\r\n0\r\n\r\n",
	"5\r\nhello\r\n0\r\nBad Name: x\r\n\r\n",
	"5\r\nhelloXX0\r\n\r\n",
	"5;\r\nhello\r\n0\r\n\r\n",
	"5\r\nhello\r\n0\r\nX: a\n\r\n",
	"ffffffffffffffffff\r\n",
}

func TestChunkedDecodeSplitEveryPosition(t *testing.T) {
	for _, body := range splitBodies {
		want := decodeSplit([]byte(body), nil)
		for k := 0; k <= len(body); k++ {
			if got := decodeSplit([]byte(body), []int{k}); got != want {
				t.Errorf("body %q split at %d: outcome %q, want %q", body, k, got, want)
			}
		}
	}
}

func TestChunkedDecodeByteAtATime(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, body := range splitBodies {
		want := decodeSplit([]byte(body), nil)
		cuts := make([]int, len(body))
		for i := range cuts {
			cuts[i] = i
		}
		if got := decodeSplit([]byte(body), cuts); got != want {
			t.Errorf("body %q byte at a time: outcome %q, want %q", body, got, want)
		}
		for trial := 0; trial < 100; trial++ {
			var cuts []int
			for pos := 0; pos < len(body); {
				pos += 1 + rng.IntN(5)
				cuts = append(cuts, min(pos, len(body)))
			}
			if got := decodeSplit([]byte(body), cuts); got != want {
				t.Errorf("body %q cuts %v: outcome %q, want %q", body, cuts, got, want)
			}
		}
	}
}

func TestChunkedDecodeRejects(t *testing.T) {
	tests := []struct {
		name       string
		body       string
		maxChunk   int64
		wantKind   error
		wantStatus int
		wantOffset int
	}{
		{name: "no size digits", body: "\r\nhello\r\n", wantKind: ErrInvalidChunk, wantStatus: 400, wantOffset: 0},
		{name: "non-hex size", body: "5g\r\n", wantKind: ErrInvalidChunk, wantStatus: 400, wantOffset: 1},
		{name: "negative size", body: "-5\r\n", wantKind: ErrInvalidChunk, wantStatus: 400, wantOffset: 0},
		{name: "0x prefix", body: "0x5\r\n", wantKind: ErrInvalidChunk, wantStatus: 400, wantOffset: 1},
		{name: "seventeen digits", body: "00000000000000005\r\n", wantKind: ErrInvalidChunk, wantStatus: 400, wantOffset: 16},
		{name: "overflow hex", body: "8000000000000000\r\n", wantKind: ErrChunkTooLarge, wantStatus: 400, wantOffset: 15},
		{name: "overflow all f", body: "ffffffffffffffff\r\n", wantKind: ErrChunkTooLarge, wantStatus: 400, wantOffset: 15},
		{name: "over MaxChunkSize", body: "101\r\n", maxChunk: 256, wantKind: ErrChunkTooLarge, wantStatus: 413, wantOffset: 2},
		{name: "bare LF after size", body: "5\nhello\r\n", wantKind: ErrInvalidChunk, wantStatus: 400, wantOffset: 1},
		{name: "bare CR after size", body: "5\rhello\r\n", wantKind: ErrInvalidChunk, wantStatus: 400, wantOffset: 2},
		{name: "missing CRLF after data", body: "5\r\nhelloX\r\n", wantKind: ErrInvalidChunk, wantStatus: 400, wantOffset: 8},
		{name: "bare LF after data", body: "5\r\nhello\n0\r\n\r\n", wantKind: ErrInvalidChunk, wantStatus: 400, wantOffset: 8},
		{name: "CR without LF after data", body: "5\r\nhello\rX", wantKind: ErrInvalidChunk, wantStatus: 400, wantOffset: 9},
		{name: "space after size", body: "5 \r\nhello\r\n", wantKind: ErrInvalidChunk, wantStatus: 400, wantOffset: 2},
		{name: "extension without name", body: "5;\r\nhello\r\n", wantKind: ErrInvalidChunk, wantStatus: 400, wantOffset: 2},
		{name: "extension name invalid", body: "5;a/b\r\n", wantKind: ErrInvalidChunk, wantStatus: 400, wantOffset: 3},
		{name: "extension empty value", body: "5;a=\r\n", wantKind: ErrInvalidChunk, wantStatus: 400, wantOffset: 4},
		{name: "extension unterminated quote", body: "5;a=\"b\r\nhello\r\n", wantKind: ErrInvalidChunk, wantStatus: 400, wantOffset: 6},
		{name: "extension bare LF", body: "5;a\nhello\r\n", wantKind: ErrInvalidChunk, wantStatus: 400, wantOffset: 3},
		{name: "extension NUL", body: "5;a=\"\x00\"\r\n", wantKind: ErrInvalidChunk, wantStatus: 400, wantOffset: 5},
		{name: "extension text after quote", body: "5;a=\"b\"c\r\n", wantKind: ErrInvalidChunk, wantStatus: 400, wantOffset: 7},
		{name: "extension too long", body: "5;a=" + strings.Repeat("x", MaxChunkExtensionBytes) + "\r\n", wantKind: ErrChunkExtensionTooLarge, wantStatus: 400, wantOffset: 1 + MaxChunkExtensionBytes},
		{name: "trailer invalid name", body: "0\r\nBad Name: x\r\n\r\n", wantKind: ErrInvalidHeaderName, wantStatus: 400, wantOffset: 6},
		{name: "trailer space before colon", body: "0\r\nX-T : x\r\n\r\n", wantKind: ErrSpaceBeforeColon, wantStatus: 400, wantOffset: 6},
		{name: "trailer without colon", body: "0\r\nX-T\r\n\r\n", wantKind: ErrInvalidHeaderName, wantStatus: 400, wantOffset: 6},
		{name: "trailer NUL in value", body: "0\r\nX-T: a\x00b\r\n\r\n", wantKind: ErrInvalidHeaderValue, wantStatus: 400, wantOffset: 9},
		{name: "trailer obs-fold", body: "0\r\nX-T: a\r\n b\r\n\r\n", wantKind: ErrObsFold, wantStatus: 400, wantOffset: 11},
		{name: "trailer bare CR", body: "0\r\nX-T: a\rb\r\n\r\n", wantKind: ErrBareCR, wantStatus: 400, wantOffset: 9},
		{name: "trailer bare LF", body: "0\r\nX-T: a\n\r\n", wantKind: ErrBareLF, wantStatus: 400, wantOffset: 9},
		{name: "final bare LF", body: "0\r\n\n", wantKind: ErrBareLF, wantStatus: 400, wantOffset: 3},
		{name: "trailers too large", body: "0\r\n" + strings.Repeat("X-Pad: "+strings.Repeat("p", 90)+"\r\n", MaxTrailerBytes/99+1) + "\r\n", wantKind: ErrTrailerTooLarge, wantStatus: 400, wantOffset: 3 + 99*(MaxTrailerBytes/99)},
		{name: "trailer line endless", body: "0\r\nX: " + strings.Repeat("p", MaxTrailerBytes+10), wantKind: ErrTrailerTooLarge, wantStatus: 400, wantOffset: 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := ChunkedDecoder{MaxChunkSize: tt.maxChunk}
			_, _, _, err := decodeAll(&d, []byte(tt.body))
			wantProtocolError(t, err, tt.wantKind, tt.wantStatus)
			var e *Error
			if errors.As(err, &e) && e.Offset != tt.wantOffset {
				t.Errorf("Offset = %d, want %d", e.Offset, tt.wantOffset)
			}
			// The error is sticky.
			if _, _, _, again := d.Decode([]byte("0\r\n\r\n")); again != err {
				t.Errorf("Decode after error = %v, want the same error %v", again, err)
			}
		})
	}
}

func TestChunkedDecodeTrailersAtLimit(t *testing.T) {
	line := "X-Pad: " + strings.Repeat("p", 90) + "\r\n" // 99 bytes
	n := MaxTrailerBytes / len(line)
	last := "X-End: " + strings.Repeat("e", MaxTrailerBytes-n*len(line)-9) + "\r\n"
	trailers := strings.Repeat(line, n) + last
	if len(trailers) != MaxTrailerBytes {
		t.Fatalf("test setup: trailers are %d bytes, want %d", len(trailers), MaxTrailerBytes)
	}
	var d ChunkedDecoder
	_, _, done, err := decodeAll(&d, []byte("0\r\n"+trailers+"\r\n"))
	if err != nil || !done {
		t.Fatalf("Decode = (done %v, err %v), want (true, nil)", done, err)
	}
	if string(d.Trailers()) != trailers {
		t.Errorf("Trailers() has %d bytes, want %d", len(d.Trailers()), len(trailers))
	}
}

func TestChunkedDecodeExtensionAllowance(t *testing.T) {
	// Each one-byte chunk carries about 1 KiB of extension, so the body's extension
	// bytes pass its data bytes by more than ChunkExtensionAllowance after 17 chunks.
	chunk := "1;e=" + strings.Repeat("x", 1020) + "\r\nA\r\n"
	var d ChunkedDecoder
	_, _, _, err := decodeAll(&d, []byte(strings.Repeat(chunk, 20)+"0\r\n\r\n"))
	wantProtocolError(t, err, ErrChunkExtensionTooLarge, 400)
	var e *Error
	if errors.As(err, &e) && e.Limit != ChunkExtensionAllowance {
		t.Errorf("Limit = %d, want %d", e.Limit, ChunkExtensionAllowance)
	}

	// The same extensions on large chunks stay within the allowance.
	big := "400;e=" + strings.Repeat("x", 1018) + "\r\n" + strings.Repeat("A", 0x400) + "\r\n"
	d.Reset()
	_, _, done, err := decodeAll(&d, []byte(strings.Repeat(big, 40)+"0\r\n\r\n"))
	if err != nil || !done {
		t.Errorf("large chunks: Decode = (done %v, err %v), want (true, nil)", done, err)
	}
}

func TestChunkedDecodeResetAndDone(t *testing.T) {
	d := ChunkedDecoder{MaxChunkSize: 100}
	if _, _, done, err := decodeAll(&d, []byte("3\r\nabc\r\n0\r\nT: 1\r\n\r\n")); !done || err != nil {
		t.Fatalf("first body: done %v err %v", done, err)
	}
	n, data, done, err := d.Decode([]byte("5\r\nhello\r\n"))
	if n != 0 || data != nil || !done || err != nil {
		t.Errorf("Decode after done = (%d, %q, %v, %v), want (0, nil, true, nil)", n, data, done, err)
	}

	d.Reset()
	if d.MaxChunkSize != 100 {
		t.Errorf("MaxChunkSize after Reset = %d, want 100", d.MaxChunkSize)
	}
	if len(d.Trailers()) != 0 {
		t.Errorf("Trailers() after Reset = %q, want empty", d.Trailers())
	}
	data, _, done, err = decodeAll(&d, []byte("2\r\nok\r\n0\r\n\r\n"))
	if string(data) != "ok" || !done || err != nil {
		t.Errorf("second body = (%q, %v, %v), want (ok, true, nil)", data, done, err)
	}
}

func TestChunkedDecodeNeedsMoreInput(t *testing.T) {
	var d ChunkedDecoder
	n, data, done, err := d.Decode(nil)
	if n != 0 || data != nil || done || err != nil {
		t.Errorf("Decode(nil) = (%d, %q, %v, %v), want (0, nil, false, nil)", n, data, done, err)
	}
	n, data, done, err = d.Decode([]byte("5\r\nhel"))
	if n != 6 || string(data) != "hel" || done || err != nil {
		t.Fatalf("Decode(size line and data) = (%d, %q, %v, %v), want (6, hel, false, nil)", n, data, done, err)
	}
	n, data, done, err = d.Decode([]byte("lo\r"))
	if n != 2 || string(data) != "lo" || done || err != nil {
		t.Errorf("Decode(rest of data) = (%d, %q, %v, %v), want (2, lo, false, nil)", n, data, done, err)
	}
	n, data, done, err = d.Decode([]byte("\r"))
	if n != 1 || data != nil || done || err != nil {
		t.Errorf("Decode(CR) = (%d, %q, %v, %v), want (1, nil, false, nil)", n, data, done, err)
	}
}
