package report

import (
	"bytes"
	"os"
	"testing"

	"github.com/lia-project/lia/internal/assessment"
	"github.com/lia-project/lia/internal/signing"
	"github.com/lia-project/lia/templates"
)

// FuzzCanonicalRoundTrip: for any record that parses, the canonical form is
// already canonical (canonicalizing it again changes nothing), and writing the
// record and reading it back gives the same canonical form.
func FuzzCanonicalRoundTrip(f *testing.F) {
	cat, err := assessment.Load(templates.FS)
	if err != nil {
		f.Fatal(err)
	}
	for _, name := range []string{"fraud-detection", "support-assistant-authorised", "radiology-triage-no-art9"} {
		b, err := os.ReadFile("../../testdata/examples/" + name + ".lia.yaml")
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte("apiVersion: lia/v1\nmetadata:\n  title: \"\\u2028 \\U0001F600 \\t\"\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		rec, err := assessment.ParseRecord("f", data, cat.Questionnaire, assessment.DefaultLimits)
		if err != nil {
			return
		}
		c1, err := Canonical(rec, cat.Questionnaire)
		if err != nil {
			t.Fatalf("canonical form of a parsed record: %v", err)
		}
		again, err := signing.CanonicalizeJSON(c1)
		if err != nil || !bytes.Equal(again, c1) {
			t.Fatalf("canonical form is not stable: %v\n%s\n%s", err, c1, again)
		}
		y, err := MarshalRecord(rec, cat.Questionnaire)
		if err != nil {
			t.Fatal(err)
		}
		back, err := assessment.ParseRecord("f2", y, cat.Questionnaire, assessment.DefaultLimits)
		if err != nil {
			t.Fatalf("written record does not parse: %v\n%s", err, y)
		}
		c2, _ := Canonical(back, cat.Questionnaire)
		if !bytes.Equal(c1, c2) {
			t.Fatalf("write and read changed the canonical form:\n%s\n%s", c1, c2)
		}
	})
}
