package main

import (
	"errors"
	"io"
	"os"
	"os/signal"

	"github.com/lia-project/lia/internal/assessment"
	"github.com/lia-project/lia/internal/interview"
	"github.com/lia-project/lia/internal/prompt"
	"github.com/spf13/cobra"
)

type assessOptions struct {
	output         string
	answers        string
	edit           string
	resume         bool
	nonInteractive bool
	force          bool
	plain          bool
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

With --edit FILE, a finished record is reopened in the interview: choose the
part to review (or every question), each answer offered as the default; lia
then offers to re-date the assessment, recomputes the result, shows what changed
(as lia diff does) and asks before writing FILE (or -o). Signatures cover the
record as it was: when it changes they are dropped from the new version, with a
warning. Without a terminal --edit never prompts: with --non-interactive and
--force it recomputes the result and rewrites the record, otherwise it exits 2.

EXIT STATUS
  0    record written
  1    the answers file is invalid, or the output could not be written
  2    usage error, or answers missing without a terminal
  130  interrupted (answers so far are kept in OUT.draft; continue with --resume)`,
		Example: `  $ lia assess -o fraud.lia.yaml
  $ lia assess --answers partial.yaml -o fraud.lia.yaml
  $ lia assess --non-interactive --answers fraud.lia.yaml -o fraud.lia.yaml --force
  $ lia assess --resume -o fraud.lia.yaml
  $ lia assess --edit fraud.lia.yaml
  $ lia assess --edit fraud.lia.yaml --non-interactive --force`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return assessRun(a, opts)
		},
	}
	f := cmd.Flags()
	f.StringVarP(&opts.output, "output", "o", "", "write the record to `FILE` (default: <id>.lia.yaml)")
	f.StringVar(&opts.answers, "answers", "", "take answers from `FILE` (a partial or complete record)")
	f.StringVar(&opts.edit, "edit", "", "reopen the record `FILE` in the interview, its answers as defaults")
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
	if cat.Rules.Digest != "" {
		if src, err := a.rulesSource(); err == nil {
			a.notef("asking and scoring with %s, version %s", src, cat.Rules.Version)
		}
	}
	o := &interview.Options{
		Catalog: cat,
		Output:  opts.output, Answers: opts.answers, Edit: opts.edit, Resume: opts.resume, Force: opts.force,
		NonInteractive: opts.nonInteractive,
		Out:            a.io.Out, Err: a.io.Err, Warnf: a.warnf, Now: a.now,
		ReadRecord: func(path string) (*assessment.Record, error) {
			rec, _, err := a.readRecord(path)
			return rec, err
		},
		WriteFile:   a.writeFile,
		WriteRecord: a.writeRecord,
	}
	if a.io.InTTY && !opts.nonInteractive {
		// Survey reads Ctrl-C as a key; between prompts, and for line prompts,
		// it arrives as a signal, which must end the interview the same way.
		sig := make(chan os.Signal, 1)
		signal.Notify(sig, os.Interrupt)
		defer signal.Stop(sig)
		o.Interrupt = sig
		o.Prompter, o.Term = newPrompter(a, opts.plain, sig)
	}
	return assessErr(interview.Run(o))
}

// assessErr gives the interview's errors their exit codes: 130 for an
// interrupt, 2 for a usage error, 1 for a refused action.
func assessErr(err error) error {
	var ie *interview.Error
	if !errors.As(err, &ie) {
		return err
	}
	code := exitFail
	switch {
	case errors.Is(ie.Err, errInterrupted):
		code = exitInterrupt
	case ie.Usage:
		code = exitUsage
	}
	return &exitError{code: code, err: ie.Err, hint: ie.Hint}
}

// newPrompter returns survey's prompts when the streams are real terminals,
// and line prompts with --plain or when survey could not drive them. It also
// returns the writer that intros and progress lines go to: the terminal, on
// stderr so that stdout carries only the result.
func newPrompter(a *app, plain bool, sig <-chan os.Signal) (prompt.Prompter, io.Writer) {
	term := a.io.Err
	if !a.io.ErrTTY && a.io.OutTTY {
		term = a.io.Out
	}
	// survey asks the terminal where the cursor is; with output going to a
	// file, or a terminal that cannot answer (TERM=dumb), it would wait
	// forever, so line prompts are used instead.
	if !plain && (a.io.ErrTTY || a.io.OutTTY) && a.io.Env("TERM") != "dumb" {
		if p := prompt.NewSurvey(a.io.In, term, a.io.Env("NO_COLOR") != ""); p != nil {
			return p, term
		}
	}
	return prompt.NewPlain(a.io.In, term, sig), term
}
