package charts

import (
	"fmt"
	"math"

	"spread/page"
)

type slice struct {
	label, value string
	v            float64
	col          page.Color
	legend       bool
}

// minRadius is the smallest a pie is drawn, in points (a circle of about 1 cm).
const minRadius = 15

// A donut's hole is 0.6 of its radius, up to maxHole to hold its one number, which fills at
// most holeFill of the hole's width.
const (
	maxHole  = 0.8
	holeFill = 0.8
)

// pie draws a pie or donut entirely here (go-chart's drops nothing we allow, but overlaps its
// rim labels): wedges as Béziers from twelve o'clock clockwise, separated by thin paper-white
// gaps, and a legend beside or below instead of labels around the rim.
func (c *canvas) pie(donut bool) error {
	var sl []slice
	single := len(c.s.Values) == 1 && c.s.Unit == "%"
	sum := 0.0
	for _, v := range c.s.Values {
		sum += v
	}
	for i, v := range c.s.Values {
		val := valueLabel(v, c.s.Unit, c.s.Growth)
		if !single && c.s.Unit != "%" {
			val += "（" + decimals(100*v/sum, 1) + "%）"
		}
		sl = append(sl, slice{label: c.s.Labels[i], value: val, v: v, col: c.p.series(i), legend: true})
	}
	if single {
		sl[0].col = c.p.accent
		if rest := 100 - c.s.Values[0]; rest > 0 {
			sl = append(sl, slice{v: rest, col: c.p.light})
		}
		sum = 100
	}
	top := c.heading("")
	areaH := c.h - top
	if areaH < 20 {
		return fmt.Errorf("a %.0f × %.0f mm box leaves no room for the %s", c.w/page.MM, c.h/page.MM, c.s.Kind)
	}
	showLegend := !(single && donut)

	// The legend: a swatch, the label (wrapped) and the value, one entry per slice.
	const sw = 7.0
	type entry struct {
		lines []string
		size  float64
		h     float64
		// inline: the value follows the label's last line instead of taking a line of its own
		inline bool
	}
	var entries []entry
	// legendFor sets the legend in width; compact puts each value after its label where it
	// fits, for a box too low for an entry of two lines a slice
	legendFor := func(width float64, compact bool) (float64, float64) {
		entries = entries[:0]
		total, widest := 0.0, 0.0
		for _, s := range sl {
			if !s.legend {
				continue
			}
			lines, size := fitLabel(c.f, roleSong, s.label, labelSize, width-sw-gap)
			e := entry{lines: lines, size: size, h: float64(len(lines)+1)*size*1.25 + 3}
			last := c.width(roleSong, lines[len(lines)-1], size)
			if tail := last + legendSpace + c.width(roleHei, s.value, labelSize); compact && tail <= width-sw-gap {
				e.inline, e.h = true, float64(len(lines))*size*1.25+2
				widest = math.Max(widest, tail)
			}
			for _, l := range lines {
				widest = math.Max(widest, c.width(roleSong, l, size))
			}
			widest = math.Max(widest, c.width(roleHei, s.value, labelSize))
			entries = append(entries, e)
			total += e.h
		}
		return total, widest + sw + gap
	}

	var cx, cy, r, lx, ly float64
	// a donut of one share carries its number in the hole; when the hole is too small for it
	// at the least text size even with the ring thinned (a donut in a low box), the number
	// stands beside the ring instead of running over it
	var single1 string
	besideW := 0.0
	if !showLegend {
		single1 = valueLabel(c.s.Values[0], "%", c.s.Growth)
		r = math.Min(c.w, areaH) / 2
		cx, cy = c.w/2, top+areaH/2
		if w := c.width(roleHei, single1, minText); w > 2*holeFill*maxHole*r {
			besideW = w
			r = math.Min(areaH/2, (c.w-w-gap)/2)
			if r < areaH/4 {
				return fmt.Errorf("a %.0f × %.0f mm box leaves no room for the %s and its number", c.w/page.MM, c.h/page.MM, c.s.Kind)
			}
			cx = (c.w-(2*r+gap+w))/2 + r
		}
	} else if side := c.w - areaH; side >= c.w*0.38 {
		r = areaH / 2
		lw := c.w - 2*r - 2*gap
		lh, wid := legendFor(lw, false)
		if lh > areaH { // too many entries beside: shrink the circle to make the legend wider
			r = math.Min(areaH, c.w*0.45) / 2
			lh, wid = legendFor(c.w-2*r-2*gap, false)
		}
		// still too tall: each value after its label, the circle smaller until that fits
		for _, k := range []float64{1, 0.8, 0.65, 0.5} {
			if lh <= areaH || areaH/2*k < minRadius {
				break
			}
			r = math.Min(areaH, c.w*0.45) / 2 * k
			lh, wid = legendFor(c.w-2*r-2*gap, true)
		}
		cx, cy = r, top+areaH/2
		lx, ly = 2*r+2*gap, top+math.Max(0, (areaH-lh)/2)
		_ = wid
	} else {
		lh, wid := legendFor(c.w, false)
		if areaH-lh-gap < 30 {
			lh, wid = legendFor(c.w, true)
		}
		r = math.Min(c.w, areaH-lh-gap) / 2
		if r < minRadius {
			return fmt.Errorf("a %.0f × %.0f mm box leaves no room for the %s and its legend", c.w/page.MM, c.h/page.MM, c.s.Kind)
		}
		cx, cy = c.w/2, top+r
		lx, ly = math.Max(0, (c.w-wid)/2), top+2*r+gap
	}

	inner := 0.0
	if donut {
		inner = r * 0.6
		if single1 != "" && besideW == 0 {
			// the hole opens (the ring thins, to maxHole of the radius) to hold the number at
			// the least text size
			inner = math.Max(inner, math.Min(maxHole*r, c.width(roleHei, single1, minText)/(2*holeFill)))
		}
	}
	paper := page.Color{}
	a := -math.Pi / 2
	for _, s := range sl {
		d := 2 * math.Pi * s.v / sum
		var ops []page.PathOp
		if inner > 0 {
			ops = append(ops, page.PathOp{Kind: page.MoveTo, Pts: [3]page.Point{{X: cx + r*math.Cos(a), Y: cy + r*math.Sin(a)}}})
			ops = arc(ops, cx, cy, r, r, a, d, identity)
			ops = append(ops, page.PathOp{Kind: page.LineTo, Pts: [3]page.Point{{X: cx + inner*math.Cos(a+d), Y: cy + inner*math.Sin(a+d)}}})
			ops = arc(ops, cx, cy, inner, inner, a+d, -d, identity)
		} else {
			ops = append(ops, page.PathOp{Kind: page.MoveTo, Pts: [3]page.Point{{X: cx, Y: cy}}},
				page.PathOp{Kind: page.LineTo, Pts: [3]page.Point{{X: cx + r*math.Cos(a), Y: cy + r*math.Sin(a)}}})
			ops = arc(ops, cx, cy, r, r, a, d, identity)
		}
		ops = append(ops, page.PathOp{Kind: page.Close})
		col := s.col
		p := page.Path{Ops: ops, Fill: &col}
		if len(sl) > 1 {
			p.Stroke, p.LineWidth = &paper, 0.75
		}
		c.items = append(c.items, p)
		a += d
	}

	if single && donut {
		num := single1
		if besideW > 0 {
			c.text(cx+r+gap, cy+minText*0.36, roleHei, minText, c.p.accent, num)
			return nil
		}
		size := math.Max(minText, math.Min(inner*0.75, 2*holeFill*inner/c.f.Width(roleHei, num)))
		nw := c.width(roleHei, num, size)
		c.text(cx-nw/2, cy+size*0.36, roleHei, size, c.p.accent, num)
		return nil
	}
	y := ly
	for i, s := range sl {
		if !s.legend {
			continue
		}
		e := entries[i]
		lead := e.size * 1.25
		c.rect(lx, y+e.size*0.1, sw, sw, s.col)
		tx := lx + sw + gap
		for j, l := range e.lines {
			c.text(tx, y+e.size*0.88+float64(j)*lead, roleSong, e.size, c.p.text, l)
		}
		if e.inline {
			last := e.lines[len(e.lines)-1]
			c.text(tx+c.width(roleSong, last, e.size)+legendSpace, y+e.size*0.88+float64(len(e.lines)-1)*lead, roleHei, labelSize, c.p.text, s.value)
		} else {
			c.text(tx, y+labelSize*0.88+float64(len(e.lines))*lead, roleHei, labelSize, c.p.text, s.value)
		}
		y += e.h
	}
	if y-3 > c.h {
		return fmt.Errorf("%d slices do not fit a %.0f × %.0f mm box with their legend", len(entries), c.w/page.MM, c.h/page.MM)
	}
	return nil
}
