package http1

import "bytes"

// HeadEnd scans buf for the end of a message head, the CRLF CRLF after the last field
// line, starting at from (0, or the next of an earlier call on the same, since extended,
// buffer). It returns end > 0, the head's length including the final CRLF, once the head
// is complete. Otherwise end is 0 and next is where the following call resumes, so no
// byte is scanned twice.
//
// HeadEnd fails early with ErrBareLF on a LF that does not follow a CR. RFC 9112 2.2
// lets a recipient accept a bare LF as a line end, but this codec rejects it, because
// peers that disagree on where a line ends can be made to disagree on framing. HeadEnd
// fails with ErrHeaderTooLarge (431) once len(buf) >= maxBytes without a complete head,
// or when the head would end beyond maxBytes. maxBytes <= 0 means DefaultMaxHeaderBytes.
//
// Empty lines before the start line are accepted and counted in end, and Parse skips
// them (RFC 9112 2.2: a server SHOULD ignore at least one). Bytes after end, such as a
// pipelined request, are not examined.
//
// HeadEnd keeps no state between calls: whether an empty line ends the head is decided
// from the bytes before it, which the caller's buffer still holds.
func HeadEnd(buf []byte, from, maxBytes int) (end, next int, err error) {
	if maxBytes <= 0 {
		maxBytes = DefaultMaxHeaderBytes
	}
	limit := min(len(buf), maxBytes)
	i := max(from, 0)
	for i < limit {
		j := bytes.IndexByte(buf[i:limit], '\n')
		if j < 0 {
			break
		}
		lf := i + j
		if lf == 0 || buf[lf-1] != '\r' {
			return 0, 0, newError(ErrBareLF, 400, lf)
		}
		if endsHead(buf, lf-1) {
			return lf + 1, lf + 1, nil
		}
		i = lf + 1
	}
	if len(buf) >= maxBytes {
		return 0, 0, newLimitError(ErrHeaderTooLarge, 431, maxBytes, maxBytes)
	}
	return 0, limit, nil
}

// endsHead reports whether the CRLF at cr (buf[cr] == '\r', buf[cr+1] == '\n') is the
// empty line that ends a head. It is when the line is empty and the line before it is
// not. When the line before is empty too, it cannot have ended the head (the scan would
// have stopped there), so every line before it is a leading empty line.
func endsHead(buf []byte, cr int) bool {
	if !atLineStart(buf, cr) {
		return false // the line that ends at cr has content
	}
	prev := cr - 2 // where the previous line's CRLF starts
	return prev >= 0 && !atLineStart(buf, prev)
}

// atLineStart reports whether position p starts a line: p is 0 or a CRLF precedes it.
func atLineStart(buf []byte, p int) bool {
	return p == 0 || (p >= 2 && buf[p-2] == '\r' && buf[p-1] == '\n')
}

// ReadHead peeks at src until it holds a complete head and returns the head without
// skipping it. The slice stays valid until the caller's next Skip or Release on src, and
// the caller skips len(head) bytes once it has parsed them. maxBytes bounds the head as
// in HeadEnd, and src must be able to buffer that many bytes. Errors from src (a
// timeout, io.EOF) are returned unchanged, and protocol errors are *Error values.
func ReadHead(src Source, maxBytes int) (head []byte, err error) {
	next := 0
	want := max(src.Len(), 1)
	for {
		buf, err := src.Peek(want)
		if err != nil {
			return nil, err
		}
		end, resume, err := HeadEnd(buf, next, maxBytes)
		if err != nil {
			return nil, err
		}
		if end > 0 {
			return buf[:end], nil
		}
		next = resume
		// Wait for at least one more byte, and take whatever else arrived meanwhile.
		want = max(src.Len(), len(buf)+1)
	}
}
