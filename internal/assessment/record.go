package assessment

import (
	"sort"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/lia-project/lia/internal/version"
	"github.com/lia-project/lia/internal/yamlfast"
)

// APIVersion and Kind identify a lia record.
const (
	APIVersion = "lia/v1"
	Kind       = "LegitimateInterestAssessment"
)

// Version is the version of lia and of its engine, written to
// result.engine.version; it comes from the build (internal/version).
var Version = version.String()

// Value is one typed answer. Text holds enum values, text and dates
// (YYYY-MM-DD); List holds multi values in the order given.
type Value struct {
	Type   QType
	Bool   bool
	Text   string
	Int    int64
	Number float64
	List   []string
}

// Float returns a numeric answer as float64.
func (v Value) Float() float64 {
	if v.Type == TypeInt {
		return float64(v.Int)
	}
	return v.Number
}

// String formats the answer the way a person reads it in a list.
func (v Value) String() string {
	switch v.Type {
	case TypeBool:
		if v.Bool {
			return "yes"
		}
		return "no"
	case TypeInt:
		return strconv.FormatInt(v.Int, 10)
	case TypeNumber:
		return strconv.FormatFloat(v.Number, 'g', -1, 64)
	case TypeMulti:
		if len(v.List) == 0 {
			return "(none)"
		}
		s := ""
		for i, x := range v.List {
			if i > 0 {
				s += ", "
			}
			s += x
		}
		return s
	}
	return v.Text
}

// Equal reports whether two answers are the same.
func (v Value) Equal(w Value) bool {
	if v.Type != w.Type || v.Bool != w.Bool || v.Text != w.Text || v.Int != w.Int || v.Number != w.Number || len(v.List) != len(w.List) {
		return false
	}
	for i := range v.List {
		if v.List[i] != w.List[i] {
			return false
		}
	}
	return true
}

// Answers maps full question IDs ("data.subject_count") to answers.
type Answers map[string]Value

// Clone returns a copy that shares no slices with a.
func (a Answers) Clone() Answers {
	out := make(Answers, len(a))
	for k, v := range a {
		if v.List != nil {
			v.List = append([]string(nil), v.List...)
		}
		out[k] = v
	}
	return out
}

// Keys returns the answered IDs, sorted.
func (a Answers) Keys() []string {
	ks := make([]string, 0, len(a))
	for k := range a {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

// Person is who completed the assessment.
type Person struct {
	Name  string `yaml:"name"`
	Email string `yaml:"email"`
	Role  string `yaml:"role"`
}

// DPO records whether and how the data protection officer was consulted.
type DPO struct {
	Consulted *bool  `yaml:"consulted"`
	Name      string `yaml:"name,omitempty"`
	Opinion   string `yaml:"opinion,omitempty"`
}

// Metadata describes the assessment. Its fields are described, with their
// types, rules, defaults and prompts, by the metadata block of
// questionnaire.yaml (see MetadataSpec); these yaml tags bind the described
// keys to Go fields, and the description must match them.
type Metadata struct {
	ID           string `yaml:"id"`
	Title        string `yaml:"title"`
	Controller   string `yaml:"controller"`
	Assessor     Person `yaml:"assessor"`
	AssessedOn   string `yaml:"assessed_on"`
	ReviewBy     string `yaml:"review_by"`
	Jurisdiction string `yaml:"jurisdiction"`
	DPO          DPO    `yaml:"dpo"`
}

// DigestPattern is what a rules digest looks like: "sha256:" and 64
// lowercase hex digits.
const DigestPattern = `^sha256:[0-9a-f]{64}$`

// EngineInfo names the code and the rules that computed a result: the
// rules' version and, for rules that are not lia's own, their digest
// (internal/rules says how it is computed). A result without a digest was
// computed with lia's own rules of that version.
type EngineInfo struct {
	Version string `yaml:"version" json:"version"`
	Scoring string `yaml:"scoring" json:"scoring"`
	Digest  string `yaml:"digest,omitempty" json:"digest,omitempty"`
}

// TestResult is the status of one of the three tests.
type TestResult struct {
	Status string `yaml:"status" json:"status"`
	Reason string `yaml:"reason" json:"reason"`
}

// Tests holds the three tests of Art. 6(1)(f).
type Tests struct {
	Purpose   TestResult `yaml:"purpose" json:"purpose"`
	Necessity TestResult `yaml:"necessity" json:"necessity"`
	Balancing TestResult `yaml:"balancing" json:"balancing"`
}

// Scores are the engine's numbers, rounded to two decimals.
type Scores struct {
	InterestWeight float64 `yaml:"interest_weight" json:"interest_weight"`
	InherentRisk   float64 `yaml:"inherent_risk" json:"inherent_risk"`
	Mitigation     float64 `yaml:"mitigation" json:"mitigation"`
	ResidualRisk   float64 `yaml:"residual_risk" json:"residual_risk"`
}

// DPIAResult is the WP248 screening.
type DPIAResult struct {
	Criteria []string `yaml:"criteria" json:"criteria"`
	Derived  []string `yaml:"derived" json:"derived"`
	Required bool     `yaml:"required" json:"required"`
}

// Finding is one reasoned observation of the engine.
type Finding struct {
	ID        string   `yaml:"id" json:"id"`
	Test      string   `yaml:"test" json:"test"`
	Severity  string   `yaml:"severity" json:"severity"`
	Message   string   `yaml:"message" json:"message"`
	Reference string   `yaml:"reference" json:"reference"`
	Answers   []string `yaml:"answers" json:"answers"`
}

// Result is what lia computes from the answers; validate recomputes it.
type Result struct {
	Engine   EngineInfo `yaml:"engine" json:"engine"`
	Outcome  string     `yaml:"outcome" json:"outcome"`
	Tests    Tests      `yaml:"tests" json:"tests"`
	Scores   Scores     `yaml:"scores" json:"scores"`
	DPIA     DPIAResult `yaml:"dpia" json:"dpia"`
	Findings []Finding  `yaml:"findings" json:"findings"`
	Actions  []string   `yaml:"actions" json:"actions"`
}

// Signature is one entry of a record's signatures.
type Signature struct {
	Signer    string `yaml:"signer"`
	Role      string `yaml:"role"`
	Key       string `yaml:"key"`
	SignedAt  string `yaml:"signed_at"`
	Signature string `yaml:"signature"`
}

// Pos is a place in a file.
type Pos struct{ Line, Col int }

// Record is one parsed lia/v1 assessment.
type Record struct {
	APIVersion string
	Kind       string
	Metadata   Metadata
	Answers    Answers
	Result     *Result
	// Justification and Notes are the assessor's own words (reasoning.go).
	Justification Justification
	Notes         map[string]string
	Signatures    []Signature

	// File is the name the record was read from, for messages.
	File string
	// Pos maps field paths to positions, for records built by hand; Position
	// looks here first, then in the file the record was read from.
	Pos map[string]Pos

	tree *fileTree // the file's tree, when the record was read from one
}

// fileTree is the YAML tree a record was read from. Copies of a record share
// it, so that Release forgets the tree in every copy.
type fileTree struct {
	root  *yaml.Node      // the root mapping; nil once released
	arena *yamlfast.Arena // where root's nodes are, or nil when yaml.v3 built them
}

// root returns the root mapping of the record's file, or nil.
func (r *Record) root() *yaml.Node {
	if r.tree == nil {
		return nil
	}
	return r.tree.root
}

// Release hands the memory of the YAML tree the record was read from to the
// next record read, and forgets the tree in the record and its copies:
// afterwards Position finds only the fields of Pos. Nothing else in a record
// refers to that memory. lia validate releases each record once the file is
// reported; a caller that may still ask for positions must not. Release of
// a record not read from a file, or released already, does nothing.
func (r *Record) Release() {
	if r == nil || r.tree == nil {
		return
	}
	t := r.tree
	a := t.arena
	t.root, t.arena = nil, nil
	if a != nil {
		a.Reset()
		arenas.Put(a)
	}
}

// Position returns where a field ("answers.data.subject_count",
// "signatures[1].signer") is in the record's file: the position of its key,
// the first one if the key is repeated. ok is false when the file has no
// such key.
func (r *Record) Position(field string) (Pos, bool) {
	if p, ok := r.Pos[field]; ok {
		return p, true
	}
	n, pos, found := r.root(), Pos{}, false
	for field != "" && n != nil {
		if field[0] == '[' {
			end := strings.IndexByte(field, ']')
			if end < 0 {
				return Pos{}, false
			}
			i, err := strconv.Atoi(field[1:end])
			if err != nil || n.Kind != yaml.SequenceNode || i < 0 || i >= len(n.Content) {
				return Pos{}, false
			}
			n, found = n.Content[i], false
			field = strings.TrimPrefix(field[end+1:], ".")
			continue
		}
		key, rest := field, ""
		if i := strings.IndexAny(field, ".["); i >= 0 {
			key, rest = field[:i], strings.TrimPrefix(field[i:], ".")
		}
		if n.Kind != yaml.MappingNode {
			return Pos{}, false
		}
		var next *yaml.Node
		for i := 0; i+1 < len(n.Content); i += 2 {
			if k := n.Content[i]; k.Kind == yaml.ScalarNode && k.Value == key {
				pos, next = Pos{k.Line, k.Column}, n.Content[i+1]
				break
			}
		}
		n, found, field = next, next != nil, rest
	}
	return pos, found && field == ""
}

// Outcomes in order from best to worst.
const (
	OutcomePass        = "pass"
	OutcomeConditional = "conditional"
	OutcomeFail        = "fail"
)

// OutcomeRank orders outcomes: pass < conditional < fail.
func OutcomeRank(o string) int {
	switch o {
	case OutcomePass:
		return 0
	case OutcomeConditional:
		return 1
	}
	return 2
}
