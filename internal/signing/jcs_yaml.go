package signing

import (
	"bytes"
	"fmt"
	"slices"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// CanonicalizeYAML returns the RFC 8785 canonical bytes of a YAML tree whose
// scalars carry explicit tags, as lia builds a record's tree: !!str is a
// string, !!bool, !!int and !!float are booleans and numbers, !!null is null;
// mappings are objects with !!str keys, sequences are arrays. It gives the
// bytes Canonicalize gives for the same tree decoded into Go values, without
// building those values.
func CanonicalizeYAML(n *yaml.Node) ([]byte, error) {
	w := &nodeWriter{members: make([]member, 0, 64)}
	w.buf.Grow(16 << 10)
	if err := w.node(n); err != nil {
		return nil, err
	}
	return w.buf.Bytes(), nil
}

// nodeWriter writes a tree; members is a stack of the mappings' members
// being sorted, innermost last.
type nodeWriter struct {
	buf     bytes.Buffer
	members []member
}

type member struct {
	key   string
	value *yaml.Node
}

func (w *nodeWriter) node(n *yaml.Node) error {
	buf := &w.buf
	switch n.Kind {
	case yaml.DocumentNode:
		if len(n.Content) != 1 {
			return fmt.Errorf("document holds %d values", len(n.Content))
		}
		return w.node(n.Content[0])
	case yaml.ScalarNode:
		return writeScalar(buf, n)
	case yaml.SequenceNode:
		buf.WriteByte('[')
		for i, c := range n.Content {
			if i > 0 {
				buf.WriteByte(',')
			}
			if err := w.node(c); err != nil {
				return err
			}
		}
		buf.WriteByte(']')
		return nil
	case yaml.MappingNode:
		return w.mapping(n)
	}
	return fmt.Errorf("line %d: cannot canonicalize a YAML node of kind %d", n.Line, n.Kind)
}

func writeScalar(buf *bytes.Buffer, n *yaml.Node) error {
	switch n.Tag {
	case "!!str":
		return writeString(buf, n.Value)
	case "!!bool":
		switch n.Value {
		case "true", "false":
			buf.WriteString(n.Value)
			return nil
		}
	case "!!int":
		if i, err := strconv.ParseInt(n.Value, 10, 64); err == nil {
			return writeInt(buf, i)
		}
	case "!!float":
		if f, err := strconv.ParseFloat(n.Value, 64); err == nil {
			s, err := FormatNumber(f)
			if err != nil {
				return err
			}
			buf.WriteString(s)
			return nil
		}
	case "!!null":
		buf.WriteString("null")
		return nil
	}
	return fmt.Errorf("cannot canonicalize %s %q", n.Tag, n.Value)
}

// writeMapping writes members sorted by the UTF-16 code units of their
// names. For names below U+10000 (all of lia's) that is the order of their
// UTF-8 bytes; only names with characters beyond it need UTF-16.
func (w *nodeWriter) mapping(n *yaml.Node) error {
	buf := &w.buf
	from := len(w.members)
	defer func() { w.members = w.members[:from] }()
	astral := false
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := n.Content[i]
		if k.Kind != yaml.ScalarNode || k.Tag != "!!str" {
			return fmt.Errorf("line %d: a member name must be a string", k.Line)
		}
		if !utf8.ValidString(k.Value) {
			return fmt.Errorf("member name %q is not valid utf-8", k.Value)
		}
		for _, r := range k.Value {
			astral = astral || r > 0xFFFF
		}
		w.members = append(w.members, member{k.Value, n.Content[i+1]})
	}
	members := w.members[from:]
	if astral {
		slices.SortFunc(members, func(a, b member) int {
			return slices.Compare(utf16.Encode([]rune(a.key)), utf16.Encode([]rune(b.key)))
		})
	} else {
		slices.SortFunc(members, func(a, b member) int {
			switch {
			case a.key < b.key:
				return -1
			case a.key > b.key:
				return 1
			}
			return 0
		})
	}
	buf.WriteByte('{')
	for i, m := range members {
		if i > 0 {
			if m.key == members[i-1].key {
				return fmt.Errorf("duplicate member name %q", m.key)
			}
			buf.WriteByte(',')
		}
		if err := writeString(buf, m.key); err != nil {
			return err
		}
		buf.WriteByte(':')
		if err := w.node(m.value); err != nil {
			return fmt.Errorf("member %q: %w", m.key, err)
		}
	}
	buf.WriteByte('}')
	return nil
}
