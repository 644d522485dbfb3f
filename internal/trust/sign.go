package trust

import (
	"fmt"
	"time"

	"github.com/lia-project/lia/internal/assessment"
	"github.com/lia-project/lia/internal/signing"
	"golang.org/x/crypto/ssh"
)

// signedBy returns the entry of rec made with key, directly or under a
// certificate: the entry names its fingerprint, or its signature carries it.
func signedBy(rec *assessment.Record, key ssh.PublicKey) (assessment.Signature, bool) {
	fp := signing.Fingerprint(signerKey(key))
	for _, s := range Unverified(rec) {
		if s.Key == fp || s.SignerKey == fp {
			return rec.Signatures[s.Index-1], true
		}
	}
	return assessment.Signature{}, false
}

// Sign signs rec's canonical form with key and appends the entry: signer
// ("Name <email>") in role at time at. It refuses an unknown role, a signer
// without an e-mail address and a key that has already signed rec; its
// errors have a Hint method.
func Sign(q *assessment.Questionnaire, rec *assessment.Record, key ssh.Signer, signer, role string, at time.Time) error {
	if !IsRole(role) {
		return fmt.Errorf("unknown role %q", role)
	}
	if SignerEmail(signer) == "" {
		return fmt.Errorf("signer %q is not \"Name <email>\"", signer)
	}
	fp := signing.Fingerprint(key.PublicKey())
	if s, ok := signedBy(rec, key.PublicKey()); ok {
		return hinted("each signer signs once, with their own key", fmt.Errorf("key %s has already signed this record as %s", fp, s.Role))
	}
	canon, err := rec.Canonical(q)
	if err != nil {
		return err
	}
	sig, err := signing.Sign(key, Namespace, canon)
	if err != nil {
		return err
	}
	rec.Signatures = append(rec.Signatures, assessment.Signature{
		Signer:    signer,
		Role:      role,
		Key:       fp,
		SignedAt:  at.UTC().Truncate(time.Second).Format(time.RFC3339),
		Signature: string(sig),
	})
	return nil
}
