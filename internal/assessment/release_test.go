package assessment_test

import (
	"reflect"
	"sort"
	"testing"

	"github.com/lia-project/lia/internal/assessment"
)

// releaseSignatures is a signatures block as lia writes it (not verified here).
const releaseSignatures = `signatures:
  - signer: Ana Ribeiro <ana.ribeiro@example.com>
    role: assessor
    key: SHA256:2a4f1b9c
    signed_at: "2026-11-02T10:00:00Z"
    signature: |
      -----BEGIN SSH SIGNATURE-----
      U1NIU0lH
      -----END SSH SIGNATURE-----
`

// TestReleaseReusesTrees reads records again and again, releasing each one,
// as lia validate does: every record must read as a record that was never
// released, its copies must forget the tree with it, and records kept
// (never released) must keep their positions while the memory of others is
// used again.
func TestReleaseReusesTrees(t *testing.T) {
	cat := loadCatalog(t)
	var names []string
	files := map[string][]byte{}
	for name, data := range exampleFiles(t) {
		files[name] = data
		files["full-"+name] = fullRecord(t, cat, name, data)
		files["signed-"+name] = append(fullRecord(t, cat, name, data), releaseSignatures...)
	}
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	opts := assessment.ValidateOptions{Today: "2026-11-23", Limits: assessment.DefaultLimits}
	refs := map[string]*assessment.Record{}
	for _, name := range names {
		rec, ps := cat.Validate(name, files[name], opts)
		if rec == nil {
			t.Fatalf("%s: not read: %v", name, ps[0].Error)
		}
		refs[name] = rec // never released
	}
	fieldsOf := func(rec *assessment.Record) []string {
		fs := []string{"apiVersion", "kind", "metadata.id", "metadata.assessor.email", "metadata.review_by",
			"result.outcome", "result.scores.residual_risk", "signatures[0].signer", "justification"}
		for _, id := range rec.Answers.Keys() {
			fs = append(fs, "answers."+id)
		}
		return fs
	}
	positions := func(rec *assessment.Record) map[string]assessment.Pos {
		out := map[string]assessment.Pos{}
		for _, f := range fieldsOf(rec) {
			if p, ok := rec.Position(f); ok {
				out[f] = p
			}
		}
		return out
	}
	want := map[string]map[string]assessment.Pos{}
	for name, rec := range refs {
		want[name] = positions(rec)
		if len(want[name]) < 10 {
			t.Fatalf("%s: only %d positions found", name, len(want[name]))
		}
	}
	for round := 0; round < 3; round++ {
		for _, name := range names {
			rec, ps := cat.Validate(name, files[name], opts)
			if rec == nil {
				t.Fatalf("%s: not read: %v", name, ps)
			}
			ref := refs[name]
			if got := positions(rec); !reflect.DeepEqual(got, want[name]) {
				t.Errorf("round %d, %s: positions %v, want %v", round, name, got, want[name])
			}
			cp := *rec
			rec.Release()
			rec.Release() // a second release does nothing
			if p, ok := cp.Position("metadata.id"); ok {
				t.Errorf("round %d, %s: a copy of a released record still finds metadata.id at %v", round, name, p)
			}
			if !reflect.DeepEqual(cp.Metadata, ref.Metadata) || !reflect.DeepEqual(cp.Answers, ref.Answers) ||
				!reflect.DeepEqual(cp.Result, ref.Result) || !reflect.DeepEqual(cp.Signatures, ref.Signatures) ||
				!reflect.DeepEqual(cp.Justification, ref.Justification) || !reflect.DeepEqual(cp.Notes, ref.Notes) {
				t.Errorf("round %d, %s: released record reads differently from one never released", round, name)
			}
		}
		for name, rec := range refs {
			if got := positions(rec); !reflect.DeepEqual(got, want[name]) {
				t.Fatalf("round %d, %s: a record never released lost its positions: %v, want %v", round, name, got, want[name])
			}
		}
	}
}
