package http1

// Method is a request method recognised by the gateway. Methods are case-sensitive
// (RFC 9110 9.1), so "get" is MethodOther.
type Method uint8

// Methods of RFC 9110 9.3 and RFC 5789 (PATCH). Any other valid token is MethodOther.
const (
	MethodOther Method = iota
	MethodGet
	MethodHead
	MethodPost
	MethodPut
	MethodDelete
	MethodConnect
	MethodOptions
	MethodTrace
	MethodPatch
)

// Idempotent reports whether the method is idempotent (RFC 9110 9.2.2): GET, HEAD,
// OPTIONS, TRACE, PUT and DELETE.
func (m Method) Idempotent() bool {
	switch m {
	case MethodGet, MethodHead, MethodOptions, MethodTrace, MethodPut, MethodDelete:
		return true
	}
	return false
}

func lookupMethod(b []byte) Method {
	switch string(b) { // the compiler does not allocate for a switch on string(b)
	case "GET":
		return MethodGet
	case "HEAD":
		return MethodHead
	case "POST":
		return MethodPost
	case "PUT":
		return MethodPut
	case "DELETE":
		return MethodDelete
	case "CONNECT":
		return MethodConnect
	case "OPTIONS":
		return MethodOptions
	case "TRACE":
		return MethodTrace
	case "PATCH":
		return MethodPatch
	}
	return MethodOther
}

// initialHeaderCap is the header capacity of a new pooled Request or Response; browsers
// send 10 to 25 fields. More fields grow the slice once, and the pool keeps it.
const initialHeaderCap = 32

// Request is a parsed request head. Every slice points into the request's own arena, a
// copy of the head, so the caller may reuse the network buffer right after Parse. A
// Request is not safe for concurrent use and must not be copied once parsed, because
// the copy would share the arena. Reuse one with Reset, or through AcquireRequest and
// ReleaseRequest, which keep the arena's capacity.
type Request struct {
	Method     Method
	MethodName []byte // as sent, a token

	// Target is the raw request-target. Path is its path part (before "?"), raw: the
	// path of an origin-form target, "*" for OPTIONS *, the path of an absolute-form
	// target ("/" when it has none, RFC 9110 4.2.3), and empty for the authority-form
	// of CONNECT. Query is the part after "?", without it, and nil when there is no
	// "?".
	Target []byte
	Path   []byte
	Query  []byte

	ProtoMinor int // 0 for HTTP/1.0, 1 for HTTP/1.1 (and later 1.x, RFC 9110 2.5)
	Headers    []Header

	// Host is the Host field value, or the authority of an absolute-form target, which
	// takes precedence over the field (RFC 9112 3.2.2).
	Host []byte

	// ContentLength is the body length, -1 when absent and when Chunked. A head may
	// repeat one identical value, so forward ContentLength, not the raw field lines.
	ContentLength int64
	Chunked       bool // Transfer-Encoding is exactly chunked
	KeepAlive     bool // the connection persists after this exchange (RFC 9112 9.3)

	// Expect100 is set for "Expect: 100-continue" in HTTP/1.1. ExpectOther is set for
	// any other expectation, which a server may reject with 417 (RFC 9110 10.1.1).
	Expect100   bool
	ExpectOther bool

	HeadLen int // bytes of the head consumed, including leading empty lines

	arena []byte
}

// Reset clears the request for reuse and keeps its arena and header capacity.
func (r *Request) Reset() {
	headers := r.Headers[:0]
	arena := r.arena[:0]
	*r = Request{ContentLength: -1, Headers: headers, arena: arena}
}

// HasBody reports whether a body follows the head.
func (r *Request) HasBody() bool { return r.ContentLength > 0 || r.Chunked }

// Header returns the value of the first field with id, or nil.
func (r *Request) Header(id HeaderID) []byte { return firstHeader(r.Headers, id) }

// HeaderValue returns the value of the first field named name, compared without regard
// to ASCII case, or nil. It does not allocate.
func (r *Request) HeaderValue(name []byte) []byte { return headerByName(r.Headers, name) }

// Parse copies head (the bytes HeadEnd measured) into the request's arena and parses it
// in one pass, replacing any earlier content. lim may be nil for the defaults. Parse
// does not allocate once the arena and header slice have grown to the head's size.
//
// On error, the request's fields are unspecified until the next Parse or Reset. The
// *Error carries the status of the response to send, and the server then closes the
// connection, because the framing of what follows cannot be trusted.
func (r *Request) Parse(head []byte, lim *Limits) error {
	r.Reset()
	limits := lim.resolved()
	if len(head) > limits.MaxHeaderBytes {
		return newLimitError(ErrHeaderTooLarge, 431, limits.MaxHeaderBytes, limits.MaxHeaderBytes)
	}
	r.arena = append(r.arena, head...)
	b := r.arena

	pos, err := r.parseRequestLine(b, skipEmptyLines(b), limits.MaxURIBytes)
	if err != nil {
		return err
	}

	p := fieldParser{request: true, protoMinor: r.ProtoMinor, maxCount: limits.MaxHeaderCount}
	p.summary.reset()
	end, err := p.parseFields(b, pos, &r.Headers)
	if err != nil {
		return err
	}
	r.HeadLen = end
	return r.applySummary(&p.summary)
}

// skipEmptyLines returns the index after the CRLFs that precede the start line
// (RFC 9112 2.2).
func skipEmptyLines(b []byte) int {
	i := 0
	for i+1 < len(b) && b[i] == '\r' && b[i+1] == '\n' {
		i += 2
	}
	return i
}

// applySummary checks the rules that need every field and fills in the framing fields.
func (r *Request) applySummary(s *fieldSummary) error {
	// RFC 9112 3.2: an HTTP/1.1 request without Host gets a 400.
	if r.ProtoMinor >= 1 && s.hostCount == 0 {
		return newError(ErrMissingHost, 400, -1)
	}
	if err := s.framingError(); err != nil {
		return err
	}
	if r.Host == nil { // an absolute-form authority takes precedence
		r.Host = s.host
	}
	r.ContentLength = s.contentLength
	r.Chunked = s.transferEncoding
	r.KeepAlive = s.keepAlive(r.ProtoMinor)
	r.Expect100 = s.expect100
	r.ExpectOther = s.expectOther
	markConnectionOptions(r.Headers)
	return nil
}

// parseRequestLine parses request-line = method SP request-target SP HTTP-version CRLF
// (RFC 9112 3) at b[pos], with exactly one SP between the parts, and returns the index
// of the first field line.
func (r *Request) parseRequestLine(b []byte, pos, maxURI int) (int, error) {
	i := pos
	for i < len(b) && byteClass[b[i]]&classToken != 0 {
		i++
	}
	if i == pos || i >= len(b) || b[i] != ' ' {
		return 0, requestLineError(b, i, ErrInvalidMethod)
	}
	r.MethodName = b[pos:i:i]
	r.Method = lookupMethod(r.MethodName)
	i++

	start := i
	for i < len(b) && byteClass[b[i]]&classTarget != 0 {
		if i-start >= maxURI {
			return 0, newLimitError(ErrURITooLong, 414, i, maxURI)
		}
		i++
	}
	if i == start || i >= len(b) || b[i] != ' ' {
		return 0, requestLineError(b, i, ErrInvalidTarget)
	}
	r.Target = b[start:i:i]
	i++

	// The version goes first, so that an HTTP/2 preface ("PRI * HTTP/2.0") is a 505.
	minor, next, err := parseVersion(b, i, ErrInvalidRequestLine)
	if err != nil {
		return 0, err
	}
	r.ProtoMinor = minor
	next, err = expectCRLF(b, next, ErrInvalidRequestLine)
	if err != nil {
		return 0, err
	}
	if err := r.parseTarget(start); err != nil {
		return 0, err
	}
	return next, nil
}

// requestLineError classifies the byte that ended a request-line part early: a line
// break is a bare CR or LF or a missing part, and any other byte belongs to the part.
func requestLineError(b []byte, i int, kind error) error {
	switch {
	case i >= len(b):
		return newError(ErrIncompleteHead, 400, i)
	case b[i] == '\r' || b[i] == '\n':
		if _, err := expectCRLF(b, i, nil); err != nil {
			return err
		}
		return newError(ErrInvalidRequestLine, 400, i)
	case b[i] == ' ':
		return newError(ErrInvalidRequestLine, 400, i) // an empty part or a second SP
	}
	return newError(kind, 400, i)
}

// parseVersion parses HTTP-version = "HTTP/" DIGIT "." DIGIT (RFC 9112 2.3) at b[i]. The
// name is case-sensitive. Major version 1 is accepted with any minor version, treated as
// the highest minor this codec implements (RFC 9110 2.5). Other major versions are 505.
// A malformed version is syntaxKind.
func parseVersion(b []byte, i int, syntaxKind error) (minor, next int, err error) {
	const prefix = "HTTP/"
	if len(b)-i < len(prefix)+3 || string(b[i:i+len(prefix)]) != prefix {
		return 0, 0, newError(syntaxKind, 400, i)
	}
	v := b[i+len(prefix):]
	if !isDigit(v[0]) || v[1] != '.' || !isDigit(v[2]) {
		return 0, 0, newError(syntaxKind, 400, i)
	}
	if v[0] != '1' {
		return 0, 0, newError(ErrUnsupportedVersion, 505, i)
	}
	return min(int(v[2]-'0'), 1), i + len(prefix) + 3, nil
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }
