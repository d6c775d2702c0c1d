package http1

import "encoding/binary"

// HeaderID identifies a header field name that the gateway acts on. Names without an ID
// are HeaderOther. IDs let the hot path compare one byte instead of a name.
type HeaderID uint8

// Header IDs. The order is part of no wire format and may grow at the end.
const (
	HeaderOther HeaderID = iota
	HeaderHost
	HeaderContentLength
	HeaderTransferEncoding
	HeaderConnection
	HeaderKeepAlive
	HeaderProxyConnection
	HeaderTE
	HeaderTrailer
	HeaderUpgrade
	HeaderExpect
	HeaderXForwardedFor
	HeaderXForwardedProto
	HeaderXForwardedHost
	HeaderXRequestID
	HeaderAuthorization
	HeaderProxyAuthenticate
	HeaderProxyAuthorization
	HeaderContentType
	HeaderDate
	HeaderServer
	HeaderForwarded
	HeaderVia

	headerIDCount
)

// headerNames holds the canonical spelling of each known name, indexed by HeaderID.
var headerNames = [headerIDCount]string{
	HeaderHost:               "Host",
	HeaderContentLength:      "Content-Length",
	HeaderTransferEncoding:   "Transfer-Encoding",
	HeaderConnection:         "Connection",
	HeaderKeepAlive:          "Keep-Alive",
	HeaderProxyConnection:    "Proxy-Connection",
	HeaderTE:                 "TE",
	HeaderTrailer:            "Trailer",
	HeaderUpgrade:            "Upgrade",
	HeaderExpect:             "Expect",
	HeaderXForwardedFor:      "X-Forwarded-For",
	HeaderXForwardedProto:    "X-Forwarded-Proto",
	HeaderXForwardedHost:     "X-Forwarded-Host",
	HeaderXRequestID:         "X-Request-Id",
	HeaderAuthorization:      "Authorization",
	HeaderProxyAuthenticate:  "Proxy-Authenticate",
	HeaderProxyAuthorization: "Proxy-Authorization",
	HeaderContentType:        "Content-Type",
	HeaderDate:               "Date",
	HeaderServer:             "Server",
	HeaderForwarded:          "Forwarded",
	HeaderVia:                "Via",
}

// String returns the canonical field name for id, or "" for HeaderOther and unknown IDs.
func (id HeaderID) String() string {
	if id >= headerIDCount {
		return ""
	}
	return headerNames[id]
}

// maxKnownNameLen is the length of the longest known name, "Proxy-Authorization".
const maxKnownNameLen = 19

// knownWords is the number of 8-byte words that hold the longest known name.
const knownWords = (maxKnownNameLen + 7) / 8

// knownName is a known field name prepared for comparing eight bytes at a time.
type knownName struct {
	lower [knownWords]uint64 // the lower-case name, little-endian, zero padded
	fold  [knownWords]uint64 // 0x20 in each byte that holds a letter
	id    HeaderID
}

// matches reports whether name, of the same length as k, equals k without regard to
// ASCII case. Setting bit 0x20 folds only the bytes where k has a letter, so a byte
// matches exactly when it is that letter in either case, or the same non-letter.
func (k *knownName) matches(name []byte) bool {
	for w := 0; w*8 < len(name); w++ {
		if loadWord(name[w*8:])|k.fold[w] != k.lower[w] {
			return false
		}
	}
	return true
}

// loadWord returns the first eight bytes of b as a little-endian word, zero padded
// when b is shorter.
func loadWord(b []byte) uint64 {
	if len(b) >= 8 {
		return binary.LittleEndian.Uint64(b)
	}
	var w uint64
	for i := len(b) - 1; i >= 0; i-- {
		w = w<<8 | uint64(b[i])
	}
	return w
}

// knownByLen lists the known names by length, so a lookup compares at most a few
// candidates of the right length.
var knownByLen = buildKnownByLen()

func buildKnownByLen() [maxKnownNameLen + 1][]knownName {
	var t [maxKnownNameLen + 1][]knownName
	for id := HeaderOther + 1; id < headerIDCount; id++ {
		name := headerNames[id]
		k := knownName{id: id}
		for i := 0; i < len(name); i++ {
			c := lowerTable[name[i]]
			k.lower[i/8] |= uint64(c) << (8 * (i % 8))
			if 'a' <= c && c <= 'z' {
				k.fold[i/8] |= 0x20 << (8 * (i % 8))
			}
		}
		t[len(name)] = append(t[len(name)], k)
	}
	return t
}

// LookupHeader returns the ID of a header field name, compared without regard to ASCII
// case (RFC 9110 5.1), or HeaderOther. It does not allocate and is safe for concurrent
// use.
func LookupHeader(name []byte) HeaderID {
	if len(name) > maxKnownNameLen {
		return HeaderOther
	}
	candidates := knownByLen[len(name)]
	for i := range candidates {
		if candidates[i].matches(name) {
			return candidates[i].id
		}
	}
	return HeaderOther
}

// Header is one field line of a parsed message. Name and Value point into the owning
// Request's or Response's arena and are valid until that message is reset or released.
// A Header is a plain value: copying it copies the slice headers, not the bytes, and
// concurrent reads are safe while the owning message is not parsed, reset or released.
type Header struct {
	Name  []byte
	Value []byte // with leading and trailing OWS removed (RFC 9112 5)
	ID    HeaderID

	// HopByHop marks fields a proxy does not forward. The fixed list is Connection and
	// the fields RFC 9110 7.6.1 names (Proxy-Connection, Keep-Alive, TE,
	// Transfer-Encoding, Upgrade), plus Trailer, Proxy-Authenticate and
	// Proxy-Authorization from the hop-by-hop list of RFC 2616 13.5.1. Every name listed
	// in a Connection field is marked too, except Host, Authorization, X-Forwarded-For
	// and Content-Length, so a client cannot strip the fields the gateway routes,
	// authenticates or frames with.
	HopByHop bool
}

// fixedHopByHop reports whether id is on the fixed hop-by-hop list.
func fixedHopByHop(id HeaderID) bool {
	switch id {
	case HeaderConnection, HeaderKeepAlive, HeaderProxyConnection, HeaderTE, HeaderTrailer,
		HeaderTransferEncoding, HeaderUpgrade, HeaderProxyAuthenticate, HeaderProxyAuthorization:
		return true
	}
	return false
}

// protectedEndToEnd reports whether id names a field that a Connection option may not
// turn into a hop-by-hop field.
func protectedEndToEnd(id HeaderID) bool {
	switch id {
	case HeaderHost, HeaderAuthorization, HeaderXForwardedFor, HeaderContentLength:
		return true
	}
	return false
}

// firstHeader returns the value of the first field with id, or nil.
func firstHeader(hs []Header, id HeaderID) []byte {
	for i := range hs {
		if hs[i].ID == id {
			return hs[i].Value
		}
	}
	return nil
}

// headerByName returns the value of the first field named name (any ASCII case), or nil.
func headerByName(hs []Header, name []byte) []byte {
	if id := LookupHeader(name); id != HeaderOther {
		return firstHeader(hs, id)
	}
	for i := range hs {
		if equalFold(hs[i].Name, name) {
			return hs[i].Value
		}
	}
	return nil
}

// markConnectionOptions sets HopByHop on every field named by a connection-option of a
// Connection field (RFC 9110 7.6.1), except the protected end-to-end fields. The
// Connection values were validated as token lists while parsing.
func markConnectionOptions(hs []Header) {
	for i := range hs {
		if hs[i].ID != HeaderConnection {
			continue
		}
		rest := hs[i].Value
		for len(rest) > 0 {
			var option []byte
			option, rest = nextListElement(rest)
			if len(option) > 0 {
				markOption(hs, option)
			}
		}
	}
}

func markOption(hs []Header, option []byte) {
	id := LookupHeader(option)
	if protectedEndToEnd(id) {
		return
	}
	for i := range hs {
		h := &hs[i]
		switch {
		case id != HeaderOther:
			if h.ID == id {
				h.HopByHop = true
			}
		case h.ID == HeaderOther && equalFold(h.Name, option):
			h.HopByHop = true
		}
	}
}
