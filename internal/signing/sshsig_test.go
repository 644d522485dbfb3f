package signing

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"encoding/base64"
	"strings"
	"testing"

	"golang.org/x/crypto/ssh"
)

// testSigner returns a fixed Ed25519 signer, so signatures are reproducible.
func testSigner(t testing.TB, seed byte) ssh.Signer {
	t.Helper()
	s, err := ssh.NewSignerFromKey(ed25519.NewKeyFromSeed(bytes.Repeat([]byte{seed}, ed25519.SeedSize)))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestSignVerifyRoundTrip(t *testing.T) {
	signer := testSigner(t, 1)
	msg := []byte(`{"apiVersion":"lia/v1"}`)
	sig, err := Sign(signer, Namespace, msg)
	if err != nil {
		t.Fatal(err)
	}
	pub, err := Verify(sig, Namespace, msg)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := Fingerprint(pub), Fingerprint(signer.PublicKey()); got != want {
		t.Errorf("Verify returned key %s, want %s", got, want)
	}
	again, err := Sign(signer, Namespace, msg)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(sig, again) {
		t.Errorf("ed25519 signatures should be deterministic")
	}
}

func TestSignArmor(t *testing.T) {
	sig, err := Sign(testSigner(t, 1), Namespace, []byte("x"))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(sig), "\n")
	if lines[0] != "-----BEGIN SSH SIGNATURE-----" {
		t.Errorf("first line = %q", lines[0])
	}
	if got := lines[len(lines)-2]; got != "-----END SSH SIGNATURE-----" {
		t.Errorf("last line = %q", got)
	}
	if got := lines[len(lines)-1]; got != "" {
		t.Errorf("armor should end with a newline, ends with %q", got)
	}
	body := lines[1 : len(lines)-2]
	for i, l := range body[:len(body)-1] {
		if len(l) != 70 {
			t.Errorf("line %d has %d characters, want 70", i+2, len(l))
		}
	}
	if n := len(body[len(body)-1]); n == 0 || n > 70 {
		t.Errorf("last base64 line has %d characters", n)
	}
}

func TestSignRefuses(t *testing.T) {
	ec, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	ecSigner, err := ssh.NewSignerFromKey(ec)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Sign(ecSigner, Namespace, []byte("x")); err == nil || !strings.Contains(err.Error(), "ed25519") {
		t.Errorf("Sign with ecdsa: err = %v, want a refusal naming ed25519", err)
	}
	if _, err := Sign(testSigner(t, 1), "", []byte("x")); err == nil {
		t.Errorf("Sign with empty namespace: no error")
	}
	if _, err := Sign(nil, Namespace, []byte("x")); err == nil {
		t.Errorf("Sign with nil signer: no error")
	}
}

// TestVerifyOtherKeyTypes: verification is not limited to Ed25519, so a
// record signed elsewhere with an ECDSA key still verifies.
func TestVerifyOtherKeyTypes(t *testing.T) {
	ec, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	signer, err := ssh.NewSignerFromKey(ec)
	if err != nil {
		t.Fatal(err)
	}
	msg := []byte("m")
	sig := makeSig(t, signer, Namespace, "sha256", msg, nil)
	if _, err := Verify(sig, Namespace, msg); err != nil {
		t.Errorf("ecdsa sha256: %v", err)
	}
}

// makeSig builds an SSHSIG by hand, optionally editing the blob, to make
// signatures Sign refuses to make.
func makeSig(t *testing.T, signer ssh.Signer, namespace, hashAlg string, msg []byte, edit func(*Signature)) []byte {
	t.Helper()
	h, err := messageHash(hashAlg, msg)
	if err != nil {
		t.Fatal(err)
	}
	sig, err := signer.Sign(rand.Reader, signedData(namespace, hashAlg, h))
	if err != nil {
		t.Fatal(err)
	}
	s := &Signature{PublicKey: signer.PublicKey(), Namespace: namespace, HashAlgorithm: hashAlg, Signature: sig}
	if edit != nil {
		edit(s)
	}
	return armor(marshalSignature(s))
}

func TestVerifyFails(t *testing.T) {
	signer := testSigner(t, 1)
	msg := []byte("the canonical bytes")
	good, err := Sign(signer, Namespace, msg)
	if err != nil {
		t.Fatal(err)
	}
	blob, err := dearmor(good)
	if err != nil {
		t.Fatal(err)
	}
	flipped := bytes.Clone(blob)
	flipped[len(flipped)-1] ^= 1 // last byte of the ed25519 signature

	tests := []struct {
		name    string
		sig     []byte
		ns      string
		msg     []byte
		wantErr string
	}{
		{"wrong namespace", mustSign(t, signer, "git", msg), Namespace, msg,
			`signature namespace is "git", expected "lia-assessment"`},
		{"verify in another namespace", good, "file", msg,
			`signature namespace is "lia-assessment", expected "file"`},
		{"tampered message", good, Namespace, []byte("the canonical bytes!"), "does not match"},
		{"tampered signature", armor(flipped), Namespace, msg, "does not match"},
		{"truncated armor", good[:len(good)-10], Namespace, msg, "does not end with"},
		{"truncated blob", armor(blob[:len(blob)-5]), Namespace, msg, "truncated blob"},
		{"trailing bytes", armor(append(bytes.Clone(blob), 0)), Namespace, msg, "unexpected bytes"},
		{"no armor", []byte(base64.StdEncoding.EncodeToString(blob)), Namespace, msg, "does not start with"},
		{"bad base64", []byte("-----BEGIN SSH SIGNATURE-----\n!!!!\n-----END SSH SIGNATURE-----\n"), Namespace, msg, "decoding signature"},
		{"bad magic", armor(append([]byte("SSHSIX"), blob[6:]...)), Namespace, msg, "bad magic"},
		{"bad version", armor(append(append([]byte("SSHSIG"), 0, 0, 0, 2), blob[10:]...)), Namespace, msg, "version 2"},
		{"unsupported hash", makeSig(t, signer, Namespace, "sha256", msg, func(s *Signature) { s.HashAlgorithm = "md5" }), Namespace, msg,
			`hash algorithm "md5"`},
		{"hash name swapped", makeSig(t, signer, Namespace, "sha256", msg, func(s *Signature) { s.HashAlgorithm = "sha512" }), Namespace, msg,
			"does not match"},
		{"other key in blob", makeSig(t, signer, Namespace, "sha512", msg, func(s *Signature) { s.PublicKey = testSigner(t, 2).PublicKey() }), Namespace, msg,
			"does not match"},
		{"empty", nil, Namespace, msg, "does not start with"},
		{"bytes after the ed25519 signature", makeSig(t, signer, Namespace, "sha512", msg, func(s *Signature) { s.Signature.Rest = []byte{0} }), Namespace, msg,
			"unexpected bytes after the ssh-ed25519 signature"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pub, err := Verify(tt.sig, tt.ns, tt.msg)
			if err == nil {
				t.Fatalf("Verify succeeded with key %s, want an error", Fingerprint(pub))
			}
			if !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("error %q does not contain %q", err, tt.wantErr)
			}
		})
	}
}

func TestVerifySHA256(t *testing.T) {
	signer := testSigner(t, 1)
	msg := []byte("m")
	if _, err := Verify(makeSig(t, signer, Namespace, "sha256", msg, nil), Namespace, msg); err != nil {
		t.Errorf("sha256 signature: %v", err)
	}
}

func TestVerifyIgnoresReservedAndWhitespace(t *testing.T) {
	signer := testSigner(t, 1)
	msg := []byte("m")
	sig, err := Sign(signer, Namespace, msg)
	if err != nil {
		t.Fatal(err)
	}
	crlf := bytes.ReplaceAll(sig, []byte("\n"), []byte("\r\n"))
	for name, s := range map[string][]byte{
		"crlf":            crlf,
		"no final eol":    bytes.TrimSuffix(sig, []byte("\n")),
		"surrounding eol": append(append([]byte("\n"), sig...), '\n'),
	} {
		if _, err := Verify(s, Namespace, msg); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}

func TestFingerprint(t *testing.T) {
	// The interop test compares with ssh-keygen -lf; here only the shape.
	got := Fingerprint(testSigner(t, 1).PublicKey())
	if !strings.HasPrefix(got, "SHA256:") || strings.HasSuffix(got, "=") || len(got) != len("SHA256:")+43 {
		t.Errorf("Fingerprint = %q, want SHA256: and 43 unpadded base64 characters", got)
	}
}

func mustSign(t *testing.T, s ssh.Signer, ns string, msg []byte) []byte {
	t.Helper()
	sig, err := Sign(s, ns, msg)
	if err != nil {
		t.Fatal(err)
	}
	return sig
}

func TestParseSignature(t *testing.T) {
	sig := mustSign(t, testSigner(t, 3), "file", []byte("m"))
	s, err := ParseSignature(sig)
	if err != nil {
		t.Fatal(err)
	}
	if s.Namespace != "file" || s.HashAlgorithm != "sha512" || s.Signature.Format != ssh.KeyAlgoED25519 {
		t.Errorf("parsed %q %q %q", s.Namespace, s.HashAlgorithm, s.Signature.Format)
	}
	if _, err := ParseSignature([]byte("junk")); err == nil {
		t.Error("ParseSignature(junk): no error")
	}
}

func FuzzVerify(f *testing.F) {
	signer := testSigner(f, 1)
	msg := []byte("m")
	sig, err := Sign(signer, Namespace, msg)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(sig)
	f.Add([]byte("-----BEGIN SSH SIGNATURE-----\nU1NIU0lH\n-----END SSH SIGNATURE-----\n"))
	f.Fuzz(func(t *testing.T, armored []byte) {
		pub, err := Verify(armored, Namespace, msg)
		if err != nil {
			return
		}
		// Anything that verifies over msg must be a signature by a real
		// key; with one signer in the corpus, that is this one.
		if Fingerprint(pub) != Fingerprint(signer.PublicKey()) {
			t.Fatalf("verified with unexpected key %s", Fingerprint(pub))
		}
	})
}
