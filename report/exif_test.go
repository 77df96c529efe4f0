package report

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/color"
	"image/jpeg"
	"os"
	"path/filepath"
	"regexp"
	"testing"
)

// quadrants is an upright test picture: red top left, green top right, blue bottom left,
// yellow bottom right, so that a turn or a mirror shows.
var quadrantColours = [4]color.RGBA{{220, 30, 30, 255}, {30, 200, 40, 255}, {30, 40, 220, 255}, {230, 220, 30, 255}}

func quadrants(w, h int) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			q := 0
			if x >= w/2 {
				q++
			}
			if y >= h/2 {
				q += 2
			}
			img.SetRGBA(x, y, quadrantColours[q])
		}
	}
	return img
}

// stored is what a camera stores of the upright picture up for EXIF orientation o: the picture
// that orientation o turns back into up.
func stored(up *image.RGBA, o int) *image.RGBA {
	w, h := up.Bounds().Dx(), up.Bounds().Dy()
	sw, sh := w, h
	if swapsSides(o) {
		sw, sh = h, w
	}
	s := image.NewRGBA(image.Rect(0, 0, sw, sh))
	for y := range h {
		for x := range w {
			sx, sy := orientedFrom(o, x, y, sw, sh)
			s.SetRGBA(sx, sy, up.RGBAAt(x, y))
		}
	}
	return s
}

// exifSegment is an APP1 segment with a TIFF directory holding the orientation, in the byte
// order given, after a tag that comes before it (as cameras write Make first).
func exifSegment(order binary.ByteOrder, o int) []byte {
	var t bytes.Buffer
	if order == binary.LittleEndian {
		t.WriteString("II")
	} else {
		t.WriteString("MM")
	}
	binary.Write(&t, order, uint16(42))
	binary.Write(&t, order, uint32(8)) // the first directory follows the header
	binary.Write(&t, order, uint16(2))
	// Make, ASCII, 4 bytes in place: "Go\x00\x00"
	binary.Write(&t, order, uint16(0x010F))
	binary.Write(&t, order, uint16(2))
	binary.Write(&t, order, uint32(4))
	t.WriteString("Go\x00\x00")
	binary.Write(&t, order, uint16(orientTag))
	binary.Write(&t, order, uint16(3))
	binary.Write(&t, order, uint32(1))
	binary.Write(&t, order, uint16(o))
	binary.Write(&t, order, uint16(0))
	binary.Write(&t, order, uint32(0)) // no next directory
	payload := append([]byte("Exif\x00\x00"), t.Bytes()...)
	seg := []byte{0xFF, 0xE1, 0, 0}
	binary.BigEndian.PutUint16(seg[2:], uint16(2+len(payload)))
	return append(seg, payload...)
}

// withExif splices an EXIF segment into a JPEG right after its start-of-image marker.
func withExif(j, seg []byte) []byte {
	out := append([]byte{}, j[:2]...)
	out = append(out, seg...)
	return append(out, j[2:]...)
}

// phoneJPEG is the JPEG a phone would store of up for orientation o.
func phoneJPEG(t testing.TB, up *image.RGBA, o int, order binary.ByteOrder) []byte {
	t.Helper()
	var j bytes.Buffer
	if err := jpeg.Encode(&j, stored(up, o), &jpeg.Options{Quality: 95}); err != nil {
		t.Fatal(err)
	}
	return withExif(j.Bytes(), exifSegment(order, o))
}

// closeTo reports whether two colours are within JPEG's error of each other.
func closeTo(c color.Color, want color.RGBA) bool {
	r, g, b, _ := c.RGBA()
	d := func(a uint32, w uint8) int { return abs(int(a>>8) - int(w)) }
	return d(r, want.R) < 40 && d(g, want.G) < 40 && d(b, want.B) < 40
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// A photo a phone stored on its side or mirrored, with EXIF saying how to turn it, is loaded
// upright: its pixel size is the upright one (so the layout frames a portrait as a portrait)
// and its quadrants are where they belong, for all eight orientations and both byte orders.
func TestEXIFOrientationIsTurnedUpright(t *testing.T) {
	dir := t.TempDir()
	up := quadrants(120, 200) // a portrait
	for o := 1; o <= 8; o++ {
		for _, order := range []binary.ByteOrder{binary.LittleEndian, binary.BigEndian} {
			data := phoneJPEG(t, up, o, order)
			if got := exifOrientation(data); got != o {
				t.Fatalf("orientation %d (%v) read as %d", o, order, got)
			}
			if err := os.WriteFile(filepath.Join(dir, "phone.jpg"), data, 0o644); err != nil {
				t.Fatal(err)
			}
			src := doc(map[int]string{4: "sections: [{title: 甲, paragraphs: [正文], photos: [{file: phone.jpg, caption: 图}]}]"})
			r, err := Parse("x.yaml", []byte(src), dir)
			if err != nil {
				t.Fatalf("orientation %d: %v", o, err)
			}
			p := r.Sections[0].Photos[0]
			if p.PixelW != 120 || p.PixelH != 200 {
				t.Errorf("orientation %d: %d × %d pixels, want the upright 120 × 200", o, p.PixelW, p.PixelH)
			}
			img, err := jpeg.Decode(bytes.NewReader(p.Data))
			if err != nil {
				t.Fatalf("orientation %d: %v", o, err)
			}
			if b := img.Bounds(); b.Dx() != 120 || b.Dy() != 200 {
				t.Errorf("orientation %d: the embedded JPEG is %v", o, b)
			}
			if exifOrientation(p.Data) != 1 {
				t.Errorf("orientation %d: the turned JPEG still says to turn it", o)
			}
			for q, at := range []image.Point{{30, 50}, {90, 50}, {30, 150}, {90, 150}} {
				if c := img.At(at.X, at.Y); !closeTo(c, quadrantColours[q]) {
					t.Errorf("orientation %d (%v): at %v %v, want %v", o, order, at, c, quadrantColours[q])
				}
			}
		}
	}
}

// EXIF that is damaged anywhere — cut short, offsets past its end, a wrong type — is read as
// "upright", never out of bounds.
func TestEXIFDamaged(t *testing.T) {
	seg := exifSegment(binary.BigEndian, 6)
	var j bytes.Buffer
	jpeg.Encode(&j, quadrants(8, 8), nil)
	good := withExif(j.Bytes(), seg)
	if exifOrientation(good) != 6 {
		t.Fatal("the undamaged fixture does not read as 6")
	}
	// the orientation's entry ends 44 bytes into the segment: marker and length, "Exif", the
	// TIFF header, the count, the Make entry and its own 12 bytes
	const entryEnd = 4 + 6 + 8 + 2 + 12 + 12
	for n := range len(seg) {
		want := 1
		if n >= entryEnd {
			want = 6
		}
		if o := exifOrientation(append([]byte{0xFF, 0xD8}, seg[:n]...)); o != want {
			t.Errorf("EXIF cut at %d bytes read as %d, want %d", n, o, want)
		}
	}
	bad := bytes.Clone(good)
	bad[2+4+6+4+3] = 0xFF // first directory far past the end
	if o := exifOrientation(bad); o != 1 {
		t.Errorf("a directory past the end read as %d", o)
	}
	bad = bytes.Clone(good)
	bad[2+4+6+8+2+12+2+1] = 4 // the orientation as a LONG
	if o := exifOrientation(bad); o != 1 {
		t.Errorf("an orientation of the wrong type read as %d", o)
	}
}

// FuzzEXIF feeds the orientation parser any bytes after a JPEG start: it must not panic and
// must say 1 … 8; whatever it says, turning a small picture by it keeps the pixel count.
func FuzzEXIF(f *testing.F) {
	for o := 1; o <= 8; o++ {
		f.Add(exifSegment(binary.LittleEndian, o))
		f.Add(exifSegment(binary.BigEndian, o))
	}
	f.Add([]byte{0xFF, 0xE1, 0x00, 0x02})
	f.Add([]byte{0xFF, 0xE1, 0xFF, 0xFF, 'E', 'x', 'i', 'f', 0, 0, 'I', 'I', 42, 0, 0xFF, 0xFF, 0xFF, 0xFF})
	small := quadrants(3, 5)
	f.Fuzz(func(t *testing.T, seg []byte) {
		o := exifOrientation(append([]byte{0xFF, 0xD8}, seg...))
		if o < 1 || o > 8 {
			t.Fatalf("orientation %d", o)
		}
		b := upright(small, o).Bounds()
		if b.Dx()*b.Dy() != 15 || swapsSides(o) != (b.Dx() == 5) {
			t.Fatalf("orientation %d turned 3 × 5 into %v", o, b)
		}
	})
}

// A CMYK JPEG with Adobe's marker (here ImageMagick's YCCK) loads as it is; one without it —
// whose inks could be stored either way up — is refused at its photo, not drawn inverted.
func TestCMYKJPEGNeedsTheAdobeMarker(t *testing.T) {
	dir := t.TempDir()
	marked, err := os.ReadFile("testdata/ycck.jpg") // convert q.png -colorspace CMYK -quality 95
	if err != nil {
		t.Fatal(err)
	}
	if !adobeMarked(marked) {
		t.Fatal("the fixture has no Adobe marker")
	}
	// the same file with its APP14 segment cut out
	var bare []byte
	jpegSegments(marked, func(marker byte, payload []byte) bool {
		if marker == 0xEE {
			at := bytes.Index(marked, payload) - 4
			bare = append(append([]byte{}, marked[:at]...), marked[at+4+len(payload):]...)
			return false
		}
		return true
	})
	if bare == nil || adobeMarked(bare) {
		t.Fatal("could not cut the Adobe marker out")
	}
	for name, data := range map[string][]byte{"marked.jpg": marked, "bare.jpg": bare} {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
		src := doc(map[int]string{4: "sections: [{title: 甲, paragraphs: [正文], photos: [{file: " + name + ", caption: 图}]}]"})
		r, err := Parse("x.yaml", []byte(src), dir)
		if name == "marked.jpg" {
			if err != nil || !bytes.Equal(r.Sections[0].Photos[0].Data, marked) {
				t.Errorf("%s: %v", name, err)
			}
			continue
		}
		if err == nil || !regexp.MustCompile(`x\.yaml:4:\d+: .*bare\.jpg is a CMYK JPEG without the Adobe marker`).MatchString(err.Error()) {
			t.Errorf("%s: %v", name, err)
		}
	}
}

// BenchmarkUprightJPEG turns a 12-megapixel phone photo (4000 × 3000, orientation 6): the cost
// a portrait adds to loading.
func BenchmarkUprightJPEG(b *testing.B) {
	img := image.NewYCbCr(image.Rect(0, 0, 4000, 3000), image.YCbCrSubsampleRatio420)
	for i := range img.Y {
		img.Y[i] = uint8(i * 7)
	}
	var j bytes.Buffer
	if err := jpeg.Encode(&j, img, &jpeg.Options{Quality: 90}); err != nil {
		b.Fatal(err)
	}
	data := withExif(j.Bytes(), exifSegment(binary.LittleEndian, 6))
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := uprightJPEG(data, exifOrientation(data)); err != nil {
			b.Fatal(err)
		}
	}
}
