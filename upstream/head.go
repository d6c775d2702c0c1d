package upstream

import (
	"gatehouse/engine/http1"
)

// appendRequestHead appends the head sent upstream: the request line with
// the rewritten path, Host, the client's end-to-end fields, the
// X-Forwarded-* fields, X-Request-Id, and framing that matches how the
// body will be sent.
func appendRequestHead(dst []byte, r *Request) []byte {
	req := r.Head
	dst = append(dst, req.MethodName...)
	dst = append(dst, ' ')
	dst = append(dst, r.Path...)
	if req.Query != nil {
		dst = append(dst, '?')
		dst = append(dst, req.Query...)
	}
	dst = append(dst, " HTTP/1.1\r\nHost: "...)
	dst = append(dst, r.Host...)
	dst = append(dst, "\r\n"...)

	for i := range req.Headers {
		h := &req.Headers[i]
		if h.HopByHop || replacedOnForward(h.ID) {
			continue
		}
		dst = http1.AppendHeader(dst, h.Name, h.Value)
	}

	dst = appendForwardedFor(dst, r)
	dst = append(dst, "X-Forwarded-Proto: "...)
	if proto := req.Header(http1.HeaderXForwardedProto); r.TrustForwarded && len(proto) > 0 {
		dst = append(dst, proto...)
	} else {
		dst = append(dst, "http"...)
	}
	dst = append(dst, "\r\nX-Forwarded-Host: "...)
	if fwdHost := req.Header(http1.HeaderXForwardedHost); r.TrustForwarded && len(fwdHost) > 0 {
		dst = append(dst, fwdHost...)
	} else {
		dst = append(dst, req.Host...)
	}
	dst = append(dst, "\r\nX-Request-Id: "...)
	dst = append(dst, r.RequestID...)
	dst = append(dst, "\r\n"...)

	switch {
	case req.Chunked:
		dst = append(dst, "Transfer-Encoding: chunked\r\n"...)
	case req.ContentLength >= 0:
		dst = append(dst, "Content-Length: "...)
		dst = appendInt(dst, req.ContentLength)
		dst = append(dst, "\r\n"...)
	}
	return append(dst, "\r\n"...)
}

// replacedOnForward reports fields the gateway sets itself, so the
// client's copies are not forwarded. The gateway handles Expect itself:
// it sends 100 Continue before it reads the body.
func replacedOnForward(id http1.HeaderID) bool {
	switch id {
	case http1.HeaderHost, http1.HeaderContentLength, http1.HeaderTransferEncoding,
		http1.HeaderXForwardedFor, http1.HeaderXForwardedProto, http1.HeaderXForwardedHost,
		http1.HeaderXRequestID, http1.HeaderExpect:
		return true
	}
	return false
}

// appendForwardedFor appends X-Forwarded-For. A trusted proxy's list is
// kept and the peer appended. From any other peer the list is replaced,
// so a client cannot forge the addresses a backend trusts.
func appendForwardedFor(dst []byte, r *Request) []byte {
	dst = append(dst, "X-Forwarded-For: "...)
	if r.TrustForwarded {
		for i := range r.Head.Headers {
			h := &r.Head.Headers[i]
			if h.ID == http1.HeaderXForwardedFor && len(h.Value) > 0 {
				dst = append(dst, h.Value...)
				dst = append(dst, ", "...)
			}
		}
	}
	dst = append(dst, r.ClientIP...)
	return append(dst, "\r\n"...)
}

func appendInt(dst []byte, n int64) []byte {
	if n == 0 {
		return append(dst, '0')
	}
	var digits [20]byte
	i := len(digits)
	for n > 0 {
		i--
		digits[i] = byte('0' + n%10)
		n /= 10
	}
	return append(dst, digits[i:]...)
}
