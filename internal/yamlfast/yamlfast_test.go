package yamlfast_test

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/lia-project/lia/internal/assessment"
	"github.com/lia-project/lia/internal/gen"
	"github.com/lia-project/lia/internal/yamlfast"
	"github.com/lia-project/lia/templates"
)

// diff returns where two trees differ, ignoring comments, or "".
func diff(a, b *yaml.Node, path string) string {
	switch {
	case a.Kind != b.Kind:
		return fmt.Sprintf("%s: kind %d, yaml.v3 %d", path, a.Kind, b.Kind)
	case a.Style != b.Style:
		return fmt.Sprintf("%s: style %d, yaml.v3 %d", path, a.Style, b.Style)
	case a.Tag != b.Tag:
		return fmt.Sprintf("%s: tag %q, yaml.v3 %q", path, a.Tag, b.Tag)
	case a.Value != b.Value:
		return fmt.Sprintf("%s: value %q, yaml.v3 %q", path, a.Value, b.Value)
	case a.Anchor != b.Anchor || a.Alias != nil || b.Alias != nil:
		return fmt.Sprintf("%s: anchor %q, yaml.v3 %q", path, a.Anchor, b.Anchor)
	case a.Line != b.Line || a.Column != b.Column:
		return fmt.Sprintf("%s: at %d:%d, yaml.v3 %d:%d", path, a.Line, a.Column, b.Line, b.Column)
	case len(a.Content) != len(b.Content):
		return fmt.Sprintf("%s: %d children, yaml.v3 %d", path, len(a.Content), len(b.Content))
	}
	for i := range a.Content {
		if d := diff(a.Content[i], b.Content[i], fmt.Sprintf("%s/%d", path, i)); d != "" {
			return d
		}
	}
	return ""
}

// same parses data with both parsers. When the fast parser accepts it,
// yaml.v3 must read exactly one document from it, without error, into an
// equal tree; same returns whether the fast parser accepted it.
func same(t *testing.T, data []byte) bool {
	t.Helper()
	var a yamlfast.Arena
	fast, ok := a.Parse(data)
	if !ok {
		return false
	}
	checkSummary(t, a.Summary(), fast, data)
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		t.Fatalf("fast parser accepted what yaml.v3 rejects (%v):\n%s", err, data)
	}
	if d := diff(fast, &doc, "doc"); d != "" {
		t.Fatalf("trees differ: %s\n%s", d, data)
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var first, second yaml.Node
	if err := dec.Decode(&first); err != nil {
		t.Fatalf("decoder: %v", err)
	}
	if err := dec.Decode(&second); !errors.Is(err, io.EOF) {
		t.Fatalf("fast parser accepted a file with more than one document (%v):\n%s", err, data)
	}
	return true
}

// accepted holds texts in the subset: each must parse, and equal yaml.v3's tree.
var accepted = []string{
	"a: 1\n",
	"a: 1",
	"# head\n\napiVersion: lia/v1\nkind: X # trailing\n\n# foot\n",
	"a:\n  b: c\n  d:\n    e: -5\nf: g\n",
	"a:\n- x\n- y\nb: z\n",
	"a:\n  - x\n  -   y\n",
	"a:\n  - id: x\n    test: y\n  - id: z\n",
	"a: [x, y,   z]\nb: []\nc: [ ]\nd: ['q', \"r\"]\n",
	"a: {name: Ana, email: a@example.com, n: 3}\nb: {}\n",
	"a: 'it''s'\nb: \"say \\\"hi\\\" \\\\ \\n \\t \\x41 \\u00e9 \\U0001F600 \\' \\e \\0\"\n",
	"a: 2026-11-02\nb: \"2026-11-02\"\nd: 1.5\nd2: 1.0e-08\nd3: 1e-06\nd4: 2.\nd5: -3E+5\nd6: 1e5\ne: -0\nf: 0\ng: 123456789012345678\n",
	"a: true\nb: False\nc: NULL\nd: ~\ne: yes\nf: no\ng: on\nh: ~x\n",
	"a: Proportionate; keep retention at 18 months.\nb: https://example.com/x?y=1#z\n",
	"a: first line\n  second line\n\n  after a blank\n\n\n  two blanks\nb: c\n",
	"a:\n- long item\n  folded\n- next\n",
	"a:\n  - x\n    y\n",
	"a: b # comment\n  # indented comment\nc: d\n",
	"a: 24 months of history\nb: 3 years\nc: 1 2 3\n",
	"a: Grüße, naïve café — “quoted” ½\nb: [é, ü, x]\n",
	"a: |\n  line one\n    indented\n\n  after blank\nb: |-\n  no final newline\n",
	"signatures:\n  - signer: A <a@example.com>\n    signature: |\n      -----BEGIN SSH SIGNATURE-----\n      U1NIU0lH==\n      -----END SSH SIGNATURE-----\n    role: dpo\n",
	"a:\n  b:\n  - 1\n  - 2\n  c: 3\n",
	"   a: indented root\n   b: 2\n",
	"a: x\n\n\n",
	"a: b[c]{d},e\n",
	"a: _x\nb: /path\nc: (note)\nd: $5\n",
	"key.with-dots_and-dashes: v\n",
	"version: 0.1.0\nscoring: 2026.11.1\nx: 1..2\n",
}

// refused holds texts outside the subset (some valid YAML, some not): the
// fast parser must leave each to yaml.v3.
var refused = []string{
	"",
	"# only a comment\n",
	"---\na: 1\n",
	"a: 1\n---\nb: 2\n",
	"a: 1\n...\n",
	"%YAML 1.2\n---\na: 1\n",
	"a: &x 1\nb: *x\n",
	"a: !!str 1\n",
	"a:\tb\n",
	"a: b\r\n",
	"a:\n",
	"a: >\n  folded\n",
	"a: |+\n  keep\n",
	"a: |2\n  x\n",
	"? a\n: b\n",
	"a: 0777\n",
	"a: 1e999\n",
	"a: 2026-02-30\n",
	"a: 1.5e\n",
	"a: .inf\n",
	"a: 0x1F\n",
	"a: 1_000\n",
	"a: +5\n",
	"a: 'multi\n  line'\n",
	"a: [x,\n  y]\n",
	"a: [x, [y]]\n",
	"a: [x, y,]\n",
	"a: b: c\n",
	"a: - b\n",
	"- - a\n",
	"a: 1\n b: 2\n",
	"a:\n  b: 1\n c: 2\n",
	"- x\nb: 1\n",
	"[a, b]\n",
	"- a: 1\n  b: 2\n",
	"just text\n",
	"\"a\": 1\n",
	"true: 1\n",
	"a: \"\\q\"\n",
	"a: \"\\ud800\"\n",
	"a: \"\\UFFFFFFFF\"\n",
	"a: [\"\\U80000041\"]\n",
	"a: \"\\U00110000\"\n",
	"a: \xef\xbb\xbfx\n",
	"\xef\xbb\xbfa: 1\n",
	"a: \xe2\x80\xa8\n",
	"a: \U0001F600\n",
	"a: x\n  # c\n  y\n",
	"a: x\n  - y\n",
	"a: <<\n",
	"<<: {a: 1}\n",
	"a: |\n  x",
	"a: |\n\n  x\n",
	"a: 'x'#c\n",
}

func TestAccepted(t *testing.T) {
	for _, s := range accepted {
		if !same(t, []byte(s)) {
			t.Errorf("refused, but it is in the subset:\n%s", s)
		}
	}
}

func TestRefused(t *testing.T) {
	for _, s := range refused {
		if same(t, []byte(s)) {
			t.Errorf("accepted, but it is outside the subset:\n%q", s)
		}
	}
}

func catalog(t testing.TB) *assessment.Catalog {
	t.Helper()
	cat, err := assessment.Load(templates.FS)
	if err != nil {
		t.Fatal(err)
	}
	return cat
}

// records returns the spec examples and n records as lia writes them, each
// with a signature block as lia sign writes it.
func records(t testing.TB, n int) [][]byte {
	t.Helper()
	paths, err := filepath.Glob("../../testdata/examples/*.lia.yaml")
	if err != nil || len(paths) == 0 {
		t.Fatalf("no examples: %v", err)
	}
	var out [][]byte
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, b)
	}
	cat := catalog(t)
	for i := range n {
		b, err := assessment.MarshalRecord(gen.Record(cat, 1, i), cat.Questionnaire)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, append(b, signatureBlock...))
	}
	return out
}

const signatureBlock = `signatures:
  - signer: Ana Ribeiro <ana.ribeiro@example.com>
    role: dpo
    key: SHA256:uKxIf8ZELSZMb5d4mvJJXJgaip8grB5YoTew1Gaz3tU
    signed_at: "2026-11-23T14:50:22Z"
    signature: |
      -----BEGIN SSH SIGNATURE-----
      U1NIU0lHAAAAAQAAADMAAAALc3NoLWVkMjU1MTkAAAAgP8eauBwOPp2UfDJqpQqBkige+k
      0LBF+GVLxyL0LZEryxqZiFgZr6PEPHZMaZCg==
      -----END SSH SIGNATURE-----
`

// TestRecordsTakeTheFastPath: every record lia writes, and every example,
// is in the subset, so lia validate never falls back to yaml.v3 for them.
func TestRecordsTakeTheFastPath(t *testing.T) {
	for i, b := range records(t, 300) {
		if !same(t, b) {
			t.Fatalf("record %d is not in the subset:\n%s", i, b)
		}
	}
}

// TestArenaReuse parses documents of every size with one Arena, reset
// between them, and with a few trees alive at once: each tree must equal the
// one a fresh parse builds, including where a node used before now holds a
// different kind of node, and must stay so while later documents are parsed
// until the Arena is reset.
func TestArenaReuse(t *testing.T) {
	docs := []string{strings.Repeat("a: [x, y]\nb:\n  c: d\n", 300), "a: 1\n"}
	docs = append(docs, accepted...)
	for _, b := range records(t, 20) {
		docs = append(docs, string(b))
	}
	docs = append(docs, "a: ["+strings.Repeat("x, ", 3000)+"y]\n", "z: {k: v}\n")
	var a yamlfast.Arena
	type kept struct {
		tree *yaml.Node
		src  string
	}
	var alive []kept
	for i, d := range docs {
		tree, ok := a.Parse([]byte(d))
		if !ok {
			t.Fatalf("document %d refused:\n%s", i, d)
		}
		alive = append(alive, kept{tree, d})
		for _, k := range alive {
			want, _ := yamlfast.Parse([]byte(k.src))
			if df := diff(k.tree, want, "doc"); df != "" {
				t.Fatalf("after document %d, a tree differs: %s\n%s", i, df, k.src)
			}
		}
		if i%3 == 2 {
			a.Reset()
			alive = alive[:0]
		}
	}
}

// FuzzArenaReuse: whatever was parsed before with an Arena, and whether
// it was accepted, a document parsed with it after Reset is the tree a
// fresh Parse builds; the previous document stays intact until Reset.
func FuzzArenaReuse(f *testing.F) {
	for _, s := range accepted {
		f.Add([]byte(s))
	}
	for _, b := range records(f, 4) {
		f.Add(b)
	}
	var a yamlfast.Arena
	var prev *yaml.Node
	var prevSrc []byte
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 1<<16 {
			return
		}
		got, ok := a.Parse(data)
		want, wantOK := yamlfast.Parse(data)
		if ok != wantOK {
			t.Fatalf("Arena.Parse %v, Parse %v", ok, wantOK)
		}
		if ok {
			if d := diff(got, want, "doc"); d != "" {
				t.Fatalf("trees differ: %s\n%s", d, data)
			}
			checkSummary(t, a.Summary(), got, data)
		}
		if prev != nil {
			again, _ := yamlfast.Parse(prevSrc)
			if d := diff(prev, again, "doc"); d != "" {
				t.Fatalf("the previous tree changed: %s\n%s", d, prevSrc)
			}
		}
		// Keep every other tree alive across one more document.
		if prev == nil && ok {
			prev, prevSrc = got, append([]byte(nil), data...)
			return
		}
		prev, prevSrc = nil, nil
		a.Reset()
	})
}

func FuzzMatchesYAMLv3(f *testing.F) {
	for _, s := range accepted {
		f.Add([]byte(s))
	}
	for _, s := range refused {
		f.Add([]byte(s))
	}
	for _, b := range records(f, 4) {
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 1<<16 {
			return
		}
		same(t, data)
	})
}

func BenchmarkParse(b *testing.B) {
	data := records(b, 1)[4]
	b.Run("yamlfast", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		b.ReportAllocs()
		for b.Loop() {
			if _, ok := yamlfast.Parse(data); !ok {
				b.Fatal("not in the subset")
			}
		}
	})
	// The same with the nodes' memory used again, as lia validate does.
	b.Run("arena", func(b *testing.B) {
		var a yamlfast.Arena
		b.SetBytes(int64(len(data)))
		b.ReportAllocs()
		for b.Loop() {
			if _, ok := a.Parse(data); !ok {
				b.Fatal("not in the subset")
			}
			a.Reset()
		}
	})
	b.Run("yaml.v3", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		b.ReportAllocs()
		for b.Loop() {
			var doc yaml.Node
			if err := yaml.Unmarshal(data, &doc); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func TestDiffFindsDifferences(t *testing.T) {
	var a, b yaml.Node
	if err := yaml.Unmarshal([]byte("a: [x, y]\n"), &a); err != nil {
		t.Fatal(err)
	}
	if err := yaml.Unmarshal([]byte("a: [x, z]\n"), &b); err != nil {
		t.Fatal(err)
	}
	if d := diff(&a, &b, "doc"); !strings.Contains(d, `value "y", yaml.v3 "z"`) {
		t.Fatalf("diff = %q", d)
	}
}

// TestLongLinesTakeLinearTime: a 3 MB line of a million flow items parses
// (columns are counted on from the previous item, not from the line start;
// counting from the start would take hours here).
func TestLongLinesTakeLinearTime(t *testing.T) {
	data := []byte("a: [" + strings.Repeat("x, ", 1_000_000) + "é, y]\n")
	doc, ok := yamlfast.Parse(data)
	if !ok {
		t.Fatal("refused")
	}
	items := doc.Content[0].Content[1].Content
	if len(items) != 1_000_002 || items[len(items)-1].Column != 3_000_008 {
		t.Fatalf("%d items, last at column %d", len(items), items[len(items)-1].Column)
	}
}

// checkSummary compares what Arena.Summary says of a tree with a walk of it.
func checkSummary(t *testing.T, s yamlfast.Summary, doc *yaml.Node, data []byte) {
	t.Helper()
	nodes, depth, ambiguous := 0, 0, 0
	var walk func(n *yaml.Node, d int)
	walk = func(n *yaml.Node, d int) {
		nodes++
		depth = max(depth, d)
		if n.Kind == yaml.ScalarNode && n.Style == 0 {
			if msg, _ := yamlfast.PlainProblem(n.Tag, n.Value); msg != "" {
				ambiguous++
			}
		}
		for _, c := range n.Content {
			walk(c, d+1)
		}
	}
	walk(doc.Content[0], 0)
	if s.Nodes != nodes || s.Depth < depth || s.Ambiguous != ambiguous {
		t.Fatalf("Summary() = %+v, the tree has %d nodes, depth %d, %d ambiguous\n%s", s, nodes, depth, ambiguous, data)
	}
}

// TestManyNonASCII has more characters outside ASCII than the parser keeps
// the offsets of, before and after values whose columns it must count.
func TestManyNonASCII(t *testing.T) {
	for _, n := range []int{1, 1023, 1024, 1025, 3000} {
		data := []byte("a: " + strings.Repeat("é", n) + "\nb: x\nc: é [ü, x]\nd: {k: é, l: m}\ne:\n  - ü\n  - x: é ü\n")
		if !same(t, data) {
			t.Errorf("%d characters outside ASCII: not in the subset", n)
		}
	}
}
