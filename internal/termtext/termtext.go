// Package termtext makes text from a record safe to show on a terminal. Its
// rule: control characters (escape sequences among them) and invisible format
// characters (bidi overrides and isolates, zero-width characters) are never
// written raw; they are shown as ^X (C0 controls) or <U+XXXX> (the others), so
// that a hostile record can neither drive the terminal nor hide or reorder
// what it says. Every terminal output of record text goes through Visible.
package termtext

import (
	"fmt"
	"strings"
	"unicode"
)

// Rune returns how r is shown when it is a control or invisible format
// character; a tab is shown as a space.
func Rune(r rune) (string, bool) {
	switch {
	case r == '\t':
		return " ", true
	case r < 0x20 || r == 0x7f:
		return "^" + string(r^0x40), true
	case unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || r == '\u2028' || r == '\u2029':
		return fmt.Sprintf("<U+%04X>", r), true
	}
	return "", false
}

// Visible returns s with its control and invisible format characters made
// visible. Line breaks are kept when keepLines is set.
func Visible(s string, keepLines bool) string {
	clean := true
	for _, r := range s {
		if _, ok := Rune(r); ok && !(keepLines && r == '\n') {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if r == '\n' && keepLines {
			b.WriteRune(r)
			continue
		}
		if v, ok := Rune(r); ok {
			b.WriteString(v)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// Line returns s on one line, made visible, its runs of white space made
// single spaces and cut to n characters, the last of them "…", if longer.
func Line(s string, n int) string {
	s = Visible(strings.Join(strings.Fields(s), " "), false)
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}
