package http1

import "strconv"

// The Append functions serialize without allocating beyond growing dst. They are safe
// for concurrent use on distinct dst slices.

// AppendStatusLine appends "HTTP/1.1 <code> <reason>\r\n" (RFC 9112 4). An unregistered
// code gets an empty reason, which the grammar allows. code must be 100 to 999: other
// values would not be the three digits the grammar requires.
func AppendStatusLine(dst []byte, code int) []byte {
	dst = append(dst, "HTTP/1.1 "...)
	dst = strconv.AppendInt(dst, int64(code), 10)
	dst = append(dst, ' ')
	dst = append(dst, StatusText(code)...)
	return append(dst, "\r\n"...)
}

// AppendHeader appends the field line "name: value\r\n". It does not validate: name and
// value must come from a parsed message or from trusted code, because a CR or LF in
// either would split the line.
func AppendHeader(dst, name, value []byte) []byte {
	dst = append(dst, name...)
	dst = append(dst, ": "...)
	dst = append(dst, value...)
	return append(dst, "\r\n"...)
}

// AppendHeaderString is AppendHeader for string arguments, with the same caution.
func AppendHeaderString(dst []byte, name, value string) []byte {
	dst = append(dst, name...)
	dst = append(dst, ": "...)
	dst = append(dst, value...)
	return append(dst, "\r\n"...)
}

// AppendChunkHeader appends the chunk-size line "<hex n>\r\n" (RFC 9112 7.1). The caller
// then writes n data bytes and a CRLF. n must be positive, because a size of 0 starts
// the last chunk, which AppendLastChunk writes.
func AppendChunkHeader(dst []byte, n int) []byte {
	dst = strconv.AppendUint(dst, uint64(n), 16)
	return append(dst, "\r\n"...)
}

// AppendChunk appends one complete chunk: its size line, data and CRLF. It appends
// nothing for empty data, which would otherwise end the body.
func AppendChunk(dst, data []byte) []byte {
	if len(data) == 0 {
		return dst
	}
	dst = AppendChunkHeader(dst, len(data))
	dst = append(dst, data...)
	return append(dst, "\r\n"...)
}

// AppendLastChunk appends the end of a chunked body: "0\r\n", the trailer field lines
// (each already ending in CRLF, as ChunkedDecoder.Trailers returns them) and the final
// "\r\n".
func AppendLastChunk(dst, trailers []byte) []byte {
	dst = append(dst, "0\r\n"...)
	dst = append(dst, trailers...)
	return append(dst, "\r\n"...)
}
