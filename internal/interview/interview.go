// Package interview runs the Legitimate Interest Assessment interview of lia
// assess through a prompt.Prompter and writes the record it produces. The
// rules it keeps:
//   - metadata first, then the catalogue's sections in order; a question is asked
//     only when it applies (Question.Applies, the engine's own rule) and has no
//     answer yet, so --answers and --resume ask only what is missing;
//   - after every answer the draft OUT.draft is written atomically, so Ctrl-C or a
//     crash loses nothing; --resume continues from it; it is removed once the
//     record is written;
//   - at the end of each section the answers given in it can be reviewed and changed;
//   - intros, progress lines and prompts go to the terminal (Options.Term), the
//     decision to Options.Out;
//   - an existing record is replaced only with Force or an explicit yes;
//   - without a Prompter nothing is asked: missing answers are listed (a usage error).
//
// The package touches no standard stream and no flag: the caller passes the
// streams, the clock, the prompter and its file reader and writer in Options.
package interview

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/lia-project/lia/internal/assessment"
	"github.com/lia-project/lia/internal/fileutil"
	"github.com/lia-project/lia/internal/prompt"
	"go.yaml.in/yaml/v3"
)

// Options are what an interview needs. lia assess fills them from its flags,
// its streams and the terminal; tests give fakes. Every function and writer
// is needed, except Term and Interrupt without a Prompter.
type Options struct {
	Catalog *assessment.Catalog

	Output  string // the record to write; "" names it after the record ID
	Answers string // a partial or complete record whose answers are taken
	Edit    string // a record to reopen in the interview (edit.go); Output defaults to it
	Resume  bool   // continue from the draft beside Output, or the only one here
	Force   bool   // replace Output without asking
	// NonInteractive says that prompts were turned off on purpose: with Edit
	// and Force the record is then recomputed and rewritten without asking.
	NonInteractive bool

	// Prompter asks the questions; nil when there is no terminal to ask on
	// (or --non-interactive): then nothing is asked and missing answers are
	// an error.
	Prompter prompt.Prompter
	// Interrupt delivers Ctrl-C, which ends the interview between prompts.
	Interrupt <-chan os.Signal
	Term      io.Writer // intros, progress and reviews; used with a Prompter only
	Out       io.Writer // the decision
	Err       io.Writer // notes on the answers taken
	Warnf     func(format string, args ...any)
	Now       func() time.Time

	// ReadRecord reads and strictly parses a record or a draft. WriteFile and
	// WriteRecord write atomically and refuse to replace a file unless force.
	// lia passes its own, so that limits and messages stay in one place.
	ReadRecord  func(path string) (*assessment.Record, error)
	WriteFile   func(path string, data []byte, perm os.FileMode, force bool) error
	WriteRecord func(path string, rec *assessment.Record, force bool) error
}

// Error is an error the user can act on, with a hint saying how. Usage marks
// a mistake in how the interview was started or answers missing without a
// terminal; otherwise it is a refused action, or, wrapping
// prompt.ErrInterrupted, an interrupt whose answers are kept in the draft.
type Error struct {
	Err   error
	Hint  string
	Usage bool
}

func (e *Error) Error() string { return e.Err.Error() }
func (e *Error) Unwrap() error { return e.Err }

func usageErr(hint string, format string, args ...any) error {
	return &Error{Usage: true, Err: fmt.Errorf(format, args...), Hint: hint}
}

// Run takes the answers given (Answers, or the draft with Resume), asks what
// is missing when there is a Prompter, and writes the record with its result.
func Run(o *Options) error {
	if o.Edit != "" {
		return runEdit(o)
	}
	cat := o.Catalog
	canPrompt := o.Prompter != nil
	if !canPrompt && o.Answers == "" && !o.Resume {
		return usageErr("give the answers with --answers FILE, or run lia assess in a terminal",
			"no answers given and no terminal to ask them on")
	}
	rec := &assessment.Record{Answers: assessment.Answers{}}
	if o.Answers != "" {
		var err error
		rec, err = o.ReadRecord(o.Answers)
		if err != nil {
			return err
		}
	}
	if canPrompt || o.Resume {
		return runInterview(o, rec)
	}
	o.prepareAnswers(rec, o.Answers)
	if missing := missingIDs(cat, rec); len(missing) > 0 {
		return missingErr(cat, o.Answers, missing)
	}
	return o.finishRecord(rec, o.Output, o.Force)
}

// runInterview asks what the record does not answer yet, then writes it.
func runInterview(o *Options, rec *assessment.Record) error {
	cat := o.Catalog
	w := &wizard{o: o, cat: cat, rec: rec, out: o.Output, force: o.Force,
		previous: assessment.Answers{}, introduced: map[*assessment.Section]bool{}, justified: map[string]bool{}}
	source := o.Answers
	if o.Resume {
		if o.Answers != "" {
			return usageErr("continue the interview with lia assess --resume -o OUT, or start from a file with --answers FILE",
				"--resume and --answers cannot be used together")
		}
		draft, out, err := findDraft(o.Output)
		if err != nil {
			return err
		}
		if w.rec, err = o.ReadRecord(draft); err != nil {
			return err
		}
		w.out, w.draft, w.resumed, source = out, draft, true, draft
	}
	o.prepareAnswers(w.rec, source)
	if source != "" && o.Prompter != nil {
		given := len(w.rec.Answers) + len(o.Catalog.Questionnaire.MissingMetadata(assessment.Metadata{})) - len(o.Catalog.Questionnaire.MissingMetadata(w.rec.Metadata))
		verb := "Using the answers in"
		if o.Resume {
			verb = "Continuing the interview saved in"
		}
		if left := len(missingIDs(cat, w.rec)); left > 0 {
			fmt.Fprintf(o.Err, "%s %s: %d answered, about %d to go.\n", verb, source, given, left)
		} else {
			if cat.Questionnaire.Next(w.rec.Answers) != nil {
				fmt.Fprintf(o.Err, "%s %s: every required question is answered; a few optional ones follow.\n", verb, source)
			} else {
				fmt.Fprintf(o.Err, "%s %s: every question is answered.\n", verb, source)
			}
		}
	}

	if o.Prompter == nil {
		if missing := missingIDs(cat, w.rec); len(missing) > 0 {
			err := missingErr(cat, source, missing)
			var ie *Error
			if errors.As(err, &ie) {
				ie.Hint = "run lia assess --resume -o " + w.out + " in a terminal to be asked"
			}
			return err
		}
		return w.finish()
	}

	// Survey reads Ctrl-C as a key; between prompts, and for line prompts, it
	// arrives as a signal, which must end the interview the same way.
	w.sig = o.Interrupt
	w.p, w.term = o.Prompter, o.Term

	return w.interruptErr(w.run())
}

// interruptErr says where the answers given before an interrupt are kept.
func (w *wizard) interruptErr(err error) error {
	if errors.Is(err, prompt.ErrInterrupted) {
		fmt.Fprintln(w.term)
		if w.draft != "" && fileExists(w.draft) {
			hint := fmt.Sprintf("your answers are saved in %s; continue with: lia assess --resume -o %s", w.draft, w.out)
			if w.edit {
				hint = fmt.Sprintf("your answers are saved in %s; continue with: lia assess --edit %s --resume", w.draft, w.orig.File)
				if w.out != w.orig.File {
					hint += " -o " + w.out
				}
			}
			return &Error{Err: err, Hint: hint}
		}
	}
	return err
}

// findDraft returns the draft to resume and the record it belongs to: the one
// beside -o, or else the only draft in the current directory.
func findDraft(out string) (draft, record string, err error) {
	if out != "" {
		draft = out + ".draft"
		if !fileExists(draft) {
			return "", "", usageErr("start a new interview with: lia assess -o "+out, "there is no draft %s to resume", draft)
		}
		return draft, out, nil
	}
	matches, _ := filepath.Glob("*.lia.yaml.draft")
	switch len(matches) {
	case 1:
		return matches[0], strings.TrimSuffix(matches[0], ".draft"), nil
	case 0:
		return "", "", usageErr("give the record of the interrupted interview with -o, or start a new one with: lia assess",
			"no draft (*.lia.yaml.draft) in the current directory")
	}
	return "", "", usageErr("choose one with -o, for example: lia assess --resume -o "+strings.TrimSuffix(matches[0], ".draft"),
		"%d drafts in the current directory: %s", len(matches), strings.Join(matches, ", "))
}

func fileExists(path string) bool {
	_, err := os.Lstat(path)
	return err == nil
}

type wizard struct {
	o    *Options
	cat  *assessment.Catalog
	p    prompt.Prompter
	term io.Writer // intros, progress and reviews
	sig  <-chan os.Signal
	rec  *assessment.Record

	out, draft string // the record and its draft; "" until the id is known
	resumed    bool
	edit       bool               // reopening a record (edit.go)
	orig       *assessment.Record // the record reopened, as read
	force      bool
	outFromID  bool // out was derived from the ID, not given with -o

	// previous keeps answers dropped when a changed answer closed their branch,
	// to offer them again as defaults if it reopens.
	previous   assessment.Answers
	introduced map[*assessment.Section]bool
	justified  map[string]bool // parts of the justification asked in this run
}

const welcome = `This interview takes you through the three tests of a Legitimate Interest
Assessment (Art. 6(1)(f) GDPR): purpose, necessity and balancing, in about %d
questions. Type ? on any question for help, and + to add a note with your
evidence for an answer. After each test you explain your reasoning, starting
from a draft lia makes from your answers. Every answer is saved as you go:
press Ctrl-C to stop, and continue later with lia assess --resume.
`

func (w *wizard) run() error {
	if first := w.q().Next(w.rec.Answers); first != nil && len(w.rec.Answers) == 0 {
		n := len(w.metaFields()) + w.q().ProgressAt(w.rec.Answers, first).Questions
		fmt.Fprintf(w.term, welcome, n/10*10)
	}
	if err := w.setOut(w.out); err != nil {
		return err
	}
	if err := w.askAll(); err != nil {
		return err
	}
	return w.finish()
}

// askAll asks what the record still lacks, metadata then sections, and then
// shows the outcome and asks for the decision: the steps a new interview and
// --edit share.
func (w *wizard) askAll() error {
	if err := w.metadata(); err != nil {
		return err
	}
	if err := w.sections(); err != nil {
		return err
	}
	return w.decide()
}

// setOut fixes the record's path once it is known, offers an unfinished
// draft found there, and saves the first draft.
func (w *wizard) setOut(out string) error {
	if out == "" || w.draft != "" {
		return nil
	}
	w.out, w.draft = out, out+".draft"
	if !w.resumed && fileExists(w.draft) {
		cont, err := w.confirm(prompt.Prompt{Message: fmt.Sprintf("An unfinished interview is saved in %s. Continue it?", w.draft),
			Help: "Yes continues from the saved answers and asks only what is missing. No starts afresh and replaces the saved answers."}, ptr(true))
		if err != nil {
			return err
		}
		if cont {
			rec, err := w.o.ReadRecord(w.draft)
			if err != nil {
				return err
			}
			w.o.prepareAnswers(rec, w.draft)
			w.rec, w.resumed = rec, true
		}
	}
	if !w.force && !w.edit && fileExists(w.out) {
		fmt.Fprintf(w.term, "Note: %s exists; you will be asked before it is replaced.\n", w.out)
	}
	// The draft is written with the next answer: an empty one is not worth offering.
	return nil
}

// saveDraft writes the answers so far beside the record.
func (w *wizard) saveDraft() error {
	if w.draft == "" {
		return nil
	}
	data, err := marshalDraft(w.rec, w.cat.Questionnaire, w.out)
	if err != nil {
		return err
	}
	return w.o.WriteFile(w.draft, data, 0o644, true)
}

// marshalDraft writes a partial record without result. Empty metadata fields
// are left out, because the strict parser rejects empty text: a draft must
// always be readable by --resume and --answers.
func marshalDraft(rec *assessment.Record, q *assessment.Questionnaire, out string) ([]byte, error) {
	r := *rec
	r.Result, r.Signatures = nil, nil
	root := r.Node(q, false)
	for i := 0; i+1 < len(root.Content); i += 2 {
		if root.Content[i].Value == "metadata" {
			dropEmpty(root.Content[i+1])
		}
	}
	doc := &yaml.Node{Kind: yaml.DocumentNode, Content: []*yaml.Node{root},
		HeadComment: "Draft of a Legitimate Interest Assessment, saved by lia after every answer.\nContinue the interview with: lia assess --resume -o " + out}
	var b strings.Builder
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(doc); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return []byte(b.String()), nil
}

func dropEmpty(n *yaml.Node) {
	var kept []*yaml.Node
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if v.Kind == yaml.MappingNode {
			dropEmpty(v)
		}
		if (v.Kind == yaml.ScalarNode && v.Value == "") || (v.Kind == yaml.MappingNode && len(v.Content) == 0) {
			continue
		}
		kept = append(kept, k, v)
	}
	n.Content = kept
}

func (w *wizard) q() *assessment.Questionnaire { return w.cat.Questionnaire }

// confirm, choose and the other ask helpers end the interview if an
// interrupt arrived between prompts.
func (w *wizard) interrupted() bool {
	select {
	case <-w.sig:
		return true
	default:
		return false
	}
}

func (w *wizard) confirm(p prompt.Prompt, def *bool) (bool, error) {
	if w.interrupted() {
		return false, prompt.ErrInterrupted
	}
	return w.p.Confirm(p, def)
}

// ---- end ----

// finish writes the record, after asking before replacing one, prints the
// decision and removes the draft.
func (w *wizard) finish() error {
	out := w.out
	if out == "" {
		out = w.rec.Metadata.ID + ".lia.yaml"
	}
	force := w.o.Force
	if !force && fileExists(out) && w.p != nil {
		ok, err := w.confirm(prompt.Prompt{Message: out + " already exists. Replace it with this assessment?",
			Help: "No keeps the existing file; your answers stay in the draft."}, ptr(false))
		if err != nil {
			return err
		}
		if !ok {
			return &Error{Hint: "your answers are kept in " + w.draft + "; write them elsewhere with: lia assess --answers " + w.draft + " -o OTHER.lia.yaml",
				Err: fmt.Errorf("%s already exists; not replaced", out)}
		}
		force = true
	}
	if w.term != nil {
		fmt.Fprintln(w.term)
	}
	if err := w.o.finishRecord(w.rec, out, force); err != nil {
		return err
	}
	if w.term != nil {
		fmt.Fprintf(w.term, "\nThe assessment is written to %s.\n", out)
	}
	if w.draft != "" {
		w.removeDraft(w.draft)
	}
	return nil
}

// removeDraft removes a draft that is no longer needed; failing to is only
// worth a warning, as the record is safe.
func (w *wizard) removeDraft(path string) {
	if err := os.Remove(path); err != nil && !errors.Is(err, os.ErrNotExist) {
		w.o.Warnf("could not remove the draft %s: %v", path, fileutil.PathErr(err))
	}
}
