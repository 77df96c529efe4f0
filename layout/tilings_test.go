package layout

import (
	"math"
	"reflect"
	"sync/atomic"
	"testing"

	"spread/page"
	"spread/report"
)

// textSection is a section of one paragraph of about chars characters, its title at line.
func textSection(label string, chars, line int) *report.Section {
	return &report.Section{Label: label, Title: txt("节标题"+label, line),
		Paragraphs: []report.Text{txt(para(chars/4, "正文甲乙"), line+1)}}
}

// A row of three text-only sections whose widths in proportion to volume (a head's worth
// added to each, as arrange adds it) leave the shortest ending 30 lines above the deepest —
// white above the next row — and the balanced widths let it end nearer, the row no deeper.
func TestBalancedRowLeavesNoHoleAboveTheNextRow(t *testing.T) {
	k := fakeKit().memo()
	g, _ := newGrid(390*page.MM, 546*page.MM, 1, 8, 9)
	r := &report.Report{File: "data.yaml", Sections: []*report.Section{textSection("A", 1200, 30), textSection("B", 2400, 40), textSection("C", 1600, 50), textSection("D", 2500, 60)}}
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
	byVolume := rowModules(k, r, g, rows, vol, nil, nil, 0, 10, byVolume)
	gap0, deepest0 := spread(byVolume)
	if gap0 <= raggedSlack {
		t.Fatalf("widths by volume end %d lines apart: the case does not test balancing", gap0)
	}
	bal := rowModules(k, r, g, rows, vol, nil, nil, 0, 10, balanced)
	if bal == nil {
		t.Fatalf("no balanced widths offered for a row whose ends are %d lines apart", gap0)
	}
	gap, deepest := spread(bal)
	if gap >= gap0 {
		t.Errorf("balanced widths end %d lines apart, by volume %d", gap, gap0)
	}
	if deepest > deepest0 {
		t.Errorf("the balanced row needs %d lines, by volume %d", deepest, deepest0)
	}
	cols := 0
	for _, m := range bal {
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
	even := &report.Report{File: "data.yaml", Sections: []*report.Section{textSection("A", 1600, 30), textSection("B", 1600, 40)}}
	if ms := rowModules(k, even, g, [][]int{{0, 1}}, []float64{1600, 1600}, nil, nil, 0, 10, balanced); ms != nil {
		t.Error("balanced widths offered for a row of equal sections")
	}
}

// A row of a long text-only section and two short ones, which no whole-column widths end
// together, stacks the two short ones in one slot beside the long one: the pair shares its
// columns, the upper one in its least height and the lower one from there to the row's foot,
// the sections still in reading order (left to right, top to bottom in the slot), and the row
// needs no more lines than the deepest slot — while the white above the next row gets
// shallower than the best the widths alone give.
func TestNestedPairEndsWithTheLongSection(t *testing.T) {
	k := fakeKit().memo()
	g, _ := newGrid(390*page.MM, 546*page.MM, 1, 8, 9)
	r := &report.Report{File: "data.yaml", Sections: []*report.Section{textSection("A", 3600, 30), textSection("B", 600, 40), textSection("C", 900, 50)}}
	vol := []float64{3600 + 108, 600 + 108, 900 + 108}
	rows := [][]int{{0, 1, 2}}
	top := 10
	white := func(ms []*module) int {
		need := rowNeed(k, g, ms, g.nlines-top)
		w := 0
		for _, slot := range slotsOf(ms) {
			w = max(w, need-slotNeed(k, g, slot, g.nlines-top))
		}
		return w
	}
	flat := rowModules(k, r, g, rows, vol, nil, nil, 0, top, balanced)
	if flat == nil {
		flat = rowModules(k, r, g, rows, vol, nil, nil, 0, top, byVolume)
	}
	ms := rowModules(k, r, g, rows, vol, nil, nil, 0, top, nested)
	if ms == nil {
		t.Fatalf("no pair nested; side by side the row leaves %d lines white above the next", white(flat))
	}
	a, b, c := ms[0], ms[1], ms[2]
	if a.nest != 0 || b.nest != nestTop || c.nest != nestUnder {
		t.Fatalf("nest marks %d %d %d, want the short pair B over C", a.nest, b.nest, c.nest)
	}
	if b.parts[0] != c.parts[0] {
		t.Errorf("the pair's columns differ: %+v and %+v", b.parts[0], c.parts[0])
	}
	if a.parts[0].col != 0 || b.parts[0].col != a.parts[0].n || b.parts[0].col+b.parts[0].n != g.cols {
		t.Errorf("the slots do not tile the row: A %+v, pair %+v", a.parts[0], b.parts[0])
	}
	if b.line0 != top || c.line0 != b.limit || c.limit != a.limit || b.limit-b.line0 != minHeight(k, g, b, g.nlines) {
		t.Errorf("lines: A %d-%d, B %d-%d, C %d-%d; want B in its least height (%d) from the row's top, C under it to the row's foot",
			a.line0, a.limit, b.line0, b.limit, c.line0, c.limit, minHeight(k, g, b, g.nlines))
	}
	if w, w0 := white(ms), white(flat); w >= w0 {
		t.Errorf("nested, the row leaves %d lines white above the next; side by side %d", w, w0)
	}
	plans := planAll(k, g, ms)
	for i, p := range plans {
		if !p.ok {
			t.Errorf("section %s does not fit its place: %d lines over", ms[i].sec.Label, p.over)
		}
	}
	// a rule sets the lower one off from the upper one, across the slot
	found := false
	for _, it := range moduleRules(g, ms, 0) {
		if l, ok := it.(page.Line); ok && l.Y1 == l.Y2 && math.Abs(l.Y1-(g.y(c.line0)+0.1*g.lead)) < 1e-9 &&
			l.X1 == g.colX(c.parts[0].col) && math.Abs(l.X2-l.X1-g.span(c.parts[0].n)) < 1e-9 {
			found = true
		}
	}
	if !found {
		t.Error("no rule across the top of the lower section of the slot")
	}
}

// TestFullestRowsRemembered: a page's rows are planned once for all the candidates that ask
// with the same page, sections and cursor (a second asking drafts nothing), and each asker gets
// modules of its own, equal to the unremembered answer, that it may move without moving
// another's.
func TestFullestRowsRemembered(t *testing.T) {
	r := fakeReport(1, 5, 1100)
	for _, s := range r.Sections {
		s.Photos = nil
	}
	g, _ := newGrid(r.Layout.Width, r.Layout.Height, 1, 8, 9)
	grp := []int{0, 1, 2, 3, 4}
	vol := make([]float64, len(r.Sections))
	for i := range vol {
		vol[i] = 1100
	}
	k := fakeKit().memo()
	k.drafts = new(atomic.Int64)
	first := fullestRows(k, r, g, grp, vol, nil, r.Closing, 0, 10)
	drafted := k.drafts.Load()
	second := fullestRows(k, r, g, grp, vol, nil, r.Closing, 0, 10)
	if k.drafts.Load() != drafted || drafted == 0 {
		t.Errorf("drafts: %d for the first asking, %d more for the second", drafted, k.drafts.Load()-drafted)
	}
	bare := fullestRowsAll(fakeKit(), r, g, grp, vol, nil, r.Closing, 0, 10)
	if len(first) != len(bare) || len(second) != len(bare) {
		t.Fatalf("%d, %d and %d modules", len(first), len(second), len(bare))
	}
	for i := range bare {
		if first[i] == second[i] || &first[i].parts[0] == &second[i].parts[0] {
			t.Errorf("module %d shared between two askers", i)
		}
		if !reflect.DeepEqual(*first[i], *bare[i]) || !reflect.DeepEqual(*second[i], *bare[i]) {
			t.Errorf("module %d: %+v remembered, %+v computed", i, *first[i], *bare[i])
		}
	}
	first[0].line0++
	if second[0].line0 == first[0].line0 {
		t.Error("moving one asker's module moved another's")
	}
	// another cursor is another question
	fullestRows(k, r, g, grp, vol, nil, r.Closing, 0, 12)
	if k.drafts.Load() == drafted {
		t.Error("rows from another line were not planned")
	}
	// so is the fewest lines' cut, remembered the same way
	asked := len(k.stacks.m)
	fewest, need := bestRows(k, r, g, grp, vol, nil, r.Closing, 0, 14)
	again, needAgain := bestRows(k, r, g, grp, vol, nil, r.Closing, 0, 14)
	if len(k.stacks.m) != asked+1 {
		t.Errorf("two askings of bestRows remembered %d answers", len(k.stacks.m)-asked)
	}
	bareFewest, bareNeed := fewestRows(fakeKit(), r, g, grp, vol, nil, r.Closing, 0, 14)
	if need != bareNeed || needAgain != bareNeed || len(fewest) != len(bareFewest) || len(again) != len(bareFewest) {
		t.Fatalf("bestRows: %d and %d lines in %d and %d modules, computed %d in %d", need, needAgain, len(fewest), len(again), bareNeed, len(bareFewest))
	}
	for i := range bareFewest {
		if fewest[i] == again[i] || !reflect.DeepEqual(*again[i], *bareFewest[i]) {
			t.Errorf("bestRows module %d shared or not the computed one", i)
		}
	}
}
