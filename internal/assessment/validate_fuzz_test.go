package assessment_test

import (
	"testing"

	"github.com/lia-project/lia/internal/assessment"
)

// FuzzValidate: whatever the bytes, Validate never panics, and every problem
// names the file, a check ID and a severity, so CI output stays usable.
func FuzzValidate(f *testing.F) {
	cat := loadCatalog(f)
	for name, data := range exampleFiles(f) {
		f.Add(data)
		f.Add(fullRecord(f, cat, name, data))
	}
	f.Add([]byte("---\napiVersion: lia/v1\n---\n"))
	f.Add([]byte("a: &x [*x]\n"))
	opts := assessment.ValidateOptions{Today: "2026-11-23", ExpiresWithin: 30, FailOn: "conditional",
		Limits: assessment.Limits{MaxBytes: 1 << 16, MaxDepth: 32, MaxNodes: 20_000}}
	f.Fuzz(func(t *testing.T, data []byte) {
		rec, ps := cat.Validate("f.lia.yaml", data, opts)
		for _, p := range ps {
			if p.Error == nil || p.File != "f.lia.yaml" || p.Check == "" || p.Msg == "" {
				t.Fatalf("incomplete problem %+v", p)
			}
			if p.Severity != assessment.SevError && p.Severity != assessment.SevWarning {
				t.Fatalf("severity %q", p.Severity)
			}
		}
		if rec == nil && len(ps) == 0 {
			t.Fatal("no record and no problem")
		}
	})
}
