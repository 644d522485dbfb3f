package assessment

// This file is how problems in the rules files (questionnaire.yaml and
// scoring.yaml) are reported. The rules it keeps:
//   - every problem names its file and line, and all of them are reported,
//     not just the first;
//   - a check says where the entry is as a path into the document
//     ("risk.factors[2].when"); the line is found from the path only once a
//     problem was found, so that loading good rules costs nothing extra;
//   - a loader that built a document from several files (internal/rules)
//     maps the path, or the line, back to the file the entry came from.

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// RulesError is one problem in a rules file.
type RulesError struct {
	File string // "scoring.yaml", or the path a loader gave the document
	Line int    // 0 when unknown
	// Path is where the entry is in the document: keys and list indexes,
	// "rules[4].when"; empty for problems of the whole file.
	Path string
	Msg  string
}

func (e *RulesError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
	}
	return e.File + ": " + e.Msg
}

// RulesErrors is every problem found in a set of rules, in file order.
type RulesErrors []*RulesError

func (es RulesErrors) Error() string {
	lines := make([]string, len(es))
	for i, e := range es {
		lines[i] = e.Error()
	}
	return strings.Join(lines, "\n")
}

// AsRulesErrors returns the problems err lists, or nil when it is no
// problem in the rules (a file that could not be read).
func AsRulesErrors(err error) RulesErrors {
	var list RulesErrors
	if errors.As(err, &list) {
		return list
	}
	var one *RulesError
	if errors.As(err, &one) {
		return RulesErrors{one}
	}
	return nil
}

// rulesErrs collects the problems of one document.
type rulesErrs struct {
	file string
	list RulesErrors
}

// at records a problem of the entry at path.
func (r *rulesErrs) at(path, format string, args ...any) {
	r.list = append(r.list, &RulesError{File: r.file, Path: path, Msg: fmt.Sprintf(format, args...)})
}

// err returns the problems with their lines found in data, or nil.
func (r *rulesErrs) err(data []byte) error {
	if len(r.list) == 0 {
		return nil
	}
	locate(r.list, data)
	sort.SliceStable(r.list, func(i, j int) bool { return r.list[i].Line < r.list[j].Line })
	return r.list
}

// locate sets the line of every problem that has a path and no line, by
// reading data again, as a node tree.
func locate(list RulesErrors, data []byte) {
	var doc yaml.Node
	if yaml.Unmarshal(data, &doc) != nil || len(doc.Content) == 0 {
		return
	}
	for _, e := range list {
		if e.Line == 0 && e.Path != "" {
			if n := NodeAt(doc.Content[0], e.Path); n != nil {
				e.Line = n.Line
			}
		}
	}
}

// NodeAt returns the node at path ("rules[3].when", "balancing") in the tree
// under root, or the deepest node on the way when the path goes further than
// the tree: a missing key is reported at the entry that lacks it. For a
// key, it returns the key's node, whose line is the entry's.
func NodeAt(root *yaml.Node, path string) *yaml.Node {
	n, at := root, root
	for path != "" && n != nil {
		if path[0] == '[' {
			end := strings.IndexByte(path, ']')
			if end < 0 {
				return at
			}
			i, err := strconv.Atoi(path[1:end])
			if err != nil || n.Kind != yaml.SequenceNode || i < 0 || i >= len(n.Content) {
				return at
			}
			n = n.Content[i]
			at = n
			path = strings.TrimPrefix(path[end+1:], ".")
			continue
		}
		key, rest := path, ""
		if i := strings.IndexAny(path, ".["); i >= 0 {
			key, rest = path[:i], strings.TrimPrefix(path[i:], ".")
			if path[i] == '[' {
				rest = path[i:]
			}
		}
		if n.Kind != yaml.MappingNode {
			return at
		}
		var next *yaml.Node
		for i := 0; i+1 < len(n.Content); i += 2 {
			if k := n.Content[i]; k.Kind == yaml.ScalarNode && k.Value == key {
				at, next = k, n.Content[i+1]
				break
			}
		}
		if next == nil {
			return at
		}
		n, path = next, rest
	}
	return at
}

var (
	yamlErrLineRE = regexp.MustCompile(`^(?:yaml: )?line (\d+): (.*)$`)
	unknownKeyRE  = regexp.MustCompile(`^field (\S+) not found in type .*$`)
)

// YAMLErrors turns the error of a strict YAML decode into one problem per
// line it names: a syntax error, or every unknown key and wrong type.
func YAMLErrors(file string, err error) RulesErrors {
	var te *yaml.TypeError
	var msgs []string
	if errors.As(err, &te) {
		msgs = te.Errors
	} else {
		msgs = []string{err.Error()}
	}
	var out RulesErrors
	for _, m := range msgs {
		e := &RulesError{File: file, Msg: strings.TrimPrefix(m, "yaml: ")}
		if g := yamlErrLineRE.FindStringSubmatch(m); g != nil {
			e.Line, _ = strconv.Atoi(g[1])
			e.Msg = g[2]
		}
		if g := unknownKeyRE.FindStringSubmatch(e.Msg); g != nil {
			e.Msg = fmt.Sprintf("unknown key %q", g[1])
		}
		out = append(out, e)
	}
	return out
}

// decodeStrict decodes one YAML document strictly: unknown keys are errors.
func decodeStrict(file string, data []byte, v any) error {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(v); err != nil {
		if errors.Is(err, io.EOF) {
			return RulesErrors{{File: file, Msg: "the file is empty"}}
		}
		return YAMLErrors(file, err)
	}
	var more yaml.Node
	if err := dec.Decode(&more); !errors.Is(err, io.EOF) {
		return RulesErrors{{File: file, Line: more.Line, Msg: "a rules file holds one YAML document"}}
	}
	return nil
}
