package assessment

// This file compares two records for lia diff: what an auditor needs to see
// between two reviews of the same processing. It compares what the records
// say (stored answers and results), in catalogue order, and never recomputes:
// a record whose result was edited is lia validate's business.

import (
	"slices"
	"strconv"
)

// RecordDiff is everything that changed from Old to New.
type RecordDiff struct {
	Old, New *Record

	Metadata []FieldChange // metadata fields, in record order
	Answers  []AnswerChange
	// Result, when both records have one.
	Outcome        FieldChange // Old == New when unchanged
	Scoring        FieldChange // result.engine.scoring
	Tests          []FieldChange
	Scores         []ScoreChange
	FindingsAdded  []Finding
	FindingsGone   []Finding
	FindingsEdited []FindingChange
	ActionsAdded   []string
	ActionsGone    []string
	DPIARequired   FieldChange
	// ResultAdded and ResultGone say that only one record has a result.
	ResultAdded, ResultGone bool
	// Justification holds the parts that changed; Notes the notes, by question ID.
	Justification   []FieldChange
	Notes           []FieldChange
	SignaturesAdded []Signature
	SignaturesGone  []Signature
}

// FieldChange is one field's old and new text.
type FieldChange struct {
	Field    string
	Old, New string
}

// Changed reports whether the field differs.
func (c FieldChange) Changed() bool { return c.Old != c.New }

// AnswerChange is one answer added (Old nil), removed (New nil) or changed.
type AnswerChange struct {
	ID       string
	Old, New *Value
}

// ScoreChange is one score that moved.
type ScoreChange struct {
	Name     string
	Old, New float64
}

// FindingChange is a finding present in both with a different severity, test or message.
type FindingChange struct {
	Old, New Finding
}

// Empty reports whether nothing changed.
func (d *RecordDiff) Empty() bool {
	return len(d.Metadata) == 0 && len(d.Answers) == 0 && !d.Outcome.Changed() && !d.Scoring.Changed() &&
		len(d.Tests) == 0 && len(d.Scores) == 0 && len(d.FindingsAdded) == 0 && len(d.FindingsGone) == 0 &&
		len(d.FindingsEdited) == 0 && len(d.ActionsAdded) == 0 && len(d.ActionsGone) == 0 && !d.DPIARequired.Changed() &&
		!d.ResultAdded && !d.ResultGone && len(d.Justification) == 0 && len(d.Notes) == 0 &&
		len(d.SignaturesAdded) == 0 && len(d.SignaturesGone) == 0
}

// Heading names a record in a comparison: its id and, when known, its
// assessment date ("card-fraud, assessed on 2026-11-02"); "" without an id.
func (r *Record) Heading() string {
	switch m := r.Metadata; {
	case m.ID == "":
		return ""
	case m.AssessedOn == "":
		return m.ID
	default:
		return m.ID + ", assessed on " + m.AssessedOn
	}
}

// DiffRecords compares two records.
func DiffRecords(old, new *Record, q *Questionnaire) *RecordDiff {
	d := &RecordDiff{Old: old, New: new}
	d.Metadata = metadataChanges(&old.Metadata, &new.Metadata, q.Metadata)
	for _, qu := range q.Questions() {
		o, okO := old.Answers[qu.ID]
		n, okN := new.Answers[qu.ID]
		switch {
		case okO && okN && o.Equal(n):
		case okO && okN:
			d.Answers = append(d.Answers, AnswerChange{ID: qu.ID, Old: &o, New: &n})
		case okO:
			d.Answers = append(d.Answers, AnswerChange{ID: qu.ID, Old: &o})
		case okN:
			d.Answers = append(d.Answers, AnswerChange{ID: qu.ID, New: &n})
		}
	}
	switch {
	case old.Result == nil && new.Result == nil:
	case old.Result == nil:
		d.ResultAdded = true
	case new.Result == nil:
		d.ResultGone = true
	default:
		d.diffResults(old.Result, new.Result)
	}
	d.Justification, d.Notes = reasoningChanges(old, new, q)
	d.SignaturesAdded, d.SignaturesGone = sigChanges(old.Signatures, new.Signatures)
	return d
}

// metadataChanges lists the fields that differ, in record order, by their
// key below metadata ("assessor.email"); a bool reads "true" or "false".
func metadataChanges(o, n *Metadata, spec *MetadataSpec) []FieldChange {
	var out []FieldChange
	for _, f := range spec.leaves {
		if c := (FieldChange{f.Key, f.Text(o), f.Text(n)}); c.Changed() {
			out = append(out, c)
		}
	}
	return out
}

func (d *RecordDiff) diffResults(o, n *Result) {
	d.Outcome = FieldChange{"outcome", o.Outcome, n.Outcome}
	d.Scoring = FieldChange{"engine.scoring", RulesName(o.Engine), RulesName(n.Engine)}
	for _, t := range []FieldChange{
		{"purpose", o.Tests.Purpose.Status, n.Tests.Purpose.Status},
		{"necessity", o.Tests.Necessity.Status, n.Tests.Necessity.Status},
		{"balancing", o.Tests.Balancing.Status, n.Tests.Balancing.Status},
	} {
		if t.Changed() {
			d.Tests = append(d.Tests, t)
		}
	}
	for _, s := range []ScoreChange{
		{"interest_weight", o.Scores.InterestWeight, n.Scores.InterestWeight},
		{"inherent_risk", o.Scores.InherentRisk, n.Scores.InherentRisk},
		{"mitigation", o.Scores.Mitigation, n.Scores.Mitigation},
		{"residual_risk", o.Scores.ResidualRisk, n.Scores.ResidualRisk},
	} {
		if s.Old != s.New {
			d.Scores = append(d.Scores, s)
		}
	}
	d.DPIARequired = FieldChange{"dpia.required", strconv.FormatBool(o.DPIA.Required), strconv.FormatBool(n.DPIA.Required)}
	byID := func(fs []Finding) map[string]Finding {
		m := make(map[string]Finding, len(fs))
		for _, f := range fs {
			m[f.ID] = f
		}
		return m
	}
	oldF, newF := byID(o.Findings), byID(n.Findings)
	for _, f := range n.Findings {
		of, ok := oldF[f.ID]
		switch {
		case !ok:
			d.FindingsAdded = append(d.FindingsAdded, f)
		case of.Severity != f.Severity || of.Test != f.Test || of.Message != f.Message:
			d.FindingsEdited = append(d.FindingsEdited, FindingChange{Old: of, New: f})
		}
	}
	for _, f := range o.Findings {
		if _, ok := newF[f.ID]; !ok {
			d.FindingsGone = append(d.FindingsGone, f)
		}
	}
	for _, a := range n.Actions {
		if !slices.Contains(o.Actions, a) {
			d.ActionsAdded = append(d.ActionsAdded, a)
		}
	}
	for _, a := range o.Actions {
		if !slices.Contains(n.Actions, a) {
			d.ActionsGone = append(d.ActionsGone, a)
		}
	}
}

func sigChanges(o, n []Signature) (added, gone []Signature) {
	for _, s := range n {
		if !slices.Contains(o, s) {
			added = append(added, s)
		}
	}
	for _, s := range o {
		if !slices.Contains(n, s) {
			gone = append(gone, s)
		}
	}
	return added, gone
}
