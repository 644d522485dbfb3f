package report

import (
	"bytes"
	"os"
	"testing"

	"github.com/lia-project/lia/internal/assessment"
	"github.com/lia-project/lia/templates"
)

func renderedExample(t testing.TB) (*assessment.Catalog, []byte) {
	t.Helper()
	cat, err := assessment.Load(templates.FS)
	if err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile("../../testdata/examples/fraud-detection.lia.yaml")
	if err != nil {
		t.Fatal(err)
	}
	rec, err := assessment.ParseRecord("f", raw, cat.Questionnaire, assessment.DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	rec.Result = &cat.Rules.Evaluate(rec.Metadata.Jurisdiction, rec.Answers).Result
	b, err := MarshalRecord(rec, cat.Questionnaire)
	if err != nil {
		t.Fatal(err)
	}
	rec, _ = assessment.ParseRecord("f", b, cat.Questionnaire, assessment.DefaultLimits)
	pdf, err := Render(cat, rec, b, false)
	if err != nil {
		t.Fatal(err)
	}
	return cat, pdf
}

// TestVerifyPDFEveryByte changes bytes all over a rendered PDF: each change is
// either rejected or reported as not matching, never accepted.
func TestVerifyPDFEveryByte(t *testing.T) {
	cat, pdf := renderedExample(t)
	if _, v, err := VerifyPDF(cat, pdf, "f", assessment.DefaultLimits); err != nil || v != PDFMatches {
		t.Fatalf("untouched PDF: %v, %v", v, err)
	}
	step := len(pdf) / 60
	for i := 0; i < len(pdf); i += step {
		mutated := bytes.Clone(pdf)
		mutated[i] ^= 0x01
		if _, v, err := VerifyPDF(cat, mutated, "f", assessment.DefaultLimits); err == nil && v == PDFMatches {
			t.Fatalf("a PDF with byte %d changed verifies as matching", i)
		}
	}
	if _, v, err := VerifyPDF(cat, append(bytes.Clone(pdf), '\n'), "f", assessment.DefaultLimits); err == nil && v == PDFMatches {
		t.Fatal("a PDF with a byte appended verifies as matching")
	}
}

// FuzzVerifyPDF: mutated PDFs never make verification panic, and only the
// untouched PDF matches.
func FuzzVerifyPDF(f *testing.F) {
	cat, pdf := renderedExample(f)
	f.Add(pdf)
	f.Add(pdf[:len(pdf)/2])
	f.Fuzz(func(t *testing.T, data []byte) {
		_, v, err := VerifyPDF(cat, data, "f", assessment.DefaultLimits)
		if err == nil && v == PDFMatches && !bytes.Equal(data, pdf) {
			t.Fatalf("a different PDF verifies as matching")
		}
	})
}
