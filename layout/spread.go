package layout

import (
	"fmt"
	"math"
	"path/filepath"
	"sort"
	"strings"
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

// bodySizes are the body sizes tried, in points: the one given, else the 号 sizes 小五 and 五号
// whose grid fits the page (see columnChars), else 六号.
func bodySizes(r *report.Report) []float64 {
	if r.Layout.Body > 0 {
		return []float64{r.Layout.Body}
	}
	var out []float64
	for _, b := range []float64{xiaoWu, wuHao} {
		if _, ok := newGrid(r.Layout.Width, r.Layout.Height, r.Layout.Pages, r.Layout.Columns, b); ok {
			out = append(out, b)
		}
	}
	if len(out) == 0 {
		out = append(out, liuHao)
	}
	return out
}

// The 号 sizes a body may take, in points.
const (
	liuHao = 7.875 // 六号
	xiaoWu = 9.0   // 小五
	wuHao  = 10.5  // 五号
)

// gallery lists the photos that may go beside the lead, in the order they are taken: a round
// over the sections, each giving up photos while it keeps at least one of its own. A section
// gives its widest photos first: a row beside the lead is landscape, and a portrait there
// would make the row as tall as the portrait.
func gallery(r *report.Report) []*report.Photo {
	var out []*report.Photo
	given := make([][]*report.Photo, len(r.Sections))
	for i, s := range r.Sections {
		given[i] = append([]*report.Photo{}, s.Photos...)
		sort.SliceStable(given[i], func(a, b int) bool { return aspect(given[i][a]) > aspect(given[i][b]) })
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

// aspect is a photo's width over its height (3:2 when its size is unknown).
func aspect(p *report.Photo) float64 {
	if p.PixelW <= 0 || p.PixelH <= 0 {
		return 1.5
	}
	return float64(p.PixelW) / float64(p.PixelH)
}

// result is one candidate spread.
type result struct {
	pages    [][]page.Item
	outline  []page.Bookmark
	leftover float64 // empty grid cells (character lines) at the foot of modules
	cost     float64 // leftover in square points plus the leading's steps (see compose)
	skew     float64 // how unevenly the pages share the body text (see textSkew)
	over     int
	errs     report.Errors
	bare     bool // a page had nothing in the lead row (so top.free mattered)
	body     float64
	pitch    float64
	top      top // what the candidate was composed with, to draw it again
	grid     grid
	hole     float64 // the deepest white at the foot under a module, as a share of the page's lines
	plan     plan    // the make-up, to judge and to dump (see dump.go)
}

// top is how much height the blocks above the sections take beyond their content's need, as
// fractions of the type area's height: the lead row at least lead of it (the lead opens its size
// and leading, the photos beside it grow), the key-figures band band of it. The sections cannot
// grow their text, so when they are short the search gives the height to these blocks rather
// than to giant photos.
//
// free is the share of the lead row's height given to the band of a page that has nothing
// in the lead row (a spread whose photos all went to the left page): its band starts under
// the headline and grows by that share, its sections take the rest.
type top struct {
	lead, band, free float64
	oneBand          bool // a single page sets its tiles and lead charts in one row
	noGallery        bool // the lead row takes no photos from the sections
	smallHead        bool // the headline block is set smaller (see headline)
	rows             bool // pages of sections side by side may set them in rows instead
	tightFigures     bool // figures at their least sizes a notch smaller (see grid.tight)
}

// headScale is the headline's size against its natural one.
func (o top) headScale() float64 {
	if o.smallHead {
		return smallHead
	}
	return 1
}

// smallHead is the headline's size when it gives way to text that does not fit.
const smallHead = 0.75

// tops are the heights tried for the blocks above the sections.
func tops() []top {
	var out []top
	for _, b := range []float64{0.084, 0.104, 0.124} {
		for _, l := range []float64{0, 0.2, 0.26, 0.32, 0.38} {
			out = append(out, top{lead: l, band: b})
		}
	}
	return out
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
	rows := bandRows(r, g.pages, o.oneBand)
	bl := g.linesFor(o.band*(g.bottom-g.top)) + 1
	// a band taller than its tiles need stretches them: half its extra height counts as white
	if len(rows) > 0 {
		res.leftover += 0.5 * float64((bl-g.linesFor(0.084*(g.bottom-g.top))-1)*g.gridChars(g.cols)*len(rows))
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
	for _, sc := range shifts(r, g, cuts(len(r.Sections), g.pages)) {
		cut := sc.cut
		if sc.rows && (!o.rows || best != nil && best.over == 0 && best.hole <= footTolerance) {
			continue // rows only where side by side falls short
		}
		t := try{mods: arrange(k, r, g, cursor, used, cut, sc.shift, sc.rows, o.rows)}
		if t.mods == nil {
			continue
		}
		t.plans = planAll(k, g, t.mods)
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
		// the same cut with the right page's first section begun at the left page's foot:
		// kept when it leaves less white (same text on each page, so the same skew)
		if t.over > 0 {
			continue
		}
		if pm := pullUp(g, t.mods, t.plans); pm != nil {
			u := try{mods: pm, plans: planAll(k, g, pm), skew: t.skew}
			u.hole = footHole(g, u.plans)
			for _, mp := range u.plans {
				u.over += mp.over
				u.white += mp.white + mp.excess
			}
			u.white += (holeCost - 1) * (ragged(u.plans) + between(u.plans))
			if u.over == 0 && u.white < t.white && pullFills(g, t.plans, u.plans) &&
				(best == &t || tryBetter(&u, best)) {
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
	for i, m := range mods {
		mp := best.plans[i]
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
			res.errs.Add(m.sec.Pos, "section %q does not fit its space on page %d (第%d版, %s): about %d characters over (%d lines); cut text, or a photo%s",
				m.sec.Title.S, r.Paper.Page+pg, r.Paper.Page+pg, whichPage(g.pages, pg), chars, mp.over, hintPages(r))
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

// The band's height on a single page: a row of tiles is as tall as a tile's label, number and
// growth; a row that holds charts as well, as tall as a chart reads.
const (
	tileRow   = 24 * page.MM
	tileTight = 18 * page.MM // when the text would not fit otherwise (grid.tight): a smaller number
	chartRow  = 32 * page.MM
	bandMax   = 80 * page.MM // the tallest a band grows on a page with nothing beside the lead: its pies stay pies of a band
)

// footHole is the deepest white the plans leave at the foot under a module that stands on
// it, as a share of the page's lines.
func footHole(g grid, plans []modPlan) float64 {
	h := 0.0
	for _, p := range plans {
		if p.m != nil && p.ok && p.m.limit == g.nlines {
			h = max(h, float64(p.footGap())/float64(g.nlines))
		}
	}
	return h
}

// raggedSlack is how many lines apart side-by-side modules may end at no cost.
const raggedSlack = 3

// pitchCost is how many steps of leading pitch lies above the tightest tried.
func pitchCost(pitch float64) float64 {
	return math.Round((pitch-pitches()[0])*20) / 2
}

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

// sidePage is the page where m stands side by side with others: its only part's, or for a
// module begun in a strip on the page before, its own part's.
func sidePage(m *module) (int, bool) {
	if m == nil || m.stacked || len(m.parts) != 1 && (m.strip == 0 || len(m.parts) != 2) {
		return 0, false
	}
	return m.parts[len(m.parts)-1].page, true
}

// pullFills reports whether the pulled arrangement (see pullUp) does what it is for: the
// strip carries at least minStrip lines in each of its columns, the left page ends lower than
// it did, and the right page no higher (within raggedSlack).
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
	for _, p := range pulled {
		if p.m == nil || p.m.strip == 0 {
			continue
		}
		if p.end-p.m.strip < headLines+minStrip {
			return false
		}
		// what is carried on is a block too: no column of it with a stray line or two
		carried := 0
		for c := max(0, p.jumpIn); p.jumpIn >= 0 && c < len(p.counts); c++ {
			if p.counts[c] > 0 && p.counts[c] < minBlock {
				return false
			}
			carried += p.counts[c]
		}
		if p.jumpIn >= 0 && carried < minBlock {
			return false
		}
	}
	return low(pulled, 0) > low(was, 0)+raggedSlack && low(pulled, 1) >= low(was, 1)-raggedSlack
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
	if first <= 0 || mods[first].stacked || g.nlines-s < headLines+minStrip+raggedSlack {
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
		if p.m == nil || !p.m.stacked || i+1 >= len(plans) {
			continue
		}
		if q := plans[i+1].m; q != nil && q.stacked && q.row > p.m.row && q.parts[0].page == p.m.parts[0].page {
			out += p.foot
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
	if n, ok := k.runes[s]; ok {
		return n
	}
	n := 0
	for _, p := range s.Paragraphs {
		n += utf8.RuneCountInString(p.S)
	}
	if k.runes != nil {
		k.runes[s] = n
	}
	return n
}

// cutBetter prefers the cut that balances the text between the pages, and of cuts within a
// twentieth of each other, the one that leaves less white.
func cutBetter(skew, white, bskew, bwhite float64) bool {
	if math.Abs(skew-bskew) > 0.05 {
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

// arrange assigns sections to pages in order, balancing their volume against each page's
// room, and gives each page's sections side-by-side shares of its columns, or rows of them
// across the page (see bestRows) when there are more sections than pairs of columns, when
// inRows, or when mayRow and side by side does not fit. The closing goes to the last section.
//
// shift moves two grid columns per step from the second of two side-by-side sections on a
// page to the first (or back, when negative), so that the search can give a short section
// fewer columns and the pair ends nearer one line; nil when a share would drop below two.
func arrange(k *kit, r *report.Report, g grid, cursor []int, gallery map[*report.Photo]bool, cut, shift int, inRows, mayRow bool) []*module {
	vol := make([]float64, len(r.Sections))
	for i, s := range r.Sections {
		vol[i] = float64(k.textRunes(s) + 2*len(s.Paragraphs))
		for _, p := range s.Photos {
			if !gallery[p] {
				vol[i] += 27 * 12 // a two-column photo of twelve lines
			}
		}
		vol[i] += 27 * 9 * float64(len(sectionCharts(r, s)))
		vol[i] += 27 * 4
	}
	room := make([]float64, g.pages)
	for p := range room {
		room[p] = float64(g.nlines-cursor[p]) * float64(g.gridChars(g.cols))
	}
	groups := splitGroups(vol, room, cut)
	lastGroup := 0
	for p, grp := range groups {
		if len(grp) > 0 {
			lastGroup = p
		}
	}
	var mods []*module
	for p, grp := range groups {
		// the closing ends the last section: the rows are judged with it in place
		var closing []report.Text
		if p == lastGroup {
			closing = r.Closing
		}
		if len(grp) == 0 {
			continue
		}
		room := g.nlines - cursor[p]
		if inRows && len(grp) >= 2 {
			mods = append(mods, fullestRows(k, r, g, grp, vol, gallery, closing, p, cursor[p])...)
			continue
		}
		if len(grp)*2 <= g.cols || len(grp) == 1 {
			shares := shareCols(g.cols, grp, vol)
			if shift != 0 {
				if len(grp) != 2 || g.cols < 4 {
					return nil
				}
				a := shares[0] + 2*shift
				if a < 2 || g.cols-a < 2 {
					return nil
				}
				shares[0], shares[1] = a, g.cols-a
			}
			var side []*module
			c := 0
			for i, s := range grp {
				m := &module{sec: r.Sections[s], parts: []part{{page: p, col: c, n: shares[i]}}, line0: cursor[p], limit: g.nlines}
				give(r, m, gallery)
				side = append(side, m)
				c += shares[i]
			}
			// side by side while every section fits its columns; when one does not, rows
			// across the page if they need fewer lines
			if mayRow && len(grp) >= 2 && shift == 0 && g.cols >= 4 {
				need := 0
				for _, m := range side {
					need = max(need, minHeight(k, g, m, room))
				}
				if need > room {
					if rows, rneed := bestRows(k, r, g, grp, vol, gallery, closing, p, cursor[p]); rneed < need {
						side = rows
					}
				}
			}
			mods = append(mods, side...)
			continue
		}
		// more sections than pairs of columns: rows of sections side by side, each row across
		// the page (planStack then fits their heights to the page)
		rows, _ := bestRows(k, r, g, grp, vol, gallery, closing, p, cursor[p])
		mods = append(mods, rows...)
	}
	// a report with fewer sections than pages: the last section continues over the rest
	if len(r.Sections) < g.pages && len(mods) > 0 {
		last := mods[len(mods)-1]
		for p := last.parts[0].page + 1; p < g.pages; p++ {
			last.parts = append(last.parts, part{page: p, col: 0, n: g.cols})
			last.line0 = max(last.line0, cursor[p])
		}
	}
	if len(mods) > 0 {
		mods[len(mods)-1].closing = r.Closing
	}
	return mods
}

// bestRows is, of the ways to cut a page's sections grp into rows across page p from line top,
// the one whose rows need the fewest lines in all, and that many lines.
func bestRows(k *kit, r *report.Report, g grid, grp []int, vol []float64, gallery map[*report.Photo]bool, closing []report.Text, p, top int) ([]*module, int) {
	var best []*module
	bestNeed := math.MaxInt
	for _, rows := range rowCuts(grp, g.perRow()) {
		ms := rowModules(r, g, rows, vol, p, top)
		for _, m := range ms {
			give(r, m, gallery)
		}
		ms[len(ms)-1].closing = closing
		need := 0
		for i := 0; i < len(ms); {
			j, h := i, 0
			for j < len(ms) && ms[j].row == ms[i].row {
				h = max(h, minHeight(k, g, ms[j], g.nlines-top))
				j++
			}
			need += h
			i = j
		}
		if need < bestNeed {
			best, bestNeed = ms, need
		}
	}
	return best, bestNeed
}

// fullestRows is, of the ways to cut a page's sections grp into rows across page p from line
// top, the one whose plan fits and fills the page best: fewest lines over, then no hole at the
// foot (the shallowest), then the least white; a section alone across the page in a shallow
// strip is not a way.
func fullestRows(k *kit, r *report.Report, g grid, grp []int, vol []float64, gallery map[*report.Photo]bool, closing []report.Text, p, top int) []*module {
	var best []*module
	var bOver int
	var bHole, bWhite float64
	for _, rows := range rowCuts(grp, g.perRow()) {
		ms := rowModules(r, g, rows, vol, p, top)
		for _, m := range ms {
			give(r, m, gallery)
		}
		ms[len(ms)-1].closing = closing
		plans := planAll(k, g, ms)
		if shallowStrip(g, plans) {
			continue
		}
		over, white := 0, 0.0
		for _, mp := range plans {
			over += mp.over
			white += mp.white + mp.excess
		}
		hole := footHole(g, plans)
		better := best == nil || over < bOver
		if best != nil && over == bOver {
			var decided bool
			if better, decided = holeOrder(hole, bHole); !decided {
				better = white < bWhite
			}
		}
		if better {
			best, bOver, bHole, bWhite = ms, over, hole, white
		}
	}
	if best == nil {
		best, _ = bestRows(k, r, g, grp, vol, gallery, closing, p, top)
	}
	return best
}

// give hands module m its section's figures: the photos not in the lead's gallery and the
// charts placed in the section.
func give(r *report.Report, m *module, gallery map[*report.Photo]bool) {
	for _, ph := range m.sec.Photos {
		if !gallery[ph] {
			m.photos = append(m.photos, ph)
		}
	}
	m.charts = append(m.charts, sectionCharts(r, m.sec)...)
}

// shallowStrip reports whether the plans set a section alone across a whole page in a row
// shallower than its head and minStripDepth lines: a strip a page editor would not make.
func shallowStrip(g grid, plans []modPlan) bool {
	for i, p := range plans {
		m := p.m
		if m == nil || !m.stacked || m.parts[0].n != g.cols {
			continue
		}
		alone := (i == 0 || plans[i-1].m.row != m.row || plans[i-1].m.parts[0].page != m.parts[0].page) &&
			(i+1 == len(plans) || plans[i+1].m.row != m.row || plans[i+1].m.parts[0].page != m.parts[0].page)
		if alone && m.limit-m.line0-headLines < minStripDepth {
			return true
		}
	}
	return false
}

// minStripDepth is the fewest lines of text a section set alone across a whole page carries
// in each column.
const minStripDepth = 8

// rowCuts are the ways to cut a page's sections, in order, into rows of one to per sections.
func rowCuts(grp []int, per int) [][][]int {
	if len(grp) == 0 {
		return [][][]int{nil}
	}
	var out [][][]int
	for k := 1; k <= min(per, len(grp)); k++ {
		for _, rest := range rowCuts(grp[k:], per) {
			out = append(out, append([][]int{grp[:k]}, rest...))
		}
	}
	return out
}

// rowModules lays rows of sections over page p from line top: each row across the page, its
// sections side by side (see shareRow), its lines at first in proportion to its volume.
func rowModules(r *report.Report, g grid, rows [][]int, vol []float64, p, top int) []*module {
	total := 0.0
	for _, row := range rows {
		for _, s := range row {
			total += vol[s]
		}
	}
	var mods []*module
	line := top
	for ri, row := range rows {
		lim := g.nlines
		if ri < len(rows)-1 {
			rv := 0.0
			for _, s := range row {
				rv += vol[s]
			}
			lim = line + int(float64(g.nlines-top)*rv/math.Max(total, 1))
		}
		shares := shareRow(g.cols, row, vol)
		c := 0
		for i, s := range row {
			mods = append(mods, &module{sec: r.Sections[s], parts: []part{{page: p, col: c, n: shares[i]}}, line0: line, limit: lim,
				stacked: true, row: ri})
			c += shares[i]
		}
		line = lim
	}
	return mods
}

// perRow is how many sections a row of the grid's page sets side by side: each keeps at least
// two grid columns, and on wide pages about three, so that a section reads as a block of
// columns rather than a strip; grid columns of 20 characters or more (few given on a wide
// page) are a text column each, and a section may have one.
func (g grid) perRow() int {
	switch {
	case g.col >= 20:
		return max(1, g.cols)
	case g.cols < 8:
		return max(1, g.cols/2)
	}
	return max(1, (g.cols+1)/3)
}

// cutShift is one way to arrange the sections: the cut between the pages and the shift of
// columns between two side-by-side sections (see arrange).
type cutShift struct {
	cut, shift int
	rows       bool // every page of two or more sections sets them in rows (see fullestRows)
}

// shifts pairs every cut with the column shifts worth trying: none, and one step either way
// when some page may hold two sections side by side.
func shifts(r *report.Report, g grid, cuts []int) []cutShift {
	var out []cutShift
	for _, c := range cuts {
		out = append(out, cutShift{cut: c})
		if g.cols >= 6 && len(r.Sections) >= 2 && len(r.Sections) <= 2*g.pages {
			out = append(out, cutShift{cut: c, shift: -1}, cutShift{cut: c, shift: 1})
		}
	}
	// rows come last: compose tries them only when side by side leaves a hole or does not fit
	if len(r.Sections) > g.pages {
		for _, c := range cuts {
			out = append(out, cutShift{cut: c, rows: true})
		}
	}
	return out
}

// cuts are the ways to cut n sections between the pages: the index of the first section of
// the second page; 0 means a single run.
func cuts(n, pages int) []int {
	if pages < 2 || n < 2 {
		return []int{0}
	}
	var out []int
	for c := 1; c < n; c++ {
		out = append(out, c)
	}
	return out
}

// splitGroups cuts the sections, in order, into one run per page: at cut when it is given,
// else so that the fullest page is as little full as possible.
func splitGroups(vol, room []float64, cut int) [][]int {
	n, pages := len(vol), len(room)
	groups := make([][]int, pages)
	if pages == 1 || n <= 1 {
		for i := range vol {
			groups[0] = append(groups[0], i)
		}
		return groups
	}
	best := math.Inf(1)
	for c := 1; c < n && cut <= 0; c++ {
		a, b := 0.0, 0.0
		for i := range vol {
			if i < c {
				a += vol[i]
			} else {
				b += vol[i]
			}
		}
		if worst := math.Max(a/room[0], b/room[1]); worst < best {
			best, cut = worst, c
		}
	}
	for i := range vol {
		p := 0
		if i >= cut {
			p = 1
		}
		groups[p] = append(groups[p], i)
	}
	return groups
}

// shareCols gives each section of a page a whole, preferably even, number of columns (at
// least two) in proportion to its volume.
func shareCols(cols int, grp []int, vol []float64) []int {
	out := make([]int, len(grp))
	if len(grp) == 1 {
		out[0] = cols
		return out
	}
	total := 0.0
	for _, s := range grp {
		total += vol[s]
	}
	left := cols
	for i, s := range grp {
		if i == len(grp)-1 {
			out[i] = left
			break
		}
		n := int(math.Round(float64(cols)*vol[s]/total/2) * 2)
		n = max(2, min(n, left-2*(len(grp)-1-i)))
		out[i] = n
		left -= n
	}
	return out
}

// shareRow gives each section of a row whole grid columns (at least two) in proportion to its
// volume, by largest remainder: a row's sections end nearer one line when their widths follow
// their text, odd widths included.
func shareRow(cols int, grp []int, vol []float64) []int {
	out := make([]int, len(grp))
	total := 0.0
	for _, s := range grp {
		total += vol[s]
	}
	left := cols
	rem := make([]float64, len(grp))
	for i, s := range grp {
		q := float64(cols) * vol[s] / math.Max(total, 1)
		out[i] = max(2, int(q))
		rem[i] = q - float64(int(q))
		left -= out[i]
	}
	for left > 0 {
		b := 0
		for i := range rem {
			if rem[i] > rem[b] {
				b = i
			}
		}
		out[b]++
		rem[b] = -1
		left--
	}
	for left < 0 { // the two-column floor took too much: narrow the widest
		b := 0
		for i := range out {
			if out[i] > out[b] {
				b = i
			}
		}
		out[b]--
		left++
	}
	return out
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
			if m.stacked && m.row > 0 {
				y := g.y(m.line0) + 0.1*g.lead
				out = append(out, page.Line{X1: g.colX(pt.col), Y1: y, X2: g.colX(pt.col) + g.span(pt.n), Y2: y,
					Width: 0.5, Color: page.Gray(0.6)})
			}
			if pt.col == 0 {
				continue
			}
			x := g.colX(pt.col) - 0.5*g.body
			out = append(out, page.Line{X1: x, Y1: g.y(m.line0) + 0.2*g.lead, X2: x, Y2: g.y(m.limit) - 0.2*g.lead,
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

// slug is the print slug: the data file's name and the paper's date.
func slug(r *report.Report) string {
	name := filepath.Base(r.File)
	if r.File == "" {
		name = "spread"
	}
	return strings.TrimSpace(fmt.Sprintf("%s  %s  %s", name, r.Paper.Name.S, r.Paper.Date.Format("2006-01-02")))
}

// planAll plans the modules. Side-by-side modules are planned in their rectangles; a run of
// stacked modules on a page is planned as a column of them: each first gets the least height
// its content needs (figures at their smallest), and what is left of the page is shared out,
// to the modules whose figures can grow it, else evenly as white under each, so no module
// keeps a slot it cannot fill.
func planAll(k *kit, g grid, mods []*module) []modPlan {
	plans := make([]modPlan, len(mods))
	for i := 0; i < len(mods); {
		if !mods[i].stacked {
			plans[i] = planModule(k, g, mods[i])
			i++
			continue
		}
		j := i
		for j < len(mods) && mods[j].stacked && mods[j].parts[0].page == mods[i].parts[0].page {
			j++
		}
		planStack(k, g, mods[i:j], plans[i:j])
		i = j
	}
	return plans
}

// planStack plans the rows of stacked modules ms (in page order) into plans: each row first
// gets the least height its modules fit in, and what is left of the page goes to the rows whose
// figures can use it; when none has figures, to the last row, so the white lies at the foot.
func planStack(k *kit, g grid, ms []*module, plans []modPlan) {
	top, bottom := ms[0].line0, ms[len(ms)-1].limit
	// the rows: runs of modules with one row number
	var rows [][]int
	for i, m := range ms {
		if i == 0 || m.row != ms[i-1].row {
			rows = append(rows, nil)
		}
		rows[len(rows)-1] = append(rows[len(rows)-1], i)
	}
	need := make([]int, len(rows))
	total := 0
	for r, row := range rows {
		for _, i := range row {
			need[r] = max(need[r], minHeight(k, g, ms[i], bottom-top))
		}
		total += need[r]
	}
	extra := bottom - top - total
	if extra < 0 {
		// the content does not fit: keep the proportional slots, the error counts the lines
		for i, m := range ms {
			plans[i] = planModule(k, g, m)
		}
		return
	}
	weight := make([]float64, len(rows))
	sum := 0.0
	for r, row := range rows {
		for _, i := range row {
			weight[r] += float64(len(ms[i].photos) + len(ms[i].charts))
		}
		sum += weight[r]
	}
	if sum == 0 {
		weight[len(rows)-1], sum = 1, 1
	}
	line, acc := top, 0.0
	heights := make([]int, len(rows))
	for r, row := range rows {
		// cumulative rounding: the shares add up to extra exactly
		e := int(math.Round(acc+float64(extra)*weight[r]/sum)) - int(math.Round(acc))
		acc += float64(extra) * weight[r] / sum
		lim := line + need[r] + e
		if r == len(rows)-1 {
			lim = bottom
		}
		for _, i := range row {
			ms[i].line0, ms[i].limit = line, lim
			plans[i] = planModule(k, g, ms[i])
		}
		for _, i := range row {
			if !plans[i].ok { // rounding: fall back to the least height
				lim = line + need[r]
				for _, j := range row {
					ms[j].line0, ms[j].limit = line, lim
					plans[j] = planModule(k, g, ms[j])
				}
				break
			}
		}
		heights[r] = lim - line
		line = lim
	}
	rebalanceRows(k, g, ms, plans, rows, heights, top)
}

// rebalanceRows moves the lines a row of stacked modules leaves empty under all its modules
// (its figures at their greatest, its text at its end) to another row whose modules then fill
// better, while that makes the deepest white under any column of the rows shallower: the share
// by figure count above is a guess, and a row that cannot use its share leaves a hole inside
// the page that the foot's measure does not see.
func rebalanceRows(k *kit, g grid, ms []*module, plans []modPlan, rows [][]int, heights []int, top int) {
	place := func(hs []int, out []modPlan) bool {
		line := top
		for r, row := range rows {
			for _, i := range row {
				ms[i].line0, ms[i].limit = line, line+hs[r]
				out[i] = planModule(k, g, ms[i])
				if !out[i].ok {
					return false
				}
			}
			line += hs[r]
		}
		return true
	}
	// deepest is the deepest white under a column of any module, then the white of all
	deepest := func(ps []modPlan) (int, float64) {
		d, w := 0, 0.0
		for _, p := range ps {
			d = max(d, p.footGap())
			w += p.white
		}
		return d, w
	}
	for _, p := range plans {
		if !p.ok {
			return
		}
	}
	bestD, bestW := deepest(plans)
	trial := make([]modPlan, len(plans))
	hs := make([]int, len(heights))
	for range len(rows) {
		// the row with the most lines under all its modules
		from, spare := -1, 0
		for r, row := range rows {
			s := heights[r]
			for _, i := range row {
				s = min(s, plans[i].m.limit-plans[i].used)
			}
			if s > spare {
				from, spare = r, s
			}
		}
		if from < 0 {
			break
		}
		to := -1
		for q := range rows {
			if q == from {
				continue
			}
			copy(hs, heights)
			hs[from] -= spare
			hs[q] += spare
			if !place(hs, trial) {
				continue
			}
			if d, w := deepest(trial); d < bestD || d == bestD && w < bestW {
				to, bestD, bestW = q, d, w
			}
		}
		if to < 0 {
			break
		}
		heights[from] -= spare
		heights[to] += spare
	}
	place(heights, plans)
}

// minHeight is the fewest grid lines module m fits in, at most room (room+1 when it does
// not fit at all). The answer for the page's whole height is remembered (see kit.needs): the
// search asks it of the same module at many tops.
func minHeight(k *kit, g grid, m *module, room int) int {
	key, keyed := needKey(g, m)
	need, ok := 0, false
	if keyed && k.needs != nil {
		need, ok = k.needs[key]
	}
	if !ok {
		need = leastHeight(k, g, m, g.nlines)
		if keyed && k.needs != nil {
			k.needs[key] = need
		}
	}
	if need > room {
		return room + 1
	}
	return need
}

// needKey is m's key in minHeight's memo: planModule's key without what the least height does
// not depend on — the module's lines, its row, and where its columns stand (only how many) — so
// that one section at one width is measured once across the row cuts and shares the search
// tries.
func needKey(g grid, m *module) (planKey, bool) {
	k, ok := keyOf(g, m)
	k.line0, k.limit, k.row, k.stacked = 0, 0, 0, false
	for i := range k.parts {
		k.parts[i].col = 0
	}
	return k, ok
}

// leastHeight is minHeight without the memo.
func leastHeight(k *kit, g grid, m *module, room int) int {
	l0, lim := m.line0, m.limit
	defer func() { m.line0, m.limit = l0, lim }()
	fits := func(h int) bool {
		m.line0, m.limit = 0, h
		return fitsIn(k, g, m)
	}
	lo, hi := headLines+1, room
	if !fits(hi) {
		return room + 1
	}
	for lo < hi {
		mid := (lo + hi) / 2
		if fits(mid) {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	return lo
}
