package interview

import "strings"

func ptr[T any](v T) *T { return &v }

// wrap breaks text into lines of at most width columns, each starting with indent.
func wrap(text, indent string, width int) string {
	var b strings.Builder
	for pi, para := range strings.Split(strings.TrimSpace(text), "\n") {
		if pi > 0 {
			b.WriteString("\n")
		}
		col := 0
		for i, word := range strings.Fields(para) {
			n := len([]rune(word))
			switch {
			case i == 0:
				b.WriteString(indent)
				col = len(indent)
			case col+1+n > width:
				b.WriteString("\n" + indent)
				col = len(indent)
			default:
				b.WriteString(" ")
				col++
			}
			b.WriteString(word)
			col += n
		}
	}
	return b.String()
}

// wrapClip wraps text like wrap and keeps its first n lines, the last of
// them ending in "…" when lines are left out.
func wrapClip(text, indent string, width, n int) string {
	lines := strings.Split(wrap(text, indent, width), "\n")
	if len(lines) <= n {
		return strings.Join(lines, "\n")
	}
	last := []rune(lines[n-1])
	if len(last)+2 > width {
		last = last[:max(width-2, len(indent))]
	}
	return strings.Join(lines[:n-1], "\n") + "\n" + string(last) + " …"
}

// noAnswer stands for an empty answer in the interview.
const noAnswer = "(no answer)"
