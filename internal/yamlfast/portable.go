package yamlfast

// This file holds lia's rule that a record means one thing to every reader
// (STYLE.md rule 17). YAML 1.1 readers (PyYAML, the YAML 1.1 schemas of
// ruamel.yaml, js-yaml and the yaml package), YAML 1.2 readers (ruamel.yaml,
// js-yaml, the yaml package, all by default) and yaml.v3 (lia's own reader, a
// mix of the two) agree on most of YAML, and disagree on:
//   - U+0085, U+2028 and U+2029, which yaml.v3 and YAML 1.1 take for line
//     breaks and YAML 1.2 takes for ordinary characters;
//   - tabs, which PyYAML and ruamel.yaml refuse in many places the others
//     accept (after a colon, in a plain scalar, in flow collections);
//   - directives (%YAML 1.1 switches the yaml package to YAML 1.1), and tags:
//     "! 123" is text to the spec and to PyYAML, a number to yaml.v3;
//   - plain scalars that one reader types and another does not, or types
//     differently: yes/no/on/off/y/n (booleans in YAML 1.1), 01200000 (octal
//     to yaml.v3 and YAML 1.1, decimal to YAML 1.2), 0o17, 0x1F, 0b101, 1_000,
//     1:20 (sexagesimal in YAML 1.1), 1e-08 and 1.0e8 (text to PyYAML), -.5,
//     1.0e+400 (infinity to most, text to yaml.v3), = (PyYAML cannot read
//     it), dates with a time part, impossible dates, and whole numbers beyond
//     2^53, which JavaScript cannot hold exactly.
//
// Reading, lia refuses all of these (TextProblem, LayoutProblem,
// PlainProblem); writing, it
// quotes every text that some reader would type (PlainTextOK) and writes
// every number in a form all of them read alike (FormatFloat). The
// differential test in internal/gen checks both against PyYAML, ruamel.yaml,
// js-yaml and the yaml package.

import (
	"bytes"
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// MaxExactInt is the largest whole number every reader holds exactly:
// JavaScript numbers are IEEE doubles.
const MaxExactInt = 1<<53 - 1

// TextProblem returns the offset of the first construct in data that YAML
// readers read differently whatever its context, with what it is and what
// to do, or -1.
func TextProblem(data []byte) (off int, problem, hint string) {
	off = -1
	// U+0085 is C2 85; U+2028 and U+2029 are E2 80 A8 and E2 80 A9.
	for i := 0; ; {
		j := bytes.IndexByte(data[i:], 0xC2)
		if j < 0 {
			break
		}
		i += j + 1
		if i < len(data) && data[i] == 0x85 {
			off = i - 1
			problem = "the file holds U+0085 (NEXT LINE), a line break to yaml.v3 and YAML 1.1 readers but an ordinary character to YAML 1.2 readers, so the file reads differently in an editor"
			break
		}
	}
	for i := 0; ; {
		j := bytes.IndexByte(data[i:], 0xE2)
		if j < 0 || off >= 0 && i+j > off {
			break
		}
		i += j + 1
		if i+1 < len(data) && data[i] == 0x80 && (data[i+1] == 0xA8 || data[i+1] == 0xA9) {
			name := "U+2028 (LINE SEPARATOR)"
			if data[i+1] == 0xA9 {
				name = "U+2029 (PARAGRAPH SEPARATOR)"
			}
			off = i - 1
			problem = "the file holds " + name + ", a line break to yaml.v3 and YAML 1.1 readers but an ordinary character to YAML 1.2 readers, so the file reads differently in an editor"
			break
		}
	}
	if off >= 0 {
		return off, problem, `remove the character, or write it as an escape inside double quotes ("\N", "\L", "\P")`
	}
	return -1, "", ""
}

// LayoutProblem returns the offset of the first tab or directive in data,
// which YAML readers treat differently, with what it is and what to do, or
// -1. Parse refuses both, so only text yaml.v3 parsed needs the check.
func LayoutProblem(data []byte) (off int, problem, hint string) {
	if i := bytes.IndexByte(data, '\t'); i >= 0 {
		return i, "the file holds a tab: PyYAML and ruamel.yaml refuse tabs in places where yaml.v3, js-yaml and the yaml package accept them, and the last two disagree on tabs in flow collections", `replace the tab with spaces, or write it as \t inside double quotes`
	}
	for i := 0; ; {
		j := bytes.IndexByte(data[i:], '%')
		if j < 0 {
			break
		}
		i += j
		if i == 0 || data[i-1] == '\n' || data[i-1] == '\r' {
			return i, "the file starts a line with %, a YAML directive: %YAML 1.1 makes some readers apply YAML 1.1 and others ignore it", "remove the directive; if the % is text, indent the line or quote the text"
		}
		i++
	}
	return -1, "", ""
}

// PlainProblem returns why readers disagree on a plain (unquoted, untagged)
// scalar that yaml.v3 read as value with tag, and what to do, or "" when every
// reader reads it as yaml.v3 does. Only tags yaml.v3 resolves plain scalars to
// are expected; a merge key (<<) is refused before this is asked.
func PlainProblem(tag, value string) (problem, hint string) {
	switch tag {
	case "!!str":
		return strProblem(value)
	case "!!int":
		return intProblem(value)
	case "!!float":
		return floatProblem(value)
	case "!!timestamp":
		if validDate(value) {
			return "", ""
		}
		return "an unquoted date and time is a timestamp to yaml.v3 and YAML 1.1 readers and text to YAML 1.2 readers", "write a date as YYYY-MM-DD, or quote the text"
	}
	return "", ""
}

// HasLineSeparator reports whether s holds U+0085, U+2028 or U+2029, which a
// writer must escape (TextProblem).
func HasLineSeparator(s string) bool {
	for _, lead := range []byte{0xC2, 0xE2} {
		for i := 0; ; {
			j := strings.IndexByte(s[i:], lead)
			if j < 0 {
				break
			}
			i += j + 1
			if lead == 0xC2 && i < len(s) && s[i] == 0x85 ||
				lead == 0xE2 && i+1 < len(s) && s[i] == 0x80 && (s[i+1] == 0xA8 || s[i+1] == 0xA9) {
				return true
			}
		}
	}
	return false
}

// PlainTextOK reports whether s, written as a plain scalar, reads back as
// the text s in every reader other than yaml.v3 (whose encoder quotes what it
// would itself read as something else).
func PlainTextOK(s string) bool {
	p, _ := strProblem(s)
	return p == ""
}

// strProblem checks a plain scalar that yaml.v3 reads as text.
func strProblem(v string) (string, string) {
	if v == "" {
		return "", ""
	}
	switch c := v[0]; {
	case c == '=' && v == "=":
		return "a plain = is the YAML 1.1 value key, which PyYAML and ruamel.yaml cannot read", "quote it: '='"
	case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
		if len(v) <= 3 && oldBool(v) {
			return "a plain " + v + " is a boolean to YAML 1.1 readers (PyYAML) and text to YAML 1.2 readers and lia", "write true or false for a yes/no answer, or quote the text: '" + v + "'"
		}
		if c != 'e' && c != 'E' {
			return "", ""
		}
	case !(c >= '0' && c <= '9' || c == '-' || c == '+' || c == '.'):
		return "", ""
	}
	if dottedVersion(v) {
		return "", "" // 0.1.0: text everywhere, and common
	}
	// Every other typed form is made of these characters.
	for i := 0; i < len(v); i++ {
		if !numberish[v[i]] {
			return "", ""
		}
	}
	if !typedSomewhere.MatchString(v) {
		return "", ""
	}
	if v[0] >= '0' && v[0] <= '9' && strings.IndexByte(v, '-') == 4 {
		return "an unquoted " + v + " is a date or timestamp to some YAML readers and text to others", "quote it if it is text, or write a date as YYYY-MM-DD"
	}
	return "an unquoted " + v + " is a number to some YAML readers and text to others (lia reads text)", "quote it if it is text; write numbers in plain decimal (12, 0.5, 1.0e-08)"
}

func oldBool(s string) bool {
	switch s {
	case "y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO", "on", "On", "ON", "off", "Off", "OFF":
		return true
	}
	return false
}

// numberish marks the bytes the typed forms of typedSomewhere are made of.
var numberish = func() (t [256]bool) {
	for _, c := range []byte("0123456789_.:+-eExXoObBabcdefABCDEFinINTtZ \t") {
		t[c] = true
	}
	return t
}()

// typedSomewhere matches the plain scalars that some reader reads as a
// number or a timestamp: the union of the implicit int, float and timestamp
// patterns of PyYAML, ruamel.yaml (YAML 1.1 and 1.2), js-yaml (core and YAML
// 1.1 schemas) and the yaml package (core and yaml-1.1 schemas), each
// loosened where that was simpler.
var typedSomewhere = regexp.MustCompile(`^(?:` +
	// ints: binary, octal (0o17, 017), decimal with underscores, hex, sexagesimal
	`[-+]?0b[0-1_]+|[-+]?0o?[0-7_]+|[-+]?[0-9_]+|[-+]?0x[0-9a-fA-F_]+|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+` +
	// floats: with a point, with an exponent, sexagesimal, infinities, NaN
	`|[-+]?(?:[0-9][0-9_]*)?\.[0-9_]*(?:[eE][-+]?[0-9]+)?|[-+]?[0-9_]*(?:\.[0-9_]*)?[eE][-+]?[0-9]+` +
	`|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)` +
	// dates and timestamps
	`|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{1,2}:[0-9]{1,2}(?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?)?` +
	`)$`)

// intProblem checks a plain scalar that yaml.v3 reads as a whole number.
func intProblem(v string) (string, string) {
	s := v
	if s != "" && (s[0] == '-' || s[0] == '+') {
		s = s[1:]
	}
	plain := s != "" && digits(s) == len(s)
	switch {
	case plain && (len(s) == 1 || s[0] != '0'):
		if len(s) > 16 || len(s) == 16 && s > strconv.Itoa(MaxExactInt) {
			return "the number " + v + " is larger than 2^53-1 (9007199254740991): JavaScript readers cannot hold it exactly", "write a smaller number"
		}
		return "", ""
	case plain:
		n, _ := strconv.ParseInt(v, 0, 64)
		return "the number " + v + " has a leading zero: yaml.v3 and YAML 1.1 readers read it as octal (" + strconv.FormatInt(n, 10) + "), YAML 1.2 readers as decimal",
			"write the number without leading zeros"
	case strings.IndexByte(s, '_') >= 0:
		return "the number " + v + " has an underscore: YAML 1.1 readers read a number, YAML 1.2 readers text", "write the number in plain decimal digits, without underscores"
	}
	return "the number " + v + " is in a form (0x, 0o, 0b) that YAML readers do not all read alike", "write the number in plain decimal digits"
}

// floatProblem checks a plain scalar that yaml.v3 reads as a fractional
// number. Every reader reads the forms portableFloat accepts as the same
// number, since all of them round correctly.
func floatProblem(v string) (string, string) {
	if portableFloat(v) {
		return "", ""
	}
	f, err := strconv.ParseFloat(strings.ReplaceAll(v, "_", ""), 64)
	write := "write the number in plain decimal, such as 0.5 or 1.0e-08"
	if err == nil && !math.IsInf(f, 0) && !math.IsNaN(f) {
		write = "write " + FormatFloat(f)
	}
	mantissa, exp, hasExp := strings.Cut(strings.ToLower(v), "e")
	switch {
	case strings.IndexByte(v, '_') >= 0:
		return "the number " + v + " has an underscore: YAML 1.1 readers read a number, YAML 1.2 readers text", write
	case strings.IndexByte(mantissa, '.') < 0 && !hasExp:
		return "the number " + v + " is whole but too large for lia's reader, which takes it for a fraction, while other readers take it for a whole number", "write a smaller number"
	case strings.IndexByte(mantissa, '.') < 0:
		return "the number " + v + " has no decimal point: YAML 1.1 readers (PyYAML) read it as text, YAML 1.2 readers and lia as a number", write
	case hasExp && exp != "" && exp[0] != '-' && exp[0] != '+':
		return "the number " + v + " has an exponent without a sign: YAML 1.1 readers (PyYAML) read it as text, YAML 1.2 readers and lia as a number", write
	}
	return "the number " + v + " is in a form that YAML readers do not all read alike", write
}

// portableFloat reports whether v has one of the forms every reader reads as
// the same fractional number: [-+]?D+.D*([eE][-+]D+)?, .D+([eE][-+]D+)?,
// [-+]?.inf and .nan (in the three spellings YAML allows).
func portableFloat(v string) bool {
	s := v
	if s != "" && (s[0] == '-' || s[0] == '+') {
		s = s[1:]
	}
	if s == "" {
		return false
	}
	switch s {
	case ".inf", ".Inf", ".INF":
		return true
	case ".nan", ".NaN", ".NAN":
		return s == v
	}
	i := digits(s)
	if i == 0 && (s != v || len(s) < 2) || i == len(s) || s[i] != '.' {
		return false
	}
	i++
	frac := digits(s[i:])
	if i == 1 && frac == 0 {
		return false
	}
	i += frac
	if i == len(s) {
		return true
	}
	if s[i] != 'e' && s[i] != 'E' {
		return false
	}
	e := s[i+1:]
	return len(e) >= 2 && (e[0] == '-' || e[0] == '+') && digits(e[1:]) == len(e)-1
}

// validDate reports whether v is a calendar date as YYYY-MM-DD, from year 1:
// the one timestamp form every reader that types dates reads alike.
func validDate(v string) bool {
	if len(v) != 10 || v[4] != '-' || v[7] != '-' || v[:4] == "0000" {
		return false
	}
	_, err := time.Parse("2006-01-02", v)
	return err == nil
}

// FormatFloat writes f as every YAML reader reads it back: the shortest
// decimal that reads back as f, without an exponent from 1e-7 to 1e21 (as
// JavaScript writes numbers), with a decimal point before any exponent and a
// signed exponent otherwise (1.0e-08, not 1e-08, which PyYAML reads as
// text). Whole numbers up to MaxExactInt come out as integers (3, 1200000),
// which every reader reads as the same number. Infinities and NaN, which no
// record holds, come out as Go writes them, which no reader reads as a number.
func FormatFloat(f float64) string {
	switch {
	case f == 0:
		return "0" // also -0, which JavaScript would keep apart
	case math.IsInf(f, 0) || math.IsNaN(f):
		return strconv.FormatFloat(f, 'g', -1, 64)
	}
	if a := math.Abs(f); a >= 1e-7 && a < 1e21 {
		s := strconv.FormatFloat(f, 'f', -1, 64)
		if strings.IndexByte(s, '.') >= 0 || a <= MaxExactInt {
			return s
		}
	}
	s := strconv.FormatFloat(f, 'e', -1, 64)
	if e := strings.IndexByte(s, 'e'); strings.IndexByte(s[:e], '.') < 0 {
		s = s[:e] + ".0" + s[e:]
	}
	return s
}
