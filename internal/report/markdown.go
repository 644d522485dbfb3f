package report

// This file writes the report as Markdown (lia report --format md), for pull
// requests, wikis and $GITHUB_STEP_SUMMARY. The rules it keeps:
//   - it states the same argument as the PDF, from the same code: the
//     sentences of internal/argument, the outcome's meaning, the tests'
//     questions, the answers as the interview showed them;
//   - text from the record is escaped by Markdown's own rules (mdText): it can
//     never open a heading, a list, a link, an image or raw HTML, and control
//     and invisible format characters are shown, not passed through;
//   - nothing a person wrote is cut (maxText guards only against hostile sizes);
//   - the same input gives the same bytes.

import (
	"bufio"
	"fmt"
	"github.com/lia-project/lia/internal/textfmt"
	"io"
	"sort"
	"strings"

	"github.com/lia-project/lia/internal/argument"
	"github.com/lia-project/lia/internal/assessment"
	"github.com/lia-project/lia/internal/safetext"
	"github.com/lia-project/lia/internal/trust"
)

// mdSpecial are the characters that could start Markdown syntax inside a line.
var mdSpecial = strings.NewReplacer(
	`\`, `\\`, "`", "\\`", `*`, `\*`, `_`, `\_`, `[`, `\[`, `]`, `\]`, `|`, `\|`, `~`, `\~`,
	`<`, `&lt;`, `>`, `&gt;`, `&`, `&amp;`, `#`, `\#`, `!`, `\!`,
)

// escapeLineStart escapes what would make a line a list item or a rule
// ("1.", "2)", "-", "+", "="), so that it stays text: "1\." shows "1.".
func escapeLineStart(l string) string {
	i := 0
	for i < len(l) && l[i] >= '0' && l[i] <= '9' {
		i++
	}
	switch {
	case i > 0 && i < len(l) && (l[i] == '.' || l[i] == ')'):
		return l[:i] + `\` + l[i:]
	case i == 0 && l != "" && strings.ContainsRune("-+=", rune(l[0])):
		return `\` + l
	}
	return l
}

// mdText escapes record text for Markdown. Line breaks are kept as hard
// breaks when multiline is set, otherwise they become spaces.
func mdText(s string, multiline bool) string {
	s = textfmt.Truncate(s, maxText, "see the embedded record")
	var lines []string
	for _, l := range strings.Split(strings.ReplaceAll(strings.TrimSpace(s), "\r\n", "\n"), "\n") {
		lines = append(lines, mdSpecial.Replace(safetext.Text(strings.TrimSpace(l))))
	}
	if !multiline {
		return escapeLineStart(strings.Join(strings.Fields(strings.Join(lines, " ")), " "))
	}
	for i, l := range lines {
		lines[i] = escapeLineStart(l)
	}
	// A blank line inside a text stays a paragraph break; other breaks are hard breaks.
	var b strings.Builder
	for i, l := range lines {
		if i > 0 {
			if l == "" || lines[i-1] == "" {
				b.WriteString("\n")
			} else {
				b.WriteString("  \n")
			}
		}
		b.WriteString(l)
	}
	return b.String()
}

// mdCell is text for a table cell: one line, breaks as <br>.
func mdCell(s string) string {
	return strings.ReplaceAll(mdText(s, true), "  \n", "<br>")
}

// mdQuote quotes text as a block quote, keeping its paragraphs.
func mdQuote(s string) string {
	var b strings.Builder
	for _, l := range strings.Split(mdText(s, true), "\n") {
		if l == "" {
			b.WriteString(">\n")
			continue
		}
		b.WriteString("> " + l + "\n")
	}
	return b.String()
}

// RenderMarkdown writes the report for in to w as Markdown.
func RenderMarkdown(w io.Writer, in PDFInput) error {
	if in.Record == nil || in.Catalog == nil || in.Catalog.Questionnaire == nil || in.Eval == nil {
		return fmt.Errorf("rendering report: record, catalog and evaluation are required")
	}
	bw := bufio.NewWriter(w)
	m := &md{w: bw, in: in, rec: in.Record, res: &in.Eval.Result, q: in.Catalog.Questionnaire}
	m.outcome = m.res.Outcome
	if len(m.q.Missing(m.rec.Answers)) > 0 {
		m.outcome = outcomeIncomplete
	}
	m.cover()
	m.summary()
	m.answers()
	m.findings()
	m.actions()
	m.signatures()
	return bw.Flush()
}

type md struct {
	w       *bufio.Writer
	in      PDFInput
	rec     *assessment.Record
	res     *assessment.Result
	q       *assessment.Questionnaire
	outcome string
}

func (m *md) f(format string, args ...any) { fmt.Fprintf(m.w, format, args...) }

func (m *md) cover() {
	md := m.rec.Metadata
	title := md.Title
	if title == "" {
		title = "(untitled assessment)"
	}
	law := "Art. 6(1)(f) GDPR"
	if md.Jurisdiction == "uk" {
		law = "Art. 6(1)(f) UK GDPR"
	}
	m.f("# %s\n\n", mdText(title, false))
	m.f("Legitimate interest assessment (%s) · Controller: %s\n\n", mdText(law, false), mdText(textfmt.OrNone(md.Controller, notGiven), false))
	if m.in.Draft {
		m.f("**DRAFT: this report is not a final record of the assessment.**\n\n")
		for _, r := range m.in.DraftReasons {
			m.f("- %s\n", mdText(r, false))
		}
		m.f("\n")
	}
	m.f("| | |\n|---|---|\n")
	row := func(k, v string) { m.f("| %s | %s |\n", k, v) }
	row("Outcome", "**"+strings.ToUpper(m.outcome)+"**: "+mdCell(outcomeMeaning[m.outcome]))
	row("Assessed on", mdCell(textfmt.OrNone(md.AssessedOn, notGiven)))
	row("Review by", mdCell(textfmt.OrNone(md.ReviewBy, notGiven)))
	row("Jurisdiction", mdCell(jurisdiction(md.Jurisdiction)))
	row("Assessor", mdCell(person(md.Assessor)))
	row("DPO", mdCell(dpo(md.DPO)))
	row("Signed by", mdCell(signers(m.rec.Signatures)))
	row("Record ID", mdCell(textfmt.OrNone(md.ID, notGiven)))
	row("Engine", mdCell("lia "+m.res.Engine.Version+", scoring rules "+m.res.Engine.Scoring))
	// As on the PDF's cover: an organisation's rules are named by their digest too.
	if dg := m.res.Engine.Digest; dg != "" {
		row("Rules", mdCell("an organisation's own rules, version "+m.res.Engine.Scoring)+", digest `"+mdText(dg, false)+"`")
	}
	if m.in.CanonicalSHA256 != "" {
		row("SHA-256 of the canonical record", "`"+mdText(m.in.CanonicalSHA256, false)+"`")
	}
	m.f("\n")
}

func (m *md) status(s string) string {
	return map[string]string{
		assessment.OutcomePass:        "met",
		assessment.OutcomeConditional: "conditional",
		assessment.OutcomeFail:        "not met",
	}[s]
}

func (m *md) summary() {
	m.f("## Summary\n\n**Outcome: %s.** %s\n\n", strings.ToUpper(m.outcome), mdText(outcomeMeaning[m.outcome], false))
	for i, t := range testInfo {
		tr := (&doc{res: m.res}).testStatus(t.id)
		m.f("### %d. %s: %s\n\n*%s* %s\n\n", i+1, t.name, m.status(tr.Status), mdText(t.question, false), mdText(tr.Reason, false))
		if facts := argument.Facts(m.rec.Answers, m.q, m.res, t.id); len(facts) > 0 {
			m.f("%s\n\n", mdText(strings.Join(facts, " "), false))
		}
		if j := *m.rec.Justification.Part(t.id); j != "" {
			m.f("In the assessor's words:\n\n%s\n", mdQuote(j))
		} else {
			m.f("*The record gives no justification of this test in the assessor's words.*\n\n")
		}
		m.keyFindings(t.id)
	}
	dp := m.res.DPIA
	m.f("### DPIA screening\n\n%d of the WP248 criteria met; a DPIA is %s.", len(dp.Criteria), map[bool]string{true: "required", false: "not required"}[dp.Required])
	if v, ok := m.rec.Answers["dpia.completed"]; ok && dp.Required {
		m.f(" Completed: %s.", textfmt.YesNo(v.Bool))
	}
	m.f("\n\n")
	m.keyFindings("dpia")

	m.f("### The decision\n\n")
	if j := m.rec.Justification.Decision; j != "" {
		m.f("In the assessor's words:\n\n%s\n", mdQuote(j))
	} else {
		m.f("*The record gives no decision in the assessor's words (justification.decision); lia sign does not sign such a record.*\n\n")
	}
	if o := m.rec.Metadata.DPO; o.Consulted != nil && *o.Consulted && o.Opinion != "" {
		who := "the DPO"
		if o.Name != "" {
			who = mdText(o.Name, false) + " (DPO)"
		}
		m.f("The opinion of %s:\n\n%s\n", who, mdQuote(o.Opinion))
	}
	next := "Next review: by " + mdText(textfmt.OrNone(m.rec.Metadata.ReviewBy, notGiven), false) + ", or sooner if the processing changes."
	if n := len(m.res.Actions); n > 0 {
		next = fmt.Sprintf("%s before processing may start (see Actions). %s", textfmt.Plural(n, "action"), next)
	}
	m.f("%s\n\n", next)

	s := m.res.Scores
	m.f("### Scores\n\n| Score | Value |\n|---|---|\n")
	m.f("| Interest weight | %s |\n| Inherent risk | %s |\n| Mitigation | %s of the inherent risk removed by safeguards |\n| Residual risk | %s |\n\n",
		num(s.InterestWeight), num(s.InherentRisk), pct(s.Mitigation), num(s.ResidualRisk))
}

func (m *md) keyFindings(test string) {
	n := 0
	for _, f := range m.res.Findings {
		if f.Test == test && (f.Severity == assessment.SeverityBlocker || f.Severity == assessment.SeverityMajor) {
			m.f("- **%s** %s\n", strings.ToUpper(f.Severity), mdText(f.Message, false))
			n++
		}
	}
	if n > 0 {
		m.f("\n")
	}
}

func (m *md) answers() {
	a := m.rec.Answers
	m.f("## Answers\n\n")
	sections := m.q.Sections
	var skipped []string
	n := 0
	for i, s := range sections {
		if !s.Applies(a) {
			skipped = append(skipped, s.Title)
			continue
		}
		n++
		m.f("### %d. %s\n\n", n, mdText(s.Title, false))
		for _, qu := range s.Questions {
			v, answered := a[qu.ID]
			if !answered && !qu.Applies(a) {
				continue
			}
			ans := "*(not answered)*"
			if answered {
				ans = mdText(answerText(qu, v), true)
			}
			m.f("**%s**  \n%s  \n", mdText(qu.Prompt, false), ans)
			if note := m.rec.Notes[qu.ID]; note != "" {
				m.f("*Note:* %s  \n", mdText(note, true))
			}
			m.f("`%s`\n\n", qu.ID)
		}
		for _, t := range argument.Tests {
			if j := *m.rec.Justification.Part(t); j != "" && lastServing(sections, a, t) == i {
				m.f("The assessor's justification of the %s test:\n\n%s\n", t, mdQuote(j))
			}
		}
	}
	if len(skipped) > 0 {
		m.f("Sections that did not apply, and were not asked: %s.\n\n", mdText(strings.Join(skipped, "; "), false))
	}
}

func (m *md) findings() {
	m.f("## Findings\n\n")
	fs := append([]assessment.Finding(nil), m.res.Findings...)
	sort.SliceStable(fs, func(i, j int) bool { return severityRank[fs[i].Severity] < severityRank[fs[j].Severity] })
	if len(fs) == 0 {
		m.f("The engine raised no findings.\n\n")
		return
	}
	for _, f := range fs {
		m.f("- **%s** `%s` (%s): %s  \n  Reference: %s", strings.ToUpper(f.Severity), mdText(f.ID, false), mdText(testName(f.Test), false),
			mdText(f.Message, false), mdText(f.Reference, false))
		if len(f.Answers) > 0 {
			m.f("  \n  Based on: %s", mdText(strings.Join(f.Answers, ", "), false))
		}
		m.f("\n")
	}
	m.f("\n")
}

func (m *md) actions() {
	m.f("## Actions\n\n")
	if len(m.res.Actions) == 0 {
		m.f("No actions: nothing has to happen before processing may start.\n\n")
		return
	}
	for i, x := range m.res.Actions {
		m.f("%d. %s\n", i+1, mdText(x, false))
	}
	m.f("\n")
}

func (m *md) signatures() {
	m.f("## Signatures\n\n")
	if len(m.rec.Signatures) == 0 {
		m.f("This record carries no signatures.\n\n")
	}
	for _, s := range m.rec.Signatures {
		m.f("- %s (%s), %s, key `%s`\n", mdText(textfmt.OrNone(s.Signer, notGiven), false), mdText(textfmt.OrNone(s.Role, notGiven), false), mdText(textfmt.OrNone(s.SignedAt, notGiven), false), mdText(textfmt.OrNone(s.Key, notGiven), false))
	}
	if len(m.rec.Signatures) > 0 {
		m.f("\nRendering this report does not check the signatures. Verify them against the keys you trust:\n\n")
		file := AttachmentName(m.rec)
		m.f("```console\n$ lia verify %s --allowed-signers allowed_signers\n$ lia canonical --signature 1 %s > signature.sig\n$ lia canonical %s | ssh-keygen -Y verify -f allowed_signers -I EMAIL -n %s -s signature.sig\n```\n",
			file, file, file, trust.Namespace)
	}
}
