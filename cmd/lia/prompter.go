package main

import (
	"io"
	"os"
	"strings"
)

// Prompt is one question put to the user: the message and the help shown on "?".
type Prompt struct {
	Message string
	Help    string
}

// Prompter asks one question at a time on the terminal. Every method returns
// errInterrupted when the user gives up (Ctrl-C, end of input), so that the
// caller can keep the draft and exit 130. check, when not nil, validates typed
// text; the prompter shows its error and asks again.
type Prompter interface {
	// Confirm asks yes or no; with a nil def the user must type one of them, so
	// that a stray Enter cannot answer a question that matters.
	Confirm(p Prompt, def *bool) (bool, error)
	// Select returns the index of the chosen option; def is the index offered
	// by default, or -1 for none.
	Select(p Prompt, options []string, def int) (int, error)
	MultiSelect(p Prompt, options []string, def []int) ([]int, error)
	Input(p Prompt, def string, check func(string) error) (string, error)
	// Multiline asks for a long text that may span several lines.
	Multiline(p Prompt, def string, check func(string) error) (string, error)
}

// newPrompter returns survey's prompts when the streams are real terminals,
// and line prompts with --plain or when survey could not drive them. It also
// returns the writer that intros and progress lines go to: the terminal, on
// stderr so that stdout carries only the result.
func newPrompter(a *app, plain bool, sig <-chan os.Signal) (Prompter, io.Writer) {
	term := a.io.Err
	if !a.io.ErrTTY && a.io.OutTTY {
		term = a.io.Out
	}
	// survey asks the terminal where the cursor is; with output going to a
	// file, or a terminal that cannot answer (TERM=dumb), it would wait
	// forever, so line prompts are used instead.
	if !plain && (a.io.ErrTTY || a.io.OutTTY) && a.io.Env("TERM") != "dumb" {
		if p := newSurveyPrompter(a.io.In, term, a.io.Env("NO_COLOR") != ""); p != nil {
			return p, term
		}
	}
	return newPlainPrompter(a.io.In, term, sig), term
}

func ptr[T any](v T) *T { return &v }

// wrap breaks text into lines of at most width columns, each starting with indent.
func wrap(text, indent string, width int) string {
	var b strings.Builder
	for pi, para := range strings.Split(strings.TrimSpace(text), "\n") {
		if pi > 0 {
			b.WriteString("\n")
		}
		col := 0
		for i, word := range strings.Fields(para) {
			n := len([]rune(word))
			switch {
			case i == 0:
				b.WriteString(indent)
				col = len(indent)
			case col+1+n > width:
				b.WriteString("\n" + indent)
				col = len(indent)
			default:
				b.WriteString(" ")
				col++
			}
			b.WriteString(word)
			col += n
		}
	}
	return b.String()
}
