package layout

import (
	"math"
	"strings"
	"unicode/utf8"

	"spread/fonts"
	"spread/page"
	"spread/report"
)

// The briefing's two-column part: the content as a list of blocks, filled into columns.
type bkind int

const (
	kLine bkind = iota // a line of a paragraph
	kHead              // a section head or the closing's rule: kept with two lines below
	kFig               // a chart or a photo with its caption: may float to the next column
)

type block struct {
	kind        bkind
	h           float64 // height, including the space below
	above       float64 // space above, dropped at a column top
	para        int     // lines: the paragraph's number; 0 for other blocks
	first, last bool    // lines: first or last of their paragraph
	title       string  // heads: the bookmark's title ("" for none)
	draw        func(x, y float64) []page.Item
}

// colW is the width of one of the two columns: a whole number of body characters.
func (c *cols) colW() float64 {
	return math.Floor((a4W-2*bMargin-bGutter)/2/bBody) * bBody
}

// colX is the left edge of column i; the right column ends on the type area's edge.
func (c *cols) colX(i int) float64 {
	if i == 0 {
		return bMargin
	}
	return a4W - bMargin - c.colW()
}

// briefChartH is a chart's height at width w: a bar chart grows with its bars, the rest are
// landscape; never under 40 mm.
func briefChartH(c *report.Chart, w float64) float64 {
	var h float64
	switch c.Kind {
	case "bar":
		h = float64(len(c.Figures))*8*page.MM + 18*page.MM
	case "pie", "donut":
		h = w * 0.7
	default:
		h = w * 0.62
	}
	return math.Min(math.Max(h, 40*page.MM), w*0.9)
}

// photoAspect is the frame's width/height: the picture's own, held to 2:3..4:1 (3:2 unknown),
// so that a portrait stays a portrait (it was cropped to 4:3, half of it lost) and a panorama
// a panorama (cropped to 16:9, a 3:1 one lost two fifths of its width).
func photoAspect(p *report.Photo) float64 {
	if p.PixelW <= 0 || p.PixelH <= 0 {
		return 1.5
	}
	return math.Min(math.Max(float64(p.PixelW)/float64(p.PixelH), briefPortraitMin), briefWidest)
}

// A briefing's photo narrower than 4:3 stands no taller than briefTallest of the column's
// width, as narrow as that makes it, in the middle of the column; one wider than briefWidest
// is cropped to it (a strip lower than a line of text and a half reads as a rule).
const (
	briefPortraitMin = 2.0 / 3
	briefTallest     = 0.9
	briefWidest      = 4.0
)

// twoColumns turns the sections, with their charts and photos, and the
// closing into blocks of a column of width w.
//
// figs scales the figures (1: a chart as tall as briefChartH, a photo the column's width): a
// last page of a few lines is pulled back by smaller figures (see briefingDoc).
func twoColumns(k *kit, r *report.Report, accent page.Color, w, figs float64, errs *report.Errors) []block {
	var bs []block
	paraN := 0
	lines := func(ts []report.Text, role string) {
		for _, t := range ts {
			paraN++
			ls := k.lines(t.S, role, lineOpts{Measure: w / bBody, Indent: 2})
			for i, l := range ls {
				l := l
				bs = append(bs, block{kind: kLine, h: bPitch, para: paraN, first: i == 0, last: i == len(ls)-1,
					draw: func(x, y float64) []page.Item {
						return setText([]textLine{l}, x, y+(bPitch-bBody)/2+0.88*bBody, 0, role, bBody, page.Gray(1))
					}})
			}
		}
	}
	chart := func(c *report.Chart) {
		h := math.Max(briefChartH(c, w)*figs, briefChartMin)
		its, err := k.chart(c, accent, w, h)
		if err != nil {
			errs.Add(c.Pos, "%v", err)
			return
		}
		bs = append(bs, block{kind: kFig, h: h + 0.75*bPitch, above: 0.5 * bPitch,
			draw: func(x, y float64) []page.Item { return []page.Item{page.Group{X: x, Y: y, Items: its}} }})
	}
	photo := func(p *report.Photo) {
		a := photoAspect(p)
		pw := w * figs * math.Min(1, briefTallest*a) // narrower frames stand in the middle of the column
		fh := pw / a
		c := setCaption(k, p, pw, bBody)
		bs = append(bs, block{kind: kFig, h: fh + c.height() + 0.75*bPitch, above: 0.5 * bPitch,
			draw: func(x, y float64) []page.Item {
				x += (w - pw) / 2
				return append([]page.Item{photoImage(p, x, y, pw, fh)}, c.items(x, y+fh, pw)...)
			}})
	}
	for _, s := range r.Sections {
		bs = append(bs, sectionHead(k, s, accent, w))
		for _, c := range sectionCharts(r, s) {
			chart(c)
		}
		for i, p := range s.Paragraphs {
			lines([]report.Text{p}, fonts.Song)
			if i < len(s.Photos) {
				photo(s.Photos[i])
			}
		}
		for _, p := range s.Photos[min(len(s.Photos), len(s.Paragraphs)):] {
			photo(p)
		}
	}
	if len(r.Closing) > 0 {
		bs = append(bs, block{kind: kHead, h: 0.75 * bPitch, above: 0.5 * bPitch,
			draw: func(x, y float64) []page.Item {
				return []page.Item{page.Line{X1: x, Y1: y + 0.375*bPitch, X2: x + w, Y2: y + 0.375*bPitch, Width: 0.5, Color: accent}}
			}})
		lines(r.Closing, fonts.Kai)
	}
	return bs
}

// sectionHead is the label in an accent box and the title in 黑体, wrapped if it is long.
func sectionHead(k *kit, s *report.Section, accent page.Color, w float64) block {
	const ts, side = 13.0, 16.0
	tp := ts * 1.4
	title := s.Title.S
	bm := title
	indent := 0.0
	if s.Label != "" {
		bm = s.Label + " " + title
	}
	bw := side
	if s.Label != "" {
		bw = labelBoxW(k.width(fonts.Hei, s.Label)*11, side)
		indent = bw + 5
	}
	// the space between a title's phrases is a full-width space, as in print (see headWords)
	ls := k.lines(strings.Join(strings.Fields(title), "\u3000"), fonts.Hei, lineOpts{Measure: (w - indent) / ts, Ragged: true})
	ls = unspaced(k, ls, fonts.Hei)
	n := max(1, len(ls))
	return block{kind: kHead, h: float64(n)*tp + 0.5*bPitch, above: 0.75 * bPitch, title: bm,
		draw: func(x, y float64) []page.Item {
			var out []page.Item
			if s.Label != "" {
				out = append(out, page.Rect{X: x, Y: y + (tp-side)/2, W: bw, H: side, Fill: &accent})
				lw := k.width(fonts.Hei, s.Label) * 11
				out = append(out, page.Text{X: x + (bw-lw)/2, Y: y + tp/2 + 0.36*11, Font: fonts.Hei, Size: 11, Color: page.Color{}, S: s.Label})
			}
			return append(out, setText(ls, x+indent, y+(tp-ts)/2+0.88*ts, tp, fonts.Hei, ts, page.Gray(1))...)
		}}
}

// unspaced cuts the runs of solid lines at their full-width spaces, which are not drawn: the
// space stays as the distance between the pieces, and the text reads back with a plain space.
func unspaced(k *kit, ls []textLine, role string) []textLine {
	out := make([]textLine, len(ls))
	for i, l := range ls {
		out[i] = textLine{Width: l.Width, Torn: l.Torn}
		for _, r := range l.Runs {
			x := r.X
			for j, piece := range strings.Split(r.Text, "\u3000") {
				if j > 0 {
					x += k.adv(role, '\u3000') + r.Spacing
				}
				if piece != "" {
					out[i].Runs = append(out[i].Runs, textRun{X: x, Text: piece, Spacing: r.Spacing})
				}
				x += k.width(role, piece) + r.Spacing*float64(utf8.RuneCountInString(piece))
			}
		}
	}
	return out
}

// cols places blocks into the two columns of pages, after the pages of the first part.
type cols struct {
	k         *kit
	r         *report.Report
	pages     [][]page.Item
	accent    page.Color
	outline   []page.Bookmark
	lastLines int // lines of text on the last page emitted
}

// fillState is where filling stands: the next block, and the figures floated from the column
// before, to go at the top of the next.
type fillState struct {
	next  int
	carry []int
}

func (s fillState) done(n int) bool { return s.next >= n && len(s.carry) == 0 }

type placed struct {
	idx int
	y   float64
}

// fillColumn fills one column from top to limit. A figure that does not fit floats to the next
// column (but no head passes a floated figure); a head goes only with two lines of its text;
// a column break never leaves a paragraph's first line at the foot or its last at the head.
// An empty column takes a first block too tall for it only when the block is taller than full,
// a whole column of a fresh page, so filling always moves on: one that a fresh page's column
// holds goes there instead of running past this one's foot (a photo and its caption under the
// first page's summary ran off the page).
func fillColumn(bs []block, st fillState, top, limit, full float64) ([]placed, fillState) {
	var out []placed
	var carry []int
	y := top
	put := func(i int) {
		if y > top {
			y += bs[i].above
		}
		out = append(out, placed{i, y})
		y += bs[i].h
	}
	fits := func(i int, extra float64) bool {
		a := 0.0
		if y > top {
			a = bs[i].above
		}
		return len(out) == 0 && bs[i].h > full || y+a+bs[i].h+extra <= limit+1e-6
	}
	for _, i := range st.carry {
		if fits(i, 0) {
			put(i)
		} else {
			carry = append(carry, i)
		}
	}
	i := st.next
	head := -1 // the head placed in this column whose first lines are not yet placed
loop:
	for ; i < len(bs); i++ {
		switch b := bs[i]; b.kind {
		case kFig:
			// a figure between a head and its text goes only with the text's first lines
			// under it, else it floats: a head and a chart at a column's foot and the text
			// in the next column read as two stories
			extra := 0.0
			if head >= 0 {
				extra = keepBelow(bs, head)
			}
			if len(carry) == 0 && fits(i, extra) {
				put(i)
			} else {
				carry = append(carry, i)
			}
		case kHead:
			if len(carry) > 0 || !fits(i, keepBelow(bs, i)) {
				break loop
			}
			put(i)
			head = i
		default:
			head = -1
			if !fits(i, 0) {
				break loop
			}
			put(i)
		}
	}
	// Widows, orphans and stranded heads: move lines (and a head above them) to the next column;
	// so too a column's only line of text, under a figure at its foot, when more text follows
	// (it reads as a stray under the photo, not as the start of the next column)
	for i < len(bs) && len(out) > 1 {
		l := out[len(out)-1]
		b, nb := bs[l.idx], bs[i]
		bad := b.kind == kHead ||
			b.kind == kLine && nb.kind == kLine && b.para == nb.para && (b.first || nb.last) ||
			b.kind == kLine && linesPlaced(bs, out) == 1
		if !bad {
			break
		}
		out = out[:len(out)-1]
		i = l.idx
	}
	// Figures floated past the new break are read again from there.
	kept := carry[:0:0]
	for _, c := range carry {
		if c < i {
			kept = append(kept, c)
		}
	}
	return out, fillState{next: i, carry: kept}
}

// linesPlaced is how many lines of text the placed blocks hold.
func linesPlaced(bs []block, out []placed) int {
	n := 0
	for _, pl := range out {
		if bs[pl.idx].kind == kLine {
			n++
		}
	}
	return n
}

// keepBelow is the height of the two lines after block i that a head keeps with it.
func keepBelow(bs []block, i int) float64 {
	h, n := 0.0, 0
	for j := i + 1; j < len(bs) && n < 2; j++ {
		switch bs[j].kind {
		case kLine:
			h += bs[j].h
			n++
		case kHead:
			return h
		}
	}
	return h
}

// fillPage fills both columns of a page (full: see fillColumn).
func fillPage(bs []block, st fillState, top, limit, full float64) ([2][]placed, fillState) {
	var out [2][]placed
	for c := range out {
		out[c], st = fillColumn(bs, st, top, limit, full)
	}
	return out, st
}

// set places the blocks from y0 on the last page, adding pages as needed, and balances the
// two columns of the last page.
func (c *cols) set(bs []block, y0 float64) {
	top, bottom := y0, a4H-bBottom
	full := bottom - bTop
	if bottom-top < 6*bPitch {
		c.newPage()
		top = bTop
	}
	st := fillState{}
	for !st.done(len(bs)) {
		page, next := fillPage(bs, st, top, bottom, full)
		if next.done(len(bs)) {
			lo, hi := top, bottom
			for hi-lo > 0.5 {
				mid := (lo + hi) / 2
				if _, s := fillPage(bs, st, top, mid, full); s.done(len(bs)) {
					hi = mid
				} else {
					lo = mid
				}
			}
			page, next = fillPage(bs, st, top, hi, full)
			// a column of one line beside a full one reads as a line stranded at the page's
			// top: lower the balance until each column holds none or two lines or more
			for h := hi + bPitch/2; loneLine(bs, page) && h <= bottom+1e-6; h += bPitch / 2 {
				if p2, n2 := fillPage(bs, st, top, h, full); n2.done(len(bs)) && !loneLine(bs, p2) {
					page, next = p2, n2
				}
			}
		}
		c.emit(bs, page)
		st = next
		if !st.done(len(bs)) {
			c.newPage()
			top = bTop
		}
	}
}

// loneLine reports a column of pg that holds exactly one line of text.
func loneLine(bs []block, pg [2][]placed) bool {
	for _, ps := range pg {
		n := 0
		for _, pl := range ps {
			if bs[pl.idx].kind == kLine {
				n++
			}
		}
		if n == 1 {
			return true
		}
	}
	return false
}

func (c *cols) emit(bs []block, pg [2][]placed) {
	p := len(c.pages) - 1
	c.lastLines = 0
	for col, ps := range pg {
		x := c.colX(col)
		for _, pl := range ps {
			b := bs[pl.idx]
			if b.title != "" {
				c.outline = append(c.outline, page.Bookmark{Title: b.title, Page: p, Y: pl.y})
			}
			c.pages[p] = append(c.pages[p], b.draw(x, pl.y)...)
			if b.kind == kLine {
				c.lastLines++
			}
		}
	}
}

func (c *cols) newPage() {
	c.pages = append(c.pages, pageFurniture(c.k, c.r, len(c.pages)+1))
}
