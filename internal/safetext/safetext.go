// Package safetext escapes text from a record (hostile, STYLE.md rule 16)
// for every place lia shows it. The rules it keeps:
//   - Text, for terminals and logs: control characters (C0, DEL, C1, ESC
//     among them), bidi controls (U+061C, U+200E/F, U+202A-U+202E,
//     U+2066-U+2069), line and paragraph separators and every other invisible
//     format character (zero-width space, word joiner, BOM, soft hyphen, tag
//     characters) are made visible as Go-style escapes (\x1b, \n, \u202e,
//     \U000e0041); invalid UTF-8 bytes too (\xff);
//   - everything else, including every script and emoji, is left alone: so
//     are the zero-width joiner and non-joiner between two non-ASCII
//     characters, where Persian, Indic scripts and emoji sequences need them;
//   - a backslash is not escaped, so ordinary text (C:\data) reads as
//     written; an escape in the output may therefore stand for itself;
//   - clean text comes back as it is, without allocating;
//   - the machine formats lia writes escape by their own rules on top:
//     GitHubData and GitHubProperty (workflow commands), XMLText and XMLAttr
//     (junit: always well-formed XML 1.0), Markdown ($GITHUB_STEP_SUMMARY).
package safetext

import (
	"unicode"
	"unicode/utf8"

	"github.com/lia-project/lia/internal/textfmt"
)

// unsafeAt reports whether the character at s[i] must be escaped, and its
// size.
func unsafeAt(s string, i int) (r rune, size int, bad bool) {
	c := s[i]
	if c < utf8.RuneSelf {
		return rune(c), 1, c < ' ' || c == 0x7f
	}
	r, size = utf8.DecodeRuneInString(s[i:])
	switch {
	case r == utf8.RuneError && size == 1:
		return r, 1, true
	case r < 0xAD:
		return r, size, r <= 0x9f // C1
	case r < 0x600:
		return r, size, r == 0xAD // soft hyphen
	case r == 0x200C || r == 0x200D:
		// Joiners shape the characters around them; between two non-ASCII
		// characters they are part of the text, elsewhere they hide.
		prev, _ := utf8.DecodeLastRuneInString(s[:i])
		next, _ := utf8.DecodeRuneInString(s[i+size:])
		return r, size, !joinable(prev) || !joinable(next)
	}
	return r, size, invisible(r)
}

// joinable reports whether a joiner next to r may be part of the text: r is
// a visible character beyond ASCII, and not a joiner itself.
func joinable(r rune) bool {
	return r > 0x9f && r != utf8.RuneError && r != 0x200C && r != 0x200D && !invisible(r)
}

// invisible reports whether r (not a joiner) is a character a terminal
// shows as nothing or that reorders what follows: line and paragraph
// separators and the format characters (Cf).
func invisible(r rune) bool {
	if r >= 0x0900 && r < 0x1800 || r >= 0x1900 && r < 0x2000 || r >= 0x2070 && r < 0xFEFF {
		return false // most scripts, CJK included: no format character there
	}
	return r == 0x2028 || r == 0x2029 || r >= 0xAD && unicode.Is(unicode.Cf, r) && r != 0x200C && r != 0x200D
}

// appendEscape appends the visible form of the character r of size bytes at
// s[i]: \t, \n, \r, \xHH (other bytes below 0x80 and invalid ones), \uHHHH
// or \UHHHHHHHH.
func appendEscape(b []byte, s string, i int, r rune, size int) []byte {
	switch {
	case r == '\t':
		return append(b, `\t`...)
	case r == '\n':
		return append(b, `\n`...)
	case r == '\r':
		return append(b, `\r`...)
	case r < utf8.RuneSelf || r == utf8.RuneError && size == 1:
		return appendHex(append(b, `\x`...), uint32(s[i]), 2)
	case r <= 0xFFFF:
		return appendHex(append(b, `\u`...), uint32(r), 4)
	}
	return appendHex(append(b, `\U`...), uint32(r), 8)
}

func appendHex(b []byte, v uint32, digits int) []byte {
	const hex = "0123456789abcdef"
	for shift := 4 * (digits - 1); shift >= 0; shift -= 4 {
		b = append(b, hex[v>>uint(shift)&0xf])
	}
	return b
}

// Text returns s with every control, bidi and invisible format character
// made visible, for a terminal, a log or any other human-readable output. It
// returns s itself, without allocating, when there is nothing to escape. A
// caller that prints a multi-line text as lines splits it at "\n" first.
func Text(s string) string { return escape(s, plain) }

// rules are how one output format escapes on top of Text.
type rules struct {
	// ascii returns what to write instead of an ASCII byte, and true; or
	// false to go on as Text does.
	ascii func(c byte) (string, bool)
	// forbid reports whether a character Text keeps must be made visible.
	forbid func(r rune) bool
	// backslash doubles the backslash of the escapes Text writes.
	backslash bool
	// special marks the ASCII bytes that are not copied as they are.
	special [utf8.RuneSelf]bool
}

// newRules returns rules with their special bytes worked out.
func newRules(ascii func(c byte) (string, bool), forbid func(r rune) bool, backslash bool) *rules {
	rs := &rules{ascii: ascii, forbid: forbid, backslash: backslash}
	for c := range utf8.RuneSelf {
		rep := false
		if ascii != nil {
			_, rep = ascii(byte(c))
		}
		rs.special[c] = rep || c < ' ' || c == 0x7f
	}
	return rs
}

var plain = newRules(nil, nil, false)

// escape returns s escaped by rs; s itself when nothing needs escaping.
func escape(s string, rs *rules) string {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if rs.special[c] {
				return string(appendEscaped(make([]byte, 0, len(s)+16), s, i, rs))
			}
			i++
			continue
		}
		r, size, bad := unsafeAt(s, i)
		if bad || rs.forbid != nil && rs.forbid(r) {
			return string(appendEscaped(make([]byte, 0, len(s)+16), s, i, rs))
		}
		i += size
	}
	return s
}

// appendEscaped appends s[:i] to b, then the rest of s escaped by rs.
func appendEscaped(b []byte, s string, i int, rs *rules) []byte {
	b = append(b, s[:i]...)
	for i < len(s) {
		c := s[i]
		if c < utf8.RuneSelf && !rs.special[c] {
			b = append(b, c)
			i++
			continue
		}
		if c < utf8.RuneSelf && rs.ascii != nil {
			if rep, ok := rs.ascii(c); ok {
				b = append(b, rep...)
				i++
				continue
			}
		}
		r, size, bad := unsafeAt(s, i)
		if bad || rs.forbid != nil && rs.forbid(r) {
			if rs.backslash {
				b = append(b, '\\')
			}
			b = appendEscape(b, s, i, r, size)
		} else {
			b = append(b, s[i:i+size]...)
		}
		i += size
	}
	return b
}

// GitHubData escapes the message of a GitHub Actions workflow command
// (::error file=...::MESSAGE): %, CR and LF as the runner decodes them
// (%25, %0D, %0A), so that the message stays on its line and cannot start a
// second command; other control, bidi and invisible characters as Text does.
// A line feed in s therefore shows as a line break in the annotation: text
// from a record goes through Text first.
func GitHubData(s string) string { return escape(s, githubDataRules) }

// GitHubProperty escapes a workflow command's property value (file=, title=):
// as GitHubData, and also : and , (%3A, %2C), which end a property.
func GitHubProperty(s string) string { return escape(s, githubPropertyRules) }

var (
	githubDataRules     = newRules(githubData, nil, false)
	githubPropertyRules = newRules(githubProperty, nil, false)
)

func githubData(c byte) (string, bool) {
	switch c {
	case '%':
		return "%25", true
	case '\r':
		return "%0D", true
	case '\n':
		return "%0A", true
	}
	return "", false
}

func githubProperty(c byte) (string, bool) {
	switch c {
	case ':':
		return "%3A", true
	case ',':
		return "%2C", true
	}
	return githubData(c)
}

// XMLText escapes element text for an XML 1.0 document (junit): &, < and >
// as entities, CR as a character reference, line feeds and tabs kept; every
// other control, bidi and invisible character visible as Text makes it, and
// so are the other characters XML 1.0 forbids (U+FFFE, U+FFFF), so that the
// document is well-formed whatever s holds.
func XMLText(s string) string { return escape(s, xmlTextRules) }

// XMLAttr escapes an attribute value in double or single quotes: as XMLText,
// and also quotes, and line feeds and tabs as character references, which
// attribute normalisation would otherwise turn into spaces.
func XMLAttr(s string) string { return escape(s, xmlAttrRules) }

var (
	xmlTextRules = newRules(xmlText, xmlForbidden, false)
	xmlAttrRules = newRules(xmlAttr, xmlForbidden, false)
)

func xmlForbidden(r rune) bool { return r == 0xFFFE || r == 0xFFFF }

func xmlText(c byte) (string, bool) {
	switch c {
	case '&':
		return "&amp;", true
	case '<':
		return "&lt;", true
	case '>':
		return "&gt;", true
	case '\r':
		return "&#xD;", true
	case '\n':
		return "\n", true
	case '\t':
		return "\t", true
	}
	return "", false
}

func xmlAttr(c byte) (string, bool) {
	switch c {
	case '"':
		return "&quot;", true
	case '\'':
		return "&apos;", true
	case '\n':
		return "&#xA;", true
	case '\t':
		return "&#x9;", true
	}
	return xmlText(c)
}

// Markdown escapes s as literal text in GitHub-flavoured Markdown (the job
// summary in $GITHUB_STEP_SUMMARY), outside code spans: every ASCII
// punctuation character gets a backslash, so that s can start no heading,
// list, table cell, link, image, emphasis or HTML, and the characters Text
// escapes, line breaks among them, are made visible (\\n renders as \n).
func Markdown(s string) string { return escape(s, markdownRules) }

var markdownRules = newRules(markdown, nil, true)

func markdown(c byte) (string, bool) {
	if c < 0x80 && markdownPunct[c] != "" {
		return markdownPunct[c], true
	}
	return "", false
}

// markdownPunct holds "\\" + c for every ASCII punctuation character c.
var markdownPunct = func() (t [128]string) {
	for c := '!'; c <= '~'; c++ {
		if !(c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z') {
			t[c] = `\` + string(c)
		}
	}
	return t
}()

// Lines is Text for a multi-line text shown as lines: its line feeds are
// kept, every other character escaped as Text escapes it.
func Lines(s string) string { return escape(s, linesRules) }

var linesRules = newRules(func(c byte) (string, bool) {
	if c == '\n' {
		return "\n", true
	}
	return "", false
}, nil, false)

// Line returns s on one line for a terminal: its runs of white space made
// single spaces, clipped to n characters, the last of them "…", if longer
// (textfmt.Line), then escaped as Text escapes it.
func Line(s string, n int) string { return Text(textfmt.Line(s, n)) }

// CutLine is Line with the cut of lia diff and lia explain: n characters and
// "..." (textfmt.CutLine).
func CutLine(s string, n int) string { return Text(textfmt.CutLine(s, n)) }

// Rune returns how r, a single character, is shown when Text would escape
// it, and true; a line editor uses it to show what the user types. A joiner
// alone has no neighbours and is escaped.
func Rune(r rune) (string, bool) {
	var buf [utf8.UTFMax]byte
	s := string(buf[:utf8.EncodeRune(buf[:], r)])
	if r == utf8.RuneError {
		return "", false
	}
	if e := Text(s); e != s {
		return e, true
	}
	return "", false
}
