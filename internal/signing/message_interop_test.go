package signing

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestInteropMessage: the record-signature message (Message) is what
// ssh-keygen -Y verify checks: a signature lia makes over it verifies with
// OpenSSH alone, and not over the record alone or with another claim; one
// ssh-keygen -Y sign makes over it verifies in lia, byte for byte lia's own.
func TestInteropMessage(t *testing.T) {
	sshKeygen(t)
	dir := t.TempDir()
	keyPath := filepath.Join(dir, "id_ed25519")
	if _, stderr, err := runSSHKeygen(t, nil, nil, "-q", "-t", "ed25519", "-N", "", "-C", "zoe", "-f", keyPath); err != nil {
		t.Fatalf("ssh-keygen -t ed25519: %v\n%s", err, stderr)
	}
	pem, err := os.ReadFile(keyPath)
	if err != nil {
		t.Fatal(err)
	}
	signer, err := ParsePrivateKey(pem, nil)
	if err != nil {
		t.Fatal(err)
	}
	pub, err := os.ReadFile(keyPath + ".pub")
	if err != nil {
		t.Fatal(err)
	}
	allowed := filepath.Join(dir, "allowed_signers")
	writeFile(t, allowed, []byte(`zoe@example.com namespaces="lia-assessment" `+string(pub)), 0o644)

	rec := canonicalRecord(t)
	claims := Claims{Key: Fingerprint(signer.PublicKey()), Role: "dpo", SignedAt: "2026-11-23T10:00:00Z", Signer: "Zoë Ångström <zoe@example.com>"}
	msg, err := Message(rec, claims)
	if err != nil {
		t.Fatal(err)
	}
	ours, err := Sign(signer, Namespace, msg)
	if err != nil {
		t.Fatal(err)
	}
	sigPath := filepath.Join(dir, "msg.sig")
	writeFile(t, sigPath, ours, 0o644)
	verify := func(m []byte) (string, error) {
		out, stderr, err := runSSHKeygen(t, m, nil, "-Y", "verify", "-f", allowed, "-I", "zoe@example.com", "-n", Namespace, "-s", sigPath)
		return out + stderr, err
	}
	if out, err := verify(msg); err != nil || !strings.Contains(out, `Good "lia-assessment" signature for zoe@example.com`) {
		t.Fatalf("ssh-keygen -Y verify over the message: %v\n%s", err, out)
	}
	if _, err := verify(rec); err == nil {
		t.Error("ssh-keygen verified the signature over the record alone")
	}
	relabelled := claims
	relabelled.Role = "assessor"
	other, _ := Message(rec, relabelled)
	if _, err := verify(other); err == nil {
		t.Error("ssh-keygen verified the signature with another role")
	}

	msgPath := filepath.Join(dir, "msg.json")
	writeFile(t, msgPath, msg, 0o644)
	if _, stderr, err := runSSHKeygen(t, nil, nil, "-Y", "sign", "-f", keyPath, "-n", Namespace, msgPath); err != nil {
		t.Fatalf("ssh-keygen -Y sign: %v\n%s", err, stderr)
	}
	theirs, err := os.ReadFile(msgPath + ".sig")
	if err != nil {
		t.Fatal(err)
	}
	if got, err := Verify(theirs, Namespace, msg); err != nil || Fingerprint(got) != claims.Key {
		t.Fatalf("lia does not verify ssh-keygen's signature over the message: %v", err)
	}
	if !bytes.Equal(bytes.TrimSpace(theirs), bytes.TrimSpace(ours)) {
		t.Errorf("ssh-keygen's signature differs from lia's:\n%s\n%s", theirs, ours)
	}
}
