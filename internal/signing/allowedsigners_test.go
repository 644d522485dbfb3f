package signing

import (
	"crypto/rand"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/ssh"
)

func authorizedKey(t testing.TB, s ssh.Signer) string {
	t.Helper()
	return strings.TrimSpace(string(ssh.MarshalAuthorizedKey(s.PublicKey())))
}

func TestParseAllowedSigners(t *testing.T) {
	k1 := authorizedKey(t, testSigner(t, 1))
	k2 := authorizedKey(t, testSigner(t, 2))
	file := fmt.Sprintf(`# comment
   # indented comment

alice@example.com %s alice's laptop
bob@example.com,*@dpo.example.com namespaces="lia-assessment,file" %s
carol@example.com Valid-After="20240101Z",VALID-BEFORE="20250101123000Z" %s
*@example.com cert-authority %s
"dave smith" %s
erin@example.com	namespaces="a\"b"	%s
`, k1, k2, k1, k2, k1, k2)
	signers, err := ParseAllowedSigners(strings.NewReader(file), "allowed_signers")
	if err != nil {
		t.Fatal(err)
	}
	if len(signers) != 6 {
		t.Fatalf("got %d signers, want 6", len(signers))
	}
	check := func(i int, field, got, want string) {
		t.Helper()
		if got != want {
			t.Errorf("signer %d %s = %q, want %q", i, field, got, want)
		}
	}
	check(0, "principals", strings.Join(signers[0].Principals, "|"), "alice@example.com")
	check(0, "source", signers[0].Source, "allowed_signers:4")
	check(0, "key", authorizedKey(t, testSigner(t, 1)), strings.TrimSpace(string(ssh.MarshalAuthorizedKey(signers[0].Key))))
	if signers[0].Namespaces != nil || signers[0].CertAuthority {
		t.Errorf("signer 0 has options it should not: %+v", signers[0])
	}
	check(1, "principals", strings.Join(signers[1].Principals, "|"), "bob@example.com|*@dpo.example.com")
	check(1, "namespaces", strings.Join(signers[1].Namespaces, "|"), "lia-assessment|file")
	check(2, "valid-after", signers[2].ValidAfter.Format(time.RFC3339), "2024-01-01T00:00:00Z")
	check(2, "valid-before", signers[2].ValidBefore.Format(time.RFC3339), "2025-01-01T12:30:00Z")
	if !signers[3].CertAuthority {
		t.Errorf("signer 3 is not a cert authority")
	}
	check(4, "principals", strings.Join(signers[4].Principals, "|"), "dave smith")
	check(5, "namespaces", strings.Join(signers[5].Namespaces, "|"), `a"b`)
}

func TestParseAllowedSignersErrors(t *testing.T) {
	k := authorizedKey(t, testSigner(t, 1))
	keyType, b64, _ := strings.Cut(k, " ")
	tests := []struct {
		line    string
		wantErr string
	}{
		{"alice@example.com", "allowed_signers:2: missing key"},
		{"alice@example.com ", "missing key"},
		{"alice@example.com " + keyType, "missing key"},
		{"alice@example.com " + keyType + " !!!!", "invalid key"},
		{"alice@example.com ssh-rsa " + b64, "key type is ssh-ed25519, but the line says ssh-rsa"},
		{"alice@example.com namespaces=lia-assessment " + k, "missing start quote"},
		{`alice@example.com namespaces="lia-assessment ` + k, "unterminated quote"},
		{`alice@example.com namespaces="a",namespaces="b" ` + k, "multiple"},
		{`alice@example.com valid-after="2024" ` + k, "valid-after"},
		{`alice@example.com valid-after="2024010X" ` + k, "valid-after"},
		{`alice@example.com valid-after="20241301Z" ` + k, "valid-after"},
		{`alice@example.com valid-after="20250101Z",valid-before="20240101Z" ` + k, "not after"},
		{`alice@example.com valid-after="20250101Z",valid-after="20250101Z" ` + k, "multiple"},
		{`alice@example.com verify-required ` + k, `unsupported option "verify-required"`},
		{`alice@example.com cert-authority, ` + k, "unexpected end of options"},
		{`alice@example.com cert-authorityx ` + k, "unexpected"},
		{`alice@example.com namespaces="a"x ` + k, "unexpected"},
		{`"alice ` + k, "unterminated quote"},
		{`"" ` + k, "empty principals"},
		{`alice@example.com cert-authority`, "missing key"},
		{"alice@example.com\x00evil " + k, "nul byte"},
	}
	for _, tt := range tests {
		in := "# first line\n" + tt.line + "\n"
		_, err := ParseAllowedSigners(strings.NewReader(in), "allowed_signers")
		if err == nil {
			t.Errorf("%q: no error", tt.line)
			continue
		}
		if !strings.Contains(err.Error(), tt.wantErr) || !strings.HasPrefix(err.Error(), "allowed_signers:2: ") {
			t.Errorf("%q: error %q, want allowed_signers:2: and %q", tt.line, err, tt.wantErr)
		}
	}
}

func TestParseAllowedSignersLongLine(t *testing.T) {
	in := strings.Repeat("a", maxLine+10) + "\n"
	if _, err := ParseAllowedSigners(strings.NewReader(in), "f"); err == nil || !strings.HasPrefix(err.Error(), "f:1: ") {
		t.Errorf("err = %v, want f:1: ...", err)
	}
}

func TestMatchPattern(t *testing.T) {
	tests := []struct {
		s, pattern string
		want       bool
	}{
		{"alice@example.com", "alice@example.com", true},
		{"alice@example.com", "*@example.com", true},
		{"alice@example.com", "*", true},
		{"", "*", true},
		{"", "", true},
		{"a", "", false},
		{"alice@example.com", "?lice@example.com", true},
		{"alice@example.com", "alice@example.co", false},
		{"alice@example.com", "*@example.org", false},
		{"aXbXc", "a*b*c", true},
		{"abc", "a*b*c*", true},
		{"ab", "a?b", false},
		{"Alice@example.com", "alice@example.com", false},
	}
	for _, tt := range tests {
		if got := matchPattern(tt.s, tt.pattern); got != tt.want {
			t.Errorf("matchPattern(%q, %q) = %v, want %v", tt.s, tt.pattern, got, tt.want)
		}
	}
	if matchPatternList("lia-assessment", []string{"*", "!lia-*"}) {
		t.Error("a negated pattern must win over a positive one")
	}
	if !matchPatternList("lia-assessment", []string{"git", "lia-*"}) {
		t.Error("the second pattern should match")
	}
	if matchPatternList("lia-assessment", []string{"!git"}) {
		t.Error("only negated patterns never match")
	}
}

func TestMatch(t *testing.T) {
	alice, bob, carol, mallory := testSigner(t, 1), testSigner(t, 2), testSigner(t, 3), testSigner(t, 4)
	file := fmt.Sprintf(`alice@example.com,a.smith@example.com %s
bob@example.com namespaces="file,git" %s
carol@example.com valid-after="20240101Z",valid-before="20250101Z" %s
`, authorizedKey(t, alice), authorizedKey(t, bob), authorizedKey(t, carol))
	signers, err := ParseAllowedSigners(strings.NewReader(file), "allowed_signers")
	if err != nil {
		t.Fatal(err)
	}
	in2024 := time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC)
	in2026 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

	got, err := Match(signers, alice.PublicKey(), Namespace, in2026)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(got, ",") != "alice@example.com,a.smith@example.com" {
		t.Errorf("alice's principals = %q", got)
	}
	if got, err := Match(signers, carol.PublicKey(), Namespace, in2024); err != nil || strings.Join(got, ",") != "carol@example.com" {
		t.Errorf("carol in 2024: %q, %v", got, err)
	}

	tests := []struct {
		name    string
		key     ssh.PublicKey
		at      time.Time
		wantIs  error
		wantMsg string
	}{
		{"key not listed", mallory.PublicKey(), in2026, ErrKeyNotListed,
			"key " + Fingerprint(mallory.PublicKey()) + ": not listed in allowed signers"},
		{"namespace not allowed", bob.PublicKey(), in2026, ErrNamespaceNotAllowed,
			`namespace not allowed: "lia-assessment" is not in namespaces="file,git" (allowed_signers:2)`},
		{"expired", carol.PublicKey(), in2026, ErrKeyNotValid, "expired at 2025-01-01T00:00:00Z (allowed_signers:3)"},
		{"not yet valid", carol.PublicKey(), time.Date(2023, 12, 31, 23, 59, 59, 0, time.UTC), ErrKeyNotValid,
			"not valid before 2024-01-01T00:00:00Z"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Match(signers, tt.key, Namespace, tt.at)
			if err == nil {
				t.Fatalf("Match = %q, want an error", got)
			}
			if !errors.Is(err, tt.wantIs) {
				t.Errorf("error %q is not %v", err, tt.wantIs)
			}
			if !strings.Contains(err.Error(), tt.wantMsg) {
				t.Errorf("error %q does not contain %q", err, tt.wantMsg)
			}
		})
	}
	// Validity bounds are inclusive, as in ssh-keygen.
	if _, err := Match(signers, carol.PublicKey(), Namespace, time.Date(2025, 1, 1, 0, 0, 0, 500, time.UTC)); err != nil {
		t.Errorf("at valid-before: %v", err)
	}
	if _, err := Match(nil, alice.PublicKey(), Namespace, in2026); !errors.Is(err, ErrKeyNotListed) {
		t.Errorf("empty allowed signers: %v", err)
	}
}

// TestMatchSecondLineWins: a key listed twice is allowed if either line
// allows it, as ssh-keygen reads the file.
func TestMatchSecondLineWins(t *testing.T) {
	alice := testSigner(t, 1)
	k := authorizedKey(t, alice)
	file := fmt.Sprintf("old@example.com namespaces=\"git\" %s\nalice@example.com %s\n", k, k)
	signers, err := ParseAllowedSigners(strings.NewReader(file), "f")
	if err != nil {
		t.Fatal(err)
	}
	got, err := Match(signers, alice.PublicKey(), Namespace, time.Now())
	if err != nil || strings.Join(got, ",") != "alice@example.com" {
		t.Errorf("Match = %q, %v", got, err)
	}
}

func TestMatchCertificates(t *testing.T) {
	ca, user, other := testSigner(t, 5), testSigner(t, 6), testSigner(t, 7)
	now := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	makeCert := func(signer ssh.Signer, typ uint32, principals ...string) *ssh.Certificate {
		c := &ssh.Certificate{
			Key:             user.PublicKey(),
			CertType:        typ,
			KeyId:           "user",
			ValidPrincipals: principals,
			ValidAfter:      uint64(now.Add(-time.Hour).Unix()),
			ValidBefore:     uint64(now.Add(time.Hour).Unix()),
		}
		if err := c.SignCert(rand.Reader, signer); err != nil {
			t.Fatal(err)
		}
		return c
	}
	file := fmt.Sprintf("*@example.com cert-authority %s\n%s %s\n",
		authorizedKey(t, ca), "plain@example.com", authorizedKey(t, ca))
	signers, err := ParseAllowedSigners(strings.NewReader(file), "f")
	if err != nil {
		t.Fatal(err)
	}
	got, err := Match(signers, makeCert(ca, ssh.UserCert, "alice@example.com", "alice@elsewhere.org"), Namespace, now)
	if err != nil || strings.Join(got, ",") != "alice@example.com" {
		t.Errorf("valid certificate: %q, %v", got, err)
	}
	if _, err := Match(signers, makeCert(other, ssh.UserCert, "alice@example.com"), Namespace, now); !errors.Is(err, ErrKeyNotListed) {
		t.Errorf("certificate from an unknown CA: %v", err)
	}
	if _, err := Match(signers, makeCert(ca, ssh.UserCert, "alice@elsewhere.org"), Namespace, now); err == nil {
		t.Error("certificate whose principals the line does not allow: no error")
	}
	if _, err := Match(signers, makeCert(ca, ssh.HostCert, "alice@example.com"), Namespace, now); err == nil {
		t.Error("host certificate: no error")
	}
	if _, err := Match(signers, makeCert(ca, ssh.UserCert, "alice@example.com"), Namespace, now.Add(2*time.Hour)); err == nil {
		t.Error("expired certificate: no error")
	}
	// The CA key itself, listed as a plain key on line 2, signs as itself.
	if got, err := Match(signers, ca.PublicKey(), Namespace, now); err != nil || strings.Join(got, ",") != "plain@example.com" {
		t.Errorf("CA key as a plain key: %q, %v", got, err)
	}
	// A cert-authority line alone never trusts the CA key's own signatures.
	caOnly := signers[:1]
	if _, err := Match(caOnly, ca.PublicKey(), Namespace, now); !errors.Is(err, ErrKeyNotListed) {
		t.Errorf("CA key with only a cert-authority line: %v", err)
	}
}

func FuzzParseAllowedSigners(f *testing.F) {
	k := authorizedKey(f, testSigner(f, 1))
	seeds := []string{
		"alice@example.com " + k + "\n",
		"# comment\n\n*@example.com cert-authority " + k + " ca\n",
		`bob@example.com,!eve@example.com namespaces="lia-assessment,git",valid-after="20240101",valid-before="202501011230Z" ` + k + "\n",
		`"a b" ` + k,
		`x namespaces="a\"b" ` + k,
		`x valid-after="20240101",valid-before="20230101" ` + k,
		"x ssh-ed25519 AAAA\n",
		"x \"\n",
	}
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	// Seeds from testdata, which the interop test also gives to ssh-keygen.
	if data, err := os.ReadFile(filepath.Join("testdata", "allowed_signers")); err == nil {
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		signers, err := ParseAllowedSigners(strings.NewReader(string(data)), "fuzz")
		if err != nil {
			if !strings.HasPrefix(err.Error(), "fuzz:") {
				t.Fatalf("error %q does not name the file", err)
			}
			return
		}
		for _, s := range signers {
			if s.Key == nil || len(s.Principals) == 0 || s.Source == "" {
				t.Fatalf("incomplete signer %+v", s)
			}
			if !s.ValidAfter.IsZero() && !s.ValidBefore.IsZero() && !s.ValidBefore.After(s.ValidAfter) {
				t.Fatalf("valid-before %v not after valid-after %v", s.ValidBefore, s.ValidAfter)
			}
			// Matching must never panic, whatever the line held.
			Match(signers, s.Key, Namespace, time.Unix(1700000000, 0))
		}
	})
}

// TestMatchIdentity: the identity must match one of the key's principal
// patterns, case-sensitively; wildcards work as in ssh-keygen.
func TestMatchIdentity(t *testing.T) {
	priv, pubLine, err := GenerateKey(rand.Reader, "", nil)
	if err != nil {
		t.Fatal(err)
	}
	_ = priv
	pub, _, _, _, err := ssh.ParseAuthorizedKey(pubLine)
	if err != nil {
		t.Fatal(err)
	}
	file := "ana@example.com,*@ops.example.com namespaces=\"lia-assessment\" " + strings.TrimSpace(string(pubLine)) + "\n"
	signers, err := ParseAllowedSigners(strings.NewReader(file), "allowed")
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)
	for id, want := range map[string]bool{
		"ana@example.com":     true,
		"bob@ops.example.com": true,
		"ANA@example.com":     false,
		"eve@example.com":     false,
	} {
		err := MatchIdentity(signers, pub, Namespace, id, now)
		if (err == nil) != want {
			t.Errorf("%s: err = %v, want match %v", id, err, want)
		}
	}
	if err := MatchIdentity(signers, pub, "git", "ana@example.com", now); err == nil {
		t.Error("namespace git was allowed")
	}
}
