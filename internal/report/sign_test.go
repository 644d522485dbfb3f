package report

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"math/big"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/lia-project/lia/internal/assessment"
	"github.com/lia-project/lia/internal/pdfsig"
)

var signTime = time.Date(2026, 11, 3, 10, 0, 0, 0, time.UTC)

// credentials makes a self-signed certificate, for key when one is given.
func credentials(t testing.TB, keys ...*ecdsa.PrivateKey) *pdfsig.Credentials {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	if len(keys) > 0 {
		key = keys[0]
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(7),
		Subject:      pkix.Name{CommonName: "Ana Ribeiro"},
		NotBefore:    signTime.Add(-time.Hour),
		NotAfter:     signTime.Add(time.Hour),
		KeyUsage:     x509.KeyUsageDigitalSignature,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, key.Public(), key)
	if err != nil {
		t.Fatal(err)
	}
	cert, _ := x509.ParseCertificate(der)
	return &pdfsig.Credentials{Key: key, Cert: cert}
}

func TestSignPDF(t *testing.T) {
	cat, pdf := renderedExample(t)
	opts := pdfsig.SignOptions{Credentials: credentials(t), Role: "assessor", Time: signTime}
	one, err := SignPDF(cat, pdf, "f", assessment.DefaultLimits, opts)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := SignPDF(cat, one, "f", assessment.DefaultLimits, opts); err == nil || !strings.Contains(err.Error(), "already signed") {
		t.Errorf("the same certificate signed twice: %v", err)
	}
	again := opts
	again.Credentials = credentials(t, opts.Credentials.Key.(*ecdsa.PrivateKey))
	if _, err := SignPDF(cat, one, "f", assessment.DefaultLimits, again); err == nil || !strings.Contains(err.Error(), "this key already signed") {
		t.Errorf("the same key signed twice under another certificate: %v", err)
	}
	opts.Credentials = credentials(t)
	two, err := SignPDF(cat, one, "f", assessment.DefaultLimits, opts)
	if err != nil {
		t.Fatal(err)
	}
	c, err := CheckPDF(cat, two, "f", assessment.DefaultLimits, pdfsig.VerifyOptions{Now: signTime})
	if err != nil {
		t.Fatal(err)
	}
	if c.Base != PDFMatches || c.Signatures.Updates != nil || len(c.Signatures.Signatures) != 2 {
		t.Fatalf("base %s, updates %v, %d signatures", c.Base, c.Signatures.Updates, len(c.Signatures.Signatures))
	}
	for _, s := range c.Signatures.Signatures {
		if !s.OK() {
			t.Errorf("signature %d: %v %v %v", s.Index, s.Integrity, s.CMS, s.Certificate)
		}
	}
	// The old API still means "the whole file is the render".
	if _, v, _ := VerifyPDF(cat, two, "f", assessment.DefaultLimits); v != PDFChanged {
		t.Errorf("VerifyPDF on a signed PDF: %s", v)
	}

	draft, err := Render(cat, c.Record, mustExtract(t, pdf), true)
	if err != nil {
		t.Fatal(err)
	}
	changed := bytes.Clone(pdf)
	changed[len(changed)/3] ^= 0x01
	old, err := os.ReadFile("../../testdata/golden/fraud-detection-layout1.pdf")
	if err != nil {
		t.Fatal(err)
	}
	tampered := bytes.Clone(one)
	tampered[len(pdf)/2] ^= 0x01 // inside the first signature's range
	for name, tc := range map[string]struct {
		pdf  []byte
		want string
	}{
		"draft":            {draft, "a draft"},
		"changed":          {changed, ""},
		"layout 1":         {old, "layout 1"},
		"appended":         {append(bytes.Clone(one), "%junk\n"...), "bytes follow"},
		"broken signature": {tampered, ""},
	} {
		_, err := SignPDF(cat, tc.pdf, "f", assessment.DefaultLimits, opts)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want %q", name, err, tc.want)
		}
	}
}

func mustExtract(t *testing.T, pdf []byte) []byte {
	t.Helper()
	raw, err := ExtractRecord(pdf, 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	return raw
}
