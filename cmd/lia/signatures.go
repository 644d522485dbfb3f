package main

// Signature rules, shared by sign, verify and validate:
//   - a signature covers the canonical form: the record without signatures, as
//     RFC 8785 JSON (lia canonical prints it), in the SSHSIG namespace lia-assessment;
//   - the entry's key field must be the fingerprint of the key that made the signature;
//   - with an allowed-signers file the key must be listed for the namespace at the
//     signing time, and the signer's e-mail must be one of the principals listed for it;
//   - anything that cannot be checked fails; nothing is trusted by default.

import (
	"fmt"
	"net/mail"
	"os"
	"strings"
	"time"

	"github.com/lia-project/lia/internal/assessment"
	"github.com/lia-project/lia/internal/signing"
)

// Signing roles.
var signRoles = []string{"assessor", "dpo", "approver"}

// canonicalBytes returns the bytes a record's signatures cover.
func canonicalBytes(q *assessment.Questionnaire, rec *assessment.Record) ([]byte, error) {
	tree, err := rec.Tree(q)
	if err != nil {
		return nil, err
	}
	return signing.Canonicalize(tree)
}

// sigCheck is the verdict on one signature entry.
type sigCheck struct {
	Index      int      `json:"index"`
	Signer     string   `json:"signer"`
	Role       string   `json:"role"`
	Key        string   `json:"key"`
	SignedAt   string   `json:"signed_at"`
	Valid      bool     `json:"valid"`
	Trusted    bool     `json:"trusted"`
	Principals []string `json:"principals,omitempty"`
	Problem    string   `json:"problem,omitempty"`
}

// checkSignatures verifies every signature over canon. Without allowed signers
// (signers == nil) a valid signature is reported but not trusted.
func checkSignatures(sigs []assessment.Signature, canon []byte, signers []signing.AllowedSigner) []sigCheck {
	out := make([]sigCheck, len(sigs))
	for i, s := range sigs {
		c := sigCheck{Index: i + 1, Signer: s.Signer, Role: s.Role, Key: s.Key, SignedAt: s.SignedAt}
		c.Problem = checkOne(&c, s, canon, signers)
		out[i] = c
	}
	return out
}

func checkOne(c *sigCheck, s assessment.Signature, canon []byte, signers []signing.AllowedSigner) string {
	if !contains(signRoles, s.Role) {
		return fmt.Sprintf("unknown role %q (allowed: %s)", s.Role, strings.Join(signRoles, ", "))
	}
	at, err := time.Parse(time.RFC3339, s.SignedAt)
	if err != nil {
		return fmt.Sprintf("signed_at %q is not an RFC 3339 time", s.SignedAt)
	}
	pub, err := signing.Verify([]byte(s.Signature), signing.Namespace, canon)
	if err != nil {
		return "signature does not verify: " + err.Error() + " (the record changed after signing, or the signature is damaged)"
	}
	if fp := signing.Fingerprint(pub); fp != s.Key {
		return fmt.Sprintf("the signature was made by key %s, but the entry names key %s", fp, s.Key)
	}
	c.Valid = true
	if signers == nil {
		return ""
	}
	principals, err := signing.Match(signers, pub, signing.Namespace, at)
	if err != nil {
		return "key not trusted: " + err.Error()
	}
	c.Principals = principals
	email := signerEmail(s.Signer)
	if email == "" {
		return fmt.Sprintf("signer %q has no e-mail address to match against the allowed signers", s.Signer)
	}
	for _, p := range principals {
		if strings.EqualFold(p, email) {
			c.Trusted = true
			return ""
		}
	}
	return fmt.Sprintf("signer claims %s, but the allowed signers list this key only for %s", email, strings.Join(principals, ", "))
}

// signerEmail extracts the address from "Name <email>" or a bare address.
func signerEmail(s string) string {
	if a, err := mail.ParseAddress(s); err == nil {
		return a.Address
	}
	return ""
}

// loadAllowedSigners reads an OpenSSH/git allowed-signers file.
func (a *app) loadAllowedSigners(path string) ([]signing.AllowedSigner, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, failErr("", fmt.Errorf("reading allowed signers: %w", err))
	}
	defer f.Close()
	if fi, err := f.Stat(); err == nil && fi.Size() > a.limits.MaxBytes {
		return nil, failErr("", fmt.Errorf("%s: file is larger than the limit of %d bytes", path, a.limits.MaxBytes))
	}
	signers, err := signing.ParseAllowedSigners(f, path)
	if err != nil {
		return nil, failErr("see 'man ssh-keygen', section ALLOWED SIGNERS, for the format", err)
	}
	if len(signers) == 0 {
		return nil, failErr("add a line: EMAIL namespaces=\"lia-assessment\" ssh-ed25519 AAAA...", fmt.Errorf("%s lists no signers", path))
	}
	return signers, nil
}

func contains(xs []string, s string) bool {
	for _, x := range xs {
		if x == s {
			return true
		}
	}
	return false
}
