package assessment_test

import (
	"os"
	"strings"
	"testing"

	"github.com/lia-project/lia/internal/assessment"
)

func readFlowExample(t *testing.T, q *assessment.Questionnaire, name string) *assessment.Record {
	t.Helper()
	data, err := os.ReadFile("../../testdata/examples/" + name)
	if err != nil {
		t.Fatal(err)
	}
	rec, err := assessment.ParseRecord(name, data, q, assessment.DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	return rec
}

func TestNextFollowsApplicability(t *testing.T) {
	q := loadCatalog(t).Questionnaire
	a := assessment.Answers{}
	if got := q.Next(a); got == nil || got.ID != "context.description" {
		t.Fatalf("first question = %v, want context.description", got)
	}
	// Answering in catalogue order, Next never returns a question that does
	// not apply, and returns each applicable one exactly once.
	rec := readFlowExample(t, q, "fraud-detection.lia.yaml")
	seen := map[string]bool{}
	for qu := q.Next(a); qu != nil; qu = q.Next(a) {
		if seen[qu.ID] {
			t.Fatalf("%s asked twice", qu.ID)
		}
		seen[qu.ID] = true
		if !qu.Applies(a) {
			t.Fatalf("%s asked but does not apply", qu.ID)
		}
		v, ok := rec.Answers[qu.ID]
		if !ok {
			t.Fatalf("%s asked but the example does not answer it", qu.ID)
		}
		a[qu.ID] = v
	}
	if len(a) != len(rec.Answers) {
		t.Errorf("asked %d questions, the example answers %d", len(a), len(rec.Answers))
	}
	if m := q.Missing(a); len(m) != 0 {
		t.Errorf("Next ended with missing answers %v", m)
	}
}

func TestNextSkipsClosedBranches(t *testing.T) {
	q := loadCatalog(t).Questionnaire
	rec := readFlowExample(t, q, "fraud-detection.lia.yaml")
	a := rec.Answers.Clone()
	delete(a, "data.art9_condition")
	if got := q.Next(a); got != nil {
		t.Errorf("with special_category false, Next = %s, want nothing", got.ID)
	}
	a["data.special_category"] = assessment.Value{Type: assessment.TypeBool, Bool: true}
	// The branch opens with the kinds of special-category data and whether it
	// is sought (added in rules 2026.12.1), then the Art. 9(2) condition.
	if got := q.Next(a); got == nil || got.ID != "data.special_category_types" {
		t.Errorf("with special_category true, Next = %v, want data.special_category_types", got)
	}
	a["data.special_category_types"] = assessment.Value{Type: assessment.TypeMulti, List: []string{"health"}}
	a["data.special_category_presence"] = assessment.Value{Type: assessment.TypeEnum, Text: "targeted"}
	if got := q.Next(a); got == nil || got.ID != "data.art9_condition" {
		t.Errorf("then Next = %v, want data.art9_condition", got)
	}
}

func TestProgressAt(t *testing.T) {
	q := loadCatalog(t).Questionnaire
	empty := assessment.Answers{}
	special := assessment.Answers{"data.special_category": {Type: assessment.TypeBool, Bool: true}}
	scraped := assessment.Answers{"data.sources": {Type: assessment.TypeMulti, List: []string{"web_scraped"}}}
	full := readFlowExample(t, q, "fraud-detection.lia.yaml").Answers
	tests := []struct {
		name    string
		answers assessment.Answers
		id      string
		want    assessment.Progress
	}{
		// Reuse and scraping open only on later answers: 8 of 10 sections at first.
		// The counts follow the catalogue: they grow as questions are added.
		{"first question", empty, "context.description", assessment.Progress{Section: 1, Sections: 8, Question: 1, Questions: 60}},
		{"branch closed", empty, "data.children", assessment.Progress{Section: 2, Sections: 8, Question: 10, Questions: 60}},
		// A yes to special-category data opens three questions before it.
		{"branch opened", special, "data.children", assessment.Progress{Section: 2, Sections: 8, Question: 13, Questions: 63}},
		{"section opened", scraped, "dpia.completed", assessment.Progress{Section: 9, Sections: 9, Question: 63, Questions: 65}},
		{"resumed counts answered questions", full, "data.subject_count", assessment.Progress{Section: 2, Sections: 8, Question: 15, Questions: 71}},
	}
	for _, tt := range tests {
		got := q.ProgressAt(tt.answers, q.Question(tt.id))
		if got != tt.want {
			t.Errorf("%s: ProgressAt(%s) = %+v, want %+v", tt.name, tt.id, got, tt.want)
		}
	}
	p := assessment.Progress{Section: 3, Sections: 10, Question: 14, Questions: 48}
	if got, want := p.String(), "Section 3/10 · question 14 of about 48"; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
}

func TestParseAnswer(t *testing.T) {
	q := loadCatalog(t).Questionnaire
	tests := []struct {
		id, in  string
		want    string // FormatAnswer of the result
		wantErr bool
	}{
		{"data.special_category", "yes", "yes", false},
		{"data.special_category", "N", "no", false},
		{"data.special_category", "maybe", "", true},
		{"data.subject_count", "1,200,000", "1200000", false},
		{"data.subject_count", " 42 ", "42", false},
		{"data.subject_count", "twelve", "", true},
		{"data.subject_count", "-3", "", true},
		{"data.subject_count", "1.5", "", true},
		{"context.phase", "deployment", "deployment", false},
		{"context.phase", "2", "deployment", false},
		{"context.phase", "both development and deployment", "both", false},
		{"context.phase", "4", "", true},
		{"context.phase", "sometimes", "", true},
		{"data.sources", "1, web_scraped", "first_party, web_scraped", false},
		{"data.sources", "", "", false},
		{"data.sources", "1, 99", "", true},
		{"context.description", "  Train a model.  ", "Train a model.", false},
		{"context.description", "   ", "", true},
	}
	for _, tt := range tests {
		qu := q.Question(tt.id)
		if qu == nil {
			t.Fatalf("no question %s", tt.id)
		}
		v, err := assessment.ParseAnswer(qu, tt.in)
		if (err != nil) != tt.wantErr {
			t.Errorf("ParseAnswer(%s, %q) error = %v, want error %v", tt.id, tt.in, err, tt.wantErr)
			continue
		}
		if err == nil && assessment.FormatAnswer(v) != tt.want {
			t.Errorf("ParseAnswer(%s, %q) = %q, want %q", tt.id, tt.in, assessment.FormatAnswer(v), tt.want)
		}
	}
}

func TestParseAnswerNumberAndDate(t *testing.T) {
	qNum := &assessment.Question{Type: assessment.TypeNumber}
	for in, want := range map[string]string{"0.5": "0.5", "12": "12", "1_000": "1000"} {
		v, err := assessment.ParseAnswer(qNum, in)
		if err != nil || assessment.FormatAnswer(v) != want {
			t.Errorf("number %q = %q, %v; want %q", in, assessment.FormatAnswer(v), err, want)
		}
	}
	for _, in := range []string{"abc", "NaN", "-1", "Inf"} {
		if _, err := assessment.ParseAnswer(qNum, in); err == nil {
			t.Errorf("number %q accepted", in)
		}
	}
	qDate := &assessment.Question{Type: assessment.TypeDate}
	if v, err := assessment.ParseAnswer(qDate, "2027-01-31"); err != nil || v.Text != "2027-01-31" {
		t.Errorf("date = %q, %v", v.Text, err)
	}
	for _, in := range []string{"31/01/2027", "2027-02-30", ""} {
		if _, err := assessment.ParseAnswer(qDate, in); err == nil {
			t.Errorf("date %q accepted", in)
		}
	}
}

// The example in a refused number's message fits the question's unit.
func TestParseAnswerExampleFitsUnit(t *testing.T) {
	for _, unit := range []struct{ unit, example string }{{"people", "1200000"}, {"months", "18"}, {"days", "30"}, {"", "12"}} {
		_, err := assessment.ParseAnswer(&assessment.Question{Type: assessment.TypeInt, Unit: unit.unit}, "many")
		if err == nil || !strings.HasSuffix(err.Error(), "such as "+unit.example) {
			t.Errorf("unit %q: error %v, want the example %s", unit.unit, err, unit.example)
		}
	}
}
