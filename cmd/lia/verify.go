package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/lia-project/lia/internal/assessment"
	"github.com/lia-project/lia/internal/trust"
	"github.com/spf13/cobra"
)

type verifyOptions struct {
	allowedSigners string
	requireRoles   []string
	format         string
}

func newVerifyCmd(a *app) *cobra.Command {
	opts := &verifyOptions{}
	cmd := &cobra.Command{
		Use:   "verify FILE|PDF",
		Short: "Check a record's signatures, or a PDF against its record",
		Long: `Check every signature of a record. With --allowed-signers (the OpenSSH / git
format, namespaces= honoured) each key must be listed for the lia-assessment
namespace and the signer's e-mail must be one of its principals; without it,
signatures are checked cryptographically and reported as untrusted.

One key counts once: a second signature by a key that already signed fails,
and signers are counted by the key that signs, so signatures made under two
OpenSSH certificates for one key are one signer, not two. A signature dated
later than now (beyond 5 minutes of clock skew) fails; one dated before the
assessment date holds, with a warning.

The record must also be complete and its stored result must be what the rules
compute. Given a PDF from lia report, lia extracts the embedded record, verifies
it, and checks that lia report renders exactly the given bytes from it, so one
changed byte anywhere in the PDF is caught.

EXIT STATUS
  0    every check holds
  1    a signature, the record or the PDF failed a check; the output says which
  2    usage error`,
		Example: `  $ lia verify fraud.lia.yaml --allowed-signers allowed_signers
  $ lia verify fraud.lia.yaml --allowed-signers allowed_signers --require-role dpo
  $ lia verify fraud.pdf --allowed-signers allowed_signers`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return verifyRun(a, opts, args[0])
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.allowedSigners, "allowed-signers", "", "trust the keys listed in `FILE` (OpenSSH allowed_signers format)")
	f.StringArrayVar(&opts.requireRoles, "require-role", nil, "require a verified signature with `ROLE` (assessor, dpo, approver); repeatable")
	f.StringVar(&opts.format, "format", "text", "output format: text or json")
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
	OK         bool          `json:"ok"`
}

type pdfCheck struct {
	Matches bool   `json:"matches"`
	Problem string `json:"problem,omitempty"`
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
	cat, err := a.catalog()
	if err != nil {
		return err
	}
	keyring := trust.Keyring{Now: a.now()}
	if opts.allowedSigners != "" {
		if keyring.Allowed, err = trust.LoadAllowedSigners(opts.allowedSigners, a.limits.MaxBytes); err != nil {
			return withCode(exitUsage, err)
		}
	}
	rep := &verifyReport{File: path, Problems: []string{}, Signatures: []trust.Check{}, Trusted: keyring.Allowed != nil}
	head, err := readHead(path, 5)
	if err != nil {
		return failErr("", err)
	}
	var rec *assessment.Record
	if bytes.Equal(head, []byte("%PDF-")) {
		rec, rep.PDF, err = a.verifyPDF(path)
		if err != nil {
			return err
		}
		rep.Record = "embedded in " + path
		if !rep.PDF.Matches {
			rep.Problems = append(rep.Problems, "pdf: "+rep.PDF.Problem)
		}
	} else {
		rec, _, err = a.readRecord(path)
		if err != nil {
			return err
		}
		rep.Record = path
	}
	errs, warns := cat.Check(rec)
	for _, e := range append(errs, warns...) {
		if e.Check == assessment.CheckIrrelevant {
			continue
		}
		rep.Problems = append(rep.Problems, "record: "+e.Error())
	}
	canon, err := rec.Canonical(cat.Questionnaire)
	if err != nil {
		return failErr("", err)
	}
	rep.Signatures = keyring.Check(rec, canon)
	if len(rec.Signatures) == 0 {
		rep.Problems = append(rep.Problems, "the record has no signatures; sign it with: lia sign FILE --key KEY")
	}
	for _, s := range rep.Signatures {
		for _, w := range s.Warnings {
			a.warnf("signature %d: %s", s.Index, w)
		}
		if s.Problem != "" {
			rep.Problems = append(rep.Problems, fmt.Sprintf("signature %d (%s, %s): %s", s.Index, s.Role, s.Signer, s.Problem))
		}
	}
	for _, role := range (trust.Policy{Roles: opts.requireRoles}).Count(rep.Signatures).MissingRoles {
		rep.Problems = append(rep.Problems, fmt.Sprintf("no verified signature with role %s", role))
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
	}
	if !rep.OK {
		return errSilent(exitFail)
	}
	return nil
}

func writeVerifyText(a *app, rep *verifyReport) {
	w := a.io.Out
	if rep.PDF != nil {
		if rep.PDF.Matches {
			fmt.Fprintf(w, "%s: the PDF is exactly what lia report renders from its embedded record\n", rep.File)
		} else {
			fmt.Fprintf(w, "%s: FAIL: %s\n", rep.File, rep.PDF.Problem)
		}
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
		key := s.Key
		if s.SignerKey != "" && s.SignerKey != s.Key {
			key += ", certificate of key " + s.SignerKey
		}
		fmt.Fprintf(w, "signature %d: %s: %s %s, key %s, signed %s%s\n", s.Index, status, s.Role, s.Signer, key, s.SignedAt, detail)
	}
	for _, p := range rep.Problems {
		if !strings.HasPrefix(p, "signature ") {
			fmt.Fprintf(w, "FAIL: %s\n", p)
		}
	}
	switch {
	case !rep.OK:
		fmt.Fprintf(w, "%s: verification FAILED (%d problem(s))\n", rep.File, len(rep.Problems))
	case rep.Trusted:
		fmt.Fprintf(w, "%s: verified: %d signature(s), all by trusted keys\n", rep.File, len(rep.Signatures))
	default:
		fmt.Fprintf(w, "%s: %d signature(s) valid, but untrusted\n", rep.File, len(rep.Signatures))
		a.warnf("no --allowed-signers given: the signatures are intact, but anyone could have made them")
	}
}

// readHead returns up to n bytes from the start of a file.
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
