package pdf

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"math/rand/v2"
	"regexp"
	"strings"
	"testing"

	"spread/page"
)

// noisyJPEG is a photo that compresses badly (random pixels), far above jpegBudget.
func noisyJPEG(t testing.TB, w, h int, seed uint64) []byte {
	t.Helper()
	rng := rand.New(rand.NewPCG(seed, 1))
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for i := range img.Pix {
		img.Pix[i] = uint8(rng.UintN(256))
		if i%4 == 3 {
			img.Pix[i] = 255
		}
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 90}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func screenDoc(ims ...page.Image) *page.Document {
	items := make([]page.Item, len(ims))
	for i, im := range ims {
		items[i] = im
	}
	return &page.Document{Date: testDate, MaxPPI: 150, Pages: []page.Page{{Width: 595, Height: 842, Items: items}}}
}

// A photo whose file already fits the byte budget of its downsampled size goes in untouched,
// even far above MaxPPI; a heavy one of the same pixel size is downsampled to exactly MaxPPI.
func TestMaxPPIKeepsAPhotoWithinBudget(t *testing.T) {
	light := testJPEG(t, 1600, 1200) // a smooth gradient: a few bytes per thousand pixels
	heavy := noisyJPEG(t, 1600, 1200, 1)
	place := func(data []byte, y float64) page.Image {
		// 400×300 pt at 150 ppi is 833×625 px: budget 0.35 × 520,625 ≈ 182 kB.
		return page.Image{X: 40, Y: y, W: 400, H: 300, IX: 40, IY: y, IW: 400, IH: 300,
			Name: "p.jpg", Format: "jpeg", Data: data, PixelW: 1600, PixelH: 1200}
	}
	if len(light) > 180000 || len(heavy) < 185000 {
		t.Fatalf("test photos are %d and %d bytes; want one under and one over the budget", len(light), len(heavy))
	}
	out := write(t, screenDoc(place(light, 40), place(heavy, 420)))
	if !bytes.Contains(out, light) {
		t.Error("the photo within budget was re-encoded")
	}
	if bytes.Contains(out, heavy) {
		t.Error("the photo over budget was embedded as it is")
	}
	if !regexp.MustCompile(`/Width 833\n/Height 625\n`).Match(out) {
		t.Error("the photo over budget is not 833×625 px (150 ppi at 400×300 pt)")
	}
}

// The integer box pre-shrink keeps colour and geometry: a photo split into a red left half and
// a blue right half is still red left and blue right, in the right proportion, after a shrink
// by more than 4.
func TestResampleKeepsColourAndGeometry(t *testing.T) {
	for _, sub := range []image.YCbCrSubsampleRatio{image.YCbCrSubsampleRatio420, image.YCbCrSubsampleRatio444} {
		src := image.NewYCbCr(image.Rect(0, 0, 1000, 600), sub)
		for y := 0; y < 600; y++ {
			for x := 0; x < 1000; x++ {
				c := color.RGBA{220, 20, 30, 255}
				if x >= 500 {
					c = color.RGBA{20, 40, 200, 255}
				}
				yy, cb, cr := color.RGBToYCbCr(c.R, c.G, c.B)
				src.Y[src.YOffset(x, y)] = yy
				src.Cb[src.COffset(x, y)] = cb
				src.Cr[src.COffset(x, y)] = cr
			}
		}
		dst := resample(src, 200, 120)
		if b := dst.Bounds(); b.Dx() != 200 || b.Dy() != 120 {
			t.Fatalf("%v: %v, want 200×120", sub, b)
		}
		for _, p := range []struct {
			x, y    int
			r, g, b uint8
		}{{10, 10, 220, 20, 30}, {95, 60, 220, 20, 30}, {105, 60, 20, 40, 200}, {190, 110, 20, 40, 200}} {
			r, g, b, _ := dst.At(p.x, p.y).RGBA()
			if d := max(absDiff(r>>8, p.r), absDiff(g>>8, p.g), absDiff(b>>8, p.b)); d > 6 {
				t.Errorf("%v: pixel (%d,%d) is %d,%d,%d, want about %d,%d,%d", sub, p.x, p.y, r>>8, g>>8, b>>8, p.r, p.g, p.b)
			}
		}
	}
	gray := image.NewGray(image.Rect(0, 0, 900, 900))
	for i := range gray.Pix {
		if (i % 900) < 450 {
			gray.Pix[i] = 30
		} else {
			gray.Pix[i] = 230
		}
	}
	g := resample(gray, 100, 100)
	if _, ok := g.(*image.Gray); !ok {
		t.Fatalf("a gray photo resampled to %T", g)
	}
	if v := g.(*image.Gray).GrayAt(20, 50).Y; absDiff(uint32(v), 30) > 2 {
		t.Errorf("gray left half is %d, want 30", v)
	}
	if v := g.(*image.Gray).GrayAt(80, 50).Y; absDiff(uint32(v), 230) > 2 {
		t.Errorf("gray right half is %d, want 230", v)
	}
}

func absDiff(a uint32, b uint8) uint32 {
	if a > uint32(b) {
		return a - uint32(b)
	}
	return uint32(b) - a
}

// Photos are decoded and resampled concurrently; the file must not depend on which finishes
// first, and each photo must land where it was placed.
func TestDeterministicWithConcurrentDownsampling(t *testing.T) {
	var ims []page.Image
	for i := range 6 {
		ims = append(ims, page.Image{X: 40, Y: 40 + float64(i)*120, W: 100, H: 75, IX: 40, IY: 40 + float64(i)*120, IW: 100, IH: 75,
			Name: fmt.Sprintf("p%d.jpg", i), Format: "jpeg", Data: noisyJPEG(t, 640+16*i, 480, uint64(i)), PixelW: 640 + 16*i, PixelH: 480})
	}
	first := write(t, screenDoc(ims...))
	if n := len(regexp.MustCompile(`/Subtype /Image`).FindAll(first, -1)); n != 6 {
		t.Fatalf("%d images in the file, want 6", n)
	}
	for i := 0; i < 8; i++ {
		if again := write(t, screenDoc(ims...)); !bytes.Equal(first, again) {
			t.Fatalf("write %d differs from the first", i+2)
		}
	}
}

// A photo that fails to decode is an error naming it, with its data position, never a partial
// PDF, also when other photos around it are fine; the photos after it are not named (fpdf's
// sticky error used to be wrapped once per later photo).
func TestBadPhotoAmongGoodOnes(t *testing.T) {
	good := noisyJPEG(t, 800, 600, 3)
	bad := append([]byte(nil), good[:len(good)/3]...)
	ims := []page.Image{
		{W: 100, H: 75, IW: 100, IH: 75, Name: "bad.jpg", Source: "data.yaml:40:9", Format: "jpeg", Data: bad, PixelW: 800, PixelH: 600},
		{Y: 100, W: 100, H: 75, IY: 100, IW: 100, IH: 75, Name: "good.jpg", Source: "data.yaml:44:9", Format: "jpeg", Data: good, PixelW: 800, PixelH: 600},
		{Y: 200, W: 100, H: 75, IY: 200, IW: 100, IH: 75, Name: "worse.jpg", Source: "data.yaml:48:9", Format: "jpeg", Data: bad[:200], PixelW: 800, PixelH: 600},
	}
	a, b := testFaces(t)
	out, err := Write(screenDoc(ims...), map[string][]byte{"song": a, "kai": b})
	if err == nil || out != nil {
		t.Fatalf("truncated photos: out %d bytes, err %v; want an error", len(out), err)
	}
	lines := strings.Split(err.Error(), "\n")
	if len(lines) != 2 || !strings.HasPrefix(lines[0], "data.yaml:40:9: page 1: image bad.jpg: ") ||
		!strings.HasPrefix(lines[1], "data.yaml:48:9: page 1: image worse.jpg: ") {
		t.Errorf("error %q, want one line for bad.jpg and one for worse.jpg, each at its position", err)
	}
	if strings.Contains(err.Error(), "good.jpg") || strings.Count(err.Error(), "bad.jpg") != 1 {
		t.Errorf("error %q names another photo than the bad ones, or one twice", err)
	}
	var pe *Error
	if !errors.As(err, &pe) || pe.Source != "data.yaml:40:9" || pe.Page != 1 {
		t.Errorf("error %#v is not a *pdf.Error with the photo's source", pe)
	}
}

// A photo placed twice, or two photos of the same bytes, go into the file once; photos of the
// same size and format but other bytes (the same checksum key but for their data) each go in.
func TestSamePhotoEmbeddedOnce(t *testing.T) {
	a, b := noisyJPEG(t, 120, 80, 1), noisyJPEG(t, 120, 80, 2)
	place := func(data []byte, y float64) page.Image {
		return page.Image{X: 40, Y: y, W: 120, H: 80, IX: 40, IY: y, IW: 120, IH: 80,
			Name: "p.jpg", Format: "jpeg", Data: data, PixelW: 120, PixelH: 80}
	}
	doc := screenDoc(place(a, 40), place(a, 140), place(bytes.Clone(a), 240), place(b, 340))
	doc.MaxPPI = 0
	out := write(t, doc)
	if n := bytes.Count(out, []byte("/Subtype /Image")); n != 2 {
		t.Errorf("%d image objects for two photos placed four times, want 2", n)
	}
	if n := bytes.Count(out, a); n != 1 {
		t.Errorf("the photo placed three times is in the file %d times, want once", n)
	}
	if !bytes.Contains(out, b) {
		t.Error("the second photo is not in the file")
	}
}
