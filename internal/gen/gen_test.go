package gen

import (
	"testing"

	"github.com/lia-project/lia/internal/assessment"
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
