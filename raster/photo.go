package raster

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"image"
	"image/color"
	_ "image/jpeg" // the formats page.Image carries
	_ "image/png"
	"math"
	"sync"

	"golang.org/x/image/draw"

	"spread/page"
)

// image draws a photo scaled into its placed box and clipped to its frame.
func (c *canvas) image(im page.Image, dx, dy float64) error {
	if im.Format != "jpeg" && im.Format != "png" {
		return fmt.Errorf("image %s: format %q (want jpeg or png)", im.Name, im.Format)
	}
	frame := cover(c.px(dx+im.X), c.px(dy+im.Y), c.px(dx+im.X+im.W), c.px(dy+im.Y+im.H)).Intersect(c.img.Bounds())
	placed := cover(c.px(dx+im.IX), c.px(dy+im.IY), c.px(dx+im.IX+im.IW), c.px(dy+im.IY+im.IH))
	if frame.Empty() || placed.Empty() {
		return nil
	}
	src, err := c.photos.get(im.Data, placed.Size())
	if err != nil {
		return fmt.Errorf("image %s: %w", im.Name, err)
	}
	dst := c.img.SubImage(frame).(*image.RGBA)
	op := draw.Over // transparency onto the white page
	if o, ok := src.(interface{ Opaque() bool }); ok && o.Opaque() {
		op = draw.Src
	}
	draw.ApproxBiLinear.Scale(dst, placed, src, src.Bounds(), op, nil)
	return nil
}

// Cache keeps decoded photos and finished pages for the calls that share it: both profiles of a
// build draw the same photos, and every rebuild of a preview the same ones again, and most of
// its pages as they were. A photo is known by the hash of its bytes; it keeps its decoded picture
// and each integer shrink of it made so far. A page is known by the hash of everything its
// picture depends on (pageKeys). The zero Cache is ready to use and safe for concurrent use; a
// nil *Cache keeps nothing.
type Cache struct {
	mu     sync.Mutex
	photos map[[32]byte]*cached
	pages  map[[32]byte][]byte // PNG bytes
}

// maxCached bounds each half of a Cache: past it the photos (or pages) are all dropped and made
// again when drawn, so a preview that follows months of edits does not keep every one it made.
const maxCached = 64

type cached struct {
	once   sync.Once
	img    image.Image
	err    error
	mu     sync.Mutex
	shrunk map[int]*shrunkPhoto
}

type shrunkPhoto struct {
	once sync.Once
	img  image.Image
}

// get returns a photo decoded and shrunk by the integer factor that leaves less than 2 for the
// scale to size.
func (c *Cache) get(data []byte, size image.Point) (image.Image, error) {
	var e *cached
	if c == nil {
		e = &cached{}
	} else {
		key := sha256.Sum256(data)
		c.mu.Lock()
		if c.photos == nil || len(c.photos) >= maxCached {
			c.photos = map[[32]byte]*cached{}
		}
		e = c.photos[key]
		if e == nil {
			e = &cached{}
			c.photos[key] = e
		}
		c.mu.Unlock()
	}
	e.once.Do(func() { e.img, _, e.err = image.Decode(bytes.NewReader(data)) })
	if e.err != nil {
		return nil, e.err
	}
	b := e.img.Bounds()
	f := min(b.Dx()/size.X, b.Dy()/size.Y)
	if f < 2 {
		return e.img, nil
	}
	e.mu.Lock()
	if e.shrunk == nil {
		e.shrunk = map[int]*shrunkPhoto{}
	}
	s := e.shrunk[f]
	if s == nil {
		s = &shrunkPhoto{}
		e.shrunk[f] = s
	}
	e.mu.Unlock()
	s.once.Do(func() { s.img = shrink(e.img, f) })
	return s.img, nil
}

// shrink averages f×f blocks of a decoded photo into an RGBA picture (f ≥ 2): one cheap pass
// over the pixels on the photo's own planes, the right filter for an integer shrink, after
// which the bilinear scale has less than a factor of 2 left to cover, and the colour conversion
// runs on the small picture only. The trailing partial blocks are dropped (under f pixels of a
// photo more than twice the size it is drawn at). Pixel types other than Y/Cb/Cr, gray and
// RGBA pass through unshrunk.
func shrink(src image.Image, f int) image.Image {
	b := src.Bounds()
	w, h := b.Dx()/f, b.Dy()/f
	n := uint32(f * f)
	switch s := src.(type) {
	case *image.YCbCr:
		hs, vs, ok := chromaShift(s.SubsampleRatio)
		if !ok {
			return src
		}
		d := image.NewRGBA(image.Rect(0, 0, w, h))
		ys := make([]uint32, w)
		cbs, crs, cn := make([]uint32, w), make([]uint32, w), make([]uint32, w)
		for y := range h {
			clear(ys)
			clear(cbs)
			clear(crs)
			clear(cn)
			for yy := range f {
				row := s.Y[(y*f+yy)*s.YStride:]
				for x := range w {
					for _, v := range row[x*f : x*f+f] {
						ys[x] += uint32(v)
					}
				}
			}
			for cy := (y * f) >> vs; cy < ((y+1)*f)>>vs || cy == (y*f)>>vs; cy++ {
				cb, cr := s.Cb[cy*s.CStride:], s.Cr[cy*s.CStride:]
				for x := range w {
					c0, c1 := (x*f)>>hs, max(((x+1)*f)>>hs, (x*f)>>hs+1)
					for c := c0; c < c1; c++ {
						cbs[x] += uint32(cb[c])
						crs[x] += uint32(cr[c])
					}
					cn[x] += uint32(c1 - c0)
				}
			}
			row := d.Pix[y*d.Stride:]
			for x := range w {
				r, g, bl := color.YCbCrToRGB(uint8((ys[x]+n/2)/n), uint8((cbs[x]+cn[x]/2)/cn[x]), uint8((crs[x]+cn[x]/2)/cn[x]))
				row[4*x], row[4*x+1], row[4*x+2], row[4*x+3] = r, g, bl, 255
			}
		}
		return d
	case *image.Gray:
		d := image.NewRGBA(image.Rect(0, 0, w, h))
		sums := make([]uint32, w)
		for y := range h {
			clear(sums)
			for yy := range f {
				row := s.Pix[(y*f+yy)*s.Stride:]
				for x := range w {
					for _, v := range row[x*f : x*f+f] {
						sums[x] += uint32(v)
					}
				}
			}
			row := d.Pix[y*d.Stride:]
			for x, sum := range sums {
				v := uint8((sum + n/2) / n)
				row[4*x], row[4*x+1], row[4*x+2], row[4*x+3] = v, v, v, 255
			}
		}
		return d
	case *image.RGBA, *image.NRGBA:
		var pix []uint8
		var stride int
		d := image.NewRGBA(image.Rect(0, 0, w, h))
		var out image.Image = d
		if r, ok := s.(*image.RGBA); ok {
			pix, stride = r.Pix, r.Stride
		} else {
			r := s.(*image.NRGBA)
			pix, stride = r.Pix, r.Stride
			nd := &image.NRGBA{Pix: d.Pix, Stride: d.Stride, Rect: d.Rect} // averaged as it is stored
			out = nd
		}
		sums := make([]uint32, 4*w)
		for y := range h {
			clear(sums)
			for yy := range f {
				row := pix[(y*f+yy)*stride:]
				for x := range w {
					for i, v := range row[4*x*f : 4*(x*f+f)] {
						sums[4*x+i%4] += uint32(v)
					}
				}
			}
			row := d.Pix[y*d.Stride:]
			for i, sum := range sums {
				row[i] = uint8((sum + n/2) / n)
			}
		}
		return out
	}
	return src
}

// chromaShift is how many bits the chroma planes of a ratio are shifted by, across and down.
func chromaShift(r image.YCbCrSubsampleRatio) (hs, vs int, ok bool) {
	switch r {
	case image.YCbCrSubsampleRatio444:
		return 0, 0, true
	case image.YCbCrSubsampleRatio422:
		return 1, 0, true
	case image.YCbCrSubsampleRatio420:
		return 1, 1, true
	case image.YCbCrSubsampleRatio440:
		return 0, 1, true
	}
	return 0, 0, false
}

// cover is the rectangle of every pixel a box in pixels touches, as MuPDF paints an image.
func cover(x0, y0, x1, y1 float64) image.Rectangle {
	return image.Rect(int(math.Floor(x0)), int(math.Floor(y0)), int(math.Ceil(x1)), int(math.Ceil(y1)))
}
