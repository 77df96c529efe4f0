package raster_test

import (
	"bytes"
	"fmt"
	"image"
	"image/png"
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

// TestMatchesMuPDF draws reports of every kind of page (a broadsheet spread, a tabloid, A3, the
// briefing) and compares each page with MuPDF's rendering of the PDF written from the same
// document. It skips when mutool is absent.
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
				o := raster.Options{PPI: 72, Marks: true}
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
					t.Logf("page %d: mean difference %.2f %%", i+1, 100*d)
					if d > maxMeanDiff {
						t.Errorf("page %d differs from MuPDF's rendering by %.2f %% per channel (at most %.0f %%)", i+1, 100*d, 100*maxMeanDiff)
					}
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
