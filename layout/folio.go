package layout

import (
	"fmt"
	"strings"
	"time"

	"spread/fonts"
	"spread/page"
	"spread/report"
)

var weekdays = [...]string{"星期日", "星期一", "星期二", "星期三", "星期四", "星期五", "星期六"}

// chineseDate prints a date the way a Chinese daily does: 2021年1月8日 星期五.
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
		items = append(items, page.Text{X: x, Y: g.folioY, Font: role, Size: size, Color: page.Gray(1), S: s})
		x += k.width(role, s)*size + gap
	}
	x = g.left + g.typeW()
	for i := len(right) - 1; i >= 0; i-- {
		role := fonts.Song
		if i == len(right)-1 && r.Layout.Pages == 2 {
			role = fonts.SongBold
		}
		w := k.width(role, right[i]) * size
		items = append(items, page.Text{X: x - w, Y: g.folioY, Font: role, Size: size, Color: page.Gray(1), S: right[i]})
		x -= w + gap
		if i > 0 {
			sep(x + gap/2)
		}
	}
	items = append(items, page.Line{X1: g.left, Y1: g.ruleY, X2: g.left + g.typeW(), Y2: g.ruleY, Width: 0.75, Color: page.Gray(1)})
	return items
}
