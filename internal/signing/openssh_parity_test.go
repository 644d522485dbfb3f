package signing

import (
	//lint:ignore SA1019 the test makes a real DSA signature to show that lia refuses it
	"crypto/dsa"
	"crypto/rand"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/ssh"
)

// TestLongSubPatternsNeverMatch: as OpenSSH's match_pattern_list, a
// pattern-list with a sub-pattern of 1,023 bytes or more matches nothing,
// even when another sub-pattern matches; 1,022 bytes still match.
func TestLongSubPatternsNeverMatch(t *testing.T) {
	key := authorizedKey(t, testSigner(t, 1))
	pub := testSigner(t, 1).PublicKey()
	at := time.Now()
	for _, tc := range []struct {
		principals string
		match      bool
	}{
		{"alice@example.com," + strings.Repeat("a", 1022), true},
		{strings.Repeat("a", 1022) + ",alice@example.com", true},
		{"alice@example.com," + strings.Repeat("a", 1023), false},
		{strings.Repeat("*", 1023) + ",alice@example.com", false},
		{"alice@example.com,!" + strings.Repeat("a", 1023), false},
		{"alice@example.com,!" + strings.Repeat("a", 1022), true},
		{"*" + strings.Repeat("m", 1100), false},
	} {
		signers, err := ParseAllowedSigners(strings.NewReader(tc.principals+" "+key), "allowed_signers")
		if err != nil {
			t.Fatal(err)
		}
		err = MatchIdentity(signers, pub, Namespace, "alice@example.com", at)
		if (err == nil) != tc.match {
			t.Errorf("principals of %d bytes (%.20q...): MatchIdentity = %v, want a match: %v", len(tc.principals), tc.principals, err, tc.match)
		}
	}
	// Namespaces are pattern-lists too.
	long := `alice@example.com namespaces="lia-assessment,` + strings.Repeat("x", 1023) + `" ` + key
	signers, err := ParseAllowedSigners(strings.NewReader(long), "allowed_signers")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Match(signers, pub, Namespace, at); !errors.Is(err, ErrNamespaceNotAllowed) {
		t.Errorf("namespaces with a 1,023-byte pattern: Match = %v, want ErrNamespaceNotAllowed", err)
	}
}

// TestInteropLongSubPatterns: ssh-keygen and lia agree at the limit.
func TestInteropLongSubPatterns(t *testing.T) {
	sshKeygen(t)
	dir := t.TempDir()
	msg := canonicalRecord(t)
	sig, err := Sign(testSigner(t, 1), Namespace, msg)
	if err != nil {
		t.Fatal(err)
	}
	sigPath := filepath.Join(dir, "m.sig")
	writeFile(t, sigPath, sig, 0o644)
	for _, n := range []int{1021, 1022, 1023, 1024, 2000} {
		line := "alice@example.com," + strings.Repeat("a", n) + " " + authorizedKey(t, testSigner(t, 1))
		path := filepath.Join(dir, "allowed_signers")
		writeFile(t, path, []byte(line+"\n"), 0o644)
		_, _, err := runSSHKeygen(t, msg, nil, "-Y", "verify", "-f", path, "-I", "alice@example.com", "-n", Namespace, "-s", sigPath)
		signers, perr := ParseAllowedSigners(strings.NewReader(line), "allowed_signers")
		if perr != nil {
			t.Fatal(perr)
		}
		lia := MatchIdentity(signers, testSigner(t, 1).PublicKey(), Namespace, "alice@example.com", time.Now())
		if (err == nil) != (lia == nil) {
			t.Errorf("a %d-byte sub-pattern: ssh-keygen -Y verify: %v; lia: %v", n, err, lia)
		}
	}
}

// dsaSigner makes a 1024-bit DSA key, as ssh-keygen -t dsa did.
func dsaSigner(t *testing.T) ssh.Signer {
	t.Helper()
	var k dsa.PrivateKey
	if err := dsa.GenerateParameters(&k.Parameters, rand.Reader, dsa.L1024N160); err != nil {
		t.Fatal(err)
	}
	if err := dsa.GenerateKey(&k, rand.Reader); err != nil {
		t.Fatal(err)
	}
	s, err := ssh.NewSignerFromKey(&k)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestDSARefused: DSA keys in allowed signers and DSA signatures are
// refused, as OpenSSH 10 refuses them, though the signature is genuine.
func TestDSARefused(t *testing.T) {
	signer := dsaSigner(t)
	{
		line := "alice@example.com " + authorizedKey(t, signer)
		_, err := ParseAllowedSigners(strings.NewReader(line), "allowed_signers")
		if err == nil || !strings.Contains(err.Error(), "allowed_signers:1: invalid key: ssh-dss (DSA)") {
			t.Errorf("a DSA key in allowed signers: %v", err)
		}
	}
	// A genuine SSHSIG made with the DSA key, as ssh-keygen -Y sign made
	// them before OpenSSH 10.
	msg := []byte("the canonical record")
	h, err := messageHash(defaultHash, msg)
	if err != nil {
		t.Fatal(err)
	}
	raw, err := signer.Sign(rand.Reader, signedData(Namespace, defaultHash, h))
	if err != nil {
		t.Fatal(err)
	}
	if err := signer.PublicKey().Verify(signedData(Namespace, defaultHash, h), raw); err != nil {
		t.Fatalf("the DSA signature itself does not verify: %v", err)
	}
	armored := armor(marshalSignature(&Signature{PublicKey: signer.PublicKey(), Namespace: Namespace, HashAlgorithm: defaultHash, Signature: raw}))
	if _, err := Verify(armored, Namespace, msg); !errors.Is(err, errDSA) {
		t.Errorf("Verify of a DSA signature = %v, want errDSA", err)
	}
	// Nor does a certificate for a DSA key, or one a DSA authority signed.
	ed := testSigner(t, 2)
	for name, c := range map[string]struct {
		key ssh.PublicKey
		ca  ssh.Signer
	}{"DSA key": {signer.PublicKey(), ed}, "DSA authority": {ed.PublicKey(), signer}} {
		cert := &ssh.Certificate{Key: c.key, CertType: ssh.UserCert, ValidPrincipals: []string{"alice@example.com"}, ValidBefore: ssh.CertTimeInfinity}
		if err := cert.SignCert(rand.Reader, c.ca); err != nil {
			t.Fatal(err)
		}
		if !isDSA(cert) {
			t.Errorf("a certificate with a %s is not taken for DSA", name)
		}
	}
	if isDSA(ed.PublicKey()) {
		t.Error("an ed25519 key is taken for DSA")
	}
}
