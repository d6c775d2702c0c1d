package http1

// Limits bounds the size of a message head. The zero value, and a nil *Limits, mean the
// defaults. A Limits is read-only during parsing, so one value may be shared by
// concurrent parsers.
type Limits struct {
	// MaxHeaderBytes bounds the head: leading empty lines, the start line, every field
	// line and the final CRLF. 0 means DefaultMaxHeaderBytes. Exceeding it is a 431.
	MaxHeaderBytes int

	// MaxHeaderCount bounds the number of field lines. 0 means DefaultMaxHeaderCount.
	// Exceeding it is a 431.
	MaxHeaderCount int

	// MaxURIBytes bounds the request-target. 0 means DefaultMaxURIBytes. Exceeding it
	// is a 414 (RFC 9112 3: a server that receives a target longer than it wishes to
	// parse responds with 414).
	MaxURIBytes int
}

const (
	// DefaultMaxHeaderBytes is the default head budget, 16 KiB, which is twice the
	// largest default request target and leaves room for large cookies.
	DefaultMaxHeaderBytes = 16 << 10
	// DefaultMaxHeaderCount is the default number of field lines; browsers send 10 to 25.
	DefaultMaxHeaderCount = 100
	// DefaultMaxURIBytes is the default request-target budget, 8 KiB, which covers the
	// request line of 8000 octets that RFC 9112 3 recommends supporting.
	DefaultMaxURIBytes = 8 << 10
)

const (
	// MaxChunkExtensionBytes bounds the chunk extensions of one chunk-size line, counted
	// from the first byte after the size digits to the CR. 4 KiB is far above real
	// extensions (a signature extension of 64 hex digits is 81 bytes) and matches the
	// whole-line cap of Go's chunked reader (maxLineLength in Go 1.26's
	// net/http/internal/chunked.go).
	MaxChunkExtensionBytes = 4096

	// ChunkExtensionAllowance bounds the extension bytes of a whole body beyond its data
	// bytes: a body fails once its extension bytes exceed its data bytes by more than
	// this. It stops a peer from sending endless extensions with little data, which the
	// body-size limit alone would not catch, while signed streaming uploads that carry
	// one short extension per large chunk stay far below it.
	ChunkExtensionAllowance = 16 << 10

	// MaxTrailerBytes bounds the trailer section of a chunked body, counting each field
	// line with its CRLF but not the final empty line.
	MaxTrailerBytes = 8 << 10
)

// resolved returns the limits with defaults filled in.
func (l *Limits) resolved() Limits {
	var out Limits
	if l != nil {
		out = *l
	}
	if out.MaxHeaderBytes <= 0 {
		out.MaxHeaderBytes = DefaultMaxHeaderBytes
	}
	if out.MaxHeaderCount <= 0 {
		out.MaxHeaderCount = DefaultMaxHeaderCount
	}
	if out.MaxURIBytes <= 0 {
		out.MaxURIBytes = DefaultMaxURIBytes
	}
	return out
}
