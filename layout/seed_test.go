package layout

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"spread/fonts"
	"spread/page"
	"spread/pdf"
	"spread/report"
	"spread/typeset"
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
// line; the lead and closing boxes of every acceptance report keep the same two rules, and break
// between listed words (typeset Options.Words) where the body would break inside them.
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
	checked, splits, plainSplits := 0, 0, 0
	for _, file := range append(append(files, corpus...), "../data.yaml") {
		r, err := report.Load(file)
		if err != nil {
			t.Fatal(err)
		}
		res, err := printPlan(realKit(f), r)
		if err != nil {
			continue // refused: fill.golden says so
		}
		type box struct {
			set   leadSet
			paras []report.Text
		}
		boxes := map[string]box{"lead": {res.plan.lead.set, r.Lead}}
		for i, p := range res.plan.plans {
			if len(p.closing.lines) > 0 {
				boxes[fmt.Sprintf("closing of section %d", i+1)] = box{p.closing, p.m.closing}
			}
		}
		for name, b := range boxes {
			checked++
			if n := boxFlaws(b.set.lines); n > 0 {
				t.Errorf("%s: %s has %d lines spread past 0.15 em or parting a number from its unit", filepath.Base(file), name, n)
			}
			// the same text at the same measure, breaking anywhere
			plain := breakParasOpts(realKit(f), b.paras, fonts.Kai, lineOpts{Measure: b.set.w / b.set.size, Indent: 2})
			with, without := len(wordSplits(b.set.lines)), len(wordSplits(plain))
			splits, plainSplits = splits+with, plainSplits+without
			if with > without {
				t.Errorf("%s: %s breaks %d listed words, %d when set without Words", filepath.Base(file), name, with, without)
			}
		}
	}
	if checked < 20 {
		t.Errorf("only %d boxes checked", checked)
	}
	// the boxes break inside listed words (城镇居民人|均, 只争|朝夕) far less often than text set
	// with breaks anywhere
	if splits*4 > plainSplits {
		t.Errorf("the boxes break %d listed words across lines, %d when set without Words", splits, plainSplits)
	}
	t.Logf("listed words broken across the lines of lead and closing boxes: %d (%d without Words)", splits, plainSplits)
}

// headPieces finds, on each page of d, the section heads of r: the Hei texts that are a whole
// section title or its first phrase.
func headPieces(d *page.Document, r *report.Report) map[int][]page.Text {
	heads := map[string]bool{}
	for _, s := range r.Sections {
		heads[s.Title.S] = true // drawn whole
		if f := strings.Fields(s.Title.S); len(f) > 0 {
			heads[f[0]] = true // drawn phrase by phrase
		}
	}
	head := func(s string) bool { return heads[s] }
	out := map[int][]page.Text{}
	for pi, p := range d.Pages {
		allItems(p.Items, page.Point{}, func(it page.Item, at page.Point) {
			if t, ok := it.(page.Text); ok && t.Font == fonts.Hei && head(t.S) {
				t.X, t.Y = t.X+at.X, t.Y+at.Y
				out[pi] = append(out[pi], t)
			}
		})
	}
	return out
}

// TestSectionHeads: the section heads of one page are one size (a narrow section does not get
// a smaller head), in every acceptance report; the space between a title's phrases is set as a
// full-width space in print and briefing; a label of two characters fits its box.
func TestSectionHeads(t *testing.T) {
	_, f := seed(t)
	files, _ := filepath.Glob("../testdata/reports/*.yaml")
	corpus, _ := filepath.Glob(corpusDir + "/*.yaml")
	pages := 0
	for _, file := range append(append(files, corpus...), "../data.yaml") {
		r, err := report.Load(file)
		if err != nil {
			t.Fatal(err)
		}
		d, err := Print(r, f)
		if err != nil {
			continue
		}
		for pi, heads := range headPieces(d, r) {
			pages++
			for _, h := range heads[1:] {
				if math.Abs(h.Size-heads[0].Size) > 1e-6 {
					t.Errorf("%s page %d: head %q at %.2f pt, %q at %.2f pt", filepath.Base(file), pi+1, heads[0].S, heads[0].Size, h.S, h.Size)
				}
			}
		}
	}
	if pages < 20 {
		t.Errorf("only %d pages of heads found", pages)
	}

	// A long title in one section of a page: its neighbours' heads take its smaller size.
	r, f := seed(t)
	long := r.Sections[1]
	long.Title.S += "老城新区协同并进群众获得感幸福感安全感成色更足"
	d, err := Print(r, f)
	if err != nil {
		t.Fatal(err)
	}
	shared := false
	for pi, heads := range headPieces(d, r) {
		for _, h := range heads[1:] {
			shared = true
			if math.Abs(h.Size-heads[0].Size) > 1e-6 {
				t.Errorf("seed with a long title, page %d: head %q at %.2f pt, %q at %.2f pt", pi+1, heads[0].S, heads[0].Size, h.S, h.Size)
			}
		}
	}
	if !shared {
		t.Error("the seed has no page of two heads")
	}

	r, f = seed(t)
	r.Sections[0].Label = "产业"
	for name, lay := range map[string]func(*report.Report, *fonts.Set) (*page.Document, error){"print": Print, "briefing": Briefing} {
		d, err := lay(r, f)
		if err != nil {
			t.Fatal(err)
		}
		found := 0
		for _, p := range d.Pages {
			var rects []page.Rect
			var texts []page.Text
			allItems(p.Items, page.Point{}, func(it page.Item, at page.Point) {
				switch v := it.(type) {
				case page.Rect:
					v.X, v.Y = v.X+at.X, v.Y+at.Y
					rects = append(rects, v)
				case page.Text:
					v.X, v.Y = v.X+at.X, v.Y+at.Y
					texts = append(texts, v)
				}
			})
			for _, tx := range texts {
				switch {
				case tx.S == "产业" && tx.Font == fonts.Hei:
					found++
					w := f.Width(tx.Font, tx.S) * tx.Size
					inside := false
					for _, b := range rects {
						if b.Fill != nil && tx.X >= b.X+0.1*tx.Size && tx.X+w <= b.X+b.W-0.1*tx.Size && tx.Y > b.Y && tx.Y < b.Y+b.H {
							inside = true
						}
					}
					if !inside {
						t.Errorf("%s: label %q (%.1f pt wide) does not fit its box", name, tx.S, w)
					}
				case tx.S == "蹄疾步稳" && tx.Font == fonts.Hei:
					found++
					end := tx.X + f.Width(tx.Font, tx.S)*tx.Size
					ok := false
					for _, nx := range texts {
						if nx.S == "经济发展有质量" && math.Abs(nx.Y-tx.Y) < 0.01 && math.Abs(nx.X-end-tx.Size) < 0.01 {
							ok = true
						}
					}
					if !ok {
						t.Errorf("%s: 经济发展有质量 does not follow 蹄疾步稳 a full-width space (%.1f pt) later", name, tx.Size)
					}
				}
			}
		}
		if found != 2 {
			t.Errorf("%s: found %d of the label and the title", name, found)
		}
	}
}

// TestFurnitureSpacesDigitsAsTheBody: the folio's date and page number, and the briefing's
// running head, set digits beside Han characters as the body does (2020 年): with Han–Latin
// spacing between ⅛ and ½ em, not solid (2021年1月8日).
func TestFurnitureSpacesDigitsAsTheBody(t *testing.T) {
	r, f := seed(t)
	year := fmt.Sprint(r.Paper.Date.Year())
	for name, lay := range map[string]func(*report.Report, *fonts.Set) (*page.Document, error){"print": Print, "briefing": Briefing} {
		d, err := lay(r, f)
		if err != nil {
			t.Fatal(err)
		}
		var texts []page.Text           // the topmost line of each page: the folio or the running head
		for _, p := range d.Pages[:2] { // a briefing's running head starts on its second page
			var line []page.Text
			allItems(p.Items, page.Point{}, func(it page.Item, at page.Point) {
				v, ok := it.(page.Text)
				if !ok {
					return
				}
				v.X, v.Y = v.X+at.X, v.Y+at.Y
				if len(line) > 0 && v.Y < line[0].Y-0.01 {
					line = line[:0]
				}
				if len(line) == 0 || v.Y < line[0].Y+0.01 {
					line = append(line, v)
				}
			})
			texts = append(texts, line...)
		}
		found := false
		for _, a := range texts {
			if !strings.HasSuffix(a.S, year) {
				continue
			}
			end := a.X + f.Width(a.Font, a.S)*a.Size
			for _, b := range texts {
				if b.Y == a.Y && strings.HasPrefix(b.S, "年") && b.X > a.X && b.X-end < a.Size {
					found = true
					if gap := (b.X - end) / a.Size; gap < 0.125-1e-6 || gap > 0.5+1e-6 {
						t.Errorf("%s: %s|年 in the furniture %.3f em apart", name, year, gap)
					}
				}
			}
		}
		if !found {
			t.Errorf("%s: the date's year %s is not set apart from 年 on pages 1-2", name, year)
		}
	}
}

// wordSplits lists the line breaks of ls inside a paragraph that fall inside a listed word
// (typeset.WordLen), as "before|after".
func wordSplits(ls []bodyLine) []string {
	var out []string
	for i := 0; i+1 < len(ls); i++ {
		if ls[i].last {
			continue
		}
		a, b := lineText(ls[i]), lineText(ls[i+1])
		ra := []rune(a)
		for back := 1; back < 4 && back <= len(ra); back++ {
			tail := string(ra[len(ra)-back:])
			joined := tail + b
			if n := typeset.WordLen(joined); n > len(tail) && len([]rune(joined[:n])) > 1 {
				out = append(out, tail+"|"+joined[len(tail):n])
				break
			}
		}
	}
	return out
}

func lineText(l bodyLine) string {
	s := ""
	for _, r := range l.Runs {
		s += r.Text
	}
	return s
}
