// Package raster draws a page.Document as pictures: one RGB image per page, from the same
// items the PDF writer translates into operators, so that a PNG of a page shows what its PDF
// shows. It is the stage beside pdf: page.Document in, images (or PNG bytes) out.
//
// # Design
//
// Render walks each page's items once, in order, painting each onto a white RGBA canvas of the
// page's size at Options.PPI:
//
//   - Text: glyph outlines from the TrueType bytes of its role (golang.org/x/image/font/sfnt),
//     laid out with exactly the advances the PDF writer writes in /W (fonts.Face.Advance, plus
//     Text.Spacing after every character, as PDF Tc), filled by golang.org/x/image/vector's
//     exact-area rasteriser. A glyph's coverage mask is cached per face, glyph, size and
//     quarter-pixel position, so a page of body text rasterises each character a few times.
//   - Rect, Line: axis-aligned ones (every rule and tint the layout makes) are painted with
//     their exact pixel coverage, no rasteriser; others, and Paths, go through the rasteriser.
//     Fills use the non-zero rule, as PDF f. Strokes are made into outlines here: butt caps,
//     mitred joins with PDF's default limit of 10 (bevelled beyond); a width of 0 is one pixel,
//     as PDF's thinnest line. Curves (of fills and strokes) are flattened into chords of about
//     3 pixels, which leave an arc of radius r by 9/(8r) pixels: under a tenth for r ≥ 12.
//   - Image: decoded (JPEG, PNG), shrunk by an integer box filter on its own planes where it is
//     more than twice the size it is drawn at, then scaled bilinearly into its placed box and
//     clipped to its frame; transparency is composited onto the white page.
//
// Colour: CMYK converted naively (page.Color.RGB), the conversion the briefing PDF itself uses;
// no ICC profile, so a print page's accent is the screen red, not the newsprint one.
//
// A print page (Document.Print != nil) is drawn to its trim by default; with Options.Marks the
// picture is the PDF's whole media box: the bleed, the crop marks and the slug line, placed by
// page.Print as the PDF writer places them (a slug character the face lacks is a "?" in both).
// Pixel sizes round as MuPDF rounds a page box
// (ceil(size·ppi/72 − 0.001)), so the two pictures of a page have the same size.
//
// Pages are rendered concurrently, one goroutine per core; every pixel depends on the items
// alone, so the bytes are the same from run to run. A Cache shared between calls keeps decoded
// photos (by the hash of their bytes) and finished PNG pages (by the hash of every item, face
// and option a picture depends on), so a preview that rebuilds after an edit draws only the
// pages the edit changed.
//
// Limits:
//   - No hinting and no OpenType features, like the PDF writer: glyphs are the cmap's.
//   - The fill rule is the rasteriser's (accumulated coverage, clamped): the same as non-zero for
//     every shape that overlaps itself with one orientation, as charts and glyphs do.
//   - Blending is in sRGB, without gamma, as PDF viewers blend.
//   - A page may be at most MaxPixels; a bigger request is an error, not a huge allocation.
//   - Photos are decoded whole (image/jpeg has no reduced-size decode): a third of the time of
//     a seed page. A Cache holds at most 64 photos and 64 pages, then starts again empty.
package raster

import (
	"bytes"
	"compress/zlib"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"math"
	"runtime"
	"sort"
	"strings"
	"sync"

	"spread/page"
)

// DefaultPPI is the resolution of a picture when Options.PPI is 0: the CSS pixel.
const DefaultPPI = 96

// MaxPixels bounds one page's picture (4 bytes a pixel while it is drawn): a broadsheet page at
// about 370 ppi, an A4 page at 600.
const MaxPixels = 36 << 20

// Options say how pages are drawn.
type Options struct {
	PPI   float64 // pixels per inch; 0 is DefaultPPI
	Marks bool    // print pages: the media box with bleed, crop marks and slug instead of the trim
	Cache *Cache  // decoded photos and finished pages shared with other calls (nil: none)
}

func (o Options) ppi() float64 {
	if o.PPI == 0 {
		return DefaultPPI
	}
	return o.PPI
}

// Size returns the pixel size of page p of doc as Render draws it.
func Size(doc *page.Document, p page.Page, o Options) (w, h int) {
	m := margin(doc, o)
	s := o.ppi() / 72
	return pixels((p.Width + 2*m) * s), pixels((p.Height + 2*m) * s)
}

func pixels(v float64) int { return int(math.Ceil(v - 0.001)) }

// margin is the distance from the trim to the picture's edge.
func margin(doc *page.Document, o Options) float64 {
	if o.Marks && doc.Print != nil {
		return doc.Print.Margin()
	}
	return 0
}

// Render draws every page of doc. faces maps every font role a Text uses to its TrueType bytes,
// as for pdf.Write. It returns an error, never a partial set of pages, for an unknown role, a
// number that is not finite, a picture above MaxPixels or a photo that does not decode.
func Render(doc *page.Document, faces map[string][]byte, o Options) ([]*image.RGBA, error) {
	out := make([]*image.RGBA, len(doc.Pages))
	err := each(doc, faces, o, nil, func(i int, img *image.RGBA) error {
		out[i] = img
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// PNG draws every page of doc and encodes each as a PNG (8-bit RGB). Only the encoded bytes of
// finished pages are kept, so memory holds one canvas per core, not one per page. With a Cache,
// a page whose items, faces and options are those of a page it drew before is not drawn again:
// its bytes are the same.
func PNG(doc *page.Document, faces map[string][]byte, o Options) ([][]byte, error) {
	if doc == nil || len(doc.Pages) == 0 {
		return nil, errors.New("raster: document has no pages")
	}
	out := make([][]byte, len(doc.Pages))
	keys := o.Cache.pageKeys(doc, faces, o)
	var todo []int
	for i := range doc.Pages {
		if b := o.Cache.page(keys, i); b != nil {
			out[i] = b
		} else {
			todo = append(todo, i)
		}
	}
	if len(todo) == 0 {
		return out, nil
	}
	err := each(doc, faces, o, todo, func(i int, img *image.RGBA) error {
		var buf bytes.Buffer
		if err := encodePNG(&buf, img, zlib.BestSpeed); err != nil {
			return fmt.Errorf("raster: page %d: %w", i+1, err)
		}
		out[i] = buf.Bytes()
		o.Cache.keepPage(keys, i, out[i])
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// each draws the pages of doc listed in only (every page for nil) concurrently and hands each
// finished canvas to done (called from several goroutines, once per page).
func each(doc *page.Document, faces map[string][]byte, o Options, only []int, done func(i int, img *image.RGBA) error) (err error) {
	if doc == nil || len(doc.Pages) == 0 {
		return errors.New("raster: document has no pages")
	}
	if ppi := o.ppi(); !(ppi > 0) || math.IsInf(ppi, 0) {
		return fmt.Errorf("raster: resolution %g ppi", ppi)
	}
	for i, p := range doc.Pages {
		if !(p.Width > 0 && p.Height > 0) || math.IsInf(p.Width+p.Height, 0) {
			return fmt.Errorf("raster: page %d: size %gx%g pt is not positive", i+1, p.Width, p.Height)
		}
		if w, h := Size(doc, p, o); float64(w)*float64(h) > MaxPixels {
			return fmt.Errorf("raster: page %d would be %d×%d pixels at %g ppi; at most %d megapixels are drawn",
				i+1, w, h, o.ppi(), MaxPixels>>20)
		}
	}
	if only == nil {
		for i := range doc.Pages {
			only = append(only, i)
		}
	}
	if len(only) == 0 {
		return nil
	}
	fs, err := newFaceSet(doc, faces)
	if err != nil {
		return err
	}
	errs := make([]error, len(doc.Pages))
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(only)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				img, err := drawPage(doc, i, fs, o)
				if err == nil {
					err = done(i, img)
				}
				errs[i] = err
			}
		}()
	}
	for _, i := range only {
		next <- i
	}
	close(next)
	wg.Wait()
	return errors.Join(errs...)
}

// canvas is one page being drawn: the picture, the scale and the offset of the trim in it.
type canvas struct {
	img    *image.RGBA
	s      float64 // pixels per point
	origin float64 // trim origin in pixels, both axes
	faces  *faceSet
	glyphs *glyphBuffers
	photos *Cache
}

// px maps a page coordinate in points to pixels.
func (c *canvas) px(v float64) float64 { return c.origin + v*c.s }

func drawPage(doc *page.Document, i int, fs *faceSet, o Options) (img *image.RGBA, err error) {
	defer func() {
		if r := recover(); r != nil { // a decoder bug on hostile data must not take the process down
			img, err = nil, fmt.Errorf("raster: page %d: internal failure while drawing: %v", i+1, r)
		}
	}()
	p := doc.Pages[i]
	w, h := Size(doc, p, o)
	c := &canvas{img: image.NewRGBA(image.Rect(0, 0, w, h)), s: o.ppi() / 72, faces: fs, glyphs: fs.buffers(), photos: o.Cache}
	c.origin = margin(doc, o) * c.s
	draw.Draw(c.img, c.img.Bounds(), image.White, image.Point{}, draw.Src)
	var errs []error
	walk(p.Items, 0, 0, func(it page.Item, dx, dy float64) {
		if err := c.item(it, dx, dy); err != nil {
			errs = append(errs, err)
		}
	})
	if o.Marks && doc.Print != nil && doc.Print.Marks {
		for _, l := range doc.Print.CropMarks(p.Width, p.Height) {
			c.line(l, 0, 0)
		}
		if role := fs.slugRole; role != "" {
			slug := doc.Print.SlugLine(i, len(doc.Pages), p.Height, role)
			// a character of the slug (a file name's) the face cannot draw prints as "?", as
			// the PDF writer prints it: the slug is an aid to the print shop, not the text
			slug.S = strings.Map(func(r rune) rune {
				if fs.faces[role].metric.Has(r) {
					return r
				}
				return '?'
			}, slug.S)
			if err := c.text(slug, 0, 0); err != nil {
				errs = append(errs, err)
			}
		}
	}
	if err := errors.Join(errs...); err != nil {
		return nil, fmt.Errorf("raster: page %d: %w", i+1, err)
	}
	return c.img, nil
}

// walk calls fn for every non-group item with the accumulated group offset.
func walk(items []page.Item, dx, dy float64, fn func(it page.Item, dx, dy float64)) {
	for _, it := range items {
		if g, ok := it.(page.Group); ok {
			walk(g.Items, dx+g.X, dy+g.Y, fn)
			continue
		}
		fn(it, dx, dy)
	}
}

func (c *canvas) item(it page.Item, dx, dy float64) error {
	if !page.Finite(it) || math.IsNaN(dx+dy) || math.IsInf(dx+dy, 0) {
		return fmt.Errorf("%T with a coordinate that is not a finite number", it)
	}
	switch it := it.(type) {
	case page.Text:
		return c.text(it, dx, dy)
	case page.Rect:
		c.rect(it, dx, dy)
	case page.Line:
		c.line(it, dx, dy)
	case page.Path:
		c.path(it, dx, dy)
	case page.Image:
		return c.image(it, dx, dy)
	}
	return nil
}

// rgba is a colour as the picture paints it, opaque.
func rgba(c page.Color) color.RGBA {
	r, g, b := c.RGB()
	u := func(v float64) uint8 { return uint8(math.Round(255 * math.Max(0, math.Min(1, v)))) }
	return color.RGBA{u(r), u(g), u(b), 255}
}

func sortedKeys[V any](m map[string]V) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}
