package http1

import "encoding/binary"

// fieldLine locates the parts of one field line inside a buffer.
type fieldLine struct {
	nameEnd    int // the name is b[start:nameEnd]
	valueStart int
	valueEnd   int // the value, OWS trimmed, is b[valueStart:valueEnd]
	next       int // the first byte after the line's CRLF
}

// parseFieldLine parses the field line that starts at b[start] (RFC 9112 5):
//
//	field-line = field-name ":" OWS field-value OWS CRLF
//
// It rejects a line that starts with whitespace (obs-fold, RFC 9112 5.2), whitespace
// between name and colon (RFC 9112 5.1) and a name that is not a token. It also rejects
// a value byte outside field-vchar / SP / HTAB (RFC 9110 5.5), such as CR, LF or NUL.
func parseFieldLine(b []byte, start int) (fieldLine, error) {
	var fl fieldLine
	if start < len(b) && isOWS(b[start]) {
		return fl, newError(ErrObsFold, 400, start)
	}

	i := start
	for i < len(b) && byteClass[b[i]]&classToken != 0 {
		i++
	}
	if i >= len(b) {
		return fl, newError(ErrIncompleteHead, 400, i)
	}
	if b[i] != ':' {
		return fl, nameStopError(b, start, i)
	}
	if i == start {
		return fl, newError(ErrEmptyHeaderName, 400, i)
	}
	fl.nameEnd = i
	i++

	for i < len(b) && isOWS(b[i]) {
		i++
	}
	fl.valueStart = i
	i = skipFieldValue(b, i)
	fl.valueEnd = i
	for fl.valueEnd > fl.valueStart && isOWS(b[fl.valueEnd-1]) {
		fl.valueEnd--
	}

	next, err := expectCRLF(b, i, ErrInvalidHeaderValue)
	if err != nil {
		return fl, err
	}
	fl.next = next
	return fl, nil
}

// skipFieldValue returns the index of the first byte at or after i that is not
// field-vchar, SP or HTAB. It tests eight bytes per step while no byte is a CTL; a word
// with a CTL, such as HTAB inside a value, falls back to the byte table.
func skipFieldValue(b []byte, i int) int {
	for i+8 <= len(b) && !hasCTL(binary.LittleEndian.Uint64(b[i:])) {
		i += 8
	}
	for i < len(b) && byteClass[b[i]]&classFieldValue != 0 {
		i++
	}
	return i
}

// hasCTL reports whether any of the eight bytes in w is below 0x20 or is 0x7f (DEL).
// Both tests are the exact "some byte less than n" and "some byte zero" bit tricks; bytes
// of 0x80 and above (obs-text) never match.
func hasCTL(w uint64) bool {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	below := (w - ones*0x20) & ^w & highs
	del := w ^ (ones * 0x7f)
	isDel := (del - ones) & ^del & highs
	return below|isDel != 0
}

// nameStopError classifies the byte at b[i] that ended a field name begun at start.
func nameStopError(b []byte, start, i int) error {
	c := b[i]
	if isOWS(c) {
		j := i
		for j < len(b) && isOWS(b[j]) {
			j++
		}
		if j < len(b) && b[j] == ':' && i > start {
			return newError(ErrSpaceBeforeColon, 400, i)
		}
		return newError(ErrInvalidHeaderName, 400, i)
	}
	if c == '\r' || c == '\n' {
		if _, err := expectCRLF(b, i, nil); err != nil {
			return err
		}
		// A complete line without a colon.
	}
	return newError(ErrInvalidHeaderName, 400, i)
}

// expectCRLF checks that a line ends with CRLF at b[i] and returns the index after it.
// A CR without LF is ErrBareCR, a LF without CR is ErrBareLF, the end of b is
// ErrIncompleteHead, and any other byte is otherKind (a nil otherKind means the caller
// has already seen CR or LF at i).
func expectCRLF(b []byte, i int, otherKind error) (int, error) {
	if i >= len(b) {
		return 0, newError(ErrIncompleteHead, 400, i)
	}
	switch b[i] {
	case '\r':
		if i+1 < len(b) && b[i+1] == '\n' {
			return i + 2, nil
		}
		if i+1 >= len(b) {
			return 0, newError(ErrIncompleteHead, 400, i+1)
		}
		return 0, newError(ErrBareCR, 400, i)
	case '\n':
		return 0, newError(ErrBareLF, 400, i)
	}
	return 0, newError(otherKind, 400, i)
}

// fieldParser parses the field section of a head and collects the fields that decide
// framing and persistence.
type fieldParser struct {
	request    bool // Host and Expect apply to requests only
	protoMinor int
	maxCount   int
	summary    fieldSummary
}

// parseFields parses field lines from b[pos] up to and including the empty line that
// ends the head, appending them to *hs. It returns the head length.
func (p *fieldParser) parseFields(b []byte, pos int, hs *[]Header) (int, error) {
	for {
		if pos >= len(b) {
			return 0, newError(ErrIncompleteHead, 400, pos)
		}
		if b[pos] == '\r' || b[pos] == '\n' {
			return expectCRLF(b, pos, nil) // the empty line that ends the head
		}
		if len(*hs) >= p.maxCount {
			return 0, newLimitError(ErrTooManyHeaders, 431, pos, p.maxCount)
		}

		fl, err := parseFieldLine(b, pos)
		if err != nil {
			return 0, err
		}
		h := Header{Name: b[pos:fl.nameEnd:fl.nameEnd], Value: b[fl.valueStart:fl.valueEnd:fl.valueEnd]}
		h.ID = LookupHeader(h.Name)
		h.HopByHop = fixedHopByHop(h.ID)
		if h.ID != HeaderOther {
			if err := p.observe(h.ID, h.Value, fl.valueStart); err != nil {
				return 0, err
			}
		}
		*hs = append(*hs, h)
		pos = fl.next
	}
}
