package trust

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/lia-project/lia/internal/assessment"
	"github.com/lia-project/lia/internal/gen"
	"github.com/lia-project/lia/internal/signing"
	"github.com/lia-project/lia/templates"
)

var signedAt = time.Date(2026, 11, 2, 10, 0, 0, 0, time.UTC)

// signed returns a generated record with one signature per role, the ith by
// gen.Key(i+1) for the ith letter @example.com, and the allowed signers that
// trust them all.
func signed(t testing.TB, roles ...string) (*assessment.Catalog, *assessment.Record, *AllowedSigners) {
	t.Helper()
	cat, err := assessment.Load(templates.FS)
	if err != nil {
		t.Fatal(err)
	}
	rec := gen.Record(cat, 1, 3)
	rec.Metadata.AssessedOn = "2026-11-01"
	var lines []string
	for i, role := range roles {
		email := string(rune('a'+i)) + "@example.com"
		key, line, err := gen.Key(int64(i+1), email)
		if err != nil {
			t.Fatal(err)
		}
		lines = append(lines, line)
		if err := Sign(cat.Questionnaire, rec, key, "P <"+email+">", role, signedAt); err != nil {
			t.Fatal(err)
		}
	}
	path := filepath.Join(t.TempDir(), "allowed_signers")
	if err := os.WriteFile(path, []byte(strings.Join(lines, "")), 0o644); err != nil {
		t.Fatal(err)
	}
	allowed, err := LoadAllowedSigners(path, 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	return cat, rec, allowed
}

// resign signs entry i of rec again, by the key signed gave it, after edit
// changes its claims: the record as a signer who claimed those would write it.
func resign(t *testing.T, cat *assessment.Catalog, rec *assessment.Record, i int, edit func(*assessment.Signature)) {
	t.Helper()
	key, _, err := gen.Key(int64(i+1), "")
	if err != nil {
		t.Fatal(err)
	}
	s := rec.Signatures[i]
	edit(&s)
	canon, err := rec.Canonical(cat.Questionnaire)
	if err != nil {
		t.Fatal(err)
	}
	msg, err := Message(canon, s)
	if err != nil {
		t.Fatal(err)
	}
	sig, err := signing.Sign(key, Namespace, msg)
	if err != nil {
		t.Fatal(err)
	}
	s.Signature = string(sig)
	rec.Signatures[i] = s
}

func statuses(cs []Check) []Status {
	var out []Status
	for _, c := range cs {
		out = append(out, c.Status)
	}
	return out
}

func TestKeyringStatuses(t *testing.T) {
	cat, rec, allowed := signed(t, "assessor", "dpo")
	now := signedAt.Add(time.Hour)
	for _, c := range []struct {
		name string
		k    Keyring
		edit func(*assessment.Record)
		want []Status
	}{
		{"trusted", Keyring{Allowed: allowed, Now: now}, nil, []Status{Trusted, Trusted}},
		{"no allowed signers", Keyring{Now: now}, nil, []Status{Untrusted, Untrusted}},
		{"other principal", Keyring{Allowed: allowed, Now: now}, func(r *assessment.Record) {
			resign(t, cat, r, 1, func(s *assessment.Signature) { s.Signer = "P <z@example.com>" })
		}, []Status{Trusted, UnknownSigner}},
		{"signer edited after signing", Keyring{Allowed: allowed, Now: now}, func(r *assessment.Record) { r.Signatures[1].Signer = "Q <b@example.com>" },
			[]Status{Trusted, Invalid}},
		{"role edited after signing", Keyring{Allowed: allowed, Now: now}, func(r *assessment.Record) { r.Signatures[0].Role = "dpo" },
			[]Status{Invalid, Trusted}},
		{"date edited after signing", Keyring{Allowed: allowed, Now: now}, func(r *assessment.Record) { r.Signatures[0].SignedAt = "2026-11-02T09:00:00Z" },
			[]Status{Invalid, Trusted}},
		{"changed record", Keyring{Allowed: allowed, Now: now}, func(r *assessment.Record) { r.Metadata.Title += "!" },
			[]Status{Invalid, Invalid}},
		{"unknown role", Keyring{Allowed: allowed, Now: now}, func(r *assessment.Record) { r.Signatures[0].Role = "boss" },
			[]Status{Invalid, Trusted}},
		{"before the assessment (a warning)", Keyring{Allowed: allowed, Now: now}, func(r *assessment.Record) {
			resign(t, cat, r, 0, func(s *assessment.Signature) { s.SignedAt = "2026-10-01T00:00:00Z" })
		}, []Status{Trusted, Trusted}},
		{"within the clock skew", Keyring{Allowed: allowed, Now: signedAt.Add(-ClockSkew + time.Second)}, nil, []Status{Trusted, Trusted}},
		{"in the future", Keyring{Allowed: allowed, Now: signedAt.Add(-ClockSkew - time.Second)}, nil, []Status{Invalid, Invalid}},
		{"copied entry", Keyring{Allowed: allowed, Now: now}, func(r *assessment.Record) {
			cp := r.Signatures[0]
			cp.Role = "approver"
			r.Signatures = append(r.Signatures, cp)
		}, []Status{Trusted, Trusted, Invalid}},
	} {
		r := *rec
		r.Signatures = slices.Clone(rec.Signatures)
		if c.edit != nil {
			c.edit(&r)
		}
		got, err := c.k.Verify(cat.Questionnaire, &r)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(statuses(got), c.want) {
			t.Errorf("%s: statuses %v, want %v (%+v)", c.name, statuses(got), c.want, got)
		}
	}
}

func TestPolicyCount(t *testing.T) {
	check := func(key, role string, st Status) Check { return Check{Key: key, Role: role, Status: st} }
	for _, c := range []struct {
		name   string
		checks []Check
		want   Tally
	}{
		{"trusted", []Check{check("a", "assessor", Trusted), check("b", "dpo", Trusted)}, Tally{Signers: 2}},
		{"unchecked count", []Check{check("a", "assessor", Unchecked), check("b", "dpo", Unchecked)}, Tally{Signers: 2}},
		{"one key counts once", []Check{check("a", "assessor", Unchecked), check("a", "dpo", Unchecked)}, Tally{Signers: 1, MissingRoles: []string{"dpo"}}},
		{"one key under two certificates", []Check{{Key: "cert1", SignerKey: "a", Role: "assessor", Status: Trusted}, {Key: "cert2", SignerKey: "a", Role: "dpo", Status: Trusted}},
			Tally{Signers: 1, MissingRoles: []string{"dpo"}}},
		{"untrusted and failed do not count", []Check{check("a", "assessor", Untrusted), check("b", "dpo", UnknownSigner), check("c", "dpo", Invalid)},
			Tally{Signers: 0, MissingRoles: []string{"assessor", "dpo"}}},
	} {
		got := Policy{Signatures: 2, Roles: []string{"assessor", "dpo"}}.Count(c.checks)
		if got.Signers != c.want.Signers || !slices.Equal(got.MissingRoles, c.want.MissingRoles) {
			t.Errorf("%s: %+v, want %+v", c.name, got, c.want)
		}
	}
}

// TestLoadAllowedSigners: every way a file cannot be used is an error with one
// set of hints, whichever command loads it.
func TestLoadAllowedSigners(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	_, line, err := gen.Key(1, "a@example.com")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name, path, msg, hint string
	}{
		{"missing", filepath.Join(dir, "none"), "reading allowed signers " + filepath.Join(dir, "none") + ": no such file or directory",
			"give an allowed_signers file in OpenSSH's format (see ssh-keygen(1), ALLOWED SIGNERS)"},
		{"too large", write("big", strings.Repeat("#\n", 100)), "file is larger than the limit of 100 bytes", ""},
		{"malformed", write("bad", "this is not an allowed signers file\n"), "bad:1: ", "see ssh-keygen(1), section ALLOWED SIGNERS, for the format"},
		{"empty", write("empty", "# nobody\n"), "lists no signers", `add a line: EMAIL namespaces="lia-assessment" ssh-ed25519 AAAA...`},
	} {
		_, err := LoadAllowedSigners(c.path, 100)
		var h interface{ Hint() string }
		if err == nil || !strings.Contains(err.Error(), c.msg) || !errors.As(err, &h) || h.Hint() != c.hint {
			t.Errorf("%s: %v (hint %v), want %q with hint %q", c.name, err, h, c.msg, c.hint)
		}
	}
	got, err := LoadAllowedSigners(write("good", line), 1000)
	if err != nil || len(got.Signers) != 1 {
		t.Errorf("good file: %v, %v", got, err)
	}
}

func TestSignRefusesSecondSignatureByKey(t *testing.T) {
	cat, rec, _ := signed(t, "assessor")
	key, _, _ := gen.Key(1, "a@example.com")
	err := Sign(cat.Questionnaire, rec, key, "P <a@example.com>", "dpo", signedAt)
	var h interface{ Hint() string }
	if err == nil || !strings.Contains(err.Error(), "has already signed this record as assessor") || !errors.As(err, &h) {
		t.Fatalf("err = %v", err)
	}
	if len(rec.Signatures) != 1 {
		t.Errorf("%d signatures", len(rec.Signatures))
	}
}

// TestKeyringDates: a date in the future fails on signed_at, one before the
// assessment date is a warning.
func TestKeyringDates(t *testing.T) {
	cat, rec, allowed := signed(t, "assessor")
	k := Keyring{Allowed: allowed, Now: signedAt.Add(-time.Hour)}
	got, err := k.Verify(cat.Questionnaire, rec)
	if err != nil {
		t.Fatal(err)
	}
	if c := got[0]; c.Status != Invalid || c.Field != "signed_at" || !strings.Contains(c.Problem, "later than now") {
		t.Errorf("future: %+v", c)
	}
	resign(t, cat, rec, 0, func(s *assessment.Signature) { s.SignedAt = "2026-10-31T23:59:59Z" })
	k.Now = signedAt
	got, _ = k.Verify(cat.Questionnaire, rec)
	if c := got[0]; c.Status != Trusted || len(c.Warnings) != 1 || c.Warnings[0] != "signed on 2026-10-31, before the assessment date 2026-11-01" {
		t.Errorf("early: %+v", c)
	}
}
