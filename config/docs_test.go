package config

import (
	"bytes"
	"os"
	"strings"
	"testing"
)

// docExample is a fenced block of docs/config.md that follows an "<!-- example: KIND -->"
// marker.
type docExample struct {
	kind string // "full", "valid" or "invalid"
	line int    // line of the marker, for failure messages
	yaml string
	// output is the text block after an invalid example: its expected error output.
	output string
}

// readDocExamples extracts the marked examples of a Markdown file.
func readDocExamples(t *testing.T, path string) []docExample {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(data), "\n")
	var examples []docExample
	// block returns the contents of the fenced block opening at or after line i, and the
	// index of the line after its closing fence.
	block := func(i int, fence string) (string, int) {
		for i < len(lines) && strings.TrimSpace(lines[i]) == "" {
			i++
		}
		if i >= len(lines) || lines[i] != fence {
			t.Fatalf("%s:%d: want a %s block here", path, i+1, fence)
		}
		var body []string
		for i++; i < len(lines) && lines[i] != "```"; i++ {
			body = append(body, lines[i])
		}
		return strings.Join(body, "\n") + "\n", i + 1
	}
	for i := 0; i < len(lines); i++ {
		kind, ok := strings.CutPrefix(lines[i], "<!-- example: ")
		if !ok {
			continue
		}
		ex := docExample{kind: strings.TrimSuffix(kind, " -->"), line: i + 1}
		ex.yaml, i = block(i+1, "```yaml")
		if ex.kind == "invalid" {
			// The expected output is the next text block.
			for i < len(lines) && !strings.HasPrefix(lines[i], "```text") {
				i++
			}
			ex.output, i = block(i, "```text")
		}
		examples = append(examples, ex)
		i--
	}
	return examples
}

func TestDocsExamples(t *testing.T) {
	const path = "../docs/config.md"
	examples := readDocExamples(t, path)
	count := map[string]int{}
	for _, ex := range examples {
		count[ex.kind]++
		_, err := Parse("gatehouse.yaml", []byte(ex.yaml))
		switch ex.kind {
		case "full":
			if err != nil {
				t.Errorf("%s:%d: full example does not parse:\n%v", path, ex.line, err)
			}
			want, readErr := os.ReadFile("testdata/full.yaml")
			if readErr != nil {
				t.Fatal(readErr)
			}
			if !bytes.Equal([]byte(ex.yaml), want) {
				t.Errorf("%s:%d: full example differs from testdata/full.yaml", path, ex.line)
			}
		case "valid":
			if err != nil {
				t.Errorf("%s:%d: example does not parse:\n%v", path, ex.line, err)
			}
		case "invalid":
			if err == nil {
				t.Errorf("%s:%d: invalid example parses without error", path, ex.line)
				continue
			}
			if got := err.Error() + "\n"; got != ex.output {
				t.Errorf("%s:%d: errors =\n%s\nwant (as documented)\n%s", path, ex.line, got, ex.output)
			}
		default:
			t.Errorf("%s:%d: unknown example kind %q", path, ex.line, ex.kind)
		}
	}
	if count["full"] != 1 || count["valid"] < 1 || count["invalid"] < 1 {
		t.Errorf("found examples %v, want one full and at least one valid and one invalid", count)
	}
}
