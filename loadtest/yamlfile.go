package loadtest

import (
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"
	"github.com/goccy/go-yaml/token"
)

// ErrInvalidFile is wrapped by every error about the content of a scenario or
// budget file, so callers can tell bad input (exit status 2 in gateload) from a
// failed run.
var ErrInvalidFile = errors.New("invalid file")

// FileError is a problem at one position of a scenario or budget file.
// Line and Column are 1-based; both are 0 when the position is unknown.
// A FileError is a plain value and safe to copy and share.
type FileError struct {
	File   string
	Line   int
	Column int
	Msg    string
}

// Error formats the error as file:line:column: message, the form editors and
// terminals turn into a link.
func (e *FileError) Error() string {
	if e.Line == 0 {
		return fmt.Sprintf("%s: %s", e.File, e.Msg)
	}
	return fmt.Sprintf("%s:%d:%d: %s", e.File, e.Line, e.Column, e.Msg)
}

// Unwrap returns ErrInvalidFile.
func (e *FileError) Unwrap() error { return ErrInvalidFile }

// yamlDoc is a parsed YAML file kept for position lookups while its decoded
// value is validated.
type yamlDoc struct {
	name string
	root ast.Node // nil for an empty file
}

// decodeYAML strictly decodes data into v: unknown keys, duplicate keys and
// type mismatches are errors with the position the parser reports.
func decodeYAML(name string, data []byte, v any) (*yamlDoc, error) {
	if err := yaml.UnmarshalWithOptions(data, v, yaml.Strict()); err != nil {
		return nil, yamlError(name, err)
	}

	file, err := parser.ParseBytes(data, 0)
	if err != nil {
		return nil, yamlError(name, err)
	}
	if len(file.Docs) > 1 {
		return nil, &FileError{File: name, Msg: fmt.Sprintf("contains %d YAML documents, want one", len(file.Docs))}
	}

	doc := &yamlDoc{name: name}
	if len(file.Docs) == 1 {
		doc.root = file.Docs[0].Body
	}
	return doc, nil
}

// yamlError converts a go-yaml error into a FileError carrying its position.
func yamlError(name string, err error) error {
	var yerr yaml.Error
	if errors.As(err, &yerr) && yerr.GetToken() != nil {
		pos := yerr.GetToken().Position
		return &FileError{File: name, Line: pos.Line, Column: pos.Column, Msg: yerr.GetMessage()}
	}
	return &FileError{File: name, Msg: err.Error()}
}

// errorAt returns a FileError positioned at the node reached by path. A path
// step is a mapping key (string) or a sequence index (int). When the full
// path does not exist (a missing field), the error points at the deepest node
// that does.
func (d *yamlDoc) errorAt(path []any, format string, args ...any) error {
	err := &FileError{File: d.name, Msg: fmt.Sprintf(format, args...)}
	node := d.root
	for _, step := range path {
		next := childNode(node, step)
		if next == nil {
			break
		}
		node = next
	}
	if tok := nodeToken(node); tok != nil {
		err.Line, err.Column = tok.Position.Line, tok.Position.Column
	}
	return err
}

// errorAtKey returns a FileError positioned at the mapping key that ends
// path, for errors about the key itself, such as an unknown name.
func (d *yamlDoc) errorAtKey(path []any, format string, args ...any) error {
	if len(path) == 0 {
		return d.errorAt(path, format, args...)
	}
	parent := d.root
	for _, step := range path[:len(path)-1] {
		if parent = childNode(parent, step); parent == nil {
			return d.errorAt(path, format, args...)
		}
	}
	key, ok := path[len(path)-1].(string)
	if !ok {
		return d.errorAt(path, format, args...)
	}
	for _, pair := range mappingPairs(parent) {
		if tok := pair.Key.GetToken(); tok != nil && tok.Value == key {
			return &FileError{File: d.name, Line: tok.Position.Line, Column: tok.Position.Column, Msg: fmt.Sprintf(format, args...)}
		}
	}
	return d.errorAt(path, format, args...)
}

// nodeToken returns the token whose position best marks node: the first key
// of a mapping, whose own token is the first key's colon, or the node's token.
func nodeToken(node ast.Node) *token.Token {
	switch n := node.(type) {
	case nil:
		return nil
	case *ast.MappingNode:
		if len(n.Values) > 0 && n.Values[0].Key != nil {
			return n.Values[0].Key.GetToken()
		}
	case *ast.MappingValueNode:
		if n.Key != nil {
			return n.Key.GetToken()
		}
	}
	return node.GetToken()
}

// childNode returns the value under a mapping key or at a sequence index, or
// nil when there is none.
func childNode(node ast.Node, step any) ast.Node {
	node = unwrapNode(node)
	switch step := step.(type) {
	case string:
		for _, pair := range mappingPairs(node) {
			if tok := pair.Key.GetToken(); tok != nil && tok.Value == step {
				return unwrapNode(pair.Value)
			}
		}
	case int:
		if seq, ok := node.(*ast.SequenceNode); ok && step >= 0 && step < len(seq.Values) {
			return unwrapNode(seq.Values[step])
		}
	}
	return nil
}

// mappingPairs returns the key-value pairs of a mapping node that have a key.
// A single-pair mapping parses as a bare MappingValueNode.
func mappingPairs(node ast.Node) []*ast.MappingValueNode {
	var pairs []*ast.MappingValueNode
	switch n := unwrapNode(node).(type) {
	case *ast.MappingNode:
		pairs = n.Values
	case *ast.MappingValueNode:
		pairs = []*ast.MappingValueNode{n}
	}
	keyed := pairs[:0:0]
	for _, p := range pairs {
		if p.Key != nil {
			keyed = append(keyed, p)
		}
	}
	return keyed
}

// unwrapNode skips tag and anchor wrappers, which carry no position of their own
// that a reader would look for.
func unwrapNode(node ast.Node) ast.Node {
	for {
		switch n := node.(type) {
		case *ast.TagNode:
			node = n.Value
		case *ast.AnchorNode:
			node = n.Value
		default:
			return node
		}
	}
}

// parseDuration parses a Go duration string ("250ms", "2s") found at path.
// The empty string is the zero duration.
func (d *yamlDoc) parseDuration(path []any, s string) (time.Duration, error) {
	if s == "" {
		return 0, nil
	}
	v, err := time.ParseDuration(s)
	if err != nil {
		return 0, d.errorAt(path, "invalid duration %s: want a Go duration such as 500ms or 2s", strconv.Quote(s))
	}
	if v < 0 {
		return 0, d.errorAt(path, "duration %s is negative", s)
	}
	return v, nil
}
