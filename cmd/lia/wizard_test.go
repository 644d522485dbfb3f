package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/lia-project/lia/internal/assessment"
)

// fakePrompter answers prompts by their message from a script of answers,
// taken in order. Without a scripted answer it takes the default, and fails
// the test if there is none.
type fakePrompter struct {
	t        *testing.T
	script   map[string][]any
	asked    []string          // messages in the order asked
	defaults map[string]string // the default offered for each message, as text
	rejected []string          // inputs the prompt's check refused
	stopAt   int               // the stopAt-th prompt is interrupted (0: never)
	hook     func(n int, msg string)
}

func newFake(t *testing.T, script map[string][]any) *fakePrompter {
	return &fakePrompter{t: t, script: script, defaults: map[string]string{}}
}

func (f *fakePrompter) next(p Prompt, def string) (any, error) {
	f.asked = append(f.asked, p.Message)
	f.defaults[p.Message] = def
	if f.hook != nil {
		f.hook(len(f.asked), p.Message)
	}
	if f.stopAt > 0 && len(f.asked) == f.stopAt {
		return nil, errInterrupted
	}
	q := f.script[p.Message]
	if len(q) == 0 {
		return nil, nil
	}
	f.script[p.Message] = q[1:]
	return q[0], nil
}

func (f *fakePrompter) noAnswer(p Prompt) error {
	f.t.Errorf("no answer scripted for %q and no default", p.Message)
	return errInterrupted
}

func (f *fakePrompter) Confirm(p Prompt, def *bool) (bool, error) {
	d := ""
	if def != nil {
		d = yesNo(*def)
	}
	a, err := f.next(p, d)
	if err != nil {
		return false, err
	}
	if a == nil {
		if def == nil {
			return false, f.noAnswer(p)
		}
		return *def, nil
	}
	return a.(bool), nil
}

func (f *fakePrompter) Select(p Prompt, options []string, def int) (int, error) {
	d := ""
	if def >= 0 {
		d = options[def]
	}
	a, err := f.next(p, d)
	if err != nil {
		return 0, err
	}
	if a == nil {
		if def < 0 {
			return 0, f.noAnswer(p)
		}
		return def, nil
	}
	for i, o := range options {
		if o == a.(string) {
			return i, nil
		}
	}
	f.t.Errorf("%q: %q is not one of %q", p.Message, a, options)
	return 0, errInterrupted
}

func (f *fakePrompter) MultiSelect(p Prompt, options []string, def []int) ([]int, error) {
	var ds []string
	for _, i := range def {
		ds = append(ds, options[i])
	}
	a, err := f.next(p, strings.Join(ds, "; "))
	if err != nil {
		return nil, err
	}
	if a == nil {
		if def == nil {
			return nil, f.noAnswer(p)
		}
		return def, nil
	}
	idx := []int{}
	for _, want := range a.([]string) {
		found := false
		for i, o := range options {
			if o == want {
				idx = append(idx, i)
				found = true
			}
		}
		if !found {
			f.t.Errorf("%q: %q is not one of %q", p.Message, want, options)
		}
	}
	return idx, nil
}

func (f *fakePrompter) Input(p Prompt, def string, check func(string) error) (string, error) {
	a, err := f.next(p, def)
	for {
		if err != nil {
			return "", err
		}
		s := def
		if a != nil {
			s = a.(string)
		}
		if check == nil || check(s) == nil {
			return s, nil
		}
		f.rejected = append(f.rejected, s)
		// The prompt asks again: take the next scripted answer.
		q := f.script[p.Message]
		if len(q) == 0 {
			return "", f.noAnswer(p)
		}
		a, f.script[p.Message] = q[0], q[1:]
	}
}

func (f *fakePrompter) Multiline(p Prompt, def string, check func(string) error) (string, error) {
	return f.Input(p, def, check)
}

// questions returns the asked messages without the review and overwrite prompts.
func (f *fakePrompter) questions() []string {
	var out []string
	for _, m := range f.asked {
		if m == reviewMsg || m == changeMsg || strings.HasSuffix(m, "Replace it with this assessment?") {
			continue
		}
		out = append(out, m)
	}
	return out
}

const (
	reviewMsg = "Change any of these answers before moving on?"
	changeMsg = "Which answer do you want to change?"
)

var testNow = time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)

func testApp(t *testing.T, tty bool) (*app, *bytes.Buffer, *bytes.Buffer) {
	t.Helper()
	var out, errb bytes.Buffer
	a := newApp(&streams{In: strings.NewReader(""), Out: &out, Err: &errb, InTTY: tty, OutTTY: tty, ErrTTY: tty})
	a.now = func() time.Time { return testNow }
	return a, &out, &errb
}

// example is the record the interviews reproduce; absolute, as some tests change directory.
var example, _ = filepath.Abs("../../testdata/examples/fraud-detection.lia.yaml")

// scriptFor answers every question and metadata field as rec does.
func scriptFor(t *testing.T, a *app, rec *assessment.Record) map[string][]any {
	t.Helper()
	cat, err := a.catalog()
	if err != nil {
		t.Fatal(err)
	}
	s := map[string][]any{}
	for id, v := range rec.Answers {
		qu := cat.Questionnaire.Question(id)
		msg := questionPrompt(qu).Message
		switch qu.Type {
		case assessment.TypeBool:
			s[msg] = []any{v.Bool}
		case assessment.TypeEnum:
			s[msg] = []any{qu.Label(v.Text)}
		case assessment.TypeMulti:
			ls := []string{}
			for _, x := range v.List {
				ls = append(ls, qu.Label(x))
			}
			s[msg] = []any{ls}
		default:
			s[msg] = []any{assessment.FormatAnswer(v)}
		}
	}
	m := rec.Metadata
	for _, f := range (&wizard{a: a}).metaFields() {
		switch f.kind {
		case "dpo":
			s[f.prompt.Message] = []any{*m.DPO.Consulted}
		case "jurisdiction":
			s[f.prompt.Message] = []any{map[string]string{"eu": "EU GDPR", "uk": "UK GDPR"}[m.Jurisdiction]}
		default:
			s[f.prompt.Message] = []any{f.get(&m)}
		}
	}
	return s
}

// expectedRecord is what lia assess --non-interactive writes for the answers file.
func expectedRecord(t *testing.T, answers string) []byte {
	t.Helper()
	a, _, errb := testApp(t, false)
	out := filepath.Join(t.TempDir(), "want.lia.yaml")
	if err := assessRun(a, &assessOptions{answers: answers, output: out, nonInteractive: true}); err != nil {
		t.Fatalf("non-interactive assess: %v\n%s", err, errb)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func loadExample(t *testing.T, a *app, path string) *assessment.Record {
	t.Helper()
	rec, _, err := a.readRecord(path)
	if err != nil {
		t.Fatal(err)
	}
	return rec
}

func TestWizardFullInterview(t *testing.T) {
	a, stdout, errb := testApp(t, true)
	rec := loadExample(t, a, example)
	script := scriptFor(t, a, rec)
	// An invalid number is refused and asked again.
	count := questionPrompt(mustQuestion(t, a, "data.subject_count")).Message
	script[count] = append([]any{"twelve"}, script[count]...)
	// Take the defaults for the dates: today, and a year after the date given.
	delete(script, "Date of the assessment (YYYY-MM-DD)")
	delete(script, "Review the assessment by (YYYY-MM-DD)")

	out := filepath.Join(t.TempDir(), "fraud.lia.yaml")
	fake := newFake(t, script)
	fake.hook = func(n int, msg string) {
		// From the record ID on, every answer is in the draft.
		if n == 30 {
			d, _, err := a.readRecord(out + ".draft")
			if err != nil {
				t.Errorf("draft during the interview: %v", err)
			} else if len(d.Answers) == 0 || d.Result != nil {
				t.Errorf("draft has %d answers and result %v", len(d.Answers), d.Result)
			}
		}
	}
	if err := assessRun(a, &assessOptions{output: out, prompter: fake}); err != nil {
		t.Fatalf("assess: %v\n%s", err, errb)
	}

	qs := fake.questions()
	if got, want := len(qs), 12+len(rec.Answers); got != want {
		t.Errorf("asked %d questions, want %d (12 metadata and %d answers)", got, want, len(rec.Answers))
	}
	if got := fake.defaults["Record ID"]; got != slug(rec.Metadata.Title) {
		t.Errorf("record ID default = %q, want %q", got, slug(rec.Metadata.Title))
	}
	if got := fake.defaults["Date of the assessment (YYYY-MM-DD)"]; got != "2026-11-23" {
		t.Errorf("assessed_on default = %q, want today", got)
	}
	if got := fake.defaults["Review the assessment by (YYYY-MM-DD)"]; got != "2027-11-23" {
		t.Errorf("review_by default = %q, want a year after the assessment", got)
	}
	if len(fake.rejected) != 1 || fake.rejected[0] != "twelve" {
		t.Errorf("rejected inputs = %q, want [twelve]", fake.rejected)
	}

	// The record is the one the answers give non-interactively.
	rec.Metadata.AssessedOn, rec.Metadata.ReviewBy = "2026-11-23", "2027-11-23"
	want := expectedRecord(t, writeTestRecord(t, a, rec))
	got, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("record differs from the non-interactive one:\n%s\nwant:\n%s", got, want)
	}
	if fileExists(out + ".draft") {
		t.Errorf("draft not removed after the record was written")
	}
	if !strings.Contains(stdout.String(), "outcome pass") || !strings.Contains(stdout.String(), "purpose test:") {
		t.Errorf("decision not printed:\n%s", stdout)
	}
	for _, s := range []string{"Section 1/8: Context of the processing", "Serves: the purpose test", "Section 2/8 · question 12 of about ", "written to " + out} {
		if !strings.Contains(errb.String(), s) {
			t.Errorf("terminal output lacks %q", s)
		}
	}
}

func mustQuestion(t *testing.T, a *app, id string) *assessment.Question {
	t.Helper()
	cat, _ := a.catalog()
	qu := cat.Questionnaire.Question(id)
	if qu == nil {
		t.Fatalf("no question %s", id)
	}
	return qu
}

// writeTestRecord writes rec as a draft (without result or empty fields) to a temporary answers file.
func writeTestRecord(t *testing.T, a *app, rec *assessment.Record) string {
	t.Helper()
	cat, _ := a.catalog()
	b, err := marshalDraft(rec, cat.Questionnaire, "x")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "answers.lia.yaml")
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestWizardAnswersFileAsksOnlyMissing(t *testing.T) {
	a, _, errb := testApp(t, true)
	rec := loadExample(t, a, example)
	script := scriptFor(t, a, rec)
	partial := *rec
	partial.Answers = rec.Answers.Clone()
	delete(partial.Answers, "data.subject_count")
	delete(partial.Answers, "balancing.severity")
	partial.Metadata.Assessor.Email = ""
	answers := writeTestRecord(t, a, &partial)

	out := filepath.Join(t.TempDir(), "fraud.lia.yaml")
	fake := newFake(t, script)
	if err := assessRun(a, &assessOptions{answers: answers, output: out, prompter: fake}); err != nil {
		t.Fatalf("assess: %v\n%s", err, errb)
	}
	want := []string{
		"Your email address",
		questionPrompt(mustQuestion(t, a, "data.subject_count")).Message,
		questionPrompt(mustQuestion(t, a, "balancing.severity")).Message,
	}
	if got := fake.questions(); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("asked:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	got, _ := os.ReadFile(out)
	if !bytes.Equal(got, expectedRecord(t, example)) {
		t.Errorf("record differs from the example's")
	}
}

func TestWizardInterruptAndResume(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	a, _, errb := testApp(t, true)
	rec := loadExample(t, a, example)
	out := "card-fraud-detection.lia.yaml"

	// Without -o the record is named after the ID, and so is the draft.
	fake := newFake(t, scriptFor(t, a, rec))
	fake.stopAt = 25
	err := assessRun(a, &assessOptions{prompter: fake})
	if code := printError(errb, err); code != exitInterrupt {
		t.Fatalf("exit code = %d, want %d (%v)", code, exitInterrupt, err)
	}
	if !strings.Contains(errb.String(), "lia: hint: your answers are saved in "+out+".draft") {
		t.Errorf("no hint about the draft:\n%s", errb)
	}
	interrupted := fake.asked[len(fake.asked)-1]
	draft, _, err := a.readRecord(out + ".draft")
	if err != nil {
		t.Fatalf("reading the draft: %v", err)
	}
	if n := len(fake.questions()) - 1; len(draft.Answers) != n-12 {
		t.Errorf("draft has %d answers, want %d", len(draft.Answers), n-12)
	}
	if fileExists(out) {
		t.Errorf("record written although interrupted")
	}

	// --resume without -o finds the only draft and asks only what is missing,
	// starting with the interrupted question.
	a2, _, errb2 := testApp(t, true)
	fake2 := newFake(t, scriptFor(t, a2, rec))
	if err := assessRun(a2, &assessOptions{resume: true, prompter: fake2}); err != nil {
		t.Fatalf("resume: %v\n%s", err, errb2)
	}
	qs := fake2.questions()
	if len(qs) == 0 || qs[0] != interrupted {
		t.Errorf("resume asked first %q, want %q", qs, interrupted)
	}
	if got, want := len(qs)+len(fake.questions())-1, 12+len(rec.Answers); got != want {
		t.Errorf("asked %d questions over both runs, want %d", got, want)
	}
	got, _ := os.ReadFile(out)
	if !bytes.Equal(got, expectedRecord(t, example)) {
		t.Errorf("resumed record differs from the example's")
	}
	if fileExists(out + ".draft") {
		t.Errorf("draft not removed")
	}
}

func TestWizardReviewChangesAnswer(t *testing.T) {
	a, _, errb := testApp(t, true)
	rec := loadExample(t, a, example)
	script := scriptFor(t, a, rec)
	phase := mustQuestion(t, a, "context.phase")
	// Decline the metadata review, then change the phase in the context review.
	script[reviewMsg] = []any{false, true, false}
	script[changeMsg] = []any{fmt.Sprintf("2. %s", clipLine(phase.Prompt, 64))}
	msg := questionPrompt(phase).Message
	script[msg] = append(script[msg], "Deploying or using a model")

	out := filepath.Join(t.TempDir(), "fraud.lia.yaml")
	fake := newFake(t, script)
	if err := assessRun(a, &assessOptions{output: out, prompter: fake}); err != nil {
		t.Fatalf("assess: %v\n%s", err, errb)
	}
	if got := fake.defaults[msg]; got != "Both development and deployment" {
		t.Errorf("changing offered %q as default, want the current answer", got)
	}
	if !strings.Contains(errb.String(), "context.model_release") {
		t.Errorf("no note about the answer that no longer applies:\n%s", errb)
	}
	got, _, err := a.readRecord(out)
	if err != nil {
		t.Fatal(err)
	}
	if got.Answers["context.phase"].Text != "deployment" {
		t.Errorf("phase = %q, want deployment", got.Answers["context.phase"].Text)
	}
	if _, ok := got.Answers["context.model_release"]; ok {
		t.Errorf("model_release kept although it does not apply to deployment")
	}
}

func TestWizardOverwrite(t *testing.T) {
	for _, replace := range []bool{false, true} {
		t.Run(fmt.Sprint("replace=", replace), func(t *testing.T) {
			a, _, errb := testApp(t, true)
			rec := loadExample(t, a, example)
			out := filepath.Join(t.TempDir(), "fraud.lia.yaml")
			if err := os.WriteFile(out, []byte("old\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			script := scriptFor(t, a, rec)
			script[out+" already exists. Replace it with this assessment?"] = []any{replace}
			fake := newFake(t, script)
			err := assessRun(a, &assessOptions{output: out, prompter: fake})
			got, _ := os.ReadFile(out)
			if !replace {
				if code := printError(errb, err); code != exitFail {
					t.Errorf("exit code = %d, want %d", code, exitFail)
				}
				if string(got) != "old\n" {
					t.Errorf("file replaced although the user said no")
				}
				if !fileExists(out + ".draft") {
					t.Errorf("draft removed although the record was not written")
				}
				return
			}
			if err != nil {
				t.Fatalf("assess: %v", err)
			}
			if string(got) == "old\n" {
				t.Errorf("file not replaced although the user said yes")
			}
		})
	}
}

func TestWizardOffersUnfinishedDraft(t *testing.T) {
	a, _, errb := testApp(t, true)
	rec := loadExample(t, a, example)
	out := filepath.Join(t.TempDir(), "fraud.lia.yaml")
	fake := newFake(t, scriptFor(t, a, rec))
	fake.stopAt = 20
	_ = assessRun(a, &assessOptions{output: out, prompter: fake})

	// Starting again with the same -o offers the draft (default yes).
	a2, _, _ := testApp(t, true)
	fake2 := newFake(t, scriptFor(t, a2, rec))
	if err := assessRun(a2, &assessOptions{output: out, prompter: fake2}); err != nil {
		t.Fatalf("assess: %v\n%s", err, errb)
	}
	if !strings.HasPrefix(fake2.asked[0], "An unfinished interview is saved in") {
		t.Errorf("first prompt %q, want the offer to continue", fake2.asked[0])
	}
	if got, want := len(fake2.questions())-1+len(fake.questions())-1, 12+len(rec.Answers); got != want {
		t.Errorf("asked %d questions over both runs, want %d", got, want)
	}
}

func TestWizardResumeErrors(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	a, _, _ := testApp(t, true)
	err := assessRun(a, &assessOptions{resume: true, prompter: newFake(t, nil)})
	var ee *exitError
	if !errors.As(err, &ee) || ee.code != exitUsage {
		t.Errorf("resume without a draft: %v, want a usage error", err)
	}
	for _, n := range []string{"a.lia.yaml.draft", "b.lia.yaml.draft"} {
		if err := os.WriteFile(n, []byte("apiVersion: lia/v1\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	err = assessRun(a, &assessOptions{resume: true, prompter: newFake(t, nil)})
	if !errors.As(err, &ee) || ee.code != exitUsage || !strings.Contains(err.Error(), "2 drafts") {
		t.Errorf("resume with two drafts: %v, want a usage error naming them", err)
	}
}

func TestMarshalDraftReadsBack(t *testing.T) {
	a, _, _ := testApp(t, true)
	cat, _ := a.catalog()
	// A draft taken just after the title: most metadata is still empty.
	rec := &assessment.Record{Metadata: assessment.Metadata{Title: "Card fraud", ID: "card-fraud"},
		Answers: assessment.Answers{"context.phase": {Type: assessment.TypeEnum, Text: "both"}}}
	b, err := marshalDraft(rec, cat.Questionnaire, "card-fraud.lia.yaml")
	if err != nil {
		t.Fatal(err)
	}
	got, err := assessment.ParseRecord("draft", b, cat.Questionnaire, a.limits)
	if err != nil {
		t.Fatalf("draft does not parse: %v\n%s", err, b)
	}
	if got.Metadata.Title != "Card fraud" || got.Answers["context.phase"].Text != "both" || got.Result != nil {
		t.Errorf("draft read back as %+v", got)
	}
}

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
	p := newPlainPrompter(in, &out, nil)
	help := Prompt{Message: "How many?", Help: "Count the people."}

	if b, err := p.Confirm(Prompt{Message: "Sure?"}, nil); err != nil || !b {
		t.Errorf("Confirm = %v, %v", b, err)
	}
	if b, err := p.Confirm(Prompt{Message: "Again?"}, ptr(true)); err != nil || !b {
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
	if _, err := p.Input(help, "", nil); !errors.Is(err, errInterrupted) {
		t.Errorf("Input at end of input: %v, want errInterrupted", err)
	}
	for _, s := range []string{"  1. a\n", "Count the people.", "Sorry, answer yes or no.", "Sorry, type a number from 1 to 3.", "Sorry, enter a whole number"} {
		if !strings.Contains(out.String(), s) {
			t.Errorf("plain output lacks %q:\n%s", s, out.String())
		}
	}
}

// TestWizardPlainInterview runs a whole interview through --plain line prompts.
func TestWizardPlainInterview(t *testing.T) {
	a, _, errb := testApp(t, true)
	rec := loadExample(t, a, example)
	cat, _ := a.catalog()
	var lines []string
	m := rec.Metadata
	lines = append(lines, m.Title, m.ID, m.Controller, m.Assessor.Name, m.Assessor.Email, m.Assessor.Role,
		m.AssessedOn, m.ReviewBy, "1", "yes", m.DPO.Name, m.DPO.Opinion, "no")
	answers := assessment.Answers{}
	var cur *assessment.Section
	for qu := cat.Questionnaire.Next(answers); qu != nil; qu = cat.Questionnaire.Next(answers) {
		if cur != nil && qu.Section != cur {
			lines = append(lines, "no") // review: move on
		}
		cur = qu.Section
		v := rec.Answers[qu.ID]
		answers[qu.ID] = v
		switch qu.Type {
		case assessment.TypeEnum:
			lines = append(lines, fmt.Sprint(valueIndex(qu, v.Text)+1))
		case assessment.TypeMulti:
			var ns []string
			for _, x := range v.List {
				ns = append(ns, fmt.Sprint(valueIndex(qu, x)+1))
			}
			if len(ns) == 0 {
				ns = []string{"0"}
			}
			lines = append(lines, strings.Join(ns, ","))
		case assessment.TypeText:
			lines = append(lines, v.Text)
			if qu.Multiline {
				lines = append(lines, "")
			}
		default:
			lines = append(lines, assessment.FormatAnswer(v))
		}
	}
	lines = append(lines, "no")
	a.io.In = strings.NewReader(strings.Join(lines, "\n") + "\n")
	out := filepath.Join(t.TempDir(), "fraud.lia.yaml")
	if err := assessRun(a, &assessOptions{output: out, plain: true}); err != nil {
		t.Fatalf("assess --plain: %v\n%s", err, errb)
	}
	got, _ := os.ReadFile(out)
	if !bytes.Equal(got, expectedRecord(t, example)) {
		t.Errorf("plain interview gave a different record:\n%s", got)
	}
	if strings.Contains(errb.String(), "\x1b[") {
		t.Errorf("plain output contains escape sequences")
	}
}

// A branch closed by a changed answer and opened again offers the answers it
// had as defaults, so going back and forth loses nothing.
func TestWizardReopenedBranchOffersPreviousAnswer(t *testing.T) {
	a, _, errb := testApp(t, true)
	rec := loadExample(t, a, example)
	script := scriptFor(t, a, rec)
	phase := mustQuestion(t, a, "context.phase")
	release := questionPrompt(mustQuestion(t, a, "context.model_release")).Message
	pick := fmt.Sprintf("2. %s", clipLine(phase.Prompt, 64))
	script[reviewMsg] = []any{false, true, true, false}
	script[changeMsg] = []any{pick, pick}
	msg := questionPrompt(phase).Message
	script[msg] = append(script[msg], "Deploying or using a model", "Both development and deployment")

	out := filepath.Join(t.TempDir(), "fraud.lia.yaml")
	fake := newFake(t, script)
	if err := assessRun(a, &assessOptions{output: out, prompter: fake}); err != nil {
		t.Fatalf("assess: %v\n%s", err, errb)
	}
	if got := fake.defaults[release]; got != "Used internally only" {
		t.Errorf("reopened question offered %q, want the earlier answer", got)
	}
	got, _ := os.ReadFile(out)
	if !bytes.Equal(got, expectedRecord(t, example)) {
		t.Errorf("record differs from the example's")
	}
}

func TestNewPrompterChoice(t *testing.T) {
	f, err := os.CreateTemp(t.TempDir(), "tty")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	tests := []struct {
		name          string
		plain, outTTY bool
		in            io.Reader
		wantPlain     bool
	}{
		{"terminal files", false, true, f, false},
		{"--plain", true, true, f, true},
		{"output not a terminal", false, false, f, true},
		{"input not a file", false, true, strings.NewReader(""), true},
		{"dumb terminal", false, true, f, true},
	}
	for _, tt := range tests {
		s := &streams{In: tt.in, Out: f, Err: f, InTTY: true, OutTTY: tt.outTTY, ErrTTY: tt.outTTY,
			Env: func(k string) string {
				if k == "TERM" && tt.name == "dumb terminal" {
					return "dumb"
				}
				return ""
			}}
		p, _ := newPrompter(newApp(s), tt.plain, nil)
		_, isPlain := p.(*plainPrompter)
		if isPlain != tt.wantPlain {
			t.Errorf("%s: plain prompter = %v, want %v", tt.name, isPlain, tt.wantPlain)
		}
	}
}

// Without -o the record and its draft follow the ID, also when it is changed.
func TestWizardChangedIDMovesDraft(t *testing.T) {
	t.Chdir(t.TempDir())
	a, _, errb := testApp(t, true)
	rec := loadExample(t, a, example)
	script := scriptFor(t, a, rec)
	script["Record ID"] = []any{"first-id", "second-id"}
	script[reviewMsg] = []any{true, false}
	script[changeMsg] = []any{"2. Record ID"}
	fake := newFake(t, script)
	fake.stopAt = 20
	err := assessRun(a, &assessOptions{prompter: fake})
	if !errors.Is(err, errInterrupted) {
		t.Fatalf("assess: %v, want interrupted\n%s", err, errb)
	}
	if fileExists("first-id.lia.yaml.draft") || !fileExists("second-id.lia.yaml.draft") {
		t.Errorf("draft did not follow the changed ID")
	}
}

// The DPO's name and opinion are optional: an empty answer is asked once.
func TestWizardOptionalDPOFields(t *testing.T) {
	a, _, errb := testApp(t, true)
	rec := loadExample(t, a, example)
	script := scriptFor(t, a, rec)
	script["The DPO's name (optional)"] = []any{""}
	script["The DPO's opinion, in a sentence (optional)"] = []any{""}
	out := filepath.Join(t.TempDir(), "fraud.lia.yaml")
	fake := newFake(t, script)
	if err := assessRun(a, &assessOptions{output: out, prompter: fake}); err != nil {
		t.Fatalf("assess: %v\n%s", err, errb)
	}
	n := 0
	for _, m := range fake.asked {
		if strings.HasPrefix(m, "The DPO's") {
			n++
		}
	}
	if n != 2 {
		t.Errorf("asked for the DPO's name and opinion %d times, want 2", n)
	}
	got, _, err := a.readRecord(out)
	if err != nil {
		t.Fatal(err)
	}
	if d := got.Metadata.DPO; d.Consulted == nil || !*d.Consulted || d.Name != "" || d.Opinion != "" {
		t.Errorf("dpo = %+v, want consulted without name or opinion", d)
	}
}
