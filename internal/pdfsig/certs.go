package pdfsig

import (
	"bytes"
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/asn1"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"fmt"
	"strings"
	"time"

	"software.sslmate.com/src/go-pkcs12"
)

// Credentials are what signs: a private key, its certificate, and the
// certificates between it and a root (included in the signature so that a
// validator can build the chain).
type Credentials struct {
	Key   crypto.Signer
	Cert  *x509.Certificate
	Chain []*x509.Certificate
}

// ErrWrongPassphrase is returned for a PKCS #12 file that the passphrase
// does not open.
var ErrWrongPassphrase = errors.New("wrong passphrase")

// LoadPKCS12 opens a PKCS #12 (.p12, .pfx) file with one key and its
// certificate, as organisations and CAs hand them out.
func LoadPKCS12(data, passphrase []byte) (*Credentials, error) {
	key, cert, chain, err := pkcs12.DecodeChain(data, string(passphrase))
	if err != nil {
		if errors.Is(err, pkcs12.ErrIncorrectPassword) {
			return nil, ErrWrongPassphrase
		}
		return nil, fmt.Errorf("reading the PKCS #12 file: %w", err)
	}
	signer, ok := key.(crypto.Signer)
	if !ok {
		return nil, fmt.Errorf("the PKCS #12 file holds a %T key, which cannot sign", key)
	}
	c := &Credentials{Key: signer, Cert: cert, Chain: chain}
	return c, c.check()
}

// LoadPEM reads a certificate file (the signer's certificate first, then
// any chain) and an unencrypted private key (PKCS #8, PKCS #1 or SEC 1).
func LoadPEM(certPEM, keyPEM []byte) (*Credentials, error) {
	certs, err := pemCertificates(certPEM)
	if err != nil {
		return nil, fmt.Errorf("reading the certificate: %w", err)
	}
	if len(certs) == 0 {
		return nil, errors.New("the certificate file has no PEM CERTIFICATE block")
	}
	key, err := parsePEMKey(keyPEM)
	if err != nil {
		return nil, err
	}
	c := &Credentials{Key: key, Cert: certs[0], Chain: certs[1:]}
	return c, c.check()
}

// ErrEncryptedKey is returned for a PEM key protected by a passphrase.
var ErrEncryptedKey = errors.New("the private key is encrypted")

func parsePEMKey(data []byte) (crypto.Signer, error) {
	for rest := data; ; {
		var b *pem.Block
		b, rest = pem.Decode(rest)
		if b == nil {
			return nil, errors.New("the key file has no PEM private key")
		}
		if b.Type == "ENCRYPTED PRIVATE KEY" || b.Headers["Proc-Type"] != "" {
			return nil, ErrEncryptedKey
		}
		var key any
		var err error
		switch b.Type {
		case "PRIVATE KEY":
			key, err = x509.ParsePKCS8PrivateKey(b.Bytes)
		case "RSA PRIVATE KEY":
			key, err = x509.ParsePKCS1PrivateKey(b.Bytes)
		case "EC PRIVATE KEY":
			key, err = x509.ParseECPrivateKey(b.Bytes)
		default:
			continue // EC PARAMETERS and the like
		}
		if err != nil {
			return nil, fmt.Errorf("reading the private key: %w", err)
		}
		s, ok := key.(crypto.Signer)
		if !ok {
			return nil, fmt.Errorf("a %T key cannot sign", key)
		}
		return s, nil
	}
}

// ErrKeyMismatch is returned when the private key is not the certificate's.
var ErrKeyMismatch = errors.New("the private key does not belong to the certificate")

func (c *Credentials) check() error {
	pub, ok := c.Key.Public().(interface{ Equal(crypto.PublicKey) bool })
	if !ok || !pub.Equal(c.Cert.PublicKey) {
		return ErrKeyMismatch
	}
	return nil
}

// Extended key usages a document-signing certificate may carry (when it
// carries any): any purpose, e-mail protection (S/MIME signing
// certificates), RFC 9336 document signing, Adobe's PDF signing and
// Microsoft's document signing.
var (
	oidEKUDocumentSigning = asn1.ObjectIdentifier{1, 3, 6, 1, 5, 5, 7, 3, 36}
	oidEKUAdobePDF        = asn1.ObjectIdentifier{1, 2, 840, 113583, 1, 1, 5}
	oidEKUMSDocument      = asn1.ObjectIdentifier{1, 3, 6, 1, 4, 1, 311, 10, 3, 12}
)

// CheckCertificate is the rule for a certificate that signs a report, the
// same when signing and when verifying: valid at the time of signing, a
// key of a supported type and size (RSA of 2048 bits or more, ECDSA P-256
// or P-384), a key usage extension allowing digital signatures or
// non-repudiation, and, if it limits extended key usages, one for signing
// documents.
func CheckCertificate(c *x509.Certificate, at time.Time) error {
	if at.Before(c.NotBefore) {
		return fmt.Errorf("the certificate is not valid before %s", c.NotBefore.UTC().Format(time.RFC3339))
	}
	if at.After(c.NotAfter) {
		return fmt.Errorf("the certificate expired on %s", c.NotAfter.UTC().Format(time.RFC3339))
	}
	if err := checkKey(c.PublicKey); err != nil {
		return err
	}
	if c.KeyUsage == 0 {
		return errors.New("the certificate has no key usage extension; a signing certificate must allow digitalSignature or nonRepudiation")
	}
	if c.KeyUsage&(x509.KeyUsageDigitalSignature|x509.KeyUsageContentCommitment) == 0 {
		return errors.New("the certificate's key usage allows neither digitalSignature nor nonRepudiation")
	}
	if len(c.ExtKeyUsage) == 0 && len(c.UnknownExtKeyUsage) == 0 {
		return nil
	}
	for _, u := range c.ExtKeyUsage {
		if u == x509.ExtKeyUsageAny || u == x509.ExtKeyUsageEmailProtection {
			return nil
		}
	}
	for _, u := range c.UnknownExtKeyUsage {
		if u.Equal(oidEKUDocumentSigning) || u.Equal(oidEKUAdobePDF) || u.Equal(oidEKUMSDocument) {
			return nil
		}
	}
	return errors.New("the certificate's extended key usage does not include signing documents (documentSigning, emailProtection or Adobe PDF signing)")
}

func checkKey(pub crypto.PublicKey) error {
	switch k := pub.(type) {
	case *rsa.PublicKey:
		if k.N.BitLen() < 2048 {
			return fmt.Errorf("the certificate's RSA key has %d bits; lia needs at least 2048", k.N.BitLen())
		}
		return nil
	case *ecdsa.PublicKey:
		if k.Curve == elliptic.P256() || k.Curve == elliptic.P384() {
			return nil
		}
		return fmt.Errorf("the certificate's ECDSA curve %s is not supported; use P-256 or P-384", k.Curve.Params().Name)
	case ed25519.PublicKey:
		// RFC 8419 defines Ed25519 in CMS, and lia can make and check such
		// signatures, but poppler's pdfsig (NSS 3.87) reports them as
		// corrupted and OpenSSL 3.0's cms -verify refuses them: a signature
		// that independent validators reject is no use to an auditor.
		return errors.New("lia does not make or accept PDF signatures with Ed25519 keys: common validators (poppler's pdfsig with NSS 3.87, OpenSSL 3.0) do not accept them yet; use ECDSA P-256 or P-384, or RSA")
	}
	return fmt.Errorf("the certificate's %T key is not supported; use ECDSA P-256 or P-384, or RSA of 2048 bits or more", pub)
}

// Fingerprint is the SHA-256 of a certificate's DER, as hex pairs.
func Fingerprint(c *x509.Certificate) string {
	s := sha256.Sum256(c.Raw)
	h := strings.ToUpper(hex.EncodeToString(s[:]))
	var b bytes.Buffer
	for i := 0; i < len(h); i += 2 {
		if i > 0 {
			b.WriteByte(':')
		}
		b.WriteString(h[i : i+2])
	}
	return b.String()
}

// KeyID is the SHA-256 of a certificate's public key (its DER
// SubjectPublicKeyInfo), as hex: one key is one signer, whatever
// certificates carry it.
func KeyID(c *x509.Certificate) string {
	s := sha256.Sum256(c.RawSubjectPublicKeyInfo)
	return hex.EncodeToString(s[:])
}

// SubjectName is the name a person reads for a certificate: its common
// name, else the whole subject.
func SubjectName(c *x509.Certificate) string {
	if c.Subject.CommonName != "" {
		return c.Subject.CommonName
	}
	return c.Subject.String()
}

// LoadRoots reads the certificates a verifier trusts (PEM, one or more).
func LoadRoots(data []byte) (*x509.CertPool, error) {
	certs, err := pemCertificates(data)
	if err != nil {
		return nil, fmt.Errorf("reading certificate %d: %w", len(certs)+1, err)
	}
	if len(certs) == 0 {
		return nil, errors.New("no PEM CERTIFICATE block")
	}
	pool := x509.NewCertPool()
	for _, c := range certs {
		pool.AddCert(c)
	}
	return pool, nil
}

// pemCertificates parses the CERTIFICATE blocks of data in order, skipping
// other blocks. On an error it returns the certificates read before the one
// that failed.
func pemCertificates(data []byte) ([]*x509.Certificate, error) {
	var certs []*x509.Certificate
	for rest := data; ; {
		var b *pem.Block
		b, rest = pem.Decode(rest)
		if b == nil {
			return certs, nil
		}
		if b.Type != "CERTIFICATE" {
			continue
		}
		c, err := x509.ParseCertificate(b.Bytes)
		if err != nil {
			return certs, err
		}
		certs = append(certs, c)
	}
}

// SelfSigned reports whether a certificate is its own issuer.
func SelfSigned(c *x509.Certificate) bool {
	return bytes.Equal(c.RawIssuer, c.RawSubject) && c.CheckSignature(c.SignatureAlgorithm, c.RawTBSCertificate, c.Signature) == nil
}
