//go:build linux

package main

// These tests drive the real prompts through a pseudo-terminal: go-expect
// reads what lia writes, and a vt10x terminal keeps the screen, as a user's
// terminal would.
//
// Typing is synchronised with the prompts rather than timed: keys are typed
// once the prompt on the screen has put the terminal in raw mode, which every
// prompt does before it draws itself.

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	expect "github.com/Netflix/go-expect"
	pseudotty "github.com/creack/pty"
	"github.com/hinshun/vt10x"
	"golang.org/x/sys/unix"

	"github.com/lia-project/lia/internal/assessment"
)

// ptyDriver answers the interview in a terminal the way a user would.
type ptyDriver struct {
	t    *testing.T
	c    *expect.Console
	term vt10x.Terminal
	back *reportCounter // the terminal's cursor reports, as sent
	in   *reportCounter // the cursor reports lia has read
	cat  *assessment.Catalog
	rec  *assessment.Record // the answers to give
	done chan int
	// justified holds the parts of the justification given so far.
	justified map[string]bool
}

func newPtyDriver(t *testing.T, rec *assessment.Record) *ptyDriver {
	t.Helper()
	// The terminal's answers to cursor queries go straight back to lia's
	// input while go-expect reads lia's output.
	back := &reportCounter{}
	term := vt10x.New(vt10x.WithWriter(back), vt10x.WithSize(100, 40))
	// Generous timeouts: these tests run under -race on small machines.
	c, err := expect.NewConsole(expect.WithStdout(term), expect.WithDefaultTimeout(10*time.Second))
	if err != nil {
		t.Skipf("no pseudo-terminal: %v", err)
	}
	back.w = c
	t.Cleanup(func() { c.Close() })
	if err := pseudotty.Setsize(c.Tty(), &pseudotty.Winsize{Cols: 100, Rows: 40}); err != nil {
		t.Fatal(err)
	}
	a, _, _ := testApp(t, true)
	cat, err := a.catalog()
	if err != nil {
		t.Fatal(err)
	}
	return &ptyDriver{t: t, c: c, term: term, back: back, in: &reportCounter{r: c.Tty()}, cat: cat, rec: rec, justified: map[string]bool{}}
}

// start runs lia with args on the terminal.
func (d *ptyDriver) start(args ...string) {
	d.done = make(chan int, 1)
	s := &streams{In: d.in, Out: d.c.Tty(), Err: d.c.Tty(), InTTY: true, OutTTY: true, ErrTTY: true,
		Env: func(k string) string {
			if k == "NO_COLOR" {
				return "1"
			}
			return ""
		}}
	go func() { d.done <- run(args, s) }()
}

// wait returns lia's exit code.
func (d *ptyDriver) wait() int {
	select {
	case code := <-d.done:
		return code
	case <-time.After(20 * time.Second):
		d.t.Fatalf("lia did not exit; screen:\n%s", d.term.String())
		return -1
	}
}

// expect waits for s on the terminal. The prompts wrap long text at the
// terminal's width, so any run of white space in s matches a line break.
func (d *ptyDriver) expect(s string) {
	d.t.Helper()
	words := strings.Fields(s)
	for i, w := range words {
		words[i] = regexp.QuoteMeta(w)
	}
	re := regexp.MustCompile(strings.Join(words, `\s+`))
	if _, err := d.c.Expect(expect.Regexp(re)); err != nil {
		d.t.Fatalf("waiting for %q: %v\nscreen:\n%s", s, err, d.term.String())
	}
}

var cursorReport = regexp.MustCompile(`\x1b\[\d+;\d+R`)

// reportCounter passes bytes through and counts the cursor reports in them:
// written by the terminal (w) or read by lia (r, with the tty's Fd for survey).
type reportCounter struct {
	w interface{ Write([]byte) (int, error) }
	r *os.File
	n atomic.Int64
}

func (c *reportCounter) Write(b []byte) (int, error) {
	c.n.Add(int64(len(cursorReport.FindAll(b, -1))))
	return c.w.Write(b)
}

func (c *reportCounter) Read(b []byte) (int, error) {
	n, err := c.r.Read(b)
	c.n.Add(int64(len(cursorReport.FindAll(b[:n], -1))))
	return n, err
}

func (c *reportCounter) Fd() uintptr { return c.r.Fd() }

// line types one line into a text prompt, once it has put the terminal in
// raw mode.
func (d *ptyDriver) line(s string) {
	d.t.Helper()
	d.keys(s)
}

// keys types keys into a list prompt once it has put the terminal in raw mode.
func (d *ptyDriver) keys(s string) {
	d.t.Helper()
	d.waitFor("raw mode", func(fd int) bool {
		tio, err := unix.IoctlGetTermios(fd, unix.TCGETS)
		return err == nil && tio.Lflag&unix.ICANON == 0
	})
	d.send(s)
}

func (d *ptyDriver) waitFor(what string, ok func(fd int) bool) {
	d.t.Helper()
	fd := int(d.c.Tty().Fd())
	for deadline := time.Now().Add(10 * time.Second); !ok(fd); time.Sleep(2 * time.Millisecond) {
		if time.Now().After(deadline) {
			d.t.Fatalf("waiting for %s; screen:\n%s", what, d.term.String())
		}
	}
}

func (d *ptyDriver) send(s string) {
	if _, err := d.c.Send(s); err != nil {
		d.t.Fatalf("sending %q: %v", s, err)
	}
}

func (d *ptyDriver) input(msg, text string) {
	d.t.Helper()
	d.expect(msg)
	d.line(text + "\r")
}

func (d *ptyDriver) confirm(msg string, yes bool) {
	d.t.Helper()
	d.expect(msg)
	d.line(map[bool]string{true: "y\r", false: "n\r"}[yes])
}

func (d *ptyDriver) choose(msg string, i int) {
	d.t.Helper()
	d.expect(msg)
	d.expect("arrows to move")
	// Without a default no option is highlighted: the first arrow key
	// moves to the first option.
	d.keys(strings.Repeat("\x1b[B", i+1) + "\r")
}

func (d *ptyDriver) chooseMany(msg string, idx []int) {
	d.t.Helper()
	d.expect(msg)
	d.expect("space to tick")
	keys, cur := "", 0
	for _, i := range idx {
		keys += strings.Repeat("\x1b[B", i-cur) + " "
		cur = i
	}
	d.keys(keys + "\r")
}

func (d *ptyDriver) metadata() {
	m := d.rec.Metadata
	d.expect("Title of this assessment")
	// "?" shows the help at once; then the answer.
	d.line("?")
	d.expect("It heads the record and the report.")
	d.line(m.Title + "\r")
	d.input("Record ID", m.ID)
	d.input("Controller", m.Controller)
	d.input("Your name", m.Assessor.Name)
	d.input("Your email address", m.Assessor.Email)
	d.input("Your role", m.Assessor.Role)
	d.input("Date of the assessment", m.AssessedOn)
	d.input("Review the assessment by", m.ReviewBy)
	d.choose("Which law applies?", map[string]int{"eu": 0, "uk": 1}[m.Jurisdiction])
	d.confirm("Was the data protection officer (DPO) consulted? (y/n)", *m.DPO.Consulted)
	if *m.DPO.Consulted {
		// The opinion is asked once the outcome is known.
		d.input("The DPO's name", m.DPO.Name)
	}
	d.confirm(reviewMsg, false)
}

// text replaces the text of a multi-line prompt (a draft, or a default) and
// gives it: Ctrl-U clears the line the cursor is on, the end of the draft,
// and Ctrl-D ends the answer.
func (d *ptyDriver) text(msg, text string) {
	d.t.Helper()
	d.expect(msg)
	d.line("\x15" + text + "\x04")
}

// justify gives the justification of each test whose sections are done
// before next (nil at the end), as the interview asks it.
func (d *ptyDriver) justify(answers assessment.Answers, next *assessment.Question) {
	d.t.Helper()
	sections := d.cat.Questionnaire.Sections
	for _, test := range []string{"purpose", "necessity", "balancing"} {
		last := -1
		for i, s := range sections {
			if s.Serves == test && s.Applies(answers) {
				last = i
			}
		}
		if d.justified[test] || last < 0 || next != nil && slices.Index(sections, next.Section) <= last {
			continue
		}
		d.justified[test] = true
		d.text("Your justification of the "+test+" test", *d.rec.Justification.Part(test))
	}
}

// decide gives the decision and the DPO's opinion, asked after the outcome.
func (d *ptyDriver) decide() {
	d.t.Helper()
	d.expect("The outcome of your answers")
	d.text("Your decision: what you decide, why, and what happens next", d.rec.Justification.Decision)
	if m := d.rec.Metadata; *m.DPO.Consulted {
		d.input("The DPO's opinion", m.DPO.Opinion)
	}
}

// answer gives the example's answer to qu.
func (d *ptyDriver) answer(qu *assessment.Question) {
	d.t.Helper()
	v := d.rec.Answers[qu.ID]
	msg := qu.Prompt
	if note := d.rec.Notes[qu.ID]; note != "" {
		// "+" asks for a note first; then the question is asked again.
		d.expect(msg)
		d.keys("+")
		d.text("Note on this answer", note)
	}
	switch qu.Type {
	case assessment.TypeBool:
		d.confirm(msg, v.Bool)
	case assessment.TypeEnum:
		d.choose(msg, valueIndex(qu, v.Text))
	case assessment.TypeMulti:
		var idx []int
		for _, x := range v.List {
			idx = append(idx, valueIndex(qu, x))
		}
		sortInts(idx)
		d.chooseMany(msg, idx)
	case assessment.TypeText:
		if qu.Multiline {
			// Two empty lines end a multi-line answer.
			d.expect(msg)
			d.line(v.Text + "\r")
			d.line("\r")
			d.line("\r")
			return
		}
		d.input(msg, v.Text)
	case assessment.TypeInt:
		// An invalid number is refused and asked again; "?" shows the help.
		d.expect(msg)
		d.line("?")
		d.expect(strings.Fields(qu.Help)[0] + " " + strings.Fields(qu.Help)[1])
		d.line("twelve\r")
		d.expect("enter a whole number")
		// The refused answer stays for editing: Ctrl-U clears it.
		d.line("\x15" + assessment.FormatAnswer(v) + "\r")
	default:
		d.input(msg, assessment.FormatAnswer(v))
	}
}

func sortInts(xs []int) {
	for i := 1; i < len(xs); i++ {
		for j := i; j > 0 && xs[j] < xs[j-1]; j-- {
			xs[j], xs[j-1] = xs[j-1], xs[j]
		}
	}
}

// sections answers in catalogue order, declining each review, from the
// answers already given. With stopAt it presses Ctrl-C at that question.
func (d *ptyDriver) sections(answers assessment.Answers, stopAt string) {
	q := d.cat.Questionnaire
	var cur *assessment.Section
	for qu := q.Next(answers); qu != nil; qu = q.Next(answers) {
		if cur != nil && qu.Section != cur {
			d.confirm(reviewMsg, false)
		}
		d.justify(answers, qu)
		cur = qu.Section
		if qu.ID == stopAt {
			d.expect(qu.Prompt)
			d.line("\x03")
			return
		}
		d.answer(qu)
		answers[qu.ID] = d.rec.Answers[qu.ID]
	}
	d.confirm(reviewMsg, false)
	d.justify(answers, nil)
	d.decide()
}

func TestPtyFullInterview(t *testing.T) {
	a, _, _ := testApp(t, true)
	rec := loadExample(t, a, example)
	d := newPtyDriver(t, rec)
	out := filepath.Join(t.TempDir(), "fraud.lia.yaml")

	d.start("assess", "-o", out)
	d.metadata()
	d.sections(assessment.Answers{}, "")
	d.expect("outcome pass")
	d.expect("The assessment is written to " + out)
	if code := d.wait(); code != exitOK {
		t.Fatalf("exit code %d; screen:\n%s", code, d.term.String())
	}
	got, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, expectedRecord(t, example)) {
		t.Errorf("record differs from the example's:\n%s", got)
	}
	if fileExists(out + ".draft") {
		t.Errorf("draft left behind")
	}
}

func TestPtyInterruptAndResume(t *testing.T) {
	a, _, _ := testApp(t, true)
	rec := loadExample(t, a, example)
	d := newPtyDriver(t, rec)
	out := filepath.Join(t.TempDir(), "fraud.lia.yaml")

	d.start("assess", "-o", out)
	d.metadata()
	answers := assessment.Answers{}
	d.sections(answers, "purpose.lawful")
	d.expect("lia: interrupted")
	if code := d.wait(); code != exitInterrupt {
		t.Fatalf("exit code after Ctrl-C = %d, want %d", code, exitInterrupt)
	}
	draft, _, err := a.readRecord(out + ".draft")
	if err != nil {
		t.Fatalf("reading the draft: %v", err)
	}
	if len(draft.Answers) != len(answers) {
		t.Errorf("draft has %d answers, want the %d given", len(draft.Answers), len(answers))
	}

	d.start("assess", "--resume", "-o", out)
	d.expect("Continuing the interview saved in")
	d.sections(answers, "")
	d.expect("outcome pass")
	if code := d.wait(); code != exitOK {
		t.Fatalf("exit code %d; screen:\n%s", code, d.term.String())
	}
	got, _ := os.ReadFile(out)
	if !bytes.Equal(got, expectedRecord(t, example)) {
		t.Errorf("resumed record differs from the example's:\n%s", got)
	}
}

// TestPtyEditRecord reopens a finished record with --edit: it jumps to a
// section, changes one answer, sees what changed, re-dates and writes.
func TestPtyEditRecord(t *testing.T) {
	a, _, _ := testApp(t, true)
	rec := loadExample(t, a, example)
	d := newPtyDriver(t, rec)
	path := filepath.Join(t.TempDir(), "fraud.lia.yaml")
	if err := os.WriteFile(path, expectedRecord(t, example), 0o644); err != nil {
		t.Fatal(err)
	}
	q := d.cat.Questionnaire
	objection := q.Question("rights.objection_mechanism")
	// The menu lists every question, the metadata, then the sections that apply.
	part, item := 2, -1
	for _, s := range q.Sections {
		n := 0
		for _, qu := range s.Questions {
			if _, ok := rec.Answers[qu.ID]; ok && qu.Applies(rec.Answers) {
				if qu == objection {
					item = n
				}
				n++
			}
		}
		if n == 0 {
			continue
		}
		if s == objection.Section {
			break
		}
		part++
	}

	d.start("assess", "--edit", path)
	d.expect("Reopening " + path)
	d.choose("Which part do you want to review?", part)
	d.confirm(reviewMsg, true)
	d.choose("Which answer do you want to change?", item)
	d.expect(objection.Prompt)
	d.expect("(Y/n)") // the current answer is the default
	d.line("n\r")
	d.confirm(reviewMsg, false)
	// Back in the menu, the cursor is on "Done".
	d.expect("Which part do you want to review?")
	d.expect("arrows to move")
	d.keys("\r")
	// The outcome is shown, then the decision is asked again, and the DPO's opinion.
	d.expect("The outcome was pass and is now fail: review your decision.")
	d.text("Your decision", "Legitimate interest cannot be relied on until people have a working way to object.")
	d.expect("The DPO's opinion")
	d.line("\r") // keep it
	d.confirm("Date the assessment today", true)
	d.expect("What changed in " + path)
	d.expect("outcome: pass -> fail (worse)")
	d.expect("~ rights.objection_mechanism: yes -> no")
	d.expect("justification:")
	d.expect("~ decision:")
	d.confirm("Write these changes to "+path+"?", true)
	d.expect(path + ": outcome fail")
	if code := d.wait(); code != exitOK {
		t.Fatalf("exit code %d; screen:\n%s", code, d.term.String())
	}
	got := loadExample(t, a, path)
	today := time.Now()
	if got.Result == nil || got.Result.Outcome != assessment.OutcomeFail {
		t.Errorf("result %+v, want outcome fail", got.Result)
	}
	if got.Answers["rights.objection_mechanism"].Bool {
		t.Errorf("the changed answer was not written")
	}
	if got.Justification.Decision != "Legitimate interest cannot be relied on until people have a working way to object." ||
		got.Justification.Purpose != rec.Justification.Purpose || got.Notes["dpia.completed"] != rec.Notes["dpia.completed"] {
		t.Errorf("justification %+v and notes %v: the decision was not written, or the rest not kept", got.Justification, got.Notes)
	}
	if m := got.Metadata; m.AssessedOn != today.Format("2006-01-02") || m.ReviewBy != today.AddDate(1, 0, 0).Format("2006-01-02") {
		t.Errorf("dates %s and %s, want today and a year on", m.AssessedOn, m.ReviewBy)
	}
	if fileExists(path + ".draft") {
		t.Errorf("draft left behind")
	}
}
