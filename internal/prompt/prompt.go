// Package prompt asks the questions of an interview on a terminal, one at a
// time, behind the Prompter interface. Its rules:
//   - every prompt shows its help on "?", and takes "+" for a note when asked to;
//   - every method returns ErrInterrupted when the user gives up (Ctrl-C, end
//     of input), so that the caller can keep what was answered and exit 130;
//   - a yes/no question without a default needs a typed answer, so that a stray
//     Enter cannot answer a question that matters;
//   - survey is imported by survey.go alone: if it has to be replaced, only
//     that file changes.
//
// text.go holds the few text helpers that the prompts and the interview share.
package prompt

import "errors"

// ErrInterrupted is returned when the user presses Ctrl-C or the input ends.
var ErrInterrupted = errors.New("interrupted")

// Prompt is one question put to the user: the message and the help shown on "?".
// With Note set, "+" typed instead of an answer returns ErrNote, so that the
// caller can ask for a note on the answer and then ask the question again.
type Prompt struct {
	Message string
	Help    string
	Note    bool
}

// Prompter asks one question at a time on the terminal. Every method returns
// ErrInterrupted when the user gives up (Ctrl-C, end of input), so that the
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
