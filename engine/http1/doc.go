// Package http1 is Gatehouse's HTTP/1.1 codec: strict, incremental, zero-allocation parsing
// of request and response heads, chunked body framing, and serialization of heads and
// gateway-generated replies.
//
// The package works on byte slices and the small [Source] interface, so it has no
// dependency on a transport and can be fuzzed alone. A typical server loop is:
//
//	end, next, err := http1.HeadEnd(buf, next, lim.MaxHeaderBytes) // until end > 0
//	req := http1.AcquireRequest()
//	err = req.Parse(buf[:end], &lim) // copies the head into req's arena
//	// release buf[:end]; read the body per req.ContentLength / req.Chunked
//	http1.ReleaseRequest(req)
//
// Parsing follows RFC 9112 (HTTP/1.1 message syntax) and RFC 9110 (semantics). It
// rejects the message shapes that implementations frame differently, which request
// smuggling exploits: bare CR or LF, obs-fold, whitespace before a colon, Content-Length with
// Transfer-Encoding, conflicting lengths, and transfer codings other than a final
// chunked. Errors are [*Error] values that carry the status of the response to send and
// a byte offset, never the peer's bytes.
package http1
