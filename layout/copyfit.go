package layout

import (
	"math"
	"slices"
	"sort"
	"unicode"
	"unicode/utf8"

	"spread/fonts"
	"spread/page"
	"spread/report"
)

// moderate is the largest photo frame that does not count as oversized: three grid columns
// wide at 4:3, in character × line cells. Beyond it a photo costs as much as white space, so a
// module would rather leave the height to the blocks above it than blow a photo up.
func moderate(g grid) float64 {
	w := float64(g.gridChars(3))
	return w * (w * g.body / aspectMin / g.lead)
}

const headLines = 2

// minBlock is the fewest lines a text column of a section carries when it carries any.
const minBlock = 5

// holeCost is what a white cell in a hole (beside or between blocks, a column ending early)
// costs, against one for a cell of the strip across the foot: a hole reads as a gap in the
// page, a strip at the foot as a page that ends early.
const holeCost = 4.0

// closeGap is the blank grid line between a section's text and the closing box under it.
const closeGap = 1

// planModule searches figure widths and heights for the arrangement that fills the module best:
// the balanced text end plus the closing box comes closest to the limit without passing it.
// Besides figures at the tops of the text columns it tries the photos stacked in a side block
// of k grid columns (at the page's outer edge) with the text threaded beside them in fewer,
// taller columns: a short section beside two big photos then reaches the foot instead of
// running a strip of text under them.
func planModule(k *kit, g grid, m *module) modPlan {
	key, ok := keyOf(g, m)
	if !ok {
		return loosenToFill(k, g, unwidow(k, g, planModuleAll(k, g, m, false)))
	}
	p := k.plans.get(key, func() modPlan { return loosenToFill(k, g, unwidow(k, g, planModuleAll(k, g, m, false))) })
	p.m = m // the module asked about, not the one first answered for
	return p
}

// planKey is everything planModule's answer depends on: the fill search meets the same
// module, at the same place and pitch, across many of its candidates (tops, cuts).
type planKey struct {
	sec               *report.Section
	parts             [2]part
	line0, limit      int
	photo             *report.Photo // the first of the module's photos
	photos, charts    int
	closing           *report.Text
	stacked           bool
	row, strip, carry int
	foot              int
	body, lead, width float64
	tight             bool
}

// keyOf is m's key; ok is false for a module of more than two parts.
func keyOf(g grid, m *module) (planKey, bool) {
	k := planKey{sec: m.sec, line0: m.line0, limit: m.limit, photos: len(m.photos), charts: len(m.charts),
		stacked: m.stacked, row: m.row, strip: m.strip, carry: m.carry, foot: m.foot, body: g.body, lead: g.lead, width: g.left, tight: g.tight}
	if len(m.parts) > 2 {
		return k, false
	}
	copy(k.parts[:], m.parts)
	if len(m.photos) > 0 {
		k.photo = m.photos[0]
	}
	if len(m.closing) > 0 {
		k.closing = &m.closing[0]
	}
	return k, true
}

// fitsIn reports whether module m fits its lines in some arrangement: planModule's answer to
// "ok?" without the search for the best one, which stops at the first arrangement that fits
// (a plan that fits always scores above one that does not, so the two answers agree).
func fitsIn(k *kit, g grid, m *module) bool {
	return planModuleAll(k, g, m, true).ok
}

// planModuleAll is planModule without the memo; when probe, it returns the first arrangement
// that fits instead of the best (see fitsIn).
func planModuleAll(k *kit, g grid, m *module, probe bool) modPlan {
	best := planShape(k, g, m, 0, probe)
	if len(m.parts) != 1 || len(m.photos) == 0 || probe && best.ok {
		return best
	}
	n := m.parts[0].n
	from := 2
	if !best.ok {
		from = narrowestSide(m)
	}
	for side := from; side <= n-2 && side <= 5; side++ {
		p := planShape(k, g, m, side, probe)
		if probe && p.ok {
			return p
		}
		if p.score > best.score {
			best = p
		}
	}
	return best
}

// narrowestSide is the fewest grid columns a side block of m's photos may take: one when no
// photo is a landscape (a portrait or a square one column wide is the size a daily gives one;
// the text runs beside it in narrower columns), else two (a landscape one column wide is a
// stamp).
func narrowestSide(m *module) int {
	for _, p := range m.photos {
		if 20*p.PixelH < 19*p.PixelW {
			return 2
		}
	}
	return 1
}

// enlargement is how far a photo w points wide is enlarged past minPPI: its width over the
// width its pixels fill at minPPI (above 1 for a photo too small for its frame), so that among
// frames all too wide for a photo's pixels the narrowest wins.
func enlargement(p *report.Photo, w float64) float64 {
	fw, _ := maxFrame(p)
	if fw <= 0 {
		return 1
	}
	return math.Max(1, w/fw)
}

// sideRight reports whether a module's side block goes at its right: on the right page of a
// spread when the module reaches the page's outer edge, so that photos stand at the outside.
func sideRight(g grid, m *module) bool {
	pt := m.parts[0]
	return g.pages == 2 && pt.page == 1 && pt.col+pt.n == g.cols
}

// planShape plans the module with its photos stacked in a side block of side grid columns, or
// with every figure at the top of text columns when side is 0. When probe, it stops at the first
// arrangement that fits.
func planShape(k *kit, g grid, m *module, side int, probe bool) modPlan {
	base := modPlan{m: m, side: -1}
	chars := math.MaxInt
	for _, p := range m.parts {
		if side > 0 {
			x, tx := g.colX(p.col), g.colX(p.col+side)
			if sideRight(g, m) {
				x, tx = g.colX(p.col+p.n-side), g.colX(p.col)
			}
			sc := columns{x: []float64{x}, w: g.span(side), chars: g.gridChars(side)}
			tc := textColumns(g, tx, p.n-side, g.textCols(p.n-side))
			if sideRight(g, m) {
				base.cols = append(base.cols, tc, sc)
				base.side = len(tc.x)
			} else {
				base.cols = append(base.cols, sc, tc)
				base.side = 0
			}
			chars = min(chars, tc.chars)
			continue
		}
		c := textColumns(g, g.colX(p.col), p.n, g.textCols(p.n))
		base.cols = append(base.cols, c)
		chars = min(chars, c.chars)
	}
	base.body = breakParas(k, m.sec.Paragraphs, fonts.Song, float64(chars), 2)
	base.measure = chars
	textLimit := m.limit
	if len(m.closing) > 0 {
		last := m.parts[len(m.parts)-1]
		base.closing = setLead(k, g, m.closing, last.n, 10.5*g.body/9)
		base.closeN = base.closing.boxLines(g) + closeGap
		textLimit -= base.closeN
	}
	top := m.line0 + headLines
	if m.strip > 0 {
		top = m.line0 // the head is in the strip; the other parts carry on under their blocks
	}
	// the candidate figures and the widths (in text columns) each may take
	type cand struct {
		photo *report.Photo
		chart *report.Chart
		js    []int
		// the heights at the width last asked (w), remembered: a figure keeps its width
		// across the heights tried
		w        float64
		lo, hi   int
		ok, seen bool
	}
	var cands []cand
	tcols := base.cols[0]
	if side > 0 && base.side == 0 || m.strip > 0 {
		tcols = base.cols[len(base.cols)-1] // figures stay out of a strip
	}
	// the text-column counts whose span lies between lo and hi grid columns; the whole module
	// when none does
	spans := func(lo, hi int) []int {
		var js []int
		for j := 1; j <= len(tcols.x); j++ {
			w := tcols.spanW(0, j)
			if w >= g.span(lo)-1 && w <= g.span(hi)+1 {
				js = append(js, j)
			}
		}
		if len(js) == 0 {
			js = []int{len(tcols.x)}
		}
		return js
	}
	widths := spans(2, 4)
	if g.tight {
		widths = spans(1, 4) // text that would not fit: a photo may stand one text column wide
	}
	// a panorama may run across the whole module, as a banner over its text
	banner := widths
	if n := m.parts[0].n; n > 4 {
		banner = spans(2, n)
	}
	// a portrait stands in a narrower frame: as wide as a landscape photo it would run down
	// half the page
	portrait := spans(1, 3)
	var stack []*report.Photo // the photos in the side block, in order
	for _, p := range m.photos {
		if side > 0 {
			stack = append(stack, p)
			continue
		}
		// only the widths the photo's pixels allow; when none does, one text column, the
		// narrowest a photo over text can be (however few grid columns that spans)
		ws := widths
		switch {
		case p.PixelH > p.PixelW:
			ws = portrait
		case aspect(p) >= panoramaMin:
			ws = banner
		}
		var js []int
		for _, j := range ws {
			if _, _, ok := photoLines(k, g, p, tcols.spanW(0, j)); ok {
				js = append(js, j)
			}
		}
		if len(js) == 0 {
			js = []int{1}
		}
		cands = append(cands, cand{photo: p, js: js})
	}
	for _, c := range m.charts {
		cands = append(cands, cand{chart: c, js: widths})
	}
	for pi, c := range base.cols {
		pg := m.parts[0].page // a side block is tried on one part only
		if side == 0 {
			pg = m.parts[pi].page
		}
		st := top
		if m.strip > 0 && pi == 0 {
			st = m.strip + headLines
		}
		if m.carry > 0 && pi > 0 {
			st = m.carry
		}
		for _, x := range c.x {
			base.slots = append(base.slots, slot{page: pg, x: x, start: st})
		}
	}
	base.jumpOut, base.jumpIn = -1, -1
	if (m.strip > 0 || m.carry > 0) && side == 0 && len(base.cols) > 1 {
		base.jumpOut, base.jumpIn = len(base.cols[0].x)-1, len(base.cols[0].x)
	}
	// the side block's photos: their height ranges at its width
	var stackR []rng
	stackLow := 0.0
	sideW := 0.0
	if side > 0 {
		sideW = g.span(side)
		for _, p := range stack {
			lo, hi, ok := photoLines(k, g, p, sideW)
			if !ok {
				stackLow += enlargement(p, sideW)
			}
			stackR = append(stackR, rng{lo, hi})
		}
	}
	best := modPlan{score: math.Inf(-1)}
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
	ts := []float64{0, 0.25, 0.5, 0.75, 1}
	if len(cands) == 0 {
		ts = []float64{0}
		if side > 0 {
			ts = []float64{0, 1} // the side block to the text's end, or to the foot
		}
	}
	// scratch for the candidates: a candidate is drafted into cur; when it becomes the best,
	// it keeps those slices and the old best's become cur (spare holds the best's)
	js := make([]int, len(cands))
	order := make([]int, len(cands))
	sky := make([]int, len(base.slots))
	capBuf := make([]int, len(base.slots))
	nfigs := len(cands) + len(stack)
	cur, spare := newShapeBufs(len(base.slots), nfigs), shapeBufs{}
	var heights []int
	// the widths eval weighs white with, the same for every candidate
	slotChars := make([]int, len(base.slots))
	for i := range slotChars {
		slotChars[i] = base.slotChars(i)
	}
	totalChars, colChars := base.totalChars(), base.colChars()
	// each text column's last line + 1: a carried module's columns before the fold run to
	// their page's foot (split of them), the rest to the module's limit
	// (m.foot: a carried module's, or a strip's above a row of its own page, see pullRows)
	split := len(base.slots)
	if m.foot > 0 {
		split = len(base.cols[0].x)
	}
	limits := make([]int, len(base.slots))
	footChars := 0
	for c := range limits {
		limits[c] = textLimit
		if c < split && m.foot > 0 {
			limits[c] = m.foot
			continue
		}
		footChars += slotChars[c]
	}
	if m.foot == 0 {
		footChars = totalChars
	}
	// a figure's width at each slot and span, and the frame past which a photo is large
	figWs := make([][]float64, len(base.slots))
	for s := range figWs {
		figWs[s] = make([]float64, len(base.slots)+1)
		for j := 1; j <= len(base.slots)-s; j++ {
			figWs[s][j] = base.figW(fig{slot: s, j: j})
		}
	}
	large := moderate(g)
	// a carried module's figures are placed twice: where they stand highest, and before the
	// fold while a block of text still fits under them there, after it once not (which carries
	// more of its text on: a section a few lines too long for its page carries a block, not a
	// stray)
	passes := 1
	if m.carry > 0 {
		passes = 2
	}
	for step := 0; step < passes*combos && !(probe && best.ok); step++ {
		combo, figParts := step%combos, len(base.cols)
		if step >= combos {
			figParts = 1 // the second pass: before the fold
		}
		rest := combo
		for i, c := range cands {
			js[i] = c.js[rest%len(c.js)]
			rest /= len(c.js)
		}
		// the widest figure goes first, so narrower ones sit under it beside text rather
		// than above a hole (a stable order: ties keep the candidates' order)
		for i := range order {
			order[i] = i
			for j := i; j > 0 && js[order[j]] > js[order[j-1]]; j-- {
				order[j], order[j-1] = order[j-1], order[j]
			}
		}
		// eval drafts the candidate whose figures take share t of their height ranges and
		// reports whether its text fits
		eval := func(t float64) bool {
			if k.drafts != nil {
				k.drafts.Add(1)
			}
			p := base
			copy(cur.slots, base.slots)
			p.slots = cur.slots
			for i := range sky {
				sky[i] = base.slots[i].start
			}
			if p.side >= 0 {
				sky[p.side] = textLimit // no text in the side block
			}
			p.figs = cur.figs[:0]
			figBottom := top
			if m.carry > 0 {
				figBottom = m.carry // the module's foot is its carried part's
			}
			figOver := 0       // how far a figure before the fold runs past its page's foot
			lowres := stackLow // figures wider than their pixels allow at minPPI, by how much
			for _, i := range order {
				c := &cands[i]
				f := fig{photo: c.photo, chart: c.chart, j: js[i]}
				var w float64
				place := func(parts int) {
					f.slot, f.top = window(p, sky, f.j, parts)
					w = figWs[f.slot][f.j]
					if !c.seen || c.w != w {
						if c.photo != nil {
							c.lo, c.hi, c.ok = photoLines(k, g, c.photo, w)
						} else {
							c.lo, c.hi = chartLines(g, c.chart, w)
						}
						c.w, c.seen = w, true
					}
				}
				place(figParts)
				if figParts < len(base.cols) && f.top+c.lo > m.foot-minBlock {
					place(len(base.cols)) // no block of text under it before the fold: after it
				}
				lo, hi := c.lo, c.hi
				if c.photo != nil && !c.ok {
					lowres += enlargement(c.photo, w)
				}
				f.lines = lo + int(math.Round(t*float64(hi-lo)))
				spare := 0.0 // a chart's width beyond what it reads at, in characters
				if c.chart != nil {
					spare = math.Max(0, w/g.body-float64(g.gridChars(chartCols(c.chart)))-1)
					// a round chart is drawn in the middle of its frame: what it leaves
					// beside it is white however wide the frame may be
					if _, cw := chartBox(c.chart, w, g.chartH(f.lines)); cw < w {
						spare = math.Max(spare, (w-cw)/g.body-1)
					}
				}
				for s := f.slot; s < f.slot+f.j; s++ {
					sky[s] = f.top + f.lines
				}
				if m.carry > 0 && f.slot < split {
					figOver = max(figOver, f.top+f.lines-m.foot)
				} else {
					figBottom = max(figBottom, f.top+f.lines)
				}
				p.area += w * float64(f.lines)
				if c.photo != nil {
					p.excess += 0.5 * math.Max(0, w/g.body*float64(f.lines)-large)
				}
				// a bar chart wider than it reads spreads its bars thin: the spare
				// width counts as white, so its neighbours get it unless nothing else can
				p.excess += spare * float64(f.lines)
				p.figs = append(p.figs, f)
			}
			if p.jumpOut >= 0 {
				sky[p.jumpOut]++ // the strip's last column ends a line early, above 下转
				sky[p.jumpIn]++  // the text carried on starts a line late, under 上接
			}
			if m.carry == 0 && m.strip == 0 && p.side < 0 && len(p.cols) == 1 {
				leftmostHighest(p.figs, sky, base.slots)
			}
			for i := range p.slots {
				p.slots[i].start = sky[i]
			}
			var counts []int
			var end, over int
			var ok bool
			if m.foot > 0 {
				counts, end, over, ok = threadCarried(p.body, sky, split, m.foot, textLimit, cur.counts, capBuf)
			} else {
				counts, end, over, ok = threadInto(p.body, sky, textLimit, cur.counts, capBuf)
			}
			p.counts, p.end, p.over, p.ok = counts, end, over, ok
			if p.side >= 0 {
				// the photos stack down the side block to the text's end or to the foot, or
				// as near it as their aspect bounds allow
				goal := end
				if !ok || t >= 0.5 {
					goal = textLimit
				}
				y := top
				heights = stackHeightsInto(heights, stackR, goal-top)
				for i, h := range heights {
					f := fig{photo: stack[i], slot: p.side, j: 1, top: y, lines: h}
					p.figs = append(p.figs, f)
					y += h
					p.area += sideW * float64(h)
					p.excess += 0.5 * math.Max(0, sideW/g.body*float64(h)-large)
				}
				figBottom = max(figBottom, y)
				p.sideEnd = y
			}
			// figures that run past the foot are over as much as text that does, whether the
			// text fits or not: a candidate whose photos hang 28 lines past the page is not
			// nearer fitting than one whose text is five lines over
			p.figOver = max(0, figBottom-textLimit, figOver)
			if p.figOver > 0 {
				p.ok, p.over = false, max(p.over, p.figOver)
			}
			p.used = max(end, figBottom) + p.closeN
			// white is every grid cell of the module's columns that neither text nor a
			// figure fills, holes under a figure included, in character × line cells
			white := 0.0
			for c := range p.counts {
				white += float64((limits[c] - base.slots[c].start - p.counts[c]) * slotChars[c])
			}
			for _, f := range p.figs {
				cells := 0
				for s := f.slot; s < f.slot+f.j; s++ {
					cells += slotChars[s]
				}
				white -= float64(cells * f.lines)
			}
			// the strip under everything, across the module's width, is foot white; the
			// rest is holes beside or under blocks (columns that end early, a side block
			// running past its text), which show far more and cost holeCost times as much
			p.foot = float64((textLimit - max(end, figBottom)) * footChars)
			p.hole = math.Max(0, white-p.foot)
			white = holeCost*p.hole + p.foot
			// (the cells from the text's end to the limit are in white already; the
			// closing box's lines are not, and count one column's worth)
			p.white = white + float64((m.limit-p.used)*colChars)
			cc := float64(colChars)
			// a text column of one to four lines under a figure is a stray, not a block: a
			// section of two blocks' lines or more is set without one (it can always be set
			// in fewer, deeper columns, whatever the module's width)
			shallow := 0
			if len(p.body) >= 2*minBlock {
				carried := 0
				for c, n := range p.counts {
					// a carried module's columns before the fold all carry a block, so its
					// figures do not crowd the text on to the next page; what it carries on
					// is a block too (see carriedBlocks)
					switch {
					case m.foot > 0 && c >= split:
						carried += n
						if n > 0 && n < minStrip {
							shallow++
						}
					case n > 0 && n < minBlock, m.carry > 0 && n < minBlock:
						shallow++
					}
				}
				if m.carry > 0 && carried < minBlock {
					shallow++
				}
			}
			// the reader starts at the top of the first column: a column whose text begins
			// above it (figures stacked across columns, which leftmostHighest leaves as they
			// are) reads in the wrong order
			if m.strip == 0 && m.carry == 0 && p.side < 0 && len(m.parts) == 1 && p.ok && len(p.counts) > 1 && p.counts[0] > 0 {
				for c := 1; c < len(p.counts); c++ {
					if p.counts[c] > 0 && p.slots[c].start < p.slots[0].start {
						shallow++
						break
					}
				}
			}
			p.score = -(white+p.excess)/cc*1e6 + p.area - lowres*1e11 - float64(shallow)*1e10 -
				float64(widows(p.body, p.counts))*widowCost*1e6
			if !p.ok {
				p.score = -1e12 - float64(p.over)*1e6 - p.area
			}
			if p.score > best.score {
				best = p
				if spare.slots == nil {
					spare = newShapeBufs(len(base.slots), nfigs)
				}
				cur, spare = spare, cur
			}
			return p.ok
		}
		// taller figures leave less room to the text: the fullest page is at the largest
		// share that still fits, found to about a line by halving the step of the grid where
		// the text stops fitting. A share past one that does not fit is not drafted: taller
		// figures fit no better (in the corpus, 42 of 1.5 million such drafts fitted, in two
		// reports that fail or stay short either way), and the least share's overset is the
		// one reported
		lo, hi := -1.0, -1.0
		for _, t := range ts {
			if !eval(t) {
				if lo >= 0 {
					hi = t
				}
				break
			}
			lo = t
			if probe {
				break
			}
		}
		if len(cands) > 0 && lo >= 0 && hi > lo && !probe {
			for range 3 {
				mid := (lo + hi) / 2
				if eval(mid) {
					lo = mid
				} else {
					hi = mid
				}
			}
		}
	}
	return best
}

// widows counts the text columns after the first that begin with a paragraph's last line
// (see widowAt): where the text fills its columns exactly, threading cannot move the line on,
// and a figure a line lower or higher can.
func widows(ls []bodyLine, counts []int) int {
	n, at := 0, 0
	for _, k := range counts {
		if at > 0 && k > 0 && widowAt(ls, at) {
			n++
		}
		at += k
	}
	return n
}

// firstWidow is the index in ls of the first line that begins a column as a widow, or -1.
func firstWidow(ls []bodyLine, counts []int) int {
	at := 0
	for _, k := range counts {
		if at > 0 && k > 0 && widowAt(ls, at) {
			return at
		}
		at += k
	}
	return -1
}

// widowCost is what a widow costs a module's make-up, in lines of white across one column:
// a line of the strip at the foot, less than a column ending a line early (a hole costs
// holeCost a cell), which shows more on the page than a widow does.
const widowCost = 1

// shapeBufs are the slices planShape drafts a candidate into.
type shapeBufs struct {
	slots  []slot
	figs   []fig
	counts []int
}

func newShapeBufs(slots, figs int) shapeBufs {
	return shapeBufs{slots: make([]slot, slots), figs: make([]fig, 0, figs), counts: make([]int, slots)}
}

// stackHeightsInto is stackHeights into out's array.
func stackHeightsInto(out []int, rs []rng, want int) []int {
	if cap(out) < len(rs) {
		out = make([]int, len(rs))
	}
	return shareStack(out[:len(rs)], rs, want)
}

// stackHeights shares a side block of `want` grid lines among photos of the given height
// ranges: every photo at least its least height, the rest in proportion to what each may
// still grow, none past its greatest.
func stackHeights(rs []rng, want int) []int {
	return shareStack(make([]int, len(rs)), rs, want)
}

// shareStack is stackHeights into out, len(rs) long.
func shareStack(out []int, rs []rng, want int) []int {
	lo, room := 0, 0
	for i, r := range rs {
		out[i] = r.lo
		lo += r.lo
		room += r.hi - r.lo
	}
	extra := min(max(0, want-lo), room)
	for i, r := range rs {
		if room == 0 || extra == 0 {
			break
		}
		e := min(r.hi-r.lo, (extra*(r.hi-r.lo)+room-1)/room)
		out[i] += e
		extra -= e
		room -= r.hi - r.lo
	}
	return out
}

// rng is a range of heights in grid lines.
type rng struct{ lo, hi int }

// chartCols is the widest a chart in a section may be, in grid columns: a bar or column chart
// of three bars reads at two columns, of up to six at three, and a wider one only spreads its
// bars thin (three columns of 14, 22 and 36 stood across half a broadsheet section); others
// four.
func chartCols(c *report.Chart) int {
	switch {
	case (c.Kind == "bar" || c.Kind == "column") && len(c.Figures) <= 3:
		return 2
	case (c.Kind == "bar" || c.Kind == "column") && len(c.Figures) <= 6:
		return 3
	}
	return 4
}

// chartH is the height a section's chart of the given grid lines is drawn at: its lines less
// the gap under it (see chartLines).
func (g grid) chartH(lines int) float64 { return float64(lines)*g.lead - 0.75*g.lead }

// chartLines is the range of heights of a chart of width w, from what it shows rather than from
// its slot: a bar chart is as tall as its bars (9–14 mm a bar under a 12 mm title), however wide
// it is; a pie or donut is a circle of sensible size (chartBox centres it in a wide slot); a
// column or line chart is landscape, no taller than plotMax.
func chartLines(g grid, c *report.Chart, w float64) (lo, hi int) {
	gap := 0.75 * g.lead
	least, bar := chartMin, 9*page.MM
	if g.tight {
		least, bar = chartTight, 7*page.MM
	}
	if c.Kind == "bar" {
		n := float64(max(1, len(c.Figures)))
		lo = g.linesFor(n*bar + 12*page.MM + gap)
		return lo, max(lo, int((n*14*page.MM+12*page.MM+gap)/g.lead))
	}
	top := math.Min(w*0.62, plotMax)
	if c.Kind == "pie" || c.Kind == "donut" {
		top = math.Min(w*0.9, roundMax)
	}
	if (c.Kind == "donut" || c.Kind == "pie") && len(c.Figures) == 1 {
		// one share is one number in a ring or a slice: a daily prints it about the size of
		// a tile (a pie of one 14.2 % share stood 60 mm across)
		least, top = shareMin, math.Min(w*0.9, shareMax)
	}
	lo = g.linesFor(math.Min(least, top) + gap)
	return lo, max(lo, int((top+gap)/g.lead))
}

// The heights of charts other than bar charts, title included.
const (
	chartMin   = 40 * page.MM // the least a chart reads at
	chartTight = 32 * page.MM // the least when the text would not fit otherwise (grid.tight)
	roundMax   = 62 * page.MM // a pie or donut: a circle of about 45 mm under its title
	plotMax    = 70 * page.MM // a column or line chart
	shareMin   = 30 * page.MM // a donut of one share: about a tile's height …
	shareMax   = 42 * page.MM // … to a pie's least
)

// leftmostHighest reorders the figures at the top of one part's text columns (equal columns,
// each figure's width the same wherever it stands), the shortest first from the left, so that
// the columns they leave begin no higher from left to right: the text begins at the top of the
// first column and each column it reads on in begins at or below the one before. A tall photo
// in the first column beside a low chart would begin the text under the photo, below where the
// next column's text begins. A figure and those stacked under it in the same columns move as
// one block; figures stacked across different columns are left as they are. sky is each
// column's first text line, updated with the figures' slots.
func leftmostHighest(figs []fig, sky []int, slots []slot) {
	if len(figs) == 0 || slices.IsSorted(sky) {
		return // no column begins above the one before it
	}
	type block struct{ start, n, bottom int }
	var blocks []block
	for s := 0; s < len(sky); {
		n := 1
		for _, f := range figs {
			if f.slot == s {
				n = max(n, f.j)
			}
		}
		for _, f := range figs {
			if f.slot < s+n && f.slot+f.j > s && (f.slot != s || f.j != n) {
				return // a figure across this block's edge
			}
		}
		blocks = append(blocks, block{s, n, sky[s]})
		s += n
	}
	slices.SortStableFunc(blocks, func(a, b block) int { return a.bottom - b.bottom })
	moved := make([]int, len(sky)) // each block's new first column, by its old one
	s := 0
	for _, b := range blocks {
		moved[b.start] = s
		for q := s; q < s+b.n; q++ {
			sky[q] = b.bottom
		}
		s += b.n
	}
	for i := range figs {
		figs[i].slot = moved[figs[i].slot]
	}
}

// window finds the j adjacent text columns on one page, in the first parts of p's parts, whose
// tallest skyline is lowest.
func window(p modPlan, sky []int, j, parts int) (slot, top int) {
	best, bestTop := 0, math.MaxInt
	i := 0
	for ci, c := range p.cols[:min(parts, len(p.cols))] {
		if ci == 0 && p.m != nil && p.m.strip > 0 && len(p.cols) > 1 {
			i += len(c.x)
			continue // a strip under another section takes text only
		}
		for s := 0; s+j <= len(c.x); s++ {
			if p.side >= i+s && p.side < i+s+j {
				continue // the side block holds photos only
			}
			t := 0
			for q := i + s; q < i+s+j; q++ {
				t = max(t, sky[q])
			}
			if t <= bestTop {
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

// Loosening. A section whose text ends a line or a few short of its columns' foot, with no
// figure left to grow, gains the lines from its paragraphs: a paragraph broken one character
// narrower runs on by a line or not at all, and its lines are spread back to the full measure
// (1/26 em a gap in a 27-character column) — TeX's looseness, kept under the letter-spacing a
// reader sees (looseMax). Two characters narrower gained no line in the corpus that one did
// not, at twice the typesetting.

// looseMax is the most a loosened line's characters may be spaced, in em: under the 0.15 em at
// which letter-spacing shows, with room for what justification already gave the line.
const looseMax = 0.1

// maxLooseLines is the most lines loosening may gain a section: more would be a page that is
// short of text, which the foot's warning tells, not a paragraph's setting.
const maxLooseLines = 4

// loosened is paragraph p set a character narrower than measure (em) and spread back to it,
// line by line but the last; ok is false when a line would be spaced more than looseMax.
func loosened(k *kit, p report.Text, role string, measure, indent float64) ([]bodyLine, bool) {
	ls := k.lines(p.S, role, lineOpts{Measure: measure - 1, Indent: indent})
	out := make([]bodyLine, len(ls))
	for i, l := range ls {
		out[i] = bodyLine{textLine: l, first: i == 0, last: i == len(ls)-1}
		if i == len(ls)-1 {
			continue // a last line is set ragged, as it was
		}
		sp, ok := spread(l, measure-l.Width)
		if !ok {
			return nil, false
		}
		out[i].textLine = sp
	}
	return out, true
}

// spread widens a justified line by extra em, evenly between its characters: a number or word
// run (set solid, Spacing 0 inside a stretched line) takes its share only after itself.
func spread(l textLine, extra float64) (textLine, bool) {
	if extra <= 0 {
		return l, true
	}
	rigid := func(r textRun) bool {
		for _, c := range r.Text {
			if c > unicode.MaxASCII {
				return false
			}
		}
		return r.Spacing == 0
	}
	units := 0.0
	for j, r := range l.Runs {
		n := utf8.RuneCountInString(r.Text)
		switch {
		case rigid(r) && j < len(l.Runs)-1:
			units++
		case !rigid(r) && j < len(l.Runs)-1:
			units += float64(n)
		case !rigid(r):
			units += float64(n - 1)
		}
	}
	if units <= 0 {
		return l, false
	}
	e := extra / units
	out := textLine{Width: l.Width + extra, Runs: make([]textRun, len(l.Runs))}
	before := 0.0
	for j, r := range l.Runs {
		out.Runs[j] = textRun{X: r.X + e*before, Text: r.Text, Spacing: r.Spacing}
		if rigid(r) {
			before++
			continue
		}
		if r.Spacing+e > looseMax {
			return l, false
		}
		out.Runs[j].Spacing += e
		before += float64(utf8.RuneCountInString(r.Text))
	}
	return out, true
}

// unwidow takes widows off column tops where the text fills its columns exactly, so that no
// threading can move the line on (see unwidowFirst): p as it was when no paragraph can give
// or take a line, or doing so leaves as many widows.
func unwidow(k *kit, g grid, p modPlan) modPlan {
	m := p.m
	if !p.ok || p.jumpOut >= 0 || m.carry > 0 || len(p.counts) != len(p.slots) {
		return p
	}
	for left := widows(p.body, p.counts); left > 0; {
		q, ok := unwidowFirst(k, p, left, shortOK(g))
		if !ok {
			break
		}
		p, left = q, widows(q.body, q.counts)
	}
	return p
}

// unwidowFirst changes the line counts of p's paragraphs so that fewer than had widows are
// left, and threads the lines again: first, so that the columns stay full, one paragraph at or
// before the first widow's a line shorter (its marks compressed, typeset.Options.Fewer) or
// longer (set looser) and one after it the other way; then, where shortOK, one at or before it
// a line shorter, a column ending a line early (white the plan counts).
func unwidowFirst(k *kit, p modPlan, had int, short bool) (modPlan, bool) {
	m := p.m
	paras := paraLines(p.body)
	first := firstWidow(p.body, p.counts)
	if len(paras) != len(m.sec.Paragraphs) || first < 0 {
		return p, false
	}
	// the paragraph holding the first widow
	last, seen := 0, 0
	for i, ls := range paras {
		if seen+len(ls) > first {
			last = i
			break
		}
		seen += len(ls)
	}
	textLimit := m.limit - p.closeN
	starts := make([]int, len(p.slots))
	for c, s := range p.slots {
		starts[c] = s.start
	}
	// try sets the paragraphs of set (index → lines) in place of theirs and threads again
	try := func(set map[int][]bodyLine) (modPlan, bool) {
		var body []bodyLine
		for j, ls := range paras {
			if v, ok := set[j]; ok {
				ls = v
			}
			body = append(body, ls...)
		}
		counts, end, _, ok := threadInto(body, starts, textLimit, make([]int, len(starts)), make([]int, len(starts)))
		if !ok || end != p.end || widows(body, counts) >= had {
			return p, false
		}
		white := 0.0 // the cells the text no longer fills: a column ending a line early
		for c, n := range counts {
			white += float64((p.counts[c] - n) * p.slotChars(c))
		}
		q := p
		q.body, q.counts = body, counts
		q.hole += white
		q.white += holeCost * white
		return q, true
	}
	// each paragraph near the widow set a line shorter (its marks compressed) and a line
	// longer (set looser), nil where it cannot be; each set once, when first asked for
	from, to := max(0, last-maxUnwidowTries+1), min(len(paras), last+maxUnwidowTries+1)
	type resets struct {
		done            bool
		shorter, longer []bodyLine
	}
	sets := make([]resets, to)
	reset := func(i int) resets {
		r := &sets[i]
		if r.done {
			return *r
		}
		r.done = true
		measure := float64(p.measure)
		if len(paras[i]) >= 2 {
			if ls := k.lines(m.sec.Paragraphs[i].S, fonts.Song, lineOpts{Measure: measure, Indent: 2, Fewer: true}); len(ls) == len(paras[i])-1 {
				r.shorter = make([]bodyLine, len(ls))
				for n, l := range ls {
					r.shorter[n] = bodyLine{textLine: l, first: n == 0, last: n == len(ls)-1}
				}
			}
		}
		if ls, ok := loosened(k, m.sec.Paragraphs[i], fonts.Song, measure, 2); ok && len(ls) == len(paras[i])+1 {
			r.longer = ls
		}
		return *r
	}
	// one paragraph at or before the widow's a line shorter, or a line longer (the widow goes
	// down with its paragraph's line before it), and one after it the other way, so that the
	// columns stay full
	for i := last; i >= from; i-- {
		for _, longer := range []bool{false, true} {
			before := reset(i).shorter
			if longer {
				before = reset(i).longer
			}
			for j := last + 1; j < to && before != nil; j++ {
				after := reset(j).longer
				if longer {
					after = reset(j).shorter
				}
				if after == nil {
					continue
				}
				if q, ok := try(map[int][]bodyLine{i: before, j: after}); ok {
					q.loose++
					return q, true
				}
			}
		}
	}
	// on a page where a line short is well within what the foot may keep: one paragraph a
	// line shorter, and a column ending a line early
	for i := last; i >= from && short; i-- {
		if ls := reset(i).shorter; ls != nil {
			if q, ok := try(map[int][]bodyLine{i: ls}); ok {
				return q, true
			}
		}
	}
	return p, false
}

// shortOK reports whether a column of g may end a line early to keep a widow off another's
// top: the line and the space under it, about two lines of white, are within the foot's
// tolerance.
func shortOK(g grid) bool {
	return 2 <= footTolerance*float64(g.nlines)
}

// maxUnwidowTries is how many paragraphs on each side of a widow's unwidow sets anew: further
// away, more lines between shift and another break may widow.
const maxUnwidowTries = 6

// paraLines cuts a module's body lines into its paragraphs' lines.
func paraLines(body []bodyLine) [][]bodyLine {
	var paras [][]bodyLine
	for _, l := range body {
		if l.first || len(paras) == 0 {
			paras = append(paras, nil)
		}
		paras[len(paras)-1] = append(paras[len(paras)-1], l)
	}
	return paras
}

// loosenToFill sets p's text looser where that fills every text column of the module to its
// foot, or over a closing box near enough to it for the box to stand on the foot (see
// Loosening): the longest paragraphs first, each gaining one line, until the lines are as many
// as the columns hold; p as it was when no choice of paragraphs fills the columns without a
// widow at a column break.
func loosenToFill(k *kit, g grid, p modPlan) modPlan {
	m := p.m
	if !p.ok || p.jumpOut >= 0 || len(m.sec.Paragraphs) == 0 || len(p.counts) != len(p.slots) {
		return p
	}
	// the columns are filled to the text's limit; with a closing box under them, to as little
	// as closingDrop lines above it, where the box stands on the foot (the white above it,
	// its leading opened into that) instead of following the text and leaving the white at
	// the foot: the fewest lines short that loosening can reach
	starts := make([]int, len(p.slots))
	for c, s := range p.slots {
		starts[c] = s.start
	}
	drops := 0
	if p.closeN > 0 {
		drops = closingDrop
	}
	for d := 0; d <= drops; d++ {
		if q, ok := loosenTo(k, p, starts, m.limit-p.closeN-d); ok {
			return q
		}
	}
	return p
}

// loosenTo is loosenToFill for columns that end at textLimit; ok is false when no choice of
// paragraphs, each a line longer, fills them without a widow at a column break, or the
// columns already reach it.
func loosenTo(k *kit, p modPlan, starts []int, textLimit int) (modPlan, bool) {
	m := p.m
	room := 0
	for c, st := range starts {
		if c != p.side && st < textLimit {
			room += textLimit - st
		}
	}
	missing := room - len(p.body)
	if missing <= 0 || missing > maxLooseLines {
		return p, false
	}
	// the paragraphs' lines in p.body, and what each gains set looser
	paras := paraLines(p.body)
	if len(paras) != len(m.sec.Paragraphs) {
		return p, false
	}
	measure := float64(p.measure) // the narrowest of its text columns, as the body was set
	order := make([]int, len(paras))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return len(paras[order[a]]) > len(paras[order[b]]) })
	set := make([][]bodyLine, len(paras))
	copy(set, paras)
	need := missing
	for _, i := range order {
		if need == 0 {
			break
		}
		// each full line gives up about a character to the last: unless they overfill it, the
		// paragraph keeps its lines, and is not set again to find out
		n, last := len(paras[i]), paras[i][len(paras[i])-1].Width
		if float64(n-1)+last < measure-2 {
			continue
		}
		ls, ok := loosened(k, m.sec.Paragraphs[i], fonts.Song, measure, 2)
		if ok && len(ls) == len(paras[i])+1 && len(ls[len(ls)-1].Runs) > 0 {
			set[i] = ls
			need--
		}
	}
	if need > 0 {
		return p, false
	}
	var body []bodyLine
	for _, ls := range set {
		body = append(body, ls...)
	}
	counts := make([]int, len(starts))
	counts, end, _, ok := threadInto(body, starts, textLimit, counts, make([]int, len(starts)))
	if !ok {
		return p, false
	}
	at := 0
	for c, n := range counts {
		if c != p.side && starts[c] < textLimit && starts[c]+n != textLimit {
			return p, false // a column still short: the threading kept a widow off its top
		}
		if at > 0 && n > 0 && widowAt(body, at) {
			return p, false
		}
		at += n
	}
	filled := 0.0
	for c, n := range counts {
		filled += float64((n - p.counts[c]) * p.slotChars(c))
	}
	q := p
	q.body, q.counts, q.end, q.loose = body, counts, end, missing
	q.used = max(p.used, end+p.closeN)
	q.hole = math.Max(0, p.hole+p.foot-filled)
	q.foot = 0
	q.white = holeCost*q.hole + float64((m.limit-q.used)*p.colChars())
	return q, true
}
