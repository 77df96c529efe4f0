package layout

import (
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"spread/fonts"
	"spread/page"
	"spread/report"
)

var weekdays = [...]string{"星期日", "星期一", "星期二", "星期三", "星期四", "星期五", "星期六"}

// chineseDate prints a date the way a Chinese daily does: 2021年1月8日 星期五 (set with
// Han–Latin spacing, as all text is: see solidLine).
func chineseDate(t time.Time) string {
	return fmt.Sprintf("%d年%d月%d日 %s", t.Year(), int(t.Month()), t.Day(), weekdays[t.Weekday()])
}

// folioParts are the pieces of the folio strip of page p (0-based within the report): the
// outer side carries the paper's name, the inner the page number; the right-hand page of a
// spread (and a single page) carries the editors' credits.
func folioParts(r *report.Report, p int) (left, right []string) {
	num := fmt.Sprintf("第%d版", r.Paper.Page+p)
	var head []string
	head = append(head, r.Paper.Name.S, chineseDate(r.Paper.Date), num)
	if r.Paper.Section.S != "" {
		head = append(head, r.Paper.Section.S)
	}
	var credits []string
	for _, c := range r.Paper.Credits {
		credits = append(credits, c.S)
	}
	cr := strings.Join(credits, "  ")
	if r.Layout.Pages == 2 && p == 1 {
		// mirrored: section, page, credits … paper name at the outer edge
		var rt []string
		if r.Paper.Section.S != "" {
			rt = append(rt, r.Paper.Section.S)
		}
		rt = append(rt, num)
		if cr != "" {
			rt = append(rt, cr)
		}
		rt = append(rt, chineseDate(r.Paper.Date), r.Paper.Name.S)
		return nil, rt
	}
	if cr != "" && r.Layout.Pages == 1 {
		return head, []string{cr}
	}
	return head, nil
}

// folio draws the strip: pieces separated by thin vertical rules, and a rule under the strip.
func folio(k *kit, g grid, r *report.Report, p int) []page.Item {
	size := folioSize(g.body)
	left, right := folioParts(r, p)
	var items []page.Item
	gap := size * 1.2
	sep := func(x float64) {
		items = append(items, page.Line{X1: x, Y1: g.folioY - 0.8*size, X2: x, Y2: g.folioY + 0.1*size,
			Width: 0.3, Color: page.Gray(1)})
	}
	x := g.left
	for i, s := range left {
		role := fonts.Song
		if i == 0 {
			role = fonts.SongBold
		}
		if i > 0 {
			sep(x - gap/2)
		}
		l := solidLine(k, role, s)
		items = append(items, setText([]textLine{l}, x, g.folioY, 0, role, size, page.Gray(1))...)
		x += l.Width*size + gap
	}
	x = g.left + g.typeW()
	for i := len(right) - 1; i >= 0; i-- {
		role := fonts.Song
		if i == len(right)-1 && r.Layout.Pages == 2 {
			role = fonts.SongBold
		}
		l := solidLine(k, role, right[i])
		w := l.Width * size
		items = append(items, setText([]textLine{l}, x-w, g.folioY, 0, role, size, page.Gray(1))...)
		x -= w + gap
		if i > 0 {
			sep(x + gap/2)
		}
	}
	items = append(items, page.Line{X1: g.left, Y1: g.ruleY, X2: g.left + g.typeW(), Y2: g.ruleY, Width: 0.75, Color: page.Gray(1)})
	return items
}

// solidLine sets s on one line as running text is set, Han–Latin spacing included, so that
// furniture follows the body's rule for digits beside Han characters (2021 年 1 月 8 日, as the
// body's 2020 年); its Width is in em.
func solidLine(k *kit, role, s string) textLine {
	ls := k.lines(s, role, lineOpts{Measure: solidMeasure, Ragged: true})
	if len(ls) == 0 {
		return textLine{}
	}
	return ls[0]
}

// solidMeasure is a measure no piece of furniture reaches, em.
const solidMeasure = 1e4

// slug is the print slug: the data file's name and the paper's date.
func slug(r *report.Report) string {
	name := filepath.Base(r.File)
	if r.File == "" {
		name = "spread"
	}
	return strings.TrimSpace(fmt.Sprintf("%s  %s  %s", name, r.Paper.Name.S, r.Paper.Date.Format("2006-01-02")))
}
