package layout

import (
	"math"

	"spread/page"
)

// The grid constants of a Chinese daily (brief §2).
const (
	colChars    = 13   // the basic grid column: 13 characters of body type where they fit
	minColChars = 10   // narrower grid columns read as a list, not a newspaper
	maxColChars = 27   // wider ones read as a book page: two basic columns and their gutter
	lineFactor  = 1.6  // the default baseline pitch = body × 1.6 (line gap 60 %)
	baseAt      = 0.88 // baseline below the top of the ideographic em box, in em
	minOuter    = 12 * page.MM
	minFold     = 10 * page.MM // text keeps this far from the centre fold
	topMargin   = 16 * page.MM // top of the folio strip
	bottomMarg  = topMargin    // the type area's foot margin matches its head margin
	folioHeight = 9 * page.MM  // folio strip and its rule, above the type area
)

// spanChars is the width in characters of n grid columns of col characters with their
// one-character gutters.
func spanChars(col, n int) int {
	if n <= 0 {
		return 0
	}
	return n*col + n - 1
}

// splitChars is the width in characters of each of k text columns laid over n grid columns of
// col characters (破栏): the k−1 gutters of one character come out of the span, the rest is
// shared and floored.
func splitChars(col, n, k int) int {
	if k <= 0 {
		return 0
	}
	return (spanChars(col, n) - (k - 1)) / k
}

// gridChars is the width in characters of n grid columns of this grid.
func (g grid) gridChars(n int) int { return spanChars(g.col, n) }

// textColChars is the width in characters of each of k text columns over n grid columns.
func (g grid) textColChars(n, k int) int { return splitChars(g.col, n, k) }

// columnChars is the basic grid column for cols columns of body-size type across a page w
// points wide: colChars where the type area keeps minOuter at both sides, else the widest whole
// number of characters that does; 0 when not even minColChars fit. Columns given fewer than the
// page holds (three on A3) widen, up to maxColChars, rather than leave a margin wider than a
// column.
func columnChars(w float64, cols int, body float64) int {
	if cols < 1 || body <= 0 {
		return 0
	}
	avail := (w - 2*minOuter) / body // characters across the page inside the margins
	fit := int(math.Floor((avail+1)/float64(cols)+1e-9)) - 1
	switch {
	case fit < minColChars:
		return 0
	case fit <= colChars:
		return fit
	case float64(spanChars(colChars, cols)) >= avail-float64(colChars+1):
		return colChars
	}
	return min(fit, maxColChars)
}

// grid is one page geometry: a type area of cols grid columns of body-size characters, centred
// on the page, and a baseline grid of nlines lines of pitch lead starting at top.
type grid struct {
	body, lead    float64 // character size and baseline pitch, pt
	col           int     // characters in a grid column (see columnChars)
	cols, pages   int
	pageW, pageH  float64
	left          float64 // x of the type area on every page (centred)
	top, bottom   float64 // first line top; end of the type area
	nlines        int
	folioY, ruleY float64 // folio baseline and the rule under it
	// tight gives figures their least sizes a notch smaller (charts, photo crops): the last
	// thing the search tries before it says the text does not fit
	tight bool
}

// newGrid lays the grid on a page; ok is false when the type area does not fit across the page
// with the minimum margins.
func newGrid(w, h float64, pages, cols int, body float64) (grid, bool) {
	return newGridPitch(w, h, pages, cols, body, lineFactor)
}

// pitches are the baseline pitches the fill search tries, in multiples of the body size: the
// brief allows a line gap of 50–100 %, so 1.5–2.0; 2.0 is left out, it reads as double spacing.
// One pitch holds for a whole document, so every column of every page shares its grid.
func pitches() []float64 { return []float64{1.5, 1.6, 1.7, 1.8, 1.9} }

// halfPitches are the pitches between pitches(), tried only for a page the search leaves short:
// a tenth of the body's leading is 5–6 % of a page's lines, more than the foot may keep.
func halfPitches() []float64 { return []float64{1.55, 1.65, 1.75, 1.85} }

// newGridPitch is newGrid with a baseline pitch of factor × body.
func newGridPitch(w, h float64, pages, cols int, body, factor float64) (grid, bool) {
	g := grid{body: body, lead: body * factor, col: columnChars(w, cols, body), cols: cols, pages: pages, pageW: w, pageH: h}
	tw := float64(g.gridChars(cols)) * body
	g.left = (w - tw) / 2
	g.folioY = topMargin + 0.75*folioSize(body)
	g.ruleY = topMargin + 0.75*folioSize(body) + 0.45*folioSize(body) + 2
	g.top = topMargin + folioHeight
	g.bottom = h - bottomMarg
	g.nlines = int(math.Floor((g.bottom - g.top) / g.lead))
	ok := g.col > 0 && g.left >= minOuter && g.left >= minFold && g.nlines >= 20 && cols >= 1
	return g, ok
}

func folioSize(body float64) float64 { return math.Max(7.5, body*0.9) }

// typeW is the type area width.
func (g grid) typeW() float64 { return float64(g.gridChars(g.cols)) * g.body }

// colX is the x of grid column c (0-based) on a page.
func (g grid) colX(c int) float64 { return g.left + float64(c*(g.col+1))*g.body }

// span is the width of n grid columns with their inner gutters.
func (g grid) span(n int) float64 { return float64(g.gridChars(n)) * g.body }

// y is the top of baseline-grid line i.
func (g grid) y(i int) float64 { return g.top + float64(i)*g.lead }

// base is the baseline of body text on line i: the em box centred in the line.
func (g grid) base(i int) float64 { return g.y(i) + (g.lead-g.body)/2 + baseAt*g.body }

// linesFor is how many grid lines a height of h points takes.
func (g grid) linesFor(h float64) int { return int(math.Ceil(h/g.lead - 1e-9)) }

// columns are k text columns over a block of n grid columns starting at x: each is a whole
// number of characters wide, and what flooring left over widens the gutters evenly.
type columns struct {
	x     []float64
	w     float64 // width of each, pt
	chars int
}

func textColumns(g grid, x float64, n, k int) columns {
	if k < 1 {
		k = 1
	}
	c := columns{chars: g.textColChars(n, k)}
	c.w = float64(c.chars) * g.body
	gut := 0.0
	if k > 1 {
		gut = (g.span(n) - float64(k)*c.w) / float64(k-1)
	}
	for i := 0; i < k; i++ {
		c.x = append(c.x, x+float64(i)*(c.w+gut))
	}
	return c
}

// spanW is the width of text columns i..i+j−1 with the gutters between them.
func (c columns) spanW(i, j int) float64 {
	if j <= 0 {
		return 0
	}
	return c.x[i+j-1] + c.w - c.x[i]
}

// textCols picks how many text columns to set over n grid columns: two grid columns (27
// characters) each when n is even, so that photos over whole text columns are whole grid
// columns too; an odd span is split into columns of 20–23 characters. Grid columns too wide
// to pair within maxMeasure (few columns given on a wide page) are a text column each.
func (g grid) textCols(n int) int {
	switch {
	case !g.pairs():
		return max(1, n)
	case n <= 2:
		return 1
	case n%2 == 0:
		return n / 2
	default:
		return (n + 1) / 2
	}
}

// pairs reports whether two grid columns and their gutter make one text column: whether that
// measure is at most maxMeasure characters.
func (g grid) pairs() bool { return 2*g.col+1 <= maxMeasure }

// maxMeasure is the longest line of body text, in characters, a text column is set at: past
// it (33–35 characters, two grid columns of 16–17 when five are given across 310 mm) the eye
// loses the next line's start.
const maxMeasure = 30
