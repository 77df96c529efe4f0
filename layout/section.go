package layout

import (
	"fmt"
	"math"
	"strings"
	"unicode/utf8"

	"spread/fonts"
	"spread/page"
	"spread/report"
)

// items draws the module: head, figures, threaded text, column rules, closing box. opens holds
// what must open its page's content instead of following it: the text a strip carries on.
//
// folio is the paper's number of the layout's first page, for the jump lines.
func (p modPlan) items(k *kit, g grid, accent page.Color, folio int) (out, opens map[int][]page.Item, errs report.Errors) {
	out, opens = map[int][]page.Item{}, map[int][]page.Item{}
	m := p.m
	first := m.parts[0]
	x0 := g.colX(first.col)
	y := g.y(m.headLine())
	side := 2*g.lead - 0.7*g.lead
	tx := x0
	if m.sec.Label != "" {
		ls := 0.72 * side
		lw := k.width(fonts.Hei, m.sec.Label) * ls
		bw := labelBoxW(lw, side)
		out[first.page] = append(out[first.page], page.Rect{X: x0, Y: y + 0.25*g.lead, W: bw, H: side, Fill: &accent})
		out[first.page] = append(out[first.page], page.Text{X: x0 + (bw-lw)/2, Y: y + 0.25*g.lead + side/2 + 0.36*ls,
			Font: fonts.Hei, Size: ls, Color: page.Color{}, S: m.sec.Label})
		tx += bw + 0.6*g.body
	}
	hs := p.headSize
	if hs <= 0 {
		hs = m.headFit(k, g)
	}
	for _, w := range headWords(k, m.sec.Title.S) {
		out[first.page] = append(out[first.page], page.Text{X: tx + w.x*hs, Y: y + 0.25*g.lead + side/2 + 0.36*hs, Font: fonts.Hei,
			Size: hs, Color: page.Gray(1), S: w.s})
	}
	for _, f := range p.figs {
		pg := p.slots[f.slot].page
		x, w := p.slots[f.slot].x, p.figW(f)
		if f.photo != nil {
			out[pg] = append(out[pg], photoBlock(k, g, f.photo, x, w, f.top, f.lines)...)
			continue
		}
		h := g.chartH(f.lines)
		dx, cw := chartBox(f.chart, w, h)
		x += dx
		its, err := k.chart(f.chart, accent, cw, h)
		if err != nil {
			errs.Add(f.chart.Pos, "%v", err)
			continue
		}
		out[pg] = append(out[pg], page.Group{X: x, Y: g.y(f.top) + 0.25*g.lead, Items: its})
	}
	slots := p.slots
	if p.jumpOut >= 0 && p.counts[p.jumpIn] > 0 {
		// the strip's last column is drawn from its own top, its last line left to 下转; the
		// jump lines go before the text on the strip's page and after it on the next, so
		// that text read in drawing order runs on across the fold
		slots = append([]slot(nil), p.slots...)
		slots[p.jumpOut].start--
		so, si := slots[p.jumpOut], slots[p.jumpIn]
		down := fmt.Sprintf("（下转第%d版）", folio+si.page)
		up := fmt.Sprintf("（上接第%d版）", folio+so.page)
		dl := solidLine(k, fonts.Kai, down)
		out[so.page] = append(out[so.page], setText([]textLine{dl}, so.x+p.colW(p.jumpOut)-dl.Width*g.body,
			g.base(so.start+p.counts[p.jumpOut]), 0, fonts.Kai, g.body, page.Gray(1))...)
		defer func() {
			out[si.page] = append(out[si.page], setText([]textLine{solidLine(k, fonts.Kai, up)}, si.x, g.base(si.start-1), 0,
				fonts.Kai, g.body, page.Gray(1))...)
		}()
	}
	for pg, its := range placeLines(g, p.body, slots, p.counts, fonts.Song, g.body) {
		if (m.strip > 0 || m.carry > 0) && pg != first.page {
			// text carried on from the page before (a strip's, a carried section's) opens its
			// page's content, so that text read back in drawing order (pdftotext -raw, a screen
			// reader) goes on from the last line before the fold, not after the next page's
			// headline and band
			opens[pg] = append(opens[pg], its...)
			continue
		}
		out[pg] = append(out[pg], its...)
	}
	// hairline rules in the gutters where both neighbouring columns carry text
	for i := 0; i+1 < len(p.slots); i++ {
		a, b := p.slots[i], p.slots[i+1]
		if a.page != b.page || p.counts[i] == 0 || p.counts[i+1] == 0 {
			continue
		}
		w := p.colW(i)
		x := (a.x + w + b.x) / 2
		top := max(a.start, b.start)
		bot := max(a.start+p.counts[i], b.start+p.counts[i+1])
		out[a.page] = append(out[a.page], page.Line{X1: x, Y1: g.y(top) + 0.2*g.lead, X2: x, Y2: g.y(bot) - 0.2*g.lead,
			Width: 0.25, Color: page.Gray(0.6)})
	}
	if p.closeN > 0 {
		// the closing box stands on the module's foot: white the text leaves goes above it,
		// the box first opening its leading into it (as the lead box does), so that the page
		// ends on the box rather than on a band of white under it
		last := m.parts[len(m.parts)-1]
		foot := max(p.used, m.limit)
		if foot-p.used > closingDrop {
			// so far below the text, the box would leave a band of white across the middle
			// of the page, which no measure of the foot sees: it follows the text, and the
			// white stays at the foot, where check reports the page short
			foot = p.used
		}
		lines := p.closeN - closeGap + min(foot-p.used, max(0, p.closing.openLines(g)-p.closing.boxLines(g)))
		out[last.page] = append(out[last.page], leadItems(g, p.closing, g.colX(last.col), foot-lines, lines, accent)...)
	}
	return out, opens, errs
}

// closingDrop is how many lines of white the closing box may stand below its text to end on the
// module's foot: as many as side-by-side modules may end apart unnoticed.
const closingDrop = raggedSlack

// labelBoxW is the width of a section label's box: a square of side for one character, wider
// for a longer label (产业, 一二), with the same margin either side as one character has.
func labelBoxW(lw, side float64) float64 {
	return math.Max(side, lw+0.28*side)
}

// headWord is a piece of a section title between its spaces, at X em from the title's start.
type headWord struct {
	s string
	x float64
}

// headWords splits a title at its spaces: Chinese heads set the space between two phrases
// (蹄疾步稳 经济发展有质量) as a full-width space, 1 em, whatever the source typed.
//
// A full-width opening mark after the space (“钱袋子”), or a closing one before it, brings half
// an em of blank of its own: the space gives that half up, so the phrases stand 1 em apart
// to the eye, as clreq compresses adjacent punctuation.
func headWords(k *kit, title string) []headWord {
	var out []headWord
	x := 0.0
	prev := ""
	for i, w := range strings.Fields(title) {
		if i > 0 {
			x++
			if r, _ := utf8.DecodeLastRuneInString(prev); strings.ContainsRune(closingMarks, r) && k.adv(fonts.Hei, r) > 0.9 {
				x -= 0.5
			}
			if r, _ := utf8.DecodeRuneInString(w); strings.ContainsRune(openingMarks, r) && k.adv(fonts.Hei, r) > 0.9 {
				x -= 0.5
			}
		}
		out = append(out, headWord{w, x})
		x += k.width(fonts.Hei, w)
		prev = w
	}
	return out
}

// closingMarks are the closing brackets and quotes, whose glyph is half blank after them (the
// opening ones, openingMarks, are half blank before).
const closingMarks = "”’」』）】〕〗］｝》〉"

// headWidth is the width of a title set by headWords, em.
func headWidth(k *kit, title string) float64 {
	ws := headWords(k, title)
	if len(ws) == 0 {
		return 0
	}
	l := ws[len(ws)-1]
	return l.x + k.width(fonts.Hei, l.s)
}

// headFit is the size of the module's head on its own: 16/9 of the body, smaller when the
// title does not fit the first part's width beside its label.
func (m *module) headFit(k *kit, g grid) float64 {
	side := 2*g.lead - 0.7*g.lead
	w := g.span(m.parts[0].n)
	if m.sec.Label != "" {
		w -= labelBoxW(k.width(fonts.Hei, m.sec.Label)*0.72*side, side) + 0.6*g.body
	}
	size := 16 * g.body / 9
	if nat := headWidth(k, m.sec.Title.S) * size; nat > w && nat > 0 {
		return math.Max(size*w/nat, size*0.6)
	}
	return size
}

// headSizes gives each module's head the size of the smallest head on its page, so that a
// narrow section does not get a smaller head than its neighbours.
func headSizes(k *kit, g grid, mods []*module) []float64 {
	least := map[int]float64{}
	for _, m := range mods {
		pg := m.parts[0].page
		if s, ok := least[pg]; !ok || m.headFit(k, g) < s {
			least[pg] = m.headFit(k, g)
		}
	}
	out := make([]float64, len(mods))
	for i, m := range mods {
		out[i] = least[m.parts[0].page]
	}
	return out
}
