package safetext

import (
	"bytes"
	"encoding/xml"
	"io"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

func TestText(t *testing.T) {
	for in, want := range map[string]string{
		"":                         "",
		"plain text":               "plain text",
		"C:\\data\\file":           "C:\\data\\file",
		"bell\a and esc\x1b[2J":    `bell\x07 and esc\x1b[2J`,
		"line\nbreak\ttab\rcr":     `line\nbreak\ttab\rcr`,
		"nul\x00del\x7f":           `nul\x00del\x7f`,
		"c1 \u009b31m nel\u0085":   `c1 \u009b31m nel\u0085`,
		"rlo \u202eexe.txt\u202c":  `rlo \u202eexe.txt\u202c`,
		"isolates \u2066x\u2069":   `isolates \u2066x\u2069`,
		"marks \u200e\u200f\u061c": `marks \u200e\u200f\u061c`,
		"zw\u200bsp wj\u2060":      `zw\u200bsp wj\u2060`,
		"\ufeffbom":                `\ufeffbom`,
		"soft\u00adhyphen":         `soft\u00adhyphen`,
		"ls\u2028ps\u2029":         `ls\u2028ps\u2029`,
		"tag\U000E0041chars":       `tag\U000e0041chars`,
		"bad \xff utf8 \xc3":       `bad \xff utf8 \xc3`,
		"pay\u200dpal":             `pay\u200dpal`,
		"a\u200cb":                 `a\u200cb`,
		"\u200dstart":              `\u200dstart`,
		"end\u200d":                `end\u200d`,
		"می\u200cخواهم":            "می\u200cخواهم",
		"👨\u200d👩\u200d👧":          "👨\u200d👩\u200d👧",
		"क्\u200dष":                "क्\u200dष",
		"中文 עברית العربية Ελληνικά": "中文 עברית العربية Ελληνικά",
		"émoji 😀 and 🏳️‍🌈":          "émoji 😀 and 🏳️‍🌈",
		"nbsp\u00a0é":               "nbsp\u00a0é",
	} {
		if got := Text(in); got != want {
			t.Errorf("Text(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestCleanTextDoesNotAllocate: ordinary text, in any script, costs no
// allocation in any of the escapers.
func TestCleanTextDoesNotAllocate(t *testing.T) {
	clean := "Customer transaction history — café, 中文, עברית, Ελληνικά, می\u200cخواهم 😀"
	for name, f := range map[string]func(string) string{
		"Text": Text, "GitHubData": GitHubData, "XMLText": XMLText, "XMLAttr": XMLAttr,
	} {
		var out string
		if n := testing.AllocsPerRun(100, func() { out = f(clean) }); n != 0 {
			t.Errorf("%s allocates %v times on clean text", name, n)
		}
		if out != clean {
			t.Errorf("%s changed clean text: %q", name, out)
		}
	}
	if n := testing.AllocsPerRun(100, func() { GitHubProperty("internal/a/b.lia.yaml") }); n != 0 {
		t.Errorf("GitHubProperty allocates %v times on a clean path", n)
	}
	if n := testing.AllocsPerRun(100, func() { Markdown("support assistant lia yaml") }); n != 0 {
		t.Errorf("Markdown allocates %v times on clean text", n)
	}
}

func TestGitHub(t *testing.T) {
	for in, want := range map[string]string{
		"50% done":                             "50%25 done",
		"a\nb\r\nc":                            "a%0Ab%0D%0Ac",
		"x\n::error file=README.md::forged":    "x%0A::error file=README.md::forged",
		"esc\x1b[31m bidi\u202e":               `esc\x1b[31m bidi\u202e`,
		"%0A already encoded":                  "%250A already encoded",
		"file: a, b":                           "file: a, b",
		"C:\\x":                                "C:\\x",
		"no changes":                           "no changes",
		"line 1\n::set-output name=x::pwned\n": "line 1%0A::set-output name=x::pwned%0A",
	} {
		if got := GitHubData(in); got != want {
			t.Errorf("GitHubData(%q) = %q, want %q", in, got, want)
		}
	}
	for in, want := range map[string]string{
		"dir/a.lia.yaml":       "dir/a.lia.yaml",
		"a,line=1::x":          "a%2Cline=1%3A%3Ax",
		"100%:\n":              "100%25%3A%0A",
		"lia ambiguous-yaml":   "lia ambiguous-yaml",
		"weird\u2066name.yaml": `weird\u2066name.yaml`,
	} {
		if got := GitHubProperty(in); got != want {
			t.Errorf("GitHubProperty(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestXML(t *testing.T) {
	for in, want := range map[string]string{
		"a < b & c > d":   "a &lt; b &amp; c &gt; d",
		"two\nlines\ttab": "two\nlines\ttab",
		"cr\r":            "cr&#xD;",
		"esc\x1b nul\x00": `esc\x1b nul\x00`,
		"\ufffe\uffff":    `\ufffe\uffff`,
		"quote \"' kept":  "quote \"' kept",
		"bad \xff":        `bad \xff`,
		"]]> cdata end":   "]]&gt; cdata end",
		"中文 and emoji 😀":  "中文 and emoji 😀",
	} {
		if got := XMLText(in); got != want {
			t.Errorf("XMLText(%q) = %q, want %q", in, got, want)
		}
	}
	for in, want := range map[string]string{
		`say "hi" & 'bye'`: "say &quot;hi&quot; &amp; &apos;bye&apos;",
		"a\nb\tc\rd":       "a&#xA;b&#x9;c&#xD;d",
		"<x>":              "&lt;x&gt;",
	} {
		if got := XMLAttr(in); got != want {
			t.Errorf("XMLAttr(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestMarkdown(t *testing.T) {
	for in, want := range map[string]string{
		"plain words 12":               "plain words 12",
		"# heading":                    `\# heading`,
		"a|b":                          `a\|b`,
		"[x](javascript:alert(1))":     `\[x\]\(javascript\:alert\(1\)\)`,
		"<img src=x onerror=alert(1)>": `\<img src\=x onerror\=alert\(1\)\>`,
		"`code` *em* _u_ ~s~":          "\\`code\\` \\*em\\* \\_u\\_ \\~s\\~",
		"two\nlines":                   `two\\nlines`,
		"esc\x1b bidi\u202e":           `esc\\x1b bidi\\u202e`,
		"dir/a.lia.yaml":               `dir\/a\.lia\.yaml`,
		"&amp; entity":                 `\&amp\; entity`,
		"back\\slash":                  `back\\slash`,
		"中文 😀":                         "中文 😀",
	} {
		if got := Markdown(in); got != want {
			t.Errorf("Markdown(%q) = %q, want %q", in, got, want)
		}
	}
}

// visibleOnly reports the first raw character in s that Text would have
// escaped: a control, bidi or invisible format character, or invalid UTF-8.
func visibleOnly(s string) (rune, bool) {
	for i := 0; i < len(s); {
		r, size, bad := unsafeAt(s, i)
		if bad {
			return r, false
		}
		i += size
	}
	return 0, true
}

// independentlyUnsafe is the property the fuzz targets check, written
// without unsafeAt: no C0 but the ones a format keeps, no DEL, no C1, no bidi
// control, no line separator, no format character but joiners between two
// non-ASCII characters, valid UTF-8.
func independentlyUnsafe(s string, keep string) (int, bool) {
	if !utf8.ValidString(s) {
		return -1, true
	}
	rs := []rune(s)
	for i, r := range rs {
		switch {
		case r < ' ' && strings.ContainsRune(keep, r), r >= ' ' && r < 0x7f, r > 0x9f && !unicode.Is(unicode.Cf, r) && r != 0x2028 && r != 0x2029:
			continue
		case (r == 0x200C || r == 0x200D) && i > 0 && i+1 < len(rs) && rs[i-1] > 0x9f && rs[i+1] > 0x9f &&
			!unicode.Is(unicode.Cf, rs[i-1]) && !unicode.Is(unicode.Cf, rs[i+1]):
			continue
		}
		return i, true
	}
	return 0, false
}

func FuzzText(f *testing.F) {
	for _, s := range []string{"", "plain", "esc\x1b[31m", "rlo\u202e", "pay\u200dpal", "می\u200cخواهم", "\xff\xfe", "a\u200d\u200d\u200db"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := Text(s)
		if i, bad := independentlyUnsafe(out, ""); bad {
			t.Fatalf("Text(%q) = %q: raw character at rune %d", s, out, i)
		}
		if _, ok := visibleOnly(s); ok && out != s {
			t.Fatalf("Text changed clean text %q to %q", s, out)
		}
		if Text(out) != out {
			t.Fatalf("Text(%q) = %q is not clean", s, out)
		}
		lines := Lines(s)
		if i, bad := independentlyUnsafe(lines, "\n"); bad {
			t.Fatalf("Lines(%q) = %q: raw character at rune %d", s, lines, i)
		}
		parts := strings.Split(s, "\n")
		for i, p := range parts {
			parts[i] = Text(p)
		}
		if want := strings.Join(parts, "\n"); lines != want {
			t.Fatalf("Lines(%q) = %q, want the lines escaped as Text does: %q", s, lines, want)
		}
		for _, l := range []string{Line(s, 20), CutLine(s, 20)} {
			if i, bad := independentlyUnsafe(l, ""); bad {
				t.Fatalf("Line or CutLine of %q = %q: raw character at rune %d", s, l, i)
			}
		}
	})
}

func FuzzGitHub(f *testing.F) {
	for _, s := range []string{"", "msg", "a\n::error::forged", "100%", "a,b:c", "\r\n", "esc\x1b"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		data, prop := GitHubData(s), GitHubProperty(s)
		for _, out := range []string{data, prop} {
			if strings.ContainsAny(out, "\r\n") {
				t.Fatalf("%q: output %q holds a line break", s, out)
			}
			if i, bad := independentlyUnsafe(out, ""); bad {
				t.Fatalf("%q: output %q: raw character at rune %d", s, out, i)
			}
		}
		if strings.ContainsAny(prop, ":,") {
			t.Fatalf("%q: property %q holds : or ,", s, prop)
		}
		// The runner decodes %25, %0D, %0A (and %3A, %2C in properties):
		// clean text comes back as it was.
		// (Line breaks become spaces, not nothing: removing one could join
		// two stray bytes into a valid character.)
		if _, ok := visibleOnly(strings.NewReplacer("\r", " ", "\n", " ").Replace(s)); ok {
			unData := strings.NewReplacer("%0D", "\r", "%0A", "\n", "%25", "%").Replace(data)
			unProp := strings.NewReplacer("%0D", "\r", "%0A", "\n", "%3A", ":", "%2C", ",", "%25", "%").Replace(prop)
			if unData != s || unProp != s {
				t.Fatalf("%q: decodes to %q and %q", s, unData, unProp)
			}
		}
	})
}

func FuzzJUnit(f *testing.F) {
	for _, s := range []string{"", "a < b", "\x00\x1b\ufffe", "\"'&", "]]>", "\r\n\t", "\xff"} {
		f.Add(s, s)
	}
	f.Fuzz(func(t *testing.T, attr, text string) {
		doc := `<?xml version="1.0" encoding="UTF-8"?>` + "\n" +
			`<testsuite name="` + XMLAttr(attr) + `"><testcase name='` + XMLAttr(text) + `'><failure message="` + XMLAttr(attr) + `">` +
			XMLText(text) + `</failure></testcase></testsuite>`
		dec := xml.NewDecoder(strings.NewReader(doc))
		var name, message, body string
		in := false
		for {
			tok, err := dec.Token()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatalf("attr %q, text %q: %v\n%s", attr, text, err, doc)
			}
			switch tok := tok.(type) {
			case xml.StartElement:
				for _, a := range tok.Attr {
					switch {
					case tok.Name.Local == "testsuite" && a.Name.Local == "name":
						name = a.Value
					case tok.Name.Local == "failure" && a.Name.Local == "message":
						message = a.Value
					}
				}
				in = tok.Name.Local == "failure"
			case xml.EndElement:
				in = false
			case xml.CharData:
				if in {
					body += string(tok)
				}
			}
		}
		if name != message {
			t.Fatalf("one attribute reads %q and %q", name, message)
		}
		if i, bad := independentlyUnsafe(body, "\n\t\r"); bad {
			t.Fatalf("text %q reads back as %q: raw character at rune %d", text, body, i)
		}
		if _, ok := visibleOnly(strings.NewReplacer("\n", " ", "\t", " ", "\r", " ").Replace(text)); ok && !strings.ContainsAny(text, "\ufffe\uffff") {
			if body != text {
				t.Fatalf("text %q reads back as %q", text, body)
			}
		}
		if _, ok := visibleOnly(strings.NewReplacer("\n", " ", "\t", " ", "\r", " ").Replace(attr)); ok && !strings.ContainsAny(attr, "\ufffe\uffff") {
			if name != attr {
				t.Fatalf("attribute %q reads back as %q", attr, name)
			}
		}
	})
}

func FuzzMarkdown(f *testing.F) {
	for _, s := range []string{"", "# h", "a|b", "<script>", "[x](y)", "two\nlines", "esc\x1b", "\\"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := Markdown(s)
		if strings.ContainsAny(out, "\r\n") {
			t.Fatalf("Markdown(%q) = %q holds a line break", s, out)
		}
		if i, bad := independentlyUnsafe(out, ""); bad {
			t.Fatalf("Markdown(%q) = %q: raw character at rune %d", s, out, i)
		}
		// Every ASCII punctuation character is escaped: read the output as
		// CommonMark does, a backslash taking the next character literally.
		b := []byte(out)
		for i := 0; i < len(b); i++ {
			c := b[i]
			if c == '\\' {
				if i+1 == len(b) || markdownPunct[b[i+1]&0x7f] == "" || b[i+1] >= 0x80 {
					t.Fatalf("Markdown(%q) = %q: a backslash escapes nothing at %d", s, out, i)
				}
				i++
				continue
			}
			if c < 0x80 && markdownPunct[c] != "" {
				t.Fatalf("Markdown(%q) = %q: raw %q at %d", s, out, c, i)
			}
		}
		if bytes.ContainsAny([]byte(s), "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~\n\r\t") {
			return
		}
		if _, ok := visibleOnly(s); ok && out != s {
			t.Fatalf("Markdown changed clean text %q to %q", s, out)
		}
	})
}

func BenchmarkText(b *testing.B) {
	clean := strings.Repeat("Customer transaction history, device data — café. ", 4)
	dirty := clean + "\x1b[31m\u202e"
	b.Run("clean", func(b *testing.B) {
		for b.Loop() {
			Text(clean)
		}
	})
	b.Run("dirty", func(b *testing.B) {
		for b.Loop() {
			Text(dirty)
		}
	})
}

// The cases below came with the terminal helpers that were folded into this
// package; their expectations are now this package's escapes (\x1b, \u202e)
// instead of the ^[ and <U+202E> the old helper wrote.
func TestLinesLineClipRune(t *testing.T) {
	tests := []struct {
		in, text, lines string
	}{
		{"plain", "plain", "plain"},
		{"a\x1b[2Jb\u202ec\nd", `a\x1b[2Jb\u202ec\nd`, "a\\x1b[2Jb\\u202ec\nd"},
		{"a\nb\tc", `a\nb\tc`, "a\nb\\tc"},
		{"zero\u200bwidth\u00a0nbsp", `zero\u200bwidth` + "\u00a0nbsp", `zero\u200bwidth` + "\u00a0nbsp"},
	}
	for _, tt := range tests {
		if got := Text(tt.in); got != tt.text {
			t.Errorf("Text(%q) = %q, want %q", tt.in, got, tt.text)
		}
		if got := Lines(tt.in); got != tt.lines {
			t.Errorf("Lines(%q) = %q, want %q", tt.in, got, tt.lines)
		}
	}
	if got, want := Line("  two\n words \x1b ", 20), `two words \x1b`; got != want {
		t.Errorf("Line = %q, want %q", got, want)
	}
	if got, want := Line("eleven char", 10), "eleven ch…"; got != want {
		t.Errorf("Line = %q, want %q", got, want)
	}
	if got, want := CutLine(" a\x1b\n b c", 4), `a\x1b b...`; got != want {
		t.Errorf("CutLine = %q, want %q", got, want)
	}
	for r, want := range map[rune]string{0x1b: `\x1b`, '\t': `\t`, 0x202e: `\u202e`, 0x200d: `\u200d`, 'a': "", 'é': ""} {
		got, ok := Rune(r)
		if got != want || ok != (want != "") {
			t.Errorf("Rune(%q) = %q, %v, want %q", r, got, ok, want)
		}
	}
}
