package prompt

// This is the only file that imports survey (unmaintained upstream). survey's
// own prompts misbehave in a real terminal: an answer that wraps erases the
// line above it, the multi-line prompt cuts lines at the terminal's width and
// leaves them on the screen, a refused answer's "Sorry" stays after a valid
// one, and a list without a default starts on its first option. So lia draws
// its prompts itself (term.go, screen.go) and takes from survey only what is
// hard to get right across systems: raw mode and the decoding of keys. If
// survey has to be replaced, only this file changes.

import (
	"errors"
	"github.com/lia-project/lia/internal/textfmt"
	"io"
	"strings"

	"github.com/AlecAivazis/survey/v2/terminal"
	xterm "golang.org/x/term"
)

type surveyPrompter struct {
	t  *term
	rr *terminal.RuneReader
}

// NewSurvey returns the terminal prompts on in and out, or nil when in or out
// is not a file that can be put into raw mode.
func NewSurvey(in io.Reader, out io.Writer, noColor bool) Prompter {
	fin, ok1 := in.(terminal.FileReader)
	fout, ok2 := out.(terminal.FileWriter)
	if !ok1 || !ok2 {
		return nil
	}
	rr := terminal.NewRuneReader(terminal.Stdio{In: fin, Out: fout, Err: fout})
	size := func() (int, int) {
		w, h, err := xterm.GetSize(int(fout.Fd()))
		if err != nil {
			return 0, 0
		}
		return w, h
	}
	st := newStyles(!noColor)
	s := &surveyPrompter{rr: rr}
	s.t = &term{keys: runeKeys{rr}, st: st,
		scr: &screen{out: terminal.NewAnsiStdout(fout), size: size, st: st}}
	return s
}

// runeKeys reads keys with survey's rune reader, which decodes the escape
// sequences of arrow and editing keys.
type runeKeys struct{ rr *terminal.RuneReader }

func (k runeKeys) readKey() (key, error) {
	for {
		r, _, err := k.rr.ReadRune()
		if err != nil {
			if strings.HasPrefix(err.Error(), "unexpected escape sequence") {
				continue // Alt and other keys lia has no use for
			}
			return key{}, err
		}
		switch r {
		case '\r', '\n':
			return key{kind: keyEnter}, nil
		case terminal.KeyBackspace, terminal.KeyDelete:
			return key{kind: keyBackspace}, nil
		case terminal.SpecialKeyDelete:
			return key{kind: keyDelete}, nil
		case terminal.KeyArrowLeft:
			return key{kind: keyLeft}, nil
		case terminal.KeyArrowRight:
			return key{kind: keyRight}, nil
		case terminal.KeyArrowUp:
			return key{kind: keyUp}, nil
		case terminal.KeyArrowDown:
			return key{kind: keyDown}, nil
		case terminal.SpecialKeyHome:
			return key{kind: keyHome}, nil
		case terminal.SpecialKeyEnd, 0x05: // End, Ctrl-E
			return key{kind: keyEnd}, nil
		case 0x15: // Ctrl-U
			return key{kind: keyKillStart}, nil
		case 0x0b: // Ctrl-K
			return key{kind: keyKillEnd}, nil
		case terminal.KeyDeleteWord:
			return key{kind: keyKillWord}, nil
		case terminal.KeyTab:
			return key{kind: keyTab}, nil
		case terminal.KeyEndTransmission:
			return key{kind: keyEOF}, nil
		case terminal.KeyInterrupt:
			return key{kind: keyInterrupt}, nil
		case terminal.KeyEscape:
			return key{kind: keyEscape}, nil
		case ' ':
			return key{kind: keySpace, r: ' '}, nil
		}
		if r < 0x20 || r == terminal.IgnoreKey {
			continue
		}
		return key{kind: keyRune, r: r}, nil
	}
}

// raw runs f with the terminal in raw mode and the cursor where lia draws it.
// Tests, which have no terminal, leave rr nil.
func (s *surveyPrompter) raw(f func() error) error {
	if s.rr != nil {
		if err := s.rr.SetTermMode(); err != nil {
			return err
		}
		defer s.rr.RestoreTermMode()
	}
	err := f()
	if errors.Is(err, io.EOF) {
		return ErrInterrupted
	}
	return err
}

func (s *surveyPrompter) Confirm(p Prompt, def *bool) (bool, error) {
	hint := "(y/n)"
	if def != nil {
		hint = map[bool]string{true: "(Y/n)", false: "(y/N)"}[*def]
	}
	d := ""
	if def != nil {
		d = textfmt.YesNo(*def)
	}
	var b bool
	err := s.raw(func() error {
		_, err := s.t.askText(textPrompt{p: p, def: d, hint: hint, parse: func(v string) (string, error) {
			var err error
			b, err = parseYesNo(v)
			return map[bool]string{true: "Yes", false: "No"}[b], err
		}})
		return err
	})
	return b, err
}

func (s *surveyPrompter) Select(p Prompt, options []string, def int) (int, error) {
	l := &listPrompt{p: p, options: options, cur: def}
	if def < 0 || def >= len(options) {
		l.cur = -1
	}
	var idx []int
	err := s.raw(func() (err error) {
		idx, err = s.t.askList(l)
		return err
	})
	if err != nil {
		return 0, err
	}
	return idx[0], nil
}

func (s *surveyPrompter) MultiSelect(p Prompt, options []string, def []int) ([]int, error) {
	l := &listPrompt{p: p, options: options, multi: true, checked: map[int]bool{}}
	for _, i := range def {
		l.checked[i] = true
	}
	var idx []int
	err := s.raw(func() (err error) {
		idx, err = s.t.askList(l)
		return err
	})
	if idx == nil && err == nil {
		idx = []int{}
	}
	return idx, err
}

func (s *surveyPrompter) Input(p Prompt, def string, check func(string) error) (string, error) {
	shown := ""
	if def != "" {
		shown = textfmt.Line(def, max(s.t.scr.cols()-24, 24))
	}
	var ans string
	err := s.raw(func() (err error) {
		ans, err = s.t.askText(textPrompt{p: p, def: def, showDef: shown,
			parse: func(v string) (string, error) { return v, checked(check, v) }})
		return err
	})
	return ans, err
}

func (s *surveyPrompter) Multiline(p Prompt, def string, check func(string) error) (string, error) {
	var ans string
	err := s.raw(func() (err error) {
		ans, err = s.t.askText(textPrompt{p: p, def: def, multi: true,
			keys:  []string{"Enter on two empty lines or Ctrl-D to finish"},
			parse: func(v string) (string, error) { return v, checked(check, v) }})
		return err
	})
	return ans, err
}

func checked(check func(string) error, s string) error {
	if check == nil {
		return nil
	}
	return check(s)
}
