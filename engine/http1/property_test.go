package http1

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// propertyHeads are valid and invalid heads for the split property. Each has a maxBytes
// for HeadEnd; 0 means the default.
var propertyHeads = []struct {
	name     string
	head     string
	maxBytes int
}{
	{name: "browser", head: browserHead},
	{name: "twenty fields", head: twentyFieldHead},
	{name: "leading empty lines", head: "\r\n\r\nGET / HTTP/1.1\r\nHost: h\r\n\r\n"},
	{name: "pipelined", head: "GET /1 HTTP/1.1\r\nHost: h\r\n\r\nGET /2 HTTP/1.1\r\nHost: h\r\n\r\n"},
	{name: "body after head", head: "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\nhello"},
	{name: "chunked", head: "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n"},
	{name: "bare LF", head: "GET / HTTP/1.1\r\nHost: h\nX: y\r\n\r\n"},
	{name: "bare LF as blank line", head: "GET / HTTP/1.1\r\nHost: h\r\n\n"},
	{name: "bare CR", head: "GET / HTTP/1.1\r\nHost: h\rX: y\r\n\r\n"},
	{name: "obs-fold", head: "GET / HTTP/1.1\r\nHost: h\r\nX: a\r\n b\r\n\r\n"},
	{name: "CL.TE", head: "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n"},
	{name: "space before colon", head: "GET / HTTP/1.1\r\nHost : h\r\n\r\n"},
	{name: "NUL in value", head: "GET / HTTP/1.1\r\nHost: h\x00\r\n\r\n"},
	{name: "missing Host", head: "GET / HTTP/1.1\r\n\r\n"},
	{name: "too large", head: browserHead, maxBytes: 200},
	{name: "ends at max", head: browserHead, maxBytes: len(browserHead)},
	{name: "HTTP/2", head: "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"},
	{name: "only CRLFs", head: strings.Repeat("\r\n", 8)},
	{name: "CR CR LF", head: "GET / HTTP/1.1\r\nHost: h\r\r\n\r\n"},
}

// headOutcome is what the whole pipeline produces for a buffer: HeadEnd's verdict and,
// for a complete head, Parse's.
func headOutcome(end int, err error, buf []byte) string {
	if err != nil {
		return "headend " + errorSummary(err)
	}
	if end == 0 {
		return "incomplete"
	}
	r := &Request{}
	return requestSummary(r, r.Parse(buf[:end], nil))
}

// feedHeadEnd feeds buf to HeadEnd in pieces ending at the given cut points, resuming
// from next each time as a server loop would, and returns the final verdict.
func feedHeadEnd(buf []byte, cuts []int, maxBytes int) (int, error) {
	next := 0
	for _, cut := range append(cuts, len(buf)) {
		end, resume, err := HeadEnd(buf[:cut], next, maxBytes)
		if err != nil || end > 0 {
			return end, err
		}
		next = resume
	}
	return 0, nil
}

func TestHeadEndSplitEveryPosition(t *testing.T) {
	for _, tc := range propertyHeads {
		t.Run(tc.name, func(t *testing.T) {
			buf := []byte(tc.head)
			end, _, err := HeadEnd(buf, 0, tc.maxBytes)
			want := headOutcome(end, err, buf)
			for k := 0; k <= len(buf); k++ {
				gotEnd, gotErr := feedHeadEnd(buf, []int{k}, tc.maxBytes)
				if got := headOutcome(gotEnd, gotErr, buf); got != want {
					t.Fatalf("split at %d: outcome = %s, want %s", k, got, want)
				}
			}
		})
	}
}

func TestHeadEndRandomSplits(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, tc := range propertyHeads {
		t.Run(tc.name, func(t *testing.T) {
			buf := []byte(tc.head)
			end, _, err := HeadEnd(buf, 0, tc.maxBytes)
			want := headOutcome(end, err, buf)
			for trial := 0; trial < 200; trial++ {
				var cuts []int
				for pos := 0; pos < len(buf); {
					pos += 1 + rng.IntN(8)
					cuts = append(cuts, min(pos, len(buf)))
				}
				gotEnd, gotErr := feedHeadEnd(buf, cuts, tc.maxBytes)
				if got := headOutcome(gotEnd, gotErr, buf); got != want {
					t.Fatalf("cuts %v: outcome = %s, want %s", cuts, got, want)
				}
			}
		})
	}
}

func TestHeadEndByteAtATime(t *testing.T) {
	for _, tc := range propertyHeads {
		t.Run(tc.name, func(t *testing.T) {
			buf := []byte(tc.head)
			end, _, err := HeadEnd(buf, 0, tc.maxBytes)
			want := headOutcome(end, err, buf)
			cuts := make([]int, len(buf))
			for i := range cuts {
				cuts[i] = i
			}
			gotEnd, gotErr := feedHeadEnd(buf, cuts, tc.maxBytes)
			if got := headOutcome(gotEnd, gotErr, buf); got != want {
				t.Errorf("byte at a time: outcome = %s, want %s", got, want)
			}
		})
	}
}
