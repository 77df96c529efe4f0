package charts

import (
	"io"
	"math"

	"github.com/golang/freetype/truetype"
	chart "github.com/wcharczuk/go-chart/v2"
	"github.com/wcharczuk/go-chart/v2/drawing"

	"spread/page"
)

// scale is how many of go-chart's integer units make one point: at 20 the rounding of its
// coordinates stays below 0.05 pt.
const scale = 20

// inks maps the RGB keys handed to go-chart back to the CMYK colours they stand for. Keys are
// private values (R=1, G=2, B=index) that none of go-chart's own defaults use, so a colour the
// recorder does not know is one go-chart chose itself and is not painted.
type inks struct {
	byKey map[drawing.Color]page.Color
	next  uint8
}

func (k *inks) key(c page.Color) drawing.Color {
	if k.byKey == nil {
		k.byKey = map[drawing.Color]page.Color{}
	}
	k.next++
	d := drawing.Color{R: 1, G: 2, B: k.next, A: 255}
	k.byKey[d] = c
	return d
}

// none is a key the recorder never paints: for strokes go-chart insists on (bar outlines,
// axis lines) that a newspaper chart leaves out.
var none = drawing.Color{R: 1, G: 2, B: 0, A: 255}

// recorder implements chart.Renderer by recording page items. Coordinates pass through tf,
// which divides by scale (and for horizontal bars also turns go-chart's columns sideways).
type recorder struct {
	inks  *inks
	faces Faces
	tf    func(x, y float64) page.Point
	role  string

	class                   string
	stroke, fill, fontColor drawing.Color
	strokeWidth, fontSize   float64
	ops                     []page.PathOp
	cx, cy                  float64 // current point, go-chart units
	items                   []page.Item
	boxes                   map[string]box          // bounding box of each classed path, points
	first                   map[string][]page.Point // the end points of each class's first path
	dpi                     float64
	rotated                 bool
}

type box struct{ x0, y0, x1, y1 float64 }

func newRecorder(k *inks, f Faces, tf func(x, y float64) page.Point) *recorder {
	return &recorder{inks: k, faces: f, tf: tf, role: roleSong, boxes: map[string]box{}, first: map[string][]page.Point{}, dpi: 72 * scale}
}

var _ chart.Renderer = (*recorder)(nil)

func (r *recorder) provider(int, int) (chart.Renderer, error) { return r, nil }

func (r *recorder) ResetStyle() {
	r.class, r.stroke, r.fill, r.fontColor = "", drawing.Color{}, drawing.Color{}, drawing.Color{}
	r.strokeWidth, r.fontSize = 0, 0
	r.rotated = false
}

func (r *recorder) GetDPI() float64                 { return r.dpi }
func (r *recorder) SetDPI(dpi float64)              { r.dpi = dpi }
func (r *recorder) SetClassName(c string)           { r.class = c }
func (r *recorder) SetStrokeColor(c drawing.Color)  { r.stroke = c }
func (r *recorder) SetFillColor(c drawing.Color)    { r.fill = c }
func (r *recorder) SetStrokeWidth(w float64)        { r.strokeWidth = w }
func (r *recorder) SetStrokeDashArray([]float64)    {}
func (r *recorder) SetFont(*truetype.Font)          {}
func (r *recorder) SetFontColor(c drawing.Color)    { r.fontColor = c }
func (r *recorder) SetFontSize(size float64)        { r.fontSize = size }
func (r *recorder) SetTextRotation(radians float64) { r.rotated = radians != 0 }
func (r *recorder) ClearTextRotation()              { r.rotated = false }
func (r *recorder) Save(io.Writer) error            { return nil }

func (r *recorder) MoveTo(x, y int) {
	r.cx, r.cy = float64(x), float64(y)
	r.ops = append(r.ops, page.PathOp{Kind: page.MoveTo, Pts: [3]page.Point{r.tf(r.cx, r.cy)}})
}

func (r *recorder) LineTo(x, y int) {
	if len(r.ops) == 0 {
		r.MoveTo(x, y)
		return
	}
	r.cx, r.cy = float64(x), float64(y)
	r.ops = append(r.ops, page.PathOp{Kind: page.LineTo, Pts: [3]page.Point{r.tf(r.cx, r.cy)}})
}

// QuadCurveTo raises the quadratic to the cubic with the same shape.
func (r *recorder) QuadCurveTo(cx, cy, x, y int) {
	if len(r.ops) == 0 {
		r.MoveTo(cx, cy)
	}
	qx, qy, ex, ey := float64(cx), float64(cy), float64(x), float64(y)
	r.ops = append(r.ops, page.PathOp{Kind: page.CurveTo, Pts: [3]page.Point{
		r.tf(r.cx+2.0/3*(qx-r.cx), r.cy+2.0/3*(qy-r.cy)),
		r.tf(ex+2.0/3*(qx-ex), ey+2.0/3*(qy-ey)),
		r.tf(ex, ey),
	}})
	r.cx, r.cy = ex, ey
}

// ArcTo follows go-chart's raster renderer: a line (or move) to the arc's start, then the arc.
func (r *recorder) ArcTo(cx, cy int, rx, ry, start, delta float64) {
	x, y := float64(cx), float64(cy)
	sx, sy := x+rx*math.Cos(start), y+ry*math.Sin(start)
	kind := page.LineTo
	if len(r.ops) == 0 {
		kind = page.MoveTo
	}
	r.ops = append(r.ops, page.PathOp{Kind: kind, Pts: [3]page.Point{r.tf(sx, sy)}})
	r.ops = arc(r.ops, x, y, rx, ry, start, delta, r.tf)
	r.cx, r.cy = x+rx*math.Cos(start+delta), y+ry*math.Sin(start+delta)
}

func (r *recorder) Close() {
	if len(r.ops) > 0 {
		r.ops = append(r.ops, page.PathOp{Kind: page.Close})
	}
}

func (r *recorder) Circle(radius float64, x, y int) {
	cx, cy := float64(x), float64(y)
	r.ops = append(r.ops, page.PathOp{Kind: page.MoveTo, Pts: [3]page.Point{r.tf(cx+radius, cy)}})
	r.ops = arc(r.ops, cx, cy, radius, radius, 0, 2*math.Pi, r.tf)
	r.ops = append(r.ops, page.PathOp{Kind: page.Close})
}

func (r *recorder) Stroke()     { r.paint(false, true) }
func (r *recorder) Fill()       { r.paint(true, false) }
func (r *recorder) FillStroke() { r.paint(true, true) }

// paint turns the current path into an item with the colours that map back to CMYK; a path
// with neither is dropped. A straight two-point stroke becomes a page.Line.
func (r *recorder) paint(fill, stroke bool) {
	ops := r.ops
	r.ops = nil
	if len(ops) == 0 {
		return
	}
	var fc, sc *page.Color
	if c, ok := r.inks.byKey[r.fill]; ok && fill {
		fc = &c
	}
	if c, ok := r.inks.byKey[r.stroke]; ok && stroke && r.strokeWidth > 0 {
		sc = &c
	}
	if fc == nil && sc == nil {
		return
	}
	b := box{math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)}
	var ends []page.Point
	for _, op := range ops {
		n := 1
		switch op.Kind {
		case page.Close:
			continue
		case page.CurveTo:
			n = 3
		}
		for _, p := range op.Pts[:n] {
			b = box{math.Min(b.x0, p.X), math.Min(b.y0, p.Y), math.Max(b.x1, p.X), math.Max(b.y1, p.Y)}
		}
		ends = append(ends, op.Pts[n-1])
	}
	if r.class != "" {
		r.boxes[r.class] = b
		if _, ok := r.first[r.class]; !ok {
			r.first[r.class] = ends
		}
	}
	lw := r.strokeWidth / scale
	if fc == nil && len(ops) == 2 && ops[0].Kind == page.MoveTo && ops[1].Kind == page.LineTo {
		p, q := ops[0].Pts[0], ops[1].Pts[0]
		if math.Hypot(q.X-p.X, q.Y-p.Y) < 0.5 {
			return // go-chart's fixed 5-unit tick marks: specks at this scale
		}
		r.items = append(r.items, page.Line{X1: p.X, Y1: p.Y, X2: q.X, Y2: q.Y, Width: lw, Color: *sc})
		return
	}
	if sc == nil {
		lw = 0
	}
	r.items = append(r.items, page.Path{Ops: ops, Fill: fc, Stroke: sc, LineWidth: lw})
}

// Text draws at go-chart's baseline origin in the recorder's face role. Rotated text is set
// upright: the charts here never ask go-chart for rotated text.
func (r *recorder) Text(body string, x, y int) {
	c, ok := r.inks.byKey[r.fontColor]
	if !ok || body == "" {
		return
	}
	p := r.tf(float64(x), float64(y))
	r.items = append(r.items, page.Text{X: p.X, Y: p.Y, Font: r.role, Size: r.fontSize, Color: c, S: body})
}

// MeasureText measures with the page's faces; go-chart's font sizes are points and its DPI
// is 72·scale, so a point of type is scale units.
func (r *recorder) MeasureText(body string) chart.Box {
	w := r.faces.Width(r.role, body) * r.fontSize * scale
	return chart.Box{Right: int(math.Ceil(w)), Bottom: int(math.Ceil(r.fontSize * scale))}
}
