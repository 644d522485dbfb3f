package main

import (
	"crypto/x509"
	"errors"
	"fmt"
	"github.com/lia-project/lia/internal/safetext"
	"io"
	"time"

	"github.com/lia-project/lia/internal/assessment"
	"github.com/lia-project/lia/internal/pdfsig"
	"github.com/lia-project/lia/internal/report"
)

// maxPDFBytes bounds the PDFs lia verify reads; a lia report is about 100 KB.
const maxPDFBytes = 64 << 20

// pdfCheck is the JSON output of lia verify for a PDF: the base against a
// fresh render, what follows the base, and each PDF signature.
type pdfCheck struct {
	Matches        bool           `json:"matches"`
	Problem        string         `json:"problem,omitempty"`
	Base           string         `json:"base"`
	Layout         int            `json:"layout"`
	RendererLayout int            `json:"renderer_layout"`
	Updates        string         `json:"updates_problem,omitempty"`
	Signatures     []pdfSignature `json:"pdf_signatures"`
	problems       []string
	unreadable     bool // the structure could not be read, so signatures are unknown
}

// pdfSignature is one PDF signature's checks, each "ok" or what failed.
type pdfSignature struct {
	Index       int    `json:"index"`
	Field       string `json:"field"`
	Signer      string `json:"signer"`
	Subject     string `json:"subject"`
	Issuer      string `json:"issuer"`
	Fingerprint string `json:"certificate_sha256"`
	Role        string `json:"role,omitempty"`
	Reason      string `json:"reason,omitempty"`
	Location    string `json:"location,omitempty"`
	SignedAt    string `json:"signed_at,omitempty"`
	NotAfter    string `json:"certificate_expires,omitempty"`
	SignedBytes int    `json:"signed_bytes"`
	Integrity   string `json:"integrity"`
	CMS         string `json:"cms"`
	Certificate string `json:"certificate"`
	Trust       string `json:"trust"`
	Trusted     bool   `json:"trusted"`
	OK          bool   `json:"ok"`
}

func okOr(err error) string {
	if err == nil {
		return "ok"
	}
	return safetext.Text(err.Error())
}

// verifyPDF checks a PDF from lia report: the embedded record is extracted
// and parsed, the PDF signatures verified (chained to roots when given),
// and the base compared with what lia report renders from the record. A
// draft matches only as a draft, which is a problem: a draft is not an
// approved assessment.
func (a *app) verifyPDF(path string, roots *x509.CertPool, requireTrusted bool) (*assessment.Record, *pdfCheck, error) {
	cat, err := a.catalog()
	if err != nil {
		return nil, nil, err
	}
	data, err := readPDF(path)
	if err != nil {
		return nil, nil, err
	}
	c, err := report.CheckPDF(cat, data, path+" (embedded record)", a.limits, pdfsig.VerifyOptions{Roots: roots, Now: a.now()})
	if err != nil {
		var errs assessment.Errors
		if errors.As(err, &errs) {
			return nil, nil, failErr("", err)
		}
		return nil, nil, failErr("lia verify checks PDFs written by lia report", fmt.Errorf("%s: %w", path, err))
	}
	check := &pdfCheck{Base: c.Base, Layout: c.Layout, RendererLayout: report.LayoutVersion, Signatures: []pdfSignature{}}
	for _, p := range c.Problems(requireTrusted) {
		check.problems = append(check.problems, safetext.Text(p))
	}
	check.Matches = c.Base == report.PDFMatches
	check.unreadable = c.Signatures == nil
	if !check.Matches && c.Base != report.PDFOtherLayout && len(check.problems) > 0 {
		check.Problem = check.problems[0]
	}
	if c.Signatures != nil {
		if c.Signatures.Updates != nil {
			check.Updates = safetext.Text(c.Signatures.Updates.Error())
		}
		for _, s := range c.Signatures.Signatures {
			ps := pdfSignature{
				Index: s.Index, Field: safetext.Text(s.Field), Signer: safetext.Text(s.Signer), Subject: safetext.Text(s.Subject),
				Issuer: safetext.Text(s.Issuer), Fingerprint: s.Fingerprint, Role: safetext.Text(s.Role), Reason: safetext.Text(s.Reason),
				Location: safetext.Text(s.Location), SignedBytes: s.SignedBytes,
				Integrity: okOr(s.Integrity), CMS: okOr(s.CMS), Certificate: okOr(s.Certificate), Trust: okOr(s.Trust),
				Trusted: s.Trust == nil, OK: s.OK() && (s.Trust == nil || !requireTrusted),
			}
			if !s.SigningTime.IsZero() {
				ps.SignedAt = s.SigningTime.UTC().Format(time.RFC3339)
			}
			if !s.NotAfter.IsZero() {
				ps.NotAfter = s.NotAfter.UTC().Format(time.RFC3339)
			}
			check.Signatures = append(check.Signatures, ps)
		}
	}
	return c.Record, check, nil
}

// writePDFText prints the PDF checks, each on its own line.
func writePDFText(a *app, file string, c *pdfCheck, caGiven bool) {
	w := a.io.Out
	switch c.Base {
	case report.PDFMatches:
		fmt.Fprintf(w, "%s: the PDF is exactly what lia report renders from its embedded record\n", file)
	case report.PDFOtherLayout:
		fmt.Fprintf(w, "%s: rendered with report layout %d; this lia renders layout %d, so the pages were not compared with a fresh render\n", file, c.Layout, c.RendererLayout)
		if len(c.Signatures) > 0 {
			a.notef("%s: relying on the PDF signatures, which cover the pages as rendered, and on the embedded record's signatures", file)
		} else {
			a.warnf("%s: the pages themselves are not verified, only the embedded record and its signatures; a lia with report layout %d renders them for comparison", file, c.Layout)
		}
	default:
		fmt.Fprintf(w, "%s: FAIL: %s\n", file, c.Problem)
	}
	switch {
	case c.Updates != "":
		fmt.Fprintf(w, "%s: FAIL: %s\n", file, c.Updates)
	case len(c.Signatures) > 0:
		fmt.Fprintf(w, "%s: nothing but %d PDF signature(s) follows the report\n", file, len(c.Signatures))
	}
	for _, s := range c.Signatures {
		status := "ok"
		switch {
		case !s.OK:
			status = "FAIL"
		case !s.Trusted:
			status = "ok (untrusted)"
		}
		role := ""
		if s.Role != "" {
			role = " (" + s.Role + ")"
		}
		fmt.Fprintf(w, "PDF signature %d: %s: %s%s, signed %s, certificate %s issued by %s\n", s.Index, status, s.Signer, role, orDash(s.SignedAt), s.Fingerprint, s.Issuer)
		if s.Reason != "" || s.Location != "" {
			fmt.Fprintf(w, "  reason:      %s%s\n", orDash(s.Reason), map[bool]string{true: ", location " + s.Location}[s.Location != ""])
		}
		detail := func(v, ok string) string {
			if v == "ok" {
				return "ok: " + ok
			}
			return "FAIL: " + v
		}
		fmt.Fprintf(w, "  integrity:   %s\n", detail(s.Integrity, fmt.Sprintf("the %d signed bytes are the whole file up to this signature but the signature itself", s.SignedBytes)))
		fmt.Fprintf(w, "  signature:   %s\n", detail(s.CMS, "the CMS signature, message digest and signing-certificate-v2 check out"))
		fmt.Fprintf(w, "  certificate: %s\n", detail(s.Certificate, "valid at the signing time (expires "+s.NotAfter+"), key usage allows signing"))
		trust := detail(s.Trust, "the certificate chains to a --ca root")
		if !caGiven {
			trust = "not checked: certificate not trusted, no --ca given"
		}
		fmt.Fprintf(w, "  trust:       %s\n", trust)
	}
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// loadRoots reads the --ca file.
func loadRoots(path string) (*x509.CertPool, error) {
	f, err := openRegular(path)
	if err != nil {
		return nil, usageErr("", "%v", err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, 16<<20))
	if err != nil {
		return nil, usageErr("", "reading %s: %v", path, err)
	}
	pool, err := pdfsig.LoadRoots(data)
	if err != nil {
		return nil, usageErr("give a PEM file with the certificates of the authorities you trust", "%s: %v", path, err)
	}
	return pool, nil
}
