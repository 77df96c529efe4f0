package typeset

import (
	"fmt"
	"math"
	"runtime"
	"strings"
	"testing"
)

// reporter is the part of testing.TB that checkLines needs, so that the checker can be tested.
type reporter interface {
	Helper()
	Errorf(format string, args ...any)
	Fatalf(format string, args ...any)
}

// recorder notes failures instead of failing a test.
type recorder struct{ msgs []string }

func (r *recorder) Helper()                      {}
func (r *recorder) Errorf(f string, args ...any) { r.msgs = append(r.msgs, fmt.Sprintf(f, args...)) }
func (r *recorder) Fatalf(f string, args ...any) { r.Errorf(f, args...); runtime.Goexit() }

// segment is a \n-free piece of a text.
type segment struct{ start, end int }

func segments(rs []rune) []segment {
	var out []segment
	for s := 0; s < len(rs); {
		e := s
		for e < len(rs) && rs[e] != '\n' {
			e++
		}
		out = append(out, segment{s, e})
		s = e + 1
	}
	return out
}

// legalLayout reports whether the segment can be set without a banned break, a split unit or an
// overfull line: only then must the output obey every prohibition (a number parted from its unit
// is no prohibition; TestNumberKeepsUnit holds those).
func legalLayout(p *para, o Options, indent float64) bool {
	n := len(p.atoms)
	reach := make([]bool, n+1)
	reach[0] = true
	for b := 1; b <= n; b++ {
		if b < n {
			if g := p.gaps[b-1].brk; g != brkOK && g != brkUnit && g != brkWord && g != brkBind {
				continue
			}
		}
		for a := b - 1; a >= 0 && !reach[b]; a-- {
			avail := o.Measure
			if a == 0 {
				avail -= indent
			}
			s := p.stats(a, p.lastAtom(a, b))
			if s.w-s.cap()-1 > o.Measure {
				break // longer lines only get wider: keeps the check linear for long inputs
			}
			if reach[a] && s.w-s.cap() <= avail+eps {
				reach[b] = true
			}
		}
	}
	return reach[n]
}

// tightLayout reports whether the segment can be set with legal breaks only, no number parted
// from its unit (unless tear) and no justified line spread by more than maxStretch per gap.
func tightLayout(p *para, o Options, indent float64, tear bool) bool {
	n := len(p.atoms)
	reach := make([]bool, n+1)
	reach[0] = true
	for b := 1; b <= n; b++ {
		if b < n {
			if g := p.gaps[b-1].brk; g != brkOK && g != brkWord && !(tear && g == brkUnit) {
				continue
			}
		}
		for a := b - 1; a >= 0 && !reach[b]; a-- {
			avail := o.Measure
			if a == 0 {
				avail -= indent
			}
			s := p.stats(a, p.lastAtom(a, b))
			if s.w-s.cap()-1 > o.Measure {
				break
			}
			if !reach[a] || s.w-s.cap() > avail+eps {
				continue
			}
			d := avail - s.w
			if b == n || d <= eps || (s.units > 0 && d/s.units <= maxStretch+eps) {
				reach[b] = true
			}
		}
	}
	return reach[n]
}

// checkLines asserts the invariants every layout must keep.
func checkLines(t reporter, text string, lines []Line, o Options) {
	t.Helper()
	m := fakeFace{}
	rs := []rune(text)
	dropped := func(from, to int) bool {
		for _, r := range rs[from:to] {
			if r != '\n' && !isSpace(r) {
				return false
			}
		}
		return true
	}
	pos := 0
	for i, l := range lines {
		if l.Start < pos || l.End < l.Start || l.End > len(rs) {
			t.Fatalf("line %d: bad range [%d,%d) after %d", i, l.Start, l.End, pos)
		}
		if !dropped(pos, l.Start) {
			t.Fatalf("line %d: characters %q lost before it", i, string(rs[pos:l.Start]))
		}
		got := ""
		for _, r := range l.Runs {
			got += r.Text
		}
		if want := string(rs[l.Start:l.End]); got != want {
			t.Fatalf("line %d: runs spell %q, text has %q", i, got, want)
		}
		pos = l.End
	}
	if !dropped(pos, len(rs)) {
		t.Fatalf("characters %q lost at the end", string(rs[pos:]))
	}
	if li := len(lines); li > 0 && lines[li-1].End > len(rs) {
		t.Fatalf("last line ends past the text")
	}
	if len(rs) == 0 && len(lines) != 0 {
		t.Fatalf("empty text gave %d lines", len(lines))
	}

	segs := segments(rs)
	li := 0
	for si, sg := range segs {
		indent := 0.0
		if si == 0 {
			indent = math.Min(o.Indent, o.Measure)
		}
		opts := o
		p := newPara(rs[sg.start:sg.end], sg.start, make([]float64, sg.end-sg.start), m, &opts, indent, false)
		legal := legalLayout(p, o, indent)
		var seg []Line
		for li < len(lines) && lines[li].Start >= sg.start &&
			(lines[li].Start < sg.end || (sg.start == sg.end && lines[li].Start == sg.start)) {
			seg = append(seg, lines[li])
			li++
		}
		if sg.end > sg.start && len(seg) == 0 {
			t.Fatalf("segment %d %q has no lines", si, string(rs[sg.start:sg.end]))
		}
		for k, l := range seg {
			last := k == len(seg)-1
			lineText := rs[l.Start:l.End]
			units := len(atomize(lineText, 0, m, make([]float64, len(lineText))))
			if l.Width > o.Measure+1e-9 && units > 1 {
				t.Errorf("line %q is %.6f em wide, measure %g", string(lineText), l.Width, o.Measure)
			}
			if len(l.Runs) > 0 {
				r := l.Runs[len(l.Runs)-1]
				end := r.X
				n := 0
				var lr rune
				for _, c := range r.Text {
					end += m.Advance(c)
					lr = c
					n++
				}
				end += r.Spacing * float64(n-1)
				// a closing mark at the line end may give up to its blank half
				give := 0.0
				if k, _ := classifyPunct(lr); k == kClose {
					give = m.Advance(lr) / 2
				}
				if l.Width > end+1e-9 || l.Width < end-give-1e-9 {
					t.Errorf("line %q: Width %.6f, runs end at %.6f", string(lineText), l.Width, end)
				}
			}
			justify := (!o.Ragged && !last) || o.Even
			if justify && units > 1 && math.Abs(l.Width-o.Measure) > 1e-9 {
				t.Errorf("justified line %q ends at %.6f, measure %g", string(lineText), l.Width, o.Measure)
			}
			if last || !legal {
				continue
			}
			// the break after this line must be a legal one between two units
			next := seg[k+1].Start
			ok := false
			for b := 1; b < len(p.atoms); b++ {
				if p.atoms[b].start == next {
					g := p.gaps[b-1].brk
					ok = g == brkOK || g == brkUnit || g == brkWord || g == brkBind // a unit, word or bound range break is no prohibition
					break
				}
			}
			if !ok {
				t.Errorf("illegal break before %q (after %q) though a legal layout exists", string(rs[next:min(next+3, len(rs))]), string(lineText))
			}
		}
	}
}

// TestCheckLinesCatchesLoss makes sure the invariant checker itself can fail.
func TestCheckLinesCatchesLoss(t *testing.T) {
	lines := Paragraph("一二三四五六七八", fakeFace{}, Options{Measure: 4})
	lines[1].Runs[0].Text = "五六七" // a character lost at the break, as fpdf's MultiCell does
	var rec recorder
	done := make(chan struct{})
	go func() { defer close(done); checkLines(&rec, "一二三四五六七八", lines, Options{Measure: 4}) }()
	<-done
	if len(rec.msgs) != 1 || !strings.Contains(rec.msgs[0], "runs spell") {
		t.Fatalf("checkLines said %q about a lost character", rec.msgs)
	}
}
