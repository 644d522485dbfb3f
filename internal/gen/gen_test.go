package gen

import (
	"strings"
	"testing"
	"time"

	"github.com/lia-project/lia/internal/assessment"
	"github.com/lia-project/lia/internal/signing"
	"github.com/lia-project/lia/templates"
)

// TestRecordsAreValid: generated records are complete and consistent, and the
// same seed gives the same record.
func TestRecordsAreValid(t *testing.T) {
	cat, err := assessment.Load(templates.FS)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 50; i++ {
		rec := Record(cat, 1, i)
		rec.File = "gen"
		if errs, _ := cat.Check(rec); len(errs) > 0 {
			t.Fatalf("record %d: %v", i, errs)
		}
		if again := Record(cat, 1, i); again.Result.Scores != rec.Result.Scores {
			t.Fatalf("record %d differs between calls", i)
		}
	}
}

// TestSignedRecordsVerify: a signature made by Sign verifies over the
// record's canonical form, with the key the allowed_signers line trusts.
func TestSignedRecordsVerify(t *testing.T) {
	cat, err := assessment.Load(templates.FS)
	if err != nil {
		t.Fatal(err)
	}
	key, line, err := Key(7, "dpo@example.com")
	if err != nil {
		t.Fatal(err)
	}
	rec := Record(cat, 1, 3)
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
	pub, err := signing.Verify([]byte(rec.Signatures[0].Signature), signing.Namespace, canon)
	if err != nil {
		t.Fatal(err)
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
	if _, err := signing.Verify([]byte(rec.Signatures[0].Signature), signing.Namespace, canon); err == nil {
		t.Fatal("the signature verifies over a changed record")
	}
}
