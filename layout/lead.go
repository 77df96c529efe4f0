package layout

import (
	"math"
	"slices"

	"spread/fonts"
	"spread/page"
	"spread/report"
)

// tint is the accent at a fraction of its strength, for boxes behind text.
func tint(c page.Color, f float64) page.Color {
	return page.Color{C: c.C * f, M: c.M * f, Y: c.Y * f, K: c.K * f}
}

// splitCols divides w grid columns into frames of 2–4 columns, as even as possible.
func splitCols(w int) []int {
	if w < 2 {
		return nil
	}
	n := (w + 3) / 4
	out := make([]int, n)
	for i := range out {
		out[i] = w / n
		if i < w%n {
			out[i]++
		}
	}
	return out
}

// leadSet is the lead set in a box of n grid columns.
type leadSet struct {
	cols   int // grid columns of the box
	k      int // text columns inside
	size   float64
	lines  []bodyLine
	counts []int
	per    int // lines in the fullest column
	x      []float64
	w      float64 // text column width, pt
	boxW   float64
}

// The set is shared with other callers (see memo) and must not be modified.
func setLead(k *kit, g grid, lead []report.Text, cols int, size float64) leadSet {
	key := leadKey{n: len(lead), cols: cols, size: size, body: g.body}
	if len(lead) > 0 {
		key.first = &lead[0]
	}
	return k.leads.get(key, func() leadSet { return setLeadAll(k, g, lead, cols, size) })
}

// leadKey is one setLead request: the paragraphs by identity, the box and the sizes (the box
// depends on the grid's body size only, not on its pitch).
type leadKey struct {
	first      *report.Text
	n, cols    int
	size, body float64
}

// setLeadAll is setLead without the memo. The box is set in up to three text columns by its
// width, fewer when the text is too short to give each column boxMinLines lines (a closing of
// four lines read across two columns of two is not a block but a puzzle), unless one column
// fewer would set lines longer than boxMaxChars while these hold boxFewLines each and split no
// short paragraph. A column break that
// would split a paragraph of boxShortPara lines or fewer moves to the paragraph's nearer end
// when the columns stay within boxUneven lines of each other; else the box takes fewer columns,
// unless their lines would be longer than boxMaxChars.
func setLeadAll(k *kit, g grid, lead []report.Text, cols int, size float64) leadSet {
	most := 1
	switch {
	case cols >= 8:
		most = 3
	case cols >= 4:
		most = 2
	}
	var ls leadSet
	for n := most; n >= 1; n-- {
		ls = setLeadIn(k, g, lead, cols, size, n)
		if n > 1 && splitsShort(ls) {
			ls = breakAtParagraphs(ls)
		}
		if n == 1 {
			break
		}
		tooWide := boxChars(g, cols, size, n-1) > boxMaxChars // the lines of one column fewer
		if len(ls.lines) >= boxMinLines*n && (!splitsShort(ls) || tooWide) {
			break
		}
		// fewer columns would set lines too long to follow: these do, while each still holds
		// a block (a short lead across a broadsheet read 95 characters a line)
		if tooWide && !splitsShort(ls) && slices.Min(ls.counts) >= boxFewLines {
			break
		}
	}
	return ls
}

// boxFewLines is the fewest lines a box's column may hold when fewer columns would set lines
// longer than boxMaxChars.
const boxFewLines = 2

// boxMinLines is the fewest lines a text column of a lead or closing box carries (but see
// boxFewLines).
const boxMinLines = 4

// boxMaxChars is the longest line, in characters, a box takes fewer columns for: past it a
// short paragraph split between columns reads better than lines too long to follow. A box of
// one column sets no longer lines: its column is narrowed and centred.
const boxMaxChars = 50

// boxChars is the widest measure of n text columns in a box of cols grid columns, in characters.
func boxChars(g grid, cols int, size float64, n int) float64 {
	return math.Floor((g.span(cols) - 2*g.body - float64(n-1)*size) / float64(n) / size)
}

// boxShortPara is the most lines of a paragraph that a box never splits between two of its
// columns: five lines read as one block, and their end carried to the next column's top (a
// closing's "只 | 争朝夕") reads as a misprint.
const boxShortPara = 5

// breakAtParagraphs moves each column break of ls that splits a short paragraph to the nearer
// end of that paragraph, when the columns then differ by no more than boxUneven lines;
// otherwise it returns ls as it was (and the box takes fewer columns).
func breakAtParagraphs(ls leadSet) leadSet {
	at, prev := 0, 0
	counts := make([]int, len(ls.counts))
	for c, n := range ls.counts[:len(ls.counts)-1] {
		at += n
		if at > prev && at < len(ls.lines) && !ls.lines[at].first {
			start, end := at, at
			for start > 0 && !ls.lines[start].first {
				start--
			}
			for end < len(ls.lines) && !ls.lines[end].last {
				end++
			}
			end++ // the line after the paragraph
			if end-start <= boxShortPara {
				switch {
				case at-start <= end-at && start > prev:
					at = start
				case end < len(ls.lines):
					at = end
				case start > prev:
					at = start
				}
			}
		}
		counts[c], prev = at-prev, at
	}
	counts[len(counts)-1] = len(ls.lines) - prev
	per, least := 0, len(ls.lines)
	for _, n := range counts {
		per, least = max(per, n), min(least, n)
	}
	if least <= 0 || per-least > boxUneven {
		return ls
	}
	out := ls
	out.counts, out.per = counts, per
	return out
}

// boxUneven is how many lines a box's columns may differ by so that no short paragraph is split.
const boxUneven = 2

// splitsShort reports whether a column break of the box falls inside a paragraph of at most
// boxShortPara lines.
func splitsShort(ls leadSet) bool {
	at := 0
	for _, n := range ls.counts[:max(len(ls.counts)-1, 0)] {
		at += n
		if at <= 0 || at >= len(ls.lines) || ls.lines[at].first {
			continue
		}
		start, end := at, at
		for start > 0 && !ls.lines[start].first {
			start--
		}
		for end < len(ls.lines) && !ls.lines[end].last {
			end++
		}
		if end-start+1 <= boxShortPara {
			return true
		}
	}
	return false
}

// setLeadIn sets the lead in n text columns across a box of cols grid columns. The box is held
// to the body's rule: the widest whole number of characters that fits is kept when no line is
// flawed (spread by more than maxLeadStretch per gap, or parting a number from its unit); else
// up to leadNarrower fewer are tried, and the measure kept is the one with the fewest flawed
// lines, then the fewest lines in the fullest column, then the fewest empty line slots (columns
// of one length), then the widest. Columns are threaded to end on one line or one above it. A
// narrower single column is centred in the box; several share the spare as gutter. (Trying
// narrower measures for balance alone would cost a third of the print layout's time.)
func setLeadIn(k *kit, g grid, lead []report.Text, cols int, size float64, n int) leadSet {
	full := boxChars(g, cols, size, n)
	widest := full
	if n == 1 {
		// one column across a wide box (a short closing under a page-wide section) keeps
		// lines a reader can follow, in the middle of the box
		widest = math.Min(widest, boxMaxChars)
	}
	var best leadSet
	var bestScore [3]int
	for chars := widest; ; chars-- { // the widest always, however narrow the box
		ls := setLeadAt(k, g, lead, cols, size, n, chars, (full-chars)*size/2)
		sc := [3]int{boxFlaws(ls.lines), ls.per, ls.per*ls.k - len(ls.lines)}
		if chars == widest || sc[0] < bestScore[0] || sc[0] == bestScore[0] && (sc[1] < bestScore[1] ||
			sc[1] == bestScore[1] && sc[2] < bestScore[2]) {
			best, bestScore = ls, sc
		}
		if bestScore[0] == 0 || chars-1 < math.Max(widest-leadNarrower, 1) {
			break // tight (a narrower measure has no fewer lines), or as narrow as it goes
		}
	}
	return best
}

// flawLines is what a marked line of the lead (see boxFlaws) costs its row: as much as that
// many lines of empty tint in the box (counted three times as white, see planLeadRowAll).
const flawLines = 4

// leadNarrower is how many characters narrower than the widest a box's measure may be made to
// keep its lines tight.
const leadNarrower = 2

// maxLeadStretch is the body's rule for a justified line, em per gap (see typeset).
const maxLeadStretch = 0.15

// boxFlaws counts the lines an editor would mark: a justified line spread by more than
// maxLeadStretch per gap, a break that parts a number from its unit.
func boxFlaws(ls []bodyLine) int {
	n := 0
	for _, l := range ls {
		if l.Torn {
			n++
			continue
		}
		if l.last {
			continue
		}
		for _, r := range l.Runs {
			if r.Spacing > maxLeadStretch+1e-9 {
				n++
				break
			}
		}
	}
	return n
}

// setLeadAt sets the lead in n text columns of chars characters; a single column is moved
// right by shift (pt).
func setLeadAt(k *kit, g grid, lead []report.Text, cols int, size float64, n int, chars, shift float64) leadSet {
	ls := leadSet{cols: cols, size: size, boxW: g.span(cols), k: n}
	inner := ls.boxW - 2*g.body
	ls.w = chars * size
	gut := 0.0
	if ls.k > 1 {
		gut, shift = (inner-float64(ls.k)*ls.w)/float64(ls.k-1), 0
	}
	for i := 0; i < ls.k; i++ {
		ls.x = append(ls.x, g.body+shift+float64(i)*(ls.w+gut))
	}
	ls.lines = breakParasOpts(k, lead, fonts.Kai, lineOpts{Measure: chars, Indent: 2, Words: true})
	starts := make([]int, ls.k)
	ls.counts, ls.per, _, _ = thread(ls.lines, starts, len(ls.lines)+1)
	return ls
}

// boxLines is the height of the lead box in grid lines at the solid pitch.
func (ls leadSet) boxLines(g grid) int {
	return g.linesFor(float64(ls.per)*ls.size*1.55 + 1.2*g.lead)
}

// openLines is the height of the box with the lead at its most open leading (see leadItems).
func (ls leadSet) openLines(g grid) int {
	return g.linesFor(float64(ls.per)*ls.size*1.9 + 1.2*g.lead)
}

// leadItems draws the tinted box of `lines` grid lines at (x, line) with the lead in it; the
// pitch opens up (to 1.9 × size at most) so the text fills a box made taller by photos beside
// it, and past that the text stands in the box's middle.
func leadItems(g grid, ls leadSet, x float64, line, lines int, accent page.Color) []page.Item {
	fill := tint(accent, 0.08)
	y := g.y(line)
	h := float64(lines)*g.lead - 0.5*g.lead
	out := []page.Item{page.Rect{X: x, Y: y, W: ls.boxW, H: h, Fill: &fill}}
	pitch := ls.size * 1.55
	if ls.per > 1 {
		pitch = math.Min(ls.size*1.9, math.Max(pitch, (h-1.2*g.lead)/float64(ls.per)))
	}
	// a box taller than its text at the most open leading keeps the text in its middle, not
	// a block of empty tint under it
	y0 := y + 0.6*g.lead + math.Max(0, (h-1.2*g.lead-float64(ls.per)*pitch)/2)
	i := 0
	for c, n := range ls.counts {
		for j := 0; j < n; j++ {
			for _, r := range ls.lines[i].Runs {
				out = append(out, page.Text{X: x + ls.x[c] + r.X*ls.size, Y: y0 + float64(j)*pitch + 0.95*ls.size,
					Font: fonts.Kai, Size: ls.size, Spacing: r.Spacing * ls.size, Color: page.Gray(1), S: r.Text})
			}
			i++
		}
	}
	return out
}

// frame is a photo frame in a row: page, grid column, width in grid columns.
type frame struct {
	page, col, n int
	photo        *report.Photo
}

// leadRow is the lead box and the photos beside it, the row under the headline.
type leadRow struct {
	set    leadSet
	frames []frame
	lines  int
	white  float64 // empty character × line cells in the row
	empty  int     // lines of tint under the lead at its most open leading
}

// planLeadRow chooses the lead box width and size and the photo frames so that box and photos
// are one height with the least white: photos keep their shape, the lead opens its leading.
//
// The row is shared with other callers (see memo) and must not be modified.
func planLeadRow(k *kit, g grid, lead []report.Text, gallery []*report.Photo, minLines int) leadRow {
	key := rowKey{g: g, minLines: minLines, nlead: len(lead)}
	if len(lead) > 0 {
		key.lead = &lead[0]
	}
	key.gallery = len(gallery)
	if len(gallery) > 0 {
		key.photo = gallery[0]
	}
	return k.rows.get(key, func() leadRow { return planLeadRowAll(k, g, lead, gallery, minLines) })
}

// rowKey is one planLeadRow request: the lead and the gallery by identity (the gallery is
// the report's, the same for every candidate of a call), the grid and the least height.
type rowKey struct {
	g              grid
	minLines       int
	lead           *report.Text
	nlead, gallery int
	photo          *report.Photo
}

// leadWidths are the widths, in grid columns, planLeadRow tries the lead box at: from about
// half the row, the photos of gallery beside it in the rest. A box across the whole row while
// photos are to be had reads as a thin strip of text: the row keeps a photo.
func leadWidths(g grid, gallery []*report.Photo) []int {
	var out []int
	for cols := max(2, g.cols/2-1); cols <= g.cols; cols++ {
		frames := len(splitCols(g.cols - cols))
		if frames > len(gallery) || (cols < g.cols || g.pages == 1 && len(gallery) > 0) && frames == 0 {
			continue
		}
		out = append(out, cols)
	}
	return out
}

// leadSizes are the sizes planLeadRow tries the lead at, in step with the body: 五号 to 四号
// at a 小五 body, and the body's own size for text that would not fit (grid.tight).
func leadSizes(g grid) []float64 {
	scale := g.body / 9
	sizes := []float64{10.5 * scale, 12 * scale, 14 * scale}
	if g.tight {
		sizes = append([]float64{9 * scale}, sizes...)
	}
	return sizes
}

// warmLeads sets the lead box at every width and size planLeadRow asks for on grids of g's
// body, on all cores at once: the candidates a search drafts side by side all ask for them
// first, and an answer one core is computing is one the other waits for.
func warmLeads(k *kit, g grid, lead []report.Text, gallery []*report.Photo) {
	type box struct {
		cols int
		size float64
	}
	var boxes []box
	for _, cols := range leadWidths(g, gallery) {
		for _, size := range leadSizes(g) {
			boxes = append(boxes, box{cols, size})
		}
	}
	parallel(len(boxes), func(i int) { setLead(k, g, lead, boxes[i].cols, boxes[i].size) })
}

// planLeadRowAll is planLeadRow without the memo.
func planLeadRowAll(k *kit, g grid, lead []report.Text, gallery []*report.Photo, minLines int) leadRow {
	best, bestCost := leadRow{}, math.Inf(1)
	for _, cols := range leadWidths(g, gallery) {
		for _, bare := range []bool{false, true} {
			frames, uncovered, dropped, ok := leadFrames(g, gallery, cols, bare)
			if !ok {
				continue
			}
			bestCost, best = leadRowAt(k, g, lead, cols, frames, uncovered, dropped, minLines, bestCost, best)
		}
	}
	return best
}

// leadFrames lays the gallery's photos beside a lead box cols grid columns wide: in the rest of
// the first page's row, then across the other page's. When bare, a page whose photos cannot
// cover its row keeps none (they go back to their sections, and that page's band begins under
// the headline): dropped is then the grid columns its photos would have left white. ok is
// false when bare changes nothing.
func leadFrames(g grid, gallery []*report.Photo, cols int, bare bool) (frames []frame, uncovered, dropped int, ok bool) {
	for _, n := range splitCols(g.cols - cols) {
		frames = append(frames, frame{page: 0, col: cols + sum(frames), n: n})
	}
	for p := 1; p < g.pages; p++ {
		parts := splitCols(g.cols)
		if rest := len(gallery) - len(frames); rest < len(parts) {
			parts = fewer(g.cols, rest)
		}
		// a lone panorama runs across its page rather than leave a white block beside it
		if len(parts) == 1 && len(frames) < len(gallery) && aspect(gallery[len(frames)]) >= panoramaMin {
			parts = []int{g.cols}
		}
		covered := 0
		for _, n := range parts {
			covered += n
		}
		if bare && covered > 0 && covered < g.cols {
			dropped += g.cols - covered
			continue
		}
		for c, i := 0, 0; i < len(parts); c, i = c+parts[i], i+1 {
			frames = append(frames, frame{page: p, col: c, n: parts[i]})
		}
		if covered > 0 { // a page without a frame is no part of the row: its band begins higher
			uncovered += g.cols - covered
		}
	}
	for i := range frames {
		frames[i].photo = gallery[i]
	}
	return frames, uncovered, dropped, !bare || dropped > 0
}

// leadRowAt is the better of best (at bestCost) and the lead box cols grid columns wide beside
// frames, at the lead size that costs least: uncovered grid columns of the row stay white
// beside the frames; dropped ones are those a page's photos would have left white had they not
// gone back to their sections.
func leadRowAt(k *kit, g grid, lead []report.Text, cols int, frames []frame, uncovered, dropped, minLines int, bestCost float64, best leadRow) (float64, leadRow) {
	for _, size := range leadSizes(g) {
		ls := setLead(k, g, lead, cols, size)
		h := max(ls.boxLines(g), minLines)
		his := make([]int, len(frames))
		lowres := 0 // frames wider than their photo's pixels allow
		for i, f := range frames {
			lo, hi, ok := photoLines(k, g, f.photo, g.span(f.n))
			h = max(h, lo)
			his[i] = hi
			if !ok {
				lowres++
			}
		}
		// white: the box below the lead at its most open leading, the row under photos
		// that cannot grow taller; the box fitting its lead at the solid pitch is a
		// lesser preference
		// white in the tinted box shows more than white between blocks: it counts
		// three times, so spare height goes elsewhere (between stacked sections)
		white := 3 * float64(max(0, h-ls.openLines(g))) * ls.boxW
		// a block of white beside the frames is a hole in the row, as white as the box's
		if uncovered > 0 {
			white += 3 * float64(h) * g.span(uncovered)
		}
		for i, f := range frames {
			if h > his[i] {
				white += float64(h-his[i]) * g.span(f.n)
			}
		}
		cost := white + 0.3*float64(h-ls.boxLines(g))*ls.boxW + float64(lowres)*1e9
		// a size whose lines an editor would mark (a loose line, a number torn from its
		// unit) loses to one without, short of a block of white
		cost += float64(boxFlaws(ls.lines)) * 3 * flawLines * ls.boxW
		cost += math.Abs(float64(cols)-float64(g.cols)*5/8) * g.lead * g.body // the wireframe's 5 of 8
		// a page whose photos go back to its sections loses the row's pictures: it is not a
		// hole, but the photos' part of the row was the reason for the row, so it costs a
		// little less than the white block it avoids (and the rest of the row's choices keep
		// their order)
		cost += 2.5 * float64(h) * g.span(dropped)
		if cost < bestCost {
			bestCost = cost
			best = leadRow{set: ls, frames: frames, lines: h, white: white / g.body, empty: max(0, h-ls.openLines(g))}
		}
	}
	return bestCost, best
}

func sum(fs []frame) int {
	s := 0
	for _, f := range fs {
		s += f.n
	}
	return s
}

// fewer splits w columns into at most n frames of at most 4 columns each (some may stay white).
func fewer(w, n int) []int {
	if n <= 0 {
		return nil
	}
	out := make([]int, n)
	for i := range out {
		out[i] = min(4, w/n)
		if i < w%n && out[i] < 4 {
			out[i]++
		}
	}
	return out
}

// leadRowItems draws the row at grid line `line`.
func leadRowItems(k *kit, g grid, lr leadRow, line int, accent page.Color) [][]page.Item {
	items := make([][]page.Item, g.pages)
	items[0] = leadItems(g, lr.set, g.left, line, lr.lines, accent)
	for _, f := range lr.frames {
		w := g.span(f.n)
		_, hi, _ := photoLines(k, g, f.photo, w)
		items[f.page] = append(items[f.page], photoBlock(k, g, f.photo, g.colX(f.col), w, line, min(lr.lines, hi))...)
	}
	return items
}
