package interview

import (
	"bytes"
	"errors"
	"fmt"
	"github.com/lia-project/lia/internal/textfmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/lia-project/lia/internal/assessment"
	"github.com/lia-project/lia/internal/fileutil"
	"github.com/lia-project/lia/internal/prompt"
	"github.com/lia-project/lia/templates"
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

func (f *fakePrompter) next(p prompt.Prompt, def string) (any, error) {
	f.asked = append(f.asked, p.Message)
	f.defaults[p.Message] = def
	if f.hook != nil {
		f.hook(len(f.asked), p.Message)
	}
	if f.stopAt > 0 && len(f.asked) == f.stopAt {
		return nil, prompt.ErrInterrupted
	}
	q := f.script[p.Message]
	if len(q) == 0 {
		return nil, nil
	}
	f.script[p.Message] = q[1:]
	if err, ok := q[0].(error); ok {
		return nil, err // such as prompt.ErrNote: "+" typed
	}
	return q[0], nil
}

func (f *fakePrompter) noAnswer(p prompt.Prompt) error {
	f.t.Errorf("no answer scripted for %q and no default", p.Message)
	return prompt.ErrInterrupted
}

func (f *fakePrompter) Confirm(p prompt.Prompt, def *bool) (bool, error) {
	d := ""
	if def != nil {
		d = textfmt.YesNo(*def)
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

func (f *fakePrompter) Select(p prompt.Prompt, options []string, def int) (int, error) {
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
	return 0, prompt.ErrInterrupted
}

func (f *fakePrompter) MultiSelect(p prompt.Prompt, options []string, def []int) ([]int, error) {
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

func (f *fakePrompter) Input(p prompt.Prompt, def string, check func(string) error) (string, error) {
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
		if e, ok := a.(error); ok {
			err = e
		}
	}
}

func (f *fakePrompter) Multiline(p prompt.Prompt, def string, check func(string) error) (string, error) {
	return f.Input(p, def, check)
}

// questions returns the asked messages without the review, overwrite,
// justification and note prompts, and without repeats of a question asked
// again after its note.
func (f *fakePrompter) questions() []string {
	var out []string
	for i, m := range f.asked {
		if m == reviewMsg || m == changeMsg || strings.HasSuffix(m, "Replace it with this assessment?") ||
			strings.HasPrefix(m, "Your justification of") || strings.HasPrefix(m, "Your decision:") || strings.HasPrefix(m, "Note on this answer") {
			continue
		}
		if i+1 < len(f.asked) && strings.HasPrefix(f.asked[i+1], "Note on this answer") {
			continue // "+" was typed: the question is asked again after the note
		}
		out = append(out, m)
	}
	return out
}

var justificationMsg = map[string]string{
	"purpose":   "Your justification of the purpose test",
	"necessity": "Your justification of the necessity test",
	"balancing": "Your justification of the balancing test",
	"decision":  "Your decision: what you decide, why, and what happens next",
}

const (
	reviewMsg = "Change any of these answers before moving on?"
	changeMsg = "Which answer do you want to change?"
)

var testNow = time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)

var (
	catOnce sync.Once
	testCat *assessment.Catalog
	catErr  error
)

func testCatalog(t *testing.T) *assessment.Catalog {
	t.Helper()
	catOnce.Do(func() { testCat, catErr = assessment.Load(templates.FS) })
	if catErr != nil {
		t.Fatal(catErr)
	}
	return testCat
}

// testOptions returns the options of an interview with the embedded catalogue,
// the files written for real and the streams in buffers: the decision, and the
// terminal with the notes and warnings. Without a Prompter nothing is asked.
func testOptions(t *testing.T) (*Options, *bytes.Buffer, *bytes.Buffer) {
	t.Helper()
	cat := testCatalog(t)
	var out, errb bytes.Buffer
	o := &Options{Catalog: cat, Out: &out, Err: &errb, Term: &errb,
		Warnf: func(format string, args ...any) { fmt.Fprintf(&errb, "lia: warning: "+format+"\n", args...) },
		Now:   func() time.Time { return testNow },
		ReadRecord: func(path string) (*assessment.Record, error) {
			data, err := os.ReadFile(path)
			if err != nil {
				return nil, err
			}
			return assessment.ParseRecord(path, data, cat.Questionnaire, assessment.DefaultLimits)
		},
		WriteFile: func(path string, data []byte, perm os.FileMode, force bool) error {
			return fileutil.WriteFile(path, data, perm, force)
		},
		WriteRecord: func(path string, rec *assessment.Record, force bool) error {
			b, err := assessment.MarshalRecord(rec, cat.Questionnaire)
			if err != nil {
				return err
			}
			return fileutil.WriteFile(path, b, 0o644, force)
		},
	}
	return o, &out, &errb
}

// example is the record the interviews reproduce; absolute, as some tests change directory.
var example, _ = filepath.Abs("../../testdata/examples/fraud-detection.lia.yaml")

// scriptFor answers every question and metadata field as rec does.
func scriptFor(t *testing.T, o *Options, rec *assessment.Record) map[string][]any {
	t.Helper()
	cat := o.Catalog
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
	for id, note := range rec.Notes {
		msg := questionPrompt(cat.Questionnaire.Question(id)).Message
		s[msg] = append([]any{prompt.ErrNote}, s[msg]...)
		s["Note on this answer: the evidence for it ("+id+")"] = []any{note}
	}
	for _, part := range assessment.JustificationParts {
		if text := *rec.Justification.Part(part); text != "" {
			s[justificationMsg[part]] = []any{text}
		}
	}
	m := rec.Metadata
	for _, f := range cat.Questionnaire.Metadata.AskOrder() {
		switch msg := metaPrompt(f).Message; f.Type {
		case assessment.MetaBool:
			s[msg] = []any{*f.Bool(&m)}
		case assessment.MetaEnum:
			s[msg] = []any{f.ValueLabel(f.Text(&m))}
		default:
			s[msg] = []any{f.Text(&m)}
		}
	}
	return s
}

// expectedRecord is what the interview writes without a prompter (lia assess
// --non-interactive) for the answers file.
func expectedRecord(t *testing.T, answers string) []byte {
	t.Helper()
	o, _, errb := testOptions(t)
	out := filepath.Join(t.TempDir(), "want.lia.yaml")
	o.Answers, o.Output = answers, out
	if err := Run(o); err != nil {
		t.Fatalf("non-interactive assess: %v\n%s", err, errb)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func loadExample(t *testing.T, o *Options, path string) *assessment.Record {
	t.Helper()
	rec, err := o.ReadRecord(path)
	if err != nil {
		t.Fatal(err)
	}
	return rec
}

func TestWizardFullInterview(t *testing.T) {
	o, stdout, errb := testOptions(t)
	rec := loadExample(t, o, example)
	script := scriptFor(t, o, rec)
	// An invalid number is refused and asked again.
	count := questionPrompt(mustQuestion(t, o, "data.subject_count")).Message
	script[count] = append([]any{"twelve"}, script[count]...)
	// Take the defaults for the dates: today, and a year after the date given.
	delete(script, "Date of the assessment (YYYY-MM-DD)")
	delete(script, "Review the assessment by (YYYY-MM-DD)")

	out := filepath.Join(t.TempDir(), "fraud.lia.yaml")
	fake := newFake(t, script)
	fake.hook = func(n int, msg string) {
		// From the record ID on, every answer is in the draft.
		if n == 30 {
			d, err := o.ReadRecord(out + ".draft")
			if err != nil {
				t.Errorf("draft during the interview: %v", err)
			} else if len(d.Answers) == 0 || d.Result != nil {
				t.Errorf("draft has %d answers and result %v", len(d.Answers), d.Result)
			}
		}
	}
	o.Output, o.Prompter = out, fake
	if err := Run(o); err != nil {
		t.Fatalf("assess: %v\n%s", err, errb)
	}

	qs := fake.questions()
	if got, want := len(qs), 12+len(rec.Answers); got != want {
		t.Errorf("asked %d questions, want %d (12 metadata and %d answers)", got, want, len(rec.Answers))
	}
	if got := fake.defaults["Record ID"]; got != assessment.Slug(rec.Metadata.Title) {
		t.Errorf("record ID default = %q, want %q", got, assessment.Slug(rec.Metadata.Title))
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
	want := expectedRecord(t, writeTestRecord(t, o, rec))
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

func mustQuestion(t *testing.T, o *Options, id string) *assessment.Question {
	t.Helper()
	qu := o.Catalog.Questionnaire.Question(id)
	if qu == nil {
		t.Fatalf("no question %s", id)
	}
	return qu
}

// writeTestRecord writes rec as a draft (without result or empty fields) to a temporary answers file.
func writeTestRecord(t *testing.T, o *Options, rec *assessment.Record) string {
	t.Helper()
	b, err := marshalDraft(rec, o.Catalog.Questionnaire, "x")
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
	o, _, errb := testOptions(t)
	rec := loadExample(t, o, example)
	script := scriptFor(t, o, rec)
	partial := *rec
	partial.Answers = rec.Answers.Clone()
	delete(partial.Answers, "data.subject_count")
	delete(partial.Answers, "balancing.severity")
	partial.Metadata.Assessor.Email = ""
	answers := writeTestRecord(t, o, &partial)

	out := filepath.Join(t.TempDir(), "fraud.lia.yaml")
	fake := newFake(t, script)
	o.Answers, o.Output, o.Prompter = answers, out, fake
	if err := Run(o); err != nil {
		t.Fatalf("assess: %v\n%s", err, errb)
	}
	want := []string{
		"Your email address",
		questionPrompt(mustQuestion(t, o, "data.subject_count")).Message,
		questionPrompt(mustQuestion(t, o, "balancing.severity")).Message,
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
	o, _, errb := testOptions(t)
	rec := loadExample(t, o, example)
	out := "card-fraud-detection.lia.yaml"

	// Without -o the record is named after the ID, and so is the draft.
	fake := newFake(t, scriptFor(t, o, rec))
	fake.stopAt = 25
	o.Prompter = fake
	err := Run(o)
	var ie *Error
	if !errors.As(err, &ie) || !errors.Is(err, prompt.ErrInterrupted) {
		t.Fatalf("err = %v, want an interrupt with a hint (exit 130)\n%s", err, errb)
	}
	if !strings.HasPrefix(ie.Hint, "your answers are saved in "+out+".draft") {
		t.Errorf("no hint about the draft: %q", ie.Hint)
	}
	interrupted := fake.asked[len(fake.asked)-1]
	draft, err := o.ReadRecord(out + ".draft")
	if err != nil {
		t.Fatalf("reading the draft: %v", err)
	}
	// 11 metadata fields come first: the DPO's opinion is asked after the outcome.
	if n := len(fake.questions()) - 1; len(draft.Answers) != n-11 {
		t.Errorf("draft has %d answers, want %d", len(draft.Answers), n-11)
	}
	if fileExists(out) {
		t.Errorf("record written although interrupted")
	}

	// --resume without -o finds the only draft and asks only what is missing,
	// starting with the interrupted question.
	o2, _, errb2 := testOptions(t)
	fake2 := newFake(t, scriptFor(t, o2, rec))
	o2.Resume, o2.Prompter = true, fake2
	if err := Run(o2); err != nil {
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
	o, _, errb := testOptions(t)
	rec := loadExample(t, o, example)
	script := scriptFor(t, o, rec)
	phase := mustQuestion(t, o, "context.phase")
	// Decline the metadata review, then change the phase in the context review.
	script[reviewMsg] = []any{false, true, false}
	script[changeMsg] = []any{phase.Prompt}
	msg := questionPrompt(phase).Message
	script[msg] = append(script[msg], "Deploying or using a model")
	// Deployment opens who developed the model (rules 2026.12.1).
	script[questionPrompt(mustQuestion(t, o, "context.model_provenance")).Message] = []any{"A model we developed ourselves"}

	out := filepath.Join(t.TempDir(), "fraud.lia.yaml")
	fake := newFake(t, script)
	o.Output, o.Prompter = out, fake
	if err := Run(o); err != nil {
		t.Fatalf("assess: %v\n%s", err, errb)
	}
	if got := fake.defaults[msg]; got != "Both development and deployment" {
		t.Errorf("changing offered %q as default, want the current answer", got)
	}
	if !strings.Contains(errb.String(), "context.model_release") {
		t.Errorf("no note about the answer that no longer applies:\n%s", errb)
	}
	got, err := o.ReadRecord(out)
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
			o, _, _ := testOptions(t)
			rec := loadExample(t, o, example)
			out := filepath.Join(t.TempDir(), "fraud.lia.yaml")
			if err := os.WriteFile(out, []byte("old\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			script := scriptFor(t, o, rec)
			script[out+" already exists. Replace it with this assessment?"] = []any{replace}
			fake := newFake(t, script)
			o.Output, o.Prompter = out, fake
			err := Run(o)
			got, _ := os.ReadFile(out)
			if !replace {
				var ie *Error
				if !errors.As(err, &ie) || ie.Usage || errors.Is(err, prompt.ErrInterrupted) {
					t.Errorf("err = %v, want a refusal (exit 1)", err)
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
	o, _, errb := testOptions(t)
	rec := loadExample(t, o, example)
	out := filepath.Join(t.TempDir(), "fraud.lia.yaml")
	fake := newFake(t, scriptFor(t, o, rec))
	fake.stopAt = 21 // a question: the 20th prompt is the review of the context
	o.Output, o.Prompter = out, fake
	_ = Run(o)

	// Starting again with the same -o offers the draft (default yes).
	o2, _, _ := testOptions(t)
	fake2 := newFake(t, scriptFor(t, o2, rec))
	o2.Output, o2.Prompter = out, fake2
	if err := Run(o2); err != nil {
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
	o, _, _ := testOptions(t)
	o.Resume, o.Prompter = true, newFake(t, nil)
	err := Run(o)
	var ie *Error
	if !errors.As(err, &ie) || !ie.Usage {
		t.Errorf("resume without a draft: %v, want a usage error", err)
	}
	for _, n := range []string{"a.lia.yaml.draft", "b.lia.yaml.draft"} {
		if err := os.WriteFile(n, []byte("apiVersion: lia/v1\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	o.Resume, o.Prompter = true, newFake(t, nil)
	err = Run(o)
	if !errors.As(err, &ie) || !ie.Usage || !strings.Contains(err.Error(), "2 drafts") {
		t.Errorf("resume with two drafts: %v, want a usage error naming them", err)
	}
}

func TestMarshalDraftReadsBack(t *testing.T) {
	cat := testCatalog(t)
	// A draft taken just after the title: most metadata is still empty.
	rec := &assessment.Record{Metadata: assessment.Metadata{Title: "Card fraud", ID: "card-fraud"},
		Answers: assessment.Answers{"context.phase": {Type: assessment.TypeEnum, Text: "both"}}}
	b, err := marshalDraft(rec, cat.Questionnaire, "card-fraud.lia.yaml")
	if err != nil {
		t.Fatal(err)
	}
	got, err := assessment.ParseRecord("draft", b, cat.Questionnaire, assessment.DefaultLimits)
	if err != nil {
		t.Fatalf("draft does not parse: %v\n%s", err, b)
	}
	if got.Metadata.Title != "Card fraud" || got.Answers["context.phase"].Text != "both" || got.Result != nil {
		t.Errorf("draft read back as %+v", got)
	}
}

// TestWizardPlainInterview runs a whole interview through --plain line prompts.
func TestWizardPlainInterview(t *testing.T) {
	o, _, errb := testOptions(t)
	rec := loadExample(t, o, example)
	cat := o.Catalog
	var lines []string
	m := rec.Metadata
	lines = append(lines, m.Title, m.ID, m.Controller, m.Assessor.Name, m.Assessor.Email, m.Assessor.Role,
		m.AssessedOn, m.ReviewBy, "1", "yes", m.DPO.Name, "no")
	answers := assessment.Answers{}
	var cur *assessment.Section
	justified := map[string]bool{}
	// A test's justification follows the last section that serves it.
	justify := func(next *assessment.Question) {
		for _, test := range []string{"purpose", "necessity", "balancing"} {
			last := -1
			for i, s := range cat.Questionnaire.Sections {
				if s.Serves == test && s.Applies(answers) {
					last = i
				}
			}
			if justified[test] || last < 0 || next != nil && slices.Index(cat.Questionnaire.Sections, next.Section) <= last {
				continue
			}
			justified[test] = true
			lines = append(lines, *rec.Justification.Part(test), "")
		}
	}
	for qu := cat.Questionnaire.Next(answers); qu != nil; qu = cat.Questionnaire.Next(answers) {
		if cur != nil && qu.Section != cur {
			lines = append(lines, "no") // review: move on
		}
		justify(qu)
		cur = qu.Section
		v := rec.Answers[qu.ID]
		answers[qu.ID] = v
		if note := rec.Notes[qu.ID]; note != "" {
			lines = append(lines, "+", note, "") // "+" asks for the note, then the question again
		}
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
	justify(nil)
	// Once the outcome is shown: the decision, then the DPO's opinion.
	lines = append(lines, rec.Justification.Decision, "", m.DPO.Opinion)
	in := strings.NewReader(strings.Join(lines, "\n") + "\n")
	out := filepath.Join(t.TempDir(), "fraud.lia.yaml")
	o.Output, o.Prompter = out, prompt.NewPlain(in, errb, nil)
	if err := Run(o); err != nil {
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
	o, _, errb := testOptions(t)
	rec := loadExample(t, o, example)
	script := scriptFor(t, o, rec)
	phase := mustQuestion(t, o, "context.phase")
	release := questionPrompt(mustQuestion(t, o, "context.model_release")).Message
	pick := phase.Prompt
	script[reviewMsg] = []any{false, true, true, false}
	script[changeMsg] = []any{pick, pick}
	msg := questionPrompt(phase).Message
	script[msg] = append(script[msg], "Deploying or using a model", "Both development and deployment")
	// Deployment opens who developed the model (rules 2026.12.1); it closes again.
	script[questionPrompt(mustQuestion(t, o, "context.model_provenance")).Message] = []any{"A model we developed ourselves"}

	out := filepath.Join(t.TempDir(), "fraud.lia.yaml")
	fake := newFake(t, script)
	o.Output, o.Prompter = out, fake
	if err := Run(o); err != nil {
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

// Without -o the record and its draft follow the ID, also when it is changed.
func TestWizardChangedIDMovesDraft(t *testing.T) {
	t.Chdir(t.TempDir())
	o, _, errb := testOptions(t)
	rec := loadExample(t, o, example)
	script := scriptFor(t, o, rec)
	script["Record ID"] = []any{"first-id", "second-id"}
	script[reviewMsg] = []any{true, false}
	script[changeMsg] = []any{"Record ID"}
	fake := newFake(t, script)
	fake.stopAt = 20
	o.Prompter = fake
	err := Run(o)
	if !errors.Is(err, prompt.ErrInterrupted) {
		t.Fatalf("assess: %v, want interrupted\n%s", err, errb)
	}
	if fileExists("first-id.lia.yaml.draft") || !fileExists("second-id.lia.yaml.draft") {
		t.Errorf("draft did not follow the changed ID")
	}
}

// The DPO's name and opinion are optional: an empty answer is asked once.
func TestWizardOptionalDPOFields(t *testing.T) {
	o, _, errb := testOptions(t)
	rec := loadExample(t, o, example)
	script := scriptFor(t, o, rec)
	script["The DPO's name (optional)"] = []any{""}
	script["The DPO's opinion, in a sentence (optional)"] = []any{""}
	out := filepath.Join(t.TempDir(), "fraud.lia.yaml")
	fake := newFake(t, script)
	o.Output, o.Prompter = out, fake
	if err := Run(o); err != nil {
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
	got, err := o.ReadRecord(out)
	if err != nil {
		t.Fatal(err)
	}
	if d := got.Metadata.DPO; d.Consulted == nil || !*d.Consulted || d.Name != "" || d.Opinion != "" {
		t.Errorf("dpo = %+v, want consulted without name or opinion", d)
	}
}

// TestWizardMetadataUsesTheParsersChecks: what the interview refuses for a
// metadata field is what the parser refuses (assessment.MetaField.Check).
func TestWizardMetadataUsesTheParsersChecks(t *testing.T) {
	o, _, errb := testOptions(t)
	rec := loadExample(t, o, example)
	script := scriptFor(t, o, rec)
	partial := *rec
	partial.Metadata.Assessor.Email, partial.Metadata.ReviewBy = "", ""
	answers := writeTestRecord(t, o, &partial)
	var wantRejected []string
	for _, c := range []struct {
		key    string
		inputs []string
	}{
		{"assessor.email", []string{"ana.ribeiro", "ana ribeiro@example.com", "@example.com"}},
		{"review_by", []string{"2027-02-30", "2026-11-01"}}, // not a date; before the assessment
	} {
		f := o.Catalog.Questionnaire.Metadata.Field(c.key)
		msg := metaPrompt(f).Message
		for i := len(c.inputs) - 1; i >= 0; i-- {
			if f.Check(&rec.Metadata, c.inputs[i]) == nil {
				t.Errorf("%s: the parser's check accepts %q", c.key, c.inputs[i])
			}
			script[msg] = append([]any{c.inputs[i]}, script[msg]...)
		}
		wantRejected = append(wantRejected, c.inputs...)
	}
	out := filepath.Join(t.TempDir(), "fraud.lia.yaml")
	fake := newFake(t, script)
	o.Answers, o.Output, o.Prompter = answers, out, fake
	if err := Run(o); err != nil {
		t.Fatalf("assess: %v\n%s", err, errb)
	}
	slices.Sort(wantRejected)
	got := slices.Sorted(slices.Values(fake.rejected))
	if !slices.Equal(got, wantRejected) {
		t.Errorf("rejected %q, want %q", got, wantRejected)
	}
	if b, _ := os.ReadFile(out); !bytes.Equal(b, expectedRecord(t, example)) {
		t.Errorf("record differs from the example's")
	}
}

// A long title gives an ID cut after a whole word.
func TestSlug(t *testing.T) {
	for _, tt := range []struct{ title, want string }{
		{"Card fraud (EU)", "card-fraud-eu"},
		{"Card fraud detection model trained on historical transactions of retail customers", "card-fraud-detection-model-trained-on-historical"},
		{strings.Repeat("x", 70), strings.Repeat("x", 60)},
		{"!!!", "assessment"},
	} {
		if got := assessment.Slug(tt.title); got != tt.want {
			t.Errorf("slug(%q) = %q, want %q", tt.title, got, tt.want)
		}
	}
}

// --edit keeps its answers in a draft like a new interview: interrupted after
// a change, --resume continues from it, and the record is then recomputed,
// re-dated and written.
func TestWizardEditInterruptAndResume(t *testing.T) {
	o, _, errb := testOptions(t)
	path := filepath.Join(t.TempDir(), "fraud.lia.yaml")
	if err := os.WriteFile(path, expectedRecord(t, example), 0o644); err != nil {
		t.Fatal(err)
	}
	obj := mustQuestion(t, o, "rights.objection_mechanism")
	const menu = "Which part do you want to review?"
	fake := newFake(t, map[string][]any{
		menu:                        {"Information and the right to object (3 answers)"},
		reviewMsg:                   {true},
		changeMsg:                   {obj.Prompt},
		questionPrompt(obj).Message: {false},
	})
	fake.stopAt = 5 // the review after the change
	o.Edit, o.Prompter = path, fake
	err := Run(o)
	if !errors.Is(err, prompt.ErrInterrupted) {
		t.Fatalf("edit: %v, want interrupted\n%s", err, errb)
	}
	var ie *Error
	if !errors.As(err, &ie) || !strings.Contains(ie.Hint, "lia assess --edit "+path+" --resume") {
		t.Errorf("hint after an interrupted edit: %+v", ie)
	}
	if before, _ := os.ReadFile(path); !bytes.Equal(before, expectedRecord(t, example)) {
		t.Errorf("the record changed before the edit was finished")
	}

	o2, stdout, errb2 := testOptions(t)
	fake2 := newFake(t, map[string][]any{menu: {"Done: recompute the result and show what changed"}})
	o2.Edit, o2.Resume, o2.Prompter = path, true, fake2
	if err := Run(o2); err != nil {
		t.Fatalf("resumed edit: %v\n%s", err, errb2)
	}
	got, err := o2.ReadRecord(path)
	if err != nil {
		t.Fatal(err)
	}
	if got.Result.Outcome != assessment.OutcomeFail || got.Answers["rights.objection_mechanism"].Bool {
		t.Errorf("outcome %s, objection %v: the change was lost", got.Result.Outcome, got.Answers["rights.objection_mechanism"].Bool)
	}
	if got.Metadata.AssessedOn != "2026-11-23" || got.Metadata.ReviewBy != "2027-11-23" {
		t.Errorf("dates %s, %s: not re-dated", got.Metadata.AssessedOn, got.Metadata.ReviewBy)
	}
	if !strings.Contains(errb2.String(), "outcome: pass -> fail (worse)") || !strings.Contains(stdout.String(), "outcome fail") {
		t.Errorf("the change was not shown:\n%s\n%s", errb2, stdout)
	}
	if fileExists(path + ".draft") {
		t.Errorf("draft left behind")
	}
}
