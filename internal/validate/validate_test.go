package validate

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/lia-project/lia/internal/assessment"
	"github.com/lia-project/lia/internal/trust"
	"github.com/lia-project/lia/templates"
)

// TestValidateParallelOrder: results come out in input order whatever order
// the workers finish in.
func TestValidateParallelOrder(t *testing.T) {
	var files []Input
	for i := range 200 {
		files = append(files, Input{Path: fmt.Sprint(i)})
	}
	for _, workers := range []int{1, 2, 7} {
		var got []string
		check := func(f Input) *Result {
			// Later files finish first.
			if len(f.Path)%2 == 1 {
				for range 1000 {
					_ = strings.Repeat("x", 10)
				}
			}
			return &Result{Path: f.Path}
		}
		err := Parallel(slices.Values(files), workers, check, func(r *Result) error {
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
	source := func(yield func(Input) bool) {
		for i := 0; ; i++ {
			if !yield(Input{Path: fmt.Sprint(i)}) {
				return
			}
		}
	}
	err := Parallel(source, 2, func(f Input) *Result { return &Result{Path: f.Path} },
		func(*Result) error {
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

// checks are the verdicts on testRecord's signatures with these statuses
// (and msgs as their problems, where given).
func checks(statuses []trust.Status, msgs ...string) []trust.Check {
	out := trust.Unverified(testRecord())
	for i := range out {
		out[i].Status = statuses[i]
		if i < len(msgs) {
			out[i].Problem = msgs[i]
		}
	}
	return out
}

// fakeVerifier trusts the key named trusted only, without cryptography.
type fakeVerifier struct{ trusted string }

func (f fakeVerifier) Verify(q *assessment.Questionnaire, rec *assessment.Record) ([]trust.Check, error) {
	out := trust.Unverified(rec)
	for i := range out {
		out[i].Status = trust.Trusted
		if out[i].Key != f.trusted {
			out[i].Status, out[i].Problem = trust.UnknownSigner, "not listed"
		}
	}
	return out, nil
}

// TestSignatureProblems checks the policy against verification results as
// internal/trust produces them.
func TestSignatureProblems(t *testing.T) {
	valid := checks([]trust.Status{trust.Trusted, trust.Trusted})
	unchecked := checks([]trust.Status{trust.Unchecked, trust.Unchecked})
	unknownDPO := checks([]trust.Status{trust.Trusted, trust.UnknownSigner}, "", "no principal matches")
	badFirst := checks([]trust.Status{trust.Invalid, trust.Trusted}, "signature mismatch")
	verifier := fakeVerifier{}
	policy := func(v trust.Verifier, count int, roles ...string) SignaturePolicy {
		return SignaturePolicy{Verifier: v, Policy: trust.Policy{Signatures: count, Roles: roles}}
	}
	for _, c := range []struct {
		name    string
		results []trust.Check
		pol     SignaturePolicy
		want    []string // "check@line:col"
	}{
		{"counted, enough", unchecked, policy(nil, 2, "dpo"), nil},
		{"counted, too few", unchecked, policy(nil, 3), []string{"missing-signature@90:1"}},
		{"counted, role missing", unchecked, policy(nil, 0, "approver"), []string{"missing-role@90:1"}},
		{"verified", valid, policy(verifier, 2, "assessor", "dpo"), nil},
		{"unknown signer does not count", unknownDPO, policy(verifier, 2, "dpo"),
			[]string{"unknown-signer@97:7", "missing-signature@90:1", "missing-role@90:1"}},
		{"bad signature", badFirst, policy(verifier, 0), []string{"bad-signature@95:5"}},
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

// TestSignatureProblemsClaims: a legacy signature is a warning and counts as
// a signer but not as its role; a role bound to others and a signer that
// hides text are errors on their own fields.
func TestSignatureProblemsClaims(t *testing.T) {
	legacyDPO := checks([]trust.Status{trust.Trusted, trust.Trusted})
	legacyDPO[1].Format = trust.FormatLegacy
	roleRefused := checks([]trust.Status{trust.Trusted, trust.RoleNotAllowed}, "", "role dpo may be signed only by x@example.com (--role-signers), but ...")
	roleRefused[1].Field = "role"
	badSigner := checks([]trust.Status{trust.Invalid, trust.Trusted}, `signer "A\u202e" contains ...`)
	badSigner[0].Field = "signer"
	pol := SignaturePolicy{Verifier: fakeVerifier{}, Policy: trust.Policy{Signatures: 2, Roles: []string{"dpo"}}}
	for _, c := range []struct {
		name    string
		results []trust.Check
		want    []string // "severity check field"
	}{
		{"legacy", legacyDPO, []string{
			"warning legacy-signature signatures[1].signature",
			"error missing-role signatures",
		}},
		{"role not allowed", roleRefused, []string{
			"error role-not-allowed signatures[1].role",
			"error missing-signature signatures",
			"error missing-role signatures",
		}},
		{"bad signer", badSigner, []string{
			"error bad-signer signatures[0].signer",
			"error missing-signature signatures",
		}},
	} {
		var got []string
		var msgs []string
		for _, p := range signatureProblems(testRecord(), c.results, pol) {
			got = append(got, fmt.Sprintf("%s %s %s", p.Severity, p.Check, p.Field))
			msgs = append(msgs, p.Msg)
		}
		if !slices.Equal(got, c.want) {
			t.Errorf("%s: got %v, want %v", c.name, got, c.want)
		}
		if c.name == "legacy" && len(msgs) == 2 && !strings.Contains(msgs[1], "(signature 2 claims it, but was signed the old way") {
			t.Errorf("legacy: missing role message %q does not say why", msgs[1])
		}
	}
}

// TestCheckSignaturesUsesVerifier: with a Verifier, the Verifier decides
// (this is where internal/trust plugs in).
func TestCheckSignaturesUsesVerifier(t *testing.T) {
	cat, err := assessment.Load(templates.FS)
	if err != nil {
		t.Fatal(err)
	}
	// The fake trusts SHA256:a only.
	ps, err := applySignaturePolicy(cat, testRecord(), SignaturePolicy{Verifier: fakeVerifier{trusted: "SHA256:a"}, Policy: trust.Policy{Signatures: 1}})
	if err != nil {
		t.Fatal(err)
	}
	if len(ps) != 1 || ps[0].Check != assessment.CheckUnknownSigner || !strings.Contains(ps[0].Msg, "Marc") {
		t.Fatalf("problems = %v", ps)
	}
}

// TestValidateFileLimits: a file over the size limit is refused before it is
// read, with the size check ID, and a directory given as a file is a read problem.
func TestValidateFileLimits(t *testing.T) {
	cat, err := assessment.Load(templates.FS)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	big := filepath.Join(dir, "big.lia.yaml")
	if err := os.WriteFile(big, bytes.Repeat([]byte("# padding\n"), 200), 0o644); err != nil {
		t.Fatal(err)
	}
	c := &Checker{Catalog: cat, Options: assessment.ValidateOptions{Limits: assessment.Limits{MaxBytes: 1000, MaxDepth: 32, MaxNodes: 1000}}}
	r := c.File(Input{Path: big})
	if len(r.Problems) != 1 || r.Problems[0].Check != assessment.CheckSize || !strings.Contains(r.Problems[0].Msg, "2000 bytes") {
		t.Errorf("big file: %+v", r.Problems)
	}
	r = c.File(Input{Path: dir})
	if len(r.Problems) != 1 || r.Problems[0].Check != assessment.CheckRead {
		t.Errorf("directory: %+v", r.Problems)
	}
}

// TestSourceLinks: in a directory, a link is followed only to a regular file
// inside the given paths (or anywhere with FollowLinks), and a link to
// anything else is skipped.
func TestSourceLinks(t *testing.T) {
	dir := t.TempDir()
	repo, outside := filepath.Join(dir, "repo"), filepath.Join(dir, "outside")
	for _, d := range []string{repo, outside} {
		if err := os.Mkdir(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for _, f := range []string{filepath.Join(repo, "a.lia.yaml"), filepath.Join(outside, "secret")} {
		if err := os.WriteFile(f, []byte("x: 1\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for link, target := range map[string]string{"in.lia.yaml": "a.lia.yaml", "out.lia.yaml": "../outside/secret",
		"dir.lia.yaml": "../outside", "broken.lia.yaml": "none"} {
		if err := os.Symlink(target, filepath.Join(repo, link)); err != nil {
			t.Skip("no symbolic links here:", err)
		}
	}
	for _, follow := range []bool{false, true} {
		src, err := NewSource([]string{repo}, "*.lia.yaml")
		if err != nil {
			t.Fatal(err)
		}
		src.FollowLinks = follow
		var got []string
		for in := range src.All {
			s := filepath.Base(in.Path)
			if in.Err != nil {
				s += " error"
				if in.Err == errOutside {
					s += " outside"
				}
			}
			got = append(got, s)
		}
		want := []string{"a.lia.yaml", "broken.lia.yaml error", "in.lia.yaml", "out.lia.yaml error outside"}
		if follow {
			want[3] = "out.lia.yaml"
		}
		if !slices.Equal(got, want) {
			t.Errorf("follow %v: got %v, want %v", follow, got, want)
		}
	}
}

// TestFileResultsOwnTheirText: Checker.File reads every file into a buffer
// it uses again, and releases each record's tree for the next one; the
// results it returned before must read the same after later files are
// checked (none may refer to those buffers).
func TestFileResultsOwnTheirText(t *testing.T) {
	cat, err := assessment.Load(templates.FS)
	if err != nil {
		t.Fatal(err)
	}
	paths, err := filepath.Glob("../../testdata/examples/*.lia.yaml")
	if err != nil || len(paths) == 0 {
		t.Fatalf("no examples: %v", err)
	}
	dir := t.TempDir()
	var files []string
	for i, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		// Each example as it is, with keys and values misspelled (problems
		// that quote the file's text), and cut short.
		variants := [][]byte{b,
			bytes.Replace(bytes.Replace(b, []byte("apiVersion:"), []byte("apiVersio:"), 1), []byte("answers:\n"), []byte("answers:\n  sektion_zz: {q: 1}\n"), 1),
			bytes.Replace(b, []byte(": true"), []byte(": maybe-not"), -1),
			b[:len(b)/3],
		}
		for j, v := range variants {
			name := filepath.Join(dir, fmt.Sprintf("r%d-%d.lia.yaml", i, j))
			if err := os.WriteFile(name, v, 0o644); err != nil {
				t.Fatal(err)
			}
			files = append(files, name)
		}
	}
	render := func(r *Result) string {
		var b strings.Builder
		fmt.Fprintf(&b, "%s %s %s\n", r.Path, r.ID, r.Outcome)
		for _, p := range r.Problems {
			fmt.Fprintf(&b, "%s %s %s %s\n", p.Severity, p.Field, p.Error.Error(), p.Hint)
		}
		return b.String()
	}
	c := &Checker{Catalog: cat, Options: assessment.ValidateOptions{Today: "2026-11-23", Limits: assessment.DefaultLimits}}
	var results []*Result
	var want []string
	for range 2 {
		for _, f := range files {
			r := c.File(Input{Path: f})
			results = append(results, r)
			want = append(want, render(r))
		}
	}
	problems := 0
	for i, r := range results {
		if got := render(r); got != want[i] {
			t.Errorf("result %d changed once later files were checked:\n%s\nwas:\n%s", i, got, want[i])
		}
		problems += len(r.Problems)
	}
	if problems < len(files) {
		t.Errorf("only %d problems in %d results: the variants do not test much", problems, len(results))
	}
}
