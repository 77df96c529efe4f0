package pdf

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"spread/page"
)

// cmykJPEG is a baseline JPEG of four components (CMYK, no colour transform) of flat 8 × 8
// blocks, written by hand because image/jpeg encodes only YCbCr and gray: only the DC
// coefficient of each block is coded (quantiser 1, every AC coefficient zero), which renders a
// flat block exactly. ink gives the inks (0 none … 255 full) of the block at (bx, by); with
// adobe the file carries the APP14 "Adobe" segment and stores the inks inverted, as Photoshop
// does (255 meaning no ink).
func cmykJPEG(w, h int, ink func(bx, by int) [4]uint8, adobe bool) []byte {
	var b bytes.Buffer
	seg := func(marker byte, payload []byte) {
		b.Write([]byte{0xFF, marker})
		binary.Write(&b, binary.BigEndian, uint16(2+len(payload)))
		b.Write(payload)
	}
	b.Write([]byte{0xFF, 0xD8})
	if adobe {
		seg(0xEE, []byte("Adobe\x00\x64\x00\x00\x00\x00\x00")) // version 100, flags 0, transform 0
	}
	seg(0xDB, append([]byte{0}, bytes.Repeat([]byte{1}, 64)...))
	sof := []byte{8, byte(h >> 8), byte(h), byte(w >> 8), byte(w), 4}
	for c := range 4 {
		sof = append(sof, byte(c+1), 0x11, 0)
	}
	seg(0xC0, sof)
	// DC: categories 0 … 11 all in four-bit codes (the category itself); AC: only EOB, "0"
	dc := []byte{0x00, 0, 0, 0, 12, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}
	seg(0xC4, append(dc, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11))
	seg(0xC4, []byte{0x10, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x00})
	sos := []byte{4}
	for c := range 4 {
		sos = append(sos, byte(c+1), 0x00)
	}
	seg(0xDA, append(sos, 0, 63, 0))
	var acc uint32
	var nbits uint
	put := func(v uint32, n uint) {
		for i := int(n) - 1; i >= 0; i-- {
			acc = acc<<1 | (v>>uint(i))&1
			nbits++
			if nbits == 8 {
				b.WriteByte(byte(acc))
				if byte(acc) == 0xFF {
					b.WriteByte(0)
				}
				acc, nbits = 0, 0
			}
		}
	}
	var prev [4]int
	for by := range h / 8 {
		for bx := range w / 8 {
			k := ink(bx, by)
			for c := range 4 {
				v := int(k[c])
				if adobe {
					v = 255 - v
				}
				coef := 8 * (v - 128)
				diff := coef - prev[c]
				prev[c] = coef
				cat := bitLen(diff)
				put(uint32(cat), 4)
				if diff < 0 {
					put(uint32(diff+(1<<cat)-1), cat)
				} else {
					put(uint32(diff), cat)
				}
				put(0, 1) // end of block
			}
		}
	}
	if nbits > 0 {
		put(0xFF, 8-nbits)
	}
	b.Write([]byte{0xFF, 0xD9})
	return b.Bytes()
}

// bitLen is the JPEG magnitude category of a coefficient difference.
func bitLen(v int) uint {
	if v < 0 {
		v = -v
	}
	n := uint(0)
	for v > 0 {
		n++
		v >>= 1
	}
	return n
}

// quadInks are four inks, one a quarter of the picture: a red, a green, a blue and a yellow.
var quadInks = [4][4]uint8{{0, 230, 220, 10}, {200, 0, 210, 40}, {220, 200, 0, 20}, {0, 20, 230, 0}}

func quadInk(w, h int) func(bx, by int) [4]uint8 {
	return func(bx, by int) [4]uint8 {
		q := 0
		if bx >= w/16 {
			q++
		}
		if by >= h/16 {
			q += 2
		}
		return quadInks[q]
	}
}

// The hand-written fixture decodes as the inks it was given, through image/jpeg's Adobe
// handling: the encoder above is what the tests below trust.
func TestCMYKFixture(t *testing.T) {
	data := cmykJPEG(64, 48, quadInk(64, 48), true)
	img, err := jpeg.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	c, ok := img.(*image.CMYK)
	if !ok {
		t.Fatalf("decoded as %T", img)
	}
	for q, at := range [4]image.Point{{10, 10}, {50, 10}, {10, 40}, {50, 40}} {
		got := c.CMYKAt(at.X, at.Y)
		if w := quadInks[q]; got != (color.CMYK{C: w[0], M: w[1], Y: w[2], K: w[3]}) {
			t.Errorf("quarter %d: %v, want %v", q, got, w)
		}
	}
}

// A CMYK photo — Adobe's inverted CMYK, or ImageMagick's YCCK — is converted to RGB for a
// screen document: no DeviceCMYK image in the briefing (preflight agrees), and poppler draws
// each quarter in the colour of its inks. In print the CMYK photo goes in as it is.
func TestCMYKPhotoIsRGBOnScreenAndCMYKInPrint(t *testing.T) {
	ycck, err := os.ReadFile("../report/testdata/ycck.jpg") // ImageMagick: convert q.png -colorspace CMYK
	if err != nil {
		t.Fatal(err)
	}
	for name, data := range map[string][]byte{"cmyk": cmykJPEG(64, 48, quadInk(64, 48), true), "ycck": ycck} {
		if !isCMYKJPEG(data) {
			t.Fatalf("%s: the fixture is not CMYK", name)
		}
		want := expectedQuarters(t, data)
		im := page.Image{X: 40, Y: 40, W: 320, H: 240, IX: 40, IY: 40, IW: 320, IH: 240,
			Name: name + ".jpg", Format: "jpeg", Data: data, PixelW: 64, PixelH: 48}
		screen := screenDoc(im)
		screen.MaxPPI = 0 // no downsampling: the conversion alone must take the CMYK out
		out := write(t, screen)
		if bytes.Contains(out, []byte("/DeviceCMYK")) {
			t.Errorf("%s: the screen PDF has a DeviceCMYK image", name)
		}
		for _, f := range Preflight(screen, out) {
			if f.Severity == "error" {
				t.Errorf("%s: preflight: %v", name, f)
			}
		}
		if _, err := exec.LookPath("pdftoppm"); err != nil {
			t.Skip("pdftoppm not installed")
		}
		shot := render(t, out)
		for q, at := range [4]image.Point{{120, 100}, {280, 100}, {120, 220}, {280, 220}} {
			if got := shot.At(at.X, at.Y); !within(got, want[q], 12) {
				t.Errorf("%s on screen: quarter %d drawn %v, want %v", name, q, got, want[q])
			}
		}

		pr := printDoc(t)
		pr.Pages[0].Items = append(pr.Pages[0].Items, im)
		pout := write(t, pr)
		if !bytes.Contains(pout, data) || !bytes.Contains(pout, []byte("/ColorSpace /DeviceCMYK\n/Decode [1 0 1 0 1 0 1 0]")) {
			t.Errorf("%s: the print PDF does not carry the CMYK photo as it is, with Adobe's Decode", name)
		}
		// the same bytes in a PDF that says it is for the screen: preflight finds the CMYK
		bad := *screen
		found := false
		for _, f := range Preflight(&bad, pout) {
			found = found || strings.Contains(f.Msg, "DeviceCMYK")
		}
		if !found {
			t.Errorf("%s: preflight of a screen document misses a DeviceCMYK image", name)
		}
	}
}

// expectedQuarters is the RGB of each quarter's inks, converted as page.Color.RGB converts.
func expectedQuarters(t *testing.T, data []byte) [4]color.RGBA {
	img, err := jpeg.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	b := img.Bounds()
	var out [4]color.RGBA
	for q, at := range [4]image.Point{{b.Dx() / 4, b.Dy() / 4}, {3 * b.Dx() / 4, b.Dy() / 4}, {b.Dx() / 4, 3 * b.Dy() / 4}, {3 * b.Dx() / 4, 3 * b.Dy() / 4}} {
		k := img.(*image.CMYK).CMYKAt(at.X, at.Y)
		r, g, bl := color.CMYKToRGB(k.C, k.M, k.Y, k.K)
		out[q] = color.RGBA{r, g, bl, 255}
	}
	return out
}

// render draws page 1 of a PDF at 72 dpi (a pixel a point) with poppler.
func render(t *testing.T, pdf []byte) image.Image {
	t.Helper()
	dir := t.TempDir()
	f := filepath.Join(dir, "t.pdf")
	if err := os.WriteFile(f, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("pdftoppm", "-r", "72", "-f", "1", "-l", "1", "-singlefile", "-png", f, filepath.Join(dir, "p")).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v %s", err, out)
	}
	r, err := os.Open(filepath.Join(dir, "p.png"))
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	img, err := png.Decode(r)
	if err != nil {
		t.Fatal(err)
	}
	return img
}

func within(c color.Color, want color.RGBA, tol int) bool {
	r, g, b, _ := c.RGBA()
	d := func(a uint32, w uint8) bool { x := int(a>>8) - int(w); return x < tol && -x < tol }
	return d(r, want.R) && d(g, want.G) && d(b, want.B)
}
