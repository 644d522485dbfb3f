package prompt

import "strings"

// The small text helpers that the prompts and the interview share, each
// defined once.

// YesNo is how a yes/no answer is written: "yes" or "no".
func YesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// ClipLine returns s on one line, its runs of white space made single spaces,
// clipped to n characters.
func ClipLine(s string, n int) string {
	return clip(strings.Join(strings.Fields(s), " "), n)
}

// firstLine returns s's first line, clipped to n characters; " …" marks the
// lines left out.
func firstLine(s string, n int) string {
	s, _, cut := strings.Cut(strings.TrimSpace(s), "\n")
	if c := clip(s, n); c != s || !cut {
		return c
	}
	return s + " …"
}

// clip cuts s to n characters, the last of them "…", if it is longer.
func clip(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}
