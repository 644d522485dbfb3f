package signing

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"encoding/pem"
	"errors"
	"io/fs"
	"runtime"
	"strings"
	"testing"

	"golang.org/x/crypto/ssh"
)

func TestGenerateKeyRoundTrip(t *testing.T) {
	priv, pub, err := GenerateKey(rand.Reader, "alice@example.com", nil)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(priv, []byte("-----BEGIN OPENSSH PRIVATE KEY-----\n")) {
		t.Errorf("private key is not in OpenSSH format:\n%s", priv)
	}
	if !bytes.HasPrefix(pub, []byte("ssh-ed25519 AAAA")) || !bytes.HasSuffix(pub, []byte(" alice@example.com\n")) {
		t.Errorf("public key line = %q", pub)
	}
	signer, err := ParsePrivateKey(priv, nil)
	if err != nil {
		t.Fatal(err)
	}
	parsed, comment, _, _, err := ssh.ParseAuthorizedKey(pub)
	if err != nil {
		t.Fatal(err)
	}
	if comment != "alice@example.com" {
		t.Errorf("comment = %q", comment)
	}
	if !bytes.Equal(parsed.Marshal(), signer.PublicKey().Marshal()) {
		t.Errorf("public key line does not match the private key")
	}
}

func TestGenerateKeyEncrypted(t *testing.T) {
	priv, pub, err := GenerateKey(rand.Reader, "", []byte("correct horse"))
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(pub, []byte("  ")) || !bytes.HasSuffix(pub, []byte("\n")) || bytes.Count(pub, []byte(" ")) != 1 {
		t.Errorf("public key line without comment = %q", pub)
	}
	if _, err := ParsePrivateKey(priv, nil); err == nil || !strings.Contains(err.Error(), "encrypted") {
		t.Errorf("no passphrase func: err = %v, want one saying the key is encrypted", err)
	}
	wrong := func() ([]byte, error) { return []byte("wrong"), nil }
	if _, err := ParsePrivateKey(priv, wrong); !errors.Is(err, ErrIncorrectPassphrase) {
		t.Errorf("wrong passphrase: err = %v, want ErrIncorrectPassphrase", err)
	}
	failing := func() ([]byte, error) { return nil, errors.New("no tty") }
	if _, err := ParsePrivateKey(priv, failing); err == nil || !strings.Contains(err.Error(), "no tty") {
		t.Errorf("failing passphrase func: err = %v", err)
	}
	calls := 0
	right := func() ([]byte, error) { calls++; return []byte("correct horse"), nil }
	signer, err := ParsePrivateKey(priv, right)
	if err != nil {
		t.Fatal(err)
	}
	if calls != 1 {
		t.Errorf("passphrase asked %d times, want 1", calls)
	}
	parsed, _, _, _, err := ssh.ParseAuthorizedKey(pub)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(parsed.Marshal(), signer.PublicKey().Marshal()) {
		t.Errorf("public key line does not match the private key")
	}
}

func TestGenerateKeyRejectsMultilineComment(t *testing.T) {
	if _, _, err := GenerateKey(rand.Reader, "a\nb", nil); err == nil {
		t.Error("no error for a comment with a newline")
	}
}

func TestParsePrivateKeyRejects(t *testing.T) {
	ec, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	block, err := ssh.MarshalPrivateKey(ec, "")
	if err != nil {
		t.Fatal(err)
	}
	inputs := map[string][]byte{
		"ecdsa":   pem.EncodeToMemory(block),
		"garbage": []byte("not a key"),
		"empty":   nil,
		"public":  []byte("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl\n"),
	}
	for name, in := range inputs {
		if _, err := ParsePrivateKey(in, nil); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
	if _, err := ParsePrivateKey(pem.EncodeToMemory(block), nil); err == nil || !strings.Contains(err.Error(), "ed25519") {
		t.Errorf("ecdsa: err = %v, want one naming ed25519", err)
	}
}

// TestCheckKeyPermissions checks the permission bits as on every system but
// Windows (TestCheckKeyPermissionsWindows has the rest).
func TestCheckKeyPermissions(t *testing.T) {
	tests := []struct {
		mode    fs.FileMode
		wantErr string
	}{
		{0o600, ""},
		{0o400, ""},
		{0o700, ""},
		{0o644, "permissions 0644 for id_ed25519 are too open; run chmod 600 id_ed25519"},
		{0o640, "permissions 0640 for id_ed25519 are too open"},
		{0o604, "permissions 0604"},
		{0o620, "permissions 0620"}, // group-writable: ssh refuses it too
		{0o601, "permissions 0601"},
		{fs.ModeDir | 0o700, "not a regular file"},
		{fs.ModeSymlink | 0o600, "not a regular file"},
	}
	for _, tt := range tests {
		err := checkKeyPermissions("id_ed25519", tt.mode, true)
		if tt.wantErr == "" {
			if err != nil {
				t.Errorf("mode %v: %v", tt.mode, err)
			}
			continue
		}
		if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
			t.Errorf("mode %v: err = %v, want %q", tt.mode, err, tt.wantErr)
		}
	}
}

// TestCheckKeyPermissionsWindows: where the permission bits mean nothing, a
// key is refused only when it is not a regular file, and the bits are checked
// everywhere else.
func TestCheckKeyPermissionsWindows(t *testing.T) {
	if permissionBits != (runtime.GOOS != "windows") {
		t.Errorf("permissionBits = %v on %s", permissionBits, runtime.GOOS)
	}
	for _, mode := range []fs.FileMode{0o666, 0o644, 0o444, 0o600} {
		if err := checkKeyPermissions("id_ed25519", mode, false); err != nil {
			t.Errorf("mode %v without permission bits: %v", mode, err)
		}
	}
	if err := checkKeyPermissions("id_ed25519", fs.ModeDir|0o777, false); err == nil || !strings.Contains(err.Error(), "not a regular file") {
		t.Errorf("directory without permission bits: err = %v", err)
	}
}
