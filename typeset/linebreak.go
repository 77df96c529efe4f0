package typeset

import (
	"math"
)

// Spacing and cost constants, in em unless said otherwise.
const (
	hanLatin      = 0.25  // Han–Latin spacing
	hanLatinMin   = 0.125 // … shrinks to
	eps           = 1e-9
	stretchRef    = 0.25 // a stretch of this much per gap has badness 100 (TeX's tolerance)
	shrinkFactor  = 3.0  // badness per em of weighted compression: squeezing beats pushing down
	orphanPenalty = 3000 // 孤字: a last line of a single character
	// The last resorts cost more than any line can ((1+10⁴)² ≈ 10⁸), so that they are used
	// only where no layout without them exists.
	splitPenalty = 1e15 // a break inside a word or number longer than the measure
	// A justified line spread by more than maxStretch per gap (the body's rule) costs
	// loosePenalty on top of its badness; a number parted from its unit or classifier
	// (352.34亿|元, 41|条) costs unitPenalty: the unit is kept unless keeping it needs a
	// loose line, and a loose line is taken only where nothing else sets the text.
	maxStretch   = 0.15
	loosePenalty = 1e11
	unitPenalty  = 1e9
	wordPenalty  = 300 // about the demerits of a line spread by 0.13 em per gap
	// fewerPenalty is what each line costs with Options.Fewer: more than any line's demerits,
	// so that the fewest lines win, and less than a torn unit or a loose line, which a line
	// saved is not worth
	fewerPenalty = 3e8
	banPenalty   = 1e17 // a break against the prohibition rules
	overPenalty  = 1e19 // badness of a line wider than the measure that nothing could shorten
	maxLookback  = 4096 // atoms on one line at most: bounds the work per breakpoint
	maxBad       = 1e4  // "infinitely bad" (TeX): a very loose line, a lone unit short of the measure
)

// brk is what a break between two atoms costs.
type brk uint8

const (
	brkOK brk = iota
	brkSplit
	brkBan
	brkUnit // inside a number's unit: allowed, at unitPenalty
	brkWord // inside a listed word (Options.Words): allowed, at wordPenalty
	// brkBind is after a connector, which GB binds to both neighbours (2025～|2027年):
	// allowed, at unitPenalty, so that a range too long for the rest of a line parts rather
	// than the line be letter-spaced past maxStretch to push it down whole
	brkBind
)

// gap is the space between atom k and k+1 when both are on one line.
type gap struct {
	nat     float64 // natural extra space: Han–Latin spacing minus adjacent-mark compression
	shrink  float64 // how much the Han–Latin spacing may give
	pair    float64 // compression of two adjacent full-width marks (part of nat)
	pairL   bool    // the pair compression takes the next atom's left blank (two opening marks)
	stretch bool    // takes the justification stretch
	brk     brk
}

// para holds one segment (text between forced breaks) ready for breaking, with prefix sums so
// that any candidate line is measured in constant time.
type para struct {
	atoms []atom
	gaps  []gap
	advs  []float64 // advance of each rune of the segment
	// starts holds, for each atom k and for the end (k = n), the prefix sums over atoms and
	// gaps [0,k) side by side: breakLines' inner loop walks them back from a line's end, and
	// seven arrays read at once cost it more in memory traffic than the arithmetic
	starts []lineStart
}

// lineStart is what breakLines needs of a line's first atom a: the prefix sums at a of the
// atoms' widths (pw) and of the gaps' natural space (pg), stretch units (pu) and Han–Latin
// shrink (pb), of closing marks' blank halves (pc), of ！？ halves (pd1) and of opening marks'
// halves (pd2, taken at a+1), and the half em an opening mark at a may lose.
type lineStart struct {
	pw, pg, pu, pb, pc, pd1, pd2next, open float64
}

func startBanned(a atom, first rune, lv Level) bool {
	switch a.kind {
	case kClose, kConnector, kMiddle:
		return true
	case kDash, kEllipsis:
		return lv >= Strict
	}
	if lv >= Strict {
		switch first {
		case '々', '〻', '〃', 'ー', 'ゝ', 'ゞ', 'ヽ', 'ヾ', '℃', '‰', '°', '′', '″', '%', '％':
			return true
		}
	}
	return false
}

func endBanned(a atom, lv Level) bool {
	switch a.kind {
	case kOpen:
		return true
	case kConnector, kMiddle:
		return lv >= GB
	}
	return false
}

func (o *para) prepare(rs []rune, base int, lv Level) {
	at := o.atoms
	n := len(at)
	o.gaps = make([]gap, max(n-1, 0))
	for k := 0; k+1 < n; k++ {
		a, b := at[k], at[k+1]
		g := gap{stretch: true}
		if (a.kind == kHan && b.kind == kWord && b.narrow) || (a.kind == kWord && a.narrow && b.kind == kHan) {
			if !(a.split && b.split) {
				g.nat, g.shrink = hanLatin, hanLatin-hanLatinMin
			}
		}
		// Two adjacent full-width marks take 1.5 em: the blank between them goes, except
		// between an opening and a closing mark, whose ink faces each other.
		if a.full && b.full && !(a.kind == kOpen && b.kind == kClose) {
			g.pair = math.Min(a.w, b.w) / 2
			g.pairL = a.kind == kOpen && b.kind == kOpen
			g.nat -= g.pair
		}
		switch {
		case a.split && b.split:
			g.brk = brkSplit
		case b.kind == kSpace:
			g.brk, g.stretch = brkBan, false // break after the space, not before it
		case a.kind == kWord && b.kind == kWord:
			g.brk = brkBan
		case a.kind == kOpen || startBanned(b, rs[b.start-base], lv):
			g.brk = brkBan
		case endBanned(a, lv) && a.kind == kConnector:
			g.brk = brkBind
		case endBanned(a, lv):
			g.brk = brkBan
		}
		o.gaps[k] = g
	}
	o.bindUnits(rs, base)
	// starts[k] holds the prefix sums at atom k (and pd2 at k+1), k = 0…n: one array of them
	// side by side is all that breakLines and stats read
	o.starts = make([]lineStart, n+1)
	var sum lineStart
	for k, a := range at {
		var g gap
		if k < len(o.gaps) {
			g = o.gaps[k]
		}
		u := 0.0
		if g.stretch {
			u = 1
		}
		c, d1, d2 := 0.0, 0.0, 0.0
		if a.full && a.kind == kClose && g.pair == 0 {
			if a.bang {
				d1 = a.w / 2
			} else {
				c = a.w / 2
			}
		}
		if a.full && a.kind == kOpen && (k == 0 || !o.gaps[k-1].pairL) {
			d2 = a.w / 2
		}
		st := sum
		st.pd2next += d2
		if a.full && a.kind == kOpen {
			st.open = a.w / 2
		}
		o.starts[k] = st
		sum.pw += a.w
		sum.pg += g.nat
		sum.pu += u
		sum.pb += g.shrink
		sum.pc += c
		sum.pd1 += d1
		sum.pd2next = st.pd2next
	}
	o.starts[n] = sum
}

// stats measures the line of atoms a..last (inclusive) set solid, with the compressions every
// line gets (adjacent marks 1.5 em, a closing mark at the line end ½ em), and what it could give.
type stats struct {
	w       float64 // width set solid
	units   float64 // gaps that take the justification stretch
	capA    float64 // an opening mark at the line start losing its leading half
	capB    float64 // Han–Latin spacing down to ⅛ em
	capC    float64 // closing marks inside the line set at ½ em
	capD    float64 // ！？ and opening marks inside the line set at ½ em (last resort)
	endComp float64 // the line-end mark's blank half
}

func (o *para) stats(a, last int) stats {
	var s stats
	at := &o.atoms[last]
	sa, sl := &o.starts[a], &o.starts[last]
	s.w = o.starts[last+1].pw - sa.pw + sl.pg - sa.pg
	s.units = sl.pu - sa.pu
	s.capB = sl.pb - sa.pb
	s.capC = sl.pc - sa.pc
	s.capD = sl.pd1 - sa.pd1 + sl.pd2next - sa.pd2next
	if at.full && at.kind == kClose {
		if at.bang {
			s.capD += at.w / 2
		} else {
			s.endComp = at.w / 2
			s.w -= s.endComp
		}
	}
	if f := &o.atoms[a]; f.full && f.kind == kOpen {
		s.capA = f.w / 2
	}
	return s
}

func (s *stats) cap() float64 { return s.capA + s.capB + s.capC + s.capD }

// shrinkUse distributes a needed compression over the classes in order of preference and
// returns the fraction of each class used.
func (s *stats) shrinkUse(need float64) (fa, fb, fc, fd, cost float64) {
	use := func(capacity, weight float64) float64 {
		if capacity <= 0 || need <= 0 {
			return 0
		}
		u := math.Min(need, capacity)
		need -= u
		cost += u * weight
		return u / capacity
	}
	fa = use(s.capA, 1)
	fb = use(s.capB, 1)
	fc = use(s.capC, 2)
	fd = use(s.capD, 4)
	return fa, fb, fc, fd, shrinkFactor * cost
}

// mode says how a line is set.
type mode struct {
	justify bool // spread to the measure
	last    bool
}

func (o *para) lineMode(opt *Options, last bool) mode {
	if opt.Even {
		return mode{justify: true, last: last}
	}
	return mode{justify: !opt.Ragged && !last, last: last}
}

// looseness is the badness of a line d em short of its measure with units stretchable gaps.
func looseness(d, units float64, md mode) float64 {
	switch {
	case !md.justify && md.last:
		return 0
	case !md.justify:
		return d * d // ragged: prefer even line lengths
	case d <= eps:
		return 0
	case units == 0:
		return maxBad // one unbreakable unit on a line: start-aligned
	}
	r := d / units / stretchRef
	if b := 100 * r * r * r; b < maxBad {
		return b
	}
	return maxBad
}

// isOrphan reports a last line of one character (孤字), punctuation aside.
func (o *para) isOrphan(a, last int) bool {
	chars := 0
	for k := a; k <= last; k++ {
		switch o.atoms[k].kind {
		case kClose, kOpen, kMiddle, kSpace:
			continue
		case kHan:
			chars++
		default:
			return false
		}
	}
	return chars == 1
}

// lastAtom is the last atom drawn on the line [a,b): a trailing space is dropped.
func (o *para) lastAtom(a, b int) int {
	if b-1 > a && o.atoms[b-1].kind == kSpace {
		return b - 2
	}
	return b - 1
}

// breakLines chooses the breaks of the whole segment at once (total fit): breaks[i] is the atom
// index where line i+1 starts; the last entry is len(atoms).
func (o *para) breakLines(opt *Options, indent float64) []int {
	return o.breakLinesWeighing(opt, indent, false)
}

// breakLinesWeighing is breakLines; with all it weighs every line, the loose ones too, where
// breakLines passes them over when they cannot win (the same breaks, tested).
func (o *para) breakLinesWeighing(opt *Options, indent float64, all bool) []int {
	n := len(o.atoms)
	if n == 0 {
		return nil
	}
	inf := math.Inf(1)
	cost := make([]float64, n+1)
	prev := make([]int, n+1)
	for i := 1; i <= n; i++ {
		cost[i] = inf
	}
	for b := 1; b <= n; b++ {
		last := b == n
		pen := 0.0
		if !last {
			switch o.gaps[b-1].brk {
			case brkSplit:
				pen = splitPenalty
			case brkUnit, brkBind:
				pen = unitPenalty
			case brkWord:
				pen = wordPenalty
			case brkBan:
				pen = banPenalty
			}
		}
		md := o.lineMode(opt, last)
		// What depends only on the line's end is hoisted; the start a varies below.
		la := o.lastAtom(0, b)
		end := &o.starts[la]
		endW := o.starts[la+1].pw + end.pg
		endU, endB, endC := end.pu, end.pb, end.pc
		endD := end.pd1 + end.pd2next
		endComp := 0.0
		if at := &o.atoms[la]; at.full && at.kind == kClose {
			if at.bang {
				endD += at.w / 2
			} else {
				endComp = at.w / 2
			}
		}
		// A justified line looser than maxStretch costs loosePenalty, more than any text set
		// without one: while a line that is not loose ends at b for less than a loose one
		// could (looseFloor), the loose ones (the shortest, walked first) cannot win and are
		// not weighed. Where none does, the walk is made again weighing every line, so the
		// breaks are those of weighing all at once.
		skipLoose := md.justify && !opt.Even && !all
		looseFloor := pen // the least a loose line ending at b can cost, added as dem is
		if opt.Fewer {
			looseFloor += fewerPenalty
		}
		looseFloor += loosePenalty
	walk:
		skipped := false
		from := b - 1
		if skipLoose {
			// the loose lines are the shortest: the line from a to b is looser the later a
			// starts (each atom adds width and at most one gap), so the walk starts at the
			// latest start that is not loose, found by halving
			loose := func(a int) bool {
				st := &o.starts[a]
				d := opt.Measure - (endW - st.pw - st.pg - endComp)
				return d > eps && (endU == st.pu || d > (maxStretch+eps)*(endU-st.pu))
			}
			lo, hi := max(1, b-maxLookback), min(la, b-1) // a = 0 has the indent: walked
			if lo <= hi && loose(hi) {
				for lo < hi { // loose(hi) holds; find the first loose start in lo..hi
					mid := (lo + hi) / 2
					if loose(mid) {
						hi = mid
					} else {
						lo = mid + 1
					}
				}
				from, skipped = lo-1, true
			}
		}
		for a := from; a >= 0 && b-a <= maxLookback; a-- {
			if a > la { // the line is a lone space
				continue
			}
			st := &o.starts[a]
			w := endW - st.pw - st.pg - endComp
			units := endU - st.pu
			capAll := endB - st.pb + endC - st.pc + endD - st.pd1 - st.pd2next + st.open
			if w-capAll-1 > opt.Measure && a < la {
				break // every longer line is wider still
			}
			if cost[a] == inf {
				continue
			}
			avail := opt.Measure
			if a == 0 {
				avail -= indent
			}
			if skipLoose {
				if d := avail - w; d > eps && (units == 0 || d > (maxStretch+eps)*units) {
					skipped = true
					continue
				}
			}
			var bad float64
			lpen := pen
			if opt.Fewer {
				lpen += fewerPenalty
			}
			if d := avail - w; d >= -eps {
				bad = looseness(d, units, md)
				if md.justify && !opt.Even && d > eps && (units == 0 || d/units > maxStretch+eps) {
					lpen += loosePenalty
				}
			} else if -d <= capAll+eps {
				st := o.stats(a, la)
				_, _, _, _, bad = st.shrinkUse(-d)
			} else if a == la {
				bad = overPenalty // a single unit wider than the measure: nothing else to do
			} else {
				continue
			}
			dem := (1+bad)*(1+bad) + lpen
			if last && a > 0 && !opt.Even && o.isOrphan(a, la) {
				dem += orphanPenalty
			}
			if c := cost[a] + dem; c < cost[b] {
				cost[b], prev[b] = c, a
			}
		}
		if skipped && !(cost[b] < looseFloor) {
			cost[b], skipLoose = inf, false
			goto walk
		}
	}
	var breaks []int
	if cost[n] == inf { // cannot happen (every unit may stand alone); never lose text if it does
		for b := 1; b <= n; b++ {
			breaks = append(breaks, b)
		}
		return breaks
	}
	for b := n; b > 0; b = prev[b] {
		breaks = append(breaks, b)
	}
	for i, j := 0, len(breaks)-1; i < j; i, j = i+1, j-1 {
		breaks[i], breaks[j] = breaks[j], breaks[i]
	}
	return breaks
}

// glyph is one character placed on a line.
type glyph struct {
	r      rune
	x, adv float64
	inside bool // continues the atom of the previous glyph
	unit   bool // starts an atom of several glyphs (a number, a word, ——)
}

// set places the atoms a..last on a line starting at x0 with avail em of room.
func (o *para) set(rs []rune, base, a, last int, x0, avail float64, md mode, buf []glyph) (Line, []glyph) {
	s := o.stats(a, last)
	d := avail - s.w
	var fa, fb, fc, fd, e float64
	if d < 0 {
		fa, fb, fc, fd, _ = s.shrinkUse(-d)
	} else if md.justify && s.units > 0 {
		e = d / s.units
	}
	buf = buf[:0]
	pen := x0
	for k := a; k <= last; k++ {
		at := o.atoms[k]
		var lc, rc float64
		switch {
		case k > a && o.gaps[k-1].pairL:
			lc = o.gaps[k-1].pair
		case at.full && at.kind == kOpen && k == a:
			lc = fa * at.w / 2
		case at.full && at.kind == kOpen:
			lc = fd * at.w / 2
		}
		switch {
		case k < last && o.gaps[k].pair > 0 && !o.gaps[k].pairL:
			rc = o.gaps[k].pair
		case at.full && at.kind == kClose && k < last && o.gaps[k].pair == 0:
			if at.bang {
				rc = fd * at.w / 2
			} else {
				rc = fc * at.w / 2
			}
		case at.full && at.kind == kClose && k == last:
			if at.bang {
				rc = fd * at.w / 2
			} else {
				rc = at.w / 2
			}
		}
		x := pen - lc
		for i := at.start; i < at.end; i++ {
			g := glyph{r: rs[i-base], x: x, inside: i > at.start, unit: i == at.start && at.end-at.start > 1}
			// the advance drawn is the font's; compression shows only in the next glyph's X
			g.adv = o.advs[i-base]
			buf = append(buf, g)
			x += g.adv
		}
		pen = x - rc
		if k < last {
			g := o.gaps[k]
			pen += g.nat + g.pair - fb*g.shrink // the pair compression is in lc/rc
			if g.stretch {
				pen += e
			}
		}
	}
	ln := Line{Start: o.atoms[a].start, End: o.atoms[last].end, Width: pen}
	ln.Runs = runs(buf, e)
	return ln, buf
}

// runs groups placed glyphs into runs of uniform spacing. A run's spacing is set by its first
// gap, which must be a regular one (0 inside a unit, the line's stretch between units); any other
// gap (Han–Latin spacing, a compressed mark) starts a new run at the glyph's own X.
func runs(gs []glyph, e float64) []Run {
	var out []Run
	var text []rune
	i := 0
	for i < len(gs) {
		start := i
		text = append(text[:0], gs[i].r)
		sp, set := 0.0, false
		for i+1 < len(gs) {
			g, p := gs[i+1], gs[i]
			gapv := g.x - (p.x + p.adv)
			if g.unit && (!set && e != 0 || set && sp != 0) {
				break // a unit starts its own run rather than be cut by a change of spacing
			}
			if !set {
				want := e
				if g.inside {
					want = 0
				}
				if math.Abs(gapv-want) > eps {
					break
				}
				sp, set = want, true
			} else if math.Abs(gapv-sp) > eps {
				break
			}
			text = append(text, g.r)
			i++
		}
		out = append(out, Run{X: gs[start].x, Text: string(text), Spacing: sp})
		i++
	}
	return out
}
