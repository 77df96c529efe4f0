package layout

import (
	"math"
	"strconv"
	"strings"

	"spread/fonts"
	"spread/page"
	"spread/report"
)

// The briefing (简报) is the same content reflowed for A4 portrait reading, in the manner of a
// government briefing: generous margins, a centred headline block, the lead in 楷体 across the
// type area, the key figures as tiles in even rows and as a ruled table (its header row repeated
// after a page break), then the sections in two columns (briefing_flow.go). Every page carries a
// running header (paper name and date, title) above a rule and a centred folio "— n —".
//
// The two-column part is laid out as a list of blocks (lines, heads, figures) filled into
// columns: a figure that does not fit under the text floats to the top of the next column while
// the text fills the hole; a head keeps two lines of its text with it; no paragraph leaves one
// line alone at either side of a column break; the last page's columns are balanced, lower
// than the least height where a column would hold a single line. The outline has a bookmark
// for each section and for the first part's headings (主要指标, 主要指标一览); the table prints
// a growth as the data writes it, as the prose does (5.0, not 5).
//
// Limits: the briefing never shrinks its body to save pages; a figure floats at most to the
// next column (it waits for no later section); a table taller than a page breaks at rows.
const (
	a4W, a4H   = 210 * page.MM, 297 * page.MM
	bMargin    = 22 * page.MM // left and right
	bTop       = 25 * page.MM // top of the type area
	bBottom    = 22 * page.MM // below the type area
	bBody      = 10.5         // 五号
	bPitch     = bBody * 1.6
	bGutter    = 2 * bBody
	bHeaderGap = 4 * page.MM // from the running header's rule to the type area
	bHeadSize  = 8.5
	bFolioSize = 10
)

// flow is the single-column cursor of the briefing's first part (headline to table); it adds
// pages when one is full.
type flow struct {
	k      *kit
	r      *report.Report
	pages  [][]page.Item
	w      float64 // type area width
	y      float64
	accent page.Color
	// outline holds the bookmarks of the first part's headings (主要指标, 主要指标一览)
	outline []page.Bookmark
	figs    float64 // the charts' and photos' scale (see briefShrinks)
}

func (f *flow) add(it page.Item) { f.pages[len(f.pages)-1] = append(f.pages[len(f.pages)-1], it) }

// room makes h points of room below the cursor, starting a page when there is not; it reports
// whether a page was started.
func (f *flow) room(h float64) bool {
	if f.y+h <= a4H-bBottom+1e-6 || f.y <= bTop+1e-6 {
		return false
	}
	f.newPage()
	return true
}

func (f *flow) newPage() {
	f.pages = append(f.pages, nil)
	f.y = bTop
	n := len(f.pages)
	for _, it := range pageFurniture(f.k, f.r, n) {
		f.add(it)
	}
}

// pageFurniture is the running header (paper and date left, title right, a rule under them)
// and the folio "— n —" centred at the foot.
func pageFurniture(k *kit, r *report.Report, n int) []page.Item {
	hy := bTop - bHeaderGap - 3
	head := solidLine(k, fonts.Song, strings.TrimSpace(r.Paper.Name.S+"  "+chineseDate(r.Paper.Date)))
	out := setText([]textLine{head}, bMargin, hy, 0, fonts.Song, bHeadSize, page.Gray(0.85))
	if t := joinTitle(titleStrings(r)); t != "" {
		tl := solidLine(k, fonts.Song, t)
		tw := tl.Width * bHeadSize
		if tw < a4W-2*bMargin-head.Width*bHeadSize-4*bHeadSize {
			out = append(out, setText([]textLine{tl}, a4W-bMargin-tw, hy, 0, fonts.Song, bHeadSize, page.Gray(0.85))...)
		}
	}
	ry := bTop - bHeaderGap
	out = append(out, page.Line{X1: bMargin, Y1: ry, X2: a4W - bMargin, Y2: ry, Width: 0.5, Color: page.Gray(0.85)})
	num := "— " + strconv.Itoa(n) + " —"
	nw := k.width(fonts.Song, num) * bFolioSize
	out = append(out, page.Text{X: a4W/2 - nw/2, Y: a4H - bBottom + 11*page.MM, Font: fonts.Song, Size: bFolioSize, Color: page.Gray(1), S: num})
	return out
}

func titleStrings(r *report.Report) []string {
	var out []string
	for _, t := range r.Headline.Title {
		out = append(out, t.S)
	}
	return out
}

// Alignments of a ragged text.
const (
	alignLeft = iota
	alignCentre
	alignRight
)

// ragged sets one text ragged at the type area width.
func (f *flow) ragged(s, role string, size, pitch float64, c page.Color, align int) {
	for _, l := range f.k.lines(s, role, lineOpts{Measure: f.w / size, Ragged: true}) {
		f.room(pitch)
		x := bMargin
		switch align {
		case alignCentre:
			x += (f.w - l.Width*size) / 2
		case alignRight:
			x += f.w - l.Width*size
		}
		for _, r := range l.Runs {
			f.add(page.Text{X: x + r.X*size, Y: f.y + (pitch-size)/2 + 0.88*size, Font: role, Size: size, Spacing: r.Spacing * size, Color: c, S: r.Text})
		}
		f.y += pitch
	}
}

// para sets justified paragraphs across the type area.
func (f *flow) para(ts []report.Text, role string, size float64) {
	pitch := size * 1.6
	for _, t := range ts {
		for _, l := range f.k.lines(t.S, role, lineOpts{Measure: math.Floor(f.w / size), Indent: 2}) {
			f.room(pitch)
			for _, r := range l.Runs {
				f.add(page.Text{X: bMargin + r.X*size, Y: f.y + (pitch-size)/2 + 0.88*size, Font: role, Size: size,
					Spacing: r.Spacing * size, Color: page.Gray(1), S: r.Text})
			}
			f.y += pitch
		}
	}
}

// heading is a small 黑体 head over the type area with an accent bar, kept with h points below.
func (f *flow) heading(s string, keep float64) {
	size := 12.0
	f.room(2*size + keep)
	f.outline = append(f.outline, page.Bookmark{Title: s, Page: len(f.pages) - 1, Y: f.y})
	f.add(page.Rect{X: bMargin, Y: f.y + 0.3*size, W: 3, H: 1.1 * size, Fill: &f.accent})
	f.add(page.Text{X: bMargin + 8, Y: f.y + 1.2*size, Font: fonts.Hei, Size: size, Color: page.Gray(1), S: s})
	f.y += 2 * size
}

// tileRows splits n tiles into rows of at most most, as even as they go (5 → 5, 6 → 3+3,
// 7 → 4+3; 5 at most 4 → 3+2).
func tileRows(n, most int) []int {
	if n <= 0 {
		return nil
	}
	most = max(1, most)
	rows := (n + most - 1) / most
	var out []int
	for i := 0; i < rows; i++ {
		out = append(out, n/rows)
	}
	for i := 0; i < n%rows; i++ {
		out[i]++
	}
	return out
}

// Tiles: gap between them, height of a row, size of the label DrawTile sets.
const (
	tileGap   = bBody
	tileH     = 24 * page.MM
	tileLabel = 9.0
)

// tilesPerRow is how many tiles go across w: at most five, and few enough that the longest
// label stays on one line, so the numbers of a row stand on one baseline.
func tilesPerRow(k *kit, ts []*report.Figure, w float64) int {
	lw := 0.0
	for _, fg := range ts {
		lw = math.Max(lw, k.width(fonts.SongBold, fg.Label.S)*tileLabel)
	}
	n := int((w + tileGap) / (lw + tileLabel + tileGap))
	return min(5, max(2, n))
}

// tiles sets the highlighted figures as tiles in even rows; all tiles have one width, and a
// shorter row is centred under the fuller one.
func tiles(f *flow, errs *report.Errors) {
	ts := tileFigures(f.r)
	if len(ts) == 0 {
		return
	}
	f.heading("主要指标", tileH)
	rows := tileRows(len(ts), tilesPerRow(f.k, ts, f.w))
	tw := (f.w - float64(rows[0]-1)*tileGap) / float64(rows[0])
	// every row's numbers at one size
	ws := make([]float64, len(ts))
	for j := range ws {
		ws[j] = tw
	}
	drawn, tileErrs := drawTiles(f.k, ts, f.accent, ws, tileH-3*page.MM)
	i := 0
	for _, n := range rows {
		f.room(tileH)
		x0 := bMargin + (f.w-float64(n)*tw-float64(n-1)*tileGap)/2
		for j, fg := range ts[i : i+n] {
			if err := tileErrs[i+j]; err != nil {
				errs.Add(fg.Pos, "key figure %s: %v", fg.ID, err)
				continue
			}
			f.add(page.Group{X: x0 + float64(j)*(tw+tileGap), Y: f.y, Items: drawn[i+j]})
		}
		i += n
		f.y += tileH
	}
}

// chartWeight is a chart's share of a row: bars and lines want twice a pie's width.
func chartWeight(c *report.Chart) float64 {
	if c.Kind == "pie" || c.Kind == "donut" {
		return 1
	}
	return 2
}

// leadCharts sets the charts of the lead side by side across the type area, at most three to a
// row, widths by weight, one height per row.
func leadCharts(f *flow, errs *report.Errors) {
	cs := bandCharts(f.r)
	for _, n := range tileRows(len(cs), 3) {
		row := cs[:n]
		cs = cs[n:]
		total := 0.0
		for _, c := range row {
			total += chartWeight(c)
		}
		avail := f.w - float64(n-1)*bGutter
		h := 0.0
		for _, c := range row {
			w := avail * chartWeight(c) / total
			h = math.Max(h, math.Min(math.Max(briefChartH(c, w), 45*page.MM), 70*page.MM))
		}
		h = math.Max(h*f.figs, briefChartMin)
		f.room(h + bPitch)
		x := bMargin
		for _, c := range row {
			w := avail * chartWeight(c) / total
			its, err := f.k.chart(c, f.accent, w, h)
			if err != nil {
				errs.Add(c.Pos, "%v", err)
			} else {
				f.add(page.Group{X: x, Y: f.y, Items: its})
			}
			x += w + bGutter
		}
		f.y += h + bPitch
	}
}

// tableRows are the rows of the figure table: every figure with a value or a growth.
func tableRows(r *report.Report) [][5]string {
	var rows [][5]string
	for _, fg := range r.Figures {
		if fg.Value == nil && fg.Growth == nil {
			continue
		}
		var c [5]string
		c[0], c[1], c[2], c[4] = fg.Label.S, fg.ValueText, fg.Unit, fg.Note
		if fg.Growth != nil {
			c[3] = fg.GrowthText // as the data writes it and the prose prints it ({id.growth}: 5.0%)
			if c[3] == "" {
				c[3] = strconv.FormatFloat(*fg.Growth, 'f', -1, 64)
			}
		}
		rows = append(rows, c)
	}
	return rows
}

// Table geometry: cell text size, row pitch and the column shares of the type area.
const (
	tSize  = 9.0
	tPitch = tSize * 2
)

var tableHead = [5]string{"指标", "数值", "单位", "增长（%）", "备注"}

// table lists every figure with a number: figure, value, unit, growth, note; thin rules, a
// tinted header row, numbers right-aligned. A page break repeats the header row; a table that
// would leave fewer than tableKeep rows before the break starts on the next page, and one that
// would leave fewer after it breaks earlier.
func table(f *flow) {
	rows := tableRows(f.r)
	if len(rows) == 0 {
		return
	}
	frac := tableFrac(f.k, rows)
	widths := tableWidths(f.k, rows, f.w)
	f.heading("主要指标一览", tPitch*4)
	header := func() {
		fill := tint(f.accent, 0.1)
		f.add(page.Line{X1: bMargin, Y1: f.y, X2: bMargin + f.w, Y2: f.y, Width: 0.75, Color: page.Gray(1)})
		f.add(page.Rect{X: bMargin, Y: f.y + 0.375, W: f.w, H: tPitch - 0.75, Fill: &fill})
		tableRow(f, tableHead, fonts.Hei, [5]float64{}, widths)
		f.add(page.Line{X1: bMargin, Y1: f.y, X2: bMargin + f.w, Y2: f.y, Width: 0.5, Color: page.Gray(1)})
	}
	f.room(tPitch * 4)
	header()
	// a page's break that would leave fewer than tableKeep rows after it comes earlier, so that
	// the rows on the next page read as part of a table, not as a stray line under its header
	early := func(from int) int {
		fit := int((a4H - bBottom - f.y + 1e-6) / tPitch)
		if rest := len(rows) - from; fit < rest && rest-fit < tableKeep && fit-(tableKeep-(rest-fit)) >= tableKeep {
			return len(rows) - tableKeep
		}
		return -1
	}
	brk := early(0)
	for i, rw := range rows {
		last := i == len(rows)-1
		if i == brk || f.y+tPitch > a4H-bBottom+1e-6 {
			f.add(page.Line{X1: bMargin, Y1: f.y, X2: bMargin + f.w, Y2: f.y, Width: 0.75, Color: page.Gray(1)})
			f.newPage()
			header()
			brk = early(i)
		}
		tableRow(f, rw, fonts.Song, frac, widths)
		w, c := 0.25, page.Gray(0.45)
		if last {
			w, c = 0.75, page.Gray(1)
		}
		f.add(page.Line{X1: bMargin, Y1: f.y, X2: bMargin + f.w, Y2: f.y, Width: w, Color: c})
	}
	f.y += bPitch
}

// tableKeep is the fewest rows of a table on either side of a page break.
const tableKeep = 3

// tableCols are the columns' shares of the width and whether they are right-aligned numbers.
var tableCols = [5]struct {
	share float64
	right bool
}{{0.42, false}, {0.17, true}, {0.12, false}, {0.13, true}, {0.16, false}}

// tableWidths are the columns' widths across w: their shares, widened where a column's widest
// cell (the header's included) would not fit at tSize, the width taken from the columns with
// room to spare, so that a long unit (微克/立方米) is not set below 六号 to fit its share.
func tableWidths(k *kit, rows [][5]string, w float64) [5]float64 {
	var need, out [5]float64
	for c := range need {
		out[c] = tableCols[c].share * w
		need[c] = (k.width(fonts.Hei, tableHead[c]) + 1.6) * tSize
		for _, rw := range rows {
			need[c] = max(need[c], (k.width(fonts.Song, rw[c])+1.6)*tSize)
		}
	}
	short, spare := 0.0, 0.0
	for c := range out {
		if need[c] > out[c] {
			short += need[c] - out[c]
		} else {
			spare += out[c] - need[c]
		}
	}
	if short == 0 || spare == 0 {
		return out
	}
	take := min(1, short/spare) // of each column's spare room
	for c := range out {
		if need[c] > out[c] {
			out[c] += (need[c] - out[c]) * min(1, spare/short)
		} else {
			out[c] -= (out[c] - need[c]) * take
		}
	}
	return out
}

func tableRow(f *flow, cells [5]string, role string, frac, widths [5]float64) {
	x := bMargin
	for c, s := range cells {
		cw := widths[c]
		pad := tSize * 0.8
		if s != "" {
			size := fit(f.k, role, s, tSize, cw-2*pad)
			tx := x + pad
			if tableCols[c].right {
				// numbers stand on their decimal points; a header is set flush right
				tx = x + cw - pad - frac[c] + fracWidth(f.k, role, s, size) - f.k.width(role, s)*size
			}
			f.add(page.Text{X: tx, Y: f.y + tPitch/2 + 0.36*size, Font: role, Size: size, Color: page.Gray(1), S: s})
		}
		x += cw
	}
	f.y += tPitch
}

// fracWidth is the width of s from its decimal point on (0 without one).
func fracWidth(k *kit, role, s string, size float64) float64 {
	if i := strings.IndexByte(s, '.'); i >= 0 {
		return k.width(role, s[i:]) * size
	}
	return 0
}

// tableFrac is, for each number column, the widest fraction in it.
func tableFrac(k *kit, rows [][5]string) [5]float64 {
	var fr [5]float64
	for _, rw := range rows {
		for c, s := range rw {
			if tableCols[c].right {
				fr[c] = math.Max(fr[c], fracWidth(k, fonts.Song, s, tSize))
			}
		}
	}
	return fr
}

// keywords are the section titles, the labels of the key figures and the chart titles, for the
// PDF's metadata.
func keywords(r *report.Report) string {
	var ks []string
	seen := map[string]bool{}
	addK := func(s string) {
		s = strings.TrimSpace(s)
		if s != "" && !seen[s] {
			seen[s] = true
			ks = append(ks, s)
		}
	}
	addK(r.Paper.Name.S)
	for _, s := range r.Sections {
		addK(s.Title.S)
	}
	for _, fg := range r.Figures {
		if fg.Highlight {
			addK(fg.Label.S)
		}
	}
	for _, c := range r.Charts {
		addK(c.Title.S)
	}
	return strings.Join(ks, "; ")
}

// A briefing whose last page holds fewer than briefShortPage lines of text is set again with
// its charts and photos (the lead's charts too) at each of briefShrinks of their size, the
// first that saves the page kept (a closing alone on a ninth page, two lines of a section on
// a third).
const briefShortPage = 12

var briefShrinks = [...]float64{0.85, 0.7}

// briefChartMin is the least height of a briefing's chart set smaller to save a page.
const briefChartMin = 32 * page.MM

func briefingDoc(k *kit, r *report.Report) (*page.Document, error) {
	k = k.memo()
	if errs := coverage(k, r); len(errs) > 0 {
		return nil, errs.Err()
	}
	var errs report.Errors
	f, c := briefingFlow(k, r, 1, &errs)
	if len(errs) > 0 {
		return nil, errs.Err()
	}
	// a last page of a few lines after full ones is pulled back by smaller figures, when
	// that saves the page
	for _, figs := range briefShrinks {
		if c.lastLines >= briefShortPage || len(c.pages) < 2 {
			break
		}
		var e report.Errors
		if g, d := briefingFlow(k, r, figs, &e); len(e) == 0 && len(d.pages) < len(c.pages) {
			f, c = g, d
		}
	}
	doc := meta(r)
	doc.Keywords = keywords(r)
	doc.MaxPPI = 150
	for _, its := range c.pages {
		doc.Pages = append(doc.Pages, page.Page{Width: a4W, Height: a4H, Items: its})
	}
	doc.Outline = append(f.outline, c.outline...)
	if errs := outsideTrim(k, r, doc); len(errs) > 0 {
		return nil, errs
	}
	return doc, nil
}

// briefingFlow sets the briefing with its figures at scale figs: the headline, lead, tiles,
// lead charts and table in one column (f), then the sections in two (c, whose pages are all).
func briefingFlow(k *kit, r *report.Report, figs float64, errs *report.Errors) (*flow, *cols) {
	f := &flow{k: k, r: r, accent: accentOf(r), w: a4W - 2*bMargin, figs: figs}
	f.newPage()
	f.y += 2 * page.MM
	if s := r.Headline.Kicker.S; s != "" {
		f.ragged(s, fonts.Kai, 14, 14*1.5, page.Gray(1), alignCentre)
	}
	for _, t := range r.Headline.Title {
		size := fit(k, fonts.Hei, t.S, 26, f.w)
		f.ragged(t.S, fonts.Hei, size, size*1.35, f.accent, alignCentre)
	}
	if s := r.Headline.Subtitle.S; s != "" {
		f.y += 2
		f.ragged("——"+s, fonts.Hei, 14, 14*1.5, page.Gray(1), alignCentre)
	}
	if s := r.Byline.S; s != "" {
		f.y += 2
		f.ragged(s, fonts.Kai, bBody, bBody*1.5, page.Gray(0.85), alignCentre)
	}
	f.y += 4
	f.add(page.Rect{X: bMargin, Y: f.y, W: f.w, H: 1.5, Fill: &f.accent})
	f.y += 10
	f.para(r.Lead, fonts.Kai, 12)
	f.y += bPitch / 2
	tiles(f, errs)
	f.y += bPitch / 2
	leadCharts(f, errs)
	table(f)
	c := &cols{k: k, r: r, pages: f.pages, accent: f.accent}
	c.set(twoColumns(k, r, f.accent, c.colW(), figs, errs), f.y)
	return f, c
}
