package assessment

import (
	"strings"
	"testing"
)

// TestJurisdictionInConditions: scoring rules may read metadata.jurisdiction
// and an unknown jurisdiction matches no comparison; questions' conditions
// may not read it, and findings never list it among their answers.
func TestJurisdictionInConditions(t *testing.T) {
	q, err := ParseQuestionnaire([]byte(`apiVersion: lia/v1
sections:
  - id: s
    title: S
    questions:
      - {id: a, type: bool, prompt: A}
`))
	if err != nil {
		t.Fatal(err)
	}
	c, err := ParseCond("s.a and metadata.jurisdiction == uk", q)
	if err != nil {
		t.Fatal(err)
	}
	a := Answers{"s.a": {Type: TypeBool, Bool: true}}
	for j, want := range map[string]bool{"uk": true, "eu": false, "": false} {
		if got := c.eval(facts{a: a, jurisdiction: j}); got != want {
			t.Errorf("jurisdiction %q: %v, want %v", j, got, want)
		}
	}
	if got := c.Eval(a); got {
		t.Errorf("Eval on answers alone matched a jurisdiction")
	}
	not, _ := ParseCond("not metadata.jurisdiction == uk", q)
	if !not.eval(facts{a: a}) || !not.eval(facts{a: a, jurisdiction: "eu"}) || not.eval(facts{a: a, jurisdiction: "uk"}) {
		t.Errorf("not metadata.jurisdiction == uk should hold for eu and unknown only")
	}
	if got := Paths(c); len(got) != 1 || got[0] != "s.a" {
		t.Errorf("Paths = %v, want [s.a]", got)
	}
	if _, err := ParseCond("metadata.jurisdiction == fr", q); err == nil {
		t.Errorf("unknown jurisdiction value accepted")
	}
	_, err = ParseQuestionnaire([]byte(`apiVersion: lia/v1
sections:
  - id: s
    title: S
    questions:
      - {id: a, type: bool, prompt: A, when: metadata.jurisdiction == uk}
`))
	if err == nil || !strings.Contains(err.Error(), "unknown question") {
		t.Errorf("a question's condition read metadata.jurisdiction: %v", err)
	}
}

// TestMissingFor: a question added by a later rules version is lacking, not
// missing, in a record computed with older rules; it is missing in a record
// with no result or with today's rules.
func TestMissingFor(t *testing.T) {
	q, err := ParseQuestionnaire([]byte(`apiVersion: lia/v1
sections:
  - id: s
    title: S
    questions:
      - {id: old, type: bool, prompt: Old}
      - {id: new, type: bool, prompt: New, since: "2026.12.1"}
`))
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		scoring          string
		missing, lacking string
	}{
		{"", "s.old s.new", ""},
		{"2026.12.1", "s.old s.new", ""},
		{"2027.1.1", "s.old s.new", ""},
		{"2026.11.1", "s.old", "s.new"},
		{"not-a-version", "s.old s.new", ""},
	}
	for _, tc := range cases {
		m, l := q.MissingFor(Answers{}, tc.scoring)
		if got := strings.Join(m, " "); got != tc.missing {
			t.Errorf("%q: missing %q, want %q", tc.scoring, got, tc.missing)
		}
		if got := strings.Join(l, " "); got != tc.lacking {
			t.Errorf("%q: lacking %q, want %q", tc.scoring, got, tc.lacking)
		}
	}
	if _, err := ParseQuestionnaire([]byte("apiVersion: lia/v1\nsections:\n  - id: s\n    title: S\n    questions:\n      - {id: a, type: bool, prompt: A, since: soon}\n")); err == nil {
		t.Errorf("since: soon accepted")
	}
}
