package gen

import (
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"strings"

	"golang.org/x/crypto/ssh"

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
