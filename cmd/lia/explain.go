package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/lia-project/lia/internal/assessment"
	"github.com/lia-project/lia/internal/interview"
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
	writeExplanation(a.io.Out, cat, rec, ev)
	return nil
}

func writeExplanation(w io.Writer, cat *assessment.Catalog, rec *assessment.Record, ev *assessment.Evaluation) {
	r := &ev.Result
	answer := func(id string) string {
		v, ok := rec.Answers[id]
		if !ok {
			return id + " (not answered)"
		}
		return fmt.Sprintf("%s = %s", id, clipText(v.String(), 60))
	}
	fmt.Fprintf(w, "%s (%s)\n", rec.Metadata.Title, rec.Metadata.ID)
	fmt.Fprintf(w, "Controller: %s. Assessed on %s by %s.\n\n", rec.Metadata.Controller, rec.Metadata.AssessedOn, rec.Metadata.Assessor.Name)
	fmt.Fprintf(w, "OUTCOME: %s\n\n", interview.OutcomeSentence(r.Outcome))

	tests := []struct {
		name, title string
		tr          assessment.TestResult
	}{
		{"purpose", "1. Purpose test: is there a legitimate interest?", r.Tests.Purpose},
		{"necessity", "2. Necessity test: is the processing necessary for it?", r.Tests.Necessity},
		{"balancing", "3. Balancing test: do people's interests override it?", r.Tests.Balancing},
		{"dpia", "DPIA screening (WP248)", assessment.TestResult{}},
	}
	for _, t := range tests {
		if t.name == "dpia" {
			fmt.Fprintf(w, "%s\n", t.title)
			fmt.Fprintf(w, "   criteria: %s\n", listOrNone(r.DPIA.Criteria))
			fmt.Fprintf(w, "   derived by lia from other answers: %s\n", listOrNone(r.DPIA.Derived))
			req := "not required by the screening (fewer than two criteria)"
			if r.DPIA.Required {
				req = "likely required (two or more criteria)"
				if rec.Answers["dpia.completed"].Bool {
					req += "; completed"
				} else {
					req += "; not completed"
				}
			}
			fmt.Fprintf(w, "   DPIA: %s\n", req)
		} else {
			fmt.Fprintf(w, "%s\n   %s: %s\n", t.title, strings.ToUpper(t.tr.Status), t.tr.Reason)
		}
		for _, f := range r.Findings {
			if f.Test != t.name {
				continue
			}
			fmt.Fprintf(w, "   [%s] %s\n", f.Severity, f.ID)
			writeWrapped(w, "       ", f.Message, 78)
			fmt.Fprintf(w, "       reference: %s\n", f.Reference)
			for _, id := range f.Answers {
				fmt.Fprintf(w, "       because: %s\n", answer(id))
			}
		}
		fmt.Fprintln(w)
	}

	because := func(ids []string) string {
		parts := make([]string, len(ids))
		for i, id := range ids {
			parts[i] = answer(id)
		}
		return strings.Join(parts, "; ")
	}
	fmt.Fprintf(w, "Interest weight: %.2f\n", r.Scores.InterestWeight)
	for _, c := range ev.Interest {
		fmt.Fprintf(w, "   %+6.2f  %s  [%s]\n", c.Points, c.Label, because(c.Answers))
	}
	fmt.Fprintf(w, "\nInherent risk (before safeguards): %.2f\n", r.Scores.InherentRisk)
	for _, c := range ev.Risk {
		fmt.Fprintf(w, "   %+6.2f  %s  [%s]\n", c.Points, c.Label, because(c.Answers))
	}
	fmt.Fprintf(w, "\nSafeguards (each removes its share of the risk that is left):\n")
	if len(ev.Mitigations) == 0 {
		fmt.Fprintf(w, "   none that go beyond the GDPR's baseline duties\n")
	}
	for _, c := range ev.Mitigations {
		fmt.Fprintf(w, "   %3.0f%%  -%.2f  %s  [%s]\n", c.Strength*100, c.Removed, c.Label, because(c.Answers))
	}
	fmt.Fprintf(w, "   together they remove %.0f%% of the inherent risk\n", r.Scores.Mitigation*100)
	fmt.Fprintf(w, "\nResidual risk: %.2f\n", r.Scores.ResidualRisk)
	b := cat.Rules.Balancing
	verdict := "clearly below the interest: the balance favours the processing"
	switch {
	case ev.Ratio > b.ConditionalAtMost:
		verdict = "above the interest: people's interests override it"
	case ev.Ratio > b.PassAtMost:
		verdict = "close to the interest: the balance holds only with more safeguards"
	}
	fmt.Fprintf(w, "Balance: residual risk %.2f / interest weight %.2f = %.2f (pass at most %.2f, conditional at most %.2f): %s.\n",
		r.Scores.ResidualRisk, r.Scores.InterestWeight, ev.Ratio, b.PassAtMost, b.ConditionalAtMost, verdict)

	if len(r.Actions) > 0 {
		fmt.Fprintf(w, "\nActions before processing may start:\n")
		for i, x := range r.Actions {
			writeWrapped(w, fmt.Sprintf("   %d. ", i+1), x, 78)
		}
	}
	rulesName := "scoring rules " + r.Engine.Scoring
	if r.Engine.Digest != "" {
		rulesName += " (digest " + r.Engine.Digest + ")"
	}
	fmt.Fprintf(w, "\nComputed by lia %s with %s. lia supports an assessment; it is not legal advice.\n", r.Engine.Version, rulesName)
}

func listOrNone(xs []string) string {
	if len(xs) == 0 {
		return "none"
	}
	return strings.Join(xs, ", ")
}

func clipText(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "..."
	}
	return s
}

// writeWrapped prints text wrapped at width, the first line after prefix and
// the rest indented to match.
func writeWrapped(w io.Writer, prefix, text string, width int) {
	indent := strings.Repeat(" ", len([]rune(prefix)))
	line := prefix
	empty := true
	for _, word := range strings.Fields(text) {
		if !empty && len([]rune(line))+1+len([]rune(word)) > width {
			fmt.Fprintln(w, line)
			line, empty = indent, true
		}
		if !empty {
			line += " "
		}
		line += word
		empty = false
	}
	fmt.Fprintln(w, line)
}
