package interview

import (
	"errors"
	"fmt"
	"github.com/lia-project/lia/internal/safetext"
	"github.com/lia-project/lia/internal/textfmt"
	"sort"
	"strings"

	"github.com/lia-project/lia/internal/assessment"
	"github.com/lia-project/lia/internal/prompt"
)

// ---- sections ----

// sections walks the catalogue: it asks the next question that applies and is
// not answered, and offers a review when a section in which something was
// asked is finished.
func (w *wizard) sections() error {
	q := w.cat.Questionnaire
	var cur *assessment.Section
	askedInCur := false
	for {
		qu := q.Next(w.rec.Answers)
		if cur != nil && askedInCur && (qu == nil || qu.Section != cur) {
			if err := w.reviewSection(cur); err != nil {
				return err
			}
			askedInCur = false
			continue // a changed answer may have opened questions
		}
		// A test whose sections are done is justified before going on.
		if err := w.justifyDue(qu); err != nil {
			return err
		}
		if qu == nil {
			return nil
		}
		if qu.Section != cur {
			cur = qu.Section
			w.intro(qu)
		}
		if err := w.askQuestion(qu); err != nil {
			return err
		}
		askedInCur = true
	}
}

var servesText = map[string]string{
	"context":   "Serves: the context of all three tests.",
	"purpose":   "Serves: the purpose test (is the interest legitimate?).",
	"necessity": "Serves: the necessity test (is the processing necessary for it?).",
	"balancing": "Serves: the balancing test (do people's rights override it?).",
}

// intro presents a section the first time one of its questions is asked.
func (w *wizard) intro(first *assessment.Question) {
	s := first.Section
	if w.introduced[s] {
		return
	}
	w.introduced[s] = true
	p := w.cat.Questionnaire.ProgressAt(w.rec.Answers, first)
	title := fmt.Sprintf("Section %d/%d: %s", p.Section, p.Sections, s.Title)
	fmt.Fprintf(w.term, "\n%s\n%s\n", title, strings.Repeat("=", len([]rune(title))))
	if t := servesText[s.Serves]; t != "" {
		fmt.Fprintln(w.term, wrap(t, "", 78))
	}
	if s.Intro != "" {
		fmt.Fprintln(w.term, wrap(s.Intro, "", 78))
	}
}

// questionHelp is what "?" shows: what the question means, why it matters and
// where the rule comes from.
func questionHelp(qu *assessment.Question) string {
	h := wrap(qu.Help, "", 76)
	if qu.Reference != "" {
		h += "\n" + wrap("Reference: "+qu.Reference, "", 76)
	}
	return h
}

func questionPrompt(qu *assessment.Question) prompt.Prompt {
	msg := qu.Prompt
	switch {
	case qu.Unit != "":
		msg += " (number of " + qu.Unit + ")"
	case qu.Optional && qu.Type != assessment.TypeBool:
		msg += " (optional)"
	}
	return prompt.Prompt{Message: msg, Help: questionHelp(qu), Note: true}
}

func labels(qu *assessment.Question) []string {
	out := make([]string, len(qu.Values))
	for i, c := range qu.Values {
		out[i] = qu.Label(c.Value)
	}
	return out
}

func valueIndex(qu *assessment.Question, v string) int {
	for i, c := range qu.Values {
		if c.Value == v {
			return i
		}
	}
	return -1
}

// askQuestion shows the progress line, asks qu with its current or previous
// answer as default, records the answer and saves the draft.
func (w *wizard) askQuestion(qu *assessment.Question) error {
	if w.interrupted() {
		return prompt.ErrInterrupted
	}
	def, hasDef := w.rec.Answers[qu.ID]
	if !hasDef {
		def, hasDef = w.previous[qu.ID]
	}
	fmt.Fprintf(w.term, "\n%s\n", w.cat.Questionnaire.ProgressAt(w.rec.Answers, qu))
	for {
		v, err := w.askValue(qu, def, hasDef)
		if errors.Is(err, prompt.ErrNote) {
			// "+": the note first, then the question again.
			if err := w.askNote(qu); err != nil {
				return err
			}
			continue
		}
		if err != nil {
			return err
		}
		return w.set(qu, v)
	}
}

func (w *wizard) askValue(qu *assessment.Question, def assessment.Value, hasDef bool) (assessment.Value, error) {
	p := questionPrompt(qu)
	v := assessment.Value{Type: qu.Type}
	check := func(s string) error {
		_, err := assessment.ParseAnswer(qu, s)
		return err
	}
	defText := ""
	if hasDef {
		defText = assessment.FormatAnswer(def)
	}
	switch qu.Type {
	case assessment.TypeBool:
		var d *bool
		switch {
		case hasDef:
			d = ptr(def.Bool)
		case qu.Optional:
			// An optional yes/no question defaults to its cautious answer, no,
			// which is also what its absence means to the engine.
			d = ptr(false)
		}
		b, err := w.p.Confirm(p, d)
		v.Bool = b
		return v, err
	case assessment.TypeEnum:
		d := -1
		if hasDef {
			d = valueIndex(qu, def.Text)
		}
		i, err := w.p.Select(p, labels(qu), d)
		if err != nil {
			return v, err
		}
		v.Text = qu.Values[i].Value
		return v, nil
	case assessment.TypeMulti:
		var d []int
		if hasDef {
			for _, x := range def.List {
				if i := valueIndex(qu, x); i >= 0 {
					d = append(d, i)
				}
			}
		}
		idx, err := w.p.MultiSelect(p, labels(qu), d)
		if err != nil {
			return v, err
		}
		sort.Ints(idx)
		v.List = []string{}
		for _, i := range idx {
			v.List = append(v.List, qu.Values[i].Value)
		}
		return v, nil
	case assessment.TypeText:
		ask := w.p.Input
		if qu.Multiline {
			ask = w.p.Multiline
		}
		s, err := ask(p, defText, check)
		v.Text = s
		return v, err
	}
	s, err := w.p.Input(p, defText, check)
	if err != nil {
		return v, err
	}
	return assessment.ParseAnswer(qu, s)
}

// set records an answer. A changed answer can close branches: their answers
// are dropped, as the engine would ignore them, but kept as defaults.
func (w *wizard) set(qu *assessment.Question, v assessment.Value) error {
	w.rec.Answers[qu.ID] = v
	pruned := w.cat.Questionnaire.Prune(w.rec.Answers)
	var dropped []string
	for id, old := range w.rec.Answers {
		if _, ok := pruned[id]; !ok {
			w.previous[id] = old
			dropped = append(dropped, id)
		}
	}
	if len(dropped) > 0 {
		sort.Strings(dropped)
		fmt.Fprintln(w.term, "Note: with this answer these questions no longer apply; their answers are set aside and offered again if they apply later:")
		for _, id := range dropped {
			fmt.Fprintf(w.term, "  - %s (%s)\n", safetext.Line(w.q().Question(id).Prompt, 70), id)
		}
	}
	w.rec.Answers = pruned
	return w.saveDraft()
}

// ---- review ----

type reviewItem struct {
	label, value string
	change       func() error
}

func (w *wizard) reviewSection(s *assessment.Section) error {
	return w.review(s.Title, s, func() []reviewItem {
		var items []reviewItem
		for _, qu := range s.Questions {
			v, ok := w.rec.Answers[qu.ID]
			if !ok || !qu.Applies(w.rec.Answers) {
				continue
			}
			qu := qu
			value := displayValue(qu, v)
			if n := w.rec.Notes[qu.ID]; n != "" {
				value += "\nNote: " + n
			}
			items = append(items, reviewItem{label: qu.Prompt, value: value,
				change: func() error { return w.askQuestion(qu) }})
		}
		return items
	})
}

// review lists a section's answers and lets the user change them until they
// move on. The default is to move on, so it costs one key when all is well.
func (w *wizard) review(title string, sec *assessment.Section, items func() []reviewItem) error {
	for {
		list := items()
		if len(list) == 0 {
			return nil
		}
		fmt.Fprintf(w.term, "\nYour answers in \"%s\":\n", safetext.Text(title))
		width := prompt.Width(w.term) - 1
		for i, it := range list {
			fmt.Fprintf(w.term, "%3d. %s\n%s\n", i+1, strings.TrimPrefix(wrap(safetext.Text(it.label), "     ", width), "     "),
				wrapClip(safetext.Lines(it.value), "     ", width, 3))
		}
		change, err := w.confirm(prompt.Prompt{Message: "Change any of these answers before moving on?",
			Help: "Yes lets you pick an answer and give it again; questions that the new answer opens are asked next. No moves on."}, ptr(false))
		if err != nil || !change {
			return err
		}
		// The options are the questions as listed above, without their
		// numbers: the plain prompter numbers options itself.
		opts := make([]string, 0, len(list)+1)
		for _, it := range list {
			opts = append(opts, it.label)
		}
		opts = append(opts, "None, move on")
		i, err := w.p.Select(prompt.Prompt{Message: "Which answer do you want to change?"}, opts, -1)
		if err != nil {
			return err
		}
		if i == len(list) {
			return nil
		}
		if err := list[i].change(); err != nil {
			return err
		}
		// Questions the new answer opens in this section are asked now.
		for sec != nil {
			qu := w.cat.Questionnaire.Next(w.rec.Answers)
			if qu == nil || qu.Section != sec {
				break
			}
			if err := w.askQuestion(qu); err != nil {
				return err
			}
		}
	}
}

// displayValue shows an answer the way it was chosen: labels, not values.
func displayValue(qu *assessment.Question, v assessment.Value) string {
	switch qu.Type {
	case assessment.TypeEnum:
		return qu.Label(v.Text)
	case assessment.TypeMulti:
		if len(v.List) == 0 {
			return "(none)"
		}
		ls := make([]string, len(v.List))
		for i, x := range v.List {
			ls[i] = qu.Label(x)
		}
		return strings.Join(ls, "; ")
	case assessment.TypeText:
		return textfmt.OrNone(v.Text, noAnswer)
	}
	s := v.String()
	if qu.Unit != "" {
		s += " " + qu.Unit
	}
	return s
}
