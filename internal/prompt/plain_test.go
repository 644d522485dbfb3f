package prompt

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/lia-project/lia/internal/assessment"
)

func TestPlainPrompter(t *testing.T) {
	var out bytes.Buffer
	in := strings.NewReader(strings.Join([]string{
		"maybe", "yes", // confirm: invalid, then yes
		"",       // confirm with default
		"9", "2", // select: out of range, then 2
		"1, 3",           // multi-select
		"?", "abc", "12", // input: help, invalid, valid
		"first line", "second line", "", // multiline
	}, "\n") + "\n")
	p := NewPlain(in, &out, nil)
	help := Prompt{Message: "How many?", Help: "Count the people."}

	if b, err := p.Confirm(Prompt{Message: "Sure?"}, nil); err != nil || !b {
		t.Errorf("Confirm = %v, %v", b, err)
	}
	yes := true
	if b, err := p.Confirm(Prompt{Message: "Again?"}, &yes); err != nil || !b {
		t.Errorf("Confirm default = %v, %v", b, err)
	}
	if i, err := p.Select(Prompt{Message: "Pick"}, []string{"a", "b", "c"}, -1); err != nil || i != 1 {
		t.Errorf("Select = %d, %v", i, err)
	}
	if idx, err := p.MultiSelect(Prompt{Message: "Pick some"}, []string{"a", "b", "c"}, nil); err != nil || fmt.Sprint(idx) != "[0 2]" {
		t.Errorf("MultiSelect = %v, %v", idx, err)
	}
	num := func(s string) error {
		if _, err := assessment.ParseAnswer(&assessment.Question{Type: assessment.TypeInt}, s); err != nil {
			return err
		}
		return nil
	}
	if s, err := p.Input(help, "", num); err != nil || s != "12" {
		t.Errorf("Input = %q, %v", s, err)
	}
	if s, err := p.Multiline(Prompt{Message: "Describe"}, "", nil); err != nil || s != "first line\nsecond line" {
		t.Errorf("Multiline = %q, %v", s, err)
	}
	// The input is used up: the next prompt is interrupted, never a hang.
	if _, err := p.Input(help, "", nil); !errors.Is(err, ErrInterrupted) {
		t.Errorf("Input at end of input: %v, want ErrInterrupted", err)
	}
	for _, s := range []string{"  1. a\n", "Count the people.", "Sorry, answer yes or no.", "Sorry, type a number from 1 to 3.", "Sorry, enter a whole number"} {
		if !strings.Contains(out.String(), s) {
			t.Errorf("plain output lacks %q:\n%s", s, out.String())
		}
	}
}
