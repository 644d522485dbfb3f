package trust

import (
	"fmt"
	"net/mail"
	"slices"
	"strings"
	"time"

	"github.com/lia-project/lia/internal/assessment"
	"github.com/lia-project/lia/internal/signing"
	"golang.org/x/crypto/ssh"
)

// Namespace is the SSHSIG namespace of record signatures.
const Namespace = signing.Namespace

// ClockSkew is how far signed_at may be ahead of the verifier's clock.
const ClockSkew = 5 * time.Minute

// Roles are the roles a signer can claim.
var Roles = []string{"assessor", "dpo", "approver"}

// IsRole reports whether role is one of Roles.
func IsRole(role string) bool { return slices.Contains(Roles, role) }

// SignerEmail returns the address in "Name <email>" or a bare address, and ""
// when s holds none.
func SignerEmail(s string) string {
	if a, err := mail.ParseAddress(s); err == nil {
		return a.Address
	}
	return ""
}

// Status is what verification says about one signature.
type Status int

const (
	Unchecked     Status = iota // not verified: counted as written (Unverified)
	Untrusted                   // verifies, but no allowed signers were given to trust the key
	Trusted                     // verifies, and the allowed signers trust the key for the signer
	UnknownSigner               // verifies, but the allowed signers do not trust the key for the signer
	Invalid                     // does not verify, or breaks a rule (role, date, one key counts once)
)

// Check is the verdict on one signature entry. Its JSON form is part of lia
// verify --format json.
type Check struct {
	Index    int    `json:"index"` // from 1
	Signer   string `json:"signer"`
	Role     string `json:"role"`
	Key      string `json:"key"`
	SignedAt string `json:"signed_at"`
	Valid    bool   `json:"valid"`   // the signature verifies over the record
	Trusted  bool   `json:"trusted"` // and the allowed signers trust its key for the signer
	// SignerKey is the fingerprint of the key that made the signature: Key's,
	// or for an OpenSSH certificate the key it certifies. Signers are counted
	// by it. "" when the signature could not be read.
	SignerKey  string   `json:"signer_key,omitempty"`
	Principals []string `json:"principals,omitempty"`
	Problem    string   `json:"problem,omitempty"` // why the signature fails; "" when it holds
	// Warnings are doubts that do not fail the signature (a date before the assessment).
	Warnings []string `json:"warnings,omitempty"`
	// Field is the entry's field that Problem concerns: "signature" (the
	// default) or "signed_at" (a date in the future).
	Field string `json:"-"`
	// Duplicate marks a valid signature by a key that already signed.
	Duplicate bool   `json:"duplicate,omitempty"`
	Status    Status `json:"-"`
}

// A Verifier checks a record's signatures: one Check per signature, in order.
// Keyring is lia's; tests can pass another.
type Verifier interface {
	Verify(q *assessment.Questionnaire, rec *assessment.Record) ([]Check, error)
}

// Keyring verifies signatures and judges their keys against Allowed at Now,
// the time their dates are compared with too. With Allowed nil, signatures
// are verified but not trusted.
type Keyring struct {
	Allowed *AllowedSigners
	Now     time.Time
}

// Verify checks every signature of rec over its canonical form.
func (k Keyring) Verify(q *assessment.Questionnaire, rec *assessment.Record) ([]Check, error) {
	canon, err := rec.Canonical(q)
	if err != nil {
		return nil, err
	}
	return k.Check(rec, canon), nil
}

// Check checks every signature of rec over canon, the record's canonical form.
func (k Keyring) Check(rec *assessment.Record, canon []byte) []Check {
	var signers []signing.AllowedSigner
	if k.Allowed != nil {
		signers = k.Allowed.Signers
	}
	out := make([]Check, len(rec.Signatures))
	first := map[string]int{} // the first signature by each signer key
	for i, s := range rec.Signatures {
		c := Check{Index: i + 1, Signer: s.Signer, Role: s.Role, Key: s.Key, SignedAt: s.SignedAt, Field: "signature"}
		c.Problem = checkOne(&c, s, rec.Metadata.AssessedOn, canon, k.Allowed != nil, signers, k.Now)
		if c.Valid {
			if j, seen := first[c.SignerKey]; seen && c.Problem == "" {
				c.Problem = fmt.Sprintf("key %s already signed this record (signature %d); one key counts once, whatever certificate carries it", c.SignerKey, j)
				c.Duplicate = true
			} else if !seen {
				first[c.SignerKey] = i + 1
			}
		}
		switch {
		case c.Problem == "" && c.Trusted:
			c.Status = Trusted
		case c.Problem == "":
			c.Status = Untrusted
		case c.Valid && !c.Duplicate:
			// The signature is intact but the key is not trusted for the signer.
			c.Status = UnknownSigner
		default:
			c.Status = Invalid
		}
		out[i] = c
	}
	return out
}

func checkOne(c *Check, s assessment.Signature, assessedOn string, canon []byte, withTrust bool, signers []signing.AllowedSigner, now time.Time) string {
	if !IsRole(s.Role) {
		return fmt.Sprintf("unknown role %q (allowed: %s)", s.Role, strings.Join(Roles, ", "))
	}
	at, err := time.Parse(time.RFC3339, s.SignedAt)
	if err != nil {
		return fmt.Sprintf("signed_at %q is not an RFC 3339 time", s.SignedAt)
	}
	if at.After(now.Add(ClockSkew)) {
		c.Field = "signed_at"
		return fmt.Sprintf("signed at %s, later than now (%s); a signature cannot be dated in the future",
			s.SignedAt, now.UTC().Truncate(time.Second).Format(time.RFC3339))
	}
	if day := at.UTC().Format("2006-01-02"); assessedOn != "" && day < assessedOn {
		c.Warnings = append(c.Warnings, fmt.Sprintf("signed on %s, before the assessment date %s", day, assessedOn))
	}
	pub, err := signing.Verify([]byte(s.Signature), Namespace, canon)
	if err != nil {
		return "signature does not verify: " + err.Error() + " (the record changed after signing, or the signature is damaged)"
	}
	if fp := signing.Fingerprint(pub); fp != s.Key {
		return fmt.Sprintf("the signature was made by key %s, but the entry names key %s", fp, s.Key)
	}
	c.Valid = true
	c.SignerKey = signing.Fingerprint(signerKey(pub))
	if !withTrust {
		return ""
	}
	principals, err := signing.Match(signers, pub, Namespace, now)
	if err != nil {
		return "key not trusted: " + err.Error()
	}
	c.Principals = principals
	email := SignerEmail(s.Signer)
	if email == "" {
		return fmt.Sprintf("signer %q has no e-mail address to match against the allowed signers", s.Signer)
	}
	if err := signing.MatchIdentity(signers, pub, Namespace, email, now); err != nil {
		return fmt.Sprintf("signer claims %s, but the allowed signers list this key only for %s", email, strings.Join(principals, ", "))
	}
	c.Trusted = true
	return ""
}

// signerKey is the key that made a signature by pub: pub itself, or the key
// an OpenSSH certificate certifies. One key counts once, whatever
// certificates carry it.
func signerKey(pub ssh.PublicKey) ssh.PublicKey {
	if cert, ok := pub.(*ssh.Certificate); ok {
		return cert.Key
	}
	return pub
}

// Unverified returns a Check per signature of rec that only repeats what the
// entry claims, with status Unchecked: for counting signatures without
// allowed signers to verify them against. SignerKey is read from the
// signature, when it can be parsed, without verifying it.
func Unverified(rec *assessment.Record) []Check {
	out := make([]Check, len(rec.Signatures))
	for i, s := range rec.Signatures {
		out[i] = Check{Index: i + 1, Signer: s.Signer, Role: s.Role, Key: s.Key, SignedAt: s.SignedAt, Status: Unchecked}
		if sig, err := signing.ParseSignature([]byte(s.Signature)); err == nil {
			out[i].SignerKey = signing.Fingerprint(signerKey(sig.PublicKey))
		}
	}
	return out
}

// Policy is what a record's signatures must add up to.
type Policy struct {
	Signatures int      // at least this many signers
	Roles      []string // a signer with each of these roles
}

// Tally is what a record's signatures add up to under a Policy.
type Tally struct {
	Signers      int      // signatures that count, one per key
	MissingRoles []string // the policy's roles that no counted signature has, in the policy's order
}

// Count adds up checks under p: a Trusted or Unchecked signature counts, once
// per signer key (or, when that is unknown, per key the entry names), with
// the role of that key's first such entry.
func (p Policy) Count(checks []Check) Tally {
	keys := map[string]bool{}
	roles := map[string]bool{}
	for _, c := range checks {
		id := c.SignerKey
		if id == "" {
			id = c.Key
		}
		if c.Status != Trusted && c.Status != Unchecked || keys[id] {
			continue
		}
		keys[id] = true
		roles[c.Role] = true
	}
	t := Tally{Signers: len(keys)}
	for _, r := range p.Roles {
		if !roles[r] {
			t.MissingRoles = append(t.MissingRoles, r)
		}
	}
	return t
}
