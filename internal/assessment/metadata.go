package assessment

// This file reads the description of a record's metadata (the metadata block
// of templates/questionnaire.yaml) and keeps the rules every reader of
// metadata shares. The rules it keeps:
//   - each field is described once: key, type, optional or not, default,
//     prompt, help, description; the parser, MissingMetadata, the JSON Schema,
//     the writer, the canonical form, the diff and the interview iterate over
//     the description, and none of them lists the fields;
//   - the description matches the Metadata struct, whose yaml tags bind each
//     key to a Go field: every field of the struct is described, with a type
//     its Go field holds; a bad description is refused with file:line;
//   - a value's format (id, e-mail address, date, one of the allowed values, a
//     date not before the one it follows) is checked by MetaField.Check, for the
//     parser and the interview alike.

import (
	"cmp"
	"fmt"
	"github.com/lia-project/lia/internal/textfmt"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// MetaType is the type of a metadata field's value.
type MetaType string

// The metadata types. Text, e-mail, date, id and enum values are strings in
// the record; a bool is true or false.
const (
	MetaText  MetaType = "text"
	MetaEmail MetaType = "email"
	MetaDate  MetaType = "date"
	MetaID    MetaType = "id"
	MetaEnum  MetaType = "enum"
	MetaBool  MetaType = "bool"
)

// MetaField is one described metadata field, or a group of fields (Type ""
// and Fields set).
type MetaField struct {
	Key         string     // the path below metadata: "assessor.email"
	Name        string     // the key in its own mapping: "email"
	Type        MetaType   // "" for a group
	Optional    bool       // may be left out or empty
	Late        bool       // the interview asks it once the outcome is known (after_outcome)
	Values      []Choice   // an enum's allowed values
	When        *MetaField // a bool field that must be true for this one to be asked
	NotBefore   *MetaField // a date this date may not precede
	Label       string     // how messages name the field; Key when empty
	Default     string     // the interview's default, as described
	Description string     // what the field means, for the JSON Schema
	Prompt      string     // the interview's question
	Help        string
	Fields      []*MetaField // a group's fields, in record order
	Line        int          // where the field is described

	field  string       // "metadata." + Key, the field path in messages
	index  []int        // the Go field in Metadata
	def    metaDefault  // Default, compiled
	names  []string     // a group's keys, in record order, for the parser
	sorted []*MetaField // a group's fields by key, for the canonical form
}

// MetadataSpec is the description of a record's metadata.
type MetadataSpec struct {
	Fields []*MetaField // the top-level fields, in record order

	names  []string     // the top-level keys, for the parser
	leaves []*MetaField // every field that holds a value, in record order
	ask    []*MetaField // the leaves in the order the interview asks them
	sorted []*MetaField // the top-level fields by key, for the canonical form
}

// metaDefault is a compiled default: today, from + n years/months/days, or a
// slug of from.
type metaDefault struct {
	kind                string // "", "today", "after", "slug"
	from                *MetaField
	years, months, days int
}

// Leaves returns the fields that hold a value, in record order. The slice is
// shared: callers must not modify it.
func (s *MetadataSpec) Leaves() []*MetaField { return s.leaves }

// AskOrder returns the leaves in the order the interview asks them: record
// order, except that a field whose default reads a later field is asked right
// after it. The slice is shared: callers must not modify it.
func (s *MetadataSpec) AskOrder() []*MetaField { return s.ask }

// Field returns the field with the key ("assessor.email"), or nil.
func (s *MetadataSpec) Field(key string) *MetaField {
	for _, f := range s.leaves {
		if f.Key == key {
			return f
		}
	}
	return nil
}

// MissingMetadata lists, in record order, the required metadata fields that m
// lacks ("metadata.assessor.email").
func (q *Questionnaire) MissingMetadata(m Metadata) []string {
	var out []string
	for _, f := range q.Metadata.leaves {
		if !f.Optional && !f.isSet(f.value(&m)) {
			out = append(out, f.field)
		}
	}
	return out
}

// Noun is how messages name the field: its label, or its key.
func (f *MetaField) Noun() string {
	if f.Label != "" {
		return f.Label
	}
	return f.Key
}

// ValueLabel returns the label of an enum value, or the value itself.
func (f *MetaField) ValueLabel(v string) string {
	for _, c := range f.Values {
		if c.Value == v && c.Label != "" {
			return c.Label
		}
	}
	return v
}

func (f *MetaField) hasValue(v string) bool {
	for _, c := range f.Values {
		if c.Value == v {
			return true
		}
	}
	return false
}

func (f *MetaField) valueNames() []string {
	out := make([]string, len(f.Values))
	for i, c := range f.Values {
		out[i] = c.Value
	}
	return out
}

// value is f's Go field in m. The writers walk a record's metadata from its
// root instead (metadataValue, then in), which costs one step a field.
func (f *MetaField) value(m *Metadata) reflect.Value {
	v := metadataValue(m)
	for _, i := range f.index {
		v = v.Field(i)
	}
	return v
}

// metadataValue is m as the root of a walk through its fields.
func metadataValue(m *Metadata) reflect.Value { return reflect.ValueOf(m).Elem() }

// in is f's Go field in its group's (or the metadata's) value.
func (f *MetaField) in(parent reflect.Value) reflect.Value {
	return parent.Field(f.index[len(f.index)-1])
}

// Text returns f's value in m as the record has it: "" when unset, "true" or
// "false" for a bool.
func (f *MetaField) Text(m *Metadata) string { return f.text(f.value(m)) }

func (f *MetaField) text(v reflect.Value) string {
	if f.Type == MetaBool {
		if v.IsNil() {
			return ""
		}
		return strconv.FormatBool(v.Elem().Bool())
	}
	return v.String()
}

// Set sets f's value in m from its Text form; "" unsets it.
func (f *MetaField) Set(m *Metadata, s string) { f.set(f.value(m), s) }

func (f *MetaField) set(v reflect.Value, s string) {
	if f.Type == MetaBool {
		if s == "" {
			v.SetZero()
			return
		}
		b := s == "true"
		v.Set(reflect.ValueOf(&b))
		return
	}
	v.SetString(s)
}

// Bool returns a bool field's value, nil when unset.
func (f *MetaField) Bool(m *Metadata) *bool {
	if f.Type != MetaBool {
		return nil
	}
	return f.value(m).Interface().(*bool)
}

// isSet reports whether f's Go value v, or for a group any of its fields,
// holds something.
func (f *MetaField) isSet(v reflect.Value) bool {
	if f.Fields != nil {
		for _, c := range f.Fields {
			if c.isSet(c.in(v)) {
				return true
			}
		}
		return false
	}
	if f.Type == MetaBool {
		return !v.IsNil()
	}
	return v.Len() > 0
}

// Applies reports whether the interview asks f, given m: its When field, if
// any, is true.
func (f *MetaField) Applies(m *Metadata) bool {
	if f.When == nil {
		return true
	}
	b := f.When.Bool(m)
	return b != nil && *b
}

// DefaultValue returns the value the interview offers for f: its described
// default computed from m and today (YYYY-MM-DD), or "" when f has none or
// what it reads is not there yet.
func (f *MetaField) DefaultValue(m *Metadata, today string) string {
	switch d := f.def; d.kind {
	case "today":
		return today
	case "after":
		t, err := time.Parse(time.DateOnly, d.from.Text(m))
		if err != nil {
			return ""
		}
		return t.AddDate(d.years, d.months, d.days).Format(time.DateOnly)
	case "slug":
		if s := d.from.Text(m); s != "" {
			return Slug(s)
		}
	}
	return ""
}

var slugRE = regexp.MustCompile(`[^a-z0-9]+`)

// Slug derives a record ID from a title: "Card fraud (EU)" -> "card-fraud-eu";
// a long title is cut after a whole word, at most 60 characters.
func Slug(title string) string {
	s := strings.Trim(slugRE.ReplaceAllString(strings.ToLower(title), "-"), "-")
	if len(s) > 60 {
		// Cut after a whole word, where there is one.
		if i := strings.LastIndexByte(s[:61], '-'); i > 0 {
			s = s[:i]
		} else {
			s = s[:60]
		}
	}
	if s == "" {
		s = "assessment"
	}
	return s
}

// FieldError is what is wrong with a value: the check that failed (CheckValue,
// CheckEnum) and a message that quotes the value.
type FieldError struct {
	Check string
	Msg   string
}

func (e *FieldError) Error() string { return e.Msg }

// The formats of ids and e-mail addresses. The parser and the interview
// check them with validID and validEmail, which read each byte once; the JSON
// Schema states them as these patterns, and TestFormatPatterns holds the two
// to the same verdicts.
const (
	idPattern    = `^[a-z0-9][a-z0-9-]*$`
	emailPattern = `^[^@ \t]+@[^ \t]+$`
	maxIDLen     = 128
)

// validID reports whether s is an id: lowercase letters, digits and dashes,
// not starting with a dash, at most maxIDLen bytes.
func validID(s string) bool {
	if s == "" || len(s) > maxIDLen || s[0] == '-' {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; (c < 'a' || c > 'z') && (c < '0' || c > '9') && c != '-' {
			return false
		}
	}
	return true
}

// validEmail reports whether s looks like an e-mail address: an @ with
// something before and after it, and no space or tab.
func validEmail(s string) bool {
	at := strings.IndexByte(s, '@')
	return at > 0 && at < len(s)-1 && !strings.ContainsAny(s, " \t")
}

// maxNotBefore bounds the fields with a not_before, so that the parser keeps
// them without allocating.
const maxNotBefore = 4

// validDate reports whether s is a date as YYYY-MM-DD.
func validDate(s string) bool {
	_, err := time.Parse(time.DateOnly, s)
	return err == nil
}

func dateError(s string) *FieldError {
	return &FieldError{CheckValue, fmt.Sprintf("expected a date as YYYY-MM-DD, found %q", textfmt.Cut(s, 40))}
}

// Check reports what is wrong with s as f's value given the rest of the
// metadata m (a date may not precede its NotBefore date), or nil. Emptiness is
// each reader's business (a YAML null, an empty answer); Check is the rule on
// a value that is there.
func (f *MetaField) Check(m *Metadata, s string) *FieldError {
	if e := f.checkFormat(s); e != nil {
		return e
	}
	return f.checkOrder(m, s)
}

func (f *MetaField) checkFormat(s string) *FieldError {
	switch f.Type {
	case MetaID:
		if !validID(s) {
			return &FieldError{CheckValue, fmt.Sprintf("id %q must be lowercase letters, digits and dashes, starting with a letter or digit (at most %d)", textfmt.Cut(s, 40), maxIDLen)}
		}
	case MetaEmail:
		if !validEmail(s) {
			return &FieldError{CheckValue, fmt.Sprintf("expected an e-mail address such as ana@example.com, found %q", textfmt.Cut(s, 40))}
		}
	case MetaDate:
		if !validDate(s) {
			return dateError(s)
		}
	case MetaEnum:
		if !f.hasValue(s) {
			return &FieldError{CheckEnum, fmt.Sprintf("unknown value %q; allowed: %s", textfmt.Cut(s, 40), strings.Join(f.valueNames(), ", "))}
		}
	}
	return nil
}

// checkOrder checks a date against its NotBefore date, when both are there.
func (f *MetaField) checkOrder(m *Metadata, s string) *FieldError {
	if f.NotBefore == nil || s == "" {
		return nil
	}
	if before := f.NotBefore.Text(m); before != "" && s < before {
		return &FieldError{CheckValue, fmt.Sprintf("%s %s is before the %s %s", f.Noun(), s, f.NotBefore.Noun(), before)}
	}
	return nil
}

// ParseInput checks what a person typed for f and returns the value to set:
// the text trimmed, after the same Check as the parser's. A required field
// needs an answer.
func (f *MetaField) ParseInput(m *Metadata, s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		if f.Optional {
			return "", nil
		}
		return "", fmt.Errorf("an answer is needed here")
	}
	if e := f.Check(m, s); e != nil {
		return "", e
	}
	return s, nil
}

// ---- loading the description ----

// metaKeys are the keys a field's description may have, in the order the
// questionnaire writes them.
var metaKeys = []string{"key", "type", "optional", "after_outcome", "values", "when", "not_before", "label", "default",
	"description", "prompt", "help", "fields"}

// metaBuild reads the description.
type metaBuild struct {
	spec  *MetadataSpec
	byKey map[string]*MetaField
	// references are resolved once every field is read.
	refs []metaRef
}

type metaRef struct {
	f         *MetaField
	what, src string
	line      int
}

func metaErr(line int, format string, args ...any) error {
	return &RulesError{File: "questionnaire.yaml", Line: line, Msg: "metadata: " + fmt.Sprintf(format, args...)}
}

// parseMetadataSpec reads and checks the metadata block, n. Without one (a
// partial catalogue, as tests write them) the description is empty: records
// have no metadata fields. LoadQuestionnaire requires one.
func parseMetadataSpec(n *yaml.Node) (*MetadataSpec, error) {
	if n == nil || n.Kind == 0 {
		return &MetadataSpec{}, nil
	}
	b := &metaBuild{spec: &MetadataSpec{}, byKey: map[string]*MetaField{}}
	fields, err := b.fields(n, "", reflect.TypeFor[Metadata](), nil)
	if err != nil {
		return nil, err
	}
	s := b.spec
	s.Fields = fields
	for _, f := range fields {
		s.names = append(s.names, f.Name)
	}
	s.sorted = sortedFields(fields)
	if err := b.resolve(); err != nil {
		return nil, err
	}
	if err := b.order(); err != nil {
		return nil, err
	}
	return s, nil
}

// fields reads a sequence of field descriptions below prefix; t is the Go
// struct they describe, and index its position in Metadata.
func (b *metaBuild) fields(n *yaml.Node, prefix string, t reflect.Type, index []int) ([]*MetaField, error) {
	where := "metadata"
	if prefix != "" {
		where = prefix + ": fields"
	}
	if n.Kind != yaml.SequenceNode || len(n.Content) == 0 {
		return nil, metaErr(n.Line, "%s must be a list of fields", where)
	}
	var out []*MetaField
	seen := map[string]bool{}
	for _, item := range n.Content {
		f, err := b.field(item, prefix, t, index)
		if err != nil {
			return nil, err
		}
		if seen[f.Name] {
			return nil, metaErr(f.Line, "%s is described twice", f.Key)
		}
		seen[f.Name] = true
		out = append(out, f)
	}
	// Every field of the record is described: the struct is the other half of
	// the contract, and a field left out would be read by nothing.
	for i := 0; i < t.NumField(); i++ {
		name, _, _ := strings.Cut(t.Field(i).Tag.Get("yaml"), ",")
		if name != "" && name != "-" && !seen[name] {
			return nil, metaErr(n.Line, "the record's field %s is not described", joinPath(prefix, name))
		}
	}
	return out, nil
}

// field reads one field's description.
func (b *metaBuild) field(n *yaml.Node, prefix string, t reflect.Type, index []int) (*MetaField, error) {
	if n.Kind != yaml.MappingNode {
		return nil, metaErr(n.Line, "a field is described by a mapping (key, type, prompt, ...)")
	}
	f := &MetaField{Line: n.Line}
	var fieldsNode *yaml.Node
	var when, notBefore, def *yaml.Node
	seen := map[string]bool{}
	lines := map[string]int{} // where each key is, for messages
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if !slices.Contains(metaKeys, k.Value) {
			msg := fmt.Sprintf("unknown key %q", k.Value)
			if s := suggest(k.Value, metaKeys); s != "" {
				msg += fmt.Sprintf("; did you mean %q?", s)
			}
			return nil, metaErr(k.Line, "%s", msg)
		}
		if seen[k.Value] {
			return nil, metaErr(k.Line, "duplicate key %q", k.Value)
		}
		seen[k.Value] = true
		lines[k.Value] = k.Line
		var err error
		switch k.Value {
		case "key":
			f.Name, err = metaText(v, k.Value)
		case "type":
			var s string
			s, err = metaText(v, k.Value)
			f.Type = MetaType(s)
		case "optional":
			if v.Kind != yaml.ScalarNode || v.ShortTag() != "!!bool" {
				return nil, metaErr(v.Line, "optional must be true or false")
			}
			f.Optional = v.Value == "true"
		case "after_outcome":
			if v.Kind != yaml.ScalarNode || v.ShortTag() != "!!bool" {
				return nil, metaErr(v.Line, "after_outcome must be true or false")
			}
			f.Late = v.Value == "true"
		case "values":
			f.Values, err = metaValues(v)
		case "when":
			when = v
		case "not_before":
			notBefore = v
		case "default":
			def = v
		case "label":
			f.Label, err = metaText(v, k.Value)
		case "description":
			f.Description, err = metaText(v, k.Value)
		case "prompt":
			f.Prompt, err = metaText(v, k.Value)
		case "help":
			f.Help, err = metaText(v, k.Value)
		case "fields":
			fieldsNode = v
		}
		if err != nil {
			return nil, err
		}
	}
	if !identRE.MatchString(f.Name) {
		return nil, metaErr(cmp.Or(lines["key"], n.Line), "bad or missing key %q: lowercase letters, digits and underscores", f.Name)
	}
	f.Key = joinPath(prefix, f.Name)
	f.field = "metadata." + f.Key
	sf, ok := structField(t, f.Name)
	if !ok {
		return nil, metaErr(lines["key"], "%s: the record has no such field", f.Key)
	}
	f.index = append(slices.Clone(index), sf.Index...)
	if fieldsNode != nil {
		// A group: its fields say everything.
		if sf.Type.Kind() != reflect.Struct {
			return nil, metaErr(lines["fields"], "%s: the record's field holds a single value, not a group", f.Key)
		}
		for _, k := range []string{"type", "optional", "after_outcome", "values", "when", "not_before", "label", "default", "prompt", "help"} {
			if seen[k] {
				return nil, metaErr(lines[k], "%s: a group of fields has no %s", f.Key, k)
			}
		}
		fs, err := b.fields(fieldsNode, f.Key, sf.Type, f.index)
		if err != nil {
			return nil, err
		}
		f.Fields = fs
		for _, c := range fs {
			f.names = append(f.names, c.Name)
		}
		f.sorted = sortedFields(fs)
		return f, nil
	}
	switch f.Type {
	case MetaText, MetaEmail, MetaDate, MetaID, MetaEnum:
		if sf.Type.Kind() != reflect.String {
			return nil, metaErr(lines["type"], "%s: a %s field needs a text field in the record", f.Key, f.Type)
		}
	case MetaBool:
		if sf.Type != reflect.TypeFor[*bool]() {
			return nil, metaErr(lines["type"], "%s: a bool field needs a yes/no field in the record", f.Key)
		}
	case "":
		return nil, metaErr(n.Line, "%s: a type (text, email, date, id, enum, bool) or fields are needed", f.Key)
	default:
		return nil, metaErr(lines["type"], "%s: unknown type %q; known: text, email, date, id, enum, bool", f.Key, f.Type)
	}
	if (f.Type == MetaEnum) != (len(f.Values) > 0) {
		if f.Type == MetaEnum {
			return nil, metaErr(n.Line, "%s: an enum field needs values", f.Key)
		}
		return nil, metaErr(n.Line, "%s: only an enum field has values", f.Key)
	}
	if f.Optional && f.Type != MetaText {
		return nil, metaErr(lines["optional"], "%s: only text fields can be optional", f.Key)
	}
	if f.Prompt == "" {
		return nil, metaErr(n.Line, "%s: a prompt is needed: the interview asks every field", f.Key)
	}
	for _, r := range []struct {
		what string
		n    *yaml.Node
	}{{"when", when}, {"not_before", notBefore}, {"default", def}} {
		if r.n == nil {
			continue
		}
		src, err := metaText(r.n, r.what)
		if err != nil {
			return nil, err
		}
		b.refs = append(b.refs, metaRef{f: f, what: r.what, src: src, line: r.n.Line})
	}
	b.byKey[f.Key] = f
	b.spec.leaves = append(b.spec.leaves, f)
	return f, nil
}

// structField finds the field of struct t whose yaml tag names key.
func structField(t reflect.Type, key string) (reflect.StructField, bool) {
	for i := 0; i < t.NumField(); i++ {
		sf := t.Field(i)
		if name, _, _ := strings.Cut(sf.Tag.Get("yaml"), ","); name == key {
			return sf, true
		}
	}
	return reflect.StructField{}, false
}

func metaText(n *yaml.Node, what string) (string, error) {
	if n.Kind != yaml.ScalarNode || n.ShortTag() != "!!str" || strings.TrimSpace(n.Value) == "" {
		return "", metaErr(n.Line, "%s must be text", what)
	}
	return n.Value, nil
}

func metaValues(n *yaml.Node) ([]Choice, error) {
	if n.Kind != yaml.SequenceNode || len(n.Content) == 0 {
		return nil, metaErr(n.Line, "values must be a list of {value, label}")
	}
	var out []Choice
	for _, item := range n.Content {
		var c Choice
		if item.Kind != yaml.MappingNode {
			return nil, metaErr(item.Line, "a value is described by {value, label}")
		}
		for i := 0; i+1 < len(item.Content); i += 2 {
			k, v := item.Content[i], item.Content[i+1]
			s, err := metaText(v, k.Value)
			if err != nil {
				return nil, err
			}
			switch {
			case k.Value == "value" && c.Value == "":
				c.Value = s
			case k.Value == "label" && c.Label == "":
				c.Label = s
			default:
				return nil, metaErr(k.Line, "unknown or repeated key %q in a value; a value has value and label", k.Value)
			}
		}
		if !identRE.MatchString(c.Value) || slices.ContainsFunc(out, func(x Choice) bool { return x.Value == c.Value }) {
			return nil, metaErr(item.Line, "bad or repeated value %q", c.Value)
		}
		out = append(out, c)
	}
	return out, nil
}

var defaultAfterRE = regexp.MustCompile(`^([a-z][a-z0-9_.]*) \+ ([0-9]{1,3}) (year|month|day)s?$`)
var defaultSlugRE = regexp.MustCompile(`^slug\(([a-z][a-z0-9_.]*)\)$`)

// resolve compiles when, not_before and default, which name other fields.
func (b *metaBuild) resolve() error {
	nb := 0
	for _, r := range b.refs {
		f := r.f
		ref := func(key string, t MetaType) (*MetaField, error) {
			g := b.byKey[key]
			switch {
			case g == nil:
				return nil, metaErr(r.line, "%s: %s: no field %q", f.Key, r.what, key)
			case g == f:
				return nil, metaErr(r.line, "%s: %s: a field cannot refer to itself", f.Key, r.what)
			case g.Type != t:
				return nil, metaErr(r.line, "%s: %s: %s is a %s field, not %s", f.Key, r.what, key, g.Type, t)
			}
			return g, nil
		}
		var err error
		switch r.what {
		case "when":
			if !f.Optional {
				// MissingMetadata and the schema require a field always or never.
				return metaErr(r.line, "%s: when: only an optional field can depend on another", f.Key)
			}
			f.When, err = ref(r.src, MetaBool)
			if err == nil && slices.Index(b.spec.leaves, f.When) > slices.Index(b.spec.leaves, f) {
				err = metaErr(r.line, "%s: when: %s must come before it", f.Key, r.src)
			}
		case "not_before":
			if f.Type != MetaDate {
				return metaErr(r.line, "%s: not_before: only a date field can have one", f.Key)
			}
			if nb++; nb > maxNotBefore {
				return metaErr(r.line, "%s: not_before: at most %d fields can have one", f.Key, maxNotBefore)
			}
			f.NotBefore, err = ref(r.src, MetaDate)
		case "default":
			err = b.compileDefault(f, r)
			if err == nil {
				f.Default = r.src
			}
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func (b *metaBuild) compileDefault(f *MetaField, r metaRef) error {
	bad := func(format string, args ...any) error {
		return metaErr(r.line, "%s: default: "+format, append([]any{f.Key}, args...)...)
	}
	from := func(key string, t MetaType) (*MetaField, error) {
		g := b.byKey[key]
		switch {
		case g == nil:
			return nil, bad("no field %q", key)
		case g == f:
			return nil, bad("a default cannot read its own field")
		case g.Type != t:
			return nil, bad("%s is a %s field, not %s", key, g.Type, t)
		}
		return g, nil
	}
	switch src := r.src; {
	case src == "today":
		if f.Type != MetaDate {
			return bad("today is a default for a date field")
		}
		f.def = metaDefault{kind: "today"}
	case defaultAfterRE.MatchString(src):
		m := defaultAfterRE.FindStringSubmatch(src)
		if f.Type != MetaDate {
			return bad("%q is a default for a date field", src)
		}
		g, err := from(m[1], MetaDate)
		if err != nil {
			return err
		}
		n, _ := strconv.Atoi(m[2])
		d := metaDefault{kind: "after", from: g}
		switch m[3] {
		case "year":
			d.years = n
		case "month":
			d.months = n
		default:
			d.days = n
		}
		f.def = d
	case defaultSlugRE.MatchString(src):
		if f.Type != MetaID {
			return bad("%q is a default for an id field", src)
		}
		g, err := from(defaultSlugRE.FindStringSubmatch(src)[1], MetaText)
		if err != nil {
			return err
		}
		f.def = metaDefault{kind: "slug", from: g}
	default:
		return bad("%q is not one of: today, FIELD + N years|months|days, slug(FIELD)", src)
	}
	return nil
}

// order computes the interview's order: a field is asked after the field
// its default reads.
func (b *metaBuild) order() error {
	s := b.spec
	placed := map[*MetaField]bool{}
	waiting := map[*MetaField][]*MetaField{}
	var place func(f *MetaField)
	place = func(f *MetaField) {
		s.ask = append(s.ask, f)
		placed[f] = true
		for _, w := range waiting[f] {
			place(w)
		}
	}
	for _, f := range s.leaves {
		if from := f.def.from; from != nil && !placed[from] {
			waiting[from] = append(waiting[from], f)
			continue
		}
		place(f)
	}
	for _, f := range s.leaves {
		if !placed[f] {
			return metaErr(f.Line, "%s: default: the defaults of %s and %s read each other", f.Key, f.Key, f.def.from.Key)
		}
	}
	return nil
}

func sortedFields(fs []*MetaField) []*MetaField {
	return slices.SortedFunc(slices.Values(fs), func(a, b *MetaField) int { return cmp.Compare(a.Name, b.Name) })
}
