package config

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/token"
)

// decoder turns the YAML syntax tree into a Config. It records where each value was written
// and reports type and format problems at that position, then carries on so that one run
// reports every problem it can.
type decoder struct {
	source string
	errs   ErrorList
	// pos maps a value's path to its position: the value itself, or its key when the value
	// is empty.
	pos map[string]Pos
	// bad lists the paths that already have an error, so validation does not report a
	// second, derived problem for them.
	bad map[string]bool
	// incomplete lists the mappings with an unknown key. Validation does not report a
	// missing key there, because the unknown key is most likely that key misspelled.
	incomplete map[string]bool
}

// field is one key a mapping accepts and how to decode its value.
type field struct {
	key    string
	decode func(n ast.Node, path string)
}

// schema is the set of keys one kind of mapping accepts.
type schema struct {
	fields []field
	// unsupported maps keys that are planned but not implemented to the consequence of
	// removing them.
	unsupported map[string]string
	// elsewhere maps keys that belong to another section to that section's name, for a
	// better message than "unknown key".
	elsewhere map[string]string
}

func (s *schema) keys() []string {
	keys := make([]string, len(s.fields))
	for i, f := range s.fields {
		keys[i] = f.key
	}
	return keys
}

// errorf reports a problem with the value at path and marks the path bad.
func (d *decoder) errorf(p Pos, path, format string, args ...any) {
	d.keyErrorf(p, path, format, args...)
	d.bad[path] = true
}

// keyErrorf reports a problem with a key inside the mapping at path. The mapping's other
// values stay subject to validation.
func (d *decoder) keyErrorf(p Pos, path, format string, args ...any) {
	d.errs = append(d.errs, &Error{Source: d.source, Line: p.Line, Column: p.Column, Path: path, Msg: fmt.Sprintf(format, args...)})
}

// mapping decodes a mapping node against s, reporting unknown, unsupported and duplicate keys
// at the key. An empty value (null) is an empty mapping.
func (d *decoder) mapping(n ast.Node, path string, s schema) {
	values, ok := d.mappingValues(n, path, "a mapping with keys "+strings.Join(s.keys(), ", "))
	if !ok {
		return
	}
	seen := make(map[string]Pos, len(values))
	for _, mv := range values {
		key, keyPos, ok := d.key(mv.Key, path)
		if !ok {
			continue
		}
		if consequence, ok := s.unsupported[key]; ok {
			d.keyErrorf(keyPos, path, "key %s is not supported yet: remove it (%s)", key, consequence)
			continue
		}
		i := slices.IndexFunc(s.fields, func(f field) bool { return f.key == key })
		if i < 0 {
			d.unknownKey(key, keyPos, path, s)
			continue
		}
		if first, dup := seen[key]; dup {
			d.keyErrorf(keyPos, path, "duplicate key %s (first at line %d): remove one of them", key, first.Line)
			continue
		}
		seen[key] = keyPos
		child := joinPath(path, key)
		d.pos[child] = valuePos(mv)
		if d.rejectSpecial(mv.Value, child) {
			continue
		}
		s.fields[i].decode(mv.Value, child)
	}
}

// mappingValues returns the entries of a mapping node; ok is false when n is not a mapping.
func (d *decoder) mappingValues(n ast.Node, path, expected string) ([]*ast.MappingValueNode, bool) {
	switch v := n.(type) {
	case nil, *ast.NullNode:
		return nil, true
	case *ast.MappingNode:
		return v.Values, true
	case *ast.MappingValueNode:
		return []*ast.MappingValueNode{v}, true
	}
	d.typeError(n, path, expected)
	return nil, false
}

// key returns the text of a mapping key. Keys must be plain scalars. A rejected key marks
// the mapping incomplete, because it may stand for a required key.
func (d *decoder) key(n ast.MapKeyNode, path string) (string, Pos, bool) {
	p := nodePos(n)
	switch v := n.(type) {
	case *ast.StringNode:
		return v.Value, p, true
	case *ast.IntegerNode, *ast.FloatNode, *ast.BoolNode, *ast.NullNode, *ast.InfinityNode, *ast.NanNode:
		return tokenText(v), p, true
	case *ast.MergeKeyNode:
		d.keyErrorf(p, path, "merge keys (<<) are not supported: write each key out")
	case *ast.MappingKeyNode:
		d.keyErrorf(p, path, "complex keys (?) are not supported: write key: value")
	case *ast.AnchorNode, *ast.AliasNode:
		d.keyErrorf(p, path, "%s", anchorMessage)
	case *ast.TagNode:
		d.keyErrorf(p, path, "%s", tagMessage)
	default:
		d.keyErrorf(p, path, "invalid key: a key must be a plain string")
	}
	d.incomplete[path] = true
	return "", p, false
}

func (d *decoder) unknownKey(key string, p Pos, path string, s schema) {
	msg := "unknown key " + quote(key)
	keys := s.keys()
	if section, ok := s.elsewhere[key]; ok {
		msg += ": it belongs under " + section
	} else if hint := didYouMean(key, keys); hint != "" {
		msg += hint
	} else {
		msg += ": valid keys are " + strings.Join(keys, ", ")
	}
	d.keyErrorf(p, path, "%s", msg)
	d.incomplete[path] = true
}

const (
	anchorMessage = "YAML anchors and aliases (&name, *name) are not supported: write the value out"
	tagMessage    = "YAML tags (such as !!str) are not supported: remove the tag"
)

// rejectSpecial reports YAML features the schema does not accept (anchors, aliases, tags) and
// returns true when n is one of them. Aliases would let one value appear at several paths,
// which makes a position ambiguous, and they expand exponentially when nested.
func (d *decoder) rejectSpecial(n ast.Node, path string) bool {
	switch n.(type) {
	case *ast.AnchorNode, *ast.AliasNode:
		d.errorf(nodePos(n), path, "%s", anchorMessage)
	case *ast.TagNode:
		d.errorf(nodePos(n), path, "%s", tagMessage)
	case *ast.DocumentNode, *ast.DirectiveNode, *ast.CommentNode, *ast.CommentGroupNode, *ast.MappingKeyNode, *ast.MergeKeyNode:
		d.errorf(nodePos(n), path, "unexpected %s", n.Type())
	default:
		return false
	}
	return true
}

// sequence returns the items of a list node; ok is false when n is empty or not a list.
func (d *decoder) sequence(n ast.Node, path string) ([]ast.Node, bool) {
	switch v := n.(type) {
	case nil, *ast.NullNode:
		return nil, false
	case *ast.SequenceNode:
		return v.Values, true
	}
	d.typeError(n, path, "a list")
	return nil, false
}

// items calls decode for each item of a list with the item's path ("path[i]"), after
// recording its position.
func (d *decoder) items(n ast.Node, path string, decode func(item ast.Node, itemPath string)) {
	items, _ := d.sequence(n, path)
	for i, item := range items {
		itemPath := path + "[" + strconv.Itoa(i) + "]"
		d.pos[itemPath] = nodePos(item)
		if d.rejectSpecial(item, itemPath) {
			continue
		}
		decode(item, itemPath)
	}
}

// text returns a scalar as written, without quotes. Numbers and booleans are accepted as their
// text, so header values such as 1 or true need no quotes. ok is false for an empty value.
func (d *decoder) text(n ast.Node, path string) (string, bool) {
	switch v := n.(type) {
	case nil, *ast.NullNode:
		return "", false
	case *ast.StringNode:
		return v.Value, true
	case *ast.LiteralNode:
		if v.Value == nil {
			return "", true
		}
		return v.Value.Value, true
	case *ast.IntegerNode, *ast.FloatNode, *ast.BoolNode, *ast.InfinityNode, *ast.NanNode:
		return tokenText(v), true
	}
	d.typeError(n, path, "a string")
	return "", false
}

func (d *decoder) setString(dst *string, n ast.Node, path string) {
	if s, ok := d.text(n, path); ok {
		*dst = s
	}
}

// setInt stores an integer that fits in an int. Validation checks each field's own range, so
// that the check also covers a Config built by hand.
func (d *decoder) setInt(dst *int, n ast.Node, path string) {
	switch v := n.(type) {
	case nil, *ast.NullNode:
		return
	case *ast.IntegerNode:
		// goccy/go-yaml stores non-negative integers as uint64 and negative ones as int64.
		switch x := v.Value.(type) {
		case int64:
			if x >= math.MinInt && x <= math.MaxInt {
				*dst = int(x)
				return
			}
		case uint64:
			if x <= math.MaxInt {
				*dst = int(x)
				return
			}
		}
		d.errorf(nodePos(n), path, "integer %s is out of range", tokenText(v))
		return
	case *ast.StringNode:
		// goccy/go-yaml v1.19 parses an integer too large for 64 bits as a string.
		if isDecimal(strings.TrimPrefix(v.Value, "-")) {
			d.errorf(nodePos(n), path, "integer %s is out of range", v.Value)
			return
		}
	}
	d.typeError(n, path, "an integer")
}

func (d *decoder) setBool(dst *bool, n ast.Node, path string) {
	switch v := n.(type) {
	case nil, *ast.NullNode:
		return
	case *ast.BoolNode:
		*dst = v.Value
		return
	}
	d.typeError(n, path, "true or false")
}

func (d *decoder) setDuration(dst *time.Duration, n ast.Node, path string) {
	s, ok := d.scalarFor(n, path, "a duration such as 10s")
	if !ok {
		return
	}
	v, err := parseDuration(s)
	if err != nil {
		d.errorf(nodePos(n), path, "%v", err)
		return
	}
	*dst = v
}

func (d *decoder) setSize64(dst *int64, n ast.Node, path string) {
	s, ok := d.scalarFor(n, path, "a size such as 16KiB")
	if !ok {
		return
	}
	v, err := ParseSize(s)
	if err != nil {
		d.errorf(nodePos(n), path, "%v", err)
		return
	}
	*dst = v
}

func (d *decoder) setSize(dst *int, n ast.Node, path string) {
	var v int64 = -1
	d.setSize64(&v, n, path)
	switch {
	case v < 0:
		// Unset or already reported.
	case v > math.MaxInt:
		d.errorf(nodePos(n), path, "size %d is out of range", v)
	default:
		*dst = int(v)
	}
}

// scalarFor returns the text of a string or number node, reporting any other kind as a type
// error that names what was expected.
func (d *decoder) scalarFor(n ast.Node, path, expected string) (string, bool) {
	switch v := n.(type) {
	case nil, *ast.NullNode:
		return "", false
	case *ast.StringNode:
		return v.Value, true
	case *ast.IntegerNode, *ast.FloatNode:
		return tokenText(v), true
	}
	d.typeError(n, path, expected)
	return "", false
}

func (d *decoder) typeError(n ast.Node, path, expected string) {
	got := kind(n)
	switch n.(type) {
	case *ast.StringNode, *ast.IntegerNode, *ast.FloatNode, *ast.BoolNode:
		got += " " + quote(tokenText(n))
	}
	d.errorf(nodePos(n), path, "expected %s, got %s", expected, got)
}

// kind names a node's type the way the documentation does.
func kind(n ast.Node) string {
	switch n.(type) {
	case *ast.MappingNode, *ast.MappingValueNode:
		return "a mapping"
	case *ast.SequenceNode:
		return "a list"
	case *ast.StringNode, *ast.LiteralNode:
		return "string"
	case *ast.IntegerNode:
		return "integer"
	case *ast.FloatNode, *ast.InfinityNode, *ast.NanNode:
		return "number"
	case *ast.BoolNode:
		return "boolean"
	case nil, *ast.NullNode:
		return "nothing"
	}
	return n.Type().String()
}

// nodePos returns where a node starts. A block mapping starts at its first key; goccy's token
// for it is the first ':'.
func nodePos(n ast.Node) Pos {
	switch v := n.(type) {
	case nil:
		return Pos{}
	case *ast.DocumentNode:
		// DocumentNode.GetToken dereferences a nil Start token when the document has no
		// "---" marker.
		return nodePos(v.Body)
	case *ast.MappingNode:
		if !v.IsFlowStyle && len(v.Values) > 0 {
			return nodePos(v.Values[0].Key)
		}
	case *ast.MappingValueNode:
		return nodePos(v.Key)
	case *ast.StringNode:
		if v.Token == nil {
			return Pos{}
		}
	}
	tk := n.GetToken()
	if tk == nil || tk.Position == nil {
		return Pos{}
	}
	return Pos{Line: tk.Position.Line, Column: tk.Position.Column}
}

// valuePos is the position of a mapping entry's value, or of its key when the value is empty
// (goccy places an implicit null just after the colon, which reads as a blank spot).
func valuePos(mv *ast.MappingValueNode) Pos {
	if null, ok := mv.Value.(*ast.NullNode); mv.Value == nil || ok && (null.Token == nil || null.Token.Type == token.ImplicitNullType) {
		return nodePos(mv.Key)
	}
	if p := nodePos(mv.Value); p.Line > 0 {
		return p
	}
	return nodePos(mv.Key)
}

func tokenText(n ast.Node) string {
	if tk := n.GetToken(); tk != nil {
		return tk.Value
	}
	return ""
}

func joinPath(parent, key string) string {
	if parent == "" {
		return key
	}
	return parent + "." + key
}

func isDecimal(s string) bool {
	return s != "" && strings.Trim(s, "0123456789") == ""
}
