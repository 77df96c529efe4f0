package layout

import (
	"math"
	"testing"

	"spread/page"
	"spread/report"
)

// TestLooseningBringsTheClosingToTheFoot: text over a closing box that ends a little more than
// closingDrop lines above the module's foot is set looser until it ends within closingDrop of
// the box, which then stands on the foot (the white above it), rather than following the text
// and leaving the white at the foot (a text-heavy broadsheet's last section ended 4 lines, 3.8 %
// of the page, above its neighbour's foot).
func TestLooseningBringsTheClosingToTheFoot(t *testing.T) {
	k := fakeKit().memo()
	g, _ := newGrid(390*page.MM, 546*page.MM, 1, 8, 9)
	sec := &report.Section{Label: "A", Title: txt("第一节标题", 40)}
	// paragraphs whose last lines are nearly full, so that each set a character narrower runs
	// on by a line
	// on by a line: four grid columns set in two text columns, each paragraph three full lines
	// with its two-character indent
	measure := (g.gridChars(4) - 1) / 2
	for i := range 20 {
		sec.Paragraphs = append(sec.Paragraphs, txt(para(3*measure-2, "正"), 41+i))
	}
	closing := []report.Text{txt(para(20, "结束语句"), 99)}
	m := &module{sec: sec, parts: []part{{page: 0, col: 0, n: 4}}, line0: 20, limit: g.nlines, closing: closing}
	least := minHeight(k, g, m, g.nlines)
	tried := 0
	for extra := closingDrop + 1; extra <= closingDrop+2; extra++ {
		m.limit = m.line0 + least + extra - 1
		k := fakeKit().memo()
		tight := unwidow(k, g, planModuleAll(k, g, m, false))
		if !tight.ok || tight.closeN == 0 || m.limit-tight.used <= closingDrop {
			continue // the box stands on the foot without loosening: nothing to show here
		}
		tried++
		cp := planModule(k, g, m)
		if cp.loose == 0 {
			t.Errorf("%d lines short: no paragraph set looser", m.limit-tight.used)
			continue
		}
		if m.limit-cp.used > closingDrop {
			t.Errorf("%d lines short before, %d after loosening: the box still follows the text", m.limit-tight.used, m.limit-cp.used)
			continue
		}
		out, _, errs := cp.items(k, g, page.Color{M: 1}, 4)
		if len(errs) > 0 {
			t.Fatal(errs)
		}
		box := lowestBox(t, out[0])
		if foot := g.y(m.limit) - 0.5*g.lead; math.Abs(box.Y+box.H-foot) > 0.01 {
			t.Errorf("the closing box ends at y %.1f, the module's foot is at %.1f", box.Y+box.H, foot)
		}
	}
	if tried == 0 {
		t.Fatal("no module height left the box following its text: the test shows nothing")
	}
}
