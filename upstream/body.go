package upstream

import (
	"fmt"

	"gatehouse/engine/http1"
)

// maxPiece bounds one copy step of a streamed body, so a relay holds at
// most this much of a body at once per direction.
const maxPiece = 64 << 10

var continueLine = []byte("HTTP/1.1 100 Continue\r\n\r\n")

// sendBody streams the client's request body to the upstream. The client
// read timeout is the caller's; the upstream write timeout applies to
// each piece.
func (u *Upstream) sendBody(conn *Conn, r *Request) error {
	if r.Head.Expect100 && r.Body.Len() == 0 {
		// RFC 9110 10.1.1: the client waits for 100 Continue before it
		// sends the body.
		if _, err := r.Client.WriteBinary(continueLine); err != nil {
			return fmt.Errorf("%w: %w", ErrClientWrite, err)
		}
		if err := r.Client.Flush(); err != nil {
			return fmt.Errorf("%w: %w", ErrClientWrite, err)
		}
	}
	if r.Head.Chunked {
		return u.sendChunkedBody(conn, r)
	}
	remaining := r.Head.ContentLength
	for remaining > 0 {
		data, err := peekSome(r.Body, remaining)
		if err != nil {
			return fmt.Errorf("%w: %d bytes missing: %w", ErrClientBody, remaining, err)
		}
		if err := u.writeUpstream(conn, data); err != nil {
			return err
		}
		remaining -= int64(len(data))
		_ = r.Body.Skip(len(data))
		_ = r.Body.Release()
	}
	return nil
}

// sendChunkedBody decodes the client's chunked body and sends it chunked
// again, so malformed framing never reaches the upstream and MaxBodyBytes
// applies to the decoded size.
func (u *Upstream) sendChunkedBody(conn *Conn, r *Request) error {
	var dec http1.ChunkedDecoder
	outp := getBuffer()
	defer putBuffer(outp)
	out := (*outp)[:0]
	var total int64
	need := 1
	for {
		buf, err := peekAtLeast(r.Body, need)
		if err != nil {
			return fmt.Errorf("%w: chunked body: %w", ErrClientBody, err)
		}
		consumed, data, done, err := dec.Decode(buf)
		if err != nil {
			return fmt.Errorf("%w: %w", ErrBadRequestBody, err)
		}
		if consumed == 0 && !done {
			need = len(buf) + 1
			continue
		}
		need = 1
		if len(data) > 0 {
			total += int64(len(data))
			if r.MaxBodyBytes > 0 && total > r.MaxBodyBytes {
				return fmt.Errorf("%w: chunked body exceeds %d bytes", ErrBodyTooLarge, r.MaxBodyBytes)
			}
			out = http1.AppendChunkHeader(out, len(data))
			out = append(out, data...)
			out = append(out, "\r\n"...)
		}
		if done {
			out = http1.AppendLastChunk(out, dec.Trailers())
		}
		_ = r.Body.Skip(consumed)
		if done || len(out) >= maxPiece || r.Body.Len() == 0 {
			if err := u.writeUpstream(conn, out); err != nil {
				return err
			}
			out = out[:0]
		}
		_ = r.Body.Release()
		if done {
			*outp = out
			return nil
		}
	}
}

func (u *Upstream) writeUpstream(conn *Conn, b []byte) error {
	if err := writeFlush(conn.nc.Writer(), b); err != nil {
		return fmt.Errorf("%w: writing request body to %s: %w", ErrUpstreamIO, conn.pool.addr, err)
	}
	return nil
}

// peekSome returns between 1 and min(limit, maxPiece) bytes of src,
// blocking only when nothing is buffered.
func peekSome(src http1.Source, limit int64) ([]byte, error) {
	if src.Len() == 0 {
		if _, err := src.Peek(1); err != nil {
			return nil, err
		}
	}
	n := int64(min(src.Len(), maxPiece))
	n = min(n, limit)
	return src.Peek(int(n))
}

// peekAtLeast returns the buffered bytes of src, at least need of them and
// at most max(need, maxPiece).
func peekAtLeast(src http1.Source, need int) ([]byte, error) {
	if src.Len() < need {
		if _, err := src.Peek(need); err != nil {
			return nil, err
		}
	}
	return src.Peek(max(need, min(src.Len(), maxPiece)))
}
