package layout

import (
	"math"
	"slices"

	"spread/report"
)

// arrange assigns sections to pages in order, balancing their volume against each page's
// room, and gives each page's sections side-by-side shares of its columns, or rows of them
// across the page (see bestRows) when there are more sections than pairs of columns, when
// inRows, or when mayRow and side by side does not fit. The closing goes to the last section.
//
// sc.shift moves two grid columns per step from the second of two side-by-side sections on a
// page to the first (or back, when negative), so that the search can give a short section
// fewer columns and the pair ends nearer one line; nil when a share would drop below two.
//
// sc.carry, when above zero, carries the left page's last section on into the first sc.carry
// grid columns of the right page, to its foot, beside the right page's sections (see
// module.carry): a long section that does not fit its page goes on over the fold. nil when the
// right page's sections cannot stand side by side in the columns left.
func arrange(k *kit, r *report.Report, g grid, cursor []int, gallery map[*report.Photo]bool, sc cutShift, mayRow bool) []*module {
	cut, shift, inRows := sc.cut, sc.shift, sc.rows
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
		if sc.carry > 0 && p == 1 {
			mods = carryInto(k, r, g, mods, grp, vol, gallery, closing, cursor, sc, p)
			if mods == nil {
				return nil
			}
			continue
		}
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
			side := sideBySide(r, g, grp, shares, gallery, p, 0, cursor[p])
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

// carryInto adds page p's sections grp to mods, side by side in the grid columns from carry on,
// with the section before them (the last of mods, on the page before) carried on into the
// first carry columns of p; nil when that arrangement cannot be made.
//
// carry of g.cols or more carries the section on across page p from its cursor to line at,
// with p's sections under it: in one row when they stand side by side and not sc.rowsUnder, else in
// the rows bestRows cuts (closing is then the last one's).
func carryInto(k *kit, r *report.Report, g grid, mods []*module, grp []int, vol []float64, gallery map[*report.Photo]bool, closing []report.Text, cursor []int, sc cutShift, p int) []*module {
	carry, at := sc.carry, sc.at
	if p != 1 || len(mods) == 0 || carry < g.cols && len(grp)*2 > g.cols-carry {
		return nil
	}
	last := mods[len(mods)-1]
	if last.stacked || len(last.parts) != 1 || last.parts[0].page != p-1 {
		return nil
	}
	last.carry, last.foot = cursor[p], g.nlines
	if carry >= g.cols {
		// across the page, the page's sections in a row under it
		last.parts = append(last.parts, part{page: p, col: 0, n: g.cols})
		last.limit = at
		if sc.rowsUnder || len(grp)*2 > g.cols {
			rows, _ := bestRows(k, r, g, grp, vol, gallery, closing, p, at)
			for _, m := range rows {
				m.row++ // under the carried text, the page's first row
			}
			return append(mods, rows...)
		}
		row := sideBySide(r, g, grp, shareCols(g.cols, grp, vol), gallery, p, 0, at)
		for _, m := range row {
			m.stacked, m.row = true, 1 // under the carried text, the page's first row
		}
		return append(mods, row...)
	}
	last.parts = append(last.parts, part{page: p, col: 0, n: carry})
	return append(mods, sideBySide(r, g, grp, shareCols(g.cols-carry, grp, vol), gallery, p, carry, cursor[p])...)
}

// sideBySide is page p's sections grp side by side from grid column col, in shares of the
// columns, from line0 to the foot, each with its figures.
func sideBySide(r *report.Report, g grid, grp, shares []int, gallery map[*report.Photo]bool, p, col, line0 int) []*module {
	out := make([]*module, 0, len(grp))
	for i, s := range grp {
		m := &module{sec: r.Sections[s], parts: []part{{page: p, col: col, n: shares[i]}}, line0: line0, limit: g.nlines}
		give(r, m, gallery)
		out = append(out, m)
		col += shares[i]
	}
	return out
}

// bestRows is, of the ways to cut a page's sections grp into rows across page p from line top
// (each row's widths by volume), the one whose rows need the fewest lines in all, and that many
// lines. Balanced and nested rows are fullestRows' to try: the fewest lines is what fits, not
// what fills, and the least heights of every section at every width would cost several times
// the search (a six-section broadsheet 3.6 times its CPU) for drafts that do not fit.
func bestRows(k *kit, r *report.Report, g grid, grp []int, vol []float64, gallery map[*report.Photo]bool, closing []report.Text, p, top int) ([]*module, int) {
	return rememberRows(k, newStackKey(r, g, grp, gallery, closing, p, top, true), func() ([]*module, int) {
		return fewestRows(k, r, g, grp, vol, gallery, closing, p, top)
	})
}

// fewestRows is bestRows without the memo.
func fewestRows(k *kit, r *report.Report, g grid, grp []int, vol []float64, gallery map[*report.Photo]bool, closing []report.Text, p, top int) ([]*module, int) {
	var best []*module
	bestNeed := math.MaxInt
	for _, rows := range rowCuts(grp, g.perRow()) {
		ms := rowModules(k, r, g, rows, vol, gallery, closing, p, top, byVolume)
		need := 0
		for i := 0; i < len(ms); {
			j := i
			for j < len(ms) && ms[j].row == ms[i].row {
				j++
			}
			need += rowNeed(k, g, ms[i:j], g.nlines-top)
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
// foot (the shallowest), then the least white (white between rows weighed as compose weighs
// it); a section alone across the page in a shallow strip is not a way. Each cut is tried by
// volume, balanced and nested (see rowModules), the last two only where the rows by volume do
// not fit or leave white between them.
func fullestRows(k *kit, r *report.Report, g grid, grp []int, vol []float64, gallery map[*report.Photo]bool, closing []report.Text, p, top int) []*module {
	ms, _ := rememberRows(k, newStackKey(r, g, grp, gallery, closing, p, top, false), func() ([]*module, int) {
		return fullestRowsAll(k, r, g, grp, vol, gallery, closing, p, top), 0
	})
	return ms
}

// rememberRows answers a question about a page's rows from k's memo, computing it when nobody
// has. Each caller gets modules of its own: a candidate's arrangement moves its modules' lines
// (placeRow, leastHeight's trials, a carried section's rows) and parts (carryInto).
func rememberRows(k *kit, key stackKey, compute func() ([]*module, int)) ([]*module, int) {
	if k.stacks == nil {
		return compute()
	}
	a := k.stacks.get(key, func() stackAnswer {
		ms, need := compute()
		out := stackAnswer{need: need}
		for _, m := range ms {
			out.mods = append(out.mods, *m)
		}
		return out
	})
	out := make([]*module, len(a.mods))
	for i := range a.mods {
		m := a.mods[i]
		m.parts = slices.Clone(m.parts)
		out[i] = &m
	}
	return out, a.need
}

// stackKey is one question about a page's rows (fullestRows', or bestRows' when fewest):
// the grid, the page's sections (their indices, one rune each), which of the report's photos
// the lead row took (usedPhotos), whether the closing ends them, the page and the line they
// start on. The sections' volumes follow from the report and the photos taken.
type stackKey struct {
	g         grid
	grp, used string
	closing   bool
	p, top    int
	fewest    bool
}

// stackAnswer is a remembered answer about a page's rows: its modules, and for bestRows the
// lines they need.
type stackAnswer struct {
	mods []module
	need int
}

func newStackKey(r *report.Report, g grid, grp []int, gallery map[*report.Photo]bool, closing []report.Text, p, top int, fewest bool) stackKey {
	ids := make([]rune, len(grp))
	for i, s := range grp {
		ids[i] = rune(s)
	}
	return stackKey{g: g, grp: string(ids), used: usedPhotos(r, gallery), closing: len(closing) > 0, p: p, top: top, fewest: fewest}
}

// usedPhotos is, for each photo of the report's sections in order, '1' when gallery has it.
func usedPhotos(r *report.Report, gallery map[*report.Photo]bool) string {
	var b []byte
	for _, s := range r.Sections {
		for _, ph := range s.Photos {
			if gallery[ph] {
				b = append(b, '1')
			} else {
				b = append(b, '0')
			}
		}
	}
	return string(b)
}

// fullestRowsAll is fullestRows without the memo.
func fullestRowsAll(k *kit, r *report.Report, g grid, grp []int, vol []float64, gallery map[*report.Photo]bool, closing []report.Text, p, top int) []*module {
	var best []*module
	var bOver int
	var bHole, bWhite float64
	for _, rows := range rowCuts(grp, g.perRow()) {
		for _, how := range []rowWidths{byVolume, balanced, nested} {
			ms := rowModules(k, r, g, rows, vol, gallery, closing, p, top, how)
			if ms == nil {
				continue
			}
			plans := planAll(k, g, ms)
			inside := between(plans)
			over, white := 0, 0.0
			for _, mp := range plans {
				over += mp.over
				white += mp.white + mp.excess
			}
			// rows by volume that fit and leave no white between them leave other widths
			// nothing to close
			closed := how == byVolume && over == 0 && inside == 0
			if shallowStrip(g, plans) {
				if closed {
					break
				}
				continue
			}
			white += (holeCost - 1) * inside // as compose weighs it
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
			if closed {
				break
			}
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

// rowWidths is how rowModules sets a row's sections side by side.
type rowWidths int

const (
	byVolume rowWidths = iota // widths in proportion to volume (shareRow)
	balanced                  // the whole-column widths that end the row's sections nearest (balanceSlots)
	nested                    // balanced, two neighbours stacked in one slot where that ends them nearer (nestPair)
)

// rowModules lays rows of sections over page p from line top, each section with its figures
// and the last with closing: each row across the page, its sections side by side in widths
// as how says, its lines at first in proportion to its volume. nil when how gives no row other
// widths or slots than the way before it (byVolume for balanced, balanced for nested): a way
// already tried.
func rowModules(k *kit, r *report.Report, g grid, rows [][]int, vol []float64, gallery map[*report.Photo]bool, closing []report.Text, p, top int, how rowWidths) []*module {
	total := 0.0
	for _, row := range rows {
		for _, s := range row {
			total += vol[s]
		}
	}
	var mods []*module
	line, changed := top, false
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
		ms := make([]*module, len(row))
		c := 0
		for i, s := range row {
			ms[i] = &module{sec: r.Sections[s], parts: []part{{page: p, col: c, n: shares[i]}}, line0: line, limit: lim,
				stacked: true, row: ri}
			give(r, ms[i], gallery)
			c += shares[i]
		}
		if ri == len(rows)-1 {
			ms[len(ms)-1].closing = closing
		}
		if how >= balanced && len(row) > 1 {
			moved, score := balanceSlots(k, g, singleSlots(ms), g.nlines-top)
			if how == nested {
				moved = nestPair(k, g, ms, score, g.nlines-top)
			}
			changed = moved || changed
		}
		placeRow(k, g, ms, line, lim)
		mods = append(mods, ms...)
		line = lim
	}
	if how > byVolume && !changed {
		return nil
	}
	return mods
}

// A slot is the grid columns of a row that one module takes, or two stacked (nested): the
// upper one in its least height, the lower one (nestUnder) under it to the row's foot. Reading
// order stays the sections' order: left to right, and top to bottom within a slot.
const (
	nestTop   = 1
	nestUnder = 2
)

// singleSlots is each module of a row in a slot of its own.
func singleSlots(ms []*module) [][]*module {
	out := make([][]*module, len(ms))
	for i, m := range ms {
		out[i] = []*module{m}
	}
	return out
}

// slotsOf are the slots of one row's modules ms, as their nest marks say.
func slotsOf(ms []*module) [][]*module {
	var out [][]*module
	for i := 0; i < len(ms); i++ {
		if ms[i].nest == nestTop && i+1 < len(ms) {
			out = append(out, ms[i:i+2])
			i++
			continue
		}
		out = append(out, ms[i:i+1])
	}
	return out
}

// slotNeed is the fewest lines a slot's modules fit in, one under the other, at most room
// (room+1 when they do not fit).
func slotNeed(k *kit, g grid, slot []*module, room int) int {
	n := 0
	for _, m := range slot {
		n += minHeight(k, g, m, room)
	}
	return min(n, room+1)
}

// rowNeed is the fewest lines a row of modules ms fits in: its deepest slot's (see slotNeed).
func rowNeed(k *kit, g grid, ms []*module, room int) int {
	n := 0
	for _, slot := range slotsOf(ms) {
		n = max(n, slotNeed(k, g, slot, room))
	}
	return n
}

// placeRow sets a row's modules ms from line to lim: each across those lines, but in a slot of
// two the upper one in its least height (as much as leaves the lower one its own) and the lower
// one under it to lim.
func placeRow(k *kit, g grid, ms []*module, line, lim int) {
	for i := 0; i < len(ms); i++ {
		m := ms[i]
		m.line0, m.limit = line, lim
		if m.nest != nestTop || i+1 >= len(ms) {
			continue
		}
		under := ms[i+1]
		h := minHeight(k, g, m, lim-line)
		if rest := lim - line - minHeight(k, g, under, lim-line); h > rest {
			h = max(headLines+1, rest)
		}
		m.limit = line + h
		under.line0, under.limit = m.limit, lim
		i++
	}
}

// balanceSlots sets the widths of one row's slots (side by side, each at least rowMinCols(g)
// whole grid columns) to those under which the slots whose lowest module has no figures end
// within raggedSlack lines of the row's deepest slot, else nearest it (figures grow to meet it;
// text alone cannot), then the shallowest row: a short text beside a long one takes fewer
// columns and runs deeper, so the row leaves no hole above the next. Heights are least heights
// in room lines (minHeight, remembered per width). It reports whether the widths changed, and
// the score of the widths it sets: the hole past raggedSlack, the row's least height and the
// hole, less being better in that order.
func balanceSlots(k *kit, g grid, slots [][]*module, room int) (bool, [3]int) {
	least := rowMinCols(g)
	n := len(slots)
	shares := make([]int, n)
	for i, sl := range slots {
		shares[i] = sl[0].parts[0].n
	}
	set := func(ws []int) {
		c := 0
		for i, sl := range slots {
			for _, m := range sl {
				m.parts[0].col, m.parts[0].n = c, ws[i]
			}
			c += ws[i]
		}
	}
	// need[i][w] is slot i's least height at width w (-1 until asked; unfit for a slot of two
	// that would be a shallow strip), so that the walk over all widths asks the memo once a
	// slot and width
	need := make([][]int, n)
	for i := range need {
		need[i] = make([]int, g.cols+1)
		for w := range need[i] {
			need[i][w] = -1
		}
	}
	slotAt := func(i, w int) int {
		if need[i][w] < 0 {
			sl := slots[i]
			was := sl[0].parts[0].n
			for _, m := range sl {
				m.parts[0].n = w
			}
			need[i][w] = slotNeed(k, g, sl, room)
			if len(sl) > 1 && shallowNest(k, g, sl, room) {
				need[i][w] = unfit
			}
			for _, m := range sl {
				m.parts[0].n = was
			}
		}
		return need[i][w]
	}
	score := func(ws []int) [3]int {
		deepest, shallowest := 0, math.MaxInt
		for i, sl := range slots {
			h := slotAt(i, ws[i])
			if h == unfit {
				return [3]int{math.MaxInt, math.MaxInt, math.MaxInt}
			}
			deepest = max(deepest, h)
			if low := sl[len(sl)-1]; len(low.photos)+len(low.charts) == 0 {
				shallowest = min(shallowest, h)
			}
		}
		gap := 0
		if shallowest != math.MaxInt {
			gap = deepest - shallowest
		}
		return [3]int{max(0, gap-raggedSlack), deepest, gap}
	}
	best := append([]int(nil), shares...)
	bestScore := score(best)
	if bestScore[0] == 0 || n*least > g.cols {
		set(best)
		return false, bestScore // nothing to balance, or no other widths
	}
	ws := make([]int, n)
	var walk func(i, left int)
	walk = func(i, left int) {
		if i == n-1 {
			ws[i] = left
			if sc := score(ws); scoreLess(sc, bestScore) {
				best, bestScore = append(best[:0], ws...), sc
			}
			return
		}
		for w := least; w <= left-least*(n-1-i); w++ {
			ws[i] = w
			walk(i+1, left-w)
		}
	}
	walk(0, g.cols)
	set(best)
	for i := range best {
		if best[i] != shares[i] {
			return true, bestScore
		}
	}
	return false, bestScore
}

// shallowNest reports whether a module of a slot of two would be set in fewer than
// minNestDepth lines a column under its head (its least height in the slot's width): two
// sections stacked in one slot are blocks of columns, not a strip of a line or two over the
// other.
func shallowNest(k *kit, g grid, slot []*module, room int) bool {
	for _, m := range slot {
		if minHeight(k, g, m, room)-headLines < minNestDepth {
			return true
		}
	}
	return false
}

// minNestDepth is the fewest lines a column a section stacked in a slot with another has.
const minNestDepth = 5

// unfit marks a slot's width balanceSlots may not take.
const unfit = math.MaxInt

// scoreLess orders balanceSlots' scores.
func scoreLess(a, b [3]int) bool {
	for i := range a {
		if a[i] != b[i] {
			return a[i] < b[i]
		}
	}
	return false
}

// nestPair stacks two neighbouring modules of a row of three or more (balanced as they stand,
// with balanceSlots' score flat) in one slot, the pair and widths whose score is best, when
// that beats flat: two short sections beside a long one end with it instead of over a hole.
// It reports whether it nested a pair; else the row is left as it was.
func nestPair(k *kit, g grid, ms []*module, flatScore [3]int, room int) bool {
	if len(ms) < 3 || flatScore[0] == 0 {
		return false // too few to stack beside another, or the row already ends together
	}
	cols := func() []int {
		out := make([]int, len(ms))
		for i, m := range ms {
			out[i] = m.parts[0].n
		}
		return out
	}
	restore := func(ws []int) {
		c := 0
		for i, m := range ms {
			m.parts[0].col, m.parts[0].n = c, ws[i]
			c += ws[i]
		}
	}
	flat := cols()
	bestPair, bestScore := -1, flatScore
	var bestCols []int
	for i := 0; i+1 < len(ms); i++ {
		slots := singleSlots(ms[:i])
		slots = append(slots, ms[i:i+2])
		slots = append(slots, singleSlots(ms[i+2:])...)
		// the pair starts in the first one's columns, the slots by volume share what they had
		w := ms[i].parts[0].n + ms[i+1].parts[0].n
		ms[i].parts[0].n, ms[i+1].parts[0].n = w, w
		ms[i+1].parts[0].col = ms[i].parts[0].col
		_, sc := balanceSlots(k, g, slots, room)
		if scoreLess(sc, bestScore) {
			bestPair, bestScore, bestCols = i, sc, cols()
		}
		restore(flat)
	}
	if bestPair < 0 {
		return false
	}
	c := 0
	for i, m := range ms {
		if i == bestPair+1 {
			m.parts[0].col, m.parts[0].n = ms[i-1].parts[0].col, bestCols[i]
			continue
		}
		m.parts[0].col, m.parts[0].n = c, bestCols[i]
		c += bestCols[i]
	}
	ms[bestPair].nest, ms[bestPair+1].nest = nestTop, nestUnder
	return true
}

// rowMinCols is the fewest grid columns a section takes in a row: two, so that it reads as a
// block of columns, or one where a grid column is a text column of its own (see perRow).
func rowMinCols(g grid) int {
	if g.col >= 20 {
		return 1
	}
	return 2
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
	carry      int  // grid columns of the right page the left page's last section goes on in
	at         int  // when carry is all of them: the line where the right page's sections begin
	rowsUnder  bool // and they go in rows under the carried text, not side by side
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
		for j < len(mods) && mods[j].stacked && mods[j].rowPage() == mods[i].rowPage() {
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
		need[r] = rowNeed(k, g, rowOf(ms, row), bottom-top)
		total += need[r]
	}
	extra := bottom - top - total
	if extra < 0 {
		// the content does not fit: each row its least height from the top, so that what is
		// over is the page's shortfall, at the rows that run past the foot (proportional slots
		// would put a line or two over in every row, however much is cut from the others)
		line := top
		for r, row := range rows {
			lim := min(bottom, line+need[r])
			if r == len(rows)-1 {
				lim = bottom
			}
			placeRow(k, g, rowOf(ms, row), line, lim)
			for _, i := range row {
				plans[i] = planModule(k, g, ms[i])
			}
			line = lim
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
		placeRow(k, g, rowOf(ms, row), line, lim)
		for _, i := range row {
			plans[i] = planModule(k, g, ms[i])
		}
		for _, i := range row {
			if !plans[i].ok { // rounding: fall back to the least height
				lim = line + need[r]
				placeRow(k, g, rowOf(ms, row), line, lim)
				for _, j := range row {
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

// rowOf is the modules of one row of ms, row being their indices (a run).
func rowOf(ms []*module, row []int) []*module { return ms[row[0] : row[len(row)-1]+1] }

// rebalanceRows moves the lines a row of stacked modules leaves empty under all its modules
// (its figures at their greatest, its text at its end) to another row whose modules then fill
// better, while that makes the deepest white under any column of the rows shallower: the share
// by figure count above is a guess, and a row that cannot use its share leaves a hole inside
// the page that the foot's measure does not see.
func rebalanceRows(k *kit, g grid, ms []*module, plans []modPlan, rows [][]int, heights []int, top int) {
	place := func(hs []int, out []modPlan) bool {
		line := top
		for r, row := range rows {
			placeRow(k, g, rowOf(ms, row), line, line+hs[r])
			for _, i := range row {
				out[i] = planModule(k, g, ms[i])
				if !out[i].ok {
					return false
				}
			}
			line += hs[r]
		}
		return true
	}
	// deepest is the deepest white under a column of any module, white above another row
	// weighed innerHoleWeight times (lines are not moved from the foot into the page unless that
	// makes the white there much shallower), then the white of all
	bottom := ms[len(ms)-1].limit
	deepest := func(ps []modPlan) (float64, float64) {
		d, w := 0.0, 0.0
		for _, p := range ps {
			gap := float64(p.footGap())
			if p.m.limit < bottom {
				gap *= innerHoleWeight
			}
			d = max(d, gap)
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
			if !place(hs, trial) || shallowStrip(g, trial) {
				continue // a row may not shrink to a strip fullestRows would not have made
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

// innerHoleWeight is how much deeper white above another row counts than white at the foot,
// in passing lines between rows: a page editor moves white inside the page to its foot, where it
// reads as the end of the text and preflight sees it.
const innerHoleWeight = 1.5

// minHeight is the fewest grid lines module m fits in, at most room (room+1 when it does
// not fit at all). The answer for the page's whole height is remembered (see kit.needs): the
// search asks it of the same module at many tops.
func minHeight(k *kit, g grid, m *module, room int) int {
	key, keyed := needKey(g, m)
	least := func() int { return leastHeight(k, g, m, g.nlines) }
	need := 0
	if keyed {
		need = k.needs.get(key, least)
	} else {
		need = least()
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
