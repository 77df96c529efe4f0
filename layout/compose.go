package layout

import (
	"fmt"
	"math"
	"sort"
	"unicode/utf8"

	"spread/fonts"
	"spread/page"
	"spread/report"
)

// accentOf converts the report's accent (CMYK percent) to a page colour.
func accentOf(r *report.Report) page.Color {
	a := r.Layout.Accent
	if a == [4]float64{} {
		a = [4]float64{0, 100, 100, 10}
	}
	return page.Color{C: a[0] / 100, M: a[1] / 100, Y: a[2] / 100, K: a[3] / 100}
}

// gallery lists the photos that may go beside the lead, in the order they are taken: a round
// over the sections, each giving up photos while it keeps at least one of its own. A section
// gives its widest photos first: a row beside the lead is landscape, and a portrait there
// would make the row as tall as the portrait. A photo whose pixels print less than half as
// wide as another of its section's (at minPPI) is given last: the lead's frame is the page's
// largest, and a low-resolution photo in it stands small in the middle of a white frame while
// the section's sharp one goes in a column.
func gallery(r *report.Report) []*report.Photo {
	var out []*report.Photo
	given := make([][]*report.Photo, len(r.Sections))
	for i, s := range r.Sections {
		given[i] = append([]*report.Photo{}, s.Photos...)
		widest := 0.0
		for _, p := range s.Photos {
			widest = math.Max(widest, printWidth(p))
		}
		small := func(p *report.Photo) bool { return 2*printWidth(p) < widest }
		sort.SliceStable(given[i], func(a, b int) bool {
			pa, pb := given[i][a], given[i][b]
			if small(pa) != small(pb) {
				return small(pb)
			}
			return aspect(pa) > aspect(pb)
		})
	}
	for i := 0; ; i++ {
		took := false
		for _, ps := range given {
			if i < len(ps)-1 {
				out = append(out, ps[i])
				took = true
			}
		}
		if !took {
			return out
		}
	}
}

// printWidth is how wide a photo's pixels print at minPPI, in points (unbounded when its size is
// unknown).
func printWidth(p *report.Photo) float64 {
	w, _ := maxFrame(p)
	return w
}

// aspect is a photo's width over its height (3:2 when its size is unknown).
func aspect(p *report.Photo) float64 {
	if p.PixelW <= 0 || p.PixelH <= 0 {
		return 1.5
	}
	return float64(p.PixelW) / float64(p.PixelH)
}

// compose lays the whole spread out at one body size.
//
// Without draw it only plans and judges (no items, no charts drawn): the search drafts its
// candidates so, and draws the one it keeps.
func compose(k *kit, r *report.Report, body, pitch float64, accent page.Color, o top, draw bool) result {
	g, ok := newGridPitch(r.Layout.Width, r.Layout.Height, r.Layout.Pages, r.Layout.Columns, body, pitch)
	g.tight = o.tightFigures
	res := result{body: body, pitch: pitch, top: o, grid: g}
	if !ok {
		res.errs.Add(r.Layout.Pos, "the type area of %d columns at %gpt body (%.0f mm) does not fit a %.0f mm page with margins; use fewer columns or a smaller body",
			g.cols, body, g.typeW()/page.MM, g.pageW/page.MM)
		res.over = math.MaxInt32
		return res
	}
	res.pages = make([][]page.Item, g.pages)
	for p := range res.pages {
		if draw {
			res.pages[p] = append(res.pages[p], folio(k, g, r, p)...)
		}
	}
	hl, line := headline(k, g, r, accent, o.headScale())
	for p := range hl {
		if draw {
			res.pages[p] = append(res.pages[p], hl[p]...)
		}
	}
	cursor := make([]int, g.pages)
	for p := range cursor {
		cursor[p] = line
	}
	// the lead and the photos beside it
	gal := gallery(r)
	if o.noGallery {
		gal = nil
	}
	lr := planLeadRow(k, g, r.Lead, gal, int(o.lead*float64(g.nlines)))
	res.leftover += lr.white
	// empty tint in the lead box is a hole as much as white at the foot: a report too short
	// for its page is not padded with it
	res.hole = float64(lr.empty) / float64(g.nlines)
	used := map[*report.Photo]bool{}
	for _, f := range lr.frames {
		used[f.photo] = true
	}
	for p := range cursor {
		has := p == 0
		for _, f := range lr.frames {
			has = has || f.page == p
		}
		if has {
			cursor[p] = line + lr.lines
		}
	}
	if draw {
		for p, its := range leadRowItems(k, g, lr, line, accent) {
			res.pages[p] = append(res.pages[p], its...)
		}
	}
	// the key-figures band
	rows := bandRows(r, g.pages, bandPlace{one: o.oneBand, right: o.bandRight, even: o.evenBand}, tilesAcross(g))
	bl := g.linesFor(o.band*(g.bottom-g.top)) + 1
	// a spread's band is as tall as a chart in it reads, however small its pages (an A4
	// spread's least band would leave a pie's legend no room)
	for _, row := range rows {
		if g.pages == 2 && len(row) > 0 && row[len(row)-1].chart != nil {
			bl = max(bl, g.linesFor(chartRow)+1)
		}
	}
	// a band taller than its tiles need stretches them: half its extra height counts as white
	for _, row := range rows {
		if len(row) > 0 {
			res.leftover += 0.5 * float64((bl-g.linesFor(0.084*(g.bottom-g.top))-1)*g.gridChars(g.cols))
		}
	}
	// the band's rules line up across the fold when the lead row spans both pages; a page
	// with nothing in the lead row starts its band right under the headline instead of
	// under a band of nothing
	bandTop := 0
	for _, c := range cursor {
		bandTop = max(bandTop, c)
	}
	for _, c := range cursor {
		if c == line {
			bandTop = -1
		}
	}
	for i, row := range rows {
		if len(row) == 0 {
			continue // a spread's band all on its right page
		}
		p := min(i, g.pages-1)
		if g.pages == 1 {
			p = 0
		}
		n := bl
		if g.pages == 1 && row[0].fig != nil {
			n = g.linesFor(tileRow) + 1
			if g.tight {
				n = g.linesFor(tileTight) + 1
			}
			if row[len(row)-1].chart != nil {
				n = g.linesFor(chartRow) + 1
			}
		}
		if g.pages == 2 && bandTop < 0 && cursor[p] == line {
			res.bare = true
			extra := min(int(o.free*float64(lr.lines)), max(0, g.linesFor(bandMax)+1-n))
			n += extra
			res.leftover += 0.5 * float64(extra*g.gridChars(g.cols))
		}
		if g.pages == 2 && bandTop >= 0 {
			cursor[p] = bandTop // the band's rules line up across the fold
		}
		below := false
		for _, bp := range res.plan.bands {
			below = below || bp.page == p && bp.line+bp.lines == cursor[p]
		}
		if draw {
			its, errs := bandItems(k, g, row, cursor[p], n, accent, below)
			res.errs = append(res.errs, errs...)
			res.pages[p] = append(res.pages[p], its...)
		}
		res.leftover += bandWhite(g, row, n)
		res.plan.bands = append(res.plan.bands, bandPlan{page: p, line: cursor[p], lines: n, items: row})
		cursor[p] += n
	}
	// the sections: every way of cutting them between the pages is planned, the fullest kept
	type try struct {
		mods  []*module
		plans []modPlan
		over  int
		white float64
		skew  float64
		hole  float64
	}
	// a try is better with fewer lines over, then without a hole at the foot (the shallower
	// of two holes), then as cutBetter says
	tryBetter := func(a, b *try) bool {
		if a.over != b.over {
			return a.over < b.over
		}
		if better, decided := holeOrder(a.hole, b.hole); decided {
			return better
		}
		return cutBetter(a.skew, a.white, b.skew, b.white)
	}
	var best *try
	// pulled is a pulled arrangement (see pullUp, pullRows) judged as plan judges a cut
	pulled := func(mods []*module, plans []modPlan, skew float64) try {
		u := try{mods: mods, plans: plans, skew: skew, hole: footHole(g, plans)}
		for _, mp := range plans {
			u.over += mp.over
			u.white += mp.white + mp.excess
		}
		u.white += (holeCost - 1) * (ragged(plans) + between(plans))
		return u
	}
	var overset []*try // the cuts whose right page alone is over (see pullRows)
	for _, sc := range shifts(r, g, cuts(len(r.Sections), g.pages)) {
		cut := sc.cut
		if sc.rows && (!o.rows || best != nil && best.over == 0 && best.hole <= footTolerance) {
			continue // rows only where side by side falls short
		}
		plan := func(sc cutShift) *try {
			t := try{mods: arrange(k, r, g, cursor, used, sc, o.rows)}
			if t.mods == nil {
				return nil
			}
			t.plans = planAll(k, g, t.mods)
			if sc.carry > 0 && !carriedBlocks(t.plans) {
				return nil
			}
			for _, mp := range t.plans {
				t.over += mp.over
				t.white += mp.white + mp.excess
			}
			t.white += (holeCost - 1) * (ragged(t.plans) + between(t.plans))
			t.skew = textSkew(k, r, cut)
			t.hole = footHole(g, t.plans)
			if best == nil || tryBetter(&t, best) {
				best = &t
			}
			return &t
		}
		t := plan(sc)
		if t == nil {
			continue
		}
		// a left page whose last section does not fit: that section carried on over the
		// fold, beside or above the right page's sections (see carryOver)
		if o.carry && t.over > 0 && g.pages == 2 && cut > 0 && sc.shift == 0 && !sc.rows && leftOver(t.mods, t.plans) {
			carryOver(g, cursor[1], len(r.Sections)-cut, func(carry, at int, rows bool) (bool, bool) {
				ct := plan(cutShift{cut: cut, carry: carry, at: at, rowsUnder: rows})
				if ct == nil {
					return false, false
				}
				return carriedFits(ct.mods, ct.plans)
			})
		}
		if t.over > 0 {
			if overRight(t.mods, t.plans) {
				overset = append(overset, t) // for pullRows, below
			}
			continue
		}
		// the same cut with the right page's first section begun at the left page's foot:
		// kept when it leaves less white (same text on each page, so the same skew)
		if pm := pullUp(g, t.mods, t.plans); pm != nil {
			u := pulled(pm, planAll(k, g, pm), t.skew)
			if u.over == 0 && u.white < t.white && pullFills(g, t.plans, u.plans) &&
				(best == t || tryBetter(&u, best)) {
				best = &u
			}
		}
	}
	// a right page over while the left one fits, and no cut that fits: its first section
	// begun in the strip above the others in a row (the strip beside them, pullUp's, fitted
	// text the corpus's pages then left shorter than it did another way). A pull that makes
	// an overset page fit need not fill it: it is the fit
	for _, t := range overset {
		if best.over == 0 {
			break
		}
		if pm := pullRows(k, g, t.mods, t.plans); pm != nil {
			if u := pulled(pm, planPulled(k, g, pm), t.skew); u.over == 0 && stripBlocks(u.plans) && tryBetter(&u, best) {
				best = &u
			}
		}
	}
	mods := best.mods
	res.plan.head, res.plan.lead, res.plan.leadLine = line, lr, line
	res.plan.mods, res.plan.plans = mods, best.plans
	res.skew = best.skew
	res.hole = max(res.hole, best.hole)
	res.leftover += (holeCost - 1) * (ragged(best.plans) + between(best.plans))
	heads := headSizes(k, g, mods)
	for i, m := range mods {
		mp := best.plans[i]
		mp.headSize = heads[i]
		if !mp.ok {
			res.over += mp.over
			// the page is numbered as the paper numbers it (paper.page), and said which
			// page of the layout it is, so that "page 2" of a one-page report is not a puzzle
			pg := m.parts[len(m.parts)-1].page
			chars := overChars(mp)
			// the closing box is blamed when it is what does not fit: a box of more lines than
			// the section is over, longer than a closing paragraph runs
			if len(m.closing) > 0 && mp.closeN > mp.over && mp.closeN > g.nlines/4 {
				res.errs.Add(m.closing[0].Pos, "the closing does not fit under section %q on page %d (第%d版, %s): about %d characters over (%d lines); shorten the closing%s",
					m.sec.Title.S, r.Paper.Page+pg, r.Paper.Page+pg, whichPage(g.pages, pg), chars, mp.over, hintPages(r))
				continue
			}
			if mp.figOver >= mp.over && mp.figOver > 0 {
				res.errs.Add(m.sec.Pos, "section %q does not fit its space on page %d (第%d版, %s): its photos and charts run %d lines past the foot; take out a photo or a chart%s",
					m.sec.Title.S, r.Paper.Page+pg, r.Paper.Page+pg, whichPage(g.pages, pg), mp.figOver, hintPages(r))
				continue
			}
			res.errs.Add(m.sec.Pos, "section %q does not fit its space on page %d (第%d版, %s): about %d characters over (%d lines); cut text%s%s",
				m.sec.Title.S, r.Paper.Page+pg, r.Paper.Page+pg, whichPage(g.pages, pg), chars, mp.over, hintFigures(r), hintPages(r))
			continue
		}
		res.leftover += mp.white + mp.excess
		if draw {
			its, opens, errs := mp.items(k, g, accent, r.Paper.Page)
			res.errs = append(res.errs, errs...)
			for p, it := range its {
				res.pages[p] = append(res.pages[p], it...)
			}
			for p, it := range opens {
				res.pages[p] = append(it, res.pages[p]...)
			}
		}
		title := m.sec.Title.S
		if m.sec.Label != "" {
			title = m.sec.Label + " " + title
		}
		res.outline = append(res.outline, page.Bookmark{Title: title, Page: m.parts[0].page, Y: g.y(m.headLine())})
	}
	// a lead that takes more than its share of the page is named too: it is the lead, not the
	// sections under it, that an editor would cut
	if res.over > 0 && len(r.Lead) > 0 && lr.lines > g.nlines/3 {
		extra := lr.lines - g.nlines/3
		chars := int(math.Round(float64(extra*lr.set.k)*lr.set.w/lr.set.size/10)) * 10
		res.errs.Add(r.Lead[0].Pos, "the lead takes %d of the page's %d lines, more than a third: about %d characters over a third of the page; shorten the lead",
			lr.lines, g.nlines, max(10, chars))
	}
	res.pages = append(res.pages[:0:0], res.pages...)
	for p := range res.pages {
		if draw {
			res.pages[p] = append(res.pages[p], moduleRules(g, mods, p)...)
		}
	}
	// in square points, so that grids of other pitches and body sizes compare; each step
	// of leading above the tightest costs a line across the type area (at the tightest
	// pitch), so the leading opens only when it fills the page (a tight one looks more like
	// a daily)
	res.cost = res.leftover*g.body*g.lead + pitchCost(pitch)*pitches()[0]*g.body*g.typeW()
	return res
}

// footHole is the deepest white the plans leave at the foot under a module that stands on
// it, as a share of the page's lines.
func footHole(g grid, plans []modPlan) float64 {
	h := 0.0
	for _, p := range plans {
		// (a strip's row above another counts too: its white is a hole the page was
		// pulled together around, see pullRows)
		if p.m != nil && p.ok && (p.m.limit == g.nlines || p.m.carry > 0 || p.m.foot > 0) {
			h = max(h, float64(p.footGap())/float64(g.nlines))
		}
	}
	return h
}

// raggedSlack is how many lines apart side-by-side modules may end at no cost.
const raggedSlack = 3

// ragged is the white a page's side-by-side modules leave by ending at different lines, in
// character × line cells: each module's cells from its end down to the lowest end among its
// neighbours. It is counted on top of their white, so a page whose sections end together
// (white, if any, in one strip across the foot) beats one where a section runs to the foot
// beside a neighbour that stops halfway.
//
// Ends within raggedSlack lines of each other are free: they read as one foot, and evening
// them would cost a module fill it has.
func ragged(plans []modPlan) float64 {
	low := map[int]int{}
	for _, p := range plans {
		if pg, ok := sidePage(p.m); ok {
			low[pg] = max(low[pg], p.used)
		}
	}
	out := 0.0
	for _, p := range plans {
		if pg, ok := sidePage(p.m); ok {
			out += float64(max(0, low[pg]-p.used-raggedSlack) * p.totalChars())
		}
	}
	return out
}

// carryOver tries the ways to carry the left page's last section on over the fold beside or
// above the right page's n sections (see carryInto), calling try for each: in the right page's
// first columns, to the foot, beside them; or across the right page from line top, above them
// (in a row side by side, or in the rows bestRows cuts) from a line at, for the lines at which
// the carried section and the sections under it can both fit. try reports whether the carried
// section fits and whether the others do.
func carryOver(g grid, top, n int, try func(carry, at int, rows bool) (carried, rest bool)) {
	for c := 1; c <= g.cols-2*n; c++ {
		try(c, 0, false)
	}
	// the carried text needs more lines as the sections under it start higher, they fewer:
	// the least line at which it fits, the most at which they do, and a few between
	for _, rows := range []bool{false, true} {
		if rows && n < 2 || !rows && 2*n > g.cols {
			continue
		}
		lo, hi := top+1+minBlock, g.nlines-headLines-minBlock
		a, b := lo, hi+1
		for a < b {
			if x := (a + b) / 2; func() bool { ok, _ := try(g.cols, x, rows); return ok }() {
				b = x
			} else {
				a = x + 1
			}
		}
		least := a
		a, b = least, hi+1
		for a < b {
			if x := (a + b) / 2; func() bool { _, ok := try(g.cols, x, rows); return ok }() {
				a = x + 1
			} else {
				b = x
			}
		}
		most := a - 1
		for i := range carrySamples {
			if most > least {
				try(g.cols, least+(most-least)*(i+1)/(carrySamples+1), rows)
			}
		}
	}
}

// carrySamples is how many lines between the least and the most carryOver tries.
const carrySamples = 4

// carriedBlocks reports whether a section carried over the fold is set in blocks on both
// sides of it: every column before the fold carries at least minBlock lines, and what is
// carried on at least minBlock, in columns of minStrip lines or more. A section whose text
// ends before the fold is not carried, whatever its figures do.
func carriedBlocks(plans []modPlan) bool {
	for _, p := range plans {
		if p.m == nil || p.m.carry == 0 || !p.ok {
			continue
		}
		split, carried := len(p.cols[0].x), 0
		for c, n := range p.counts {
			switch {
			case c < split && n < minBlock, c >= split && n > 0 && n < minStrip:
				return false
			}
			if c >= split {
				carried += n
			}
		}
		if carried < minBlock {
			return false
		}
	}
	return true
}

// carriedFits reports, of an arrangement with a section carried over the fold, whether the
// carried section fits and whether all the others do.
func carriedFits(mods []*module, plans []modPlan) (carried, rest bool) {
	rest = true
	for i, m := range mods {
		if m.carry > 0 {
			carried = plans[i].ok
		} else {
			rest = rest && plans[i].ok
		}
	}
	return carried, rest
}

// overRight reports whether the modules over their lines are all on the right page, each in
// its own part there (the strips of pullUp and pullRows take lines off them).
func overRight(mods []*module, plans []modPlan) bool {
	for i, m := range mods {
		if !plans[i].ok && (m.parts[0].page == 0 || len(m.parts) != 1) {
			return false
		}
	}
	return true
}

// pullRows is pullUp for a right page whose sections do not fit side by side: the first
// begins in the strip across the left page's foot and carries on across the right page's
// top, alone in its row, and the others stand side by side in a row under it (their shares
// of the columns in proportion to the ones they had), the line between the rows searched by
// planPulled. The strip's text fills it to the left page's foot (module.foot), so the right
// page keeps only the rest. It is nil where pullUp would be, and for a right page of one
// section (pullUp's own case).
func pullRows(k *kit, g grid, mods []*module, plans []modPlan) []*module {
	if g.pages != 2 {
		return nil
	}
	s := 0
	var right []int
	for i, m := range mods {
		if len(m.parts) != 1 || m.strip > 0 || m.carry > 0 {
			return nil
		}
		if m.parts[0].page == 0 {
			if m.stacked || !plans[i].ok {
				return nil
			}
			// the left page's sections at their least height (their figures at their
			// smallest): one that fills its page only by a grown photo leaves the strip
			// its room
			s = max(s, m.line0+minHeight(k, g, m, g.nlines-m.line0))
			continue
		}
		right = append(right, i)
	}
	if len(right) < 2 || right[0] == 0 || g.nlines-s < headLines+minStrip+1 {
		return nil // (+1: the strip's last column ends above 下转)
	}
	line0 := mods[right[0]].line0
	rest := right[1:]
	// the row under: the columns shared out again across the whole width, in proportion
	had := 0
	for _, i := range rest {
		had += mods[i].parts[0].n
	}
	if len(rest)*rowMinCols(g) > g.cols {
		return nil
	}
	out := make([]*module, len(mods))
	col, acc := 0, 0.0
	for i, m := range mods {
		c := *m
		c.nest = 0
		out[i] = &c
		switch {
		case m.parts[0].page == 0:
			c.limit = s
		case i == right[0]:
			c.parts = []part{{page: 0, col: 0, n: g.cols}, {page: 1, col: 0, n: g.cols}}
			c.strip, c.foot = s, g.nlines
			c.line0, c.limit = line0, g.nlines
			c.stacked, c.row = true, 0
		default:
			acc += float64(g.cols) * float64(m.parts[0].n) / float64(had)
			n := int(math.Round(acc)) - col
			if i == rest[len(rest)-1] {
				n = g.cols - col
			}
			if n < rowMinCols(g) {
				return nil
			}
			c.parts = []part{{page: 1, col: col, n: n}}
			c.line0, c.limit = line0, g.nlines
			c.stacked, c.row = true, 1
			col += n
		}
	}
	return out
}

// planPulled plans an arrangement of pullRows: the strip's row and the row under it cut at
// every line where both fit, the cut whose strip and carried text are blocks (stripBlocks)
// with the shallowest hole, then the least white, kept (planStack's shares by figure count
// would grow the strip's figures over a stray of its text). Where no cut fits, it is planAll's
// plan, which says by how much.
func planPulled(k *kit, g grid, mods []*module) []modPlan {
	var strip *module
	var under []*module
	for _, m := range mods {
		switch {
		case m.foot > 0:
			strip = m
		case strip != nil && m.stacked && m.rowPage() == strip.rowPage():
			under = append(under, m)
		}
	}
	if strip == nil || len(under) == 0 {
		return planAll(k, g, mods)
	}
	lo := strip.line0 + minHeight(k, g, strip, g.nlines-strip.line0)
	hi := g.nlines - rowNeed(k, g, under, g.nlines-strip.line0)
	var best []modPlan
	bestL, bestHole, bestWhite := 0, 0.0, 0.0
	plans := make([]modPlan, len(mods))
	for l := lo; l <= hi; l++ {
		strip.limit = l
		for _, m := range under {
			m.line0 = l
		}
		ok := true
		white := 0.0
		for i, m := range mods {
			plans[i] = planModule(k, g, m)
			ok = ok && plans[i].ok
			white += plans[i].white
		}
		if !ok || !stripBlocks(plans) {
			continue
		}
		hole := footHole(g, plans)
		if best == nil || hole < bestHole || hole == bestHole && white < bestWhite {
			best = append(best[:0], plans...)
			bestL, bestHole, bestWhite = l, hole, white
		}
	}
	if best == nil {
		return planAll(k, g, mods)
	}
	strip.limit = bestL
	for _, m := range under {
		m.line0 = bestL
	}
	return best
}

// leftOver reports whether the last module on the left page is over its lines.
func leftOver(mods []*module, plans []modPlan) bool {
	for i := len(mods) - 1; i >= 0; i-- {
		if mods[i].parts[0].page == 0 {
			return !plans[i].ok
		}
	}
	return false
}

// sidePage is the page where m stands side by side with others: its only part's, or for a
// module begun in a strip on the page before, its own part's.
func sidePage(m *module) (int, bool) {
	if m == nil || m.stacked || len(m.parts) != 1 && (m.strip == 0 && m.carry == 0 || len(m.parts) != 2) {
		return 0, false
	}
	return m.parts[len(m.parts)-1].page, true
}

// pullFills reports whether the pulled arrangement (see pullUp) does what it is for: its
// strip and what it carries on are blocks (stripBlocks), the left page ends lower than it
// did, and the right page no higher (within raggedSlack).
func pullFills(g grid, was, pulled []modPlan) bool {
	low := func(plans []modPlan, pg int) int {
		n := 0
		for _, p := range plans {
			if p.m != nil && p.m.parts[len(p.m.parts)-1].page == pg || p.m != nil && p.m.strip > 0 {
				n = max(n, p.used)
			}
		}
		return n
	}
	return stripBlocks(pulled) && low(pulled, 0) > low(was, 0)+raggedSlack && low(pulled, 1) >= low(was, 1)-raggedSlack
}

// stripBlocks reports whether a module begun in a strip (see pullUp, pullRows) sets at least
// minStrip lines under its head there, and what it carries on over the fold is a block, in
// no column of a stray line or two.
func stripBlocks(pulled []modPlan) bool {
	for _, p := range pulled {
		if p.m == nil || p.m.strip == 0 {
			continue
		}
		end := p.end // the strip's columns end with the text's
		if p.m.foot > 0 {
			end = p.m.foot // filled to the page's foot (see module.foot)
		}
		if end-p.m.strip < headLines+minStrip {
			return false
		}
		// what is carried on is a block too: no column of it with a stray line or two (a
		// strip over a row, the fit of a right page that is over without it, may end a
		// column under a figure as shallow as the strip's own)
		least := minBlock
		if p.m.foot > 0 {
			least = minStrip
		}
		carried := 0
		for c := max(0, p.jumpIn); p.jumpIn >= 0 && c < len(p.counts); c++ {
			if p.counts[c] > 0 && p.counts[c] < least {
				return false
			}
			carried += p.counts[c]
		}
		if p.jumpIn >= 0 && carried < minBlock {
			return false
		}
	}
	return true
}

// minStrip is the fewest lines of text a section begun at the foot of the left page sets
// there under its head: fewer reads as a stray.
const minStrip = 3

// pullUp is the arrangement mods (planned as plans) with the right page's first section
// begun in a strip across the foot of the left page, under the left page's sections: its
// head and first lines there, the rest threaded on into its own columns on the right page,
// so that a left page whose sections end short fills to the foot. It is nil when the left
// page has no such strip (stacked sections, or too little room under them).
func pullUp(g grid, mods []*module, plans []modPlan) []*module {
	if g.pages != 2 {
		return nil
	}
	s, first := 0, -1
	for i, m := range mods {
		if len(m.parts) != 1 || m.strip > 0 {
			return nil
		}
		switch {
		case m.parts[0].page == 0:
			if m.stacked || !plans[i].ok {
				return nil
			}
			s = max(s, plans[i].used)
		case first < 0:
			first = i
		}
	}
	if first <= 0 || g.nlines-s < headLines+minStrip+raggedSlack {
		return nil
	}
	// the first of rows on the right page begins in the strip when it is its row's only
	// module: its columns there run to the left page's foot, and the rows under it take
	// the lines it then leaves on the right page (planStack shares them out again)
	f := mods[first]
	if f.stacked && (f.row != 0 || f.nest != 0 || f.parts[0].col != 0 || f.parts[0].n != g.cols) {
		return nil
	}
	out := make([]*module, len(mods))
	for i, m := range mods {
		c := *m
		if m.parts[0].page == 0 {
			c.limit = s
		}
		if i == first {
			c.parts = []part{{page: 0, col: 0, n: g.cols}, m.parts[0]}
			c.strip = s
			if c.stacked {
				c.foot = g.nlines
			}
		}
		out[i] = &c
	}
	return out
}

// between is the foot white of stacked modules that have another module under them on
// their page: white between blocks, a hole rather than a strip at the foot.
func between(plans []modPlan) float64 {
	out := 0.0
	for i, p := range plans {
		if p.m == nil || !p.m.stacked {
			continue
		}
		// any module of a later row on the page is under it (a row's modules come together)
		for _, q := range plans[i+1:] {
			if q.m != nil && q.m.stacked && q.m.rowPage() == p.m.rowPage() && q.m.row > p.m.row {
				out += p.foot
				break
			}
		}
	}
	return out
}

// textSkew is how unevenly a cut shares the body text between the pages, as a fraction of
// it: pages whose text is balanced read as one spread, whole sections on each.
func textSkew(k *kit, r *report.Report, cut int) float64 {
	if cut <= 0 {
		return 0
	}
	var a, b float64
	for i, s := range r.Sections {
		n := float64(k.textRunes(s))
		if i < cut {
			a += n
		} else {
			b += n
		}
	}
	return math.Abs(a-b) / math.Max(1, a+b)
}

// textRunes is how many characters the paragraphs of s hold.
func (k *kit) textRunes(s *report.Section) int {
	return k.runes.get(s, func() int {
		n := 0
		for _, p := range s.Paragraphs {
			n += utf8.RuneCountInString(p.S)
		}
		return n
	})
}

// skewTie is how unevenly two cuts may share the text between the pages and count as even.
const skewTie = 0.05

// cutBetter prefers the cut that balances the text between the pages, and of cuts within a
// twentieth of each other, the one that leaves less white.
func cutBetter(skew, white, bskew, bwhite float64) bool {
	if math.Abs(skew-bskew) > skewTie {
		return skew < bskew
	}
	return white < bwhite
}

// whichPage names page p of a layout of n pages.
func whichPage(n, p int) string {
	switch {
	case n == 1:
		return "the report's only page"
	case p == 0:
		return "the left page of the spread"
	default:
		return "the right page of the spread"
	}
}

// hintFigures names the figures a report has to take out, of photos and charts, as an overset's
// remedy: none for a report of text alone (it was told to cut "a photo" it did not have).
func hintFigures(r *report.Report) string {
	photos, charts := false, len(r.Charts) > 0
	for _, s := range r.Sections {
		photos = photos || len(s.Photos) > 0
	}
	switch {
	case photos && charts:
		return ", or a photo or a chart"
	case photos:
		return ", or a photo"
	case charts:
		return ", or a chart"
	}
	return ""
}

func hintPages(r *report.Report) string {
	if r.Layout.Pages == 1 {
		return ", or use pages: 2"
	}
	return ""
}

// overChars is how many characters of body text the lines a plan is over hold, to the nearest
// ten: the lines are of the module's text columns.
func overChars(mp modPlan) int {
	chars := 0
	for _, c := range mp.cols {
		chars = max(chars, c.chars)
	}
	return max(10, int(math.Round(float64(mp.over*chars)/10))*10)
}

// moduleRules draws hairlines between side-by-side modules on page p, and a rule over each row
// of modules under another.
func moduleRules(g grid, mods []*module, p int) []page.Item {
	var out []page.Item
	for _, m := range mods {
		for _, pt := range m.parts {
			if pt.page != p {
				continue
			}
			// a row under another row is set off from it by a rule across its top, as the
			// modules of a daily are
			if m.stacked && (m.row > 0 || m.nest == nestUnder) {
				y := g.y(m.line0) + 0.1*g.lead
				out = append(out, page.Line{X1: g.colX(pt.col), Y1: y, X2: g.colX(pt.col) + g.span(pt.n), Y2: y,
					Width: 0.5, Color: page.Gray(0.6)})
			}
			if pt.col == 0 {
				continue
			}
			x := g.colX(pt.col) - 0.5*g.body
			bottom := m.limit
			if m.carry > 0 && pt.page == m.parts[0].page {
				bottom = m.foot // the part before the fold runs to its page's foot
			}
			out = append(out, page.Line{X1: x, Y1: g.y(m.line0) + 0.2*g.lead, X2: x, Y2: g.y(bottom) - 0.2*g.lead,
				Width: 0.25, Color: page.Gray(0.6)})
		}
	}
	return out
}

// coverage checks every character of every text against the face it will be drawn in.
func coverage(k *kit, r *report.Report) report.Errors {
	var errs report.Errors
	chk := func(role string, t report.Text) {
		if t.S != "" {
			errs = append(errs, k.check(role, t.S, t.Pos)...)
		}
	}
	for _, t := range r.Headline.Title {
		chk(fonts.Hei, t)
		chk(fonts.Hei, report.Text{S: "\u3000", Pos: t.Pos})
	}
	chk(fonts.Kai, r.Headline.Kicker)
	chk(fonts.Hei, report.Text{S: "——" + r.Headline.Subtitle.S, Pos: r.Headline.Subtitle.Pos})
	chk(fonts.Kai, r.Byline)
	for _, t := range r.Lead {
		chk(fonts.Kai, t)
	}
	for _, t := range r.Closing {
		chk(fonts.Kai, t)
	}
	chk(fonts.SongBold, r.Paper.Name)
	chk(fonts.Song, r.Paper.Name)
	chk(fonts.Song, r.Paper.Section)
	chk(fonts.Song, report.Text{S: chineseDate(r.Paper.Date) + fmt.Sprintf("第%d版", r.Paper.Page), Pos: r.Paper.Pos})
	for _, c := range r.Paper.Credits {
		chk(fonts.Song, c)
	}
	// the figures in every face they are drawn in: labels, units and notes in the charts and
	// the briefing's table (Song), a tile's label (Song bold), chart titles (Hei)
	for _, f := range r.Figures {
		chk(fonts.Song, f.Label)
		chk(fonts.Song, report.Text{S: f.Unit + f.Note, Pos: f.Pos})
	}
	for _, f := range tileFigures(r) {
		chk(fonts.SongBold, f.Label)
	}
	for _, c := range r.Charts {
		chk(fonts.Hei, c.Title)
	}
	for _, s := range r.Sections {
		chk(fonts.Hei, s.Title)
		chk(fonts.Hei, report.Text{S: s.Label, Pos: s.Pos})
		for _, p := range s.Paragraphs {
			chk(fonts.Song, p)
		}
		for _, p := range s.Photos {
			chk(fonts.Kai, p.Caption)
			chk(fonts.Song, p.Credit)
		}
	}
	return errs
}
