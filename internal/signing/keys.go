package signing

import (
	"crypto/ed25519"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"strings"

	"golang.org/x/crypto/ssh"
)

// ErrIncorrectPassphrase is returned by ParsePrivateKey when the passphrase
// does not decrypt the key.
var ErrIncorrectPassphrase = errors.New("incorrect passphrase")

// ParsePrivateKey reads an Ed25519 private key in OpenSSH format (as lia
// keygen and ssh-keygen -t ed25519 write it) or PKCS#8 PEM. For an encrypted
// key it calls passphrase once; a nil passphrase func makes an encrypted key
// an error, so callers without a terminal fail instead of blocking.
func ParsePrivateKey(pemBytes []byte, passphrase func() ([]byte, error)) (ssh.Signer, error) {
	raw, err := ssh.ParseRawPrivateKey(pemBytes)
	var missing *ssh.PassphraseMissingError
	if errors.As(err, &missing) {
		if passphrase == nil {
			return nil, errors.New("reading private key: the key is encrypted and no passphrase was given")
		}
		pass, perr := passphrase()
		if perr != nil {
			return nil, fmt.Errorf("reading passphrase: %w", perr)
		}
		raw, err = ssh.ParseRawPrivateKeyWithPassphrase(pemBytes, pass)
		if errors.Is(err, x509.IncorrectPasswordError) {
			return nil, fmt.Errorf("reading private key: %w", ErrIncorrectPassphrase)
		}
	}
	if err != nil {
		return nil, fmt.Errorf("reading private key: %w", err)
	}
	var key ed25519.PrivateKey
	switch k := raw.(type) {
	case *ed25519.PrivateKey:
		key = *k
	case ed25519.PrivateKey:
		key = k
	default:
		return nil, fmt.Errorf("reading private key: key type %T is not supported; lia signs with ed25519 keys", raw)
	}
	signer, err := ssh.NewSignerFromKey(key)
	if err != nil {
		return nil, fmt.Errorf("reading private key: %w", err)
	}
	return signer, nil
}

// CheckKeyPermissions refuses a private key file that anyone but its owner
// may read or write, as ssh does: a key others can read is no longer only the
// signer's. Pass the fs.FileInfo's Mode. On Windows, where files have ACLs and
// Go reports every writable file as 0666, only the regular-file check applies.
func CheckKeyPermissions(name string, mode fs.FileMode) error {
	return checkKeyPermissions(name, mode, permissionBits)
}

// checkKeyPermissions is CheckKeyPermissions, with the permission bits
// checked only when bits is set (permissionBits: not on Windows).
func checkKeyPermissions(name string, mode fs.FileMode, bits bool) error {
	if !mode.IsRegular() {
		return fmt.Errorf("%s is not a regular file", name)
	}
	if perm := mode.Perm(); bits && perm&0o077 != 0 {
		return fmt.Errorf("permissions %04o for %s are too open; run chmod 600 %s", uint32(perm), name, name)
	}
	return nil
}

// GenerateKey makes an Ed25519 key pair. privatePEM is the OpenSSH private key
// file (encrypted with bcrypt-pbkdf and aes256-ctr, as ssh-keygen does, when
// passphrase is not empty); authorizedKey is the public key line for PATH.pub
// and allowed-signers files, "ssh-ed25519 AAAA... comment\n".
func GenerateKey(rand io.Reader, comment string, passphrase []byte) (privatePEM, authorizedKey []byte, err error) {
	if strings.ContainsAny(comment, "\r\n") {
		return nil, nil, errors.New("generating key: comment must be one line")
	}
	pub, priv, err := ed25519.GenerateKey(rand)
	if err != nil {
		return nil, nil, fmt.Errorf("generating key: %w", err)
	}
	sshPub, err := ssh.NewPublicKey(pub)
	if err != nil {
		return nil, nil, fmt.Errorf("generating key: %w", err)
	}
	var block *pem.Block
	if len(passphrase) == 0 {
		block, err = ssh.MarshalPrivateKey(priv, comment)
	} else {
		block, err = ssh.MarshalPrivateKeyWithPassphrase(priv, comment, passphrase)
	}
	if err != nil {
		return nil, nil, fmt.Errorf("generating key: %w", err)
	}
	line := strings.TrimSuffix(string(ssh.MarshalAuthorizedKey(sshPub)), "\n")
	if comment != "" {
		line += " " + comment
	}
	return pem.EncodeToMemory(block), []byte(line + "\n"), nil
}
