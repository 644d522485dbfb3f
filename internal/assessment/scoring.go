package assessment

// This file is the engine: a pure function from answers and rules to a result.
// The rules it keeps:
//   - no clock, no I/O, no randomness, no map iteration that reaches the output;
//   - hard gates (severity blocker) decide before any arithmetic;
//   - every number is the sum or product of rule entries that name their answers;
//   - numbers are rounded to two decimals before they are compared, so the stored
//     result can be recomputed exactly from the record.

import (
	"errors"
	"fmt"
	"io/fs"
	"math"
	"slices"
	"sort"
	"strings"

	"github.com/lia-project/lia/internal/textfmt"
)

// Rules is templates/scoring.yaml.
type Rules struct {
	Version  string `yaml:"version"`
	Interest struct {
		Base    TableRule `yaml:"base"`
		Factors []Factor  `yaml:"factors"`
	} `yaml:"interest"`
	Risk struct {
		SeverityLikelihood MatrixRule `yaml:"severity_likelihood"`
		Factors            []Factor   `yaml:"factors"`
	} `yaml:"risk"`
	Mitigations         []Mitigation `yaml:"mitigations"`
	DifferentialPrivacy DPRule       `yaml:"differential_privacy"`
	Balancing           struct {
		PassAtMost        float64  `yaml:"pass_at_most"`
		ConditionalAtMost float64  `yaml:"conditional_at_most"`
		Near              RuleText `yaml:"near"`
		Over              RuleText `yaml:"over"`
	} `yaml:"balancing"`
	DPIA struct {
		Threshold int      `yaml:"threshold"`
		Derive    []Derive `yaml:"derive"`
		Finding   RuleText `yaml:"finding"`
	} `yaml:"dpia"`
	Rules []Rule `yaml:"rules"`

	// Digest names rules that are not lia's own (internal/rules sets it):
	// "sha256:" and the hex SHA-256 of their canonical form. It is empty for
	// lia's built-in rules, which a record names by their version alone.
	Digest string `yaml:"-"`

	q *Questionnaire
}

// TableRule gives points by the value of an enum question.
type TableRule struct {
	Question  string             `yaml:"question"`
	Points    map[string]float64 `yaml:"points"`
	Reference string             `yaml:"reference"`
}

// MatrixRule multiplies two enum questions' points.
type MatrixRule struct {
	Severity         string             `yaml:"severity"`
	Likelihood       string             `yaml:"likelihood"`
	SeverityPoints   map[string]float64 `yaml:"severity_points"`
	LikelihoodPoints map[string]float64 `yaml:"likelihood_points"`
	Scale            float64            `yaml:"scale"`
	Label            string             `yaml:"label"`
	Reference        string             `yaml:"reference"`
}

// Factor adds points when its condition holds.
type Factor struct {
	ID        string  `yaml:"id"`
	Label     string  `yaml:"label"`
	When      string  `yaml:"when"`
	Points    float64 `yaml:"points"`
	Reference string  `yaml:"reference"`
	cond      Cond
	paths     []string // Paths(cond), for contributions
}

// Mitigation removes a share of the risk when its condition holds.
type Mitigation struct {
	ID        string  `yaml:"id"`
	Label     string  `yaml:"label"`
	When      string  `yaml:"when"`
	Strength  float64 `yaml:"strength"`
	Reference string  `yaml:"reference"`
	cond      Cond
	paths     []string // Paths(cond), for contributions
}

// DPRule derives differential privacy's strength from epsilon and the unit.
type DPRule struct {
	ID         string             `yaml:"id"`
	Label      string             `yaml:"label"`
	When       string             `yaml:"when"`
	Epsilon    string             `yaml:"epsilon"`
	Unit       string             `yaml:"unit"`
	Delta      string             `yaml:"delta"`
	MaxDelta   float64            `yaml:"max_delta"`
	Tiers      []DPTier           `yaml:"tiers"`
	UnitFactor map[string]float64 `yaml:"unit_factor"`
	Reference  string             `yaml:"reference"`
	cond       Cond
	answers    []string // what its contribution is based on: Paths(cond), epsilon and unit
}

// DPTier is one band of epsilon.
type DPTier struct {
	MaxEpsilon float64 `yaml:"max_epsilon"`
	Strength   float64 `yaml:"strength"`
	Label      string  `yaml:"label"`
}

// RuleText is the wording of a finding the engine raises itself.
type RuleText struct {
	ID        string `yaml:"id"`
	Message   string `yaml:"message"`
	Action    string `yaml:"action"`
	Reference string `yaml:"reference"`
}

// Derive adds a WP248 criterion when its condition holds.
type Derive struct {
	Criterion string `yaml:"criterion"`
	When      string `yaml:"when"`
	cond      Cond
	paths     []string // Paths(cond)
}

// Rule raises a finding when its condition holds.
type Rule struct {
	ID        string `yaml:"id"`
	Test      string `yaml:"test"`
	Severity  string `yaml:"severity"`
	When      string `yaml:"when"`
	Message   string `yaml:"message"`
	Action    string `yaml:"action"`
	Reference string `yaml:"reference"`
	cond      Cond
	answers   []string
}

// Severities, from most to least serious.
const (
	SeverityBlocker = "blocker"
	SeverityMajor   = "major"
	SeverityMinor   = "minor"
	SeverityInfo    = "info"
)

// Test names; "dpia" groups the DPIA screening's finding. Evaluate keeps
// their statuses in an array in this order.
var (
	testNameList = [...]string{"purpose", "necessity", "balancing", "dpia"}
	testNames    = testNameList[:]
)

// Catalog is the questionnaire with the rules that score it.
type Catalog struct {
	Questionnaire *Questionnaire
	Rules         *Rules
}

// RulesFile is one rules document and the name its problems are reported under.
type RulesFile struct {
	Name string
	Data []byte
}

// Load reads questionnaire.yaml and scoring.yaml from fsys.
func Load(fsys fs.FS) (*Catalog, error) {
	qd, err := fs.ReadFile(fsys, "questionnaire.yaml")
	if err != nil {
		return nil, err
	}
	sd, err := fs.ReadFile(fsys, "scoring.yaml")
	if err != nil {
		return nil, err
	}
	return ParseCatalog(RulesFile{"questionnaire.yaml", qd}, RulesFile{"scoring.yaml", sd})
}

// ParseCatalog parses and checks a questionnaire and the scoring rules for
// it. The two files decode independently (only checking the rules needs the
// questionnaire), so they decode side by side: every command but --version
// starts here. On failure the error is RulesErrors, each with file and line.
func ParseCatalog(qf, sf RulesFile) (*Catalog, error) {
	type decoded struct {
		r   *Rules
		err error
	}
	rules := make(chan decoded, 1)
	go func() {
		r, err := decodeRules(sf.Name, sf.Data)
		rules <- decoded{r, err}
	}()
	q, qerr := parseCatalogue(qf.Name, qf.Data)
	d := <-rules
	if qerr != nil || d.err != nil {
		// Scoring rules cannot be checked without their questionnaire, but
		// what is wrong with the file itself is worth saying at once.
		var all RulesErrors
		all = append(all, AsRulesErrors(qerr)...)
		all = append(all, AsRulesErrors(d.err)...)
		if len(all) == 0 {
			return nil, errors.Join(qerr, d.err)
		}
		return nil, all
	}
	if err := d.r.check(q, sf); err != nil {
		return nil, err
	}
	return &Catalog{Questionnaire: q, Rules: d.r}, nil
}

// ParseRules parses scoring rules and checks every condition, value and weight,
// including the properties the invariants depend on (strengths in [0,1), epsilon
// tiers getting weaker as epsilon grows, non-negative points).
func ParseRules(data []byte, q *Questionnaire) (*Rules, error) {
	f := RulesFile{"scoring.yaml", data}
	r, err := decodeRules(f.Name, f.Data)
	if err != nil {
		return nil, err
	}
	if err := r.check(q, f); err != nil {
		return nil, err
	}
	return r, nil
}

// decodeRules reads scoring.yaml strictly (unknown keys are errors).
func decodeRules(name string, data []byte) (*Rules, error) {
	var r Rules
	if err := decodeStrict(name, data, &r); err != nil {
		return nil, err
	}
	return &r, nil
}

// check checks every condition, value and weight of decoded rules against
// the questionnaire, compiles the conditions, and reports every problem with
// its line in f. The monotonicity the engine's invariants rest on is checked
// here, for every set of rules: a risk factor only adds risk, a safeguard
// only removes it, a worse severity or likelihood never scores lower, and
// differential privacy never gets stronger as epsilon grows.
func (r *Rules) check(q *Questionnaire, f RulesFile) error {
	r.q = q
	errs := &rulesErrs{file: f.Name}
	bad := errs.at
	if r.Version == "" {
		bad("version", "version is required")
	}
	cond := func(path, what, src string) Cond {
		c, err := ParseCond(src, q)
		if err != nil {
			bad(path+".when", "%s: when: %v", what, err)
			return always{}
		}
		return c
	}
	// checkTable checks the points of an enum question's values; rising, when
	// a later value of the question is worse and may not score lower.
	checkTable := func(path, what, qid, points string, pts map[string]float64, rising bool) {
		qu := q.Question(qid)
		if qu == nil || qu.Type != TypeEnum {
			bad(path, "%s: %q is not an enum question", what, qid)
			return
		}
		prev, prevV := 0.0, ""
		for _, v := range qu.ValueNames() {
			p, ok := pts[v]
			switch {
			case !ok:
				bad(path+"."+points, "%s: no points for %s = %s", what, qid, v)
				continue
			case p < 0 || math.IsNaN(p):
				bad(path+"."+points+"."+v, "%s: points for %s must be 0 or more", what, v)
			case rising && prevV != "" && p < prev:
				bad(path+"."+points+"."+v, "%s: %s scores %g, less than %s (%g): a worse answer would lower the risk", what, v, p, prevV, prev)
			}
			prev, prevV = p, v
		}
		for v := range pts {
			if !qu.HasValue(v) {
				bad(path+"."+points+"."+v, "%s: %s has no value %q", what, qid, v)
			}
		}
	}
	checkTable("interest.base", "interest.base", r.Interest.Base.Question, "points", r.Interest.Base.Points, false)
	m := &r.Risk.SeverityLikelihood
	checkTable("risk.severity_likelihood", "risk.severity_likelihood", m.Severity, "severity_points", m.SeverityPoints, true)
	checkTable("risk.severity_likelihood", "risk.severity_likelihood", m.Likelihood, "likelihood_points", m.LikelihoodPoints, true)
	if !(m.Scale > 0) {
		bad("risk.severity_likelihood.scale", "risk.severity_likelihood: scale must be more than 0")
	}
	ids := map[string]bool{}
	factors := func(path, kind string, fs []Factor) {
		for i := range fs {
			f := &fs[i]
			at := fmt.Sprintf("%s[%d]", path, i)
			what := fmt.Sprintf("%s factor %q", kind, f.ID)
			switch {
			case f.ID == "" || ids[path+f.ID]:
				bad(at, "%s: needs an id of its own", what)
			case f.Label == "" || f.Reference == "":
				bad(at, "%s: needs a label and a reference", what)
			}
			ids[path+f.ID] = true
			if f.Points < 0 || math.IsNaN(f.Points) {
				if kind == "risk" {
					bad(at+".points", "%s: points %g would lower the risk when it applies; a risk factor only adds risk (points 0 or more)", what, f.Points)
				} else {
					bad(at+".points", "%s: points %g would lower the weight of the interest; an interest factor only adds weight (points 0 or more)", what, f.Points)
				}
			}
			f.cond = cond(at, what, f.When)
			f.paths = slices.Clip(Paths(f.cond))
		}
	}
	factors("interest.factors", "interest", r.Interest.Factors)
	factors("risk.factors", "risk", r.Risk.Factors)
	for i := range r.Mitigations {
		mi := &r.Mitigations[i]
		at := fmt.Sprintf("mitigations[%d]", i)
		what := fmt.Sprintf("mitigation %q", mi.ID)
		switch {
		case mi.ID == "" || ids["m"+mi.ID]:
			bad(at, "%s: needs an id of its own", what)
		case mi.Label == "" || mi.Reference == "":
			bad(at, "%s: needs a label and a reference", what)
		}
		ids["m"+mi.ID] = true
		switch {
		case mi.Strength < 0 || math.IsNaN(mi.Strength):
			bad(at+".strength", "%s: strength %g would raise the risk when the safeguard is in place; a safeguard's strength is in [0,1)", what, mi.Strength)
		case mi.Strength >= 1:
			bad(at+".strength", "%s: strength %g would remove all risk; a safeguard's strength is in [0,1)", what, mi.Strength)
		}
		mi.cond = cond(at, what, mi.When)
		mi.paths = slices.Clip(Paths(mi.cond))
	}
	dp := &r.DifferentialPrivacy
	dp.cond = cond("differential_privacy", "differential_privacy", dp.When)
	dp.answers = slices.Clip(append(Paths(dp.cond), dp.Epsilon, dp.Unit))
	if qu := q.Question(dp.Epsilon); qu == nil || qu.Type != TypeNumber {
		bad("differential_privacy.epsilon", "differential_privacy: epsilon %q is not a number question", dp.Epsilon)
	}
	if qu := q.Question(dp.Delta); qu == nil || qu.Type != TypeNumber || !(dp.MaxDelta > 0) {
		bad("differential_privacy.delta", "differential_privacy: delta %q must be a number question, with max_delta > 0", dp.Delta)
	}
	if qu := q.Question(dp.Unit); qu == nil || qu.Type != TypeEnum {
		bad("differential_privacy.unit", "differential_privacy: unit %q is not an enum question", dp.Unit)
	} else {
		for _, v := range qu.ValueNames() {
			if f, ok := dp.UnitFactor[v]; !ok || !(f >= 0 && f <= 1) {
				bad("differential_privacy.unit_factor", "differential_privacy: unit_factor for %s must be in [0,1]", v)
			}
		}
	}
	if len(dp.Tiers) == 0 {
		bad("differential_privacy", "differential_privacy: tiers are required")
	}
	for i, t := range dp.Tiers {
		at := fmt.Sprintf("differential_privacy.tiers[%d]", i)
		if !(t.Strength >= 0 && t.Strength < 1) {
			bad(at, "differential_privacy: tier %d strength must be in [0,1)", i)
		}
		// A larger epsilon is a weaker guarantee, so strength may never rise with it.
		if i > 0 && (t.MaxEpsilon <= dp.Tiers[i-1].MaxEpsilon || t.Strength > dp.Tiers[i-1].Strength) {
			bad(at, "differential_privacy: tiers must have rising max_epsilon and falling strength (a weaker guarantee never protects more)")
		}
	}
	b := &r.Balancing
	if !(b.PassAtMost > 0 && b.ConditionalAtMost >= b.PassAtMost) {
		bad("balancing", "balancing: need 0 < pass_at_most <= conditional_at_most")
	}
	if r.DPIA.Threshold < 1 {
		bad("dpia.threshold", "dpia: threshold must be 1 or more")
	}
	if crit := q.Question("dpia.criteria"); crit == nil {
		bad("dpia", "the questionnaire has no dpia.criteria")
	} else {
		for i := range r.DPIA.Derive {
			d := &r.DPIA.Derive[i]
			at := fmt.Sprintf("dpia.derive[%d]", i)
			if !crit.HasValue(d.Criterion) {
				bad(at+".criterion", "dpia.derive: unknown criterion %q", d.Criterion)
			}
			d.cond = cond(at, "dpia.derive "+d.Criterion, d.When)
			if d.cond != nil && slices.Contains(d.cond.paths(nil), ScreenedPath) {
				bad(at+".when", "dpia.derive %s: a derivation cannot read %s, which it computes", d.Criterion, ScreenedPath)
			}
			d.paths = Paths(d.cond)
		}
	}
	for i := range r.Rules {
		ru := &r.Rules[i]
		at := fmt.Sprintf("rules[%d]", i)
		what := fmt.Sprintf("rule %q", ru.ID)
		if ru.ID == "" || ids["r"+ru.ID] {
			bad(at, "%s: needs an id of its own", what)
		}
		ids["r"+ru.ID] = true
		if !slices.Contains(testNames, ru.Test) {
			bad(at+".test", "%s: test must be one of %s", what, strings.Join(testNames, ", "))
		}
		switch ru.Severity {
		case SeverityBlocker, SeverityMajor:
			if ru.Action == "" {
				bad(at, "%s: a %s needs an action", what, ru.Severity)
			}
		case SeverityMinor, SeverityInfo:
		default:
			bad(at+".severity", "%s: unknown severity %q", what, ru.Severity)
		}
		if ru.Message == "" || ru.Reference == "" {
			bad(at, "%s: needs a message and a reference", what)
		}
		ru.cond = cond(at, what, ru.When)
		ru.Message, ru.Action = oneLine(ru.Message), oneLine(ru.Action)
		ru.answers = sortedPaths(ru.cond)
	}
	for _, t := range []*RuleText{&r.Balancing.Near, &r.Balancing.Over, &r.DPIA.Finding} {
		t.Message, t.Action = oneLine(t.Message), oneLine(t.Action)
	}
	return errs.err(f.Data)
}

// Contribution is one term of a score, for explanations.
type Contribution struct {
	ID        string
	Label     string
	Points    float64 // for interest and risk terms
	Strength  float64 // for mitigations
	Removed   float64 // risk this mitigation removed, in the order applied
	Reference string
	Answers   []string
}

// Evaluation is a result with the terms behind its numbers.
type Evaluation struct {
	Result      Result
	Interest    []Contribution
	Risk        []Contribution
	Mitigations []Contribution
	Ratio       float64 // residual risk / interest weight
	Actions     []string
}

// Evaluate computes the result for a complete set of answers under a
// jurisdiction (metadata.jurisdiction: "eu" or "uk"; "" reads as neither,
// which the rules treat as the EU default). Answers to questions that do not
// apply are ignored.
func (r *Rules) Evaluate(jurisdiction string, in Answers) *Evaluation {
	v := r.q.newVec(in)
	defer v.release()
	return r.evaluate(jurisdiction, in, v)
}

// evaluate is Evaluate with in's answers in v (from newVec of the rules'
// questionnaire), which it prunes.
func (r *Rules) evaluate(jurisdiction string, in Answers, vec *answerVec) *Evaluation {
	f := facts{a: r.q.prune(in, vec), vec: vec, jurisdiction: jurisdiction}
	a := f.a
	// The DPIA screening comes first, so that rules may read dpia.screened;
	// its finding is added after the balancing, as before.
	ticked, tickedAny, derived, screened := r.screen(f)
	f.screened = screened
	ev := &Evaluation{}
	res := &ev.Result
	res.Engine = EngineInfo{Version: Version, Scoring: r.Version, Digest: r.Digest}

	// Interest weight.
	base := r.Interest.Base
	// Each list of contributions is gathered in scratch, on the stack, and
	// copied out at its length: one allocation per list, of what it holds.
	var scratch [24]Contribution
	cs := scratch[:0]
	if v, ok := a[base.Question]; ok {
		cs = append(cs, Contribution{ID: "interest-type", Label: "Kind of interest: " + r.q.Question(base.Question).Label(v.Text),
			Points: base.Points[v.Text], Reference: base.Reference, Answers: []string{base.Question}})
	}
	ev.Interest = contributions(appendFactors(cs, r.Interest.Factors, f))
	interest := round2(sumPoints(ev.Interest))

	// Inherent risk.
	m := r.Risk.SeverityLikelihood
	cs = scratch[:0]
	if s, ok := a[m.Severity]; ok {
		if l, ok := a[m.Likelihood]; ok {
			cs = append(cs, Contribution{ID: "severity-likelihood", Label: fmt.Sprintf("%s (%s x %s)", m.Label, s.Text, l.Text),
				Points: float64(m.SeverityPoints[s.Text]) * float64(m.LikelihoodPoints[l.Text]) * m.Scale, Reference: m.Reference,
				Answers: []string{m.Severity, m.Likelihood}})
		}
	}
	ev.Risk = contributions(appendFactors(cs, r.Risk.Factors, f))
	inherent := round2(sumPoints(ev.Risk))

	// Mitigations compound: each removes its share of what is left.
	remaining := 1.0
	cs = scratch[:0]
	for _, mi := range r.Mitigations {
		if mi.cond.eval(f) && mi.Strength > 0 {
			cs = append(cs, Contribution{ID: mi.ID, Label: mi.Label, Strength: mi.Strength, Reference: mi.Reference, Answers: mi.paths})
		}
	}
	if c, ok := r.dpContribution(f); ok {
		cs = append(cs, c)
	}
	ev.Mitigations = contributions(cs)
	for i := range ev.Mitigations {
		c := &ev.Mitigations[i]
		c.Removed = round2(inherent * remaining * c.Strength)
		remaining = float64(remaining * (1 - c.Strength))
	}
	mitigation := round2(1 - remaining)
	residual := round2(inherent * remaining)
	res.Scores = Scores{InterestWeight: interest, InherentRisk: inherent, Mitigation: mitigation, ResidualRisk: residual}

	// Findings from the rules, in rule order.
	for _, ru := range r.Rules {
		if ru.cond.eval(f) {
			res.Findings = append(res.Findings, Finding{ID: ru.ID, Test: ru.Test, Severity: ru.Severity,
				Message: ru.Message, Reference: ru.Reference, Answers: append([]string(nil), ru.answers...)})
			if ru.Action != "" {
				ev.Actions = appendUnique(ev.Actions, ru.Action)
			}
		}
	}

	// Balancing: compare residual risk with the interest weight.
	ev.Ratio = math.Inf(1)
	if interest > 0 {
		ev.Ratio = round2(residual / interest)
	}
	balAnswers := balancingAnswers(ev)
	switch {
	case ev.Ratio > r.Balancing.ConditionalAtMost:
		res.Findings = append(res.Findings, r.engineFinding(r.Balancing.Over, "balancing", SeverityBlocker, balAnswers))
		ev.Actions = appendUnique(ev.Actions, r.Balancing.Over.Action)
	case ev.Ratio > r.Balancing.PassAtMost:
		res.Findings = append(res.Findings, r.engineFinding(r.Balancing.Near, "balancing", SeverityMajor, balAnswers))
		ev.Actions = appendUnique(ev.Actions, r.Balancing.Near.Action)
	}

	// DPIA screening (computed above), criterion by criterion in catalogue
	// order.
	crit := r.q.Question("dpia.criteria").Values
	res.DPIA.Criteria, res.DPIA.Derived = screened, []string{}
	var dpiaAnswers []string
	for i, c := range crit {
		if derived[i] != nil && !ticked[i] {
			res.DPIA.Derived = append(res.DPIA.Derived, c.Value)
			dpiaAnswers = append(dpiaAnswers, derived[i]...)
		}
	}
	res.DPIA.Required = len(res.DPIA.Criteria) >= r.DPIA.Threshold
	if res.DPIA.Required && !a["dpia.completed"].Bool {
		if tickedAny {
			dpiaAnswers = append(dpiaAnswers, "dpia.criteria")
		}
		dpiaAnswers = append(dpiaAnswers, "dpia.completed")
		res.Findings = append(res.Findings, r.engineFinding(r.DPIA.Finding, "dpia", SeverityMajor, dpiaAnswers))
		ev.Actions = appendUnique(ev.Actions, r.DPIA.Finding.Action)
	}

	// Statuses, by test (testNames): a blocker fails its test, a major
	// makes it conditional.
	var status [len(testNameList)]string
	for i := range status {
		status[i] = OutcomePass
	}
	for _, f := range res.Findings {
		i := slices.Index(testNames, f.Test)
		if i < 0 {
			continue
		}
		switch f.Severity {
		case SeverityBlocker:
			status[i] = OutcomeFail
		case SeverityMajor:
			if status[i] == OutcomePass {
				status[i] = OutcomeConditional
			}
		}
	}
	statusOf := func(test string) string { return status[slices.Index(testNames, test)] }
	res.Tests.Purpose = r.testResult("purpose", statusOf("purpose"), res.Findings)
	res.Tests.Necessity = r.testResult("necessity", statusOf("necessity"), res.Findings)
	res.Tests.Balancing = r.testResult("balancing", statusOf("balancing"), res.Findings)
	res.Outcome = OutcomePass
	for _, st := range status {
		if OutcomeRank(st) > OutcomeRank(res.Outcome) {
			res.Outcome = st
		}
	}
	res.Actions = ev.Actions
	if res.Actions == nil {
		res.Actions = []string{}
	}
	if res.Findings == nil {
		res.Findings = []Finding{}
	}
	return ev
}

// screen runs the DPIA screening, by criterion (the values of
// dpia.criteria, in catalogue order): whether it is ticked, the answers read
// by the derivations that derive it (nil when none does), and every
// criterion that applies; tickedAny: dpia.criteria lists any value. A
// derivation that reads no answers derives nothing. The derivations never
// read dpia.screened (checked on load).
func (r *Rules) screen(f facts) (ticked []bool, tickedAny bool, derived [][]string, screened []string) {
	crit := r.q.Question("dpia.criteria").Values
	ticked, derived, screened = make([]bool, len(crit)), make([][]string, len(crit)), []string{}
	if v, ok := f.a["dpia.criteria"]; ok {
		tickedAny = len(v.List) > 0
		for i, c := range crit {
			ticked[i] = slices.Contains(v.List, c.Value)
		}
	}
	for _, d := range r.DPIA.Derive {
		if d.cond.eval(f) {
			if i := slices.IndexFunc(crit, func(c Choice) bool { return c.Value == d.Criterion }); i >= 0 {
				derived[i] = append(derived[i], d.paths...)
			}
		}
	}
	for i, c := range crit {
		if ticked[i] || derived[i] != nil {
			screened = append(screened, c.Value)
		}
	}
	return ticked, tickedAny, derived, screened
}

func (r *Rules) dpContribution(f facts) (Contribution, bool) {
	dp := r.DifferentialPrivacy
	a := f.a
	if !dp.cond.eval(f) {
		return Contribution{}, false
	}
	eps, ok := a[dp.Epsilon]
	if !ok {
		return Contribution{}, false
	}
	if d, ok := a[dp.Delta]; ok && d.Float() >= dp.MaxDelta {
		return Contribution{}, false
	}
	unit := a[dp.Unit].Text
	for _, t := range dp.Tiers {
		if eps.Float() <= t.MaxEpsilon {
			s := round2(t.Strength * dp.UnitFactor[unit])
			label := fmt.Sprintf("%s (epsilon %s: %s; unit: %s)", dp.Label, eps.String(), t.Label, unit)
			return Contribution{ID: dp.ID, Label: label, Strength: s, Reference: dp.Reference,
				Answers: dp.answers}, s > 0
		}
	}
	return Contribution{}, false
}

func (r *Rules) engineFinding(t RuleText, test, sev string, answers []string) Finding {
	return Finding{ID: t.ID, Test: test, Severity: sev, Message: t.Message, Reference: t.Reference, Answers: dedupSorted(answers)}
}

var testTitles = map[string]string{
	"purpose":   "a legitimate interest exists",
	"necessity": "the processing is necessary for it",
	"balancing": "people's interests do not override it",
}

func (r *Rules) testResult(test, status string, fs []Finding) TestResult {
	var block, major []string
	for _, f := range fs {
		if f.Test != test {
			continue
		}
		switch f.Severity {
		case SeverityBlocker:
			block = append(block, f.ID)
		case SeverityMajor:
			major = append(major, f.ID)
		}
	}
	var reason string
	switch status {
	case OutcomeFail:
		reason = fmt.Sprintf("Not met: %s (%s).", textfmt.Plural(len(block), "blocker"), strings.Join(block, ", "))
	case OutcomeConditional:
		reason = fmt.Sprintf("Met once %s resolved (%s).", textfmt.Plural(len(major), "issue is", "issues are"), strings.Join(major, ", "))
	default:
		reason = "Met: " + testTitles[test] + "."
	}
	return TestResult{Status: status, Reason: reason}
}

func balancingAnswers(ev *Evaluation) []string {
	n := 0
	for _, cs := range [][]Contribution{ev.Interest, ev.Risk, ev.Mitigations} {
		for _, c := range cs {
			n += len(c.Answers)
		}
	}
	out := make([]string, 0, n)
	for _, cs := range [][]Contribution{ev.Interest, ev.Risk, ev.Mitigations} {
		for _, c := range cs {
			out = append(out, c.Answers...)
		}
	}
	return out
}

// appendFactors appends the contributions of the factors that hold.
// Contributions share their Answers with the rules: callers only read them.
func appendFactors(dst []Contribution, fs []Factor, facts facts) []Contribution {
	for _, f := range fs {
		if f.cond.eval(facts) && f.Points != 0 {
			dst = append(dst, Contribution{ID: f.ID, Label: f.Label, Points: f.Points, Reference: f.Reference, Answers: f.paths})
		}
	}
	return dst
}

// contributions copies cs out of the scratch it was gathered in; none is nil.
func contributions(cs []Contribution) []Contribution {
	if len(cs) == 0 {
		return nil
	}
	return append([]Contribution(nil), cs...)
}

func sumPoints(cs []Contribution) float64 {
	s := 0.0
	for _, c := range cs {
		s = float64(s + c.Points)
	}
	return s
}

// round2 rounds to two decimals; the explicit conversions stop the compiler
// from fusing multiply-adds, so every platform gets the same bits.
func round2(x float64) float64 {
	return float64(math.Round(float64(x*100))) / 100
}

func sortedPaths(c Cond) []string { return dedupSorted(Paths(c)) }

func dedupSorted(xs []string) []string {
	out := append([]string(nil), xs...)
	sort.Strings(out)
	j := 0
	for i, x := range out {
		if i == 0 || x != out[j-1] {
			out[j] = x
			j++
		}
	}
	if j == 0 {
		return []string{}
	}
	return out[:j]
}

func appendUnique(xs []string, s string) []string {
	for _, x := range xs {
		if x == s {
			return xs
		}
	}
	return append(xs, s)
}

// oneLine folds the whitespace of a template text.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }
