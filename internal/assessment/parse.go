package assessment

// This file reads lia/v1 records strictly. The rules it keeps:
//   - one YAML document per file, UTF-8, no NUL bytes, at most Limits.MaxBytes;
//   - no anchors or aliases (records are plain data; aliases are how YAML bombs work);
//   - nothing that YAML 1.1 and 1.2 readers read differently: line separators, tabs,
//     directives, tags, and the plain scalars yamlfast.PlainProblem names;
//   - every mapping key is known and appears once; every value has its question's type;
//   - every problem is reported with file, line, column and field, and parsing goes on
//     after a problem so that one run reports them all.
// Completeness (are all applicable questions answered?) is a separate step, so that
// partial answer files can be read with the same code.

import (
	"bytes"
	"errors"
	"fmt"
	"github.com/lia-project/lia/internal/textfmt"
	"io"
	"math"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"github.com/lia-project/lia/internal/yamlfast"
)

// Limits bound what the parser accepts, so hostile input fails fast.
type Limits struct {
	MaxBytes int64 // file size
	MaxDepth int   // nesting of mappings and lists
	MaxNodes int   // YAML nodes in the document
}

// DefaultLimits are generous for any real assessment (a full record is about 5 KiB).
var DefaultLimits = Limits{MaxBytes: 4 << 20, MaxDepth: 32, MaxNodes: 200_000}

// ParseRecord parses one record. On failure the error is an Errors listing
// every problem found.
func ParseRecord(name string, data []byte, q *Questionnaire, limits Limits) (*Record, error) {
	rec, errs := parseRecord(name, data, q, limits)
	if len(errs) > 0 {
		rec.Release()
		return nil, errs
	}
	return rec, nil
}

// arenas hold the YAML trees of records read, for Record.Release to hand
// back: lia validate then reads its files without making the nodes of each
// garbage.
var arenas = sync.Pool{New: func() any { return new(yamlfast.Arena) }}

// parseRecord returns every problem, and what could be read: nil when the
// file is not a YAML mapping.
func parseRecord(name string, data []byte, q *Questionnaire, limits Limits) (*Record, Errors) {
	p := &parser{file: name, q: q, rec: &Record{File: name, Answers: make(Answers, 96)}}
	p.arena = arenas.Get().(*yamlfast.Arena)
	root := p.document(data, limits)
	if root == nil || !p.fast {
		// Nothing refers to the arena: yaml.v3 built the tree, or no
		// record came of it.
		p.arena.Reset()
		arenas.Put(p.arena)
		p.arena = nil
	}
	if root == nil {
		return nil, p.errs
	}
	p.rec.tree = &fileTree{root: root, arena: p.arena}
	p.top(root)
	sort.SliceStable(p.errs, func(i, j int) bool {
		a, b := p.errs[i], p.errs[j]
		return a.Line < b.Line || a.Line == b.Line && a.Col < b.Col
	})
	return p.rec, p.errs
}

type parser struct {
	file string
	q    *Questionnaire
	rec  *Record
	errs Errors

	// ordered are the metadata dates read that may not precede another;
	// parseMetadataSpec allows no more than fit.
	ordered  [maxNotBefore]metaRead
	nOrdered int

	arena *yamlfast.Arena // where yamlfast puts the tree's nodes
	fast  bool            // yamlfast, not yaml.v3, built the tree
}

type metaRead struct {
	f *MetaField
	n *yaml.Node
}

func (p *parser) errAt(n *yaml.Node, field, check, format string, args ...any) *Error {
	e := &Error{File: p.file, Field: field, Check: check, Msg: fmt.Sprintf(format, args...)}
	if n != nil {
		e.Line, e.Col = n.Line, n.Column
	}
	p.errs = append(p.errs, e)
	return e
}

var (
	yamlLineRE = regexp.MustCompile(`^yaml: (?:line (\d+): )?(.*)$`)
	typeLineRE = regexp.MustCompile(`^line (\d+): (.*)$`)
)

// document checks the raw bytes and returns the root mapping node, or nil.
func (p *parser) document(data []byte, limits Limits) *yaml.Node {
	switch {
	case int64(len(data)) > limits.MaxBytes:
		p.errAt(nil, "", CheckSize, "file is larger than the limit of %s", humanBytes(limits.MaxBytes))
		return nil
	case len(bytes.TrimSpace(data)) == 0:
		p.errAt(nil, "", CheckSyntax, "file is empty; a lia record starts with \"apiVersion: lia/v1\"")
		return nil
	}
	if i := bytes.IndexByte(data, 0); i >= 0 {
		e := p.errAt(nil, "", CheckEncoding, "file contains a NUL byte (at offset %d): it is binary, not a YAML record", i)
		e.Line = bytes.Count(data[:i], []byte("\n")) + 1
		return nil
	}
	if !utf8.Valid(data) {
		off := 0
		for off < len(data) {
			r, size := utf8.DecodeRune(data[off:])
			if r == utf8.RuneError && size == 1 {
				break
			}
			off += size
		}
		e := p.errAt(nil, "", CheckEncoding, "file is not valid UTF-8 (first bad byte at offset %d)", off)
		e.Line = bytes.Count(data[:off], []byte("\n")) + 1
		return nil
	}
	// Records as lia writes them, and most written by hand, are in the
	// subset of YAML that yamlfast reads; it builds the tree yaml.v3 would, in
	// a fraction of the time. Anything else, errors included, goes to yaml.v3.
	if doc, ok := p.arena.Parse(data); ok {
		p.fast = true
		return p.root(doc, nil, limits)
	}
	var doc yaml.Node
	// Without a document marker (--- or ...) there is only one document, and
	// yaml.Unmarshal reads it in a fraction of the Decoder's time; that
	// matters to lia validate on thousands of files.
	if !hasDocumentMarker(data) {
		if err := yaml.Unmarshal(data, &doc); err != nil {
			if !p.textProblem(data, false) {
				p.yamlError(err)
			}
			return nil
		}
		return p.root(&doc, data, limits)
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&doc); err != nil {
		if !p.textProblem(data, false) {
			p.yamlError(err)
		}
		return nil
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); err == nil {
		p.errAt(&extra, "", CheckDocuments, "file holds more than one YAML document; put each assessment in its own file")
		return nil
	} else if !errors.Is(err, io.EOF) {
		e := p.yamlError(err)
		e.Check = CheckDocuments
		e.Msg = "after the first document: " + e.Msg
		return nil
	}
	return p.root(&doc, data, limits)
}

// textProblem reports, and returns true for, the first line separator in
// data, or with layout the first tab or directive: what YAML readers read
// differently wherever it is. It describes, never quotes. A file yaml.v3
// cannot parse is checked for line separators too, since yaml.v3 breaking
// lines at U+0085, U+2028 and U+2029 explains its errors there.
func (p *parser) textProblem(data []byte, layout bool) bool {
	off, problem, hint := yamlfast.TextProblem(data)
	if off < 0 && layout {
		off, problem, hint = yamlfast.LayoutProblem(data)
	}
	if off < 0 {
		return false
	}
	e := p.errAt(nil, "", CheckAmbiguous, "%s", problem)
	e.Line, e.Col = position(data, off)
	e.Hint = hint
	return true
}

// hasDocumentMarker reports whether data may hold a document marker. A second
// document needs "---" or "..." at the start of a line; looking for them
// anywhere stays right whatever counts as a line break (the scanner also
// breaks lines at \r, NEL, LS and PS), and costs only the slower path.
func hasDocumentMarker(data []byte) bool {
	return bytes.Contains(data, []byte("---")) || bytes.Contains(data, []byte("..."))
}

// root checks the parsed document and returns its root mapping node, or nil.
// data is the text yaml.v3 parsed, or nil when yamlfast did (it reads no
// tags, tabs, directives or line separators).
func (p *parser) root(doc *yaml.Node, data []byte, limits Limits) *yaml.Node {
	if doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 {
		p.errAt(doc, "", CheckSyntax, "file holds no YAML document")
		return nil
	}
	root := doc.Content[0]
	var ambiguous []*Error
	// yamlfast counts as it builds what checkTree walks the tree for: a
	// tree within the limits with no ambiguous plain scalar (it makes no
	// aliases, anchors, merge keys or tags) needs no walk.
	if s := p.arena.Summary(); !p.fast || s.Nodes > limits.MaxNodes || s.Depth > limits.MaxDepth || s.Ambiguous > 0 {
		if err := checkTree(root, data, limits, &ambiguous); err != nil {
			err.File = p.file
			p.errs = append(p.errs, err)
			return nil
		}
	}
	// A file that is not a record is described, never quoted: it may be any
	// file a link or a glob reached, credentials included.
	if root.Kind != yaml.MappingNode {
		what := kindName(root)
		if root.Kind == yaml.ScalarNode && strings.HasPrefix(what, "the text ") {
			what = "text"
		}
		p.errAt(root, "", CheckSyntax, "expected a mapping of fields (apiVersion, kind, metadata, answers), found %s; is this a lia record?", what)
		return nil
	}
	if !hasTopKey(root) {
		p.errAt(root, "", CheckSyntax, "expected a mapping of fields (apiVersion, kind, metadata, answers), found none of them; is this a lia record?")
		return nil
	}
	// yamlfast reads none of the text these checks refuse (line
	// separators, tabs, directives): only what yaml.v3 parsed needs them.
	if data != nil && p.textProblem(data, true) {
		return nil
	}
	for _, e := range ambiguous {
		e.File = p.file
		p.errs = append(p.errs, e)
	}
	return root
}

// hasTopKey reports whether a mapping has one of a record's top-level keys.
func hasTopKey(m *yaml.Node) bool {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if slices.Contains(topKeys, m.Content[i].Value) {
			return true
		}
	}
	return false
}

func (p *parser) yamlError(err error) *Error {
	msg := err.Error()
	e := &Error{File: p.file, Check: CheckSyntax}
	var te *yaml.TypeError
	if errors.As(err, &te) && len(te.Errors) > 0 {
		msg = te.Errors[0]
	}
	if m := yamlLineRE.FindStringSubmatch(msg); m != nil {
		if m[1] != "" {
			e.Line, _ = strconv.Atoi(m[1])
			// yaml.v3 counts lines from 0 in parser errors (but not in scanner
			// errors); its parser errors all read "did not find expected ...".
			if strings.HasPrefix(m[2], "did not find expected") {
				e.Line++
			}
		}
		msg = m[2]
	} else if m := typeLineRE.FindStringSubmatch(msg); m != nil {
		e.Line, _ = strconv.Atoi(m[1])
		msg = m[2]
	}
	e.Msg = "invalid YAML: " + msg
	p.errs = append(p.errs, e)
	return e
}

// checkTree enforces the depth and size limits and rejects aliases, anchors and
// merge keys before any value is looked at. It also adds to ambiguous every
// tag and every plain scalar that YAML readers read differently (see
// yamlfast.PlainProblem); those do not stop the parse. data, when not nil, is
// the text: a "!" at a node's position is a tag, even one yaml.v3 drops.
func checkTree(root *yaml.Node, data []byte, limits Limits, ambiguous *[]*Error) *Error {
	count := 0
	var lines []int // where each line of data starts, once a "!" is seen
	if bytes.IndexByte(data, '!') < 0 {
		data = nil
	}
	add := func(n *yaml.Node, msg, hint string) {
		*ambiguous = append(*ambiguous, &Error{Line: n.Line, Col: n.Column, Field: fieldPath(root, n), Check: CheckAmbiguous, Msg: msg, Hint: hint})
	}
	var walk func(n *yaml.Node, depth int) *Error
	walk = func(n *yaml.Node, depth int) *Error {
		count++
		if count > limits.MaxNodes {
			return &Error{Line: n.Line, Col: n.Column, Check: CheckSize, Msg: fmt.Sprintf("document has more than %d YAML nodes", limits.MaxNodes)}
		}
		if depth > limits.MaxDepth {
			return &Error{Line: n.Line, Col: n.Column, Check: CheckSize, Msg: fmt.Sprintf("nesting is deeper than the limit of %d levels", limits.MaxDepth)}
		}
		if n.Kind == yaml.AliasNode || n.Anchor != "" {
			return &Error{Line: n.Line, Col: n.Column, Check: CheckSyntax, Msg: "YAML anchors and aliases are not allowed in lia records; write the value out"}
		}
		if n.Tag == "!!merge" {
			return &Error{Line: n.Line, Col: n.Column, Check: CheckSyntax, Msg: "YAML merge keys (<<) are not allowed in lia records"}
		}
		switch {
		case n.Style&yaml.TaggedStyle != 0 || data != nil && charAt(data, &lines, n.Line, n.Column) == '!':
			add(n, "YAML tags (!...) are not allowed in lia records: readers resolve them differently", "remove the tag; quote the value if it is text")
		case n.Kind == yaml.ScalarNode && n.Style == 0:
			if msg, hint := yamlfast.PlainProblem(n.Tag, n.Value); msg != "" {
				add(n, msg, hint)
			}
		}
		for _, c := range n.Content {
			if err := walk(c, depth+1); err != nil {
				return err
			}
		}
		return nil
	}
	return walk(root, 0)
}

// charAt returns the byte that starts the character at line and col (from 1,
// counted in characters as yaml.v3 counts them) in data, or 0. lines caches
// where the lines start.
func charAt(data []byte, lines *[]int, line, col int) byte {
	if *lines == nil {
		*lines = append(*lines, 0)
		for i, c := range data {
			if c == '\n' {
				*lines = append(*lines, i+1)
			}
		}
	}
	if line < 1 || line > len(*lines) {
		return 0
	}
	i := (*lines)[line-1]
	for ; col > 1 && i < len(data) && data[i] != '\n'; col-- {
		_, size := utf8.DecodeRune(data[i:])
		i += size
	}
	if i < len(data) {
		return data[i]
	}
	return 0
}

// fieldPath returns the dotted path of the keys that lead from root to
// target, or "" (for a key, its mapping's path and the key).
func fieldPath(root, target *yaml.Node) string {
	var find func(n *yaml.Node, path string) (string, bool)
	find = func(n *yaml.Node, path string) (string, bool) {
		if n == target {
			return path, true
		}
		for i, c := range n.Content {
			sub := path
			switch {
			case n.Kind == yaml.MappingNode && i%2 == 1:
				sub = joinPath(path, n.Content[i-1].Value)
			case n.Kind == yaml.MappingNode:
				sub = joinPath(path, c.Value)
			case n.Kind == yaml.SequenceNode:
				sub = path + "[" + strconv.Itoa(i) + "]"
			}
			if p, ok := find(c, sub); ok {
				return p, true
			}
		}
		return "", false
	}
	p, _ := find(root, "")
	return p
}

// position returns the line and column (from 1, in characters) of offset
// off in data, counting only line feeds as line breaks.
func position(data []byte, off int) (line, col int) {
	start := bytes.LastIndexByte(data[:off], '\n') + 1
	return bytes.Count(data[:start], []byte("\n")) + 1, utf8.RuneCount(data[start:off]) + 1
}

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		switch n.ShortTag() {
		case "!!null":
			return "nothing"
		case "!!bool":
			return "true/false"
		case "!!int", "!!float":
			return "a number"
		case "!!timestamp":
			return "a date"
		}
		return fmt.Sprintf("the text %q", textfmt.Cut(n.Value, 40))
	}
	return "something else"
}

func humanBytes(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

// fields returns the known keys of a mapping and their values, in file
// order, reporting duplicate and unknown keys. A mapping has a handful of
// known keys, so lists searched in order beat maps here.
func (p *parser) fields(n *yaml.Node, path string, known []string) fieldSet {
	return p.fieldsAt(n, path, "", known)
}

// fieldsAt is fields for the mapping at joinPath(parent, name), or at
// parent when name is empty: the path is only built for a problem.
func (p *parser) fieldsAt(n *yaml.Node, parent, name string, known []string) fieldSet {
	path := func() string {
		if name == "" {
			return parent
		}
		return joinPath(parent, name)
	}
	if n.Kind != yaml.MappingNode {
		p.errAt(n, path(), CheckType, "expected a mapping of fields, found %s", kindName(n))
		return nil
	}
	var seenBuf [64]bool // which known keys were read
	seen := seenBuf[:]
	if len(known) > len(seenBuf) {
		seen = make([]bool, len(known))
	}
	out := make(fieldSet, 0, min(len(n.Content)/2, len(known)))
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		key := k.Value
		if k.Kind != yaml.ScalarNode {
			p.errAt(k, path(), CheckSyntax, "a key must be a plain name")
			continue
		}
		at := slices.Index(known, key)
		if at >= 0 && seen[at] {
			first := firstKey(n, key)
			p.errAt(k, joinPath(path(), key), CheckDuplicate, "duplicate key %q (first at line %d)", key, first.Line)
			continue
		}
		if at < 0 {
			e := p.errAt(k, joinPath(path(), key), CheckUnknownKey, "unknown key %q", key)
			if s := suggest(key, known); s != "" {
				e.Msg += fmt.Sprintf("; did you mean %q?", s)
			} else {
				e.Msg += fmt.Sprintf("; known keys here: %s", strings.Join(known, ", "))
			}
			continue
		}
		seen[at] = true
		out = append(out, keyVal{key, v, at})
	}
	return out
}

// fieldSet is a mapping's known fields in file order.
type fieldSet []keyVal

type keyVal struct {
	key string
	val *yaml.Node
	at  int // the key's index in the known keys
}

// get returns the value of key, or nil.
func (f fieldSet) get(key string) *yaml.Node {
	for _, kv := range f {
		if kv.key == key {
			return kv.val
		}
	}
	return nil
}

// firstKey returns the first scalar key of mapping n that reads key.
func firstKey(n *yaml.Node, key string) *yaml.Node {
	for i := 0; i+1 < len(n.Content); i += 2 {
		if k := n.Content[i]; k.Kind == yaml.ScalarNode && k.Value == key {
			return k
		}
	}
	return n
}

func joinPath(a, b string) string {
	if a == "" {
		return b
	}
	return a + "." + b
}

// suggest returns the known key closest to key, if it is close enough to be a typo.
func suggest(key string, known []string) string {
	best, bestD := "", 3
	for _, k := range known {
		if d := editDistance(key, k); d < bestD {
			best, bestD = k, d
		}
	}
	return best
}

func editDistance(a, b string) int {
	if len(a) > 64 || len(b) > 64 {
		return 99
	}
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			c := prev[j-1]
			if a[i-1] != b[j-1] {
				c++
			}
			cur[j] = min(c, prev[j]+1, cur[j-1]+1)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

var topKeys = []string{"apiVersion", "kind", "metadata", "answers", "result", "justification", "notes", "signatures"}

func (p *parser) top(root *yaml.Node) {
	f := p.fields(root, "", topKeys)
	if n := f.get("apiVersion"); n != nil {
		if v, ok := p.text(n, "apiVersion", false); ok && v != APIVersion {
			p.errAt(n, "apiVersion", CheckAPI, "unsupported apiVersion %q; this lia reads %s", v, APIVersion)
		}
		p.rec.APIVersion = n.Value
	}
	if n := f.get("kind"); n != nil {
		if v, ok := p.text(n, "kind", false); ok && v != Kind {
			p.errAt(n, "kind", CheckValue, "kind must be %s, not %q", Kind, v)
		}
		p.rec.Kind = n.Value
	}
	if n := f.get("metadata"); n != nil {
		p.metadata(n)
	}
	if n := f.get("answers"); n != nil {
		p.answers(n)
	}
	if n := f.get("result"); n != nil && n.ShortTag() != "!!null" {
		var r Result
		p.strict(n, "result", reflect.ValueOf(&r).Elem())
		p.rec.Result = &r
	}
	if n := f.get("justification"); n != nil && n.ShortTag() != "!!null" {
		p.justification(n)
	}
	if n := f.get("notes"); n != nil && n.ShortTag() != "!!null" {
		p.notes(n)
	}
	if n := f.get("signatures"); n != nil && n.ShortTag() != "!!null" {
		p.strict(n, "signatures", reflect.ValueOf(&p.rec.Signatures).Elem())
	}
}

// metadata reads the metadata as its description says; the description
// names the keys, the types and what is optional.
func (p *parser) metadata(n *yaml.Node) {
	spec := p.q.Metadata
	p.metaGroup(n, "metadata", spec.names, spec.Fields, metadataValue(&p.rec.Metadata))
	// A date is compared with the one it may not precede once both are read,
	// whatever their order in the file.
	for _, r := range p.ordered[:p.nOrdered] {
		if e := r.f.checkOrder(&p.rec.Metadata, r.f.Text(&p.rec.Metadata)); e != nil {
			p.errAt(r.n, r.f.field, e.Check, "%s", e.Msg)
		}
	}
}

// metaGroup reads a mapping of described fields into v, the metadata's or a
// group's Go value.
func (p *parser) metaGroup(n *yaml.Node, path string, names []string, fields []*MetaField, v reflect.Value) {
	for _, kv := range p.fields(n, path, names) {
		f := fields[kv.at]
		if f.Fields != nil {
			p.metaGroup(kv.val, f.field, f.names, f.Fields, f.in(v))
			continue
		}
		s, ok := p.metaValue(kv.val, f)
		if !ok {
			continue
		}
		f.set(f.in(v), s)
		if f.NotBefore != nil && p.nOrdered < len(p.ordered) {
			p.ordered[p.nOrdered] = metaRead{f, kv.val}
			p.nOrdered++
		}
	}
}

// metaValue reads one metadata value and checks it by its field's rule. The
// text of a bool is "true" or "false", as Set takes it.
func (p *parser) metaValue(n *yaml.Node, f *MetaField) (string, bool) {
	var s string
	var ok bool
	switch f.Type {
	case MetaBool:
		var b bool
		if b, ok = p.boolean(n, f.field); ok {
			s = strconv.FormatBool(b)
		}
		return s, ok
	case MetaDate:
		return p.date(n, f.field)
	default:
		s, ok = p.text(n, f.field, f.Optional)
	}
	if !ok || s == "" {
		return s, ok
	}
	if e := f.checkFormat(s); e != nil {
		p.errAt(n, f.field, e.Check, "%s", e.Msg)
		return "", false
	}
	return s, true
}
func (p *parser) answers(n *yaml.Node) {
	for _, sn := range p.fields(n, "answers", p.q.sectionIDs) {
		sec := p.q.Sections[sn.at] // sectionIDs are the sections' IDs, in order
		for _, qn := range p.fieldsAt(sn.val, "answers", sec.ID, sec.shorts) {
			qu := sec.Questions[qn.at]
			if v, ok := p.value(qn.val, qu); ok {
				p.rec.Answers[qu.ID] = v
			}
		}
	}
}

// value reads one answer and checks it against its question.
func (p *parser) value(n *yaml.Node, qu *Question) (Value, bool) {
	field := qu.field
	v := Value{Type: qu.Type}
	var ok bool
	switch qu.Type {
	case TypeBool:
		v.Bool, ok = p.boolean(n, field)
	case TypeText:
		v.Text, ok = p.text(n, field, qu.Optional)
	case TypeDate:
		v.Text, ok = p.date(n, field)
	case TypeEnum:
		v.Text, ok = p.enum(n, field, qu)
	case TypeInt:
		if n.Kind != yaml.ScalarNode || n.ShortTag() != "!!int" {
			p.errAt(n, field, CheckType, "expected a whole number, found %s", kindName(n))
			return v, false
		}
		i, err := strconv.ParseInt(strings.ReplaceAll(n.Value, "_", ""), 0, 64)
		if err != nil || i < 0 {
			p.errAt(n, field, CheckValue, "expected a whole number of 0 or more, found %s", textfmt.Cut(n.Value, 40))
			return v, false
		}
		v.Int, ok = i, true
	case TypeNumber:
		f, good := p.number(n, field)
		v.Number, ok = f, good
	case TypeMulti:
		if n.Kind != yaml.SequenceNode {
			p.errAt(n, field, CheckType, "expected a list of values (write [] for none), found %s; allowed: %s", kindName(n), describeValues(qu))
			return v, false
		}
		// The list holds allowed values, each once, so looking for a
		// repeated one in it costs at most the question's values.
		v.List = make([]string, 0, min(len(n.Content), len(qu.Values)))
		ok = true
		for _, item := range n.Content {
			s, good := p.enum(item, field, qu)
			if !good {
				ok = false
				continue
			}
			if slices.Contains(v.List, s) {
				p.errAt(item, field, CheckDuplicate, "value %q is listed twice", s)
				ok = false
				continue
			}
			v.List = append(v.List, s)
		}
	}
	return v, ok
}

func (p *parser) text(n *yaml.Node, field string, optional bool) (string, bool) {
	if n.Kind != yaml.ScalarNode {
		p.errAt(n, field, CheckType, "expected text, found %s", kindName(n))
		return "", false
	}
	switch n.ShortTag() {
	case "!!str":
	case "!!null":
		if optional {
			return "", true
		}
		p.errAt(n, field, CheckRequired, "is empty; write the text or remove the key")
		return "", false
	default:
		p.errAt(n, field, CheckType, "expected text, found %s; put it in quotes if it is meant as text", kindName(n))
		return "", false
	}
	if strings.TrimSpace(n.Value) == "" && !optional {
		p.errAt(n, field, CheckRequired, "is empty; write the text or remove the key")
		return "", false
	}
	return n.Value, true
}

func (p *parser) boolean(n *yaml.Node, field string) (bool, bool) {
	if n.Kind != yaml.ScalarNode || n.ShortTag() != "!!bool" {
		p.errAt(n, field, CheckType, "expected true or false, found %s", kindName(n))
		return false, false
	}
	// The resolver tagged it !!bool, so it is one of these spellings unless it
	// carries an explicit tag; n.Decode, which handles every case, costs a
	// decoder per value.
	switch n.Value {
	case "true", "True", "TRUE":
		return true, true
	case "false", "False", "FALSE":
		return false, true
	}
	var b bool
	if err := n.Decode(&b); err != nil {
		p.errAt(n, field, CheckType, "expected true or false, found %s", kindName(n))
		return false, false
	}
	return b, true
}

func (p *parser) number(n *yaml.Node, field string) (float64, bool) {
	if n.Kind != yaml.ScalarNode || (n.ShortTag() != "!!int" && n.ShortTag() != "!!float") {
		p.errAt(n, field, CheckType, "expected a number, found %s", kindName(n))
		return 0, false
	}
	f, ok := plainNumber(n)
	var err error
	if !ok {
		err = n.Decode(&f)
	}
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) || f < 0 {
		p.errAt(n, field, CheckValue, "expected a finite number of 0 or more, found %s", textfmt.Cut(n.Value, 40))
		return 0, false
	}
	return f, true
}

// plainNumber reads a plain whole or decimal number (-12, 18.45, 1.0e-08)
// as n.Decode would, through yaml.v3's resolver, without building a
// decoder; it reports false for every other form (signs, underscores,
// leading zeros, other bases, .inf), which Decode reads.
func plainNumber(n *yaml.Node) (float64, bool) {
	if n.Kind != yaml.ScalarNode || n.Style != 0 {
		return 0, false
	}
	s := strings.TrimPrefix(n.Value, "-")
	d := 0
	for d < len(s) && s[d] >= '0' && s[d] <= '9' {
		d++
	}
	switch n.Tag {
	case "!!int":
		// yaml.v3 reads a whole number as an int, then converts it: -0 is 0.
		if d == len(s) && d >= 1 && d <= 18 && (d == 1 || s[0] != '0') {
			if i, err := strconv.ParseInt(n.Value, 10, 64); err == nil {
				return float64(i), true
			}
		}
	case "!!float":
		// Digits then a fraction or an exponent: what yaml.v3 hands to
		// strconv.ParseFloat once ParseInt and ParseUint refuse it.
		if d >= 1 && d < len(s) && (s[d] == '.' || s[d] == 'e' || s[d] == 'E') {
			if f, err := strconv.ParseFloat(n.Value, 64); err == nil {
				return f, true
			}
		}
	}
	return 0, false
}

func (p *parser) date(n *yaml.Node, field string) (string, bool) {
	if n.Kind != yaml.ScalarNode || (n.ShortTag() != "!!str" && n.ShortTag() != "!!timestamp") {
		p.errAt(n, field, CheckType, "expected a date (YYYY-MM-DD), found %s", kindName(n))
		return "", false
	}
	if !validDate(n.Value) {
		e := dateError(n.Value)
		p.errAt(n, field, e.Check, "%s", e.Msg)
		return "", false
	}
	return n.Value, true
}

func (p *parser) enum(n *yaml.Node, field string, qu *Question) (string, bool) {
	if n.Kind != yaml.ScalarNode || n.ShortTag() != "!!str" {
		p.errAt(n, field, CheckType, "expected one of %s, found %s", describeValues(qu), kindName(n))
		return "", false
	}
	if !qu.HasValue(n.Value) {
		e := p.errAt(n, field, CheckEnum, "unknown value %q; allowed: %s", textfmt.Cut(n.Value, 40), describeValues(qu))
		if s := suggest(n.Value, qu.ValueNames()); s != "" {
			e.Msg = fmt.Sprintf("unknown value %q; did you mean %q? allowed: %s", textfmt.Cut(n.Value, 40), s, describeValues(qu))
		}
		return "", false
	}
	return n.Value, true
}

// strict decodes n into v (a struct, slice, string, float64 or bool) field by
// field, by the yaml tags of v's type: every field is required but those
// tagged omitempty, unknown and duplicate keys are errors.
func (p *parser) strict(n *yaml.Node, path string, v reflect.Value) {
	switch v.Kind() {
	case reflect.Struct:
		info := yamlFieldsOf(v.Type())
		f := p.fields(n, path, info.names)
		if n.Kind != yaml.MappingNode {
			return
		}
		for i, k := range info.names {
			c := f.get(k)
			if c == nil {
				if !info.optional[i] && !p.hasKeyError(n, joinPath(path, k)) {
					p.errAt(n, joinPath(path, k), CheckRequired, "missing field %q", k)
				}
				continue
			}
			fv := v.Field(info.index[i])
			if strictText(c, fv) {
				continue // the path is only for errors: spare building it
			}
			p.strict(c, joinPath(path, k), fv)
		}
	case reflect.Slice:
		if n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null" {
			v.Set(reflect.MakeSlice(v.Type(), 0, 0))
			return
		}
		if n.Kind != yaml.SequenceNode {
			p.errAt(n, path, CheckType, "expected a list, found %s", kindName(n))
			return
		}
		s := reflect.MakeSlice(v.Type(), len(n.Content), len(n.Content))
		for i, c := range n.Content {
			if strictText(c, s.Index(i)) {
				continue
			}
			p.strict(c, path+"["+strconv.Itoa(i)+"]", s.Index(i))
		}
		v.Set(s)
	case reflect.String:
		if n.Kind != yaml.ScalarNode || (n.ShortTag() != "!!str" && n.ShortTag() != "!!timestamp") {
			p.errAt(n, path, CheckType, "expected text, found %s", kindName(n))
			return
		}
		v.SetString(n.Value)
	case reflect.Float64:
		f, _ := p.number(n, path)
		v.SetFloat(f)
	case reflect.Bool:
		b, _ := p.boolean(n, path)
		v.SetBool(b)
	}
}

// strictText sets v, a string, to n's text when strict would and nothing
// is to be reported, and reports whether it did. It does the same for the
// other values strict reads that hold no struct (numbers, true or false,
// lists of text), so that strict builds no path for them.
func strictText(n *yaml.Node, v reflect.Value) bool {
	switch v.Kind() {
	case reflect.String:
		if !isText(n) {
			return false
		}
		v.SetString(n.Value)
		return true
	case reflect.Float64:
		// As number reads it when it reports nothing.
		if n.Kind != yaml.ScalarNode || (n.ShortTag() != "!!int" && n.ShortTag() != "!!float") {
			return false
		}
		f, ok := plainNumber(n)
		if !ok || math.IsNaN(f) || math.IsInf(f, 0) || f < 0 {
			return false
		}
		v.SetFloat(f)
		return true
	case reflect.Bool:
		// As boolean reads it without a decoder.
		if n.Kind != yaml.ScalarNode || n.ShortTag() != "!!bool" {
			return false
		}
		switch n.Value {
		case "true", "True", "TRUE":
			v.SetBool(true)
		case "false", "False", "FALSE":
			v.SetBool(false)
		default:
			return false
		}
		return true
	case reflect.Slice:
		if v.Type().Elem().Kind() != reflect.String || n.Kind != yaml.SequenceNode {
			return false
		}
		for _, c := range n.Content {
			if !isText(c) {
				return false
			}
		}
		list := reflect.MakeSlice(v.Type(), len(n.Content), len(n.Content))
		for i, c := range n.Content {
			list.Index(i).SetString(c.Value)
		}
		v.Set(list)
		return true
	}
	return false
}

// isText reports whether strict reads n as text.
func isText(n *yaml.Node) bool {
	if n.Kind != yaml.ScalarNode {
		return false
	}
	t := n.ShortTag()
	return t == "!!str" || t == "!!timestamp"
}

// yamlFields are a struct type's fields by their yaml names, in field order.
type yamlFields struct {
	names    []string
	index    []int
	optional []bool // tagged omitempty: may be left out
}

var yamlFieldsCache sync.Map // reflect.Type -> *yamlFields

// yamlFieldsOf reads a struct type's yaml tags once.
func yamlFieldsOf(t reflect.Type) *yamlFields {
	if f, ok := yamlFieldsCache.Load(t); ok {
		return f.(*yamlFields)
	}
	f := &yamlFields{}
	for i := 0; i < t.NumField(); i++ {
		name, opts, _ := strings.Cut(t.Field(i).Tag.Get("yaml"), ",")
		if name == "" || name == "-" {
			continue
		}
		f.names = append(f.names, name)
		f.index = append(f.index, i)
		f.optional = append(f.optional, opts == "omitempty")
	}
	yamlFieldsCache.Store(t, f)
	return f
}

func (p *parser) hasKeyError(n *yaml.Node, field string) bool {
	for _, e := range p.errs {
		if e.Field == field {
			return true
		}
	}
	return false
}
