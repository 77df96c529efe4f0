package raster_test

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"math"
	"strings"
	"sync"
	"testing"

	"spread/fonts"
	"spread/page"
	"spread/raster"
)

var black = page.Gray(1)

// screen is a one-page screen document of the items.
func screen(w, h float64, items ...page.Item) *page.Document {
	return &page.Document{Pages: []page.Page{{Width: w, Height: h, Items: items}}}
}

func render(t *testing.T, doc *page.Document, faces map[string][]byte, o raster.Options) *image.RGBA {
	t.Helper()
	imgs, err := raster.Render(doc, faces, o)
	if err != nil {
		t.Fatal(err)
	}
	return imgs[0]
}

// ink is a pixel's darkness: 0 white, 255 black.
func ink(img *image.RGBA, x, y int) int {
	c := img.RGBAAt(x, y)
	return 255 - (int(c.R)+int(c.G)+int(c.B))/3
}

// TestRuleIsDarkExactlyWhereItIs: a 2 pt rule from (10, 20) to (90, 20) at 72 ppi covers the
// pixel rows 19 and 20 from column 10 to 89, fully, and nothing else; at 144 ppi the same rows
// of points are twice as many pixels.
func TestRuleIsDarkExactlyWhereItIs(t *testing.T) {
	for _, ppi := range []float64{72, 144} {
		s := int(ppi / 72)
		img := render(t, screen(100, 50, page.Line{X1: 10, Y1: 20, X2: 90, Y2: 20, Width: 2, Color: black}), nil, raster.Options{PPI: ppi})
		if b := img.Bounds(); b.Dx() != 100*s || b.Dy() != 50*s {
			t.Fatalf("%g ppi: picture %v, want %d×%d", ppi, b, 100*s, 50*s)
		}
		for y := range 50 * s {
			for x := range 100 * s {
				want := 0
				if y >= 19*s && y < 21*s && x >= 10*s && x < 90*s {
					want = 255
				}
				if got := ink(img, x, y); got != want {
					t.Fatalf("%g ppi: pixel (%d, %d) ink %d, want %d", ppi, x, y, got, want)
				}
			}
		}
	}
}

// TestTintCoversPartPixels: a tint from x 10.5 to 20.5 covers pixel 10 and pixel 20 half and
// those between wholly, in its own colour.
func TestTintCoversPartPixels(t *testing.T) {
	red := page.Color{M: 1, Y: 1}
	img := render(t, screen(30, 10, page.Rect{X: 10.5, Y: 2, W: 10, H: 5, Fill: &red}), nil, raster.Options{PPI: 72})
	if c := img.RGBAAt(15, 4); c != (color.RGBA{255, 0, 0, 255}) {
		t.Errorf("inside the tint: %v, want red", c)
	}
	for _, x := range []int{10, 20} {
		if c := img.RGBAAt(x, 4); c.R != 255 || c.G < 126 || c.G > 129 || c.B != c.G {
			t.Errorf("pixel %d, half covered: %v, want half red", x, c)
		}
	}
	for _, p := range []image.Point{{9, 4}, {21, 4}, {15, 1}, {15, 7}} {
		if c := img.RGBAAt(p.X, p.Y); c != (color.RGBA{255, 255, 255, 255}) {
			t.Errorf("outside the tint at %v: %v", p, c)
		}
	}
}

func seedFaces(t testing.TB) (map[string][]byte, *fonts.Set) {
	t.Helper()
	set, err := fonts.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	return faceBytes(set), set
}

// TestTextInkInsideItsBox: a run of glyphs leaves ink only inside the box its advances and the
// face's ascent and descent make, and enough of it there; Spacing moves the last glyph right.
func TestTextInkInsideItsBox(t *testing.T) {
	faces, set := seedFaces(t)
	f := set.Face(fonts.Song)
	const size, x0, y0 = 20.0, 10.0, 40.0
	for _, spacing := range []float64{0, 5} {
		s := "中文排版"
		txt := page.Text{X: x0, Y: y0, Font: fonts.Song, Size: size, Spacing: spacing, Color: black, S: s}
		img := render(t, screen(150, 60, txt), faces, raster.Options{PPI: 72})
		w := f.Width(s)*size + spacing*float64(len([]rune(s))-1)
		top, bottom := y0-f.Ascent()*size, y0+math.Abs(f.Descent())*size
		var in, out, lastX int
		for y := range 60 {
			for x := range 150 {
				k := ink(img, x, y)
				if k == 0 {
					continue
				}
				if float64(x) >= math.Floor(x0) && float64(x) < math.Ceil(x0+w) && float64(y) >= math.Floor(top) && float64(y) < math.Ceil(bottom) {
					in += k
					lastX = max(lastX, x)
				} else {
					out += k
					t.Errorf("spacing %g: ink %d at (%d, %d), outside the text's box x %.1f–%.1f y %.1f–%.1f", spacing, k, x, y, x0, x0+w, top, bottom)
				}
			}
		}
		// four Han characters of 20 pt cover far more than a tenth of their squares
		if in < 4*size*size*255/10 {
			t.Errorf("spacing %g: only %d of ink inside the text's box", spacing, in)
		}
		if float64(lastX) < x0+w-size/2 {
			t.Errorf("spacing %g: the last glyph's ink ends at x %d, before %.1f", spacing, lastX, x0+w-size/2)
		}
	}
}

// TestShapes: a filled triangle is coloured inside and not outside; a stroked square path is
// dark on its edges and white inside; a circle of four curves is filled to its radius.
func TestShapes(t *testing.T) {
	blue := page.Color{C: 1, M: 0.5}
	tri := page.Path{Ops: []page.PathOp{
		{Kind: page.MoveTo, Pts: [3]page.Point{{X: 10, Y: 10}}},
		{Kind: page.LineTo, Pts: [3]page.Point{{X: 40, Y: 10}}},
		{Kind: page.LineTo, Pts: [3]page.Point{{X: 10, Y: 40}}},
		{Kind: page.Close},
	}, Fill: &blue}
	sq := page.Path{Ops: []page.PathOp{
		{Kind: page.MoveTo, Pts: [3]page.Point{{X: 60, Y: 10}}},
		{Kind: page.LineTo, Pts: [3]page.Point{{X: 90, Y: 10}}},
		{Kind: page.LineTo, Pts: [3]page.Point{{X: 90, Y: 40}}},
		{Kind: page.LineTo, Pts: [3]page.Point{{X: 60, Y: 40}}},
		{Kind: page.Close},
	}, Stroke: &black, LineWidth: 4}
	const k = 0.5523 // control distance of a quarter circle, per radius
	cx, cy, r := 130.0, 25.0, 15.0
	circle := page.Path{Ops: []page.PathOp{
		{Kind: page.MoveTo, Pts: [3]page.Point{{X: cx + r, Y: cy}}},
		{Kind: page.CurveTo, Pts: [3]page.Point{{X: cx + r, Y: cy + k*r}, {X: cx + k*r, Y: cy + r}, {X: cx, Y: cy + r}}},
		{Kind: page.CurveTo, Pts: [3]page.Point{{X: cx - k*r, Y: cy + r}, {X: cx - r, Y: cy + k*r}, {X: cx - r, Y: cy}}},
		{Kind: page.CurveTo, Pts: [3]page.Point{{X: cx - r, Y: cy - k*r}, {X: cx - k*r, Y: cy - r}, {X: cx, Y: cy - r}}},
		{Kind: page.CurveTo, Pts: [3]page.Point{{X: cx + k*r, Y: cy - r}, {X: cx + r, Y: cy - k*r}, {X: cx + r, Y: cy}}},
		{Kind: page.Close},
	}, Fill: &black}
	img := render(t, screen(160, 50, tri, sq, circle), nil, raster.Options{PPI: 72})
	want := func(x, y, k0, k1 int, what string) {
		t.Helper()
		if got := ink(img, x, y); got < k0 || got > k1 {
			t.Errorf("%s (%d, %d): ink %d, want %d–%d", what, x, y, got, k0, k1)
		}
	}
	if c := img.RGBAAt(18, 18); c != (color.RGBA{0, 128, 255, 255}) {
		t.Errorf("inside the triangle: %v, want its blue", c)
	}
	want(35, 35, 0, 0, "beyond the triangle's hypotenuse")
	want(75, 25, 0, 0, "inside the stroked square")
	for _, p := range []image.Point{{60, 25}, {89, 25}, {75, 9}, {75, 40}, {59, 9}, {91, 41}} {
		want(p.X, p.Y, 250, 255, "on the square's edge")
	}
	want(75, 14, 0, 0, "inside the square's stroke")
	want(130, 25, 255, 255, "the circle's centre")
	want(int(cx+r)-2, int(cy), 250, 255, "just inside the circle")
	want(int(cx+r)+1, int(cy), 0, 0, "just outside the circle")
	want(int(cx+0.75*r), int(cy+0.75*r), 0, 0, "outside the circle, diagonally")
}

// TestPhotoClippedToItsFrame: a photo placed larger than its frame shows only inside the frame.
func TestPhotoClippedToItsFrame(t *testing.T) {
	src := image.NewRGBA(image.Rect(0, 0, 8, 8))
	for i := range src.Pix {
		src.Pix[i] = []uint8{0, 160, 0, 255}[i%4]
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, src); err != nil {
		t.Fatal(err)
	}
	im := page.Image{X: 20, Y: 10, W: 30, H: 20, IX: 10, IY: 0, IW: 50, IH: 40, Format: "png", Data: buf.Bytes(), PixelW: 8, PixelH: 8}
	img := render(t, screen(70, 50, im), nil, raster.Options{PPI: 72})
	for y := range 50 {
		for x := range 70 {
			inFrame := x >= 20 && x < 50 && y >= 10 && y < 30
			c := img.RGBAAt(x, y)
			if inFrame && c != (color.RGBA{0, 160, 0, 255}) || !inFrame && c != (color.RGBA{255, 255, 255, 255}) {
				t.Fatalf("pixel (%d, %d) is %v (in the frame: %v)", x, y, c, inFrame)
			}
		}
	}
}

// TestPrintPageTrimOrSheet: a print page is drawn to its trim, what lies in the bleed cut off;
// with Marks it is the PDF's media box, with the tint in the bleed, crop marks outside the
// bleed and a slug line below.
func TestPrintPageTrimOrSheet(t *testing.T) {
	faces, _ := seedFaces(t)
	tint := page.Color{K: 0.5}
	doc := screen(200, 100,
		page.Rect{X: -3 * page.MM, Y: -3 * page.MM, W: 50, H: 50, Fill: &tint},
		page.Text{X: 60, Y: 50, Font: fonts.Song, Size: 10, Color: black, S: "正文"})
	doc.Print = &page.Print{Bleed: 3 * page.MM, Marks: true, Slug: "test.yaml"}
	trim := render(t, doc, faces, raster.Options{PPI: 72})
	if b := trim.Bounds(); b.Dx() != 200 || b.Dy() != 100 {
		t.Fatalf("trim picture %v, want 200×100", b)
	}
	if ink(trim, 0, 0) != 127 {
		t.Errorf("the tint at the trim's corner: ink %d", ink(trim, 0, 0))
	}
	sheet := render(t, doc, faces, raster.Options{PPI: 72, Marks: true})
	m := doc.Print.Margin()
	if b := sheet.Bounds(); b.Dx() != int(math.Ceil(200+2*m-0.001)) || b.Dy() != int(math.Ceil(100+2*m-0.001)) {
		t.Fatalf("sheet picture %v, want the media box %.1f×%.1f", b, 200+2*m, 100+2*m)
	}
	at := func(x, y float64) int { return ink(sheet, int(m+x), int(m+y)) }
	if at(-2*page.MM, -2*page.MM) != 127 {
		t.Errorf("the tint in the bleed: ink %d", at(-2*page.MM, -2*page.MM))
	}
	off := page.MarkOffset(doc.Print.Bleed)
	// the vertical mark above the top left corner, and the horizontal one left of it
	if k := at(0, -off-page.MarkLen/2); k == 0 {
		t.Error("no crop mark above the top left corner of the trim")
	}
	if k := at(-off-page.MarkLen/2, 0); k == 0 {
		t.Error("no crop mark left of the top left corner of the trim")
	}
	slug := 0
	for y := int(m + 100 + off); y < sheet.Bounds().Dy(); y++ {
		for x := range sheet.Bounds().Dx() {
			slug += ink(sheet, x, y)
		}
	}
	if slug == 0 {
		t.Error("no slug line below the bleed")
	}
}

// TestSlugWithCharactersOutsideTheFace: a slug character the face cannot draw (a private-use
// one, one beyond the BMP) is drawn as "?", as the PDF prints it, not as the face's empty box.
func TestSlugWithCharactersOutsideTheFace(t *testing.T) {
	faces, _ := seedFaces(t)
	sheet := func(slug string) *image.RGBA {
		doc := screen(200, 100)
		doc.Print = &page.Print{Bleed: 3 * page.MM, Marks: true, Slug: slug}
		return render(t, doc, faces, raster.Options{PPI: 144, Marks: true})
	}
	got, want := sheet("报告\uE000\U00020000.yaml"), sheet("报告??.yaml")
	if !bytes.Equal(got.Pix, want.Pix) {
		t.Error("a slug with characters outside the face is not drawn as the same slug with ? for them")
	}
	if bytes.Equal(want.Pix, sheet("报告.yaml").Pix) {
		t.Error("the ? of the slug draw nothing: the comparison above proves nothing")
	}
}

// TestPNGIsDeterministic: the same document gives the same bytes, drawn alone or alongside
// another Render sharing nothing with it.
func TestPNGIsDeterministic(t *testing.T) {
	faces, _ := seedFaces(t)
	doc := screen(300, 300)
	for i := range 40 {
		y := float64(10 + 7*i)
		doc.Pages[0].Items = append(doc.Pages[0].Items,
			page.Text{X: 10 + float64(i)*0.37, Y: y, Font: fonts.Kai, Size: 6.3, Color: black, S: "同一页面再画一次，字节不变。"},
			page.Line{X1: 200, Y1: y + 0.1*float64(i), X2: 290, Y2: y, Width: 0.3, Color: black})
	}
	doc.Pages = append(doc.Pages, doc.Pages[0], doc.Pages[0])
	var outs [4][][]byte
	var errs [4]error
	var wg sync.WaitGroup
	for i := range outs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			outs[i], errs[i] = raster.PNG(doc, faces, raster.Options{PPI: 150})
		}()
	}
	wg.Wait()
	for i := range outs {
		if errs[i] != nil {
			t.Fatal(errs[i])
		}
		for p := range outs[i] {
			if !bytes.Equal(outs[i][p], outs[0][0]) {
				t.Errorf("render %d, page %d: bytes differ from render 0, page 1", i, p+1)
			}
		}
	}
}

// TestRefusals: what cannot be drawn is an error, not a blank or a panic.
func TestRefusals(t *testing.T) {
	faces, _ := seedFaces(t)
	cases := []struct {
		name string
		doc  *page.Document
		o    raster.Options
		want string
	}{
		{"no pages", &page.Document{}, raster.Options{}, "no pages"},
		{"unknown face", screen(10, 10, page.Text{Font: "gothic", Size: 9, S: "字"}), raster.Options{}, `"gothic"`},
		{"not a number", screen(10, 10, page.Line{X1: math.NaN(), Width: 1}), raster.Options{}, "finite"},
		{"too big", screen(390*page.MM, 546*page.MM), raster.Options{PPI: 2400}, "megapixels"},
		{"bad photo", screen(10, 10, page.Image{W: 5, H: 5, IW: 5, IH: 5, Name: "x.jpg", Format: "jpeg", Data: []byte("no jpeg")}), raster.Options{}, "x.jpg"},
		{"bad size", screen(0, 10), raster.Options{}, "not positive"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := raster.PNG(c.doc, faces, c.o)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %v, want one saying %s", err, c.want)
			}
		})
	}
}

// TestCacheKeepsPagesThatDidNotChange: with a Cache, a page drawn before comes back with the
// same bytes without being drawn, and a page whose items changed is drawn anew.
func TestCacheKeepsPagesThatDidNotChange(t *testing.T) {
	faces, _ := seedFaces(t)
	line := func(y float64) page.Item { return page.Line{X1: 10, Y1: y, X2: 90, Y2: y, Width: 2, Color: black} }
	doc := &page.Document{Pages: []page.Page{
		{Width: 100, Height: 50, Items: []page.Item{line(10), page.Text{X: 5, Y: 40, Font: fonts.Song, Size: 9, Color: black, S: "第一页"}}},
		{Width: 100, Height: 50, Items: []page.Item{line(20)}},
	}}
	o := raster.Options{PPI: 72, Cache: &raster.Cache{}}
	first, err := raster.PNG(doc, faces, o)
	if err != nil {
		t.Fatal(err)
	}
	// a document that differs on page 2 only; page 1 must be the very bytes kept
	doc2 := &page.Document{Pages: []page.Page{doc.Pages[0], {Width: 100, Height: 50, Items: []page.Item{line(30)}}}}
	second, err := raster.PNG(doc2, faces, o)
	if err != nil {
		t.Fatal(err)
	}
	if &second[0][0] != &first[0][0] {
		t.Error("page 1, unchanged, was drawn again instead of taken from the cache")
	}
	if bytes.Equal(second[1], first[1]) {
		t.Error("page 2 changed but its picture did not")
	}
	fresh, err := raster.PNG(doc2, faces, raster.Options{PPI: 72})
	if err != nil {
		t.Fatal(err)
	}
	for i := range fresh {
		if !bytes.Equal(fresh[i], second[i]) {
			t.Errorf("page %d: the cached picture differs from one drawn afresh", i+1)
		}
	}
	// other options are other pictures
	other, err := raster.PNG(doc2, faces, raster.Options{PPI: 144, Cache: o.Cache})
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(other[0], second[0]) {
		t.Error("a page at 144 ppi came from the cache of 72 ppi")
	}
}
