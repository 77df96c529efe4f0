package layout

import (
	"fmt"
	"math"
	"strings"
	"unicode/utf8"

	"spread/page"
	"spread/report"
)

// Nothing is drawn outside the trim: the last step of both layouts measures every item of the
// finished document — glyphs by the advances they are set with, rules and strokes with half
// their width (rules with butt ends), paths by their points (a curve lies inside its control
// points), photos by their frames (the picture beyond is clipped) — and an item that leaves the
// page is an error at the data it comes from, not a line cut off by the guillotine. Filled
// shapes without a stroke (tints, bands) may run on into the bleed of a print page, and only
// that far.
//
// Limits: a glyph's height is taken as 0.88 em above the baseline and 0.12 em below; its ink
// as its whole advance (a half-width mark at a line's end reaches half an em less far). The
// source of a text is found by its characters among the report's texts (a chart's items by
// any of its texts); what matches none (a folio's page number, a chart's axis numbers alone)
// is reported at the layout key, whose page size is then what does not hold it.

// trimSlack is how far past the trim an item may reach before it counts, in points: the
// rounding of positions, far below anything a reader can see.
const trimSlack = 0.05

// box is an axis-aligned extent in points.
type box struct{ x0, y0, x1, y1 float64 }

func (b box) union(o box) box {
	return box{math.Min(b.x0, o.x0), math.Min(b.y0, o.y0), math.Max(b.x1, o.x1), math.Max(b.y1, o.y1)}
}

var noBox = box{math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)}

// outsideTrim checks the items of every page of doc against the page's trim (its bleed, for
// fills of a print page) and returns an error at the source of each item that leaves it.
func outsideTrim(k *kit, r *report.Report, doc *page.Document) report.Errors {
	bleed := 0.0
	if doc.Print != nil {
		bleed = doc.Print.Bleed
	}
	var errs report.Errors
	seen := map[string]bool{}
	for pi, p := range doc.Pages {
		trim := box{0, 0, p.Width, p.Height}
		for _, it := range p.Items {
			ink, fill := extent(k, it, 0, 0)
			if ink.x0 > ink.x1 && fill.x0 > fill.x1 {
				continue // nothing drawn
			}
			over := past(ink, trim)
			if f := past(fill, box{-bleed, -bleed, p.Width + bleed, p.Height + bleed}); f.amount > over.amount {
				over = f
			}
			if over.amount <= trimSlack {
				continue
			}
			what, at := source(r, it)
			msg := fmt.Sprintf("%s is drawn %.1f mm past the %s edge of page %d's trim (%.0f × %.0f mm): shorten it, or make the page wider",
				what, over.amount/page.MM, over.side, pi+1, p.Width/page.MM, p.Height/page.MM)
			if key := at.String() + msg; !seen[key] {
				seen[key] = true
				errs.Add(at, "%s", msg)
			}
		}
	}
	return errs
}

// overrun is how far and on which side an extent leaves a box.
type overrun struct {
	amount float64
	side   string
}

func past(b, limit box) overrun {
	var o overrun
	for _, c := range []overrun{{limit.x0 - b.x0, "left"}, {b.x1 - limit.x1, "right"}, {limit.y0 - b.y0, "top"}, {b.y1 - limit.y1, "bottom"}} {
		if c.amount > o.amount {
			o = c
		}
	}
	return o
}

// extent is what an item draws, offset by (dx, dy): ink that must stay inside the trim, and
// fill (a filled shape without a stroke) that may run into the bleed. An empty extent has
// x0 > x1.
func extent(k *kit, it page.Item, dx, dy float64) (ink, fill box) {
	ink, fill = noBox, noBox
	switch v := it.(type) {
	case page.Text:
		n := utf8.RuneCountInString(v.S)
		if n == 0 {
			return
		}
		w := k.width(v.Font, v.S)*v.Size + float64(n-1)*v.Spacing
		x, y := dx+v.X, dy+v.Y
		ink = box{math.Min(x, x+w), y - 0.88*v.Size, math.Max(x, x+w), y + 0.12*v.Size}
	case page.Rect:
		b := box{dx + math.Min(v.X, v.X+v.W), dy + math.Min(v.Y, v.Y+v.H), dx + math.Max(v.X, v.X+v.W), dy + math.Max(v.Y, v.Y+v.H)}
		if v.Stroke != nil {
			h := v.LineWidth / 2
			ink = box{b.x0 - h, b.y0 - h, b.x1 + h, b.y1 + h}
		} else if v.Fill != nil {
			fill = b
		}
	case page.Line:
		// butt ends (PDF's default cap): a rule reaches half its width to either side only
		hx, hy := v.Width/2, v.Width/2
		if v.Y1 == v.Y2 {
			hx = 0
		} else if v.X1 == v.X2 {
			hy = 0
		}
		ink = box{dx + math.Min(v.X1, v.X2) - hx, dy + math.Min(v.Y1, v.Y2) - hy, dx + math.Max(v.X1, v.X2) + hx, dy + math.Max(v.Y1, v.Y2) + hy}
	case page.Path:
		b := noBox
		for _, op := range v.Ops {
			n := 1
			switch op.Kind {
			case page.CurveTo:
				n = 3
			case page.Close:
				n = 0
			}
			for _, pt := range op.Pts[:n] {
				b = b.union(box{dx + pt.X, dy + pt.Y, dx + pt.X, dy + pt.Y})
			}
		}
		if v.Stroke != nil {
			h := v.LineWidth / 2
			ink = box{b.x0 - h, b.y0 - h, b.x1 + h, b.y1 + h}
		} else if v.Fill != nil {
			fill = b
		}
	case page.Image:
		ink = box{dx + v.X, dy + v.Y, dx + v.X + v.W, dy + v.Y + v.H}
	case page.Group:
		for _, c := range v.Items {
			i, f := extent(k, c, dx+v.X, dy+v.Y)
			ink, fill = ink.union(i), fill.union(f)
		}
	}
	return
}

// source names an item that leaves the page and finds where the data gives it: a photo by its
// own position, a text or a group (a chart) by the first of its texts found in the report.
func source(r *report.Report, it page.Item) (string, report.Pos) {
	fallback := r.Layout.Pos
	if fallback.Line == 0 {
		fallback = report.Pos{File: r.File, Line: 1, Col: 1}
	}
	if im, ok := it.(page.Image); ok {
		if p, ok := parsePos(im.Source); ok {
			return "photo " + im.Name, p
		}
		return "photo " + im.Name, fallback
	}
	var texts []string
	var collect func(page.Item)
	collect = func(it page.Item) {
		switch v := it.(type) {
		case page.Text:
			if s := strings.TrimSpace(v.S); s != "" {
				texts = append(texts, s)
			}
		case page.Group:
			for _, c := range v.Items {
				collect(c)
			}
		}
	}
	collect(it)
	kind := "the text"
	if _, ok := it.(page.Group); ok {
		kind = "the chart"
	}
	cands := reportTexts(r)
	for _, s := range texts {
		for _, c := range cands {
			if c.S != "" && strings.Contains(c.S, s) {
				return fmt.Sprintf("%s %q", kind, clipText(s)), c.Pos
			}
		}
	}
	// a line set from several texts (the credits in the folio): the first of its parts found
	for _, s := range texts {
		for _, part := range strings.Fields(s) {
			for _, c := range cands {
				if utf8.RuneCountInString(part) > 1 && strings.Contains(c.S, part) {
					return fmt.Sprintf("%s %q", kind, clipText(s)), c.Pos
				}
			}
		}
	}
	if len(texts) > 0 {
		return fmt.Sprintf("%s %q", kind, clipText(texts[0])), fallback
	}
	return "a rule or box", fallback
}

// reportTexts is every text of the report with its position, the chart titles and figure
// labels before the prose (an item's characters are looked for in that order).
func reportTexts(r *report.Report) []report.Text {
	var out []report.Text
	for _, c := range r.Charts {
		out = append(out, report.Text{S: c.Title.S, Pos: c.Title.Pos})
	}
	for _, f := range r.Figures {
		out = append(out, f.Label)
	}
	out = append(out, r.Paper.Name, r.Paper.Section,
		report.Text{S: chineseDate(r.Paper.Date), Pos: r.Paper.Pos},
		report.Text{S: fmt.Sprintf("第%d版", r.Paper.Page), Pos: r.Paper.Pos},
		report.Text{S: fmt.Sprintf("第%d版", r.Paper.Page+1), Pos: r.Paper.Pos})
	out = append(out, r.Paper.Credits...)
	out = append(out, r.Headline.Kicker)
	out = append(out, r.Headline.Title...)
	out = append(out, r.Headline.Subtitle, r.Byline)
	out = append(out, r.Lead...)
	for _, s := range r.Sections {
		out = append(out, s.Title)
		for _, p := range s.Photos {
			out = append(out, p.Caption, p.Credit)
		}
		out = append(out, s.Paragraphs...)
	}
	out = append(out, r.Closing...)
	return out
}

// parsePos reads FILE:LINE:COL back (the file name may hold colons).
func parsePos(s string) (report.Pos, bool) {
	var line, col int
	i := strings.LastIndexByte(s, ':')
	if i < 0 {
		return report.Pos{}, false
	}
	j := strings.LastIndexByte(s[:i], ':')
	if j < 0 {
		return report.Pos{}, false
	}
	if _, err := fmt.Sscanf(s[j+1:], "%d:%d", &line, &col); err != nil || line < 1 {
		return report.Pos{}, false
	}
	return report.Pos{File: s[:j], Line: line, Col: col}, true
}

// clipText shortens a text for a message.
func clipText(s string) string {
	if utf8.RuneCountInString(s) <= 20 {
		return s
	}
	return string([]rune(s)[:20]) + "…"
}
