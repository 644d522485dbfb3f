package report

import (
	"bytes"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/lia-project/lia/internal/assessment"
	"github.com/lia-project/lia/internal/gen"
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
		c1, err := rec.Canonical(cat.Questionnaire)
		if err != nil {
			t.Fatalf("canonical form of a parsed record: %v", err)
		}
		sameAsReference(t, rec, cat.Questionnaire, c1)
		again, err := signing.CanonicalizeJSON(c1)
		if err != nil || !bytes.Equal(again, c1) {
			t.Fatalf("canonical form is not stable: %v\n%s\n%s", err, c1, again)
		}
		y, err := assessment.MarshalRecord(rec, cat.Questionnaire)
		if err != nil {
			t.Fatal(err)
		}
		back, err := assessment.ParseRecord("f2", y, cat.Questionnaire, assessment.DefaultLimits)
		if err != nil {
			t.Fatalf("written record does not parse: %v\n%s", err, y)
		}
		c2, _ := back.Canonical(cat.Questionnaire)
		if !bytes.Equal(c1, c2) {
			t.Fatalf("write and read changed the canonical form:\n%s\n%s", c1, c2)
		}
	})
}

// sameAsReference fails unless c, the canonical form written straight from
// the YAML tree, equals the reference: the record decoded into Go values and
// canonicalized by signing.Canonicalize.
func sameAsReference(t *testing.T, rec *assessment.Record, q *assessment.Questionnaire, c []byte) {
	t.Helper()
	tree, err := rec.Tree(q)
	if err != nil {
		t.Fatal(err)
	}
	ref, err := signing.Canonicalize(tree)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(c, ref) {
		t.Fatalf("canonical form differs from the reference:\n%s\n%s", c, ref)
	}
}

// TestCanonicalFast: on the examples and on generated records, including odd
// texts and numbers, Record.Canonical gives the reference bytes, so signatures
// made when the reference was the only path still verify.
func TestCanonicalFast(t *testing.T) {
	cat, err := assessment.Load(templates.FS)
	if err != nil {
		t.Fatal(err)
	}
	paths, _ := filepath.Glob("../../testdata/examples/*.lia.yaml")
	var recs []*assessment.Record
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		rec, err := assessment.ParseRecord(p, b, cat.Questionnaire, assessment.DefaultLimits)
		if err != nil {
			t.Fatal(err)
		}
		recs = append(recs, rec)
	}
	odd := []string{"\"quoted\" \\ back", "tab\tnew\nline\r\x00\x1f\x7f", "é ü 中文 \u2028 \U0001F600 \uFFFD", "</script>&amp;", ""}
	nums := []float64{0, math.Copysign(0, -1), 1e-08, 1e21, 1e-7, 0.1 + 0.2, 123456789.125, 5e-324, 1 << 53}
	for i := range 500 {
		rec := gen.Record(cat, 3, i)
		rec.Metadata.Title = odd[i%len(odd)]
		rec.Metadata.DPO.Opinion = odd[(i+1)%len(odd)]
		if v, ok := rec.Answers["safeguards.dp_epsilon"]; ok {
			v.Number = nums[i%len(nums)]
			rec.Answers["safeguards.dp_epsilon"] = v
		}
		rec.Result.Scores.Mitigation = nums[(i+3)%len(nums)]
		recs = append(recs, rec)
	}
	for _, rec := range recs {
		c, err := rec.Canonical(cat.Questionnaire)
		if err != nil {
			t.Fatal(err)
		}
		sameAsReference(t, rec, cat.Questionnaire, c)
	}
	// What the reference cannot write, neither can Canonical.
	for _, bad := range []func(*assessment.Record){
		func(r *assessment.Record) {
			r.Answers["data.subject_count"] = assessment.Value{Type: assessment.TypeInt, Int: 1 << 60}
		},
		func(r *assessment.Record) { r.Metadata.Title = "\xff" },
		func(r *assessment.Record) { r.Result.Scores.Mitigation = math.Inf(1) },
	} {
		rec := gen.Record(cat, 3, 1)
		bad(rec)
		tree, err := rec.Tree(cat.Questionnaire)
		if err == nil {
			_, err = signing.Canonicalize(tree)
		}
		if _, err2 := rec.Canonical(cat.Questionnaire); err == nil || err2 == nil {
			t.Errorf("reference error %v, Canonical error %v: both should fail", err, err2)
		}
	}
}

func BenchmarkCanonical(b *testing.B) {
	cat, err := assessment.Load(templates.FS)
	if err != nil {
		b.Fatal(err)
	}
	rec := gen.Record(cat, 1, 0)
	b.Run("direct", func(b *testing.B) {
		for b.Loop() {
			if _, err := rec.Canonical(cat.Questionnaire); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("reference", func(b *testing.B) {
		for b.Loop() {
			tree, err := rec.Tree(cat.Questionnaire)
			if err != nil {
				b.Fatal(err)
			}
			if _, err := signing.Canonicalize(tree); err != nil {
				b.Fatal(err)
			}
		}
	})
}
