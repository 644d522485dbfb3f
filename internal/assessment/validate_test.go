package assessment_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/lia-project/lia/internal/assessment"
)

// problems returns "severity check field" for each problem.
func problems(ps []assessment.Problem) []string {
	var out []string
	for _, p := range ps {
		out = append(out, fmt.Sprintf("%s %s %s", p.Severity, p.Check, p.Field))
	}
	return out
}

func TestValidateDatesAndPolicy(t *testing.T) {
	cat := loadCatalog(t)
	ex := exampleFiles(t)
	fraud := fullRecord(t, cat, "fraud.lia.yaml", ex["fraud-detection.lia.yaml"]) // pass, review_by 2027-11-02
	auth := fullRecord(t, cat, "auth.lia.yaml", ex["support-assistant-authorised.lia.yaml"])
	const review = "metadata.review_by"
	for _, c := range []struct {
		name string
		data []byte
		opts assessment.ValidateOptions
		want []string
	}{
		{"valid", fraud, assessment.ValidateOptions{Today: "2026-11-23"}, nil},
		{"no date given", fraud, assessment.ValidateOptions{}, nil},
		{"due today", fraud, assessment.ValidateOptions{Today: "2027-11-02"}, nil},
		{"expired", fraud, assessment.ValidateOptions{Today: "2027-11-03"}, []string{"error expired " + review}},
		{"expired, warn", fraud, assessment.ValidateOptions{Today: "2027-11-03", WarnExpired: true}, []string{"warning expired " + review}},
		{"expiring", fraud, assessment.ValidateOptions{Today: "2027-10-20", ExpiresWithin: 30}, []string{"warning expiring " + review}},
		{"not yet expiring", fraud, assessment.ValidateOptions{Today: "2027-10-20", ExpiresWithin: 13}, nil},
		{"expiring within 14 days", fraud, assessment.ValidateOptions{Today: "2027-10-20", ExpiresWithin: 14}, []string{"warning expiring " + review}},
		{"policy fail, pass", fraud, assessment.ValidateOptions{FailOn: "fail"}, nil},
		{"policy conditional, conditional", auth, assessment.ValidateOptions{FailOn: "conditional"}, []string{"error policy result.outcome"}},
		{"policy fail, conditional", auth, assessment.ValidateOptions{FailOn: "fail"}, nil},
	} {
		c.opts.Limits = assessment.DefaultLimits
		rec, ps := cat.Validate("r.lia.yaml", c.data, c.opts)
		if rec == nil {
			t.Fatalf("%s: not parsed: %v", c.name, problems(ps))
		}
		if got := problems(ps); !slices.Equal(got, c.want) {
			t.Errorf("%s: got %q, want %q", c.name, got, c.want)
		}
		for _, p := range ps {
			if p.Line == 0 || p.File != "r.lia.yaml" {
				t.Errorf("%s: %s has no position", c.name, p.Check)
			}
		}
	}
}

// TestValidateReportsAll: one file with several problems reports each, with
// its position, and an unparseable record returns no record.
func TestValidateReportsAll(t *testing.T) {
	cat := loadCatalog(t)
	ex := exampleFiles(t)
	fraud := string(fullRecord(t, cat, "fraud.lia.yaml", ex["fraud-detection.lia.yaml"]))
	broken := strings.NewReplacer("  jurisdiction: eu", "  jurisdictoin: eu", "    phase: both", "    phase: bothh",
		"subject_count: 1200000", "subject_count: many").Replace(fraud)
	rec, ps := cat.Validate("r.lia.yaml", []byte(broken), assessment.ValidateOptions{Limits: assessment.DefaultLimits})
	if rec != nil {
		t.Error("a record that does not parse was returned")
	}
	got := problems(ps)
	for _, want := range []string{"error unknown-key metadata.jurisdictoin", "error enum answers.context.phase", "error type answers.data.subject_count"} {
		if !slices.Contains(got, want) {
			t.Errorf("missing %q in %q", want, got)
		}
	}
}

// TestParseMultiDocument: the fast single-document path and the decoder agree
// on what is one document.
func TestParseMultiDocument(t *testing.T) {
	cat := loadCatalog(t)
	ex := exampleFiles(t)
	fraud := string(ex["fraud-detection.lia.yaml"])
	for _, c := range []struct {
		name, data, check string
	}{
		{"leading marker", "---\n" + fraud, ""},
		{"trailing end marker", fraud + "...\n", ""},
		{"two documents", fraud + "---\napiVersion: lia/v1\n", assessment.CheckDocuments},
		{"dashes inside text", strings.Replace(fraud, "phase: both", "phase: both\n    description2: a---b", 1), assessment.CheckUnknownKey},
		{"carriage returns", strings.ReplaceAll(fraud, "\n", "\r") + "---\rapiVersion: lia/v1\r", assessment.CheckDocuments},
	} {
		_, err := assessment.ParseRecord("r.lia.yaml", []byte(c.data), cat.Questionnaire, assessment.DefaultLimits)
		var got string
		if errs, ok := err.(assessment.Errors); ok {
			got = errs[0].Check
		} else if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if got != c.check {
			t.Errorf("%s: check %q, want %q (%v)", c.name, got, c.check, err)
		}
	}
}

func TestDiffRecords(t *testing.T) {
	cat := loadCatalog(t)
	ex := exampleFiles(t)
	parse := func(b []byte) *assessment.Record {
		rec, err := assessment.ParseRecord("r.lia.yaml", b, cat.Questionnaire, assessment.DefaultLimits)
		if err != nil {
			t.Fatal(err)
		}
		return rec
	}
	old := parse(fullRecord(t, cat, "auth.lia.yaml", ex["support-assistant-authorised.lia.yaml"]))
	if d := assessment.DiffRecords(old, old, cat.Questionnaire); !d.Empty() {
		t.Errorf("a record differs from itself: %+v", d)
	}
	answers := strings.Replace(string(ex["support-assistant-authorised.lia.yaml"]), "completed: false", "completed: true\n    reference: D-1", 1)
	cur := parse(fullRecord(t, cat, "auth2.lia.yaml", []byte(answers)))
	d := assessment.DiffRecords(old, cur, cat.Questionnaire)
	if d.Outcome.Old != "conditional" || d.Outcome.New != "pass" {
		t.Errorf("outcome %+v", d.Outcome)
	}
	// The example's tickets hold health data by accident at large scale, so
	// completing the DPIA lifts the Art. 35(3)(b) finding and the screening's.
	var gone []string
	for _, f := range d.FindingsGone {
		gone = append(gone, f.ID)
	}
	if !slices.Equal(gone, []string{"dpia-mandatory-art35", "dpia-required"}) || len(d.FindingsAdded) != 0 {
		t.Errorf("findings: added %v, gone %v", d.FindingsAdded, d.FindingsGone)
	}
	var ids []string
	for _, a := range d.Answers {
		ids = append(ids, a.ID)
	}
	if !slices.Equal(ids, []string{"dpia.completed", "dpia.reference"}) || d.Answers[1].Old != nil {
		t.Errorf("answers %v", ids)
	}
}

// TestValidateAfterKeyErrors: unknown and duplicate keys do not stop the
// other checks; a value that could not be read does, so that it is not
// reported again as a missing answer.
func TestValidateAfterKeyErrors(t *testing.T) {
	cat := loadCatalog(t)
	ex := exampleFiles(t)
	fraud := string(fullRecord(t, cat, "fraud.lia.yaml", ex["fraud-detection.lia.yaml"]))
	for _, c := range []struct {
		name, old, new string
		want           []string
	}{
		{"misspelled answer", "    lawful: true", "    lawfull: true",
			[]string{"error unknown-key answers.purpose.lawfull", "error missing-answer answers.purpose.lawful"}},
		{"duplicate key", "    phase: both", "    phase: both\n    phase: deployment",
			[]string{"error duplicate-key answers.context.phase"}},
		{"value listed twice", "sources: [first_party]", "sources: [first_party, first_party]",
			[]string{"error duplicate-key answers.data.sources"}},
		{"bad value", "    phase: both", "    phase: bothh", []string{"error enum answers.context.phase"}},
	} {
		b := strings.Replace(fraud, c.old, c.new, 1)
		_, ps := cat.Validate("r.lia.yaml", []byte(b), assessment.ValidateOptions{Limits: assessment.DefaultLimits})
		if got := problems(ps); !slices.Equal(got, c.want) {
			t.Errorf("%s: got %q, want %q", c.name, got, c.want)
		}
	}
}
