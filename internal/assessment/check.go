package assessment

import (
	"fmt"
	"github.com/lia-project/lia/internal/textfmt"
	"math"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Check reports what makes a parsed record incomplete or inconsistent: missing
// header, metadata or answers, a missing result, and a stored result that
// differs from what the rules compute. Answers to questions that do not apply
// and results from older rules are warnings. It does not look at dates or
// signatures, which depend on the clock and on trust.
func (c *Catalog) Check(rec *Record) (errs, warns Errors) {
	errs, warns, _ = c.check(rec)
	return errs, warns
}

// check is Check that also returns the evaluation of the answers, when it
// got that far (nil otherwise).
func (c *Catalog) check(rec *Record) (errs, warns Errors, ev *Evaluation) {
	at := func(field string) (int, int) {
		for f := field; f != ""; {
			if p, ok := rec.Position(f); ok {
				return p.Line, p.Col
			}
			i := strings.LastIndexAny(f, ".[")
			if i < 0 {
				break
			}
			f = f[:i]
		}
		return 1, 1
	}
	add := func(list *Errors, field, check, format string, args ...any) {
		l, col := at(field)
		*list = append(*list, &Error{File: rec.File, Line: l, Col: col, Field: field, Check: check, Msg: fmt.Sprintf(format, args...)})
	}
	if rec.APIVersion == "" {
		add(&errs, "apiVersion", CheckRequired, "missing; the first line of a record is \"apiVersion: %s\"", APIVersion)
	}
	if rec.Kind == "" {
		add(&errs, "kind", CheckRequired, "missing; write \"kind: %s\"", Kind)
	}
	for _, f := range c.Questionnaire.MissingMetadata(rec.Metadata) {
		add(&errs, f, CheckRequired, "missing")
	}
	q := c.Questionnaire
	stored := ""
	if rec.Result != nil {
		stored = rec.Result.Engine.Scoring
		if c.otherRules(rec.Result.Engine) {
			return c.rulesMismatch(rec, errs, warns, add)
		}
	}
	// The answers by slot, and which questions apply, serve the
	// completeness checks and then the evaluation, which prunes them.
	v := q.newVec(rec.Answers)
	defer v.release()
	missing, lacking := q.missingFor(v, stored)
	for _, id := range missing {
		add(&errs, "answers."+id, CheckMissing, "no answer to %q", q.Question(id).Prompt)
	}
	for _, id := range q.irrelevant(v) {
		add(&warns, "answers."+id, CheckIrrelevant, "this question does not apply to this assessment; its answer is ignored")
	}
	if len(errs) > 0 {
		return errs, warns, nil
	}
	if c.Rules.q == q {
		ev = c.Rules.evaluate(rec.Metadata.Jurisdiction, rec.Answers, v)
	} else {
		ev = c.Rules.Evaluate(rec.Metadata.Jurisdiction, rec.Answers)
	}
	if rec.Result == nil {
		add(&errs, "result", CheckResult, "no result; compute it with: lia assess --answers %s -o %s --force", rec.File, rec.File)
		return errs, warns, ev
	}
	if stored := rec.Result.Engine.Scoring; stored != c.Rules.Version {
		// Only a known, older rules version excuses a different result: any
		// other value would let a hand edit of the version hide a hand edit
		// of the outcome.
		if !olderVersion(stored, c.Rules.Version) {
			add(&errs, "result.engine.scoring", CheckResult, "computed with scoring rules %q, which are not older than this lia's rules %s; recompute with: lia assess --answers %s -o %s --force",
				stored, c.Rules.Version, rec.File, rec.File)
			return errs, warns, ev
		}
		if len(lacking) == 0 {
			add(&warns, "result.engine.scoring", CheckStale, "computed with scoring rules %s; today's rules (%s) give outcome %s; refresh with: lia assess --answers %s -o %s --force",
				stored, c.Rules.Version, ev.Result.Outcome, rec.File, rec.File)
			return errs, warns, ev
		}
		// Today's outcome is computed without the answers the record lacks,
		// reading each absence as its condition does.
		add(&warns, "result.engine.scoring", CheckStale, "computed with scoring rules %s; today's rules (%s) give outcome %s without answers to %s added since: %s; answer them and refresh with: lia assess --answers %s -o %s --force",
			stored, c.Rules.Version, ev.Result.Outcome, textfmt.Plural(len(lacking), "question"), strings.Join(lacking, ", "), rec.File, rec.File)
		return errs, warns, ev
	}
	for _, d := range DiffResults(rec.Result, &ev.Result) {
		add(&errs, "result."+d.Field, CheckResult, "stored %s, but the rules compute %s (was the result edited by hand?)", d.Stored, d.Computed)
	}
	return errs, warns, ev
}

// otherRules reports whether a result names other rules than c's: another
// digest, or a digest where c's rules are lia's own (which have none) or the
// reverse. A record of lia's own rules of another version is not one of
// them: the version check (stale rules) covers it.
func (c *Catalog) otherRules(e EngineInfo) bool { return e.Digest != c.Rules.Digest }

// DescribeRules names the rules a result was computed with, for messages.
func DescribeRules(e EngineInfo) string {
	if e.Digest == "" {
		return "lia's own rules " + e.Scoring
	}
	return fmt.Sprintf("rules %s (%s)", e.Scoring, ShortDigest(e.Digest))
}

// RulesName is the rules' version, and for rules that are not lia's own
// their short digest: "2027.1.1 (sha256:9f716b623e5c)".
func RulesName(e EngineInfo) string {
	if e.Digest == "" {
		return e.Scoring
	}
	return e.Scoring + " (" + ShortDigest(e.Digest) + ")"
}

// ShortDigest is a digest cut to what a person compares by eye.
func ShortDigest(d string) string {
	if len(d) > len("sha256:")+12 {
		return d[:len("sha256:")+12]
	}
	return d
}

// rulesMismatch reports a result computed with other rules: these rules
// can neither confirm nor refute it, and what they would miss in the
// answers says nothing about the record.
func (c *Catalog) rulesMismatch(rec *Record, errs, warns Errors, add func(*Errors, string, string, string, ...any)) (Errors, Errors, *Evaluation) {
	e := rec.Result.Engine
	if e.Digest != "" && !digestRE.MatchString(e.Digest) {
		add(&errs, "result.engine.digest", CheckValue, "%q is not a rules digest (sha256: and 64 lowercase hex digits)", textfmt.Cut(e.Digest, 80))
		return errs, warns, nil
	}
	mine := EngineInfo{Scoring: c.Rules.Version, Digest: c.Rules.Digest}
	var ev *Evaluation
	today := ""
	if missing := c.Questionnaire.Missing(rec.Answers); len(missing) == 0 {
		ev = c.Rules.Evaluate(rec.Metadata.Jurisdiction, rec.Answers)
		today = "; these rules give outcome " + ev.Result.Outcome
	} else {
		today = fmt.Sprintf("; these rules ask %s it does not answer (%s)", textfmt.Plural(len(missing), "question"), strings.Join(clipList(missing, 5), ", "))
	}
	// Rules of an older version, or of the same version with other
	// content (rules that extend lia's change with lia's own), are what an
	// upgrade leaves behind: a warning, as for lia's own older rules, with
	// --fail-on applying to the worse outcome. Newer or unrelated rules are
	// an error: lia cannot tell what they would conclude.
	list, field := &errs, "result.engine.scoring"
	if olderVersion(e.Scoring, c.Rules.Version) || e.Scoring == c.Rules.Version {
		list = &warns
	}
	if e.Digest != "" {
		field = "result.engine.digest"
	}
	same := ""
	if e.Scoring == c.Rules.Version {
		same = " (the same version with other content: rules that extend lia's change when lia's own do)"
	}
	add(list, field, CheckRulesMismatch, "computed with %s, but lia checks with %s%s%s; check it with the rules that computed it (--rules DIR), or recompute it with these: lia assess --answers %s -o %s --force",
		DescribeRules(e), DescribeRules(mine), same, today, rec.File, rec.File)
	return errs, warns, ev
}

// clipList keeps the first n items and says how many more there are.
func clipList(xs []string, n int) []string {
	if len(xs) <= n {
		return xs
	}
	return append(append([]string(nil), xs[:n]...), fmt.Sprintf("and %d more", len(xs)-n))
}

var digestRE = regexp.MustCompile(DigestPattern)

// olderVersion reports whether rules version a ("2026.11.1": year, month,
// revision) is older than b. Anything that is not such a version is not older.
func olderVersion(a, b string) bool {
	pa, oka := parseVersion(a)
	pb, okb := parseVersion(b)
	if !oka || !okb {
		return false
	}
	for i := range pa {
		if pa[i] != pb[i] {
			return pa[i] < pb[i]
		}
	}
	return false
}

func parseVersion(v string) ([3]int, bool) {
	var out [3]int
	parts := strings.Split(v, ".")
	if len(parts) != 3 {
		return out, false
	}
	for i, p := range parts {
		n, err := strconv.Atoi(p)
		if err != nil || n < 0 || len(p) > 6 {
			return out, false
		}
		out[i] = n
	}
	return out, true
}

// ResultDiff is one field where two results differ.
type ResultDiff struct {
	Field            string
	Stored, Computed string
}

// DiffResults lists the fields where stored and computed differ, ignoring the
// lia version (a newer binary never invalidates a record on its own).
func DiffResults(stored, computed *Result) []ResultDiff {
	if sameResult(stored, computed) {
		return nil // the common case, without building two trees
	}
	s, c := map[string]string{}, map[string]string{}
	flatten(new(treeBuilder).resultNode(stored), "", s)
	flatten(new(treeBuilder).resultNode(computed), "", c)
	keys := map[string]bool{}
	for k := range s {
		keys[k] = true
	}
	for k := range c {
		keys[k] = true
	}
	var out []ResultDiff
	for k := range keys {
		if k == "engine.version" || s[k] == c[k] {
			continue
		}
		d := ResultDiff{Field: k, Stored: show(s[k]), Computed: show(c[k])}
		out = append(out, d)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Field < out[j].Field })
	if len(out) == 0 {
		// The same fields with the same values, but not the same result: the
		// findings are in another order. The engine's order is part of the
		// result, so that is a difference too.
		out = append(out, ResultDiff{Field: "findings", Stored: "findings in another order", Computed: "them in rule order"})
	}
	return out
}

func show(v string) string {
	if v == "" {
		return "nothing"
	}
	return fmt.Sprintf("%q", textfmt.Cut(v, 80))
}

// flatten maps leaf paths to values; lists of findings are keyed by finding ID
// so that one added finding reads as one difference, not a shifted list.
func flatten(n *yaml.Node, prefix string, out map[string]string) {
	switch n.Kind {
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			flatten(n.Content[i+1], joinPath(prefix, n.Content[i].Value), out)
		}
	case yaml.SequenceNode:
		var scalars []string
		seen := map[string]int{}
		for i, item := range n.Content {
			if item.Kind == yaml.MappingNode {
				key := fmt.Sprint(i)
				for j := 0; j+1 < len(item.Content); j += 2 {
					if item.Content[j].Value == "id" {
						key = item.Content[j+1].Value
					}
				}
				// A repeated ID is keyed by its occurrence, so a duplicated
				// finding reads as an added one.
				seen[key]++
				if seen[key] > 1 {
					key = fmt.Sprintf("%s#%d", key, seen[key])
				}
				flatten(item, prefix+"["+key+"]", out)
				continue
			}
			scalars = append(scalars, item.Value)
		}
		if len(scalars) > 0 || len(n.Content) == 0 {
			quoted := make([]string, len(scalars))
			for i, v := range scalars {
				quoted[i] = strconv.Quote(v)
			}
			out[prefix] = "[" + strings.Join(quoted, ", ") + "]"
		}
	default:
		out[prefix] = n.Value
	}
}

// sameResult reports whether two results are equal in every field DiffResults
// compares (engine.version is not compared). Floats are compared by bits, as
// their formatted forms are.
func sameResult(a, b *Result) bool {
	fl := func(x, y float64) bool { return math.Float64bits(x) == math.Float64bits(y) }
	if a.Engine.Scoring != b.Engine.Scoring || a.Engine.Digest != b.Engine.Digest || a.Outcome != b.Outcome || a.Tests != b.Tests ||
		!fl(a.Scores.InterestWeight, b.Scores.InterestWeight) || !fl(a.Scores.InherentRisk, b.Scores.InherentRisk) ||
		!fl(a.Scores.Mitigation, b.Scores.Mitigation) || !fl(a.Scores.ResidualRisk, b.Scores.ResidualRisk) ||
		a.DPIA.Required != b.DPIA.Required || !slices.Equal(a.DPIA.Criteria, b.DPIA.Criteria) ||
		!slices.Equal(a.DPIA.Derived, b.DPIA.Derived) || !slices.Equal(a.Actions, b.Actions) || len(a.Findings) != len(b.Findings) {
		return false
	}
	for i := range a.Findings {
		x, y := a.Findings[i], b.Findings[i]
		if x.ID != y.ID || x.Test != y.Test || x.Severity != y.Severity || x.Message != y.Message ||
			x.Reference != y.Reference || !slices.Equal(x.Answers, y.Answers) {
			return false
		}
	}
	return true
}
