package layout

import (
	"fmt"
	"testing"

	"spread/page"
	"spread/report"
)

func TestDebugPlan(t *testing.T) {
	r, f := seed(t)
	k := realKit(f)
	g, _ := newGrid(r.Layout.Width, r.Layout.Height, r.Layout.Pages, r.Layout.Columns, 9)
	lr := planLeadRow(k, g, r.Lead, gallery(r))
	used := map[*report.Photo]bool{}
	for _, f := range lr.frames {
		used[f.photo] = true
		fmt.Println("frame", f.page, f.col, f.n, f.photo.File)
	}
	_, hl := headline(k, g, r, accentOf(r))
	fmt.Println("headline", hl, "leadrow", lr.lines, lr.set.cols, lr.set.size, lr.set.per, lr.set.boxLines(g))
	c := hl + lr.lines + g.linesFor(42*page.MM) + 1
	mods := arrange(r, g, []int{c, c}, used, 0)
	for _, m := range mods {
		mp := planModule(k, g, m)
		fmt.Println(m.sec.Label, m.parts, m.line0, m.limit, "ok", mp.ok, "over", mp.over, "end", mp.end, "used", mp.used, "lines", len(mp.body), "counts", mp.counts)
		for _, f := range mp.figs {
			fmt.Printf("  fig slot %d j %d top %d lines %d\n", f.slot, f.j, f.top, f.lines)
		}
	}
	fmt.Println("nlines", g.nlines)
}
