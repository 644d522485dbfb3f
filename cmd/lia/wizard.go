package main

// This file is the interview of lia assess on a terminal. The rules it keeps:
//   - metadata first, then the catalogue's sections in order; a question is asked
//     only when it applies (Question.Applies, the engine's own rule) and has no
//     answer yet, so --answers and --resume ask only what is missing;
//   - after every answer the draft OUT.draft is written atomically, so Ctrl-C or a
//     crash loses nothing; --resume continues from it; it is removed once the
//     record is written;
//   - at the end of each section the answers given in it can be reviewed and changed;
//   - intros, progress lines and prompts go to the terminal (stderr), the decision
//     to stdout;
//   - an existing record is replaced only with --force or an explicit yes;
//   - without a terminal nothing is asked: missing answers are listed (exit 2).

import (
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/lia-project/lia/internal/assessment"
	"go.yaml.in/yaml/v3"
)

// runInterview asks what the record does not answer yet, then writes it.
func runInterview(a *app, opts *assessOptions, rec *assessment.Record) error {
	cat, err := a.catalog()
	if err != nil {
		return err
	}
	w := &wizard{a: a, cat: cat, rec: rec, out: opts.output, force: opts.force,
		previous: assessment.Answers{}, introduced: map[*assessment.Section]bool{}}
	source := opts.answers
	if opts.resume {
		if opts.answers != "" {
			return usageErr("continue the interview with lia assess --resume -o OUT, or start from a file with --answers FILE",
				"--resume and --answers cannot be used together")
		}
		draft, out, err := findDraft(opts.output)
		if err != nil {
			return err
		}
		if w.rec, _, err = a.readRecord(draft); err != nil {
			return err
		}
		w.out, w.draft, w.resumed, source = out, draft, true, draft
	}
	prepareAnswers(a, cat, w.rec, source)
	if source != "" && a.io.InTTY && !opts.nonInteractive {
		given := len(w.rec.Answers) + len(assessment.MissingMetadata(assessment.Metadata{})) - len(assessment.MissingMetadata(w.rec.Metadata))
		verb := "Using the answers in"
		if opts.resume {
			verb = "Continuing the interview saved in"
		}
		if left := len(missingIDs(cat, w.rec)); left > 0 {
			fmt.Fprintf(a.io.Err, "%s %s: %d answered, about %d to go.\n", verb, source, given, left)
		} else {
			if cat.Questionnaire.Next(w.rec.Answers) != nil {
				fmt.Fprintf(a.io.Err, "%s %s: every required question is answered; a few optional ones follow.\n", verb, source)
			} else {
				fmt.Fprintf(a.io.Err, "%s %s: every question is answered.\n", verb, source)
			}
		}
	}

	if !a.io.InTTY || opts.nonInteractive {
		if missing := missingIDs(cat, w.rec); len(missing) > 0 {
			err := missingErr(cat, source, missing)
			var ee *exitError
			if errors.As(err, &ee) {
				ee.hint = "run lia assess --resume -o " + w.out + " in a terminal to be asked"
			}
			return err
		}
		return w.finish(opts)
	}

	// Survey reads Ctrl-C as a key; between prompts, and for line prompts, it
	// arrives as a signal, which must end the interview the same way.
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt)
	defer signal.Stop(sig)
	w.sig = sig
	w.p, w.term = newPrompter(a, opts.plain, sig)
	if opts.prompter != nil {
		w.p = opts.prompter
	}

	err = w.run(opts)
	if errors.Is(err, errInterrupted) {
		fmt.Fprintln(w.term)
		if w.draft != "" && fileExists(w.draft) {
			return &exitError{code: exitInterrupt, err: err,
				hint: fmt.Sprintf("your answers are saved in %s; continue with: lia assess --resume -o %s", w.draft, w.out)}
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
	a    *app
	cat  *assessment.Catalog
	p    Prompter
	term io.Writer // intros, progress and reviews
	sig  <-chan os.Signal
	rec  *assessment.Record

	out, draft string // the record and its draft; "" until the id is known
	resumed    bool
	force      bool
	outFromID  bool // out was derived from the ID, not given with -o

	// previous keeps answers dropped when a changed answer closed their branch,
	// to offer them again as defaults if it reopens.
	previous   assessment.Answers
	introduced map[*assessment.Section]bool
}

const welcome = `This interview takes you through the three tests of a Legitimate Interest
Assessment (Art. 6(1)(f) GDPR): purpose, necessity and balancing, in about %d
questions. Type ? on any question for help. Every answer is saved as you go:
press Ctrl-C to stop, and continue later with lia assess --resume.
`

func (w *wizard) run(opts *assessOptions) error {
	if first := w.q().Next(w.rec.Answers); first != nil && len(w.rec.Answers) == 0 {
		n := len(w.metaFields()) + w.q().ProgressAt(w.rec.Answers, first).Questions
		fmt.Fprintf(w.term, welcome, n/10*10)
	}
	if err := w.setOut(w.out); err != nil {
		return err
	}
	if err := w.metadata(); err != nil {
		return err
	}
	if err := w.sections(); err != nil {
		return err
	}
	return w.finish(opts)
}

// setOut fixes the record's path once it is known, offers an unfinished
// draft found there, and saves the first draft.
func (w *wizard) setOut(out string) error {
	if out == "" || w.draft != "" {
		return nil
	}
	w.out, w.draft = out, out+".draft"
	if !w.resumed && fileExists(w.draft) {
		cont, err := w.confirm(Prompt{Message: fmt.Sprintf("An unfinished interview is saved in %s. Continue it?", w.draft),
			Help: "Yes continues from the saved answers and asks only what is missing. No starts afresh and replaces the saved answers."}, ptr(true))
		if err != nil {
			return err
		}
		if cont {
			rec, _, err := w.a.readRecord(w.draft)
			if err != nil {
				return err
			}
			prepareAnswers(w.a, w.cat, rec, w.draft)
			w.rec, w.resumed = rec, true
		}
	}
	if !w.force && fileExists(w.out) {
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
	return w.a.writeFile(w.draft, data, 0o644, true)
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

func (w *wizard) confirm(p Prompt, def *bool) (bool, error) {
	if w.interrupted() {
		return false, errInterrupted
	}
	return w.p.Confirm(p, def)
}

// ---- metadata ----

var metaIDRE = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*$`)

// metaField is one metadata question. kind is "text", "date", "jurisdiction" or "dpo".
type metaField struct {
	key, kind string
	prompt    Prompt
	optional  bool
	get       func(m *assessment.Metadata) string
	set       func(m *assessment.Metadata, s string)
	def       func(m *assessment.Metadata) string
	check     func(m *assessment.Metadata, s string) error
	applies   func(m *assessment.Metadata) bool
}

func (w *wizard) metaFields() []*metaField {
	today := w.a.now().Format("2006-01-02")
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
			prompt: Prompt{"Title of this assessment", "A short name for the processing you assess, such as \"Card fraud detection model\". It heads the record and the report."},
			get:    func(m *assessment.Metadata) string { return m.Title }, set: func(m *assessment.Metadata, s string) { m.Title = s },
			check: required("a title")},
		{key: "metadata.id", kind: "text",
			prompt: Prompt{"Record ID", "A short name for the record: lowercase letters, digits and dashes. Unless you chose a file with -o, the record is written to <id>.lia.yaml."},
			get:    func(m *assessment.Metadata) string { return m.ID }, set: func(m *assessment.Metadata, s string) { m.ID = s },
			def: func(m *assessment.Metadata) string { return slug(m.Title) },
			check: func(_ *assessment.Metadata, s string) error {
				if !metaIDRE.MatchString(s) || len(s) > 128 {
					return fmt.Errorf("use lowercase letters, digits and dashes, starting with a letter or digit, such as card-fraud")
				}
				return nil
			}},
		{key: "metadata.controller", kind: "text",
			prompt: Prompt{"Controller (the organisation responsible for the processing)", "The legal entity that decides why and how the data is processed, as named in your records of processing, such as \"Example Payments SA\"."},
			get:    func(m *assessment.Metadata) string { return m.Controller }, set: func(m *assessment.Metadata, s string) { m.Controller = s },
			check: required("the controller's name")},
		{key: "metadata.assessor.name", kind: "text",
			prompt: Prompt{"Your name (the person carrying out this assessment)", "The assessor is accountable for the answers; the name appears on the record and the report."},
			get:    func(m *assessment.Metadata) string { return m.Assessor.Name }, set: func(m *assessment.Metadata, s string) { m.Assessor.Name = s },
			check: required("your name")},
		{key: "metadata.assessor.email", kind: "text",
			prompt: Prompt{"Your email address", "Where questions about this assessment can be sent."},
			get:    func(m *assessment.Metadata) string { return m.Assessor.Email }, set: func(m *assessment.Metadata, s string) { m.Assessor.Email = s },
			check: func(_ *assessment.Metadata, s string) error {
				if at := strings.Index(s, "@"); at < 1 || at == len(s)-1 || strings.ContainsAny(s, " \t") {
					return fmt.Errorf("enter an email address, such as ana@example.com")
				}
				return nil
			}},
		{key: "metadata.assessor.role", kind: "text",
			prompt: Prompt{"Your role", "Your position in the organisation, such as Privacy Officer, Legal Counsel or ML Lead."},
			get:    func(m *assessment.Metadata) string { return m.Assessor.Role }, set: func(m *assessment.Metadata, s string) { m.Assessor.Role = s },
			check: required("your role")},
		{key: "metadata.assessed_on", kind: "date",
			prompt: Prompt{"Date of the assessment (YYYY-MM-DD)", "The day the assessment is made; today unless you are recording an earlier one."},
			get:    func(m *assessment.Metadata) string { return m.AssessedOn }, set: func(m *assessment.Metadata, s string) { m.AssessedOn = s },
			def: func(*assessment.Metadata) string { return today },
			check: func(_ *assessment.Metadata, s string) error {
				_, err := assessment.ParseDate(s)
				return err
			}},
		{key: "metadata.review_by", kind: "date",
			prompt: Prompt{"Review the assessment by (YYYY-MM-DD)", "An assessment is not done once and for all: review it when the processing changes, and at the latest by this date. One year is a common choice; choose sooner for fast-moving AI projects."},
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
			prompt: Prompt{"Which law applies?", "The EU GDPR, or the UK GDPR with the Data Protection Act 2018. The tests are the same; the references and regulator guidance differ."},
			get:    func(m *assessment.Metadata) string { return m.Jurisdiction }, set: func(m *assessment.Metadata, s string) { m.Jurisdiction = s }},
		{key: "metadata.dpo.consulted", kind: "dpo",
			prompt: Prompt{"Was the data protection officer (DPO) consulted?", "Where you have a DPO, they should be involved in assessing processing of personal data (Art. 38(1) GDPR). Record their name and opinion next."},
			get: func(m *assessment.Metadata) string {
				if m.DPO.Consulted == nil {
					return ""
				}
				return yesNo(*m.DPO.Consulted)
			},
			set: func(m *assessment.Metadata, s string) { b := s == "yes"; m.DPO.Consulted = &b }},
		{key: "metadata.dpo.name", kind: "text", optional: true,
			prompt: Prompt{"The DPO's name (optional)", "Leave empty if you prefer not to name them."},
			get:    func(m *assessment.Metadata) string { return m.DPO.Name }, set: func(m *assessment.Metadata, s string) { m.DPO.Name = s },
			applies: consulted},
		{key: "metadata.dpo.opinion", kind: "text", optional: true,
			prompt: Prompt{"The DPO's opinion, in a sentence (optional)", "A short summary of the advice, such as \"Proportionate; keep retention at 18 months.\" Leave empty if none was given."},
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
	return w.review("About this assessment", nil, func() []reviewItem {
		var items []reviewItem
		for _, f := range fields {
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
		return errInterrupted
	}
	m := &w.rec.Metadata
	def := f.get(m)
	if def == "" && f.def != nil {
		def = f.def(m)
	}
	p := Prompt{Message: f.prompt.Message, Help: wrap(f.prompt.Help, "", 76)}
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
		ans = yesNo(b)
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
				if err := os.Remove(oldDraft); err != nil && !errors.Is(err, os.ErrNotExist) {
					w.a.warnf("could not remove the draft %s: %v", oldDraft, unwrapPathErr(err))
				}
			}
		}
	}
	if f.key == "metadata.dpo.consulted" && ans == "no" {
		m.DPO.Name, m.DPO.Opinion = "", ""
	}
	if f.key == "metadata.dpo.consulted" && ans == "yes" {
		for _, g := range w.metaFields() {
			if g.optional && g.get(m) == "" {
				if err := w.askMeta(g); err != nil {
					return err
				}
			}
		}
	}
	return w.saveDraft()
}

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

func questionPrompt(qu *assessment.Question) Prompt {
	msg := qu.Prompt
	switch {
	case qu.Unit != "":
		msg += " (number of " + qu.Unit + ")"
	case qu.Optional && qu.Type != assessment.TypeBool:
		msg += " (optional)"
	}
	return Prompt{Message: msg, Help: questionHelp(qu)}
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
		return errInterrupted
	}
	def, hasDef := w.rec.Answers[qu.ID]
	if !hasDef {
		def, hasDef = w.previous[qu.ID]
	}
	fmt.Fprintf(w.term, "\n%s\n", w.cat.Questionnaire.ProgressAt(w.rec.Answers, qu))
	v, err := w.askValue(qu, def, hasDef)
	if err != nil {
		return err
	}
	return w.set(qu, v)
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
			fmt.Fprintf(w.term, "  - %s (%s)\n", clipLine(w.q().Question(id).Prompt, 70), id)
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
			items = append(items, reviewItem{label: qu.Prompt, value: displayValue(qu, v),
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
		fmt.Fprintf(w.term, "\nYour answers in %q:\n", title)
		for i, it := range list {
			fmt.Fprintf(w.term, "%3d. %s\n     %s\n", i+1, clipLine(it.label, 74), clipLine(it.value, 74))
		}
		change, err := w.confirm(Prompt{Message: "Change any of these answers before moving on?",
			Help: "Yes lets you pick an answer and give it again; questions that the new answer opens are asked next. No moves on."}, ptr(false))
		if err != nil || !change {
			return err
		}
		opts := make([]string, 0, len(list)+1)
		for i, it := range list {
			opts = append(opts, fmt.Sprintf("%d. %s", i+1, clipLine(it.label, 64)))
		}
		opts = append(opts, "None, move on")
		i, err := w.p.Select(Prompt{Message: "Which answer do you want to change?"}, opts, -1)
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
		return orNone(v.Text)
	}
	s := v.String()
	if qu.Unit != "" {
		s += " " + qu.Unit
	}
	return s
}

func orNone(s string) string {
	if strings.TrimSpace(s) == "" {
		return "(no answer)"
	}
	return s
}

// clipLine returns s on one line, clipped to n characters.
func clipLine(s string, n int) string {
	r := []rune(strings.Join(strings.Fields(s), " "))
	if len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return string(r)
}

// ---- end ----

// finish writes the record, after asking before replacing one, prints the
// decision and removes the draft.
func (w *wizard) finish(opts *assessOptions) error {
	out := w.out
	if out == "" {
		out = w.rec.Metadata.ID + ".lia.yaml"
	}
	force := opts.force
	if !force && fileExists(out) && w.p != nil {
		ok, err := w.confirm(Prompt{Message: out + " already exists. Replace it with this assessment?",
			Help: "No keeps the existing file; your answers stay in the draft."}, ptr(false))
		if err != nil {
			return err
		}
		if !ok {
			return failErr("your answers are kept in "+w.draft+"; write them elsewhere with: lia assess --answers "+w.draft+" -o OTHER.lia.yaml",
				fmt.Errorf("%s already exists; not replaced", out))
		}
		force = true
	}
	if w.term != nil {
		fmt.Fprintln(w.term)
	}
	o := *opts
	o.output, o.force = out, force
	if err := finishRecord(w.a, w.cat, w.rec, &o); err != nil {
		return err
	}
	if w.term != nil {
		fmt.Fprintf(w.term, "\nThe assessment is written to %s.\n", out)
	}
	if w.draft != "" {
		if err := os.Remove(w.draft); err != nil && !errors.Is(err, os.ErrNotExist) {
			w.a.warnf("could not remove the draft %s: %v", w.draft, unwrapPathErr(err))
		}
	}
	return nil
}
