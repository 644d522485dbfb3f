package trust

import (
	"fmt"
	"net/mail"
	"slices"
	"strings"
	"sync"
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
	Unchecked      Status = iota // not verified: counted as written (Unverified)
	Untrusted                    // verifies, but no allowed signers were given to trust the key
	Trusted                      // verifies, and the allowed signers trust the key for the signer
	UnknownSigner                // verifies, but the allowed signers do not trust the key for the signer
	RoleNotAllowed               // verifies and the key is trusted, but RoleSigners bind the role to others
	Invalid                      // does not verify, or breaks a rule (role, signer, date, one key counts once)
)

// Formats of a signature that verifies (Check.Format).
const (
	// FormatCurrent: the signature covers the record and its entry's claims.
	FormatCurrent = signing.MessageFormat
	// FormatLegacy: the signature covers the canonical record alone, as lia
	// 0.1 signed; the entry's role, signer, signed_at and key are not covered.
	FormatLegacy = "legacy"
)

// LegacyNote is what lia says about a signature in FormatLegacy.
const LegacyNote = "signed the old way: role, signer and date are not covered; re-sign with this lia"

// LegacySignerNote is what lia adds when a signature in FormatLegacy fails
// because its signer is not "Name <email>" (lia 0.1 took a bare address).
const LegacySignerNote = "it was signed the old way (lia 0.1), which took such a signer; it never counts until it is signed again with this lia"

// ResignHint says how to replace signature n (from 1) of file, made in
// FormatLegacy by a key that lia sign would now refuse as having signed.
func ResignHint(file string, n int, role string) string {
	if !IsRole(role) {
		role = "ROLE"
	}
	return fmt.Sprintf("to sign again with this lia, remove signature %d (its entry under signatures:) from %s, then run: lia sign %s --key KEY --role %s --signer \"Name <email>\"", n, file, file, role)
}

// legacyVerifies reports whether s is a signature in FormatLegacy, by the
// key its entry names, over canon.
func legacyVerifies(s assessment.Signature, canon []byte) bool {
	pub, err := signing.Verify([]byte(s.Signature), Namespace, canon)
	return err == nil && signing.Fingerprint(pub) == s.Key
}

// Check is the verdict on one signature entry. Its JSON form is part of lia
// verify --format json.
type Check struct {
	Index    int    `json:"index"` // from 1
	Signer   string `json:"signer"`
	Role     string `json:"role"`
	Key      string `json:"key"`
	SignedAt string `json:"signed_at"`
	Valid    bool   `json:"valid"` // the signature verifies over what it covers (Format)
	// Trusted: and the allowed signers trust its key for the signer (and,
	// when RoleSigners bind its role, the signer for the role).
	Trusted bool `json:"trusted"`
	// Format is what a valid signature covers: FormatCurrent, or
	// FormatLegacy, whose role never counts towards a Policy. It is also
	// FormatLegacy for a signature that verifies that way but fails because
	// of its signer (LegacySignerNote); Valid is then false.
	Format string `json:"format,omitempty"`
	// SignerKey is the fingerprint of the key that made the signature: Key's,
	// or for an OpenSSH certificate the key it certifies. Signers are counted
	// by it. "" when the signature could not be read.
	SignerKey  string   `json:"signer_key,omitempty"`
	Principals []string `json:"principals,omitempty"`
	Problem    string   `json:"problem,omitempty"` // why the signature fails; "" when it holds
	// Warnings are doubts that do not fail the signature (a date before the assessment).
	Warnings []string `json:"warnings,omitempty"`
	// Field is the entry's field that Problem concerns: "signature" (the
	// default), "signed_at" (a date in the future), "signer" (CheckSigner)
	// or "role" (RoleSigners).
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
// the time their dates are compared with too, and their roles against Roles.
// With Allowed nil, signatures are verified but not trusted.
type Keyring struct {
	Allowed *AllowedSigners
	Now     time.Time
	Roles   RoleSigners // nil: roles are the signers' own claims
}

// Verify checks every signature of rec over its record and claims.
func (k Keyring) Verify(q *assessment.Questionnaire, rec *assessment.Record) ([]Check, error) {
	// The canonical form is written once into a buffer that the verifier
	// goroutines reuse: no check keeps it once the signatures are checked.
	bp := canonBuffers.Get().(*[]byte)
	canon, err := rec.AppendCanonical((*bp)[:0], q)
	if err != nil {
		canonBuffers.Put(bp)
		return nil, err
	}
	out := k.Check(rec, canon)
	*bp = canon[:0]
	canonBuffers.Put(bp)
	return out, nil
}

// canonBuffers holds the buffers Verify writes canonical records in.
var canonBuffers = sync.Pool{New: func() any { b := make([]byte, 0, 32<<10); return &b }}

// Check checks every signature of rec, whose canonical form is canon.
func (k Keyring) Check(rec *assessment.Record, canon []byte) []Check {
	out := make([]Check, len(rec.Signatures))
	first := map[string]int{} // the first signature by each signer key
	for i, s := range rec.Signatures {
		c := Check{Index: i + 1, Signer: s.Signer, Role: s.Role, Key: s.Key, SignedAt: s.SignedAt, Field: "signature"}
		c.Problem = k.checkOne(&c, s, rec.Metadata.AssessedOn, canon)
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
		case c.Valid && !c.Duplicate && c.Field == "role":
			c.Status = RoleNotAllowed
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

func (k Keyring) checkOne(c *Check, s assessment.Signature, assessedOn string, canon []byte) string {
	if !IsRole(s.Role) {
		return fmt.Sprintf("unknown role %q (allowed: %s)", s.Role, strings.Join(Roles, ", "))
	}
	email, err := parseSigner(s.Signer)
	if err != nil {
		c.Field = "signer"
		if legacyVerifies(s, canon) {
			// lia 0.1 took a bare address: say so, since the fix is to
			// sign again, not to edit the entry.
			c.Format = FormatLegacy
			return fmt.Sprintf("signer %q is not \"Name <email>\"; %s", s.Signer, LegacySignerNote)
		}
		return err.Error()
	}
	at, err := time.Parse(time.RFC3339, s.SignedAt)
	if err != nil {
		return fmt.Sprintf("signed_at %q is not an RFC 3339 time", s.SignedAt)
	}
	if at.After(k.Now.Add(ClockSkew)) {
		c.Field = "signed_at"
		return fmt.Sprintf("signed at %s, later than now (%s); a signature cannot be dated in the future",
			s.SignedAt, k.Now.UTC().Truncate(time.Second).Format(time.RFC3339))
	}
	if day := at.UTC().Format("2006-01-02"); assessedOn != "" && day < assessedOn {
		c.Warnings = append(c.Warnings, fmt.Sprintf("signed on %s, before the assessment date %s", day, assessedOn))
	}
	pub, format, err := verifyEntry(s, canon)
	if err != nil {
		// Say which key signed when the entry names another: the claims
		// include the key, so such a signature never verifies.
		if sig, perr := signing.ParseSignature([]byte(s.Signature)); perr == nil {
			if fp := signing.Fingerprint(sig.PublicKey); fp != s.Key {
				return fmt.Sprintf("the signature was made by key %s, but the entry names key %s", fp, s.Key)
			}
		}
		return "signature does not verify: " + err.Error() +
			" (the record, or the entry's role, signer, signed_at or key, changed after signing, or the signature is damaged)"
	}
	fp := signing.Fingerprint(pub)
	if fp != s.Key {
		return fmt.Sprintf("the signature was made by key %s, but the entry names key %s", fp, s.Key)
	}
	c.Valid = true
	c.Format = format
	c.SignerKey = fp
	if cert, ok := pub.(*ssh.Certificate); ok {
		c.SignerKey = signing.Fingerprint(signerKey(cert))
	}
	if k.Allowed == nil {
		if _, bound := k.Roles.bound(s.Role); bound {
			// Fail closed: a bound role needs the signer trusted first.
			c.Field = "role"
			return fmt.Sprintf("role %s is bound to principals (%s), but no allowed signers were given to trust the signer", s.Role, roleSignersOption)
		}
		return ""
	}
	signers := k.Allowed.Signers
	principals, err := signing.Match(signers, pub, Namespace, k.Now)
	if err != nil {
		return "key not trusted: " + err.Error()
	}
	c.Principals = principals
	if err := signing.MatchIdentity(signers, pub, Namespace, email, k.Now); err != nil {
		return fmt.Sprintf("signer claims %s, but the allowed signers list this key only for %s", email, strings.Join(principals, ", "))
	}
	if p := k.Roles.roleProblem(s.Role, email, principals); p != "" {
		c.Field = "role"
		return p
	}
	c.Trusted = true
	return ""
}

// Claims returns what signature entry s claims about itself, as its
// signature covers them.
func Claims(s assessment.Signature) signing.Claims {
	return signing.Claims{Key: s.Key, Role: s.Role, SignedAt: s.SignedAt, Signer: s.Signer}
}

// Message returns the bytes a signature entry s of a record whose canonical
// form is canon covers in FormatCurrent: the record and s's claims
// (signing.Message).
func Message(canon []byte, s assessment.Signature) ([]byte, error) {
	return signing.Message(canon, Claims(s))
}

// verifyEntry verifies s over the message of the current format and, only
// when that fails, over the canonical record alone (lia 0.1), so that a good
// signature is verified once. The two never both verify: a record's
// canonical form cannot be a message of the current format (a record has no
// "claims" or "format" member). The error is the current format's.
func verifyEntry(s assessment.Signature, canon []byte) (ssh.PublicKey, string, error) {
	// The message is its head (the claims), the canonical form and a brace:
	// hashing the three in turn spares copying the record into a message
	// for each signature. The head's buffer is reused.
	bp := headBuffers.Get().(*[]byte)
	defer headBuffers.Put(bp)
	if err := signing.CheckRecord(canon); err != nil {
		return nil, "", err
	}
	head, err := signing.AppendMessageHead((*bp)[:0], Claims(s))
	if err != nil {
		return nil, "", err
	}
	*bp = head[:0]
	sig := []byte(s.Signature)
	pub, err := signing.VerifyParts(sig, Namespace, head, canon, []byte(signing.MessageTail))
	if err == nil {
		return pub, FormatCurrent, nil
	}
	if pub, lerr := signing.Verify(sig, Namespace, canon); lerr == nil {
		return pub, FormatLegacy, nil
	}
	return nil, "", err
}

// headBuffers holds the buffers verifyEntry writes message heads in;
// nothing keeps a head once its signature is verified.
var headBuffers = sync.Pool{New: func() any { return new([]byte) }}

// Covered returns the bytes signature entry s of a record whose canonical
// form is canon covers: its FormatCurrent message, or canon itself when s
// verifies only over that (FormatLegacy). A signature that verifies in
// neither format is given its FormatCurrent message, the bytes it should
// cover (and those to sign when the entry is written first, as with
// ssh-keygen -Y sign).
func Covered(canon []byte, s assessment.Signature) ([]byte, string, error) {
	msg, err := Message(canon, s)
	if err != nil {
		return nil, "", err
	}
	sig := []byte(s.Signature)
	if _, err := signing.Verify(sig, Namespace, msg); err != nil {
		if _, err := signing.Verify(sig, Namespace, canon); err == nil {
			return canon, FormatLegacy, nil
		}
	}
	return msg, FormatCurrent, nil
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
	// Legacy maps a missing role to the first counted signature (from 1)
	// that claims it in FormatLegacy, which does not cover the role.
	Legacy map[string]int
}

// Count adds up checks under p: a Trusted or Unchecked signature counts, once
// per signer key (or, when that is unknown, per key the entry names), with
// the role of that key's first such entry, unless that entry is in
// FormatLegacy, whose role is not covered by its signature: it counts as a
// signer, never as a role.
func (p Policy) Count(checks []Check) Tally {
	keys := map[string]bool{}
	roles := map[string]bool{}
	legacy := map[string]int{}
	for _, c := range checks {
		id := c.SignerKey
		if id == "" {
			id = c.Key
		}
		if c.Status != Trusted && c.Status != Unchecked || keys[id] {
			continue
		}
		keys[id] = true
		if c.Format != FormatLegacy {
			roles[c.Role] = true
		} else if legacy[c.Role] == 0 {
			legacy[c.Role] = c.Index
		}
	}
	t := Tally{Signers: len(keys)}
	for _, r := range p.Roles {
		if !roles[r] {
			t.MissingRoles = append(t.MissingRoles, r)
			if i := legacy[r]; i > 0 {
				if t.Legacy == nil {
					t.Legacy = map[string]int{}
				}
				t.Legacy[r] = i
			}
		}
	}
	return t
}

// Why explains a missing role that a legacy signature claims, as
// " (signature N claims it, ...)"; "" for another role.
func (t Tally) Why(role string) string {
	if i := t.Legacy[role]; i > 0 {
		return fmt.Sprintf(" (signature %d claims it, but was signed the old way, which does not cover its role)", i)
	}
	return ""
}
