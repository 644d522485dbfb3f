package main

// lia report keeps these rules:
//   - only a complete record whose stored result is what its rules compute is
//     rendered as a final report; anything else is refused with the reasons,
//     and --draft renders it anyway, marked DRAFT on every page;
//   - the PDF is written atomically and an existing file is only replaced with
//     --force, like every file lia writes;
//   - the same record renders to the same bytes (internal/report).

import (
	"fmt"
	"path/filepath"
	"runtime/debug"
	"strings"

	"github.com/lia-project/lia/internal/assessment"
	"github.com/lia-project/lia/internal/report"
	"github.com/spf13/cobra"
)

type reportOptions struct {
	format string
	output string
	draft  bool
	force  bool
}

func newReportCmd(a *app) *cobra.Command {
	opts := &reportOptions{}
	cmd := &cobra.Command{
		Use:   "report FILE",
		Short: "Render a record as a PDF report",
		Long: `Render a record as a PDF report for auditors: a cover with the outcome, a
summary of the three tests, a chart of interest against risk and of each
safeguard's contribution, every answer as it was asked, the findings with their
legal references, the DPIA screening, the actions, and the signatures with how
to verify them. The record itself is embedded in the PDF, byte for byte.

The same record always renders to the same bytes, on any machine: dates come
from the record, never the clock.

Only a complete record whose stored result is what the rules compute is
rendered; lia says what is wrong with any other. --draft renders it anyway,
with a DRAFT watermark on every page and the problems listed on the cover.

The PDF is written to -o (default: FILE with .pdf in place of .lia.yaml; "-"
writes to standard output). An existing file is replaced only with --force.

--format md writes the same argued report as Markdown, for pull requests,
wikis and $GITHUB_STEP_SUMMARY (default output: <id>.md): the summary of each
test with the answers and the assessor's words, the decision, every answer
with its note, the findings, the actions and the signatures. Record text is
escaped, so it cannot turn into links, images or HTML.

EXIT STATUS
  0    report written
  1    the record is invalid, incomplete or its result is stale or edited,
       or the report could not be written
  2    usage error`,
		Example: `  $ lia report fraud.lia.yaml
  $ lia report fraud.lia.yaml -o reports/fraud-2026.pdf --force
  $ lia report partial.lia.yaml --draft
  $ lia report fraud.lia.yaml --format md -o - >> "$GITHUB_STEP_SUMMARY"
  $ pdfdetach -saveall fraud.pdf   # extract the embedded record`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return reportRun(a, opts, args[0])
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.format, "format", "pdf", "`FORMAT` of the report: pdf, or md (Markdown)")
	f.StringVarP(&opts.output, "output", "o", "", "write the report to `FILE` (default: FILE with .pdf, or <id>.md; - for stdout)")
	f.BoolVar(&opts.draft, "draft", false, "render a record that is invalid or stale anyway, marked DRAFT")
	f.BoolVar(&opts.force, "force", false, "replace an existing output file")
	return cmd
}

func reportRun(a *app, opts *reportOptions, path string) error {
	if opts.format != "pdf" && opts.format != "md" {
		return usageErr("use --format pdf or --format md", "unknown format %q", opts.format)
	}
	if opts.format == "pdf" {
		report.Warm() // fonts load while the rules load and the record is checked
	}
	// A result from other rules counts as a problem: the report would show
	// today's outcome beside a stored (perhaps signed) result that differs.
	cat, rec, raw, errs, err := a.readChecked(path)
	if err != nil {
		return err
	}
	if len(errs) > 0 {
		if !opts.draft {
			return failErr(refuseHint(errs, path), errs)
		}
		a.notef("%s: rendering a draft despite %d problem(s)", path, len(errs))
	}
	// Rendering allocates about 35 MB of short-lived buffers (fpdf's font
	// tables and zlib writers) in a process that exits soon after; collecting
	// them as they go cost a fifth of a run, so the collector waits for a
	// soft memory limit while rendering. GOGC or GOMEMLIMIT, when set, win.
	if a.io.Env("GOGC") == "" && a.io.Env("GOMEMLIMIT") == "" {
		defer debug.SetGCPercent(debug.SetGCPercent(-1))
		defer debug.SetMemoryLimit(debug.SetMemoryLimit(256 << 20))
	}
	var pdf []byte
	if opts.format == "md" {
		pdf, err = renderMarkdown(cat, rec, raw, opts.draft)
	} else {
		pdf, err = renderReport(cat, rec, raw, opts.draft)
	}
	if err != nil {
		return failErr("", fmt.Errorf("%s: %w", path, err))
	}
	out := opts.output
	if out == "-" {
		if _, err := a.io.Out.Write(pdf); err != nil {
			return failErr("", fmt.Errorf("writing the report to standard output: %w", err))
		}
		return nil
	}
	if out == "" {
		out = defaultPDFName(path)
		if opts.format == "md" {
			out = report.AttachmentName(rec)
			out = filepath.Join(filepath.Dir(path), strings.TrimSuffix(out, ".lia.yaml")+".md")
		}
	}
	if err := a.writeFile(out, pdf, 0o644, opts.force); err != nil {
		return err
	}
	kind := "report"
	if opts.draft {
		kind = "draft report"
	}
	outcome := cat.Rules.Evaluate(rec.Metadata.Jurisdiction, rec.Answers).Result.Outcome
	if len(cat.Questionnaire.Missing(rec.Answers)) > 0 {
		outcome = "incomplete"
	}
	fmt.Fprintf(a.io.Out, "%s: %s of %s, outcome %s\n", out, kind, path, outcome)
	return nil
}

// renderReport returns the PDF lia report writes for a record (see report.Render).
func renderReport(cat *assessment.Catalog, rec *assessment.Record, raw []byte, draft bool) ([]byte, error) {
	return report.Render(cat, rec, raw, draft)
}

// renderMarkdown returns the Markdown report of a record.
func renderMarkdown(cat *assessment.Catalog, rec *assessment.Record, raw []byte, draft bool) ([]byte, error) {
	in, err := report.Input(cat, rec, raw, draft)
	if err != nil {
		return nil, err
	}
	var b strings.Builder
	if err := report.RenderMarkdown(&b, in); err != nil {
		return nil, err
	}
	return []byte(b.String()), nil
}

func refuseHint(errs assessment.Errors, path string) string {
	for _, e := range errs {
		if e.Check != assessment.CheckResult && e.Check != assessment.CheckStale {
			return "lia report renders only complete, valid records; fix the record, or render a draft with --draft"
		}
	}
	return "recompute the result with: lia assess --answers " + path + " -o " + path + " --force, or render a draft with --draft"
}

// defaultPDFName puts .pdf in place of the record's extension.
func defaultPDFName(path string) string {
	for _, ext := range []string{".lia.yaml", ".lia.yml", ".yaml", ".yml"} {
		if strings.HasSuffix(path, ext) && len(filepath.Base(path)) > len(ext) {
			return strings.TrimSuffix(path, ext) + ".pdf"
		}
	}
	return path + ".pdf"
}
