package raster

import (
	"fmt"
	"image"
	"image/draw"
	"math"
	"sync"

	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
	"golang.org/x/image/vector"

	"spread/fonts"
	"spread/page"
)

// subpixel is how finely a glyph's position is kept in its cached mask: a quarter pixel on each
// axis, so a glyph is at most ⅛ pixel from where the PDF draws it.
const subpixel = 4

// face is one font role: outlines and the advances the layout measured.
type face struct {
	outlines *sfnt.Font
	metric   *fonts.Face
}

// faceSet holds the faces of one Render and the glyph masks drawn so far, shared by its pages.
type faceSet struct {
	faces    map[string]*face
	slugRole string // the face the slug line is set in, as the PDF writer picks it ("" for none)

	mu    sync.Mutex
	masks map[glyphKey]*image.Alpha // nil for a glyph with no outline (a space)
}

type glyphKey struct {
	role   string
	gid    sfnt.GlyphIndex
	ppem   fixed.Int26_6
	fx, fy uint8 // position within the pixel, in 1/subpixel
}

// glyphBuffers are one goroutine's scratch space for loading outlines.
type glyphBuffers struct {
	sfnt  map[string]*sfnt.Buffer
	z     vector.Rasterizer // for glyphs
	shape vector.Rasterizer // for fills and strokes
}

func (fs *faceSet) buffers() *glyphBuffers { return &glyphBuffers{sfnt: map[string]*sfnt.Buffer{}} }

// newFaceSet parses the faces of every role doc draws text in (and the slug's).
func newFaceSet(doc *page.Document, faces map[string][]byte) (*faceSet, error) {
	used := map[string]bool{}
	var missing []string
	for _, p := range doc.Pages {
		walk(p.Items, 0, 0, func(it page.Item, _, _ float64) {
			if t, ok := it.(page.Text); ok && t.S != "" && !used[t.Font] {
				used[t.Font] = true
				if _, ok := faces[t.Font]; !ok {
					missing = append(missing, t.Font)
				}
			}
		})
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("raster: no face for font role %q", missing[0])
	}
	fs := &faceSet{faces: map[string]*face{}, masks: map[glyphKey]*image.Alpha{}}
	if doc.Print != nil && doc.Print.Marks && len(faces) > 0 {
		// as the PDF writer: the body face where the document uses it, else its first role
		roles := sortedKeys(used)
		switch {
		case used["song"]:
			fs.slugRole = "song"
		case len(roles) > 0:
			fs.slugRole = roles[0]
		default:
			fs.slugRole = sortedKeys(faces)[0]
		}
		used[fs.slugRole] = true
	}
	for _, role := range sortedKeys(used) {
		data := faces[role]
		sf, err := sfnt.Parse(data)
		if err != nil {
			return nil, fmt.Errorf("raster: font %q: %w", role, err)
		}
		m, err := fonts.Parse(role, role, data)
		if err != nil {
			return nil, fmt.Errorf("raster: font %q: %w", role, err)
		}
		fs.faces[role] = &face{outlines: sf, metric: m}
	}
	return fs, nil
}

// text draws a run of glyphs from its baseline origin, each advanced as the PDF writer's /W
// widths and Tc advance it.
func (c *canvas) text(t page.Text, dx, dy float64) error {
	if t.S == "" {
		return nil
	}
	if !(t.Size > 0) {
		return fmt.Errorf("text %q: size %g", t.S, t.Size)
	}
	f := c.faces.faces[t.Font]
	buf := c.glyphs.sfnt[t.Font]
	if buf == nil {
		buf = &sfnt.Buffer{}
		c.glyphs.sfnt[t.Font] = buf
	}
	col := image.NewUniform(rgba(t.Color))
	ppem := fixed.Int26_6(math.Round(t.Size * c.s * 64))
	x, y := c.px(dx+t.X), c.px(dy+t.Y)
	for _, r := range t.S {
		gid, err := f.outlines.GlyphIndex(buf, r)
		if err != nil {
			return fmt.Errorf("text %q: %c (U+%04X): %w", t.S, r, r, err)
		}
		qx, qy := math.Round(x*subpixel), math.Round(y*subpixel)
		ix, iy := math.Floor(qx/subpixel), math.Floor(qy/subpixel)
		key := glyphKey{t.Font, gid, ppem, uint8(qx - ix*subpixel), uint8(qy - iy*subpixel)}
		mask, err := c.glyph(f, buf, key)
		if err != nil {
			return fmt.Errorf("text %q: %c (U+%04X): %w", t.S, r, r, err)
		}
		if mask != nil {
			at := image.Pt(int(ix), int(iy))
			draw.DrawMask(c.img, mask.Rect.Add(at), col, image.Point{}, mask, mask.Rect.Min, draw.Over)
		}
		x += (f.metric.Advance(r)*t.Size + t.Spacing) * c.s
	}
	return nil
}

// glyph returns the coverage of a glyph drawn with its origin at (fx, fy)/subpixel in pixel
// (0, 0); its Rect is where it lies relative to that pixel.
func (c *canvas) glyph(f *face, buf *sfnt.Buffer, key glyphKey) (*image.Alpha, error) {
	fs := c.faces
	fs.mu.Lock()
	mask, ok := fs.masks[key]
	fs.mu.Unlock()
	if ok {
		return mask, nil
	}
	segs, err := f.outlines.LoadGlyph(buf, key.gid, key.ppem, nil)
	if err != nil {
		return nil, err
	}
	mask = rasterGlyph(&c.glyphs.z, segs, float32(key.fx)/subpixel, float32(key.fy)/subpixel)
	fs.mu.Lock()
	fs.masks[key] = mask
	fs.mu.Unlock()
	return mask, nil
}

func rasterGlyph(z *vector.Rasterizer, segs sfnt.Segments, fx, fy float32) *image.Alpha {
	if len(segs) == 0 {
		return nil
	}
	x0, y0 := float32(math.Inf(1)), float32(math.Inf(1))
	x1, y1 := float32(math.Inf(-1)), float32(math.Inf(-1))
	pt := func(p fixed.Point26_6) (float32, float32) { return float32(p.X)/64 + fx, float32(p.Y)/64 + fy }
	for _, s := range segs {
		n := 1
		switch s.Op {
		case sfnt.SegmentOpQuadTo:
			n = 2
		case sfnt.SegmentOpCubeTo:
			n = 3
		}
		for _, a := range s.Args[:n] {
			x, y := pt(a)
			x0, y0, x1, y1 = min(x0, x), min(y0, y), max(x1, x), max(y1, y)
		}
	}
	r := image.Rect(int(math.Floor(float64(x0))), int(math.Floor(float64(y0))), int(math.Ceil(float64(x1))), int(math.Ceil(float64(y1))))
	if r.Empty() {
		return nil
	}
	ox, oy := float32(r.Min.X), float32(r.Min.Y)
	z.Reset(r.Dx(), r.Dy())
	z.DrawOp = draw.Src
	open := false
	for _, s := range segs {
		switch s.Op {
		case sfnt.SegmentOpMoveTo:
			if open {
				z.ClosePath()
			}
			x, y := pt(s.Args[0])
			z.MoveTo(x-ox, y-oy)
			open = true
		case sfnt.SegmentOpLineTo:
			x, y := pt(s.Args[0])
			z.LineTo(x-ox, y-oy)
		case sfnt.SegmentOpQuadTo:
			bx, by := pt(s.Args[0])
			x, y := pt(s.Args[1])
			z.QuadTo(bx-ox, by-oy, x-ox, y-oy)
		case sfnt.SegmentOpCubeTo:
			bx, by := pt(s.Args[0])
			cx, cy := pt(s.Args[1])
			x, y := pt(s.Args[2])
			z.CubeTo(bx-ox, by-oy, cx-ox, cy-oy, x-ox, y-oy)
		}
	}
	if open {
		z.ClosePath()
	}
	mask := image.NewAlpha(image.Rect(0, 0, r.Dx(), r.Dy()))
	z.Draw(mask, mask.Bounds(), image.Opaque, image.Point{})
	mask.Rect = r
	return mask
}
