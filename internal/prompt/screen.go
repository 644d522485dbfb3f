package prompt

// The screen draws the prompt being asked as a block of rows below what was
// printed before, and redraws it in place as keys arrive. The rules it keeps:
//   - lia lays every row out itself, words wrapped at the terminal's width and
//     never more than width-1 columns, so the terminal never wraps a row on its
//     own and what the screen counts is what the terminal shows (survey's
//     prompts lost count when an answer wrapped, and erased the line above);
//   - a redraw starts at the first column that changed, so typing at the end
//     of an answer sends only the typed characters;
//   - a block taller than the terminal is shown as a window around the cursor,
//     with a row saying how much is above or below; the final answer is
//     printed in full once the prompt is done;
//   - text that came from a record is shown with its control and invisible
//     format characters made visible (Visible), never sent raw.

import (
	"fmt"
	"io"
	"strings"
	"unicode"

	"github.com/lia-project/lia/internal/safetext"
	xterm "golang.org/x/term"
	"golang.org/x/text/width"
)

// row is one row of the block: s may hold colour sequences, w is its width in
// columns.
type row struct {
	s string
	w int
}

// styles are SGR sequences; with colour off they are empty.
type styles struct{ bold, cyan, red, green, faint, reset string }

func newStyles(color bool) styles {
	if !color {
		return styles{}
	}
	return styles{bold: "\x1b[1m", cyan: "\x1b[36m", red: "\x1b[31m", green: "\x1b[32m", faint: "\x1b[2m", reset: "\x1b[0m"}
}

// paint gives text a style; the style ends with the text.
func (st styles) paint(style, text string) string {
	if style == "" || text == "" {
		return text
	}
	return style + text + st.reset
}

type screen struct {
	out  io.Writer
	size func() (w, h int)
	st   styles

	rows  []row // what is on the terminal now, from the block's top
	cur   int   // the row of rows the cursor is on
	start int   // the first row of the laid out block shown (a window)
}

// dims returns the terminal's width and height, with sane floors.
func (s *screen) dims() (int, int) {
	w, h := 80, 24
	if s.size != nil {
		if a, b := s.size(); a > 0 && b > 0 {
			w, h = a, b
		}
	}
	return max(w, 20), max(h, 5)
}

// cols is the widest a row may be.
func (s *screen) cols() int {
	w, _ := s.dims()
	return w - 1
}

// draw shows rows with the cursor at row cr, column cc, changing only what
// differs from what is shown.
func (s *screen) draw(rows []row, cr, cc int) {
	_, h := s.dims()
	rows, cr = s.window(rows, cr, h-1)
	old := s.rows
	d := 0
	for d < len(rows) && d < len(old) && rows[d].s == old[d].s {
		d++
	}
	var b strings.Builder
	if d < len(rows) || d < len(old) {
		next := d
		switch {
		case len(old) == 0: // a new block, started where the cursor is
			b.WriteString("\r\x1b[J" + rows[0].s)
			next = 1
		case d == len(old): // rows added below
			s.moveTo(&b, d-1)
			fmt.Fprintf(&b, "\x1b[%dG", old[d-1].w+1)
		case d == len(rows): // rows removed
			s.moveTo(&b, d-1)
			fmt.Fprintf(&b, "\x1b[%dG\x1b[J", rows[d-1].w+1)
		default: // row d changed: rewrite it from the first column that differs
			s.moveTo(&b, d)
			if o := old[d]; o.s != "" && strings.HasPrefix(rows[d].s, o.s) {
				fmt.Fprintf(&b, "\x1b[%dG\x1b[J%s", o.w+1, rows[d].s[len(o.s):])
			} else {
				b.WriteString("\r\x1b[J" + rows[d].s)
			}
			next = d + 1
		}
		for i := next; i < len(rows); i++ {
			b.WriteString("\r\n" + rows[i].s)
		}
		s.cur = len(rows) - 1
	}
	s.rows = rows
	s.moveTo(&b, cr)
	fmt.Fprintf(&b, "\x1b[%dG", cc+1)
	io.WriteString(s.out, b.String())
}

// window returns the part of rows that fits in avail rows, with the cursor
// row in it, and the cursor's row within that part.
func (s *screen) window(rows []row, cr, avail int) ([]row, int) {
	n := len(rows)
	if n <= avail || avail < 3 {
		s.start = 0
		return rows, cr
	}
	start := min(max(s.start, 0), n-avail)
	for i := 0; i < 2; i++ { // the markers move the bounds; twice settles them
		if start > 0 && cr < start+1 {
			start = max(cr-1, 0)
		}
		if start+avail < n && cr > start+avail-2 {
			start = min(cr-avail+2, n-avail)
		}
	}
	s.start = start
	out := append([]row(nil), rows[start:start+avail]...)
	if start > 0 {
		out[0] = s.note(fmt.Sprintf("… %d more row(s) above", start))
	}
	if below := n - start - avail; below > 0 {
		out[avail-1] = s.note(fmt.Sprintf("… %d more row(s) below", below+1))
	}
	return out, cr - start
}

func (s *screen) note(text string) row {
	return row{s: s.st.paint(s.st.faint, text), w: textWidth(text)}
}

// moveTo moves the cursor to row r of the block, keeping its column.
func (s *screen) moveTo(b *strings.Builder, r int) {
	switch {
	case r < s.cur:
		fmt.Fprintf(b, "\x1b[%dA", s.cur-r)
	case r > s.cur:
		fmt.Fprintf(b, "\x1b[%dB", r-s.cur)
	}
	s.cur = r
}

// clear erases the block and leaves the cursor where it started.
func (s *screen) clear() {
	if len(s.rows) == 0 {
		return
	}
	var b strings.Builder
	s.moveTo(&b, 0)
	b.WriteString("\r\x1b[J")
	io.WriteString(s.out, b.String())
	s.rows, s.cur, s.start = nil, 0, 0
}

// done replaces the block with rows, printed in full, and leaves the cursor
// at the start of the line after them.
func (s *screen) done(rows []row) {
	s.clear()
	var b strings.Builder
	for _, r := range rows {
		b.WriteString(r.s + "\r\n")
	}
	io.WriteString(s.out, b.String())
}

// leave keeps the block as it is and moves below it (after an interrupt).
func (s *screen) leave() {
	if len(s.rows) == 0 {
		return
	}
	var b strings.Builder
	s.moveTo(&b, len(s.rows)-1)
	b.WriteString("\r\n")
	io.WriteString(s.out, b.String())
	s.rows, s.cur, s.start = nil, 0, 0
}

// ---- text layout ----

// cellWidth is how many columns r takes once made visible.
func cellWidth(r rune) int {
	if v, ok := visibleRune(r); ok {
		return len([]rune(v))
	}
	switch width.LookupRune(r).Kind() {
	case width.EastAsianWide, width.EastAsianFullwidth:
		return 2
	}
	if unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Me, r) {
		return 0
	}
	return 1
}

func textWidth(s string) int {
	n := 0
	for _, r := range s {
		n += cellWidth(r)
	}
	return n
}

// visibleRune returns how a control or invisible format character is shown.
func visibleRune(r rune) (string, bool) { return safetext.Rune(r) }

// visibleRunes shows text made visible.
func visibleRunes(text []rune) string {
	var b strings.Builder
	for _, r := range text {
		if v, ok := visibleRune(r); ok {
			b.WriteString(v)
		} else {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// breakRows splits text into rows at spaces and returns where each row
// starts. The first row holds at most first columns, the others at most cols;
// a space that does not fit hangs at the end of its row (callers leave a
// column for it), and a word longer than a row is cut.
func breakRows(text []rune, first, cols int) []int {
	starts := []int{0}
	rowStart, avail, used, lastSpace := 0, first, 0, -1
	for i := 0; i < len(text); {
		w := cellWidth(text[i])
		if used+w <= avail || (i == rowStart && len(starts) > 1) {
			used += w
			if text[i] == ' ' {
				lastSpace = i
			}
			i++
			continue
		}
		brk := i
		switch {
		case text[i] == ' ':
			brk = i + 1
		case lastSpace >= rowStart:
			brk = lastSpace + 1
		}
		starts = append(starts, brk)
		rowStart, avail, used, lastSpace, i = brk, cols, 0, -1, brk
	}
	return starts
}

// wrapText word-wraps a paragraph of plain text (prompts, help) into rows of
// at most cols columns, after a first row that has first columns. It keeps
// the line breaks in text.
func wrapText(text string, first, cols int) []string {
	var out []string
	for li, line := range strings.Split(text, "\n") {
		rs := []rune(safetext.Text(line))
		f := cols
		if li == 0 {
			f = first
		}
		starts := breakRows(rs, f, cols)
		for i, st := range starts {
			end := len(rs)
			if i+1 < len(starts) {
				end = starts[i+1]
			}
			out = append(out, strings.TrimRight(string(rs[st:end]), " "))
		}
	}
	return out
}

// Width returns the width of the terminal w writes to, or 80 when w is not a
// terminal (or one too narrow to lay text out in).
func Width(w io.Writer) int {
	if f, ok := w.(interface{ Fd() uintptr }); ok {
		if n, _, err := xterm.GetSize(int(f.Fd())); err == nil && n >= 20 {
			return n
		}
	}
	return 80
}
