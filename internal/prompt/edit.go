package prompt

// The text prompts (Input, Multiline, and Confirm without survey) are a small
// editor that lia draws itself. The rules it keeps:
//   - "?" typed into an empty answer shows the help at once, above the
//     question; no Enter is needed, and the help goes when the answer is given;
//   - "+" typed into an empty answer asks for a note, when the question takes one;
//   - an answer that fails its check is kept for editing, with the reason
//     shown above the question until a valid answer replaces it;
//   - a one-line answer wraps at words; Enter gives it, Tab copies the default
//     in to be edited;
//   - a multi-line answer starts from its default, so it can be edited rather
//     than typed again; Enter starts a new line, two empty lines at the end or
//     Ctrl-D give the answer;
//   - when the answer is given the prompt is replaced by one line with the
//     question and the answer, nothing else is left on the screen.

import (
	"strings"
)

type editor struct {
	lines [][]rune
	row   int // the line the cursor is on
	col   int // the cursor's position in that line
	multi bool
}

func newEditor(text string, multi bool) *editor {
	e := &editor{multi: multi}
	for _, l := range strings.Split(text, "\n") {
		e.lines = append(e.lines, []rune(l))
	}
	if !multi && len(e.lines) > 1 {
		e.lines = [][]rune{[]rune(strings.Join(strings.Split(text, "\n"), " "))}
	}
	e.row = len(e.lines) - 1
	e.col = len(e.lines[e.row])
	return e
}

func (e *editor) text() string {
	ls := make([]string, len(e.lines))
	for i, l := range e.lines {
		ls[i] = string(l)
	}
	return strings.Join(ls, "\n")
}

func (e *editor) empty() bool { return len(e.lines) == 1 && len(e.lines[0]) == 0 }

// finishing reports whether Enter gives a multi-line answer: the cursor is
// on an empty last line that follows an empty line.
func (e *editor) finishing() bool {
	n := len(e.lines)
	return e.row == n-1 && len(e.lines[n-1]) == 0 && (n == 1 || len(e.lines[n-2]) == 0)
}

// edit applies an editing key; it reports whether the text changed.
func (e *editor) edit(k key) bool {
	line := e.lines[e.row]
	switch k.kind {
	case keyRune, keySpace, keyTab:
		r := k.r
		if k.kind != keyRune {
			r = ' '
		}
		e.lines[e.row] = append(line[:e.col:e.col], append([]rune{r}, line[e.col:]...)...)
		e.col++
	case keyEnter:
		if !e.multi {
			return false
		}
		rest := append([]rune(nil), line[e.col:]...)
		e.lines[e.row] = line[:e.col:e.col]
		e.lines = append(e.lines[:e.row+1], append([][]rune{rest}, e.lines[e.row+1:]...)...)
		e.row, e.col = e.row+1, 0
	case keyBackspace:
		switch {
		case e.col > 0:
			e.lines[e.row] = append(line[:e.col-1:e.col-1], line[e.col:]...)
			e.col--
		case e.row > 0:
			prev := e.lines[e.row-1]
			e.col = len(prev)
			e.lines[e.row-1] = append(prev[:len(prev):len(prev)], line...)
			e.lines = append(e.lines[:e.row], e.lines[e.row+1:]...)
			e.row--
		default:
			return false
		}
	case keyDelete:
		switch {
		case e.col < len(line):
			e.lines[e.row] = append(line[:e.col:e.col], line[e.col+1:]...)
		case e.row+1 < len(e.lines):
			e.lines[e.row] = append(line[:len(line):len(line)], e.lines[e.row+1]...)
			e.lines = append(e.lines[:e.row+1], e.lines[e.row+2:]...)
		default:
			return false
		}
	case keyKillStart:
		if e.col == 0 {
			return false
		}
		e.lines[e.row] = append([]rune(nil), line[e.col:]...)
		e.col = 0
	case keyKillEnd:
		if e.col == len(line) {
			return false
		}
		e.lines[e.row] = line[:e.col:e.col]
	case keyKillWord:
		i := e.col
		for i > 0 && line[i-1] == ' ' {
			i--
		}
		for i > 0 && line[i-1] != ' ' {
			i--
		}
		if i == e.col {
			return false
		}
		e.lines[e.row] = append(line[:i:i], line[e.col:]...)
		e.col = i
	case keyLeft:
		switch {
		case e.col > 0:
			e.col--
		case e.row > 0:
			e.row--
			e.col = len(e.lines[e.row])
		}
		return false
	case keyRight:
		switch {
		case e.col < len(line):
			e.col++
		case e.row+1 < len(e.lines):
			e.row, e.col = e.row+1, 0
		}
		return false
	case keyUp:
		if e.row > 0 {
			e.row--
			e.col = min(e.col, len(e.lines[e.row]))
		}
		return false
	case keyDown:
		if e.row+1 < len(e.lines) {
			e.row++
			e.col = min(e.col, len(e.lines[e.row]))
		}
		return false
	case keyHome:
		e.col = 0
		return false
	case keyEnd:
		e.col = len(line)
		return false
	default:
		return false
	}
	return true
}

// layout lays the text out below (or, for one line, after) the rows of the
// question: the question's own rows, then where the text starts, then the
// text's rows with the cursor's position in them. col is the column the text
// starts at on its first row.
func (e *editor) layout(col, cols int, paint func(string) string) (rows []row, cr, cc int) {
	for li, line := range e.lines {
		first := cols - col
		if li > 0 {
			first = cols
		}
		starts := breakRows(line, first, cols)
		for i, st := range starts {
			end := len(line)
			if i+1 < len(starts) {
				end = starts[i+1]
			}
			txt := visibleRunes(line[st:end])
			w := textWidth(txt)
			if li == e.row && e.col >= st && (e.col < end || i == len(starts)-1) {
				cr, cc = len(rows), textWidth(visibleRunes(line[st:e.col]))
				if li == 0 && i == 0 {
					cc += col
				}
			}
			rows = append(rows, row{s: paint(txt), w: w})
		}
	}
	return rows, cr, cc
}
