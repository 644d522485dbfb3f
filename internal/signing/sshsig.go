package signing

// SSHSIG rules (OpenSSH PROTOCOL.sshsig), kept so that `ssh-keygen -Y verify`
// accepts what lia writes and lia accepts what `ssh-keygen -Y sign` writes:
//   - the blob is "SSHSIG", uint32 version 1, then the strings publickey,
//     namespace, reserved, hash_algorithm and signature;
//   - the key signs "SSHSIG" followed by the strings namespace, reserved,
//     hash_algorithm and H(message), so a signature made for one namespace
//     never verifies in another;
//   - armor is "-----BEGIN SSH SIGNATURE-----", base64 in lines of 70
//     characters, "-----END SSH SIGNATURE-----", as ssh-keygen writes it;
//   - lia signs with Ed25519 and sha512 only; verification accepts sha256
//     and sha512 and any key type x/crypto/ssh verifies, except RSA with
//     SHA-1 and DSA (ssh-dss, also as a certificate's key or authority),
//     which OpenSSH refuses too: it removed DSA in release 10.0.

import (
	"bytes"
	"crypto/rand"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
	"hash"
	"strings"

	"golang.org/x/crypto/ssh"
)

// Namespace is the SSHSIG namespace of lia's record signatures.
const Namespace = "lia-assessment"

const (
	sigMagic    = "SSHSIG"
	sigVersion  = 1
	armorBegin  = "-----BEGIN SSH SIGNATURE-----"
	armorEnd    = "-----END SSH SIGNATURE-----"
	armorWidth  = 70
	defaultHash = "sha512"
)

// Signature is a parsed SSHSIG blob.
type Signature struct {
	PublicKey     ssh.PublicKey
	Namespace     string
	HashAlgorithm string
	Signature     *ssh.Signature
}

// Sign signs message for namespace with an Ed25519 signer and returns the
// armored SSHSIG, byte for byte what `ssh-keygen -Y sign` writes for the same
// key (Ed25519 signatures are deterministic).
func Sign(signer ssh.Signer, namespace string, message []byte) ([]byte, error) {
	if signer == nil {
		return nil, errors.New("signing: no key")
	}
	pub := signer.PublicKey()
	if pub.Type() != ssh.KeyAlgoED25519 {
		return nil, fmt.Errorf("signing: key type %s is not supported; lia signs with ed25519 keys", pub.Type())
	}
	if namespace == "" {
		return nil, errors.New("signing: empty namespace")
	}
	h, err := messageHash(defaultHash, message)
	if err != nil {
		return nil, err
	}
	sig, err := signer.Sign(rand.Reader, signedData(namespace, defaultHash, h))
	if err != nil {
		return nil, fmt.Errorf("signing: %w", err)
	}
	blob := marshalSignature(&Signature{
		PublicKey:     pub,
		Namespace:     namespace,
		HashAlgorithm: defaultHash,
		Signature:     sig,
	})
	return armor(blob), nil
}

// Verify checks an armored SSHSIG over message and returns the key that made
// it. It says nothing about whether that key is trusted: see Match.
func Verify(armored []byte, namespace string, message []byte) (ssh.PublicKey, error) {
	return VerifyParts(armored, namespace, message)
}

// VerifyParts is Verify over the message made of parts one after the other,
// hashed as they are, without joining them first.
func VerifyParts(armored []byte, namespace string, parts ...[]byte) (ssh.PublicKey, error) {
	sig, err := ParseSignature(armored)
	if err != nil {
		return nil, err
	}
	if sig.Namespace != namespace {
		return nil, fmt.Errorf("signature namespace is %q, expected %q", sig.Namespace, namespace)
	}
	if sig.Signature.Format == ssh.KeyAlgoRSA {
		return nil, errors.New("signature uses rsa with sha-1, which is not accepted")
	}
	//lint:ignore SA1019 named to refuse it, as current OpenSSH does
	if isDSA(sig.PublicKey) || sig.Signature.Format == ssh.KeyAlgoDSA {
		return nil, errDSA
	}
	h, err := messageHash(sig.HashAlgorithm, parts...)
	if err != nil {
		return nil, err
	}
	if err := sig.PublicKey.Verify(signedData(sig.Namespace, sig.HashAlgorithm, h), sig.Signature); err != nil {
		return nil, fmt.Errorf("signature by %s does not match the signed data: %w", Fingerprint(sig.PublicKey), err)
	}
	return sig.PublicKey, nil
}

// ParseSignature decodes an armored SSHSIG without verifying it, strictly:
// anything but the armor lines and base64 between them, surrounding
// whitespace aside, is an error, as are trailing bytes in the blob.
func ParseSignature(armored []byte) (*Signature, error) {
	blob, err := dearmor(armored)
	if err != nil {
		return nil, err
	}
	sig, err := unmarshalSignature(blob)
	if err != nil {
		return nil, fmt.Errorf("parsing signature: %w", err)
	}
	return sig, nil
}

// errDSA refuses DSA keys and signatures, as OpenSSH does since 10.0: DSA
// is limited to 1024-bit keys and SHA-1.
var errDSA = errors.New("ssh-dss (DSA) keys and signatures are not accepted: DSA is weak, and OpenSSH no longer supports it; use an ed25519 key")

// isDSA reports whether pub is a DSA key, or a certificate for one or signed
// by one.
func isDSA(pub ssh.PublicKey) bool {
	if cert, ok := pub.(*ssh.Certificate); ok {
		return isDSA(cert.Key) || cert.SignatureKey != nil && isDSA(cert.SignatureKey)
	}
	//lint:ignore SA1019 named to refuse it, as current OpenSSH does
	return pub.Type() == ssh.KeyAlgoDSA
}

// Fingerprint returns the key's fingerprint as ssh-keygen -l prints it,
// "SHA256:" and unpadded base64.
func Fingerprint(pub ssh.PublicKey) string {
	return ssh.FingerprintSHA256(pub)
}

func messageHash(alg string, message ...[]byte) ([]byte, error) {
	var h hash.Hash
	switch alg {
	case "sha512":
		h = sha512.New()
	case "sha256":
		h = sha256.New()
	default:
		return nil, fmt.Errorf("signature hash algorithm %q is not supported", alg)
	}
	for _, m := range message {
		h.Write(m)
	}
	return h.Sum(nil), nil
}

func signedData(namespace, hashAlg string, h []byte) []byte {
	var b bytes.Buffer
	b.WriteString(sigMagic)
	putString(&b, []byte(namespace))
	putString(&b, nil) // reserved
	putString(&b, []byte(hashAlg))
	putString(&b, h)
	return b.Bytes()
}

func marshalSignature(s *Signature) []byte {
	var b bytes.Buffer
	b.WriteString(sigMagic)
	binary.Write(&b, binary.BigEndian, uint32(sigVersion))
	putString(&b, s.PublicKey.Marshal())
	putString(&b, []byte(s.Namespace))
	putString(&b, nil) // reserved
	putString(&b, []byte(s.HashAlgorithm))
	putString(&b, ssh.Marshal(s.Signature))
	return b.Bytes()
}

func unmarshalSignature(blob []byte) (*Signature, error) {
	if !bytes.HasPrefix(blob, []byte(sigMagic)) {
		return nil, errors.New("not an sshsig blob (bad magic)")
	}
	rest := blob[len(sigMagic):]
	if len(rest) < 4 {
		return nil, errors.New("truncated blob")
	}
	if v := binary.BigEndian.Uint32(rest); v != sigVersion {
		return nil, fmt.Errorf("unsupported sshsig version %d", v)
	}
	rest = rest[4:]
	var fields [5][]byte
	for i := range fields {
		var ok bool
		fields[i], rest, ok = getString(rest)
		if !ok {
			return nil, errors.New("truncated blob")
		}
	}
	if len(rest) != 0 {
		return nil, fmt.Errorf("%d unexpected bytes after the signature", len(rest))
	}
	pub, err := ssh.ParsePublicKey(fields[0])
	if err != nil {
		return nil, fmt.Errorf("public key: %w", err)
	}
	// fields[3] (reserved) is ignored, as PROTOCOL.sshsig asks.
	var sig ssh.Signature
	if err := ssh.Unmarshal(fields[4], &sig); err != nil {
		return nil, fmt.Errorf("signature: %w", err)
	}
	// Only security-key signatures carry data after the blob (flags and
	// counter); elsewhere x/crypto would ignore it where OpenSSH refuses it.
	if len(sig.Rest) != 0 && !strings.HasPrefix(sig.Format, "sk-") {
		return nil, fmt.Errorf("signature: %d unexpected bytes after the %s signature", len(sig.Rest), sig.Format)
	}
	return &Signature{
		PublicKey:     pub,
		Namespace:     string(fields[1]),
		HashAlgorithm: string(fields[3]),
		Signature:     &sig,
	}, nil
}

func putString(b *bytes.Buffer, s []byte) {
	binary.Write(b, binary.BigEndian, uint32(len(s)))
	b.Write(s)
}

func getString(b []byte) (s, rest []byte, ok bool) {
	if len(b) < 4 {
		return nil, nil, false
	}
	n := binary.BigEndian.Uint32(b)
	if uint64(n) > uint64(len(b)-4) {
		return nil, nil, false
	}
	return b[4 : 4+n], b[4+n:], true
}

func armor(blob []byte) []byte {
	enc := base64.StdEncoding.EncodeToString(blob)
	var b bytes.Buffer
	b.WriteString(armorBegin + "\n")
	for len(enc) > armorWidth {
		b.WriteString(enc[:armorWidth] + "\n")
		enc = enc[armorWidth:]
	}
	b.WriteString(enc + "\n")
	b.WriteString(armorEnd + "\n")
	return b.Bytes()
}

func dearmor(armored []byte) ([]byte, error) {
	text := strings.TrimSpace(string(armored))
	lines := strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n")
	if len(lines) < 3 || lines[0] != armorBegin {
		return nil, fmt.Errorf("signature does not start with %q", armorBegin)
	}
	if lines[len(lines)-1] != armorEnd {
		return nil, fmt.Errorf("signature does not end with %q", armorEnd)
	}
	body := strings.Join(lines[1:len(lines)-1], "")
	blob, err := base64.StdEncoding.Strict().DecodeString(body)
	if err != nil {
		return nil, fmt.Errorf("decoding signature: %w", err)
	}
	return blob, nil
}
