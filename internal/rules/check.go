package rules

// Check is lia rules check: it loads a rules directory as every command
// would, so that the same problems are found, and says what the rules change
// against lia's own and what they had better change (warnings). The rules it
// keeps:
//   - a problem fails the check; a warning does not;
//   - the changes are listed by kind and ID in lia's order, so that two runs
//     on the same rules print the same lines.

import (
	"fmt"
	"io"
	"io/fs"
	"regexp"
	"strconv"
	"strings"

	"github.com/lia-project/lia/internal/assessment"
)

// Report is what Check found.
type Report struct {
	Dir string
	// Set is nil when the rules could not be loaded; Problems says why.
	Set      *Set
	Problems assessment.RulesErrors
	// Err is a failure that is no problem in the rules (a file that could
	// not be read).
	Err      error
	Warnings []string
	Changes  []Change
	// Counts of what the rules hold.
	Questions, Gates, RiskFactors, Safeguards int
}

// OK reports whether the rules can be used.
func (r *Report) OK() bool { return r.Set != nil }

// Change is one difference from lia's own rules.
type Change struct {
	Kind string // "question", "section", "rule", "risk factor", "interest factor", "safeguard", "setting"
	ID   string
	What string // "added", "removed", "changed", or "from -> to" for a setting
}

var versionRE = regexp.MustCompile(`^\d{4}\.\d{1,2}\.\d+$`)

// Check loads the rules directory fsys (named dir) and reports on it.
func Check(fsys fs.FS, dir string) *Report {
	s, err := Open(fsys, dir)
	return newReport(dir, s, err)
}

// CheckBuiltin reports on lia's own rules.
func CheckBuiltin() *Report {
	s, err := OpenBuiltin()
	return newReport("", s, err)
}

// newReport reports on rules that loaded as s, or on why they did not.
func newReport(dir string, s *Set, err error) *Report {
	r := &Report{Dir: dir}
	if err != nil {
		if list := assessment.AsRulesErrors(err); list != nil {
			r.Problems = list
		} else {
			r.Err = err
		}
		return r
	}
	r.Set = s
	r.describe()
	return r
}

func (r *Report) describe() {
	cat := r.Set.Catalog
	r.Questions = len(cat.Questionnaire.Questions())
	for _, ru := range cat.Rules.Rules {
		if ru.Severity == assessment.SeverityBlocker {
			r.Gates++
		}
	}
	r.RiskFactors = len(cat.Rules.Risk.Factors)
	r.Safeguards = len(cat.Rules.Mitigations) + 1 // differential privacy
	r.Warnings = append(r.Warnings, openedSafeguards(cat)...)
	if r.Set.Builtin() {
		return
	}
	lia, err := Builtin()
	if err != nil {
		return
	}
	r.Changes = changes(lia, cat)
	// The interview shows a question's help on "?" and the report its
	// reference: an added question should have both, as lia's have.
	for _, qu := range cat.Questionnaire.Questions() {
		if lia.Questionnaire.Question(qu.ID) == nil && (qu.Help == "" || qu.Reference == "") {
			r.Warnings = append(r.Warnings, fmt.Sprintf("question %s has no help or no reference: the interview shows the help on \"?\", the report the reference", qu.ID))
		}
	}
	v := cat.Rules.Version
	if v == lia.Rules.Version {
		r.Warnings = append(r.Warnings, fmt.Sprintf("the rules differ from lia's own but keep their version %s: give them a version of their own (version: in %s), so that a record names the rules that computed it without doubt", v, ScoringFile))
	} else if !versionRE.MatchString(v) {
		r.Warnings = append(r.Warnings, fmt.Sprintf("version %q is not YEAR.MONTH.REVISION (such as 2027.1.1): lia can then not tell older rules from other rules, and a record computed with the previous version of these rules is an error instead of a warning", v))
	}
}

// openedSafeguards warns of safeguards that read a question asked only once
// a risk factor's answer opens it: raising that risk then opens a safeguard,
// which can leave residual risk lower than before the risk rose (the
// property tests catch it at run time; this says it at check time). lia's
// own rules lift gates or remove risk points with such questions instead.
func openedSafeguards(cat *assessment.Catalog) []string {
	q := cat.Questionnaire
	paths := func(src string) []string {
		c, err := assessment.ParseCond(src, q)
		if err != nil {
			return nil
		}
		return assessment.Paths(c)
	}
	risky := map[string]string{} // question -> a risk factor that reads it
	for _, f := range cat.Rules.Risk.Factors {
		for _, p := range paths(f.When) {
			if risky[p] == "" {
				risky[p] = f.ID
			}
		}
	}
	// openers(id) are the questions whose answers decide whether id is asked.
	var openers func(id string, seen map[string]bool) []string
	openers = func(id string, seen map[string]bool) []string {
		qu := q.Question(id)
		if qu == nil || seen[id] {
			return nil
		}
		seen[id] = true
		var out []string
		for _, p := range append(paths(qu.When), paths(qu.Section.When)...) {
			out = append(out, p)
			out = append(out, openers(p, seen)...)
		}
		return out
	}
	var out []string
	check := func(id, when string) {
		for _, p := range paths(when) {
			for _, o := range openers(p, map[string]bool{}) {
				if f := risky[o]; f != "" {
					out = append(out, fmt.Sprintf("safeguard %q reads %s, which is asked only as %s decides, and risk factor %q reads %s: raising that risk opens the safeguard, which may leave residual risk lower than before; let such a question lift a gate or remove risk points instead", id, p, o, f, o))
					return
				}
			}
		}
	}
	for _, m := range cat.Rules.Mitigations {
		check(m.ID, m.When)
	}
	dp := cat.Rules.DifferentialPrivacy
	check(dp.ID, dp.When)
	return out
}

// changes lists what cat changes in lia's rules.
func changes(lia, cat *assessment.Catalog) []Change {
	var out []Change
	add := func(kind, id, what string) { out = append(out, Change{kind, id, what}) }
	// Sections and questions.
	for _, s := range cat.Questionnaire.Sections {
		if lia.Questionnaire.Section(s.ID) == nil {
			add("section", s.ID, "added")
		}
	}
	for _, qu := range cat.Questionnaire.Questions() {
		old := lia.Questionnaire.Question(qu.ID)
		switch {
		case old == nil:
			add("question", qu.ID, "added")
		case old.Type != qu.Type || old.When != qu.When || old.Section.When != qu.Section.When ||
			strings.Join(old.ValueNames(), ",") != strings.Join(qu.ValueNames(), ",") || old.Optional != qu.Optional:
			add("question", qu.ID, "changed")
		case old.Prompt != qu.Prompt || old.Help != qu.Help:
			add("question", qu.ID, "reworded")
		}
	}
	for _, s := range lia.Questionnaire.Sections {
		if cat.Questionnaire.Section(s.ID) == nil {
			add("section", s.ID, "removed")
		}
	}
	for _, qu := range lia.Questionnaire.Questions() {
		if cat.Questionnaire.Question(qu.ID) == nil {
			add("question", qu.ID, "removed")
		}
	}
	// Weighted entries: factors, safeguards and rules, each an ID with what
	// decides it (its condition and its number or severity).
	type entry struct{ id, when, num string }
	cmpEntries := func(kind string, list func(*assessment.Rules) []entry) {
		old, now := list(lia.Rules), list(cat.Rules)
		find := func(es []entry, id string) (entry, bool) {
			for _, e := range es {
				if e.id == id {
					return e, true
				}
			}
			return entry{}, false
		}
		for _, n := range now {
			if o, ok := find(old, n.id); !ok {
				add(kind, n.id, "added")
			} else if o != n {
				add(kind, n.id, "changed")
			}
		}
		for _, o := range old {
			if _, ok := find(now, o.id); !ok {
				add(kind, o.id, "removed")
			}
		}
	}
	factors := func(pick func(*assessment.Rules) []assessment.Factor) func(*assessment.Rules) []entry {
		return func(r *assessment.Rules) []entry {
			var out []entry
			for _, f := range pick(r) {
				out = append(out, entry{f.ID, f.When, num(f.Points)})
			}
			return out
		}
	}
	cmpEntries("interest factor", factors(func(r *assessment.Rules) []assessment.Factor { return r.Interest.Factors }))
	cmpEntries("risk factor", factors(func(r *assessment.Rules) []assessment.Factor { return r.Risk.Factors }))
	cmpEntries("safeguard", func(r *assessment.Rules) []entry {
		var out []entry
		for _, m := range r.Mitigations {
			out = append(out, entry{m.ID, m.When, num(m.Strength)})
		}
		return out
	})
	cmpEntries("rule", func(r *assessment.Rules) []entry {
		var out []entry
		for _, ru := range r.Rules {
			out = append(out, entry{ru.ID, ru.When, ru.Test + " " + ru.Severity})
		}
		return out
	})
	// Settings: the numbers that decide outcomes.
	setting := func(id string, old, now float64) {
		if old != now {
			add("setting", id, num(old)+" -> "+num(now))
		}
	}
	setting("balancing.pass_at_most", lia.Rules.Balancing.PassAtMost, cat.Rules.Balancing.PassAtMost)
	setting("balancing.conditional_at_most", lia.Rules.Balancing.ConditionalAtMost, cat.Rules.Balancing.ConditionalAtMost)
	setting("dpia.threshold", float64(lia.Rules.DPIA.Threshold), float64(cat.Rules.DPIA.Threshold))
	setting("risk.severity_likelihood.scale", lia.Rules.Risk.SeverityLikelihood.Scale, cat.Rules.Risk.SeverityLikelihood.Scale)
	if lia.Rules.Version != cat.Rules.Version {
		add("setting", "version", lia.Rules.Version+" -> "+cat.Rules.Version)
	}
	return out
}

func num(f float64) string { return strconv.FormatFloat(f, 'g', -1, 64) }

// WriteText writes the report for a person; the caller says the warnings
// (on standard error).
func (r *Report) WriteText(w io.Writer) {
	name := r.Dir
	if name == "" {
		name = "lia's own rules"
	}
	if !r.OK() {
		for _, p := range r.Problems {
			fmt.Fprintf(w, "%s\n", p)
		}
		fmt.Fprintf(w, "%s: %s; lia refuses these rules\n", name, plural(len(r.Problems), "problem"))
		return
	}
	s := r.Set
	fmt.Fprintf(w, "%s: rules %s, digest %s\n", name, s.Version(), s.Digest)
	if r.Dir != "" {
		for _, f := range []struct {
			name string
			mode Mode
		}{{QuestionnaireFile, s.Questionnaire}, {ScoringFile, s.Scoring}} {
			how := map[Mode]string{ModeBuiltin: "lia's own (the directory has none)", ModeExtends: "extends lia's", ModeReplace: "replaces lia's"}[f.mode]
			fmt.Fprintf(w, "  %-18s %s\n", f.name, how)
		}
		if s.Builtin() {
			fmt.Fprintf(w, "  the same as lia's own rules: records name them by version alone\n")
		}
	}
	for _, c := range r.Changes {
		fmt.Fprintf(w, "  %-16s %-40s %s\n", c.Kind, c.ID, c.What)
	}
	fmt.Fprintf(w, "%s: %d questions, %d gates, %d risk factors, %d safeguards; every condition, value, reference and weight checks\n",
		name, r.Questions, r.Gates, r.RiskFactors, r.Safeguards)
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}
