package layout

import (
	"math"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"

	"spread/page"
	"spread/report"
)

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
	oneBand          bool // a single page sets its tiles and lead charts in one row; a spread, on one page
	bandRight        bool // with oneBand, a spread's band goes on its right page, not its left
	evenBand         bool // a spread's band is cut where its weights balance, a chart alone on a page or not
	noGallery        bool // the lead row takes no photos from the sections
	smallHead        bool // the headline block is set smaller (see headline)
	rows             bool // pages of sections side by side may set them in rows instead
	tightFigures     bool // figures at their least sizes a notch smaller (see grid.tight)
	carry            bool // a left page's last section that does not fit may go on over the fold
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

// pitchCost is how many steps of leading pitch lies above the tightest tried.
func pitchCost(pitch float64) float64 {
	return math.Round((pitch-pitches()[0])*20) / 2
}

// printPlan searches the print make-up and draws the winner: the candidate with its plan and
// its pages' items.
func printPlan(k *kit, r *report.Report) (*result, error) {
	if errs := coverage(k, r); len(errs) > 0 {
		return nil, errs.Err()
	}
	if r.Layout.Pages < 1 || r.Layout.Pages > 2 || r.Layout.Columns < 1 || r.Layout.Width <= 0 || r.Layout.Height <= 0 {
		var errs report.Errors
		errs.Add(r.Layout.Pos, "layout needs 1 or 2 pages, at least one column and a page size (got %d pages, %d columns, %.0f×%.0f pt)",
			r.Layout.Pages, r.Layout.Columns, r.Layout.Width, r.Layout.Height)
		return nil, errs
	}
	k = k.memo()
	accent := accentOf(r)
	// the candidates of each pitch are drafted on their own goroutine (a bounded few); the
	// winner is then chosen in the search's order, as if drafted in turn. The body size is the
	// last thing to give: a larger one is drafted only when the smaller leaves the page short
	// or does not fit
	var pool []result
	var best *result
	searched := map[step]bool{} // each step is drafted once, whichever way the search comes to it
	run := func(s step) {
		if !searched[s] {
			searched[s] = true
			best = search(k, r, s, accent, best, &pool)
		}
	}
	for _, b := range bodySizes(r) {
		run(step{body: b})
		// sections side by side that leave the page short may go in rows: another
		// arrangement at the same size, tried before the body grows
		if best != nil && len(best.errs) == 0 && best.hole > footTolerance {
			run(step{body: b, rows: true})
		}
		if !mayGrow(best) {
			break
		}
	}
	// the fallbacks, each a search of its own, until one fits and fills: sections side by
	// side may go in rows (for a hole at the foot, or text that does not fit); then, for text
	// that does not fit, the headline is set smaller, the lead row gives its photos back to
	// their sections (a box across the row takes fewer lines than one beside photos), and the
	// figures' least sizes go a notch smaller; last, a section that does not fit the left page
	// of a spread goes on over the fold, which an editor does only when nothing else fits
	for _, fallback := range []step{{rows: true}, {rows: true, small: true}, {rows: true, small: true, bare: true},
		{rows: true, small: true, bare: true, tightFigures: true}, {rows: true, small: true, carry: true},
		{rows: true, small: true, bare: true, tightFigures: true, carry: true}} {
		// a fallback for text that does not fit runs only while none fits; carrying a section
		// over the fold also while the best leaves a page visibly empty (a spread's band whole
		// on one page may fit with the right page a third white, where carried text fills it)
		if best == nil || len(best.errs) == 0 && (best.hole <= footTolerance || fallback.small && (!fallback.carry || best.hole <= carryHole)) {
			continue
		}
		if fallback.bare && !fallback.tightFigures && len(gallery(r)) == 0 || fallback.carry && r.Layout.Pages != 2 {
			continue
		}
		// text that does not fit gains nothing from taller blocks above it: the fallback
		// drafts only the least of them
		fallback.tight = len(best.errs) > 0
		if len(best.errs) == 0 && fallback.carry {
			// a page left short, not text that does not fit: the section is carried over
			// the fold with the headline and the figures as they were
			fallback.small, fallback.bare, fallback.tightFigures = false, false, false
		}
		for _, b := range bodySizes(r) {
			fallback.body = b
			run(fallback)
			if !mayGrow(best) {
				break
			}
		}
	}
	// a page still short with photos in the lead row: they go back to their sections, where
	// they may fill the section that ends short (a panorama across its page)
	if best != nil && len(best.errs) == 0 && best.hole > footTolerance && !best.top.noGallery && len(gallery(r)) > 0 {
		o := best.top
		run(step{body: best.body, bare: true, rows: o.rows, small: o.smallHead, tightFigures: o.tightFigures})
	}
	// a page still short: the leading between the usual steps, with the make-up options of
	// the best (its body size, rows, headline, gallery and figure sizes)
	if best != nil && len(best.errs) == 0 && best.hole > footTolerance {
		o := best.top
		run(step{body: best.body, half: true, rows: o.rows, small: o.smallHead, bare: o.noGallery, tightFigures: o.tightFigures})
	}
	if best == nil {
		var errs report.Errors
		errs.Add(r.Layout.Pos, "%d columns do not fit across a %.0f mm page at any body size from 六号 up", r.Layout.Columns, r.Layout.Width/page.MM)
		return nil, errs
	}
	// the winner is drawn; a chart that cannot be drawn in the box its plan gave it (a pie's
	// legend taller than a low band) fails only that candidate, and the next best is drawn
	if len(best.errs) == 0 {
		type drawKey struct {
			body, pitch float64
			top         top
		}
		tried := map[drawKey]bool{}
		var chosen *result // the first drawn without errors, else the first drawn
		for range maxRedraws {
			drawn := compose(k, r, best.body, best.pitch, accent, best.top, true)
			if chosen == nil || len(drawn.errs) == 0 {
				chosen = &drawn
			}
			if len(drawn.errs) == 0 {
				break
			}
			tried[drawKey{best.body, best.pitch, best.top}] = true
			var next *result
			for i := range pool {
				c := &pool[i]
				if len(c.errs) == 0 && !tried[drawKey{c.body, c.pitch, c.top}] && (next == nil || better(*c, *next)) {
					next = c
				}
			}
			if next == nil {
				break
			}
			best = next
		}
		best = chosen
	}
	if len(best.errs) > 0 {
		return nil, best.errs.Err()
	}
	return best, nil
}

// mayGrow reports whether the next larger body size is worth a search after best: only a page
// that fits and stops short can gain from it. Text that does not fit at one size fits no better
// at a larger (it takes more of the page, the figures no less), so an overset goes on to the
// fallbacks at once.
func mayGrow(best *result) bool {
	return best != nil && len(best.errs) == 0 && best.hole > footTolerance
}

// search drafts every candidate of s's body size and lead row at each pitch, and returns the
// better of the best of them and best (which may be nil).
func search(k *kit, r *report.Report, s step, accent page.Color, best *result, pool *[]result) *result {
	if g, ok := newGridPitch(r.Layout.Width, r.Layout.Height, r.Layout.Pages, r.Layout.Columns, s.body, pitches()[0]); ok && len(r.Lead) > 0 {
		g.tight = s.tightFigures
		gal := gallery(r)
		if s.bare {
			gal = nil
		}
		warmLeads(k, g, r.Lead, gal)
	}
	var steps []step
	ps := pitches()
	if s.half {
		ps = halfPitches()
	}
	for _, pitch := range ps {
		t := s
		t.pitch = pitch
		steps = append(steps, t)
	}
	// the pitches are drafted pitchBatch at a time, tightest first: when no candidate of a batch
	// fits, no looser pitch can (the text needs as many lines, the page has fewer, the figures
	// as many millimetres), and the search stops there; nor is a pitch drafted whose leading
	// alone costs more than the best so far, when nothing else could make it win (see
	// settled). The batch is a constant, not the machine's core count, so that every machine
	// reports the same candidates
	for from := 0; from < len(steps); from += pitchBatch {
		to := min(from+pitchBatch, len(steps))
		// judged at the batch's first pitch only, where best is final for all drafted so far
		// (better is not transitive: a candidate of this batch that beats best could lose to
		// one of a pitch skipped on best's account); the floors grow with the pitch, so no
		// later step can win either
		if settled(best, costFloor(r, steps[from])) {
			break
		}
		// each top of each pitch is a piece of work of its own, so that both cores keep busy
		// to the batch's end (a pitch is fifteen or thirty of them)
		type piece struct {
			step int
			o    top
		}
		var pieces []piece
		for i := from; i < to; i++ {
			for _, o := range draftTops(r, steps[i]) {
				pieces = append(pieces, piece{i - from, o})
			}
		}
		done := make([][]result, len(pieces))
		parallel(len(pieces), func(i int) {
			done[i] = draftTop(k, r, steps[from+pieces[i].step], pieces[i].o, accent)
		})
		drafts := make([][]result, to-from)
		for i, p := range pieces {
			drafts[p.step] = append(drafts[p.step], done[i]...)
		}
		// chosen in the search's order, as if drafted in turn
		for _, rs := range drafts {
			*pool = append(*pool, rs...)
			for i := range rs {
				if best == nil || better(rs[i], *best) {
					best = &rs[i]
				}
			}
		}
		if !anyFits(drafts) {
			break
		}
	}
	return best
}

// costFloor is the least cost (see compose) a candidate of step s can have: that of its
// leading's steps above the tightest, with no white at all.
func costFloor(r *report.Report, s step) float64 {
	g, ok := newGridPitch(r.Layout.Width, r.Layout.Height, r.Layout.Pages, r.Layout.Columns, s.body, s.pitch)
	if !ok {
		return 0
	}
	return pitchCost(s.pitch) * pitches()[0] * g.body * g.typeW()
}

// settled reports whether no candidate whose cost is at least floor can be better than best
// (see better): best fits, leaves no hole past the tolerance, shares the text between the
// pages within what a cut may differ by unnoticed (so that none can win on balance), and
// costs less than floor.
func settled(best *result, floor float64) bool {
	return best != nil && len(best.errs) == 0 && best.hole <= footTolerance && best.skew <= skewTie && best.cost < floor
}

// pitchBatch is how many pitches search drafts side by side before it looks whether any fits.
const pitchBatch = 2

// anyFits reports whether any of the drafts has no errors.
func anyFits(drafts [][]result) bool {
	for _, rs := range drafts {
		for _, r := range rs {
			if len(r.errs) == 0 {
				return true
			}
		}
	}
	return false
}

// maxRedraws is how many candidates are drawn, best first, before a chart that cannot be drawn
// in its box is reported.
const maxRedraws = 12

// step is one body size and pitch of the fill search.
type step struct {
	body, pitch float64
	bare        bool // the lead row takes no photos from the sections
	small       bool // the headline is set smaller
	rows        bool // sections side by side may go in rows (see fullestRows)
	tight       bool // only the least heights of the blocks above the sections
	half        bool // the pitches between the usual ones (see halfPitches)
	// tightFigures gives the figures smaller least sizes (see grid.tight)
	tightFigures bool
	carry        bool // a section may be carried over the fold (see carryOver)
}

// draftTops are the heights of the blocks above the sections that a step drafts, in the
// search's order: each of tops, and for a single page with tiles and charts each again with
// them in one row (a lower band, room for the text); for a spread whose text does not fit,
// the least top again with its band whole on the left page and on the right. A band place
// whose rows at the step's width are those of one drafted before it is left out: the flags
// act on a draft only through bandRows, so it would compose the same candidates again.
func draftTops(r *report.Report, s step) []top {
	places := []bandPlace{{}}
	if r.Layout.Pages == 1 && len(bandRows(r, 1, bandPlace{}, 1<<20)) > 1 {
		places = append(places, bandPlace{one: true})
	}
	// a spread whose band would leave a stray at its most even cut: that cut too, for a page
	// that needs the band's height (the stray's white is weighed, see bandWhite)
	if r.Layout.Pages == 2 && strayCut(r, 1<<20) {
		places = append(places, bandPlace{even: true})
	}
	// text that does not fit a spread: its band whole on either page, in one row, gives the
	// other page the lines of its band
	if r.Layout.Pages == 2 && s.tight && len(tileFigures(r))+len(bandCharts(r)) > 0 {
		places = append(places, bandPlace{one: true}, bandPlace{one: true, right: true})
	}
	across := 1 << 20
	if g, ok := newGridPitch(r.Layout.Width, r.Layout.Height, r.Layout.Pages, r.Layout.Columns, s.body, s.pitch); ok {
		across = tilesAcross(g)
	}
	var bands []bandPlace
	var drafted [][][]bandItem
	for _, b := range places {
		rows := bandRows(r, r.Layout.Pages, b, across)
		if slices.ContainsFunc(drafted, func(d [][]bandItem) bool { return sameRows(d, rows) }) {
			continue
		}
		bands = append(bands, b)
		drafted = append(drafted, rows)
	}
	var out []top
	for _, b := range bands {
		ts := tops()
		if s.tight {
			ts = ts[:1]
		}
		for _, o := range ts {
			o.oneBand, o.bandRight, o.evenBand = b.one, b.right, b.even
			o.noGallery, o.smallHead, o.rows, o.tightFigures, o.carry = s.bare, s.small, s.rows, s.tightFigures, s.carry
			out = append(out, o)
		}
	}
	return out
}

// draftTop composes the candidates of one step and top: for a page with nothing in its lead
// row, one for each share of that row given to its band.
func draftTop(k *kit, r *report.Report, s step, o top, accent page.Color) []result {
	var out []result
	for _, free := range []float64{0, 0.25, 0.5} {
		o.free = free
		res := compose(k, r, s.body, s.pitch, accent, o, false)
		out = append(out, res)
		if !res.bare {
			break
		}
	}
	return out
}

// parallel calls do(i) for every i < n on twice GOMAXPROCS goroutines at most and returns when
// all are done: a draft often waits for an answer another is computing (the memo's paragraphs
// and plans, which every top asks for at once early in a search), and a core whose goroutine
// waits takes the next one's work instead of idling. The order in which the i are done is not
// fixed, so do must only write what belongs to i (the memo kit it drafts with is safe to share,
// see kit.memo).
func parallel(n int, do func(i int)) {
	workers := min(2*runtime.GOMAXPROCS(0), n)
	if workers <= 1 {
		for i := range n {
			do(i)
		}
		return
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for {
				i := int(next.Add(1)) - 1
				if i >= n {
					return
				}
				do(i)
			}
		})
	}
	wg.Wait()
}

// better prefers a spread without errors, then fewer lines over, then pages that share the
// text evenly, then less white.
func better(a, b result) bool {
	if (len(a.errs) == 0) != (len(b.errs) == 0) {
		return len(a.errs) == 0
	}
	if a.over != b.over {
		return a.over < b.over
	}
	if better, decided := holeOrder(a.hole, b.hole); decided {
		return better
	}
	return cutBetter(a.skew, a.cost, b.skew, b.cost)
}

// holeOrder compares two candidates by the white they leave at the foot (shares of the page's
// lines): a page whose columns stop short is what an editor sends back first, so of candidates
// that leave such a hole the shallower wins, and one without beats one with. Below the editor's
// tolerance the order is not decided here: the white is weighed with the rest.
func holeOrder(a, b float64) (better, decided bool) {
	ah, bh := a > footTolerance, b > footTolerance
	switch {
	case ah != bh:
		return !ah, true
	case ah && math.Abs(a-b) > 1e-9:
		return a < b, true
	}
	return false, false
}

// carryHole is the white at a page's foot, as a share of its lines, past which a section is
// carried over the fold even though the report fits without (see printPlan).
const carryHole = 0.05

// footTolerance is the deepest white under a column, as a share of the page's lines, that a
// page editor lets stand (preflight warns past it, see pdf).
const footTolerance = 0.025

// sameRows reports whether two bands hold the same items in the same rows.
func sameRows(a, b [][]bandItem) bool {
	return slices.EqualFunc(a, b, func(x, y []bandItem) bool { return slices.Equal(x, y) })
}
