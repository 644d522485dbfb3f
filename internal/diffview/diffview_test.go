package diffview

import (
	"strings"
	"testing"

	"github.com/lia-project/lia/internal/assessment"
	"github.com/lia-project/lia/templates"
)

func TestAround(t *testing.T) {
	long := "Detect and block fraudulent card payments before they settle, protecting customers and the company from losses."
	o, n := around(long, long+" It also cuts chargeback costs.", 60)
	if o == n || !strings.HasPrefix(o, "...") || !strings.Contains(n, "chargeback") {
		t.Errorf("around = %q, %q: the change is not shown", o, n)
	}
	if o, n := around("short", "other", 60); o != "short" || n != "other" {
		t.Errorf("around(short) = %q, %q", o, n)
	}
}

func TestWriteShowsRecordTextVisibly(t *testing.T) {
	old := &assessment.Record{File: "a.yaml", Metadata: assessment.Metadata{Title: "Plain"}}
	cur := &assessment.Record{File: "b.yaml", Metadata: assessment.Metadata{Title: "evil \x1b[31mred\u202e"}}
	cat, err := assessment.Load(templates.FS)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	Write(&b, assessment.DiffRecords(old, cur, cat.Questionnaire))
	if strings.ContainsAny(b.String(), "\x1b\u202e") || !strings.Contains(b.String(), `evil \x1b[31mred\u202e`) {
		t.Errorf("diff writes record text raw:\n%q", b.String())
	}
}
