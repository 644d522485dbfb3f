package report

// This file owns the PDF report. The rules it keeps:
//   - the same input gives the same bytes on any machine: dates come from the
//     record (never the clock), everything is drawn in catalogue or record
//     order (never map order), fonts are embedded, resource catalogues sorted;
//   - every text a user typed goes through cleaner, so that no input makes the
//     renderer fail or draw something the record does not say;
//   - the record is embedded byte for byte as a document-level attachment, so
//     the PDF carries the exact data it was rendered from;
//   - rendering writes to an io.Writer; the caller writes files atomically.

import (
	"errors"
	"fmt"
	"io"
	"time"

	"codeberg.org/go-pdf/fpdf"

	"github.com/lia-project/lia/internal/assessment"
)

// LayoutVersion numbers what the renderer draws: two lia versions with the
// same LayoutVersion render a record to the same PDF, up to the bytes the
// compressor chooses (lia verify compares streams decompressed). Bump it
// with any change to the renderer, the questionnaire or the scoring rules
// that changes what a report shows (the golden hashes change, and
// TestGoldenSigned fails until it is bumped). It is written in the PDF's /Producer, so that lia
// verify can tell a report made by another layout from a changed one.
// Layout 1 is lia 0.1.0, whose /Producer said "lia 0.1.0 (fpdf)". Layout 3
// argues the case (the summary states each test from the answers with the
// justification, the answers carry their notes) and says that each record
// signature covers its own role, signer, date and key (lia canonical
// --for-signature).
const LayoutVersion = 3

// producer is the /Producer of the PDFs this renderer writes. It names the
// layout, not lia's version, so that a release that draws the same pages
// renders the same bytes.
var producer = fmt.Sprintf("lia report layout %d (fpdf)", LayoutVersion)

// PDFInput is everything a report is rendered from.
type PDFInput struct {
	// Record is the parsed record; Raw is the file it was parsed from,
	// embedded in the PDF unchanged.
	Record *assessment.Record
	Raw    []byte
	// Catalog supplies the questions as the user saw them and the rules.
	Catalog *assessment.Catalog
	// Eval is Catalog.Rules.Evaluate(Record.Metadata.Jurisdiction, Record.Answers); the report shows it.
	Eval *assessment.Evaluation
	// CanonicalSHA256 is the hex SHA-256 of the record's canonical form (the
	// bytes signatures cover), printed in every page's footer.
	CanonicalSHA256 string
	// Draft marks every page with a DRAFT watermark; DraftReasons say on the
	// cover why the record is not fit for a final report.
	Draft        bool
	DraftReasons []string
}

// Page geometry in millimetres (A4).
const (
	pageW   = 210.0
	pageH   = 297.0
	marginL = 18.0
	marginR = 18.0
	marginT = 18.0
	marginB = 24.0 // room for the two-line footer
	bodyW   = pageW - marginL - marginR
)

// Limits on user text, in characters. Text a person writes is never cut: it
// wraps and runs on across pages. maxText only stops a hostile record (the
// parser allows 4 MiB) from producing thousands of pages; it is far above
// anything a person writes, some 40 pages of a single answer.
const (
	maxText = 100_000 // any text a person wrote, in the body or on the cover
	maxLine = 160     // a value in a running header or a table cell of one line
)

// RenderPDF writes the report for in to w.
func RenderPDF(w io.Writer, in PDFInput) (err error) {
	if in.Record == nil || in.Catalog == nil || in.Catalog.Questionnaire == nil || in.Catalog.Rules == nil || in.Eval == nil {
		return errors.New("rendering report: record, catalog and evaluation are required")
	}
	fonts, err := loadFonts()
	if err != nil {
		return fmt.Errorf("rendering report: %w", err)
	}
	// fpdf panics on some internal inconsistencies; a report must fail with an
	// error, never take the process down.
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("rendering report: %v", r)
		}
	}()
	d := newDoc(in, fonts)
	d.build()
	if d.pdf.Err() {
		return fmt.Errorf("rendering report: %w", d.pdf.Error())
	}
	if err := d.pdf.Output(w); err != nil {
		return fmt.Errorf("writing report: %w", err)
	}
	return nil
}

// doc is one report being drawn.
type doc struct {
	pdf     *fpdf.Fpdf
	in      PDFInput
	rec     *assessment.Record
	res     *assessment.Result
	c       *cleaner
	id      string // cleaned record id
	outcome string // the result's outcome, or outcomeIncomplete
	title   string // cleaned one-line title
}

func newDoc(in PDFInput, fonts *fontSet) *doc {
	d := &doc{in: in, rec: in.Record, res: &in.Eval.Result, c: &fonts.clean}
	d.outcome = d.res.Outcome
	if len(in.Catalog.Questionnaire.Missing(in.Record.Answers)) > 0 {
		d.outcome = outcomeIncomplete
	}
	d.id = d.c.text(in.Record.Metadata.ID, 128, false)
	if d.id == "" {
		d.id = "(no id)"
	}
	d.title = d.c.text(in.Record.Metadata.Title, maxLine, false)
	if d.title == "" {
		d.title = "(untitled assessment)"
	}

	p := takeBase(fonts)
	d.pdf = p
	p.SetMargins(marginL, marginT, marginR)
	p.SetAutoPageBreak(true, marginB)
	p.SetCatalogSort(true)
	p.AliasNbPages("{nb}")
	date := recordDate(in.Record.Metadata.AssessedOn)
	p.SetCreationDate(date)
	p.SetModificationDate(date)
	p.SetProducer(producer, true)
	p.SetCreator("lia report", true)
	p.SetTitle(d.title, true)
	p.SetSubject("Legitimate Interest Assessment (Art. 6(1)(f) GDPR)", true)
	p.SetAuthor(d.c.text(in.Record.Metadata.Assessor.Name, maxLine, false), true)
	p.SetLang("en")
	p.SetAttachments([]fpdf.Attachment{{
		Content:     in.Raw,
		Filename:    AttachmentName(in.Record),
		Description: "The lia record this report was rendered from",
	}})
	p.SetHeaderFunc(d.header)
	p.SetFooterFunc(d.footer)
	return d
}

// AttachmentName is the file name the record is embedded under.
func AttachmentName(rec *assessment.Record) string {
	if rec.Metadata.ID == "" {
		return "record.lia.yaml"
	}
	return rec.Metadata.ID + ".lia.yaml"
}

// recordDate is the record's assessment date at midnight UTC, so that the
// PDF's dates do not depend on the clock or the time zone. A record without a
// valid date gets a fixed one rather than today's.
func recordDate(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02", s, time.UTC)
	if err != nil {
		return time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	return t
}

func (d *doc) build() {
	d.cover()
	d.summary()
	d.chart()
	d.answers()
	d.findings()
	d.dpia()
	d.actions()
	d.signatures()
}
