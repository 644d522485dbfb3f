// Package textfmt holds the small helpers that write short human-readable
// text: counts with their noun, yes and no, a placeholder for an empty value,
// and text cut to a length. Each is defined here once. It does not escape:
// text from a record goes through safetext as well (safetext.Line and
// safetext.CutLine combine the two).
package textfmt

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// Plural returns n with its noun: "1 error", "3 errors". The plural is the
// noun with an "s" unless many gives it ("1 entry", "2 entries").
func Plural[N ~int | ~int64](n N, one string, many ...string) string {
	if n == 1 {
		return "1 " + one
	}
	m := one + "s"
	if len(many) > 0 {
		m = many[0]
	}
	return strconv.FormatInt(int64(n), 10) + " " + m
}

// YesNo is how a yes/no answer is written: "yes" or "no".
func YesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// OrNone returns s, or none when s is empty or only white space. Each view
// names its own placeholder: "(not given)" in the report, "(no answer)" in
// the interview, "(none)" in the diff, "none" in explain.
func OrNone(s, none string) string {
	if strings.TrimSpace(s) == "" {
		return none
	}
	return s
}

// Clip cuts s to n characters, the last of them "…", if it is longer; n of 0
// or less leaves s as it is.
func Clip(s string, n int) string {
	if n <= 0 || utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

// Line returns s on one line, its runs of white space made single spaces,
// clipped to n characters (Clip).
func Line(s string, n int) string { return Clip(strings.Join(strings.Fields(s), " "), n) }

// FirstLine returns s's first line, clipped to n characters; " …" marks the
// lines left out.
func FirstLine(s string, n int) string {
	s, _, cut := strings.Cut(strings.TrimSpace(s), "\n")
	if c := Clip(s, n); c != s || !cut {
		return c
	}
	return s + " …"
}

// Cut keeps the first n characters of s and adds "..." if s is longer: the
// form of error messages and of lia diff and lia explain, whose tests and
// users read the three dots.
func Cut(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n]) + "..."
}

// CutLine returns s on one line, its runs of white space made single
// spaces, cut after n characters (Cut).
func CutLine(s string, n int) string { return Cut(strings.Join(strings.Fields(s), " "), n) }

// Truncate cuts a long text after max characters and says how many were
// left out and where to find them (the report's texts); max of 0 or less
// leaves s as it is.
func Truncate(s string, max int, where string) string {
	if max <= 0 || utf8.RuneCountInString(s) <= max {
		return s
	}
	n, cut := 0, len(s)
	for i := range s {
		if n == max {
			cut = i
			break
		}
		n++
	}
	rest := utf8.RuneCountInString(s[cut:])
	return strings.TrimRight(s[:cut], " \n") + " … [" + strconv.Itoa(rest) + " more characters not shown; " + where + "]"
}
