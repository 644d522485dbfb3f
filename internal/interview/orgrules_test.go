package interview

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/lia-project/lia/internal/assessment"
	"github.com/lia-project/lia/internal/fileutil"
	"github.com/lia-project/lia/internal/prompt"
	"github.com/lia-project/lia/internal/rules"
)

// helpRecorder is the fake prompter that also keeps the help of each prompt.
type helpRecorder struct {
	*fakePrompter
	help map[string]string
}

func (h *helpRecorder) Confirm(p prompt.Prompt, def *bool) (bool, error) {
	h.help[p.Message] = p.Help
	return h.fakePrompter.Confirm(p, def)
}

func (h *helpRecorder) Select(p prompt.Prompt, options []string, def int) (int, error) {
	h.help[p.Message] = p.Help
	return h.fakePrompter.Select(p, options, def)
}

// TestWizardAsksOrganisationQuestions: an organisation's added questions
// are asked like lia's own, in their section, with their help and their
// values, and the record names the organisation's rules.
func TestWizardAsksOrganisationQuestions(t *testing.T) {
	set, err := rules.Open(fstest.MapFS{
		"questionnaire.yaml": {Data: []byte(`extends: lia
sections:
  - id: sector
    title: Sector questions (Acme Health)
    intro: Questions Acme Health's privacy team asks of every assessment.
    questions:
      - id: health_records
        type: bool
        prompt: Does the processing use records from Acme's clinic network?
        help: Records from the clinic network are health data under Art. 9 GDPR.
        reference: "Acme privacy policy 4.2"
      - id: clinic_region
        type: enum
        when: sector.health_records
        values:
          - {value: north, label: Northern clinics}
          - {value: south, label: Southern clinics}
        prompt: Which clinics do the records come from?
        help: The regions keep their records under different retention rules.
        reference: "Acme privacy policy 4.4"
`)},
		"scoring.yaml": {Data: []byte("extends: lia\nversion: \"2027.1.1\"\n")},
	}, "acme")
	if err != nil {
		t.Fatal(err)
	}
	cat := set.Catalog
	o, _, errb := testOptions(t)
	o.Catalog = cat
	o.ReadRecord = func(path string) (*assessment.Record, error) {
		data, err := os.ReadFile(path)
		if err != nil {
			return nil, err
		}
		return assessment.ParseRecord(path, data, cat.Questionnaire, assessment.DefaultLimits)
	}
	o.WriteRecord = func(path string, rec *assessment.Record, force bool) error {
		b, err := assessment.MarshalRecord(rec, cat.Questionnaire)
		if err != nil {
			return err
		}
		return fileutil.WriteFile(path, b, 0o644, force)
	}
	records := "Does the processing use records from Acme's clinic network?"
	region := "Which clinics do the records come from?"
	fake := &helpRecorder{newFake(t, map[string][]any{records: {true}, region: {"Southern clinics"}}), map[string]string{}}
	out := filepath.Join(t.TempDir(), "fraud.lia.yaml")
	o.Answers, o.Output, o.Prompter = example, out, fake
	if err := Run(o); err != nil {
		t.Fatalf("assess: %v\n%s", err, errb)
	}
	if got := strings.Join(fake.questions(), "\n"); got != records+"\n"+region {
		t.Errorf("asked:\n%s\nwant the two questions of the organisation", got)
	}
	if h := fake.help[records]; !strings.Contains(h, "health data under Art. 9 GDPR") || !strings.Contains(h, "Acme privacy policy 4.2") {
		t.Errorf("help shown: %q", h)
	}
	if !strings.Contains(errb.String(), "Sector questions (Acme Health)") {
		t.Errorf("the section's title was not shown:\n%s", errb)
	}
	rec, err := o.ReadRecord(out)
	if err != nil {
		t.Fatal(err)
	}
	if v := rec.Answers["sector.clinic_region"]; v.Text != "south" || !rec.Answers["sector.health_records"].Bool {
		t.Errorf("answers: %v", rec.Answers)
	}
	if e := rec.Result.Engine; e.Scoring != "2027.1.1" || e.Digest != set.Digest || e.Digest == "" {
		t.Errorf("the record names %+v, want the organisation's rules %s", e, set.Digest)
	}
}
