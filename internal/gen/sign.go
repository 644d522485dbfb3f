package gen

import (
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"strings"
	"time"

	"golang.org/x/crypto/ssh"

	"github.com/lia-project/lia/internal/assessment"
	"github.com/lia-project/lia/internal/signing"
)

// Key returns an Ed25519 key made from seed, and the allowed_signers line
// that trusts it for principal in lia's namespace.
func Key(seed int64, principal string) (ssh.Signer, string, error) {
	var b [8]byte
	binary.BigEndian.PutUint64(b[:], uint64(seed))
	s := sha256.Sum256(append([]byte("lia gen key "), b[:]...))
	signer, err := ssh.NewSignerFromKey(ed25519.NewKeyFromSeed(s[:]))
	if err != nil {
		return nil, "", err
	}
	pub := strings.TrimSpace(string(ssh.MarshalAuthorizedKey(signer.PublicKey())))
	return signer, fmt.Sprintf("%s namespaces=%q %s\n", principal, signing.Namespace, pub), nil
}

// Sign adds a signature by key to rec as lia sign does: over the canonical
// form of the record without its signatures.
func Sign(q *assessment.Questionnaire, rec *assessment.Record, key ssh.Signer, signer, role string, at time.Time) error {
	canon, err := rec.Canonical(q)
	if err != nil {
		return err
	}
	sig, err := signing.Sign(key, signing.Namespace, canon)
	if err != nil {
		return err
	}
	rec.Signatures = append(rec.Signatures, assessment.Signature{
		Signer:    signer,
		Role:      role,
		Key:       signing.Fingerprint(key.PublicKey()),
		SignedAt:  at.UTC().Format(time.RFC3339),
		Signature: string(sig),
	})
	return nil
}
