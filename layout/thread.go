package layout

import (
	"math"
	"sort"
	"unicode"
	"unicode/utf8"

	"spread/fonts"
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
	if len(paras) == 0 {
		return nil
	}
	key := parasKey{first: &paras[0], n: len(paras), role: role, measure: measure, indent: indent}
	return remember(k.paras, key, func() []bodyLine { return breakParasAll(k, paras, role, measure, indent) })
}

// parasKey is one breakParas request: paragraphs by identity, as the report holds them.
type parasKey struct {
	first           *report.Text
	n               int
	role            string
	measure, indent float64
}

// breakParasAll is breakParas without the memo.
func breakParasAll(k *kit, paras []report.Text, role string, measure, indent float64) []bodyLine {
	o := lineOpts{Measure: measure, Indent: indent}
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
// the column top (a widow), or ending one before i strands a first line at the foot (an orphan).
func widowAt(ls []bodyLine, i int) bool {
	if i <= 0 || i >= len(ls) {
		return false
	}
	widow := ls[i].last && !ls[i].first
	orphan := ls[i-1].first && !ls[i-1].last
	return widow || orphan
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

// Loosening. A section whose text ends a line or a few short of its columns' foot, with no
// figure left to grow, gains the lines from its paragraphs: a paragraph broken one character
// narrower (or two) runs on by a line or not at all, and its lines are spread back to the full
// measure (1/26 em a gap in a 27-character column, or 2/26) — TeX's looseness, kept under the
// letter-spacing a reader sees (looseMax).

// looseMax is the most a loosened line's characters may be spaced, in em: under the 0.15 em at
// which letter-spacing shows, with room for what justification already gave the line.
const looseMax = 0.1

// maxLooseLines is the most lines loosening may gain a section: more would be a page that is
// short of text, which the foot's warning tells, not a paragraph's setting.
const maxLooseLines = 4

// loosened is paragraph p set by characters narrower than measure (em) and spread back to it,
// line by line but the last; ok is false when a line would be spaced more than looseMax.
func loosened(k *kit, p report.Text, role string, measure, indent, by float64) ([]bodyLine, bool) {
	ls := k.lines(p.S, role, lineOpts{Measure: measure - by, Indent: indent})
	out := make([]bodyLine, len(ls))
	for i, l := range ls {
		out[i] = bodyLine{textLine: l, first: i == 0, last: i == len(ls)-1}
		if i == len(ls)-1 {
			continue // a last line is set ragged, as it was
		}
		sp, ok := spread(l, measure-l.Width)
		if !ok {
			return nil, false
		}
		out[i].textLine = sp
	}
	return out, true
}

// spread widens a justified line by extra em, evenly between its characters: a number or word
// run (set solid, Spacing 0 inside a stretched line) takes its share only after itself.
func spread(l textLine, extra float64) (textLine, bool) {
	if extra <= 0 {
		return l, true
	}
	rigid := func(r textRun) bool {
		for _, c := range r.Text {
			if c > unicode.MaxASCII {
				return false
			}
		}
		return r.Spacing == 0
	}
	units := 0.0
	for j, r := range l.Runs {
		n := utf8.RuneCountInString(r.Text)
		switch {
		case rigid(r) && j < len(l.Runs)-1:
			units++
		case !rigid(r) && j < len(l.Runs)-1:
			units += float64(n)
		case !rigid(r):
			units += float64(n - 1)
		}
	}
	if units <= 0 {
		return l, false
	}
	e := extra / units
	out := textLine{Width: l.Width + extra, Runs: make([]textRun, len(l.Runs))}
	before := 0.0
	for j, r := range l.Runs {
		out.Runs[j] = textRun{X: r.X + e*before, Text: r.Text, Spacing: r.Spacing}
		if rigid(r) {
			before++
			continue
		}
		if r.Spacing+e > looseMax {
			return l, false
		}
		out.Runs[j].Spacing += e
		before += float64(utf8.RuneCountInString(r.Text))
	}
	return out, true
}

// loosenToFill sets p's text looser where that fills every text column of the module to its
// foot (see Loosening): the longest paragraphs first, each gaining one line, until the lines
// are as many as the columns hold; p as it was when no choice of paragraphs fills the columns
// without a widow or an orphan at a column break.
func loosenToFill(k *kit, g grid, p modPlan) modPlan {
	m := p.m
	if !p.ok || p.jumpOut >= 0 || len(m.sec.Paragraphs) == 0 || len(p.counts) != len(p.slots) {
		return p
	}
	textLimit := m.limit - p.closeN
	starts := make([]int, len(p.slots))
	room := 0
	for c, s := range p.slots {
		starts[c] = s.start
		if c != p.side && s.start < textLimit {
			room += textLimit - s.start
		}
	}
	missing := room - len(p.body)
	if missing <= 0 || missing > maxLooseLines {
		return p
	}
	// the paragraphs' lines in p.body, and what each gains set looser
	var paras [][]bodyLine
	for _, l := range p.body {
		if l.first || len(paras) == 0 {
			paras = append(paras, nil)
		}
		paras[len(paras)-1] = append(paras[len(paras)-1], l)
	}
	if len(paras) != len(m.sec.Paragraphs) {
		return p
	}
	measure := float64(p.slotChars(firstText(p)))
	order := make([]int, len(paras))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return len(paras[order[a]]) > len(paras[order[b]]) })
	set := make([][]bodyLine, len(paras))
	copy(set, paras)
	need := missing
	for _, i := range order {
		if need == 0 {
			break
		}
		// one character narrower, else two (a short paragraph gains a line only so)
		for _, by := range []float64{1, 2} {
			// each full line gives up about by characters to the last: unless they overfill
			// it, the paragraph keeps its lines, and is not set again to find out
			n, last := len(paras[i]), paras[i][len(paras[i])-1].Width
			if float64(n-1)*by+last < measure-by-1 {
				continue
			}
			ls, ok := loosened(k, m.sec.Paragraphs[i], fonts.Song, measure, 2, by)
			if ok && len(ls) == len(paras[i])+1 && len(ls[len(ls)-1].Runs) > 0 {
				set[i] = ls
				need--
				break
			}
		}
	}
	if need > 0 {
		return p
	}
	var body []bodyLine
	for _, ls := range set {
		body = append(body, ls...)
	}
	counts := make([]int, len(starts))
	counts, end, _, ok := threadInto(body, starts, textLimit, counts, make([]int, len(starts)))
	if !ok {
		return p
	}
	at := 0
	for c, n := range counts {
		if c != p.side && starts[c] < textLimit && starts[c]+n != textLimit {
			return p // a column still short: the threading kept a widow off its top
		}
		if at > 0 && n > 0 && widowAt(body, at) {
			return p
		}
		at += n
	}
	filled := 0.0
	for c, n := range counts {
		filled += float64((n - p.counts[c]) * p.slotChars(c))
	}
	q := p
	q.body, q.counts, q.end, q.loose = body, counts, end, missing
	q.used = max(p.used, end+p.closeN)
	q.hole = math.Max(0, p.hole+p.foot-filled)
	q.foot = 0
	q.white = holeCost*q.hole + float64((m.limit-q.used)*p.colChars())
	return q
}

// firstText is the slot of p's first text column (the side block of photos is not one).
func firstText(p modPlan) int {
	if p.side == 0 {
		return 1
	}
	return 0
}
