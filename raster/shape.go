package raster

import (
	"image"
	"image/color"
	"image/draw"
	"math"

	"spread/page"
)

// Stroke geometry, as PDF's defaults (the PDF writer sets neither cap, join nor limit).
const (
	miterLimit = 10  // PDF's default: a join whose miter is longer than 10 half-widths is bevelled
	flatStep   = 3.0 // a curve is flattened into chords of about this many pixels
)

// pt is a position in pixels.
type pt struct{ x, y float64 }

// subpath is a flattened run of points, in pixels.
type subpath struct {
	pts    []pt
	closed bool
}

func (c *canvas) rect(r page.Rect, dx, dy float64) {
	x0, y0 := c.px(dx+r.X), c.px(dy+r.Y)
	x1, y1 := c.px(dx+r.X+r.W), c.px(dy+r.Y+r.H)
	if r.Fill != nil {
		c.box(x0, y0, x1, y1, rgba(*r.Fill))
	}
	if r.Stroke != nil {
		sp := subpath{pts: []pt{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}}, closed: true}
		c.fill(stroke([]subpath{sp}, c.lineWidth(r.LineWidth)), rgba(*r.Stroke))
	}
}

func (c *canvas) line(l page.Line, dx, dy float64) {
	x0, y0 := c.px(dx+l.X1), c.px(dy+l.Y1)
	x1, y1 := c.px(dx+l.X2), c.px(dy+l.Y2)
	w := c.lineWidth(l.Width)
	col := rgba(l.Color)
	switch {
	case x0 == x1 && y0 == y1:
		// a zero-length line with butt caps draws nothing
	case y0 == y1:
		c.box(x0, y0-w/2, x1, y0+w/2, col)
	case x0 == x1:
		c.box(x0-w/2, y0, x0+w/2, y1, col)
	default:
		c.fill(stroke([]subpath{{pts: []pt{{x0, y0}, {x1, y1}}}}, w), col)
	}
}

// lineWidth is a stroke width in pixels: 0 is the thinnest line the device can draw, as in PDF.
func (c *canvas) lineWidth(w float64) float64 {
	if w <= 0 {
		return 1
	}
	return w * c.s
}

func (c *canvas) path(p page.Path, dx, dy float64) {
	if (p.Fill == nil && p.Stroke == nil) || len(p.Ops) == 0 {
		return
	}
	sps := c.flatten(p.Ops, dx, dy)
	if p.Fill != nil {
		c.fill(sps, rgba(*p.Fill))
	}
	if p.Stroke != nil {
		c.fill(stroke(sps, c.lineWidth(p.LineWidth)), rgba(*p.Stroke))
	}
}

// flatten turns path operators into subpaths of points in pixels, curves into chords.
func (c *canvas) flatten(ops []page.PathOp, dx, dy float64) []subpath {
	var out []subpath
	var cur *subpath
	at := func(p page.Point) pt { return pt{c.px(dx + p.X), c.px(dy + p.Y)} }
	for _, op := range ops {
		switch op.Kind {
		case page.MoveTo:
			out = append(out, subpath{pts: []pt{at(op.Pts[0])}})
			cur = &out[len(out)-1]
		case page.LineTo:
			if cur == nil {
				out = append(out, subpath{pts: []pt{at(op.Pts[0])}})
				cur = &out[len(out)-1]
				continue
			}
			cur.pts = append(cur.pts, at(op.Pts[0]))
		case page.CurveTo:
			if cur == nil {
				continue // PDF has no current point either: nothing to draw from
			}
			p0 := cur.pts[len(cur.pts)-1]
			p1, p2, p3 := at(op.Pts[0]), at(op.Pts[1]), at(op.Pts[2])
			l := dist(p0, p1) + dist(p1, p2) + dist(p2, p3)
			n := min(256, max(1, int(math.Ceil(l/flatStep))))
			for i := 1; i <= n; i++ {
				t := float64(i) / float64(n)
				u := 1 - t
				a, b, cc, d := u*u*u, 3*u*u*t, 3*u*t*t, t*t*t
				cur.pts = append(cur.pts, pt{a*p0.x + b*p1.x + cc*p2.x + d*p3.x, a*p0.y + b*p1.y + cc*p2.y + d*p3.y})
			}
		case page.Close:
			if cur != nil {
				cur.closed = true
				// a new segment starts from the subpath's first point
				out = append(out, subpath{pts: []pt{cur.pts[0]}})
				cur = &out[len(out)-1]
			}
		}
	}
	return out
}

func dist(a, b pt) float64 { return math.Hypot(b.x-a.x, b.y-a.y) }

// stroke turns subpaths into the outline of their stroke w pixels wide: a quadrilateral per
// segment and a wedge per join, every polygon turning the same way, so that where they overlap
// the rasteriser's coverage adds up and is clamped to full instead of cancelling.
func stroke(sps []subpath, w float64) []subpath {
	hw := w / 2
	var out []subpath
	add := func(ps ...pt) {
		if area(ps) < 0 {
			for i, j := 0, len(ps)-1; i < j; i, j = i+1, j-1 {
				ps[i], ps[j] = ps[j], ps[i]
			}
		}
		out = append(out, subpath{pts: ps, closed: true})
	}
	for _, sp := range sps {
		ps := make([]pt, 0, len(sp.pts))
		for _, p := range sp.pts {
			if len(ps) == 0 || p != ps[len(ps)-1] {
				ps = append(ps, p)
			}
		}
		if sp.closed && len(ps) > 1 && ps[0] == ps[len(ps)-1] {
			ps = ps[:len(ps)-1]
		}
		if len(ps) < 2 {
			continue
		}
		n := len(ps) - 1 // segments
		if sp.closed {
			n = len(ps)
		}
		seg := func(i int) (pt, pt) { return ps[i], ps[(i+1)%len(ps)] }
		normal := func(i int) pt {
			a, b := seg(i)
			l := dist(a, b)
			return pt{-(b.y - a.y) / l * hw, (b.x - a.x) / l * hw}
		}
		for i := range n {
			a, b := seg(i)
			nv := normal(i)
			add(pt{a.x + nv.x, a.y + nv.y}, pt{b.x + nv.x, b.y + nv.y}, pt{b.x - nv.x, b.y - nv.y}, pt{a.x - nv.x, a.y - nv.y})
		}
		for i := range n {
			j := i + 1
			if j == n {
				if !sp.closed {
					break
				}
				j = 0
			}
			p, _ := seg(j)
			na, nb := normal(i), normal(j)
			a0, a1 := seg(i)
			b0, b1 := seg(j)
			cross := (a1.x-a0.x)*(b1.y-b0.y) - (a1.y-a0.y)*(b1.x-b0.x)
			if cross == 0 {
				continue // straight on (or straight back: butt ends, nothing to join)
			}
			o := 1.0
			if cross > 0 {
				o = -1 // the outer side of the turn
			}
			pa := pt{p.x + o*na.x, p.y + o*na.y}
			pb := pt{p.x + o*nb.x, p.y + o*nb.y}
			v := pt{(na.x + nb.x) / hw, (na.y + nb.y) / hw} // sum of the unit normals
			vv := v.x*v.x + v.y*v.y
			if vv > 0 && 2/math.Sqrt(vv) <= miterLimit {
				tip := pt{p.x + o*hw*v.x*2/vv, p.y + o*hw*v.y*2/vv}
				add(p, pa, tip, pb)
			} else {
				add(p, pa, pb)
			}
		}
	}
	return out
}

// area is the signed area of a polygon (twice it; only the sign is used).
func area(ps []pt) float64 {
	s := 0.0
	for i, a := range ps {
		b := ps[(i+1)%len(ps)]
		s += a.x*b.y - b.x*a.y
	}
	return s
}

// fill paints the subpaths (each closed) with the rasteriser, in the bounds they cover.
func (c *canvas) fill(sps []subpath, col color.RGBA) {
	x0, y0, x1, y1 := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	for _, sp := range sps {
		for _, p := range sp.pts {
			x0, y0, x1, y1 = math.Min(x0, p.x), math.Min(y0, p.y), math.Max(x1, p.x), math.Max(y1, p.y)
		}
	}
	if !(x1 > x0 && y1 > y0) {
		return
	}
	r := image.Rect(int(math.Floor(x0)), int(math.Floor(y0)), int(math.Ceil(x1)), int(math.Ceil(y1))).Intersect(c.img.Bounds())
	if r.Empty() {
		return
	}
	z := &c.glyphs.shape
	z.Reset(r.Dx(), r.Dy())
	ox, oy := float64(r.Min.X), float64(r.Min.Y)
	for _, sp := range sps {
		if len(sp.pts) < 2 {
			continue
		}
		z.MoveTo(float32(sp.pts[0].x-ox), float32(sp.pts[0].y-oy))
		for _, p := range sp.pts[1:] {
			z.LineTo(float32(p.x-ox), float32(p.y-oy))
		}
		z.ClosePath()
	}
	z.Draw(c.img, r, image.NewUniform(col), image.Point{})
}

// box paints an axis-aligned rectangle given in pixels with each pixel's exact coverage.
func (c *canvas) box(x0, y0, x1, y1 float64, col color.RGBA) {
	if x1 < x0 {
		x0, x1 = x1, x0
	}
	if y1 < y0 {
		y0, y1 = y1, y0
	}
	b := c.img.Bounds()
	x0, y0 = math.Max(x0, float64(b.Min.X)), math.Max(y0, float64(b.Min.Y))
	x1, y1 = math.Min(x1, float64(b.Max.X)), math.Min(y1, float64(b.Max.Y))
	if !(x1 > x0 && y1 > y0) {
		return
	}
	ix0, iy0 := int(math.Floor(x0)), int(math.Floor(y0))
	ix1, iy1 := int(math.Ceil(x1)), int(math.Ceil(y1))
	cover := func(i int, lo, hi float64) float64 {
		return math.Min(float64(i+1), hi) - math.Max(float64(i), lo)
	}
	// the interior of whole pixels in one call, then the partly covered border
	in := image.Rect(int(math.Ceil(x0)), int(math.Ceil(y0)), int(math.Floor(x1)), int(math.Floor(y1)))
	if !in.Empty() {
		draw.Draw(c.img, in, image.NewUniform(col), image.Point{}, draw.Src)
	}
	for y := iy0; y < iy1; y++ {
		cy := cover(y, y0, y1)
		inside := y >= in.Min.Y && y < in.Max.Y
		for x := ix0; x < ix1; x++ {
			if inside && x >= in.Min.X && x < in.Max.X {
				x = in.Max.X - 1
				continue
			}
			blend(c.img, x, y, col, cy*cover(x, x0, x1))
		}
	}
}

// blend paints an opaque colour over pixel (x, y) with coverage a (0..1).
func blend(img *image.RGBA, x, y int, col color.RGBA, a float64) {
	a8 := uint32(math.Round(a * 255))
	if a8 == 0 {
		return
	}
	i := img.PixOffset(x, y)
	p := img.Pix[i : i+3 : i+3]
	mix := func(d uint8, s uint8) uint8 { return uint8((uint32(d)*(255-a8) + uint32(s)*a8 + 127) / 255) }
	p[0], p[1], p[2] = mix(p[0], col.R), mix(p[1], col.G), mix(p[2], col.B)
}
