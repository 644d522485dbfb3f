package pdfsig

import (
	"bytes"
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"flag"
	"fmt"
	"math/big"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"software.sslmate.com/src/go-pkcs12"
)

var keepDir = flag.String("keep", "", "write the signed test PDFs and certificates to this directory")

// now is the fixed time the tests sign at.
var now = time.Date(2026, 11, 3, 10, 0, 0, 0, time.UTC)

// report is a PDF lia report wrote (lia 0.1.0, kept in testdata).
func report(t testing.TB) []byte {
	t.Helper()
	b, err := os.ReadFile("../../testdata/golden/fraud-detection-layout1.pdf")
	if err != nil {
		t.Fatal(err)
	}
	return b
}

type certOpts struct {
	notBefore, notAfter time.Time
	keyUsage            x509.KeyUsage
	extKeyUsage         []x509.ExtKeyUsage
	parent              *Credentials // nil: self-signed
	isCA                bool
	cn                  string
}

func newKey(t testing.TB, kind string) crypto.Signer {
	t.Helper()
	var k crypto.Signer
	var err error
	switch kind {
	case "rsa":
		k, err = rsa.GenerateKey(rand.Reader, 2048)
	case "rsa1024":
		k, err = rsa.GenerateKey(rand.Reader, 1024)
	case "p256":
		k, err = ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	case "p384":
		k, err = ecdsa.GenerateKey(elliptic.P384(), rand.Reader)
	case "p521":
		k, err = ecdsa.GenerateKey(elliptic.P521(), rand.Reader)
	case "ed25519":
		_, k, err = ed25519.GenerateKey(rand.Reader)
	default:
		t.Fatalf("unknown key kind %s", kind)
	}
	if err != nil {
		t.Fatal(err)
	}
	return k
}

var serial int64 = 1000

func newCert(t testing.TB, key crypto.Signer, o certOpts) *Credentials {
	t.Helper()
	if o.notBefore.IsZero() {
		o.notBefore = now.Add(-24 * time.Hour)
	}
	if o.notAfter.IsZero() {
		o.notAfter = now.Add(365 * 24 * time.Hour)
	}
	if o.cn == "" {
		o.cn = "Ana Ribeiro"
	}
	serial++
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(serial),
		Subject:               pkix.Name{CommonName: o.cn, Organization: []string{"Example Bank"}},
		NotBefore:             o.notBefore,
		NotAfter:              o.notAfter,
		KeyUsage:              o.keyUsage,
		ExtKeyUsage:           o.extKeyUsage,
		BasicConstraintsValid: true,
		IsCA:                  o.isCA,
	}
	parent, signer := tmpl, key
	var chain []*x509.Certificate
	if o.parent != nil {
		parent, signer = o.parent.Cert, o.parent.Key
		chain = []*x509.Certificate{o.parent.Cert}
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, parent, key.Public(), signer)
	if err != nil {
		t.Fatal(err)
	}
	c, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	return &Credentials{Key: key, Cert: c, Chain: chain}
}

func signer(t testing.TB, kind string) *Credentials {
	return newCert(t, newKey(t, kind), certOpts{keyUsage: x509.KeyUsageDigitalSignature | x509.KeyUsageContentCommitment})
}

func sign(t testing.TB, pdf []byte, c *Credentials, role string) []byte {
	t.Helper()
	out, err := Sign(pdf, SignOptions{Credentials: c, Role: role, Reason: "Approved as " + role, Location: "Lisboa", Time: now})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(out, pdf) {
		t.Fatal("signing changed the bytes before the update")
	}
	return out
}

func verify(t testing.TB, pdf []byte, roots *x509.CertPool) *Result {
	t.Helper()
	res, err := Verify(pdf, VerifyOptions{Roots: roots, Now: now.Add(time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func allOK(t *testing.T, res *Result, n int) {
	t.Helper()
	if res.Updates != nil {
		t.Errorf("updates: %v", res.Updates)
	}
	if len(res.Signatures) != n {
		t.Fatalf("%d signatures, want %d", len(res.Signatures), n)
	}
	for _, s := range res.Signatures {
		if !s.OK() {
			t.Errorf("signature %d: integrity %v, cms %v, certificate %v", s.Index, s.Integrity, s.CMS, s.Certificate)
		}
	}
}

func keep(t *testing.T, name string, data []byte) string {
	t.Helper()
	dir := *keepDir
	if dir == "" {
		dir = t.TempDir()
	}
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestSignVerifyKeyTypes(t *testing.T) {
	pdf := report(t)
	for _, kind := range []string{"rsa", "p256", "p384"} {
		t.Run(kind, func(t *testing.T) {
			c := signer(t, kind)
			out := sign(t, pdf, c, "assessor")
			res := verify(t, out, nil)
			allOK(t, res, 1)
			s := res.Signatures[0]
			if s.Signer != "Ana Ribeiro" || s.Role != "assessor" || s.Reason != "Approved as assessor" || s.Location != "Lisboa" || !s.SigningTime.Equal(now) {
				t.Errorf("read back %+v", s)
			}
			if !errors.Is(s.Trust, ErrNoRoots) {
				t.Errorf("trust without roots: %v", s.Trust)
			}
			f, err := Parse(out)
			if err != nil {
				t.Fatal(err)
			}
			u, _ := f.checkUpdate(1)
			contents := u.sig.Value.(*Dict).Get("Contents").(String)
			if s.SignedBytes != len(out)-(contents.End-contents.Pos) {
				t.Errorf("signed bytes %d of %d", s.SignedBytes, len(out))
			}
			if res.BaseEnd != len(pdf) {
				t.Errorf("base ends at %d, want %d", res.BaseEnd, len(pdf))
			}
			keep(t, "signed-"+kind+".pdf", out)
		})
	}
}

func TestTwoSignatures(t *testing.T) {
	pdf := report(t)
	ca := newCert(t, newKey(t, "p256"), certOpts{keyUsage: x509.KeyUsageCertSign, isCA: true, cn: "Example CA"})
	ana := newCert(t, newKey(t, "rsa"), certOpts{keyUsage: x509.KeyUsageDigitalSignature, parent: ca})
	marc := newCert(t, newKey(t, "p384"), certOpts{keyUsage: x509.KeyUsageContentCommitment, parent: ca, cn: "Marc Weber"})
	one := sign(t, pdf, ana, "assessor")
	two := sign(t, one, marc, "dpo")
	roots := x509.NewCertPool()
	roots.AddCert(ca.Cert)
	res := verify(t, two, roots)
	allOK(t, res, 2)
	for i, want := range []struct{ signer, role, field string }{{"Ana Ribeiro", "assessor", "Signature1"}, {"Marc Weber", "dpo", "Signature2"}} {
		s := res.Signatures[i]
		if s.Signer != want.signer || s.Role != want.role || s.Field != want.field || s.Trust != nil {
			t.Errorf("signature %d: %s %s %s trust %v", i+1, s.Signer, s.Role, s.Field, s.Trust)
		}
	}
	if res.Signatures[0].SignedBytes >= res.Signatures[1].SignedBytes {
		t.Error("the second signature does not cover more than the first")
	}
	// Another root: verified, but not trusted.
	other := newCert(t, newKey(t, "p256"), certOpts{keyUsage: x509.KeyUsageCertSign, isCA: true, cn: "Other CA"})
	pool := x509.NewCertPool()
	pool.AddCert(other.Cert)
	res = verify(t, two, pool)
	allOK(t, res, 2)
	if res.Signatures[0].Trust == nil {
		t.Error("trusted by the wrong root")
	}
	keep(t, "two.pdf", two)
	keep(t, "ca.pem", pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: ca.Cert.Raw}))
}

func TestTampering(t *testing.T) {
	pdf := report(t)
	out := sign(t, pdf, signer(t, "p256"), "assessor")
	allOK(t, verify(t, out, nil), 1)
	step := len(out) / 97
	for i := 0; i < len(out); i += step {
		m := bytes.Clone(out)
		m[i] ^= 0x01
		res, err := Verify(m, VerifyOptions{Now: now})
		if err != nil {
			continue // the base no longer parses
		}
		if res.Updates == nil && len(res.Signatures) == 1 && res.Signatures[0].OK() {
			t.Errorf("byte %d changed and the signature still verifies", i)
		}
	}
	if res := verify(t, append(bytes.Clone(out), "junk\n"...), nil); res.Updates == nil {
		t.Error("bytes appended after the signature not reported")
	}
}

func TestRefusals(t *testing.T) {
	pdf := report(t)
	k := newKey(t, "p256")
	ds := x509.KeyUsageDigitalSignature
	cases := map[string]struct {
		c    *Credentials
		want string
	}{
		"expired":        {newCert(t, k, certOpts{keyUsage: ds, notAfter: now.Add(-time.Hour)}), "expired"},
		"not yet valid":  {newCert(t, k, certOpts{keyUsage: ds, notBefore: now.Add(time.Hour)}), "not valid before"},
		"no key usage":   {newCert(t, k, certOpts{}), "no key usage"},
		"wrong usage":    {newCert(t, k, certOpts{keyUsage: x509.KeyUsageKeyEncipherment}), "neither digitalSignature"},
		"server eku":     {newCert(t, k, certOpts{keyUsage: ds, extKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}), "extended key usage"},
		"small rsa":      {newCert(t, newKey(t, "rsa1024"), certOpts{keyUsage: ds}), "at least 2048"},
		"p521":           {newCert(t, newKey(t, "p521"), certOpts{keyUsage: ds}), "not supported"},
		"ed25519":        {newCert(t, newKey(t, "ed25519"), certOpts{keyUsage: ds}), "Ed25519"},
		"other key":      {&Credentials{Key: newKey(t, "p256"), Cert: newCert(t, k, certOpts{keyUsage: ds}).Cert}, "does not belong"},
		"no credentials": {&Credentials{}, "no signing key"},
	}
	for name, tc := range cases {
		_, err := Sign(pdf, SignOptions{Credentials: tc.c, Time: now})
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want %q", name, err, tc.want)
		}
	}
	// Not a lia PDF; a PDF with bytes after it.
	if _, err := Sign([]byte("hello"), SignOptions{Credentials: signer(t, "p256"), Time: now}); err == nil {
		t.Error("signed a non-PDF")
	}
	if _, err := Sign(append(bytes.Clone(pdf), "junk"...), SignOptions{Credentials: signer(t, "p256"), Time: now}); err == nil {
		t.Error("signed a PDF with bytes appended")
	}
}

// TestIndependentValidators: poppler's pdfsig, qpdf and openssl cms accept
// what lia signs.
func TestIndependentValidators(t *testing.T) {
	pdf := report(t)
	ca := newCert(t, newKey(t, "p256"), certOpts{keyUsage: x509.KeyUsageCertSign, isCA: true, cn: "Example CA"})
	for _, kind := range []string{"rsa", "p256", "p384"} {
		t.Run(kind, func(t *testing.T) {
			c := newCert(t, newKey(t, kind), certOpts{keyUsage: x509.KeyUsageDigitalSignature, parent: ca})
			out := sign(t, sign(t, pdf, c, "assessor"), signer(t, "p256"), "dpo")
			path := keep(t, "validators-"+kind+".pdf", out)
			if _, err := exec.LookPath("pdfsig"); err == nil {
				o, _ := exec.Command("pdfsig", "-nocert", path).CombinedOutput()
				if n := strings.Count(string(o), "Signature is Valid"); n != 2 {
					t.Errorf("pdfsig: %d valid signatures, want 2:\n%s", n, o)
				}
			}
			if _, err := exec.LookPath("qpdf"); err == nil {
				if o, err := exec.Command("qpdf", "--check", path).CombinedOutput(); err != nil {
					t.Errorf("qpdf --check: %v\n%s", err, o)
				}
			}
			if _, err := exec.LookPath("openssl"); err == nil {
				res := verify(t, out, nil)
				f, _ := Parse(out)
				for _, s := range res.Signatures {
					u, _ := f.checkUpdate(s.Revision)
					contents := u.sig.Value.(*Dict).Get("Contents").(String)
					dir := t.TempDir()
					signed := append(bytes.Clone(out[:contents.Pos]), out[contents.End:f.Revs[s.Revision].End]...)
					os.WriteFile(filepath.Join(dir, "signed"), signed, 0o644)
					os.WriteFile(filepath.Join(dir, "sig.der"), contents.B, 0o644) // zero padding and all, as an auditor extracts it
					os.WriteFile(filepath.Join(dir, "ca.pem"), pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: ca.Cert.Raw}), 0o644)
					args := []string{"cms", "-verify", "-binary", "-inform", "DER", "-in", "sig.der", "-content", "signed", "-purpose", "any", "-out", os.DevNull}
					if s.Index == 1 {
						args = append(args, "-CAfile", "ca.pem")
					} else {
						args = append(args, "-noverify")
					}
					cmd := exec.Command("openssl", args...)
					cmd.Dir = dir
					if o, err := cmd.CombinedOutput(); err != nil {
						t.Errorf("openssl cms -verify, signature %d: %v\n%s", s.Index, err, o)
					}
				}
			}
		})
	}
}

// appendUpdate appends an incremental update with the given objects (by
// number) to pdf, the way another PDF tool would.
func appendUpdate(t *testing.T, pdf []byte, objs map[int]Object) []byte {
	t.Helper()
	f, err := Parse(pdf)
	if err != nil {
		t.Fatal(err)
	}
	last := f.Revs[len(f.Revs)-1]
	var b bytes.Buffer
	b.Write(pdf)
	size := int(last.Trailer.Get("Size").(Int))
	offsets := map[int]int{}
	for n, o := range objs {
		offsets[n] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n", n)
		write(&b, o)
		b.WriteString("\nendobj\n")
		size = max(size, n+1)
	}
	xref := b.Len()
	b.WriteString("xref\n")
	for n := range objs {
		fmt.Fprintf(&b, "%d 1\n%010d 00000 n \n", n, offsets[n])
	}
	t2 := last.Trailer.clone()
	t2.Set("Size", Int(size))
	t2.Set("Prev", Int(last.XRef))
	b.WriteString("trailer\n")
	write(&b, t2)
	fmt.Fprintf(&b, "\nstartxref\n%d\n%%%%EOF\n", xref)
	return b.Bytes()
}

// TestOnlySignatureUpdates: an update that changes anything but what a
// signature adds is reported, even when every signature stays valid.
func TestOnlySignatureUpdates(t *testing.T) {
	pdf := report(t)
	signed := sign(t, pdf, signer(t, "p256"), "assessor")
	f, err := Parse(signed)
	if err != nil {
		t.Fatal(err)
	}
	u, err := f.checkUpdate(1)
	if err != nil {
		t.Fatal(err)
	}
	pageRef := u.widget.Value.(*Dict).Get("P").(Ref)
	page := f.Resolve(pageRef, 1).(*Dict)
	// A new page content: what a reader would display changes.
	content := page.clone()
	content.Set("Contents", Ref{999, 0})
	// A new annotation on the page.
	annot := page.clone()
	annot.Set("Annots", append(append(Array(nil), page.Get("Annots").(Array)...), Ref{998, 0}))
	// A changed document title.
	info := f.Resolve(f.Revs[0].Trailer.Get("Info"), 1).(*Dict).clone()
	info.Set("Title", TextString("Something else"))
	infoRef := f.Revs[0].Trailer.Get("Info").(Ref)
	cases := map[string]map[int]Object{
		"page content":   {pageRef.Num: content, 999: Array{}},
		"new annotation": {pageRef.Num: annot, 998: &Dict{}},
		"info":           {infoRef.Num: info},
		"nothing":        {},
	}
	for name, objs := range cases {
		res := verify(t, appendUpdate(t, signed, objs), nil)
		if res.Updates == nil {
			t.Errorf("%s: not reported", name)
		}
		if len(res.Signatures) != 1 || !res.Signatures[0].OK() {
			t.Errorf("%s: the first signature no longer verifies", name)
		}
		// lia sign refuses to sign on top of it.
		if _, err := Sign(appendUpdate(t, signed, objs), SignOptions{Credentials: signer(t, "p256"), Time: now}); err == nil {
			t.Errorf("%s: signed on top of a foreign update", name)
		}
	}
	// An update on the unsigned report is reported too.
	if res := verify(t, appendUpdate(t, pdf, map[int]Object{infoRef.Num: info}), nil); res.Updates == nil || len(res.Signatures) != 0 {
		t.Errorf("update on the base: %v, %d signatures", res.Updates, len(res.Signatures))
	}
}

// TestEd25519CMS: the CMS code makes and checks RFC 8419 signatures, though
// CheckCertificate refuses Ed25519 until the validators accept it.
func TestEd25519CMS(t *testing.T) {
	c := newCert(t, newKey(t, "ed25519"), certOpts{keyUsage: x509.KeyUsageDigitalSignature})
	content := []byte("signed bytes")
	h := crypto.SHA512.New()
	h.Write(content)
	der, err := buildCMS(h.Sum(nil), c.Key, c.Cert, nil, "dpo", false)
	if err != nil {
		t.Fatal(err)
	}
	sd, err := parseCMS(der)
	if err != nil {
		t.Fatal(err)
	}
	if err := sd.verify(content); err != nil {
		t.Fatal(err)
	}
	if err := sd.verify([]byte("other bytes")); err == nil {
		t.Fatal("verified other content")
	}
	if sd.role != "dpo" {
		t.Errorf("role %q", sd.role)
	}
}

// FuzzVerify: no update appended to a report makes the reader or the
// verifier panic, and none verifies unless it is a signature update.
func FuzzVerify(f *testing.F) {
	pdf := report(f)
	c := signer(f, "p256")
	signed := sign(f, pdf, c, "assessor")
	f.Add(signed[len(pdf):])
	f.Add(sign(f, signed, signer(f, "p256"), "dpo")[len(pdf):])
	f.Add([]byte("1 0 obj\n<< >>\nendobj\nxref\n1 1\n0000072774 00000 n \ntrailer\n<< /Size 2 >>\nstartxref\n72790\n%%EOF\n"))
	f.Fuzz(func(t *testing.T, update []byte) {
		res, err := Verify(append(bytes.Clone(pdf), update...), VerifyOptions{})
		if err != nil {
			t.Fatalf("the base no longer reads: %v", err)
		}
		for _, s := range res.Signatures {
			if s.OK() && s.Signer != "Ana Ribeiro" {
				t.Fatalf("a signature by %q verifies", s.Signer)
			}
		}
	})
}

// FuzzParse: no input makes the PDF reader panic.
func FuzzParse(f *testing.F) {
	f.Add([]byte("%PDF-1.3\n%\xb5\n1 0 obj\n<< /Length 3 >>\nstream\nabc\nendstream\nendobj\nxref\n0 2\n0000000000 65535 f \n0000000012 00000 n \ntrailer\n<< /Size 2 /Root 1 0 R >>\nstartxref\n62\n%%EOF\n"))
	f.Add([]byte("%PDF-1.3\n1 0 obj [(a\\)b) <4142> /N#41me 1.5 -2 true null << /K [1 0 R] >>] endobj"))
	f.Fuzz(func(t *testing.T, data []byte) {
		Parse(data)
	})
}

func TestLoadCredentials(t *testing.T) {
	ca := newCert(t, newKey(t, "p256"), certOpts{keyUsage: x509.KeyUsageCertSign, isCA: true, cn: "Example CA"})
	c := newCert(t, newKey(t, "rsa"), certOpts{keyUsage: x509.KeyUsageDigitalSignature, parent: ca})
	certPEM := append(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: c.Cert.Raw}),
		pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: ca.Cert.Raw})...)
	pkcs8, _ := x509.MarshalPKCS8PrivateKey(c.Key)
	pkcs1 := x509.MarshalPKCS1PrivateKey(c.Key.(*rsa.PrivateKey))
	for typ, der := range map[string][]byte{"PRIVATE KEY": pkcs8, "RSA PRIVATE KEY": pkcs1} {
		got, err := LoadPEM(certPEM, pem.EncodeToMemory(&pem.Block{Type: typ, Bytes: der}))
		if err != nil {
			t.Fatalf("%s: %v", typ, err)
		}
		if !got.Cert.Equal(c.Cert) || len(got.Chain) != 1 || !got.Chain[0].Equal(ca.Cert) {
			t.Errorf("%s: wrong certificates", typ)
		}
	}
	other, _ := x509.MarshalPKCS8PrivateKey(newKey(t, "rsa"))
	if _, err := LoadPEM(certPEM, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: other})); !errors.Is(err, ErrKeyMismatch) {
		t.Errorf("another key: %v", err)
	}
	if _, err := LoadPEM(certPEM, pem.EncodeToMemory(&pem.Block{Type: "ENCRYPTED PRIVATE KEY", Bytes: []byte{1}})); !errors.Is(err, ErrEncryptedKey) {
		t.Errorf("encrypted key: %v", err)
	}
	if _, err := LoadPEM([]byte("nothing"), nil); err == nil {
		t.Error("no certificate accepted")
	}

	p12, err := pkcs12.Modern.Encode(c.Key, c.Cert, []*x509.Certificate{ca.Cert}, "s3cret")
	if err != nil {
		t.Fatal(err)
	}
	got, err := LoadPKCS12(p12, []byte("s3cret"))
	if err != nil {
		t.Fatal(err)
	}
	if !got.Cert.Equal(c.Cert) || len(got.Chain) != 1 {
		t.Error("PKCS #12: wrong certificates")
	}
	if _, err := LoadPKCS12(p12, []byte("wrong")); !errors.Is(err, ErrWrongPassphrase) {
		t.Errorf("wrong passphrase: %v", err)
	}
	if _, err := LoadPKCS12([]byte("junk"), nil); err == nil || errors.Is(err, ErrWrongPassphrase) {
		t.Errorf("junk: %v", err)
	}
}
