package rules

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"

	"go.yaml.in/yaml/v3"

	"github.com/lia-project/lia/internal/assessment"
	"github.com/lia-project/lia/internal/fileutil"
	"github.com/lia-project/lia/templates"
)

// The two rules files.
const (
	QuestionnaireFile = "questionnaire.yaml"
	ScoringFile       = "scoring.yaml"
)

// maxFile bounds a rules file; lia's own are about 150 KB together.
const maxFile = 4 << 20

// Mode says how a rules directory's file relates to lia's.
type Mode string

// Modes of a rules file.
const (
	ModeBuiltin Mode = "builtin" // the directory has no such file: lia's is used
	ModeExtends Mode = "extends" // laid over lia's (extends: lia)
	ModeReplace Mode = "replace" // used instead of lia's
)

// Set is a loaded set of rules.
type Set struct {
	// Catalog asks and scores with the rules. Its Rules.Digest is empty when
	// the rules are lia's own.
	Catalog *assessment.Catalog
	// Dir is where the rules were read from; empty for lia's own.
	Dir string
	// Questionnaire and Scoring say how each file came about.
	Questionnaire, Scoring Mode
	// Digest is the rules' digest, lia's own included.
	Digest string
	// docs are the documents in effect, for the digest and comparisons.
	docs [2]*yaml.Node
}

// Version is the rules' version.
func (s *Set) Version() string { return s.Catalog.Rules.Version }

// Builtin reports whether the rules are lia's own.
func (s *Set) Builtin() bool { return s.Catalog.Rules.Digest == "" }

// Load returns the catalog of the rules src names.
func Load(src Source) (*assessment.Catalog, error) {
	if src.Builtin() {
		return Builtin()
	}
	if fi, err := os.Stat(src.Dir); err != nil {
		return nil, fileutil.PathErr(err)
	} else if !fi.IsDir() {
		return nil, errors.New("not a directory")
	}
	s, err := Open(fileutil.DirFS(src.Dir), src.Dir)
	if err != nil {
		return nil, err
	}
	return s.Catalog, nil
}

// Builtin loads lia's own rules, as lia always has.
func Builtin() (*assessment.Catalog, error) {
	return assessment.Load(templates.FS)
}

// OpenBuiltin is lia's own rules as a Set, with their digest.
func OpenBuiltin() (*Set, error) {
	cat, err := Builtin()
	if err != nil {
		return nil, err
	}
	d, err := BuiltinDigest()
	if err != nil {
		return nil, err
	}
	q, _ := builtinDoc(QuestionnaireFile)
	sc, _ := builtinDoc(ScoringFile)
	return &Set{Catalog: cat, Questionnaire: ModeBuiltin, Scoring: ModeBuiltin, Digest: d, docs: [2]*yaml.Node{q, sc}}, nil
}

// Open reads the rules directory fsys (named dir in messages): its
// questionnaire.yaml and scoring.yaml, either of which may be missing, laid
// over lia's own or replacing them. Problems are assessment.RulesErrors, each
// with the file and line it comes from.
func Open(fsys fs.FS, dir string) (*Set, error) {
	s := &Set{Dir: dir}
	var files [2]*ruleFile
	found := 0
	var errs assessment.RulesErrors
	for i, name := range []string{QuestionnaireFile, ScoringFile} {
		lia, err := builtinDoc(name)
		if err != nil {
			return nil, err
		}
		f, err := openFile(fsys, dir, name, lia)
		if err != nil {
			return nil, err
		}
		if f.mode != ModeBuiltin {
			found++
		}
		errs = append(errs, f.errs...)
		files[i], s.docs[i] = f, f.doc
	}
	s.Questionnaire, s.Scoring = files[0].mode, files[1].mode
	if found == 0 {
		return nil, fmt.Errorf("%s holds neither %s nor %s; start from lia's with: lia rules export %s", dir, QuestionnaireFile, ScoringFile, dir)
	}
	if len(errs) > 0 {
		return nil, errs
	}
	cat, err := assessment.ParseCatalog(files[0].parsed, files[1].parsed)
	if err != nil {
		list := assessment.AsRulesErrors(err)
		if list == nil {
			return nil, err
		}
		for _, e := range list {
			for _, f := range files {
				if e.File == f.parsed.Name && f.lines != nil {
					f.lines.place(e, f.parsed.Data)
				}
			}
		}
		sort.SliceStable(list, func(i, j int) bool {
			return list[i].File < list[j].File || list[i].File == list[j].File && list[i].Line < list[j].Line
		})
		return nil, list
	}
	s.Catalog = cat
	if s.Digest, err = digest(s.docs[0], s.docs[1]); err != nil {
		return nil, fmt.Errorf("%s: %w", dir, err)
	}
	own, err := BuiltinDigest()
	if err != nil {
		return nil, err
	}
	if s.Digest != own {
		cat.Rules.Digest = s.Digest
	}
	return s, nil
}

// liaName is how messages name lia's own file.
func liaName(name string) string { return "lia:" + name }

// ruleFile is one file of a rules directory, ready to be parsed.
type ruleFile struct {
	mode Mode
	// parsed is what the catalog is parsed from: lia's file, the
	// directory's own, or the two merged.
	parsed assessment.RulesFile
	// doc is the document in effect, for the digest.
	doc *yaml.Node
	// lines traces a line of a merged document to its origin; nil for
	// documents parsed as they are in their file.
	lines *lineMap
	errs  assessment.RulesErrors
}

// openFile reads one file of the directory; lia is lia's own document.
func openFile(fsys fs.FS, dir, name string, lia *yaml.Node) (*ruleFile, error) {
	display := filepath.Join(dir, name)
	data, err := readFile(fsys, name)
	if errors.Is(err, fs.ErrNotExist) {
		b, err := fs.ReadFile(templates.FS, name)
		return &ruleFile{mode: ModeBuiltin, parsed: assessment.RulesFile{Name: liaName(name), Data: b}, doc: lia}, err
	}
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", display, err)
	}
	own, errs := parseDoc(display, data)
	if len(errs) > 0 {
		return &ruleFile{errs: errs}, nil
	}
	ext, errs := takeExtends(display, own)
	if len(errs) > 0 {
		return &ruleFile{errs: errs}, nil
	}
	if !ext {
		return &ruleFile{mode: ModeReplace, parsed: assessment.RulesFile{Name: display, Data: data}, doc: own}, nil
	}
	m := &merger{file: display, origin: map[*yaml.Node]bool{}}
	m.mark(own)
	merged := m.merge(lia, own, "")
	if len(m.errs) > 0 {
		return &ruleFile{errs: m.errs}, nil
	}
	// The merged document is parsed as a file is, so that it is read as
	// strictly as lia's own (unknown keys, types).
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(merged); err != nil {
		return nil, fmt.Errorf("%s: merging with lia's %s: %w", display, name, err)
	}
	return &ruleFile{mode: ModeExtends, parsed: assessment.RulesFile{Name: display, Data: buf.Bytes()}, doc: merged,
		lines: &lineMap{root: merged, origin: m.origin, file: display, lia: liaName(name)}}, nil
}

func readFile(fsys fs.FS, name string) ([]byte, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if fi, err := f.Stat(); err == nil && !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("not a regular file")
	}
	data, err := io.ReadAll(io.LimitReader(f, maxFile+1))
	if err != nil {
		return nil, err
	}
	if len(data) > maxFile {
		return nil, fmt.Errorf("larger than %d bytes", maxFile)
	}
	return data, nil
}

// parseDoc reads a rules file as a node tree: one YAML document whose root is
// a mapping, without anchors, aliases or repeated keys (which a merge would
// otherwise resolve silently).
func parseDoc(file string, data []byte) (*yaml.Node, assessment.RulesErrors) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, assessment.RulesErrors{{File: file, Msg: "the file is empty"}}
		}
		return nil, assessment.YAMLErrors(file, err)
	}
	var more yaml.Node
	if err := dec.Decode(&more); !errors.Is(err, io.EOF) {
		return nil, assessment.RulesErrors{{File: file, Line: more.Line, Msg: "a rules file holds one YAML document"}}
	}
	if len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		return nil, assessment.RulesErrors{{File: file, Line: 1, Msg: "a rules file is a mapping of keys"}}
	}
	var errs assessment.RulesErrors
	var walk func(n *yaml.Node)
	walk = func(n *yaml.Node) {
		if n.Kind == yaml.AliasNode || n.Anchor != "" {
			errs = append(errs, &assessment.RulesError{File: file, Line: n.Line, Msg: "rules files use no anchors or aliases (&, *): write the value out"})
			return
		}
		if n.Kind == yaml.MappingNode {
			seen := map[string]int{}
			for i := 0; i+1 < len(n.Content); i += 2 {
				k := n.Content[i]
				if at, ok := seen[k.Value]; ok {
					errs = append(errs, &assessment.RulesError{File: file, Line: k.Line, Msg: fmt.Sprintf("key %q appears twice (first on line %d)", k.Value, at)})
				}
				seen[k.Value] = k.Line
			}
		}
		for _, c := range n.Content {
			walk(c)
		}
	}
	walk(doc.Content[0])
	return doc.Content[0], errs
}

// takeExtends removes the extends key from a file's root and reports
// whether it was there, as extends: lia.
func takeExtends(file string, root *yaml.Node) (bool, assessment.RulesErrors) {
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		if k.Value != "extends" {
			continue
		}
		if v.Kind != yaml.ScalarNode || v.Value != "lia" {
			return false, assessment.RulesErrors{{File: file, Line: v.Line, Msg: "extends: lia is the only rules a file can extend (lia's own, built into this lia)"}}
		}
		root.Content = append(root.Content[:i:i], root.Content[i+2:]...)
		return true, nil
	}
	return false, nil
}

// entryKeys are the keys by which lists of entries merge, in the order tried.
var entryKeys = []string{"id", "key", "value", "criterion"}

// merger lays a file over lia's. origin holds the nodes that come from the
// file (its own and those the merge made), so that a problem found in the
// merged document can be traced to the file or to lia's.
type merger struct {
	file   string
	origin map[*yaml.Node]bool
	errs   assessment.RulesErrors
}

func (m *merger) mark(n *yaml.Node) {
	m.origin[n] = true
	for _, c := range n.Content {
		m.mark(c)
	}
}

func (m *merger) made(kind yaml.Kind, like *yaml.Node) *yaml.Node {
	n := &yaml.Node{Kind: kind, Tag: like.Tag, Line: like.Line, Column: like.Column}
	m.origin[n] = true
	return n
}

// merge returns over laid on base; path names the place for messages.
func (m *merger) merge(base, over *yaml.Node, path string) *yaml.Node {
	switch {
	case base.Kind == yaml.MappingNode && over.Kind == yaml.MappingNode:
		out := m.made(yaml.MappingNode, over)
		given := map[string]int{}
		for i := 0; i+1 < len(over.Content); i += 2 {
			given[over.Content[i].Value] = i
		}
		for i := 0; i+1 < len(base.Content); i += 2 {
			k, v := base.Content[i], base.Content[i+1]
			if j, ok := given[k.Value]; ok {
				out.Content = append(out.Content, over.Content[j], m.merge(v, over.Content[j+1], join(path, k.Value)))
				delete(given, k.Value)
				continue
			}
			out.Content = append(out.Content, k, v)
		}
		for i := 0; i+1 < len(over.Content); i += 2 {
			if _, ok := given[over.Content[i].Value]; ok {
				out.Content = append(out.Content, over.Content[i], over.Content[i+1])
			}
		}
		return out
	case base.Kind == yaml.SequenceNode && over.Kind == yaml.SequenceNode:
		key := entryKey(base)
		if key == "" {
			return over
		}
		out := m.made(yaml.SequenceNode, over)
		mine := map[string]*yaml.Node{}
		var added []*yaml.Node
		for _, item := range over.Content {
			v := field(item, key)
			if v == nil {
				m.errs = append(m.errs, &assessment.RulesError{File: m.file, Line: item.Line,
					Msg: fmt.Sprintf("%s: each entry needs its %s: the %s says which of lia's entries it changes, or that it is a new one", path, key, key)})
				continue
			}
			if prev, ok := mine[v.Value]; ok {
				m.errs = append(m.errs, &assessment.RulesError{File: m.file, Line: item.Line,
					Msg: fmt.Sprintf("%s: %s %q appears twice (first on line %d)", path, key, v.Value, prev.Line)})
				continue
			}
			mine[v.Value] = item
		}
		for _, item := range base.Content {
			v := field(item, key)
			if o, ok := mine[v.Value]; ok {
				out.Content = append(out.Content, m.merge(item, o, fmt.Sprintf("%s[%s]", path, v.Value)))
				delete(mine, v.Value)
				continue
			}
			out.Content = append(out.Content, item)
		}
		for _, item := range over.Content {
			if v := field(item, key); v != nil && mine[v.Value] == item {
				added = append(added, item)
			}
		}
		out.Content = append(out.Content, added...)
		return out
	}
	return over
}

// entryKey is the key every entry of a list of lia's has, by which the list
// merges, or "" when it merges as a whole (it is replaced).
func entryKey(seq *yaml.Node) string {
	if len(seq.Content) == 0 {
		return ""
	}
	for _, key := range entryKeys {
		seen, ok := map[string]bool{}, true
		for _, item := range seq.Content {
			v := field(item, key)
			if v == nil || v.Kind != yaml.ScalarNode || seen[v.Value] {
				ok = false
				break
			}
			seen[v.Value] = true
		}
		if ok {
			return key
		}
	}
	return ""
}

// field returns the value of key in mapping n, or nil.
func field(n *yaml.Node, key string) *yaml.Node {
	if n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}

func join(a, b string) string {
	if a == "" {
		return b
	}
	return a + "." + b
}

// lineMap traces a line of a merged document to the file and line the
// entry there came from.
type lineMap struct {
	root      *yaml.Node
	origin    map[*yaml.Node]bool
	file, lia string
}

// place rewrites e, a problem at a line of the merged document data, to the
// file and line it came from.
func (lm *lineMap) place(e *assessment.RulesError, data []byte) {
	if e.Line == 0 {
		e.File = lm.file
		return
	}
	var doc yaml.Node
	if yaml.Unmarshal(data, &doc) != nil || len(doc.Content) == 0 {
		return
	}
	// The merged document was written from root, so the two trees have the
	// same shape: the last node written on a line (a key's value, after the
	// key) is the entry the line belongs to.
	var at *yaml.Node
	var walk func(src, written *yaml.Node)
	walk = func(src, written *yaml.Node) {
		if written.Line == e.Line {
			at = src
		}
		if len(src.Content) != len(written.Content) {
			return
		}
		for i := range src.Content {
			walk(src.Content[i], written.Content[i])
		}
	}
	walk(lm.root, doc.Content[0])
	if at == nil {
		e.File = lm.file
		return
	}
	e.File, e.Line = lm.lia, at.Line
	if lm.origin[at] {
		e.File = lm.file
	}
}
