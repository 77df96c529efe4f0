package layout

import (
	"math"
	"strings"
	"unicode"
	"unicode/utf8"

	"spread/fonts"
	"spread/page"
	"spread/report"
	"spread/typeset"
)

// titleGroups splits the title into one group of lines per page. On a spread the clauses of a
// one-line title (separated by spaces) go to the two pages so that the break sits on the fold,
// and a title without spaces breaks at the word boundary nearest its middle (seven to ten
// characters of no listed word after the fourth);
// a single page keeps a one-line title on one line unless it would be set smaller than a third
// of the page's usual headline size.
func titleGroups(k *kit, g grid, title []report.Text) [][]string {
	var lines []string
	for _, t := range title {
		if s := strings.TrimSpace(t.S); s != "" {
			lines = append(lines, s)
		}
	}
	if len(lines) == 0 {
		return make([][]string, g.pages)
	}
	if len(lines) == 1 {
		clauses := strings.FieldsFunc(lines[0], unicode.IsSpace)
		switch {
		case g.pages == 2 && len(clauses) >= 2:
			lines = halves(k, clauses)
		case g.pages == 2:
			ws := words(lines[0])
			lines = halves(k, ws)
			// a quotation or a book title stays on one page (“5G+工业互联|网”赋能… cut the
			// quoted word at the fold) unless keeping it whole leaves one page most of the title
			if qs := quoted(ws); len(qs) >= 2 && len(qs) < len(ws) {
				most := evenest * k.width(fonts.Hei, strings.Join(qs, ""))
				if q := halves(k, qs); k.width(fonts.Hei, q[0]) <= most && k.width(fonts.Hei, q[1]) <= most {
					lines = q
				}
			}
			if n := len(ws); n >= 7 && n <= 10 && unlisted(ws) {
				// no listed word to break at: a title of seven to ten characters is most
				// often a four-character phrase and the rest (产教融合|育匠才, 一条溪流|串起的
				// 共富路), where the middle would cut 串|起
				lines = []string{strings.Join(ws[:4], ""), strings.Join(ws[4:], "")}
			}
			for i := range lines {
				lines[i] = strings.ReplaceAll(lines[i], "\u3000", "")
			}
		case len(clauses) >= 2 && g.typeW()/k.width(fonts.Hei, strings.Join(clauses, "")) < 4*g.body:
			lines = halves(k, clauses)
		default:
			lines = []string{strings.Join(clauses, "\u3000")}
		}
	}
	groups := make([][]string, g.pages)
	per := (len(lines) + g.pages - 1) / g.pages
	for i, l := range lines {
		p := min(i/per, g.pages-1)
		groups[p] = append(groups[p], l)
	}
	return groups
}

// words cuts a title without spaces into the pieces it may break between: Han words
// (typeset.WordLen); a run of other characters (a number, a mark) stays with the word before
// it, and an opening mark with the word after it.
func words(s string) []string {
	var out []string
	open := false // the last piece ends in an opening mark: the next word joins it
	for s != "" {
		r, size := utf8.DecodeRuneInString(s)
		n := typeset.WordLen(s)
		if !unicode.Is(unicode.Han, r) {
			n = size
		}
		piece := s[:n]
		s = s[n:]
		switch {
		case len(out) > 0 && (open || !unicode.Is(unicode.Han, r) && !strings.ContainsRune(openingMarks, r)):
			out[len(out)-1] += piece
		default:
			out = append(out, piece)
		}
		open = strings.ContainsRune(openingMarks, r)
	}
	return out
}

// quoted joins the pieces of a title from an opening mark to its closing one (a quotation, a
// book title) into one piece: a title breaks between phrases, not inside a quoted one.
func quoted(pieces []string) []string {
	var out []string
	depth := 0
	for _, p := range pieces {
		if depth > 0 {
			out[len(out)-1] += p
		} else {
			out = append(out, p)
		}
		for _, r := range p {
			switch {
			case strings.ContainsRune(openingMarks, r):
				depth++
			case strings.ContainsRune(closingMarks, r):
				depth = max(0, depth-1)
			}
		}
	}
	return out
}

// evenest is the largest share of a spread title's width one page may take for a quotation to
// stay whole on it.
const evenest = 0.8

// unlisted reports whether every piece of a title is a single Han character: no listed word,
// number or mark tells where it may break.
func unlisted(pieces []string) bool {
	for _, p := range pieces {
		r, size := utf8.DecodeRuneInString(p)
		if size != len(p) || !unicode.Is(unicode.Han, r) {
			return false
		}
	}
	return true
}

// openingMarks may not end a line.
const openingMarks = "“‘（《【「『〈〔［"

// halves joins clauses into two lines of about equal width.
func halves(k *kit, clauses []string) []string {
	total := k.width(fonts.Hei, strings.Join(clauses, ""))
	best, bi := math.Inf(1), 1
	for i := 1; i < len(clauses); i++ {
		// of two cuts as near the middle, the later: a seven-character title reads four and
		// three (产教融合 育匠才) far more often than three and four
		d := math.Abs(k.width(fonts.Hei, strings.Join(clauses[:i], "")) - total/2)
		if d <= best+1e-9 {
			best, bi = d, i
		}
	}
	return []string{strings.Join(clauses[:bi], "\u3000"), strings.Join(clauses[bi:], "\u3000")}
}

// headline draws the headline block over all pages and returns how many grid lines it takes.
// The title is set in the heavy face in the accent colour at the size that makes its widest line
// fill the type area; on a spread the left clause is set against the fold and the right one
// starts from it, so the title reads as one line across the sheet.
//
// The items are shared with other callers (see memo) and must not be modified.
//
// scale (at most 1) sets the whole block smaller: the headline gives way before the text is
// refused.
func headline(k *kit, g grid, r *report.Report, accent page.Color, scale float64) ([][]page.Item, int) {
	key := headKey{g: g, r: r, accent: accent, scale: scale}
	h := k.heads.get(key, func() headSet {
		items, line := headlineAll(k, g, r, accent, scale)
		return headSet{items, line}
	})
	return h.items, h.line
}

// headKey is one headline request: the report by identity, the grid, the accent.
type headKey struct {
	g      grid
	r      *report.Report
	accent page.Color
	scale  float64
}

// headSet is a headline's answer: items per page and the grid line under it.
type headSet struct {
	items [][]page.Item
	line  int
}

// headlineAll is headline without the memo.
func headlineAll(k *kit, g grid, r *report.Report, accent page.Color, smaller float64) ([][]page.Item, int) {
	items := make([][]page.Item, g.pages)
	y := g.top
	tw := g.typeW()
	scale := g.body / 9 * smaller
	if h := r.Headline.Kicker.S; h != "" {
		size := fit(k, fonts.Kai, h, 22*scale, tw)
		items[0] = append(items[0], page.Text{X: g.left, Y: y + 0.9*size, Font: fonts.Kai, Size: size, Color: page.Gray(1), S: h})
		y += 1.4 * size
	}
	groups := titleGroups(k, g, r.Headline.Title)
	size := 16 * g.body * smaller
	for _, grp := range groups {
		for _, l := range grp {
			_, w := titleRuns(k, l)
			size = math.Min(size, tw/math.Max(w, 1))
		}
	}
	// The title block is capped at a tenth of the type area's height: a title of two or more
	// lines set to fill the width would dominate an A3 or tabloid page, and a spread's clauses
	// of three or four characters set across each page would stand 38 mm high on A4 (a
	// fifth of its type area). A single page's title is centred, so it need not fill the width;
	// a spread's meets at the fold whatever its size.
	most := 0 // lines of the page with the most
	for _, grp := range groups {
		most = max(most, len(grp))
	}
	if most > 0 {
		size = math.Min(size, smaller*(g.bottom-g.top)/10/(float64(most)*1.12))
	}
	rows := 0
	for p, grp := range groups {
		for i, l := range grp {
			runs, em := titleRuns(k, l)
			w := em * size
			x := g.left + (tw-w)/2
			switch {
			case g.pages == 2 && p == 0:
				x = g.left + tw - w
			case g.pages == 2:
				x = g.left
			}
			for _, run := range runs {
				items[p] = append(items[p], page.Text{X: x + run.x*size, Y: y + float64(i)*1.12*size + 0.88*size, Font: fonts.Hei,
					Size: size, Color: accent, S: run.s})
			}
		}
		rows = max(rows, len(grp))
	}
	y += float64(rows)*1.12*size + 0.1*size
	last := g.pages - 1
	right := g.left + tw
	subBase := 0.0 // baseline of the subtitle's last line
	if s := r.Headline.Subtitle.S; s != "" {
		sub := "——" + s
		sz := fit(k, fonts.Hei, sub, 18*scale, tw)
		ls := k.lines(sub, fonts.Hei, lineOpts{Measure: tw / sz, Ragged: true})
		for i, l := range ls {
			x := right - l.Width*sz
			for _, run := range l.Runs {
				items[last] = append(items[last], page.Text{X: x + run.X*sz, Y: y + float64(i)*1.3*sz + 0.95*sz,
					Font: fonts.Hei, Size: sz, Spacing: run.Spacing * sz, Color: page.Gray(1), S: run.Text})
			}
		}
		subBase = y + float64(len(ls)-1)*1.3*sz + 0.95*sz
		y += float64(len(ls))*1.3*sz + 0.2*sz
	}
	if s := r.Byline.S; s != "" {
		sz := 10.5 * g.body / 9
		ls := k.lines(s, fonts.Kai, lineOpts{Measure: tw / sz, Ragged: true})
		// On a spread with a subtitle the byline goes to the left page, flush left on the
		// subtitle's last baseline: the left clause gets a line under it as the right one
		// does, and the headline block is a line shorter. Else it goes under the subtitle.
		onLeft := g.pages == 2 && subBase > 0 && len(ls) == 1 && l0fits(ls, sz, tw/2)
		for i, l := range ls {
			x, base, pg := right-l.Width*sz, y+float64(i)*1.4*sz+0.95*sz, last
			if onLeft {
				x, base, pg = g.left, subBase, 0
			}
			for _, run := range l.Runs {
				items[pg] = append(items[pg], page.Text{X: x + run.X*sz, Y: base,
					Font: fonts.Kai, Size: sz, Spacing: run.Spacing * sz, Color: page.Gray(1), S: run.Text})
			}
		}
		if !onLeft {
			y += float64(len(ls)) * 1.4 * sz
		}
	}
	n := g.linesFor(y - g.top + 0.8*g.lead)
	ry := g.y(n) - 0.45*g.lead
	for p := range items {
		items[p] = append(items[p], page.Rect{X: g.left, Y: ry - 1.5, W: tw, H: 3, Fill: &accent})
	}
	return items, n
}

// titleRuns cuts a line of the title into pieces at its full-width brackets and quotes, each
// at x em from the line's start, and returns the line's width in em: an opening mark gives up
// the blank half of its em before it, a closing one the half after it, as clreq compresses
// punctuation (at a headline's size the blank halves of “潮” stood as an em's hole either side);
// at the line's ends the marks keep their ems, so that no glyph's box passes the type area.
func titleRuns(k *kit, l string) ([]headWord, float64) {
	var out []headWord
	var cur strings.Builder
	x, at := 0.0, 0.0
	flush := func() {
		if cur.Len() > 0 {
			out = append(out, headWord{cur.String(), at})
			cur.Reset()
		}
		at = x
	}
	rs := []rune(l)
	for i, r := range rs {
		adv := k.adv(fonts.Hei, r)
		// a mark at either end of the line keeps its em: the line's box, which measures its
		// ink from the type area's edges, stays within them
		full := adv > 0.9 && i > 0 && i < len(rs)-1
		switch {
		case full && strings.ContainsRune(openingMarks, r):
			x -= 0.5
			flush()
			cur.WriteRune(r)
			x += adv
		case full && strings.ContainsRune(closingMarks, r):
			cur.WriteRune(r)
			x += adv
			flush()
			x -= 0.5
			at = x
		default:
			cur.WriteRune(r)
			x += adv
		}
	}
	flush()
	return out, x
}

// fit is size, or smaller so that s fits in w.
func fit(k *kit, role, s string, size, w float64) float64 {
	if nat := k.width(role, s) * size; nat > w && nat > 0 {
		return math.Max(size*w/nat, size*0.6)
	}
	return size
}

// l0fits reports whether a single set line is no wider than w points at size sz.
func l0fits(ls []textLine, sz, w float64) bool { return len(ls) == 1 && ls[0].Width*sz <= w }
