package config

import (
	"errors"
	"os"
	"slices"
	"strings"
	"testing"
)

// FuzzParse checks that no input panics, that Parse returns either a Config or an error, and
// that every error is positioned, one line long and sorted. Seeds also live in
// testdata/fuzz/FuzzParse, and plain go test runs them all.
func FuzzParse(f *testing.F) {
	full, err := os.ReadFile("testdata/full.yaml")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(full)
	for _, seed := range []string{
		"",
		validTail,
		"listen: [a\n",
		"engine: {max_body_bytes: 99999999999GiB, idle_timeout: -1s}\n",
		"routes:\n  - name: r\n    match: {path: '/a/:id/*rest', methods: [get]}\n    upstream: x\n",
		"upstreams: {app: {targets: [127.0.0.1:9001]}}\n",
		"a: &x {b: 1}\nc: *x\n<<: *x\n",
		"? [a]\n: b\n",
		"--- 1\n--- 2\n",
		"listen: \"\xff\"\n",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := Parse("fuzz.yaml", data)
		if (c == nil) == (err == nil) {
			t.Fatalf("Parse = %v, %v; want exactly one of a Config and an error", c, err)
		}
		if err == nil {
			if err := c.Validate(); err != nil {
				t.Fatalf("Validate on a parsed Config failed:\n%v", err)
			}
			return
		}
		var list ErrorList
		if !errors.As(err, &list) || len(list) == 0 {
			t.Fatalf("Parse error %T %q, want a non-empty ErrorList", err, err)
		}
		for _, e := range list {
			if e.Line < 1 || e.Column < 1 {
				t.Errorf("error without a position: %q", e)
			}
			if strings.Contains(e.Msg, "\n") {
				t.Errorf("multi-line message: %q", e.Msg)
			}
		}
		if !slices.IsSortedFunc(list, func(a, b *Error) int {
			if a.Line != b.Line {
				return a.Line - b.Line
			}
			return a.Column - b.Column
		}) {
			t.Errorf("errors are not sorted by position:\n%v", list)
		}
	})
}
