package pdfsig

import (
	"bytes"
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	_ "crypto/sha512" // SHA-384 and SHA-512
	"crypto/x509"
	"encoding/asn1"
	"errors"
	"fmt"
	"math/big"
	"sort"

	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"
)

// The CMS SignedData (RFC 5652) of a PAdES baseline B-B signature (ETSI EN
// 319 142-1, 6.3): detached, one signer, the signer's certificate (and any
// chain given) included, and exactly these signed attributes: content-type
// (id-data), message-digest, signing-certificate-v2 (RFC 5035) and, when a
// role is claimed, signer-attributes-v2 (ETSI EN 319 122-1). No signing-time:
// PAdES puts the time of signing in the signature dictionary's /M instead.

var (
	oidData            = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 7, 1}
	oidSignedData      = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 7, 2}
	oidContentType     = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 3}
	oidMessageDigest   = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 4}
	oidSigningTime     = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 5}
	oidSigningCert     = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 16, 2, 12}
	oidSigningCertV2   = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 16, 2, 47}
	oidSignerAttrV2    = asn1.ObjectIdentifier{0, 4, 0, 19122, 1, 1}
	oidRole            = asn1.ObjectIdentifier{2, 5, 4, 72}
	oidSHA256          = asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 2, 1}
	oidSHA384          = asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 2, 2}
	oidSHA512          = asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 2, 3}
	oidRSAEncryption   = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 1, 1}
	oidSHA256WithRSA   = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 1, 11}
	oidSHA384WithRSA   = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 1, 12}
	oidSHA512WithRSA   = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 1, 13}
	oidECDSAWithSHA256 = asn1.ObjectIdentifier{1, 2, 840, 10045, 4, 3, 2}
	oidECDSAWithSHA384 = asn1.ObjectIdentifier{1, 2, 840, 10045, 4, 3, 3}
	oidECDSAWithSHA512 = asn1.ObjectIdentifier{1, 2, 840, 10045, 4, 3, 4}
	oidEd25519         = asn1.ObjectIdentifier{1, 3, 101, 112}
)

var digestOIDs = map[crypto.Hash]asn1.ObjectIdentifier{
	crypto.SHA256: oidSHA256, crypto.SHA384: oidSHA384, crypto.SHA512: oidSHA512,
}

func hashForOID(oid asn1.ObjectIdentifier) (crypto.Hash, bool) {
	for h, o := range digestOIDs {
		if o.Equal(oid) {
			return h, true
		}
	}
	return 0, false
}

// algorithms returns the digest and the CMS signature algorithm lia uses
// for a key: SHA-256 with RSA (PKCS #1 v1.5) and P-256, SHA-384 with P-384,
// and SHA-512 with Ed25519 (RFC 8419). nullParams says whether the
// algorithm identifier carries NULL parameters (RSA does, RFC 4055).
func algorithms(pub crypto.PublicKey) (h crypto.Hash, sigAlg asn1.ObjectIdentifier, nullParams bool, err error) {
	switch k := pub.(type) {
	case *rsa.PublicKey:
		return crypto.SHA256, oidSHA256WithRSA, true, nil
	case *ecdsa.PublicKey:
		switch k.Curve {
		case elliptic.P256():
			return crypto.SHA256, oidECDSAWithSHA256, false, nil
		case elliptic.P384():
			return crypto.SHA384, oidECDSAWithSHA384, false, nil
		}
	case ed25519.PublicKey:
		return crypto.SHA512, oidEd25519, false, nil
	}
	return 0, nil, false, errors.New("unsupported key type")
}

func addAlgID(b *cryptobyte.Builder, oid asn1.ObjectIdentifier, null bool) {
	b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddASN1ObjectIdentifier(oid)
		if null {
			b.AddASN1NULL()
		}
	})
}

func addAttribute(out *[][]byte, oid asn1.ObjectIdentifier, value func(*cryptobyte.Builder)) error {
	var b cryptobyte.Builder
	b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddASN1ObjectIdentifier(oid)
		b.AddASN1(cbasn1.SET, value)
	})
	der, err := b.Bytes()
	if err != nil {
		return err
	}
	*out = append(*out, der)
	return nil
}

// derSet sorts the encodings of a SET OF's members, as DER requires.
func derSet(tag cbasn1.Tag, members [][]byte) ([]byte, error) {
	sorted := append([][]byte(nil), members...)
	sort.Slice(sorted, func(i, j int) bool { return bytes.Compare(sorted[i], sorted[j]) < 0 })
	var b cryptobyte.Builder
	b.AddASN1(tag, func(b *cryptobyte.Builder) {
		for _, m := range sorted {
			b.AddBytes(m)
		}
	})
	return b.Bytes()
}

// signedAttributes returns the DER of the signed attributes as a SET (the
// bytes the signature covers; in the SignerInfo they are tagged [0]).
func signedAttributes(digest []byte, cert *x509.Certificate, role string) ([]byte, error) {
	var attrs [][]byte
	err := errors.Join(
		addAttribute(&attrs, oidContentType, func(b *cryptobyte.Builder) { b.AddASN1ObjectIdentifier(oidData) }),
		addAttribute(&attrs, oidMessageDigest, func(b *cryptobyte.Builder) { b.AddASN1OctetString(digest) }),
		addAttribute(&attrs, oidSigningCertV2, func(b *cryptobyte.Builder) {
			certHash := sha256.Sum256(cert.Raw)
			b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) { // SigningCertificateV2
				b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) { // certs
					b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) { // ESSCertIDv2
						// hashAlgorithm is omitted: SHA-256 is its DEFAULT.
						b.AddASN1OctetString(certHash[:])
						b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) { // IssuerSerial
							b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) { // GeneralNames
								b.AddASN1(cbasn1.Tag(4).ContextSpecific().Constructed(), func(b *cryptobyte.Builder) {
									b.AddBytes(cert.RawIssuer) // directoryName
								})
							})
							b.AddASN1BigInt(cert.SerialNumber)
						})
					})
				})
			})
		}),
	)
	if err != nil {
		return nil, err
	}
	if role != "" {
		err := addAttribute(&attrs, oidSignerAttrV2, func(b *cryptobyte.Builder) {
			b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) { // SignerAttributeV2
				b.AddASN1(cbasn1.Tag(0).ContextSpecific().Constructed(), func(b *cryptobyte.Builder) { // claimedAttributes
					b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
						b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) { // Attribute
							b.AddASN1ObjectIdentifier(oidRole)
							b.AddASN1(cbasn1.SET, func(b *cryptobyte.Builder) {
								b.AddASN1(cbasn1.UTF8String, func(b *cryptobyte.Builder) { b.AddBytes([]byte(role)) })
							})
						})
					})
				})
			})
		})
		if err != nil {
			return nil, err
		}
	}
	return derSet(cbasn1.SET, attrs)
}

// buildCMS signs the digest of the signed bytes and returns the DER of the
// ContentInfo. With dummy, the signature is zeros of the largest size the
// key makes, to measure the space a signature needs without making one.
func buildCMS(digest []byte, signer crypto.Signer, cert *x509.Certificate, chain []*x509.Certificate, role string, dummy bool) ([]byte, error) {
	h, sigAlg, null, err := algorithms(cert.PublicKey)
	if err != nil {
		return nil, err
	}
	attrs, err := signedAttributes(digest, cert, role)
	if err != nil {
		return nil, err
	}
	var sig []byte
	if dummy {
		sig = make([]byte, maxSignatureLen(cert.PublicKey))
	} else {
		msg, opts := attrs, crypto.SignerOpts(crypto.Hash(0))
		if _, ok := cert.PublicKey.(ed25519.PublicKey); !ok {
			hh := h.New()
			hh.Write(attrs)
			msg, opts = hh.Sum(nil), h
		}
		if sig, err = signer.Sign(rand.Reader, msg, opts); err != nil {
			return nil, fmt.Errorf("signing: %w", err)
		}
	}
	certs := [][]byte{cert.Raw}
	for _, c := range chain {
		if !bytes.Equal(c.Raw, cert.Raw) {
			certs = append(certs, c.Raw)
		}
	}
	certSet, err := derSet(cbasn1.Tag(0).ContextSpecific().Constructed(), certs)
	if err != nil {
		return nil, err
	}
	var b cryptobyte.Builder
	b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) { // ContentInfo
		b.AddASN1ObjectIdentifier(oidSignedData)
		b.AddASN1(cbasn1.Tag(0).ContextSpecific().Constructed(), func(b *cryptobyte.Builder) {
			b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) { // SignedData
				b.AddASN1Int64(1)
				b.AddASN1(cbasn1.SET, func(b *cryptobyte.Builder) { addAlgID(b, digestOIDs[h], false) })
				b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) { b.AddASN1ObjectIdentifier(oidData) })
				b.AddBytes(certSet)
				b.AddASN1(cbasn1.SET, func(b *cryptobyte.Builder) {
					b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) { // SignerInfo
						b.AddASN1Int64(1)
						b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) { // IssuerAndSerialNumber
							b.AddBytes(cert.RawIssuer)
							b.AddASN1BigInt(cert.SerialNumber)
						})
						addAlgID(b, digestOIDs[h], false)
						tagged := append([]byte(nil), attrs...)
						tagged[0] = 0xa0 // [0] IMPLICIT
						b.AddBytes(tagged)
						addAlgID(b, sigAlg, null)
						b.AddASN1OctetString(sig)
					})
				})
			})
		})
	})
	return b.Bytes()
}

// maxSignatureLen bounds the size of a signature by pub.
func maxSignatureLen(pub crypto.PublicKey) int {
	switch k := pub.(type) {
	case *rsa.PublicKey:
		return k.Size()
	case *ecdsa.PublicKey:
		n := (k.Curve.Params().BitSize + 7) / 8
		return 2*(n+3) + 3 // SEQUENCE of two INTEGERs, each possibly with a leading zero
	}
	return ed25519.SignatureSize
}

// signedData is what lia reads from a CMS signature.
type signedData struct {
	digest        crypto.Hash
	sigAlg        asn1.ObjectIdentifier
	signature     []byte
	signedAttrs   []byte // as a SET, the bytes the signature covers
	messageDigest []byte
	certs         []*x509.Certificate
	signer        *x509.Certificate
	certIDHash    crypto.Hash // signing-certificate-v2's hash algorithm
	certIDValue   []byte
	certIDIssuer  []byte // the issuer's Name DER, when issuerSerial is present
	certIDSerial  *big.Int
	role          string
}

var errCMS = errors.New("the signature is not a CMS SignedData lia can read")

// parseCMS reads a DER ContentInfo with a detached SignedData and one
// SignerInfo. Trailing zero bytes (the padding of /Contents) are allowed.
func parseCMS(der []byte) (*signedData, error) {
	in := cryptobyte.String(der)
	var ci, content, sd cryptobyte.String
	var ct asn1.ObjectIdentifier
	if !in.ReadASN1(&ci, cbasn1.SEQUENCE) || !ci.ReadASN1ObjectIdentifier(&ct) || !ct.Equal(oidSignedData) ||
		!ci.ReadASN1(&content, cbasn1.Tag(0).ContextSpecific().Constructed()) || !ci.Empty() ||
		!content.ReadASN1(&sd, cbasn1.SEQUENCE) || !content.Empty() {
		return nil, errCMS
	}
	for _, c := range in {
		if c != 0 {
			return nil, errors.New("the signature has bytes after its CMS structure")
		}
	}
	var version int64
	var digestAlgs, encap, signerInfos cryptobyte.String
	if !sd.ReadASN1Integer(&version) || !sd.ReadASN1(&digestAlgs, cbasn1.SET) || !sd.ReadASN1(&encap, cbasn1.SEQUENCE) {
		return nil, errCMS
	}
	var eType asn1.ObjectIdentifier
	if !encap.ReadASN1ObjectIdentifier(&eType) || !eType.Equal(oidData) {
		return nil, errors.New("the CMS signature does not sign plain data (id-data)")
	}
	if !encap.Empty() {
		return nil, errors.New("the CMS signature is not detached: it carries its own content")
	}
	out := &signedData{}
	var certs cryptobyte.String
	var hasCerts bool
	if !sd.ReadOptionalASN1(&certs, &hasCerts, cbasn1.Tag(0).ContextSpecific().Constructed()) {
		return nil, errCMS
	}
	for !certs.Empty() {
		var raw cryptobyte.String
		if !certs.ReadASN1Element(&raw, cbasn1.SEQUENCE) {
			return nil, errors.New("the CMS signature carries something other than X.509 certificates")
		}
		c, err := x509.ParseCertificate(raw)
		if err != nil {
			return nil, fmt.Errorf("a certificate in the signature: %w", err)
		}
		out.certs = append(out.certs, c)
	}
	var skip cryptobyte.String
	var hasCRLs bool
	if !sd.ReadOptionalASN1(&skip, &hasCRLs, cbasn1.Tag(1).ContextSpecific().Constructed()) ||
		!sd.ReadASN1(&signerInfos, cbasn1.SET) || !sd.Empty() {
		return nil, errCMS
	}
	var si cryptobyte.String
	if !signerInfos.ReadASN1(&si, cbasn1.SEQUENCE) {
		return nil, errCMS
	}
	if !signerInfos.Empty() {
		return nil, errors.New("the CMS signature has more than one signer")
	}
	var siVersion int64
	var digestAlg, sigAlg cryptobyte.String
	var sigValue []byte
	if !si.ReadASN1Integer(&siVersion) {
		return nil, errCMS
	}
	var issuer, keyID []byte
	var serial = new(big.Int)
	switch {
	case si.PeekASN1Tag(cbasn1.SEQUENCE):
		var ias cryptobyte.String
		var name cryptobyte.String
		if !si.ReadASN1(&ias, cbasn1.SEQUENCE) || !ias.ReadASN1Element(&name, cbasn1.SEQUENCE) || !ias.ReadASN1Integer(serial) || !ias.Empty() {
			return nil, errCMS
		}
		issuer = name
	case si.PeekASN1Tag(cbasn1.Tag(0).ContextSpecific()):
		var ski cryptobyte.String
		if !si.ReadASN1(&ski, cbasn1.Tag(0).ContextSpecific()) {
			return nil, errCMS
		}
		keyID = ski
	default:
		return nil, errCMS
	}
	if !si.ReadASN1(&digestAlg, cbasn1.SEQUENCE) {
		return nil, errCMS
	}
	var dOID asn1.ObjectIdentifier
	if !digestAlg.ReadASN1ObjectIdentifier(&dOID) {
		return nil, errCMS
	}
	h, ok := hashForOID(dOID)
	if !ok {
		return nil, fmt.Errorf("the CMS signature uses digest algorithm %s; lia accepts SHA-256, SHA-384 and SHA-512", dOID)
	}
	out.digest = h
	var attrsElem cryptobyte.String
	if !si.ReadASN1Element(&attrsElem, cbasn1.Tag(0).ContextSpecific().Constructed()) {
		return nil, errors.New("the CMS signature has no signed attributes")
	}
	out.signedAttrs = append([]byte(nil), attrsElem...)
	out.signedAttrs[0] = 0x31 // the signature covers them as a SET
	if !si.ReadASN1(&sigAlg, cbasn1.SEQUENCE) || !sigAlg.ReadASN1ObjectIdentifier(&out.sigAlg) ||
		!si.ReadASN1Bytes(&sigValue, cbasn1.OCTET_STRING) {
		return nil, errCMS
	}
	out.signature = sigValue
	var unsigned cryptobyte.String
	var hasUnsigned bool
	if !si.ReadOptionalASN1(&unsigned, &hasUnsigned, cbasn1.Tag(1).ContextSpecific().Constructed()) || !si.Empty() {
		return nil, errCMS
	}
	for _, c := range out.certs {
		if issuer != nil && bytes.Equal(c.RawIssuer, issuer) && c.SerialNumber.Cmp(serial) == 0 ||
			keyID != nil && bytes.Equal(c.SubjectKeyId, keyID) {
			out.signer = c
			break
		}
	}
	if out.signer == nil {
		return nil, errors.New("the signer's certificate is not in the signature")
	}
	if err := out.readAttributes(attrsElem); err != nil {
		return nil, err
	}
	return out, nil
}

// readAttributes reads the signed attributes: each at most once, the ones
// PAdES requires present, signing-time absent.
func (s *signedData) readAttributes(elem cryptobyte.String) error {
	var set cryptobyte.String
	if !elem.ReadASN1(&set, cbasn1.Tag(0).ContextSpecific().Constructed()) {
		return errCMS
	}
	seen := map[string]bool{}
	var contentType bool
	for !set.Empty() {
		var attr, values cryptobyte.String
		var oid asn1.ObjectIdentifier
		if !set.ReadASN1(&attr, cbasn1.SEQUENCE) || !attr.ReadASN1ObjectIdentifier(&oid) || !attr.ReadASN1(&values, cbasn1.SET) || !attr.Empty() {
			return errCMS
		}
		if seen[oid.String()] {
			return fmt.Errorf("the signed attribute %s appears twice", oid)
		}
		seen[oid.String()] = true
		var value cryptobyte.String
		var tag cbasn1.Tag
		if !values.ReadAnyASN1Element(&value, &tag) || !values.Empty() {
			return fmt.Errorf("the signed attribute %s must have exactly one value", oid)
		}
		switch {
		case oid.Equal(oidContentType):
			var v asn1.ObjectIdentifier
			if !value.ReadASN1ObjectIdentifier(&v) || !v.Equal(oidData) {
				return errors.New("the content-type attribute is not id-data")
			}
			contentType = true
		case oid.Equal(oidMessageDigest):
			var v []byte
			if !value.ReadASN1Bytes(&v, cbasn1.OCTET_STRING) {
				return errCMS
			}
			s.messageDigest = v
		case oid.Equal(oidSigningCertV2):
			if err := s.readSigningCertificateV2(value); err != nil {
				return err
			}
		case oid.Equal(oidSigningCert):
			return errors.New("the signature has the SHA-1 signing-certificate attribute; PAdES baseline signatures use signing-certificate-v2")
		case oid.Equal(oidSigningTime):
			return errors.New("the signature has a signing-time attribute, which PAdES baseline signatures must not have (the time belongs in /M)")
		case oid.Equal(oidSignerAttrV2):
			s.role = readClaimedRole(value)
		}
	}
	switch {
	case !contentType:
		return errors.New("the signature has no content-type attribute")
	case s.messageDigest == nil:
		return errors.New("the signature has no message-digest attribute")
	case s.certIDValue == nil:
		return errors.New("the signature has no signing-certificate-v2 attribute")
	}
	return nil
}

func (s *signedData) readSigningCertificateV2(value cryptobyte.String) error {
	bad := errors.New("the signing-certificate-v2 attribute cannot be read")
	var scv2, certIDs, id cryptobyte.String
	if !value.ReadASN1(&scv2, cbasn1.SEQUENCE) || !scv2.ReadASN1(&certIDs, cbasn1.SEQUENCE) || !certIDs.ReadASN1(&id, cbasn1.SEQUENCE) {
		return bad
	}
	s.certIDHash = crypto.SHA256
	if id.PeekASN1Tag(cbasn1.SEQUENCE) {
		var alg cryptobyte.String
		var oid asn1.ObjectIdentifier
		if !id.ReadASN1(&alg, cbasn1.SEQUENCE) || !alg.ReadASN1ObjectIdentifier(&oid) {
			return bad
		}
		h, ok := hashForOID(oid)
		if !ok {
			return fmt.Errorf("the signing-certificate-v2 attribute uses hash %s", oid)
		}
		s.certIDHash = h
	}
	if !id.ReadASN1Bytes(&s.certIDValue, cbasn1.OCTET_STRING) {
		return bad
	}
	if id.PeekASN1Tag(cbasn1.SEQUENCE) {
		var is, names, dn cryptobyte.String
		serial := new(big.Int)
		if !id.ReadASN1(&is, cbasn1.SEQUENCE) || !is.ReadASN1(&names, cbasn1.SEQUENCE) ||
			!names.ReadASN1(&dn, cbasn1.Tag(4).ContextSpecific().Constructed()) || !is.ReadASN1Integer(serial) {
			return bad
		}
		s.certIDIssuer, s.certIDSerial = dn, serial
	}
	return nil
}

// readClaimedRole returns the first claimed role (X.520 role as a
// UTF8String) of a signer-attributes-v2 value, or "".
func readClaimedRole(value cryptobyte.String) string {
	var sav2, claimed, attrs, attr, values cryptobyte.String
	var oid asn1.ObjectIdentifier
	if !value.ReadASN1(&sav2, cbasn1.SEQUENCE) || !sav2.ReadASN1(&claimed, cbasn1.Tag(0).ContextSpecific().Constructed()) ||
		!claimed.ReadASN1(&attrs, cbasn1.SEQUENCE) {
		return ""
	}
	for !attrs.Empty() {
		if !attrs.ReadASN1(&attr, cbasn1.SEQUENCE) || !attr.ReadASN1ObjectIdentifier(&oid) || !attr.ReadASN1(&values, cbasn1.SET) {
			return ""
		}
		var s cryptobyte.String
		if oid.Equal(oidRole) && values.ReadASN1(&s, cbasn1.UTF8String) {
			return string(s)
		}
	}
	return ""
}

// verify checks the CMS against the digest of the signed bytes: the
// message-digest attribute, the signing-certificate-v2 binding and the
// signature over the signed attributes.
func (s *signedData) verify(content []byte) error {
	hh := s.digest.New()
	hh.Write(content)
	if !bytes.Equal(hh.Sum(nil), s.messageDigest) {
		return errors.New("the document's digest does not match the signed message-digest: the signed bytes were changed")
	}
	ch := s.certIDHash.New()
	ch.Write(s.signer.Raw)
	if !bytes.Equal(ch.Sum(nil), s.certIDValue) {
		return errors.New("the signing-certificate-v2 attribute names another certificate than the one that signed")
	}
	if s.certIDIssuer != nil && (!bytes.Equal(s.certIDIssuer, s.signer.RawIssuer) || s.certIDSerial.Cmp(s.signer.SerialNumber) != 0) {
		return errors.New("the signing-certificate-v2 attribute's issuer and serial number are not the signer's")
	}
	return verifySignature(s.signer.PublicKey, s.sigAlg, s.digest, s.signedAttrs, s.signature)
}

func verifySignature(pub crypto.PublicKey, alg asn1.ObjectIdentifier, h crypto.Hash, msg, sig []byte) error {
	bad := errors.New("the signature does not verify with the signer's certificate")
	digestOf := func(want crypto.Hash) ([]byte, error) {
		if h != want {
			return nil, fmt.Errorf("signature algorithm %s does not go with digest %s", alg, h)
		}
		hh := h.New()
		hh.Write(msg)
		return hh.Sum(nil), nil
	}
	switch k := pub.(type) {
	case *rsa.PublicKey:
		want := h
		switch {
		case alg.Equal(oidSHA256WithRSA):
			want = crypto.SHA256
		case alg.Equal(oidSHA384WithRSA):
			want = crypto.SHA384
		case alg.Equal(oidSHA512WithRSA):
			want = crypto.SHA512
		case !alg.Equal(oidRSAEncryption):
			return fmt.Errorf("signature algorithm %s is not one lia accepts for an RSA key", alg)
		}
		d, err := digestOf(want)
		if err != nil {
			return err
		}
		if rsa.VerifyPKCS1v15(k, h, d, sig) != nil {
			return bad
		}
	case *ecdsa.PublicKey:
		want := map[string]crypto.Hash{oidECDSAWithSHA256.String(): crypto.SHA256, oidECDSAWithSHA384.String(): crypto.SHA384, oidECDSAWithSHA512.String(): crypto.SHA512}[alg.String()]
		if want == 0 {
			return fmt.Errorf("signature algorithm %s is not one lia accepts for an ECDSA key", alg)
		}
		d, err := digestOf(want)
		if err != nil {
			return err
		}
		if !ecdsa.VerifyASN1(k, d, sig) {
			return bad
		}
	case ed25519.PublicKey:
		if !alg.Equal(oidEd25519) || h != crypto.SHA512 {
			return errors.New("an Ed25519 signature must use id-Ed25519 with SHA-512 (RFC 8419)")
		}
		if !ed25519.Verify(k, msg, sig) {
			return bad
		}
	default:
		return fmt.Errorf("the signer's key type %T is not supported", pub)
	}
	return nil
}
