package assessment

import (
	"fmt"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Node builds the record's YAML tree in a fixed order: header, metadata, answers
// in catalogue order, result, signatures. Everything that writes or hashes a
// record starts here, so the same record always gives the same bytes.
func (r *Record) Node(q *Questionnaire, withSignatures bool) *yaml.Node {
	root := mapping()
	api, kind := r.APIVersion, r.Kind
	if api == "" {
		api = APIVersion
	}
	if kind == "" {
		kind = Kind
	}
	add(root, "apiVersion", str(api))
	add(root, "kind", str(kind))
	add(root, "metadata", metadataNode(r.Metadata))
	add(root, "answers", answersNode(r.Answers, q))
	if r.Result != nil {
		add(root, "result", resultNode(r.Result))
	}
	if withSignatures && len(r.Signatures) > 0 {
		seq := &yaml.Node{Kind: yaml.SequenceNode}
		for _, s := range r.Signatures {
			m := mapping()
			add(m, "signer", str(s.Signer))
			add(m, "role", str(s.Role))
			add(m, "key", str(s.Key))
			add(m, "signed_at", str(s.SignedAt))
			add(m, "signature", str(s.Signature))
			seq.Content = append(seq.Content, m)
		}
		add(root, "signatures", seq)
	}
	return root
}

// Tree returns the record without signatures as plain values (maps, slices,
// strings, bools, int64 and float64). signing.Canonicalize of it is the
// reference definition of the canonical form; report.Canonical writes the
// same bytes straight from the YAML tree.
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

func metadataNode(m Metadata) *yaml.Node {
	// Empty fields are left out, so a partial record (a draft, an answers file)
	// reads back exactly as it was written.
	n := mapping()
	addText := func(m *yaml.Node, key, v string) {
		if v != "" {
			add(m, key, str(v))
		}
	}
	addText(n, "id", m.ID)
	addText(n, "title", m.Title)
	addText(n, "controller", m.Controller)
	a := mapping()
	addText(a, "name", m.Assessor.Name)
	addText(a, "email", m.Assessor.Email)
	addText(a, "role", m.Assessor.Role)
	if len(a.Content) > 0 {
		add(n, "assessor", a)
	}
	addText(n, "assessed_on", m.AssessedOn)
	addText(n, "review_by", m.ReviewBy)
	addText(n, "jurisdiction", m.Jurisdiction)
	d := mapping()
	if m.DPO.Consulted != nil {
		add(d, "consulted", boolean(*m.DPO.Consulted))
	}
	addText(d, "name", m.DPO.Name)
	addText(d, "opinion", m.DPO.Opinion)
	if len(d.Content) > 0 {
		add(n, "dpo", d)
	}
	return n
}

func answersNode(a Answers, q *Questionnaire) *yaml.Node {
	n := mapping()
	for _, s := range q.Sections {
		sec := mapping()
		for _, qu := range s.Questions {
			v, ok := a[qu.ID]
			if !ok {
				continue
			}
			add(sec, qu.Short, valueNode(v))
		}
		if len(sec.Content) > 0 {
			add(n, s.ID, sec)
		}
	}
	return n
}

func valueNode(v Value) *yaml.Node {
	switch v.Type {
	case TypeBool:
		return boolean(v.Bool)
	case TypeInt:
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!int", Value: strconv.FormatInt(v.Int, 10)}
	case TypeNumber:
		return number(v.Number)
	case TypeMulti:
		return list(v.List)
	}
	return str(v.Text)
}

func resultNode(r *Result) *yaml.Node {
	n := mapping()
	e := mapping()
	add(e, "version", str(r.Engine.Version))
	add(e, "scoring", str(r.Engine.Scoring))
	add(n, "engine", e)
	add(n, "outcome", str(r.Outcome))
	t := mapping()
	for _, x := range []struct {
		name string
		tr   TestResult
	}{{"purpose", r.Tests.Purpose}, {"necessity", r.Tests.Necessity}, {"balancing", r.Tests.Balancing}} {
		m := mapping()
		add(m, "status", str(x.tr.Status))
		add(m, "reason", str(x.tr.Reason))
		add(t, x.name, m)
	}
	add(n, "tests", t)
	s := mapping()
	add(s, "interest_weight", number(r.Scores.InterestWeight))
	add(s, "inherent_risk", number(r.Scores.InherentRisk))
	add(s, "mitigation", number(r.Scores.Mitigation))
	add(s, "residual_risk", number(r.Scores.ResidualRisk))
	add(n, "scores", s)
	d := mapping()
	add(d, "criteria", list(r.DPIA.Criteria))
	add(d, "derived", list(r.DPIA.Derived))
	add(d, "required", boolean(r.DPIA.Required))
	add(n, "dpia", d)
	fs := &yaml.Node{Kind: yaml.SequenceNode}
	for _, f := range r.Findings {
		m := mapping()
		add(m, "id", str(f.ID))
		add(m, "test", str(f.Test))
		add(m, "severity", str(f.Severity))
		add(m, "message", str(f.Message))
		add(m, "reference", str(f.Reference))
		add(m, "answers", list(f.Answers))
		fs.Content = append(fs.Content, m)
	}
	add(n, "findings", fs)
	add(n, "actions", blockList(r.Actions))
	return n
}

func mapping() *yaml.Node { return &yaml.Node{Kind: yaml.MappingNode} }

func add(m *yaml.Node, key string, v *yaml.Node) {
	m.Content = append(m.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: key}, v)
}

func str(s string) *yaml.Node {
	n := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s}
	if strings.Contains(s, "\n") {
		n.Style = yaml.LiteralStyle
	}
	return n
}

func boolean(b bool) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: strconv.FormatBool(b)}
}

func number(f float64) *yaml.Node {
	s := strconv.FormatFloat(f, 'g', -1, 64)
	tag := "!!float"
	if !strings.ContainsAny(s, ".eE") {
		tag = "!!int"
	}
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: tag, Value: s}
}

func list(xs []string) *yaml.Node {
	n := &yaml.Node{Kind: yaml.SequenceNode, Style: yaml.FlowStyle}
	for _, x := range xs {
		n.Content = append(n.Content, str(x))
	}
	return n
}

func blockList(xs []string) *yaml.Node {
	n := list(xs)
	if len(xs) > 0 {
		n.Style = 0
	}
	return n
}
