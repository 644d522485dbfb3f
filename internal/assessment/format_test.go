package assessment

import (
	"math/rand"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// TestFormatPatterns: the patterns the JSON Schema states and the checks the
// parser and the interview run give the same verdict on every string.
func TestFormatPatterns(t *testing.T) {
	idRE, emailRE := regexp.MustCompile(idPattern), regexp.MustCompile(emailPattern)
	id := func(s string) bool { return idRE.MatchString(s) && len(s) <= maxIDLen }
	corpus := []string{"", "a", "-", "a-", "-a", "0", "card-fraud", "Card", "a_b", "a b", "é", "a\n", strings.Repeat("a", 128),
		strings.Repeat("a", 129), "@", "a@", "@a", "a@b", "a@@b", "@@", "a b@c", "a@b c", "a\t@b", "a@b\n", "a\n@b", "é@ü",
		"a@b@", "ab@c@d", " a@b", "a@b ", "a.b@c.d", "@a@b", "a@\u00a0", "a@\t"}
	// And random strings over the characters that matter.
	rnd := rand.New(rand.NewSource(1))
	const alphabet = "az09-_@ \t\nA.é"
	runes := []rune(alphabet)
	for range 20000 {
		var b strings.Builder
		for range rnd.Intn(8) {
			b.WriteRune(runes[rnd.Intn(len(runes))])
		}
		corpus = append(corpus, b.String())
	}
	for _, s := range corpus {
		if got, want := validID(s), id(s); got != want {
			t.Errorf("id %q: validID %v, pattern %v", s, got, want)
		}
		if got, want := validEmail(s), emailRE.MatchString(s); got != want {
			t.Errorf("e-mail %q: validEmail %v, pattern %v", s, got, want)
		}
	}
}

// TestUndescribedJurisdiction: the jurisdictions a partial catalogue's
// conditions may name are the shipped description's.
func TestUndescribedJurisdiction(t *testing.T) {
	data, err := os.ReadFile("../../templates/questionnaire.yaml")
	if err != nil {
		t.Fatal(err)
	}
	q, err := ParseQuestionnaire(data)
	if err != nil {
		t.Fatal(err)
	}
	got, want := q.jurisdiction, undescribedJurisdiction
	if got == want || !slices.Equal(got.Values, want.Values) || got.ID != want.ID || got.Short != want.Short {
		t.Errorf("described jurisdiction %+v, undescribed %+v", got, want)
	}
}
