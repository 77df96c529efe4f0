package raster_test

import (
	"bytes"
	"fmt"
	"image"
	"image/png"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"

	"spread/fonts"
	"spread/layout"
	"spread/page"
	"spread/pdf"
	"spread/raster"
	"spread/report"
)

// maxMeanDiff is how far, as a mean over every pixel and channel, a picture of a page may differ
// from MuPDF's rendering of its PDF at the same resolution: a few percent, what antialiasing,
// glyph positions rounded to a quarter pixel and photo resampling add up to. A missing run of
// text, a photo in the wrong place or a colour off shows as more.
const maxMeanDiff = 0.03

// maxInkDiff bounds the difference of ink (mean darkness) in any block of inkBlock × inkBlock
// pixels: antialiasing and resampling move ink within a block but hardly change its amount
// (the seed's pages stay under 2 %), while one line of body text missing takes 4–5 % of a block
// away. The mean difference alone would not see a missing line.
const (
	maxInkDiff = 0.03
	inkBlock   = 32
)

// TestMatchesMuPDF draws reports of every kind of page (a broadsheet spread, a tabloid, A3, the
// briefing) at the default 96 ppi and compares each page with MuPDF's rendering of the PDF
// written from the same document: the mean difference, and the ink of every block. It also
// shows that the block check fails a page with one line of text left out. It skips when mutool
// is absent.
func TestMatchesMuPDF(t *testing.T) {
	mutool, err := exec.LookPath("mutool")
	if err != nil {
		t.Skip("mutool (MuPDF) is not installed: nothing to compare the pictures with")
	}
	base, err := fonts.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	files := []string{"../data.yaml", "../testdata/reports/tabloid.yaml", "../testdata/reports/a3.yaml"}
	if testing.Short() {
		files = files[:1]
	}
	for _, file := range files {
		r, err := report.Load(file)
		if err != nil {
			t.Fatal(err)
		}
		for _, prof := range []struct {
			name   string
			layout func(*report.Report, *fonts.Set) (*page.Document, error)
		}{{"print", layout.Print}, {"briefing", layout.Briefing}} {
			if prof.name == "briefing" && file != files[0] {
				continue // one briefing is every briefing: A4 of the same kinds of items
			}
			t.Run(filepath.Base(file)+"/"+prof.name, func(t *testing.T) {
				doc, err := prof.layout(r, base)
				if err != nil {
					t.Fatal(err)
				}
				faces := faceBytes(base)
				b, err := pdf.Write(doc, faces)
				if err != nil {
					t.Fatal(err)
				}
				// Marks: the picture is the PDF's media box, which is what MuPDF draws.
				o := raster.Options{PPI: raster.DefaultPPI, Marks: true}
				ours, err := raster.Render(doc, faces, o)
				if err != nil {
					t.Fatal(err)
				}
				theirs := mupdf(t, mutool, b, o.PPI, len(doc.Pages))
				for i := range ours {
					if ours[i].Bounds() != theirs[i].Bounds() {
						t.Fatalf("page %d: %v here, %v by MuPDF", i+1, ours[i].Bounds(), theirs[i].Bounds())
					}
					d := meanDiff(ours[i], theirs[i])
					ink, at := inkDiff(ours[i], theirs[i])
					t.Logf("page %d: mean difference %.2f %%, ink of a block at most %.2f %% off", i+1, 100*d, 100*ink)
					if d > maxMeanDiff {
						t.Errorf("page %d differs from MuPDF's rendering by %.2f %% per channel (at most %.0f %%)", i+1, 100*d, 100*maxMeanDiff)
					}
					if ink > maxInkDiff {
						t.Errorf("page %d: the block at pixel %v has %.2f %% more or less ink than MuPDF's (at most %.0f %%)", i+1, at, 100*ink, 100*maxInkDiff)
					}
				}
				// The instrument sees a line of body text left out of the picture.
				if ink, _ := inkDiff(render1(t, withoutALine(doc, 0), faces, o), theirs[0]); ink <= maxInkDiff {
					t.Errorf("page 1 without a line of text is within %.2f %% of MuPDF's ink: the check cannot see it", 100*ink)
				}
			})
		}
	}
}

func faceBytes(s *fonts.Set) map[string][]byte {
	m := map[string][]byte{}
	for _, role := range []string{fonts.Song, fonts.SongBold, fonts.Hei, fonts.Kai} {
		if f := s.Face(role); f != nil {
			m[role] = f.Data
		}
	}
	return m
}

// mupdf renders a PDF's pages with mutool draw at ppi.
func mupdf(t *testing.T, mutool string, b []byte, ppi float64, n int) []image.Image {
	t.Helper()
	dir := t.TempDir()
	in := filepath.Join(dir, "in.pdf")
	if err := os.WriteFile(in, b, 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(mutool, "draw", "-q", "-r", strconv.FormatFloat(ppi, 'f', -1, 64), "-o", filepath.Join(dir, "p%d.png"), in)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("mutool draw: %v\n%s", err, out)
	}
	var out []image.Image
	for i := range n {
		data, err := os.ReadFile(filepath.Join(dir, fmt.Sprintf("p%d.png", i+1)))
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, img)
	}
	return out
}

func render1(t *testing.T, doc *page.Document, faces map[string][]byte, o raster.Options) image.Image {
	t.Helper()
	imgs, err := raster.Render(doc, faces, o)
	if err != nil {
		t.Fatal(err)
	}
	return imgs[0]
}

// withoutALine is doc with the first run of body text (over ten characters, under 11 pt) of
// page i left out.
func withoutALine(doc *page.Document, i int) *page.Document {
	d := *doc
	d.Pages = append([]page.Page(nil), doc.Pages...)
	p := &d.Pages[i]
	p.Items = nil
	dropped := false
	for _, it := range doc.Pages[i].Items {
		if tx, ok := it.(page.Text); ok && !dropped && len([]rune(tx.S)) > 10 && tx.Size < 11 {
			dropped = true
			continue
		}
		p.Items = append(p.Items, it)
	}
	return &d
}

// inkDiff is the largest difference of mean darkness (0..1) between a and b over the blocks of
// inkBlock × inkBlock pixels, and where that block is.
func inkDiff(a, b image.Image) (float64, image.Point) {
	r := a.Bounds()
	worst, at := 0.0, image.Point{}
	for by := r.Min.Y; by+inkBlock <= r.Max.Y; by += inkBlock {
		for bx := r.Min.X; bx+inkBlock <= r.Max.X; bx += inkBlock {
			var sa, sb float64
			for y := by; y < by+inkBlock; y++ {
				for x := bx; x < bx+inkBlock; x++ {
					r1, g1, b1, _ := a.At(x, y).RGBA()
					r2, g2, b2, _ := b.At(x, y).RGBA()
					sa += float64(r1 + g1 + b1)
					sb += float64(r2 + g2 + b2)
				}
			}
			if d := math.Abs(sa-sb) / float64(3*0xffff*inkBlock*inkBlock); d > worst {
				worst, at = d, image.Pt(bx, by)
			}
		}
	}
	return worst, at
}

// meanDiff is the mean absolute difference of the R, G and B channels, 0..1.
func meanDiff(a, b image.Image) float64 {
	r := a.Bounds()
	var sum float64
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			ar, ag, ab, _ := a.At(x, y).RGBA()
			br, bg, bb, _ := b.At(x, y).RGBA()
			sum += absDiff(ar, br) + absDiff(ag, bg) + absDiff(ab, bb)
		}
	}
	return sum / float64(3*0xffff*r.Dx()*r.Dy())
}

func absDiff(a, b uint32) float64 {
	if a > b {
		return float64(a - b)
	}
	return float64(b - a)
}
