package assessment

import (
	"fmt"
	"io/fs"
	"regexp"
	"strings"
	"sync"

	"go.yaml.in/yaml/v3"
)

// QType is a question's answer type, as named in spec/questions.md.
type QType string

// The answer types of lia/v1.
const (
	TypeBool   QType = "bool"
	TypeEnum   QType = "enum"
	TypeMulti  QType = "multi"
	TypeText   QType = "text"
	TypeInt    QType = "int"
	TypeNumber QType = "number"
	TypeDate   QType = "date"
)

// Questionnaire is the question catalogue (templates/questionnaire.yaml).
type Questionnaire struct {
	APIVersion string        `yaml:"apiVersion"`
	Metadata   *MetadataSpec `yaml:"-"`
	Sections   []*Section    `yaml:"sections"`

	// Derived by ParseQuestionnaire from Sections; a Questionnaire is not
	// changed after it is parsed.
	byID       map[string]*Question
	all        []*Question
	sectionIDs []string // the sections' IDs, in order, for the parser
	// questionsOnly marks the partial catalogue that questions' conditions
	// are parsed against: they may not read metadata.jurisdiction.
	questionsOnly bool
	// jurisdiction is metadata.jurisdiction as scoring rules' conditions
	// read it, with the values the metadata description allows.
	jurisdiction *Question
	// screened is dpia.screened as scoring rules' conditions read it.
	screened *Question

	sortOnce sync.Once
	sorted   []*Section // by ID, for the canonical form
}

// Section groups questions; the wizard walks sections in order.
type Section struct {
	ID        string      `yaml:"id"`
	Title     string      `yaml:"title"`
	Serves    string      `yaml:"serves"`
	When      string      `yaml:"when"`
	Intro     string      `yaml:"intro"`
	Questions []*Question `yaml:"questions"`

	cond   Cond
	shorts []string    // the questions' short IDs, in order, for the parser
	sorted []*Question // by short ID, for the canonical form
}

// Question is one entry of the catalogue. ID is the full dotted ID
// ("data.subject_count"); Short is the key inside its section.
type Question struct {
	Short     string `yaml:"id"`
	Type      QType  `yaml:"type"`
	Optional  bool   `yaml:"optional"`
	Multiline bool   `yaml:"multiline"`
	Unit      string `yaml:"unit"`
	When      string `yaml:"when"`
	// Since is the scoring rules version that first asks the question
	// ("2026.12.1"); empty for lia/v1's first catalogue. A record computed
	// with older rules may lack its answer and stays complete.
	Since     string   `yaml:"since"`
	Values    []Choice `yaml:"values"`
	Prompt    string   `yaml:"prompt"`
	Help      string   `yaml:"help"`
	Reference string   `yaml:"reference"`

	ID      string   `yaml:"-"`
	Section *Section `yaml:"-"`
	cond    Cond
	field   string // "answers." + ID, the field path in messages
	index   int    // in Questions: the slot compiled conditions read its answer from
}

// Choice is one allowed value of an enum or multi question.
type Choice struct {
	Value string `yaml:"value"`
	Label string `yaml:"label"`
}

var identRE = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)

// LoadQuestionnaire reads questionnaire.yaml from fsys and checks it: the
// metadata description (see metadata.go), known types, unique IDs, values on enum questions, and conditions that parse and
// only refer to questions asked earlier.
func LoadQuestionnaire(fsys fs.FS) (*Questionnaire, error) {
	data, err := fs.ReadFile(fsys, "questionnaire.yaml")
	if err != nil {
		return nil, err
	}
	return parseCatalogue("questionnaire.yaml", data)
}

// parseCatalogue parses a whole catalogue, which describes the metadata.
func parseCatalogue(name string, data []byte) (*Questionnaire, error) {
	q, err := parseQuestionnaire(name, data)
	if err != nil {
		return nil, err
	}
	if len(q.Metadata.Fields) == 0 {
		return nil, RulesErrors{{File: name, Msg: "no metadata block: the record's metadata fields must be described"}}
	}
	return q, nil
}

// questionnaireFile is questionnaire.yaml as decoded; the metadata block is
// read by hand, for its line numbers.
type questionnaireFile struct {
	APIVersion string     `yaml:"apiVersion"`
	Metadata   yaml.Node  `yaml:"metadata"`
	Sections   []*Section `yaml:"sections"`
}

// ParseQuestionnaire parses and checks a questionnaire document: the
// description of the metadata and the questions. On failure the error is
// RulesErrors, every problem with its line.
func ParseQuestionnaire(data []byte) (*Questionnaire, error) {
	return parseQuestionnaire("questionnaire.yaml", data)
}

// parseQuestionnaire is ParseQuestionnaire reporting problems under name.
func parseQuestionnaire(name string, data []byte) (*Questionnaire, error) {
	var file questionnaireFile
	if err := decodeStrict(name, data, &file); err != nil {
		return nil, err
	}
	errs := &rulesErrs{file: name}
	bad := errs.at
	meta, err := parseMetadataSpec(&file.Metadata)
	if err != nil {
		for _, e := range AsRulesErrors(err) {
			e.File = name
			errs.list = append(errs.list, e)
		}
		return nil, errs.err(data)
	}
	jq, err := jurisdictionQuestion(meta)
	if err != nil {
		bad("metadata", "%s", strings.TrimPrefix(err.Error(), "questionnaire.yaml: "))
		return nil, errs.err(data)
	}
	q := Questionnaire{APIVersion: file.APIVersion, Metadata: meta, Sections: file.Sections, jurisdiction: jq}
	q.byID = map[string]*Question{}
	seenSec := map[string]bool{}
	for i, s := range q.Sections {
		at := fmt.Sprintf("sections[%d]", i)
		if !identRE.MatchString(s.ID) || seenSec[s.ID] {
			bad(at+".id", "bad or repeated section id %q", s.ID)
		}
		seenSec[s.ID] = true
		q.sectionIDs = append(q.sectionIDs, s.ID)
		for j, qu := range s.Questions {
			at := fmt.Sprintf("%s.questions[%d]", at, j)
			if !identRE.MatchString(qu.Short) {
				bad(at+".id", "bad question id %q in %s", qu.Short, s.ID)
			}
			qu.ID = s.ID + "." + qu.Short
			qu.field = "answers." + qu.ID
			qu.Section = s
			s.shorts = append(s.shorts, qu.Short)
			if q.byID[qu.ID] != nil {
				bad(at+".id", "question %s appears twice", qu.ID)
				continue
			}
			switch qu.Type {
			case TypeBool, TypeText, TypeInt, TypeNumber, TypeDate:
				if len(qu.Values) > 0 {
					bad(at+".values", "%s: a %s question has no values", qu.ID, qu.Type)
				}
			case TypeEnum, TypeMulti:
				if len(qu.Values) == 0 {
					bad(at, "%s: a %s question needs values", qu.ID, qu.Type)
				}
				seen := map[string]bool{}
				for k, c := range qu.Values {
					if !identRE.MatchString(c.Value) || seen[c.Value] {
						bad(fmt.Sprintf("%s.values[%d]", at, k), "%s: bad or repeated value %q", qu.ID, c.Value)
					}
					seen[c.Value] = true
				}
			case "":
				bad(at, "%s: type is required (bool, enum, multi, text, int, number or date)", qu.ID)
			default:
				bad(at+".type", "%s: unknown type %q", qu.ID, qu.Type)
			}
			// An optional bool is how a question is added to lia/v1 without making
			// existing records incomplete: its absence must mean the cautious answer.
			if qu.Optional && qu.Type != TypeText && qu.Type != TypeBool {
				bad(at+".optional", "%s: only text and bool questions can be optional", qu.ID)
			}
			if _, ok := parseVersion(qu.Since); qu.Since != "" && !ok {
				bad(at+".since", "%s: since %q is not a rules version such as 2026.12.1", qu.ID, qu.Since)
			}
			q.byID[qu.ID] = qu
			qu.index = len(q.all)
			q.all = append(q.all, qu)
		}
	}
	// Conditions may only read questions that come earlier, so that an interview
	// in catalogue order always knows whether the next question applies.
	asked := &Questionnaire{byID: map[string]*Question{}, questionsOnly: true}
	for i, s := range q.Sections {
		c, err := ParseCond(s.When, asked)
		if err != nil {
			bad(fmt.Sprintf("sections[%d].when", i), "section %s: when: %v", s.ID, err)
			c = always{}
		}
		s.cond = c
		for j, qu := range s.Questions {
			c, err := ParseCond(qu.When, asked)
			if err != nil {
				bad(fmt.Sprintf("sections[%d].questions[%d].when", i, j), "%s: when: %v", qu.ID, err)
				c = always{}
			}
			qu.cond = c
			asked.byID[qu.ID] = qu
		}
	}
	if err := errs.err(data); err != nil {
		return nil, err
	}
	q.screened = screenedQuestion(q.byID["dpia.criteria"])
	return &q, nil
}

// Question returns the question with the full ID, or nil.
func (q *Questionnaire) Question(id string) *Question { return q.byID[id] }

// Section returns the section with the ID, or nil.
func (q *Questionnaire) Section(id string) *Section {
	for _, s := range q.Sections {
		if s.ID == id {
			return s
		}
	}
	return nil
}

// Questions lists every question in catalogue order. The slice is shared:
// callers must not modify it.
func (q *Questionnaire) Questions() []*Question { return q.all }

// HasValue reports whether v is an allowed value of an enum or multi question.
func (qu *Question) HasValue(v string) bool {
	for _, c := range qu.Values {
		if c.Value == v {
			return true
		}
	}
	return false
}

// Label returns the label of value v, or v itself.
func (qu *Question) Label(v string) string {
	for _, c := range qu.Values {
		if c.Value == v && c.Label != "" {
			return c.Label
		}
	}
	return v
}

// ValueNames lists the allowed values.
func (qu *Question) ValueNames() []string {
	out := make([]string, len(qu.Values))
	for i, c := range qu.Values {
		out[i] = c.Value
	}
	return out
}

// Applies reports whether the section applies given the answers so far.
func (s *Section) Applies(a Answers) bool { return s.cond.Eval(a) }

// Applies reports whether the question is asked (and required) given the
// answers so far: its section applies and its own condition holds.
func (qu *Question) Applies(a Answers) bool {
	return qu.Section.cond.Eval(a) && qu.cond.Eval(a)
}

// Required reports whether an applicable question must be answered.
func (qu *Question) Required() bool { return !qu.Optional }

// Missing lists, in catalogue order, the IDs of applicable required questions
// without an answer.
func (q *Questionnaire) Missing(a Answers) []string {
	v := q.newVec(a)
	defer v.release()
	return q.missing(v)
}

func (q *Questionnaire) missing(v *answerVec) []string {
	var out []string
	for i, qu := range q.all {
		if !v.has[i] && qu.Required() && v.applies[i] {
			out = append(out, qu.ID)
		}
	}
	return out
}

// MissingFor is Missing for a record whose result was computed with rules
// version scoring ("" when it has no result): an unanswered question added
// by a later rules version (Question.Since) is listed in lacking instead of
// missing, so a record made under older rules stays complete and valid.
func (q *Questionnaire) MissingFor(a Answers, scoring string) (missing, lacking []string) {
	v := q.newVec(a)
	defer v.release()
	return q.missingFor(v, scoring)
}

func (q *Questionnaire) missingFor(v *answerVec, scoring string) (missing, lacking []string) {
	for _, id := range q.missing(v) {
		if s := q.byID[id].Since; s != "" && scoring != "" && olderVersion(scoring, s) {
			lacking = append(lacking, id)
			continue
		}
		missing = append(missing, id)
	}
	return missing, lacking
}

// Irrelevant lists the IDs of answers to questions that do not apply.
func (q *Questionnaire) Irrelevant(a Answers) []string {
	v := q.newVec(a)
	defer v.release()
	return q.irrelevant(v)
}

func (q *Questionnaire) irrelevant(v *answerVec) []string {
	var out []string
	for i, qu := range q.all {
		if v.has[i] && !v.applies[i] {
			out = append(out, qu.ID)
		}
	}
	return out
}

// Prune returns the answers without those to questions that do not apply.
// Dropping one answer can close further branches, so it repeats until stable.
// When every answer applies it returns a itself, so callers must not modify
// the result.
func (q *Questionnaire) Prune(a Answers) Answers {
	v := q.newVec(a)
	defer v.release()
	return q.prune(a, v)
}

// prune is Prune of a, whose answers v holds; v is left holding the pruned
// answers.
func (q *Questionnaire) prune(a Answers, v *answerVec) Answers {
	out, cloned := a, false
	for {
		dropped := false
		for i, qu := range q.all {
			if v.has[i] && !v.applies[i] {
				if !cloned {
					out, cloned = a.Clone(), true
				}
				delete(out, qu.ID)
				v.has[i], v.vals[i] = false, Value{}
				dropped = true
			}
		}
		if !dropped {
			return out
		}
		q.apply(v)
	}
}

// describeValues lists allowed values for error messages.
func describeValues(qu *Question) string {
	return strings.Join(qu.ValueNames(), ", ")
}
