package interview

// This file holds the metadata questions: who assessed what, when, under which
// law, and whether the DPO was consulted. It is kept apart from the interview
// flow so that it can be derived from a description of the metadata as data.

import (
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/lia-project/lia/internal/assessment"
	"github.com/lia-project/lia/internal/prompt"
)

var metaIDRE = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*$`)

// metaField is one metadata question. kind is "text", "date", "jurisdiction" or "dpo".
type metaField struct {
	key, kind string
	prompt    prompt.Prompt
	optional  bool
	get       func(m *assessment.Metadata) string
	set       func(m *assessment.Metadata, s string)
	def       func(m *assessment.Metadata) string
	check     func(m *assessment.Metadata, s string) error
	applies   func(m *assessment.Metadata) bool
}

func (w *wizard) metaFields() []*metaField {
	today := w.o.Now().Format("2006-01-02")
	required := func(what string) func(*assessment.Metadata, string) error {
		return func(_ *assessment.Metadata, s string) error {
			if strings.TrimSpace(s) == "" {
				return fmt.Errorf("%s is needed", what)
			}
			return nil
		}
	}
	consulted := func(m *assessment.Metadata) bool { return m.DPO.Consulted != nil && *m.DPO.Consulted }
	return []*metaField{
		{key: "metadata.title", kind: "text",
			prompt: prompt.Prompt{Message: "Title of this assessment", Help: "A short name for the processing you assess, such as \"Card fraud detection model\". It heads the record and the report."},
			get:    func(m *assessment.Metadata) string { return m.Title }, set: func(m *assessment.Metadata, s string) { m.Title = s },
			check: required("a title")},
		{key: "metadata.id", kind: "text",
			prompt: prompt.Prompt{Message: "Record ID", Help: "A short name for the record: lowercase letters, digits and dashes. Unless you chose a file with -o, the record is written to <id>.lia.yaml."},
			get:    func(m *assessment.Metadata) string { return m.ID }, set: func(m *assessment.Metadata, s string) { m.ID = s },
			def: func(m *assessment.Metadata) string { return slug(m.Title) },
			check: func(_ *assessment.Metadata, s string) error {
				if !metaIDRE.MatchString(s) || len(s) > 128 {
					return fmt.Errorf("use lowercase letters, digits and dashes, starting with a letter or digit, such as card-fraud")
				}
				return nil
			}},
		{key: "metadata.controller", kind: "text",
			prompt: prompt.Prompt{Message: "Controller (the organisation responsible for the processing)", Help: "The legal entity that decides why and how the data is processed, as named in your records of processing, such as \"Example Payments SA\"."},
			get:    func(m *assessment.Metadata) string { return m.Controller }, set: func(m *assessment.Metadata, s string) { m.Controller = s },
			check: required("the controller's name")},
		{key: "metadata.assessor.name", kind: "text",
			prompt: prompt.Prompt{Message: "Your name (the person carrying out this assessment)", Help: "The assessor is accountable for the answers; the name appears on the record and the report."},
			get:    func(m *assessment.Metadata) string { return m.Assessor.Name }, set: func(m *assessment.Metadata, s string) { m.Assessor.Name = s },
			check: required("your name")},
		{key: "metadata.assessor.email", kind: "text",
			prompt: prompt.Prompt{Message: "Your email address", Help: "Where questions about this assessment can be sent."},
			get:    func(m *assessment.Metadata) string { return m.Assessor.Email }, set: func(m *assessment.Metadata, s string) { m.Assessor.Email = s },
			check: func(_ *assessment.Metadata, s string) error {
				if at := strings.Index(s, "@"); at < 1 || at == len(s)-1 || strings.ContainsAny(s, " \t") {
					return fmt.Errorf("enter an email address, such as ana@example.com")
				}
				return nil
			}},
		{key: "metadata.assessor.role", kind: "text",
			prompt: prompt.Prompt{Message: "Your role", Help: "Your position in the organisation, such as Privacy Officer, Legal Counsel or ML Lead."},
			get:    func(m *assessment.Metadata) string { return m.Assessor.Role }, set: func(m *assessment.Metadata, s string) { m.Assessor.Role = s },
			check: required("your role")},
		{key: "metadata.assessed_on", kind: "date",
			prompt: prompt.Prompt{Message: "Date of the assessment (YYYY-MM-DD)", Help: "The day the assessment is made; today unless you are recording an earlier one."},
			get:    func(m *assessment.Metadata) string { return m.AssessedOn }, set: func(m *assessment.Metadata, s string) { m.AssessedOn = s },
			def: func(*assessment.Metadata) string { return today },
			check: func(_ *assessment.Metadata, s string) error {
				_, err := assessment.ParseDate(s)
				return err
			}},
		{key: "metadata.review_by", kind: "date",
			prompt: prompt.Prompt{Message: "Review the assessment by (YYYY-MM-DD)", Help: "An assessment is not done once and for all: review it when the processing changes, and at the latest by this date. One year is a common choice; choose sooner for fast-moving AI projects."},
			get:    func(m *assessment.Metadata) string { return m.ReviewBy }, set: func(m *assessment.Metadata, s string) { m.ReviewBy = s },
			def: func(m *assessment.Metadata) string {
				t, err := time.Parse("2006-01-02", m.AssessedOn)
				if err != nil {
					return ""
				}
				return t.AddDate(1, 0, 0).Format("2006-01-02")
			},
			check: func(m *assessment.Metadata, s string) error {
				d, err := assessment.ParseDate(s)
				if err != nil {
					return err
				}
				if d < m.AssessedOn {
					return fmt.Errorf("the review date must not be before the assessment date %s", m.AssessedOn)
				}
				return nil
			}},
		{key: "metadata.jurisdiction", kind: "jurisdiction",
			prompt: prompt.Prompt{Message: "Which law applies?", Help: "The EU GDPR, or the UK GDPR with the Data Protection Act 2018. The tests are the same; the references and regulator guidance differ."},
			get:    func(m *assessment.Metadata) string { return m.Jurisdiction }, set: func(m *assessment.Metadata, s string) { m.Jurisdiction = s }},
		{key: "metadata.dpo.consulted", kind: "dpo",
			prompt: prompt.Prompt{Message: "Was the data protection officer (DPO) consulted?", Help: "Where you have a DPO, they should be involved in assessing processing of personal data (Art. 38(1) GDPR). Record their name and opinion next."},
			get: func(m *assessment.Metadata) string {
				if m.DPO.Consulted == nil {
					return ""
				}
				return prompt.YesNo(*m.DPO.Consulted)
			},
			set: func(m *assessment.Metadata, s string) { b := s == "yes"; m.DPO.Consulted = &b }},
		{key: "metadata.dpo.name", kind: "text", optional: true,
			prompt: prompt.Prompt{Message: "The DPO's name (optional)", Help: "Leave empty if you prefer not to name them."},
			get:    func(m *assessment.Metadata) string { return m.DPO.Name }, set: func(m *assessment.Metadata, s string) { m.DPO.Name = s },
			applies: consulted},
		{key: "metadata.dpo.opinion", kind: "text", optional: true,
			prompt: prompt.Prompt{Message: "The DPO's opinion, in a sentence (optional)", Help: "A short summary of the advice, such as \"Proportionate; keep retention at 18 months.\" Leave empty if none was given."},
			get:    func(m *assessment.Metadata) string { return m.DPO.Opinion }, set: func(m *assessment.Metadata, s string) { m.DPO.Opinion = s },
			applies: consulted},
	}
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
			if f.applies != nil && !f.applies(&w.rec.Metadata) {
				continue
			}
			f := f
			v := f.get(&w.rec.Metadata)
			if f.kind == "jurisdiction" {
				v = map[string]string{"eu": "EU GDPR", "uk": "UK GDPR"}[v]
			}
			items = append(items, reviewItem{label: strings.TrimSuffix(f.prompt.Message, " (optional)"), value: orNone(v),
				change: func() error { return w.askMeta(f) }})
		}
		return items
	})
}

// metaPending reports whether a required metadata field is still to be
// asked. The optional ones (the DPO's name and opinion) are asked only right
// after a "yes" to consulting the DPO, so that an empty answer stays given.
func (w *wizard) metaPending(f *metaField) bool {
	return !f.optional && f.get(&w.rec.Metadata) == ""
}

func (w *wizard) askMeta(f *metaField) error {
	if w.interrupted() {
		return prompt.ErrInterrupted
	}
	m := &w.rec.Metadata
	def := f.get(m)
	if def == "" && f.def != nil {
		def = f.def(m)
	}
	p := prompt.Prompt{Message: f.prompt.Message, Help: wrap(f.prompt.Help, "", 76)}
	var ans string
	switch f.kind {
	case "jurisdiction":
		d := -1
		switch def {
		case "eu":
			d = 0
		case "uk":
			d = 1
		}
		i, err := w.p.Select(p, []string{"EU GDPR", "UK GDPR"}, d)
		if err != nil {
			return err
		}
		ans = []string{"eu", "uk"}[i]
	case "dpo":
		var d *bool
		if def != "" {
			d = ptr(def == "yes")
		}
		b, err := w.p.Confirm(p, d)
		if err != nil {
			return err
		}
		ans = prompt.YesNo(b)
	default:
		var check func(string) error
		if f.check != nil {
			check = func(s string) error { return f.check(m, s) }
		}
		s, err := w.p.Input(p, def, check)
		if err != nil {
			return err
		}
		ans = s
	}
	f.set(m, ans)
	if f.key == "metadata.id" && (w.out == "" || w.outFromID) && w.out != ans+".lia.yaml" {
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
	if f.key == "metadata.dpo.consulted" && ans == "no" {
		m.DPO.Name, m.DPO.Opinion = "", ""
	}
	if f.key == "metadata.dpo.consulted" && ans == "yes" {
		for _, g := range w.metaFields() {
			// The opinion is asked once the outcome is known (decide).
			if g.optional && g.get(m) == "" && g.key != "metadata.dpo.opinion" {
				if err := w.askMeta(g); err != nil {
					return err
				}
			}
		}
	}
	return w.saveDraft()
}
