package upstream

import (
	"errors"
	"fmt"
	"time"

	"gatehouse/engine/http1"
)

// readResponseHead reads and parses the final response head, skipping
// interim 1xx responses. got counts response bytes received, so a caller
// can tell a connection that died silently from one that responded.
func (u *Upstream) readResponseHead(conn *Conn, resp *http1.Response) (got int, err error) {
	return u.readResponseHeadWithin(conn, resp, u.opts.ResponseHeaderTimeout)
}

// readResponseHeadWithin is readResponseHead with its own deadline.
func (u *Upstream) readResponseHeadWithin(conn *Conn, resp *http1.Response, wait time.Duration) (got int, err error) {
	_ = conn.nc.SetReadDeadline(time.Now().Add(wait))
	src := conn.nc.Reader()
	for {
		head, err := http1.ReadHead(src, maxResponseHeadBytes)
		if err != nil {
			got += src.Len()
			switch {
			case isTimeout(err):
				return got, fmt.Errorf("%w: no response head from %s within %s", ErrResponseTimeout, conn.pool.addr, wait)
			case isEOF(err) && got == 0:
				return 0, fmt.Errorf("%w: %s closed the connection before responding", ErrUpstreamIO, conn.pool.addr)
			case errors.As(err, new(*http1.Error)):
				return got, fmt.Errorf("%w: from %s: %w", ErrBadResponse, conn.pool.addr, err)
			default:
				return got, fmt.Errorf("%w: reading response from %s: %w", ErrUpstreamIO, conn.pool.addr, err)
			}
		}
		got += len(head)
		resp.Reset()
		if err := resp.Parse(head, nil); err != nil {
			return got, fmt.Errorf("%w: from %s: %w", ErrBadResponse, conn.pool.addr, err)
		}
		_ = src.Skip(len(head))
		_ = src.Release()
		switch {
		case resp.StatusCode == 101:
			// Upgrade is hop-by-hop and never forwarded, so a switch of
			// protocols was not requested.
			return got, fmt.Errorf("%w: unrequested 101 from %s", ErrBadResponse, conn.pool.addr)
		case resp.StatusCode < 200:
			continue // 100 Continue, 102, 103: interim, not relayed
		}
		return got, nil
	}
}

// relayResponse writes the response head and streams the body to the
// client, then returns conn to its pool or closes it.
func (u *Upstream) relayResponse(conn *Conn, r *Request, resp *http1.Response, res *Result) error {
	_ = conn.nc.SetReadTimeout(u.opts.BodyTimeout) // replaces the head deadline
	mode := resp.BodyModeFor(r.Head.Method)
	clientHTTP10 := r.Head.ProtoMinor == 0
	// A body without a length is re-chunked for HTTP/1.1 clients; an
	// HTTP/1.0 client can only learn its end from the connection closing.
	rechunk := !clientHTTP10 && (mode == http1.BodyChunked || mode == http1.BodyUntilClose)
	if clientHTTP10 && (mode == http1.BodyChunked || mode == http1.BodyUntilClose) {
		res.KeepAlive = false
	}
	res.Status = resp.StatusCode

	outp := getBuffer()
	defer putBuffer(outp)
	out := appendResponseHead((*outp)[:0], r, resp, mode, rechunk, res.KeepAlive)

	var err error
	switch mode {
	case http1.BodyNone:
		err = u.flushClient(r, out, res)
	case http1.BodyLength:
		err = u.relayLength(conn, r, resp.ContentLength, out, res)
	case http1.BodyChunked:
		err = u.relayChunked(conn, r, out, rechunk, res)
	default:
		err = u.relayUntilClose(conn, r, out, rechunk, res)
	}
	*outp = out[:0]
	if err != nil {
		res.KeepAlive = false
		return err
	}
	if mode == http1.BodyUntilClose || !resp.KeepAlive {
		conn.pool.Discard(conn)
	} else {
		conn.pool.Put(conn, u.now())
	}
	return nil
}

func appendResponseHead(dst []byte, r *Request, resp *http1.Response, mode http1.BodyMode, rechunk, keepAlive bool) []byte {
	dst = http1.AppendStatusLine(dst, resp.StatusCode)
	for i := range resp.Headers {
		h := &resp.Headers[i]
		if h.HopByHop {
			continue
		}
		switch h.ID {
		case http1.HeaderContentLength, http1.HeaderTransferEncoding, http1.HeaderXRequestID:
			continue
		}
		dst = http1.AppendHeader(dst, h.Name, h.Value)
	}
	switch {
	case mode == http1.BodyLength:
		dst = appendContentLength(dst, resp.ContentLength)
	case mode == http1.BodyNone && resp.ContentLength >= 0 && resp.StatusCode != 204:
		// HEAD and 304 keep the length of the representation (RFC 9110
		// 8.6); no body follows.
		dst = appendContentLength(dst, resp.ContentLength)
	case rechunk:
		dst = append(dst, "Transfer-Encoding: chunked\r\n"...)
	}
	if !keepAlive {
		dst = append(dst, "Connection: close\r\n"...)
	} else if r.Head.ProtoMinor == 0 {
		dst = append(dst, "Connection: keep-alive\r\n"...)
	}
	dst = append(dst, "X-Request-Id: "...)
	dst = append(dst, r.RequestID...)
	return append(dst, "\r\n\r\n"...)
}

func appendContentLength(dst []byte, n int64) []byte {
	dst = append(dst, "Content-Length: "...)
	dst = appendInt(dst, n)
	return append(dst, "\r\n"...)
}

// flushClient writes b to the client and flushes. b must stay unchanged
// until it returns.
func (u *Upstream) flushClient(r *Request, b []byte, res *Result) error {
	res.Sent = true
	if _, err := r.Client.WriteBinary(b); err != nil {
		return fmt.Errorf("%w: %w", ErrClientWrite, err)
	}
	if err := r.Client.Flush(); err != nil {
		return fmt.Errorf("%w: %w", ErrClientWrite, err)
	}
	return nil
}

// peekUpstream returns at least need buffered response bytes and at most
// max(need, maxPiece), waiting up to the body timeout for each arrival.
func (u *Upstream) peekUpstream(conn *Conn, need int) ([]byte, error) {
	return peekAtLeast(conn.nc.Reader(), need)
}

// consume drops n relayed bytes from conn's read buffer and frees them.
func consume(conn *Conn, n int) {
	r := conn.nc.Reader()
	_ = r.Skip(n)
	_ = r.Release()
}

func (u *Upstream) relayLength(conn *Conn, r *Request, length int64, out []byte, res *Result) error {
	// Common case: the whole body is buffered and small, so head and body
	// go out in one write.
	if length <= maxPiece && int64(conn.nc.Reader().Len()) >= length {
		body, _ := conn.nc.Reader().Peek(int(length))
		out = append(out, body...)
		consume(conn, int(length))
		res.BodyBytes = length
		return u.flushClient(r, out, res)
	}
	if err := u.flushClient(r, out, res); err != nil {
		return err
	}
	remaining := length
	for remaining > 0 {
		data, err := u.peekUpstream(conn, 1)
		if err != nil {
			return fmt.Errorf("%w: response body from %s ended %d bytes short: %w", ErrUpstreamIO, conn.pool.addr, remaining, err)
		}
		data = data[:min(int64(len(data)), remaining)]
		if err := u.flushClient(r, data, res); err != nil {
			return err
		}
		consume(conn, len(data))
		remaining -= int64(len(data))
		res.BodyBytes += int64(len(data))
	}
	return nil
}

func (u *Upstream) relayChunked(conn *Conn, r *Request, out []byte, rechunk bool, res *Result) error {
	var dec http1.ChunkedDecoder
	need := 1
	for {
		buf, err := u.peekUpstream(conn, need)
		if err != nil {
			return fmt.Errorf("%w: chunked response from %s: %w", ErrUpstreamIO, conn.pool.addr, err)
		}
		consumed, data, done, err := dec.Decode(buf)
		if err != nil {
			return fmt.Errorf("%w: chunked response from %s: %w", ErrBadResponse, conn.pool.addr, err)
		}
		if consumed == 0 && !done {
			need = len(buf) + 1
			continue
		}
		need = 1
		out = appendBodyPiece(out, data, rechunk)
		res.BodyBytes += int64(len(data))
		if done && rechunk {
			out = http1.AppendLastChunk(out, dec.Trailers())
		}
		// Write before Discard: data points into the read buffer.
		if done || len(out) >= maxPiece || conn.nc.Reader().Len() == consumed {
			if err := u.flushClient(r, out, res); err != nil {
				return err
			}
			out = out[:0]
		}
		consume(conn, consumed)
		if done {
			return nil
		}
	}
}

func (u *Upstream) relayUntilClose(conn *Conn, r *Request, out []byte, rechunk bool, res *Result) error {
	for {
		data, err := u.peekUpstream(conn, 1)
		if isEOF(err) {
			if rechunk {
				out = http1.AppendLastChunk(out, nil)
			}
			return u.flushClient(r, out, res)
		}
		if err != nil {
			return fmt.Errorf("%w: response body from %s: %w", ErrUpstreamIO, conn.pool.addr, err)
		}
		data = data[:min(len(data), maxPiece)]
		out = appendBodyPiece(out, data, rechunk)
		res.BodyBytes += int64(len(data))
		if err := u.flushClient(r, out, res); err != nil {
			return err
		}
		out = out[:0]
		consume(conn, len(data))
	}
}

func appendBodyPiece(out, data []byte, rechunk bool) []byte {
	if len(data) == 0 {
		return out
	}
	if !rechunk {
		return append(out, data...)
	}
	out = http1.AppendChunkHeader(out, len(data))
	out = append(out, data...)
	return append(out, "\r\n"...)
}
