package main

// Signature rules, shared by sign, verify and validate:
//   - a signature covers the canonical form: the record without signatures, as
//     RFC 8785 JSON (lia canonical prints it), in the SSHSIG namespace lia-assessment;
//   - the entry's key field must be the fingerprint of the key that made the signature;
//   - with an allowed-signers file the key must be listed for the namespace now (at
//     verification, as ssh-keygen -Y verify does: signed_at is not covered by the
//     signature, so it cannot vouch for a key's validity), and the signer's e-mail
//     must match one of the principal patterns listed for it;
//   - one key counts once: a second entry by the same key fails, so copying an
//     entry cannot add a signer or a role (a role is the signer's claim, made
//     with their key);
//   - a signature dated before the assessment date fails;
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
	// Duplicate marks a valid signature by a key that already signed.
	Duplicate bool `json:"duplicate,omitempty"`
}

// checkSignatures verifies every signature of rec over canon, with trust
// judged at now. Without allowed signers (signers == nil) a valid signature is
// reported but not trusted.
func checkSignatures(rec *assessment.Record, canon []byte, signers []signing.AllowedSigner, now time.Time) []sigCheck {
	out := make([]sigCheck, len(rec.Signatures))
	first := map[string]int{}
	for i, s := range rec.Signatures {
		c := sigCheck{Index: i + 1, Signer: s.Signer, Role: s.Role, Key: s.Key, SignedAt: s.SignedAt}
		c.Problem = checkOne(&c, s, rec.Metadata.AssessedOn, canon, signers, now)
		if j, seen := first[s.Key]; seen && c.Problem == "" {
			c.Problem = fmt.Sprintf("key %s already signed this record (signature %d); one key counts once", s.Key, j)
			c.Duplicate = true
		} else if !seen {
			first[s.Key] = i + 1
		}
		out[i] = c
	}
	return out
}

func checkOne(c *sigCheck, s assessment.Signature, assessedOn string, canon []byte, signers []signing.AllowedSigner, now time.Time) string {
	if !contains(signRoles, s.Role) {
		return fmt.Sprintf("unknown role %q (allowed: %s)", s.Role, strings.Join(signRoles, ", "))
	}
	at, err := time.Parse(time.RFC3339, s.SignedAt)
	if err != nil {
		return fmt.Sprintf("signed_at %q is not an RFC 3339 time", s.SignedAt)
	}
	if day := at.UTC().Format("2006-01-02"); assessedOn != "" && day < assessedOn {
		return fmt.Sprintf("signed on %s, before the assessment date %s", day, assessedOn)
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
	principals, err := signing.Match(signers, pub, signing.Namespace, now)
	if err != nil {
		return "key not trusted: " + err.Error()
	}
	c.Principals = principals
	email := signerEmail(s.Signer)
	if email == "" {
		return fmt.Sprintf("signer %q has no e-mail address to match against the allowed signers", s.Signer)
	}
	if err := signing.MatchIdentity(signers, pub, signing.Namespace, email, now); err != nil {
		return fmt.Sprintf("signer claims %s, but the allowed signers list this key only for %s", email, strings.Join(principals, ", "))
	}
	c.Trusted = true
	return ""
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
		return nil, usageErr("", "reading allowed signers: %v", err)
	}
	defer f.Close()
	if fi, err := f.Stat(); err == nil && fi.Size() > a.limits.MaxBytes {
		return nil, usageErr("", "%s: file is larger than the limit of %d bytes", path, a.limits.MaxBytes)
	}
	signers, err := signing.ParseAllowedSigners(f, path)
	if err != nil {
		return nil, usageErr("see 'man ssh-keygen', section ALLOWED SIGNERS, for the format", "%v", err)
	}
	if len(signers) == 0 {
		return nil, usageErr("add a line: EMAIL namespaces=\"lia-assessment\" ssh-ed25519 AAAA...", "%s lists no signers", path)
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
