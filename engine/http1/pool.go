package http1

import "sync"

// maxPooledArena bounds the arena a released message may keep, so one huge head does
// not pin memory in the pool for good. It is four times DefaultMaxHeaderBytes.
const maxPooledArena = 64 << 10

// maxPooledHeaders bounds the header slice capacity a released message may keep.
const maxPooledHeaders = 4 * DefaultMaxHeaderCount

var requestPool = sync.Pool{
	New: func() any {
		return &Request{ContentLength: -1, Headers: make([]Header, 0, initialHeaderCap)}
	},
}

var responsePool = sync.Pool{
	New: func() any {
		return &Response{ContentLength: -1, Headers: make([]Header, 0, initialHeaderCap)}
	},
}

// AcquireRequest returns an empty Request from a pool. It is safe for concurrent use.
func AcquireRequest() *Request {
	return requestPool.Get().(*Request)
}

// ReleaseRequest resets r and returns it to the pool. r and every slice taken from it
// must not be used afterwards. A nil r is ignored.
func ReleaseRequest(r *Request) {
	if r == nil {
		return
	}
	if cap(r.arena) > maxPooledArena || cap(r.Headers) > maxPooledHeaders {
		return // let the collector take an oversized message
	}
	r.Reset()
	requestPool.Put(r)
}

// AcquireResponse returns an empty Response from a pool. It is safe for concurrent use.
func AcquireResponse() *Response {
	return responsePool.Get().(*Response)
}

// ReleaseResponse resets r and returns it to the pool. r and every slice taken from it
// must not be used afterwards. A nil r is ignored.
func ReleaseResponse(r *Response) {
	if r == nil {
		return
	}
	if cap(r.arena) > maxPooledArena || cap(r.Headers) > maxPooledHeaders {
		return
	}
	r.Reset()
	responsePool.Put(r)
}
