package report

import (
	"fmt"
	"github.com/lia-project/lia/internal/textfmt"
	"sort"
	"strconv"
	"strings"

	"github.com/lia-project/lia/internal/argument"
	"github.com/lia-project/lia/internal/assessment"
	"github.com/lia-project/lia/internal/trust"
)

// outcomeMeaning says in one sentence what an outcome allows.
var outcomeMeaning = map[string]string{
	assessment.OutcomePass:        "Legitimate interest is a defensible legal basis for this processing as designed.",
	assessment.OutcomeConditional: "Legitimate interest can be relied on only once the listed actions are done.",
	assessment.OutcomeFail:        "Legitimate interest cannot be relied on as designed: another legal basis, or a redesign, is needed.",
	outcomeIncomplete:             "Questions that apply are not answered, so there is no outcome yet. The tests below are provisional.",
}

// outcomeIncomplete stands in for the outcome of a record with unanswered
// questions: the engine's result for it would look final but is not.
const outcomeIncomplete = "incomplete"

// testInfo names the three tests of Art. 6(1)(f) and the DPIA screening.
var testInfo = []struct{ id, name, question string }{
	{"purpose", "Purpose test", "Is there a legitimate interest?"},
	{"necessity", "Necessity test", "Is the processing necessary for that interest?"},
	{"balancing", "Balancing test", "Do the individuals' interests or rights override it?"},
}

func testName(id string) string {
	for _, t := range testInfo {
		if t.id == id {
			return t.name
		}
	}
	if id == "dpia" {
		return "DPIA screening"
	}
	return id
}

func (d *doc) testStatus(id string) assessment.TestResult {
	switch id {
	case "purpose":
		return d.res.Tests.Purpose
	case "necessity":
		return d.res.Tests.Necessity
	}
	return d.res.Tests.Balancing
}

func num(x float64) string { return strconv.FormatFloat(x, 'f', 2, 64) }

func pct(x float64) string { return strconv.FormatFloat(x*100, 'f', 0, 64) + "%" }

func (d *doc) cover() {
	p := d.pdf
	p.AddPage()
	m := d.rec.Metadata
	law := "Art. 6(1)(f) GDPR"
	if m.Jurisdiction == "uk" {
		law = "Art. 6(1)(f) UK GDPR"
	}
	p.SetY(28)
	d.font("B", 9)
	d.textColor(colAccent)
	p.CellFormat(bodyW, 5, "LEGITIMATE INTEREST ASSESSMENT · "+law, "", 1, "L", false, 0, "")
	p.Ln(3)
	title := d.c.text(m.Title, maxText, false)
	if title == "" {
		title = "(untitled assessment)"
	}
	d.para(title, 0, "B", 20, colText)
	p.Ln(2)
	controller := d.c.text(m.Controller, maxText, false)
	if controller == "" {
		controller = "(controller not named)"
	}
	d.para("Controller: "+controller, 0, "", 12, colText)
	p.Ln(6)

	// The outcome box: the one thing a reader must not miss.
	meaning := outcomeMeaning[d.outcome]
	d.font("", 10)
	ml := d.lines(meaning, bodyW-12)
	boxH := 22 + times(len(ml), lineH(10))
	d.need(boxH + 4)
	y := p.GetY()
	d.fillColor(statusColor(d.outcome))
	p.Rect(marginL, y, bodyW, boxH, "F")
	d.textColor(rgb{255, 255, 255})
	d.font("B", 8)
	p.SetXY(marginL+6, y+4)
	label := "OUTCOME"
	if d.in.Draft {
		// A draft's stored result may differ; say which one is shown.
		label = "OUTCOME AS THE RULES COMPUTE IT FROM THE ANSWERS"
	}
	p.CellFormat(bodyW-12, 4, label, "", 1, "L", false, 0, "")
	d.font("B", 26)
	p.SetX(marginL + 6)
	p.CellFormat(bodyW-12, 11, strings.ToUpper(d.outcome), "", 1, "L", false, 0, "")
	d.font("", 10)
	for _, l := range ml {
		p.SetX(marginL + 6)
		p.CellFormat(bodyW-12, lineH(10), l, "", 1, "L", false, 0, "")
	}
	p.SetY(y + boxH + 5)

	if d.in.Draft {
		d.draftBox()
	}

	var rows []kvRow
	rows = append(rows,
		kvRow{"Assessed on", textfmt.OrNone(m.AssessedOn, notGiven), maxLine},
		kvRow{"Review by", textfmt.OrNone(m.ReviewBy, notGiven), maxLine},
		kvRow{"Jurisdiction", jurisdiction(m.Jurisdiction), maxLine},
		kvRow{"Assessor", person(m.Assessor), maxText},
		kvRow{"DPO", dpo(m.DPO), maxText},
		kvRow{"Signed by", signers(d.rec.Signatures), maxText},
		// The record's ID, not a file name: the report is rendered from the
		// record alone, so it cannot know what the file was called.
		kvRow{"Record ID", d.id + " (the record is attached to this PDF as " + AttachmentName(d.rec) + ")", maxText},
		kvRow{"Engine", "lia " + d.res.Engine.Version + ", scoring rules " + d.res.Engine.Scoring, maxLine},
	)
	// Rules that are not lia's own are named by their digest too (lia rules
	// check DIR prints it); lia's own are named by their version alone.
	if dg := d.res.Engine.Digest; dg != "" {
		// The 64 hex digits fit a line of their own; with the prefix they would wrap.
		hexDigits, _ := strings.CutPrefix(dg, "sha256:")
		rows = append(rows, kvRow{"Rules", "an organisation's own rules, version " + d.res.Engine.Scoring + ", digest sha256:\n" + hexDigits, maxLine})
	}
	d.kv(rows, 34, 9.5)
	d.about()
}

// about closes the cover with where the report comes from and how far it goes.
func (d *doc) about() {
	text := "This report was rendered by lia from the record embedded in it as a file attachment. " +
		"The same record always renders to the same bytes, so anyone can check that the report and the record agree (lia verify). " +
		"lia supports an assessment; it is not legal advice."
	d.font("", 8)
	ls := d.lines(text, bodyW)
	y := d.bottom() - times(len(ls), lineH(8)) - 1
	if d.pdf.GetY()+4 > y {
		d.pdf.Ln(4)
	} else {
		d.pdf.SetY(y)
	}
	d.para(text, 0, "", 8, colMuted)
}

func (d *doc) draftBox() {
	p := d.pdf
	reasons := d.in.DraftReasons
	if len(reasons) == 0 {
		reasons = []string{"rendered with --draft"}
	}
	const shown = 6
	text := "DRAFT: this report is not a final record of the assessment."
	for i, r := range reasons {
		if i == shown {
			text += fmt.Sprintf("\n• and %d more; lia validate lists them all.", len(reasons)-shown)
			break
		}
		text += "\n• " + d.c.text(r, maxLine, false)
	}
	d.font("", 9.5)
	ls := d.lines(text, bodyW-8)
	h := times(len(ls), lineH(9.5)) + 4
	d.need(h + 4)
	y := p.GetY()
	d.drawColor(colDraft)
	p.SetLineWidth(0.6)
	p.Rect(marginL, y, bodyW, h, "D")
	d.textColor(colDraft)
	for i, l := range ls {
		p.SetXY(marginL+4, y+2+times(i, lineH(9.5)))
		if i == 0 {
			d.font("B", 9.5)
		} else {
			d.font("", 9.5)
		}
		p.CellFormat(bodyW-8, lineH(9.5), l, "", 0, "L", false, 0, "")
	}
	p.SetXY(marginL, y+h+5)
}

// notGiven stands for an empty value in the report.
const notGiven = "(not given)"

func jurisdiction(j string) string {
	switch j {
	case "eu":
		return "European Union (GDPR)"
	case "uk":
		return "United Kingdom (UK GDPR)"
	}
	return textfmt.OrNone(j, notGiven)
}

func person(a assessment.Person) string {
	s := textfmt.OrNone(a.Name, notGiven)
	if a.Role != "" {
		s += ", " + a.Role
	}
	if a.Email != "" {
		s += " <" + a.Email + ">"
	}
	return s
}

func dpo(o assessment.DPO) string {
	var s string
	switch {
	case o.Consulted == nil:
		s = "consultation not recorded"
	case *o.Consulted:
		s = "consulted"
	default:
		s = "not consulted"
	}
	if o.Name != "" {
		s = o.Name + " (" + s + ")"
	}
	if o.Opinion != "" {
		s += "\nOpinion: " + o.Opinion
	}
	return s
}

func signers(sigs []assessment.Signature) string {
	if len(sigs) == 0 {
		return "Not signed."
	}
	var b strings.Builder
	for i, s := range sigs {
		if i > 0 {
			b.WriteByte('\n')
		}
		fmt.Fprintf(&b, "%s (%s), %s", textfmt.OrNone(s.Signer, notGiven), textfmt.OrNone(s.Role, notGiven), textfmt.OrNone(s.SignedAt, notGiven))
	}
	b.WriteString("\nNot verified by this report; see Signatures.")
	return b.String()
}

func (d *doc) summary() {
	p := d.pdf
	d.heading("Summary")
	d.para("Outcome: "+strings.ToUpper(d.outcome)+". "+outcomeMeaning[d.outcome], 0, "B", 10.5, colText)
	p.Ln(3)
	var keys int
	for _, f := range d.res.Findings {
		if f.Severity == assessment.SeverityBlocker || f.Severity == assessment.SeverityMajor {
			keys++
		}
	}
	compact := keys > summaryFullMessages
	for i, t := range testInfo {
		tr := d.testStatus(t.id)
		d.testBlock(fmt.Sprintf("%d. %s", i+1, t.name), t.question, tr.Status, tr.Reason, t.id, compact)
	}
	// The DPIA screening can hold the outcome at conditional on its own, so it
	// is summarised with the tests.
	dp := d.res.DPIA
	status := assessment.OutcomePass
	reason := fmt.Sprintf("%d of the WP248 criteria met; a DPIA is not required.", len(dp.Criteria))
	if dp.Required {
		reason = fmt.Sprintf("%d WP248 criteria met: a DPIA is required.", len(dp.Criteria))
		for _, f := range d.res.Findings {
			if f.Test == "dpia" && f.Severity != assessment.SeverityInfo && f.Severity != assessment.SeverityMinor {
				status = assessment.OutcomeConditional
			}
		}
		if status == assessment.OutcomePass {
			reason += " It has been completed."
		}
	}
	if len(dp.Criteria) > 0 {
		reason += " Criteria: " + d.criteriaList() + "."
	}
	d.testBlock("DPIA screening", "Is a data protection impact assessment needed, and done?", status, reason, "dpia", compact)
	d.decision()

	// The scores and the line after them stay together.
	d.subheading("Scores", 45)
	s := d.res.Scores
	ratio := "n/a (no interest weight)"
	if s.InterestWeight > 0 {
		ratio = num(d.in.Eval.Ratio)
	}
	b := d.in.Catalog.Rules.Balancing
	d.kv([]kvRow{
		{"Interest weight", num(s.InterestWeight), 0},
		{"Inherent risk", num(s.InherentRisk), 0},
		{"Mitigation", pct(s.Mitigation) + " of the inherent risk removed by safeguards", 0},
		{"Residual risk", num(s.ResidualRisk), 0},
		{"Residual / interest", ratio + fmt.Sprintf(" (passes at %s or less; conditional up to %s)", num(b.PassAtMost), num(b.ConditionalAtMost)), 0},
	}, 45, 9.5)
	var minor int
	for _, f := range d.res.Findings {
		if f.Severity == assessment.SeverityMinor || f.Severity == assessment.SeverityInfo {
			minor++
		}
	}
	p.Ln(2)
	note := fmt.Sprintf("%s in all (%d minor or for information); see Findings for their legal references and the answers behind them.", textfmt.Plural(len(d.res.Findings), "finding"), minor)
	d.para(note, 0, "", 8.5, colMuted)
}

// testBlock draws one test with its status and the blocker and major
// findings that decided it.
// summaryFullMessages is how many blocker and major findings the summary
// shows in full; with more, each gets one line so the summary stays on one
// page (the Findings section has them all in full).
var summaryFullMessages = 10

func (d *doc) testBlock(name, question, status, reason, test string, compact bool) {
	p := d.pdf
	var keys []assessment.Finding
	for _, f := range d.res.Findings {
		if f.Test == test && (f.Severity == assessment.SeverityBlocker || f.Severity == assessment.SeverityMajor) {
			keys = append(keys, f)
		}
	}
	d.need(22)
	y := p.GetY()
	d.font("B", 11)
	d.textColor(colText)
	p.CellFormat(bodyW-32, 6, name, "", 0, "L", false, 0, "")
	p.SetXY(marginL+bodyW-30, y+0.5)
	d.statusBadge(status, 30)
	p.SetXY(marginL, y+6)
	d.para(question, 0, "", 9, colMuted)
	d.para(reason, 0, "", 9.5, colText)
	if test != "dpia" {
		// The case in full sentences: what the answers say, then the
		// assessor's reasoning in their own words.
		if facts := argument.Facts(d.rec.Answers, d.in.Catalog.Questionnaire, d.res, test); len(facts) > 0 {
			p.Ln(1)
			d.para(strings.Join(facts, " "), 0, "", 9.5, colText)
		}
		p.Ln(1)
		if j := *d.rec.Justification.Part(test); j != "" {
			d.quote("In the assessor's words", j)
		} else {
			d.para("The record gives no justification of this test in the assessor's words.", 0, "", 9, colMuted)
		}
	}
	for _, f := range keys {
		p.Ln(0.8)
		d.need(10)
		y := p.GetY()
		p.SetX(marginL + 4)
		d.badge(strings.ToUpper(f.Severity), severityColor(f.Severity), 6.5)
		p.SetY(y)
		if compact {
			d.font("", 9)
			d.textColor(colText)
			p.SetX(marginL + 22)
			p.CellFormat(bodyW-22, lineH(9), d.fit(d.c.clean(f.Message, false), bodyW-24), "", 1, "L", false, 0, "")
			continue
		}
		d.para(f.Message, 22, "", 9, colText)
	}
	p.Ln(2)
	d.drawColor(colRule)
	p.SetLineWidth(0.2)
	p.Line(marginL, p.GetY(), marginL+bodyW, p.GetY())
	p.Ln(3)
}

// decision states the decision: the assessor's words, the DPO's opinion,
// what must happen first, and when the assessment is reviewed.
func (d *doc) decision() {
	p := d.pdf
	d.subheading("The decision", 30)
	if j := d.rec.Justification.Decision; j != "" {
		d.quote("In the assessor's words", j)
	} else {
		d.para("The record gives no decision in the assessor's words (justification.decision); lia sign does not sign such a record.", 0, "", 9.5, colFail)
	}
	if o := d.rec.Metadata.DPO; o.Consulted != nil && *o.Consulted && o.Opinion != "" {
		p.Ln(1)
		who := "the DPO"
		if o.Name != "" {
			who = o.Name + " (DPO)"
		}
		d.quote("The opinion of "+who, o.Opinion)
	}
	p.Ln(1)
	next := "Next review: by " + textfmt.OrNone(d.rec.Metadata.ReviewBy, notGiven) + ", or sooner if the processing changes."
	if n := len(d.res.Actions); n > 0 {
		next = fmt.Sprintf("%s before processing may start (see Actions). %s", textfmt.Plural(n, "action"), next)
	}
	d.para(next, 0, "", 9.5, colText)
	p.Ln(2)
	d.drawColor(colRule)
	p.SetLineWidth(0.2)
	p.Line(marginL, p.GetY(), marginL+bodyW, p.GetY())
	p.Ln(3)
}

// quote draws the assessor's own words under a small title, beside a rule,
// line by line so that it runs on across pages.
func (d *doc) quote(title, text string) {
	p := d.pdf
	h := lineH(9.5)
	d.need(lineH(8.5) + 2*h)
	d.para(title, 0, "B", 8.5, colMuted)
	d.font("", 9.5)
	for _, l := range d.lines(d.c.text(text, maxText, true), bodyW-6) {
		d.need(h)
		y := p.GetY()
		d.drawColor(colAccent)
		p.SetLineWidth(0.6)
		p.Line(marginL+1.5, y+0.3, marginL+1.5, y+h-0.3)
		d.font("", 9.5)
		d.textColor(colText)
		p.SetX(marginL + 5)
		p.CellFormat(bodyW-5, h, l, "", 1, "L", false, 0, "")
	}
}

// statusBadge draws a status right-aligned in a box of width w.
func (d *doc) statusBadge(status string, w float64) {
	label := map[string]string{
		assessment.OutcomePass:        "MET",
		assessment.OutcomeConditional: "CONDITIONAL",
		assessment.OutcomeFail:        "NOT MET",
	}[status]
	d.font("B", 8)
	d.fillColor(statusColor(status))
	d.textColor(rgb{255, 255, 255})
	d.pdf.CellFormat(w, 5, label, "", 0, "C", true, 0, "")
}

func (d *doc) answers() {
	d.heading("Answers")
	a := d.rec.Answers
	intro := "Each section's introduction and questions as lia showed them, with the answers recorded and the notes that give their evidence. Questions that did not apply, given earlier answers, are left out. The identifier after each answer is the question's ID in the record; findings that rely on an answer are named beside it."
	var skipped []string
	for _, s := range d.in.Catalog.Questionnaire.Sections {
		if !s.Applies(a) {
			skipped = append(skipped, s.Title)
		}
	}
	if len(skipped) > 0 {
		intro += " Sections that did not apply, and were not asked: " + strings.Join(skipped, "; ") + "."
	}
	d.para(intro, 0, "", 9, colMuted)
	cited := map[string][]string{}
	for _, f := range d.res.Findings {
		for _, id := range f.Answers {
			cited[id] = append(cited[id], f.ID)
		}
	}
	// Sections are numbered as the interview numbers them: those that apply.
	sections := d.in.Catalog.Questionnaire.Sections
	n := 0
	for i, s := range sections {
		if !s.Applies(a) {
			continue
		}
		n++
		title := fmt.Sprintf("%d. %s", n, s.Title)
		// Keep the title and intro with the first question.
		d.font("", 8)
		d.subheading(title, times(len(d.lines(d.c.clean(s.Intro, true), bodyW)), lineH(8))+20)
		if s.Intro != "" {
			// The wizard opens each section with its intro; it frames the answers.
			d.para(s.Intro, 0, "", 8, colMuted)
			d.pdf.Ln(1.5)
		}
		for _, q := range s.Questions {
			v, answered := a[q.ID]
			applies := q.Applies(a)
			if !applies && !answered {
				continue
			}
			ans, ansStyle, ansCol := "(not answered)", "B", colFail
			switch {
			case !answered && q.Optional:
				ans, ansStyle, ansCol = "(no answer; optional)", "", colMuted
			case answered:
				ans, ansStyle, ansCol = d.c.text(answerText(q, v), maxText, true), "", colAccent
			}
			meta := q.ID
			if !applies {
				meta += " · does not apply given the other answers; ignored by the engine"
			}
			if ids := cited[q.ID]; len(ids) > 0 {
				meta += " · cited by " + strings.Join(ids, ", ")
			}
			// Keep a question with its answer, unless the answer alone runs
			// for pages.
			d.font("B", 9.5)
			h := times(len(d.lines(d.c.clean(q.Prompt, true), bodyW)), lineH(9.5)) + lineH(7) + 1.5
			d.font(ansStyle, 9.5)
			h += times(len(d.lines(ans, bodyW-5)), lineH(9.5))
			if h < 80 && d.pdf.GetY()+h > d.bottom() {
				d.pdf.AddPage()
				d.subheading(title+" (continued)", h)
			}
			d.para(q.Prompt, 0, "B", 9.5, colText)
			d.para(ans, 5, ansStyle, 9.5, ansCol)
			if note := d.rec.Notes[q.ID]; note != "" {
				// The evidence the assessor gave for this answer, beside it.
				d.para("Note: "+d.c.text(note, maxText, true), 5, "", 9, colText)
			}
			d.para(meta, 5, "", 7, colMuted)
			d.pdf.Ln(1.5)
		}
		// A test's justification closes the last section that serves it.
		for _, t := range argument.Tests {
			if j := *d.rec.Justification.Part(t); j != "" && lastServing(sections, a, t) == i {
				d.pdf.Ln(1)
				d.quote("The assessor's justification of the "+t+" test", j)
				d.pdf.Ln(1.5)
			}
		}
	}
}

// lastServing is the index of the last section serving test that applies.
func lastServing(sections []*assessment.Section, a assessment.Answers, test string) int {
	last := -1
	for i, s := range sections {
		if s.Serves == test && s.Applies(a) {
			last = i
		}
	}
	return last
}

// answerText formats an answer the way the wizard offered it: labels for
// choices, units for numbers.
func answerText(q *assessment.Question, v assessment.Value) string {
	switch v.Type {
	case assessment.TypeEnum:
		return q.Label(v.Text)
	case assessment.TypeMulti:
		if len(v.List) == 0 {
			return "(none)"
		}
		ls := make([]string, len(v.List))
		for i, x := range v.List {
			ls[i] = "• " + q.Label(x)
		}
		return strings.Join(ls, "\n")
	case assessment.TypeBool:
		if v.Bool {
			return "Yes"
		}
		return "No"
	case assessment.TypeInt, assessment.TypeNumber:
		s := v.String()
		if v.Type == assessment.TypeInt {
			s = groupDigits(v.Int)
		}
		if q.Unit != "" {
			s += " " + q.Unit
		}
		return s
	}
	return v.String()
}

var severityRank = map[string]int{
	assessment.SeverityBlocker: 0,
	assessment.SeverityMajor:   1,
	assessment.SeverityMinor:   2,
	assessment.SeverityInfo:    3,
}

func (d *doc) findings() {
	p := d.pdf
	d.part("Findings", 90)
	fs := append([]assessment.Finding(nil), d.res.Findings...)
	// Most serious first; the engine's order within a severity.
	sort.SliceStable(fs, func(i, j int) bool { return severityRank[fs[i].Severity] < severityRank[fs[j].Severity] })
	if len(fs) == 0 {
		d.para("The engine raised no findings.", 0, "", 10, colText)
		return
	}
	d.para("A blocker fails its test; a major finding makes it conditional until its action is done; minor and information findings do not change the outcome.", 0, "", 9, colMuted)
	p.Ln(2)
	for _, f := range fs {
		d.need(24)
		y := p.GetY()
		w := d.badge(strings.ToUpper(f.Severity), severityColor(f.Severity), 7.5)
		p.SetXY(marginL+w+2, y)
		d.font("B", 10)
		d.textColor(colText)
		p.CellFormat(bodyW-w-2, lineH(7.5)+0.6, f.ID+" · "+testName(f.Test), "", 1, "L", false, 0, "")
		p.Ln(1)
		d.para(f.Message, 0, "", 9.5, colText)
		d.para("Reference: "+f.Reference, 0, "", 8.5, colAccent)
		if len(f.Answers) > 0 {
			d.para("Based on: "+strings.Join(f.Answers, ", "), 0, "", 8, colMuted)
		}
		p.Ln(1.5)
		d.drawColor(colRule)
		p.SetLineWidth(0.2)
		p.Line(marginL, p.GetY(), marginL+bodyW, p.GetY())
		p.Ln(3)
	}
}

func (d *doc) dpia() {
	p := d.pdf
	d.part("DPIA screening", 120)
	q := d.in.Catalog.Questionnaire.Question("dpia.criteria")
	dp := d.res.DPIA
	ticked := map[string]bool{}
	if v, ok := d.rec.Answers["dpia.criteria"]; ok {
		for _, c := range v.List {
			ticked[c] = true
		}
	}
	derived := map[string]bool{}
	for _, c := range dp.Derived {
		derived[c] = true
	}
	d.para("The nine criteria of the WP248 guidelines. A criterion counts when the assessor ticked it or when lia derived it from other answers.", 0, "", 9, colMuted)
	p.Ln(2)
	cols := []float64{bodyW - 60, 20, 20, 20}
	head := []string{"Criterion", "Ticked", "Derived", "Counts"}
	d.font("B", 8.5)
	d.fillColor(colShade)
	d.textColor(colText)
	d.drawColor(colRule)
	p.SetLineWidth(0.2)
	for i, h := range head {
		p.CellFormat(cols[i], 6, h, "", 0, "L", true, 0, "")
	}
	p.Ln(6)
	if q != nil {
		for _, c := range q.Values {
			counts := ticked[c.Value] || derived[c.Value]
			d.font("", 9)
			d.textColor(colText)
			if counts {
				d.font("B", 9)
			}
			p.CellFormat(cols[0], 6, d.c.text(c.Label, maxLine, false), "B", 0, "L", false, 0, "")
			d.font("", 9)
			p.CellFormat(cols[1], 6, mark(ticked[c.Value]), "B", 0, "L", false, 0, "")
			p.CellFormat(cols[2], 6, mark(derived[c.Value]), "B", 0, "L", false, 0, "")
			p.CellFormat(cols[3], 6, mark(counts), "B", 1, "L", false, 0, "")
		}
	}
	p.Ln(3)
	completed := "not answered"
	if v, ok := d.rec.Answers["dpia.completed"]; ok {
		completed = textfmt.YesNo(v.Bool)
	}
	d.kv([]kvRow{
		{"Criteria met", fmt.Sprintf("%d (a DPIA is required from %d)", len(dp.Criteria), d.in.Catalog.Rules.DPIA.Threshold), 0},
		{"DPIA required", textfmt.YesNo(dp.Required), 0},
		{"DPIA completed", completed, 0},
	}, 45, 9.5)
}

func mark(b bool) string {
	if b {
		return "✓ yes"
	}
	return "–"
}

func (d *doc) actions() {
	d.subheading("Actions", 20)
	acts := d.res.Actions
	if len(acts) == 0 {
		d.para("No actions: nothing has to happen before processing may start.", 0, "", 10, colText)
		return
	}
	lead := "What must happen before processing may start on the basis of legitimate interest:"
	if d.res.Outcome == assessment.OutcomeFail {
		lead = "Legitimate interest cannot be relied on as designed. These actions address the findings; after them, the processing must be assessed again:"
	}
	d.para(lead, 0, "", 9.5, colText)
	d.pdf.Ln(1)
	for i, a := range acts {
		d.need(10)
		y := d.pdf.GetY()
		d.font("B", 9.5)
		d.textColor(colAccent)
		d.pdf.CellFormat(7, lineH(9.5), strconv.Itoa(i+1)+".", "", 0, "R", false, 0, "")
		d.pdf.SetY(y)
		d.para(a, 9, "", 9.5, colText)
		d.pdf.Ln(1.5)
	}
}

func (d *doc) signatures() {
	p := d.pdf
	d.part("Signatures", 150)
	sigs := d.rec.Signatures
	if len(sigs) == 0 {
		d.para("This record carries no signatures. An unsigned record shows what was assessed, but not who approved it.", 0, "", 10, colText)
	} else {
		// Rendering does not check signatures; a reader must not take the
		// list below as proof.
		d.para("The signatures the record carries, as written in it. Rendering this report does not check them: verify them as described below before relying on them.", 0, "", 9.5, colText)
	}
	for i, s := range sigs {
		d.subheading(fmt.Sprintf("Signature %d", i+1), 25)
		d.kv([]kvRow{
			{"Signer", textfmt.OrNone(s.Signer, notGiven), maxText},
			{"Role", textfmt.OrNone(s.Role, notGiven), maxText},
			{"Key fingerprint", textfmt.OrNone(s.Key, notGiven), maxText},
			{"Signed at", textfmt.OrNone(s.SignedAt, notGiven), maxText},
		}, 34, 9.5)
	}
	file := AttachmentName(d.rec)
	d.subheading("How to verify", 40)
	steps := []struct{ text, cmd string }{
		{"The record is embedded in this PDF as " + file + ". Extract it with any PDF tool, for example (with this PDF saved as report.pdf):",
			"pdfdetach -saveall report.pdf"},
		{"Check every signature against the keys you trust (an allowed_signers file, as used by git and OpenSSH), and that this PDF is exactly what lia renders from the embedded record:",
			"lia verify report.pdf --allowed-signers allowed_signers\nlia verify " + file + " --allowed-signers allowed_signers"},
		{"Without trusting lia's verifier: each signature covers the canonical form of the record (the record without its signatures, as RFC 8785 JSON, whose SHA-256 is printed in the footer of every page) together with its own role, signer, date and key. lia canonical prints the canonical form; with --for-signature N, exactly the bytes signature N covers; with --signature N, the signature. OpenSSH then checks it, with EMAIL the signer's principal in allowed_signers:",
			"lia canonical " + file + " | sha256sum\nlia canonical --signature 1 " + file + " > signature.sig\nlia canonical --for-signature 1 " + file + " |\n  ssh-keygen -Y verify -f allowed_signers -I EMAIL -n " + trust.Namespace + " -s signature.sig"},
		{"A report can also be signed as a PDF, with an X.509 certificate, after it was rendered (lia sign report.pdf). Such signatures show in a PDF reader's signature panel; pdfsig lists and checks them, and lia verify checks them against the certificate authorities you trust:",
			"pdfsig report.pdf\nlia verify report.pdf --ca ca.pem --allowed-signers allowed_signers"},
	}
	for i, s := range steps {
		d.need(20)
		d.para(fmt.Sprintf("%d. %s", i+1, s.text), 0, "", 9.5, colText)
		p.Ln(1)
		d.code(d.c.text(s.cmd, maxText, true))
		p.Ln(2)
	}
}

// code draws commands on a shaded block.
func (d *doc) code(s string) {
	p := d.pdf
	d.font("", 8.5)
	ls := d.lines(s, bodyW-10)
	h := lineH(8.5)
	d.need(times(len(ls), h) + 3)
	y := p.GetY()
	d.fillColor(colShade)
	p.Rect(marginL+4, y, bodyW-4, times(len(ls), h)+3, "F")
	d.textColor(colText)
	for i, l := range ls {
		p.SetXY(marginL+6, y+1.5+times(i, h))
		p.CellFormat(bodyW-10, h, l, "", 0, "L", false, 0, "")
	}
	p.SetXY(marginL, y+times(len(ls), h)+3)
}

// groupDigits writes an integer with thousands separators, as people read
// counts of data subjects.
func groupDigits(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// criteriaList names the WP248 criteria met, marking those lia derived.
func (d *doc) criteriaList() string {
	q := d.in.Catalog.Questionnaire.Question("dpia.criteria")
	derived := map[string]bool{}
	for _, c := range d.res.DPIA.Derived {
		derived[c] = true
	}
	var out []string
	for _, c := range d.res.DPIA.Criteria {
		l := c
		if q != nil {
			l = q.Label(c)
		}
		if derived[c] {
			l += " (derived)"
		}
		out = append(out, l)
	}
	return strings.Join(out, "; ")
}
