package raster

import (
	"bytes"
	"compress/zlib"
	"image"
	"image/png"
	"os"
	"testing"
)

// TestEncodePNGRoundTrips: what encodePNG writes decodes (image/png) to the same pixels.
func TestEncodePNGRoundTrips(t *testing.T) {
	img := image.NewRGBA(image.Rect(0, 0, 37, 23))
	for i := range img.Pix {
		img.Pix[i] = uint8(i*7 + i/97)
		if i%4 == 3 {
			img.Pix[i] = 255
		}
	}
	var buf bytes.Buffer
	if err := encodePNG(&buf, img, zlib.BestSpeed); err != nil {
		t.Fatal(err)
	}
	back, err := png.Decode(&buf)
	if err != nil {
		t.Fatal(err)
	}
	for y := range 23 {
		for x := range 37 {
			want := img.RGBAAt(x, y)
			r, g, b, a := back.At(x, y).RGBA()
			if got := [4]uint32{r >> 8, g >> 8, b >> 8, a >> 8}; got != [4]uint32{uint32(want.R), uint32(want.G), uint32(want.B), 255} {
				t.Fatalf("pixel (%d, %d): %v, want %v", x, y, got, want)
			}
		}
	}
}

// benchPage is a drawn page to encode: a seed page from a build when SPREAD_PNG names one,
// else a synthetic one of text-like strokes and a photo-like gradient.
func benchPage(b *testing.B) *image.RGBA {
	if f := os.Getenv("SPREAD_PNG"); f != "" {
		data, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		src, err := png.Decode(bytes.NewReader(data))
		if err != nil {
			b.Fatal(err)
		}
		img := image.NewRGBA(src.Bounds())
		for y := range src.Bounds().Dy() {
			for x := range src.Bounds().Dx() {
				img.Set(x, y, src.At(x, y))
			}
		}
		return img
	}
	img := image.NewRGBA(image.Rect(0, 0, 1475, 2064))
	for y := range 2064 {
		for x := range 1475 {
			i := img.PixOffset(x, y)
			v := uint8(255)
			if y < 1000 {
				v = uint8(x*y/97 + x/3)
			} else if (x/3+y/5)%7 == 0 {
				v = 0
			}
			img.Pix[i], img.Pix[i+1], img.Pix[i+2], img.Pix[i+3] = v, v/2+60, 255-v, 255
		}
	}
	return img
}

func BenchmarkEncodePNG(b *testing.B) {
	img := benchPage(b)
	b.Run("own", func(b *testing.B) {
		var n int
		for b.Loop() {
			var buf bytes.Buffer
			if err := encodePNG(&buf, img, zlib.BestSpeed); err != nil {
				b.Fatal(err)
			}
			n = buf.Len()
		}
		b.ReportMetric(float64(n), "bytes")
	})
	b.Run("huffman-only", func(b *testing.B) {
		var n int
		for b.Loop() {
			var buf bytes.Buffer
			if err := encodePNG(&buf, img, zlib.HuffmanOnly); err != nil {
				b.Fatal(err)
			}
			n = buf.Len()
		}
		b.ReportMetric(float64(n), "bytes")
	})
	b.Run("image/png", func(b *testing.B) {
		var n int
		for b.Loop() {
			var buf bytes.Buffer
			if err := (&png.Encoder{CompressionLevel: png.BestSpeed}).Encode(&buf, img); err != nil {
				b.Fatal(err)
			}
			n = buf.Len()
		}
		b.ReportMetric(float64(n), "bytes")
	})
}
