package http1

import (
	"errors"
	"strconv"
)

// Error is a protocol error together with the HTTP status of the response to send.
// Messages report sizes and byte offsets, never the peer's bytes, so an Error is safe to
// log. An Error is immutable once returned and safe for concurrent reads.
type Error struct {
	// Status is the response status for the peer: 400, 413, 414, 431, 501 (unknown
	// transfer coding) or 505 (HTTP/2 and later, or a bad major version) for requests.
	// Errors from Response.Parse carry 502, because the gateway responds to its client
	// with 502 Bad Gateway when an upstream sends an invalid head.
	Status int

	// Kind is one of the Err sentinels of this package. Branch on it with errors.Is.
	Kind error

	// Offset is the byte offset where the error was detected: within the head for head
	// errors, within the chunked body for ChunkedDecoder errors. It is -1 when no single
	// position applies (a missing Host field, for example).
	Offset int

	// Limit is the configured limit that was exceeded (bytes, or fields for
	// ErrTooManyHeaders), or 0 when the error is not about a limit.
	Limit int
}

// Error formats the kind, the limit when one was exceeded, and the offset.
func (e *Error) Error() string {
	b := make([]byte, 0, 96)
	b = append(b, "http1: "...)
	if e.Kind != nil {
		b = append(b, e.Kind.Error()...)
	} else {
		b = append(b, "protocol error"...)
	}
	if e.Limit > 0 {
		b = append(b, " (limit "...)
		b = strconv.AppendInt(b, int64(e.Limit), 10)
		b = append(b, ')')
	}
	if e.Offset >= 0 {
		b = append(b, " at byte offset "...)
		b = strconv.AppendInt(b, int64(e.Offset), 10)
	}
	return string(b)
}

// Unwrap returns Kind, so errors.Is(err, ErrBareLF) works on a returned *Error.
func (e *Error) Unwrap() error { return e.Kind }

// StatusOf returns the status carried by the *Error in err's chain, 400 for any other
// non-nil error, and 0 for nil.
func StatusOf(err error) int {
	if err == nil {
		return 0
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Status
	}
	return 400
}

func newError(kind error, status, offset int) *Error {
	return &Error{Status: status, Kind: kind, Offset: offset}
}

func newLimitError(kind error, status, offset, limit int) *Error {
	return &Error{Status: status, Kind: kind, Offset: offset, Limit: limit}
}

// Line-ending and field syntax (RFC 9112 2.2, 5.1, 5.2; RFC 9110 5.5, 5.6.2).
var (
	ErrBareLF             = errors.New("bare lf line ending")
	ErrBareCR             = errors.New("bare cr")
	ErrObsFold            = errors.New("obsolete line folding or whitespace at start of field line")
	ErrSpaceBeforeColon   = errors.New("whitespace between field name and colon")
	ErrInvalidHeaderName  = errors.New("invalid header field name")
	ErrEmptyHeaderName    = errors.New("empty header field name")
	ErrInvalidHeaderValue = errors.New("invalid header field value")
	ErrIncompleteHead     = errors.New("message head does not end with an empty line")
)

// Request line (RFC 9112 3) and status line (RFC 9112 4).
var (
	ErrInvalidRequestLine = errors.New("invalid request line")
	ErrInvalidMethod      = errors.New("invalid method")
	ErrInvalidTarget      = errors.New("invalid request target")
	ErrUnsupportedVersion = errors.New("unsupported http version")
	ErrInvalidStatusLine  = errors.New("invalid status line")
)

// Size limits (see Limits and the Max constants).
var (
	ErrHeaderTooLarge = errors.New("header section too large")
	ErrTooManyHeaders = errors.New("too many header fields")
	ErrURITooLong     = errors.New("request target too long")
)

// Framing and routing fields (RFC 9112 3.2, 6; RFC 9110 8.6).
var (
	ErrContentLengthAndTransferEncoding = errors.New("both content-length and transfer-encoding present")
	ErrInvalidContentLength             = errors.New("invalid content-length")
	ErrConflictingContentLength         = errors.New("conflicting content-length values")
	// ErrUnsupportedTransferEncoding covers every rejected Transfer-Encoding. Its status is
	// 501 when chunked is the final coding but another coding that this gateway does not
	// implement precedes it ("gzip, chunked"), as RFC 9112 6.1 recommends. It is 400 when
	// chunked is not the final coding or is missing ("gzip", "identity", "chunked, gzip"),
	// because RFC 9112 6.3 requires 400 when the body length cannot be determined. It is
	// also 400 for a repeated chunked, a malformed list and Transfer-Encoding in
	// HTTP/1.0 (RFC 9112 6.1).
	ErrUnsupportedTransferEncoding = errors.New("unsupported transfer-encoding")
	ErrMissingHost                 = errors.New("missing host header field")
	ErrMultipleHost                = errors.New("multiple host header fields")
	ErrInvalidHost                 = errors.New("invalid host")
)

// Chunked body framing (RFC 9112 7.1).
var (
	ErrInvalidChunk           = errors.New("invalid chunked encoding")
	ErrChunkTooLarge          = errors.New("chunk size too large")
	ErrChunkExtensionTooLarge = errors.New("chunk extensions too large")
	ErrTrailerTooLarge        = errors.New("trailer section too large")
)
