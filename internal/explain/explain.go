// Package explain writes a record's explanation for a reader (lia explain):
// how the engine reached its result. Its rule: every text that comes from
// the record or the catalogue passes through safetext before it is written.
package explain

import (
	"fmt"
	"github.com/lia-project/lia/internal/textfmt"
	"io"
	"strings"

	"github.com/lia-project/lia/internal/assessment"
	"github.com/lia-project/lia/internal/interview"
	"github.com/lia-project/lia/internal/safetext"
)

// Write prints how the engine reached ev, the evaluation of rec's answers
// under cat, for a reader: each test's status, every finding with its
// reference and the answers that caused it, the scores and the balance.
func Write(w io.Writer, cat *assessment.Catalog, rec *assessment.Record, ev *assessment.Evaluation) {
	t := safetext.Text
	r := &ev.Result
	answer := func(id string) string {
		v, ok := rec.Answers[id]
		if !ok {
			return t(id) + " (not answered)"
		}
		return fmt.Sprintf("%s = %s", t(id), safetext.CutLine(v.String(), 60))
	}
	fmt.Fprintf(w, "%s (%s)\n", t(rec.Metadata.Title), t(rec.Metadata.ID))
	fmt.Fprintf(w, "Controller: %s. Assessed on %s by %s.\n\n", t(rec.Metadata.Controller), t(rec.Metadata.AssessedOn), t(rec.Metadata.Assessor.Name))
	fmt.Fprintf(w, "OUTCOME: %s\n\n", interview.OutcomeSentence(r.Outcome))

	tests := []struct {
		name, title string
		tr          assessment.TestResult
	}{
		{"purpose", "1. Purpose test: is there a legitimate interest?", r.Tests.Purpose},
		{"necessity", "2. Necessity test: is the processing necessary for it?", r.Tests.Necessity},
		{"balancing", "3. Balancing test: do people's interests override it?", r.Tests.Balancing},
		{"dpia", "DPIA screening (WP248)", assessment.TestResult{}},
	}
	for _, tt := range tests {
		if tt.name == "dpia" {
			fmt.Fprintf(w, "%s\n", tt.title)
			fmt.Fprintf(w, "   criteria: %s\n", safetext.Text(textfmt.OrNone(strings.Join(r.DPIA.Criteria, ", "), "none")))
			fmt.Fprintf(w, "   derived by lia from other answers: %s\n", safetext.Text(textfmt.OrNone(strings.Join(r.DPIA.Derived, ", "), "none")))
			req := "not required by the screening (fewer than two criteria)"
			if r.DPIA.Required {
				req = "likely required (two or more criteria)"
				if rec.Answers["dpia.completed"].Bool {
					req += "; completed"
				} else {
					req += "; not completed"
				}
			}
			fmt.Fprintf(w, "   DPIA: %s\n", req)
		} else {
			fmt.Fprintf(w, "%s\n   %s: %s\n", tt.title, strings.ToUpper(t(tt.tr.Status)), t(tt.tr.Reason))
		}
		for _, f := range r.Findings {
			if f.Test != tt.name {
				continue
			}
			fmt.Fprintf(w, "   [%s] %s\n", t(f.Severity), t(f.ID))
			writeWrapped(w, "       ", f.Message, 78)
			fmt.Fprintf(w, "       reference: %s\n", t(f.Reference))
			for _, id := range f.Answers {
				fmt.Fprintf(w, "       because: %s\n", answer(id))
			}
		}
		fmt.Fprintln(w)
	}

	because := func(ids []string) string {
		parts := make([]string, len(ids))
		for i, id := range ids {
			parts[i] = answer(id)
		}
		return strings.Join(parts, "; ")
	}
	fmt.Fprintf(w, "Interest weight: %.2f\n", r.Scores.InterestWeight)
	for _, c := range ev.Interest {
		fmt.Fprintf(w, "   %+6.2f  %s  [%s]\n", c.Points, t(c.Label), because(c.Answers))
	}
	fmt.Fprintf(w, "\nInherent risk (before safeguards): %.2f\n", r.Scores.InherentRisk)
	for _, c := range ev.Risk {
		fmt.Fprintf(w, "   %+6.2f  %s  [%s]\n", c.Points, t(c.Label), because(c.Answers))
	}
	fmt.Fprintf(w, "\nSafeguards (each removes its share of the risk that is left):\n")
	if len(ev.Mitigations) == 0 {
		fmt.Fprintf(w, "   none that go beyond the GDPR's baseline duties\n")
	}
	for _, c := range ev.Mitigations {
		fmt.Fprintf(w, "   %3.0f%%  -%.2f  %s  [%s]\n", c.Strength*100, c.Removed, t(c.Label), because(c.Answers))
	}
	fmt.Fprintf(w, "   together they remove %.0f%% of the inherent risk\n", r.Scores.Mitigation*100)
	fmt.Fprintf(w, "\nResidual risk: %.2f\n", r.Scores.ResidualRisk)
	b := cat.Rules.Balancing
	verdict := "clearly below the interest: the balance favours the processing"
	switch {
	case ev.Ratio > b.ConditionalAtMost:
		verdict = "above the interest: people's interests override it"
	case ev.Ratio > b.PassAtMost:
		verdict = "close to the interest: the balance holds only with more safeguards"
	}
	fmt.Fprintf(w, "Balance: residual risk %.2f / interest weight %.2f = %.2f (pass at most %.2f, conditional at most %.2f): %s.\n",
		r.Scores.ResidualRisk, r.Scores.InterestWeight, ev.Ratio, b.PassAtMost, b.ConditionalAtMost, verdict)

	if len(r.Actions) > 0 {
		fmt.Fprintf(w, "\nActions before processing may start:\n")
		for i, x := range r.Actions {
			writeWrapped(w, fmt.Sprintf("   %d. ", i+1), x, 78)
		}
	}
	rulesName := "scoring rules " + safetext.Text(r.Engine.Scoring)
	if r.Engine.Digest != "" {
		rulesName += " (digest " + safetext.Text(r.Engine.Digest) + ")"
	}
	fmt.Fprintf(w, "\nComputed by lia %s with %s. lia supports an assessment; it is not legal advice.\n", safetext.Text(r.Engine.Version), rulesName)
}

// writeWrapped prints text wrapped at width, the first line after prefix and
// the rest indented to match; each word escaped by safetext.
func writeWrapped(w io.Writer, prefix, text string, width int) {
	indent := strings.Repeat(" ", len([]rune(prefix)))
	line := prefix
	empty := true
	for _, word := range strings.Fields(text) {
		word = safetext.Text(word)
		if !empty && len([]rune(line))+1+len([]rune(word)) > width {
			fmt.Fprintln(w, line)
			line, empty = indent, true
		}
		if !empty {
			line += " "
		}
		line += word
		empty = false
	}
	fmt.Fprintln(w, line)
}
