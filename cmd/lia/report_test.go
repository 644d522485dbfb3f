package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"github.com/lia-project/lia/internal/textfmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lia-project/lia/internal/assessment"
	"github.com/lia-project/lia/internal/report"
)

func TestDefaultPDFName(t *testing.T) {
	tests := []struct{ in, want string }{
		{"fraud.lia.yaml", "fraud.pdf"},
		{"dir/fraud.lia.yml", "dir/fraud.pdf"},
		{"fraud.yaml", "fraud.pdf"},
		{"fraud", "fraud.pdf"},
		{"dir/.lia.yaml", "dir/.lia.pdf"},
	}
	for _, tt := range tests {
		if got := defaultPDFName(tt.in); got != tt.want {
			t.Errorf("defaultPDFName(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// runLia runs lia with fake streams and returns the exit code and output.
func runLia(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(args, &streams{In: strings.NewReader(""), Out: &out, Err: &errb})
	return code, out.String(), errb.String()
}

func TestReportRun(t *testing.T) {
	dir := t.TempDir()
	rec := filepath.Join(dir, "fraud.lia.yaml")
	if code, _, stderr := runLia(t, "assess", "--answers", "../../testdata/examples/fraud-detection.lia.yaml", "-o", rec); code != 0 {
		t.Fatalf("assess: exit %d: %s", code, stderr)
	}
	tests := []struct {
		name       string
		args       []string
		code       int
		stdout     string // prefix
		stderr     string // substring
		wantOutput string // file that must exist afterwards
	}{
		{"default name", []string{"report", rec}, 0, filepath.Join(dir, "fraud.pdf") + ": report of", "", filepath.Join(dir, "fraud.pdf")},
		{"exists", []string{"report", rec}, 1, "", "already exists", ""},
		{"force", []string{"report", rec, "--force"}, 0, filepath.Join(dir, "fraud.pdf"), "", ""},
		{"stdout", []string{"report", rec, "-o", "-"}, 0, "%PDF-1.", "", ""},
		{"draft of a valid record", []string{"report", rec, "--draft", "-o", filepath.Join(dir, "d.pdf")}, 0, filepath.Join(dir, "d.pdf") + ": draft report", "", filepath.Join(dir, "d.pdf")},
		{"no args", []string{"report"}, 2, "", "accepts 1 arg", ""},
		{"bad flag", []string{"report", rec, "--nope"}, 2, "", "unknown flag", ""},
		{"missing file", []string{"report", filepath.Join(dir, "none.lia.yaml")}, 1, "", "no such file", ""},
		{"no result", []string{"report", "../../testdata/examples/fraud-detection.lia.yaml", "-o", filepath.Join(dir, "x.pdf")}, 1, "", "no result", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := runLia(t, tt.args...)
			if code != tt.code {
				t.Errorf("exit %d, want %d; stderr:\n%s", code, tt.code, stderr)
			}
			if !strings.HasPrefix(stdout, tt.stdout) {
				t.Errorf("stdout %q, want prefix %q", textfmt.Clip(stdout, 80), tt.stdout)
			}
			if !strings.Contains(stderr, tt.stderr) {
				t.Errorf("stderr %q, want %q in it", stderr, tt.stderr)
			}
			if tt.wantOutput != "" {
				if _, err := os.Stat(tt.wantOutput); err != nil {
					t.Error(err)
				}
			}
		})
	}
	if _, err := os.Stat(filepath.Join(dir, "x.pdf")); err == nil {
		t.Error("a refused record left a PDF behind")
	}
}

// TestReportFooterHash checks that every page names the SHA-256 of the bytes
// lia canonical prints, which is what signatures cover.
func TestReportFooterHash(t *testing.T) {
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext is not installed")
	}
	dir := t.TempDir()
	rec := filepath.Join(dir, "fraud.lia.yaml")
	if code, _, stderr := runLia(t, "assess", "--answers", "../../testdata/examples/fraud-detection.lia.yaml", "-o", rec); code != 0 {
		t.Fatalf("assess: exit %d: %s", code, stderr)
	}
	code, canon, stderr := runLia(t, "canonical", rec)
	if code != 0 {
		t.Fatalf("canonical: exit %d: %s", code, stderr)
	}
	sum := sha256.Sum256([]byte(canon))
	want := "SHA-256 of the canonical record: " + hex.EncodeToString(sum[:])
	if code, _, stderr := runLia(t, "report", rec); code != 0 {
		t.Fatalf("report: exit %d: %s", code, stderr)
	}
	text, err := exec.Command("pdftotext", filepath.Join(dir, "fraud.pdf"), "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	pages := strings.Count(string(text), "\f")
	if n := strings.Count(string(text), want); n != pages || n == 0 {
		t.Errorf("%q appears on %d of %d pages", want, n, pages)
	}
}

// TestReportRerenders is what lia verify relies on: the record extracted from
// a PDF renders to the same PDF, whatever path it was first read from.
func TestReportRerenders(t *testing.T) {
	dir := t.TempDir()
	rec := filepath.Join(dir, "fraud.lia.yaml")
	if code, _, stderr := runLia(t, "assess", "--answers", "../../testdata/examples/fraud-detection.lia.yaml", "-o", rec); code != 0 {
		t.Fatalf("assess: exit %d: %s", code, stderr)
	}
	// A hand edit, so that the draft has reasons to print.
	edited := filepath.Join(dir, "edited.lia.yaml")
	b, err := os.ReadFile(rec)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(edited, bytes.Replace(b, []byte("  outcome: pass"), []byte("  outcome: fail"), 1), 0o644); err != nil {
		t.Fatal(err)
	}
	a := newApp(&streams{In: strings.NewReader(""), Out: &bytes.Buffer{}, Err: &bytes.Buffer{}})
	cat, err := a.catalog()
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		path  string
		draft bool
	}{{rec, false}, {edited, true}} {
		parsed, raw, err := a.readRecord(tt.path)
		if err != nil {
			t.Fatal(err)
		}
		pdf, err := renderReport(cat, parsed, raw, tt.draft)
		if err != nil {
			t.Fatal(err)
		}
		embedded, err := report.ExtractRecord(pdf, a.limits.MaxBytes)
		if err != nil {
			t.Fatal(err)
		}
		again, err := assessment.ParseRecord(report.AttachmentName(parsed), embedded, cat.Questionnaire, a.limits)
		if err != nil {
			t.Fatal(err)
		}
		pdf2, err := renderReport(cat, again, embedded, tt.draft)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(pdf, pdf2) {
			t.Errorf("%s (draft=%v): the embedded record renders to a different PDF", filepath.Base(tt.path), tt.draft)
		}
	}
}
