package http1

// Source is the buffered reader the codec reads heads and bodies from. netpoll.Reader
// satisfies it, and so does a thin adapter over bufio.Reader. Slices returned by Peek are
// valid until the next Skip or Release on the source. Whether a Source is safe for
// concurrent use is up to its implementation; the codec calls it from one goroutine.
type Source interface {
	// Peek blocks until n bytes are buffered and returns them, or returns an error
	// (a timeout, io.EOF).
	Peek(n int) ([]byte, error)
	// Skip discards n buffered bytes.
	Skip(n int) error
	// Len returns the number of bytes buffered now, without blocking.
	Len() int
}
