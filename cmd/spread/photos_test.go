package main

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"spread/fonts"
	"spread/page"
)

// upQuadrants is an upright picture: red top left, green top right, blue bottom left, yellow
// bottom right.
var upQuadrants = [4]color.RGBA{{220, 30, 30, 255}, {30, 200, 40, 255}, {30, 40, 220, 255}, {230, 220, 30, 255}}

// phoneStored is what a phone stores of an upright w × h picture of upQuadrants for EXIF
// orientation o (3: upside down, 6: a quarter turn anticlockwise, 8: clockwise), the EXIF
// segment with o spliced in after the start-of-image marker.
func phoneStored(t *testing.T, w, h, o int) []byte {
	t.Helper()
	sw, sh := w, h
	if o == 6 || o == 8 {
		sw, sh = h, w
	}
	img := image.NewRGBA(image.Rect(0, 0, sw, sh))
	for y := range h {
		for x := range w {
			q := 0
			if x >= w/2 {
				q++
			}
			if y >= h/2 {
				q += 2
			}
			// the stored pixel that orientation o shows at (x, y)
			sx, sy := x, y
			switch o {
			case 3:
				sx, sy = sw-1-x, sh-1-y
			case 6:
				sx, sy = y, sh-1-x
			case 8:
				sx, sy = sw-1-y, x
			}
			img.SetRGBA(sx, sy, upQuadrants[q])
		}
	}
	var j bytes.Buffer
	if err := jpeg.Encode(&j, img, &jpeg.Options{Quality: 95}); err != nil {
		t.Fatal(err)
	}
	// APP1: "Exif", a big-endian TIFF header, one directory of one entry: Orientation, SHORT
	var tiff bytes.Buffer
	tiff.WriteString("MM\x00\x2a\x00\x00\x00\x08\x00\x01\x01\x12\x00\x03\x00\x00\x00\x01")
	binary.Write(&tiff, binary.BigEndian, uint16(o))
	tiff.Write([]byte{0, 0, 0, 0, 0, 0})
	payload := append([]byte("Exif\x00\x00"), tiff.Bytes()...)
	seg := binary.BigEndian.AppendUint16([]byte{0xFF, 0xE1}, uint16(2+len(payload)))
	out := append([]byte{0xFF, 0xD8}, seg...)
	out = append(out, payload...)
	return append(out, j.Bytes()[2:]...)
}

// findImage is the first image named name in items, with the offsets of its groups added.
func findImage(items []page.Item, name string, dx, dy float64) (page.Image, bool) {
	for _, it := range items {
		switch v := it.(type) {
		case page.Image:
			if v.Name == name {
				v.X, v.Y, v.IX, v.IY = v.X+dx, v.Y+dy, v.IX+dx, v.IY+dy
				return v, true
			}
		case page.Group:
			if im, ok := findImage(v.Items, name, dx+v.X, dy+v.Y); ok {
				return im, true
			}
		}
	}
	return page.Image{}, false
}

// A phone's portrait photo, stored on its side or upside down with EXIF saying how to turn it,
// is framed as a portrait on the print page and shows upright in the briefing PDF as poppler
// draws it: its top left quarter is red, its bottom right yellow.
func TestPhoneOrientationUprightInPDF(t *testing.T) {
	if _, err := exec.LookPath("pdftoppm"); err != nil {
		t.Skip("pdftoppm not installed")
	}
	base, err := fonts.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range []int{3, 6, 8} {
		t.Run(fmt.Sprint("orientation ", o), func(t *testing.T) {
			dir := seedCopy(t)
			const name = "photos/xinlv.jpg"
			if err := os.WriteFile(filepath.Join(dir, name), phoneStored(t, 900, 1200, o), 0o644); err != nil {
				t.Fatal(err)
			}
			outs, err := render(filepath.Join(dir, "data.yaml"), dir, allProfiles(), base)
			if err != nil {
				t.Fatal(err)
			}
			for _, out := range outs {
				for pi, p := range out.doc.Pages {
					im, ok := findImage(p.Items, name, 0, 0)
					if !ok {
						continue
					}
					// the briefing frames every photo landscape, cutting a portrait to its middle
					if im.PixelH != 1200 || im.PixelW != 900 || out.doc.Print != nil && im.H <= im.W {
						t.Errorf("%s: frame %.0f × %.0f pt of a %d × %d photo, want an upright portrait",
							filepath.Base(out.path), im.W, im.H, im.PixelW, im.PixelH)
					}
					if out.doc.Print != nil {
						break // the print page has its marks around it; the briefing is drawn below
					}
					pdfPath := filepath.Join(dir, "b.pdf")
					if err := os.WriteFile(pdfPath, out.pdf, 0o644); err != nil {
						t.Fatal(err)
					}
					n := fmt.Sprint(pi + 1)
					png1 := filepath.Join(dir, "p")
					if b, err := exec.Command("pdftoppm", "-r", "72", "-f", n, "-l", n, "-singlefile", "-png", pdfPath, png1).CombinedOutput(); err != nil {
						t.Fatalf("pdftoppm: %v %s", err, b)
					}
					f, err := os.Open(png1 + ".png")
					if err != nil {
						t.Fatal(err)
					}
					shot, err := png.Decode(f)
					f.Close()
					if err != nil {
						t.Fatal(err)
					}
					// at 72 dpi a pixel is a point; look at the middle of each quarter of the frame
					for q, at := range [4][2]float64{{0.25, 0.25}, {0.75, 0.25}, {0.25, 0.75}, {0.75, 0.75}} {
						c := shot.At(int(im.X+at[0]*im.W), int(im.Y+at[1]*im.H))
						if !near(c, upQuadrants[q]) {
							t.Errorf("page %d, frame %.0f,%.0f %.0f × %.0f: quarter %d is %v, want %v",
								pi+1, im.X, im.Y, im.W, im.H, q, c, upQuadrants[q])
						}
					}
					break
				}
			}
		})
	}
}

// near reports whether c is within a JPEG's and a rasteriser's error of want.
func near(c color.Color, want color.RGBA) bool {
	r, g, b, _ := c.RGBA()
	d := func(a uint32, w uint8) bool { return int(a>>8)-int(w) < 45 && int(w)-int(a>>8) < 45 }
	return d(r, want.R) && d(g, want.G) && d(b, want.B)
}
