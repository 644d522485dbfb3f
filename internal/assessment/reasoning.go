package assessment

// This file holds the assessor's own words in a record: the justification of
// each test and of the decision, and notes that give the evidence for an
// answer. The rules it keeps:
//   - both keys are optional, so records written before them stay valid and
//     their canonical form, and so their signatures, are unchanged;
//   - when present they are part of the canonical form: a signature covers
//     the reasoning as it covers the answers;
//   - justification has four parts (purpose, necessity, balancing, decision),
//     each text; notes map a question ID of the catalogue to text;
//   - the engine never reads them: they explain a result, they do not make it.

import (
	"fmt"
	"github.com/lia-project/lia/internal/textfmt"
	"slices"
	"strings"

	"github.com/lia-project/lia/internal/signing"
	"go.yaml.in/yaml/v3"
)

// Justification is the assessor's reasoning: why the interest is legitimate,
// why the processing is necessary for it, why the balance tips as it does,
// and the decision with what happens next (the ICO's "Making the decision").
type Justification struct {
	Purpose   string
	Necessity string
	Balancing string
	Decision  string
}

// JustificationParts names the parts of a justification, in record order.
var JustificationParts = []string{"purpose", "necessity", "balancing", "decision"}

// Part returns the text of a part by name, for reading and writing.
func (j *Justification) Part(name string) *string {
	switch name {
	case "purpose":
		return &j.Purpose
	case "necessity":
		return &j.Necessity
	case "balancing":
		return &j.Balancing
	case "decision":
		return &j.Decision
	}
	return nil
}

// Missing returns the parts that have no text, in record order.
func (j *Justification) Missing() []string {
	var out []string
	for _, p := range JustificationParts {
		if strings.TrimSpace(*j.Part(p)) == "" {
			out = append(out, p)
		}
	}
	return out
}

func (j *Justification) empty() bool { return len(j.Missing()) == len(JustificationParts) }

// NoteIDs returns the question IDs that have a note, in catalogue order.
func (r *Record) NoteIDs(q *Questionnaire) []string {
	var out []string
	for _, qu := range q.Questions() {
		if _, ok := r.Notes[qu.ID]; ok {
			out = append(out, qu.ID)
		}
	}
	return out
}

// ---- parsing ----

func (p *parser) justification(n *yaml.Node) {
	for _, kv := range p.fields(n, "justification", JustificationParts) {
		if s, ok := p.text(kv.val, "justification."+kv.key, false); ok {
			*p.rec.Justification.Part(kv.key) = s
		}
	}
}

// notes reads notes: a mapping from question IDs to text. An ID the
// catalogue does not know is an unknown key, with a suggestion when it is
// close to one.
func (p *parser) notes(n *yaml.Node) {
	if n.Kind != yaml.MappingNode {
		p.errAt(n, "notes", CheckType, "expected a mapping of question IDs to text, found %s", kindName(n))
		return
	}
	p.rec.Notes = make(map[string]string, len(n.Content)/2)
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind != yaml.ScalarNode {
			p.errAt(k, "notes", CheckSyntax, "a key must be a question ID")
			continue
		}
		field := "notes." + k.Value
		if _, dup := p.rec.Notes[k.Value]; dup {
			p.errAt(k, field, CheckDuplicate, "duplicate key %q (first at line %d)", k.Value, firstKey(n, k.Value).Line)
			continue
		}
		if p.q.Question(k.Value) == nil {
			e := p.errAt(k, field, CheckUnknownKey, "%q is not a question ID; a note belongs to a question, such as data.subject_count", textfmt.Cut(k.Value, 60))
			if s := suggest(k.Value, p.q.IDs()); s != "" {
				e.Msg += fmt.Sprintf("; did you mean %q?", s)
			}
			continue
		}
		if s, ok := p.text(v, field, false); ok {
			p.rec.Notes[k.Value] = s
		}
	}
}

// IDs returns every question ID, in catalogue order.
func (q *Questionnaire) IDs() []string {
	qs := q.Questions()
	out := make([]string, len(qs))
	for i, qu := range qs {
		out[i] = qu.ID
	}
	return out
}

// ---- writing ----

// reasoningNodes adds justification and notes to a record's tree, when it has them.
func (b *treeBuilder) reasoningNodes(root *yaml.Node, r *Record, q *Questionnaire) {
	if !r.Justification.empty() {
		j := b.mapping()
		for _, p := range JustificationParts {
			if s := *r.Justification.Part(p); s != "" {
				b.add(j, p, b.str(s))
			}
		}
		b.add(root, "justification", j)
	}
	if len(r.Notes) > 0 {
		n := b.mapping()
		for _, id := range r.NoteIDs(q) {
			b.add(n, id, b.str(r.Notes[id]))
		}
		b.add(root, "notes", n)
	}
}

// canonicalJustification and canonicalNotes write the members in canonical
// (sorted) order, leaving them out when empty, as Node does.
func canonicalJustification(w *signing.JSONWriter, j *Justification) {
	if j.empty() {
		return
	}
	w.Key("justification")
	w.Open('{')
	for _, p := range []string{"balancing", "decision", "necessity", "purpose"} {
		textMember(w, p, *j.Part(p))
	}
	w.Close('}')
}

func canonicalNotes(w *signing.JSONWriter, notes map[string]string) {
	if len(notes) == 0 {
		return
	}
	ids := make([]string, 0, len(notes))
	for id := range notes {
		ids = append(ids, id)
	}
	slices.Sort(ids) // question IDs are ASCII: byte order is RFC 8785's order
	w.Key("notes")
	w.Open('{')
	for _, id := range ids {
		strMember(w, id, notes[id])
	}
	w.Close('}')
}

// ---- schema ----

func justificationSchema() obj {
	return strictObject(obj{
		{"purpose", text().set("description", "Why the interest is legitimate: what it is, who benefits, and why it is real and lawful.")},
		{"necessity", text().set("description", "Why the processing is necessary for the interest, and what less intrusive ways were considered and why they fall short.")},
		{"balancing", text().set("description", "Why people's interests and rights do not override the interest: the main risks, the safeguards that carry the balance, and what people expect.")},
		{"decision", text().set("description", "The decision, why, and what happens next (actions, review): the ICO's \"Making the decision\". lia sign requires it.")},
	}, nil).set("description", "The assessor's own reasoning for each test and for the decision. Covered by signatures.")
}

func notesSchema(q *Questionnaire) obj {
	var props obj
	for _, qu := range q.Questions() {
		props = props.set(qu.ID, text().set("title", "Evidence for: "+qu.Prompt))
	}
	return strictObject(props, nil).set("description", "Evidence for answers, by question ID: a document reference, a trial result, a link. Covered by signatures.")
}

// ---- diff ----

// reasoningChanges lists the justification parts and notes that differ.
func reasoningChanges(o, n *Record, q *Questionnaire) (just, notes []FieldChange) {
	for _, p := range JustificationParts {
		if c := (FieldChange{p, *o.Justification.Part(p), *n.Justification.Part(p)}); c.Changed() {
			just = append(just, c)
		}
	}
	for _, qu := range q.Questions() {
		if c := (FieldChange{qu.ID, o.Notes[qu.ID], n.Notes[qu.ID]}); c.Changed() {
			notes = append(notes, c)
		}
	}
	return just, notes
}
