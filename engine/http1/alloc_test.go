//go:build !race

package http1

import "testing"

// The race detector allocates on its own, so these pins run only without -race.

func TestParseAllocsZero(t *testing.T) {
	head := []byte(browserHead)
	r := AcquireRequest()
	defer ReleaseRequest(r)
	if err := r.Parse(head, nil); err != nil { // warm-up: grows the arena
		t.Fatalf("Parse: %v", err)
	}
	allocs := testing.AllocsPerRun(100, func() {
		if err := r.Parse(head, nil); err != nil {
			t.Fatalf("Parse: %v", err)
		}
	})
	if allocs != 0 {
		t.Errorf("Parse allocs = %v, want 0", allocs)
	}
}

func TestParseAllocsZeroWithFraming(t *testing.T) {
	head := []byte("POST http://h.example/a?b HTTP/1.1\r\nHost: h\r\nConnection: keep-alive, X-Hop\r\n" +
		"X-Hop: 1\r\nTransfer-Encoding: chunked\r\nExpect: 100-continue\r\n\r\n")
	lim := &Limits{MaxHeaderCount: 50}
	r := AcquireRequest()
	defer ReleaseRequest(r)
	if err := r.Parse(head, lim); err != nil {
		t.Fatalf("Parse: %v", err)
	}
	allocs := testing.AllocsPerRun(100, func() {
		if err := r.Parse(head, lim); err != nil {
			t.Fatalf("Parse: %v", err)
		}
		_ = r.HeaderValue([]byte("x-hop"))
	})
	if allocs != 0 {
		t.Errorf("Parse allocs = %v, want 0", allocs)
	}
}

func TestHeadEndAllocsZero(t *testing.T) {
	buf := []byte(browserHead)
	allocs := testing.AllocsPerRun(100, func() {
		if end, _, err := HeadEnd(buf, 0, 0); end != len(buf) || err != nil {
			t.Fatalf("HeadEnd = (%d, %v)", end, err)
		}
	})
	if allocs != 0 {
		t.Errorf("HeadEnd allocs = %v, want 0", allocs)
	}
}

func TestChunkedDecodeAllocsZero(t *testing.T) {
	body := []byte("5;a=b\r\nhello\r\n6\r\n world\r\n0\r\nX-Checksum: 1\r\n\r\n")
	var d ChunkedDecoder
	run := func() {
		d.Reset()
		for rest := body; ; {
			n, _, done, err := d.Decode(rest)
			if err != nil {
				t.Fatalf("Decode: %v", err)
			}
			if done {
				return
			}
			rest = rest[n:]
		}
	}
	run() // warm-up: grows the trailer buffer
	if allocs := testing.AllocsPerRun(100, run); allocs != 0 {
		t.Errorf("ChunkedDecoder.Decode allocs = %v, want 0", allocs)
	}
}

func TestResponseParseAllocsZero(t *testing.T) {
	head := []byte(typicalResponseHead)
	r := AcquireResponse()
	defer ReleaseResponse(r)
	if err := r.Parse(head, nil); err != nil {
		t.Fatalf("Parse: %v", err)
	}
	allocs := testing.AllocsPerRun(100, func() {
		if err := r.Parse(head, nil); err != nil {
			t.Fatalf("Parse: %v", err)
		}
		_ = r.BodyModeFor(MethodGet)
	})
	if allocs != 0 {
		t.Errorf("Response.Parse allocs = %v, want 0", allocs)
	}
}

func TestAppendAllocsZero(t *testing.T) {
	dst := make([]byte, 0, 1024)
	allocs := testing.AllocsPerRun(100, func() {
		b := AppendLocalReply(dst[:0], 429, "rate limited \"burst\"", true, false, nil)
		b = AppendStatusLine(b, 200)
		b = AppendHeader(b, []byte("X"), []byte("y"))
		b = AppendChunkHeader(b, 4096)
		_ = AppendLastChunk(b, nil)
	})
	if allocs != 0 {
		t.Errorf("Append allocs = %v, want 0", allocs)
	}
}
