package http1

import "math"

// fieldSummary collects the fields that decide framing, persistence and routing.
type fieldSummary struct {
	contentLength       int64 // -1 when absent
	contentLengthOffset int

	transferEncoding       bool // a Transfer-Encoding field was present
	transferEncodingOffset int
	chunkedLast            bool // the last coding so far is chunked
	chunkedCount           int
	otherCoding            bool // a coding other than chunked appeared

	connectionClose     bool
	connectionKeepAlive bool

	hostCount int
	host      []byte

	expect100   bool
	expectOther bool
}

func (s *fieldSummary) reset() {
	*s = fieldSummary{contentLength: -1}
}

// observe folds one known field into the summary. offset is where value starts.
func (p *fieldParser) observe(id HeaderID, value []byte, offset int) error {
	s := &p.summary
	switch id {
	case HeaderContentLength:
		return s.observeContentLength(value, offset)
	case HeaderTransferEncoding:
		return s.observeTransferEncoding(p.protoMinor, value, offset)
	case HeaderConnection:
		return s.observeConnection(value, offset)
	case HeaderHost:
		if p.request {
			return s.observeHost(value, offset)
		}
	case HeaderExpect:
		if p.request {
			s.observeExpect(p.protoMinor, value)
		}
	}
	return nil
}

// observeContentLength accepts Content-Length = 1*DIGIT, and a list or repeated field
// lines of one identical value, which RFC 9110 8.6 lets a recipient treat as one value.
// Anything else (a sign, inner whitespace, an empty element, a value beyond int64, or
// two different values) is rejected, because peers that pick different values disagree
// on where the body ends.
func (s *fieldSummary) observeContentLength(value []byte, offset int) error {
	rest := value
	for {
		var elem []byte
		elem, rest = nextListElement(rest)
		n, ok := parseDecimal(elem)
		if !ok {
			return newError(ErrInvalidContentLength, 400, offset)
		}
		if s.contentLength >= 0 && n != s.contentLength {
			return newError(ErrConflictingContentLength, 400, offset)
		}
		s.contentLength = n
		s.contentLengthOffset = offset
		if rest == nil {
			return nil
		}
	}
}

// parseDecimal parses 1*DIGIT into a non-negative int64, rejecting overflow.
func parseDecimal(b []byte) (int64, bool) {
	if len(b) == 0 {
		return 0, false
	}
	var n int64
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		d := int64(c - '0')
		if n > (math.MaxInt64-d)/10 {
			return 0, false
		}
		n = n*10 + d
	}
	return n, true
}

// observeTransferEncoding records the codings of one Transfer-Encoding field line.
// Lines combine into one list in order (RFC 9110 5.3). The verdict on the whole list is
// given by transferEncodingError once all fields are read.
func (s *fieldSummary) observeTransferEncoding(protoMinor int, value []byte, offset int) error {
	// RFC 9112 6.1: a Transfer-Encoding in an HTTP/1.0 message means faulty framing,
	// because HTTP/1.0 peers do not implement it.
	if protoMinor == 0 {
		return newError(ErrUnsupportedTransferEncoding, 400, offset)
	}
	if !s.transferEncoding {
		s.transferEncoding = true
		s.transferEncodingOffset = offset
	}
	rest := value
	for rest != nil {
		var elem []byte
		elem, rest = nextListElement(rest)
		if len(elem) == 0 {
			continue // RFC 9110 5.6.1: empty list elements are ignored
		}
		chunked, ok := parseTransferCoding(elem)
		if !ok {
			return newError(ErrUnsupportedTransferEncoding, 400, offset)
		}
		if !chunked {
			s.otherCoding = true
			s.chunkedLast = false
			continue
		}
		// RFC 9112 6.1: a sender never applies chunked twice.
		if s.chunkedCount > 0 {
			return newError(ErrUnsupportedTransferEncoding, 400, offset)
		}
		s.chunkedCount++
		s.chunkedLast = true
	}
	return nil
}

// parseTransferCoding checks one transfer-coding (RFC 9112 7):
//
//	transfer-coding    = token *( OWS ";" OWS transfer-parameter )
//	transfer-parameter = token BWS "=" BWS token
//
// and reports whether it is exactly chunked, which takes no parameters. Quoted parameter
// values are rejected: no coding this gateway accepts has parameters, and rejecting
// quotes keeps a comma inside quotes from splitting the list differently than a peer.
func parseTransferCoding(elem []byte) (chunked, ok bool) {
	i := 0
	for i < len(elem) && byteClass[elem[i]]&classToken != 0 {
		i++
	}
	if i == 0 {
		return false, false
	}
	if i == len(elem) {
		return equalFoldLower(elem, "chunked"), true
	}
	for rest := elem[i:]; len(rest) > 0; {
		var param []byte
		var ok bool
		param, rest, ok = cutParameter(rest)
		if !ok || !validParameter(param) {
			return false, false
		}
	}
	return false, true
}

// cutParameter splits `OWS ";" OWS param` off the front of b.
func cutParameter(b []byte) (param, rest []byte, ok bool) {
	b = trimOWS(b)
	if len(b) == 0 || b[0] != ';' {
		return nil, nil, false
	}
	b = b[1:]
	for i, c := range b {
		if c == ';' {
			return trimOWS(b[:i]), b[i:], true
		}
	}
	return trimOWS(b), nil, true
}

// validParameter checks `token BWS "=" BWS token`.
func validParameter(p []byte) bool {
	for i, c := range p {
		if c == '=' {
			return isToken(trimOWS(p[:i])) && isToken(trimOWS(p[i+1:]))
		}
	}
	return false
}

// transferEncodingError returns the error for a Transfer-Encoding list that is not a
// single final chunked, once all fields are read. See ErrUnsupportedTransferEncoding for
// the choice between 400 and 501.
func (s *fieldSummary) transferEncodingError() error {
	switch {
	case !s.chunkedLast:
		return newError(ErrUnsupportedTransferEncoding, 400, s.transferEncodingOffset)
	case s.otherCoding:
		return newError(ErrUnsupportedTransferEncoding, 501, s.transferEncodingOffset)
	}
	return nil
}

// observeConnection records the close and keep-alive options (RFC 9112 9.3) and checks
// that the value is a list of tokens (RFC 9110 7.6.1). The other options are marked as
// hop-by-hop names after all fields are read.
func (s *fieldSummary) observeConnection(value []byte, offset int) error {
	rest := value
	for rest != nil {
		var option []byte
		option, rest = nextListElement(rest)
		switch {
		case len(option) == 0:
		case !isToken(option):
			return newError(ErrInvalidHeaderValue, 400, offset)
		case equalFoldLower(option, "close"):
			s.connectionClose = true
		case equalFoldLower(option, "keep-alive"):
			s.connectionKeepAlive = true
		}
	}
	return nil
}

// observeHost enforces RFC 9112 3.2: a server responds with 400 to a request with more
// than one Host field line or with an invalid Host value.
func (s *fieldSummary) observeHost(value []byte, offset int) error {
	s.hostCount++
	if s.hostCount > 1 {
		return newError(ErrMultipleHost, 400, offset)
	}
	if !validHost(value) {
		return newError(ErrInvalidHost, 400, offset)
	}
	s.host = value
	return nil
}

// observeExpect records Expect options, compared without regard to case (RFC 9110
// 10.1.1). A 100-continue in an HTTP/1.0 request is ignored, as the same section
// requires.
func (s *fieldSummary) observeExpect(protoMinor int, value []byte) {
	rest := value
	for rest != nil {
		var elem []byte
		elem, rest = nextListElement(rest)
		switch {
		case len(elem) == 0:
		case equalFoldLower(elem, "100-continue"):
			if protoMinor >= 1 {
				s.expect100 = true
			}
		default:
			s.expectOther = true
		}
	}
}

// keepAlive resolves persistence (RFC 9112 9.3): a close option ends the connection, an
// HTTP/1.1 message persists by default, and an HTTP/1.0 message persists only with a
// keep-alive option.
func (s *fieldSummary) keepAlive(protoMinor int) bool {
	if s.connectionClose {
		return false
	}
	return protoMinor >= 1 || s.connectionKeepAlive
}

// framingError applies the checks that need every field: Content-Length together with
// Transfer-Encoding (RFC 9112 6.1 lets a server reject it, and a gateway must, because
// the pair is the request-smuggling signature), then the Transfer-Encoding verdict.
func (s *fieldSummary) framingError() error {
	if !s.transferEncoding {
		return nil
	}
	if s.contentLength >= 0 {
		return newError(ErrContentLengthAndTransferEncoding, 400, max(s.contentLengthOffset, s.transferEncodingOffset))
	}
	return s.transferEncodingError()
}
