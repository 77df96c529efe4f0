package layout

import (
	"spread/page"
	"spread/report"
)

// bodyLine is one set line of a paragraph, with enough of its paragraph's shape to keep widows
// and orphans out of column breaks.
type bodyLine struct {
	textLine
	first, last bool // the paragraph's first or last line
}

// breakParas sets paragraphs one after another at one measure (em of the text size).
// The lines are shared with other callers (see memo) and must not be modified.
func breakParas(k *kit, paras []report.Text, role string, measure, indent float64) []bodyLine {
	return breakParasOpts(k, paras, role, lineOpts{Measure: measure, Indent: indent})
}

// breakParasOpts is breakParas with the typesetter's options (Words for the boxes).
func breakParasOpts(k *kit, paras []report.Text, role string, o lineOpts) []bodyLine {
	if len(paras) == 0 {
		return nil
	}
	key := parasKey{first: &paras[0], n: len(paras), role: role, o: o}
	return k.paras.get(key, func() []bodyLine { return breakParasAll(k, paras, role, o) })
}

// parasKey is one breakParas request: paragraphs by identity, as the report holds them.
type parasKey struct {
	first *report.Text
	n     int
	role  string
	o     lineOpts
}

// breakParasAll is breakParasOpts without the memo.
func breakParasAll(k *kit, paras []report.Text, role string, o lineOpts) []bodyLine {
	if k.setMany != nil && len(paras) > 1 {
		k.setMany(paras, role, o)
	}
	var out []bodyLine
	for _, p := range paras {
		ls := k.lines(p.S, role, o)
		for i, l := range ls {
			out = append(out, bodyLine{textLine: l, first: i == 0, last: i == len(ls)-1})
		}
	}
	return out
}

// widowAt reports whether starting a column with line i leaves a paragraph's last line alone at
// the column top (a widow). A paragraph's first line at a column's foot (an orphan) is let
// stand, as dailies do: moving it on would end that column a line early on the paragraph
// before's short last line, two lines of white under most of its width.
func widowAt(ls []bodyLine, i int) bool {
	if i <= 0 || i >= len(ls) {
		return false
	}
	return ls[i].last && !ls[i].first
}

// thread distributes n lines over text columns that start at grid lines starts[c] and may run
// to line limit (exclusive), so that all columns end on the same baseline or one line above it,
// without widows where a break can avoid them. It returns the lines per column and the end line
// E; ok is false when the lines do not fit, and over is then how many do not.
func thread(ls []bodyLine, starts []int, limit int) (counts []int, end int, over int, ok bool) {
	buf := make([]int, 2*len(starts))
	return threadInto(ls, starts, limit, buf[:len(starts):len(starts)], buf[len(starts):])
}

// threadInto is thread writing the counts into counts and using caps as scratch, both
// len(starts) long: the fill search threads many candidates and keeps few. The counts it
// returns are counts (nil when the lines do not fit).
func threadInto(ls []bodyLine, starts []int, limit int, counts, caps []int) ([]int, int, int, bool) {
	n := len(ls)
	capAt := func(e int) int {
		s := 0
		for _, st := range starts {
			if e > st {
				s += e - st
			}
		}
		return s
	}
	if n == 0 {
		clear(counts)
		return counts, minInt(starts), 0, true
	}
	if c := capAt(limit); c < n {
		return nil, limit, n - c, false
	}
	e := minInt(starts)
	for capAt(e) < n {
		e++
	}
	for ; e <= limit; e++ {
		slack := capAt(e) - n
		for short := slack; short >= 0; short-- {
			if fill(ls, starts, e, short, counts, caps) {
				return counts, e, 0, true
			}
		}
	}
	// Every balanced attempt left a widow that could not be avoided: fill to the limit,
	// widows and all, which always fits.
	fillPlain(n, starts, limit, counts)
	end := minInt(starts)
	for c, k := range counts {
		if k > 0 && starts[c]+k > end {
			end = starts[c] + k
		}
	}
	return counts, end, 0, true
}

// threadCarried threads the lines of a module carried over the fold (module.carry): its
// first split columns, on the page before, are filled to foot, as that page's columns end at
// its foot, and the lines left over are threaded into the others as thread does, to limit. A
// line is held back from the page before where the break would leave a widow, at the fold or
// between its columns.
func threadCarried(ls []bodyLine, starts []int, split, foot, limit int, counts, caps []int) ([]int, int, int, bool) {
	room := 0
	for _, st := range starts[:split] {
		room += max(0, foot-st)
	}
	clear(counts[:split])
	n0 := min(room, len(ls))
	placed := n0 == 0
	for lo := max(0, n0-split-2); n0 > lo; n0-- {
		if !widowAt(ls, n0) && fill(ls[:n0], starts[:split], foot, room-n0, counts[:split], caps[:split]) {
			placed = true
			break
		}
	}
	if !placed { // every break leaves a widow: fill to the foot, widows and all
		n0 = min(room, len(ls))
		fillPlain(n0, starts[:split], foot, counts[:split])
	}
	_, end, over, ok := threadInto(ls[n0:], starts[split:], limit, counts[split:], caps[split:])
	if !ok {
		return nil, limit, over, false
	}
	return counts, end, 0, true
}

// fill fills columns to line e, the last `short` columns that have room one line shorter, and
// moves a line on at every break that would make a widow or an orphan. It writes the lines per
// column into counts and reports whether all fit; caps is scratch.
func fill(ls []bodyLine, starts []int, e, short int, counts, caps []int) bool {
	for c, st := range starts {
		caps[c] = 0
		if e > st {
			caps[c] = e - st
		}
	}
	for c := len(caps) - 1; c >= 0 && short > 0; c-- {
		if caps[c] > 1 {
			caps[c]--
			short--
		}
	}
	i := 0
	for c := range caps {
		t := min(caps[c], len(ls)-i)
		if i+t < len(ls) && t >= 2 && widowAt(ls, i+t) {
			t--
		}
		counts[c] = t
		i += t
	}
	return i == len(ls)
}

func fillPlain(n int, starts []int, limit int, counts []int) bool {
	i := 0
	for c, st := range starts {
		t := 0
		if limit > st {
			t = min(limit-st, n-i)
		}
		counts[c] = t
		i += t
	}
	return i == n
}

func minInt(v []int) int {
	if len(v) == 0 {
		return 0
	}
	m := v[0]
	for _, x := range v[1:] {
		m = min(m, x)
	}
	return m
}

// slot is one text column on a page: its x, its first grid line.
type slot struct {
	page  int
	x     float64
	start int
}

// placeLines draws the threaded lines: column c gets counts[c] lines from its start line.
// It returns, per page, the items, and for every column the grid line where its text ends.
func placeLines(g grid, ls []bodyLine, slots []slot, counts []int, role string, size float64) map[int][]page.Item {
	out := map[int][]page.Item{}
	i := 0
	for c, s := range slots {
		for j := 0; j < counts[c] && i < len(ls); j++ {
			y := g.base(s.start + j)
			for _, r := range ls[i].Runs {
				out[s.page] = append(out[s.page], page.Text{X: s.x + r.X*size, Y: y, Font: role, Size: size,
					Spacing: r.Spacing * size, Color: page.Gray(1), S: r.Text})
			}
			i++
		}
	}
	return out
}
