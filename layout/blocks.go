package layout

import (
	"math"

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
	return remember(k.leads, key, func() leadSet { return setLeadAll(k, g, lead, cols, size) })
}

// leadKey is one setLead request: the paragraphs by identity, the box and the sizes (the box
// depends on the grid's body size only, not on its pitch).
type leadKey struct {
	first      *report.Text
	n, cols    int
	size, body float64
}

// setLeadAll is setLead without the memo. The box is set in up to three text columns by its
// width, fewer when the text is too short to give each column boxMinLines lines: a closing of
// four lines read across two columns of two is not a block but a puzzle.
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
		if n == 1 || len(ls.lines) >= boxMinLines*n {
			break
		}
	}
	return ls
}

// boxMinLines is the fewest lines a text column of a lead or closing box carries.
const boxMinLines = 4

// setLeadIn sets the lead in n text columns across a box of cols grid columns.
func setLeadIn(k *kit, g grid, lead []report.Text, cols int, size float64, n int) leadSet {
	ls := leadSet{cols: cols, size: size, boxW: g.span(cols), k: n}
	inner := ls.boxW - 2*g.body
	chars := math.Floor((inner - float64(ls.k-1)*size) / float64(ls.k) / size)
	ls.w = chars * size
	gut := 0.0
	if ls.k > 1 {
		gut = (inner - float64(ls.k)*ls.w) / float64(ls.k-1)
	}
	for i := 0; i < ls.k; i++ {
		ls.x = append(ls.x, g.body+float64(i)*(ls.w+gut))
	}
	ls.lines = breakParas(k, lead, fonts.Kai, chars, 2)
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
// pitch opens up (to 1.9 × size at most) so the text fills a box made taller by photos beside it.
func leadItems(g grid, ls leadSet, x float64, line, lines int, accent page.Color) []page.Item {
	fill := tint(accent, 0.08)
	y := g.y(line)
	h := float64(lines)*g.lead - 0.5*g.lead
	out := []page.Item{page.Rect{X: x, Y: y, W: ls.boxW, H: h, Fill: &fill}}
	pitch := ls.size * 1.55
	if ls.per > 1 {
		pitch = math.Min(ls.size*1.9, math.Max(pitch, (h-1.2*g.lead)/float64(ls.per)))
	}
	i := 0
	for c, n := range ls.counts {
		for j := 0; j < n; j++ {
			for _, r := range ls.lines[i].Runs {
				out = append(out, page.Text{X: x + ls.x[c] + r.X*ls.size, Y: y + 0.6*g.lead + float64(j)*pitch + 0.95*ls.size,
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
	return remember(k.rows, key, func() leadRow { return planLeadRowAll(k, g, lead, gallery, minLines) })
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

// planLeadRowAll is planLeadRow without the memo.
func planLeadRowAll(k *kit, g grid, lead []report.Text, gallery []*report.Photo, minLines int) leadRow {
	best, bestCost := leadRow{}, math.Inf(1)
	scale := g.body / 9
	for cols := max(2, g.cols/2-1); cols <= g.cols; cols++ {
		var frames []frame
		for _, n := range splitCols(g.cols - cols) {
			frames = append(frames, frame{page: 0, col: cols + sum(frames), n: n})
		}
		// a box across the whole row while photos are to be had reads as a thin strip of
		// text: the row keeps a photo
		if len(frames) > len(gallery) || (cols < g.cols || g.pages == 1 && len(gallery) > 0) && len(frames) == 0 {
			continue
		}
		for p := 1; p < g.pages; p++ {
			parts := splitCols(g.cols)
			if rest := len(gallery) - len(frames); rest < len(parts) {
				parts = fewer(g.cols, rest)
			}
			c := 0
			for _, n := range parts {
				frames = append(frames, frame{page: p, col: c, n: n})
				c += n
			}
		}
		for i := range frames {
			frames[i].photo = gallery[i]
		}
		for _, size := range []float64{10.5 * scale, 12 * scale, 14 * scale} {
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
			for i, f := range frames {
				if h > his[i] {
					white += float64(h-his[i]) * g.span(f.n)
				}
			}
			cost := white + 0.3*float64(h-ls.boxLines(g))*ls.boxW + float64(lowres)*1e9
			cost += math.Abs(float64(cols)-float64(g.cols)*5/8) * g.lead * g.body // the wireframe's 5 of 8
			if cost < bestCost {
				bestCost = cost
				best = leadRow{set: ls, frames: frames, lines: h, white: white / g.body, empty: max(0, h-ls.openLines(g))}
			}
		}
	}
	return best
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

// bandItem is a tile or a chart in the key-figures band.
type bandItem struct {
	fig   *report.Figure
	chart *report.Chart
}

func (b bandItem) weight() float64 {
	switch {
	case b.fig != nil:
		return 1
	case b.chart.Kind == "pie" || b.chart.Kind == "donut":
		return 1.3
	default:
		return 2.2
	}
}

// bandRows groups the band's items into rows, one per page on a spread (tiles first, split where
// the weights balance), a row of tiles and a row of charts on a single page, or with one all
// in one row.
func bandRows(r *report.Report, pages int, one bool) [][]bandItem {
	var tiles, charts []bandItem
	for _, f := range tileFigures(r) {
		tiles = append(tiles, bandItem{fig: f})
	}
	for _, c := range bandCharts(r) {
		charts = append(charts, bandItem{chart: c})
	}
	all := append(append([]bandItem{}, tiles...), charts...)
	if len(all) == 0 {
		return nil
	}
	if pages == 1 && one {
		return [][]bandItem{all}
	}
	if pages == 1 {
		var rows [][]bandItem
		for _, row := range [][]bandItem{tiles, charts} {
			if len(row) > 0 {
				rows = append(rows, row)
			}
		}
		return rows
	}
	total := 0.0
	for _, b := range all {
		total += b.weight()
	}
	bi, best, acc := 1, math.Inf(1), 0.0
	for i := 1; i <= len(all); i++ {
		acc += all[i-1].weight()
		if d := math.Abs(acc - total/2); d < best && i < len(all) || len(all) == 1 {
			best, bi = d, i
		}
	}
	return [][]bandItem{all[:bi], all[bi:]}
}

// bandItems draws a row of band items across a type area, between thin rules, in `lines`
// grid lines from `line`.
//
// A row right under another row of the band shares its rule: below sets the top rule only when
// the row is the band's first on its page.
func bandItems(k *kit, g grid, row []bandItem, line, lines int, accent page.Color, below bool) ([]page.Item, report.Errors) {
	tw := g.typeW()
	y0, y1 := g.y(line)+0.5*g.lead, g.y(line+lines)-0.5*g.lead
	out := []page.Item{page.Line{X1: g.left, Y1: y1, X2: g.left + tw, Y2: y1, Width: 0.5, Color: page.Gray(0.6)}}
	if !below {
		out = append(out, page.Line{X1: g.left, Y1: y0, X2: g.left + tw, Y2: y0, Width: 0.5, Color: page.Gray(0.6)})
	} else {
		y0 -= 0.5 * g.lead // the rule above is the last row's, a line higher
	}
	if len(row) == 0 {
		return out, nil
	}
	total := 0.0
	for _, b := range row {
		total += b.weight()
	}
	gut := 1.5 * g.body
	avail := tw - gut*float64(len(row)-1)
	x := g.left
	h := y1 - y0 - g.lead
	var errs report.Errors
	var tiles []int // indexes into out of the tiles' groups
	inked := 0.0    // the tallest tile's ink
	for _, b := range row {
		w := avail * b.weight() / total
		var its []page.Item
		var err error
		if b.fig != nil {
			its, err = k.tile(b.fig, accent, w, h)
		} else {
			dx, cw := chartBox(b.chart, w, h)
			its, err = k.chart(b.chart, accent, cw, h)
			if err == nil && dx > 0 {
				its = []page.Item{page.Group{X: dx, Items: its}}
			}
		}
		switch {
		case err != nil && b.fig != nil:
			errs.Add(b.fig.Pos, "key figure %s: %v", b.fig.ID, err)
		case err != nil:
			errs.Add(b.chart.Pos, "%v", err)
		default:
			if b.fig != nil {
				tiles = append(tiles, len(out))
				inked = max(inked, inkBottom(its))
			}
			out = append(out, page.Group{X: x, Y: y0 + 0.5*g.lead, Items: its})
		}
		x += w + gut
	}
	// a tile's number is as big as its width allows, so in a band made tall by the charts
	// across the fold the tiles would hang from the top rule over a strip of nothing: they
	// are centred between the rules as one row, their tops aligned
	if len(tiles) == len(row) && inked > 0 && inked < h {
		for _, i := range tiles {
			gr := out[i].(page.Group)
			gr.Y += (h - inked) / 2
			out[i] = gr
		}
	}
	return out, errs
}

// bandWhite is the white a row of band items leaves beside its pies and donuts, which take a
// circle and a legend's width of their share (see chartBox) and leave the rest empty, in
// character × line cells: a lone pie across a single page's band is a hole the width of the page.
func bandWhite(g grid, row []bandItem, lines int) float64 {
	total := 0.0
	for _, b := range row {
		total += b.weight()
	}
	avail := g.typeW() - 1.5*g.body*float64(len(row)-1)
	h := float64(lines)*g.lead - 2*g.lead // as bandItems: between the rules, less a line
	white := 0.0
	for _, b := range row {
		if b.chart == nil {
			continue
		}
		w := avail * b.weight() / total
		_, cw := chartBox(b.chart, w, h)
		white += (w - cw) / g.body * float64(lines)
	}
	return white
}

// inkBottom is how far below its origin a list of items reaches (text to its descent).
func inkBottom(its []page.Item) float64 {
	b := 0.0
	for _, it := range its {
		switch v := it.(type) {
		case page.Text:
			b = max(b, v.Y+0.2*v.Size)
		case page.Rect:
			b = max(b, v.Y+v.H)
		case page.Line:
			b = max(b, v.Y1, v.Y2)
		case page.Image:
			b = max(b, v.Y+v.H)
		case page.Path:
			for _, op := range v.Ops {
				for _, pt := range op.Pts {
					b = max(b, pt.Y)
				}
			}
		case page.Group:
			b = max(b, v.Y+inkBottom(v.Items))
		}
	}
	return b
}

// chartBox centres a round chart in a box wider than it needs: a pie or donut is about as
// wide as it is tall, plus a legend beside it, so a wide box would leave it at the left with
// white on the right. It returns the offset and the width to draw at.
func chartBox(c *report.Chart, w, h float64) (dx, cw float64) {
	if c.Kind != "pie" && c.Kind != "donut" {
		return 0, w
	}
	need := 2 * h // circle and legend side by side
	if c.Kind == "donut" && len(c.Figures) == 1 {
		need = 1.4 * h // a single share has no legend, its title wants some width
	}
	if w <= need {
		return 0, w
	}
	return (w - need) / 2, need
}
