package http1

import (
	"strings"
	"testing"
)

func TestLookupHeaderKnownNames(t *testing.T) {
	for id := HeaderOther + 1; id < headerIDCount; id++ {
		name := id.String()
		for _, variant := range []string{name, strings.ToLower(name), strings.ToUpper(name)} {
			if got := LookupHeader([]byte(variant)); got != id {
				t.Errorf("LookupHeader(%q) = %d, want %d", variant, got, id)
			}
		}
	}
}

func TestLookupHeaderOther(t *testing.T) {
	for _, name := range []string{"", "X", "Hosts", "Hos", "Content-Lengt", "Content_Length", "X-Forwarded-Fox", "Proxy-Authorizations", "Accept"} {
		if got := LookupHeader([]byte(name)); got != HeaderOther {
			t.Errorf("LookupHeader(%q) = %d, want HeaderOther", name, got)
		}
	}
}

func TestHeaderIDString(t *testing.T) {
	tests := []struct {
		id   HeaderID
		want string
	}{
		{id: HeaderOther, want: ""},
		{id: HeaderContentLength, want: "Content-Length"},
		{id: HeaderTE, want: "TE"},
		{id: HeaderXRequestID, want: "X-Request-Id"},
		{id: headerIDCount, want: ""},
	}
	for _, tt := range tests {
		if got := tt.id.String(); got != tt.want {
			t.Errorf("HeaderID(%d).String() = %q, want %q", tt.id, got, tt.want)
		}
	}
}

// TestTokenTable checks the tchar class against RFC 9110 5.6.2, written out differently
// from the table builder: by exclusion from VCHAR.
func TestTokenTable(t *testing.T) {
	const delimiters = "\"(),/:;<=>?@[\\]{}" // RFC 9110 5.6.2: not allowed in a token
	for c := 0; c < 256; c++ {
		want := c > 0x20 && c < 0x7f && !strings.ContainsRune(delimiters, rune(c))
		if got := byteClass[c]&classToken != 0; got != want {
			t.Errorf("tchar(%#02x) = %v, want %v", c, got, want)
		}
	}
}

// TestFieldValueTable checks field-vchar / SP / HTAB (RFC 9110 5.5): every byte except
// the CTLs other than HTAB.
func TestFieldValueTable(t *testing.T) {
	for c := 0; c < 256; c++ {
		want := c == '\t' || (c >= 0x20 && c != 0x7f)
		if got := byteClass[c]&classFieldValue != 0; got != want {
			t.Errorf("field value byte %#02x = %v, want %v", c, got, want)
		}
	}
}

// TestTargetTable checks the request-target bytes: RFC 3986 unreserved, reserved without
// "#", and "%".
func TestTargetTable(t *testing.T) {
	const allowedPunct = "-._~:/?[]@!$&'()*+,;=%"
	for c := 0; c < 256; c++ {
		alnum := ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z') || ('0' <= c && c <= '9')
		want := alnum || (c < 0x80 && strings.ContainsRune(allowedPunct, rune(c)))
		if got := byteClass[c]&classTarget != 0; got != want {
			t.Errorf("target byte %#02x = %v, want %v", c, got, want)
		}
	}
}

func TestValidHost(t *testing.T) {
	tests := []struct {
		host string
		want bool
	}{
		{host: "", want: true},
		{host: "example.com", want: true},
		{host: "example.com:8080", want: true},
		{host: "example.com:", want: true},
		{host: "127.0.0.1:80", want: true},
		{host: "[::1]", want: true},
		{host: "[::1]:443", want: true},
		{host: "[v1.fe80::a+b]", want: true},
		{host: "ex%41mple", want: true},
		{host: "[::1", want: false},
		{host: "[::1]x", want: false},
		{host: "[]", want: false},
		{host: "[fe80::1%25eth0]", want: false},
		{host: "[v1.]", want: false},
		{host: "a:b:c", want: false},
		{host: "a:8x", want: false},
		{host: "user@host", want: false},
		{host: "a b", want: false},
		{host: "a/b", want: false},
		{host: "a%4", want: false},
		{host: "caf\xc3\xa9", want: false},
	}
	for _, tt := range tests {
		if got := validHost([]byte(tt.host)); got != tt.want {
			t.Errorf("validHost(%q) = %v, want %v", tt.host, got, tt.want)
		}
	}
}

func TestHasCTL(t *testing.T) {
	for c := 0; c < 256; c++ {
		want := c < 0x20 || c == 0x7f
		for pos := 0; pos < 8; pos++ {
			w := []byte("abcdefgh")
			if c >= 0x80 {
				w = []byte("\xff\x80abcd\xfe\xc3") // obs-text neighbours
			}
			w[pos] = byte(c)
			got := hasCTL(uint64(w[0]) | uint64(w[1])<<8 | uint64(w[2])<<16 | uint64(w[3])<<24 |
				uint64(w[4])<<32 | uint64(w[5])<<40 | uint64(w[6])<<48 | uint64(w[7])<<56)
			if got != want {
				t.Errorf("hasCTL with %#02x at byte %d = %v, want %v", c, pos, got, want)
			}
		}
	}
}

// TestLookupHeaderOneByteChanged replaces each byte of each known name with every byte
// value and compares LookupHeader with a plain case-insensitive comparison.
func TestLookupHeaderOneByteChanged(t *testing.T) {
	for id := HeaderOther + 1; id < headerIDCount; id++ {
		name := []byte(id.String())
		for pos := range name {
			original := name[pos]
			for c := 0; c < 256; c++ {
				name[pos] = byte(c)
				want := HeaderOther
				if strings.EqualFold(string(name), id.String()) {
					want = id
				}
				if got := LookupHeader(name); got != want {
					t.Errorf("LookupHeader(%q) = %d, want %d", name, got, want)
				}
			}
			name[pos] = original
		}
	}
}
