package rules

// Impact is lia rules impact: what a set of rules would conclude about
// records already made, before the rules are adopted. The rules it keeps:
//   - before is what a record says today (its stored result, as committed
//     and perhaps signed); after is what the rules compute from its answers;
//   - a record is read leniently: answers to questions the rules do not have
//     are set aside and named, and questions the rules ask that the record
//     does not answer are named too (the result is computed without them,
//     each absence read as the rules' conditions read it);
//   - records are found as lia validate finds them, and listed in its order;
//   - the json output is a contract like lia validate's: fields are only
//     ever added.

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"sort"
	"strings"

	"github.com/lia-project/lia/internal/assessment"
	"github.com/lia-project/lia/internal/validate"
)

// Impact is what the rules would do to a set of records.
type Impact struct {
	Rules   RulesInfo  `json:"rules"`
	Records []Movement `json:"records"`
	Summary Summary    `json:"summary"`
}

// RulesInfo names the rules an impact was computed with.
type RulesInfo struct {
	Dir     string `json:"dir"`
	Version string `json:"version"`
	Digest  string `json:"digest"`
}

// Movement is what the rules do to one record.
type Movement struct {
	File  string `json:"file"`
	ID    string `json:"id,omitempty"`
	Error string `json:"error,omitempty"`
	// Before is the stored result; nil when the record has none.
	Before *Standing `json:"before"`
	// After is what the rules compute; nil when the record could not be read.
	After *Standing `json:"after"`
	// Missing are questions the rules ask that the record does not answer.
	Missing []string `json:"missing,omitempty"`
	// Ignored are answers to questions the rules do not have.
	Ignored []string `json:"ignored,omitempty"`
	// Findings added and removed.
	Added   []string `json:"findings_added,omitempty"`
	Removed []string `json:"findings_removed,omitempty"`
	Moved   bool     `json:"moved"`
}

// Standing is a result in brief.
type Standing struct {
	Rules   string            `json:"rules"`
	Digest  string            `json:"digest,omitempty"`
	Outcome string            `json:"outcome"`
	Tests   map[string]string `json:"tests"`
	Scores  assessment.Scores `json:"scores"`
	// Ratio is residual risk over interest weight, which balancing compares
	// with its thresholds; null when the interest weighs nothing.
	Ratio *float64 `json:"ratio"`
}

// Summary counts the movements.
type Summary struct {
	Records    int    `json:"records"`
	Moved      int    `json:"moved"`
	Unchanged  int    `json:"unchanged"`
	Unreadable int    `json:"unreadable"`
	Moves      []Move `json:"moves"`
}

// Move counts the records whose outcome moves from one value to another;
// From is "none" for a record without a result.
type Move struct {
	From  string `json:"from"`
	To    string `json:"to"`
	Count int    `json:"count"`
}

// ComputeImpact recomputes every record under paths (files, and directories
// walked for *.lia.yaml) with the rules s.
func ComputeImpact(s *Set, paths []string, limits assessment.Limits) (*Impact, error) {
	src, err := validate.NewSource(paths, "*.lia.yaml")
	if err != nil {
		return nil, err
	}
	im := &Impact{Rules: RulesInfo{Dir: s.Dir, Version: s.Version(), Digest: s.Digest}, Records: []Movement{}, Summary: Summary{Moves: []Move{}}}
	for in := range src.All {
		im.Records = append(im.Records, movement(s.Catalog, in, limits))
	}
	im.summarise()
	return im, nil
}

func movement(cat *assessment.Catalog, in validate.Input, limits assessment.Limits) Movement {
	m := Movement{File: in.Path}
	if in.Err != nil {
		m.Error = in.Err.Error()
		return m
	}
	data, err := in.Read(limits.MaxBytes)
	if err != nil {
		m.Error = err.Error()
		return m
	}
	rec, problems := cat.ReadOn(in.Path, data, limits)
	if rec == nil {
		m.Error = "the record does not read"
		if len(problems) > 0 {
			m.Error = problems[0].Error()
		}
		return m
	}
	m.Ignored = rec.UnknownAnswers(problems)
	m.ID = rec.Metadata.ID
	m.Missing = cat.Questionnaire.Missing(rec.Answers)
	ev := cat.Rules.Evaluate(rec.Metadata.Jurisdiction, rec.Answers)
	m.After = standing(&ev.Result)
	if rec.Result == nil {
		m.Moved = true
		return m
	}
	m.Before = standing(rec.Result)
	m.Added, m.Removed = findingChanges(rec.Result.Findings, ev.Result.Findings)
	m.Moved = m.Before.Outcome != m.After.Outcome || fmt.Sprint(m.Before.Tests) != fmt.Sprint(m.After.Tests) ||
		m.Before.Scores != m.After.Scores || len(m.Added)+len(m.Removed) > 0
	return m
}

func standing(r *assessment.Result) *Standing {
	s := &Standing{Rules: r.Engine.Scoring, Outcome: r.Outcome, Scores: r.Scores,
		Tests: map[string]string{"purpose": r.Tests.Purpose.Status, "necessity": r.Tests.Necessity.Status, "balancing": r.Tests.Balancing.Status}}
	s.Digest = r.Engine.Digest
	if r.Scores.InterestWeight > 0 {
		ratio := math.Round(r.Scores.ResidualRisk/r.Scores.InterestWeight*100) / 100
		s.Ratio = &ratio
	}
	return s
}

func findingChanges(before, after []assessment.Finding) (added, removed []string) {
	was, is := map[string]bool{}, map[string]bool{}
	for _, f := range before {
		was[f.ID] = true
	}
	for _, f := range after {
		is[f.ID] = true
		if !was[f.ID] {
			added = append(added, f.ID)
		}
	}
	for _, f := range before {
		if !is[f.ID] {
			removed = append(removed, f.ID)
		}
	}
	return added, removed
}

func (im *Impact) summarise() {
	s := &im.Summary
	count := map[[2]string]int{}
	for _, m := range im.Records {
		s.Records++
		switch {
		case m.Error != "":
			s.Unreadable++
			continue
		case m.Moved:
			s.Moved++
		default:
			s.Unchanged++
		}
		from := "none"
		if m.Before != nil {
			from = m.Before.Outcome
		}
		if from != m.After.Outcome {
			count[[2]string{from, m.After.Outcome}]++
		}
	}
	for k, n := range count {
		s.Moves = append(s.Moves, Move{From: k[0], To: k[1], Count: n})
	}
	sort.Slice(s.Moves, func(i, j int) bool {
		a, b := s.Moves[i], s.Moves[j]
		if a.From != b.From {
			return rank(a.From) < rank(b.From)
		}
		return rank(a.To) < rank(b.To)
	})
}

func rank(o string) int {
	if o == "none" {
		return -1
	}
	return assessment.OutcomeRank(o)
}

// WriteJSON writes the impact as one JSON document.
func (im *Impact) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(im)
}

// WriteText writes the impact for a person: a line per record, the details
// of those that move, and the summary. esc makes text from a record safe to
// print (file names and IDs come from the user).
func (im *Impact) WriteText(w io.Writer, esc func(string) string) {
	if esc == nil {
		esc = func(s string) string { return s }
	}
	for _, m := range im.Records {
		file := esc(m.File)
		if m.Error != "" {
			fmt.Fprintf(w, "%s: cannot be read: %s\n", file, esc(m.Error))
			continue
		}
		switch {
		case m.Before == nil:
			fmt.Fprintf(w, "%s: no result yet; these rules give %s\n", file, m.After.Outcome)
		case m.Before.Outcome != m.After.Outcome:
			fmt.Fprintf(w, "%s: %s -> %s\n", file, m.Before.Outcome, m.After.Outcome)
		case m.Moved:
			fmt.Fprintf(w, "%s: %s, unchanged outcome\n", file, m.After.Outcome)
		default:
			fmt.Fprintf(w, "%s: %s, unchanged\n", file, m.After.Outcome)
		}
		if m.Before != nil && m.Moved {
			for _, t := range []string{"purpose", "necessity", "balancing"} {
				if b, a := m.Before.Tests[t], m.After.Tests[t]; b != a {
					fmt.Fprintf(w, "  %s test: %s -> %s\n", t, b, a)
				}
			}
			if sc := scoreMoves(m.Before, m.After); sc != "" {
				fmt.Fprintf(w, "  scores: %s\n", sc)
			}
			var fs []string
			for _, id := range m.Added {
				fs = append(fs, "+"+id)
			}
			for _, id := range m.Removed {
				fs = append(fs, "-"+id)
			}
			if len(fs) > 0 {
				fmt.Fprintf(w, "  findings: %s\n", strings.Join(fs, " "))
			}
		}
		if len(m.Missing) > 0 {
			fmt.Fprintf(w, "  unanswered questions of these rules: %s\n", strings.Join(m.Missing, ", "))
		}
		if len(m.Ignored) > 0 {
			fmt.Fprintf(w, "  answers these rules do not ask for, set aside: %s\n", esc(strings.Join(m.Ignored, ", ")))
		}
	}
	fmt.Fprintln(w, im.Summary.Sentence())
}

func scoreMoves(b, a *Standing) string {
	var out []string
	for _, x := range []struct {
		name string
		b, a float64
	}{
		{"interest weight", b.Scores.InterestWeight, a.Scores.InterestWeight},
		{"inherent risk", b.Scores.InherentRisk, a.Scores.InherentRisk},
		{"mitigation", b.Scores.Mitigation, a.Scores.Mitigation},
		{"residual risk", b.Scores.ResidualRisk, a.Scores.ResidualRisk},
	} {
		if x.b != x.a {
			out = append(out, fmt.Sprintf("%s %s -> %s", x.name, num(x.b), num(x.a)))
		}
	}
	return strings.Join(out, ", ")
}

// Sentence says the summary in a line: "3 records checked: 2 would move
// from pass to conditional; 1 unchanged".
func (s Summary) Sentence() string {
	var parts []string
	for i, mv := range s.Moves {
		verb := "would move from " + mv.From + " to " + mv.To
		if mv.From == "none" {
			verb = "without a result would be " + mv.To
		}
		if i == 0 {
			parts = append(parts, fmt.Sprintf("%s %s", recordCount(mv.Count), verb))
		} else {
			parts = append(parts, fmt.Sprintf("%d %s", mv.Count, verb))
		}
	}
	moved := 0
	for _, mv := range s.Moves {
		moved += mv.Count
	}
	if other := s.Moved - moved; other > 0 {
		parts = append(parts, fmt.Sprintf("%d would keep the outcome with other tests, scores or findings", other))
	}
	if s.Unchanged > 0 {
		parts = append(parts, fmt.Sprintf("%d unchanged", s.Unchanged))
	}
	if s.Unreadable > 0 {
		parts = append(parts, fmt.Sprintf("%d could not be read", s.Unreadable))
	}
	if len(parts) == 0 {
		return "no records found"
	}
	return strings.Join(parts, "; ")
}

func recordCount(n int) string {
	if n == 1 {
		return "1 record"
	}
	return fmt.Sprintf("%d records", n)
}
