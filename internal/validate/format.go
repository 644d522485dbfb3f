package validate

import (
	"bufio"
	"encoding/json"
	"fmt"
	"github.com/lia-project/lia/internal/textfmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/lia-project/lia/internal/assessment"
	"github.com/lia-project/lia/internal/fileutil"
	"github.com/lia-project/lia/internal/safetext"
)

// Reporter writes results in one format: Begin before the first file, File
// for each file as soon as it is checked, End with the summary.
type Reporter interface {
	Begin() error
	File(r *Result) error
	End(s Summary) error
}

// Formats are the output formats NewReporter knows.
var Formats = []string{"text", "json", "junit", "github"}

// NewReporter returns the Reporter for format, writing to w. The github
// format also appends a Markdown summary to the file stepSummary, when not ""
// ($GITHUB_STEP_SUMMARY).
func NewReporter(format string, w io.Writer, stepSummary string) (Reporter, error) {
	bw := bufio.NewWriter(w)
	switch format {
	case "text":
		return &textReporter{w: bw}, nil
	case "json":
		return &jsonReporter{w: bw}, nil
	case "junit":
		return &junitReporter{w: bw}, nil
	case "github":
		return &githubReporter{w: bw, summaryPath: stepSummary}, nil
	}
	return nil, fmt.Errorf("unknown format %q", format)
}

// problemLine is the one-line form of a problem, as compilers write them:
// file:line:col: severity: field: message [check]. The file name, field and
// message are escaped by safetext.Text: they may hold text from the record.
func problemLine(p assessment.Problem) string {
	var b strings.Builder
	b.WriteString(safetext.Text(p.File))
	if p.Line > 0 {
		fmt.Fprintf(&b, ":%d", p.Line)
		if p.Col > 0 {
			fmt.Fprintf(&b, ":%d", p.Col)
		}
	}
	fmt.Fprintf(&b, ": %s: ", p.Severity)
	if p.Field != "" {
		b.WriteString(safetext.Text(p.Field) + ": ")
	}
	fmt.Fprintf(&b, "%s [%s]", safetext.Text(p.Msg), safetext.Text(p.Check))
	return b.String()
}

// unverifiedNote says how signatures were counted without a Verifier
// (trust.Unverified, trust.Policy.Count).
const unverifiedNote = "signatures were counted, not verified: one signer per key, read from each signature (for a certificate, the key it certifies), whatever the entries claim; give --allowed-signers to verify them"

// textReporter writes one line per problem and a summary line.
type textReporter struct{ w *bufio.Writer }

func (t *textReporter) Begin() error { return nil }

func (t *textReporter) File(r *Result) error {
	for _, p := range r.Problems {
		fmt.Fprintln(t.w, problemLine(p))
		if p.Hint != "" {
			fmt.Fprintf(t.w, "  hint: %s\n", safetext.Text(p.Hint))
		}
	}
	// Flush per file: a CI log shows progress, and a crash loses nothing.
	return t.w.Flush()
}

func (t *textReporter) End(s Summary) error {
	if s.Signatures == SigsCounted {
		fmt.Fprintf(t.w, "note: %s\n", unverifiedNote)
	}
	if s.RolesNote != "" {
		fmt.Fprintf(t.w, "note: %s\n", s.RolesNote)
	}
	fmt.Fprintln(t.w, s.String())
	return t.w.Flush()
}

// JSONReport is the whole JSON output, written piece by piece by the json
// Reporter; a reader can decode the output into it.
type JSONReport struct {
	Version int         `json:"version"`
	Files   []JSONFile  `json:"files"`
	Summary JSONSummary `json:"summary"`
}

// JSONFile is one file in a JSONReport.
type JSONFile struct {
	Path     string        `json:"path"`
	Valid    bool          `json:"valid"`
	ID       string        `json:"id,omitempty"`
	Outcome  string        `json:"outcome,omitempty"`
	Errors   int           `json:"errors"`
	Warnings int           `json:"warnings"`
	Problems []JSONProblem `json:"problems"`
}

// JSONProblem is one problem of a JSONFile.
type JSONProblem struct {
	Severity string `json:"severity"`
	Check    string `json:"check"`
	Line     int    `json:"line,omitempty"`
	Column   int    `json:"column,omitempty"`
	Field    string `json:"field,omitempty"`
	Message  string `json:"message"`
	Hint     string `json:"hint,omitempty"`
}

// JSONSummary is the summary of a JSONReport.
type JSONSummary struct {
	Files    int `json:"files"`
	Valid    int `json:"valid"`
	Invalid  int `json:"invalid"`
	Errors   int `json:"errors"`
	Warnings int `json:"warnings"`
	// Signatures is "unchecked" (no signature rule given), "counted" (required
	// but not verified: no --allowed-signers) or "verified".
	Signatures string `json:"signatures"`
	// Roles, when signatures are verified, is "claimed" (every role is the
	// signer's own claim: no --role-signers), "partly-bound" or "bound".
	Roles string `json:"roles,omitempty"`
}

// jsonReporter writes {"version":1,"files":[...],"summary":{...}}, one file
// object at a time.
type jsonReporter struct {
	w *bufio.Writer
	n int
}

func (j *jsonReporter) Begin() error {
	_, err := j.w.WriteString("{\n  \"version\": 1,\n  \"files\": [")
	return err
}

func (j *jsonReporter) File(r *Result) error {
	f := JSONFile{Path: r.Path, ID: r.ID, Outcome: r.Outcome, Problems: []JSONProblem{},
		Errors: r.Count(assessment.SevError), Warnings: r.Count(assessment.SevWarning)}
	f.Valid = f.Errors == 0
	for _, p := range r.Problems {
		f.Problems = append(f.Problems, JSONProblem{Severity: string(p.Severity), Check: p.Check, Line: p.Line, Column: p.Col,
			Field: p.Field, Message: p.Msg, Hint: p.Hint})
	}
	b, err := json.MarshalIndent(f, "    ", "  ")
	if err != nil {
		return err
	}
	if j.n > 0 {
		j.w.WriteByte(',')
	}
	j.n++
	j.w.WriteString("\n    ")
	j.w.Write(b)
	return nil
}

func (j *jsonReporter) End(s Summary) error {
	b, err := json.MarshalIndent(JSONSummary{Files: s.Files, Valid: s.Valid, Invalid: s.Invalid, Errors: s.Errors,
		Warnings: s.Warnings, Signatures: s.Signatures, Roles: s.Roles}, "  ", "  ")
	if err != nil {
		return err
	}
	if j.n > 0 {
		j.w.WriteString("\n  ")
	}
	fmt.Fprintf(j.w, "],\n  \"summary\": %s\n}\n", b)
	return j.w.Flush()
}

// junitReporter writes one testsuite with one testcase per file: errors are a
// failure, warnings go to system-out. The counts are not in the header, which
// is written before the files are known; JUnit readers count the testcases.
type junitReporter struct{ w *bufio.Writer }

func (j *junitReporter) Begin() error {
	_, err := j.w.WriteString("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"lia validate\">\n  <testsuite name=\"lia validate\">\n")
	return err
}

func (j *junitReporter) File(r *Result) error {
	fmt.Fprintf(j.w, "    <testcase classname=\"lia.validate\" name=\"%s\" file=\"%s\"", safetext.XMLAttr(r.Path), safetext.XMLAttr(r.Path))
	errs, warns := r.Count(assessment.SevError), r.Count(assessment.SevWarning)
	if errs == 0 && warns == 0 {
		_, err := j.w.WriteString("/>\n")
		return err
	}
	j.w.WriteString(">\n")
	lines := func(sev assessment.Severity) string {
		var b strings.Builder
		for _, p := range r.Problems {
			if p.Severity == sev {
				b.WriteString(problemLine(p) + "\n")
				if p.Hint != "" {
					b.WriteString("  hint: " + safetext.Text(p.Hint) + "\n")
				}
			}
		}
		return safetext.XMLText(b.String())
	}
	if errs > 0 {
		first := ""
		for _, p := range r.Problems {
			if p.Severity == assessment.SevError {
				first = p.Check
				break
			}
		}
		fmt.Fprintf(j.w, "      <failure type=\"%s\" message=\"%s\">%s</failure>\n", safetext.XMLAttr(first),
			safetext.XMLAttr(textfmt.Plural(errs, "error")), lines(assessment.SevError))
	}
	if warns > 0 {
		fmt.Fprintf(j.w, "      <system-out>%s</system-out>\n", lines(assessment.SevWarning))
	}
	_, err := j.w.WriteString("    </testcase>\n")
	return err
}

func (j *junitReporter) End(s Summary) error {
	j.w.WriteString("  </testsuite>\n</testsuites>\n")
	return j.w.Flush()
}

// githubReporter writes workflow commands, which GitHub Actions turns into
// annotations on the lines of a pull request, then a summary line; with
// $GITHUB_STEP_SUMMARY it also appends a Markdown summary to the job page.
type githubReporter struct {
	w           *bufio.Writer
	summaryPath string
	invalid     []string // invalid files, for the step summary (bounded below)
}

const maxSummaryFiles = 50

func (g *githubReporter) Begin() error { return nil }

func (g *githubReporter) File(r *Result) error {
	for _, p := range r.Problems {
		// GitHub matches annotations to repository paths: "./a/b" would not be found.
		// Record text is made visible first (safetext.Text), then escaped as
		// the runner decodes it, so that it stays on its command's line.
		props := "file=" + safetext.GitHubProperty(safetext.Text(filepath.ToSlash(filepath.Clean(p.File))))
		if p.Line > 0 {
			props += fmt.Sprintf(",line=%d", p.Line)
			if p.Col > 0 {
				props += fmt.Sprintf(",col=%d", p.Col)
			}
		}
		props += ",title=" + safetext.GitHubProperty(safetext.Text("lia "+p.Check))
		msg := safetext.Text(p.Msg)
		if p.Field != "" {
			msg = safetext.Text(p.Field) + ": " + msg
		}
		if p.Hint != "" {
			msg += "\nhint: " + safetext.Text(p.Hint)
		}
		fmt.Fprintf(g.w, "::%s %s::%s\n", p.Severity, props, safetext.GitHubData(msg))
	}
	if r.Count(assessment.SevError) > 0 && len(g.invalid) < maxSummaryFiles {
		g.invalid = append(g.invalid, r.Path)
	}
	return g.w.Flush()
}

func (g *githubReporter) End(s Summary) error {
	if s.Signatures == SigsCounted {
		fmt.Fprintf(g.w, "::notice title=lia validate::%s\n", safetext.GitHubData(unverifiedNote))
	}
	if s.RolesNote != "" {
		fmt.Fprintf(g.w, "::notice title=lia validate::%s\n", safetext.GitHubData(safetext.Text(s.RolesNote)))
	}
	fmt.Fprintf(g.w, "lia validate: %s\n", s)
	if err := g.w.Flush(); err != nil {
		return err
	}
	if g.summaryPath == "" {
		return nil
	}
	f, err := os.OpenFile(g.summaryPath, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		return fmt.Errorf("writing the step summary: %w", fileutil.PathErr(err))
	}
	writeStepSummary(f, s, g.invalid)
	return f.Close()
}

// writeStepSummary appends the Markdown summary; file names are escaped as
// literal Markdown text (safetext.Markdown), never put raw in a code span.
func writeStepSummary(w io.Writer, s Summary, invalid []string) {
	mark := "✅"
	if s.Invalid > 0 {
		mark = "❌"
	}
	fmt.Fprintf(w, "### %s lia validate\n\n| files | valid | invalid | errors | warnings |\n|---|---|---|---|---|\n| %d | %d | %d | %d | %d |\n\n",
		mark, s.Files, s.Valid, s.Invalid, s.Errors, s.Warnings)
	for _, p := range invalid {
		fmt.Fprintf(w, "- %s\n", safetext.Markdown(p))
	}
	if s.Invalid > len(invalid) {
		fmt.Fprintf(w, "- and %d more\n", s.Invalid-len(invalid))
	}
	if len(invalid) > 0 {
		fmt.Fprintln(w)
	}
}
