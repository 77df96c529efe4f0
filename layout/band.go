package layout

import (
	"math"

	"spread/page"
	"spread/report"
)

// The band's height on a single page: a row of tiles is as tall as a tile's label, number and
// growth; a row that holds charts as well, as tall as a chart reads.
const (
	tileRow   = 24 * page.MM
	tileTight = 18 * page.MM // when the text would not fit otherwise (grid.tight): a smaller number
	chartRow  = 32 * page.MM
	bandMax   = 80 * page.MM // the tallest a band grows on a page with nothing beside the lead: its pies stay pies of a band
)

// tileMinChars is the narrowest a tile of the band is, in body characters: its label in two
// lines of about four characters, its number at a size that still reads as the band's.
const tileMinChars = 8

// tilesAcross is how many tiles a row of the band holds across g's type area at tileMinChars
// each, with the band's gutters between them (at least two).
func tilesAcross(g grid) int {
	return max(2, int((g.typeW()/g.body+bandGutter)/(tileMinChars+bandGutter)))
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

// bandRows groups the band's items into rows: on a spread one per page (tiles first, cut where
// the weights balance and no page keeps a stray, see bandCut and loneChart; the left page's row
// empty when no cut suits; see bandPlace for the search's other placements); on a single page a
// row of tiles and a row of charts, or with place.one all in one row. A single page's tiles go
// in as many even rows as keep each at most across to a row (see tilesAcross), and one is not
// taken when its row would hold more than that.
func bandRows(r *report.Report, pages int, place bandPlace, across int) [][]bandItem {
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
	weight := 0.0
	for _, b := range all {
		weight += b.weight()
	}
	if pages == 1 && place.one && weight <= float64(across) {
		return [][]bandItem{all}
	}
	// a spread's band whole on one page, in one row, where the other page's text needs its lines
	if pages == 2 && place.one && weight <= float64(across) {
		if place.right {
			return [][]bandItem{nil, all}
		}
		return [][]bandItem{all, nil}
	}
	if pages == 1 {
		var rows [][]bandItem
		for _, n := range tileRows(len(tiles), across) {
			rows = append(rows, tiles[:n])
			tiles = tiles[n:]
		}
		if len(charts) > 0 {
			rows = append(rows, charts)
		}
		return rows
	}
	total := weight
	bi, best, acc := 0, math.Inf(1), 0.0
	ci, cbest := 0, math.Inf(1) // the most even cut that keeps the tiles together
	ai, abest := 1, math.Inf(1) // the most even cut of all, strays or not
	for i := 1; i < len(all); i++ {
		acc += all[i-1].weight()
		d := math.Abs(acc - total/2)
		if d < cbest && bandCut(i, len(tiles)) {
			cbest, ci = d, i
			if d < best && !loneChart(all[:i]) && !loneChart(all[i:]) && !thinTiles(all[:i], across) && !thinTiles(all[i:], across) {
				best, bi = d, i
			}
		}
		if d < abest {
			abest, ai = d, i
		}
	}
	if place.even && ci > 0 {
		return [][]bandItem{all[:ci], all[ci:]}
	}
	// no cut keeps a page's share from reading as a stray (one to three tiles and no chart, or
	// a chart alone across a page's band): the band goes whole to the right page, beside the
	// left page's lead under the headline, when its row holds it
	if bi == 0 && (weight > float64(across) || place.even) {
		bi = ai
	}
	return [][]bandItem{all[:bi], all[bi:]}
}

// bandPlace is how the search asks the band to be placed: with one, in one row (a single
// page's tiles and charts together; a spread's whole band on its left page, or with right on
// its right); with even, a spread's band cut where the weights balance and the tiles keep
// together even if a page keeps a chart alone (a sparse spread may need the band's height on
// both pages).
type bandPlace struct{ one, right, even bool }

// strayCut reports whether a spread's band avoids a stray at the most even cut (see bandRows):
// then the even cut is a make-up of its own for the search to weigh.
func strayCut(r *report.Report, across int) bool {
	a, b := bandRows(r, 2, bandPlace{}, across), bandRows(r, 2, bandPlace{even: true}, across)
	return len(a) == 2 && len(b) == 2 && len(a[0]) != len(b[0])
}

// loneChart reports whether a page's share of a spread's band is a single chart: a pie or a
// column chart alone across a page's band, beside the other page's row of tiles, reads as a
// stray (a 22 mm donut at the left of an empty tabloid band).
func loneChart(items []bandItem) bool { return len(items) == 1 && items[0].chart != nil }

// thinTiles reports whether a page's share of a spread's band is tiles alone, too few to read
// as a row across the page: under a quarter of the tiles it holds (two tiles stood 176 mm apart
// across a broadsheet's left page, three quarters of the band white).
func thinTiles(items []bandItem, across int) bool {
	for _, b := range items {
		if b.chart != nil {
			return false
		}
	}
	return len(items) > 0 && 4*len(items) < across
}

// bandCut reports whether a spread's band may go over the fold after its first i items, of
// which the first tiles are tiles: between the tiles and the charts, between charts, or
// through the tiles where both pages keep two or more and within one of each other. A tile left
// alone on a page beside the other page's row reads as a stray.
func bandCut(i, tiles int) bool {
	if i >= tiles {
		return true
	}
	rest := tiles - i
	return i >= 2 && rest >= 2 && i-rest <= 1 && rest-i <= 1
}

// drawTiles draws the tiles figs, each ws[i] wide and h high, with their numbers at one size:
// the least any of them sets an amount at in its box, so that a tile with a growth line (less
// room for its number) does not stand beside bigger numbers. In a row too low for a growth
// line under a number, every growth stands beside its unit instead (charts.Tile.GrowthBeside),
// when that sets the row's numbers larger by more than besideGain.
func drawTiles(k *kit, figs []*report.Figure, accent page.Color, ws []float64, h float64) ([][]page.Item, []error) {
	// least is the size the row's numbers share with each placement of the growth
	least := func(beside bool) float64 {
		l := math.Inf(1)
		for i, fg := range figs {
			if _, size, err := k.tile(fg, accent, ws[i], h, 0, beside); err == nil {
				l = math.Min(l, size)
			}
		}
		return l
	}
	beside, most := false, least(false)
	for _, fg := range figs {
		if fg.ValueText != "" && fg.Growth != nil {
			if b := least(true); b > besideGain*most {
				beside, most = true, b
			}
			break
		}
	}
	its, errs := make([][]page.Item, len(figs)), make([]error, len(figs))
	for i, fg := range figs {
		its[i], _, errs[i] = k.tile(fg, accent, ws[i], h, most, beside)
	}
	return its, errs
}

// besideGain is how much larger the numbers of a row must be set for its growths to stand
// beside their units rather than under them.
const besideGain = 1.4

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
	ws := bandWidths(g, row)
	x := g.left
	h := y1 - y0 - g.lead
	var errs report.Errors
	var tiles []int // indexes into out of the tiles' groups
	inked := 0.0    // the tallest tile's ink
	var figs []*report.Figure
	var figW []float64
	for i, b := range row {
		if b.fig != nil {
			figs, figW = append(figs, b.fig), append(figW, ws[i])
		}
	}
	drawn, tileErrs := drawTiles(k, figs, accent, figW, h)
	for i, b := range row {
		w := ws[i]
		var its []page.Item
		var err error
		if b.fig != nil {
			its, err = drawn[0], tileErrs[0]
			drawn, tileErrs = drawn[1:], tileErrs[1:]
		} else {
			dx, cw := chartBox(b.chart, w, h)
			its, err = k.chart(b.chart, accent, cw, h)
			if err != nil && cw < w {
				// a low band: the legend fits beside a circle its box is too narrow for, in
				// the item's whole width
				dx, cw = 0, w
				its, err = k.chart(b.chart, accent, cw, h)
			}
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
		x += w + bandGutter*g.body
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

// bandGutter is the gutter between a band row's items, in body characters.
const bandGutter = 1.5

// bandWidths shares the type area's width among a band row's items by their weights, less the
// gutters between them.
func bandWidths(g grid, row []bandItem) []float64 {
	total := 0.0
	for _, b := range row {
		total += b.weight()
	}
	avail := g.typeW() - bandGutter*g.body*float64(len(row)-1)
	ws := make([]float64, len(row))
	for i, b := range row {
		ws[i] = avail * b.weight() / total
	}
	return ws
}

// bandWhite is the white a row of band items leaves beside its pies and donuts, which take a
// circle and a legend's width of their share (see chartBox) and leave the rest empty, in
// character × line cells: a lone pie across a single page's band is a hole the width of the page.
// What another chart spreads past bandAspect counts too (a line chart of five points across a
// broadsheet read 351 × 41 mm when it counted half).
func bandWhite(g grid, row []bandItem, lines int) float64 {
	ws := bandWidths(g, row)
	h := float64(lines)*g.lead - 2*g.lead // as bandItems: between the rules, less a line
	white := 0.0
	for i, b := range row {
		if b.chart == nil {
			continue
		}
		w := ws[i]
		_, cw := chartBox(b.chart, w, h)
		white += (w - cw) / g.body * float64(lines)
		// a bar, column or line chart much wider than tall spreads its bars or points thin
		// and flattens its scale: its width past bandAspect heights counts as white
		if cw == w && w > bandAspect*h {
			white += (w - bandAspect*h) / g.body * float64(lines)
		}
	}
	return white
}

// bandAspect is the widest, in heights, a band's bar, column or line chart reads at.
const bandAspect = 4.0

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
