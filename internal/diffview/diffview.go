// Package diffview writes what changed between two records: as text (Write),
// the view of lia diff, also shown by lia assess --edit before it writes, and
// as JSON (WriteJSON), lia diff --format json. Its rules:
//   - the outcome and each test say how they moved (better, worse, unchanged);
//   - results first (outcome, tests, scores, DPIA, findings, actions), then
//     answers, metadata, the assessor's reasoning and notes, then signatures;
//   - text from the records is shown on one line, cut, and made visible
//     (safetext), never written raw, in the text view; the JSON view keeps
//     them whole, escaped as JSON.
package diffview

import (
	"fmt"
	"github.com/lia-project/lia/internal/textfmt"
	"io"
	"strconv"
	"strings"

	"github.com/lia-project/lia/internal/assessment"
	"github.com/lia-project/lia/internal/safetext"
)

// Movement says how an outcome or a test's status moved: pass is best, fail worst.
func Movement(old, new string) string {
	switch o, n := assessment.OutcomeRank(old), assessment.OutcomeRank(new); {
	case old == new:
		return "unchanged"
	case n < o:
		return "better"
	case n > o:
		return "worse"
	}
	return "changed"
}

func fmtNum(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// around shows two versions of a long text from shortly before where they
// first differ, so that a change past the first n characters is seen.
func around(old, new string, n int) (string, string) {
	o := []rune(strings.Join(strings.Fields(old), " "))
	w := []rune(strings.Join(strings.Fields(new), " "))
	same := 0
	for same < len(o) && same < len(w) && o[same] == w[same] {
		same++
	}
	if (len(o) <= n && len(w) <= n) || same < n/2 {
		return safetext.CutLine(old, n), safetext.CutLine(new, n)
	}
	// Start at a word, about a third of n before the first difference.
	from := same - n/3
	for from > 0 && o[from-1] != ' ' {
		from--
	}
	return "..." + safetext.CutLine(string(o[from:]), n), "..." + safetext.CutLine(string(w[from:]), n)
}

// Write writes the changes in d, headed by the two records' names.
func Write(w io.Writer, d *assessment.RecordDiff) {
	header := func(sign string, r *assessment.Record) {
		fmt.Fprintf(w, "%s %s", sign, safetext.Text(r.File))
		if h := r.Heading(); h != "" {
			fmt.Fprintf(w, " (%s)", safetext.CutLine(h, 120))
		}
		fmt.Fprintln(w)
	}
	header("---", d.Old)
	header("+++", d.New)
	WriteChanges(w, d)
}

// WriteChanges writes the changes in d without the header.
func WriteChanges(w io.Writer, d *assessment.RecordDiff) {
	line := safetext.CutLine
	if d.Empty() {
		fmt.Fprintln(w, "no changes")
		return
	}
	switch {
	case d.ResultAdded:
		fmt.Fprintln(w, "result: only the new record has one")
	case d.ResultGone:
		fmt.Fprintln(w, "result: only the old record has one")
	case d.Outcome.Changed():
		fmt.Fprintf(w, "outcome: %s -> %s (%s)\n", line(d.Outcome.Old, 20), line(d.Outcome.New, 20), Movement(d.Outcome.Old, d.Outcome.New))
	case d.Old.Result != nil:
		fmt.Fprintf(w, "outcome: %s (unchanged)\n", line(d.Outcome.New, 20))
	}
	if d.Scoring.Changed() {
		fmt.Fprintf(w, "scoring rules: %s -> %s\n", line(d.Scoring.Old, 40), line(d.Scoring.New, 40))
	}
	if len(d.Tests) > 0 {
		fmt.Fprintln(w, "tests:")
		for _, t := range d.Tests {
			fmt.Fprintf(w, "  %-10s %s -> %s (%s)\n", t.Field, line(t.Old, 20), line(t.New, 20), Movement(t.Old, t.New))
		}
	}
	if len(d.Scores) > 0 {
		fmt.Fprintln(w, "scores:")
		for _, s := range d.Scores {
			fmt.Fprintf(w, "  %-16s %s -> %s (%+.2f)\n", s.Name, fmtNum(s.Old), fmtNum(s.New), s.New-s.Old)
		}
	}
	if d.DPIARequired.Changed() {
		fmt.Fprintf(w, "dpia required: %s -> %s\n", d.DPIARequired.Old, d.DPIARequired.New)
	}
	if len(d.FindingsAdded)+len(d.FindingsGone)+len(d.FindingsEdited) > 0 {
		fmt.Fprintln(w, "findings:")
		for _, f := range d.FindingsAdded {
			fmt.Fprintf(w, "  + %s (%s, %s): %s\n", line(f.ID, 60), line(f.Severity, 20), line(f.Test, 20), line(f.Message, 100))
		}
		for _, f := range d.FindingsGone {
			fmt.Fprintf(w, "  - %s (%s, %s): %s\n", line(f.ID, 60), line(f.Severity, 20), line(f.Test, 20), line(f.Message, 100))
		}
		for _, c := range d.FindingsEdited {
			fmt.Fprintf(w, "  ~ %s: %s -> %s\n", line(c.New.ID, 60), line(c.Old.Severity, 20), line(c.New.Severity, 20))
		}
	}
	if len(d.ActionsAdded)+len(d.ActionsGone) > 0 {
		fmt.Fprintln(w, "actions:")
		for _, x := range d.ActionsAdded {
			fmt.Fprintf(w, "  + %s\n", line(x, 100))
		}
		for _, x := range d.ActionsGone {
			fmt.Fprintf(w, "  - %s\n", line(x, 100))
		}
	}
	if len(d.Answers) > 0 {
		fmt.Fprintln(w, "answers:")
		show := func(v *assessment.Value) string { return line(v.String(), 60) }
		for _, c := range d.Answers {
			switch {
			case c.Old == nil:
				fmt.Fprintf(w, "  + %s: %s\n", safetext.Text(c.ID), show(c.New))
			case c.New == nil:
				fmt.Fprintf(w, "  - %s: %s\n", safetext.Text(c.ID), show(c.Old))
			default:
				o, n := around(c.Old.String(), c.New.String(), 60)
				fmt.Fprintf(w, "  ~ %s: %s -> %s\n", safetext.Text(c.ID), o, n)
			}
		}
	}
	if len(d.Metadata) > 0 {
		fmt.Fprintln(w, "metadata:")
		for _, m := range d.Metadata {
			o, n := around(m.Old, m.New, 60)
			fmt.Fprintf(w, "  ~ %s: %s -> %s\n", safetext.Text(m.Field), textfmt.OrNone(o, "(none)"), textfmt.OrNone(n, "(none)"))
		}
	}
	if len(d.Justification) > 0 {
		fmt.Fprintln(w, "justification:")
		for _, c := range d.Justification {
			o, n := around(c.Old, c.New, 60)
			fmt.Fprintf(w, "  ~ %s: %s -> %s\n", safetext.Text(c.Field), textfmt.OrNone(o, "(none)"), textfmt.OrNone(n, "(none)"))
		}
	}
	if len(d.Notes) > 0 {
		fmt.Fprintln(w, "notes:")
		for _, c := range d.Notes {
			switch {
			case c.Old == "":
				fmt.Fprintf(w, "  + %s: %s\n", safetext.Text(c.Field), safetext.CutLine(c.New, 60))
			case c.New == "":
				fmt.Fprintf(w, "  - %s: %s\n", safetext.Text(c.Field), safetext.CutLine(c.Old, 60))
			default:
				o, n := around(c.Old, c.New, 60)
				fmt.Fprintf(w, "  ~ %s: %s -> %s\n", safetext.Text(c.Field), o, n)
			}
		}
	}
	if len(d.SignaturesAdded)+len(d.SignaturesGone) > 0 {
		fmt.Fprintln(w, "signatures:")
		for _, s := range d.SignaturesAdded {
			fmt.Fprintf(w, "  + %s (%s, %s)\n", line(s.Signer, 80), line(s.Role, 20), line(s.SignedAt, 30))
		}
		for _, s := range d.SignaturesGone {
			fmt.Fprintf(w, "  - %s (%s, %s)\n", line(s.Signer, 80), line(s.Role, 20), line(s.SignedAt, 30))
		}
	}
}
