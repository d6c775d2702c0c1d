package router

import (
	"bytes"
	"testing"
)

// FuzzNormalizePath checks that NormalizePath never panics, that its output is a fixed point
// (normalizing it again with the same options returns the same bytes without error), and that
// no "." or ".." segment survives. Seeds here and in testdata/fuzz run under plain go test.
func FuzzNormalizePath(f *testing.F) {
	seeds := []string{
		"/", "*", "", "a", "/a/b/", "/a/./b/../c", "/../..", "/a/%2e%2E/b", "/.%2E/x",
		"//a//b//", "/a%2Fb", "/a%5c..", "/%00", "/a%", "/a%g0", "/%41%7E", "/caf%c3%a9",
		"/a/..%2F../b", "/./", "/.//../", "/a b", "/\xff",
	}
	for _, s := range seeds {
		for _, merge := range []bool{false, true} {
			for _, allowSlash := range []bool{false, true} {
				f.Add(s, merge, allowSlash)
			}
		}
	}

	f.Fuzz(func(t *testing.T, raw string, merge, allowSlash bool) {
		opts := NormalizeOptions{MergeSlashes: merge, AllowEncodedSlash: allowSlash}
		out, err := NormalizePath(nil, []byte(raw), opts)
		if err != nil {
			if len(out) != 0 {
				t.Fatalf("NormalizePath(%q) = %q with error %v, want empty output", raw, out, err)
			}
			return
		}
		if len(out) > len(raw) {
			t.Fatalf("NormalizePath(%q) = %q, longer than its input", raw, out)
		}

		again, err := NormalizePath(nil, out, opts)
		if err != nil {
			t.Fatalf("NormalizePath(%q) = %q, which normalizes with error %v", raw, out, err)
		}
		if !bytes.Equal(again, out) {
			t.Fatalf("NormalizePath(%q) = %q, which normalizes to %q", raw, out, again)
		}

		if string(out) == "*" {
			return
		}
		for _, bad := range []string{"/../", "/./"} {
			if bytes.Contains(out, []byte(bad)) {
				t.Fatalf("NormalizePath(%q) = %q, which contains %q", raw, out, bad)
			}
		}
		if bytes.HasSuffix(out, []byte("/..")) || bytes.HasSuffix(out, []byte("/.")) {
			t.Fatalf("NormalizePath(%q) = %q, which ends in a dot segment", raw, out)
		}
		if merge && bytes.Contains(out, []byte("//")) {
			t.Fatalf("NormalizePath(%q) with MergeSlashes = %q, which contains \"//\"", raw, out)
		}
	})
}
