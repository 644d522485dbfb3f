package prompt

// The plain prompter asks with numbered lines and reads whole lines: no cursor
// movement, no colour, no raw mode. It serves screen readers and terminals
// survey cannot drive (--plain). Each prompt ends with what may be typed and
// the default, so a listener never has to guess.

import (
	"bufio"
	"errors"
	"fmt"
	"github.com/lia-project/lia/internal/textfmt"
	"io"
	"os"
	"strconv"
	"strings"
	"sync"
)

// Plain is the line prompter (--plain).
type Plain struct {
	r   io.Reader
	w   io.Writer
	sig <-chan os.Signal

	once  sync.Once
	lines chan string
}

// NewPlain asks on w and reads answers from r; a value on sig ends the
// prompt waiting for input with ErrInterrupted.
func NewPlain(r io.Reader, w io.Writer, sig <-chan os.Signal) *Plain {
	return &Plain{r: r, w: w, sig: sig}
}

// readLine returns the next line. Lines are read in a goroutine so that an
// interrupt can end a prompt that is waiting for input.
func (p *Plain) readLine() (string, error) {
	p.once.Do(func() {
		p.lines = make(chan string)
		go func() {
			br := bufio.NewReader(p.r)
			for {
				line, err := br.ReadString('\n')
				if line != "" {
					p.lines <- strings.TrimRight(line, "\r\n")
				}
				if err != nil {
					close(p.lines)
					return
				}
			}
		}()
	})
	select {
	case line, ok := <-p.lines:
		if !ok {
			fmt.Fprintln(p.w)
			return "", ErrInterrupted
		}
		return line, nil
	case <-p.sig:
		fmt.Fprintln(p.w)
		return "", ErrInterrupted
	}
}

// ask prints the question and reads answers until parse accepts one; "?"
// prints the help and asks again, "+" asks for a note (ErrNote).
func (p *Plain) ask(q Prompt, options []string, hint string, parse func(string) error) error {
	fmt.Fprintln(p.w, q.Message)
	for i, o := range options {
		fmt.Fprintf(p.w, "  %d. %s\n", i+1, o)
	}
	if q.Help != "" {
		hint += ", ? for help"
	}
	if q.Note {
		hint += ", + for a note"
	}
	for {
		fmt.Fprintf(p.w, "(%s): ", hint)
		line, err := p.readLine()
		if err != nil {
			return err
		}
		if strings.TrimSpace(line) == "?" && q.Help != "" {
			fmt.Fprintln(p.w, q.Help)
			continue
		}
		if strings.TrimSpace(line) == "+" && q.Note {
			return ErrNote
		}
		if err := parse(line); err != nil {
			if errors.Is(err, ErrInterrupted) {
				return err
			}
			fmt.Fprintf(p.w, "Sorry, %s.\n", err)
			continue
		}
		return nil
	}
}

func (p *Plain) Confirm(q Prompt, def *bool) (bool, error) {
	hint := "yes or no"
	if def != nil {
		hint += ", default " + textfmt.YesNo(*def)
	}
	var b bool
	err := p.ask(q, nil, hint, func(s string) error {
		if strings.TrimSpace(s) == "" && def != nil {
			b = *def
			return nil
		}
		var err error
		b, err = parseYesNo(s)
		return err
	})
	return b, err
}

// parseYesNo reads y, yes, n or no in any case.
func parseYesNo(s string) (bool, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "y", "yes":
		return true, nil
	case "n", "no":
		return false, nil
	}
	return false, fmt.Errorf("answer yes or no")
}

func (p *Plain) Select(q Prompt, options []string, def int) (int, error) {
	hint := fmt.Sprintf("a number from 1 to %d", len(options))
	if def >= 0 {
		hint += fmt.Sprintf(", default %d", def+1)
	}
	var idx int
	err := p.ask(q, options, hint, func(s string) error {
		s = strings.TrimSpace(s)
		if s == "" && def >= 0 {
			idx = def
			return nil
		}
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > len(options) {
			return fmt.Errorf("type a number from 1 to %d", len(options))
		}
		idx = n - 1
		return nil
	})
	return idx, err
}

func (p *Plain) MultiSelect(q Prompt, options []string, def []int) ([]int, error) {
	hint := "numbers separated by commas, 0 for none"
	if len(def) > 0 {
		var ds []string
		for _, d := range def {
			ds = append(ds, strconv.Itoa(d+1))
		}
		hint += ", default " + strings.Join(ds, ",")
	}
	var idx []int
	err := p.ask(q, options, hint, func(s string) error {
		s = strings.TrimSpace(s)
		idx = nil
		switch s {
		case "":
			if def == nil {
				return fmt.Errorf("type the numbers of every option that applies, or 0 for none")
			}
			idx = def
			return nil
		case "0":
			idx = []int{}
			return nil
		}
		seen := map[int]bool{}
		for _, part := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' }) {
			n, err := strconv.Atoi(part)
			if err != nil || n < 1 || n > len(options) {
				return fmt.Errorf("%q is not a number from 1 to %d", part, len(options))
			}
			if !seen[n] {
				seen[n] = true
				idx = append(idx, n-1)
			}
		}
		return nil
	})
	return idx, err
}

func (p *Plain) Input(q Prompt, def string, check func(string) error) (string, error) {
	hint := "type your answer"
	if def != "" {
		hint = "default " + def
	}
	var ans string
	err := p.ask(q, nil, hint, func(s string) error {
		s = strings.TrimSpace(s)
		return accept(s, def, check, &ans)
	})
	return ans, err
}

func (p *Plain) Multiline(q Prompt, def string, check func(string) error) (string, error) {
	hint := "several lines allowed, an empty line ends the answer"
	if def != "" {
		hint += "; an empty first line keeps: " + textfmt.FirstLine(def, 60)
	}
	var ans string
	err := p.ask(q, nil, hint, func(first string) error {
		lines := []string{first}
		for strings.TrimSpace(first) != "" {
			line, err := p.readLine()
			if err != nil {
				return err
			}
			if strings.TrimSpace(line) == "" {
				break
			}
			lines = append(lines, line)
		}
		s := strings.TrimSpace(strings.Join(lines, "\n"))
		return accept(s, def, check, &ans)
	})
	return ans, err
}

// accept takes a typed answer: empty means the default, then check decides.
func accept(s, def string, check func(string) error, ans *string) error {
	if s == "" {
		s = def
	}
	if check != nil {
		if err := check(s); err != nil {
			return err
		}
	}
	*ans = s
	return nil
}
