package http1

import "errors"

// Response is a parsed response head from an upstream. Every slice points into the
// response's own arena. A Response is not safe for concurrent use and must not be copied
// once parsed. Reuse one with Reset, or through AcquireResponse and ReleaseResponse.
type Response struct {
	ProtoMinor int // 0 for HTTP/1.0, 1 for HTTP/1.1 (and later 1.x)
	StatusCode int // 100 to 599
	Reason     []byte
	Headers    []Header // HopByHop is marked as for requests

	ContentLength int64 // -1 when absent and when Chunked
	Chunked       bool  // Transfer-Encoding is exactly chunked
	KeepAlive     bool  // per RFC 9112 9.3; BodyUntilClose also ends the connection
	HeadLen       int   // bytes of the head consumed

	arena []byte
}

// Reset clears the response for reuse and keeps its arena and header capacity.
func (r *Response) Reset() {
	headers := r.Headers[:0]
	arena := r.arena[:0]
	*r = Response{ContentLength: -1, Headers: headers, arena: arena}
}

// Header returns the value of the first field with id, or nil.
func (r *Response) Header(id HeaderID) []byte { return firstHeader(r.Headers, id) }

// HeaderValue returns the value of the first field named name, compared without regard
// to ASCII case, or nil. It does not allocate.
func (r *Response) HeaderValue(name []byte) []byte { return headerByName(r.Headers, name) }

// Parse copies head into the response's arena and parses it with the same field and
// framing rules as Request.Parse. Content-Length with Transfer-Encoding, conflicting
// lengths and codings other than a final chunked are errors, because a gateway that
// guessed the framing could splice the next response into this one. Every error carries
// status 502 for the gateway's client. lim may be nil for the defaults.
func (r *Response) Parse(head []byte, lim *Limits) error {
	err := r.parse(head, lim)
	if err != nil {
		var e *Error
		if errors.As(err, &e) {
			e.Status = 502
		}
	}
	return err
}

func (r *Response) parse(head []byte, lim *Limits) error {
	r.Reset()
	limits := lim.resolved()
	if len(head) > limits.MaxHeaderBytes {
		return newLimitError(ErrHeaderTooLarge, 431, limits.MaxHeaderBytes, limits.MaxHeaderBytes)
	}
	r.arena = append(r.arena, head...)
	b := r.arena

	pos, err := r.parseStatusLine(b)
	if err != nil {
		return err
	}

	p := fieldParser{protoMinor: r.ProtoMinor, maxCount: limits.MaxHeaderCount}
	p.summary.reset()
	end, err := p.parseFields(b, pos, &r.Headers)
	if err != nil {
		return err
	}
	r.HeadLen = end

	s := &p.summary
	if err := s.framingError(); err != nil {
		return err
	}
	r.ContentLength = s.contentLength
	r.Chunked = s.transferEncoding
	r.KeepAlive = s.keepAlive(r.ProtoMinor)
	markConnectionOptions(r.Headers)
	return nil
}

// parseStatusLine parses status-line = HTTP-version SP status-code SP [ reason-phrase ]
// CRLF (RFC 9112 4) and returns the index of the first field line. A line that ends
// right after the code, without the second SP, is accepted too: RFC 9112 4 lets a
// client ignore the reason-phrase, and some servers omit it with its SP.
func (r *Response) parseStatusLine(b []byte) (int, error) {
	minor, i, err := parseVersion(b, 0, ErrInvalidStatusLine)
	if err != nil {
		return 0, err
	}
	r.ProtoMinor = minor

	// status-code = 3DIGIT; only the classes 1xx to 5xx exist (RFC 9110 15).
	if len(b)-i < 4 || b[i] != ' ' || !isDigit(b[i+1]) || !isDigit(b[i+2]) || !isDigit(b[i+3]) {
		return 0, newError(ErrInvalidStatusLine, 400, i)
	}
	code := int(b[i+1]-'0')*100 + int(b[i+2]-'0')*10 + int(b[i+3]-'0')
	if code < 100 || code > 599 {
		return 0, newError(ErrInvalidStatusLine, 400, i+1)
	}
	r.StatusCode = code
	i += 4

	start := i
	if i < len(b) && b[i] == ' ' {
		i++
		start = i
		// reason-phrase = 1*( HTAB / SP / VCHAR / obs-text )
		for i < len(b) && byteClass[b[i]]&classFieldValue != 0 {
			i++
		}
	}
	r.Reason = b[start:i:i]
	return expectCRLF(b, i, ErrInvalidStatusLine)
}

// BodyMode is the framing of a response body.
type BodyMode uint8

// Body modes of RFC 9112 6.3.
const (
	BodyNone       BodyMode = iota // no body, regardless of Content-Length or Transfer-Encoding
	BodyLength                     // ContentLength bytes, possibly 0
	BodyChunked                    // chunked coding; decode with ChunkedDecoder
	BodyUntilClose                 // until the upstream closes; the connection is not reused
)

// BodyModeFor returns the framing of this response's body, given the method of the
// request it responds to (RFC 9112 6.3). There is no body for HEAD, for 1xx, 204 and
// 304, and for a 2xx response to CONNECT, which starts a tunnel. Otherwise chunked takes
// precedence, then Content-Length, and a body with neither lasts until the close.
func (r *Response) BodyModeFor(reqMethod Method) BodyMode {
	switch {
	case reqMethod == MethodHead,
		r.StatusCode < 200, r.StatusCode == 204, r.StatusCode == 304,
		reqMethod == MethodConnect && r.StatusCode < 300:
		return BodyNone
	case r.Chunked:
		return BodyChunked
	case r.ContentLength >= 0:
		return BodyLength
	}
	return BodyUntilClose
}
