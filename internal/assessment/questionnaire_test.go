package assessment_test

import (
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/lia-project/lia/internal/assessment"
)

type specQuestion struct {
	id, typ string
	values  []string
	when    string
}

// readSpec parses the question tables of testdata/spec/questions.md, a copy of
// the public contract spec/questions.md.
func readSpec(t *testing.T) []specQuestion {
	data, err := os.ReadFile("../../testdata/spec/questions.md")
	if err != nil {
		t.Fatal(err)
	}
	var out []specQuestion
	section := ""
	head := regexp.MustCompile(`^## (\w+)`)
	for _, line := range strings.Split(string(data), "\n") {
		if m := head.FindStringSubmatch(line); m != nil {
			section = m[1]
			continue
		}
		if section == "metadata" || !strings.HasPrefix(line, "| ") || strings.HasPrefix(line, "| id ") {
			continue
		}
		cells := strings.Split(strings.Trim(line, "|"), "|")
		if len(cells) < 5 {
			continue
		}
		for i := range cells {
			cells[i] = strings.TrimSpace(cells[i])
		}
		id := cells[0]
		if !strings.Contains(id, ".") {
			id = section + "." + id
		}
		sq := specQuestion{id: id, typ: strings.TrimSpace(strings.Split(cells[1], ",")[0]), when: cells[3]}
		if cells[2] != "" {
			for _, v := range strings.Split(cells[2], ",") {
				sq.values = append(sq.values, strings.TrimSpace(v))
			}
		}
		out = append(out, sq)
	}
	return out
}

// TestCatalogueMatchesSpec: every question of spec/questions.md is in the
// questionnaire with its type and every value, and with the texts a privacy
// officer needs; nothing in the questionnaire is misspelt against the spec.
func TestCatalogueMatchesSpec(t *testing.T) {
	c := catalog(t)
	q := c.Questionnaire
	spec := readSpec(t)
	if len(spec) < 70 {
		t.Fatalf("read only %d questions from the spec", len(spec))
	}
	inSpec := map[string]bool{}
	for _, sq := range spec {
		inSpec[sq.id] = true
		qu := q.Question(sq.id)
		if qu == nil {
			t.Errorf("%s: in spec/questions.md but not in the questionnaire", sq.id)
			continue
		}
		if string(qu.Type) != sq.typ {
			t.Errorf("%s: type %s, spec says %s", sq.id, qu.Type, sq.typ)
		}
		for _, v := range sq.values {
			if !qu.HasValue(v) {
				t.Errorf("%s: value %s of the spec is missing", sq.id, v)
			}
		}
		if (sq.when == "always") != (qu.When == "" && qu.Section.When == "") {
			t.Errorf("%s: spec says shown when %q, questionnaire says %q / section %q", sq.id, sq.when, qu.When, qu.Section.When)
		}
	}
	// Questions lia adds to the spec's minimum (allowed: "add, never rename"):
	// two optional ones of the first round, then those that name the rules
	// version that added them.
	added := map[string]bool{"data.unlawfulness_remediated": true, "rights.art14_exemption": true}
	for _, qu := range q.Questions() {
		if !inSpec[qu.ID] && !added[qu.ID] && qu.Since == "" {
			t.Errorf("%s: not in spec/questions.md (misspelt, or add it to the spec)", qu.ID)
		}
		if inSpec[qu.ID] && qu.Since != "" {
			t.Errorf("%s: in spec/questions.md, so it cannot be added since %s", qu.ID, qu.Since)
		}
		if len(qu.Prompt) < 10 || len(qu.Help) < 80 || qu.Reference == "" {
			t.Errorf("%s: prompt, help (at least a few sentences) and reference are required", qu.ID)
		}
		if strings.Contains(qu.Prompt+qu.Help, "TODO") {
			t.Errorf("%s: unfinished text", qu.ID)
		}
		for _, v := range qu.Values {
			if v.Label == "" {
				t.Errorf("%s: value %s has no label", qu.ID, v.Value)
			}
		}
	}
	for _, s := range q.Sections {
		if s.Title == "" || len(s.Intro) < 40 {
			t.Errorf("section %s needs a title and an intro", s.ID)
		}
	}
}

func TestParseCond(t *testing.T) {
	q := catalog(t).Questionnaire
	a := assessment.Answers{
		"context.phase":         {Type: assessment.TypeEnum, Text: "development"},
		"data.special_category": {Type: assessment.TypeBool, Bool: true},
		"data.sources":          {Type: assessment.TypeMulti, List: []string{"web_scraped"}},
		"data.subject_count":    {Type: assessment.TypeInt, Int: 2000},
	}
	cases := []struct {
		src  string
		want bool
	}{
		{"", true},
		{"context.phase != deployment", true},
		{"context.phase == deployment", false},
		{"context.phase in (deployment, both)", false},
		{"context.phase in (development, both)", true},
		{"data.special_category", true},
		{"not data.special_category", false},
		{"data.sources has web_scraped", true},
		{"data.sources has first_party", false},
		{"data.subject_count >= 2000", true},
		{"data.subject_count > 2000", false},
		{"data.subject_count < 10000 and data.special_category", true},
		{"data.criminal_offence or data.special_category", true},
		{"not (data.criminal_offence or data.special_category)", false},
		{"data.criminal_offence", false}, // unanswered
		{"not data.criminal_offence", true},
		{"context.role == controller", false}, // unanswered comparisons are false
		{"data.special_category == true", true},
		{"data.special_category == false", false},
		{"data.criminal_offence == false", false}, // unanswered: false, unlike "not"
	}
	for _, tc := range cases {
		c, err := assessment.ParseCond(tc.src, q)
		if err != nil {
			t.Errorf("ParseCond(%q): %v", tc.src, err)
			continue
		}
		if got := c.Eval(a); got != tc.want {
			t.Errorf("%q = %v, want %v", tc.src, got, tc.want)
		}
	}
	bad := []string{
		"context.phse == development",         // unknown question
		"context.phase == developmnt",         // unknown value
		"context.phase",                       // enum needs a comparison
		"data.subject_count >= many",          // not a number
		"data.sources has nothing",            // unknown value
		"(data.special_category",              // missing )
		"data.special_category and",           // dangling
		"data.special_category $ x",           // bad character
		"context.phase in (development",       // unclosed list
		"data.special_category data.children", // trailing token
	}
	for _, src := range bad {
		if _, err := assessment.ParseCond(src, q); err == nil {
			t.Errorf("ParseCond(%q) succeeded, want an error", src)
		}
	}
}

// TestRulesRejectBadTemplates: a typo in scoring.yaml is caught at load time.
func TestRulesRejectBadTemplates(t *testing.T) {
	c := catalog(t)
	good, err := os.ReadFile("../../templates/scoring.yaml")
	if err != nil {
		t.Fatal(err)
	}
	cases := map[string][2]string{
		"misspelt question": {"when: purpose.public_benefit\n", "when: purpose.public_benefitt\n"},
		"bad strength":      {"strength: 0.25\n", "strength: 1.5\n"},
		"unknown severity":  {"severity: blocker\n", "severity: fatal\n"},
		"unknown key":       {"version: \"2026.12.1\"\n", "version: \"2026.12.1\"\nversoin: 2\n"},
		"rising dp tier":    {"{max_epsilon: 10, strength: 0.3, label: moderate}", "{max_epsilon: 10, strength: 0.6, label: moderate}"},
		// A derivation computes dpia.screened, so it cannot read it.
		"derivation reads dpia.screened": {"      when: context.phase != deployment\n", "      when: dpia.screened has large_scale\n"},
		"dpia.screened with a bad value": {"dpia.screened has matching_datasets and not dpia.completed", "dpia.screened has matching_dataset and not dpia.completed"},
	}
	for name, edit := range cases {
		src := strings.Replace(string(good), edit[0], edit[1], 1)
		if src == string(good) {
			t.Fatalf("%s: edit did not apply", name)
		}
		if _, err := assessment.ParseRules([]byte(src), c.Questionnaire); err == nil {
			t.Errorf("%s: rules loaded, want an error", name)
		}
	}
}
