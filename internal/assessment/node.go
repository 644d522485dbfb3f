package assessment

import (
	"fmt"
	"reflect"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/lia-project/lia/internal/yamlfast"
)

// Node builds the record's YAML tree in a fixed order: header, metadata, answers
// in catalogue order, result, justification, notes, signatures. Everything that writes or hashes a
// record starts here, so the same record always gives the same bytes.
func (r *Record) Node(q *Questionnaire, withSignatures bool) *yaml.Node {
	b := &treeBuilder{}
	root := b.mapping()
	api, kind := r.APIVersion, r.Kind
	if api == "" {
		api = APIVersion
	}
	if kind == "" {
		kind = Kind
	}
	b.add(root, "apiVersion", b.str(api))
	b.add(root, "kind", b.str(kind))
	b.add(root, "metadata", b.metadataNode(metadataValue(&r.Metadata), q.Metadata.Fields))
	b.add(root, "answers", b.answersNode(r.Answers, q))
	if r.Result != nil {
		b.add(root, "result", b.resultNode(r.Result))
	}
	b.reasoningNodes(root, r, q)
	if withSignatures && len(r.Signatures) > 0 {
		seq := &yaml.Node{Kind: yaml.SequenceNode}
		for _, s := range r.Signatures {
			m := b.mapping()
			b.add(m, "signer", b.str(s.Signer))
			b.add(m, "role", b.str(s.Role))
			b.add(m, "key", b.str(s.Key))
			b.add(m, "signed_at", b.str(s.SignedAt))
			b.add(m, "signature", b.str(s.Signature))
			seq.Content = append(seq.Content, m)
		}
		b.add(root, "signatures", seq)
	}
	return root
}

// Tree returns the record without signatures as plain values (maps, slices,
// strings, bools, int64 and float64). signing.Canonicalize of it is the
// reference definition of the canonical form; Canonical writes the same
// bytes straight from the record.
func (r *Record) Tree(q *Questionnaire) (map[string]any, error) {
	var v map[string]any
	if err := r.Node(q, false).Decode(&v); err != nil {
		return nil, fmt.Errorf("building the record tree: %w", err)
	}
	return normalise(v).(map[string]any), nil
}

func normalise(v any) any {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			x[k] = normalise(e)
		}
		return x
	case []any:
		for i, e := range x {
			x[i] = normalise(e)
		}
		return x
	case int:
		return int64(x)
	case uint64:
		return float64(x)
	}
	return v
}

// metadataNode writes the metadata in described order; v is the metadata's
// or a group's Go value. Empty fields and groups are left out, so a partial
// record (a draft, an answers file) reads back exactly as it was written.
func (b *treeBuilder) metadataNode(v reflect.Value, fields []*MetaField) *yaml.Node {
	n := b.mapping()
	for _, f := range fields {
		fv := f.in(v)
		switch {
		case f.Fields != nil:
			if f.isSet(fv) {
				b.add(n, f.Name, b.metadataNode(fv, f.Fields))
			}
		case f.Type == MetaBool:
			if !fv.IsNil() {
				b.add(n, f.Name, b.boolean(fv.Elem().Bool()))
			}
		default:
			if s := fv.String(); s != "" {
				b.add(n, f.Name, b.str(s))
			}
		}
	}
	return n
}

func (b *treeBuilder) answersNode(a Answers, q *Questionnaire) *yaml.Node {
	n := b.mapping()
	for _, s := range q.Sections {
		sec := b.mapping()
		for _, qu := range s.Questions {
			v, ok := a[qu.ID]
			if !ok {
				continue
			}
			b.add(sec, qu.Short, b.valueNode(v))
		}
		if len(sec.Content) > 0 {
			b.add(n, s.ID, sec)
		}
	}
	return n
}

func (b *treeBuilder) valueNode(v Value) *yaml.Node {
	switch v.Type {
	case TypeBool:
		return b.boolean(v.Bool)
	case TypeInt:
		return b.node(yaml.ScalarNode, 0, "!!int", strconv.FormatInt(v.Int, 10))
	case TypeNumber:
		return b.number(v.Number)
	case TypeMulti:
		return b.list(v.List)
	}
	return b.str(v.Text)
}

func (b *treeBuilder) resultNode(r *Result) *yaml.Node {
	n := b.mapping()
	e := b.mapping()
	b.add(e, "version", b.str(r.Engine.Version))
	b.add(e, "scoring", b.str(r.Engine.Scoring))
	if r.Engine.Digest != "" {
		b.add(e, "digest", b.str(r.Engine.Digest))
	}
	b.add(n, "engine", e)
	b.add(n, "outcome", b.str(r.Outcome))
	t := b.mapping()
	for _, x := range []struct {
		name string
		tr   TestResult
	}{{"purpose", r.Tests.Purpose}, {"necessity", r.Tests.Necessity}, {"balancing", r.Tests.Balancing}} {
		m := b.mapping()
		b.add(m, "status", b.str(x.tr.Status))
		b.add(m, "reason", b.str(x.tr.Reason))
		b.add(t, x.name, m)
	}
	b.add(n, "tests", t)
	s := b.mapping()
	b.add(s, "interest_weight", b.number(r.Scores.InterestWeight))
	b.add(s, "inherent_risk", b.number(r.Scores.InherentRisk))
	b.add(s, "mitigation", b.number(r.Scores.Mitigation))
	b.add(s, "residual_risk", b.number(r.Scores.ResidualRisk))
	b.add(n, "scores", s)
	d := b.mapping()
	b.add(d, "criteria", b.list(r.DPIA.Criteria))
	b.add(d, "derived", b.list(r.DPIA.Derived))
	b.add(d, "required", b.boolean(r.DPIA.Required))
	b.add(n, "dpia", d)
	fs := &yaml.Node{Kind: yaml.SequenceNode}
	for _, f := range r.Findings {
		m := b.mapping()
		b.add(m, "id", b.str(f.ID))
		b.add(m, "test", b.str(f.Test))
		b.add(m, "severity", b.str(f.Severity))
		b.add(m, "message", b.str(f.Message))
		b.add(m, "reference", b.str(f.Reference))
		b.add(m, "answers", b.list(f.Answers))
		fs.Content = append(fs.Content, m)
	}
	b.add(n, "findings", fs)
	b.add(n, "actions", b.blockList(r.Actions))
	return n
}

// treeBuilder allocates a record's nodes in chunks: a record has several
// hundred, and building the tree is part of every signature check.
type treeBuilder struct {
	slab []yaml.Node
}

func (b *treeBuilder) node(kind yaml.Kind, style yaml.Style, tag, value string) *yaml.Node {
	if len(b.slab) == cap(b.slab) {
		b.slab = make([]yaml.Node, 0, 192) // under 32 KiB, a small allocation
	}
	b.slab = append(b.slab, yaml.Node{Kind: kind, Style: style, Tag: tag, Value: value})
	return &b.slab[len(b.slab)-1]
}

func (b *treeBuilder) mapping() *yaml.Node { return b.node(yaml.MappingNode, 0, "", "") }

func (b *treeBuilder) add(m *yaml.Node, key string, v *yaml.Node) {
	if m.Content == nil {
		m.Content = make([]*yaml.Node, 0, 16)
	}
	m.Content = append(m.Content, b.node(yaml.ScalarNode, 0, "!!str", key), v)
}

// str writes text so that every YAML reader reads it back as that text
// (yamlfast/portable.go): quoted when a reader would type it, and in double
// quotes, which escape them, when it holds characters yaml.v3 would otherwise
// write raw and YAML readers split lines at differently.
func (b *treeBuilder) str(s string) *yaml.Node {
	var style yaml.Style
	switch {
	case yamlfast.HasLineSeparator(s):
		style = yaml.DoubleQuotedStyle
	case strings.Contains(s, "\n"):
		style = yaml.LiteralStyle
	case !yamlfast.PlainTextOK(s):
		style = yaml.DoubleQuotedStyle // as yaml.v3 quotes what it would itself type
	}
	return b.node(yaml.ScalarNode, style, "!!str", s)
}

func (b *treeBuilder) boolean(v bool) *yaml.Node {
	return b.node(yaml.ScalarNode, 0, "!!bool", strconv.FormatBool(v))
}

// number writes f in the form every YAML reader reads as the same number
// (1.0e-08, not 1e-08, which PyYAML reads as text).
func (b *treeBuilder) number(f float64) *yaml.Node {
	s := yamlfast.FormatFloat(f)
	tag := "!!float"
	if !strings.ContainsAny(s, ".eE") {
		tag = "!!int"
	}
	return b.node(yaml.ScalarNode, 0, tag, s)
}

func (b *treeBuilder) list(xs []string) *yaml.Node {
	n := b.node(yaml.SequenceNode, yaml.FlowStyle, "", "")
	if len(xs) > 0 {
		n.Content = make([]*yaml.Node, len(xs))
		for i, x := range xs {
			n.Content[i] = b.str(x)
		}
	}
	return n
}

func (b *treeBuilder) blockList(xs []string) *yaml.Node {
	n := b.list(xs)
	if len(xs) > 0 {
		n.Style = 0
	}
	return n
}
