package layout

import (
	"testing"

	"spread/page"
	"spread/report"
)

// A row of three text-only sections whose widths in proportion to volume (a head's worth
// added to each, as arrange adds it) leave the shortest ending 30 lines above the deepest —
// white above the next row — and the balanced widths let it end nearer, the row no deeper.
func TestBalancedRowLeavesNoHoleAboveTheNextRow(t *testing.T) {
	k := fakeKit().memo()
	g, _ := newGrid(390*page.MM, 546*page.MM, 1, 8, 9)
	sec := func(label string, chars, line int) *report.Section {
		return &report.Section{Label: label, Title: txt("节标题"+label, line),
			Paragraphs: []report.Text{txt(para(chars/4, "正文甲乙"), line+1)}}
	}
	r := &report.Report{File: "data.yaml", Sections: []*report.Section{sec("A", 1200, 30), sec("B", 2400, 40), sec("C", 1600, 50), sec("D", 2500, 60)}}
	vol := []float64{1200 + 108, 2400 + 108, 1600 + 108, 2500 + 108}
	rows := [][]int{{0, 1, 2}, {3}}
	spread := func(ms []*module) (gap, deepest int) {
		shallowest := 1 << 30
		for _, m := range ms {
			if m.row != 0 {
				continue
			}
			h := minHeight(k, g, m, g.nlines)
			deepest, shallowest = max(deepest, h), min(shallowest, h)
		}
		return deepest - shallowest, deepest
	}
	byVolume := rowModules(k, r, g, rows, vol, nil, nil, 0, 10, false)
	gap0, deepest0 := spread(byVolume)
	if gap0 <= raggedSlack {
		t.Fatalf("widths by volume end %d lines apart: the case does not test balancing", gap0)
	}
	balanced := rowModules(k, r, g, rows, vol, nil, nil, 0, 10, true)
	if balanced == nil {
		t.Fatalf("no balanced widths offered for a row whose ends are %d lines apart", gap0)
	}
	gap, deepest := spread(balanced)
	if gap >= gap0 {
		t.Errorf("balanced widths end %d lines apart, by volume %d", gap, gap0)
	}
	if deepest > deepest0 {
		t.Errorf("the balanced row needs %d lines, by volume %d", deepest, deepest0)
	}
	cols := 0
	for _, m := range balanced {
		if m.row == 0 {
			if m.parts[0].col != cols || m.parts[0].n < rowMinCols(g) {
				t.Errorf("section %s at column %d, %d wide: the row's columns are not tiled", m.sec.Label, m.parts[0].col, m.parts[0].n)
			}
			cols += m.parts[0].n
		}
	}
	if cols != g.cols {
		t.Errorf("the row takes %d of %d columns", cols, g.cols)
	}
	// a row whose widths by volume already end together has nothing to balance
	even := &report.Report{File: "data.yaml", Sections: []*report.Section{sec("A", 1600, 30), sec("B", 1600, 40)}}
	if ms := rowModules(k, even, g, [][]int{{0, 1}}, []float64{1600, 1600}, nil, nil, 0, 10, true); ms != nil {
		t.Error("balanced widths offered for a row of equal sections")
	}
}
