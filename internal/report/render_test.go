package report

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"testing"

	"github.com/lia-project/lia/internal/assessment"
	"github.com/lia-project/lia/templates"
)

// exampleInput parses one example record the way lia report does, with
// sha256 of the raw bytes standing in for the canonical hash.
func exampleInput(t testing.TB, path string) PDFInput {
	t.Helper()
	cat, err := assessment.Load(templates.FS)
	if err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return inputFor(t, cat, filepath.Base(path), raw)
}

func inputFor(t testing.TB, cat *assessment.Catalog, name string, raw []byte) PDFInput {
	t.Helper()
	rec, err := assessment.ParseRecord(name, raw, cat.Questionnaire, assessment.DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(raw)
	return PDFInput{Record: rec, Raw: raw, Catalog: cat, Eval: cat.Rules.Evaluate(rec.Answers), CanonicalSHA256: hex.EncodeToString(sum[:])}
}

func render(t testing.TB, in PDFInput) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := RenderPDF(&b, in); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func examples(t testing.TB) []string {
	t.Helper()
	ms, err := filepath.Glob("../../testdata/examples/*.lia.yaml")
	if err != nil || len(ms) == 0 {
		t.Fatalf("no example records: %v", err)
	}
	return ms
}
