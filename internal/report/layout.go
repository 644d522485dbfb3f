package report

import (
	"strconv"
	"strings"

	"github.com/lia-project/lia/internal/assessment"
)

// rgb is a colour.
type rgb struct{ r, g, b int }

// Colours: status colours are chosen to stay distinct in greyscale print.
var (
	colText   = rgb{33, 37, 41}
	colMuted  = rgb{108, 117, 125}
	colRule   = rgb{206, 212, 218}
	colShade  = rgb{241, 243, 245}
	colPass   = rgb{25, 135, 84}
	colCond   = rgb{204, 122, 0}
	colFail   = rgb{187, 33, 36}
	colInfo   = rgb{13, 110, 253}
	colAccent = rgb{31, 78, 121}
	colDraft  = rgb{220, 53, 69}
	colRisk   = rgb{214, 96, 77}
	colInter  = rgb{67, 147, 195}
	colMitig  = rgb{90, 174, 97}
)

func (d *doc) textColor(c rgb) { d.pdf.SetTextColor(c.r, c.g, c.b) }
func (d *doc) fillColor(c rgb) { d.pdf.SetFillColor(c.r, c.g, c.b) }
func (d *doc) drawColor(c rgb) { d.pdf.SetDrawColor(c.r, c.g, c.b) }

// font sets the font; style is "" or "B".
func (d *doc) font(style string, size float64) { d.pdf.SetFont(fontFamily, style, size) }

// lineH is the line height in mm for a font size in points.
func lineH(size float64) float64 { return float64(size * 0.3528 * 1.35) } // float64: see times

// statusColor is the colour of an outcome or test status.
func statusColor(s string) rgb {
	switch s {
	case assessment.OutcomePass:
		return colPass
	case assessment.OutcomeConditional:
		return colCond
	case outcomeIncomplete:
		return colMuted
	}
	return colFail
}

// severityColor is the colour of a finding's severity.
func severityColor(s string) rgb {
	switch s {
	case assessment.SeverityBlocker:
		return colFail
	case assessment.SeverityMajor:
		return colCond
	case assessment.SeverityMinor:
		return colInfo
	}
	return colMuted
}

// bottom is the lowest y that body text may reach.
func (d *doc) bottom() float64 { return pageH - marginB }

// need starts a new page unless h millimetres fit below the cursor.
func (d *doc) need(h float64) {
	if d.pdf.GetY()+h > d.bottom() {
		d.pdf.AddPage()
	}
}

// lines wraps already cleaned text to width w in the current font. Words
// longer than the line are broken, so every line fits. Runs of blank lines
// become one, and leading and trailing ones go, so that a value of empty
// lines cannot fill pages.
func (d *doc) lines(s string, w float64) []string {
	var out []string
	for _, para := range strings.Split(strings.Trim(s, " \n"), "\n") {
		if strings.TrimSpace(para) == "" {
			if len(out) > 0 && out[len(out)-1] != "" {
				out = append(out, "")
			}
			continue
		}
		out = append(out, d.pdf.SplitText(para, w)...)
	}
	if len(out) == 0 {
		out = append(out, "")
	}
	return out
}

// para draws cleaned text wrapped to width w at the left margin plus indent,
// breaking pages between lines.
func (d *doc) para(s string, indent float64, style string, size float64, col rgb) {
	d.font(style, size)
	d.textColor(col)
	h := lineH(size)
	for _, l := range d.lines(d.c.clean(s, true), bodyW-indent) {
		d.need(h)
		d.pdf.SetX(marginL + indent)
		d.pdf.CellFormat(bodyW-indent, h, l, "", 1, "L", false, 0, "")
	}
}

// heading starts a titled part of the report on a new page.
func (d *doc) heading(title string) {
	d.pdf.AddPage()
	d.headingHere(title)
}

// part starts a titled part below the previous one when at least room mm
// are left on the page, and on a new page otherwise, so that a short part
// (no findings, two signatures) does not leave a page nearly empty.
func (d *doc) part(title string, room float64) {
	if d.pdf.GetY()+room > d.bottom() {
		d.heading(title)
		return
	}
	d.pdf.Ln(8)
	d.headingHere(title)
}

func (d *doc) headingHere(title string) {
	d.pdf.Bookmark(title, 0, -1)
	d.font("B", 17)
	d.textColor(colAccent)
	d.pdf.CellFormat(bodyW, 9, title, "", 1, "L", false, 0, "")
	d.drawColor(colAccent)
	d.pdf.SetLineWidth(0.6)
	y := d.pdf.GetY() + 1
	d.pdf.Line(marginL, y, marginL+bodyW, y)
	d.pdf.SetY(y + 4)
}

// subheading is a smaller title that stays with the next lines.
func (d *doc) subheading(title string, keep float64) {
	d.need(8 + keep)
	d.pdf.Ln(2)
	d.font("B", 12)
	d.textColor(colAccent)
	for _, l := range d.lines(d.c.clean(title, false), bodyW) {
		d.need(6)
		d.pdf.CellFormat(bodyW, 6, l, "", 1, "L", false, 0, "")
	}
	d.pdf.Ln(1)
}

// badge draws a small filled label at the cursor and moves right of it.
func (d *doc) badge(text string, col rgb, size float64) float64 {
	d.font("B", size)
	w := d.pdf.GetStringWidth(text) + 3
	h := lineH(size) + 0.6
	d.fillColor(col)
	d.textColor(rgb{255, 255, 255})
	d.pdf.CellFormat(w, h, text, "", 0, "C", true, 0, "")
	return w
}

// kv draws rows of label and value in two columns; values are cleaned here.
// Rows are kept whole on a page.
type kvRow struct {
	label, value string
	max          int
}

func (d *doc) kv(rows []kvRow, labelW float64, size float64) {
	h := lineH(size)
	for _, r := range rows {
		d.font("", size)
		val := d.lines(d.c.text(r.value, r.max, true), bodyW-labelW)
		d.font("B", size)
		lab := d.lines(r.label, labelW-2)
		n := max(len(val), len(lab))
		d.need(times(n, h) + 1.5)
		y := d.pdf.GetY()
		d.textColor(colMuted)
		for i, l := range lab {
			d.pdf.SetXY(marginL, y+times(i, h))
			d.pdf.CellFormat(labelW, h, l, "", 0, "L", false, 0, "")
		}
		d.font("", size)
		d.textColor(colText)
		for i, l := range val {
			d.pdf.SetXY(marginL+labelW, y+times(i, h))
			d.pdf.CellFormat(bodyW-labelW, h, l, "", 0, "L", false, 0, "")
		}
		y += times(n, h) + 1.5
		d.drawColor(colRule)
		d.pdf.SetLineWidth(0.2)
		d.pdf.Line(marginL, y-0.75, marginL+bodyW, y-0.75)
		d.pdf.SetXY(marginL, y)
	}
}

// header draws the running title and, for drafts, the watermark. The
// watermark is drawn first so the page's text lies on top of it.
func (d *doc) header() {
	if d.in.Draft {
		d.watermark()
	}
	if d.pdf.PageNo() == 1 {
		return
	}
	d.font("", 7.5)
	d.textColor(colMuted)
	d.pdf.SetXY(marginL, 9)
	d.pdf.CellFormat(bodyW-40, 4, d.fit(d.title, bodyW-42), "", 0, "L", false, 0, "")
	d.pdf.CellFormat(40, 4, "Outcome: "+strings.ToUpper(d.outcome), "", 0, "R", false, 0, "")
	d.drawColor(colRule)
	d.pdf.SetLineWidth(0.2)
	d.pdf.Line(marginL, 13.5, marginL+bodyW, 13.5)
	d.pdf.SetXY(marginL, marginT)
}

func (d *doc) watermark() {
	p := d.pdf
	p.SetAlpha(0.18, "Normal")
	d.font("B", 120)
	d.textColor(colDraft)
	p.TransformBegin()
	p.TransformRotate(55, pageW/2, pageH/2)
	w := p.GetStringWidth("DRAFT")
	p.Text(pageW/2-w/2, pageH/2+15, "DRAFT")
	p.TransformEnd()
	p.SetAlpha(1, "Normal")
}

// footer names the record and its canonical hash on every page, so a
// single printed page can be traced to the record it came from.
func (d *doc) footer() {
	p := d.pdf
	y := pageH - 16
	d.drawColor(colRule)
	p.SetLineWidth(0.2)
	p.Line(marginL, y, marginL+bodyW, y)
	d.font("", 7)
	d.textColor(colMuted)
	p.SetXY(marginL, y+1.2)
	label := "Record " + d.id
	if d.in.Draft {
		label = "DRAFT · " + label
	}
	p.CellFormat(bodyW-30, 3.5, d.fit(label, bodyW-32), "", 0, "L", false, 0, "")
	p.CellFormat(30, 3.5, pageLabel(p.PageNo()), "", 1, "R", false, 0, "")
	p.SetX(marginL)
	sum := d.in.CanonicalSHA256
	if sum == "" {
		sum = "(not supplied)"
	}
	p.CellFormat(bodyW, 3.5, "SHA-256 of the canonical record: "+d.c.text(sum, 128, false), "", 0, "L", false, 0, "")
}

func pageLabel(n int) string { return "Page " + strconv.Itoa(n) + " of {nb}" }

// times is n lines or rows of height h. The conversion stops the compiler
// from fusing the product into a following addition (FMA on arm64 and
// others), which could move a coordinate by one unit in the last place and
// change the PDF's bytes from one machine to the next.
func times(n int, h float64) float64 { return float64(float64(n) * h) }

// fit shortens s with an ellipsis until it fits in width w in the current
// font, for lines that must stay one line (running header, footer).
func (d *doc) fit(s string, w float64) string {
	if d.pdf.GetStringWidth(s) <= w {
		return s
	}
	r := []rune(s)
	lo, hi := 0, len(r) // r[:lo]+"…" fits; r[:hi]+"…" does not (or hi is all)
	for lo+1 < hi {
		mid := (lo + hi) / 2
		if d.pdf.GetStringWidth(string(r[:mid])+"…") <= w {
			lo = mid
		} else {
			hi = mid
		}
	}
	return strings.TrimRight(string(r[:lo]), " ") + "…"
}
