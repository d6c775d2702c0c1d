package router

import (
	"bytes"
	"errors"
	"testing"
)

func TestNormalizePath(t *testing.T) {
	merge := NormalizeOptions{MergeSlashes: true}
	allowSlash := NormalizeOptions{AllowEncodedSlash: true}
	cases := []struct {
		name    string
		raw     string
		opts    NormalizeOptions
		want    string
		wantErr error
	}{
		{name: "root", raw: "/", want: "/"},
		{name: "plain", raw: "/a/b", want: "/a/b"},
		{name: "trailing slash kept", raw: "/a/b/", want: "/a/b/"},
		{name: "asterisk form", raw: "*", want: "*"},
		{name: "dot segment", raw: "/a/./b", want: "/a/b"},
		{name: "dot-dot segment", raw: "/a/../b", want: "/b"},
		{name: "trailing dot", raw: "/a/b/.", want: "/a/b/"},
		{name: "trailing dot-dot", raw: "/a/b/..", want: "/a/"},
		{name: "dot-dot above root", raw: "/../a", want: "/a"},
		{name: "only dot-dot", raw: "/..", want: "/"},
		{name: "many dot-dots", raw: "/a/b/../../../c", want: "/c"},
		{name: "rfc 3986 example one", raw: "/a/b/c/./../../g", want: "/a/g"},
		{name: "rfc 3986 example two", raw: "/mid/content=5/../6", want: "/mid/6"},
		{name: "dots inside segment", raw: "/a/..b/c../.d/", want: "/a/..b/c../.d/"},
		{name: "encoded dot-dot", raw: "/a/%2e%2E/b", want: "/b"},
		{name: "encoded dot", raw: "/a/%2E/b", want: "/a/b"},
		{name: "mixed encoded dot-dot", raw: "/a/.%2e/b", want: "/b"},
		{name: "encoded dot in name", raw: "/a%2Eb", want: "/a.b"},
		{name: "unreserved decoded", raw: "/%41%62%7e%2d%5F%30", want: "/Ab~-_0"},
		{name: "reserved kept uppercased", raw: "/%3a%40%3f%23%25%20", want: "/%3A%40%3F%23%25%20"},
		{name: "non-ascii escape kept", raw: "/caf%c3%a9", want: "/caf%C3%A9"},
		{name: "sub-delims and colon raw", raw: "/a:b@c!$&'()*+,;=", want: "/a:b@c!$&'()*+,;="},
		{name: "encoded slash rejected", raw: "/a%2Fb", wantErr: ErrEncodedSlash},
		{name: "encoded backslash rejected", raw: "/a%5cb", wantErr: ErrEncodedSlash},
		{name: "encoded slash allowed", raw: "/a%2fb", opts: allowSlash, want: "/a%2Fb"},
		{name: "encoded backslash allowed", raw: "/a%5cb", opts: allowSlash, want: "/a%5Cb"},
		{name: "encoded slash never splits", raw: "/a/..%2F..", opts: allowSlash, want: "/a/..%2F.."},
		{name: "invalid escape digit", raw: "/a%zz", wantErr: ErrInvalidEscape},
		{name: "half escape", raw: "/a%4", wantErr: ErrInvalidEscape},
		{name: "bare percent", raw: "/a%", wantErr: ErrInvalidEscape},
		{name: "one hex digit", raw: "/a%4g", wantErr: ErrInvalidEscape},
		{name: "encoded nul", raw: "/a%00b", wantErr: ErrInvalidPath},
		{name: "raw nul", raw: "/a\x00b", wantErr: ErrInvalidPath},
		{name: "space", raw: "/a b", wantErr: ErrInvalidPath},
		{name: "backslash", raw: `/a\b`, wantErr: ErrInvalidPath},
		{name: "question mark", raw: "/a?b=1", wantErr: ErrInvalidPath},
		{name: "fragment", raw: "/a#b", wantErr: ErrInvalidPath},
		{name: "non-ascii", raw: "/caf\xc3\xa9", wantErr: ErrInvalidPath},
		{name: "control byte", raw: "/a\x7f", wantErr: ErrInvalidPath},
		{name: "relative", raw: "a/b", wantErr: ErrInvalidPath},
		{name: "empty", raw: "", wantErr: ErrInvalidPath},
		{name: "absolute form", raw: "http://h/a", wantErr: ErrInvalidPath},
		{name: "repeated slashes kept", raw: "//a///b//", want: "//a///b//"},
		{name: "repeated slashes merged", raw: "//a///b//", opts: merge, want: "/a/b/"},
		{name: "only slashes merged", raw: "///", opts: merge, want: "/"},
		{name: "empty segment removed by dot-dot", raw: "/a//../b", want: "/a/b"},
		{name: "merge before dot-dot", raw: "/a//../b", opts: merge, want: "/b"},
		{name: "dot then slashes", raw: "/.//", want: "//"},
		{name: "dot then slashes merged", raw: "/.//", opts: merge, want: "/"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := NormalizePath(nil, []byte(tc.raw), tc.opts)
			if !errors.Is(err, tc.wantErr) {
				t.Fatalf("NormalizePath(%q) error = %v, want %v", tc.raw, err, tc.wantErr)
			}
			if err != nil {
				return
			}
			if string(got) != tc.want {
				t.Errorf("NormalizePath(%q) = %q, want %q", tc.raw, got, tc.want)
			}
		})
	}
}

func TestNormalizePathAppendsToDst(t *testing.T) {
	dst := []byte("prefix:")
	got, err := NormalizePath(dst, []byte("/a/./b"), NormalizeOptions{})
	if err != nil {
		t.Fatalf("NormalizePath error = %v", err)
	}
	if want := "prefix:/a/b"; string(got) != want {
		t.Errorf("NormalizePath = %q, want %q", got, want)
	}
}

func TestNormalizePathErrorKeepsDst(t *testing.T) {
	dst := make([]byte, 3, 64)
	copy(dst, "abc")
	got, err := NormalizePath(dst, []byte("/x/y%zz"), NormalizeOptions{})
	if !errors.Is(err, ErrInvalidEscape) {
		t.Fatalf("error = %v, want %v", err, ErrInvalidEscape)
	}
	if string(got) != "abc" {
		t.Errorf("dst after error = %q, want %q", got, "abc")
	}
}

// TestNormalizePathLeavesQuery shows the intended split: the caller cuts the target at the
// first '?', normalizes only the path, and passes the raw query on unchanged.
func TestNormalizePathLeavesQuery(t *testing.T) {
	target := []byte("/a/%2e%2E/b?next=/x/../y&%41=1")
	path, query, _ := bytes.Cut(target, []byte("?"))
	got, err := NormalizePath(nil, path, NormalizeOptions{})
	if err != nil {
		t.Fatalf("NormalizePath error = %v", err)
	}
	if want := "/b"; string(got) != want {
		t.Errorf("path = %q, want %q", got, want)
	}
	if want := "next=/x/../y&%41=1"; string(query) != want {
		t.Errorf("query = %q, want %q", query, want)
	}
	if _, err := NormalizePath(nil, target, NormalizeOptions{}); !errors.Is(err, ErrInvalidPath) {
		t.Errorf("NormalizePath(whole target) error = %v, want %v", err, ErrInvalidPath)
	}
}

func TestNormalizePathOutputFitsInput(t *testing.T) {
	for _, raw := range []string{"/..", "/a/b/..", "/%2e%2e/", "/a/./b/../c/", "//"} {
		dst := make([]byte, 0, len(raw))
		got, err := NormalizePath(dst, []byte(raw), NormalizeOptions{MergeSlashes: true})
		if err != nil {
			t.Fatalf("NormalizePath(%q) error = %v", raw, err)
		}
		if len(got) > len(raw) {
			t.Errorf("NormalizePath(%q) = %q, longer than its input", raw, got)
		}
		if len(got) > 0 && &got[0] != &dst[:1][0] {
			t.Errorf("NormalizePath(%q) reallocated dst of capacity %d", raw, cap(dst))
		}
	}
}
