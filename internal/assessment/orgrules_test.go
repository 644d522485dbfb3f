package assessment_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lia-project/lia/internal/assessment"
	"github.com/lia-project/lia/internal/rules"
)

// ruleSet is a set of rules the property tests run on, with the mutations
// of the questions it adds to lia's.
type ruleSet struct {
	name                string
	cat                 *assessment.Catalog
	safeguards, riskUps []mutation
}

// ruleSets are lia's own rules and an organisation's: lia's exported and
// changed as a privacy team would change them (lia rules export, then an
// editor), with other thresholds and weights and a section of its own that
// adds a risk factor, a safeguard and a gate. As in lia's own rules, the
// answer a raised risk opens (dpo_review) lifts a gate and never mitigates:
// these tests found that a safeguard there lowers residual risk below where
// it was before the risk rose.
func ruleSets(t *testing.T) []ruleSet {
	t.Helper()
	return []ruleSet{
		{name: "lia", cat: catalog(t), safeguards: safeguardUps, riskUps: riskUps},
		{name: "organisation", cat: orgCatalog(t),
			safeguards: append(append([]mutation(nil), safeguardUps...), setBool("acme.privacy_champion", true), setBool("acme.dpo_review", true)),
			riskUps:    append(append([]mutation(nil), riskUps...), setBool("acme.patient_records", true))},
	}
}

// orgEdits are the organisation's changes to lia's exported files: each
// old text must occur once.
var orgEdits = map[string][][2]string{
	"scoring.yaml": {
		{`version: "2026.12.1"`, `version: "2027.1.1"`},
		{"  pass_at_most: 0.6\n  conditional_at_most: 1.0\n", "  pass_at_most: 0.45\n  conditional_at_most: 0.9\n"},
		{"    when: safeguards.pseudonymisation\n    strength: 0.25\n", "    when: safeguards.pseudonymisation\n    strength: 0.3\n"},
		{"\nmitigations:\n", `
mitigations:
  - id: acme-privacy-champion
    label: A privacy champion reviewed the design
    when: acme.privacy_champion
    strength: 0.2
    reference: "Acme privacy policy 2.1"
`},
		{"\nrules:\n", `
rules:
  - id: acme-patient-records-unreviewed
    test: balancing
    severity: major
    when: acme.patient_records and not acme.dpo_review
    message: Patient records from Acme's clinics are used without the DPO's review.
    action: Have the DPO review the use of patient records before processing starts.
    reference: "Acme privacy policy 4.3"
`},
	},
	"questionnaire.yaml": {},
}

const orgSection = `  - id: acme
    title: Acme Health's own questions
    intro: Questions Acme Health's privacy team asks of every assessment, on top of lia's.
    questions:
      - id: patient_records
        type: bool
        prompt: Does the processing use patient records from Acme's clinics?
        help: Patient records are health data; Acme's policy asks for the DPO's review of any use beyond care.
        reference: "Acme privacy policy 4.2"
      - id: privacy_champion
        type: bool
        prompt: Has a privacy champion of Acme reviewed the design of the processing?
        help: Each team has a privacy champion, trained by the DPO, who reviews designs before they are built.
        reference: "Acme privacy policy 2.1"
      - id: dpo_review
        type: bool
        when: acme.patient_records
        prompt: Has Acme's DPO reviewed the use of the patient records?
        help: The review checks the Art. 9 condition, the minimisation and the safeguards.
        reference: "Acme privacy policy 4.3"
`

const orgRiskFactor = `    - id: acme-patient-records
      label: Patient records from Acme's clinics
      when: acme.patient_records
      points: 2.5
      reference: "Acme privacy policy 4.2"
`

func orgCatalog(t *testing.T) *assessment.Catalog {
	t.Helper()
	dir := t.TempDir()
	if _, err := rules.Export(dir, false); err != nil {
		t.Fatal(err)
	}
	edit := func(name string, f func(string) string) {
		p := filepath.Join(dir, name)
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(f(string(b))), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	edit("scoring.yaml", func(s string) string {
		for _, e := range orgEdits["scoring.yaml"] {
			if strings.Count(s, e[0]) != 1 {
				t.Fatalf("scoring.yaml: %q occurs %d times", e[0], strings.Count(s, e[0]))
			}
			s = strings.Replace(s, e[0], e[1], 1)
		}
		// The risk factor goes first among lia's.
		i := strings.Index(s, "\nrisk:\n")
		j := strings.Index(s[i:], "\n  factors:\n")
		if i < 0 || j < 0 {
			t.Fatal("scoring.yaml: no risk.factors")
		}
		at := i + j + len("\n  factors:\n")
		return s[:at] + orgRiskFactor + s[at:]
	})
	// The section goes at the end: sections is the catalogue's last key.
	edit("questionnaire.yaml", func(s string) string { return strings.TrimRight(s, "\n") + "\n" + orgSection })
	s, err := rules.Open(os.DirFS(dir), dir)
	if err != nil {
		t.Fatalf("the organisation's rules do not load: %v", err)
	}
	cat := s.Catalog
	if cat.Rules.Digest == "" || cat.Rules.Version != "2027.1.1" || cat.Rules.Balancing.PassAtMost != 0.45 || cat.Questionnaire.Question("acme.dpo_review") == nil {
		t.Fatalf("the organisation's rules are not what the test made: %s %+v", cat.Rules.Version, cat.Rules.Balancing)
	}
	return cat
}
