package report

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"flag"
	"fmt"
	"github.com/lia-project/lia/internal/textfmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/lia-project/lia/internal/assessment"
	"github.com/lia-project/lia/templates"
)

var (
	update = flag.Bool("update", false, "rewrite testdata/golden.sha256 from the current renderer")
	pdfDir = flag.String("pdfdir", "", "also write the rendered example PDFs to this directory, to look at them")
)

const goldenFile = "testdata/golden.sha256"

// exampleInput parses one example record the way lia report does, with
// sha256 of the raw bytes standing in for the canonical hash (computed by the
// signing code, outside this package).
func exampleInput(t testing.TB, path string) PDFInput {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return inputFor(t, catalog(t), filepath.Base(path), raw)
}

func catalog(t testing.TB) *assessment.Catalog {
	t.Helper()
	cat, err := assessment.Load(templates.FS)
	if err != nil {
		t.Fatal(err)
	}
	return cat
}

func inputFor(t testing.TB, cat *assessment.Catalog, name string, raw []byte) PDFInput {
	t.Helper()
	rec, err := assessment.ParseRecord(name, raw, cat.Questionnaire, assessment.DefaultLimits)
	if err != nil {
		t.Fatalf("parsing %s: %v", name, err)
	}
	sum := sha256.Sum256(raw)
	return PDFInput{Record: rec, Raw: raw, Catalog: cat, Eval: cat.Rules.Evaluate(rec.Metadata.Jurisdiction, rec.Answers), CanonicalSHA256: hex.EncodeToString(sum[:])}
}

func render(t testing.TB, in PDFInput) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := RenderPDF(&b, in); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func examples(t testing.TB) []string {
	t.Helper()
	ms, err := filepath.Glob("../../testdata/examples/*.lia.yaml")
	if err != nil || len(ms) == 0 {
		t.Fatalf("no example records: %v", err)
	}
	sort.Strings(ms)
	return ms
}

func pdfName(path string) string {
	return strings.TrimSuffix(filepath.Base(path), ".lia.yaml") + ".pdf"
}

func sha(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

func readGolden(t *testing.T) map[string]string {
	t.Helper()
	f, err := os.Open(goldenFile)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	defer f.Close()
	out := map[string]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fs := strings.Fields(sc.Text())
		if len(fs) == 2 {
			out[fs[1]] = fs[0]
		}
	}
	return out
}

// TestGolden pins the SHA-256 of each example's PDF: any change to the bytes
// lia report writes must be deliberate (go test -update) and reviewed.
func TestGolden(t *testing.T) {
	var lines []string
	var want map[string]string
	if !*update {
		want = readGolden(t)
	}
	for _, ex := range examples(t) {
		name := pdfName(ex)
		first := render(t, exampleInput(t, ex))
		Warm() // the second render takes a document prepared in the background
		second := render(t, exampleInput(t, ex))
		if !bytes.Equal(first, second) {
			t.Errorf("%s: two renders differ (%d and %d bytes)", name, len(first), len(second))
		}
		got := sha(first)
		lines = append(lines, got+"  "+name)
		if *pdfDir != "" {
			if err := os.WriteFile(filepath.Join(*pdfDir, name), first, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		if !*update && want[name] != got {
			t.Errorf("%s: sha256 %s, golden %s (a change to the renderer or to templates/ changes the PDFs: if it is intended, bump LayoutVersion, run go test ./internal/report -update -pdfdir DIR and look at the PDFs; if only the Go toolchain changed how streams compress, update the hashes and keep LayoutVersion, since lia verify compares streams decompressed)", name, got, want[name])
		}
	}
	if *update {
		if err := os.WriteFile(goldenFile, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestTimeZoneIndependent renders with the local zone moved to Tokyo: the
// PDF's dates come from the record, so the bytes must not change.
func TestTimeZoneIndependent(t *testing.T) {
	in := exampleInput(t, examples(t)[0])
	utc := render(t, in)
	saved := time.Local
	t.Cleanup(func() { time.Local = saved })
	time.Local = time.FixedZone("JST", 9*60*60)
	if tokyo := render(t, in); !bytes.Equal(utc, tokyo) {
		t.Error("the PDF depends on the local time zone")
	}
}

func needTool(t *testing.T, name string) {
	t.Helper()
	if _, err := exec.LookPath(name); err != nil {
		t.Skipf("%s is not installed", name)
	}
}

func writeTemp(t *testing.T, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// pdfText extracts the text with poppler, with runs of white space folded so
// that wrapped lines can be matched.
func pdfText(t *testing.T, pdf []byte) string {
	t.Helper()
	needTool(t, "pdftotext")
	out, err := exec.Command("pdftotext", "-enc", "UTF-8", writeTemp(t, "r.pdf", pdf), "-").CombinedOutput()
	if err != nil {
		t.Fatalf("pdftotext: %v\n%s", err, out)
	}
	return strings.Join(strings.Fields(string(out)), " ")
}

func fold(s string) string { return strings.Join(strings.Fields(s), " ") }

// pageBreaks matches what a page break puts into extracted text: the footer
// of one page and the running header of the next.
var pageBreaks = regexp.MustCompile(`Record \S+ (?:Page \d+ of \d+ )?SHA-256 of the canonical record: [0-9a-f]+ (?:Page \d+ of \d+ )?.{0,200}? Outcome: [A-Z]+ `)

// flowText is pdfText without page footers and headers, so that text that
// runs on across a page break can be matched whole.
func flowText(t *testing.T, pdf []byte) string {
	return pageBreaks.ReplaceAllString(pdfText(t, pdf), "")
}

func TestPDFText(t *testing.T) {
	for _, ex := range examples(t) {
		t.Run(pdfName(ex), func(t *testing.T) {
			in := exampleInput(t, ex)
			text := pdfText(t, render(t, in))
			m := in.Record.Metadata
			want := []string{
				fold(m.Title), m.Controller, "OUTCOME " + strings.ToUpper(in.Eval.Result.Outcome),
				"Record " + m.ID, "SHA-256 of the canonical record: " + in.CanonicalSHA256,
				"Purpose test", "Necessity test", "Balancing test", "DPIA screening", "Signatures",
			}
			for _, f := range in.Eval.Result.Findings {
				want = append(want, f.ID, fold(f.Message), fold(f.Reference))
			}
			for _, w := range want {
				if !strings.Contains(text, w) {
					t.Errorf("text lacks %q", w)
				}
			}
		})
	}
}

// TestAttachment checks with poppler that the record is embedded byte for
// byte under its own name.
func TestAttachment(t *testing.T) {
	needTool(t, "pdfdetach")
	for _, ex := range examples(t) {
		in := exampleInput(t, ex)
		p := writeTemp(t, "r.pdf", render(t, in))
		dir := t.TempDir()
		if out, err := exec.Command("pdfdetach", "-saveall", "-o", dir, p).CombinedOutput(); err != nil {
			t.Fatalf("pdfdetach: %v\n%s", err, out)
		}
		entries, err := os.ReadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		want := in.Record.Metadata.ID + ".lia.yaml"
		if len(entries) != 1 || entries[0].Name() != want {
			t.Fatalf("%s: attachments %v, want only %s", pdfName(ex), entries, want)
		}
		got, err := os.ReadFile(filepath.Join(dir, want))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, in.Raw) {
			t.Errorf("%s: the embedded record differs from the file (%d and %d bytes)", pdfName(ex), len(got), len(in.Raw))
		}
	}
}

func qpdfCheck(t *testing.T, pdf []byte) {
	t.Helper()
	needTool(t, "qpdf")
	out, err := exec.Command("qpdf", "--check", writeTemp(t, "r.pdf", pdf)).CombinedOutput()
	if err != nil || !strings.Contains(string(out), "No syntax or stream encoding errors found") {
		t.Errorf("qpdf --check: %v\n%s", err, out)
	}
}

func TestQPDFCheck(t *testing.T) {
	for _, ex := range examples(t) {
		qpdfCheck(t, render(t, exampleInput(t, ex)))
	}
}

func TestDraft(t *testing.T) {
	in := exampleInput(t, examples(t)[0])
	in.Draft = true
	in.DraftReasons = []string{"the stored result says pass; the rules conclude fail"}
	pdf := render(t, in)
	text := pdfText(t, pdf)
	for _, w := range []string{"DRAFT: this report is not a final record", "the stored result says pass; the rules conclude fail", "DRAFT · Record"} {
		if !strings.Contains(text, w) {
			t.Errorf("draft text lacks %q", w)
		}
	}
	if final := render(t, exampleInput(t, examples(t)[0])); bytes.Equal(final, pdf) {
		t.Error("a draft renders the same bytes as a final report")
	}
	qpdfCheck(t, pdf)
}

// hostileRecord is an example record with the text a careless or hostile
// user could type: a 3,000-character controller, emoji, CJK, an RTL
// override, tabs, control characters, a 400-character word.
func hostileRecord(t testing.TB) []byte {
	t.Helper()
	raw, err := os.ReadFile("../../testdata/examples/support-assistant-authorised.lia.yaml")
	if err != nil {
		t.Fatal(err)
	}
	controller := strings.Repeat("Ωmega Дата Ltd 数据 😀 ", 150)[:3000]
	word := strings.Repeat("x", 400)
	yamlQ := func(s string) string { return fmt.Sprintf("%q", s) }
	s := string(raw)
	repl := []struct{ old, new string }{
		{"controller: Example Helpdesk Software Ltd", "controller: " + yamlQ(controller)},
		{"title: Train our reply-suggestion model", "title: " + yamlQ("\u202Egnissecorp\u202C 🚀 训练模型\tTabs\x07 and "+word) + "\n  x_title: Train our reply-suggestion model"},
		{"    categories: Ticket text,", "    categories: " + yamlQ(word+" 👩‍👩‍👧 \U0001F600 \u2066isolate\u2069 Ελληνικά кириллица 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 "+strings.Repeat("long value ", 10_000)) + "\n    x_categories: Ticket text,"},
		{"name: Irene Costa", "name: " + yamlQ("Irene\tCosta \u200F\u202Bمرحبا\u202C")},
	}
	for _, r := range repl {
		if !strings.Contains(s, r.old) {
			t.Fatalf("hostile record: %q not found in the example", r.old)
		}
		s = strings.Replace(s, r.old, r.new, 1)
	}
	// Drop the placeholder keys that kept the rest of each replaced line.
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, "x_title:") || strings.Contains(l, "x_categories:") {
			continue
		}
		out = append(out, l)
	}
	return []byte(strings.Join(out, "\n"))
}

func TestHostileRecord(t *testing.T) {
	raw := hostileRecord(t)
	in := inputFor(t, catalog(t), "hostile.lia.yaml", raw)
	for _, draft := range []bool{false, true} {
		in.Draft = draft
		pdf := render(t, in)
		qpdfCheck(t, pdf)
		text := pdfText(t, pdf)
		for _, w := range []string{"Ωmega Дата Ltd", "Ελληνικά кириллица", "\uFFFD", "more characters not shown; see the embedded record", "Tabs and"} {
			if !strings.Contains(text, w) {
				t.Errorf("draft=%v: text lacks %q", draft, w)
			}
		}
		for _, bad := range []string{"\u202E", "\u2066", "\u202B", "\x07", "😀", "数据"} {
			if strings.Contains(text, bad) {
				t.Errorf("draft=%v: text contains %q, which should have been removed or replaced", draft, bad)
			}
		}
	}
}

// signedRecord is an example with two signatures appended.
func signedRecord(t testing.TB) []byte {
	t.Helper()
	raw, err := os.ReadFile("../../testdata/examples/fraud-detection.lia.yaml")
	if err != nil {
		t.Fatal(err)
	}
	sig := `
signatures:
- signer: Ana Lima <ana.lima@example.com>
  role: assessor
  key: SHA256:7dnT5oPqvW3KpXw0nS0m8e3l2m0z9Tq1c2b3a4d5e6f
  signed_at: "2026-11-02T10:15:00Z"
  signature: |
    -----BEGIN SSH SIGNATURE-----
    U1NIU0lHAAAAAQ==
    -----END SSH SIGNATURE-----
- signer: Irene Costa <dpo@example.com>
  role: dpo
  key: SHA256:Zq9r8s7t6u5v4w3x2y1z0a9b8c7d6e5f4g3h2i1j0kL
  signed_at: "2026-11-03T08:00:00Z"
  signature: |
    -----BEGIN SSH SIGNATURE-----
    U1NIU0lHAAAAAQ==
    -----END SSH SIGNATURE-----
`
	return append(bytes.TrimRight(raw, "\n"), sig...)
}

func TestSignaturesPage(t *testing.T) {
	in := inputFor(t, catalog(t), "signed.lia.yaml", signedRecord(t))
	if len(in.Record.Signatures) != 2 {
		t.Fatalf("test record has %d signatures, want 2", len(in.Record.Signatures))
	}
	text := pdfText(t, render(t, in))
	for _, w := range []string{
		"Ana Lima <ana.lima@example.com> (assessor), 2026-11-02T10:15:00Z",
		"SHA256:7dnT5oPqvW3KpXw0nS0m8e3l2m0z9Tq1c2b3a4d5e6f", "Irene Costa <dpo@example.com>",
		"pdfdetach -saveall", "lia verify", "ssh-keygen -Y verify", "-n lia-assessment",
	} {
		if !strings.Contains(text, w) {
			t.Errorf("text lacks %q", w)
		}
	}
}

// TestSummaryArgues checks that the summary, from page 2 to the chart,
// states the case: each test with the facts from the answers and the
// assessor's words, the decision, then the scores, in full and in compact
// form.
func TestSummaryArgues(t *testing.T) {
	needTool(t, "pdftotext")
	in := exampleInput(t, "../../testdata/examples/support-assistant-unauthorised.lia.yaml")
	saved := summaryFullMessages
	t.Cleanup(func() { summaryFullMessages = saved })
	j := in.Record.Justification
	for _, full := range []int{saved, 0} {
		summaryFullMessages = full
		text := flowText(t, render(t, in))
		start, end := strings.Index(text, "Summary Outcome:"), strings.Index(text, "Balancing: interest against risk")
		if start < 0 || end < start {
			t.Fatalf("full=%d: no summary before the chart", full)
		}
		summary := text[start:end]
		last := 0
		for _, w := range []string{"Purpose test", "The interest pursued: " + fold(in.Record.Answers["purpose.interest"].Text),
			"In the assessor's words", fold(j.Purpose), "Necessity test", fold(j.Necessity), "Balancing test", "The main risks:",
			fold(j.Balancing), "DPIA screening", "The decision", fold(j.Decision), "Next review: by 2027-04-15", "Residual / interest", "findings in all"} {
			i := strings.Index(summary[last:], w)
			if i < 0 {
				t.Errorf("full=%d: summary lacks %q after what came before", full, w)
				continue
			}
			last += i
		}
	}
}

// TestLongTextInFull: a 12,000-character description and long
// justifications and notes are printed in full, every word, across pages.
func TestLongTextInFull(t *testing.T) {
	raw, err := os.ReadFile("../../testdata/examples/fraud-detection.lia.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var words []string
	for i := 0; len(strings.Join(words, " ")) < 12_000; i++ {
		words = append(words, fmt.Sprintf("word%04d", i))
	}
	description := strings.Join(words, " ")
	long := func(tag string) string { return strings.Repeat(tag+" reasoning continues, ", 150) + tag + "-end" }
	s := strings.Replace(string(raw), "    description: Train and run", "    description: "+description+"\n    x_description: Train and run", 1)
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if !strings.Contains(l, "x_description:") {
			out = append(out, l)
		}
	}
	s = strings.Join(out, "\n")
	s = strings.Replace(s, "  purpose: Example Payments", "  purpose: "+long("purpose")+"\n  x: Example Payments", 1)
	s = strings.Replace(s, "  decision: Legitimate interest", "  decision: "+long("decision")+"\n  y: Legitimate interest", 1)
	out = out[:0]
	skip := false
	for _, l := range strings.Split(s, "\n") {
		switch {
		case strings.HasPrefix(l, "  x: ") || strings.HasPrefix(l, "  y: "):
			skip = true
			continue
		case skip && strings.HasPrefix(l, "    "):
			continue
		}
		skip = false
		out = append(out, l)
	}
	in := inputFor(t, catalog(t), "long.lia.yaml", []byte(strings.Join(out, "\n")))
	if len(in.Record.Answers["context.description"].Text) < 12_000 {
		t.Fatalf("description has %d characters", len(in.Record.Answers["context.description"].Text))
	}
	text := flowText(t, render(t, in))
	for _, w := range append(words, "purpose-end", "decision-end", fold(in.Record.Notes["dpia.completed"])) {
		if !strings.Contains(text, w) {
			t.Errorf("the PDF lacks %q", w)
		}
	}
	if n := strings.Count(text, "purpose reasoning continues"); n < 2*150 {
		t.Errorf("the purpose justification appears %d times in part, want it in full in the summary and the answers (300)", n)
	}
	if strings.Contains(text, "more characters not shown") {
		t.Errorf("text a person wrote was cut")
	}
}

// TestConcurrentRenders renders from several goroutines at once (run with
// -race): the fonts are shared, and no render may change another's bytes.
func TestConcurrentRenders(t *testing.T) {
	in := exampleInput(t, examples(t)[0])
	want := render(t, in)
	const n = 4
	got := make([][]byte, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			Warm() // one of the renders takes the prepared document
			var b bytes.Buffer
			errs[i] = RenderPDF(&b, in)
			got[i] = b.Bytes()
		}()
	}
	wg.Wait()
	for i := range n {
		if errs[i] != nil {
			t.Fatal(errs[i])
		}
		if !bytes.Equal(got[i], want) {
			t.Errorf("render %d differs from a render on its own", i)
		}
	}
}

// TestBlankLinesCollapse checks that a value of blank lines cannot add pages.
func TestBlankLinesCollapse(t *testing.T) {
	in := exampleInput(t, "../../testdata/examples/support-assistant-authorised.lia.yaml")
	pages := func(pdf []byte) int { return bytes.Count(pdf, []byte("/Type /Page\n")) }
	want := pages(render(t, in))
	answers := in.Record.Answers.Clone()
	v := answers["context.description"]
	v.Text = "start" + strings.Repeat("\n", 1900) + "end"
	answers["context.description"] = v
	rec := *in.Record
	rec.Answers = answers
	in.Record = &rec
	if got := pages(render(t, in)); got > want {
		t.Errorf("1,900 blank lines made %d pages, want %d", got, want)
	}
}

func TestRenderNeedsInputs(t *testing.T) {
	var b bytes.Buffer
	if err := RenderPDF(&b, PDFInput{}); err == nil {
		t.Error("RenderPDF with no record: no error")
	}
}

func TestClean(t *testing.T) {
	f, err := loadFonts()
	if err != nil {
		t.Fatal(err)
	}
	c := f.clean
	tests := []struct {
		in        string
		multiline bool
		want      string
	}{
		{"plain ASCII", false, "plain ASCII"},
		{"Ελληνικά Кириллица Łódź", false, "Ελληνικά Кириллица Łódź"},
		{"a\tb", false, "a b"},
		{"a\x00b\x07c\x7fd", false, "abcd"},
		{"line\r\nnext\rthird", true, "line\nnext\nthird"},
		{"line\nnext", false, "line next"},
		{"\u202Eevil\u202C \u2067iso\u2069 \u200Fmark", false, "evil iso mark"},
		{"中文", false, "\uFFFD\uFFFD"},
		{"😀 \U0001F680", false, "\uFFFD \uFFFD"},
		{"❤\uFE0F", false, "❤"},
		{"שלום مرحبا", false, "\uFFFD\uFFFD\uFFFD\uFFFD \uFFFD\uFFFD\uFFFD\uFFFD\uFFFD"},
		{"bad \xff byte", false, "bad \uFFFD byte"},
	}
	for _, tt := range tests {
		if got := c.clean(tt.in, tt.multiline); got != tt.want {
			t.Errorf("clean(%q, %v) = %q, want %q", tt.in, tt.multiline, got, tt.want)
		}
	}
}

func TestTruncate(t *testing.T) {
	if got := textfmt.Truncate("short", 10, "see the embedded record"); got != "short" {
		t.Errorf("truncate short = %q", got)
	}
	got := textfmt.Truncate(strings.Repeat("é", 30), 10, "see the embedded record")
	want := strings.Repeat("é", 10) + " … [20 more characters not shown; see the embedded record]"
	if got != want {
		t.Errorf("truncate = %q, want %q", got, want)
	}
}

func TestParseCoverageRejectsJunk(t *testing.T) {
	for _, junk := range [][]byte{nil, []byte("not a font"), make([]byte, 64)} {
		if _, err := parseCoverage(junk); err == nil {
			t.Errorf("parseCoverage(%q): no error", junk)
		}
	}
}

// BenchmarkRenderPDF renders one typical record (target: under 25 ms).
func BenchmarkRenderPDF(b *testing.B) {
	in := exampleInput(b, "../../testdata/examples/support-assistant-authorised.lia.yaml")
	var buf bytes.Buffer
	b.ReportAllocs()
	for b.Loop() {
		buf.Reset()
		if err := RenderPDF(&buf, in); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(buf.Len()), "bytes/report")
}

// FuzzRenderPDF puts arbitrary text in the fields a user types, past the YAML
// parser, and requires a PDF without error or panic.
func FuzzRenderPDF(f *testing.F) {
	for _, s := range []string{"", "plain", "\u202Eevil", "数据😀", "\x00\x01\t\r\n", strings.Repeat("x", 3000), "\xff\xfe", "\U0010FFFF\uFFFF\uFEFF"} {
		f.Add(s)
	}
	base := exampleInput(f, "../../testdata/examples/support-assistant-authorised.lia.yaml")
	f.Fuzz(func(t *testing.T, s string) {
		in := base
		rec := *base.Record
		rec.Metadata.Title, rec.Metadata.Controller, rec.Metadata.ID = s, s, s
		rec.Metadata.Assessor.Name = s
		rec.Signatures = []assessment.Signature{{Signer: s, Role: s, Key: s, SignedAt: s}}
		answers := rec.Answers.Clone()
		v := answers["context.description"]
		v.Text = s
		answers["context.description"] = v
		rec.Answers = answers
		in.Record = &rec
		in.Draft = len(s)%2 == 0
		in.DraftReasons = []string{s}
		in.CanonicalSHA256 = s
		var b bytes.Buffer
		if err := RenderPDF(&b, in); err != nil {
			t.Fatal(err)
		}
	})
}

// TestExtractRoundTrip checks that lia's own extractor (used by lia verify)
// finds the record in what RenderPDF writes, drafts included.
func TestExtractRoundTrip(t *testing.T) {
	for _, ex := range examples(t) {
		in := exampleInput(t, ex)
		for _, draft := range []bool{false, true} {
			in.Draft = draft
			got, err := ExtractRecord(render(t, in), assessment.DefaultLimits.MaxBytes)
			if err != nil {
				t.Fatalf("%s draft=%v: %v", pdfName(ex), draft, err)
			}
			if !bytes.Equal(got, in.Raw) {
				t.Errorf("%s draft=%v: extracted record differs from the original", pdfName(ex), draft)
			}
		}
	}
}
