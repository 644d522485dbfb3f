package main

import (
	"fmt"
	"strings"

	"github.com/lia-project/lia/internal/assessment"
	"github.com/spf13/cobra"
)

type assessOptions struct {
	output         string
	answers        string
	resume         bool
	nonInteractive bool
	force          bool
	plain          bool

	// prompter replaces the terminal prompts in tests.
	prompter Prompter
}

func newAssessCmd(a *app) *cobra.Command {
	opts := &assessOptions{}
	cmd := &cobra.Command{
		Use:   "assess",
		Short: "Run the assessment interview and write a record",
		Long: `Run the Legitimate Interest Assessment: an interview through the three tests
(purpose, necessity, balancing), with help on every question, that ends in a
decision with its reasons and the actions still needed. The record is written
with its computed result to -o (default: <id>.lia.yaml).

In a terminal, type ? on any question for its help. Every answer is saved to
OUT.draft as you go: Ctrl-C stops (exit 130) and --resume continues where you
left off; the draft is removed once the record is written. At the end of each
section you can review and change its answers. --plain asks with numbered line
prompts and no cursor movement, for screen readers; NO_COLOR turns colour off.

With --answers FILE (a partial or complete record), only the questions the file
does not answer are asked. With --non-interactive, or when standard input is not
a terminal, lia never prompts: if applicable answers are missing it lists every
missing question ID and exits 2. Answers to questions that do not apply are
dropped with a warning. An existing file is never replaced without --force or
your confirmation in the terminal.

EXIT STATUS
  0    record written
  1    the answers file is invalid, or the output could not be written
  2    usage error, or answers missing without a terminal
  130  interrupted (answers so far are kept in OUT.draft; continue with --resume)`,
		Example: `  $ lia assess -o fraud.lia.yaml
  $ lia assess --answers partial.yaml -o fraud.lia.yaml
  $ lia assess --non-interactive --answers fraud.lia.yaml -o fraud.lia.yaml --force
  $ lia assess --resume -o fraud.lia.yaml`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return assessRun(a, opts)
		},
	}
	f := cmd.Flags()
	f.StringVarP(&opts.output, "output", "o", "", "write the record to `FILE` (default: <id>.lia.yaml)")
	f.StringVar(&opts.answers, "answers", "", "take answers from `FILE` (a partial or complete record)")
	f.BoolVar(&opts.resume, "resume", false, "continue from the draft saved beside the output file")
	f.BoolVar(&opts.nonInteractive, "non-interactive", false, "never prompt; fail listing missing answers")
	f.BoolVar(&opts.force, "force", false, "replace an existing output file")
	f.BoolVar(&opts.plain, "plain", false, "numbered line prompts without cursor control (screen readers)")
	return cmd
}

func assessRun(a *app, opts *assessOptions) error {
	cat, err := a.catalog()
	if err != nil {
		return err
	}
	canPrompt := a.io.InTTY && !opts.nonInteractive
	if !canPrompt && opts.answers == "" && !opts.resume {
		return usageErr("give the answers with --answers FILE, or run lia assess in a terminal",
			"no answers given and no terminal to ask them on")
	}
	rec := &assessment.Record{Answers: assessment.Answers{}}
	if opts.answers != "" {
		rec, _, err = a.readRecord(opts.answers)
		if err != nil {
			return err
		}
	}
	if canPrompt || opts.resume {
		return runInterview(a, opts, rec)
	}
	prepareAnswers(a, cat, rec, opts.answers)
	if missing := missingIDs(cat, rec); len(missing) > 0 {
		return missingErr(cat, opts.answers, missing)
	}
	return finishRecord(a, cat, rec, opts)
}

// prepareAnswers drops answers to questions that do not apply and fills what
// can be derived without asking.
func prepareAnswers(a *app, cat *assessment.Catalog, rec *assessment.Record, source string) {
	for _, id := range cat.Questionnaire.Irrelevant(rec.Answers) {
		a.warnf("%s: answers.%s does not apply to this assessment; dropped", source, id)
	}
	rec.Answers = cat.Questionnaire.Prune(rec.Answers)
	if rec.Metadata.ID == "" && rec.Metadata.Title != "" {
		rec.Metadata.ID = slug(rec.Metadata.Title)
	}
}

func missingIDs(cat *assessment.Catalog, rec *assessment.Record) []string {
	missing := assessment.MissingMetadata(rec.Metadata)
	for _, id := range cat.Questionnaire.Missing(rec.Answers) {
		missing = append(missing, "answers."+id)
	}
	return missing
}

func missingErr(cat *assessment.Catalog, source string, missing []string) error {
	var b strings.Builder
	fmt.Fprintf(&b, "%d answers are missing from %s:", len(missing), source)
	for _, id := range missing {
		b.WriteString("\n  " + id)
		if q := cat.Questionnaire.Question(strings.TrimPrefix(id, "answers.")); q != nil {
			b.WriteString("  (" + q.Prompt + ")")
		}
	}
	return usageErr("add them to "+source+", or run lia assess --answers "+source+" in a terminal to be asked",
		"%s", b.String())
}

// finishRecord computes the result, writes the record and prints the decision.
func finishRecord(a *app, cat *assessment.Catalog, rec *assessment.Record, opts *assessOptions) error {
	ev := cat.Rules.Evaluate(rec.Answers)
	rec.APIVersion, rec.Kind = assessment.APIVersion, assessment.Kind
	rec.Result = &ev.Result
	if len(rec.Signatures) > 0 {
		a.warnf("the %d signature(s) of the input were not carried over: the record is new, sign it again", len(rec.Signatures))
		rec.Signatures = nil
	}
	out := opts.output
	if out == "" {
		out = rec.Metadata.ID + ".lia.yaml"
	}
	if err := a.writeRecord(out, rec, opts.force); err != nil {
		return err
	}
	fmt.Fprintf(a.io.Out, "%s: outcome %s\n", out, ev.Result.Outcome)
	writeDecision(a.io.Out, &ev.Result)
	fmt.Fprintf(a.io.Out, "Reasons and scores: lia explain %s\n", out)
	return nil
}

// writeDecision prints the outcome, each test's status, the blockers and the actions.
func writeDecision(w interface{ Write([]byte) (int, error) }, r *assessment.Result) {
	fmt.Fprintf(w, "  %s\n", outcomeSentence(r.Outcome))
	fmt.Fprintf(w, "  purpose test:   %-11s %s\n", r.Tests.Purpose.Status, r.Tests.Purpose.Reason)
	fmt.Fprintf(w, "  necessity test: %-11s %s\n", r.Tests.Necessity.Status, r.Tests.Necessity.Reason)
	fmt.Fprintf(w, "  balancing test: %-11s %s\n", r.Tests.Balancing.Status, r.Tests.Balancing.Reason)
	for _, f := range r.Findings {
		if f.Severity == assessment.SeverityBlocker {
			fmt.Fprintf(w, "  blocker %s: %s\n", f.ID, f.Message)
		}
	}
	if len(r.Actions) > 0 {
		fmt.Fprintln(w, "  Actions:")
		for i, x := range r.Actions {
			fmt.Fprintf(w, "    %d. %s\n", i+1, x)
		}
	}
}

func outcomeSentence(o string) string {
	switch o {
	case assessment.OutcomePass:
		return "PASS: legitimate interest is a defensible basis for this processing as designed."
	case assessment.OutcomeConditional:
		return "CONDITIONAL: legitimate interest can be relied on only once the actions below are done."
	}
	return "FAIL: legitimate interest cannot be relied on as designed; another basis or a redesign is needed."
}
