package trust

import (
	"strings"
	"testing"
	"time"

	"github.com/lia-project/lia/internal/assessment"
	"github.com/lia-project/lia/internal/gen"
	"github.com/lia-project/lia/internal/signing"
	"github.com/lia-project/lia/templates"
)

// TestSignVerifies: a signature made by Sign verifies over the record's
// canonical form and the entry's claims (signing.Message), not over the
// canonical form alone, with the key the allowed_signers line trusts.
func TestSignVerifies(t *testing.T) {
	cat, err := assessment.Load(templates.FS)
	if err != nil {
		t.Fatal(err)
	}
	key, line, err := gen.Key(7, "dpo@example.com")
	if err != nil {
		t.Fatal(err)
	}
	rec := gen.Record(cat, 1, 3)
	at := time.Date(2026, 11, 2, 10, 0, 0, 0, time.UTC)
	if err := Sign(cat.Questionnaire, rec, key, "Dee Po <dpo@example.com>", "dpo", at); err != nil {
		t.Fatal(err)
	}
	tree, err := rec.Tree(cat.Questionnaire)
	if err != nil {
		t.Fatal(err)
	}
	canon, err := signing.Canonicalize(tree)
	if err != nil {
		t.Fatal(err)
	}
	s := rec.Signatures[0]
	msg, err := signing.Message(canon, signing.Claims{Key: s.Key, Role: "dpo", SignedAt: "2026-11-02T10:00:00Z", Signer: "Dee Po <dpo@example.com>"})
	if err != nil {
		t.Fatal(err)
	}
	pub, err := signing.Verify([]byte(s.Signature), signing.Namespace, msg)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := signing.Verify([]byte(s.Signature), signing.Namespace, canon); err == nil {
		t.Fatal("the signature verifies over the canonical record alone, without its claims")
	}
	signers, err := signing.ParseAllowedSigners(strings.NewReader(line), "allowed_signers")
	if err != nil {
		t.Fatal(err)
	}
	if p, err := signing.Match(signers, pub, signing.Namespace, at); err != nil || len(p) != 1 || p[0] != "dpo@example.com" {
		t.Fatalf("allowed signers: %v %v", p, err)
	}
	rec.Answers["data.subject_count"] = assessment.Value{Type: assessment.TypeInt, Int: 1}
	tree, _ = rec.Tree(cat.Questionnaire)
	canon, _ = signing.Canonicalize(tree)
	msg, _ = signing.Message(canon, signing.Claims{Key: s.Key, Role: s.Role, SignedAt: s.SignedAt, Signer: s.Signer})
	if _, err := signing.Verify([]byte(s.Signature), signing.Namespace, msg); err == nil {
		t.Fatal("the signature verifies over a changed record")
	}
}
