package interview

// This file asks the metadata: who assessed what, when, under which law, and
// whether the DPO was consulted. The fields, their prompts, help, defaults
// and checks come from the description of the metadata (the metadata block
// of questionnaire.yaml, assessment.MetadataSpec); nothing here names a
// field. The rules it keeps:
//   - fields are asked in the description's interview order, each only while
//     it has no value; an optional field only right after a yes to the field
//     it depends on, so that an empty answer stays given, and a no clears it;
//   - what is typed passes the parser's own check (MetaField.ParseInput);
//   - without -o the record is named after its id field, and its draft moves
//     with it.

import (
	"fmt"
	"github.com/lia-project/lia/internal/textfmt"
	"strconv"
	"time"

	"github.com/lia-project/lia/internal/assessment"
	"github.com/lia-project/lia/internal/prompt"
)

// metaFields are the metadata fields in the order they are asked.
func (w *wizard) metaFields() []*assessment.MetaField { return w.q().Metadata.AskOrder() }

// metaPrompt is the question for f; an optional one says so.
func metaPrompt(f *assessment.MetaField) prompt.Prompt {
	msg := f.Prompt
	if f.Optional {
		msg += " (optional)"
	}
	return prompt.Prompt{Message: msg, Help: wrap(f.Help, "", 76)}
}

// metaDisplay shows a field's value the way it was chosen: labels, yes or no.
func metaDisplay(f *assessment.MetaField, m *assessment.Metadata) string {
	v := f.Text(m)
	switch {
	case v == "":
	case f.Type == assessment.MetaEnum:
		v = f.ValueLabel(v)
	case f.Type == assessment.MetaBool:
		v = textfmt.YesNo(v == "true")
	}
	return textfmt.OrNone(v, noAnswer)
}

// metadata asks the metadata the record lacks, then offers a review.
func (w *wizard) metadata() error {
	fields := w.metaFields()
	asked := false
	for i, f := range fields {
		if !w.metaPending(f) {
			continue
		}
		if !asked {
			fmt.Fprintf(w.term, "\nAbout this assessment\n%s\n", wrap("First, a few details that identify the assessment and who carried it out.", "", 78))
			asked = true
		}
		fmt.Fprintf(w.term, "\nAbout this assessment · detail %d of %d\n", i+1, len(fields))
		if err := w.askMeta(f); err != nil {
			return err
		}
	}
	if !asked {
		return nil
	}
	return w.reviewMeta()
}

// reviewMeta lists the metadata and lets the user change it.
func (w *wizard) reviewMeta() error {
	return w.review("About this assessment", nil, func() []reviewItem {
		var items []reviewItem
		for _, f := range w.metaFields() {
			if !f.Applies(&w.rec.Metadata) {
				continue
			}
			items = append(items, reviewItem{label: f.Prompt, value: metaDisplay(f, &w.rec.Metadata),
				change: func() error { return w.askMeta(f) }})
		}
		return items
	})
}

// metaPending reports whether a required metadata field is still to be
// asked. The optional ones (the DPO's name and opinion) are asked only right
// after a "yes" to consulting the DPO, so that an empty answer stays given.
func (w *wizard) metaPending(f *assessment.MetaField) bool {
	return !f.Optional && f.Text(&w.rec.Metadata) == ""
}

func (w *wizard) askMeta(f *assessment.MetaField) error {
	if w.interrupted() {
		return prompt.ErrInterrupted
	}
	m := &w.rec.Metadata
	def := f.Text(m)
	if def == "" {
		def = f.DefaultValue(m, w.o.Now().Format(time.DateOnly))
	}
	p := metaPrompt(f)
	var ans string
	switch f.Type {
	case assessment.MetaEnum:
		labels := make([]string, len(f.Values))
		d := -1
		for i, c := range f.Values {
			labels[i] = f.ValueLabel(c.Value)
			if c.Value == def {
				d = i
			}
		}
		i, err := w.p.Select(p, labels, d)
		if err != nil {
			return err
		}
		ans = f.Values[i].Value
	case assessment.MetaBool:
		var d *bool
		if def != "" {
			d = ptr(def == "true")
		}
		b, err := w.p.Confirm(p, d)
		if err != nil {
			return err
		}
		ans = strconv.FormatBool(b)
	default:
		s, err := w.p.Input(p, def, func(s string) error {
			_, err := f.ParseInput(m, s)
			return err
		})
		if err != nil {
			return err
		}
		if ans, err = f.ParseInput(m, s); err != nil {
			return err
		}
	}
	f.Set(m, ans)
	if f.Type == assessment.MetaID && (w.out == "" || w.outFromID) && w.out != ans+".lia.yaml" {
		// Without -o the record is named after its ID, and its draft moves with
		// it: the new draft is written before the old one is removed, so an
		// interrupt in between loses nothing.
		oldDraft, before := w.draft, w.rec
		w.out, w.draft, w.outFromID = "", "", true
		if err := w.setOut(ans + ".lia.yaml"); err != nil {
			return err
		}
		if w.rec != before {
			// The user chose to continue another interview saved under the new ID.
			if oldDraft != "" {
				fmt.Fprintf(w.term, "The answers given so far stay in %s.\n", oldDraft)
			}
		} else {
			if err := w.saveDraft(); err != nil {
				return err
			}
			if oldDraft != "" && oldDraft != w.draft {
				w.removeDraft(oldDraft)
			}
		}
	}
	// The fields that depend on this one are cleared by a no, and asked
	// right after a yes.
	for _, g := range w.metaFields() {
		switch {
		case g.When != f:
		case ans == "false":
			g.Set(m, "")
		case g.Text(m) == "" && !g.Late: // a late field is asked once the outcome is known (decide)
			if err := w.askMeta(g); err != nil {
				return err
			}
		}
	}
	return w.saveDraft()
}
