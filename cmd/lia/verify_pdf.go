package main

import (
	"errors"
	"fmt"
	"io"

	"github.com/lia-project/lia/internal/assessment"
	"github.com/lia-project/lia/internal/report"
)

// maxPDFBytes bounds the PDFs lia verify reads; a lia report is about 100 KB.
const maxPDFBytes = 64 << 20

// verifyPDF extracts the record embedded in a PDF and checks that lia report
// renders exactly the same bytes from it. A draft PDF matches only as a draft,
// which is reported as a problem: a draft is not an approved assessment.
func (a *app) verifyPDF(path string) (*assessment.Record, *pdfCheck, error) {
	cat, err := a.catalog()
	if err != nil {
		return nil, nil, err
	}
	f, err := openRegular(path)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxPDFBytes+1))
	if err != nil {
		return nil, nil, failErr("", fmt.Errorf("reading %s: %w", path, err))
	}
	if len(data) > maxPDFBytes {
		return nil, nil, failErr("", fmt.Errorf("%s: file is larger than the limit of %d MiB for a PDF", path, maxPDFBytes>>20))
	}
	rec, verdict, err := report.VerifyPDF(cat, data, path+" (embedded record)", a.limits)
	if err != nil {
		var errs assessment.Errors
		if errors.As(err, &errs) {
			return nil, nil, failErr("", err)
		}
		return nil, nil, failErr("lia verify checks PDFs written by lia report", fmt.Errorf("%s: %w", path, err))
	}
	check := &pdfCheck{}
	switch verdict {
	case report.PDFMatches:
		check.Matches = true
	case report.PDFDraft:
		check.Problem = "the PDF is a draft (rendered with --draft); it does not stand for an approved assessment"
	default:
		check.Problem = "the PDF differs from what lia report renders from its embedded record: the PDF was changed after rendering, or was rendered by another version of lia or its rules"
	}
	return rec, check, nil
}
