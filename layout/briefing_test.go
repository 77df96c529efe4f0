package layout

import (
	"fmt"
	"math"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"spread/fonts"
	"spread/page"
	"spread/pdf"
	"spread/report"
)

// textAt is a text item with its absolute position.
type textAt struct {
	page.Text
	page int
}

// sectionMarks are the briefing's bookmarks of its sections: those after the first part's
// (主要指标, 主要指标一览).
func sectionMarks(d *page.Document) []page.Bookmark {
	var out []page.Bookmark
	for _, b := range d.Outline {
		if b.Title != "主要指标" && b.Title != "主要指标一览" {
			out = append(out, b)
		}
	}
	return out
}

func briefTexts(d *page.Document) []textAt {
	var out []textAt
	for pi, p := range d.Pages {
		allItems(p.Items, page.Point{}, func(it page.Item, o page.Point) {
			if t, ok := it.(page.Text); ok {
				t.X, t.Y = t.X+o.X, t.Y+o.Y
				out = append(out, textAt{t, pi})
			}
		})
	}
	return out
}

func TestBriefingBookmarksPerSection(t *testing.T) {
	r := fakeReport(2, 4, 2400)
	d, err := briefingDoc(fakeKit(), r)
	if err != nil {
		t.Fatal(err)
	}
	marks := sectionMarks(d)
	if len(marks) != 4 {
		t.Fatalf("%d bookmarks for 4 sections", len(marks))
	}
	ts := briefTexts(d)
	last := -1.0
	for i, b := range marks {
		s := r.Sections[i]
		if b.Title != s.Label+" "+s.Title.S || b.Level != 0 {
			t.Errorf("bookmark %d: %+v", i, b)
		}
		// the bookmark points at its head: the title is drawn on that page just below Y
		found := false
		for _, x := range ts {
			found = found || x.page == b.Page && x.S == s.Title.S && x.Y > b.Y && x.Y < b.Y+30
		}
		if !found {
			t.Errorf("bookmark %q: no head on page %d below y %g", b.Title, b.Page, b.Y)
		}
		if at := float64(b.Page)*a4H + b.Y; at <= last {
			t.Errorf("bookmark %d not after the one before", i)
		} else {
			last = at
		}
	}
}

func TestBriefingMetadata(t *testing.T) {
	r := fakeReport(2, 3, 800)
	d, err := briefingDoc(fakeKit(), r)
	if err != nil {
		t.Fatal(err)
	}
	if d.Title == "" || d.Author == "" || d.Subject == "" || d.Language != "zh-CN" || d.Print != nil || d.MaxPPI != 150 {
		t.Errorf("metadata: %+v", d)
	}
	for _, s := range r.Sections {
		if !strings.Contains(d.Keywords, s.Title.S) {
			t.Errorf("keywords %q lack %q", d.Keywords, s.Title.S)
		}
	}
	if !strings.Contains(d.Keywords, "地区生产总值") {
		t.Errorf("keywords %q lack the key figure", d.Keywords)
	}
}

// manyFigures adds n figures with numbers, so that the table needs more than a page.
func manyFigures(r *report.Report, n int) {
	for i := 0; i < n; i++ {
		v, g := float64(i)+0.25, float64(i%7)-2
		r.Figures = append(r.Figures, &report.Figure{ID: fmt.Sprintf("f%d", i), Label: txt(fmt.Sprintf("指标第%d项", i), 40+i),
			Value: &v, ValueText: fmt.Sprintf("%.2f", v), Unit: "万元", Growth: &g, Note: "预计"})
	}
}

func TestBriefingTableHeaderRepeats(t *testing.T) {
	r := fakeReport(2, 1, 400)
	manyFigures(r, 70)
	d, err := briefingDoc(fakeKit(), r)
	if err != nil {
		t.Fatal(err)
	}
	ts := briefTexts(d)
	// pages holding table rows, and the y of the first row on each
	firstRow := map[int]float64{}
	rows := map[string]bool{}
	for _, x := range ts {
		if x.Font == fonts.Song && x.Size == tSize && math.Abs(x.X-bMargin-0.8*tSize) < 1e-6 {
			rows[x.S] = true
			if y, ok := firstRow[x.page]; !ok || x.Y < y {
				firstRow[x.page] = x.Y
			}
		}
	}
	if len(rows) != 71 {
		t.Errorf("%d of 71 rows in the table", len(rows))
	}
	if len(firstRow) < 2 {
		t.Fatalf("table on %d pages; want it to break", len(firstRow))
	}
	for p, y := range firstRow {
		head := false
		for _, x := range ts {
			head = head || x.page == p && x.S == tableHead[0] && x.Font == fonts.Hei && math.Abs(x.Y+tPitch-y) < 1e-6
		}
		if !head {
			t.Errorf("page %d: no header row right above the first table row (y %g)", p+1, y)
		}
	}
	// every row's number in the table, decimal points aligned
	var pts []float64
	for _, x := range ts {
		if strings.HasSuffix(x.S, ".25") && x.Size == tSize {
			pts = append(pts, x.X+float64(len([]rune(x.S))-3)*x.Size)
		}
	}
	if len(pts) != 70 {
		t.Errorf("%d values in the table, want 70", len(pts))
	}
	for _, p := range pts {
		if math.Abs(p-pts[0]) > 1e-6 {
			t.Errorf("decimal point at %g, first at %g", p, pts[0])
			break
		}
	}
}

func TestBriefingInsideMargins(t *testing.T) {
	for _, secs := range []int{1, 3, 6} {
		r := fakeReport(2, secs, 3000)
		manyFigures(r, 30)
		d, err := briefingDoc(fakeKit(), r)
		if err != nil {
			t.Fatal(err)
		}
		for _, o := range outsideTypeArea(d, true) {
			t.Errorf("%d sections, %s", secs, o)
		}
	}
}

// TestBriefingCorpusInsideMargins: every report's briefing is laid out, and nothing of it runs
// past its page's type area (a photo and its caption under the first page's summary ran past
// the foot of the page: 5 mm off the trim in h14, a caption's last line in n51).
func TestBriefingCorpusInsideMargins(t *testing.T) {
	_, f := seed(t)
	files, _ := filepath.Glob("../testdata/reports/*.yaml")
	corpus, _ := filepath.Glob(corpusDir + "/*.yaml")
	for _, file := range append(append(files, corpus...), "../data.yaml") {
		if strings.HasSuffix(file, "overfull.yaml") {
			continue
		}
		r, err := report.Load(file)
		if err != nil {
			t.Fatal(err)
		}
		d, err := Briefing(r, f)
		if err != nil {
			t.Errorf("%s: %v", file, err)
			continue
		}
		for _, o := range outsideTypeArea(d, false) {
			t.Errorf("%s: %s", filepath.Base(file), o)
		}
	}
}

// outsideTypeArea lists the items of a briefing that stand outside its type area (the running
// header and folio outside it but within 10 mm of the edge): above or below it, and with across
// also beside it, each glyph taken as 1 em wide (the fake kit's faces; real ones are narrower).
func outsideTypeArea(d *page.Document, across bool) []string {
	var out []string
	for pi, p := range d.Pages {
		allItems(p.Items, page.Point{}, func(it page.Item, o page.Point) {
			var x0, y0, x1, y1 float64
			furniture := false
			switch v := it.(type) {
			case page.Text:
				x0, x1 = o.X+v.X, o.X+v.X+float64(len([]rune(v.S)))*v.Size // 1 em a glyph
				y0, y1 = o.Y+v.Y-0.88*v.Size, o.Y+v.Y+0.12*v.Size
				furniture = o.Y+v.Y < bTop || o.Y+v.Y > a4H-bBottom+bBody
			case page.Rect:
				x0, y0, x1, y1 = o.X+v.X, o.Y+v.Y, o.X+v.X+v.W, o.Y+v.Y+v.H
			case page.Image:
				x0, y0, x1, y1 = v.X, v.Y, v.X+v.W, v.Y+v.H
			case page.Line:
				x0, y0, x1, y1 = o.X+min(v.X1, v.X2), o.Y+min(v.Y1, v.Y2), o.X+max(v.X1, v.X2), o.Y+max(v.Y1, v.Y2)
				furniture = y1 < bTop
			default:
				return
			}
			top, bottom := bTop, a4H-bBottom
			if furniture { // running header and folio: in the margins, ≥ 10 mm from the edge
				top, bottom = 10*page.MM, a4H-10*page.MM
			}
			if across && (x0 < bMargin-1e-6 || x1 > a4W-bMargin+1e-6) || y0 < top-1e-6 || y1 > bottom+1e-6 {
				out = append(out, fmt.Sprintf("page %d: %T outside the type area: %.1f,%.1f..%.1f,%.1f", pi+1, it, x0, y0, x1, y1))
			}
		})
	}
	return out
}

// TestBriefingFolios checks the running header and the "— n —" folio on every page.
func TestBriefingFolios(t *testing.T) {
	r := fakeReport(2, 3, 4000)
	d, err := briefingDoc(fakeKit(), r)
	if err != nil {
		t.Fatal(err)
	}
	ts := briefTexts(d)
	for pi := range d.Pages {
		folio, head := false, false
		want := fmt.Sprintf("— %d —", pi+1)
		for _, x := range ts {
			if x.page != pi {
				continue
			}
			if x.S == want {
				w := float64(len([]rune(x.S))) * x.Size
				folio = math.Abs(x.X+w/2-a4W/2) < 1e-6 && x.Y > a4H-bBottom
			}
			head = head || strings.HasPrefix(x.S, "某某日报") && x.Y < bTop
		}
		if !folio || !head {
			t.Errorf("page %d: folio %v, running header %v", pi+1, folio, head)
		}
	}
}

func TestTileRows(t *testing.T) {
	for _, c := range []struct {
		n, most int
		want    []int
	}{{5, 5, []int{5}}, {5, 4, []int{3, 2}}, {6, 5, []int{3, 3}}, {7, 5, []int{4, 3}}, {8, 4, []int{4, 4}}, {1, 5, []int{1}}, {0, 5, nil}, {3, 0, []int{1, 1, 1}}} {
		if got := tileRows(c.n, c.most); !slices.Equal(got, c.want) {
			t.Errorf("tileRows(%d, %d) = %v, want %v", c.n, c.most, got, c.want)
		}
	}
}

// lineBlocks is a paragraph of n lines of height 10.
func lineBlocks(para, n int) []block {
	var bs []block
	for i := 0; i < n; i++ {
		bs = append(bs, block{kind: kLine, h: 10, para: para, first: i == 0, last: i == n-1})
	}
	return bs
}

func TestFillColumnRules(t *testing.T) {
	head := block{kind: kHead, h: 20, title: "H"}
	fig := block{kind: kFig, h: 50}
	cat := func(parts ...[]block) []block { return slices.Concat(parts...) }

	// a figure that does not fit floats to the next column; the text fills the hole
	bs := cat(lineBlocks(1, 5), []block{fig}, lineBlocks(2, 5))
	out, st := fillColumn(bs, fillState{}, 0, 90, 90)
	// (line 9 goes down with line 10, the paragraph's last)
	if len(out) != 8 || !slices.Equal(st.carry, []int{5}) || st.next != 9 {
		t.Errorf("float: placed %v, state %+v", out, st)
	}
	out, st = fillColumn(bs, st, 0, 90, 90)
	if len(out) != 3 || out[0].idx != 5 || out[0].y != 0 || out[1].idx != 9 || out[1].y != 50 || !st.done(len(bs)) {
		t.Errorf("floated figure not at the next column's top: %v %+v", out, st)
	}

	// a head goes with two lines of its text, else to the next column
	bs = cat(lineBlocks(1, 6), []block{head}, lineBlocks(2, 4))
	out, st = fillColumn(bs, fillState{}, 0, 95, 95) // 60 + 20 + one line fits, not two
	if len(out) != 6 || st.next != 6 {
		t.Errorf("stranded head: placed %d, next %d", len(out), st.next)
	}

	// a figure between a head and its text goes only with the text's first two lines under
	// it, else it floats and the text follows its head
	bs = cat(lineBlocks(1, 4), []block{head, fig}, lineBlocks(2, 4))
	out, st = fillColumn(bs, fillState{}, 0, 95, 95) // 40 + 20 + 30 fits, not two lines more
	afterHead := 0
	for _, p := range out {
		if bs[p.idx].kind == kLine && p.idx > 4 {
			afterHead++
		}
	}
	if !slices.Equal(st.carry, []int{5}) || afterHead < 2 {
		t.Errorf("head and figure at the foot: placed %v (%d lines under the head), state %+v", out, afterHead, st)
	}

	// no orphan: a paragraph's first line does not end a column
	bs = cat(lineBlocks(1, 5), lineBlocks(2, 4))
	out, st = fillColumn(bs, fillState{}, 0, 60, 60)
	if len(out) != 5 || st.next != 5 {
		t.Errorf("orphan: placed %d, next %d", len(out), st.next)
	}
	// no widow: a paragraph's last line does not start a column
	bs = lineBlocks(1, 8)
	out, st = fillColumn(bs, fillState{}, 0, 70, 70)
	if len(out) != 6 || st.next != 6 {
		t.Errorf("widow: placed %d, next %d", len(out), st.next)
	}
	// a block taller than the column still goes into an empty one
	out, st = fillColumn([]block{{kind: kFig, h: 500}}, fillState{}, 0, 100, 100)
	if len(out) != 1 || !st.done(1) {
		t.Errorf("tall block: %v %+v", out, st)
	}
}

// TestBriefingLastPageBalanced checks the two columns of the last page end level, within a
// figure's height, and that no column of the document strands a head.
func TestBriefingLastPageBalanced(t *testing.T) {
	for _, chars := range []int{900, 2000, 3300, 5000} {
		r := fakeReport(2, 3, chars)
		d, err := briefingDoc(fakeKit(), r)
		if err != nil {
			t.Fatal(err)
		}
		last := len(d.Pages) - 1
		var bottom [2]float64
		c := &cols{}
		allItems(d.Pages[last].Items, page.Point{}, func(it page.Item, o page.Point) {
			var x, y float64
			switch v := it.(type) {
			case page.Text:
				x, y = o.X+v.X, o.Y+v.Y
			case page.Image:
				x, y = v.X, v.Y+v.H
			default:
				return
			}
			if y < bTop || y > a4H-bBottom {
				return // running header, folio
			}
			col := 0
			if x >= c.colX(1)-1e-6 {
				col = 1
			}
			bottom[col] = math.Max(bottom[col], y)
		})
		if bottom[1] == 0 {
			continue // the text ended in the first column: one column of text is balanced
		}
		if d := math.Abs(bottom[0] - bottom[1]); d > 3*bPitch {
			t.Errorf("%d chars: last page's columns end at %g and %g", chars, bottom[0], bottom[1])
		}
	}
}

// TestBriefingSeedPDF writes the seed briefing with fonts cut to its text, as the command does,
// and checks the file stays small and its photos are not above 150 ppi.
func TestBriefingSeedPDF(t *testing.T) {
	if testing.Short() {
		t.Skip("writes a PDF")
	}
	r, f := seed(t)
	d, err := Briefing(r, f)
	if err != nil {
		t.Fatal(err)
	}
	proseIn(t, r, d)
	if len(sectionMarks(d)) != len(r.Sections) {
		t.Errorf("%d bookmarks, %d sections", len(sectionMarks(d)), len(r.Sections))
	}
	// the first part's headings have theirs too, on the pages where they are drawn
	for _, h := range []string{"主要指标", "主要指标一览"} {
		found := false
		for _, b := range d.Outline {
			if b.Title != h {
				continue
			}
			for _, x := range briefTexts(d) {
				found = found || x.page == b.Page && x.S == h && x.Y > b.Y && x.Y < b.Y+30
			}
		}
		if !found {
			t.Errorf("no bookmark at the heading %s", h)
		}
	}
	used := map[string]*strings.Builder{}
	for _, x := range briefTexts(d) {
		if used[x.Font] == nil {
			used[x.Font] = &strings.Builder{}
		}
		used[x.Font].WriteString(x.S)
	}
	faces := map[string][]byte{}
	for _, role := range []string{fonts.Song, fonts.SongBold, fonts.Hei, fonts.Kai} {
		s := "0"
		if used[role] != nil {
			s = used[role].String()
		}
		b, err := f.Face(role).Subset(s)
		if err != nil {
			t.Fatal(err)
		}
		faces[role] = b
	}
	b, err := pdf.Write(d, faces)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("seed briefing: %d pages, %d bytes", len(d.Pages), len(b))
	if len(b) > 1500*1000 {
		t.Errorf("seed briefing is %d bytes, over 1.5 MB", len(b))
	}
}

func BenchmarkBriefing(b *testing.B) {
	r, f := seed(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Briefing(r, f); err != nil {
			b.Fatal(err)
		}
	}
}

// TestBriefingDegenerate sets reports with parts missing or oversized; none may panic or hang.
func TestBriefingDegenerate(t *testing.T) {
	mods := map[string]func(r *report.Report){
		"no sections":  func(r *report.Report) { r.Sections = nil },
		"no figures":   func(r *report.Report) { r.Figures = nil },
		"no lead":      func(r *report.Report) { r.Lead, r.Closing = nil, nil },
		"empty paper":  func(r *report.Report) { r.Paper.Name.S, r.Headline.Title = "", nil },
		"long title":   func(r *report.Report) { r.Sections[0].Title.S = strings.Repeat("长", 90) },
		"huge lead":    func(r *report.Report) { r.Lead = []report.Text{txt(para(3000, "导语"), 18)} },
		"photos only":  func(r *report.Report) { r.Sections[0].Paragraphs = nil },
		"tall photos":  func(r *report.Report) { r.Sections[0].Photos[0].PixelW, r.Sections[0].Photos[0].PixelH = 10, 4000 },
		"many figures": func(r *report.Report) { manyFigures(r, 200) },
	}
	for name, mod := range mods {
		r := fakeReport(2, 2, 600)
		mod(r)
		d, err := briefingDoc(fakeKit(), r)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if len(d.Pages) == 0 || len(sectionMarks(d)) != len(r.Sections) {
			t.Errorf("%s: %d pages, %d bookmarks", name, len(d.Pages), len(sectionMarks(d)))
		}
		proseIn(t, r, d)
	}
}

// TestBriefingPrintsGrowthAsWritten: a growth written 5.0 prints as the prose prints it
// ({id.growth} → 5.0%), in the figure table and on its tile, not as 5 and 5%.
func TestBriefingPrintsGrowthAsWritten(t *testing.T) {
	r, f := seed(t)
	var fg *report.Figure
	for _, x := range r.Figures {
		if x.Highlight && x.ValueText != "" {
			fg = x
			break
		}
	}
	five := 5.0
	fg.Growth, fg.GrowthText = &five, "5.0"
	d, err := Briefing(r, f)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]bool{}
	for _, x := range briefTexts(d) {
		got[x.S] = true
	}
	if !got["5.0"] || !got["5.0%"] {
		t.Errorf("growth 5.0 of %s: table cell 5.0 %v, tile 5.0%% %v", fg.ID, got["5.0"], got["5.0%"])
	}
}

// TestBriefingNoStrandedLine: in no briefing of the acceptance reports does a page or one of
// its columns hold a single line of body text (a line stranded at the top of the last page, or
// alone in a column beside a full one).
func TestBriefingNoStrandedLine(t *testing.T) {
	_, f := seed(t)
	files, _ := filepath.Glob("../testdata/reports/*.yaml")
	corpus, _ := filepath.Glob(corpusDir + "/*.yaml")
	checked := 0
	for _, file := range append(append(files, corpus...), "../data.yaml") {
		r, err := report.Load(file)
		if err != nil {
			t.Fatal(err)
		}
		d, err := Briefing(r, f)
		if err != nil {
			continue
		}
		lines := map[[2]int]map[float64]bool{} // page, column → baselines of body text
		for _, x := range briefTexts(d) {
			if x.Font != fonts.Song || x.Size != bBody {
				continue
			}
			col := 0
			if x.X > a4W/2 {
				col = 1
			}
			k := [2]int{x.page, col}
			if lines[k] == nil {
				lines[k] = map[float64]bool{}
			}
			lines[k][x.Y] = true
		}
		for k, ys := range lines {
			checked++
			if len(ys) == 1 {
				t.Errorf("%s briefing page %d column %d: a single line of text", filepath.Base(file), k[0]+1, k[1]+1)
			}
		}
	}
	if checked < 50 {
		t.Errorf("only %d columns checked", checked)
	}
}

// A unit longer than its column's share widens the column, from the columns with room to
// spare, so that it is set at the table's size; short units keep the shares.
func TestTableWidensForALongUnit(t *testing.T) {
	k := fakeKit()
	w := 480.0
	rows := [][5]string{{"空气质量", "32", "微克/立方米", "-5.2", ""}}
	widths := tableWidths(k, rows, w)
	sum := 0.0
	for _, x := range widths {
		sum += x
	}
	if math.Abs(sum-w) > 1e-6 {
		t.Errorf("widths %v add up to %g, not %g", widths, sum, w)
	}
	if need := (k.width(fonts.Song, "微克/立方米") + 1.6) * tSize; widths[2] < need-1e-6 {
		t.Errorf("the unit column is %g wide, %g needed", widths[2], need)
	}
	for c, x := range tableWidths(k, [][5]string{{"产值", "32", "亿元", "5.2", ""}}, w) {
		if math.Abs(x-tableCols[c].share*w) > 1e-6 {
			t.Errorf("column %d is %g wide, not its share %g", c, x, tableCols[c].share*w)
		}
	}
}

// TestBriefingPullsBackAShortLastPage: a briefing whose last page would hold a few lines after
// full ones is set with smaller figures when that saves the page (n66 ended on a ninth page
// holding its closing alone, n79 on a third of two lines under a 55 mm pie on the first), and
// the figures stay readable.
func TestBriefingPullsBackAShortLastPage(t *testing.T) {
	for file, want := range map[string]int{"n66-broadsheet-spread-six-annual.yaml": 8, "n79-a3-single-uneven-park.yaml": 2} {
		r, f := corpusReport(t, file)
		d, err := Briefing(r, f)
		if err != nil {
			t.Fatal(err)
		}
		if len(d.Pages) != want {
			t.Errorf("%s: %d briefing pages, want %d", file, len(d.Pages), want)
		}
	}
	r, f := corpusReport(t, "n66-broadsheet-spread-six-annual.yaml")
	k := realKit(f)
	var errs report.Errors
	w := (&cols{}).colW()
	full, small := twoColumns(k, r, page.Gray(1), w, 1, &errs), twoColumns(k, r, page.Gray(1), w, briefShrinks[len(briefShrinks)-1], &errs)
	for i := range full {
		if full[i].kind == kFig && (small[i].h >= full[i].h || small[i].h < briefChartMin) {
			t.Errorf("figure block %d: %.0f pt tall set smaller, %.0f pt at full size", i, small[i].h, full[i].h)
		}
	}
}

// TestBriefingKeepsPortraits: a portrait in the briefing stands in a frame of its own shape,
// narrower than the column and in its middle, not cropped to 4:3 (half of a 2:3 lost).
func TestBriefingKeepsPortraits(t *testing.T) {
	r, f := corpusReport(t, "n61-a4-nofigures-portrait.yaml")
	d, err := Briefing(r, f)
	if err != nil {
		t.Fatal(err)
	}
	w := (&cols{}).colW()
	found := 0
	for _, p := range d.Pages {
		allItems(p.Items, page.Point{}, func(it page.Item, _ page.Point) {
			im, ok := it.(page.Image)
			if !ok || im.PixelH <= im.PixelW {
				return
			}
			found++
			a, own := im.W/im.H, float64(im.PixelW)/float64(im.PixelH)
			if math.Abs(a-math.Max(own, briefPortraitMin)) > 0.01 || im.W > w-1 {
				t.Errorf("a %d×%d portrait in a %.0f × %.0f pt frame (column %.0f pt)", im.PixelW, im.PixelH, im.W, im.H, w)
			}
		})
	}
	if found == 0 {
		t.Fatal("no portrait in the briefing: the test shows nothing")
	}
}

// TestBriefingKeepsPanoramas: a 3:1 panorama in the briefing stands in a frame of its own shape
// across the column, not cropped to 16:9 (two fifths of its width lost).
func TestBriefingKeepsPanoramas(t *testing.T) {
	r, f := corpusReport(t, "broadsheet-spread-port.yaml")
	d, err := Briefing(r, f)
	if err != nil {
		t.Fatal(err)
	}
	found := 0
	for _, p := range d.Pages {
		allItems(p.Items, page.Point{}, func(it page.Item, _ page.Point) {
			im, ok := it.(page.Image)
			if !ok || im.PixelW < 2*im.PixelH {
				return
			}
			found++
			if a, own := im.W/im.H, float64(im.PixelW)/float64(im.PixelH); math.Abs(a-own) > 0.01 {
				t.Errorf("a %d×%d panorama in a %.0f × %.0f pt frame: cropped to %.2f:1", im.PixelW, im.PixelH, im.W, im.H, a)
			}
		})
	}
	if found == 0 {
		t.Fatal("no panorama in the briefing: the test shows nothing")
	}
}

// TestBriefingTableKeepsRows: a table that breaks leaves at least tableKeep rows on each page,
// however many figures it lists (a held-out briefing left one row alone under the repeated
// header on its second page).
func TestBriefingTableKeepsRows(t *testing.T) {
	broke := false
	for n := 2 * tableKeep; n <= 80; n++ {
		r := fakeReport(2, 1, 400)
		manyFigures(r, n)
		d, err := briefingDoc(fakeKit(), r)
		if err != nil {
			t.Fatal(err)
		}
		perPage := map[int]int{}
		for _, x := range briefTexts(d) {
			if x.Font == fonts.Song && x.Size == tSize && math.Abs(x.X-bMargin-0.8*tSize) < 1e-6 {
				perPage[x.page]++
			}
		}
		broke = broke || len(perPage) > 1
		for p, c := range perPage {
			if len(perPage) > 1 && c < tableKeep {
				t.Errorf("%d figures: page %d holds %d of the table's rows", n, p+1, c)
			}
		}
	}
	if !broke {
		t.Fatal("no table broke across pages: the test shows nothing")
	}
}
