package main

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"flag"
	"math/big"
	"os"
	"time"

	"github.com/rogpeppe/go-internal/testscript"
	"software.sslmate.com/src/go-pkcs12"
)

// cmdMkcert makes an X.509 key pair for the PDF signing scripts:
//
//	mkcert [-ca NAME] [-key rsa|p256|p384|ed25519] [-usage U] [-expired] [-isca] [-cn CN] [-p12 PASS] NAME
//
// writes NAME.pem (the certificate, then its issuer's when -ca names one
// made before), NAME.key (PKCS #8, mode 0600) and, with -p12, NAME.p12
// (key, certificate and chain under passphrase PASS). -usage is
// digitalSignature (the default), nonRepudiation, keyEncipherment or none;
// -expired makes a certificate that expired a year ago.
func cmdMkcert(ts *testscript.TestScript, neg bool, args []string) {
	fs := flag.NewFlagSet("mkcert", flag.ContinueOnError)
	caName := fs.String("ca", "", "")
	kind := fs.String("key", "p256", "")
	usage := fs.String("usage", "digitalSignature", "")
	expired := fs.Bool("expired", false, "")
	isCA := fs.Bool("isca", false, "")
	cn := fs.String("cn", "", "")
	p12 := fs.String("p12", "", "")
	if neg || fs.Parse(args) != nil || fs.NArg() != 1 {
		ts.Fatalf("usage: mkcert [-ca NAME] [-key KIND] [-usage U] [-expired] [-isca] [-cn CN] [-p12 PASS] NAME")
	}
	name := fs.Arg(0)
	var key crypto.Signer
	var err error
	switch *kind {
	case "rsa":
		key, err = rsa.GenerateKey(rand.Reader, 2048)
	case "p256":
		key, err = ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	case "p384":
		key, err = ecdsa.GenerateKey(elliptic.P384(), rand.Reader)
	case "ed25519":
		_, key, err = ed25519.GenerateKey(rand.Reader)
	default:
		ts.Fatalf("mkcert: unknown key kind %q", *kind)
	}
	ts.Check(err)
	ku := map[string]x509.KeyUsage{
		"digitalSignature": x509.KeyUsageDigitalSignature,
		"nonRepudiation":   x509.KeyUsageContentCommitment,
		"keyEncipherment":  x509.KeyUsageKeyEncipherment,
		"none":             0,
	}
	u, ok := ku[*usage]
	if !ok {
		ts.Fatalf("mkcert: unknown usage %q", *usage)
	}
	if *isCA {
		u |= x509.KeyUsageCertSign
	}
	if *cn == "" {
		*cn = name
	}
	now := time.Now()
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 62))
	ts.Check(err)
	tmpl := &x509.Certificate{
		SerialNumber:          serial,
		Subject:               pkix.Name{CommonName: *cn, Organization: []string{"Example Bank"}, Country: []string{"PT"}},
		NotBefore:             now.Add(-time.Hour),
		NotAfter:              now.Add(365 * 24 * time.Hour),
		KeyUsage:              u,
		BasicConstraintsValid: true,
		IsCA:                  *isCA,
	}
	if *expired {
		tmpl.NotBefore, tmpl.NotAfter = now.Add(-730*24*time.Hour), now.Add(-365*24*time.Hour)
	}
	parent, signer := tmpl, key
	var chain []*x509.Certificate
	if *caName != "" {
		caPEM, err := os.ReadFile(ts.MkAbs(*caName + ".pem"))
		ts.Check(err)
		b, _ := pem.Decode(caPEM)
		caCert, err := x509.ParseCertificate(b.Bytes)
		ts.Check(err)
		keyPEM, err := os.ReadFile(ts.MkAbs(*caName + ".key"))
		ts.Check(err)
		kb, _ := pem.Decode(keyPEM)
		caKey, err := x509.ParsePKCS8PrivateKey(kb.Bytes)
		ts.Check(err)
		parent, signer, chain = caCert, caKey.(crypto.Signer), []*x509.Certificate{caCert}
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, parent, key.Public(), signer)
	ts.Check(err)
	certPEM := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
	for _, c := range chain {
		certPEM = append(certPEM, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: c.Raw})...)
	}
	ts.Check(os.WriteFile(ts.MkAbs(name+".pem"), certPEM, 0o644))
	k8, err := x509.MarshalPKCS8PrivateKey(key)
	ts.Check(err)
	ts.Check(os.WriteFile(ts.MkAbs(name+".key"), pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: k8}), 0o600))
	if *p12 != "" {
		cert, err := x509.ParseCertificate(der)
		ts.Check(err)
		data, err := pkcs12.Modern.Encode(key, cert, chain, *p12)
		ts.Check(err)
		ts.Check(os.WriteFile(ts.MkAbs(name+".p12"), data, 0o600))
	}
}
