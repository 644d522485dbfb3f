package trust

import (
	"fmt"
	"time"

	"github.com/lia-project/lia/internal/assessment"
	"github.com/lia-project/lia/internal/signing"
	"golang.org/x/crypto/ssh"
)

// signedBy returns the entry of rec made with key, directly or under a
// certificate: the entry names its fingerprint, or its signature carries it;
// and its index (from 1).
func signedBy(rec *assessment.Record, key ssh.PublicKey) (assessment.Signature, int, bool) {
	fp := signing.Fingerprint(signerKey(key))
	for _, s := range Unverified(rec) {
		if s.Key == fp || s.SignerKey == fp {
			return rec.Signatures[s.Index-1], s.Index, true
		}
	}
	return assessment.Signature{}, 0, false
}

// Sign signs rec with key as signer ("Name <email>", see CheckSigner) in
// role at time at, and appends the entry. The signature covers the record's
// canonical form and the entry's own claims (Message), so that none of them
// can be edited afterwards. It refuses an unknown role, a signer CheckSigner
// refuses and a key that has already signed rec; its errors have a Hint
// method.
func Sign(q *assessment.Questionnaire, rec *assessment.Record, key ssh.Signer, signer, role string, at time.Time) error {
	if !IsRole(role) {
		return fmt.Errorf("unknown role %q", role)
	}
	if err := CheckSigner(signer); err != nil {
		return hinted(SignerHint, err)
	}
	fp := signing.Fingerprint(key.PublicKey())
	canon, err := rec.Canonical(q)
	if err != nil {
		return err
	}
	if s, n, ok := signedBy(rec, key.PublicKey()); ok {
		if legacyVerifies(s, canon) {
			return hinted(ResignHint(rec.File, n, s.Role), fmt.Errorf("key %s has already signed this record as %s, the old way (lia 0.1)", fp, s.Role))
		}
		return hinted("each signer signs once, with their own key", fmt.Errorf("key %s has already signed this record as %s", fp, s.Role))
	}
	entry := assessment.Signature{
		Signer:   signer,
		Role:     role,
		Key:      fp,
		SignedAt: at.UTC().Truncate(time.Second).Format(time.RFC3339),
	}
	msg, err := Message(canon, entry)
	if err != nil {
		return err
	}
	sig, err := signing.Sign(key, Namespace, msg)
	if err != nil {
		return err
	}
	entry.Signature = string(sig)
	rec.Signatures = append(rec.Signatures, entry)
	return nil
}

// SignerHint is the advice for a signer that CheckSigner refuses.
const SignerHint = `write the signer as "Name <email>", for example "Marc Weber <marc@example.com>", with no other spaces or special characters around it`
