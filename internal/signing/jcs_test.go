package signing

import (
	"encoding/json"
	"math"
	"strconv"
	"strings"
	"testing"
)

// TestFormatNumberRFC8785 uses the IEEE 754 samples of RFC 8785 appendix B.
func TestFormatNumberRFC8785(t *testing.T) {
	tests := []struct {
		bits string
		want string
	}{
		{"0000000000000000", "0"},
		{"8000000000000000", "0"},
		{"0000000000000001", "5e-324"},
		{"8000000000000001", "-5e-324"},
		{"7fefffffffffffff", "1.7976931348623157e+308"},
		{"ffefffffffffffff", "-1.7976931348623157e+308"},
		{"4340000000000000", "9007199254740992"},
		{"c340000000000000", "-9007199254740992"},
		{"4430000000000000", "295147905179352830000"},
		{"44b52d02c7e14af5", "9.999999999999997e+22"},
		{"44b52d02c7e14af6", "1e+23"},
		{"44b52d02c7e14af7", "1.0000000000000001e+23"},
		{"444b1ae4d6e2ef4e", "999999999999999700000"},
		{"444b1ae4d6e2ef4f", "999999999999999900000"},
		{"444b1ae4d6e2ef50", "1e+21"},
		{"3eb0c6f7a0b5ed8c", "9.999999999999997e-7"},
		{"3eb0c6f7a0b5ed8d", "0.000001"},
		{"41b3de4355555553", "333333333.3333332"},
		{"41b3de4355555554", "333333333.33333325"},
		{"41b3de4355555555", "333333333.3333333"},
		{"41b3de4355555556", "333333333.3333334"},
		{"41b3de4355555557", "333333333.33333343"},
		{"becbf647612f3696", "-0.0000033333333333333333"},
		{"43143ff3c1cb0959", "1424953923781206.2"},
	}
	for _, tt := range tests {
		bits, err := strconv.ParseUint(tt.bits, 16, 64)
		if err != nil {
			t.Fatal(err)
		}
		got, err := FormatNumber(math.Float64frombits(bits))
		if err != nil {
			t.Errorf("FormatNumber(%s): %v", tt.bits, err)
			continue
		}
		if got != tt.want {
			t.Errorf("FormatNumber(%s) = %s, want %s", tt.bits, got, tt.want)
		}
	}
}

// TestFormatNumberMore covers each ECMAScript branch and its boundaries.
func TestFormatNumberMore(t *testing.T) {
	tests := []struct {
		in   float64
		want string
	}{
		{1e30, "1e+30"},
		{4.5, "4.5"},
		{0.002, "0.002"},
		{1e-7, "1e-7"},
		{1e-27, "1e-27"},
		{1e-6, "0.000001"},
		{1.5e-7, "1.5e-7"},
		{1e21, "1e+21"},
		{1e20, "100000000000000000000"},
		{123456789012345680000, "123456789012345680000"},
		{1, "1"},
		{-1, "-1"},
		{10, "10"},
		{0.1, "0.1"},
		{-0.5, "-0.5"},
		{100.25, "100.25"},
		{math.Copysign(0, -1), "0"},
		{5e-324, "5e-324"},
	}
	for _, tt := range tests {
		got, err := FormatNumber(tt.in)
		if err != nil {
			t.Errorf("FormatNumber(%v): %v", tt.in, err)
			continue
		}
		if got != tt.want {
			t.Errorf("FormatNumber(%v) = %s, want %s", tt.in, got, tt.want)
		}
	}
	for _, f := range []float64{math.NaN(), math.Inf(1), math.Inf(-1)} {
		if _, err := FormatNumber(f); err == nil {
			t.Errorf("FormatNumber(%v): no error", f)
		}
	}
}

// TestCanonicalizeRFC8785Example is the example of RFC 8785 section 3.2.2
// (numbers, string escaping and literals).
func TestCanonicalizeRFC8785Example(t *testing.T) {
	in := `{
  "numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],
  "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
  "literals": [null, true, false]
}`
	want := `{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\u000f\nA'B\"\\\\\"/"}`
	got, err := CanonicalizeJSON([]byte(in))
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	// The RFC also gives the UTF-8 bytes of the result in hex.
	wantHex := `7b 22 6c 69 74 65 72 61 6c 73 22 3a 5b 6e 75 6c 6c 2c 74 72 75 65 2c 66 61 6c 73 65 5d 2c 22 6e
75 6d 62 65 72 73 22 3a 5b 33 33 33 33 33 33 33 33 33 2e 33 33 33 33 33 33 33 2c 31 65 2b 33 30
2c 34 2e 35 2c 30 2e 30 30 32 2c 31 65 2d 32 37 5d 2c 22 73 74 72 69 6e 67 22 3a 22 e2 82 ac 24
5c 75 30 30 30 66 5c 6e 41 27 42 5c 22 5c 5c 5c 5c 5c 22 2f 22 7d`
	var gotHex []string
	for _, b := range got {
		gotHex = append(gotHex, strconv.FormatUint(uint64(b)|0x100, 16)[1:])
	}
	if strings.Join(gotHex, " ") != strings.Join(strings.Fields(wantHex), " ") {
		t.Errorf("hex differs:\ngot  %s", strings.Join(gotHex, " "))
	}
}

// TestCanonicalizeSortingRFC8785 is the sorting example of RFC 8785 section
// 3.2.3: names sort by UTF-16 code units, so the emoji (a surrogate pair,
// 0xD83D...) sorts before U+FB33 although its code point is larger.
func TestCanonicalizeSortingRFC8785(t *testing.T) {
	in := `{
  "\u20ac": "Euro Sign",
  "\r": "Carriage Return",
  "\ufb33": "Hebrew Letter Dalet With Dagesh",
  "1": "One",
  "\ud83d\ude00": "Emoji: Grinning Face",
  "\u0080": "Control",
  "\u00f6": "Latin Small Letter O With Diaeresis"
}`
	want := "{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\u0080\":\"Control\"," +
		"\"ö\":\"Latin Small Letter O With Diaeresis\",\"€\":\"Euro Sign\"," +
		"\"😀\":\"Emoji: Grinning Face\",\"\ufb33\":\"Hebrew Letter Dalet With Dagesh\"}"
	got, err := CanonicalizeJSON([]byte(in))
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

func TestCanonicalizeEscaping(t *testing.T) {
	tests := []struct {
		in   string
		want string
	}{
		{"\x00\x01\x1f", `"\u0000\u0001\u001f"`},
		{"\b\t\n\f\r", `"\b\t\n\f\r"`},
		{"\x7f", "\"\x7f\""},                 // DEL is not a control character for JSON
		{"\u2028\u2029", "\"\u2028\u2029\""}, // nor are the line separators
		{"</script>", `"</script>"`},         // unlike encoding/json, no HTML escaping
		{"é€😀", `"é€😀"`},
		{`a"b\c/d`, `"a\"b\\c/d"`},
	}
	for _, tt := range tests {
		got, err := Canonicalize(tt.in)
		if err != nil {
			t.Errorf("Canonicalize(%q): %v", tt.in, err)
			continue
		}
		if string(got) != tt.want {
			t.Errorf("Canonicalize(%q) = %s, want %s", tt.in, got, tt.want)
		}
	}
}

func TestCanonicalizeTree(t *testing.T) {
	v := map[string]any{
		"b":     []any{int64(1), 2, 2.5, json.Number("1E3"), nil, true, false},
		"a":     map[string]any{"z": "", "y": map[string]any{}},
		"empty": []any{},
	}
	got, err := Canonicalize(v)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"a":{"y":{},"z":""},"b":[1,2,2.5,1000,null,true,false],"empty":[]}`
	if string(got) != want {
		t.Errorf("got %s, want %s", got, want)
	}
}

func TestCanonicalizeErrors(t *testing.T) {
	values := map[string]any{
		"nan":            math.NaN(),
		"inf":            []any{math.Inf(-1)},
		"big int":        int64(1<<53 + 1),
		"invalid utf-8":  "\xff",
		"bad key":        map[string]any{"\xfe": 1},
		"unknown type":   struct{}{},
		"float32":        float32(1),
		"overflow":       json.Number("1e400"),
		"not a number":   json.Number("abc"),
		"nested invalid": map[string]any{"a": []any{map[string]any{"b": math.NaN()}}},
	}
	for name, v := range values {
		if got, err := Canonicalize(v); err == nil {
			t.Errorf("%s: Canonicalize = %s, want an error", name, got)
		}
	}
	if _, err := Canonicalize(int64(1 << 53)); err != nil {
		t.Errorf("2^53 is exact and must be accepted: %v", err)
	}
}

func TestCanonicalizeJSONErrors(t *testing.T) {
	inputs := map[string]string{
		"duplicate":        `{"a":1,"a":2}`,
		"nested duplicate": `{"x":[{"a":1,"a":1}]}`,
		"invalid utf-8":    "\"\xff\"",
		"lone high":        `"\ud83d"`,
		"lone high then x": `"\ud83dx"`,
		"lone low":         `"\ude00"`,
		"high high":        `"\ud83d\ud83d"`,
		"overflow":         `1e400`,
		"trailing":         `{} {}`,
		"trailing garbage": `1 x`,
		"empty":            ``,
		"truncated":        `{"a":`,
		"bad syntax":       `{"a" 1}`,
		"single quotes":    `{'a':1}`,
		"nan":              `NaN`,
	}
	for name, in := range inputs {
		if got, err := CanonicalizeJSON([]byte(in)); err == nil {
			t.Errorf("%s: CanonicalizeJSON(%q) = %s, want an error", name, in, got)
		}
	}
}

func TestCanonicalizeJSONAccepts(t *testing.T) {
	tests := []struct {
		in   string
		want string
	}{
		{` {"b" : [ 1 , 2 ] , "a" : -0 } `, `{"a":0,"b":[1,2]}`},
		{`"\\ud83d"`, `"\\ud83d"`}, // an escaped backslash, not a surrogate
		{`"\ud83d\ude00"`, `"😀"`},
		{`1e-400`, `0`}, // underflow rounds to zero, as in ECMAScript
		{`9007199254740993`, `9007199254740992`},
		{`[]`, `[]`},
		{`"\u0000"`, `"\u0000"`},
	}
	for _, tt := range tests {
		got, err := CanonicalizeJSON([]byte(tt.in))
		if err != nil {
			t.Errorf("CanonicalizeJSON(%q): %v", tt.in, err)
			continue
		}
		if string(got) != tt.want {
			t.Errorf("CanonicalizeJSON(%q) = %s, want %s", tt.in, got, tt.want)
		}
	}
}

// TestCanonicalizeIdempotent: the canonical form of a canonical form is itself.
func TestCanonicalizeIdempotent(t *testing.T) {
	in := `{"z":[1.5e300,-1e-9,"\u001f\"x"],"a":{"\ud83d\ude00":1,"\ufb33":2}}`
	once, err := CanonicalizeJSON([]byte(in))
	if err != nil {
		t.Fatal(err)
	}
	twice, err := CanonicalizeJSON(once)
	if err != nil {
		t.Fatal(err)
	}
	if string(once) != string(twice) {
		t.Errorf("not idempotent:\n%s\n%s", once, twice)
	}
}

func FuzzCanonicalizeJSON(f *testing.F) {
	f.Add([]byte(`{"a":[1,2.5,"x\u0001"],"b":null}`))
	f.Add([]byte(`{"\ud83d\ude00":1e21,"\ufb33":1e-7}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		once, err := CanonicalizeJSON(data)
		if err != nil {
			return
		}
		twice, err := CanonicalizeJSON(once)
		if err != nil {
			t.Fatalf("canonical form %q does not parse: %v", once, err)
		}
		if string(once) != string(twice) {
			t.Fatalf("not idempotent: %q then %q", once, twice)
		}
		if !json.Valid(once) {
			t.Fatalf("canonical form %q is not valid json", once)
		}
	})
}
