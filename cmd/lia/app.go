package main

// Output rules, kept by every command:
//   - results go to stdout and stay parseable when piped;
//   - errors go to stderr as "lia: error: ..." with "lia: hint: ..." where we can
//     say what to do next, lowercase, no trailing period;
//   - warnings and notes go to stderr as "lia: warning: ..." / "lia: note: ...";
//   - exit codes: 0 success, 1 a check failed (invalid record, failed signature,
//     policy), 2 usage (bad flags, missing answers without a terminal), 130 interrupted.
// Commands never touch os.Stdin/Stdout/Stderr: they use the app's streams.

import (
	"errors"
	"fmt"
	"github.com/lia-project/lia/internal/safetext"
	"io"
	"os"
	"sync"
	"time"

	"github.com/lia-project/lia/internal/assessment"
	"github.com/lia-project/lia/internal/prompt"
	"github.com/lia-project/lia/internal/rules"
	"github.com/spf13/cobra"
	"golang.org/x/term"
)

// Exit codes.
const (
	exitOK        = 0
	exitFail      = 1
	exitUsage     = 2
	exitInterrupt = 130
)

// streams carries the standard streams and what we know about them.
type streams struct {
	In     io.Reader
	Out    io.Writer
	Err    io.Writer
	InTTY  bool // stdin is a terminal: prompting is possible
	OutTTY bool
	ErrTTY bool
	Env    func(string) string
}

func systemStreams() *streams {
	isTTY := func(f *os.File) bool { return term.IsTerminal(int(f.Fd())) }
	return &streams{In: os.Stdin, Out: os.Stdout, Err: os.Stderr,
		InTTY: isTTY(os.Stdin), OutTTY: isTTY(os.Stdout), ErrTTY: isTTY(os.Stderr), Env: os.Getenv}
}

// app holds what commands share: streams, the clock and the embedded catalog.
type app struct {
	io     *streams
	now    func() time.Time
	limits assessment.Limits

	// rulesFlag is --rules, on the commands that read rules (addRulesFlag).
	rulesFlag string

	catOnce sync.Once
	cat     *assessment.Catalog
	catErr  error
}

func newApp(s *streams) *app {
	if s.Env == nil {
		s.Env = func(string) string { return "" }
	}
	return &app{io: s, now: time.Now, limits: assessment.DefaultLimits}
}

// catalog loads the questionnaire and rules once: lia's own, or those that
// --rules, LIA_RULES or the repository's config file names (internal/rules).
func (a *app) catalog() (*assessment.Catalog, error) {
	a.catOnce.Do(func() {
		src, err := a.rulesSource()
		if err != nil {
			a.catErr = failErr("", err)
			return
		}
		a.cat, a.catErr = rules.Load(src)
		switch {
		case a.catErr == nil || src.Builtin():
		case assessment.AsRulesErrors(a.catErr) != nil:
			a.catErr = failErr(fmt.Sprintf("lia refuses %s; check them with: lia rules check %s", src, src.Dir), a.catErr)
		default:
			a.catErr = failErr("", fmt.Errorf("%s: %w", src, a.catErr))
		}
	})
	return a.cat, a.catErr
}

// rulesSource says where the rules come from.
func (a *app) rulesSource() (rules.Source, error) {
	cwd, _ := os.Getwd()
	return rules.Resolve(a.rulesFlag, a.io.Env, cwd)
}

// addRulesFlag gives a command that reads rules the --rules flag.
func (a *app) addRulesFlag(c *cobra.Command) {
	c.Flags().StringVar(&a.rulesFlag, "rules", "", "ask and score with the rules in `DIR` (default: $LIA_RULES, then "+rules.ConfigName+", then lia's own)")
}

// warnf and notef print a warning or a note on stderr, escaped by
// safetext: their arguments often hold text from a record.
func (a *app) warnf(format string, args ...any) {
	fmt.Fprintf(a.io.Err, "lia: warning: %s\n", safetext.Text(fmt.Sprintf(format, args...)))
}

func (a *app) notef(format string, args ...any) {
	fmt.Fprintf(a.io.Err, "lia: note: %s\n", safetext.Text(fmt.Sprintf(format, args...)))
}

// hintf says what to do next, as the top level does after an error.
func (a *app) hintf(format string, args ...any) {
	fmt.Fprintf(a.io.Err, "lia: hint: %s\n", safetext.Text(fmt.Sprintf(format, args...)))
}

// exitError carries an exit code and an optional hint to the top level.
type exitError struct {
	code int
	err  error
	hint string
}

func (e *exitError) Error() string { return e.err.Error() }
func (e *exitError) Unwrap() error { return e.err }

// usageErr is a mistake in how lia was called (exit 2).
func usageErr(hint string, format string, args ...any) error {
	return &exitError{code: exitUsage, err: fmt.Errorf(format, args...), hint: hint}
}

// failErr is a failed check or an unusable input (exit 1).
func failErr(hint string, err error) error {
	return &exitError{code: exitFail, err: err, hint: hint}
}

// withCode gives err an exit code, and the hint of an error from a package
// that says what to do next (a Hint() string method).
func withCode(code int, err error) error {
	hint := ""
	var h interface{ Hint() string }
	if errors.As(err, &h) {
		hint = h.Hint()
	}
	return &exitError{code: code, err: err, hint: hint}
}

// errInterrupted is returned when the user presses Ctrl-C (exit 130).
var errInterrupted = prompt.ErrInterrupted

// errSilent is an exit code whose message the command has already printed.
type errSilent int

func (e errSilent) Error() string { return fmt.Sprintf("exit status %d", int(e)) }

// printError prints err the way the output rules say and returns the exit code.
func printError(w io.Writer, err error) int {
	if err == nil {
		return exitOK
	}
	var silent errSilent
	if errors.As(err, &silent) {
		return int(silent)
	}
	if errors.Is(err, errInterrupted) {
		fmt.Fprintln(w, "lia: interrupted")
		var ee *exitError
		if errors.As(err, &ee) && ee.hint != "" {
			fmt.Fprintf(w, "lia: hint: %s\n", ee.hint)
		}
		return exitInterrupt
	}
	code, hint := exitFail, ""
	var ee *exitError
	if errors.As(err, &ee) {
		code, hint = ee.code, ee.hint
	}
	var list assessment.Errors
	var rlist assessment.RulesErrors
	switch {
	case errors.As(err, &list):
		for _, e := range list {
			fmt.Fprintf(w, "lia: error: %s\n", e)
		}
	case errors.As(err, &rlist):
		for _, e := range rlist {
			fmt.Fprintf(w, "lia: error: %s\n", e)
		}
	default:
		fmt.Fprintf(w, "lia: error: %s\n", err)
	}
	if hint != "" {
		fmt.Fprintf(w, "lia: hint: %s\n", hint)
	}
	return code
}

// run is lia's whole life: parse args, run a command, map its error to an exit code.
func run(args []string, s *streams) int {
	a := newApp(s)
	root := newRootCmd(a)
	root.SetArgs(args)
	root.SetIn(s.In)
	root.SetOut(s.Out)
	root.SetErr(s.Err)
	err := root.Execute()
	var ee *exitError
	if err != nil && !errors.As(err, &ee) && isCobraUsage(err) {
		err = usageErr("see 'lia --help'", "%v", err)
	}
	return printError(s.Err, err)
}
