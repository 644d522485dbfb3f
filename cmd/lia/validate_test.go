package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/lia-project/lia/internal/assessment"
	"github.com/lia-project/lia/internal/validate"
	"go.yaml.in/yaml/v3"
)

func TestParseDays(t *testing.T) {
	for _, c := range []struct {
		in   string
		want int
		ok   bool
	}{
		{"30d", 30, true}, {"30", 30, true}, {"6w", 42, true}, {"0d", 0, true},
		{"", 0, false}, {"d", 0, false}, {"-1d", 0, false}, {"3m", 0, false}, {"1.5d", 0, false}, {"99999999d", 0, false},
	} {
		got, err := parseDays(c.in)
		if (err == nil) != c.ok || got != c.want {
			t.Errorf("parseDays(%q) = %d, %v; want %d, ok %v", c.in, got, err, c.want, c.ok)
		}
	}
}

// TestValidateJSON runs the command with fake streams and reads the json
// output back into its documented structs.
func TestValidateJSON(t *testing.T) {
	dir := t.TempDir()
	a := newApp(&streams{Env: func(k string) string {
		if k == "LIA_TODAY" {
			return "2026-11-23"
		}
		return ""
	}})
	cat, err := a.catalog()
	if err != nil {
		t.Fatal(err)
	}
	writeBenchRecords(t, cat, dir, 8)
	bad := filepath.Join(dir, "team-00", "zz-broken.lia.yaml")
	if err := os.WriteFile(bad, []byte("apiVersion: lia/v1\nkind: LegitimateInterestAssessment\nmetadata: {id: x}\nanswers: {}\nextra: 1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var out, errb bytes.Buffer
	a.io.Out, a.io.Err = &out, &errb
	err = validateRun(a, &validateOptions{glob: "*.lia.yaml", format: "json", jobs: 3}, []string{dir})
	if err != errSilent(exitFail) {
		t.Fatalf("err = %v, want exit 1", err)
	}
	var rep validate.JSONReport
	if err := json.Unmarshal(out.Bytes(), &rep); err != nil {
		t.Fatalf("output is not JSON: %v\n%s", err, out.String())
	}
	if rep.Version != 1 || rep.Summary.Files != 9 || rep.Summary.Invalid != 1 || rep.Summary.Valid != 8 || rep.Summary.Signatures != validate.SigsUnchecked {
		t.Errorf("summary = %+v", rep.Summary)
	}
	last := rep.Files[len(rep.Files)-1]
	found := false
	for _, p := range last.Problems {
		found = found || (p.Check == assessment.CheckUnknownKey && p.Line == 5 && p.Field == "extra")
	}
	if last.Valid || last.Path != bad || !found || last.Errors != len(last.Problems) {
		t.Errorf("broken file = %+v", last)
	}
	if errb.Len() > 0 {
		t.Errorf("stderr: %s", errb.String())
	}
}

// TestPreCommitHooks: the hook definitions run lia validate on records.
func TestPreCommitHooks(t *testing.T) {
	b, err := os.ReadFile("../../.pre-commit-hooks.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var hooks []struct {
		ID, Entry, Language, Files string
	}
	if err := yaml.Unmarshal(b, &hooks); err != nil {
		t.Fatal(err)
	}
	if len(hooks) == 0 {
		t.Fatal("no hooks")
	}
	for _, h := range hooks {
		if h.Entry != "lia validate" || h.Files == "" || (h.Language != "golang" && h.Language != "system") {
			t.Errorf("hook %s: %+v", h.ID, h)
		}
	}
}
