package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/lia-project/lia/internal/assessment"
	"github.com/lia-project/lia/templates"
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

// TestValidateParallelOrder: results come out in input order whatever order
// the workers finish in.
func TestValidateParallelOrder(t *testing.T) {
	var files []inputFile
	for i := range 200 {
		files = append(files, inputFile{path: fmt.Sprint(i)})
	}
	for _, workers := range []int{1, 2, 7} {
		var got []string
		check := func(f inputFile) *fileResult {
			// Later files finish first.
			if len(f.path)%2 == 1 {
				for range 1000 {
					_ = strings.Repeat("x", 10)
				}
			}
			return &fileResult{Path: f.path}
		}
		err := validateParallel(slices.Values(files), workers, check, func(r *fileResult) error {
			got = append(got, r.Path)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		for i, p := range got {
			if p != fmt.Sprint(i) {
				t.Fatalf("%d workers: result %d is file %s", workers, i, p)
			}
		}
		if len(got) != len(files) {
			t.Fatalf("%d workers: %d results for %d files", workers, len(got), len(files))
		}
	}
}

// TestValidateParallelStops: an output error stops the run without a leak or deadlock.
func TestValidateParallelStops(t *testing.T) {
	n := 0
	source := func(yield func(inputFile) bool) {
		for i := 0; ; i++ {
			if !yield(inputFile{path: fmt.Sprint(i)}) {
				return
			}
		}
	}
	err := validateParallel(source, 2, func(f inputFile) *fileResult { return &fileResult{Path: f.path} },
		func(*fileResult) error {
			n++
			if n == 10 {
				return os.ErrClosed
			}
			return nil
		})
	if err != os.ErrClosed {
		t.Fatalf("err = %v, want os.ErrClosed", err)
	}
}

func testRecord() *assessment.Record {
	return &assessment.Record{
		File: "r.lia.yaml",
		Pos:  map[string]assessment.Pos{"signatures": {Line: 90, Col: 1}, "signatures[1].signer": {Line: 97, Col: 7}, "signatures[0].signature": {Line: 95, Col: 5}},
		Signatures: []assessment.Signature{
			{Signer: "Ana <ana@example.com>", Role: "assessor", Key: "SHA256:a"},
			{Signer: "Marc <marc@example.com>", Role: "dpo", Key: "SHA256:b"},
		},
	}
}

// TestSignatureProblems checks the policy against verification results as
// internal/signing will produce them.
func TestSignatureProblems(t *testing.T) {
	valid := []sigResult{{Index: 0, Status: sigValid}, {Index: 1, Status: sigValid}}
	unchecked := []sigResult{{Index: 0, Status: sigUnchecked}, {Index: 1, Status: sigUnchecked}}
	unknownDPO := []sigResult{{Index: 0, Status: sigValid}, {Index: 1, Status: sigUnknownSigner, Msg: "no principal matches"}}
	badFirst := []sigResult{{Index: 0, Status: sigInvalid, Msg: "signature mismatch"}, {Index: 1, Status: sigValid}}
	allowed := &allowedSigners{Path: "allowed_signers"}
	for _, c := range []struct {
		name    string
		results []sigResult
		pol     sigPolicy
		want    []string // "check@line:col"
	}{
		{"counted, enough", unchecked, sigPolicy{count: 2, roles: []string{"dpo"}}, nil},
		{"counted, too few", unchecked, sigPolicy{count: 3}, []string{"missing-signature@90:1"}},
		{"counted, role missing", unchecked, sigPolicy{roles: []string{"approver"}}, []string{"missing-role@90:1"}},
		{"verified", valid, sigPolicy{allowed: allowed, count: 2, roles: []string{"assessor", "dpo"}}, nil},
		{"unknown signer does not count", unknownDPO, sigPolicy{allowed: allowed, count: 2, roles: []string{"dpo"}},
			[]string{"unknown-signer@97:7", "missing-signature@90:1", "missing-role@90:1"}},
		{"bad signature", badFirst, sigPolicy{allowed: allowed}, []string{"bad-signature@95:5"}},
	} {
		var got []string
		for _, p := range signatureProblems(testRecord(), c.results, c.pol) {
			if p.Severity != assessment.SevError {
				t.Errorf("%s: %s is a %s", c.name, p.Check, p.Severity)
			}
			got = append(got, fmt.Sprintf("%s@%d:%d", p.Check, p.Line, p.Col))
		}
		if !slices.Equal(got, c.want) {
			t.Errorf("%s: got %v, want %v", c.name, got, c.want)
		}
	}
}

// TestCheckSignaturesUsesVerifier: with allowed signers, verifySignatures
// decides (this is where internal/signing plugs in).
func TestCheckSignaturesUsesVerifier(t *testing.T) {
	saved := verifySignatures
	defer func() { verifySignatures = saved }()
	verifySignatures = func(q *assessment.Questionnaire, rec *assessment.Record, allowed *allowedSigners) ([]sigResult, error) {
		var out []sigResult
		for i, s := range rec.Signatures {
			st := sigValid
			if allowed.Path != s.Key {
				st = sigUnknownSigner
			}
			out = append(out, sigResult{Index: i, Status: st, Msg: "not listed"})
		}
		return out, nil
	}
	cat, err := assessment.Load(templates.FS)
	if err != nil {
		t.Fatal(err)
	}
	// The fake trusts the key named by the file's path: SHA256:a only.
	ps, err := applySignaturePolicy(cat, testRecord(), sigPolicy{allowed: &allowedSigners{Path: "SHA256:a"}, count: 1})
	if err != nil {
		t.Fatal(err)
	}
	if len(ps) != 1 || ps[0].Check != assessment.CheckUnknownSigner || !strings.Contains(ps[0].Msg, "Marc") {
		t.Fatalf("problems = %v", ps)
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
	var rep jsonReport
	if err := json.Unmarshal(out.Bytes(), &rep); err != nil {
		t.Fatalf("output is not JSON: %v\n%s", err, out.String())
	}
	if rep.Version != 1 || rep.Summary.Files != 9 || rep.Summary.Invalid != 1 || rep.Summary.Valid != 8 || rep.Summary.Signatures != sigsUnchecked {
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

// TestValidateFileLimits: a file over the size limit is refused before it is
// read, with the size check ID, and a directory given as a file is a read problem.
func TestValidateFileLimits(t *testing.T) {
	a := newApp(&streams{})
	cat, err := a.catalog()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	big := filepath.Join(dir, "big.lia.yaml")
	if err := os.WriteFile(big, bytes.Repeat([]byte("# padding\n"), 200), 0o644); err != nil {
		t.Fatal(err)
	}
	vopts := assessment.ValidateOptions{Limits: assessment.Limits{MaxBytes: 1000, MaxDepth: 32, MaxNodes: 1000}}
	r := validateFile(cat, inputFile{path: big}, vopts, sigPolicy{})
	if len(r.Problems) != 1 || r.Problems[0].Check != assessment.CheckSize || !strings.Contains(r.Problems[0].Msg, "2000 bytes") {
		t.Errorf("big file: %+v", r.Problems)
	}
	r = validateFile(cat, inputFile{path: dir}, vopts, sigPolicy{})
	if len(r.Problems) != 1 || r.Problems[0].Check != assessment.CheckRead {
		t.Errorf("directory: %+v", r.Problems)
	}
}
