package main

import (
	"github.com/lia-project/lia/internal/assessment"
	"github.com/lia-project/lia/internal/explain"
	"github.com/spf13/cobra"
)

func newExplainCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "explain FILE",
		Short: "Explain how the engine reached a record's result",
		Long: `Explain a record's result: each test's status, every finding with its legal
reference and the answers that caused it, each risk factor and safeguard with its
contribution, and how residual risk compares with the weight of the interest.

The result is recomputed from the answers; if the stored result differs, lia
warns and explains the recomputed one.

EXIT STATUS
  0    explained
  1    the record is invalid or incomplete`,
		Example: `  $ lia explain fraud.lia.yaml
  $ lia explain fraud.lia.yaml | less`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return explainRun(a, args[0])
		},
	}
}

func explainRun(a *app, path string) error {
	cat, err := a.catalog()
	if err != nil {
		return err
	}
	rec, _, err := a.readRecord(path)
	if err != nil {
		return err
	}
	errs, warns := cat.Check(rec)
	var blocking assessment.Errors
	for _, e := range errs {
		if e.Check == assessment.CheckResult || e.Check == assessment.CheckRulesMismatch {
			warns = append(warns, e)
		} else {
			blocking = append(blocking, e)
		}
	}
	if len(blocking) > 0 {
		return failErr("complete the record with: lia assess --answers "+path+" -o "+path+" --force", blocking)
	}
	for _, w := range warns {
		a.warnf("%s", w)
	}
	ev := cat.Rules.Evaluate(rec.Metadata.Jurisdiction, rec.Answers)
	explain.Write(a.io.Out, cat, rec, ev)
	return nil
}
