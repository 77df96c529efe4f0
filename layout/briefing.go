package layout

import (
	"math"
	"strconv"

	"spread/fonts"
	"spread/page"
	"spread/report"
)

// The briefing is the same content reflowed for A4 portrait reading: one column for the
// headline, lead and key figures, then two columns for the sections, pages added as needed.
const (
	a4W, a4H   = 210 * page.MM, 297 * page.MM
	bMargin    = 20 * page.MM
	bTop       = 24 * page.MM
	bBottom    = 20 * page.MM
	bBody      = 10.5
	bPitch     = bBody * 1.6
	bGutter    = 2 * bBody
	bHeaderGap = 3 * page.MM
)

// flow is a cursor that fills columns top to bottom and adds pages when they are full.
type flow struct {
	k       *kit
	r       *report.Report
	pages   [][]page.Item
	x       []float64 // column x on the current layout
	w       float64   // column width
	col     int
	y, top  float64
	accent  page.Color
	outline []page.Bookmark
}

func (f *flow) bookmark(title string) {
	f.outline = append(f.outline, page.Bookmark{Title: title, Page: len(f.pages) - 1, Y: f.y})
}

// table lists every figure with a number: figure, value, unit, growth, note.
func table(f *flow) {
	type row struct{ cells [5]string }
	rows := []row{{[5]string{"指标", "数值", "单位", "增长", "备注"}}}
	for _, fg := range f.r.Figures {
		if fg.Value == nil && fg.Growth == nil {
			continue
		}
		var rw row
		rw.cells[0] = fg.Label.S
		rw.cells[1] = fg.ValueText
		rw.cells[2] = fg.Unit
		if fg.Growth != nil {
			rw.cells[3] = strconv.FormatFloat(*fg.Growth, 'f', -1, 64) + "%"
		}
		rw.cells[4] = fg.Note
		rows = append(rows, rw)
	}
	if len(rows) == 1 {
		return
	}
	size := 9.0
	pitch := size * 1.8
	widths := [5]float64{0.46, 0.18, 0.1, 0.12, 0.14}
	for i, rw := range rows {
		f.room(pitch)
		x := f.x[f.col]
		role := fonts.Song
		if i == 0 {
			role = fonts.SongBold
			fill := tint(f.accent, 0.12)
			f.add(page.Rect{X: x, Y: f.y, W: f.w, H: pitch, Fill: &fill})
		}
		for c, s := range rw.cells {
			cw := widths[c] * f.w
			tx := x + 3
			if c == 1 || c == 3 {
				tx = x + cw - 3 - f.k.width(role, s)*size // numbers right-aligned
			}
			if s != "" {
				f.add(page.Text{X: tx, Y: f.y + pitch/2 + 0.35*size, Font: role, Size: size, Color: page.Gray(1), S: s})
			}
			x += cw
		}
		f.y += pitch
		f.add(page.Line{X1: f.x[f.col], Y1: f.y, X2: f.x[f.col] + f.w, Y2: f.y, Width: 0.25, Color: page.Gray(0.6)})
	}
	f.y += bPitch
}

// chartBlock draws a chart at the column width.
func chartBlock(f *flow, c *report.Chart, errs *report.Errors) {
	h := math.Max(40*page.MM, math.Min(f.w*0.55, 70*page.MM))
	f.room(h + bPitch)
	its, err := f.k.chart(c, f.accent, f.w, h)
	if err != nil {
		errs.Add(c.Pos, "%v", err)
		return
	}
	f.add(page.Group{X: f.x[f.col], Y: f.y, Items: its})
	f.y += h + bPitch
}

// photoFlow draws a photo at the column width in a 3:2 frame, with its caption.
func photoFlow(f *flow, p *report.Photo) {
	fh := f.w / 1.5
	c := setCaption(f.k, p, f.w, bBody)
	f.room(fh + c.height() + bPitch)
	x := f.x[f.col]
	f.add(photoImage(p, x, f.y, f.w, fh))
	for _, it := range c.items(x, f.y+fh, f.w) {
		f.add(it)
	}
	f.y += fh + c.height() + bPitch*0.75
}

func (f *flow) newPage() {
	f.pages = append(f.pages, nil)
	f.col, f.y, f.top = 0, bTop, bTop
	n := len(f.pages)
	hs := 8.0
	head := f.r.Paper.Name.S + "  " + chineseDate(f.r.Paper.Date)
	f.add(page.Text{X: bMargin, Y: bTop - bHeaderGap - 2, Font: fonts.Song, Size: hs, Color: page.Gray(1), S: head})
	if t := joinTitle(titleStrings(f.r)); t != "" {
		tw := f.k.width(fonts.Song, t) * hs
		if tw < a4W-2*bMargin-f.k.width(fonts.Song, head)*hs-4*hs {
			f.add(page.Text{X: a4W - bMargin - tw, Y: bTop - bHeaderGap - 2, Font: fonts.Song, Size: hs, Color: page.Gray(1), S: t})
		}
	}
	f.add(page.Line{X1: bMargin, Y1: bTop - bHeaderGap + 1, X2: a4W - bMargin, Y2: bTop - bHeaderGap + 1, Width: 0.5, Color: page.Gray(1)})
	num := strconv.Itoa(n)
	f.add(page.Text{X: a4W/2 - f.k.width(fonts.Song, num)*hs/2, Y: a4H - bBottom/2, Font: fonts.Song, Size: hs, Color: page.Gray(1), S: num})
}

func titleStrings(r *report.Report) []string {
	var out []string
	for _, t := range r.Headline.Title {
		out = append(out, t.S)
	}
	return out
}

func (f *flow) add(it page.Item) { f.pages[len(f.pages)-1] = append(f.pages[len(f.pages)-1], it) }

// room makes h points of room in the current column, moving to the next column or page.
func (f *flow) room(h float64) {
	if f.y+h <= a4H-bBottom || f.y == f.top {
		return
	}
	f.col++
	if f.col >= len(f.x) {
		f.newPage()
		f.top = bTop
	}
	f.y = f.top
}

// columns switches to n columns from the current y.
func (f *flow) columns(n int) {
	avail := a4W - 2*bMargin
	f.w = math.Floor((avail-float64(n-1)*bGutter)/float64(n)/bBody) * bBody
	gut := 0.0
	if n > 1 {
		gut = (avail - float64(n)*f.w) / float64(n-1)
	}
	f.x = nil
	for i := 0; i < n; i++ {
		f.x = append(f.x, bMargin+float64(i)*(f.w+gut))
	}
	f.col, f.top = 0, f.y
}

// para sets paragraphs line by line through the columns.
func (f *flow) para(ts []report.Text, role string, size, indent float64) {
	pitch := size * 1.6
	for _, t := range ts {
		for _, l := range f.k.lines(t.S, role, lineOpts{Measure: f.w / size, Indent: indent}) {
			f.room(pitch)
			for _, r := range l.Runs {
				f.add(page.Text{X: f.x[f.col] + r.X*size, Y: f.y + 0.8*size + (pitch-size)/2, Font: role, Size: size,
					Spacing: r.Spacing * size, Color: page.Gray(1), S: r.Text})
			}
			f.y += pitch
		}
	}
}

// ragged sets one text ragged at the column width; right aligns it.
func (f *flow) ragged(s, role string, size float64, c page.Color, right bool) {
	pitch := size * 1.3
	for _, l := range f.k.lines(s, role, lineOpts{Measure: f.w / size, Ragged: true}) {
		f.room(pitch)
		x := f.x[f.col]
		if right {
			x += f.w - l.Width*size
		}
		for _, r := range l.Runs {
			f.add(page.Text{X: x + r.X*size, Y: f.y + 0.9*size, Font: role, Size: size, Spacing: r.Spacing * size, Color: c, S: r.Text})
		}
		f.y += pitch
	}
}

func briefingDoc(k *kit, r *report.Report) (*page.Document, error) {
	if errs := coverage(k, r); len(errs) > 0 {
		return nil, errs.Err()
	}
	f := &flow{k: k, r: r, accent: accentOf(r)}
	var errs report.Errors
	f.newPage()
	f.columns(1)
	if s := r.Headline.Kicker.S; s != "" {
		f.ragged(s, fonts.Kai, 14, page.Gray(1), false)
	}
	for _, t := range r.Headline.Title {
		f.ragged(t.S, fonts.Hei, fit(k, fonts.Hei, t.S, 28, f.w), f.accent, false)
	}
	if s := r.Headline.Subtitle.S; s != "" {
		f.ragged("——"+s, fonts.Hei, 14, page.Gray(1), true)
	}
	if s := r.Byline.S; s != "" {
		f.ragged(s, fonts.Kai, 10.5, page.Gray(1), true)
	}
	f.y += 4
	f.add(page.Rect{X: bMargin, Y: f.y, W: f.w, H: 2, Fill: &f.accent})
	f.y += 12
	f.para(r.Lead, fonts.Kai, 12, 2)
	f.y += 8
	// key figures: tiles, then a table of every figure with a number
	var tiles []*report.Figure
	for _, fg := range r.Figures {
		if fg.Highlight {
			tiles = append(tiles, fg)
		}
	}
	for i := 0; i < len(tiles); i += 4 {
		row := tiles[i:min(i+4, len(tiles))]
		h := 26 * page.MM
		f.room(h)
		tw := (f.w - 3*bBody) / 4
		for j, fg := range row {
			its, err := k.tile(fg, f.accent, tw, h-4)
			if err != nil {
				errs.Add(fg.Pos, "key figure %s: %v", fg.ID, err)
				continue
			}
			f.add(page.Group{X: bMargin + float64(j)*(tw+bBody), Y: f.y, Items: its})
		}
		f.y += h + 4
	}
	table(f)
	f.columns(2)
	for _, c := range r.Charts {
		if c.Place == "lead" {
			chartBlock(f, c, &errs)
		}
	}
	for _, s := range r.Sections {
		f.room(4 * bPitch)
		title := s.Title.S
		if s.Label != "" {
			title = s.Label + " " + title
		}
		f.bookmark(title)
		x := f.x[f.col]
		if s.Label != "" {
			side := 16.0
			f.add(page.Rect{X: x, Y: f.y + 2, W: side, H: side, Fill: &f.accent})
			lw := k.width(fonts.Hei, s.Label) * 11
			f.add(page.Text{X: x + (side-lw)/2, Y: f.y + 2 + side/2 + 4, Font: fonts.Hei, Size: 11, Color: page.Color{}, S: s.Label})
			x += side + 5
		}
		hs := fit(k, fonts.Hei, s.Title.S, 13, f.x[f.col]+f.w-x)
		f.add(page.Text{X: x, Y: f.y + 2 + 8 + 0.36*hs, Font: fonts.Hei, Size: hs, Color: page.Gray(1), S: s.Title.S})
		f.y += 2 * bPitch
		for _, c := range r.Charts {
			if c.Place == s.Label && s.Label != "" {
				chartBlock(f, c, &errs)
			}
		}
		for i, p := range s.Paragraphs {
			f.para([]report.Text{p}, fonts.Song, bBody, 2)
			if i < len(s.Photos) {
				photoFlow(f, s.Photos[i])
			}
		}
		for _, p := range s.Photos[min(len(s.Photos), len(s.Paragraphs)):] {
			photoFlow(f, p)
		}
		f.y += bPitch / 2
	}
	if len(r.Closing) > 0 {
		f.room(2 * bPitch)
		f.add(page.Line{X1: f.x[f.col], Y1: f.y + 2, X2: f.x[f.col] + f.w, Y2: f.y + 2, Width: 0.5, Color: f.accent})
		f.y += 6
		f.para(r.Closing, fonts.Kai, bBody, 2)
	}
	if len(errs) > 0 {
		return nil, errs.Err()
	}
	doc := meta(r)
	doc.MaxPPI = 150
	for _, its := range f.pages {
		doc.Pages = append(doc.Pages, page.Page{Width: a4W, Height: a4H, Items: its})
	}
	doc.Outline = f.outline
	return doc, nil
}
