package report

import (
	"bytes"
	"compress/zlib"
	"io"
	"os"
	"testing"

	"github.com/lia-project/lia/internal/assessment"
	"github.com/lia-project/lia/internal/pdfsig"
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
	b, err := assessment.MarshalRecord(rec, cat.Questionnaire)
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
// untouched PDF, or one whose streams decompress to the same bytes (a
// change to compressed data that the decompressor ignores, such as padding
// bits), matches.
func FuzzVerifyPDF(f *testing.F) {
	cat, pdf := renderedExample(f)
	f.Add(pdf)
	f.Add(pdf[:len(pdf)/2])
	f.Fuzz(func(t *testing.T, data []byte) {
		_, v, err := VerifyPDF(cat, data, "f", assessment.DefaultLimits)
		if err == nil && v == PDFMatches && !bytes.Equal(data, pdf) && !sameDecompressed(data, pdf) {
			t.Fatalf("a different PDF verifies as matching")
		}
	})
}

// sameDecompressed is the fuzz oracle, coarser than sameRender and written
// apart from it: the same length, and every differing byte inside a stream
// whose data decompresses to the same bytes in both files.
func sameDecompressed(a, b []byte) bool {
	if len(a) != len(b) {
		return false
	}
	f, err := pdfsig.Parse(b)
	if err != nil {
		return false
	}
	for i := range a {
		if a[i] == b[i] {
			continue
		}
		var in *pdfsig.Indirect
		for _, o := range f.Revs[0].Objects {
			if o.IsStream && i >= o.DataPos && i < o.DataPos+len(o.Data) {
				in = o
			}
		}
		if in == nil {
			return false
		}
		x, err1 := zlibAll(a[in.DataPos : in.DataPos+len(in.Data)])
		y, err2 := zlibAll(b[in.DataPos : in.DataPos+len(in.Data)])
		if err1 != nil || err2 != nil || !bytes.Equal(x, y) {
			return false
		}
	}
	return true
}

func zlibAll(b []byte) ([]byte, error) {
	r, err := zlib.NewReader(bytes.NewReader(b))
	if err != nil {
		return nil, err
	}
	return io.ReadAll(r)
}
