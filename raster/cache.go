package raster

import (
	"crypto/sha256"
	"encoding/binary"
	"hash"
	"math"

	"spread/page"
)

// pageKeys hashes, for each page of doc, everything its picture depends on: the options, the
// faces' bytes, what the document's print settings add (bleed, marks, the slug with its page
// number and count where it is drawn) and every item with every field, photo bytes included. Two pages of equal
// keys draw to equal pixels. It returns nil without a cache.
func (c *Cache) pageKeys(doc *page.Document, faces map[string][]byte, o Options) [][32]byte {
	if c == nil {
		return nil
	}
	common := sha256.New()
	w := hashWriter{common}
	w.str("spread/raster page v1")
	w.num(o.ppi())
	w.flag(o.Marks)
	for _, role := range sortedKeys(faces) {
		w.str(role)
		sum := sha256.Sum256(faces[role])
		common.Write(sum[:])
	}
	if pr := doc.Print; pr != nil {
		w.str("print")
		w.num(pr.Bleed)
		w.flag(pr.Marks)
		w.str(pr.Slug)
	}
	w.num(float64(len(doc.Pages)))
	base := common.Sum(nil)
	keys := make([][32]byte, len(doc.Pages))
	for i, p := range doc.Pages {
		h := sha256.New()
		h.Write(base)
		w := hashWriter{h}
		if o.Marks && doc.Print != nil && doc.Print.Marks {
			w.num(float64(i)) // the slug says the page's number
		}
		w.num(p.Width)
		w.num(p.Height)
		w.items(p.Items)
		h.Sum(keys[i][:0])
	}
	return keys
}

// page returns the PNG of page i kept for its key, or nil.
func (c *Cache) page(keys [][32]byte, i int) []byte {
	if c == nil || keys == nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.pages[keys[i]]
}

// keepPage keeps the PNG of page i under its key.
func (c *Cache) keepPage(keys [][32]byte, i int, b []byte) {
	if c == nil || keys == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.pages == nil || len(c.pages) >= maxCached {
		c.pages = map[[32]byte][]byte{}
	}
	c.pages[keys[i]] = b
}

// hashWriter writes values into a hash unambiguously: numbers as their 8 bytes, strings and
// byte runs after their length, each item after a tag of its kind.
type hashWriter struct{ h hash.Hash }

func (w hashWriter) num(v float64) {
	var b [8]byte
	binary.LittleEndian.PutUint64(b[:], math.Float64bits(v))
	w.h.Write(b[:])
}

func (w hashWriter) flag(v bool) {
	if v {
		w.num(1)
	} else {
		w.num(0)
	}
}

func (w hashWriter) bytes(b []byte) {
	w.num(float64(len(b)))
	w.h.Write(b)
}

func (w hashWriter) str(s string) { w.bytes([]byte(s)) }

func (w hashWriter) color(c *page.Color) {
	if c == nil {
		w.num(-1)
		return
	}
	w.num(c.C)
	w.num(c.M)
	w.num(c.Y)
	w.num(c.K)
}

func (w hashWriter) items(items []page.Item) {
	w.num(float64(len(items)))
	for _, it := range items {
		switch v := it.(type) {
		case page.Text:
			w.str("T")
			w.num(v.X)
			w.num(v.Y)
			w.str(v.Font)
			w.num(v.Size)
			w.num(v.Spacing)
			w.color(&v.Color)
			w.str(v.S)
		case page.Rect:
			w.str("R")
			w.num(v.X)
			w.num(v.Y)
			w.num(v.W)
			w.num(v.H)
			w.color(v.Fill)
			w.color(v.Stroke)
			w.num(v.LineWidth)
		case page.Line:
			w.str("L")
			w.num(v.X1)
			w.num(v.Y1)
			w.num(v.X2)
			w.num(v.Y2)
			w.num(v.Width)
			w.color(&v.Color)
		case page.Path:
			w.str("P")
			w.num(float64(len(v.Ops)))
			for _, op := range v.Ops {
				w.num(float64(op.Kind))
				for _, p := range op.Pts {
					w.num(p.X)
					w.num(p.Y)
				}
			}
			w.color(v.Fill)
			w.color(v.Stroke)
			w.num(v.LineWidth)
		case page.Image:
			w.str("I")
			for _, n := range []float64{v.X, v.Y, v.W, v.H, v.IX, v.IY, v.IW, v.IH} {
				w.num(n)
			}
			w.str(v.Format)
			w.bytes(v.Data)
		case page.Group:
			w.str("G")
			w.num(v.X)
			w.num(v.Y)
			w.items(v.Items)
		default:
			w.str("?") // an item kind raster does not draw
		}
	}
}
