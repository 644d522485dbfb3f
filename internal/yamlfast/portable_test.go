package yamlfast_test

import (
	"math"
	"strconv"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/lia-project/lia/internal/yamlfast"
)

// plain returns the tag yaml.v3 resolves a plain scalar to.
func plain(t *testing.T, s string) string {
	t.Helper()
	var doc yaml.Node
	if err := yaml.Unmarshal([]byte("k: "+s+"\n"), &doc); err != nil {
		t.Fatalf("%q: %v", s, err)
	}
	return doc.Content[0].Content[1].Tag
}

// TestPlainProblem: the plain scalars YAML 1.1 and 1.2 readers read
// differently are refused, with a hint; the ones they read alike are not.
// (The differential test in internal/yamlreaders checks both against the
// readers themselves.)
func TestPlainProblem(t *testing.T) {
	refused := map[string]string{
		"01200000": "octal (327680)", "0777": "octal", "-01": "leading zero", "0o17": "form", "0x1F": "form",
		"0b101": "form", "1_000": "underscore", "9007199254740992": "2^53", "18446744073709551615": "2^53",
		"99999999999999999999": "too large", "1e-08": "no decimal point", "1E5": "no decimal point",
		"1.0e8": "without a sign", "-.5": "form", "1_0.5": "underscore", "yes": "boolean", "No": "boolean",
		"on": "boolean", "OFF": "boolean", "y": "boolean", "N": "boolean", "1:20": "number", "10:00": "number", "1:20:30.5": "number",
		"1.0e+400": "number", "=": "value key", "2026-02-30": "date", "0000-01-01": "date",
		"2026-11-02T10:00:00Z": "timestamp", "2026-11-02 10:00:00 +01:00": "date", "2026-1-2": "timestamp",
		"._5": "number", "e5": "number", ".": "number",
	}
	for s, want := range refused {
		msg, hint := yamlfast.PlainProblem(plain(t, s), s)
		if !strings.Contains(msg, want) || hint == "" {
			t.Errorf("%q: problem %q, hint %q; want a problem with %q and a hint", s, msg, hint, want)
		}
	}
	for _, s := range []string{"0", "-0", "12", "+12", "9007199254740991", "1.5", "3.0", "1.", "0.5e-3", "1.0e-08", "2.5E+21",
		".5", ".inf", "-.Inf", ".nan", "1.0e-400", "true", "False", "null", "~", "", "2026-11-02", "0.1.0", "2026.11.1",
		"development", "yesterday", "no way", "1st", "e", "fade", "2026-11", "1-2", "+.nan", "12 monkeys"} {
		if msg, _ := yamlfast.PlainProblem(plain(t, s), s); msg != "" {
			t.Errorf("%q (%s): refused: %s", s, plain(t, s), msg)
		}
	}
}

// TestTextProblem: line separators YAML 1.2 does not break lines at, tabs
// and directives are found wherever they are, at their offset
// (LayoutProblem finds the last two).
func TestTextProblem(t *testing.T) {
	for _, tc := range []struct {
		text string
		off  int
		want string
	}{
		{"a: b\u0085c\n", 4, "U+0085"},
		{"a: 'b\u2028c'\n", 5, "U+2028"},
		{"# \u2029\na: b\n", 2, "U+2029"},
		{"a: \u2028 \u0085\n", 3, "U+2028"},
		{"a: b\tc\n", 4, "tab"},
		{"%YAML 1.1\n---\na: b\n", 0, "directive"},
		{"a: b\n%TAG ! x\n", 5, "directive"},
	} {
		off, msg, hint := yamlfast.TextProblem([]byte(tc.text))
		if off < 0 {
			off, msg, hint = yamlfast.LayoutProblem([]byte(tc.text))
		}
		if off != tc.off || !strings.Contains(msg, tc.want) || hint == "" {
			t.Errorf("%q: %d %q %q; want offset %d and %q", tc.text, off, msg, hint, tc.off, tc.want)
		}
	}
	for _, s := range []string{"a: b\n", "a: café — ‘quoted’ … 100%\n", "a: \"\\N \\L \\P\"\n", "a: |\n  50% off\n"} {
		if off, msg, _ := yamlfast.TextProblem([]byte(s)); off >= 0 {
			t.Errorf("%q: refused at %d: %s", s, off, msg)
		}
		if off, msg, _ := yamlfast.LayoutProblem([]byte(s)); off >= 0 {
			t.Errorf("%q: refused at %d: %s", s, off, msg)
		}
	}
}

// TestFormatFloat: every number is written in a form each reader reads as
// the same number, and reads back exactly.
func TestFormatFloat(t *testing.T) {
	for f, want := range map[float64]string{
		0: "0", math.Copysign(0, -1): "0", 3: "3", 0.5: "0.5", 1e-08: "1.0e-08", 2e6: "2000000", 1e21: "1.0e+21",
		1.5e-7: "0.00000015", 1.5e-8: "1.5e-08", 0.30000000000000004: "0.30000000000000004", 123456789.125: "123456789.125", 5e-324: "5.0e-324", 1 << 53: "9.007199254740992e+15",
		math.MaxFloat64: "1.7976931348623157e+308",
	} {
		got := yamlfast.FormatFloat(f)
		if got != want {
			t.Errorf("FormatFloat(%v) = %q, want %q", f, got, want)
		}
		back, err := strconv.ParseFloat(got, 64)
		if err != nil || back != f {
			t.Errorf("%q reads back as %v (%v)", got, back, err)
		}
		if msg, _ := yamlfast.PlainProblem(plain(t, got), got); msg != "" {
			t.Errorf("%q is refused: %s", got, msg)
		}
	}
}

func BenchmarkPlainProblem(b *testing.B) {
	values := [][2]string{{"!!str", "development"}, {"!!str", "Customer transaction history, device data."}, {"!!int", "2000000"},
		{"!!float", "1.0e-08"}, {"!!str", "0.1.0"}, {"!!timestamp", "2026-11-02"}, {"!!bool", "true"}, {"!!str", "no"}}
	for b.Loop() {
		for _, v := range values {
			yamlfast.PlainProblem(v[0], v[1])
		}
	}
}
