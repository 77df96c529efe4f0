package typeset

import (
	"fmt"
	"os"
	"strings"
	"testing"
)

func seedParagraphs(tb testing.TB) []string {
	b, err := os.ReadFile("testdata/seed.txt")
	if err != nil {
		tb.Fatal(err)
	}
	return strings.Split(strings.TrimSpace(string(b)), "\n")
}

// lineStretch is the mean extra space per stretchable gap of a set line (negative when squeezed)
// and the number of such gaps, measured from the output against the line set solid.
func lineStretch(l Line, text []rune, o Options) (float64, int) {
	seg := text[l.Start:l.End]
	p := newPara(seg, 0, make([]float64, len(seg)), fakeFace{}, &o, 0, false)
	units := int(p.stats(0, len(p.atoms)-1).units)
	if units == 0 {
		return 0, 0
	}
	x0 := 0.0
	if len(l.Runs) > 0 {
		x0 = l.Runs[0].X
	}
	solid := Width(string(seg), fakeFace{})
	return (l.Width - x0 - solid) / float64(units), units
}

// TestSeed sets the customer's report in 13-em columns and holds the justification to the goal:
// no line spreads its characters by more than 0.15 em per gap on average.
func TestSeed(t *testing.T) {
	o := Options{Measure: 13, Indent: 2}
	var sum, worst float64
	var n, squeezed int
	for pi, p := range seedParagraphs(t) {
		rs := []rune(p)
		lines := Paragraph(p, fakeFace{}, o)
		checkLines(t, p, lines, o)
		for i, l := range lines[:len(lines)-1] {
			e, units := lineStretch(l, rs, o)
			if units < 2 {
				continue // one gap takes all: a spacing, not letter-spacing
			}
			if e < 0 {
				squeezed++
			}
			sum += e
			n++
			if e > worst {
				worst = e
			}
			if e > 0.15+1e-9 {
				t.Errorf("paragraph %d line %d %q spreads %.3f em per gap", pi, i, string(rs[l.Start:l.End]), e)
			}
		}
		last := lines[len(lines)-1]
		if last.End-last.Start < 2 {
			t.Errorf("paragraph %d ends in a single character %q", pi, string(rs[last.Start:last.End]))
		}
	}
	t.Logf("seed: %d justified lines, mean stretch %.4f em per gap, max %.4f, %d squeezed", n, sum/float64(n), worst, squeezed)
	if n < 150 {
		t.Errorf("only %d lines measured", n)
	}
}

func BenchmarkSeed(b *testing.B) {
	paras := seedParagraphs(b)
	chars := 0
	for _, p := range paras {
		chars += len([]rune(p))
	}
	o := Options{Measure: 13, Indent: 2}
	b.ReportAllocs()
	b.ReportMetric(float64(chars), "chars/op")
	for b.Loop() {
		for _, p := range paras {
			Paragraph(p, fakeFace{}, o)
		}
	}
}

// The first line is ¼ em too long: the Han–Latin spacing gives ⅛ em, then the opening quote
// after the (already paired) comma gives the other ⅛ em; the closing quote ends the line at ½ em.
func ExampleParagraph() {
	for _, l := range Paragraph("增长4.5%，“六稳”“六保”扎实", fakeFace{}, Options{Measure: 8}) {
		fmt.Println(show(l))
	}
	// Output:
	// 0«增长» 2.125«4.5%，» 4.5«“六稳”» =8
	// 0«“六保”扎实» =6
}
