package report

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"

	"github.com/lia-project/lia/internal/assessment"
)

// Render returns the PDF lia report writes for a record: a pure function of
// the record's bytes, the catalog and draft, so that a PDF's embedded record
// can be rendered again and compared byte for byte. The caller decides
// whether a record with problems may be rendered.
func Render(cat *assessment.Catalog, rec *assessment.Record, raw []byte, draft bool) ([]byte, error) {
	in := PDFInput{Record: rec, Raw: raw, Catalog: cat, Eval: cat.Rules.Evaluate(rec.Metadata.Jurisdiction, rec.Answers), Draft: draft}
	if draft {
		// Problems are described as in the embedded file, not the path the
		// record was read from, which must not change the bytes.
		r := *rec
		r.File = AttachmentName(rec)
		errs, warns := cat.Check(&r)
		for _, e := range append(errs, warns...) {
			if e.Check == assessment.CheckIrrelevant {
				continue
			}
			in.DraftReasons = append(in.DraftReasons, e.Field+": "+e.Msg)
		}
	}
	// A record too incomplete for a canonical form can still be drafted; its
	// footer then says that no hash was supplied.
	if b, err := rec.Canonical(cat.Questionnaire); err == nil {
		sum := sha256.Sum256(b)
		in.CanonicalSHA256 = hex.EncodeToString(sum[:])
	} else if !draft {
		return nil, fmt.Errorf("computing the canonical form: %w", err)
	}
	var buf bytes.Buffer
	if err := RenderPDF(&buf, in); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// PDF verdicts.
const (
	PDFMatches = "matches" // exactly what lia report renders from the embedded record
	PDFDraft   = "draft"   // exactly what lia report --draft renders
	PDFChanged = "changed" // anything else
)

// VerifyPDF extracts the record embedded in a PDF, parses it and renders it
// again. It returns the record and whether the PDF is byte for byte what lia
// report (or lia report --draft) renders from it. name labels the embedded
// record in errors.
func VerifyPDF(cat *assessment.Catalog, pdf []byte, name string, limits assessment.Limits) (*assessment.Record, string, error) {
	raw, err := ExtractRecord(pdf, limits.MaxBytes)
	if err != nil {
		return nil, "", err
	}
	rec, err := assessment.ParseRecord(name, raw, cat.Questionnaire, limits)
	if err != nil {
		return nil, "", err
	}
	if final, err := Render(cat, rec, raw, false); err == nil && bytes.Equal(final, pdf) {
		return rec, PDFMatches, nil
	}
	if draft, err := Render(cat, rec, raw, true); err == nil && bytes.Equal(draft, pdf) {
		return rec, PDFDraft, nil
	}
	return rec, PDFChanged, nil
}
