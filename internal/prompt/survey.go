package prompt

// This is the only file that imports survey (unmaintained upstream): if it has
// to be replaced, only the Prompter below changes.

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/AlecAivazis/survey/v2"
	"github.com/AlecAivazis/survey/v2/core"
	"github.com/AlecAivazis/survey/v2/terminal"
)

type surveyPrompter struct {
	in  terminal.FileReader
	out terminal.FileWriter
}

// NewSurvey returns survey's prompts on in and out, or nil when in or out is not a file survey can put
// into raw mode.
func NewSurvey(in io.Reader, out io.Writer, noColor bool) Prompter {
	fin, ok1 := in.(terminal.FileReader)
	fout, ok2 := out.(terminal.FileWriter)
	if !ok1 || !ok2 {
		return nil
	}
	if noColor && !core.DisableColor {
		core.DisableColor = true
	}
	return &surveyPrompter{in: fin, out: fout}
}

func (s *surveyPrompter) ask(p survey.Prompt, resp any, opts ...survey.AskOpt) error {
	opts = append(opts, survey.WithStdio(s.in, s.out, s.out), survey.WithPageSize(16))
	err := survey.AskOne(p, resp, opts...)
	if errors.Is(err, terminal.InterruptErr) || errors.Is(err, io.EOF) {
		return ErrInterrupted
	}
	return err
}

func validator(check func(string) error) survey.AskOpt {
	return survey.WithValidator(func(ans any) error {
		s, _ := ans.(string)
		if check == nil {
			return nil
		}
		return check(s)
	})
}

func (s *surveyPrompter) Confirm(p Prompt, def *bool) (bool, error) {
	var b bool
	if def != nil {
		err := s.ask(&survey.Confirm{Message: p.Message, Help: p.Help, Default: *def}, &b)
		return b, err
	}
	// survey's Confirm always has a default; without one, ask for the word.
	var ans string
	err := s.ask(&survey.Input{Message: p.Message + " (y/n)", Help: p.Help}, &ans, validator(func(v string) error {
		_, err := parseYesNo(v)
		return err
	}))
	if err != nil {
		return false, err
	}
	return parseYesNo(ans)
}

func (s *surveyPrompter) Select(p Prompt, options []string, def int) (int, error) {
	q := &survey.Select{Message: p.Message, Help: p.Help, Options: options}
	if def >= 0 {
		q.Default = def
	}
	var i int
	err := s.ask(q, &i)
	return i, err
}

func (s *surveyPrompter) MultiSelect(p Prompt, options []string, def []int) ([]int, error) {
	q := &survey.MultiSelect{Message: p.Message, Help: p.Help, Options: options}
	if len(def) > 0 {
		q.Default = def
	}
	var idx []int
	err := s.ask(q, &idx)
	return idx, err
}

func (s *surveyPrompter) Input(p Prompt, def string, check func(string) error) (string, error) {
	var ans string
	err := s.ask(&survey.Input{Message: p.Message, Help: p.Help, Default: def}, &ans, validator(check))
	return strings.TrimSpace(ans), err
}

// Multiline asks with survey's multi-line prompt, which has no help key of its
// own: "?" alone as the answer shows the help and asks again. The question is
// printed above the prompt because survey redraws it without counting wrapped
// lines, which would leave copies of a long question on the screen.
func (s *surveyPrompter) Multiline(p Prompt, def string, check func(string) error) (string, error) {
	fmt.Fprintln(s.out, p.Message)
	msg := "Your answer"
	if p.Help != "" {
		msg += " (? alone for help)"
	}
	for {
		var ans string
		err := s.ask(&survey.Multiline{Message: msg, Default: def}, &ans, validator(func(v string) error {
			if strings.TrimSpace(v) == "?" || check == nil {
				return nil
			}
			return check(v)
		}))
		if err != nil {
			return "", err
		}
		if strings.TrimSpace(ans) == "?" && p.Help != "" {
			fmt.Fprintln(s.out, p.Help)
			continue
		}
		return strings.TrimSpace(ans), nil
	}
}
