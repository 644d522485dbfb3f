package interview

// This file reopens a finished record in the interview (lia assess --edit).
// The rules it keeps:
//   - every answer is offered as the default; the user jumps to the part to
//     review, or goes through every question, and questions that a changed
//     answer opens are asked before anything is written;
//   - before writing, lia offers to re-date the assessment (assessed today,
//     reviewed a year on), recomputes the result and shows what changed, in
//     lia diff's view, then asks before it writes;
//   - a signature covers the record as it was signed: when the record changes
//     its signatures are dropped from the new version, named, with a warning;
//     when nothing changed, nothing is written and the signatures stay;
//   - the draft and --resume work as for a new interview;
//   - without a terminal nothing is asked: the record is recomputed and
//     rewritten only with NonInteractive and Force, else it is a usage error.

import (
	"bytes"
	"fmt"
	"io"
	"strings"

	"github.com/lia-project/lia/internal/argument"
	"github.com/lia-project/lia/internal/assessment"
	"github.com/lia-project/lia/internal/diffview"
	"github.com/lia-project/lia/internal/prompt"
	"github.com/lia-project/lia/internal/safetext"
)

// cloneRecord copies a record so that edits to the copy leave rec as it was.
func cloneRecord(rec *assessment.Record) *assessment.Record {
	c := *rec
	c.Answers = rec.Answers.Clone()
	if p := rec.Metadata.DPO.Consulted; p != nil {
		c.Metadata.DPO.Consulted = ptr(*p)
	}
	c.Signatures = append([]assessment.Signature(nil), rec.Signatures...)
	return &c
}

func runEdit(o *Options) error {
	if o.Answers != "" {
		return usageErr("edit the record with lia assess --edit FILE, or start from answers with --answers FILE",
			"--edit and --answers cannot be used together")
	}
	orig, err := o.ReadRecord(o.Edit)
	if err != nil {
		return err
	}
	out := o.Output
	if out == "" {
		out = o.Edit
	}
	if o.Prompter == nil {
		if !o.NonInteractive || !o.Force {
			return usageErr("run lia assess --edit "+o.Edit+" in a terminal; to recompute and rewrite it without questions: lia assess --edit "+o.Edit+" --non-interactive --force",
				"--edit reopens the record in the interview, and there is no terminal to ask on")
		}
		rec := cloneRecord(orig)
		o.prepareAnswers(rec, o.Edit)
		if missing := missingIDs(o.Catalog, rec); len(missing) > 0 {
			return missingErr(o.Catalog, o.Edit, missing)
		}
		return o.writeEdited(orig, rec, out, o.Err, nil)
	}

	w := &wizard{o: o, cat: o.Catalog, rec: cloneRecord(orig), orig: orig, edit: true, force: true,
		previous: assessment.Answers{}, introduced: map[*assessment.Section]bool{}, justified: map[string]bool{},
		p: o.Prompter, term: o.Term, sig: o.Interrupt}
	source := o.Edit
	if o.Resume {
		draft, _, err := findDraft(out)
		if err != nil {
			return err
		}
		if w.rec, err = o.ReadRecord(draft); err != nil {
			return err
		}
		w.out, w.draft, w.resumed, source = out, draft, true, draft
		w.rec.Signatures = orig.Signatures
	}
	o.prepareAnswers(w.rec, source)
	fmt.Fprintf(o.Err, "Reopening %s: every answer is offered as the default.\n", safetext.Text(o.Edit))
	err = w.runEdit(out)
	return w.interruptErr(err)
}

const editWelcome = `
Review of %s
Choose the part of the assessment to review; each answer it holds is offered
again as the default. When you are done, lia recomputes the result and shows
what changed before anything is written.
`

func (w *wizard) runEdit(out string) error {
	if err := w.setOut(out); err != nil {
		return err
	}
	fmt.Fprintf(w.term, editWelcome, safetext.Text(out))
	if err := w.editMenu(); err != nil {
		return err
	}
	// A changed answer may have opened questions: they are asked now.
	if err := w.askAll(); err != nil {
		return err
	}
	if err := w.redate(); err != nil {
		return err
	}
	var b strings.Builder
	err := w.o.writeEdited(w.orig, w.rec, w.out, &b, func(summary string) (bool, error) {
		fmt.Fprint(w.term, summary)
		return w.confirm(prompt.Prompt{Message: "Write these changes to " + w.out + "?",
			Help: "Yes writes the new version of the record. No leaves the file as it is; your answers stay in the draft."}, ptr(true))
	})
	if err != nil {
		return err
	}
	if w.draft != "" {
		w.removeDraft(w.draft)
	}
	return nil
}

// editMenu lets the user jump to a part of the record until they are done.
func (w *wizard) editMenu() error {
	def := -1
	for {
		type part struct {
			label string
			open  func() error
		}
		parts := []part{{"Every question, one by one, with the answers as defaults", w.walkAll},
			{"About this assessment (title, assessor, dates, DPO)", w.reviewMeta}}
		for _, s := range w.q().Sections {
			n := 0
			for _, qu := range s.Questions {
				if _, ok := w.rec.Answers[qu.ID]; ok && qu.Applies(w.rec.Answers) {
					n++
				}
			}
			if n == 0 {
				continue // the section does not apply
			}
			s := s
			parts = append(parts, part{fmt.Sprintf("%s (%d answers)", s.Title, n), func() error { return w.reviewSection(s) }})
		}
		parts = append(parts, part{"Your justification of the three tests (the decision follows the result)", w.reviewJustification})
		opts := make([]string, 0, len(parts)+1)
		for _, p := range parts {
			opts = append(opts, p.label)
		}
		opts = append(opts, "Done: recompute the result and show what changed")
		fmt.Fprintln(w.term)
		if w.interrupted() {
			return prompt.ErrInterrupted
		}
		i, err := w.p.Select(prompt.Prompt{Message: "Which part do you want to review?",
			Help: "A section lists its answers and lets you change any of them. \"Every question\" asks each question again with its answer as the default. Nothing is written until you are done and have seen what changed."},
			opts, def)
		if err != nil {
			return err
		}
		if i == len(parts) {
			return nil
		}
		if err := parts[i].open(); err != nil {
			return err
		}
		def = len(parts)
	}
}

// reviewJustification asks each test's justification again, with its text as
// the default.
func (w *wizard) reviewJustification() error {
	for _, t := range argument.Tests {
		if err := w.askJustification(t, ""); err != nil {
			return err
		}
	}
	return nil
}

// walkAll asks every metadata field and every question that applies, in
// order, each with its answer as the default.
func (w *wizard) walkAll() error {
	for _, f := range w.metaFields() {
		if !f.Applies(&w.rec.Metadata) || f.When != nil {
			continue // the fields that depend on another follow the answer to it
		}
		if err := w.askMeta(f); err != nil {
			return err
		}
	}
	for _, s := range w.q().Sections {
		for _, qu := range s.Questions {
			if !qu.Applies(w.rec.Answers) {
				continue
			}
			w.intro(qu)
			if err := w.askQuestion(qu); err != nil {
				return err
			}
		}
	}
	return nil
}

// redate offers to date the assessment today, to be reviewed a year on.
func (w *wizard) redate() error {
	now := w.o.Now()
	today, next := now.Format("2006-01-02"), now.AddDate(1, 0, 0).Format("2006-01-02")
	m := &w.rec.Metadata
	if m.AssessedOn == today && m.ReviewBy == next {
		return nil
	}
	changed := !recordsEqual(w.o.Catalog, w.orig, w.rec)
	ok, err := w.confirm(prompt.Prompt{
		Message: fmt.Sprintf("Date the assessment today (%s), to be reviewed by %s? It is dated %s, review by %s.", today, next,
			safetext.Text(m.AssessedOn), safetext.Text(m.ReviewBy)),
		Help: "A reviewed assessment is usually dated the day of the review, with the next review a year on (sooner for fast-moving AI projects). No keeps the dates as they are; you can still change them under \"About this assessment\"."},
		ptr(changed))
	if err != nil || !ok {
		return err
	}
	m.AssessedOn, m.ReviewBy = today, next
	return w.saveDraft()
}

// recordsEqual reports whether two records say the same, signatures aside.
func recordsEqual(cat *assessment.Catalog, a, b *assessment.Record) bool {
	ca, err1 := a.Canonical(cat.Questionnaire)
	cb, err2 := b.Canonical(cat.Questionnaire)
	return err1 == nil && err2 == nil && bytes.Equal(ca, cb)
}

// writeEdited recomputes rec's result, shows what changed from orig, drops
// the signatures the change invalidates and writes rec to out. confirm, when
// not nil, is shown the changes and decides whether to write; without it the
// changes go to notes.
func (o *Options) writeEdited(orig, rec *assessment.Record, out string, notes io.Writer, confirm func(summary string) (bool, error)) error {
	rec.APIVersion, rec.Kind = assessment.APIVersion, assessment.Kind
	rec.Result = o.evaluate(rec)
	rec.Signatures = orig.Signatures
	rec.File = out
	unchanged := recordsEqual(o.Catalog, orig, rec)
	var dropped []assessment.Signature
	if !unchanged {
		dropped, rec.Signatures = rec.Signatures, nil
	}
	d := assessment.DiffRecords(orig, rec, o.Catalog.Questionnaire)
	var b strings.Builder
	fmt.Fprintf(&b, "\nWhat changed in %s:\n", safetext.Text(out))
	diffview.WriteChanges(&b, d)
	if len(dropped) > 0 {
		fmt.Fprintf(&b, "These signatures cover the record as it was and are dropped from the new version (each signer signs again with lia sign):\n")
		for _, s := range dropped {
			fmt.Fprintf(&b, "  - %s as %s, %s\n", safetext.Line(s.Signer, 80), safetext.Line(s.Role, 20), safetext.Line(s.SignedAt, 30))
		}
	}
	if unchanged && out == orig.File {
		fmt.Fprintf(&b, "Nothing changed: %s is left as it is.\n", safetext.Text(out))
		if confirm != nil {
			fmt.Fprint(o.Term, b.String())
		} else {
			fmt.Fprint(notes, b.String())
		}
		return nil
	}
	if confirm != nil {
		ok, err := confirm(b.String())
		if err != nil {
			return err
		}
		if !ok {
			return &Error{Err: fmt.Errorf("%s not changed", out),
				Hint: "your answers are kept in " + out + ".draft; continue with: lia assess --edit " + orig.File + " --resume"}
		}
	} else {
		fmt.Fprint(notes, b.String())
	}
	if len(dropped) > 0 {
		o.Warnf("%s: %d signature(s) dropped: they covered the record before this change; sign it again", out, len(dropped))
	}
	return o.writeResult(rec, out, true)
}
