package yamlreaders

import (
	"bytes"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/lia-project/lia/internal/assessment"
	"github.com/lia-project/lia/internal/gen"
	"github.com/lia-project/lia/internal/trust"
	"github.com/lia-project/lia/internal/yamlfast"
	"github.com/lia-project/lia/templates"
)

// tools returns the reader programs that can run here. A missing one skips
// the test locally, with how to install it, and fails it when
// LIA_YAML_READERS=required (as .ci/run sets it, after installing them).
func tools(t *testing.T) []Tool {
	t.Helper()
	var ok []Tool
	for _, tool := range Tools(filepath.Join("..", "..", "scripts", "yamlreaders")) {
		if tool.Missing == "" {
			ok = append(ok, tool)
			continue
		}
		if os.Getenv("LIA_YAML_READERS") == "required" {
			t.Fatalf("%s readers: %s", tool.Name, tool.Missing)
		}
		t.Logf("leaving out the %s readers: %s (CI installs them: .ci/run)", tool.Name, tool.Missing)
	}
	if len(ok) == 0 {
		t.Skip("skipping: no YAML reader to compare with is installed; .ci/run installs python3-yaml and runs npm ci in scripts/yamlreaders")
	}
	return ok
}

// liaReads returns what lia's parser reads from data: the tree yamlfast
// builds, or yaml.v3's, as assessment.ParseRecord reads it.
func liaReads(t *testing.T, data []byte) Value {
	t.Helper()
	if doc, ok := yamlfast.Parse(data); ok {
		return FromNode(doc)
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		t.Fatalf("yaml.v3: %v", err)
	}
	return FromNode(&doc)
}

// compare runs every tool over inputs and reports each input on which a
// reader reads something else than want. It returns, per input, whether
// every reader agreed.
func compare(t *testing.T, inputs []Input, want []Value, names []string) []bool {
	t.Helper()
	agree := make([]bool, len(inputs))
	for i := range agree {
		agree[i] = true
	}
	// The tools run side by side: each reads every input in one process.
	ts := tools(t)
	results := make([][]map[string]Value, len(ts))
	errs := make([]error, len(ts))
	var wg sync.WaitGroup
	took := make([]time.Duration, len(ts))
	for i, tool := range ts {
		wg.Go(func() {
			start := time.Now()
			results[i], errs[i] = tool.Read(inputs)
			took[i] = time.Since(start)
		})
	}
	wg.Wait()
	for i, tool := range ts {
		res, err := results[i], errs[i]
		if err != nil {
			t.Fatal(err)
		}
		var readers []string
		for name := range res[0] {
			readers = append(readers, name)
		}
		sort.Strings(readers)
		t.Logf("%s: %d inputs read with %s in %v", tool.Name, len(inputs), strings.Join(readers, ", "), took[i].Round(time.Millisecond))
		for i, r := range res {
			for _, name := range readers {
				if d := Diff(want[i], r[name], ""); d != "" {
					agree[i] = false
					if names != nil {
						t.Errorf("%s: %s%s", name, names[i], d)
					}
				}
			}
		}
	}
	return agree
}

// TestRecordsReadAlike: every reader reads the records lia writes (1,200
// generated ones with odd texts and numbers, a third of them signed by
// signers with odd names) and the examples as lia does, value for value and
// type for type.
func TestRecordsReadAlike(t *testing.T) {
	tools(t)
	cat, err := assessment.Load(templates.FS)
	if err != nil {
		t.Fatal(err)
	}
	q := cat.Questionnaire
	key, _, err := gen.Key(3, "odd@example.com")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	var inputs []Input
	var want []Value
	var names []string
	add := func(name string, data []byte) {
		if _, err := assessment.ParseRecord(name, data, q, assessment.DefaultLimits); err != nil {
			t.Fatalf("lia does not read %s:\n%v\n%s", name, err, data)
		}
		path := filepath.Join(dir, filepath.Base(name))
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		inputs = append(inputs, Input{File: path})
		want = append(want, liaReads(t, data))
		names = append(names, name)
	}
	rnd := rand.New(rand.NewSource(1))
	at := time.Date(2026, 11, 2, 10, 0, 0, 0, time.UTC)
	n := 1200
	if testing.Short() {
		n = 120 // go test -short: a quick look; CI reads all of them
	}
	for i := range n {
		rec := gen.OddRecord(cat, 1, i)
		if i%3 == 0 {
			if err := trust.Sign(q, rec, key, "Odd Signer <odd@example.com>", "dpo", at); err != nil {
				t.Fatal(err)
			}
			// The entry's texts are not what lia would write, but what a
			// record can hold: hostile text.
			s := &rec.Signatures[len(rec.Signatures)-1]
			s.Signer = gen.OddTexts[rnd.Intn(len(gen.OddTexts))]
			s.Role = gen.OddTexts[rnd.Intn(len(gen.OddTexts))]
		}
		data, err := assessment.MarshalRecord(rec, q)
		if err != nil {
			t.Fatal(err)
		}
		add(fmt.Sprintf("odd-%04d.lia.yaml", i), data)
	}
	examples, err := filepath.Glob(filepath.Join("..", "..", "testdata", "examples", "*.lia.yaml"))
	if err != nil || len(examples) == 0 {
		t.Fatalf("no examples (%v)", err)
	}
	for _, path := range examples {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		add(filepath.Base(path), data)
	}
	compare(t, inputs, want, names)
}

// candidates returns plain scalars to try: the odd texts, every string of
// up to three characters over an alphabet of number and date characters,
// and random longer ones, some of them shaped like timestamps.
func candidates() []string {
	seen := map[string]bool{}
	var out []string
	add := func(s string) {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	for _, s := range gen.OddTexts {
		add(s)
	}
	for _, s := range []string{"1", "0", "-0", "+0", "00", "-01", "0.0", "-0.0", "+1.5", "1.5e+3", "1.5E-3", "1.5e3",
		"01.5", "0x_1F", "0b", "0o", "0x", "1__0", "_1", "1_", "+.inf", "-.inf", ".Inf", ".INF", "+.NaN", "-.nan",
		"190:20:30.15", "2026-11-02T10:00:00.5+01:00", "2026-11-02 10:00:00.123", "2001-12-14 21:59:43.10 -5",
		"2026-11-2", "99999999999999999999", "18446744073709551615", "9223372036854775807", "9007199254740991",
		"9007199254740992", "-9007199254740991", "1e400", "1.0e-400", "4.9e-324", "1.7976931348623157e+308",
		"Yes", "yES", "oN", "NULL", "nULL", "TRUE", "tRUE", "=x", "<", "<<<", "a<<", "~~"} {
		add(s)
	}
	alphabet := []byte("0179_.:+-eExobTZ a")
	var walk func(prefix []byte, n int)
	walk = func(prefix []byte, n int) {
		if len(prefix) > 0 {
			add(string(prefix))
		}
		if n == 0 {
			return
		}
		for _, c := range alphabet {
			walk(append(prefix, c), n-1)
		}
	}
	walk(nil, 3)
	rnd := rand.New(rand.NewSource(2))
	digitsAndMore := []byte("0123456789_.:+-eExXoObBinfaN")
	for range 3000 {
		b := make([]byte, 4+rnd.Intn(7))
		for i := range b {
			b[i] = digitsAndMore[rnd.Intn(len(digitsAndMore))]
		}
		add(string(b))
	}
	stamp := []byte("2026-11-02T10:00:00.25+01:00")
	for range 2000 {
		b := append([]byte(nil), stamp[:10+rnd.Intn(len(stamp)-9)]...)
		for range rnd.Intn(3) {
			i := rnd.Intn(len(b))
			switch rnd.Intn(3) {
			case 0:
				b = append(b[:i], b[i+1:]...)
			case 1:
				b[i] = " t0Z-:"[rnd.Intn(6)]
			case 2:
				b = append(b[:i], append([]byte{' '}, b[i:]...)...)
			}
		}
		add(string(b))
	}
	return out
}

// TestPlainScalarsReadAlike: every plain scalar that lia accepts (yamlfast.
// PlainProblem finds nothing) reads the same in every reader. Scalars lia
// refuses although every reader agrees are counted, to keep the rule from
// growing too wide.
func TestPlainScalarsReadAlike(t *testing.T) {
	tools(t)
	var inputs []Input
	var want []Value
	var texts []string
	var accepted []bool
	for _, s := range candidates() {
		text := "k: " + s + "\n"
		var doc yaml.Node
		if yaml.Unmarshal([]byte(text), &doc) != nil || len(doc.Content) != 1 {
			continue
		}
		m := doc.Content[0]
		if m.Kind != yaml.MappingNode || len(m.Content) != 2 || m.Content[1].Kind != yaml.ScalarNode || m.Content[1].Style != 0 {
			continue
		}
		if off, _, _ := yamlfast.TextProblem([]byte(text)); off >= 0 {
			continue
		}
		if off, _, _ := yamlfast.LayoutProblem([]byte(text)); off >= 0 {
			continue
		}
		v := m.Content[1]
		msg, _ := yamlfast.PlainProblem(v.Tag, v.Value)
		if bytes.IndexByte([]byte(text), '!') >= 0 || v.Tag == "!!merge" {
			msg = "tag or merge key"
		}
		inputs = append(inputs, Input{Text: text})
		want = append(want, FromNode(&doc))
		texts = append(texts, s)
		accepted = append(accepted, msg == "")
	}
	agree := compare(t, inputs, want, nil)
	var wide []string
	n := 0
	for i, s := range texts {
		switch {
		case accepted[i] && !agree[i]:
			t.Errorf("lia accepts the plain scalar %q, which the readers read differently", s)
		case accepted[i]:
			n++
		case agree[i]:
			wide = append(wide, fmt.Sprintf("%q", s))
		}
	}
	t.Logf("%d plain scalars: %d accepted, %d refused, of which %d every reader reads alike", len(texts), n, len(texts)-n, len(wide))
	if len(wide) > 0 {
		t.Logf("refused although the readers agree (first 40): %s", strings.Join(wide[:min(40, len(wide))], " "))
	}
}

// TestWrittenTextsReadAlike: lia writes every candidate text so that every
// reader reads it back as that text.
func TestWrittenTextsReadAlike(t *testing.T) {
	tools(t)
	cat, err := assessment.Load(templates.FS)
	if err != nil {
		t.Fatal(err)
	}
	var inputs []Input
	var want []Value
	var names []string
	for _, s := range candidates() {
		if strings.TrimSpace(s) == "" {
			continue
		}
		rec := &assessment.Record{Metadata: assessment.Metadata{Title: s}, Answers: assessment.Answers{}}
		data, err := assessment.MarshalRecord(rec, cat.Questionnaire)
		if err != nil {
			t.Fatal(err)
		}
		back, err := assessment.ParseRecord("t.yaml", data, cat.Questionnaire, assessment.DefaultLimits)
		if err != nil {
			t.Fatalf("lia does not read what it wrote for %q: %v\n%s", s, err, data)
		}
		if back.Metadata.Title != s {
			t.Fatalf("lia wrote %q and read back %q", s, back.Metadata.Title)
		}
		inputs = append(inputs, Input{Text: string(data)})
		want = append(want, liaReads(t, data))
		names = append(names, fmt.Sprintf("title %q", s))
	}
	compare(t, inputs, want, names)
}
