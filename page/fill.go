package page

import "math"

// Box is an axis-aligned rectangle in points, in page coordinates.
type Box struct{ X, Y, W, H float64 }

// Hole is the largest white rectangle between a page's content and the foot of its type area:
// X and W across the page, H from the lowest content above it down to the foot. A column that
// stops short leaves one, and so does a page whose content all ends above the foot. White is
// all the white between the content and the foot across the area, in square points, a strip
// with nothing in it (a gutter between columns) taken as deep as the shallower of its
// neighbours: what copy would fill, where the rectangle is only the deepest part of it.
//
// UnderFigure says that the content the hole's top is set by is a figure's — an image, a
// chart's shapes, or text smaller than the body (a caption) — and not body text: copy does not
// run under it, so more copy would not fill the hole.
type Hole struct {
	X, W, H, White float64
	UnderFigure    bool
}

// FootHole measures the white at the foot of p's type area (area), the way a page editor's eye
// measures it: the content — glyphs, images, filled shapes; rules and strokes left out — is cut
// into vertical strips of strip points, and the hole is the deepest rectangle at least minW wide
// whose top is the lowest content of its strips (the widest of equally deep ones).
// shared/tools/audit.py reports the depth of the rectangle of largest area instead, which is
// never deeper: a page that passes here passes there.
// Glyph widths are estimated (1 em for Han and full-width forms, 0.55 em otherwise), which is
// close enough for white measured in lines.
func FootHole(p Page, area Box, strip, minW float64) Hole {
	if strip <= 0 || area.W <= 0 {
		return Hole{}
	}
	n := max(1, int(area.W/strip))
	top, foot := area.Y, area.Y+area.H
	bottoms := make([]float64, n)
	figure := make([]bool, n) // whether a strip's lowest content is a figure's (see Hole)
	for i := range bottoms {
		bottoms[i] = top
	}
	mark := func(x0, y0, x1, y1 float64, fig bool) {
		if x1 <= area.X || x0 >= area.X+area.W || y1 <= top || y0 >= foot {
			return
		}
		i0 := int(math.Floor((x0-area.X)/strip + 0.25))
		i1 := int(math.Floor((x1-area.X)/strip - 0.25))
		for i := max(0, i0); i <= min(n-1, i1); i++ {
			if b := math.Min(y1, foot); b > bottoms[i] {
				bottoms[i], figure[i] = b, fig
			}
		}
	}
	var visit func(its []Item, dx, dy float64)
	visit = func(its []Item, dx, dy float64) {
		for _, it := range its {
			switch v := it.(type) {
			case Text:
				w := 0.0
				for _, r := range v.S {
					if r >= 0x2E80 {
						w += v.Size
					} else {
						w += 0.55 * v.Size
					}
					w += v.Spacing
				}
				mark(dx+v.X, dy+v.Y-0.88*v.Size, dx+v.X+w, dy+v.Y+0.12*v.Size, p.Body > 0 && v.Size < 0.95*p.Body)
			case Rect:
				if v.Fill != nil && v.W > 1.5 && v.H > 1.5 {
					mark(dx+v.X, dy+v.Y, dx+v.X+v.W, dy+v.Y+v.H, false)
				}
			case Path:
				if v.Fill == nil || len(v.Ops) == 0 {
					continue
				}
				x0, y0, x1, y1 := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
				for _, op := range v.Ops {
					k := 1
					if op.Kind == CurveTo {
						k = 3
					} else if op.Kind == Close {
						k = 0
					}
					for _, pt := range op.Pts[:k] {
						x0, y0, x1, y1 = math.Min(x0, pt.X), math.Min(y0, pt.Y), math.Max(x1, pt.X), math.Max(y1, pt.Y)
					}
				}
				if x1-x0 > 1.5 && y1-y0 > 1.5 {
					mark(dx+x0, dy+y0, dx+x1, dy+y1, true)
				}
			case Image:
				mark(dx+v.X, dy+v.Y, dx+v.X+v.W, dy+v.Y+v.H, true)
			case Group:
				visit(v.Items, dx+v.X, dy+v.Y)
			}
		}
	}
	visit(p.Items, 0, 0)
	best := Hole{White: footWhite(bottoms, top, foot, strip)}
	minStrips := max(1, int(math.Ceil(minW/strip-1e-9)))
	for i := range n {
		hi := top
		for j := i; j < n; j++ {
			hi = math.Max(hi, bottoms[j])
			w := float64(j-i+1) * strip
			if j-i+1 < minStrips {
				continue
			}
			if h := foot - hi; h > best.H+1e-9 || math.Abs(h-best.H) <= 1e-9 && w > best.W {
				best.X, best.W, best.H = area.X+float64(i)*strip, w, h
				best.UnderFigure = false
				for k := i; k <= j; k++ {
					best.UnderFigure = best.UnderFigure || figure[k] && math.Abs(bottoms[k]-hi) <= 1e-6
				}
			}
		}
	}
	return best
}

// footWhite is the white under the strips' bottoms down to the foot, each strip with nothing in
// it (its bottom the area's top) as deep as the shallower of the nearest strips with content on
// either side, or as the one there is; an area with no content at all is white throughout.
func footWhite(bottoms []float64, top, foot, strip float64) float64 {
	white := 0.0
	for i, b := range bottoms {
		if b <= top {
			b = foot
			found := false
			for l := i - 1; l >= 0; l-- {
				if bottoms[l] > top {
					b, found = bottoms[l], true
					break
				}
			}
			for r := i + 1; r < len(bottoms); r++ {
				if bottoms[r] > top {
					if !found || bottoms[r] > b {
						b = bottoms[r]
					}
					found = true
					break
				}
			}
			if !found {
				b = top
			}
		}
		white += (foot - b) * strip
	}
	return white
}
