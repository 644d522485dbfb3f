package report

import (
	"errors"
	"fmt"
	"github.com/lia-project/lia/internal/textfmt"

	"github.com/lia-project/lia/internal/assessment"
	"github.com/lia-project/lia/internal/pdfsig"
)

// SignError is a refusal to sign a PDF, with what to do about it.
type SignError struct {
	Err  error
	hint string
}

func (e *SignError) Error() string { return e.Err.Error() }
func (e *SignError) Unwrap() error { return e.Err }

// Hint says what to do next.
func (e *SignError) Hint() string { return e.hint }

func refuse(hint, format string, args ...any) error {
	return &SignError{Err: fmt.Errorf(format, args...), hint: hint}
}

// SignPDF adds a PAdES signature to a report as an incremental update. It
// signs only what it would verify: a report whose base is exactly what lia
// report renders from its embedded record (not a draft, not changed, not
// another layout's), whose record is complete with a current result, and
// whose earlier updates are intact signatures by other keys, so
// that a signature never endorses a report that lia verify would reject.
// name labels the embedded record in errors.
func SignPDF(cat *assessment.Catalog, pdf []byte, name string, limits assessment.Limits, opts pdfsig.SignOptions) ([]byte, error) {
	rerender := "render it again from the record with lia report, then sign the new PDF"
	c, err := CheckPDF(cat, pdf, name, limits, pdfsig.VerifyOptions{Now: opts.Time})
	if err != nil {
		return nil, err
	}
	switch c.Base {
	case PDFDraft:
		return nil, refuse("complete the record and render it with lia report, without --draft", "the PDF is a draft; lia signs only final reports")
	case PDFOtherLayout:
		return nil, refuse(rerender, "the PDF was rendered with report layout %d and this lia renders layout %d, so it cannot check the pages it would sign", c.Layout, LayoutVersion)
	case PDFChanged:
		return nil, refuse(rerender, "the PDF is not what lia report renders from its embedded record")
	}
	if errs, _ := cat.Check(c.Record); len(errs) > 0 {
		return nil, refuse("recompute the result with lia assess --answers and render the report again", "the embedded record does not pass lia's checks: %v", errs[0])
	}
	if c.Signatures.Updates != nil {
		return nil, refuse(rerender, "%v", c.Signatures.Updates)
	}
	var key string
	if opts.Credentials != nil && opts.Credentials.Cert != nil {
		key = pdfsig.KeyID(opts.Credentials.Cert)
	}
	for _, s := range c.Signatures.Signatures {
		if err := errors.Join(s.Integrity, s.CMS, s.Certificate); err != nil {
			return nil, refuse("check the report with lia verify", "PDF signature %d does not verify (%v); lia will not sign on top of it", s.Index, err)
		}
		// As for records: one key signs once, whatever certificate
		// carries it.
		if s.KeyID == key {
			return nil, refuse("each signer signs once, with their own key", "this key already signed the report (PDF signature %d, as %s)", s.Index, textfmt.OrNone(s.Role, notGiven))
		}
	}
	return pdfsig.Sign(pdf, opts)
}
