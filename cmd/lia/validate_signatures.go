package main

// This file holds lia validate's signature rules. The rules it keeps:
//   - without --allowed-signers, signatures are counted but not verified, and
//     the output says so; a CI job that must trust them gives the file;
//   - with --allowed-signers, only signatures that verify count towards
//     --require-signatures and --require-role, and every one that does not is
//     an error;
//   - cryptography is verify's (checkSignatures in signatures.go), behind
//     verifySignatures so that tests can fake it.

import (
	"fmt"
	"os"
	"time"

	"github.com/lia-project/lia/internal/assessment"
	"github.com/lia-project/lia/internal/signing"
)

// sigStatus is what verification says about one signature.
type sigStatus int

const (
	sigUnchecked     sigStatus = iota // no allowed signers given: only counted
	sigValid                          // verifies and the key is trusted for the signer
	sigUnknownSigner                  // the key is not in the allowed signers file
	sigInvalid                        // the signature does not verify over the record
)

// sigResult is the verification of rec.Signatures[Index].
type sigResult struct {
	Index  int
	Status sigStatus
	Msg    string // why, for sigUnknownSigner and sigInvalid
}

// allowedSigners is the trust file given with --allowed-signers, parsed once
// per run and shared by the workers (read-only).
type allowedSigners struct {
	Path    string
	Signers []signing.AllowedSigner
	Now     time.Time // trust is judged at this time, as ssh-keygen -Y verify does
}

func loadAllowedSigners(path string) (*allowedSigners, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, usageErr("give an allowed_signers file in OpenSSH's format (see ssh-keygen(1), ALLOWED SIGNERS)",
			"reading allowed signers %s: %w", path, unwrapPathErr(err))
	}
	defer f.Close()
	if fi, err := f.Stat(); err == nil && fi.Size() > assessment.DefaultLimits.MaxBytes {
		return nil, usageErr("", "%s: file is larger than the limit of %d bytes", path, assessment.DefaultLimits.MaxBytes)
	}
	signers, err := signing.ParseAllowedSigners(f, path)
	if err != nil {
		return nil, usageErr("see ssh-keygen(1), section ALLOWED SIGNERS, for the format", "%v", err)
	}
	if len(signers) == 0 {
		return nil, usageErr("add a line: EMAIL namespaces=\"lia-assessment\" ssh-ed25519 AAAA...", "%s lists no signers", path)
	}
	return &allowedSigners{Path: path, Signers: signers, Now: time.Now()}, nil
}

// verifySignatures verifies every signature of rec against the allowed
// signers with lia verify's rules, one sigResult per signature in order. It
// is a variable so that tests can fake it.
var verifySignatures = func(q *assessment.Questionnaire, rec *assessment.Record, allowed *allowedSigners) ([]sigResult, error) {
	canon, err := rec.Canonical(q)
	if err != nil {
		return nil, err
	}
	var out []sigResult
	for i, c := range checkSignatures(rec, canon, allowed.Signers, allowed.Now) {
		r := sigResult{Index: i, Status: sigValid}
		switch {
		case c.Problem == "":
		case c.Duplicate:
			r.Status, r.Msg = sigInvalid, c.Problem
		case c.Valid:
			// The signature is intact but the key is not trusted for the signer.
			r.Status, r.Msg = sigUnknownSigner, c.Problem
		default:
			r.Status, r.Msg = sigInvalid, c.Problem
		}
		out = append(out, r)
	}
	return out, nil
}

// sigPolicy is what the team requires of signatures.
type sigPolicy struct {
	allowed *allowedSigners // nil: count, do not verify
	count   int             // --require-signatures
	roles   []string        // --require-role
}

func (p sigPolicy) active() bool { return p.allowed != nil || p.count > 0 || len(p.roles) > 0 }

// signatureProblems checks rec's signatures against the policy. results holds
// one entry per signature (all sigUnchecked when nothing was verified).
func signatureProblems(rec *assessment.Record, results []sigResult, p sigPolicy) []assessment.Problem {
	var out []assessment.Problem
	problem := func(field, check, format string, args ...any) {
		pos, ok := rec.Position(field)
		if !ok {
			pos = assessment.Pos{Line: 1, Col: 1}
		}
		out = append(out, assessment.Problem{Severity: assessment.SevError, Error: &assessment.Error{
			File: rec.File, Line: pos.Line, Col: pos.Col, Field: field, Check: check, Msg: fmt.Sprintf(format, args...)}})
	}
	// One key counts once, whatever roles its entries claim.
	keys := map[string]bool{}
	roles := map[string]bool{}
	for _, r := range results {
		s := rec.Signatures[r.Index]
		field := fmt.Sprintf("signatures[%d].signature", r.Index)
		switch r.Status {
		case sigUnknownSigner:
			problem(fmt.Sprintf("signatures[%d].signer", r.Index), assessment.CheckUnknownSigner,
				"%s (key %s) is not in the allowed signers file: %s", s.Signer, s.Key, r.Msg)
			continue
		case sigInvalid:
			problem(field, assessment.CheckBadSignature, "the signature of %s does not verify: %s; was the record changed after signing?", s.Signer, r.Msg)
			continue
		}
		if keys[s.Key] {
			continue
		}
		keys[s.Key] = true
		roles[s.Role] = true
	}
	counted := len(keys)
	// Once signatures are verified, only valid ones count, and the message says so.
	what := "signature"
	if p.allowed != nil {
		what = "valid signature"
	}
	if counted < p.count {
		problem("signatures", assessment.CheckMissingSignature, "missing signature: %d %ss, the policy requires %d; sign with: lia sign %s --key KEY",
			counted, what, p.count, rec.File)
	}
	for _, role := range p.roles {
		if !roles[role] {
			problem("signatures", assessment.CheckMissingRole, "missing signature: no %s with role %s; sign with: lia sign %s --key KEY --role %s",
				what, role, rec.File, role)
		}
	}
	return out
}

// applySignaturePolicy verifies (when the policy has allowed signers) and applies the policy.
func applySignaturePolicy(cat *assessment.Catalog, rec *assessment.Record, p sigPolicy) ([]assessment.Problem, error) {
	if !p.active() {
		return nil, nil
	}
	var results []sigResult
	if p.allowed != nil {
		var err error
		if results, err = verifySignatures(cat.Questionnaire, rec, p.allowed); err != nil {
			return nil, err
		}
	} else {
		for i := range rec.Signatures {
			results = append(results, sigResult{Index: i, Status: sigUnchecked})
		}
	}
	return signatureProblems(rec, results, p), nil
}
