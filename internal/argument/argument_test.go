package argument

import (
	"os"
	"strings"
	"testing"

	"github.com/lia-project/lia/internal/assessment"
	"github.com/lia-project/lia/templates"
)

func example(t *testing.T, name string) (*assessment.Record, *assessment.Catalog) {
	t.Helper()
	cat, err := assessment.Load(templates.FS)
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile("../../testdata/examples/" + name)
	if err != nil {
		t.Fatal(err)
	}
	rec, err := assessment.ParseRecord(name, data, cat.Questionnaire, assessment.DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	rec.Result = &cat.Rules.Evaluate(rec.Metadata.Jurisdiction, rec.Answers).Result
	return rec, cat
}

func TestDraftsStateTheCase(t *testing.T) {
	rec, cat := example(t, "fraud-detection.lia.yaml")
	q := cat.Questionnaire
	for _, tt := range []struct{ part, want string }{
		{"purpose", "The interest pursued: Detect and block fraudulent card payments before they settle"},
		{"purpose", "It is the interest of both our organisation and a third party."},
		{"purpose", "Without the processing the impact would be severe, a core activity or service could not go ahead."},
		{"necessity", "The alternatives examined were anonymised data, synthetic data and a smaller dataset."},
		{"necessity", "Why they would not achieve the purpose: Fraud patterns are tied to card and device histories"},
		{"necessity", "The training data is kept for 18 months."},
		{"balancing", "The main risks: financial loss; inaccurate information about people."},
		{"balancing", "The safeguards: pseudonymisation; masking of identifiers; filtering of sensitive content; only the legal right to object; transparency: privacy notice that covers this processing."},
		{"balancing", "against an interest weight of"},
		{"decision", "Outcome: pass."},
		{"decision", "The purpose test is met: a legitimate interest exists."},
		{"decision", "The assessment is to be reviewed by 2027-11-02"},
	} {
		if got := Draft(rec, q, tt.part); !strings.Contains(got, tt.want) {
			t.Errorf("%s draft lacks %q:\n%s", tt.part, tt.want, got)
		}
	}
	// A partial record gives a partial case, never an empty sentence.
	partial := &assessment.Record{Answers: assessment.Answers{"purpose.lawful": {Type: assessment.TypeBool, Bool: false}}}
	if got := Draft(partial, q, "purpose"); got != "The interest is not lawful under every law that applies." {
		t.Errorf("partial draft = %q", got)
	}
	if got := Draft(partial, q, "decision"); got != "" {
		t.Errorf("decision draft without a result = %q", got)
	}
}

func TestDraftsOfEveryExample(t *testing.T) {
	for _, name := range []string{"fraud-detection.lia.yaml", "radiology-triage-no-art9.lia.yaml", "support-assistant-authorised.lia.yaml", "support-assistant-unauthorised.lia.yaml"} {
		rec, cat := example(t, name)
		for _, part := range []string{"purpose", "necessity", "balancing", "decision"} {
			d := Draft(rec, cat.Questionnaire, part)
			if d == "" || strings.Contains(d, "..") || strings.Contains(d, " .") || strings.Contains(d, "  ") {
				t.Errorf("%s %s: draft %q", name, part, d)
			}
			if testing.Verbose() {
				t.Logf("%s %s:\n%s", name, part, d)
			}
		}
	}
}
