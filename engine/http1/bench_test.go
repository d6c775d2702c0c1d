package http1

import (
	"bufio"
	"bytes"
	"net/http"
	"testing"
)

func benchmarkParse(b *testing.B, head []byte) {
	r := AcquireRequest()
	defer ReleaseRequest(r)
	b.ReportAllocs()
	b.SetBytes(int64(len(head)))
	for b.Loop() {
		if err := r.Parse(head, nil); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkParseBrowserHead parses a 524-byte Chrome navigation head.
func BenchmarkParseBrowserHead(b *testing.B) { benchmarkParse(b, []byte(browserHead)) }

// BenchmarkParse20Headers parses a head with 20 short field lines.
func BenchmarkParse20Headers(b *testing.B) { benchmarkParse(b, []byte(twentyFieldHead)) }

func BenchmarkHeadEnd(b *testing.B) {
	buf := []byte(browserHead)
	b.ReportAllocs()
	b.SetBytes(int64(len(buf)))
	for b.Loop() {
		if end, _, err := HeadEnd(buf, 0, 0); end != len(buf) || err != nil {
			b.Fatalf("HeadEnd = (%d, %v)", end, err)
		}
	}
}

// BenchmarkHeadEndAndParse is what the server does per request: find the end, then parse.
func BenchmarkHeadEndAndParse(b *testing.B) {
	buf := []byte(browserHead)
	r := AcquireRequest()
	defer ReleaseRequest(r)
	b.ReportAllocs()
	b.SetBytes(int64(len(buf)))
	for b.Loop() {
		end, _, err := HeadEnd(buf, 0, 0)
		if err != nil {
			b.Fatal(err)
		}
		if err := r.Parse(buf[:end], nil); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkStdlibReadRequest is the baseline: net/http.ReadRequest over the same head.
func BenchmarkStdlibReadRequest(b *testing.B) {
	head := []byte(browserHead)
	src := bytes.NewReader(head)
	br := bufio.NewReader(src)
	b.ReportAllocs()
	b.SetBytes(int64(len(head)))
	for b.Loop() {
		src.Reset(head)
		br.Reset(src)
		if _, err := http.ReadRequest(br); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkResponseParse(b *testing.B) {
	head := []byte(typicalResponseHead)
	r := AcquireResponse()
	defer ReleaseResponse(r)
	b.ReportAllocs()
	b.SetBytes(int64(len(head)))
	for b.Loop() {
		if err := r.Parse(head, nil); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkChunkedDecode decodes a 64 KiB body sent as 16 chunks of 4 KiB.
func BenchmarkChunkedDecode(b *testing.B) {
	piece := bytes.Repeat([]byte("x"), 4096)
	var body []byte
	for i := 0; i < 16; i++ {
		body = AppendChunk(body, piece)
	}
	body = AppendLastChunk(body, nil)
	var d ChunkedDecoder
	b.ReportAllocs()
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		d.Reset()
		for rest := body; ; {
			n, _, done, err := d.Decode(rest)
			if err != nil {
				b.Fatal(err)
			}
			if done {
				break
			}
			rest = rest[n:]
		}
	}
}

// BenchmarkChunkedDecodeSmallChunks decodes 64 chunks of 16 bytes with an extension each,
// so framing dominates.
func BenchmarkChunkedDecodeSmallChunks(b *testing.B) {
	var body []byte
	for i := 0; i < 64; i++ {
		body = append(body, "10;sig=0123456789abcdef\r\n0123456789abcdef\r\n"...)
	}
	body = AppendLastChunk(body, []byte("X-Checksum: 42\r\n"))
	var d ChunkedDecoder
	b.ReportAllocs()
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		d.Reset()
		for rest := body; ; {
			n, _, done, err := d.Decode(rest)
			if err != nil {
				b.Fatal(err)
			}
			if done {
				break
			}
			rest = rest[n:]
		}
	}
}

func BenchmarkAppendLocalReply(b *testing.B) {
	dst := make([]byte, 0, 512)
	b.ReportAllocs()
	for b.Loop() {
		dst = AppendLocalReply(dst[:0], 429, "rate limit exceeded for key", true, false, nil)
	}
}
