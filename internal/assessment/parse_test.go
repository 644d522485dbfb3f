package assessment_test

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/lia-project/lia/internal/assessment"
)

const miniRecord = `apiVersion: lia/v1
kind: LegitimateInterestAssessment
metadata:
  id: mini
  title: Mini
answers:
  context:
    phase: development
  data:
    subject_count: 1200
    sources: [first_party]
`

// TestParseBadInput: every kind of bad input gives errors with the check ID,
// the line and the field, never a panic and never a record.
func TestParseBadInput(t *testing.T) {
	q := catalog(t).Questionnaire
	cases := []struct {
		name  string
		input string
		check string
		line  int
		field string
		msg   string
	}{
		{"empty", "", assessment.CheckSyntax, 0, "", "empty"},
		{"blank", "  \n\n", assessment.CheckSyntax, 0, "", "empty"},
		{"not yaml", "hello world, this is a letter\n", assessment.CheckSyntax, 1, "", "expected a mapping"},
		{"binary", "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", assessment.CheckEncoding, 3, "", "NUL"},
		{"bad utf-8", "apiVersion: lia/v1\ntitle: caf\xe9\n", assessment.CheckEncoding, 2, "", "UTF-8"},
		{"malformed", "apiVersion: lia/v1\nmetadata: [\n  id: x\n", assessment.CheckSyntax, 2, "", "invalid YAML"},
		{"tab indent", "apiVersion: lia/v1\nmetadata:\n\tid: x\n", assessment.CheckSyntax, 3, "", "invalid YAML"},
		{"top-level list", "- a\n- b\n", assessment.CheckSyntax, 1, "", "expected a mapping"},
		{"multi-document", miniRecord + "---\napiVersion: lia/v1\n", assessment.CheckDocuments, 12, "", "more than one"},
		{"unknown top key", strings.Replace(miniRecord, "answers:", "answer:", 1), assessment.CheckUnknownKey, 6, "answer", `did you mean "answers"`},
		{"unknown section", strings.Replace(miniRecord, "  data:", "  dta:", 1), assessment.CheckUnknownKey, 9, "answers.dta", `did you mean "data"`},
		{"unknown question", strings.Replace(miniRecord, "sources:", "sorces:", 1), assessment.CheckUnknownKey, 11, "answers.data.sorces", `did you mean "sources"`},
		{"duplicate key", strings.Replace(miniRecord, "    phase: development\n", "    phase: development\n    phase: both\n", 1), assessment.CheckDuplicate, 9, "answers.context.phase", "first at line 8"},
		{"wrong type int", strings.Replace(miniRecord, "subject_count: 1200", "subject_count: many", 1), assessment.CheckType, 10, "answers.data.subject_count", "whole number"},
		{"negative int", strings.Replace(miniRecord, "subject_count: 1200", "subject_count: -4", 1), assessment.CheckValue, 10, "answers.data.subject_count", "0 or more"},
		{"float for int", strings.Replace(miniRecord, "subject_count: 1200", "subject_count: 12.5", 1), assessment.CheckType, 10, "answers.data.subject_count", "whole number"},
		{"unknown enum", strings.Replace(miniRecord, "phase: development", "phase: testing", 1), assessment.CheckEnum, 8, "answers.context.phase", "allowed: development, deployment, both"},
		{"enum typo", strings.Replace(miniRecord, "phase: development", "phase: developmnt", 1), assessment.CheckEnum, 8, "answers.context.phase", `did you mean "development"`},
		{"bool for enum", strings.Replace(miniRecord, "phase: development", "phase: true", 1), assessment.CheckType, 8, "answers.context.phase", "expected one of"},
		{"scalar for multi", strings.Replace(miniRecord, "sources: [first_party]", "sources: first_party", 1), assessment.CheckType, 11, "answers.data.sources", "list"},
		{"bad multi value", strings.Replace(miniRecord, "[first_party]", "[first_party, dark_web]", 1), assessment.CheckEnum, 11, "answers.data.sources", "dark_web"},
		{"repeated multi value", strings.Replace(miniRecord, "[first_party]", "[first_party, first_party]", 1), assessment.CheckDuplicate, 11, "answers.data.sources", "twice"},
		{"bad id", strings.Replace(miniRecord, "id: mini", "id: Mini Record", 1), assessment.CheckValue, 4, "metadata.id", "lowercase"},
		{"number as text", strings.Replace(miniRecord, "title: Mini", "title: 42", 1), assessment.CheckType, 5, "metadata.title", "quotes"},
		{"empty text", strings.Replace(miniRecord, "title: Mini", "title:", 1), assessment.CheckRequired, 5, "metadata.title", "empty"},
		{"bad date", strings.Replace(miniRecord, "title: Mini", "title: Mini\n  assessed_on: 2026-13-45", 1), assessment.CheckValue, 6, "metadata.assessed_on", "YYYY-MM-DD"},
		{"bad api version", strings.Replace(miniRecord, "lia/v1", "lia/v9", 1), assessment.CheckAPI, 1, "apiVersion", "lia/v9"},
		{"alias", strings.Replace(miniRecord, "sources: [first_party]", "sources: &s [first_party]\n    categories: *s", 1), assessment.CheckSyntax, 11, "", "aliases"},
		{"merge key", "apiVersion: lia/v1\nmetadata:\n  <<: {id: x}\n", assessment.CheckSyntax, 3, "", "merge"},
		{"deep nesting", "apiVersion: lia/v1\nmetadata: " + strings.Repeat("[", 100) + strings.Repeat("]", 100) + "\n", assessment.CheckSize, 2, "", "deeper"},
		{"result edited to nonsense", miniRecord + "result: {outcome: maybe}\n", assessment.CheckRequired, 12, "result.engine", "missing"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			rec, err := assessment.ParseRecord("in.yaml", []byte(tc.input), q, assessment.DefaultLimits)
			if err == nil {
				t.Fatalf("parsed without error: %+v", rec)
			}
			if rec != nil {
				t.Errorf("got a record along with the error")
			}
			var errs assessment.Errors
			if !errors.As(err, &errs) || len(errs) == 0 {
				t.Fatalf("error is %T, want assessment.Errors", err)
			}
			var hit *assessment.Error
			for _, e := range errs {
				if e.Check == tc.check && (tc.field == "" || e.Field == tc.field) {
					hit = e
					break
				}
			}
			if hit == nil {
				t.Fatalf("no %s error on %q; got:\n%v", tc.check, tc.field, err)
			}
			if hit.Line != tc.line {
				t.Errorf("line = %d, want %d (%v)", hit.Line, tc.line, hit)
			}
			if !strings.Contains(hit.Error(), tc.msg) {
				t.Errorf("message %q does not contain %q", hit.Error(), tc.msg)
			}
			if !strings.HasPrefix(hit.Error(), "in.yaml") {
				t.Errorf("message %q does not name the file", hit.Error())
			}
		})
	}
}

// TestParseReportsAllProblems: one pass reports every problem, in file order.
func TestParseReportsAllProblems(t *testing.T) {
	q := catalog(t).Questionnaire
	in := strings.NewReplacer("phase: development", "phase: testing", "subject_count: 1200", "subject_count: many", "sources:", "sorces:").Replace(miniRecord)
	_, err := assessment.ParseRecord("in.yaml", []byte(in), q, assessment.DefaultLimits)
	var errs assessment.Errors
	if !errors.As(err, &errs) || len(errs) != 3 {
		t.Fatalf("want 3 problems, got %v", err)
	}
	for i, line := range []int{8, 10, 11} {
		if errs[i].Line != line {
			t.Errorf("problem %d at line %d, want %d", i, errs[i].Line, line)
		}
	}
}

func TestParseLimits(t *testing.T) {
	q := catalog(t).Questionnaire
	lim := assessment.DefaultLimits
	lim.MaxBytes = 1000
	big := []byte(miniRecord + "# " + strings.Repeat("x", 2000) + "\n")
	_, err := assessment.ParseRecord("big.yaml", big, q, lim)
	if err == nil || !strings.Contains(err.Error(), "larger than the limit of 1000 bytes") {
		t.Errorf("oversized file: %v", err)
	}
	// A billion-laughs document is rejected at its first alias, before anything expands.
	bomb := "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
	_, err = assessment.ParseRecord("bomb.yaml", []byte(bomb), q, assessment.DefaultLimits)
	if err == nil || !strings.Contains(err.Error(), "aliases") {
		t.Errorf("alias bomb: %v", err)
	}
}

// TestParseDates: dates may be quoted or not.
func TestParseDates(t *testing.T) {
	q := catalog(t).Questionnaire
	for _, d := range []string{"2026-11-02", "'2026-11-02'", `"2026-11-02"`} {
		rec, err := assessment.ParseRecord("d.yaml", []byte("metadata:\n  assessed_on: "+d+"\n"), q, assessment.DefaultLimits)
		if err != nil {
			t.Fatalf("%s: %v", d, err)
		}
		if rec.Metadata.AssessedOn != "2026-11-02" {
			t.Errorf("%s: got %q", d, rec.Metadata.AssessedOn)
		}
	}
}

// TestCheckCatchesHandEdits: a stored result that differs from the computed one
// is reported with the field, both values and the line.
func TestCheckCatchesHandEdits(t *testing.T) {
	c := catalog(t)
	rec := readExample(t, c, "fraud-detection.lia.yaml")
	rec.Result = &c.Rules.Evaluate(rec.Metadata.Jurisdiction, rec.Answers).Result
	if errs, _ := c.Check(rec); len(errs) > 0 {
		t.Fatalf("fresh result does not check: %v", errs)
	}
	edited := *rec.Result
	edited.Outcome = "fail"
	edited.Scores.ResidualRisk = 0.5
	rec.Result = &edited
	errs, _ := c.Check(rec)
	got := errs.Error()
	for _, want := range []string{`result.outcome: stored "fail", but the rules compute "pass"`, "result.scores.residual_risk"} {
		if !strings.Contains(got, want) {
			t.Errorf("errors do not mention %q:\n%s", want, got)
		}
	}
}

// TestCheckCatchesReorderedFindings: swapping or repeating findings is a hand
// edit too.
func TestCheckCatchesReorderedFindings(t *testing.T) {
	c := catalog(t)
	rec := readExample(t, c, "support-assistant-unauthorised.lia.yaml")
	computed := c.Rules.Evaluate(rec.Metadata.Jurisdiction, rec.Answers).Result
	swapped := computed
	swapped.Findings = append([]assessment.Finding(nil), computed.Findings...)
	swapped.Findings[0], swapped.Findings[1] = swapped.Findings[1], swapped.Findings[0]
	doubled := computed
	doubled.Findings = append(append([]assessment.Finding(nil), computed.Findings...), computed.Findings[0])
	for name, r := range map[string]assessment.Result{"swapped": swapped, "doubled": doubled} {
		rec.Result = &r
		if errs, _ := c.Check(rec); len(errs) == 0 {
			t.Errorf("%s findings pass the check", name)
		}
	}
}

// FuzzParseRecord: no input makes the parser panic, and whatever parses can be
// checked and evaluated.
func FuzzParseRecord(f *testing.F) {
	c := catalog(f)
	for _, name := range []string{"fraud-detection.lia.yaml", "radiology-triage-no-art9.lia.yaml"} {
		data, err := os.ReadFile("../../testdata/examples/" + name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte(miniRecord))
	f.Add([]byte("a: &a [1]\nb: *a\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		rec, err := assessment.ParseRecord("fuzz.yaml", data, c.Questionnaire, assessment.DefaultLimits)
		if err != nil {
			return
		}
		c.Check(rec)
		c.Rules.Evaluate(rec.Metadata.Jurisdiction, rec.Answers)
	})
}

// TestPosition: a field's position is the position of its key in the file,
// the first one when a key is repeated; list items are found by index, and a
// path the file does not have is not found.
func TestPosition(t *testing.T) {
	q := catalog(t).Questionnaire
	sig := "  - signer: %s\n    role: dpo\n    key: SHA256:x\n    signed_at: \"2026-11-02T10:00:00Z\"\n    signature: x\n"
	data := miniRecord + "signatures:\n" + fmt.Sprintf(sig, "A <a@example.com>") + fmt.Sprintf(sig, "B <b@example.com>")
	rec, err := assessment.ParseRecord("mini", []byte(data), q, assessment.DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	for field, want := range map[string]assessment.Pos{
		"apiVersion":                 {1, 1},
		"metadata.title":             {5, 3},
		"answers.data":               {9, 3},
		"answers.data.subject_count": {10, 5},
		"answers.data.sources":       {11, 5},
		"signatures":                 {12, 1},
		"signatures[0].signer":       {13, 5},
		"signatures[1].role":         {19, 5},
	} {
		if got, ok := rec.Position(field); !ok || got != want {
			t.Errorf("Position(%q) = %v, %v; want %v", field, got, ok, want)
		}
	}
	for _, field := range []string{"", "answers.data.nothing", "answers.data.sources[0]", "metadata.title.x",
		"signatures[1]", "signatures[2].role", "signatures[-1].role", "signatures[x].role", "signatures[0", "answers[0]"} {
		if got, ok := rec.Position(field); ok {
			t.Errorf("Position(%q) = %v, found", field, got)
		}
	}
	rec.Pos = map[string]assessment.Pos{"metadata.title": {99, 1}}
	if got, _ := rec.Position("metadata.title"); got != (assessment.Pos{Line: 99, Col: 1}) {
		t.Errorf("Pos does not take precedence: %v", got)
	}
}
