package charts

import (
	"math"

	"spread/page"
)

// Sizes in points.
const (
	labelSize = 8     // category and value labels (7–9 pt)
	tickSize  = 7.875 // axis tick labels: 六号, the least the brief allows
	ruleWidth = 0.4   // axes and grid lines (0.3–0.5 pt)
	gap       = 3     // between a label and what it labels
	// legendSpace is between a legend entry's label and its value on one line
	legendSpace = 4
)

// canvas collects the items of one chart and knows its box, faces and palette.
type canvas struct {
	s     Spec
	w, h  float64
	f     Faces
	p     palette
	items []page.Item
}

func newCanvas(s Spec, w, h float64, f Faces) *canvas {
	return &canvas{s: s, w: w, h: h, f: f, p: newPalette(s.Accent)}
}

func (c *canvas) width(role, s string, size float64) float64 { return c.f.Width(role, s) * size }

func (c *canvas) text(x, y float64, role string, size float64, col page.Color, s string) {
	c.items = append(c.items, page.Text{X: x, Y: y, Font: role, Size: size, Color: col, S: s})
}

func (c *canvas) line(x1, y1, x2, y2, w float64, col page.Color) {
	c.items = append(c.items, page.Line{X1: x1, Y1: y1, X2: x2, Y2: y2, Width: w, Color: col})
}

func (c *canvas) rect(x, y, w, h float64, col page.Color) {
	c.items = append(c.items, page.Rect{X: x, Y: y, W: w, H: h, Fill: &col})
}

// heading draws the title at the top, an accent block before it as Chinese dailies mark a
// chart's head, and returns the y below which the chart may draw. A note (the unit) is set
// small at the right end of the heading line when it fits.
func (c *canvas) heading(note string) float64 {
	const block, pad = 3.0, 4.0
	x := block + pad
	avail := c.w - x
	size := 10.0
	var lines []string
	for ; size >= minText; size -= 0.5 {
		if l, ok := wrap2(c.f, roleHei, c.s.Title, size, avail); ok {
			lines = l
			break
		}
	}
	if lines == nil {
		size = minText
		lines = wrapAll(c.f, roleHei, c.s.Title, size, avail)
	}
	lead := size * 1.3
	top := 0.0
	for i, l := range lines {
		c.text(x, top+size*0.88+float64(i)*lead, roleHei, size, c.p.text, l)
	}
	c.rect(0, top+size*0.04, block, size*0.92+float64(len(lines)-1)*lead, c.p.accent)
	bottom := top + size + float64(len(lines)-1)*lead
	if note != "" {
		nw := c.width(roleSong, note, tickSize)
		lastW := c.width(roleHei, lines[len(lines)-1], size)
		if x+lastW+2*gap+nw <= c.w {
			c.text(c.w-nw, bottom-size*0.12, roleSong, tickSize, c.p.axis, note)
		} else if nw <= c.w {
			c.text(c.w-nw, bottom+tickSize*1.1, roleSong, tickSize, c.p.axis, note)
			bottom += tickSize * 1.3
		}
	}
	return bottom + size*0.7
}

// arc appends cubic Béziers for the elliptic arc of centre (cx, cy) and radii rx, ry from
// angle a0 by delta (radians, y down so positive turns clockwise on the page); each piece
// spans at most a quarter turn, where the cubic is within 0.03 % of the circle.
func arc(ops []page.PathOp, cx, cy, rx, ry, a0, delta float64, tf func(x, y float64) page.Point) []page.PathOp {
	n := int(math.Ceil(math.Abs(delta) / (math.Pi / 2)))
	if n < 1 {
		n = 1
	}
	d := delta / float64(n)
	k := 4.0 / 3 * math.Tan(d/4)
	for i := 0; i < n; i++ {
		a1 := a0 + float64(i)*d
		a2 := a1 + d
		x1, y1 := cx+rx*math.Cos(a1), cy+ry*math.Sin(a1)
		x2, y2 := cx+rx*math.Cos(a2), cy+ry*math.Sin(a2)
		ops = append(ops, page.PathOp{Kind: page.CurveTo, Pts: [3]page.Point{
			tf(x1-k*rx*math.Sin(a1), y1+k*ry*math.Cos(a1)),
			tf(x2+k*rx*math.Sin(a2), y2-k*ry*math.Cos(a2)),
			tf(x2, y2),
		}})
	}
	return ops
}

func identity(x, y float64) page.Point { return page.Point{X: x, Y: y} }
