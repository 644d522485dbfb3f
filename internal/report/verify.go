package report

import (
	"bytes"
	"compress/zlib"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"

	"github.com/lia-project/lia/internal/assessment"
	"github.com/lia-project/lia/internal/pdfsig"
)

// Render returns the PDF lia report writes for a record: a pure function of
// the record's bytes, the catalog and draft, so that a PDF's embedded record
// can be rendered again and compared byte for byte. The caller decides
// whether a record with problems may be rendered.
func Render(cat *assessment.Catalog, rec *assessment.Record, raw []byte, draft bool) ([]byte, error) {
	in, err := Input(cat, rec, raw, draft)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := RenderPDF(&buf, in); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// Input is what a report of rec is rendered from, PDF or Markdown.
func Input(cat *assessment.Catalog, rec *assessment.Record, raw []byte, draft bool) (PDFInput, error) {
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
		return in, fmt.Errorf("computing the canonical form: %w", err)
	}
	return in, nil
}

// PDF verdicts on the deterministic base of a PDF (what lia report wrote,
// before any signature update).
const (
	PDFMatches = "matches" // what lia report renders from the embedded record
	PDFDraft   = "draft"   // what lia report --draft renders
	PDFChanged = "changed" // anything else
	// PDFOtherLayout: rendered with another LayoutVersion, so the pages
	// cannot be compared with a fresh render; the PDF signatures and the
	// embedded record's signatures are all there is to rely on.
	PDFOtherLayout = "other-layout"
)

// PDFCheck is what lia verify learns from a PDF report.
type PDFCheck struct {
	Record *assessment.Record
	// Base is the verdict on the deterministic base; Reason says more for
	// PDFChanged when the structure could not be read.
	Base   string
	Reason string
	// Layout is the layout version the PDF names (0 when none).
	Layout int
	// Signatures are the PDF signatures; nil when the PDF's structure
	// cannot be read.
	Signatures *pdfsig.Result
}

// CheckPDF extracts the record embedded in a PDF, parses it, verifies the
// PDF signatures (with opts) and compares the deterministic base with a
// fresh render, stream contents decompressed, so that the verdict does not
// depend on the compressor of the Go toolchain that built lia. name labels
// the embedded record in errors.
func CheckPDF(cat *assessment.Catalog, pdf []byte, name string, limits assessment.Limits, opts pdfsig.VerifyOptions) (*PDFCheck, error) {
	sigs, perr := pdfsig.Verify(pdf, opts)
	base := pdf
	if perr == nil {
		base = pdf[:sigs.BaseEnd]
	}
	raw, err := ExtractRecord(base, limits.MaxBytes)
	if err != nil {
		return nil, err
	}
	rec, err := assessment.ParseRecord(name, raw, cat.Questionnaire, limits)
	if err != nil {
		return nil, err
	}
	c := &PDFCheck{Record: rec, Base: PDFChanged}
	if perr != nil {
		c.Reason = perr.Error()
		return c, nil
	}
	c.Signatures = sigs
	f, err := pdfsig.Parse(base)
	if err != nil || len(f.Revs) != 1 || f.TailErr != nil {
		c.Reason = "the report's structure cannot be read"
		return c, nil
	}
	c.Layout = layoutOf(f)
	if c.Layout != 0 && c.Layout != LayoutVersion {
		c.Base = PDFOtherLayout
		return c, nil
	}
	if final, err := Render(cat, rec, raw, false); err == nil && sameRender(f, final) {
		c.Base = PDFMatches
	} else if draft, err := Render(cat, rec, raw, true); err == nil && sameRender(f, draft) {
		c.Base = PDFDraft
	}
	return c, nil
}

// VerifyPDF is CheckPDF for a PDF without signatures: it returns the
// record and whether the whole file is what lia report (or lia report
// --draft) renders from it.
func VerifyPDF(cat *assessment.Catalog, pdf []byte, name string, limits assessment.Limits) (*assessment.Record, string, error) {
	c, err := CheckPDF(cat, pdf, name, limits, pdfsig.VerifyOptions{})
	if err != nil {
		return nil, "", err
	}
	if c.Signatures == nil || c.Signatures.BaseEnd != len(pdf) {
		return c.Record, PDFChanged, nil
	}
	return c.Record, c.Base, nil
}

// legacyProducer is how lia 0.1.0 (layout 1) named itself.
var legacyProducer = regexp.MustCompile(`^lia [0-9A-Za-z.+-]{1,40} \(fpdf\)$`)

// layoutOf reads the layout version from a PDF's /Producer: 0 when the PDF
// names none.
func layoutOf(f *pdfsig.File) int {
	info, _ := f.Resolve(f.Revs[0].Trailer.Get("Info"), 0).(*pdfsig.Dict)
	s, ok := info.Get("Producer").(pdfsig.String)
	if !ok {
		return 0
	}
	p := pdfsig.Text(s)
	var n int
	if _, err := fmt.Sscanf(p, "lia report layout %d (fpdf)", &n); err == nil && n > 0 && fmt.Sprintf("lia report layout %d (fpdf)", n) == p {
		return n
	}
	if legacyProducer.MatchString(p) {
		return 1
	}
	return 0
}

// sameRender reports whether the parsed PDF got is the rendered PDF want,
// up to the bytes of compressed streams: got may compress a stream
// differently if it decompresses to exactly the same bytes, and then only
// the /Length and cross-reference offsets that follow from it may differ.
// Everything else must be identical.
func sameRender(got *pdfsig.File, want []byte) bool {
	w, err := pdfsig.Parse(want)
	if err != nil || len(w.Revs) != 1 || w.TailErr != nil {
		return false
	}
	wr, gr := w.Revs[0], got.Revs[0]
	if len(wr.Objects) != len(gr.Objects) {
		return false
	}
	// Build want again with got's compressed bytes where they decompress
	// to the same data, then compare the files byte for byte.
	var out bytes.Buffer
	out.Grow(len(got.Data))
	offsets := map[int]int{} // offset in want -> offset in the rebuilt file
	pos := 0
	for i, wo := range wr.Objects {
		g := gr.Objects[i]
		if wo.Num != g.Num || wo.IsStream != g.IsStream {
			return false
		}
		out.Write(want[pos:wo.Start])
		offsets[wo.Start] = out.Len()
		pos = wo.End
		if !wo.IsStream || bytes.Equal(wo.Data, g.Data) {
			out.Write(want[wo.Start:wo.End])
			continue
		}
		d, _ := wo.Value.(*pdfsig.Dict)
		if d.Get("Filter") != pdfsig.Name("FlateDecode") || !sameInflated(g.Data, wo.Data) {
			return false
		}
		out.Write(want[wo.Start:wo.LengthPos])
		out.WriteString(strconv.Itoa(len(g.Data)))
		out.Write(want[wo.LengthEnd:wo.DataPos])
		out.Write(g.Data)
		out.Write(want[wo.DataPos+len(wo.Data) : wo.End])
	}
	out.Write(want[pos:wr.XRef])
	xref := out.Len()
	tail := xrefEntry.ReplaceAllFunc(want[wr.XRef:wr.End], func(e []byte) []byte {
		old, _ := strconv.Atoi(string(e[:10]))
		return fmt.Appendf(nil, "%010d%s", offsets[old], e[10:])
	})
	tail = startXRef.ReplaceAll(tail, fmt.Appendf(nil, "startxref\n%d\n", xref))
	out.Write(tail)
	return bytes.Equal(out.Bytes(), got.Data)
}

var (
	xrefEntry = regexp.MustCompile(`(?m)^\d{10} 00000 n`)
	startXRef = regexp.MustCompile(`startxref\n\d+\n`)
)

// sameInflated reports whether two zlib streams decompress to the same
// bytes. want is lia's own render; got is read no further than want's
// length, and must end exactly where its zlib stream does.
func sameInflated(got, want []byte) bool {
	wd, err := inflate(want, 1<<30)
	if err != nil {
		return false
	}
	gd, err := inflate(got, int64(len(wd)))
	return err == nil && bytes.Equal(gd, wd)
}

func inflate(data []byte, limit int64) ([]byte, error) {
	r := bytes.NewReader(data)
	zr, err := zlib.NewReader(r)
	if err != nil {
		return nil, err
	}
	out, err := io.ReadAll(io.LimitReader(zr, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(out)) > limit {
		return nil, errors.New("stream too long")
	}
	if err := zr.Close(); err != nil {
		return nil, err
	}
	if r.Len() != 0 {
		return nil, errors.New("bytes after the compressed stream")
	}
	return out, nil
}

// Problems lists what fails in a PDF check, the one rule lia verify
// applies: a draft or changed base, anything but signature updates after
// it, each PDF signature whose integrity, CMS or certificate check fails
// (its first failing check), and, with requireTrusted, each whose
// certificate does not chain to a trusted root. A report of another layout
// is not a problem in itself: its pages cannot be compared, which the
// caller must say, and the signatures are what is left to rely on.
func (c *PDFCheck) Problems(requireTrusted bool) []string {
	var p []string
	switch c.Base {
	case PDFDraft:
		p = append(p, "the PDF is a draft (rendered with --draft); it does not stand for an approved assessment")
	case PDFChanged:
		if c.Reason != "" {
			p = append(p, "the PDF's structure cannot be read ("+c.Reason+"): it was changed after lia wrote it")
		} else {
			p = append(p, "the PDF differs from what lia report renders from its embedded record: the PDF was changed after rendering, or was rendered by another version of lia or its rules")
		}
	}
	if c.Signatures == nil {
		return p
	}
	if c.Signatures.Updates != nil {
		p = append(p, c.Signatures.Updates.Error())
	}
	for _, s := range c.Signatures.Signatures {
		for _, chk := range []struct {
			name string
			err  error
		}{{"integrity", s.Integrity}, {"CMS signature", s.CMS}, {"certificate", s.Certificate}} {
			if chk.err != nil {
				p = append(p, fmt.Sprintf("PDF signature %d (%s): %s: %v", s.Index, s.Signer, chk.name, chk.err))
				break
			}
		}
		if requireTrusted && s.OK() && s.Trust != nil {
			p = append(p, fmt.Sprintf("PDF signature %d (%s): %v", s.Index, s.Signer, s.Trust))
		}
	}
	return p
}
