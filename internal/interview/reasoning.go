package interview

// This file asks for the assessor's own words: the justification of each
// test, the decision, the notes that give the evidence for an answer, and the
// DPO's opinion. The rules it keeps:
//   - a test's justification is asked once the last section that serves the
//     test is done, starting from a draft built from the answers
//     (internal/argument), which the assessor edits into their reasoning;
//   - the decision and the DPO's opinion are asked once the outcome is known,
//     after it is shown;
//   - "+" on any question asks for a note on its answer (evidence: a document
//     reference, a trial result, a link), then asks the question again; an
//     empty note removes it;
//   - a part already written (--answers, --resume, --edit) is offered as the
//     default, never replaced by a draft.

import (
	"fmt"
	"strings"

	"github.com/lia-project/lia/internal/argument"
	"github.com/lia-project/lia/internal/assessment"
	"github.com/lia-project/lia/internal/prompt"
	"github.com/lia-project/lia/internal/safetext"
)

var justificationHelp = map[string]string{
	"purpose": "Say in your own words why the interest is legitimate: what it is, who benefits and how, and why it is real, present and lawful. " +
		"The draft restates your answers; keep what is right, add what the answers cannot say (evidence, context), and remove the rest. " +
		"This text is quoted in the report (ICO sample LIA template: purpose test).",
	"necessity": "Say why the processing is necessary for the interest: why less data or a less intrusive way would not do, what you tried and why it fell short. " +
		"The draft restates your answers; edit it into your reasoning. (ICO sample LIA template: necessity test.)",
	"balancing": "Say why people's interests and rights do not override the interest, or why they do: the main risks, what people expect, and which safeguards carry the balance. " +
		"The draft restates your answers and the scores; edit it into your reasoning. (ICO sample LIA template: balancing test.)",
	"decision": "Record the decision, why, and what happens next: the actions before processing starts, who does them, and when the assessment is reviewed. " +
		"This is the ICO's \"Making the decision\"; lia sign requires it.",
}

// lastServing returns the index of the last section that serves test and
// applies to the answers, or -1.
func (w *wizard) lastServing(test string) int {
	last := -1
	for i, s := range w.q().Sections {
		if s.Serves == test && s.Applies(w.rec.Answers) {
			last = i
		}
	}
	return last
}

func (w *wizard) sectionIndex(s *assessment.Section) int {
	for i, x := range w.q().Sections {
		if x == s {
			return i
		}
	}
	return -1
}

// justifyDue asks the justification of each test whose sections are all
// done and that has none yet; next is the question about to be asked, nil at
// the end.
func (w *wizard) justifyDue(next *assessment.Question) error {
	for _, t := range argument.Tests {
		last := w.lastServing(t)
		if last < 0 || *w.rec.Justification.Part(t) != "" || w.justified[t] {
			continue
		}
		if next != nil && w.sectionIndex(next.Section) <= last {
			continue
		}
		if err := w.askJustification(t, ""); err != nil {
			return err
		}
	}
	return nil
}

// askJustification asks one part of the justification, with the text it has
// or else a draft built from the record as the default.
func (w *wizard) askJustification(part, intro string) error {
	if w.interrupted() {
		return prompt.ErrInterrupted
	}
	width := prompt.Width(w.term) - 1
	title := argument.Titles[part]
	fmt.Fprintf(w.term, "\n%s\n%s\n", title, strings.Repeat("-", len([]rune(title))))
	if intro != "" {
		fmt.Fprintln(w.term, wrap(intro, "", min(width, 78)))
	}
	def := *w.rec.Justification.Part(part)
	if def == "" {
		def = argument.Draft(w.rec, w.q(), part)
		fmt.Fprintln(w.term, wrap("lia has drafted this from your answers: edit it into your own reasoning.", "", min(width, 78)))
	}
	msg := map[string]string{
		"purpose":   "Your justification of the purpose test",
		"necessity": "Your justification of the necessity test",
		"balancing": "Your justification of the balancing test",
		"decision":  "Your decision: what you decide, why, and what happens next",
	}[part]
	s, err := w.p.Multiline(prompt.Prompt{Message: msg, Help: wrap(justificationHelp[part], "", 76)}, def, func(s string) error {
		if strings.TrimSpace(s) == "" {
			return fmt.Errorf("write at least a sentence; the report quotes it and lia sign needs the decision")
		}
		return nil
	})
	if err != nil {
		return err
	}
	*w.rec.Justification.Part(part) = s
	w.justified[part] = true
	return w.saveDraft()
}

// askNote asks for the note on qu's answer.
func (w *wizard) askNote(qu *assessment.Question) error {
	if w.interrupted() {
		return prompt.ErrInterrupted
	}
	def := w.rec.Notes[qu.ID]
	s, err := w.p.Multiline(prompt.Prompt{
		Message: "Note on this answer: the evidence for it (" + qu.ID + ")",
		Help: wrap("A document reference, a trial result, a link, or who confirmed it and when: what an auditor would ask for. "+
			"The note is kept in the record beside the answer, covered by signatures, and printed in the report. An empty note removes it.", "", 76),
	}, def, nil)
	if err != nil {
		return err
	}
	if strings.TrimSpace(s) == "" {
		delete(w.rec.Notes, qu.ID)
	} else {
		if w.rec.Notes == nil {
			w.rec.Notes = map[string]string{}
		}
		w.rec.Notes[qu.ID] = s
	}
	return w.saveDraft()
}

// decide shows the outcome the answers give, then asks for the decision and,
// when the DPO was consulted, their opinion.
func (w *wizard) decide() error {
	res := w.o.evaluate(w.rec)
	w.rec.Result = res
	defer func() { w.rec.Result = nil }() // written by finishRecord, from the answers then
	fmt.Fprintf(w.term, "\nThe outcome of your answers\n")
	writeDecision(w.term, res)
	intro := ""
	if w.edit && w.orig.Result != nil && w.orig.Result.Outcome != res.Outcome {
		intro = fmt.Sprintf("The outcome was %s and is now %s: review your decision.", safetext.Text(w.orig.Result.Outcome), res.Outcome)
	}
	if w.edit || w.rec.Justification.Decision == "" {
		if err := w.askJustification("decision", intro); err != nil {
			return err
		}
	}
	m := &w.rec.Metadata
	for _, f := range w.metaFields() {
		if !f.Late || !f.Applies(m) || (!w.edit && f.Text(m) != "") {
			continue
		}
		if err := w.askMeta(f); err != nil {
			return err
		}
	}
	return nil
}
