package assessment_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/lia-project/lia/internal/assessment"
	"go.yaml.in/yaml/v3"
)

const reasonedRecord = miniRecord + `justification:
  purpose: Fraud prevention is a recognised interest.
  decision: |-
    Go ahead.

    Review in a year.
notes:
  data.subject_count: Finance dashboard, 2026-09-30.
`

func TestParseJustificationAndNotes(t *testing.T) {
	q := catalog(t).Questionnaire
	rec, err := assessment.ParseRecord("r.yaml", []byte(reasonedRecord), q, assessment.DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	j := rec.Justification
	if j.Purpose != "Fraud prevention is a recognised interest." || j.Decision != "Go ahead.\n\nReview in a year." {
		t.Errorf("justification = %+v", j)
	}
	if got := strings.Join(j.Missing(), ","); got != "necessity,balancing" {
		t.Errorf("Missing() = %q, want necessity,balancing", got)
	}
	if got := rec.Notes["data.subject_count"]; got != "Finance dashboard, 2026-09-30." {
		t.Errorf("note = %q", got)
	}
}

func TestParseJustificationAndNotesBadInput(t *testing.T) {
	q := catalog(t).Questionnaire
	cases := []struct {
		name, add, check, field, msg string
	}{
		{"unknown part", "justification:\n  reasons: x\n", assessment.CheckUnknownKey, "justification.reasons", "known keys here: purpose, necessity, balancing, decision"},
		{"part typo", "justification:\n  decison: x\n", assessment.CheckUnknownKey, "justification.decison", `did you mean "decision"`},
		{"empty part", "justification:\n  decision: \"\"\n", assessment.CheckRequired, "justification.decision", "is empty"},
		{"list for text", "justification:\n  decision: [a]\n", assessment.CheckType, "justification.decision", "expected text"},
		{"not a mapping", "notes: [a]\n", assessment.CheckType, "notes", "mapping of question IDs"},
		{"unknown question", "notes:\n  data.subject_cnt: x\n", assessment.CheckUnknownKey, "notes.data.subject_cnt", `did you mean "data.subject_count"`},
		{"empty note", "notes:\n  data.subject_count: \"\"\n", assessment.CheckRequired, "notes.data.subject_count", "is empty"},
		{"duplicate note", "notes:\n  data.subject_count: a\n  data.subject_count: b\n", assessment.CheckDuplicate, "notes.data.subject_count", "first at line"},
	}
	for _, tc := range cases {
		_, err := assessment.ParseRecord("r.yaml", []byte(miniRecord+tc.add), q, assessment.DefaultLimits)
		var errs assessment.Errors
		if !errors.As(err, &errs) {
			t.Errorf("%s: err = %v, want parse errors", tc.name, err)
			continue
		}
		found := false
		for _, e := range errs {
			if e.Check == tc.check && e.Field == tc.field && strings.Contains(e.Msg, tc.msg) && e.Line > 0 {
				found = true
			}
		}
		if !found {
			t.Errorf("%s: errors %v, want %s at %s saying %q", tc.name, errs, tc.check, tc.field, tc.msg)
		}
	}
}

// The new keys are written, read back and covered by the canonical form; a
// record without them keeps the canonical form it had.
func TestJustificationAndNotesRoundTrip(t *testing.T) {
	q := catalog(t).Questionnaire
	rec, err := assessment.ParseRecord("r.yaml", []byte(reasonedRecord), q, assessment.DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	enc := yaml.NewEncoder(&b)
	if err := enc.Encode(rec.Node(q, true)); err != nil {
		t.Fatal(err)
	}
	back, err := assessment.ParseRecord("back.yaml", b.Bytes(), q, assessment.DefaultLimits)
	if err != nil {
		t.Fatalf("written record does not parse: %v\n%s", err, b.String())
	}
	if back.Justification != rec.Justification || back.Notes["data.subject_count"] != rec.Notes["data.subject_count"] {
		t.Errorf("read back %+v %v", back.Justification, back.Notes)
	}
	c1, _ := rec.Canonical(q)
	for _, want := range []string{`"justification":{"decision":"Go ahead.\n\nReview in a year.","purpose":`, `"notes":{"data.subject_count":"Finance dashboard, 2026-09-30."}`} {
		if !strings.Contains(string(c1), want) {
			t.Errorf("canonical form lacks %s:\n%s", want, c1)
		}
	}
	plain, _ := assessment.ParseRecord("p.yaml", []byte(miniRecord), q, assessment.DefaultLimits)
	c2, _ := plain.Canonical(q)
	if strings.Contains(string(c2), "justification") || strings.Contains(string(c2), "notes") {
		t.Errorf("a record without the keys has them in its canonical form:\n%s", c2)
	}
	changed := *rec
	changed.Notes = map[string]string{"data.subject_count": "another source"}
	if c3, _ := changed.Canonical(q); bytes.Equal(c1, c3) {
		t.Errorf("a changed note does not change the canonical form")
	}
}

func TestDiffJustificationAndNotes(t *testing.T) {
	q := catalog(t).Questionnaire
	old, _ := assessment.ParseRecord("old.yaml", []byte(reasonedRecord), q, assessment.DefaultLimits)
	cur, _ := assessment.ParseRecord("new.yaml", []byte(reasonedRecord), q, assessment.DefaultLimits)
	if d := assessment.DiffRecords(old, cur, q); !d.Empty() {
		t.Errorf("same records differ: %+v", d)
	}
	cur.Justification.Necessity = "Nothing less would do."
	cur.Notes = map[string]string{"context.phase": "Roadmap 2027."}
	d := assessment.DiffRecords(old, cur, q)
	if len(d.Justification) != 1 || d.Justification[0].Field != "necessity" || d.Justification[0].New != "Nothing less would do." {
		t.Errorf("justification changes = %+v", d.Justification)
	}
	if len(d.Notes) != 2 || d.Notes[0].Field != "context.phase" || d.Notes[1].Field != "data.subject_count" || d.Notes[1].New != "" {
		t.Errorf("note changes = %+v", d.Notes)
	}
}
