package pdfsig

import (
	"crypto/x509"
	"errors"
	"fmt"
	"time"
)

// Signature is what lia verify reports of one PDF signature. Each check
// has its own error, nil when it holds.
type Signature struct {
	Index int    // 1 for the first signature
	Field string // the signature field's name
	// Read from the signature dictionary and the CMS; not trusted unless
	// the checks below hold.
	Signer      string // the certificate's common name
	Subject     string
	Issuer      string
	Fingerprint string // SHA-256 of the signing certificate
	KeyID       string // SHA-256 of its public key (KeyID)
	Role        string // claimed in signer-attributes-v2, "" if none
	Reason      string
	Location    string
	SigningTime time.Time // /M
	NotAfter    time.Time // the certificate's expiry
	// Revision is the revision (1 for the first update) the signature
	// closes; SignedBytes is how much of the file it covers.
	Revision    int
	SignedBytes int

	// Integrity: the byte range covers the whole revision except the
	// signature itself, and the signed bytes' digest is the one signed.
	Integrity error
	// CMS: the CMS signature verifies with the signing certificate, and
	// signing-certificate-v2 names that certificate.
	CMS error
	// Certificate: CheckCertificate at the signing time, and a signing
	// time that is not in the future.
	Certificate error
	// Trust: the certificate chains to one of VerifyOptions.Roots at the
	// signing time. ErrNoRoots when no roots were given.
	Trust error
}

// OK reports whether every check but trust holds.
func (s *Signature) OK() bool { return s.Integrity == nil && s.CMS == nil && s.Certificate == nil }

// ErrNoRoots is the Trust error when no trusted roots were given.
var ErrNoRoots = errors.New("certificate not trusted: no trusted roots were given")

// VerifyOptions say what to trust and what time it is.
type VerifyOptions struct {
	Roots *x509.CertPool // nil: chains are not checked
	Now   time.Time
}

// Result is the verification of every PDF signature of a file.
type Result struct {
	// BaseEnd is the length of the base revision (the PDF lia report
	// wrote); everything after it is updates.
	BaseEnd    int
	Signatures []Signature
	// Updates is nil when nothing but signature updates follows the base,
	// each ending where its signature's byte range ends and the last at
	// the end of the file; else it says what else is there.
	Updates error
}

// Verify reads every signature update of a PDF lia wrote and checks it.
// It returns an error only when the base cannot be read at all.
func Verify(data []byte, opts VerifyOptions) (*Result, error) {
	f, err := Parse(data)
	if err != nil {
		return nil, err
	}
	res := &Result{BaseEnd: f.Revs[0].End}
	for i := 1; i < len(f.Revs); i++ {
		u, err := f.checkUpdate(i)
		if err != nil {
			res.Updates = fmt.Errorf("revision %d (after signature %d) is not a signature update: %w", i+1, len(res.Signatures), err)
			break
		}
		s := f.verifySignature(i, u, opts)
		s.Index = len(res.Signatures) + 1
		res.Signatures = append(res.Signatures, s)
	}
	if res.Updates == nil && f.TailErr != nil {
		last := f.Revs[len(f.Revs)-1].End
		what := "the end of the report"
		if len(res.Signatures) > 0 {
			what = "the last signature"
		}
		res.Updates = fmt.Errorf("%d bytes follow %s that are not a signature update (%v)", len(data)-last, what, f.TailErr)
	}
	return res, nil
}

// verifyRevision checks the one signature update that starts at start, as
// Sign's read-back.
func verifyRevision(data []byte, start int) (*Signature, error) {
	f, err := Parse(data)
	if err != nil {
		return nil, err
	}
	if f.TailErr != nil {
		return nil, f.TailErr
	}
	i := len(f.Revs) - 1
	if f.Revs[i].Start != start {
		return nil, errors.New("the update is not where it was written")
	}
	u, err := f.checkUpdate(i)
	if err != nil {
		return nil, err
	}
	s := f.verifySignature(i, u, VerifyOptions{})
	return &s, errors.Join(s.Integrity, s.CMS, s.Certificate)
}

func (f *File) verifySignature(i int, u *sigUpdate, opts VerifyOptions) Signature {
	r := f.Revs[i]
	d := u.sig.Value.(*Dict)
	s := Signature{Field: u.field, Revision: i, Trust: ErrNoRoots}
	if v, ok := d.Get("Reason").(String); ok {
		s.Reason = Text(v)
	}
	if v, ok := d.Get("Location").(String); ok {
		s.Location = Text(v)
	}
	// The byte range: from the start of the file to the end of this
	// revision, leaving out exactly the /Contents hex string.
	contents, ok := d.Get("Contents").(String)
	br, _ := d.Get("ByteRange").(Array)
	var n [4]int64
	okBR := len(br) == 4
	for k := 0; okBR && k < 4; k++ {
		v, isInt := br[k].(Int)
		n[k], okBR = int64(v), isInt
	}
	switch {
	case !ok || !contents.Hex:
		s.Integrity = errors.New("the signature's /Contents is not a hex string")
	case !okBR:
		s.Integrity = errors.New("the signature's /ByteRange is not four integers")
	case n[0] != 0 || n[1] != int64(contents.Pos) || n[2] != int64(contents.End) || n[2]+n[3] != int64(r.End):
		s.Integrity = fmt.Errorf("the byte range %v does not cover the whole file up to this signature except the signature itself", n)
	}
	if s.Integrity != nil {
		s.CMS = errors.New("not checked")
		s.Certificate = s.CMS
		return s
	}
	s.SignedBytes = int(n[1] + n[3])
	sd, err := parseCMS(contents.B)
	if err != nil {
		s.CMS = err
		s.Integrity = errors.New("not checked: the CMS cannot be read")
		s.Certificate = s.Integrity
		return s
	}
	cert := sd.signer
	s.Signer, s.Subject, s.Issuer = SubjectName(cert), cert.Subject.String(), cert.Issuer.String()
	s.Fingerprint, s.KeyID, s.NotAfter, s.Role = Fingerprint(cert), KeyID(cert), cert.NotAfter, sd.role
	signed := make([]byte, 0, s.SignedBytes)
	signed = append(append(signed, f.Data[:n[1]]...), f.Data[n[2]:n[2]+n[3]]...)
	if err := sd.verify(signed); err != nil {
		if sd.messageDigestMatches(signed) {
			s.CMS = err
		} else {
			s.Integrity = err
			s.CMS = errors.New("not checked: the signed bytes were changed")
		}
	}
	m, okM := d.Get("M").(String)
	if !okM {
		s.Certificate = errors.New("the signature has no signing time (/M)")
		return s
	}
	if s.SigningTime, err = parsePDFDate(Text(m)); err != nil {
		s.Certificate = fmt.Errorf("the signing time: %w", err)
		return s
	}
	if !opts.Now.IsZero() && s.SigningTime.After(opts.Now.Add(5*time.Minute)) {
		s.Certificate = fmt.Errorf("the signing time %s is in the future", s.SigningTime.UTC().Format(time.RFC3339))
		return s
	}
	s.Certificate = CheckCertificate(cert, s.SigningTime)
	if opts.Roots != nil {
		_, err := cert.Verify(x509.VerifyOptions{
			Roots:         opts.Roots,
			Intermediates: chainPool(sd.certs, cert),
			CurrentTime:   s.SigningTime,
			KeyUsages:     []x509.ExtKeyUsage{x509.ExtKeyUsageAny},
		})
		if err != nil {
			s.Trust = fmt.Errorf("certificate not trusted: %w", err)
		} else {
			s.Trust = nil
		}
	}
	return s
}

// messageDigestMatches reports whether the signed message-digest is the
// digest of content, to tell changed bytes from a bad signature.
func (s *signedData) messageDigestMatches(content []byte) bool {
	h := s.digest.New()
	h.Write(content)
	return string(h.Sum(nil)) == string(s.messageDigest)
}
