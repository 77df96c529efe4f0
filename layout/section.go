package layout

import (
	"math"
	"sort"

	"spread/fonts"
	"spread/page"
	"spread/report"
)

// part is the piece of a module on one page: n grid columns from grid column col.
type part struct{ page, col, n int }

// module is one section's rectangle: its parts (one per page it covers), the grid lines from
// line0 (the head) to limit (exclusive), and what goes in it.
type module struct {
	sec     *report.Section
	parts   []part
	line0   int
	limit   int
	photos  []*report.Photo
	charts  []*report.Chart
	closing []report.Text
	stacked bool // one of several modules stacked across the page (see planStack)
}

// fig is a photo or chart placed at the top of text columns.
type fig struct {
	photo      *report.Photo
	chart      *report.Chart
	slot, j    int // first text column (module-wide index) and how many
	top, lines int
}

// modPlan is a module laid out.
type modPlan struct {
	m       *module
	cols    []columns // per part
	slots   []slot
	body    []bodyLine
	counts  []int
	figs    []fig
	end     int // where the text columns end (balanced)
	used    int // the module's last line + 1, closing included
	over    int
	ok      bool
	closing leadSet
	closeN  int
	area    float64
	white   int     // empty cells (column × line) inside the module
	excess  float64 // photo area beyond a moderate frame, in character × line cells
}

// moderate is the largest photo frame that does not count as oversized: three grid columns
// wide at 4:3, in character × line cells. Beyond it a photo costs as much as white space, so a
// module would rather leave the height to the blocks above it than blow a photo up.
func moderate(g grid) float64 {
	w := float64(gridChars(3))
	return w * (w * g.body / aspectMin / g.lead)
}

const headLines = 2

// closeGap is the blank grid line between a section's text and the closing box under it.
const closeGap = 1

// planModule searches figure widths and heights for the arrangement that fills the module best:
// the balanced text end plus the closing box comes closest to the limit without passing it.
func planModule(k *kit, g grid, m *module) modPlan {
	base := modPlan{m: m}
	chars := math.MaxInt
	for _, p := range m.parts {
		c := textColumns(g, g.colX(p.col), p.n, textCols(p.n))
		base.cols = append(base.cols, c)
		chars = min(chars, c.chars)
	}
	base.body = breakParas(k, m.sec.Paragraphs, fonts.Song, float64(chars), 2)
	textLimit := m.limit
	if len(m.closing) > 0 {
		last := m.parts[len(m.parts)-1]
		base.closing = setLead(k, g, m.closing, last.n, 10.5*g.body/9)
		base.closeN = base.closing.boxLines(g) + closeGap
		textLimit -= base.closeN
	}
	top := m.line0 + headLines
	// the candidate figures and the widths (in text columns) each may take
	type cand struct {
		photo *report.Photo
		chart *report.Chart
		js    []int
	}
	var cands []cand
	widths := func() []int {
		var js []int
		c := base.cols[0]
		for j := 1; j <= len(c.x); j++ {
			w := c.spanW(0, j)
			if w >= g.span(2)-1 && w <= g.span(4)+1 {
				js = append(js, j)
			}
		}
		if len(js) == 0 {
			js = []int{len(c.x)}
		}
		return js
	}()
	for _, p := range m.photos {
		// only the widths the photo's pixels allow; the narrowest when none does
		var js []int
		for _, j := range widths {
			if _, _, ok := photoLines(k, g, p, base.cols[0].spanW(0, j)); ok {
				js = append(js, j)
			}
		}
		if len(js) == 0 {
			js = widths[:1]
		}
		cands = append(cands, cand{photo: p, js: js})
	}
	for _, c := range m.charts {
		cands = append(cands, cand{chart: c, js: widths})
	}
	for pi, c := range base.cols {
		for _, x := range c.x {
			base.slots = append(base.slots, slot{page: m.parts[pi].page, x: x, start: top})
		}
	}
	best := modPlan{}
	bestScore := math.Inf(-1)
	combos := 1
	for _, c := range cands {
		combos *= len(c.js)
	}
	if combos > 256 {
		for i := range cands {
			cands[i].js = cands[i].js[len(cands[i].js)-1:]
		}
		combos = 1
	}
	ts := []float64{0, 0.2, 0.4, 0.6, 0.8, 1}
	if len(cands) == 0 {
		ts = []float64{0}
	}
	for combo := 0; combo < combos; combo++ {
		js := make([]int, len(cands))
		rest := combo
		for i, c := range cands {
			js[i] = c.js[rest%len(c.js)]
			rest /= len(c.js)
		}
		for _, t := range ts {
			p := base
			p.slots = append([]slot(nil), base.slots...)
			sky := make([]int, len(p.slots))
			for i := range sky {
				sky[i] = top
			}
			p.figs = nil
			figBottom := top
			lowres := 0 // figures wider than their pixels allow at minPPI
			// the widest figure goes first, so narrower ones sit under it beside text
			// rather than above a hole
			order := make([]int, len(cands))
			for i := range order {
				order[i] = i
			}
			sort.SliceStable(order, func(a, b int) bool { return js[order[a]] > js[order[b]] })
			for _, i := range order {
				c := cands[i]
				f := fig{photo: c.photo, chart: c.chart, j: js[i]}
				f.slot, f.top = window(p, sky, f.j)
				w := p.figW(f)
				var lo, hi int
				if c.photo != nil {
					var ok bool
					lo, hi, ok = photoLines(k, g, c.photo, w)
					if !ok {
						lowres++
					}
				} else {
					lo, hi = chartLines(g, c.chart, w)
				}
				f.lines = lo + int(math.Round(t*float64(hi-lo)))
				for s := f.slot; s < f.slot+f.j; s++ {
					sky[s] = f.top + f.lines
				}
				figBottom = max(figBottom, f.top+f.lines)
				p.area += w * float64(f.lines)
				if c.photo != nil {
					p.excess += 0.5 * math.Max(0, w/g.body*float64(f.lines)-moderate(g))
				}
				p.figs = append(p.figs, f)
			}
			for i := range p.slots {
				p.slots[i].start = sky[i]
			}
			counts, end, over, ok := thread(p.body, sky, textLimit)
			p.counts, p.end, p.over, p.ok = counts, end, over, ok
			if ok && figBottom > textLimit {
				p.ok, p.over = false, figBottom-textLimit
			}
			p.used = max(end, figBottom) + p.closeN
			// white is every grid cell of the module's columns that neither text nor a
			// figure fills, holes under a figure included: the fullest page wins
			white := 0
			for c := range p.counts {
				white += textLimit - top - p.counts[c]
			}
			for _, f := range p.figs {
				white -= f.j * f.lines
			}
			p.white = white + (m.limit - p.used)
			score := -(float64(white)+p.excess/float64(p.colChars()))*1e6 + p.area - float64(lowres)*1e11
			if !p.ok {
				score = -1e12 - float64(p.over)*1e6 - p.area
			}
			if score > bestScore {
				bestScore, best = score, p
			}
		}
	}
	return best
}

// chartLines is the range of heights of a chart of width w. A bar chart is as tall as its
// bars (9–14 mm a bar under a 12 mm title), however wide it is; the others are at least 40 mm
// and no taller than their kind needs (a pie stays about square, a column or line chart
// landscape).
func chartLines(g grid, c *report.Chart, w float64) (lo, hi int) {
	gap := 0.75 * g.lead
	if c.Kind == "bar" {
		n := float64(max(1, len(c.Figures)))
		lo = g.linesFor(n*9*page.MM + 12*page.MM + gap)
		return lo, max(lo, int((n*14*page.MM+12*page.MM+gap)/g.lead))
	}
	lo = g.linesFor(math.Max(40*page.MM, w*0.45) + gap)
	top := w * 0.62
	if c.Kind == "pie" || c.Kind == "donut" {
		top = w * 0.9
	}
	return lo, max(lo, int((top+gap)/g.lead))
}

// window finds the j adjacent text columns on one page whose tallest skyline is lowest.
func window(p modPlan, sky []int, j int) (slot, top int) {
	best, bestTop := 0, math.MaxInt
	i := 0
	for _, c := range p.cols {
		for s := 0; s+j <= len(c.x); s++ {
			t := 0
			for q := i + s; q < i+s+j; q++ {
				t = max(t, sky[q])
			}
			if t < bestTop {
				best, bestTop = i+s, t
			}
		}
		i += len(c.x)
	}
	if bestTop == math.MaxInt {
		return 0, sky[0]
	}
	return best, bestTop
}

// figW is the width of a figure: the text columns it spans with their gutters.
func (p modPlan) figW(f fig) float64 {
	i := f.slot
	for _, c := range p.cols {
		if i < len(c.x) {
			return c.spanW(i, min(f.j, len(c.x)-i))
		}
		i -= len(c.x)
	}
	return 0
}

// items draws the module: head, figures, threaded text, column rules, closing box.
func (p modPlan) items(k *kit, g grid, accent page.Color) (map[int][]page.Item, report.Errors) {
	out := map[int][]page.Item{}
	var errs report.Errors
	m := p.m
	first := m.parts[0]
	x0 := g.colX(first.col)
	y := g.y(m.line0)
	side := 2*g.lead - 0.7*g.lead
	tx := x0
	if m.sec.Label != "" {
		out[first.page] = append(out[first.page], page.Rect{X: x0, Y: y + 0.25*g.lead, W: side, H: side, Fill: &accent})
		ls := 0.72 * side
		lw := k.width(fonts.Hei, m.sec.Label) * ls
		out[first.page] = append(out[first.page], page.Text{X: x0 + (side-lw)/2, Y: y + 0.25*g.lead + side/2 + 0.36*ls,
			Font: fonts.Hei, Size: ls, Color: page.Color{}, S: m.sec.Label})
		tx += side + 0.6*g.body
	}
	hs := fit(k, fonts.Hei, m.sec.Title.S, 16*g.body/9, g.span(first.n)-(tx-x0))
	out[first.page] = append(out[first.page], page.Text{X: tx, Y: y + 0.25*g.lead + side/2 + 0.36*hs, Font: fonts.Hei,
		Size: hs, Color: page.Gray(1), S: m.sec.Title.S})
	for _, f := range p.figs {
		pg := p.slots[f.slot].page
		x, w := p.slots[f.slot].x, p.figW(f)
		if f.photo != nil {
			out[pg] = append(out[pg], photoBlock(k, g, f.photo, x, w, f.top, f.lines)...)
			continue
		}
		h := float64(f.lines)*g.lead - 0.75*g.lead
		dx, cw := chartBox(f.chart, w, h)
		x += dx
		its, err := k.chart(f.chart, accent, cw, h)
		if err != nil {
			errs.Add(f.chart.Pos, "%v", err)
			continue
		}
		out[pg] = append(out[pg], page.Group{X: x, Y: g.y(f.top) + 0.25*g.lead, Items: its})
	}
	for pg, its := range placeLines(g, p.body, p.slots, p.counts, fonts.Song, g.body) {
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
		last := m.parts[len(m.parts)-1]
		line := p.used - p.closeN + closeGap
		out[last.page] = append(out[last.page], leadItems(g, p.closing, g.colX(last.col), line, p.closeN-closeGap, accent)...)
	}
	return out, errs
}

func (p modPlan) colW(slot int) float64 {
	for _, c := range p.cols {
		if slot < len(c.x) {
			return c.w
		}
		slot -= len(c.x)
	}
	return 0
}

// colChars is the module's width in characters, to weigh its white.
func (p modPlan) colChars() int {
	n := 0
	for _, c := range p.cols {
		n += c.chars * len(c.x)
	}
	return max(1, n/max(1, len(p.slots)))
}
