package main

import (
	"github.com/lia-project/lia/internal/assessment"
	"github.com/lia-project/lia/internal/diffview"
	"github.com/spf13/cobra"
)

type diffOptions struct {
	format string
}

func newDiffCmd(a *app) *cobra.Command {
	opts := &diffOptions{}
	cmd := &cobra.Command{
		Use:   "diff OLD NEW",
		Short: "Show what changed between two records",
		Long: `Show what changed between two records of the same processing, for example two
reviews: the outcome and how it moved, each test's status, the scores, findings
added, removed or changed, actions, answers added, removed or changed, metadata
and signatures.

It compares what the records say; it does not recompute results (lia validate
checks that a stored result is what the rules compute). Both files must parse;
they need not be complete. With --format json the comparison is a stable
document (see README).

EXIT STATUS
  0    compared (whether or not anything changed)
  1    a record could not be read or parsed
  2    usage error`,
		Example: `  $ lia diff fraud-2025.lia.yaml fraud.lia.yaml
  $ git show HEAD~1:assessments/fraud.lia.yaml > /tmp/old.lia.yaml && lia diff /tmp/old.lia.yaml assessments/fraud.lia.yaml
  $ lia diff --format json old.lia.yaml new.lia.yaml | jq .outcome`,
		Args: cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			return diffRun(a, opts, args[0], args[1])
		},
	}
	cmd.Flags().StringVar(&opts.format, "format", "text", "output `FORMAT`: text or json")
	return cmd
}

func diffRun(a *app, opts *diffOptions, oldPath, newPath string) error {
	if opts.format != "text" && opts.format != "json" {
		return usageErr("use --format text or json", "unknown format %q", opts.format)
	}
	cat, err := a.catalog()
	if err != nil {
		return err
	}
	old, _, err := a.readRecord(oldPath)
	if err != nil {
		return err
	}
	cur, _, err := a.readRecord(newPath)
	if err != nil {
		return err
	}
	// The diff compares stored results; say so when one is not what the rules
	// compute, or a hand edit would read as an improvement.
	for _, rec := range []*assessment.Record{old, cur} {
		errs, _ := cat.Check(rec)
		for _, e := range errs {
			if e.Check == assessment.CheckResult {
				a.warnf("%s: the stored result is not what the rules compute (%s: %s); the diff shows the stored result", rec.File, e.Field, e.Msg)
				break
			}
		}
	}
	d := assessment.DiffRecords(old, cur, cat.Questionnaire)
	if opts.format == "json" {
		return diffview.WriteJSON(a.io.Out, d)
	}
	diffview.Write(a.io.Out, d)
	return nil
}
