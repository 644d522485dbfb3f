package assessment

import (
	"cmp"
	"reflect"
	"slices"

	"github.com/lia-project/lia/internal/signing"
)

// Canonical returns the bytes a record's signatures cover: the record without
// signatures as RFC 8785 JSON. It writes what signing.Canonicalize makes of
// r.Tree(q), the reference definition, straight from the record: members in
// canonical (sorted) order, values as Node types them. TestCanonical and
// FuzzCanonicalRoundTrip hold the two to the same bytes.
func (r *Record) Canonical(q *Questionnaire) ([]byte, error) {
	return r.AppendCanonical(make([]byte, 0, 16<<10), q)
}

// AppendCanonical appends Canonical(q) to dst and returns the extended slice,
// so that a verifier can write every record into one reused buffer.
func (r *Record) AppendCanonical(dst []byte, q *Questionnaire) ([]byte, error) {
	w := signing.AppendJSONWriter(dst)
	w.Open('{')
	w.Key("answers")
	canonicalAnswers(w, r.Answers, q)
	api, kind := r.APIVersion, r.Kind
	if api == "" {
		api = APIVersion
	}
	if kind == "" {
		kind = Kind
	}
	strMember(w, "apiVersion", api)
	canonicalJustification(w, &r.Justification)
	strMember(w, "kind", kind)
	w.Key("metadata")
	canonicalMetadata(w, metadataValue(&r.Metadata), q.Metadata.sorted)
	canonicalNotes(w, r.Notes)
	if r.Result != nil {
		w.Key("result")
		canonicalResult(w, r.Result)
	}
	w.Close('}')
	return w.Bytes()
}

// strMember and numMember write a member with a string or a number value.
func strMember(w *signing.JSONWriter, key, v string) {
	w.Key(key)
	w.String(v)
}

func numMember(w *signing.JSONWriter, key string, v float64) {
	w.Key(key)
	w.Number(v)
}

// textMember writes a member whose value is a string, leaving out empty ones as
// Node does.
func textMember(w *signing.JSONWriter, key, v string) {
	if v != "" {
		w.Key(key)
		w.String(v)
	}
}

// canonicalMetadata writes the metadata as Node does, members by key; v is
// the metadata's or a group's Go value.
func canonicalMetadata(w *signing.JSONWriter, v reflect.Value, sorted []*MetaField) {
	w.Open('{')
	for _, f := range sorted {
		fv := f.in(v)
		switch {
		case f.Fields != nil:
			if f.isSet(fv) {
				w.Key(f.Name)
				canonicalMetadata(w, fv, f.sorted)
			}
		case f.Type == MetaBool:
			if !fv.IsNil() {
				w.Key(f.Name)
				w.Bool(fv.Elem().Bool())
			}
		default:
			textMember(w, f.Name, fv.String())
		}
	}
	w.Close('}')
}

func canonicalAnswers(w *signing.JSONWriter, a Answers, q *Questionnaire) {
	w.Open('{')
	for _, s := range q.sortedSections() {
		open := false
		for _, qu := range s.sorted {
			v, ok := a[qu.ID]
			if !ok {
				continue
			}
			if !open {
				w.Key(s.ID)
				w.Open('{')
				open = true
			}
			w.Key(qu.Short)
			switch v.Type {
			case TypeBool:
				w.Bool(v.Bool)
			case TypeInt:
				w.Int(v.Int)
			case TypeNumber:
				// Node writes the shortest form, which reads back as the
				// same double whether it is tagged !!int or !!float.
				w.Number(v.Number)
			case TypeMulti:
				w.Strings(v.List)
			default:
				w.String(v.Text)
			}
		}
		if open {
			w.Close('}')
		}
	}
	w.Close('}')
}

func canonicalResult(w *signing.JSONWriter, r *Result) {
	w.Open('{')
	w.Key("actions")
	w.Strings(r.Actions)
	w.Key("dpia")
	w.Open('{')
	w.Key("criteria")
	w.Strings(r.DPIA.Criteria)
	w.Key("derived")
	w.Strings(r.DPIA.Derived)
	w.Key("required")
	w.Bool(r.DPIA.Required)
	w.Close('}')
	w.Key("engine")
	w.Open('{')
	textMember(w, "digest", r.Engine.Digest)
	strMember(w, "scoring", r.Engine.Scoring)
	strMember(w, "version", r.Engine.Version)
	w.Close('}')
	w.Key("findings")
	w.Open('[')
	for _, f := range r.Findings {
		w.Elem()
		w.Open('{')
		w.Key("answers")
		w.Strings(f.Answers)
		strMember(w, "id", f.ID)
		strMember(w, "message", f.Message)
		strMember(w, "reference", f.Reference)
		strMember(w, "severity", f.Severity)
		strMember(w, "test", f.Test)
		w.Close('}')
	}
	w.Close(']')
	strMember(w, "outcome", r.Outcome)
	w.Key("scores")
	w.Open('{')
	numMember(w, "inherent_risk", r.Scores.InherentRisk)
	numMember(w, "interest_weight", r.Scores.InterestWeight)
	numMember(w, "mitigation", r.Scores.Mitigation)
	numMember(w, "residual_risk", r.Scores.ResidualRisk)
	w.Close('}')
	w.Key("tests")
	w.Open('{')
	for _, t := range []struct {
		name string
		tr   TestResult
	}{{"balancing", r.Tests.Balancing}, {"necessity", r.Tests.Necessity}, {"purpose", r.Tests.Purpose}} {
		w.Key(t.name)
		w.Open('{')
		strMember(w, "reason", t.tr.Reason)
		strMember(w, "status", t.tr.Status)
		w.Close('}')
	}
	w.Close('}')
	w.Close('}')
}

// sortedSections returns the sections, and each section's questions, in
// canonical order (by ID), computed once.
func (q *Questionnaire) sortedSections() []*Section {
	q.sortOnce.Do(func() {
		q.sorted = slices.SortedFunc(slices.Values(q.Sections), func(a, b *Section) int { return cmp.Compare(a.ID, b.ID) })
		for _, s := range q.Sections {
			s.sorted = slices.SortedFunc(slices.Values(s.Questions), func(a, b *Question) int { return cmp.Compare(a.Short, b.Short) })
		}
	})
	return q.sorted
}
