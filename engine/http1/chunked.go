package http1

import "bytes"

// ChunkedDecoder decodes a chunked body (RFC 9112 7.1) incrementally, from buffers of
// any size and split at any byte:
//
//	chunked-body = *chunk last-chunk trailer-section CRLF
//	chunk        = chunk-size [ chunk-ext ] CRLF chunk-data CRLF
//	last-chunk   = 1*("0") [ chunk-ext ] CRLF
//
// The zero value is ready to use with the default bounds. Call Reset between bodies.
// A ChunkedDecoder is not safe for concurrent use.
type ChunkedDecoder struct {
	// MaxChunkSize bounds the size of each chunk in bytes. 0 means no bound beyond
	// int64. Exceeding it is ErrChunkTooLarge with status 413.
	MaxChunkSize int64

	state     chunkState
	size      int64 // the chunk size while reading digits, then the data bytes left
	digits    int   // hex digits of the current chunk size
	extBytes  int   // extension bytes on the current chunk-size line
	extTotal  int64 // extension bytes in the whole body
	dataTotal int64 // data bytes in the whole body
	offset    int64 // body bytes consumed by earlier calls, for error offsets

	trailers  []byte // raw trailer field lines, each with its CRLF
	lineStart int    // start of the trailer line being read, in trailers
	err       error  // sticky: every call after an error returns it
}

type chunkState uint8

const (
	stateSize          chunkState = iota // hex digits of chunk-size
	stateExtSpace                        // BWS after the size or a value; ";" must follow
	stateExtNameStart                    // after ";": BWS, then chunk-ext-name
	stateExtName                         // inside chunk-ext-name
	stateExtAfterName                    // BWS after a name; "=" or ";" must follow
	stateExtValueStart                   // after "=": BWS, then token or quoted-string
	stateExtToken                        // inside a token value
	stateExtQuoted                       // inside a quoted-string value
	stateExtQuotedPair                   // after "\" inside a quoted-string
	stateExtValueEnd                     // after a closing quote
	stateSizeLF                          // CR of the chunk-size line seen
	stateData                            // chunk-data
	stateDataCR                          // the CRLF after chunk-data
	stateDataLF
	stateTrailer // trailer-section and the final CRLF
	stateDone
)

// Reset prepares the decoder for a new body. It keeps MaxChunkSize and the capacity of
// the trailer buffer.
func (d *ChunkedDecoder) Reset() {
	*d = ChunkedDecoder{MaxChunkSize: d.MaxChunkSize, trailers: d.trailers[:0]}
}

// Trailers returns the raw trailer field lines ("name: value\r\n" each), validated as
// field lines. They are complete once Decode has reported done, and valid until Reset.
func (d *ChunkedDecoder) Trailers() []byte { return d.trailers }

// Decode consumes bytes from buf and returns how many it consumed. When chunk data is
// available it returns data, a subslice of buf that is included in consumed. One call
// returns at most one piece of data, and never data together with done. done reports
// that the last chunk and the trailer section were consumed. Bytes after them, such as a
// pipelined message, are not consumed.
// A call that consumes 0 bytes with done false and a nil err needs more input. Only an
// empty buf does that, because the decoder consumes partial framing lines too.
//
// Chunk sizes are at most 16 hex digits and checked for overflow, extensions follow the
// RFC 9112 7.1.1 grammar within MaxChunkExtensionBytes per line and
// ChunkExtensionAllowance per body, and trailers stay within MaxTrailerBytes and are
// checked like header fields. Errors are *Error values with the body offset; after an
// error every call returns the same error.
func (d *ChunkedDecoder) Decode(buf []byte) (consumed int, data []byte, done bool, err error) {
	if d.err != nil {
		return 0, nil, false, d.err
	}
	if d.state == stateDone {
		return 0, nil, true, nil
	}
	i := 0
	for i < len(buf) {
		switch d.state {
		case stateData:
			n := int(min(d.size, int64(len(buf)-i)))
			data = buf[i : i+n : i+n]
			i += n
			d.size -= int64(n)
			d.dataTotal += int64(n)
			if d.size == 0 {
				d.state = stateDataCR
			}
			d.offset += int64(i)
			return i, data, false, nil

		case stateTrailer:
			n, err := d.readTrailer(buf[i:], d.offset+int64(i))
			i += n
			if err != nil {
				return d.fail(err)
			}
			if d.state == stateDone {
				d.offset += int64(i)
				return i, nil, true, nil
			}

		default:
			if err := d.step(buf[i]); err != nil {
				return d.fail(newChunkError(err, d.offset+int64(i)))
			}
			i++
		}
	}
	d.offset += int64(i)
	return i, nil, false, nil
}

func (d *ChunkedDecoder) fail(err error) (int, []byte, bool, error) {
	d.err = err
	return 0, nil, false, err
}

// chunkError is a framing error before its body offset is known.
type chunkError struct {
	kind   error
	status int
	limit  int
}

func (e *chunkError) Error() string { return e.kind.Error() }

func newChunkError(err error, offset int64) error {
	ce := err.(*chunkError)
	return &Error{Status: ce.status, Kind: ce.kind, Offset: int(offset), Limit: ce.limit}
}

var (
	errChunkSyntax     = &chunkError{kind: ErrInvalidChunk, status: 400}
	errChunkOverflow   = &chunkError{kind: ErrChunkTooLarge, status: 400}
	errChunkLeadZeros  = &chunkError{kind: ErrInvalidChunk, status: 400, limit: maxChunkSizeDigits}
	errExtLineTooLarge = &chunkError{kind: ErrChunkExtensionTooLarge, status: 400, limit: MaxChunkExtensionBytes}
	errExtBodyTooLarge = &chunkError{kind: ErrChunkExtensionTooLarge, status: 400, limit: ChunkExtensionAllowance}
)

// maxChunkSizeDigits bounds chunk-size: 16 hex digits hold any int64, so more digits are
// only padding, which a peer could use to stall the decoder.
const maxChunkSizeDigits = 16

// step advances the framing state machine by one byte of a chunk-size line or of the
// CRLF after chunk data.
func (d *ChunkedDecoder) step(c byte) error {
	switch d.state {
	case stateSize:
		return d.stepSize(c)
	case stateSizeLF:
		if c != '\n' {
			return errChunkSyntax
		}
		return d.endSizeLine()
	case stateDataCR:
		if c != '\r' {
			return errChunkSyntax
		}
		d.state = stateDataLF
	case stateDataLF:
		if c != '\n' {
			return errChunkSyntax
		}
		d.state = stateSize
		d.size, d.digits, d.extBytes = 0, 0, 0
	default:
		return d.stepExtension(c)
	}
	return nil
}

// stepSize reads chunk-size = 1*HEXDIG and the byte after it.
func (d *ChunkedDecoder) stepSize(c byte) error {
	if byteClass[c]&classHex != 0 {
		d.digits++
		if d.digits > maxChunkSizeDigits {
			return errChunkLeadZeros
		}
		if d.size > (1<<63-1)>>4 {
			return errChunkOverflow
		}
		d.size = d.size<<4 | int64(hexValue(c))
		if d.MaxChunkSize > 0 && d.size > d.MaxChunkSize {
			return &chunkError{kind: ErrChunkTooLarge, status: 413, limit: int(d.MaxChunkSize)}
		}
		return nil
	}
	if d.digits == 0 {
		return errChunkSyntax
	}
	if c == '\r' {
		d.state = stateSizeLF
		return nil
	}
	return d.stepExtension(c)
}

// endSizeLine starts the chunk data, or the trailer section after the last chunk.
func (d *ChunkedDecoder) endSizeLine() error {
	if d.size == 0 {
		d.state = stateTrailer
		d.trailers = d.trailers[:0]
		d.lineStart = 0
		return nil
	}
	d.state = stateData
	return nil
}

func hexValue(c byte) byte {
	switch {
	case c <= '9':
		return c - '0'
	case c <= 'F':
		return c - 'A' + 10
	}
	return c - 'a' + 10
}

// stepExtension reads one byte of chunk-ext (RFC 9112 7.1.1):
//
//	chunk-ext      = *( BWS ";" BWS chunk-ext-name [ BWS "=" BWS chunk-ext-val ] )
//	chunk-ext-name = token
//	chunk-ext-val  = token / quoted-string
//
// stateSize hands over the first byte after the size digits.
func (d *ChunkedDecoder) stepExtension(c byte) error {
	if c == '\r' {
		switch d.state {
		case stateSize, stateExtName, stateExtToken, stateExtValueEnd:
			d.state = stateSizeLF
			return nil
		}
		if d.state != stateExtQuoted {
			return errChunkSyntax
		}
	}
	if err := d.countExtensionByte(); err != nil {
		return err
	}
	next, ok := nextExtensionState(d.state, c)
	if !ok {
		return errChunkSyntax
	}
	d.state = next
	return nil
}

func (d *ChunkedDecoder) countExtensionByte() error {
	d.extBytes++
	d.extTotal++
	if d.extBytes > MaxChunkExtensionBytes {
		return errExtLineTooLarge
	}
	if d.extTotal-d.dataTotal > ChunkExtensionAllowance {
		return errExtBodyTooLarge
	}
	return nil
}

// nextExtensionState is the transition table of the chunk-ext grammar for bytes other
// than the CR that ends the line.
func nextExtensionState(s chunkState, c byte) (chunkState, bool) {
	token := byteClass[c]&classToken != 0
	switch s {
	case stateSize, stateExtSpace, stateExtToken, stateExtValueEnd:
		switch {
		case c == ';':
			return stateExtNameStart, true
		case isOWS(c):
			return stateExtSpace, true
		case token && s == stateExtToken:
			return stateExtToken, true
		}
	case stateExtNameStart:
		switch {
		case isOWS(c):
			return stateExtNameStart, true
		case token:
			return stateExtName, true
		}
	case stateExtName, stateExtAfterName:
		switch {
		case token && s == stateExtName:
			return stateExtName, true
		case isOWS(c):
			return stateExtAfterName, true
		case c == '=':
			return stateExtValueStart, true
		case c == ';':
			return stateExtNameStart, true
		}
	case stateExtValueStart:
		switch {
		case isOWS(c):
			return stateExtValueStart, true
		case c == '"':
			return stateExtQuoted, true
		case token:
			return stateExtToken, true
		}
	case stateExtQuoted:
		switch {
		case c == '"':
			return stateExtValueEnd, true
		case c == '\\':
			return stateExtQuotedPair, true
		case byteClass[c]&classFieldValue != 0: // qdtext
			return stateExtQuoted, true
		}
	case stateExtQuotedPair:
		if byteClass[c]&classFieldValue != 0 { // quoted-pair = "\" ( HTAB / SP / VCHAR / obs-text )
			return stateExtQuoted, true
		}
	}
	return s, false
}

// readTrailer copies trailer bytes from buf into d.trailers, validating each complete
// field line (RFC 9112 7.1.2), until the empty line that ends the body. It returns the
// bytes consumed. base is the body offset of buf[0].
func (d *ChunkedDecoder) readTrailer(buf []byte, base int64) (int, error) {
	consumed := 0
	for consumed < len(buf) {
		rest := buf[consumed:]
		piece := rest
		lf := bytes.IndexByte(rest, '\n')
		if lf >= 0 {
			piece = rest[:lf+1]
		}
		// The buffer may hold the final CRLF beyond MaxTrailerBytes.
		if len(d.trailers)+len(piece) > MaxTrailerBytes+2 {
			return consumed, newLimitError(ErrTrailerTooLarge, 400, int(base)+consumed, MaxTrailerBytes)
		}
		d.trailers = append(d.trailers, piece...)
		consumed += len(piece)
		if lf < 0 {
			return consumed, nil
		}
		if err := d.endTrailerLine(base + int64(consumed)); err != nil {
			return consumed, err
		}
		if d.state == stateDone {
			return consumed, nil
		}
	}
	return consumed, nil
}

// endTrailerLine checks the trailer line that a LF just completed. end is the body
// offset just after the LF.
func (d *ChunkedDecoder) endTrailerLine(end int64) error {
	line := d.trailers[d.lineStart:]
	lineOffset := end - int64(len(line))
	if len(line) < 2 || line[len(line)-2] != '\r' {
		return newError(ErrBareLF, 400, int(lineOffset)+len(line)-1)
	}
	if len(line) == 2 { // the empty line that ends the chunked body
		d.trailers = d.trailers[:d.lineStart]
		d.state = stateDone
		return nil
	}
	if _, err := parseFieldLine(d.trailers, d.lineStart); err != nil {
		if e, ok := err.(*Error); ok {
			e.Offset = int(lineOffset) + e.Offset - d.lineStart
		}
		return err
	}
	if len(d.trailers) > MaxTrailerBytes {
		return newLimitError(ErrTrailerTooLarge, 400, int(lineOffset), MaxTrailerBytes)
	}
	d.lineStart = len(d.trailers)
	return nil
}
