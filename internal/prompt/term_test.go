package prompt

import (
	"errors"
	"fmt"
	"github.com/lia-project/lia/internal/textfmt"
	"io"
	"strings"
	"testing"

	"github.com/hinshun/vt10x"
)

// fakeKeys types keys from a script: text, with "\r" for Enter, "\x7f" for
// Backspace, "\x15" for Ctrl-U, "\x04" for Ctrl-D, "\x03" for Ctrl-C and the
// arrows ↑ ↓ ← →.
type fakeKeys struct{ keys []key }

func typed(s string) *fakeKeys {
	f := &fakeKeys{}
	for _, r := range s {
		k := key{kind: keyRune, r: r}
		switch r {
		case '\r':
			k = key{kind: keyEnter}
		case '\x7f':
			k = key{kind: keyBackspace}
		case '\x15':
			k = key{kind: keyKillStart}
		case '\x04':
			k = key{kind: keyEOF}
		case '\x03':
			k = key{kind: keyInterrupt}
		case '\t':
			k = key{kind: keyTab}
		case ' ':
			k = key{kind: keySpace, r: ' '}
		case '↑':
			k = key{kind: keyUp}
		case '↓':
			k = key{kind: keyDown}
		case '←':
			k = key{kind: keyLeft}
		case '→':
			k = key{kind: keyRight}
		}
		f.keys = append(f.keys, k)
	}
	return f
}

func (f *fakeKeys) readKey() (key, error) {
	if len(f.keys) == 0 {
		return key{}, io.EOF
	}
	k := f.keys[0]
	f.keys = f.keys[1:]
	return k, nil
}

// testTerm is a terminal of w columns and h rows with "above" printed on
// its first line, as the interview prints its progress line before a prompt.
func testTerm(t *testing.T, w, h int, keys string) (*surveyPrompter, vt10x.Terminal) {
	t.Helper()
	vt := vt10x.New(vt10x.WithSize(w, h))
	io.WriteString(vt, "above\r\n")
	st := newStyles(false)
	tm := &term{keys: typed(keys), st: st, scr: &screen{out: vt, size: func() (int, int) { return w, h }, st: st}}
	return &surveyPrompter{t: tm}, vt
}

// screenText is the terminal's screen without trailing blanks.
func screenText(vt vt10x.Terminal) string {
	var lines []string
	for _, l := range strings.Split(vt.String(), "\n") {
		lines = append(lines, strings.TrimRight(l, " "))
	}
	return strings.TrimRight(strings.Join(lines, "\n"), "\n")
}

// ask runs a prompt of the terminal prompter without raw mode.
func askInput(s *surveyPrompter, p Prompt, def string, check func(string) error) (string, error) {
	shown := ""
	if def != "" {
		shown = textfmt.Line(def, max(s.t.scr.cols()-24, 24))
	}
	return s.t.askText(textPrompt{p: p, def: def, showDef: shown,
		parse: func(v string) (string, error) { return v, checked(check, v) }})
}

func TestTermInputWraps(t *testing.T) {
	// A long answer wraps at words and keeps the line above (survey erased it).
	answer := "Card fraud detection model trained on historical transactions of retail customers"
	s, vt := testTerm(t, 40, 12, answer+"\r")
	got, err := askInput(s, Prompt{Message: "Title", Help: "A short name."}, "", nil)
	if err != nil || got != answer {
		t.Fatalf("Input = %q, %v", got, err)
	}
	want := "above\n? Title Card fraud detection model\ntrained on historical transactions of\nretail customers"
	if got := screenText(vt); got != want {
		t.Errorf("screen:\n%s\nwant:\n%s", got, want)
	}
}

func TestTermInputRefusedThenValid(t *testing.T) {
	num := func(s string) error {
		if strings.Trim(s, "0123456789") != "" || s == "" {
			return errors.New("enter a whole number")
		}
		return nil
	}
	// "?" shows the help at once; a refused answer stays for editing, and its
	// reason goes once a valid answer is given.
	s, vt := testTerm(t, 60, 12, "?twelve\r")
	s.t.keys.(*fakeKeys).keys = append(s.t.keys.(*fakeKeys).keys, typed("\x1512\r").keys...)
	var screens []string
	s.t.scr.out = io.MultiWriter(vt, writerFunc(func(b []byte) {
		if strings.Contains(string(b), "twelve") || strings.Contains(string(b), "Sorry") {
			screens = append(screens, screenText(vt))
		}
	}))
	got, err := askInput(s, Prompt{Message: "How many?", Help: "Count the people."}, "", num)
	if err != nil || got != "12" {
		t.Fatalf("Input = %q, %v", got, err)
	}
	if len(screens) == 0 || !strings.Contains(screens[len(screens)-1], "X Sorry, your reply was invalid: enter a whole number") ||
		!strings.Contains(screens[len(screens)-1], "? Count the people.") {
		t.Errorf("no help and reason while refused; screens:\n%s", strings.Join(screens, "\n--\n"))
	}
	if got, want := screenText(vt), "above\n? How many? 12"; got != want {
		t.Errorf("screen:\n%s\nwant:\n%s", got, want)
	}
}

type writerFunc func([]byte)

func (f writerFunc) Write(b []byte) (int, error) { f(b); return len(b), nil }

func TestTermInputDefault(t *testing.T) {
	// Enter alone gives the default; Tab copies it in to be edited.
	s, _ := testTerm(t, 60, 12, "\r")
	if got, _ := askInput(s, Prompt{Message: "ID"}, "card-fraud", nil); got != "card-fraud" {
		t.Errorf("Enter alone = %q, want the default", got)
	}
	s, _ = testTerm(t, 60, 12, "\t\x7f\x7f\x7f\x7f\x7fshop\r")
	if got, _ := askInput(s, Prompt{Message: "ID"}, "card-fraud", nil); got != "card-shop" {
		t.Errorf("Tab and edit = %q, want card-shop", got)
	}
}

func TestTermMultiline(t *testing.T) {
	long := "We train a gradient-boosted model on two years of card transactions to score payments."
	s, vt := testTerm(t, 40, 20, long+"\rSecond line.\r\r\r")
	got, err := s.Multiline(Prompt{Message: "Describe it.", Help: "Say what."}, "", nil)
	if err != nil || got != long+"\nSecond line." {
		t.Fatalf("Multiline = %q, %v", got, err)
	}
	// Every word stays on the screen, wrapped at words, and the prompt's key
	// hints are gone.
	want := "above\n? Describe it.\n  We train a gradient-boosted model on\n  two years of card transactions to\n  score payments.\n  Second line."
	if got := screenText(vt); got != want {
		t.Errorf("screen:\n%s\nwant:\n%s", got, want)
	}
	// A default is there to be edited: ↑ to the first line, edit it, then Ctrl-D.
	s, _ = testTerm(t, 40, 20, "↑ and more\x04")
	if got, _ := s.Multiline(Prompt{Message: "Describe it."}, "First.\nSecond.", nil); got != "First. and more\nSecond." {
		t.Errorf("edited default = %q", got)
	}
}

func TestTermMultilineTallerThanScreen(t *testing.T) {
	// A text taller than the terminal scrolls in a window; all of it is kept.
	text := strings.Repeat("word ", 200)
	s, vt := testTerm(t, 30, 8, text+"\x04")
	got, err := s.Multiline(Prompt{Message: "Describe it."}, "", nil)
	if err != nil || got != strings.TrimSpace(text) {
		t.Fatalf("Multiline = %q, %v", got, err)
	}
	if !strings.Contains(screenText(vt), "… and ") {
		t.Errorf("long answer not clipped in the summary line:\n%s", screenText(vt))
	}
}

func TestTermSelect(t *testing.T) {
	opts := []string{"No Art. 9(2) condition identified", "Explicit consent", "Other"}
	// Without a default Enter chooses nothing and says how to choose.
	s, vt := testTerm(t, 60, 12, "\r")
	if _, err := s.Select(Prompt{Message: "Which condition?"}, opts, -1); !errors.Is(err, ErrInterrupted) {
		t.Fatalf("Select at end of keys: %v", err)
	}
	if !strings.Contains(screenText(vt), "Choose an answer first") || strings.Contains(screenText(vt), "> No Art. 9(2)") {
		t.Errorf("screen:\n%s", screenText(vt))
	}
	s, vt = testTerm(t, 60, 12, "↓↓\r")
	if i, err := s.Select(Prompt{Message: "Which condition?"}, opts, -1); err != nil || i != 1 {
		t.Errorf("Select = %d, %v", i, err)
	}
	if got, want := screenText(vt), "above\n? Which condition? Explicit consent"; got != want {
		t.Errorf("screen:\n%s\nwant:\n%s", got, want)
	}
	// Typing filters; with a default Enter takes it.
	s, _ = testTerm(t, 60, 12, "oth↓\r")
	if i, _ := s.Select(Prompt{Message: "Which?"}, opts, -1); i != 2 {
		t.Errorf("filtered Select = %d, want 2", i)
	}
	s, _ = testTerm(t, 60, 12, "\r")
	if i, _ := s.Select(Prompt{Message: "Which?"}, opts, 2); i != 2 {
		t.Errorf("Select with default = %d, want 2", i)
	}
}

func TestTermMultiSelectAndNote(t *testing.T) {
	opts := []string{"a", "b", "c"}
	s, _ := testTerm(t, 60, 12, " ↓↓ \r")
	if idx, err := s.MultiSelect(Prompt{Message: "Which?"}, opts, nil); err != nil || fmt.Sprint(idx) != "[0 2]" {
		t.Errorf("MultiSelect = %v, %v", idx, err)
	}
	// "+" asks for a note, in every kind of prompt that takes one.
	for name, ask := range map[string]func(*surveyPrompter) error{
		"select": func(s *surveyPrompter) error {
			_, err := s.Select(Prompt{Message: "Q", Note: true}, opts, -1)
			return err
		},
		"multi": func(s *surveyPrompter) error {
			_, err := s.MultiSelect(Prompt{Message: "Q", Note: true}, opts, nil)
			return err
		},
		"input": func(s *surveyPrompter) error {
			_, err := askInput(s, Prompt{Message: "Q", Note: true}, "", nil)
			return err
		},
	} {
		s, _ := testTerm(t, 60, 12, "+")
		if err := ask(s); !errors.Is(err, ErrNote) {
			t.Errorf("%s: + gave %v, want ErrNote", name, err)
		}
	}
}

func TestTermInterrupt(t *testing.T) {
	s, vt := testTerm(t, 60, 12, "half\x03")
	if _, err := askInput(s, Prompt{Message: "Q"}, "", nil); !errors.Is(err, ErrInterrupted) {
		t.Errorf("Ctrl-C gave %v", err)
	}
	if !strings.Contains(screenText(vt), "? Q half") {
		t.Errorf("the interrupted prompt should stay on the screen:\n%s", screenText(vt))
	}
}

func TestBreakRows(t *testing.T) {
	tests := []struct {
		text        string
		first, cols int
		want        string
	}{
		{"short", 10, 10, "short"},
		{"two words here", 9, 9, "two words |here"},
		{"aaaaaaaaaaaa", 5, 5, "aaaaa|aaaaa|aa"},
		{"ab cd", 2, 5, "ab |cd"},
		{"abc", 0, 5, "|abc"},
		{"界界界", 4, 4, "界界|界"},
	}
	for _, tt := range tests {
		rs := []rune(tt.text)
		starts := breakRows(rs, tt.first, tt.cols)
		var parts []string
		for i, st := range starts {
			end := len(rs)
			if i+1 < len(starts) {
				end = starts[i+1]
			}
			parts = append(parts, string(rs[st:end]))
		}
		if got := strings.Join(parts, "|"); got != tt.want {
			t.Errorf("breakRows(%q, %d, %d) = %q, want %q", tt.text, tt.first, tt.cols, got, tt.want)
		}
	}
}
