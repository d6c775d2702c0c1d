package engine

import (
	"crypto/rand"
	"encoding/hex"
	"sync/atomic"
)

// requestIDs generates X-Request-Id values: 16 hex digits of per-process
// randomness and 16 of a counter. They are unique within the process and
// unlikely to collide across processes; they are not secrets.
type requestIDs struct {
	prefix  [16]byte
	counter atomic.Uint64
}

func newRequestIDs() *requestIDs {
	var seed [8]byte
	_, _ = rand.Read(seed[:])
	g := &requestIDs{}
	hex.Encode(g.prefix[:], seed[:])
	return g
}

const hexDigits = "0123456789abcdef"

// appendNext appends a new id to dst.
func (g *requestIDs) appendNext(dst []byte) []byte {
	n := g.counter.Add(1)
	dst = append(dst, g.prefix[:]...)
	for shift := 60; shift >= 0; shift -= 4 {
		dst = append(dst, hexDigits[(n>>uint(shift))&0xf])
	}
	return dst
}

// validRequestID reports whether a client-sent id may be kept: 1 to 128
// visible ASCII bytes, so it is safe to log and to echo.
func validRequestID(id []byte) bool {
	if len(id) == 0 || len(id) > 128 {
		return false
	}
	for _, b := range id {
		if b <= ' ' || b >= 0x7f || b == '"' || b == '\\' {
			return false
		}
	}
	return true
}
