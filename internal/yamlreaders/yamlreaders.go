// Package yamlreaders runs the YAML readers a lia record must mean the same
// thing to (PyYAML, ruamel.yaml, js-yaml, the yaml package; STYLE.md rule 17)
// and compares what they read with what lia reads. The readers are the
// scripts in scripts/yamlreaders; the differential tests in this package
// drive them. .ci/run installs them (python3-yaml and python3-ruamel.yaml
// from Debian, npm ci for the JavaScript packages).
package yamlreaders

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"

	"go.yaml.in/yaml/v3"
)

// Value is a value as one reader typed it. Kind is map, seq, str, int,
// float, bool, null, date, timestamp or error; Text holds a str, the
// decimal of an int, a date, a timestamp, an error's message, or a float
// that is not finite (inf, -inf, nan).
type Value struct {
	Kind  string
	Text  string
	Float float64
	Bool  bool
	Items []Value    // seq
	Pairs [][2]Value // map
}

// UnmarshalJSON reads the typed form the scripts write: an object with one
// key, the kind.
func (v *Value) UnmarshalJSON(b []byte) error {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(b, &m); err != nil {
		return err
	}
	if len(m) != 1 {
		return fmt.Errorf("typed value with %d keys: %s", len(m), b)
	}
	for k, raw := range m {
		v.Kind = k
		switch k {
		case "str", "int", "date", "timestamp", "error":
			return json.Unmarshal(raw, &v.Text)
		case "float":
			if len(raw) > 0 && raw[0] == '"' {
				return json.Unmarshal(raw, &v.Text)
			}
			return json.Unmarshal(raw, &v.Float)
		case "bool":
			return json.Unmarshal(raw, &v.Bool)
		case "null":
			return nil
		case "seq":
			return json.Unmarshal(raw, &v.Items)
		case "map":
			return json.Unmarshal(raw, &v.Pairs)
		}
		return fmt.Errorf("unknown kind %q", k)
	}
	return nil
}

// FromNode returns what lia reads from a node of the tree its parser builds
// (yamlfast or yaml.v3): the resolved tag decides the kind, and numbers are
// parsed as lia parses them.
func FromNode(n *yaml.Node) Value {
	switch n.Kind {
	case yaml.DocumentNode:
		if len(n.Content) == 0 {
			return Value{Kind: "null"}
		}
		return FromNode(n.Content[0])
	case yaml.MappingNode:
		v := Value{Kind: "map"}
		for i := 0; i+1 < len(n.Content); i += 2 {
			v.Pairs = append(v.Pairs, [2]Value{FromNode(n.Content[i]), FromNode(n.Content[i+1])})
		}
		return v
	case yaml.SequenceNode:
		v := Value{Kind: "seq", Items: []Value{}}
		for _, c := range n.Content {
			v.Items = append(v.Items, FromNode(c))
		}
		return v
	case yaml.ScalarNode:
		switch n.ShortTag() {
		case "!!str":
			return Value{Kind: "str", Text: n.Value}
		case "!!null":
			return Value{Kind: "null"}
		case "!!bool":
			var b bool
			if err := n.Decode(&b); err != nil {
				return Value{Kind: "error", Text: err.Error()}
			}
			return Value{Kind: "bool", Bool: b}
		case "!!int":
			i, err := strconv.ParseInt(strings.ReplaceAll(n.Value, "_", ""), 0, 64)
			if err != nil {
				return Value{Kind: "error", Text: err.Error()}
			}
			return Value{Kind: "int", Text: strconv.FormatInt(i, 10)}
		case "!!float":
			var f float64
			if err := n.Decode(&f); err != nil {
				return Value{Kind: "error", Text: err.Error()}
			}
			switch {
			case math.IsNaN(f):
				return Value{Kind: "float", Text: "nan"}
			case math.IsInf(f, 1):
				return Value{Kind: "float", Text: "inf"}
			case math.IsInf(f, -1):
				return Value{Kind: "float", Text: "-inf"}
			}
			return Value{Kind: "float", Float: f}
		case "!!timestamp":
			if len(n.Value) == len("2006-01-02") {
				return Value{Kind: "date", Text: n.Value}
			}
			return Value{Kind: "timestamp", Text: n.Value}
		}
		return Value{Kind: "error", Text: "tag " + n.Tag}
	}
	return Value{Kind: "error", Text: "an alias"}
}

// Diff returns where other differs from lia's reading, or "". A date lia
// reads (an unquoted YYYY-MM-DD) matches the same date as a date object, a
// midnight UTC timestamp (js-yaml's Date) or text (YAML 1.2 has no dates):
// the same day in every reader.
func Diff(lia, other Value, path string) string {
	if other.Kind == "error" {
		return fmt.Sprintf("%s: the reader fails: %s", path, other.Text)
	}
	if lia.Kind == "date" {
		switch {
		case other.Kind == "date" && other.Text == lia.Text,
			other.Kind == "str" && other.Text == lia.Text,
			other.Kind == "timestamp" && other.Text == lia.Text+"T00:00:00.000Z":
			return ""
		}
		return fmt.Sprintf("%s: lia reads the date %s, the reader %s", path, lia.Text, show(other))
	}
	if lia.Kind != other.Kind {
		return fmt.Sprintf("%s: lia reads %s, the reader %s", path, show(lia), show(other))
	}
	switch lia.Kind {
	case "map":
		if len(lia.Pairs) != len(other.Pairs) {
			return fmt.Sprintf("%s: lia reads %d keys, the reader %d", path, len(lia.Pairs), len(other.Pairs))
		}
		for i, p := range lia.Pairs {
			key := path + "." + p[0].Text
			if d := Diff(p[0], other.Pairs[i][0], key+" (key)"); d != "" {
				return d
			}
			if d := Diff(p[1], other.Pairs[i][1], key); d != "" {
				return d
			}
		}
	case "seq":
		if len(lia.Items) != len(other.Items) {
			return fmt.Sprintf("%s: lia reads %d items, the reader %d", path, len(lia.Items), len(other.Items))
		}
		for i := range lia.Items {
			if d := Diff(lia.Items[i], other.Items[i], fmt.Sprintf("%s[%d]", path, i)); d != "" {
				return d
			}
		}
	case "float":
		if lia.Text != other.Text || lia.Float != other.Float {
			return fmt.Sprintf("%s: lia reads %s, the reader %s", path, show(lia), show(other))
		}
	case "bool":
		if lia.Bool != other.Bool {
			return fmt.Sprintf("%s: lia reads %s, the reader %s", path, show(lia), show(other))
		}
	case "null":
	default:
		if lia.Text != other.Text {
			return fmt.Sprintf("%s: lia reads %s, the reader %s", path, show(lia), show(other))
		}
	}
	return ""
}

func show(v Value) string {
	switch v.Kind {
	case "float":
		if v.Text != "" {
			return "the float " + v.Text
		}
		return "the float " + strconv.FormatFloat(v.Float, 'g', -1, 64)
	case "bool":
		return "the bool " + strconv.FormatBool(v.Bool)
	case "null":
		return "null"
	case "map", "seq":
		return "a " + v.Kind
	}
	return fmt.Sprintf("the %s %q", v.Kind, v.Text)
}

// Input is one YAML text for the readers: a file's path or the text itself.
type Input struct {
	File string `json:"file,omitempty"`
	Text string `json:"text"`
}

// Tool is one program that runs several readers.
type Tool struct {
	Name    string   // python or node
	Command []string // the program and the script
	Missing string   // why it cannot run, with how to install it; "" when it can
}

// Tools finds the reader scripts in dir (scripts/yamlreaders) and the
// programs that run them: python3 with PyYAML (or $PYTHON), and node with
// the packages npm ci installs.
func Tools(dir string) []Tool {
	python := os.Getenv("PYTHON")
	if python == "" {
		python = "python3"
	}
	py := Tool{Name: "python", Command: []string{python, filepath.Join(dir, "read.py")}}
	if out, err := exec.Command(python, "-c", "import yaml").CombinedOutput(); err != nil {
		py.Missing = fmt.Sprintf("%s cannot import PyYAML (%v: %s); install python3-yaml (Debian) or set PYTHON", python, err, bytes.TrimSpace(out))
	}
	js := Tool{Name: "node", Command: []string{"node", filepath.Join(dir, "read.js")}}
	if _, err := exec.LookPath("node"); err != nil {
		js.Missing = "node is not installed"
	} else if _, err := os.Stat(filepath.Join(dir, "node_modules", "js-yaml")); err != nil {
		js.Missing = "js-yaml is not installed: run npm ci in " + dir
	}
	return []Tool{py, js}
}

// Read runs tool over inputs and returns, for each input, what every reader
// it runs read. The inputs are split over one process per CPU.
func (t Tool) Read(inputs []Input) ([]map[string]Value, error) {
	n := min(runtime.NumCPU(), 4, max(1, len(inputs)/100))
	parts := make([][]map[string]Value, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() { parts[i], errs[i] = t.read(inputs[i*len(inputs)/n : (i+1)*len(inputs)/n]) })
	}
	wg.Wait()
	var res []map[string]Value
	for i := range n {
		if errs[i] != nil {
			return nil, errs[i]
		}
		res = append(res, parts[i]...)
	}
	return res, nil
}

func (t Tool) read(inputs []Input) ([]map[string]Value, error) {
	in, err := json.Marshal(inputs)
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(t.Command[0], t.Command[1:]...)
	cmd.Stdin = bytes.NewReader(in)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("%s: %v: %s", strings.Join(t.Command, " "), err, stderr.Bytes())
	}
	var res []map[string]Value
	if err := json.Unmarshal(out, &res); err != nil {
		return nil, fmt.Errorf("%s: reading its output: %v", t.Name, err)
	}
	if len(res) != len(inputs) {
		return nil, fmt.Errorf("%s: %d results for %d inputs", t.Name, len(res), len(inputs))
	}
	return res, nil
}
