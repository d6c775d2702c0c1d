package config

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"strings"
	"unicode/utf8"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"
)

// Load reads the file at path and parses it with Parse, using path as the source name in
// messages. A read failure is returned wrapped (so errors.Is(err, fs.ErrNotExist) works) and
// names the path; every other problem is an ErrorList.
func Load(path string) (*Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("load config: %w", err)
	}
	return Parse(path, data)
}

// Parse decodes, defaults and validates one YAML document. source names the file in messages.
// On failure it returns a nil Config and an ErrorList with every problem found, sorted by
// position.
func Parse(source string, data []byte) (*Config, error) {
	// Some editors start UTF-8 files with a byte order mark, which YAML would read as part
	// of the first key.
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	if !utf8.Valid(data) {
		return nil, ErrorList{invalidUTF8(source, data)}
	}
	root, err := parseYAML(source, data)
	if err != nil {
		return nil, ErrorList{err}
	}

	c := Default()
	c.Source = source
	d := &decoder{source: source, pos: map[string]Pos{}, bad: map[string]bool{}, incomplete: map[string]bool{}}
	if root != nil {
		if !d.rejectSpecial(root, "") {
			d.decodeFile(root, c)
		}
	}
	c.positions = d.pos

	errs := d.errs
	errs = append(errs, c.check(d.bad, d.incomplete)...)
	if len(errs) > 0 {
		return nil, sortErrors(errs)
	}
	return c, nil
}

// parseYAML returns the body of the single document in data, or nil for an empty file.
func parseYAML(source string, data []byte) (root ast.Node, syntaxErr *Error) {
	file, err := parseBytes(data)
	if err != nil {
		return nil, translateSyntaxError(source, err)
	}
	for _, doc := range file.Docs {
		if doc == nil || doc.Body == nil {
			continue
		}
		if _, ok := doc.Body.(*ast.DirectiveNode); ok {
			continue
		}
		if root != nil {
			p := nodePos(doc.Body)
			return nil, &Error{Source: source, Line: p.Line, Column: p.Column, Msg: "a second YAML document starts here: the file must contain one document; remove the extra --- separator"}
		}
		root = doc.Body
	}
	return root, nil
}

// parseBytes runs goccy/go-yaml's parser, turning a panic inside it into an error so that no
// input can crash the caller.
func parseBytes(data []byte) (file *ast.File, err error) {
	defer func() {
		if r := recover(); r != nil {
			file, err = nil, fmt.Errorf("YAML parser failed on this input: %v", r)
		}
	}()
	// Duplicate keys are allowed here and reported by the decoder, which keeps going and
	// names the first occurrence.
	return parser.ParseBytes(data, 0, parser.AllowDuplicateMapKey())
}

// translateSyntaxError turns a goccy/go-yaml error, whose text spans several lines with a
// source excerpt, into one positioned Error.
func translateSyntaxError(source string, err error) *Error {
	first, _, _ := strings.Cut(err.Error(), "\n")
	e := &Error{Source: source, Line: 1, Column: 1, Msg: "invalid YAML: " + first}
	var yamlErr yaml.Error
	if errors.As(err, &yamlErr) {
		// The tab in "found character '\t'" would otherwise be printed raw.
		e.Msg = "invalid YAML: " + strings.ReplaceAll(yamlErr.GetMessage(), "\t", `\t`)
		if tk := yamlErr.GetToken(); tk != nil && tk.Position != nil && tk.Position.Line > 0 {
			e.Line, e.Column = tk.Position.Line, max(tk.Position.Column, 1)
		}
	}
	return e
}

// invalidUTF8 reports the position of the first byte that is not valid UTF-8.
func invalidUTF8(source string, data []byte) *Error {
	line, column := 1, 1
	for len(data) > 0 {
		r, size := utf8.DecodeRune(data)
		if r == utf8.RuneError && size <= 1 {
			break
		}
		if r == '\n' {
			line, column = line+1, 1
		} else {
			column++
		}
		data = data[size:]
	}
	return &Error{Source: source, Line: line, Column: column, Msg: "invalid UTF-8: save the file as UTF-8"}
}
