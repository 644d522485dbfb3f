package main

import (
	"bytes"
	"crypto/ed25519"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/crypto/ssh"
)

// TestCompletionValuesAccepted: every value shell completion offers is one
// the command accepts, and the command does check the flag (a made-up value
// is a usage error with the same arguments), so the two lists cannot drift.
func TestCompletionValuesAccepted(t *testing.T) {
	dir := filepath.Join("..", "..", "testdata", "examples")
	rec := filepath.Join(dir, "fraud-detection.lia.yaml")
	other := filepath.Join(dir, "support-assistant-authorised.lia.yaml")
	pub, _, err := ed25519.GenerateKey(nil)
	if err != nil {
		t.Fatal(err)
	}
	sshPub, err := ssh.NewPublicKey(pub)
	if err != nil {
		t.Fatal(err)
	}
	allowed := filepath.Join(t.TempDir(), "allowed_signers")
	if err := os.WriteFile(allowed, append([]byte(`a@example.com namespaces="lia-assessment" `), ssh.MarshalAuthorizedKey(sshPub)...), 0o644); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		flag      string
		values    []string
		args      func(v string) []string
		unchecked bool // the command takes any value (validate counts roles it does not know)
	}{
		{"role", flagValues["role"], func(v string) []string {
			return []string{"sign", rec, "--key", filepath.Join(t.TempDir(), "none"), "--signer", "A <a@example.com>", "--role", v}
		}, false},
		{"require-role", flagValues["require-role"], func(v string) []string { return []string{"validate", dir, "--require-role", v} }, true},
		{"require-role", flagValues["require-role"], func(v string) []string {
			return []string{"verify", rec, "--allowed-signers", allowed, "--require-role", v}
		}, false},
		{"fail-on", flagValues["fail-on"], func(v string) []string { return []string{"validate", dir, "--fail-on", v} }, false},
		{"format", formatValues["validate"], func(v string) []string { return []string{"validate", dir, "--format", v} }, false},
		{"format", formatValues["verify"], func(v string) []string { return []string{"verify", rec, "--format", v} }, false},
		{"format", formatValues["diff"], func(v string) []string { return []string{"diff", rec, other, "--format", v} }, false},
	}
	code := func(args []string) (int, string) {
		var out, errb bytes.Buffer
		return run(args, &streams{In: strings.NewReader(""), Out: &out, Err: &errb}), errb.String()
	}
	for _, c := range cases {
		if len(c.values) == 0 {
			t.Errorf("--%s: no completion values", c.flag)
		}
		for _, v := range c.values {
			if got, stderr := code(c.args(v)); got == exitUsage {
				t.Errorf("lia %s: exit %d, but completion offers %q: %s", strings.Join(c.args(v), " "), got, v, stderr)
			}
		}
		if got, _ := code(c.args("no-such-value")); got != exitUsage && !c.unchecked {
			t.Errorf("lia %s: exit %d, want %d (does the command check --%s?)", strings.Join(c.args("no-such-value"), " "), got, exitUsage, c.flag)
		}
	}
	for _, g := range flagValues["glob"] {
		if ok, err := filepath.Match(g, "x.lia.yaml"); err != nil || !ok && !strings.HasSuffix(g, ".yml") {
			t.Errorf("--glob %q: %v, %v", g, ok, err)
		}
	}
}
