package assessment_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/lia-project/lia/internal/assessment"
)

// TestParseRefusesAmbiguousYAML: YAML that YAML 1.1 and 1.2 readers read
// differently is refused with the file, line, field and a hint, wherever it
// is, and whichever parser (yamlfast or yaml.v3) read the file.
func TestParseRefusesAmbiguousYAML(t *testing.T) {
	q := catalog(t).Questionnaire
	cases := []struct {
		name, old, new string
		line, col      int
		field, msg     string
	}{
		{"octal", "subject_count: 1200", "subject_count: 01200000", 10, 20, "answers.data.subject_count", "octal (327680)"},
		{"hex", "subject_count: 1200", "subject_count: 0x4B0", 10, 20, "answers.data.subject_count", "0x"},
		{"beyond 2^53", "subject_count: 1200", "subject_count: 9007199254740993", 10, 20, "answers.data.subject_count", "JavaScript"},
		{"float without a point", "subject_count: 1200", "subject_count: 1200\n  safeguards:\n    dp_delta: 1e-08", 12, 15, "answers.safeguards.dp_delta", "write 1.0e-08"},
		{"yes as text", "title: Mini", "title: yes", 5, 10, "metadata.title", "boolean"},
		{"sexagesimal", "title: Mini", "title: 1:20", 5, 10, "metadata.title", "number"},
		{"timestamp", "title: Mini", "title: Mini\n  assessed_on: 2026-11-02 10:00:00", 6, 16, "metadata.assessed_on", "timestamp"},
		{"equals", "title: Mini", "title: =", 5, 10, "metadata.title", "PyYAML"},
		{"tag", "title: Mini", "title: !!str 42", 5, 10, "metadata.title", "tags"},
		{"non-specific tag", "title: Mini", "title: ! 42", 5, 10, "metadata.title", "tags"},
		{"tag in a list", "[first_party]", "[!!str first_party]", 11, 15, "answers.data.sources[0]", "tags"},
		{"line separator", "title: Mini", "title: 'Mi\u2028ni'", 5, 13, "", "U+2028"},
		{"next line", "title: Mini", "title: Mini\n  # note\u0085", 6, 9, "", "U+0085"},
		{"tab", "title: Mini", "title: Mini\t", 5, 14, "", "tab"},
		{"directive", "apiVersion", "%YAML 1.1\n---\napiVersion", 1, 1, "", "directive"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			in := strings.Replace(miniRecord, tc.old, tc.new, 1)
			if in == miniRecord {
				t.Fatalf("%q is not in the record", tc.old)
			}
			_, err := assessment.ParseRecord("in.yaml", []byte(in), q, assessment.DefaultLimits)
			var errs assessment.Errors
			if !errors.As(err, &errs) {
				t.Fatalf("error %v, want assessment.Errors", err)
			}
			var hit *assessment.Error
			for _, e := range errs {
				if e.Check == assessment.CheckAmbiguous {
					hit = e
					break
				}
			}
			if hit == nil {
				t.Fatalf("no %s error; got:\n%v", assessment.CheckAmbiguous, err)
			}
			if hit.Line != tc.line || hit.Col != tc.col || hit.Field != tc.field {
				t.Errorf("at %d:%d %q, want %d:%d %q (%v)", hit.Line, hit.Col, hit.Field, tc.line, tc.col, tc.field, hit)
			}
			if !strings.Contains(hit.Msg+" "+hit.Hint, tc.msg) || hit.Hint == "" {
				t.Errorf("message %q, hint %q: want %q and a hint", hit.Msg, hit.Hint, tc.msg)
			}
		})
	}
	// The same record without the construct reads.
	if _, err := assessment.ParseRecord("in.yaml", []byte(miniRecord), q, assessment.DefaultLimits); err != nil {
		t.Fatal(err)
	}
}

// TestErrorIsOneSafeLine: an error names a key and a file as they are, but
// its one-line form shows their control and bidi characters escaped.
func TestErrorIsOneSafeLine(t *testing.T) {
	q := catalog(t).Questionnaire
	in := strings.Replace(miniRecord, "  title: Mini\n", "  title: Mini\n  \"ti\\e[2Jtle\\u202e\": x\n", 1)
	_, err := assessment.ParseRecord("in\x1b]0;pwned\a.yaml", []byte(in), q, assessment.DefaultLimits)
	var errs assessment.Errors
	if !errors.As(err, &errs) || len(errs) != 1 {
		t.Fatalf("got %v, want one unknown-key error", err)
	}
	if errs[0].Field != "metadata.ti\x1b[2Jtle\u202e" {
		t.Errorf("field %q, want the key as it is", errs[0].Field)
	}
	want := `in\x1b]0;pwned\x07.yaml:6:3: metadata.ti\x1b[2Jtle\u202e: unknown key "ti\x1b[2Jtle\u202e"; known keys here: id, title, controller, assessor, assessed_on, review_by, jurisdiction, dpo`
	if got := errs[0].Error(); got != want {
		t.Errorf("Error() = %q\nwant      %q", got, want)
	}
}
