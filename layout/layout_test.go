package layout

import (
	"errors"
	"fmt"
	"math"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"spread/fonts"
	"spread/page"
	"spread/report"
)

// fakeKit measures every glyph as 1 em and breaks lines greedily at whole characters.
func fakeKit() *kit {
	k := &kit{
		adv: func(string, rune) float64 { return 1 },
		check: func(role, text string, at report.Pos) report.Errors {
			var errs report.Errors
			for _, r := range text {
				if r > 0xFFFF {
					errs.Add(at, "character %q above U+FFFF", r)
				}
			}
			return errs
		},
	}
	k.lines = func(text, role string, o lineOpts) []textLine {
		rs := []rune(text)
		var out []textLine
		for i := 0; i < len(rs); {
			m := int(o.Measure)
			if len(out) == 0 {
				m -= int(o.Indent)
			}
			m = max(1, m)
			j := min(len(rs), i+m)
			x := 0.0
			if len(out) == 0 {
				x = o.Indent
			}
			out = append(out, textLine{Runs: []textRun{{X: x, Text: string(rs[i:j])}}, Width: x + float64(j-i)})
			i = j
		}
		return out
	}
	k.chart = func(c *report.Chart, a page.Color, w, h float64) ([]page.Item, error) {
		return []page.Item{page.Rect{W: w, H: h, Stroke: &a}, page.Text{Font: "hei", Size: 9, S: c.Title.S}}, nil
	}
	k.tile = func(f *report.Figure, a page.Color, w, h, most float64, beside bool) ([]page.Item, float64, error) {
		return []page.Item{page.Rect{W: w, H: h, Stroke: &a}, page.Text{Font: "hei", Size: 9, S: f.Label.S}}, 9, nil
	}
	return k
}

func txt(s string, line int) report.Text {
	return report.Text{S: s, Pos: report.Pos{File: "data.yaml", Line: line, Col: 5}}
}

func para(n int, seed string) string { return strings.Repeat(seed, n) }

// fakeReport is a report of `sections` sections of `chars` characters of text each.
func fakeReport(pages, sections, chars int) *report.Report {
	r := &report.Report{File: "data.yaml"}
	r.Paper = report.Paper{Name: txt("某某日报", 2), Date: time.Date(2021, 1, 8, 0, 0, 0, 0, time.UTC), Page: 5, Section: txt("专版", 4),
		Credits: []report.Text{txt("责任编辑 某某", 5)}}
	r.Layout = report.Layout{Size: "broadsheet", Width: 390 * page.MM, Height: 546 * page.MM, Pages: pages, Columns: 8,
		Accent: [4]float64{0, 100, 100, 10}, Pos: report.Pos{File: "data.yaml", Line: 7, Col: 1}}
	r.Headline = report.Headline{Title: []report.Text{txt("大江奔流风帆劲 只争朝夕砥砺前行", 14)}, Subtitle: txt("某区奏响发展的乐章", 15)}
	r.Byline = txt("记者 甲乙 丙丁", 16)
	r.Lead = []report.Text{txt(para(60, "导语文字"), 18), txt(para(40, "第二段导"), 19)}
	v := 352.34
	gr := 4.5
	r.Figures = []*report.Figure{{ID: "gdp", Label: txt("地区生产总值", 21), Value: &v, ValueText: "352.34", Unit: "亿元", Growth: &gr, Highlight: true}}
	for i := 0; i < sections; i++ {
		s := &report.Section{Label: string(rune('A' + i)), Title: txt(fmt.Sprintf("第%d节标题", i+1), 30+10*i), Pos: report.Pos{File: "data.yaml", Line: 29 + 10*i, Col: 5}}
		for p := 0; p < 4; p++ {
			s.Paragraphs = append(s.Paragraphs, txt(para(chars/4/4, fmt.Sprintf("正文%c%d", 'A'+i, p)), 31+10*i+p))
		}
		s.Photos = []*report.Photo{{File: "a.jpg", Format: "jpeg", PixelW: 1600, PixelH: 900, Caption: txt("图片说明"+s.Label, 36+10*i), Credit: txt("记者 某", 37+10*i)}}
		r.Sections = append(r.Sections, s)
	}
	r.Closing = []report.Text{txt(para(30, "结束语句"), 99)}
	return r
}

func TestGridArithmetic(t *testing.T) {
	for _, c := range []struct{ n, k, want int }{
		{1, 1, 13}, {2, 1, 27}, {3, 1, 41}, {8, 1, 111}, {5, 2, 34}, {8, 4, 27}, {4, 2, 27}, {6, 3, 27}, {7, 3, 31}, {3, 2, 20},
	} {
		if got := splitChars(colChars, c.n, c.k); got != c.want {
			t.Errorf("splitChars(13,%d,%d) = %d, want %d", c.n, c.k, got, c.want)
		}
	}
	g, ok := newGrid(390*page.MM, 546*page.MM, 2, 8, 9)
	if !ok {
		t.Fatal("broadsheet at 9 pt does not fit")
	}
	if tw := g.typeW(); math.Abs(tw-999) > 1e-9 {
		t.Errorf("type area %g pt, want 111 × 9 = 999", tw)
	}
	if d := g.colX(1) - g.colX(0); d != 14*9 {
		t.Errorf("column pitch %g, want 126", d)
	}
	if math.Abs(g.left*2+g.typeW()-g.pageW) > 1e-9 {
		t.Errorf("type area not centred: left %g", g.left)
	}
	c := textColumns(g, g.colX(0), 5, 2)
	if c.chars != 34 || c.w != 34*9 || math.Abs(c.x[1]+c.w-(g.colX(0)+g.span(5))) > 1e-9 {
		t.Errorf("2 columns over 5: %+v", c)
	}
	// 8 columns of 13 at 五号 (411 mm) do not fit a 390 mm page with 12 mm margins: the
	// columns narrow to 11 characters (95 × 10.5 pt = 352 mm) instead of the page refusing
	for _, c := range []struct {
		w, body float64
		cols    int
		want    int
	}{
		{390, 10.5, 8, 11}, {390, 9, 8, 13}, {273, 9, 6, 12}, {273, 10.5, 6, 10}, {297, 9, 6, 13}, {210, 9, 4, 13},
		{210, 9, 6, 0}, {297, 9, 3, 27}, {300, 9, 5, 16}, {210, 9, 1, 27},
	} {
		if got := columnChars(c.w*page.MM, c.cols, c.body); got != c.want {
			t.Errorf("%g mm, %d columns at %g pt: %d-character columns, want %d", c.w, c.cols, c.body, got, c.want)
		}
		g, ok := newGrid(c.w*page.MM, 400*page.MM, 1, c.cols, c.body)
		if ok != (c.want > 0) || ok && (g.left < minOuter || g.col != c.want) {
			t.Errorf("%g mm, %d columns at %g pt: grid %+v ok %v", c.w, c.cols, c.body, g, ok)
		}
	}
}

func TestThreadBalances(t *testing.T) {
	var ls []bodyLine
	for i := 0; i < 40; i++ {
		ls = append(ls, bodyLine{first: i%10 == 0, last: i%10 == 9})
	}
	starts := []int{10, 10, 14, 10}
	counts, end, _, ok := thread(ls, starts, 100)
	if !ok {
		t.Fatal("40 lines do not fit 4 columns of 90")
	}
	sum := 0
	for c, n := range counts {
		sum += n
		if e := starts[c] + n; e < end-2 || e > end {
			t.Errorf("column %d ends at %d, balanced end %d", c, e, end)
		}
	}
	if sum != 40 {
		t.Errorf("%d lines placed, want 40", sum)
	}
	// no column starts with a paragraph's last line
	i := 0
	for _, n := range counts[:len(counts)-1] {
		i += n
		if i < len(ls) && ls[i].last && !ls[i].first {
			t.Errorf("widow at line %d", i)
		}
	}
	if _, _, over, ok := thread(ls, []int{0, 0}, 15); ok || over != 10 {
		t.Errorf("40 lines in 2×15: ok %v over %d, want 10 over", ok, over)
	}
}

func TestCoverCrop(t *testing.T) {
	ix, iy, iw, ih := cover(10, 20, 160, 90, 1200, 1200) // square picture into a 16:9 frame
	if iw != 160 || ih != 160 || ix != 10 || iy != 20-35 {
		t.Errorf("cover = %g %g %g %g", ix, iy, iw, ih)
	}
	ix, iy, iw, ih = cover(0, 0, 120, 90, 1920, 1080) // wide picture into 4:3
	if ih != 90 || math.Abs(iw-160) > 1e-9 || math.Abs(ix+20) > 1e-9 || iy != 0 {
		t.Errorf("cover = %g %g %g %g", ix, iy, iw, ih)
	}
}

func allItems(its []page.Item, off page.Point, f func(page.Item, page.Point)) {
	for _, it := range its {
		if g, ok := it.(page.Group); ok {
			allItems(g.Items, page.Point{X: off.X + g.X, Y: off.Y + g.Y}, f)
			continue
		}
		f(it, off)
	}
}

// docText concatenates the document's text runs in drawing order, one string per face and
// size, so that running heads and captions between two columns of body text do not interrupt it.
func docText(d *page.Document) map[string]string {
	b := map[string]*strings.Builder{}
	for _, p := range d.Pages {
		allItems(p.Items, page.Point{}, func(it page.Item, _ page.Point) {
			if t, ok := it.(page.Text); ok {
				key := fmt.Sprintf("%s/%g", t.Font, t.Size)
				if b[key] == nil {
					b[key] = &strings.Builder{}
				}
				b[key].WriteString(t.S)
			}
		})
	}
	out := map[string]string{}
	for k, v := range b {
		out[k] = squeeze(v.String())
	}
	return out
}

func squeeze(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || r == '\u3000' {
			return -1
		}
		return r
	}, s)
}

// proseIn checks every prose string of the report appears, in order, in the document's text.
func proseIn(t *testing.T, r *report.Report, d *page.Document) {
	t.Helper()
	all := docText(d)
	var prose []string
	for _, x := range r.Headline.Title {
		prose = append(prose, strings.Fields(x.S)...) // a spread sets the clauses on two pages
	}
	prose = append(prose, r.Headline.Subtitle.S, r.Byline.S)
	for _, x := range r.Lead {
		prose = append(prose, x.S)
	}
	for _, f := range r.Figures {
		if f.Highlight {
			prose = append(prose, f.Label.S)
		}
	}
	for _, s := range r.Sections {
		prose = append(prose, s.Title.S)
		for _, p := range s.Paragraphs {
			prose = append(prose, p.S)
		}
		for _, p := range s.Photos {
			prose = append(prose, p.Caption.S, p.Credit.S)
		}
	}
	for _, x := range r.Closing {
		prose = append(prose, x.S)
	}
	for _, p := range prose {
		if p = squeeze(p); p == "" {
			continue
		}
		found := false
		for _, s := range all {
			found = found || strings.Contains(s, p)
		}
		if !found {
			t.Errorf("prose %q is not in the document's text", p)
		}
	}
}

func TestPrintFake(t *testing.T) {
	r := fakeReport(2, 3, 1600)
	d, err := printDoc(fakeKit(), r)
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Pages) != 2 || d.Print == nil || d.Print.Bleed != 3*page.MM || len(d.Outline) != 3 || d.Language != "zh-CN" {
		t.Fatalf("doc: %d pages, print %+v, %d bookmarks", len(d.Pages), d.Print, len(d.Outline))
	}
	proseIn(t, r, d)
	ppiAtLeast(t, d, minPPI)
	// the search chose one baseline pitch for the document, among those allowed: the least
	// distance between two body baselines
	var ys []float64
	body := 0.0
	for _, p := range d.Pages {
		for _, it := range p.Items {
			if v, ok := it.(page.Text); ok && v.Font == "song" && strings.HasPrefix(v.S, "正文") {
				ys = append(ys, v.Y)
				if body != 0 && v.Size != body {
					t.Fatalf("body text at %g and %g pt", body, v.Size)
				}
				body = v.Size
			}
		}
	}
	if body != xiaoWu && body != wuHao {
		t.Fatalf("body at %g pt: not 小五 or 五号", body)
	}
	sort.Float64s(ys)
	lead := math.Inf(1)
	for i := 1; i < len(ys); i++ {
		if d := ys[i] - ys[i-1]; d > 1e-6 {
			lead = math.Min(lead, d)
		}
	}
	pitch := 0.0
	for _, f := range append(pitches(), halfPitches()...) {
		if math.Abs(lead-body*f) < 1e-6 {
			pitch = f
		}
	}
	if pitch == 0 {
		t.Fatalf("body baselines %g pt apart: not a pitch of %v × %g pt", lead, pitches(), body)
	}
	g, _ := newGridPitch(r.Layout.Width, r.Layout.Height, 2, 8, body, pitch)
	for pi, p := range d.Pages {
		allItems(p.Items, page.Point{}, func(it page.Item, o page.Point) {
			var x0, y0, x1, y1 float64
			switch v := it.(type) {
			case page.Text:
				x0, y0, x1, y1 = o.X+v.X, o.Y+v.Y-v.Size, o.X+v.X+float64(len([]rune(v.S)))*v.Size, o.Y+v.Y
				// text keeps 10 mm off the fold
				if pi == 0 && x1 > p.Width-minFold+1e-6 || pi == 1 && x0 < minFold-1e-6 {
					t.Errorf("page %d: text %q within 10 mm of the fold (x %g..%g)", pi, v.S, x0, x1)
				}
				if v.Color != (page.Color{}) && v.Color.C+v.Color.M+v.Color.Y > 0 && v.Font != "hei" {
					t.Errorf("text %q in colour %+v", v.S, v.Color)
				}
			case page.Rect:
				x0, y0, x1, y1 = o.X+v.X, o.Y+v.Y, o.X+v.X+v.W, o.Y+v.Y+v.H
			case page.Image:
				x0, y0, x1, y1 = v.X, v.Y, v.X+v.W, v.Y+v.H
				if v.IW < v.W-1e-9 || v.IH < v.H-1e-9 || math.Abs((v.IX+v.IW/2)-(v.X+v.W/2)) > 1e-6 {
					t.Errorf("picture does not cover its frame centred: %+v", v)
				}
				tall, wide := frameAspects(&report.Photo{PixelW: v.PixelW, PixelH: v.PixelH}, false)
				if a := v.W / v.H; a < tall-0.05 || a > wide+0.05 {
					t.Errorf("frame %gx%g aspect %.2f crops a %d×%d photo past its budget (%.2f..%.2f)", v.W, v.H, a, v.PixelW, v.PixelH, tall, wide)
				}
			default:
				return
			}
			b := 3 * page.MM
			if x0 < -b || y0 < -b || x1 > p.Width+b || y1 > p.Height+b {
				t.Errorf("page %d: item outside trim+bleed: %T %g,%g..%g,%g", pi, it, x0, y0, x1, y1)
			}
		})
	}
	// body text sits on the baseline grid: first body baseline = grid.base(some line)
	onGrid := 0
	for _, p := range d.Pages {
		for _, it := range p.Items {
			if v, ok := it.(page.Text); ok && v.Font == "song" && strings.HasPrefix(v.S, "正文") {
				n := (v.Y - g.base(0)) / g.lead
				if math.Abs(n-math.Round(n)) > 1e-6 {
					t.Errorf("body line %q off the grid at y %g", v.S, v.Y)
				}
				onGrid++
			}
		}
	}
	if onGrid == 0 {
		t.Error("no body text found")
	}
}

func TestOverflowError(t *testing.T) {
	r := fakeReport(1, 2, 12000)
	_, err := printDoc(fakeKit(), r)
	errs, ok := err.(report.Errors)
	if !ok || len(errs) == 0 {
		t.Fatalf("want report.Errors, got %v", err)
	}
	e := errs[0]
	if e.Pos != r.Sections[0].Pos && e.Pos != r.Sections[1].Pos || !regexp.MustCompile(`about \d+0 characters over \(\d+ lines\)`).MatchString(e.Msg) || !strings.Contains(e.Msg, "pages: 2") {
		t.Errorf("error %v", e)
	}
}

func TestAstralIsError(t *testing.T) {
	r := fakeReport(2, 1, 400)
	r.Sections[0].Paragraphs[1].S += "𠀀"
	_, err := printDoc(fakeKit(), r)
	errs, ok := err.(report.Errors)
	if !ok || len(errs) != 1 || errs[0].Pos != r.Sections[0].Paragraphs[1].Pos {
		t.Fatalf("want one error at the paragraph, got %v", err)
	}
}

func TestShapes(t *testing.T) {
	for _, c := range []struct {
		pages, cols, secs, chars int
		w, h                     float64
	}{{1, 8, 1, 2000, 390, 546}, {2, 8, 6, 1200, 390, 546}, {1, 6, 3, 400, 273, 390}, {1, 4, 2, 200, 297, 420},
		{1, 4, 2, 40, 210, 297}, {2, 4, 1, 1000, 297, 420}} {
		r := fakeReport(c.pages, c.secs, c.chars)
		r.Layout.Columns, r.Layout.Width, r.Layout.Height = c.cols, c.w*page.MM, c.h*page.MM
		if c.w < 250 {
			r.Lead, r.Closing = r.Lead[1:], nil // an A4 page has room for a short lead only
		}
		d, err := printDoc(fakeKit(), r)
		if err != nil {
			t.Errorf("%+v: %v", c, err)
			continue
		}
		if len(d.Pages) != c.pages {
			t.Errorf("%+v: %d pages", c, len(d.Pages))
		}
		proseIn(t, r, d)
		ppiAtLeast(t, d, minPPI)
		b, err := briefingDoc(fakeKit(), r)
		if err != nil {
			t.Errorf("briefing %+v: %v", c, err)
			continue
		}
		proseIn(t, r, b)
	}
}

func TestBriefingFake(t *testing.T) {
	r := fakeReport(2, 3, 4000)
	d, err := briefingDoc(fakeKit(), r)
	if err != nil {
		t.Fatal(err)
	}
	if d.Print != nil || d.MaxPPI != 150 || len(d.Outline) != 2+3 || len(d.Pages) < 2 { // 主要指标, 主要指标一览, 3 sections
		t.Errorf("briefing: print %v, ppi %g, %d bookmarks, %d pages", d.Print, d.MaxPPI, len(d.Outline), len(d.Pages))
	}
	for _, p := range d.Pages {
		if p.Width != a4W || p.Height != a4H {
			t.Errorf("page %gx%g, want A4", p.Width, p.Height)
		}
	}
	proseIn(t, r, d)
}

func TestChineseDate(t *testing.T) {
	if s := chineseDate(time.Date(2021, 1, 8, 0, 0, 0, 0, time.UTC)); s != "2021年1月8日 星期五" {
		t.Errorf("date %q", s)
	}
}

// ppiAtLeast fails for every image drawn at fewer than min pixels per inch along either side.
func ppiAtLeast(t *testing.T, d *page.Document, min float64) int {
	t.Helper()
	n := 0
	for pi, p := range d.Pages {
		allItems(p.Items, page.Point{}, func(it page.Item, _ page.Point) {
			v, ok := it.(page.Image)
			if !ok || v.PixelW <= 0 {
				return
			}
			n++
			if x, y := float64(v.PixelW)/(v.IW/72), float64(v.PixelH)/(v.IH/72); x < min-1e-6 || y < min-1e-6 {
				t.Errorf("page %d: %s drawn %.0f×%.0f pt at %.0f×%.0f ppi, below %g", pi, v.Name, v.IW, v.IH, x, y, min)
			}
		})
	}
	return n
}

// TestPhotoResolution gives every section small photos: the fill search must keep each frame
// within its pixels at 200 ppi although larger frames would fill the page better.
func TestPhotoResolution(t *testing.T) {
	for _, c := range []struct {
		pages, secs, pw, ph int
		w, h                float64
		cols                int
	}{{2, 3, 1000, 700, 390, 546, 8}, {1, 2, 900, 600, 390, 546, 8}, {1, 1, 800, 600, 273, 390, 6}, {2, 4, 1200, 680, 390, 546, 8}} {
		r := fakeReport(c.pages, c.secs, 800)
		r.Layout.Columns, r.Layout.Width, r.Layout.Height = c.cols, c.w*page.MM, c.h*page.MM
		for _, s := range r.Sections {
			for i := 0; i < 2; i++ {
				s.Photos = append(s.Photos, &report.Photo{File: fmt.Sprintf("s%s%d.jpg", s.Label, i), Format: "jpeg", PixelW: c.pw, PixelH: c.ph,
					Caption: txt("小图"+s.Label, 40), Credit: txt("记者", 41)})
			}
		}
		d, err := printDoc(fakeKit(), r)
		if err != nil {
			t.Errorf("%+v: %v", c, err)
			continue
		}
		if n := ppiAtLeast(t, d, minPPI); n == 0 {
			t.Errorf("%+v: no photo placed", c)
		}
	}
}

// TestStackHeights: the side block's photos share the wanted height within their ranges.
func TestStackHeights(t *testing.T) {
	for _, c := range []struct {
		rs   []rng
		want int
		out  []int
	}{
		{[]rng{{10, 14}, {10, 14}}, 24, []int{12, 12}},
		{[]rng{{10, 14}, {10, 14}}, 40, []int{14, 14}}, // capped at 4:3
		{[]rng{{10, 14}, {10, 14}}, 5, []int{10, 10}},  // never below 16:9
		{[]rng{{10, 10}, {8, 16}}, 22, []int{10, 12}},
	} {
		got := stackHeights(c.rs, c.want)
		if fmt.Sprint(got) != fmt.Sprint(c.out) {
			t.Errorf("stackHeights(%v, %d) = %v, want %v", c.rs, c.want, got, c.out)
		}
	}
}

// TestRagged: side-by-side modules ending more than raggedSlack lines apart cost the cells between.
func TestRagged(t *testing.T) {
	mk := func(pg, used, chars int) modPlan {
		return modPlan{m: &module{parts: []part{{page: pg}}}, used: used, cols: []columns{{x: []float64{0, 1}, chars: chars}}}
	}
	if got := ragged([]modPlan{mk(0, 90, 27), mk(0, 80, 20), mk(1, 50, 27)}); got != (10-raggedSlack)*40 {
		t.Errorf("ragged = %g, want %d", got, (10-raggedSlack)*40)
	}
	if got := ragged([]modPlan{mk(0, 90, 27), mk(0, 90-raggedSlack, 20)}); got != 0 {
		t.Errorf("ragged within the slack = %g, want 0", got)
	}
}

// Five sections on one broadsheet page are more than its pairs of columns hold side by side:
// they go in rows, every row at least headLines+5 lines deep, and the page fits what five
// shallow full-width strips refused.
func TestRowsOfSections(t *testing.T) {
	r := fakeReport(1, 5, 1100)
	for _, s := range r.Sections {
		s.Photos = nil
	}
	d, err := printDoc(fakeKit(), r)
	if err != nil {
		t.Fatal(err)
	}
	proseIn(t, r, d)
	heads := map[float64][]float64{} // y of each head → their x
	for _, b := range d.Outline {
		heads[b.Y] = append(heads[b.Y], 0)
	}
	if len(d.Outline) != 5 {
		t.Fatalf("%d bookmarks", len(d.Outline))
	}
	ys := make([]float64, 0, len(heads))
	for y := range heads {
		ys = append(ys, y)
	}
	sort.Float64s(ys)
	if len(ys) < 2 {
		t.Errorf("five sections in %d row", len(ys))
	}
	g, _ := newGrid(r.Layout.Width, r.Layout.Height, 1, 8, 9)
	for i := 1; i < len(ys); i++ {
		if d := ys[i] - ys[i-1]; d < float64(headLines+5)*g.lead {
			t.Errorf("a row of %.0f pt: shallower than its head and five lines", d)
		}
	}
}

func TestRowCuts(t *testing.T) {
	cuts := rowCuts([]int{0, 1, 2, 3, 4}, 3)
	// compositions of 5 into parts of 1..3: 13
	if len(cuts) != 13 {
		t.Errorf("%d cuts of five sections into rows of at most three, want 13", len(cuts))
	}
	for _, c := range cuts {
		n := 0
		for _, row := range c {
			if len(row) < 1 || len(row) > 3 {
				t.Errorf("row %v in %v", row, c)
			}
			for _, s := range row {
				if s != n {
					t.Errorf("cut %v does not keep the sections' order", c)
				}
				n++
			}
		}
	}
	if got := shareRow(8, []int{0, 1, 2}, []float64{1, 1, 1}); got[0]+got[1]+got[2] != 8 || got[2] < 2 {
		t.Errorf("shareRow 8 over three equal sections: %v", got)
	}
}

// A portrait photo is shown as a portrait and a panorama as a panorama: the frame crops no
// more than cropBudget of either side.
func TestFramesKeepThePhotosShape(t *testing.T) {
	k := fakeKit().memo()
	g, _ := newGrid(390*page.MM, 546*page.MM, 1, 8, 9)
	for _, c := range []struct{ pw, ph int }{{2000, 3000}, {3000, 1000}, {2000, 2000}} {
		p := &report.Photo{PixelW: c.pw, PixelH: c.ph, Caption: txt("图片说明", 40)}
		w := g.span(3)
		lo, hi, ok := photoLines(k, g, p, w)
		if !ok {
			t.Fatalf("%d×%d: no height at three columns", c.pw, c.ph)
		}
		a := float64(c.pw) / float64(c.ph)
		for _, n := range []int{lo, hi} {
			cp := setCaption(k, p, w, g.body)
			fh := float64(n)*g.lead - cp.height() - 0.5*g.lead
			if f := w / fh; f < a*(1-cropBudget)-0.05 || f > a/(1-cropBudget)+0.05 || (a < 1) != (f < 1) && a != 1 {
				t.Errorf("%d×%d photo in a %.0f×%.0f frame (aspect %.2f)", c.pw, c.ph, w, fh, f)
			}
		}
	}
}

// A section begun in a strip at the left page's foot and carried on to the right page says so
// in both places: （下转第N版） on the strip's last line, at the right of its last column, and
// （上接第N版） over the text where it picks up; no body line is drawn on either.
func TestStripJumpLines(t *testing.T) {
	k := fakeKit().memo()
	g, _ := newGrid(390*page.MM, 546*page.MM, 2, 8, 9)
	sec := &report.Section{Label: "B", Title: txt("第二节标题", 40), Paragraphs: []report.Text{txt(para(150, "正文乙丙"), 41)}}
	strip := g.nlines - 12
	m := &module{sec: sec, parts: []part{{page: 0, col: 0, n: g.cols}, {page: 1, col: 0, n: 4}}, line0: 40, limit: g.nlines, strip: strip}
	p := planModule(k, g, m)
	if !p.ok || p.jumpOut < 0 || p.counts[p.jumpIn] == 0 {
		t.Fatalf("strip module: ok %v, jump %d→%d, counts %v", p.ok, p.jumpOut, p.jumpIn, p.counts)
	}
	out, opens, errs := p.items(k, g, page.Color{M: 1}, 4)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	find := func(its []page.Item, s string) (page.Text, bool) {
		for _, it := range its {
			if v, ok := it.(page.Text); ok && v.S == s {
				return v, true
			}
		}
		return page.Text{}, false
	}
	down, ok := find(out[0], "（下转第5版）")
	if !ok {
		t.Fatalf("no 下转第5版 on the left page")
	}
	up, ok := find(out[1], "（上接第4版）")
	if !ok {
		t.Fatalf("no 上接第4版 on the right page")
	}
	last := p.slots[p.jumpOut]
	if right := last.x + p.colW(p.jumpOut); math.Abs(down.X+float64(len([]rune(down.S)))*g.body-right) > 1e-6 {
		t.Errorf("下转 ends at %g, want at the column's right edge %g", down.X+float64(len([]rune(down.S)))*g.body, right)
	}
	if down.Y > g.base(g.nlines-1)+1e-6 {
		t.Errorf("下转 below the last line: %g", down.Y)
	}
	in := p.slots[p.jumpIn]
	if up.X != in.x || math.Abs(up.Y-g.base(in.start-1)) > 1e-6 {
		t.Errorf("上接 at %g,%g, want over the carried text at %g,%g", up.X, up.Y, in.x, g.base(in.start-1))
	}
	// no body line shares a line with either
	for pg, its := range map[int][]page.Item{0: out[0], 1: append(opens[1], out[1]...)} {
		jump := down
		if pg == 1 {
			jump = up
		}
		for _, it := range its {
			if v, ok := it.(page.Text); ok && v.Font == "song" && math.Abs(v.Y-jump.Y) < 1e-6 && math.Abs(v.X-jump.X) < p.colW(0) {
				t.Errorf("page %d: body line %q on the jump line's line", pg, v.S)
			}
		}
	}
}

// A section carried over the fold fills its columns on the page before to that page's foot,
// carries the rest on in its columns of the next page from the carry line (under 上接), and
// says so in both places.
func TestCarriedSectionFillsThePageBefore(t *testing.T) {
	k := fakeKit().memo()
	g, _ := newGrid(390*page.MM, 546*page.MM, 2, 8, 9)
	sec := &report.Section{Label: "A", Title: txt("第一节标题", 40), Paragraphs: []report.Text{txt(para(1000, "正文甲乙"), 41)}}
	at := g.nlines - 20
	m := &module{sec: sec, parts: []part{{page: 0, col: 4, n: 4}, {page: 1, col: 0, n: g.cols}}, line0: g.nlines - 40,
		limit: at, carry: 30, foot: g.nlines}
	p := planModule(k, g, m)
	if !p.ok || p.jumpOut < 0 || p.jumpIn != p.jumpOut+1 {
		t.Fatalf("carried module: ok %v, jump %d→%d, counts %v", p.ok, p.jumpOut, p.jumpIn, p.counts)
	}
	total := 0
	for c, s := range p.slots {
		total += p.counts[c]
		end := s.start + p.counts[c]
		switch {
		case s.page == 0 && end < g.nlines-1:
			t.Errorf("column %d before the fold ends at line %d, not at the foot %d", c, end, g.nlines)
		case s.page == 1 && (s.start < m.carry || end > at):
			t.Errorf("carried column %d runs %d-%d, outside %d-%d", c, s.start, end, m.carry, at)
		case c == p.jumpIn && s.start != m.carry+1:
			t.Errorf("the carried text starts at line %d, not under 上接 at %d", s.start, m.carry+1)
		}
	}
	if total != len(p.body) {
		t.Errorf("%d lines threaded of %d", total, len(p.body))
	}
	out, opens, errs := p.items(k, g, page.Color{M: 1}, 2)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	has := func(its []page.Item, s string) bool {
		for _, it := range its {
			if v, ok := it.(page.Text); ok && v.S == s {
				return true
			}
		}
		return false
	}
	if !has(out[0], "（下转第3版）") || !has(out[1], "（上接第2版）") {
		t.Errorf("jump lines missing: 下转 %v, 上接 %v", has(out[0], "（下转第3版）"), has(out[1], "（上接第2版）"))
	}
	if len(opens[1]) == 0 {
		t.Errorf("the carried text does not open the next page's content")
	}
}

// A spread whose left page cannot hold its long section is not refused when the section fits
// carried on over the fold, above the right page's sections (in a row, or in rows when they do
// not fit side by side): before, only the right page's first section could cross the fold.
func TestLongLeftSectionIsCarriedOver(t *testing.T) {
	f, err := fonts.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		file string
		rows int // rows of sections under the carried text
	}{
		{"n08-a4-two-pages-shiwan.yaml", 1},
		{"n11-a4-two-pages-longfirst.yaml", 2},
	} {
		r, err := report.Load(corpusDir + "/" + c.file)
		if err != nil {
			t.Fatal(err)
		}
		// the same report a little shorter: the last section without its photo (and n08
		// without its closing)
		if c.rows == 1 {
			r.Closing = nil
		}
		r.Sections[len(r.Sections)-1].Photos = nil
		res, err := printPlan(realKit(f), r)
		if err != nil {
			t.Errorf("%s refused: %v", c.file, err)
			continue
		}
		carried, rows := 0, map[int]bool{}
		for i, m := range res.plan.mods {
			switch {
			case m.carry > 0:
				carried++
				if m.sec != r.Sections[0] || !res.plan.plans[i].ok {
					t.Errorf("%s: carried %q, ok %v", c.file, m.sec.Title.S, res.plan.plans[i].ok)
				}
			case m.parts[0].page == 1 && m.stacked:
				rows[m.row] = true
			}
		}
		if carried != 1 || len(rows) != c.rows {
			t.Errorf("%s: %d sections carried over the fold, %d rows under, want 1 and %d:\n%s", c.file, carried, len(rows), c.rows, res.dump())
		}
		d, err := printDoc(realKit(f), r)
		if err != nil {
			t.Fatal(err)
		}
		proseIn(t, r, d)
	}
}

// A lead too long for its page is blamed at the lead's own position, as well as the sections
// it pushes off the page.
func TestLongLeadIsBlamed(t *testing.T) {
	r := fakeReport(1, 2, 2000)
	r.Lead = []report.Text{txt(para(1800, "导语很长"), 18)}
	_, err := printDoc(fakeKit(), r)
	errs, ok := err.(report.Errors)
	if !ok {
		t.Fatalf("err %v (%T), want report.Errors", err, err)
	}
	found := false
	for _, e := range errs {
		if e.Pos.Line == 18 && strings.Contains(e.Msg, "the lead takes") && strings.Contains(e.Msg, "characters") {
			found = true
		}
	}
	if !found {
		t.Errorf("no error at the lead (line 18) in %v", errs)
	}
}

// A section's text begins at the top of its first text column: where a figure stands over part
// of a section, it is not over the column the reader starts in, so the first line drawn (the
// first read) is as high as any of the section's lines on its page (a column carried on over
// the fold begins with its 上接 line).
func TestTextBeginsAtTheTopOfItsFirstColumn(t *testing.T) {
	r := fakeReport(2, 3, 1600)
	d, err := printDoc(fakeKit(), r)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range r.Sections {
		prefix := "正文" + s.Label
		for pi, p := range d.Pages {
			first, firstX, top := math.NaN(), 0.0, math.Inf(1)
			for _, it := range p.Items {
				v, ok := it.(page.Text)
				if !ok || v.Font != "song" || !strings.HasPrefix(v.S, prefix) {
					continue
				}
				if math.IsNaN(first) {
					first, firstX = v.Y, v.X
				}
				top = math.Min(top, v.Y)
			}
			// text carried on over the fold begins under its 上接 line, which opens the column
			for _, it := range p.Items {
				if v, ok := it.(page.Text); ok && strings.HasPrefix(v.S, "（上接") && v.Y < first && math.Abs(v.X-firstX) < 3*v.Size {
					first = v.Y
				}
			}
			if !math.IsNaN(first) && first > top+1e-6 {
				t.Errorf("section %s, page %d: text begins at y %.1f, below its highest line at %.1f", s.Label, pi+1, first, top)
			}
		}
	}
}

// Rules: two rows of the band on one page share the rule between them (no double rule), and
// a row of sections under another is set off by a rule across its top.
func TestRulesBetweenBandRowsAndSectionRows(t *testing.T) {
	r := fakeReport(1, 5, 1100)
	for _, s := range r.Sections {
		s.Photos = nil
	}
	r.Charts = []*report.Chart{{Title: txt("图表", 22), Kind: "column", Of: "growth", Figures: r.Figures, Place: "lead", Pos: report.Pos{File: "data.yaml", Line: 22, Col: 5}}}
	d, err := printDoc(fakeKit(), r)
	if err != nil {
		t.Fatal(err)
	}
	g, _ := newGrid(r.Layout.Width, r.Layout.Height, 1, 8, 9)
	var ys []float64 // horizontal rules at least a grid column long
	for _, it := range d.Pages[0].Items {
		if l, ok := it.(page.Line); ok && l.Y1 == l.Y2 && l.X2-l.X1 >= g.span(2)-1e-6 {
			ys = append(ys, l.Y1)
		}
	}
	sort.Float64s(ys)
	for i := 1; i < len(ys); i++ {
		if d := ys[i] - ys[i-1]; d > 1e-6 && d < g.lead {
			t.Errorf("rules at y %.1f and %.1f, %.1f pt apart: a double rule", ys[i-1], ys[i], d)
		}
	}
	heads := map[float64]bool{}
	for _, b := range d.Outline {
		heads[b.Y] = true
	}
	rowsRuled := 0
	for y := range heads {
		for _, ry := range ys {
			if ry >= y && ry < y+g.lead {
				rowsRuled++
				break
			}
		}
	}
	if len(heads) > 1 && rowsRuled < len(heads)-1 {
		t.Errorf("%d rows of sections, %d with a rule over them", len(heads), rowsRuled)
	}
}

// The last fallback before a refusal gives figures smaller least sizes: a chart's and a
// landscape photo's least heights drop, their greatest do not.
func TestTightFiguresAreSmaller(t *testing.T) {
	k := fakeKit().memo()
	g, _ := newGrid(273*page.MM, 390*page.MM, 1, 6, 9)
	tg := g
	tg.tight = true
	c := &report.Chart{Kind: "column", Figures: []*report.Figure{{}, {}, {}}}
	lo, hi := chartLines(g, c, g.span(3))
	tlo, thi := chartLines(tg, c, g.span(3))
	if tlo >= lo || thi != hi {
		t.Errorf("column chart: %d..%d lines, tight %d..%d", lo, hi, tlo, thi)
	}
	p := &report.Photo{PixelW: 1600, PixelH: 1200, Caption: txt("图片说明", 40)}
	plo, phi, _ := photoLines(k, g, p, g.span(3))
	tplo, tphi, _ := photoLines(k, tg, p, g.span(3))
	if tplo >= plo || tphi != phi {
		t.Errorf("photo: %d..%d lines, tight %d..%d", plo, phi, tplo, tphi)
	}
}

// A portrait may stand in a side block one grid column wide, the text beside it in narrower
// columns: on a four-column page a short section with a 2:3 portrait then needs far fewer lines
// than with the portrait over a whole text column (two grid columns).
func TestPortraitStandsOneColumnWide(t *testing.T) {
	k := fakeKit().memo()
	g, _ := newGrid(210*page.MM, 297*page.MM, 1, 4, 9)
	sec := &report.Section{Title: txt("标题", 30), Paragraphs: []report.Text{txt(para(540, "字"), 31)}}
	portrait := &report.Photo{PixelW: 1200, PixelH: 1800, Caption: txt("图片说明", 40)}
	m := &module{sec: sec, parts: []part{{col: 0, n: 4}}, photos: []*report.Photo{portrait}}
	h := leastHeight(k, g, m, g.nlines)
	m.line0, m.limit = 0, h
	p := planModule(k, g, m)
	if !p.ok || p.side < 0 {
		t.Fatalf("at its least height of %d lines: fits %v, side block %d", h, p.ok, p.side)
	}
	if w := p.slot(p.side).w; math.Abs(w-g.span(1)) > 0.5 {
		t.Errorf("side block %.0f pt wide, want one grid column (%.0f pt)", w, g.span(1))
	}
	var fig fig
	for _, f := range p.figs {
		if f.photo == portrait {
			fig = f
		}
	}
	if fig.lines < 8 {
		t.Errorf("the portrait is %d lines tall, want a portrait's height", fig.lines)
	}
}

// Rows of stacked sections share the page's spare lines by their figures, a guess; a row whose
// figures cannot use its share (a panorama stays a panorama) gives the lines to a row that can,
// instead of leaving white under all its modules inside the page.
func TestRowsPassOnLinesTheyCannotUse(t *testing.T) {
	k := fakeKit().memo()
	g, _ := newGrid(390*page.MM, 546*page.MM, 1, 8, 9)
	short := &report.Section{Title: txt("标题一", 30), Paragraphs: []report.Text{txt(para(300, "字"), 31)}}
	long := &report.Section{Title: txt("标题二", 40), Paragraphs: []report.Text{txt(para(2600, "文"), 41)}}
	pano := &report.Photo{PixelW: 3000, PixelH: 1000, Caption: txt("全景", 35)}
	tall := &report.Photo{PixelW: 2000, PixelH: 3000, Caption: txt("竖图", 45)}
	top := 30
	ms := []*module{
		{sec: short, parts: []part{{col: 0, n: 8}}, line0: top, limit: g.nlines, photos: []*report.Photo{pano}, stacked: true, row: 0},
		{sec: long, parts: []part{{col: 0, n: 8}}, line0: top, limit: g.nlines, photos: []*report.Photo{tall}, stacked: true, row: 1},
	}
	plans := make([]modPlan, 2)
	planStack(k, g, ms, plans)
	for i, p := range plans {
		if !p.ok {
			t.Fatalf("row %d does not fit", i)
		}
	}
	if spare := plans[0].m.limit - plans[0].used; spare > 1 {
		t.Errorf("the first row leaves %d lines under its module while the second's portrait could use them", spare)
	}
	if plans[1].m.limit != g.nlines {
		t.Errorf("the last row ends at line %d, not the foot (%d)", plans[1].m.limit, g.nlines)
	}
}

// A section one line short of its columns' foot, with nothing left to grow, is set a little
// looser: a paragraph broken a character narrower runs on by a line, its lines spread back to
// the full measure, and every column ends at the foot with every character kept.
func TestLooseningFillsTheColumns(t *testing.T) {
	k := fakeKit().memo()
	g, _ := newGrid(390*page.MM, 546*page.MM, 1, 8, 9)
	// with the fake face, 25 characters on a first line (indent 2) and 27 on the others: the
	// first paragraph is 10 full lines, the second 19, one line short of 2 × 15
	p1, p2 := para(25+27*9, "甲"), para(25+27*18, "乙")
	sec := &report.Section{Title: txt("标题", 30), Paragraphs: []report.Text{txt(p1, 31), txt(p2, 32)}}
	m := &module{sec: sec, parts: []part{{col: 0, n: 4}}, line0: 0, limit: headLines + 15}
	p := planModule(k, g, m)
	if !p.ok || len(p.counts) != 2 {
		t.Fatalf("fits %v, %d columns", p.ok, len(p.counts))
	}
	if p.counts[0] != 15 || p.counts[1] != 15 {
		t.Errorf("columns of %v lines, want 15 15", p.counts)
	}
	var got strings.Builder
	for _, l := range p.body {
		for _, r := range l.Runs {
			got.WriteString(r.Text)
			if r.Spacing > looseMax+1e-9 {
				t.Errorf("a run spaced %.3f em", r.Spacing)
			}
		}
		if l.Width > 27+1e-9 {
			t.Errorf("a line %.2f em wide in a 27-em column", l.Width)
		}
	}
	if got.String() != p1+p2 {
		t.Errorf("the text changed: %d characters, want %d", len([]rune(got.String())), len([]rune(p1+p2)))
	}
}

// spread widens a justified line evenly between its characters and leaves a word or a number
// set solid: its right edge moves by exactly the extra width.
func TestSpreadKeepsNumbersSolid(t *testing.T) {
	l := textLine{Width: 10, Runs: []textRun{{X: 0, Text: "全年增长"}, {X: 4.25, Text: "2024"}, {X: 6.5, Text: "年度"}}}
	s, ok := spread(l, 0.48)
	if !ok {
		t.Fatal("not spread")
	}
	// units: 4 after 全年增长, 1 after 2024, 1 inside 年度 → 0.08 em each
	e := 0.48 / 6
	if s.Runs[1].Spacing != 0 || math.Abs(s.Runs[0].Spacing-e) > 1e-9 || math.Abs(s.Runs[2].Spacing-e) > 1e-9 {
		t.Errorf("spacings %.3f %.3f %.3f", s.Runs[0].Spacing, s.Runs[1].Spacing, s.Runs[2].Spacing)
	}
	if math.Abs(s.Runs[1].X-(4.25+4*e)) > 1e-9 || math.Abs(s.Runs[2].X-(6.5+5*e)) > 1e-9 {
		t.Errorf("runs at %.3f and %.3f", s.Runs[1].X, s.Runs[2].X)
	}
	if _, ok := spread(l, 2); ok {
		t.Error("a line spaced past looseMax was spread")
	}
}

// A pie alone across a single page's band leaves most of the row white; beside tiles it leaves
// little; tiles leave none. The search counts that white, so a lone pie joins the tiles' row.
func TestBandWhiteBesideAPie(t *testing.T) {
	g, _ := newGrid(390*page.MM, 546*page.MM, 1, 8, 9)
	pie := bandItem{chart: &report.Chart{Kind: "pie", Figures: []*report.Figure{{ID: "a"}, {ID: "b"}, {ID: "c"}}}}
	tile := bandItem{fig: &report.Figure{ID: "a"}}
	alone := bandWhite(g, []bandItem{pie}, 10)
	shared := bandWhite(g, []bandItem{tile, tile, tile, pie}, 10)
	if tiles := bandWhite(g, []bandItem{tile, tile}, 10); tiles != 0 {
		t.Errorf("tiles leave %.0f cells", tiles)
	}
	if alone < float64(g.gridChars(g.cols))*10/2 {
		t.Errorf("a lone pie leaves %.0f cells of a %d-cell row", alone, g.gridChars(g.cols)*10)
	}
	if shared >= alone/2 {
		t.Errorf("a pie beside tiles leaves %.0f cells, alone %.0f", shared, alone)
	}
	// a column chart of four bars across the whole page spreads them thin (a held-out
	// broadsheet's ran 350 mm wide under 30 mm of height); beside tiles it does not
	column := bandItem{chart: &report.Chart{Kind: "column", Figures: []*report.Figure{{ID: "a"}, {ID: "b"}, {ID: "c"}, {ID: "d"}}}}
	if wide := bandWhite(g, []bandItem{column}, 10); wide <= 0 {
		t.Errorf("a column chart across the page counts no white (%.0f cells)", wide)
	}
	if beside := bandWhite(g, []bandItem{tile, tile, tile, tile, column}, 10); beside != 0 {
		t.Errorf("a column chart beside four tiles counts %.0f cells of white", beside)
	}
	// all of its width past bandAspect heights is white, as much as a row of tiles would
	// leave empty beside it: with half, a held-out line chart of five points ran 351 × 41 mm
	h := 8 * g.lead
	want := (g.typeW() - bandAspect*h) / g.body * 10
	if wide := bandWhite(g, []bandItem{column}, 10); math.Abs(wide-want) > 1 {
		t.Errorf("a column chart across the page counts %.0f cells of white, want %.0f", wide, want)
	}
}

// A photo too small for any frame the grid offers (600 × 400 px fills 76 mm at 200 ppi) takes
// the narrowest, not a side block four columns wide: enlarged least, it prints least blurred.
func TestLowResolutionPhotoTakesTheNarrowestFrame(t *testing.T) {
	k := fakeKit().memo()
	g, _ := newGrid(300*page.MM, 420*page.MM, 1, 6, 10.5)
	low := &report.Photo{PixelW: 600, PixelH: 400, Caption: txt("图片说明", 40)}
	sec := &report.Section{Title: txt("标题", 30), Paragraphs: []report.Text{txt(para(200, "字"), 31), txt(para(200, "文"), 32)}}
	m := &module{sec: sec, parts: []part{{col: 0, n: 6}}, line0: 0, limit: 27, photos: []*report.Photo{low}}
	p := planModule(k, g, m)
	if !p.ok {
		t.Fatal("does not fit")
	}
	for _, f := range p.figs {
		if w := p.figW(f); w > g.span(2)+1 {
			t.Errorf("the 600-pixel photo is %.0f pt wide (%.0f ppi), wider than two grid columns (%.0f pt)", w, 600/(w/72), g.span(2))
		}
	}
}

// Print and briefing show the same tiles: a highlighted figure with neither a value nor a growth
// has nothing to show and is a tile in neither.
func TestTilesAreOneDecision(t *testing.T) {
	r := fakeReport(1, 2, 1200)
	r.Figures = append(r.Figures, &report.Figure{ID: "empty", Label: txt("空空指标", 25), Highlight: true})
	for _, lay := range []func(*kit, *report.Report) (*page.Document, error){printDoc, briefingDoc} {
		d, err := lay(fakeKit(), r)
		if err != nil {
			t.Fatal(err)
		}
		shown := 0
		for _, s := range docText(d) {
			shown += strings.Count(s, "空空指标")
		}
		if shown != 0 {
			t.Errorf("a figure with nothing to show is drawn %d times", shown)
		}
		if n := strings.Count(strings.Join(mapValues(docText(d)), ""), "地区生产总值"); n == 0 {
			t.Error("the figure with a value is not shown")
		}
	}
}

func mapValues(m map[string]string) []string {
	var out []string
	for _, v := range m {
		out = append(out, v)
	}
	return out
}

// A side block may be one column wide for portraits and squares, not for a landscape.
func TestNarrowestSide(t *testing.T) {
	for _, c := range []struct {
		w, h, want int
	}{{1200, 1800, 1}, {1000, 1000, 1}, {1000, 980, 1}, {1600, 1200, 2}, {3000, 1000, 2}} {
		m := &module{photos: []*report.Photo{{PixelW: 1000, PixelH: 1500}, {PixelW: c.w, PixelH: c.h}}}
		if got := narrowestSide(m); got != c.want {
			t.Errorf("a portrait and a %d×%d photo: side block of %d columns at least, want %d", c.w, c.h, got, c.want)
		}
	}
}

// In a section of three grid columns (two text columns of 18 characters) a photo too small for
// the whole width takes one text column, though that spans less than two grid columns.
func TestLowResolutionPhotoTakesOneTextColumn(t *testing.T) {
	k := fakeKit().memo()
	g, _ := newGrid(330*page.MM, 480*page.MM, 1, 7, 9)
	low := &report.Photo{PixelW: 600, PixelH: 400, Caption: txt("图片说明", 40)}
	sec := &report.Section{Title: txt("标题", 30), Paragraphs: []report.Text{txt(para(300, "字"), 31), txt(para(300, "文"), 32)}}
	m := &module{sec: sec, parts: []part{{col: 0, n: 3}}, line0: 0, limit: 40, photos: []*report.Photo{low}}
	p := planModule(k, g, m)
	if !p.ok || len(p.figs) != 1 {
		t.Fatalf("fits %v, %d figures", p.ok, len(p.figs))
	}
	if w, one := p.figW(p.figs[0]), p.slot(0).w; w > one+1 {
		t.Errorf("the 600-pixel photo is %.0f pt wide, a text column %.0f pt", w, one)
	}
}

// TestBoxKeepsShortParagraphsWhole: a lead or closing box does not split a paragraph of five
// lines or fewer between two of its columns: the break moves to the paragraph's end when the
// columns stay within two lines of each other, else the box takes fewer columns; a long
// paragraph is still set across several.
func TestBoxKeepsShortParagraphsWhole(t *testing.T) {
	g, ok := newGrid(390*page.MM, 546*page.MM, 2, 8, 9)
	if !ok {
		t.Fatal("broadsheet at 9 pt does not fit")
	}
	k := fakeKit()
	const size = 10.5
	paras := func(lines ...int) []report.Text { // at 22 characters a line, two columns of a 4-column box
		var ps []report.Text
		for _, n := range lines {
			ps = append(ps, txt(strings.Repeat("字", n*21-3), 1))
		}
		return ps
	}
	for _, c := range []struct {
		lines  []int
		k      int
		counts []int
	}{
		{[]int{6, 3, 5}, 2, []int{6, 8}}, // balanced 7/7 would split the three-line paragraph
		{[]int{4, 4, 4}, 1, []int{6}},    // 4/8 is too uneven: one column
		{[]int{5, 5}, 2, []int{5, 5}},
		{[]int{20}, 2, []int{10, 10}}, // a long paragraph runs on across the columns
	} {
		ls := setLeadAll(k, g, paras(c.lines...), 4, size)
		if ls.k != c.k || fmt.Sprint(ls.counts) != fmt.Sprint(c.counts) || splitsShort(ls) {
			t.Errorf("paragraphs of %v lines: %d columns of %v lines, want %d of %v", c.lines, ls.k, ls.counts, c.k, c.counts)
		}
	}
	// A short lead across a whole broadsheet page is set in columns of two lines or more
	// rather than in one of lines longer than boxMaxChars (it read 95 characters a line).
	wide := []report.Text{txt(strings.Repeat("字", 300), 1)}
	if ls := setLeadAll(k, g, wide, 8, size); ls.k < 2 || ls.w/size > boxMaxChars || slices.Min(ls.counts) < boxFewLines {
		t.Errorf("300 characters across 8 grid columns: %d columns of %v lines at %.0f characters", ls.k, ls.counts, ls.w/size)
	}
	// Too short for columns of two lines, it is set in one column no wider than boxMaxChars in
	// the middle of the box (a closing across a broadsheet read 94 characters a line).
	short := []report.Text{txt(strings.Repeat("字", 90), 1)}
	if ls := setLeadAll(k, g, short, 8, size); ls.k != 1 || ls.w/size > boxMaxChars {
		t.Errorf("90 characters across 8 grid columns: %d columns at %.0f characters", ls.k, ls.w/size)
	} else if left, right := ls.x[0], ls.boxW-ls.x[0]-ls.w; math.Abs(left-right) > size {
		t.Errorf("the narrowed column is not in the middle of the box: %.1f pt left of it, %.1f right", left, right)
	}
	// A box narrower than one character of its size is still set, all of it.
	if ls := setLeadAll(k, g, paras(2), 1, 400); len(ls.lines) == 0 {
		t.Error("a box narrower than a character sets no lines")
	}
}

// TestSpreadTitleBreaksBetweenWords: a title without spaces goes over a spread's fold at the
// word boundary nearest its middle (the later of two as near), a number and marks kept with
// their words.
func TestSpreadTitleBreaksBetweenWords(t *testing.T) {
	g, ok := newGrid(390*page.MM, 546*page.MM, 2, 8, 9)
	if !ok {
		t.Fatal("broadsheet at 9 pt does not fit")
	}
	for _, c := range []struct{ title, left, right string }{
		{"农村居民人均可支配收入增长", "农村居民人均", "可支配收入增长"}, // the middle falls inside 可支配
		{"城镇居民人均可支配收入", "城镇居民人均", "可支配收入"},
		{"2024年经济社会发展综述", "2024年经济", "社会发展综述"}, // not 2|024
		{"“十四五”规划全面完成", "“十四五”", "规划全面完成"},
		{"产教融合育匠才", "产教融合", "育匠才"},                     // seven unlisted characters: four and three, not 产教融|合育匠才
		{"一条溪流串起的共富路", "一条溪流", "串起的共富路"},               // ten: four and six, not 一条溪流串|起的共富路
		{"“5G+工业互联网”赋能云岭智造", "“5G+工业互联网”", "赋能云岭智造"},   // the quotation whole, not “5G+工业互联|网”
		{"《共同富裕示范区建设方案》落地见效", "《共同富裕示范区建设方案》", "落地见效"}, // a book title whole
		{"“绿水青山就是金山银山”理念在山区县的生动实践", "“绿水青山就是金山银山”", "理念在山区县的生动实践"},
		{"“绿水青山就是金山银山”结硕果", "“绿水青山就是金山银山”", "结硕果"},
		{"“绿水青山就是金山银山”好", "“绿水青山就是", "金山银山”好"}, // one page would take most of it: the words
	} {
		groups := titleGroups(fakeKit(), g, []report.Text{txt(c.title, 1)})
		if len(groups) != 2 || len(groups[0]) != 1 || len(groups[1]) != 1 || groups[0][0] != c.left || groups[1][0] != c.right {
			t.Errorf("%s over the fold: %q, want %s | %s", c.title, groups, c.left, c.right)
		}
	}
}

// A figure's label, a tile's and a chart's title are checked against the faces they are drawn
// in before anything is laid out: a character the face lacks is an error at the figure, not a
// blank in a chart or a failed PDF (found by FuzzPipeline: 䥊, U+494A, in a chart's label).
func TestFigureLabelsAreCheckedAgainstTheFaces(t *testing.T) {
	r, f := seed(t)
	fig := r.Figures[0]
	fig.Label.S = "规模主䥊工业"
	for name, lay := range map[string]func(*report.Report, *fonts.Set) (*page.Document, error){"print": Print, "briefing": Briefing} {
		_, err := lay(r, f)
		var list report.Errors
		if !errors.As(err, &list) {
			t.Fatalf("%s: %v, want positioned errors", name, err)
		}
		found := false
		for _, e := range list {
			found = found || e.Pos == fig.Label.Pos && strings.Contains(e.Msg, "䥊")
		}
		if !found {
			t.Errorf("%s: no error at the figure's label %v: %v", name, fig.Label.Pos, err)
		}
	}
}

// The space between a head's phrases is 1 em to the eye: beside a full-width quote or bracket,
// whose glyph brings half an em of blank, the space gives that half up.
func TestHeadSpaceBesideQuotes(t *testing.T) {
	k := fakeKit() // every glyph 1 em, marks full-width
	for _, c := range []struct {
		title string
		x     float64 // where the second phrase starts, em
	}{
		{"蹄疾步稳 经济发展有质量", 5},
		{"家门口就业 “钱袋子”鼓起来", 5.5},
		{"民生“网” 事事有回音", 5.5},
		{"“网” “格”", 3},
	} {
		ws := headWords(k, c.title)
		if len(ws) != 2 || math.Abs(ws[1].x-c.x) > 1e-9 {
			t.Errorf("%s: %+v, want the second phrase at %g em", c.title, ws, c.x)
		}
	}
}

// A section of three or four columns' worth of lines, a photo and a chart across a full-width
// row sets no text column of one to four lines: a stray line or two under a figure reads as a
// misprint, whatever the section's length (it only needs two columns' worth of blocks).
func TestNoStrayColumnUnderFigures(t *testing.T) {
	k := fakeKit().memo()
	g, _ := newGrid(390*page.MM, 546*page.MM, 1, 8, 9)
	for _, n := range []int{300, 420, 560} {
		sec := &report.Section{Title: txt("标题", 30), Paragraphs: []report.Text{txt(para(n/2, "字"), 31), txt(para(n/2, "文"), 32)}}
		photo := &report.Photo{PixelW: 2400, PixelH: 1600, Caption: txt("图片说明", 40)}
		chart := &report.Chart{Kind: "bar", Title: txt("图表", 41), Figures: []*report.Figure{{}, {}}}
		m := &module{sec: sec, parts: []part{{col: 0, n: g.cols}}, photos: []*report.Photo{photo}, charts: []*report.Chart{chart}}
		for _, limit := range []int{18, 22, 26} {
			m.line0, m.limit = 0, limit
			p := planModule(k, g, m)
			if !p.ok {
				continue
			}
			for c, lines := range p.counts {
				if lines > 0 && lines < minBlock {
					t.Errorf("%d characters in %d lines: column %d carries %d lines (%v)", n, limit, c, lines, p.counts)
				}
			}
		}
	}
}

// A panorama over a short section across a wide row may run across the whole module, a banner
// over its text, instead of standing in some of its columns above a hole.
func TestPanoramaRunsAcrossTheModule(t *testing.T) {
	k := fakeKit().memo()
	g, _ := newGrid(390*page.MM, 546*page.MM, 1, 8, 9)
	sec := &report.Section{Title: txt("标题", 30), Paragraphs: []report.Text{txt(para(600, "字"), 31), txt(para(600, "文"), 32)}}
	pano := &report.Photo{PixelW: 3600, PixelH: 1200, Caption: txt("图片说明", 40)}
	for _, limit := range []int{60, 64, 70} {
		m := &module{sec: sec, parts: []part{{col: 0, n: g.cols}}, photos: []*report.Photo{pano}, line0: 0, limit: limit}
		p := planModule(k, g, m)
		if !p.ok || len(p.figs) != 1 {
			t.Fatalf("%d lines: fits %v, %d figures", limit, p.ok, len(p.figs))
		}
		if f := p.figs[0]; f.j != len(p.slots) {
			t.Errorf("%d lines: the panorama spans %d of the module's %d text columns (%d lines)", limit, f.j, len(p.slots), f.lines)
		}
	}
}

// Ten highlighted figures on one A4 page go in even rows of tiles no narrower than
// tileMinChars: before, they stood in one row of ten 37-point tiles, too small to draw, and the
// report was refused for its tiles although its text fitted.
func TestManyTilesGoInRows(t *testing.T) {
	r := fakeReport(1, 1, 200)
	r.Layout.Width, r.Layout.Height, r.Layout.Columns = 210*page.MM, 297*page.MM, 4
	r.Figures, r.Sections[0].Photos = nil, nil
	manyFigures(r, 10)
	for _, f := range r.Figures {
		f.Highlight = true
	}
	g, _ := newGrid(r.Layout.Width, r.Layout.Height, 1, 4, 9)
	across := tilesAcross(g)
	for _, one := range []bool{false, true} {
		rows := bandRows(r, 1, bandPlace{one: one}, across)
		n := 0
		for _, row := range rows {
			n += len(row)
			if len(row) > across {
				t.Errorf("one %v: a row of %d tiles, at most %d fit", one, len(row), across)
			}
			for _, w := range bandWidths(g, row) {
				if w < tileMinChars*g.body-1e-6 {
					t.Errorf("one %v: a tile %.1f pt wide, narrower than %d characters", one, w, tileMinChars)
				}
			}
		}
		if n != 10 || len(rows) != 2 {
			t.Errorf("one %v: %d tiles in %d rows, want 10 in 2", one, n, len(rows))
		}
	}
	d, err := printDoc(fakeKit(), r)
	if err != nil {
		t.Fatalf("refused: %v", err)
	}
	proseIn(t, r, d)
}

// The tiles of a row set their numbers at one size: a figure with a growth line under its
// number has less room for it, and its number stood at about body size beside display-size
// neighbours.
func TestTilesOfARowShareTheirNumberSize(t *testing.T) {
	f, err := fonts.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	k := realKit(f)
	g := 7.9
	figs := []*report.Figure{
		{ID: "a", Label: txt("民生支出", 1), ValueText: "46.8", Unit: "亿元", Growth: &g},
		{ID: "b", Label: txt("群众满意度", 2), ValueText: "95.2", Unit: "%"},
		{ID: "c", Label: txt("城镇新增就业", 3), ValueText: "1.36", Unit: "万人"},
	}
	drawn, errs := drawTiles(k, figs, page.Color{M: 1}, []float64{150, 150, 150}, 50)
	sizes := map[float64]bool{}
	for i, its := range drawn {
		if errs[i] != nil {
			t.Fatal(errs[i])
		}
		for _, it := range its {
			if v, ok := it.(page.Text); ok && v.S == figs[i].ValueText {
				sizes[math.Round(v.Size*100)/100] = true
			}
		}
	}
	if len(sizes) != 1 {
		t.Errorf("the row's numbers are set at %v, not one size", sizes)
	}
	// a row too low for a growth line under a number sets the growth beside its unit, so the
	// row's numbers stand larger; a tall row keeps it under
	at := func(its []page.Item, s string) page.Text {
		for _, it := range its {
			if v, ok := it.(page.Text); ok && v.S == s {
				return v
			}
		}
		return page.Text{}
	}
	low, _ := drawTiles(k, figs, page.Color{M: 1}, []float64{110, 110, 110}, 40)
	num, growth := at(low[0], "46.8"), at(low[0], "7.9%")
	if num.Y != growth.Y || num.Size < 14 || at(low[1], "95.2").Size != num.Size {
		t.Errorf("low row: number %.1f pt at %.1f, growth at %.1f, next number %.1f pt", num.Size, num.Y, growth.Y, at(low[1], "95.2").Size)
	}
	tall, _ := drawTiles(k, figs, page.Color{M: 1}, []float64{150, 150, 150}, 90)
	if num, growth := at(tall[0], "46.8"), at(tall[0], "7.9%"); growth.Y <= num.Y {
		t.Errorf("tall row: growth at %.1f, number at %.1f; want it under", growth.Y, num.Y)
	}
}

// A spread's right page whose lead row holds one panorama sets it across the page: in a frame
// of at most four columns it left a block of white beside it (the held-out n28, 89 × 49 mm).
func TestLonePanoramaCrossesItsPage(t *testing.T) {
	k := fakeKit().memo()
	g, _ := newGrid(297*page.MM, 420*page.MM, 2, 6, 9)
	lead := []report.Text{txt(para(60, "导语文字"), 18)}
	land := &report.Photo{File: "a.jpg", Format: "jpeg", PixelW: 1600, PixelH: 1200, Caption: txt("图一", 30), Credit: txt("记者", 31)}
	pano := &report.Photo{File: "b.jpg", Format: "jpeg", PixelW: 2400, PixelH: 800, Caption: txt("图二", 32), Credit: txt("记者", 33)}
	lr := planLeadRow(k, g, lead, []*report.Photo{land, pano}, 0)
	for _, f := range lr.frames {
		if f.page == 1 && f.photo == pano && f.n != g.cols {
			t.Errorf("the panorama alone on the right page takes %d of its %d columns", f.n, g.cols)
		}
	}
	onRight := false
	for _, f := range lr.frames {
		onRight = onRight || f.page == 1
	}
	if !onRight {
		t.Skip("no frame on the right page in this row")
	}
}

// A donut of one share is one number in a ring: it stands about a tile's size, not the 45 mm
// circle of a pie of several slices (held-out pages printed a lone 92.6 % ring 55 mm wide).
func TestOneShareDonutIsTileSized(t *testing.T) {
	g, _ := newGridPitch(297*page.MM, 420*page.MM, 1, 6, 9, 1.5)
	w := 100 * page.MM
	one := &report.Chart{Kind: "donut", Figures: []*report.Figure{{ID: "a"}}}
	three := &report.Chart{Kind: "donut", Figures: []*report.Figure{{ID: "a"}, {ID: "b"}, {ID: "c"}}}
	lo1, hi1 := chartLines(g, one, w)
	lo3, hi3 := chartLines(g, three, w)
	if float64(hi1)*g.lead > shareMax+g.lead {
		t.Errorf("one share: up to %d lines (%.0f mm), want at most %.0f mm", hi1, float64(hi1)*g.lead/page.MM, (shareMax+g.lead)/page.MM)
	}
	if lo1 >= lo3 || hi1 >= hi3 {
		t.Errorf("one share %d–%d lines, three shares %d–%d: want the one smaller", lo1, hi1, lo3, hi3)
	}
}

// Figures side by side at the top of a section stand lowest-first from the left, so the text
// begins at the top of the first column: a tall photo in column one beside a low chart in two and
// three moves to column three.
func TestLeftmostColumnBeginsHighest(t *testing.T) {
	photo, chart := &report.Photo{File: "p.jpg"}, &report.Chart{Kind: "donut"}
	figs := []fig{{photo: photo, slot: 0, j: 1, top: 10, lines: 16}, {chart: chart, slot: 1, j: 2, top: 10, lines: 9}}
	slots := []slot{{start: 10}, {start: 10}, {start: 10}}
	sky := []int{26, 19, 19}
	leftmostHighest(figs, sky, slots)
	if figs[0].slot != 2 || figs[1].slot != 0 || !slices.Equal(sky, []int{19, 19, 26}) {
		t.Errorf("photo at %d, chart at %d, columns begin at %v; want 2, 0, [19 19 26]", figs[0].slot, figs[1].slot, sky)
	}
	// with the first column free, the columns after it still begin lowest-last
	figs = []fig{{photo: photo, slot: 1, j: 1, top: 10, lines: 16}, {chart: chart, slot: 2, j: 2, top: 10, lines: 9}}
	slots = []slot{{start: 10}, {start: 10}, {start: 10}, {start: 10}}
	sky = []int{10, 26, 19, 19}
	leftmostHighest(figs, sky, slots)
	if figs[0].slot != 3 || figs[1].slot != 1 || !slices.Equal(sky, []int{10, 19, 19, 26}) {
		t.Errorf("photo at %d, chart at %d, columns begin at %v; want 3, 1, [10 19 19 26]", figs[0].slot, figs[1].slot, sky)
	}
	slots = slots[:3]
	// a photo with a chart under it in the same column moves with it
	figs = []fig{{photo: photo, slot: 0, j: 1, top: 10, lines: 10}, {chart: chart, slot: 0, j: 1, top: 20, lines: 10}}
	sky = []int{30, 10, 10}
	leftmostHighest(figs, sky, slots)
	if figs[0].slot != 2 || figs[1].slot != 2 || !slices.Equal(sky, []int{10, 10, 30}) {
		t.Errorf("a column's stack: photo at %d, chart at %d, columns begin at %v; want both at 2, [10 10 30]", figs[0].slot, figs[1].slot, sky)
	}
	// a figure under one that spans other columns is left where it is
	figs = []fig{{photo: photo, slot: 0, j: 2, top: 10, lines: 6}, {chart: chart, slot: 1, j: 1, top: 16, lines: 8}}
	sky = []int{16, 24, 10}
	leftmostHighest(figs, sky, slots)
	if figs[0].slot != 0 || figs[1].slot != 1 || !slices.Equal(sky, []int{16, 24, 10}) {
		t.Errorf("stacked figures moved: photo at %d, chart at %d, columns begin at %v", figs[0].slot, figs[1].slot, sky)
	}
}

// A pie is drawn in the middle of its frame: a frame wider than the circle and its legend need
// leaves white beside it, which the copyfit counts like a bar chart's spare width. A short
// section over three text columns then gives its pie one column, where it fills the frame,
// rather than two with half their width white beside it.
func TestRoundChartWhiteCounts(t *testing.T) {
	k := fakeKit().memo()
	g, _ := newGrid(390*page.MM, 546*page.MM, 1, 8, 9)
	pie := &report.Chart{Kind: "pie", Figures: []*report.Figure{{ID: "a"}, {ID: "b"}, {ID: "c"}}}
	sec := &report.Section{Title: txt("标题", 1), Paragraphs: []report.Text{txt(para(160, "正文乙丙"), 2)}}
	m := &module{sec: sec, parts: []part{{page: 0, col: 0, n: 6}}, line0: 20, limit: g.nlines, charts: []*report.Chart{pie}}
	p := planModule(k, g, m)
	if len(p.figs) != 1 {
		t.Fatalf("%d figures placed", len(p.figs))
	}
	f := p.figs[0]
	w := p.figW(f)
	if _, cw := chartBox(pie, w, g.chartH(f.lines)); w-cw > g.body {
		t.Errorf("the pie is drawn %.0f pt wide in a frame of %.0f pt (%d text columns)", cw, w, f.j)
	}
}

// TestUnwidowSetsAParagraphALineShorter: text that fills its two columns exactly, with a
// paragraph's last line at the top of the second, has that paragraph set a line shorter
// (typeset.Options.Fewer; the fake kit takes a character more a line when asked for fewer
// lines), so that no column begins with a widow and every character is kept.
func TestUnwidowSetsAParagraphALineShorter(t *testing.T) {
	k := fakeKit()
	plain := k.lines
	k.lines = func(text, role string, o lineOpts) []textLine {
		if !o.Fewer {
			return plain(text, role, o)
		}
		o.Fewer, o.Measure = false, o.Measure+1
		ls := plain(text, role, o)
		for i := range ls {
			ls[i].Width = math.Min(ls[i].Width, o.Measure-1) // its marks compressed
		}
		return ls
	}
	k = k.memo()
	g, _ := newGrid(390*page.MM, 546*page.MM, 1, 8, 9)
	// 25 characters on a first line (indent 2), 27 on the others: 16 lines and 14, the first
	// paragraph's last line the second column's first; at 28 a line the first takes 15
	p1, p2 := para(25+27*14+3, "甲"), para(25+27*13, "乙")
	sec := &report.Section{Title: txt("标题", 30), Paragraphs: []report.Text{txt(p1, 31), txt(p2, 32)}}
	m := &module{sec: sec, parts: []part{{col: 0, n: 4}}, line0: 0, limit: headLines + 15}
	if ls := breakParas(k, sec.Paragraphs, fonts.Song, 27, 2); len(ls) != 30 || !widowAt(ls, 15) {
		t.Fatalf("the test's text: %d lines, widow at 15 %v; want 30 and a widow", len(ls), widowAt(ls, 15))
	}
	p := planModule(k, g, m)
	if !p.ok || len(p.counts) != 2 {
		t.Fatalf("fits %v, %d columns", p.ok, len(p.counts))
	}
	if n := widows(p.body, p.counts); n > 0 {
		t.Errorf("columns of %v lines with %d widows", p.counts, n)
	}
	if p.counts[0] != 15 || p.counts[1] < 14 {
		t.Errorf("columns of %v lines, want 15 and 14 or 15", p.counts)
	}
	var got strings.Builder
	for _, l := range p.body {
		for _, r := range l.Runs {
			got.WriteString(r.Text)
		}
	}
	if got.String() != p1+p2 {
		t.Errorf("the text set is not the paragraphs' (%d of %d characters)", utf8.RuneCountInString(got.String()), utf8.RuneCountInString(p1+p2))
	}
}

// TestSpreadBandKeepsItsTilesTogether: a spread's band goes over the fold between its tiles and
// its charts, or through the tiles only where each page keeps two or more of about as many:
// four tiles and a column chart used to split three and one, the fourth tile a stray beside the
// chart on the right page. Where no cut suits, the right page takes the band.
func TestSpreadBandKeepsItsTilesTogether(t *testing.T) {
	for _, c := range []struct {
		tiles, charts int
		want          string // tiles on each page
	}{
		{4, 1, "2 2"}, // not four and a chart alone on the right page (see loneChart)
		{4, 0, "2 2"},
		{5, 0, "2 3"},
		{5, 3, "5 0"},
		{2, 2, "2 0"},
		// no cut suits: the band goes whole to the right page (three tiles split one and two
		// left a tile alone across an A4 page's band, six lines the left page's text lacked)
		{3, 0, "0 3"},
		{1, 0, "0 1"},
		{3, 1, "0 3"}, // a 22 mm donut stood alone across a tabloid's right band
		{1, 1, "0 1"},
	} {
		r := fakeReport(2, 1, 200)
		r.Figures, r.Charts = nil, nil
		manyFigures(r, c.tiles)
		for _, f := range r.Figures {
			f.Highlight = true
		}
		for i := range c.charts {
			r.Charts = append(r.Charts, &report.Chart{Title: txt(fmt.Sprintf("图表%d", i), 22), Kind: "column", Of: "growth",
				Figures: r.Figures, Place: leadPlace})
		}
		rows := bandRows(r, 2, bandPlace{}, 8)
		var got []string
		for _, row := range rows {
			n := 0
			for _, it := range row {
				if it.fig != nil {
					n++
				}
			}
			got = append(got, fmt.Sprint(n))
		}
		if s := strings.Join(got, " "); s != c.want {
			t.Errorf("%d tiles and %d charts: %s tiles on the pages, want %s", c.tiles, c.charts, s, c.want)
		}
		// the even cut, a make-up the search also drafts where the rules moved the cut, keeps
		// the tiles together and lets a chart stand alone
		if c.tiles == 3 && c.charts == 1 {
			even := bandRows(r, 2, bandPlace{even: true}, 8)
			if !strayCut(r, 8) || len(even) != 2 || len(even[0]) != 3 || len(even[1]) != 1 {
				t.Errorf("3 tiles and a chart cut evenly: %d rows %v", len(even), even)
			}
		}
	}
}

// TestSpreadBandGoesWholeToOnePage: a spread whose text does not fit with its band split over
// the fold sets the band in one row on one page, and the other page's text takes its lines
// (both reports were refused, four lines over, with a chart alone across the right page's band).
func TestSpreadBandGoesWholeToOnePage(t *testing.T) {
	for _, file := range []string{"n24-a4-spread-three.yaml", "n58-a3-spread-chengchuan-education.yaml"} {
		r, f := corpusReport(t, file)
		res, err := printPlan(realKit(f), r)
		if err != nil {
			t.Errorf("%s refused: %v", file, err)
			continue
		}
		want := len(tileFigures(r)) + len(bandCharts(r))
		if len(res.plan.bands) != 1 || len(res.plan.bands[0].items) != want {
			t.Errorf("%s: the band is not whole on one page (%d rows):\n%s", file, len(res.plan.bands), res.dump())
		}
	}
}

// TestLeadAvoidsAMarkedLine: of the lead's sizes, one whose lines tear a number from its unit
// loses to one without at the cost of a few lines of tint (a tabloid spread's lead set
// 3260万|人次 at 12 pt in four columns beside a photo, where 10.5 pt left three lines of tint).
func TestLeadAvoidsAMarkedLine(t *testing.T) {
	r, f := corpusReport(t, "tabloid-spread-culture.yaml")
	k := realKit(f)
	g, ok := newGridPitch(r.Layout.Width, r.Layout.Height, r.Layout.Pages, r.Layout.Columns, xiaoWu, 1.5)
	if !ok {
		t.Fatal("no grid")
	}
	g.tight = true
	if boxFlaws(setLead(k, g, r.Lead, 4, 12).lines) == 0 {
		t.Fatal("the lead at 12 pt in four columns has no marked line: the test shows nothing")
	}
	lr := planLeadRowAll(k, g, r.Lead, gallery(r), 0)
	if n := boxFlaws(lr.set.lines); n > 0 {
		t.Errorf("the lead is set at %g pt in %d columns with %d marked lines", lr.set.size, lr.set.cols, n)
	}
}

// TestClosingStandsOnTheFoot: a closing box under text that ends short of the module's foot
// (up to closingDrop lines) stands on the foot, the white above it, its text in the box's
// middle (a text-only tabloid spread ended its right page on the box with four lines of white
// under it).
func TestClosingStandsOnTheFoot(t *testing.T) {
	k := fakeKit().memo()
	g, _ := newGrid(390*page.MM, 546*page.MM, 1, 8, 9)
	sec := &report.Section{Label: "A", Title: txt("第一节标题", 40), Paragraphs: []report.Text{txt(para(200, "正文甲乙"), 41)}}
	closing := []report.Text{txt(para(20, "结束语句"), 99)}
	m := &module{sec: sec, parts: []part{{page: 0, col: 0, n: 4}}, line0: 20, limit: g.nlines, closing: closing}
	least := minHeight(k, g, m, g.nlines)
	m.limit = m.line0 + least + closingDrop - 1 // the text and box end closingDrop-1 lines short
	cp := planModule(k, g, m)
	if !cp.ok || cp.closeN == 0 {
		t.Fatalf("the module does not fit with its closing box: ok %v, box %d lines", cp.ok, cp.closeN)
	}
	if cp.used >= m.limit {
		t.Fatalf("the text and box end at line %d, the module's foot %d: the test shows nothing", cp.used, m.limit)
	}
	out, _, errs := cp.items(k, g, page.Color{M: 1}, 4)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	box := lowestBox(t, out[0])
	foot := g.y(m.limit) - 0.5*g.lead
	if math.Abs(box.Y+box.H-foot) > 0.01 {
		t.Errorf("the closing box ends at y %.1f, the module's foot is at %.1f", box.Y+box.H, foot)
	}
	var ys []float64
	for _, it := range out[0] {
		if v, ok := it.(page.Text); ok && v.Font == fonts.Kai && v.Y > box.Y && v.Y < box.Y+box.H {
			ys = append(ys, v.Y)
		}
	}
	if len(ys) == 0 {
		t.Fatal("no closing text in the box")
	}
	above, below := slices.Min(ys)-box.Y, box.Y+box.H-slices.Max(ys)
	if math.Abs(above-below) > g.lead {
		t.Errorf("the closing text is not in the box's middle: %.1f pt above its first baseline, %.1f pt under its last", above, below)
	}
}

// closingBox finds the plan's closing module, the page it ends on and the lowest filled box on
// that page, its closing box.
func closingBox(t *testing.T, res *result) (*modPlan, int, *page.Rect) {
	t.Helper()
	var cp *modPlan
	for i := range res.plan.plans {
		if res.plan.plans[i].closeN > 0 {
			cp = &res.plan.plans[i]
		}
	}
	if cp == nil {
		t.Fatalf("the report has no closing module: the test shows nothing\n%s", res.dump())
	}
	pg := cp.m.parts[len(cp.m.parts)-1].page
	return cp, pg, lowestBox(t, res.pages[pg])
}

// lowestBox is the filled box that ends lowest among items: a module's closing box.
func lowestBox(t *testing.T, items []page.Item) *page.Rect {
	t.Helper()
	var box *page.Rect
	for _, it := range items {
		if rc, ok := it.(page.Rect); ok && rc.Fill != nil && (box == nil || rc.Y+rc.H > box.Y+box.H) {
			box = &rc
		}
	}
	if box == nil {
		t.Fatal("no closing box drawn")
	}
	return box
}

// TestClosingFollowsTextFarAboveTheFoot: a closing box whose text ends more than closingDrop
// lines above the module's foot follows the text, and the white is left at the foot, where
// check reports the page short: standing on the foot it left a band of white across the page
// between text and box (a held-out A3 page, 36 mm) that no measure of the foot saw (n85, an A3
// page whose text is short at its largest body and leading).
func TestClosingFollowsTextFarAboveTheFoot(t *testing.T) {
	r, f := corpusReport(t, "n85-a3-nofigures-panorama.yaml")
	res, err := printPlan(realKit(f), r)
	if err != nil {
		t.Fatal(err)
	}
	g := res.grid
	cp, _, box := closingBox(t, res)
	if cp.m.limit-cp.used <= closingDrop {
		t.Fatalf("the report's closing module does not end more than %d lines short of its foot: the test shows nothing\n%s", closingDrop, res.dump())
	}
	if end := g.y(cp.used) - 0.5*g.lead; math.Abs(box.Y+box.H-end) > 0.01 {
		t.Errorf("the closing box ends at y %.1f, not under its text at %.1f (the module's foot is at %.1f)",
			box.Y+box.H, end, g.y(cp.m.limit)-0.5*g.lead)
	}
}

// TestSpreadHeadlineFitsItsPage: a spread's headline is capped at a tenth of the type area's
// height as a single page's is: an A4 spread's three- and four-character halves stood 108 pt
// high (a fifth of the page) and its text was refused a line over; a broadsheet spread keeps
// the size its width gives.
func TestSpreadHeadlineFitsItsPage(t *testing.T) {
	k := fakeKit()
	for _, c := range []struct {
		w, h float64
		cols int
	}{{210 * page.MM, 297 * page.MM, 4}, {297 * page.MM, 420 * page.MM, 6}, {390 * page.MM, 546 * page.MM, 8}} {
		g, ok := newGrid(c.w, c.h, 2, c.cols, 9)
		if !ok {
			t.Fatalf("%.0f mm at 9 pt does not fit", c.w/page.MM)
		}
		r := fakeReport(2, 2, 400)
		r.Headline = report.Headline{Title: []report.Text{txt("产教融合育匠才", 14)}}
		items, _ := headlineAll(k, g, r, page.Gray(1), 1)
		size := 0.0
		for _, its := range items {
			for _, it := range its {
				if v, ok := it.(page.Text); ok && v.Font == fonts.Hei {
					size = math.Max(size, v.Size)
				}
			}
		}
		limit := (g.bottom - g.top) / 10 / 1.12
		if size > limit+1e-6 || size < 0.5*limit {
			t.Errorf("%.0f×%.0f mm spread: headline at %.1f pt, want at most a tenth of the type height (%.1f pt) and near it",
				c.w/page.MM, c.h/page.MM, size, limit)
		}
	}
}

// TestCropKeepsThePhotosKind: a square photo is shown from 4:5 to 5:4, not as a portrait of 2:3
// (a square became a 56×81 mm portrait); a panorama loses no more of its height than the
// budget, even for text that would not fit (a 3:1 panorama was cut to a 5.15:1 sliver); a crop for
// such text takes at most 40 % of another photo's height; portraits stay no wider than square,
// panoramas no narrower than 2:1; and unless the text would not fit, a portrait stays no wider
// than 4:5 (2:3 portraits were shown as squares, a third of their height lost).
func TestCropKeepsThePhotosKind(t *testing.T) {
	if _, wide := frameAspects(&report.Photo{PixelW: 1000, PixelH: 1500}, false); math.Abs(wide-squareTall) > 1e-9 {
		t.Errorf("a 2:3 portrait is shown as wide as %.3f, want at most 4:5", wide)
	}
	for _, c := range []struct {
		w, h       int
		tall, wide float64
	}{
		{1000, 1000, 0.8, 1.25},
		{3000, 1000, 2, 3 / (1 - cropBudget)},
		{1000, 1500, 2.0 / 3 * (1 - cropBudget), 1}, // 2:3 / 0.6 would be wider than square
		{1600, 1200, 1, 4.0 / 3 / (1 - tightCrop)},
	} {
		tall, wide := frameAspects(&report.Photo{PixelW: c.w, PixelH: c.h}, true)
		if math.Abs(tall-c.tall) > 1e-9 || math.Abs(wide-c.wide) > 1e-9 {
			t.Errorf("%d×%d: frames %.3f..%.3f, want %.3f..%.3f", c.w, c.h, tall, wide, c.tall, c.wide)
		}
	}
	if tightCrop < cropBudget || tightCrop > 0.4 {
		t.Errorf("tightCrop %.2f: not between the budget (%.2f) and 40 %% of a photo's height", tightCrop, cropBudget)
	}
}

// TestSmallPhotoIsNotEnlarged: a photo whose pixels fill less than its block at 200 ppi stands
// in a frame as wide as they fill, in the middle of the block, its caption under the frame (a
// 600×400 photo was printed 92 mm wide at 166 ppi), and photoLines sizes the block for it.
func TestSmallPhotoIsNotEnlarged(t *testing.T) {
	k := fakeKit()
	g, _ := newGrid(310*page.MM, 440*page.MM, 1, 5, 9)
	p := &report.Photo{File: "a.jpg", PixelW: 600, PixelH: 400, Caption: txt("图片说明", 40)}
	w := 92 * page.MM
	lo, hi, ok := photoLines(k, g, p, w)
	if ok {
		t.Fatalf("a %0.f mm block is within a 600 px photo's pixels at 200 ppi", w/page.MM)
	}
	its := photoBlock(k, g, p, 100, w, 10, lo)
	img, found := its[0].(page.Image)
	if !found {
		t.Fatalf("first item %T, want the image", its[0])
	}
	if ppi := float64(p.PixelW) / (img.W / 72); ppi < minPPI-1e-6 {
		t.Errorf("frame %.1f mm wide: %.0f ppi", img.W/page.MM, ppi)
	}
	if math.Abs(img.X+img.W/2-(100+w/2)) > 1e-6 {
		t.Errorf("frame at x %.1f..%.1f, not in the middle of the block 100..%.1f", img.X, img.X+img.W, 100+w)
	}
	if a := img.W / img.H; a < 1.5*(1-cropBudget)-1e-9 || a > 1.5/(1-cropBudget)+1e-9 || hi < lo {
		t.Errorf("frame %.1f × %.1f pt for a 3:2 photo in %d..%d lines", img.W, img.H, lo, hi)
	}
	for _, it := range its[1:] {
		if v, ok := it.(page.Text); ok && v.X < img.X-1e-6 {
			t.Errorf("caption %q at x %.1f, left of the frame at %.1f", v.S, v.X, img.X)
		}
	}
}

// TestWideGridColumnsAreNotPaired: two grid columns make one text column only within
// maxMeasure characters: 13-character columns pair into 27, 16-character ones (five given on
// an A3 page) stay columns of their own rather than lines of 33.
func TestWideGridColumnsAreNotPaired(t *testing.T) {
	for _, c := range []struct {
		w    float64
		cols int
		n    int
		want int
	}{{297 * page.MM, 6, 2, 1}, {297 * page.MM, 6, 4, 2}, {297 * page.MM, 5, 2, 2}, {297 * page.MM, 5, 4, 4}} {
		g, ok := newGrid(c.w, 420*page.MM, 1, c.cols, 9)
		if !ok {
			t.Fatalf("%d columns across %.0f mm do not fit", c.cols, c.w/page.MM)
		}
		got := g.textCols(c.n)
		if got != c.want {
			t.Errorf("%d grid columns of %d characters: %d text columns, want %d", c.n, g.col, got, c.want)
		}
		if chars := textColumns(g, g.colX(0), c.n, got).chars; chars > maxMeasure {
			t.Errorf("%d grid columns of %d characters set at %d characters a line", c.n, g.col, chars)
		}
	}
}

// TestChartsSizedByTheirContent: a pie of one share is as small as a donut of one (a 14.2 %
// share stood as a pie 60 mm across), and a column chart of three values reads at two grid
// columns, not three.
func TestChartsSizedByTheirContent(t *testing.T) {
	g, _ := newGrid(297*page.MM, 420*page.MM, 1, 6, 9)
	one := []*report.Figure{{}}
	_, pieHi := chartLines(g, &report.Chart{Kind: "pie", Figures: one}, g.span(4))
	_, donutHi := chartLines(g, &report.Chart{Kind: "donut", Figures: one}, g.span(4))
	if pieHi != donutHi || float64(pieHi)*g.lead > shareMax+g.lead {
		t.Errorf("a pie of one share up to %d lines, a donut of one up to %d (%.0f mm at most)", pieHi, donutHi, shareMax/page.MM)
	}
	three := []*report.Figure{{}, {}, {}}
	if n := chartCols(&report.Chart{Kind: "column", Figures: three}); n != 2 {
		t.Errorf("a column chart of three values reads at %d grid columns, want 2", n)
	}
}

// TestChosenBodySizeIsSaid: a body size the make-up picked to fill the pages (no body given)
// is said in a note at the layout; a body the data gives is not.
func TestChosenBodySizeIsSaid(t *testing.T) {
	r := fakeReport(2, 3, 1600)
	d, err := printDoc(fakeKit(), r)
	if err != nil {
		t.Fatal(err)
	}
	if d.Pages[0].Body != wuHao {
		t.Fatalf("the short report is set at %g pt, not 五号: the test shows nothing", d.Pages[0].Body)
	}
	if len(d.Print.Notes) != 1 || !strings.Contains(d.Print.Notes[0].Msg, "五号") || d.Print.Notes[0].Source != r.Layout.Pos.String() {
		t.Errorf("notes %+v, want one at %s naming 五号", d.Print.Notes, r.Layout.Pos)
	}
	r.Layout.Body = wuHao
	if d, err = printDoc(fakeKit(), r); err != nil {
		t.Fatal(err)
	}
	if len(d.Print.Notes) != 0 {
		t.Errorf("notes %+v for a body the data gives", d.Print.Notes)
	}
}

// TestPhotosOverTheFootAreBlamed: a section whose photos run past the page's foot, its text
// fitting, is refused for its photos, not for characters the text does not have.
func TestPhotosOverTheFootAreBlamed(t *testing.T) {
	r := fakeReport(1, 1, 200)
	r.Layout.Width, r.Layout.Height, r.Layout.Columns = 210*page.MM, 297*page.MM, 4
	s := r.Sections[0]
	for i := 0; i < 9; i++ {
		s.Photos = append(s.Photos, &report.Photo{File: fmt.Sprintf("p%d.jpg", i), Format: "jpeg", PixelW: 2000, PixelH: 3000,
			Caption: txt("图片说明", 40+i)})
	}
	_, err := printDoc(fakeKit(), r)
	if err == nil {
		t.Fatal("nine portraits and a short text fit an A4 page")
	}
	if !strings.Contains(err.Error(), "photos and charts run") {
		t.Errorf("the refusal does not blame the photos: %v", err)
	}
}

// TestGalleryTakesTheSharpPhoto: of a section's photos, the lead row is given the one whose
// pixels print large, not a low-resolution one of a wider shape (a held-out broadsheet put a
// 600×400 photo in the lead's frame, 76 mm wide in the middle of 174 mm of white, and its
// section's 1600×1200 one in a column).
func TestGalleryTakesTheSharpPhoto(t *testing.T) {
	r := fakeReport(1, 1, 400)
	low := &report.Photo{File: "low.jpg", Format: "jpeg", PixelW: 600, PixelH: 400}
	sharp := &report.Photo{File: "sharp.jpg", Format: "jpeg", PixelW: 1600, PixelH: 1200}
	pano := &report.Photo{File: "pano.jpg", Format: "jpeg", PixelW: 3000, PixelH: 1000}
	for _, c := range []struct {
		photos []*report.Photo
		want   *report.Photo
	}{
		{[]*report.Photo{low, sharp}, sharp}, // the wider shape is low-resolution
		{[]*report.Photo{sharp, pano}, pano}, // both sharp: the wider goes
		{[]*report.Photo{sharp, low}, sharp}, // the order given does not matter
	} {
		r.Sections[0].Photos = c.photos
		g := gallery(r)
		if len(g) != 1 || g[0] != c.want {
			var got []string
			for _, p := range g {
				got = append(got, p.File)
			}
			t.Errorf("photos %s, %s: the gallery takes %v, want %s", c.photos[0].File, c.photos[1].File, got, c.want.File)
		}
	}
}

// TestTitleCompressesQuotes: a headline's full-width quotes and brackets give up their blank
// halves (an opening mark the half before it, a closing one the half after), so “潮” does not
// stand between two holes of half an em at a headline's size.
func TestTitleCompressesQuotes(t *testing.T) {
	k := fakeKit()
	runs, w := titleRuns(k, "老码头“潮”起来")
	if math.Abs(w-7) > 1e-9 {
		t.Errorf("width %.2f em, want 7 (eight ems less two halves)", w)
	}
	want := []headWord{{"老码头", 0}, {"“潮”", 2.5}, {"起来", 5}}
	if !slices.Equal(runs, want) {
		t.Errorf("runs %v, want %v", runs, want)
	}
	if _, w := titleRuns(k, "产教融合育匠才"); w != 7 {
		t.Errorf("a title without marks is %.2f em, want 7", w)
	}
}

// TestTitleKeepsMarksAtItsEnds: a mark opening or closing a title line keeps its em, so that its
// glyph's box stays inside the type area (a trailing ” compressed reached half an em past the
// right edge, and a measure of the page took the type area to be that much wider).
func TestTitleKeepsMarksAtItsEnds(t *testing.T) {
	k := fakeKit()
	runs, w := titleRuns(k, "山路上的“背包医生”")
	if math.Abs(w-9.5) > 1e-9 {
		t.Errorf("width %.2f em, want 9.5 (ten ems less the inner opening mark's half)", w)
	}
	for _, r := range runs {
		if end := r.x + k.width(fonts.Hei, r.s); end > w+1e-9 {
			t.Errorf("piece %q ends at %.2f em, past the line's width %.2f", r.s, end, w)
		}
	}
	if runs, _ := titleRuns(k, "“潮”起来"); runs[0].x != 0 {
		t.Errorf("a line opening with a mark begins at %.2f em", runs[0].x)
	}
}

// TestOversetNamesOnlyFiguresTheReportHas: the remedy an overset names is text, then the kinds
// of figure the report has: a report of text alone was told to cut "a photo".
func TestOversetNamesOnlyFiguresTheReportHas(t *testing.T) {
	r := fakeReport(1, 2, 6000)
	r.Charts = nil
	for _, s := range r.Sections {
		s.Photos = nil
	}
	_, err := printDoc(fakeKit(), r)
	if err == nil {
		t.Fatal("6,000 characters a section fit one page: the test shows nothing")
	}
	if msg := err.Error(); !strings.Contains(msg, "cut text") || strings.Contains(msg, "photo") || strings.Contains(msg, "chart") {
		t.Errorf("a report without figures is told: %s", msg)
	}
}

// TestBroadsheetBandKeepsNoThinRow: across a broadsheet spread's band (eleven tiles' room), a
// page's share of two tiles alone reads as two islands in a white band (n81, n91: three
// quarters of the left page's band white): the band is cut elsewhere or goes to one page.
func TestBroadsheetBandKeepsNoThinRow(t *testing.T) {
	r := fakeReport(2, 1, 200)
	r.Figures, r.Charts = nil, nil
	manyFigures(r, 4)
	for _, f := range r.Figures {
		f.Highlight = true
	}
	r.Charts = []*report.Chart{{Title: txt("图表", 22), Kind: "bar", Of: "growth", Figures: r.Figures, Place: leadPlace}}
	for _, row := range bandRows(r, 2, bandPlace{}, 11) {
		if len(row) > 0 && thinTiles(row, 11) {
			t.Errorf("a page's band holds %d tiles alone across eleven tiles' room", len(row))
		}
	}
	if got := bandRows(r, 2, bandPlace{}, 8); len(got) != 2 || len(got[0]) != 2 {
		t.Errorf("on a tabloid spread (eight tiles' room) two tiles a page still read as a row: %v", got)
	}
}

// TestDraftTopsAreDistinct: no step drafts two tops that compose the same candidates, that is
// the same heights with band places whose rows come out alike (the seed drafted every top of
// every pitch twice, its even cut being its default one).
func TestDraftTopsAreDistinct(t *testing.T) {
	seedR, _ := seed(t)
	reports := []*report.Report{seedR}
	for _, name := range []string{"n24-a4-spread-three.yaml", "n04-a3-ten-figures-qinghe.yaml", "n12-a3-spread-uneven.yaml"} {
		r, _ := corpusReport(t, name)
		reports = append(reports, r)
	}
	for _, r := range reports {
		for _, s := range []step{{body: xiaoWu, pitch: 1.5}, {body: xiaoWu, pitch: 1.7, tight: true}} {
			g, ok := newGridPitch(r.Layout.Width, r.Layout.Height, r.Layout.Pages, r.Layout.Columns, s.body, s.pitch)
			if !ok {
				continue
			}
			tops := draftTops(r, s)
			for i, a := range tops {
				for _, b := range tops[:i] {
					ra := bandRows(r, r.Layout.Pages, bandPlace{one: a.oneBand, right: a.bandRight, even: a.evenBand}, tilesAcross(g))
					rb := bandRows(r, r.Layout.Pages, bandPlace{one: b.oneBand, right: b.bandRight, even: b.evenBand}, tilesAcross(g))
					if a.lead == b.lead && a.band == b.band && sameRows(ra, rb) {
						t.Errorf("%s, %+v: tops %+v and %+v compose alike", r.Layout.Pos, s, a, b)
					}
				}
			}
		}
	}
}

// TestRowsBeforeALargerBody: sections side by side that leave a page short are tried in rows
// at the same body size before the body grows, so a report whose rows fill the page at 小五
// keeps the house size (these were set at 五号, side by side, with more white at the foot).
func TestRowsBeforeALargerBody(t *testing.T) {
	for _, file := range []string{"q-a3.yaml", "h04-broadsheet-tourism.yaml"} {
		r, f := corpusReport(t, file)
		res, err := printPlan(realKit(f), r)
		if err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		rows := false
		for _, m := range res.plan.mods {
			rows = rows || m.stacked
		}
		// (the plan's hole counts a column's short last line as a line of white, see
		// shortTail: one more than the editor's tolerance)
		within := footTolerance + 1/float64(res.grid.nlines)
		if res.body != xiaoWu || !rows || res.hole > within {
			t.Errorf("%s: body %g pt, rows %v, hole %.3f; want 小五 in rows within %.3f", file, res.body, rows, res.hole, within)
		}
	}
}

// TestCarriedForAShortPage: a spread whose page is left short past carryHole carries a section
// over the fold to fill it, with the headline and figures as they were (the fallback for text
// that does not fit also set the headline smaller and the figures at their least, which made
// the carried make-up lose: n08's right page stayed 8.9 % short by audit).
func TestCarriedForAShortPage(t *testing.T) {
	r, f := corpusReport(t, "n08-a4-two-pages-shiwan.yaml")
	res, err := printPlan(realKit(f), r)
	if err != nil {
		t.Fatal(err)
	}
	carried := false
	for _, m := range res.plan.mods {
		carried = carried || m.carry > 0
	}
	if !carried || res.hole > footTolerance || res.top.smallHead || res.top.tightFigures {
		t.Errorf("carried %v, hole %.3f, smaller headline %v, least figures %v; want a section carried, the hole within %.3f, the headline and figures as they were",
			carried, res.hole, res.top.smallHead, res.top.tightFigures, footTolerance)
	}
}

// TestRightPageOverBeginsInAStrip: an A4 spread whose right page is a few lines over with its
// sections side by side or in rows, while the left page's section leaves a strip at its foot
// at its least height, fits with the right page's first section begun in that strip (filled to
// the left page's foot) and carried on across the right page's top alone in its row, the
// other section in a row under it — and every character is still drawn.
func TestRightPageOverBeginsInAStrip(t *testing.T) {
	r, f := corpusReport(t, "n99-a4-spread-right-over-strip.yaml")
	res, err := printPlan(realKit(f), r)
	if err != nil {
		t.Fatal(err)
	}
	var strip *module
	for _, m := range res.plan.mods {
		if m.strip > 0 {
			strip = m
		}
	}
	if strip == nil || !strip.stacked || strip.foot != res.grid.nlines || len(strip.parts) != 2 ||
		strip.parts[0].page != 0 || strip.parts[1].page != 1 || strip.parts[1].n != res.grid.cols {
		t.Fatalf("want a module begun in a strip on page 1, across page 2's top in a row, to the foot; plan:\n%s", res.dump())
	}
	under := false
	for i, m := range res.plan.mods {
		p := res.plan.plans[i]
		if !p.ok {
			t.Errorf("section %s over by %d lines", m.sec.Label, p.over)
		}
		under = under || m != strip && m.stacked && m.rowPage() == 1 && m.line0 == strip.limit && m.limit == res.grid.nlines
		if m == strip {
			// the strip's columns run to the left page's foot, less the line of 下转
			split := len(p.cols[0].x)
			for c := range split {
				if end := p.slots[c].start + p.counts[c]; end < res.grid.nlines-headLines {
					t.Errorf("strip column %d ends at line %d of %d", c, end, res.grid.nlines)
				}
			}
		}
	}
	if !under {
		t.Errorf("no section in a row under the strip's part on page 2; plan:\n%s", res.dump())
	}
	d, err := Print(r, f)
	if err != nil {
		t.Fatal(err)
	}
	proseIn(t, r, d)
}

// TestShortLastLinesAreWhite: a column that reaches its module's foot with a paragraph's short
// last line, or a one-line paragraph under another's short last line, leaves white beside them
// down to the foot that reads as a hole one or two lines deep (preflight and the eye see it as
// such); a full line, or a paragraph's last line within shortLine characters of the measure, is
// none. A strip's last column before the fold ends with 下转, a few characters: white beside it.
func TestShortLastLinesAreWhite(t *testing.T) {
	line := func(w float64, last bool) bodyLine {
		return bodyLine{textLine: textLine{Width: w}, last: last}
	}
	full := line(20, false)
	plan := func(tail ...bodyLine) modPlan {
		m := &module{parts: []part{{page: 0, col: 0, n: 4}}, line0: 0, limit: 12}
		body := []bodyLine{full, full, full, full, full, full, full, full, full, full}
		body = append(body, tail...)
		n := len(body)
		return modPlan{m: m, side: -1, jumpOut: -1, jumpIn: -1, measure: 20, body: body, used: 12,
			slots: []slot{{start: 2}, {start: 2 + 12 - n/2 - n%2 + 0}}, counts: []int{n / 2, n - n/2}}
	}
	for _, c := range []struct {
		tail []bodyLine
		want int
	}{
		{[]bodyLine{full, line(20, true)}, 0},                // ends full
		{[]bodyLine{full, line(18, true)}, 0},                // within shortLine of the measure
		{[]bodyLine{full, line(9, true)}, 1},                 // a short last line
		{[]bodyLine{line(12, true), line(6, true)}, 2},       // a one-line paragraph under another's end
		{[]bodyLine{line(12, true), full, line(6, true)}, 1}, // only the run from the foot counts
	} {
		p := plan(c.tail...)
		// both columns end at the module's limit: what is left is the short tail
		p.slots[0].start = p.m.limit - p.counts[0]
		p.slots[1].start = p.m.limit - p.counts[1]
		if got := p.footGap(); got != c.want {
			t.Errorf("tail %v: footGap %d, want %d", c.tail, got, c.want)
		}
	}
	// a strip: its last column's 下转 line is a line of white beside it, to the page's foot
	p := plan(full, full)
	p.slots[0].start, p.slots[1].start = p.m.limit-p.counts[0], p.m.limit-p.counts[1]
	p.m.strip, p.jumpOut, p.jumpIn = 1, 0, 1
	if got := p.footGap(); got != 1 {
		t.Errorf("strip's column with 下转: footGap %d, want 1", got)
	}
}
