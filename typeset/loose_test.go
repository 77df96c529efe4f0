package typeset

import (
	"slices"
	"testing"
)

// sameBreaksWeighingAll fails t where breakLines, which passes over loose lines that cannot
// win, breaks a segment of text otherwise than weighing every line.
func sameBreaksWeighingAll(t *testing.T, text string, m Metrics, o Options) {
	t.Helper()
	p := Prepare(text, m, o)
	for _, seg := range p.segs {
		if seg.p == nil {
			continue
		}
		indent := 0.0
		if seg.s == 0 {
			indent = o.Indent
		}
		if got, want := seg.p.breakLines(&o, indent), seg.p.breakLinesWeighing(&o, indent, true); !slices.Equal(got, want) {
			t.Fatalf("measure %g, %+v: breaks %v, weighing every line %v\n%s", o.Measure, o, got, want, string(p.rs[seg.s:seg.e]))
		}
	}
}

// TestLooseLinesPassedOverChangeNoBreak sets the seed's paragraphs at every measure from 4 to
// 30 em, justified, with fewer lines and ragged, both ways.
func TestLooseLinesPassedOverChangeNoBreak(t *testing.T) {
	paras := seedParagraphs(t)
	for _, text := range paras {
		for m := 4.0; m <= 30; m += 0.5 {
			for _, o := range []Options{{Measure: m, Indent: 2}, {Measure: m, Indent: 2, Fewer: true}, {Measure: m, Ragged: true}, {Measure: m, Level: Strict, Words: true}} {
				sameBreaksWeighingAll(t, text, fakeFace{}, o)
			}
		}
	}
	// a measure no line can be set at without a loose one: one unit per line
	sameBreaksWeighingAll(t, "统计公报1234567890123456789012345678显示", fakeFace{}, Options{Measure: 3})
}
