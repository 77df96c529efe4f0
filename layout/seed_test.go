package layout

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"spread/fonts"
	"spread/page"
	"spread/pdf"
	"spread/report"
)

func seed(t testing.TB) (*report.Report, *fonts.Set) {
	t.Helper()
	r, err := report.Load("../data.yaml")
	if err != nil {
		t.Fatal(err)
	}
	f, err := fonts.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	return r, f
}

func faceBytes(f *fonts.Set) map[string][]byte {
	m := map[string][]byte{}
	for _, role := range []string{fonts.Song, fonts.SongBold, fonts.Hei, fonts.Kai} {
		m[role] = f.Face(role).Data
	}
	return m
}

// TestRenderSeed writes the seed's PDFs to $SPREAD_OUT (when set) for looking at.
func TestRenderSeed(t *testing.T) {
	dir := os.Getenv("SPREAD_OUT")
	if dir == "" {
		t.Skip("SPREAD_OUT not set")
	}
	r, f := seed(t)
	doc, err := Print(r, f)
	if err != nil {
		t.Fatal(err)
	}
	b, err := pdf.Write(doc, faceBytes(f))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dir+"/spread.pdf", b, 0o644); err != nil {
		t.Fatal(err)
	}
	doc, err = Briefing(r, f)
	if err != nil {
		t.Fatal(err)
	}
	if b, err = pdf.Write(doc, faceBytes(f)); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dir+"/briefing.pdf", b, 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestSeedBothDocuments(t *testing.T) {
	r, f := seed(t)
	d, err := Print(r, f)
	if err != nil {
		t.Fatal(err)
	}
	proseIn(t, r, d)
	if n := ppiAtLeast(t, d, minPPI); n < 8 {
		t.Errorf("%d photos placed, want all 8", n)
	}
	if len(d.Pages) != 2 || len(d.Outline) != len(r.Sections) {
		t.Errorf("%d pages, %d bookmarks", len(d.Pages), len(d.Outline))
	}
	b, err := Briefing(r, f)
	if err != nil {
		t.Fatal(err)
	}
	proseIn(t, r, b)
}

func BenchmarkPrint(b *testing.B) {
	r, f := seed(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Print(r, f); err != nil {
			b.Fatal(err)
		}
	}
}

// TestSeedStripReadsOnAcrossTheFold: read in drawing order (as pdftotext -raw and screen
// readers do), every paragraph of the seed must come out whole: each column top to bottom, and
// a section carried across the fold (begun in a strip at the left page's foot) straight on,
// before the right page's headline and band.
func TestSeedStripReadsOnAcrossTheFold(t *testing.T) {
	r, f := seed(t)
	d, err := Print(r, f)
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Pages) != 2 || len(d.Outline) < 2 {
		t.Fatalf("%d pages, %d bookmarks", len(d.Pages), len(d.Outline))
	}
	var drawn []string
	for _, p := range d.Pages {
		var sb strings.Builder
		allItems(p.Items, page.Point{}, func(it page.Item, _ page.Point) {
			if x, ok := it.(page.Text); ok {
				sb.WriteString(x.S)
			}
		})
		drawn = append(drawn, squeeze(sb.String()))
	}
	both := drawn[0] + drawn[1]
	for _, s := range r.Sections {
		for _, p := range s.Paragraphs {
			if !strings.Contains(both, squeeze(p.S)) {
				t.Errorf("paragraph at %s is not whole in drawing order: %.30q…", p.Pos, p.S)
			}
		}
	}
}

// TestLeadBoxHeldToTheBody: the seed's lead box (Kai, two columns) is set at a measure where no
// line is letter-spaced past 0.15 em or parts a number from its unit, and its columns end on one
// line; the lead and closing boxes of every acceptance report keep the same two rules.
func TestLeadBoxHeldToTheBody(t *testing.T) {
	r, f := seed(t)
	res, err := printPlan(realKit(f), r)
	if err != nil {
		t.Fatal(err)
	}
	ls := res.plan.lead.set
	if ls.k < 2 {
		t.Fatalf("the seed's lead is in %d column(s)", ls.k)
	}
	for c, n := range ls.counts {
		if n != ls.per {
			t.Errorf("lead column %d has %d lines, the fullest %d: %v", c, n, ls.per, ls.counts)
		}
	}
	files, _ := filepath.Glob("../testdata/reports/*.yaml")
	corpus, _ := filepath.Glob(corpusDir + "/*.yaml")
	checked := 0
	for _, file := range append(append(files, corpus...), "../data.yaml") {
		r, err := report.Load(file)
		if err != nil {
			t.Fatal(err)
		}
		res, err := printPlan(realKit(f), r)
		if err != nil {
			continue // refused: fill.golden says so
		}
		boxes := map[string]leadSet{"lead": res.plan.lead.set}
		for i, p := range res.plan.plans {
			if len(p.closing.lines) > 0 {
				boxes[fmt.Sprintf("closing of section %d", i+1)] = p.closing
			}
		}
		for name, b := range boxes {
			checked++
			if n := boxFlaws(b.lines); n > 0 {
				t.Errorf("%s: %s has %d lines spread past 0.15 em or parting a number from its unit", filepath.Base(file), name, n)
			}
		}
	}
	if checked < 20 {
		t.Errorf("only %d boxes checked", checked)
	}
}
