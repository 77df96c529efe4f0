package charts

import (
	"errors"
	"fmt"
	"math"
	"strings"

	"spread/page"
)

// DrawTile renders a key figure into (0,0)-(w,h): a short accent rule, the label in bold Song,
// the number big in 黑体 with its unit beside it, the growth with a drawn arrow (accent for up,
// dark gray for down, as dailies print it), and the note (预计, 同口径) small. A tile without a
// value reads as a rate, not an amount: the word 增长 or 下降 before the rate, in the unit's
// style, and the rate at most growthShare of the size an amount would get (持平 alone when the
// change rounds to nothing), so that it does not pose as the band's biggest figure.
func DrawTile(t Tile, w, h float64, f Faces) ([]page.Item, error) {
	its, _, err := DrawTileSize(t, w, h, f)
	return its, err
}

// DrawTileSize is DrawTile, also returning the size the big number is set at: the size an
// amount gets in the box (at most t.MaxSize), which for a rate is the size its neighbours'
// amounts would get. An amount's growth goes on a line under the number, or beside the unit
// with t.GrowthBeside (the number then has the line).
func DrawTileSize(t Tile, w, h float64, f Faces) ([]page.Item, float64, error) {
	if f == nil {
		return nil, 0, errors.New("charts: no faces to measure text with")
	}
	if !(w > 0 && h > 0) || math.IsInf(w, 0) || math.IsInf(h, 0) {
		return nil, 0, fmt.Errorf("tile %q: box %gx%g pt is empty", t.Label, w, h)
	}
	if t.Growth != nil && !finite(*t.Growth) {
		return nil, 0, fmt.Errorf("tile %q: growth is not a number", t.Label)
	}
	if t.Value == "" && t.Growth == nil {
		return nil, 0, fmt.Errorf("tile %q has neither a value nor a growth", t.Label)
	}
	c := newCanvas(Spec{Accent: t.Accent}, w, h, f)
	p := c.p

	c.rect(0, 0, math.Min(16, w), 2, p.accent)
	y := 2.0 + gap

	// The label.
	lsize := 9.0
	lines, lsize := fitLabel(f, roleSongBold, t.Label, lsize, w)
	for _, l := range lines {
		c.text(0, y+lsize*0.88, roleSongBold, lsize, p.text, l)
		y += lsize * 1.3
	}
	y += 1

	// The growth: its arrow, colour and text.
	up, flat := false, true
	gtext := ""
	if t.Growth != nil {
		g := *t.Growth
		up, flat = g > 0, math.Round(g*100) == 0
		gtext = number(math.Abs(g)) + "%"
		if t.GrowthText != "" { // as the prose prints it: 5.0%, not 5%
			gtext = strings.TrimLeft(t.GrowthText, "+-") + "%"
		}
		if flat {
			gtext = "持平"
		}
	}
	gcol := p.dark
	if up {
		gcol = p.accent
	}

	// What stays below the big number: the growth line (when the value is big) and the note.
	const gsize, nsize = 9.0, 7.5
	below := 0.0
	beside := t.GrowthBeside && t.Value != "" && t.Growth != nil
	if t.Value != "" && t.Growth != nil && !beside {
		below += gsize * 1.4
	}
	if t.Note != "" {
		below += nsize * 1.4
	}

	main, mainCol, unit, word := t.Value, p.accent, t.Unit, ""
	maxSize := math.Min(40, (h-y-below)/1.05)
	if t.MaxSize > 0 {
		maxSize = math.Min(maxSize, math.Max(6, t.MaxSize))
	}
	if maxSize < 6 {
		return nil, 0, fmt.Errorf("tile %q: a %gx%g pt box is too small", t.Label, w, h)
	}
	full := 0.0 // for a rate: the size an amount would get, whose baseline it shares
	if t.Value == "" {
		main, mainCol, unit = gtext, gcol, ""
		switch {
		case flat:
		case up:
			word = "增长"
		default:
			word = "下降"
		}
		full = maxSize
		maxSize = math.Max(6, maxSize*growthShare)
	}
	extra := 0.0 // the growth beside the unit
	if beside {
		extra = besideGap + c.width(roleHei, gtext, gsize)
		if !flat {
			extra += gsize * 0.9
		}
	}
	size := maxSize
	usize := 0.0
	wordW := func() float64 {
		if word == "" {
			return 0
		}
		return c.width(roleHei, word, usize) + 1
	}
	for ; size > 6; size *= 0.96 {
		usize = math.Max(8, size*0.38)
		if word != "" {
			usize = math.Max(8, size*0.5)
		}
		width := wordW() + c.width(roleHei, main, size) + extra
		if unit != "" {
			width += 1 + c.width(roleHei, unit, usize)
		}
		if width <= w {
			break
		}
	}
	amount := size // what this tile asks of its row: an amount's size, a rate's amount's
	if t.Value == "" {
		amount = full
	}
	base := y + math.Max(size, full)*0.86 // a rate on the baseline of its neighbours' amounts
	x := 0.0
	if word != "" {
		c.text(x, base, roleHei, usize, p.text, word)
		x += wordW()
	}
	c.text(x, base, roleHei, size, mainCol, main)
	x += c.width(roleHei, main, size)
	if unit != "" {
		c.text(x+1, base, roleHei, usize, p.text, unit)
		x += 1 + c.width(roleHei, unit, usize)
	}
	y = base + size*0.14

	if beside {
		x += besideGap
		if !flat {
			c.arrow(x+gsize*0.35, base-gsize*0.36, gsize*0.7, up, gcol)
			x += gsize * 0.9
		}
		c.text(x, base, roleHei, gsize, gcol, gtext)
	} else if t.Value != "" && t.Growth != nil {
		gb := y + gsize*1.2
		x := 0.0
		if !flat {
			c.arrow(x+gsize*0.35, gb-gsize*0.36, gsize*0.7, up, gcol)
			x += gsize * 0.9
		}
		c.text(x, gb, roleHei, gsize, gcol, gtext)
		y = gb + gsize*0.2
	}
	if t.Note != "" {
		nl, ns := fitLabel(f, roleSong, t.Note, nsize, w)
		if len(nl) > 0 {
			c.text(0, y+ns*1.2, roleSong, ns, p.axis, nl[0])
		}
	}
	return c.items, amount, nil
}

// besideGap is the space before a growth set beside the unit, in points.
const besideGap = 4.0

// growthShare is the largest size of a growth-only tile's rate against an amount's in the
// same box.
const growthShare = 0.6

// arrow draws a filled triangle of height s centred on (cx, cy): pointing up or down.
func (c *canvas) arrow(cx, cy, s float64, up bool, col page.Color) {
	hw, hh := s*0.55, s/2
	tip, base := cy-hh, cy+hh
	if !up {
		tip, base = base, tip
	}
	if cx < hw {
		cx = hw
	}
	c.items = append(c.items, page.Path{Ops: []page.PathOp{
		{Kind: page.MoveTo, Pts: [3]page.Point{{X: cx, Y: tip}}},
		{Kind: page.LineTo, Pts: [3]page.Point{{X: cx + hw, Y: base}}},
		{Kind: page.LineTo, Pts: [3]page.Point{{X: cx - hw, Y: base}}},
		{Kind: page.Close},
	}, Fill: &col})
}
