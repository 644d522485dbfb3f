package assessment

// This file holds the small condition language that both templates use: the
// questionnaire's "when" (does a question apply?) and the scoring rules' "when"
// (does a gate, factor or mitigation fire?). One language, one evaluator, so the
// wizard, the validator and the engine can never disagree about applicability.
//
// Grammar:
//
//	expr   = term { "or" term }
//	term   = factor { "and" factor }
//	factor = "not" factor | "(" expr ")" | atom
//	atom   = PATH [ op VALUE | "in" "(" VALUE { "," VALUE } ")" | "has" VALUE ]
//	op     = "==" | "!=" | ">=" | ">" | "<=" | "<"
//
// A bare PATH is true when a bool answer is true (or a text answer is non-empty).
// Any comparison on an unanswered question is false, so "not" of it is true;
// "PATH == false" is true only once the question has been answered "no".
//
// Scoring rules may also read metadata.jurisdiction (eu or uk), the one fact
// from a record's metadata that changes the law applied, and dpia.screened
// (multi, the values of dpia.criteria): the DPIA screening's criteria, those
// ticked and those derived, so that a rule built on "any other criterion"
// (the ICO's Art. 35(4) list) reads the one derivation in scoring.yaml.
// Questions' "when" may read neither: which questions apply never depends on
// the regime, so the wizard, the validator and the schema agree without
// knowing the metadata.

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode"
)

// Cond is a parsed condition.
type Cond interface {
	// Eval evaluates the condition on answers alone, with no jurisdiction.
	Eval(a Answers) bool
	eval(f facts) bool
	// paths appends the question IDs the condition reads.
	paths(dst []string) []string
}

// JurisdictionPath is the condition path of metadata.jurisdiction.
const JurisdictionPath = "metadata.jurisdiction"

// ScreenedPath is the condition path of the DPIA screening's criteria
// (ticked or derived), which scoring rules other than dpia.derive may read.
const ScreenedPath = "dpia.screened"

// screenedQuestion describes dpia.screened to the condition parser: a multi
// with the values of dpia.criteria (nil when the catalogue has none).
func screenedQuestion(crit *Question) *Question {
	if crit == nil {
		return nil
	}
	return &Question{Short: "screened", ID: ScreenedPath, Type: TypeMulti, Values: crit.Values}
}

// jurisdictionQuestion describes metadata.jurisdiction to the condition
// parser, with the values the metadata description allows; it is not a
// question of the catalogue.
func jurisdictionQuestion(spec *MetadataSpec) (*Question, error) {
	if len(spec.Fields) == 0 {
		return undescribedJurisdiction, nil
	}
	key := strings.TrimPrefix(JurisdictionPath, "metadata.")
	f := spec.Field(key)
	if f == nil || f.Type != MetaEnum {
		return nil, fmt.Errorf("questionnaire.yaml: metadata: the scoring rules read %s, so it must be described as an enum", key)
	}
	return &Question{Short: f.Name, ID: JurisdictionPath, Type: TypeEnum, Values: f.Values}, nil
}

// undescribedJurisdiction is metadata.jurisdiction in a partial catalogue
// without a metadata description, which tests of the condition language
// write; TestUndescribedJurisdiction holds it to the shipped description.
var undescribedJurisdiction = &Question{Short: "jurisdiction", ID: JurisdictionPath, Type: TypeEnum,
	Values: []Choice{{Value: "eu", Label: "EU GDPR"}, {Value: "uk", Label: "UK GDPR"}}}

// facts is what a condition reads: the answers and, for scoring rules, the
// record's jurisdiction ("" when unknown, which no comparison matches) and
// the DPIA screening's criteria (nil until they are computed). The answers
// are a map, or, on the paths that evaluate every condition of a record, an
// answerVec of the same answers by question slot.
type facts struct {
	a            Answers
	vec          *answerVec // when set, the answers; a is not read
	jurisdiction string
	screened     []string
}

type orCond []Cond
type andCond []Cond
type notCond struct{ c Cond }

type atomCond struct {
	path   string
	op     string // "" (truth), ==, !=, >=, >, <=, <, in, has
	values []string
	num    float64
	kind   opKind // op, compiled
	// slot is the question's index in its catalogue (Questions), where an
	// answerVec holds its answer; slotJurisdiction or slotScreened for the
	// facts that are not answers.
	slot int
}

// The slots of metadata.jurisdiction and dpia.screened.
const (
	slotJurisdiction = -1
	slotScreened     = -2
)

// opKind is an atom's operator, resolved once when the condition is parsed.
type opKind uint8

const (
	opTruth opKind = iota
	opEq
	opNe
	opIn
	opHas
	opGe
	opGt
	opLe
	opLt
)

var opKinds = map[string]opKind{"": opTruth, "==": opEq, "!=": opNe, "in": opIn, "has": opHas, ">=": opGe, ">": opGt, "<=": opLe, "<": opLt}

func (c orCond) Eval(a Answers) bool   { return c.eval(facts{a: a}) }
func (c andCond) Eval(a Answers) bool  { return c.eval(facts{a: a}) }
func (c notCond) Eval(a Answers) bool  { return c.eval(facts{a: a}) }
func (c atomCond) Eval(a Answers) bool { return c.eval(facts{a: a}) }

func (c orCond) eval(f facts) bool {
	for _, x := range c {
		if x.eval(f) {
			return true
		}
	}
	return false
}

func (c andCond) eval(f facts) bool {
	for _, x := range c {
		if !x.eval(f) {
			return false
		}
	}
	return true
}

func (c notCond) eval(f facts) bool { return !c.c.eval(f) }

// eval is false on an unanswered question (and an unknown jurisdiction);
// otherwise it tests the answer.
func (c atomCond) eval(f facts) bool {
	switch {
	case c.slot == slotJurisdiction:
		if f.jurisdiction == "" {
			return false
		}
		v := Value{Type: TypeEnum, Text: f.jurisdiction}
		return c.test(&v)
	case c.slot == slotScreened:
		if f.screened == nil {
			return false
		}
		v := Value{Type: TypeMulti, List: f.screened}
		return c.test(&v)
	case f.vec != nil:
		if !f.vec.has[c.slot] {
			return false
		}
		return c.test(&f.vec.vals[c.slot])
	}
	v, ok := f.a[c.path]
	if !ok {
		return false
	}
	return c.test(&v)
}

// test applies the atom's operator to an answer.
func (c *atomCond) test(v *Value) bool {
	switch c.kind {
	case opTruth:
		switch v.Type {
		case TypeBool:
			return v.Bool
		case TypeMulti:
			return len(v.List) > 0
		default:
			return v.Text != ""
		}
	case opEq, opNe:
		eq := v.Text == c.values[0]
		if v.Type == TypeBool {
			eq = v.Bool == (c.values[0] == "true")
		}
		return eq == (c.kind == opEq)
	case opIn:
		for _, w := range c.values {
			if v.Text == w {
				return true
			}
		}
		return false
	case opHas:
		for _, w := range v.List {
			if w == c.values[0] {
				return true
			}
		}
		return false
	}
	n := v.Float()
	switch c.kind {
	case opGe:
		return n >= c.num
	case opGt:
		return n > c.num
	case opLe:
		return n <= c.num
	case opLt:
		return n < c.num
	}
	return false
}

// answerVec holds a record's answers by slot, the index of their question in
// the catalogue (Questions), and which questions apply given them: built once
// per record, it lets every condition read an answer by index instead of
// hashing its ID, and the questions that apply be worked out once.
type answerVec struct {
	vals    []Value
	has     []bool
	applies []bool
}

// vecs holds answerVecs for reuse: nothing keeps one once its record is checked.
var vecs = sync.Pool{New: func() any { return new(answerVec) }}

// newVec returns the answers a by slot, with the questions that apply
// given them. release returns it.
func (q *Questionnaire) newVec(a Answers) *answerVec {
	v := vecs.Get().(*answerVec)
	n := len(q.all)
	if cap(v.vals) < n {
		v.vals, v.has, v.applies = make([]Value, n), make([]bool, n), make([]bool, n)
	}
	v.vals, v.has, v.applies = v.vals[:n], v.has[:n], v.applies[:n]
	for i, qu := range q.all {
		v.vals[i], v.has[i] = a[qu.ID]
	}
	q.apply(v)
	return v
}

// release returns v for reuse. Its slots are overwritten, not cleared: a
// pooled vector keeps at most one record's answers alive, until its next
// use or the pool is emptied by the collector.
func (v *answerVec) release() { vecs.Put(v) }

// apply works out which questions apply given v's answers, as
// Question.Applies does: the question's section applies, and its own
// condition holds.
func (q *Questionnaire) apply(v *answerVec) {
	f := facts{vec: v}
	var sec *Section
	secApplies := false
	for i, qu := range q.all {
		if qu.Section != sec {
			sec = qu.Section
			secApplies = sec.cond.eval(f)
		}
		v.applies[i] = secApplies && qu.cond.eval(f)
	}
}

func (c orCond) paths(dst []string) []string {
	for _, x := range c {
		dst = x.paths(dst)
	}
	return dst
}

func (c andCond) paths(dst []string) []string {
	for _, x := range c {
		dst = x.paths(dst)
	}
	return dst
}

func (c notCond) paths(dst []string) []string { return c.c.paths(dst) }
func (c atomCond) paths(dst []string) []string {
	for _, p := range dst {
		if p == c.path {
			return dst
		}
	}
	return append(dst, c.path)
}

// Paths lists, in order of first appearance, the question IDs a condition
// reads. metadata.jurisdiction is not an answer and is left out: a finding
// that depends on it says which regime it belongs to in its message.
// dpia.screened reads as dpia.criteria, the answer the screening starts from.
func Paths(c Cond) []string {
	if c == nil {
		return nil
	}
	var out []string
	for _, p := range c.paths(nil) {
		switch p {
		case JurisdictionPath:
			continue
		case ScreenedPath:
			p = "dpia.criteria"
		}
		if !slices.Contains(out, p) {
			out = append(out, p)
		}
	}
	return out
}

// always is the condition of a question with no "when".
type always struct{}

func (always) Eval(Answers) bool           { return true }
func (always) eval(facts) bool             { return true }
func (always) paths(dst []string) []string { return dst }

// ParseCond parses a condition and checks every path, operator and value against
// the questionnaire, so that a typo in a template is caught when it is loaded.
func ParseCond(src string, q *Questionnaire) (Cond, error) {
	if strings.TrimSpace(src) == "" {
		return always{}, nil
	}
	toks, err := tokenize(src)
	if err != nil {
		return nil, err
	}
	p := &condParser{toks: toks, q: q}
	c, err := p.expr()
	if err != nil {
		return nil, err
	}
	if p.i < len(p.toks) {
		return nil, fmt.Errorf("unexpected %q", p.toks[p.i])
	}
	return c, nil
}

type condParser struct {
	toks []string
	i    int
	q    *Questionnaire
}

func (p *condParser) peek() string {
	if p.i < len(p.toks) {
		return p.toks[p.i]
	}
	return ""
}

func (p *condParser) next() string {
	t := p.peek()
	if p.i < len(p.toks) {
		p.i++
	}
	return t
}

func (p *condParser) expr() (Cond, error) {
	var terms orCond
	for {
		t, err := p.term()
		if err != nil {
			return nil, err
		}
		terms = append(terms, t)
		if p.peek() != "or" {
			break
		}
		p.next()
	}
	if len(terms) == 1 {
		return terms[0], nil
	}
	return terms, nil
}

func (p *condParser) term() (Cond, error) {
	var fs andCond
	for {
		f, err := p.factor()
		if err != nil {
			return nil, err
		}
		fs = append(fs, f)
		if p.peek() != "and" {
			break
		}
		p.next()
	}
	if len(fs) == 1 {
		return fs[0], nil
	}
	return fs, nil
}

func (p *condParser) factor() (Cond, error) {
	switch p.peek() {
	case "not":
		p.next()
		f, err := p.factor()
		if err != nil {
			return nil, err
		}
		return notCond{f}, nil
	case "(":
		p.next()
		e, err := p.expr()
		if err != nil {
			return nil, err
		}
		if p.next() != ")" {
			return nil, fmt.Errorf("missing )")
		}
		return e, nil
	}
	return p.atom()
}

func (p *condParser) atom() (Cond, error) {
	path := p.next()
	if path == "" {
		return nil, fmt.Errorf("unexpected end of condition")
	}
	q := p.q.Question(path)
	if q == nil && path == JurisdictionPath && !p.q.questionsOnly {
		q = p.q.jurisdiction
	}
	if q == nil && path == ScreenedPath && !p.q.questionsOnly {
		q = p.q.screened
	}
	if q == nil {
		return nil, fmt.Errorf("unknown question %q", path)
	}
	a := atomCond{path: path, slot: q.index}
	switch path {
	case JurisdictionPath:
		a.slot = slotJurisdiction
	case ScreenedPath:
		a.slot = slotScreened
	}
	switch op := p.peek(); op {
	case "==", "!=":
		p.next()
		a.op = op
		a.values = []string{p.next()}
	case "in":
		p.next()
		a.op = "in"
		if p.next() != "(" {
			return nil, fmt.Errorf("%s in: expected (", path)
		}
		for {
			a.values = append(a.values, p.next())
			t := p.next()
			if t == ")" {
				break
			}
			if t != "," {
				return nil, fmt.Errorf("%s in: expected , or )", path)
			}
		}
	case "has":
		p.next()
		a.op = "has"
		a.values = []string{p.next()}
	case ">=", ">", "<=", "<":
		p.next()
		a.op = op
		lit := p.next()
		n, err := strconv.ParseFloat(lit, 64)
		if err != nil {
			return nil, fmt.Errorf("%s %s: %q is not a number", path, op, lit)
		}
		a.num = n
	}
	a.kind = opKinds[a.op]
	return a, checkAtom(a, q)
}

func checkAtom(a atomCond, q *Question) error {
	switch a.op {
	case "":
		if q.Type == TypeInt || q.Type == TypeNumber || q.Type == TypeEnum || q.Type == TypeDate {
			return fmt.Errorf("%s is a %s question: compare it with a value", q.ID, q.Type)
		}
	case "==", "!=":
		if q.Type == TypeBool {
			if v := a.values[0]; v != "true" && v != "false" {
				return fmt.Errorf("%s is a bool question: compare it with true or false, not %q", q.ID, v)
			}
			return nil
		}
		if q.Type != TypeEnum {
			return fmt.Errorf("%s: %s needs an enum or bool question, not %s", q.ID, a.op, q.Type)
		}
	case "in":
		if q.Type != TypeEnum {
			return fmt.Errorf("%s: in needs an enum question, not %s", q.ID, q.Type)
		}
	case "has":
		if q.Type != TypeMulti {
			return fmt.Errorf("%s: has needs a multi question, not %s", q.ID, q.Type)
		}
	default:
		if q.Type != TypeInt && q.Type != TypeNumber {
			return fmt.Errorf("%s: %s needs a number question, not %s", q.ID, a.op, q.Type)
		}
		return nil
	}
	for _, v := range a.values {
		if !q.HasValue(v) {
			return fmt.Errorf("%s has no value %q", q.ID, v)
		}
	}
	return nil
}

func tokenize(s string) ([]string, error) {
	var toks []string
	for i := 0; i < len(s); {
		c := rune(s[i])
		switch {
		case unicode.IsSpace(c):
			i++
		case c == '(' || c == ')' || c == ',':
			toks = append(toks, string(c))
			i++
		case c == '=' || c == '!' || c == '<' || c == '>':
			if i+1 < len(s) && s[i+1] == '=' {
				toks = append(toks, s[i:i+2])
				i += 2
			} else if c == '<' || c == '>' {
				toks = append(toks, string(c))
				i++
			} else {
				return nil, fmt.Errorf("unexpected %q at offset %d", c, i)
			}
		case c == '_' || c == '.' || c == '-' || c < 0x80 && (unicode.IsLetter(c) || unicode.IsDigit(c)):
			j := i
			for j < len(s) && (s[j] == '_' || s[j] == '.' || s[j] == '-' || s[j] < 0x80 && (unicode.IsLetter(rune(s[j])) || unicode.IsDigit(rune(s[j])))) {
				j++
			}
			toks = append(toks, s[i:j])
			i = j
		default:
			return nil, fmt.Errorf("unexpected %q at offset %d", c, i)
		}
	}
	return toks, nil
}
