package prompt

// The terminal prompter draws its prompts itself (screen.go) and reads keys
// through a keySource; survey.go gives it survey's raw mode and key decoding.
// The list prompts keep these rules:
//   - without a default no option is highlighted: the first arrow key moves to
//     the first option, and Enter before choosing says how to choose, so that
//     a stray Enter cannot pick whichever option happens to come first;
//   - typing filters the options; "?" shows the help, "+" asks for a note
//     (when the question takes one);
//   - options wrap at words, and the list scrolls when it is taller than the
//     terminal.

import (
	"errors"
	"fmt"
	"github.com/lia-project/lia/internal/safetext"
	"strings"
)

// ErrNote is returned when the user asks to add a note to the answer being
// asked ("+"); the caller asks for the note, then asks the question again.
var ErrNote = errors.New("note requested")

type term struct {
	keys keySource
	scr  *screen
	st   styles
}

// span is a piece of text in one style, for wrapSpans.
type span struct {
	text, style string
}

// wrapSpans word-wraps styled text: the first row has first columns.
func (t *term) wrapSpans(spans []span, first, cols int) []row {
	var plain []rune
	var style []int // index into spans, per rune
	for i, sp := range spans {
		for _, r := range safetext.Text(sp.text) {
			plain = append(plain, r)
			style = append(style, i)
		}
	}
	starts := breakRows(plain, first, cols)
	var rows []row
	for i, st := range starts {
		end := len(plain)
		if i+1 < len(starts) {
			end = starts[i+1]
		}
		for end > st && plain[end-1] == ' ' {
			end--
		}
		var b strings.Builder
		for j := st; j < end; {
			k := j
			for k < end && style[k] == style[j] {
				k++
			}
			b.WriteString(t.st.paint(spans[style[j]].style, string(plain[j:k])))
			j = k
		}
		rows = append(rows, row{s: b.String(), w: textWidth(string(plain[st:end]))})
	}
	return rows
}

// paragraphs word-wraps text that has line breaks of its own, each row
// starting with indent (the first with lead), in one style.
func (t *term) paragraphs(text, lead, indent, style string, cols int) []row {
	var rows []row
	for i, line := range wrapText(text, cols-textWidth(lead), cols-textWidth(indent)) {
		pre := indent
		if i == 0 {
			pre = lead
		}
		rows = append(rows, row{s: t.st.paint(style, pre+line), w: textWidth(pre + line)})
	}
	return rows
}

// frame is what every prompt shows above its question: the help when asked
// for, and why the last answer was refused.
func (t *term) frame(p Prompt, showHelp bool, problem string, cols int) []row {
	var rows []row
	if showHelp && p.Help != "" {
		rows = append(rows, t.paragraphs(p.Help, "? ", "  ", t.st.cyan, cols)...)
	}
	if problem != "" {
		rows = append(rows, t.paragraphs(problem, "X ", "  ", t.st.red, cols)...)
	}
	return rows
}

func (t *term) question(p Prompt, hint, def string, cols int) []row {
	spans := []span{{"? ", t.st.green}, {p.Message, t.st.bold}}
	if hint != "" {
		spans = append(spans, span{" " + hint, t.st.cyan})
	}
	if def != "" {
		spans = append(spans, span{" (" + def + ")", t.st.faint})
	}
	return t.wrapSpans(spans, cols, cols)
}

// answered is what stays on the screen once a prompt is answered.
func (t *term) answered(p Prompt, answer string, cols int) []row {
	return t.wrapSpans([]span{{"? ", t.st.green}, {p.Message + " ", t.st.bold}, {answer, t.st.cyan}}, cols, cols)
}

// keyHints lists the keys a prompt takes, in brackets; "?" is left out once
// the help is shown.
func (t *term) keyHints(p Prompt, helpShown bool, more ...string) string {
	var hs []string
	if p.Help != "" && !helpShown {
		hs = append(hs, "? for help")
	}
	if p.Note {
		hs = append(hs, "+ for a note")
	}
	hs = append(hs, more...)
	if len(hs) == 0 {
		return ""
	}
	return "[" + strings.Join(hs, ", ") + "]"
}

// readKey reads the next key; an error or Ctrl-C ends the prompt, leaving
// it on the screen.
func (t *term) readKey() (key, error) {
	k, err := t.keys.readKey()
	if err != nil || k.kind == keyInterrupt {
		t.scr.leave()
		return k, ErrInterrupted
	}
	return k, nil
}

// textPrompt asks for text. parse turns the text given into the answer and
// the words shown for it, or says why it is refused.
type textPrompt struct {
	p        Prompt
	def      string // given by Enter alone (one line) or edited (multi)
	multi    bool
	hint     string // before the keys, such as (y/N)
	keys     []string
	showDef  string // how the default is shown after the question
	parse    func(string) (shown string, err error)
	pristine bool
}

func (t *term) askText(tp textPrompt) (string, error) {
	initial := ""
	if tp.multi {
		initial = tp.def
	}
	ed := newEditor(initial, tp.multi)
	showHelp, problem := false, ""
	tp.pristine = true
	for {
		t.drawText(&tp, ed, showHelp, problem)
		k, err := t.readKey()
		if err != nil {
			return "", err
		}
		first := ed.empty() || tp.pristine
		switch {
		case k.kind == keyRune && k.r == '?' && first && !showHelp && tp.p.Help != "":
			showHelp = true
			continue
		case k.kind == keyRune && k.r == '+' && first && tp.p.Note:
			t.scr.clear()
			return "", ErrNote
		case k.kind == keyTab && !tp.multi && ed.empty() && tp.def != "":
			ed = newEditor(tp.def, false)
		case k.kind == keyEOF && !tp.multi && ed.empty():
			t.scr.leave()
			return "", ErrInterrupted
		case k.kind == keyEnter && (!tp.multi || ed.finishing()), k.kind == keyEOF:
			text := strings.TrimSpace(ed.text())
			if text == "" && !tp.multi {
				text = tp.def
			}
			shown, err := tp.parse(text)
			if err != nil {
				problem = "Sorry, your reply was invalid: " + err.Error()
				if tp.multi && ed.finishing() && len(ed.lines) > 1 {
					// Keep the text as it was typed, without the empty lines that gave it.
					ed.lines = ed.lines[:len(ed.lines)-1]
					ed.row, ed.col = len(ed.lines)-1, 0
				}
				continue
			}
			cols := t.scr.cols() - 1
			rows := t.answered(tp.p, shown, cols)
			if tp.multi {
				rows = t.answered(tp.p, "", cols)
				rows = append(rows, clipRows(t.paragraphs(shown, "  ", "  ", t.st.cyan, cols), 6, t)...)
			}
			t.scr.done(rows)
			return text, nil
		default:
			if ed.edit(k) {
				tp.pristine = false
			}
		}
	}
}

// clipRows keeps the first n rows, saying how many are left out.
func clipRows(rows []row, n int, t *term) []row {
	if len(rows) <= n {
		return rows
	}
	more := fmt.Sprintf("  … and %d more row(s)", len(rows)-n+1)
	return append(rows[:n-1:n-1], row{s: t.st.paint(t.st.faint, more), w: textWidth(more)})
}

func (t *term) drawText(tp *textPrompt, ed *editor, showHelp bool, problem string) {
	cols := t.scr.cols() - 1 // a column for a space hanging at the end of a row
	rows := t.frame(tp.p, showHelp, problem, cols)
	hint := strings.TrimSpace(tp.hint + " " + t.keyHints(tp.p, showHelp, tp.keys...))
	q := t.question(tp.p, hint, tp.showDef, cols)
	paint := func(s string) string { return s }
	if tp.multi {
		rows = append(rows, q...)
		text, cr, cc := ed.layout(0, cols, paint)
		top := len(rows)
		rows = append(rows, text...)
		t.scr.draw(rows, top+cr, cc)
		return
	}
	// One line: the answer follows the question on its last row, or starts a
	// row of its own when little room is left there.
	last := q[len(q)-1]
	col := last.w + 1
	if cols-col < 12 {
		q = append(q, row{})
		last, col = row{}, 0
	}
	text, cr, cc := ed.layout(col, cols, paint)
	top := len(rows) + len(q) - 1
	rows = append(rows, q[:len(q)-1]...)
	sep := ""
	if col > 0 {
		sep = " "
	}
	rows = append(rows, row{s: last.s + sep + text[0].s, w: col + text[0].w})
	rows = append(rows, text[1:]...)
	t.scr.draw(rows, top+cr, cc)
}

// ---- lists ----

type listPrompt struct {
	p       Prompt
	options []string
	multi   bool
	cur     int // index into the shown options; -1 when none is highlighted
	checked map[int]bool
	filter  []rune
	help    bool
	problem string
	top     int // the first option shown when the list scrolls
}

func (l *listPrompt) shown() []int {
	var out []int
	f := strings.ToLower(string(l.filter))
	for i, o := range l.options {
		if f == "" || strings.Contains(strings.ToLower(o), f) {
			out = append(out, i)
		}
	}
	return out
}

func (t *term) askList(l *listPrompt) ([]int, error) {
	for {
		t.drawList(l)
		k, err := t.readKey()
		if err != nil {
			return nil, err
		}
		shown := l.shown()
		l.problem = ""
		switch k.kind {
		case keyUp:
			switch {
			case len(shown) == 0:
			case l.cur <= 0:
				l.cur = len(shown) - 1
			default:
				l.cur--
			}
		case keyDown, keyTab:
			if len(shown) > 0 {
				l.cur = (l.cur + 1) % len(shown)
			}
		case keyHome:
			l.cur = min(0, len(shown)-1)
		case keyEnd:
			l.cur = len(shown) - 1
		case keySpace:
			if l.multi && l.cur >= 0 && l.cur < len(shown) {
				i := shown[l.cur]
				l.checked[i] = !l.checked[i]
				l.problem = ""
			}
		case keyBackspace:
			if len(l.filter) > 0 {
				l.filter = l.filter[:len(l.filter)-1]
				l.cur = l.keepCursor(shown)
			}
		case keyRune:
			switch {
			case k.r == '?' && len(l.filter) == 0 && l.p.Help != "":
				l.help = !l.help
			case k.r == '+' && len(l.filter) == 0 && l.p.Note:
				t.scr.clear()
				return nil, ErrNote
			default:
				l.filter = append(l.filter, k.r)
				l.cur = l.keepCursor(shown)
			}
		case keyEnter:
			if !l.multi {
				if l.cur < 0 || l.cur >= len(shown) {
					l.problem = "Choose an answer first: move to it with the arrow keys, then press Enter."
					if len(shown) == 0 {
						l.problem = "No option matches what you typed; Backspace removes it."
					}
					continue
				}
				i := shown[l.cur]
				t.scr.done(t.answered(l.p, l.options[i], t.scr.cols()-1))
				return []int{i}, nil
			}
			var labels []string
			var out []int
			for i, o := range l.options {
				if l.checked[i] {
					out = append(out, i)
					labels = append(labels, o)
				}
			}
			ans := strings.Join(labels, "; ")
			if len(out) == 0 {
				ans = "(none)"
			}
			t.scr.done(t.answered(l.p, ans, t.scr.cols()-1))
			return out, nil
		}
	}
}

// keepCursor keeps the highlighted option, if any, when the filter changes.
func (l *listPrompt) keepCursor(before []int) int {
	if l.cur < 0 || l.cur >= len(before) {
		return -1
	}
	want := before[l.cur]
	for j, i := range l.shown() {
		if i == want {
			return j
		}
	}
	return -1
}

func (t *term) drawList(l *listPrompt) {
	cols := t.scr.cols() - 1
	_, h := t.scr.dims()
	var hints []string
	if l.multi {
		hints = append(hints, "arrows to move, space to tick, Enter when done")
	} else {
		hints = append(hints, "arrows to move, Enter to choose")
	}
	rows := t.frame(l.p, l.help, l.problem, cols)
	q := t.question(l.p, t.keyHints(l.p, l.help, hints...), "", cols)
	if len(l.filter) > 0 {
		q = append(q, t.wrapSpans([]span{{"  filter: ", t.st.faint}, {string(l.filter), ""}}, cols, cols)...)
	}
	rows = append(rows, q...)
	// The cursor rests at the end of the question, where typed filter text goes.
	cr := len(rows) - 1
	shown := l.shown()
	var opts [][]row
	for j, i := range shown {
		mark, style := "  ", ""
		if j == l.cur {
			mark, style = "> ", t.st.cyan
		}
		if l.multi {
			if l.checked[i] {
				mark += "[x] "
			} else {
				mark += "[ ] "
			}
		}
		opts = append(opts, t.paragraphs(l.options[i], mark, strings.Repeat(" ", textWidth(mark)), style, cols))
	}
	if len(shown) == 0 {
		rows = append(rows, t.scr.note("  (no option matches)"))
	}
	// As many options as fit, around the highlighted one.
	avail := max(h-2-len(rows), 3)
	l.top = scrollTop(opts, l.cur, l.top, avail)
	if l.top > 0 {
		rows = append(rows, t.scr.note(fmt.Sprintf("  ↑ %d more", l.top)))
		avail--
	}
	end, used := l.top, 0
	for end < len(opts) {
		reserve := 0
		if end+1 < len(opts) {
			reserve = 1
		}
		if used+len(opts[end])+reserve > avail && end > l.top {
			break
		}
		used += len(opts[end])
		end++
	}
	for _, o := range opts[l.top:end] {
		rows = append(rows, o...)
	}
	if end < len(opts) {
		rows = append(rows, t.scr.note(fmt.Sprintf("  ↓ %d more", len(opts)-end)))
	}
	t.scr.draw(rows, cr, rows[cr].w)
}

// scrollTop returns the first option to show so that cur is visible.
func scrollTop(opts [][]row, cur, top, avail int) int {
	if cur < 0 {
		cur = 0
	}
	if cur < top {
		top = cur
	}
	for top < cur {
		used := 0
		for j := top; j <= cur; j++ {
			used += len(opts[j])
		}
		if used+2 <= avail { // room for the "more" rows
			break
		}
		top++
	}
	return max(top, 0)
}
