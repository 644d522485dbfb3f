package trust

import (
	"bytes"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/lia-project/lia/internal/assessment"
	"github.com/lia-project/lia/internal/gen"
	"github.com/lia-project/lia/internal/signing"
)

func TestCheckSigner(t *testing.T) {
	for _, c := range []struct{ signer, want string }{
		{"Marc Weber <marc@example.com>", ""},
		{`"Weber, Marc" <marc@example.com>`, ""},
		{"Zoë Ångström <zoe@example.com>", ""},
		{"\u0645\u0647\u200c\u0633\u0627 <m@example.com>", ""}, // a Persian name with a zero-width non-joiner
		{" Marc Weber <marc@example.com>", "begins or ends with white space"},
		{"Marc Weber <marc@example.com>\u00a0", "begins or ends with white space"},
		{"Marc Weber  <marc@example.com>", "has white space before its e-mail address"},
		{"Marc\tWeber <marc@example.com>", "contains the control or formatting character U+0009"},
		{"Marc \u202eWeber <marc@example.com>", "contains the control or formatting character U+202E"},
		{"Marc \u2066Weber\u2069 <marc@example.com>", "U+2066"},
		{"Ma\u200brc <marc@example.com>", "U+200B"},
		{"Marc <marc@example.com>\u2028", "U+2028"},
		{"Marc\x1b[2J <marc@example.com>", "U+001B"},
		{"Marc <marc@example.com>\n::error ::forged", "U+000A"},
		{"marc@example.com", "has no name"},
		{"<marc@example.com>", "has no name"},
		{"Marc Weber", `is not "Name <email>"`},
		{"Marc Weber <>", `is not "Name <email>"`},
		{"", `is not "Name <email>"`},
		{"Marc <marc@example.com> (DPO)", `is not "Name <email>"`},
		{"marc@example.com (Marc)", `is not "Name <email>"`},
		{"Marc <marc@example.com>, Eve <eve@example.com>", `is not "Name <email>"`},
		{"Caf\xe9 <c@example.com>", "is not valid UTF-8"},
	} {
		err := CheckSigner(c.signer)
		switch {
		case c.want == "" && err != nil:
			t.Errorf("CheckSigner(%q) = %v, want nil", c.signer, err)
		case c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)):
			t.Errorf("CheckSigner(%q) = %v, want %q", c.signer, err, c.want)
		}
	}
}

func TestSignRefusesBadSigner(t *testing.T) {
	cat, rec, _ := signed(t, "assessor")
	key, _, _ := gen.Key(2, "")
	err := Sign(cat.Questionnaire, rec, key, "Dana Okoye  <dpo@example.com>", "dpo", signedAt)
	var h interface{ Hint() string }
	if err == nil || !strings.Contains(err.Error(), "white space before") || !errorsAs(err, &h) || h.Hint() != SignerHint {
		t.Fatalf("err = %v", err)
	}
	if len(rec.Signatures) != 1 {
		t.Errorf("%d signatures", len(rec.Signatures))
	}
}

func TestParseRoleSigners(t *testing.T) {
	rs, err := ParseRoleSigners([]string{"dpo=marc@example.com,*@dpo.example.com", "dpo=!eve@dpo.example.com", "approver=board@example.com"})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := rs["dpo"], []string{"marc@example.com", "*@dpo.example.com", "!eve@dpo.example.com"}; !slices.Equal(got, want) {
		t.Errorf("dpo: %q, want %q", got, want)
	}
	for _, c := range []struct {
		role, email string
		want        bool
	}{
		{"dpo", "marc@example.com", true},
		{"dpo", "irene@dpo.example.com", true},
		{"dpo", "eve@dpo.example.com", false},
		{"dpo", "ana@example.com", false},
		{"dpo", "MARC@example.com", false},
		{"approver", "board@example.com", true},
		{"approver", "marc@example.com", false},
		{"assessor", "anyone@anywhere", true},
	} {
		if got := rs.allows(c.role, c.email); got != c.want {
			t.Errorf("allows(%s, %s) = %v, want %v", c.role, c.email, got, c.want)
		}
	}
	if got, want := rs.Note(), "role assessor is the signer's own claim (not bound by --role-signers)"; got != want {
		t.Errorf("Note() = %q, want %q", got, want)
	}
	if rs.Mode() != RolesPartlyBound {
		t.Errorf("Mode() = %s", rs.Mode())
	}
	var none RoleSigners
	if none.Note() != "roles are the signers' own claims (no --role-signers given)" || none.Mode() != RolesClaimed || !none.allows("dpo", "x@y") {
		t.Errorf("nil RoleSigners: %q %s", none.Note(), none.Mode())
	}
	all, _ := ParseRoleSigners([]string{"dpo=a@b", "assessor=*", "approver=c@d"})
	if all.Note() != "" || all.Mode() != RolesBound {
		t.Errorf("all bound: %q %s", all.Note(), all.Mode())
	}
	for _, bad := range []string{"dpo", "dpo=", "boss=a@b", "dpo=a@b,", "dpo=,a@b", "dpo=a b", "dpo=!a@b", "dpo=!", "=a@b", "dpo=a@b\u202e"} {
		if _, err := ParseRoleSigners([]string{bad}); err == nil {
			t.Errorf("ParseRoleSigners(%q) accepted it", bad)
		}
	}
}

// TestKeyringRoleSigners: with roles bound, a trusted key signing in a role
// bound to others is RoleNotAllowed, names the key's principals and the
// role's patterns, and does not count.
func TestKeyringRoleSigners(t *testing.T) {
	cat, rec, allowed := signed(t, "assessor", "dpo")
	now := signedAt.Add(time.Hour)
	rs, err := ParseRoleSigners([]string{"dpo=a@example.com"})
	if err != nil {
		t.Fatal(err)
	}
	got, err := Keyring{Allowed: allowed, Now: now, Roles: rs}.Verify(cat.Questionnaire, rec)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(statuses(got), []Status{Trusted, RoleNotAllowed}) {
		t.Fatalf("statuses %v (%+v)", statuses(got), got)
	}
	c := got[1]
	if want := "role dpo may be signed only by a@example.com (--role-signers), but this key is trusted only for b@example.com"; c.Problem != want || c.Field != "role" || c.Trusted || !c.Valid {
		t.Errorf("check %+v, want problem %q", c, want)
	}
	tally := Policy{Signatures: 2, Roles: []string{"dpo"}}.Count(got)
	if tally.Signers != 1 || !slices.Equal(tally.MissingRoles, []string{"dpo"}) {
		t.Errorf("tally %+v", tally)
	}
	// Bound to b: both hold.
	rs, _ = ParseRoleSigners([]string{"dpo=b@example.com", "assessor=*@example.com"})
	got, _ = Keyring{Allowed: allowed, Now: now, Roles: rs}.Verify(cat.Questionnaire, rec)
	if !slices.Equal(statuses(got), []Status{Trusted, Trusted}) {
		t.Errorf("statuses %v", statuses(got))
	}
	// Without allowed signers a bound role cannot be checked: it fails.
	got, _ = Keyring{Now: now, Roles: rs}.Verify(cat.Questionnaire, rec)
	if !slices.Equal(statuses(got), []Status{RoleNotAllowed, RoleNotAllowed}) {
		t.Errorf("untrusted statuses %v", statuses(got))
	}
}

// signLegacy signs entry i of rec again the way lia 0.1 did: over the
// canonical record alone.
func signLegacy(t testing.TB, cat *assessment.Catalog, rec *assessment.Record, i int) {
	t.Helper()
	key, _, err := gen.Key(int64(i+1), "")
	if err != nil {
		t.Fatal(err)
	}
	canon, err := rec.Canonical(cat.Questionnaire)
	if err != nil {
		t.Fatal(err)
	}
	sig, err := signing.Sign(key, Namespace, canon)
	if err != nil {
		t.Fatal(err)
	}
	rec.Signatures[i].Signature = string(sig)
}

// TestKeyringLegacy: a signature over the canonical record alone verifies as
// FormatLegacy, counts as a signer but never as its role, even edited; a
// current one is FormatCurrent.
func TestKeyringLegacy(t *testing.T) {
	cat, rec, allowed := signed(t, "assessor", "dpo")
	signLegacy(t, cat, rec, 1)
	k := Keyring{Allowed: allowed, Now: signedAt.Add(time.Hour)}
	got, err := k.Verify(cat.Questionnaire, rec)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(statuses(got), []Status{Trusted, Trusted}) || got[0].Format != FormatCurrent || got[1].Format != FormatLegacy {
		t.Fatalf("checks %+v", got)
	}
	tally := Policy{Signatures: 2, Roles: []string{"assessor", "dpo"}}.Count(got)
	if tally.Signers != 2 || !slices.Equal(tally.MissingRoles, []string{"dpo"}) || tally.Legacy["dpo"] != 2 {
		t.Errorf("tally %+v", tally)
	}
	if got, want := tally.Why("dpo"), " (signature 2 claims it, but was signed the old way, which does not cover its role)"; got != want {
		t.Errorf("Why = %q, want %q", got, want)
	}
	if tally.Why("assessor") != "" {
		t.Errorf("Why(assessor) = %q", tally.Why("assessor"))
	}
	// The old way covers no claim: relabelled, it still verifies, as legacy.
	rec.Signatures[1].Role = "approver"
	got, _ = k.Verify(cat.Questionnaire, rec)
	if got[1].Status != Trusted || got[1].Format != FormatLegacy {
		t.Errorf("relabelled legacy: %+v", got[1])
	}
	if m := (Policy{Roles: []string{"approver"}}).Count(got).MissingRoles; !slices.Equal(m, []string{"approver"}) {
		t.Errorf("a legacy role counted: missing %v", m)
	}
	// But the record is covered: changing it breaks the legacy signature too.
	rec.Metadata.Title += "!"
	got, _ = k.Verify(cat.Questionnaire, rec)
	if got[1].Status != Invalid || got[1].Format != "" {
		t.Errorf("changed record: %+v", got[1])
	}
}

// TestCovered: the bytes a signature covers are its message, or for a legacy
// signature the canonical record; they are what signing.Verify accepts.
func TestCovered(t *testing.T) {
	cat, rec, _ := signed(t, "assessor", "dpo")
	signLegacy(t, cat, rec, 1)
	canon, err := rec.Canonical(cat.Questionnaire)
	if err != nil {
		t.Fatal(err)
	}
	for i, want := range []string{FormatCurrent, FormatLegacy} {
		b, format, err := Covered(canon, rec.Signatures[i])
		if err != nil || format != want {
			t.Fatalf("signature %d: format %q, %v; want %s", i+1, format, err, want)
		}
		if _, err := signing.Verify([]byte(rec.Signatures[i].Signature), Namespace, b); err != nil {
			t.Errorf("signature %d does not verify over its covered bytes: %v", i+1, err)
		}
		if want == FormatLegacy && !bytes.Equal(b, canon) {
			t.Errorf("legacy signature covers %q", b)
		}
	}
	// A placeholder signature is given the bytes it should cover.
	s := rec.Signatures[0]
	s.Signature = "PLACEHOLDER"
	b, format, err := Covered(canon, s)
	msg, _ := Message(canon, s)
	if err != nil || format != FormatCurrent || !bytes.Equal(b, msg) {
		t.Errorf("placeholder: %q %s %v", b, format, err)
	}
}

// TestMessageIsNotARecord: the two formats never meet.
func TestMessageIsNotARecord(t *testing.T) {
	// A record's canonical form starts with its first member in code-unit
	// order, "answers" or "apiVersion", never "claims": a legacy message can
	// never be a current one.
	cat, rec, _ := signed(t, "assessor")
	canon, _ := rec.Canonical(cat.Questionnaire)
	if bytes.HasPrefix(canon, []byte(`{"claims":`)) {
		t.Errorf("canonical form starts like a message: %.40s", canon)
	}
}

func errorsAs(err error, target any) bool { return errors.As(err, target) }
