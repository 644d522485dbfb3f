package report

import (
	"math"

	"github.com/lia-project/lia/internal/assessment"
)

// chart draws the balancing test: interest weight against inherent and
// residual risk on one scale, then how much each safeguard removed. It is
// drawn with vector operations so the PDF needs no image files and stays
// deterministic.
func (d *doc) chart() {
	p := d.pdf
	d.heading("Balancing: interest against risk")
	s := d.res.Scores
	b := d.in.Catalog.Rules.Balancing
	d.para("The balancing test compares the risk left after safeguards (residual risk) with the weight of the controller's interest. The bars share one scale; the dashed lines mark where residual risk stops passing and where it fails.", 0, "", 9, colMuted)
	p.Ln(4)

	passAt := s.InterestWeight * b.PassAtMost
	condAt := s.InterestWeight * b.ConditionalAtMost
	top := math.Max(math.Max(s.InterestWeight, s.InherentRisk), math.Max(condAt, 1)) * 1.08
	const labelW, valueW = 42.0, 16.0
	x0 := marginL + labelW
	barW := bodyW - labelW - valueW
	xOf := func(v float64) float64 { return x0 + barW*math.Max(0, math.Min(v, top))/top }

	rows := []struct {
		label string
		value float64
		col   rgb
	}{
		{"Interest weight", s.InterestWeight, colInter},
		{"Inherent risk", s.InherentRisk, colRisk},
		{"Residual risk", s.ResidualRisk, statusColor(d.res.Tests.Balancing.Status)},
	}
	const rowH = 11.0
	d.need(times(len(rows), rowH) + 30)
	y0 := p.GetY() + 6

	// Zones for the residual risk, from the rules' thresholds.
	zoneY := y0 + times(len(rows), rowH) + 1
	if s.InterestWeight > 0 {
		zones := []struct {
			from, to float64
			col      rgb
			label    string
		}{
			{0, passAt, rgb{209, 231, 221}, "passes"},
			{passAt, condAt, rgb{255, 236, 204}, "conditional"},
			{condAt, top, rgb{248, 215, 218}, "fails"},
		}
		for _, z := range zones {
			if z.to <= z.from {
				continue
			}
			d.fillColor(z.col)
			p.Rect(xOf(z.from), zoneY, xOf(z.to)-xOf(z.from), 5, "F")
			d.font("", 6.5)
			d.textColor(colText)
			if xOf(z.to)-xOf(z.from) > p.GetStringWidth(z.label)+2 {
				p.SetXY(xOf(z.from), zoneY)
				p.CellFormat(xOf(z.to)-xOf(z.from), 5, z.label, "", 0, "C", false, 0, "")
			}
		}
		d.font("", 7)
		d.textColor(colMuted)
		p.SetXY(marginL, zoneY)
		p.CellFormat(labelW-2, 5, "Residual risk zones", "", 0, "R", false, 0, "")
	}

	for i, r := range rows {
		y := y0 + times(i, rowH)
		d.font("B", 9)
		d.textColor(colText)
		p.SetXY(marginL, y)
		p.CellFormat(labelW-2, rowH-3, r.label, "", 0, "R", false, 0, "")
		d.fillColor(r.col)
		if w := xOf(r.value) - x0; w > 0 {
			p.Rect(x0, y, w, rowH-3, "F")
		}
		d.font("", 9)
		p.SetXY(xOf(r.value)+1.5, y)
		p.CellFormat(valueW, rowH-3, num(r.value), "", 0, "L", false, 0, "")
	}

	// Axis with ticks.
	axisY := zoneY + 6
	d.drawColor(colMuted)
	p.SetLineWidth(0.2)
	p.Line(x0, y0-2, x0, axisY)
	p.Line(x0, axisY, x0+barW, axisY)
	step := niceStep(top / 6)
	d.font("", 6.5)
	d.textColor(colMuted)
	for v := 0.0; v <= top+1e-9; v += step {
		x := xOf(v)
		p.Line(x, axisY, x, axisY+1)
		p.SetXY(x-8, axisY+1)
		p.CellFormat(16, 3, trimNum(v), "", 0, "C", false, 0, "")
	}

	// Thresholds, drawn over the bars.
	if s.InterestWeight > 0 {
		p.SetLineWidth(0.35)
		p.SetDashPattern([]float64{1.2, 1}, 0)
		labels := []struct {
			at    float64
			label string
		}{{passAt, "pass limit " + num(passAt)}, {condAt, "fail above " + num(condAt)}}
		// Each label is centred on its line, unless the two would touch:
		// then the pass label ends at its line and the fail label starts at
		// its own, so they never collide however close the limits are.
		d.font("", 6.5)
		pw, fw := p.GetStringWidth(labels[0].label), p.GetStringWidth(labels[1].label)
		apart := xOf(condAt)-fw/2 >= xOf(passAt)+pw/2+1.5
		for i, t := range labels {
			if t.at > top {
				continue
			}
			d.drawColor(colText)
			p.Line(xOf(t.at), y0-3, xOf(t.at), zoneY+5)
			d.font("", 6.5)
			d.textColor(colText)
			w := p.GetStringWidth(t.label) + 1
			switch {
			case apart:
				p.SetXY(xOf(t.at)-w/2, y0-6.5)
			case i == 0:
				p.SetXY(xOf(t.at)-w-0.3, y0-6.5)
			default:
				p.SetXY(xOf(t.at)+0.3, y0-6.5)
			}
			align := map[bool]string{true: "C", false: map[int]string{0: "R", 1: "L"}[i]}[apart]
			p.CellFormat(w, 3, t.label, "", 0, align, false, 0, "")
		}
		p.SetDashPattern(nil, 0)
	}
	p.SetXY(marginL, axisY+6)
	ratio := "Residual risk is " + pct(d.in.Eval.Ratio) + " of the interest weight."
	if s.InterestWeight <= 0 {
		ratio = "The interest has no weight, so any risk outweighs it."
	}
	d.para(ratio+" Outcome of the balancing test: "+statusWord(d.res.Tests.Balancing.Status)+".", 0, "B", 9.5, colText)

	d.mitigationChart()
	d.contributions("What makes up the interest weight", d.in.Eval.Interest, s.InterestWeight)
	d.contributions("What makes up the inherent risk", d.in.Eval.Risk, s.InherentRisk)
}

func statusWord(s string) string {
	switch s {
	case assessment.OutcomePass:
		return "met"
	case assessment.OutcomeConditional:
		return "conditional"
	}
	return "not met"
}

// mitigationChart shows, as a waterfall, the risk each safeguard removed in
// the order the engine applied it: each removes its share of what is left.
func (d *doc) mitigationChart() {
	p := d.pdf
	ms := d.in.Eval.Mitigations
	inherent := d.res.Scores.InherentRisk
	d.subheading("Contribution of each safeguard", 30)
	if len(ms) == 0 || inherent <= 0 {
		d.para("No safeguard reduced the risk.", 0, "", 9.5, colText)
		return
	}
	const labelW, valueW = 78.0, 26.0
	x0 := marginL + labelW
	barW := bodyW - labelW - valueW
	xOf := func(v float64) float64 { return x0 + barW*math.Max(0, math.Min(v, inherent))/inherent }
	const size = 7.5
	h := lineH(size)

	row := func(label string, from, to float64, col rgb, value string, bold bool) {
		style := ""
		if bold {
			style = "B"
		}
		d.font(style, size)
		ls := d.lines(d.c.clean(label, false), labelW-3)
		if len(ls) > 2 {
			ls = ls[:2]
			ls[1] += " …"
		}
		rh := math.Max(times(len(ls), h), 5) + 1.5
		if p.GetY()+rh > d.bottom() {
			p.AddPage()
			d.subheading("Contribution of each safeguard (continued)", rh)
		}
		y := p.GetY()
		d.textColor(colText)
		for i, l := range ls {
			p.SetXY(marginL, y+times(i, h))
			p.CellFormat(labelW-3, h, l, "", 0, "R", false, 0, "")
		}
		bh := 4.0
		if from > 0 {
			d.fillColor(rgb{222, 226, 230})
			p.Rect(x0, y, xOf(from)-x0, bh, "F")
		}
		d.fillColor(col)
		if w := xOf(to) - xOf(from); w > 0 {
			p.Rect(xOf(from), y, w, bh, "F")
		}
		d.font("", size)
		p.SetXY(x0+barW+1.5, y)
		p.CellFormat(valueW-1.5, bh, value, "", 0, "L", false, 0, "")
		p.SetXY(marginL, y+rh)
	}

	row("Inherent risk", 0, inherent, colRisk, num(inherent), true)
	remaining := 1.0
	for _, m := range ms {
		before := inherent * remaining
		remaining *= 1 - m.Strength
		after := inherent * remaining
		row(m.Label, after, before, colMitig, "−"+num(m.Removed)+" ("+pct(m.Strength)+")", false)
	}
	row("Residual risk", 0, d.res.Scores.ResidualRisk, statusColor(d.res.Tests.Balancing.Status), num(d.res.Scores.ResidualRisk), true)
	p.Ln(1)
	d.para("Green: the risk a safeguard removed, shown with its strength (the share of the remaining risk it removes). Grey: the risk left after it.", 0, "", 7.5, colMuted)
}

// contributions lists the terms of a score with their references.
func (d *doc) contributions(title string, cs []assessment.Contribution, total float64) {
	p := d.pdf
	// A table whose last rows alone would spill onto the next page starts
	// there whole instead.
	keep := 14.0
	if len(cs) > 0 {
		total := lineH(8.5) + 1
		for _, c := range cs {
			total += d.contributionHeight(c)
		}
		avail := d.bottom() - p.GetY() - 11
		if total > avail && total-avail < 45 && total < d.bottom()-marginT-20 {
			keep = total
		}
	}
	d.subheading(title, keep)
	if len(cs) == 0 {
		d.para("No terms: the score is 0.", 0, "", 9, colText)
		return
	}
	const ptsW = 18.0
	for _, c := range cs {
		d.font("", 8.5)
		ls := d.lines(d.c.clean(c.Label, false), bodyW-ptsW)
		d.font("", 7)
		rs := d.lines(d.c.clean(c.Reference, false), bodyW-ptsW)
		h := times(len(ls), lineH(8.5)) + times(len(rs), lineH(7)) + 1
		if p.GetY()+h > d.bottom() {
			// A table cut by a page says what it is on the next page too.
			p.AddPage()
			d.subheading(title+" (continued)", h)
		}
		y := p.GetY()
		d.font("B", 8.5)
		d.textColor(colText)
		p.SetXY(marginL+bodyW-ptsW, y)
		p.CellFormat(ptsW, lineH(8.5), num(c.Points), "", 0, "R", false, 0, "")
		p.SetXY(marginL, y)
		d.font("", 8.5)
		for _, l := range ls {
			p.SetX(marginL)
			p.CellFormat(bodyW-ptsW, lineH(8.5), l, "", 1, "L", false, 0, "")
		}
		d.font("", 7)
		d.textColor(colMuted)
		for _, l := range rs {
			p.SetX(marginL)
			p.CellFormat(bodyW-ptsW, lineH(7), l, "", 1, "L", false, 0, "")
		}
		p.Ln(1)
	}
	d.drawColor(colRule)
	p.SetLineWidth(0.2)
	p.Line(marginL, p.GetY(), marginL+bodyW, p.GetY())
	d.font("B", 8.5)
	d.textColor(colText)
	p.CellFormat(bodyW-ptsW, lineH(8.5)+1, "Total (rounded)", "", 0, "L", false, 0, "")
	p.CellFormat(ptsW, lineH(8.5)+1, num(total), "", 1, "R", false, 0, "")
}

// contributionHeight is the height of one row of contributions.
func (d *doc) contributionHeight(c assessment.Contribution) float64 {
	const ptsW = 18.0
	d.font("", 8.5)
	ls := d.lines(d.c.clean(c.Label, false), bodyW-ptsW)
	d.font("", 7)
	rs := d.lines(d.c.clean(c.Reference, false), bodyW-ptsW)
	return times(len(ls), lineH(8.5)) + times(len(rs), lineH(7)) + 1
}

// niceStep rounds a raw tick interval up to 1, 2 or 5 times a power of ten.
func niceStep(raw float64) float64 {
	if raw <= 0 {
		return 1
	}
	pow := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, m := range []float64{1, 2, 5, 10} {
		if raw <= m*pow {
			return m * pow
		}
	}
	return 10 * pow
}

func trimNum(v float64) string {
	if v == math.Trunc(v) {
		return num(v)[:len(num(v))-3]
	}
	return num(v)
}
