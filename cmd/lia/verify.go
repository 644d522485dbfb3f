package main

import (
	"bytes"
	"crypto/x509"
	"encoding/json"
	"fmt"
	"github.com/lia-project/lia/internal/safetext"
	"strings"

	"github.com/lia-project/lia/internal/assessment"
	"github.com/lia-project/lia/internal/trust"
	"github.com/spf13/cobra"
)

type verifyOptions struct {
	allowedSigners string
	requireRoles   []string
	roleSigners    []string
	format         string
	ca             string
	requireTrusted bool
}

func newVerifyCmd(a *app) *cobra.Command {
	opts := &verifyOptions{}
	cmd := &cobra.Command{
		Use:   "verify FILE|PDF",
		Short: "Check a record's signatures, or a PDF's signatures and its record",
		Long: `Check every signature of a record. A signature covers the record and its own
entry's claims (role, signer, signed_at, key; format lia-signature/2), so an
entry edited after signing fails. With --allowed-signers (the OpenSSH / git
format, namespaces= honoured) each key must be listed for the lia-assessment
namespace and the signer's e-mail must be one of its principals; without it,
signatures are checked cryptographically and reported as untrusted.

A role is the signer's own claim, made with their key, unless --role-signers
binds it to people: --role-signers dpo=dpo@example.com (repeatable; principals
are allowed_signers patterns, "*" and "!" as there) makes a signature as dpo
hold only when its signer is dpo@example.com, so an assessor's trusted key
signing as dpo fails. Without it the output says that roles are claims.

Signatures made by lia 0.1 cover the record alone, not the entry's claims:
they are reported as legacy ("signed the old way"), with a warning. They still
prove that their key signed the record, and count as signers; but their role
could have been edited, so it never satisfies --require-role. Re-sign with this
lia to fix that: remove the old entry, then lia sign (the hint says which). lia
0.1 also took a bare e-mail address as signer: such a signature fails, and
says it was signed the old way.

One key counts once: a second signature by a key that already signed fails,
and signers are counted by the key that signs, so signatures made under two
OpenSSH certificates for one key are one signer, not two. A signature dated
later than now (beyond 5 minutes of clock skew) fails; one dated before the
assessment date holds, with a warning. A signer that is not "Name <email>", or
has white space around it or control or bidi characters in it, fails.

The record must also be complete and its stored result must be what the rules
compute. Given a PDF from lia report, lia extracts the embedded record, verifies
it, and checks that lia report renders exactly the given bytes from it, so a
change anywhere in the PDF is caught. Compressed streams are compared
decompressed, so a report still verifies when lia was built with another
compressor; a report rendered with another report layout (an older lia) is
said to be so, and then the PDF signatures and the record's signatures are
what is relied on.

A PDF signed with lia sign REPORT.pdf (PAdES) is checked signature by
signature, each check reported on its own line: integrity (the byte range
covers the whole file up to the signature except the signature itself, and
its digest is the signed one), the CMS signature, the certificate (valid at
the signing time, key usage for signing) and trust (the certificate chains
to one of the --ca roots; without --ca it is reported as not trusted). lia
also checks that nothing but signatures follows the report: bytes appended
or an update by another tool fail. A PDF passes with PDF signatures, record
signatures or both, all valid; with neither it fails. --require-trusted
makes an untrusted signature of either kind a failure.

To check a signature without lia, see lia canonical --help (--for-signature).

EXIT STATUS
  0    every check holds
  1    a signature, the record or the PDF failed a check; the output says which
  2    usage error`,
		Example: `  $ lia verify fraud.lia.yaml --allowed-signers allowed_signers
  $ lia verify fraud.lia.yaml --allowed-signers allowed_signers --require-role dpo --role-signers dpo=marc@example.com
  $ lia verify fraud.pdf --allowed-signers allowed_signers
  $ lia verify fraud.pdf --ca company-ca.pem --require-trusted`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return verifyRun(a, opts, args[0])
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.allowedSigners, "allowed-signers", "", "trust the keys listed in `FILE` (OpenSSH allowed_signers format)")
	f.StringArrayVar(&opts.requireRoles, "require-role", nil, "require a verified signature with `ROLE` (assessor, dpo, approver); repeatable")
	f.StringArrayVar(&opts.roleSigners, "role-signers", nil, "only these principals may sign in ROLE: `ROLE=PRINCIPAL[,PRINCIPAL...]` (allowed_signers patterns); repeatable")
	f.StringVar(&opts.format, "format", "text", "output format: text or json")
	f.StringVar(&opts.ca, "ca", "", "for a PDF: trust certificates that chain to the roots in `FILE` (PEM)")
	f.BoolVar(&opts.requireTrusted, "require-trusted", false, "fail unless every signature is trusted (PDF signatures by --ca, record signatures by --allowed-signers)")
	return cmd
}

// verifyReport is the JSON output of lia verify.
type verifyReport struct {
	File       string        `json:"file"`
	Record     string        `json:"record"`
	PDF        *pdfCheck     `json:"pdf,omitempty"`
	Problems   []string      `json:"problems"`
	Signatures []trust.Check `json:"signatures"`
	Trusted    bool          `json:"trusted"`
	// Roles is how roles were judged: "claimed" (no --role-signers),
	// "partly-bound" or "bound".
	Roles string `json:"roles"`
	OK    bool   `json:"ok"`
	ca    bool   // --ca was given
}

func verifyRun(a *app, opts *verifyOptions, path string) error {
	if opts.format != "text" && opts.format != "json" {
		return usageErr("", "unknown format %q; use text or json", opts.format)
	}
	for _, r := range opts.requireRoles {
		if !trust.IsRole(r) {
			return usageErr("", "unknown role %q; use one of %s", r, strings.Join(trust.Roles, ", "))
		}
	}
	if len(opts.requireRoles) > 0 && opts.allowedSigners == "" {
		return usageErr("give --allowed-signers FILE", "--require-role needs --allowed-signers: a role counts only when a trusted key signed it")
	}
	roles, err := parseRoleSigners(opts.roleSigners, opts.allowedSigners)
	if err != nil {
		return err
	}
	cat, err := a.catalog()
	if err != nil {
		return err
	}
	keyring := trust.Keyring{Now: a.now(), Roles: roles}
	if opts.allowedSigners != "" {
		if keyring.Allowed, err = trust.LoadAllowedSigners(opts.allowedSigners, a.limits.MaxBytes); err != nil {
			return withCode(exitUsage, err)
		}
	}
	var roots *x509.CertPool
	if opts.ca != "" {
		if roots, err = loadRoots(opts.ca); err != nil {
			return err
		}
	}
	rep := &verifyReport{File: path, Problems: []string{}, Signatures: []trust.Check{}, Trusted: keyring.Allowed != nil, ca: roots != nil, Roles: roles.Mode()}
	head, err := readHead(path, 5)
	if err != nil {
		return err
	}
	var rec *assessment.Record
	if bytes.Equal(head, []byte("%PDF-")) {
		rec, rep.PDF, err = a.verifyPDF(path, roots, opts.requireTrusted)
		if err != nil {
			return err
		}
		rep.Record = "embedded in " + path
		for _, p := range rep.PDF.problems {
			rep.Problems = append(rep.Problems, "pdf: "+p)
		}
	} else {
		if opts.ca != "" {
			return usageErr("", "--ca checks PDF signatures, and %s is not a PDF", path)
		}
		rec, _, err = a.readRecord(path)
		if err != nil {
			return err
		}
		rep.Record = path
	}
	errs, warns := cat.Check(rec)
	for _, e := range append(errs, warns...) {
		switch e.Check {
		case assessment.CheckIrrelevant:
			continue
		case assessment.CheckStale:
			// A record assessed under older rules is still the record that
			// was signed: verifying it years later must not fail because
			// the rules moved on. lia validate is where freshness is judged.
			a.warnf("record: %s", e.Error())
			continue
		}
		rep.Problems = append(rep.Problems, "record: "+e.Error())
	}
	canon, err := rec.Canonical(cat.Questionnaire)
	if err != nil {
		return failErr("", err)
	}
	rep.Signatures = keyring.Check(rec, canon)
	pdfSigned := rep.PDF != nil && len(rep.PDF.Signatures) > 0
	switch {
	case len(rec.Signatures) == 0 && (pdfSigned || rep.PDF != nil && rep.PDF.unreadable):
		// The PDF signatures stand for the report, or cannot be found in a
		// PDF whose structure is broken, which is a problem already.
	case len(rec.Signatures) == 0 && rep.PDF != nil:
		rep.Problems = append(rep.Problems, "the report has no signatures; sign the record (lia sign FILE --key KEY) and render it again, or sign the PDF (lia sign REPORT.pdf --pkcs12 FILE)")
	case len(rec.Signatures) == 0:
		rep.Problems = append(rep.Problems, "the record has no signatures; sign it with: lia sign FILE --key KEY")
	case opts.requireTrusted && keyring.Allowed == nil:
		rep.Problems = append(rep.Problems, "the record's signatures are not checked against trusted keys: give --allowed-signers FILE (--require-trusted)")
	}
	for _, s := range rep.Signatures {
		for _, w := range s.Warnings {
			a.warnf("signature %d: %s", s.Index, w)
		}
		if s.Problem == "" && s.Format == trust.FormatLegacy {
			a.warnf("signature %d: %s", s.Index, trust.LegacyNote)
		}
		if s.Problem != "" {
			rep.Problems = append(rep.Problems, fmt.Sprintf("signature %d (%s, %s): %s", s.Index, safetext.Text(s.Role), safetext.Text(s.Signer), safetext.Text(s.Problem)))
		}
	}
	tally := (trust.Policy{Roles: opts.requireRoles}).Count(rep.Signatures)
	for _, role := range tally.MissingRoles {
		rep.Problems = append(rep.Problems, safetext.Text(fmt.Sprintf("no verified signature with role %s%s", role, tally.Why(role))))
	}
	rep.OK = len(rep.Problems) == 0
	if opts.format == "json" {
		enc := json.NewEncoder(a.io.Out)
		enc.SetIndent("", "  ")
		if err := enc.Encode(rep); err != nil {
			return err
		}
	} else {
		writeVerifyText(a, rep)
		if note := roles.Note(); note != "" && len(rec.Signatures) > 0 {
			a.notef("%s", note)
		}
		// A signature made the old way is replaced by signing again: say
		// how, for the first that fails, or else the first.
		var legacy *trust.Check
		for i, s := range rep.Signatures {
			if s.Format == trust.FormatLegacy && (legacy == nil || legacy.Problem == "" && s.Problem != "") {
				legacy = &rep.Signatures[i]
			}
		}
		if legacy != nil {
			a.hintf("%s", trust.ResignHint(path, legacy.Index, legacy.Role))
		}
	}
	if !rep.OK {
		return errSilent(exitFail)
	}
	return nil
}

// writeVerifyText prints rep for a reader; every text from the record (role,
// signer, key, date, principals) and the file name pass through safetext.
func writeVerifyText(a *app, rep *verifyReport) {
	w := a.io.Out
	t := safetext.Text
	file := t(rep.File)
	if rep.PDF != nil {
		writePDFText(a, rep.File, rep.PDF, rep.ca)
	}
	for _, s := range rep.Signatures {
		status := "ok"
		detail := ""
		switch {
		case s.Problem != "":
			status, detail = "FAIL", ": "+s.Problem
		case s.Trusted:
			detail = ", principal " + strings.Join(s.Principals, ", ")
		default:
			status, detail = "ok (untrusted)", ", key not checked against any allowed signers"
		}
		if s.Problem == "" && s.Format == trust.FormatLegacy {
			if s.Trusted {
				status = "ok (legacy)"
			} else {
				status = "ok (legacy, untrusted)"
			}
		}
		key := s.Key
		if s.SignerKey != "" && s.SignerKey != s.Key {
			key += ", certificate of key " + s.SignerKey
		}
		fmt.Fprintf(w, "signature %d: %s: %s %s, key %s, signed %s%s\n", s.Index, status, t(s.Role), t(s.Signer), t(key), t(s.SignedAt), t(detail))
	}
	for _, p := range rep.Problems {
		if !strings.HasPrefix(p, "signature ") {
			fmt.Fprintf(w, "FAIL: %s\n", t(p))
		}
	}
	var pdfSigs []pdfSignature
	if rep.PDF != nil {
		pdfSigs = rep.PDF.Signatures
	}
	switch {
	case !rep.OK:
		fmt.Fprintf(w, "%s: verification FAILED (%d problem(s))\n", file, len(rep.Problems))
		return
	case len(rep.Signatures) == 0 && len(pdfSigs) > 0:
		// Only PDF signatures: their summary follows.
	case rep.Trusted:
		fmt.Fprintf(w, "%s: verified: %d signature(s), all by trusted keys%s\n", file, len(rep.Signatures), legacyCount(rep.Signatures))
	default:
		fmt.Fprintf(w, "%s: %d signature(s) valid, but untrusted%s\n", file, len(rep.Signatures), legacyCount(rep.Signatures))
		a.warnf("no --allowed-signers given: the signatures are intact, but anyone could have made them")
	}
	if len(pdfSigs) == 0 {
		return
	}
	trusted := true
	for _, s := range pdfSigs {
		trusted = trusted && s.Trusted
	}
	switch {
	case trusted:
		fmt.Fprintf(w, "%s: verified: %d PDF signature(s), all by certificates that chain to the --ca roots\n", file, len(pdfSigs))
	case !rep.ca:
		fmt.Fprintf(w, "%s: %d PDF signature(s) valid, but untrusted\n", file, len(pdfSigs))
		a.warnf("no --ca given: the PDF signatures are intact, but no certificate was checked against authorities you trust")
	default:
		fmt.Fprintf(w, "%s: %d PDF signature(s) valid, but not all by certificates that chain to the --ca roots\n", file, len(pdfSigs))
	}
}

// legacyCount is ", N signed the old way" when N > 0 signatures are legacy.
func legacyCount(checks []trust.Check) string {
	n := 0
	for _, c := range checks {
		if c.Format == trust.FormatLegacy {
			n++
		}
	}
	if n == 0 {
		return ""
	}
	return fmt.Sprintf(", %d signed the old way", n)
}

// parseRoleSigners reads --role-signers, which needs allowed signers: a role
// is bound to people only once their keys are trusted.
func parseRoleSigners(specs []string, allowedSigners string) (trust.RoleSigners, error) {
	if len(specs) > 0 && allowedSigners == "" {
		return nil, usageErr("give --allowed-signers FILE", "--role-signers needs --allowed-signers: a role is bound to people whose keys are trusted")
	}
	rs, err := trust.ParseRoleSigners(specs)
	if err != nil {
		return nil, usageErr("write --role-signers ROLE=PRINCIPAL[,PRINCIPAL...], for example --role-signers dpo=dpo@example.com", "%v", err)
	}
	return rs, nil
}

// readHead returns up to n bytes from the start of a regular file; its
// errors are openRegular's.
func readHead(path string, n int) ([]byte, error) {
	f, err := openRegular(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	buf := make([]byte, n)
	k, _ := f.Read(buf)
	return buf[:k], nil
}
