package layout

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"spread/fonts"
	"spread/page"
	"spread/report"
)

// Every kind of item is measured against the trim: a line of text by its advances, a stroke
// with half its width, a photo by its frame; a tint may run into a print page's bleed and no
// further. Each item outside is an error at its source.
func TestOutsideTrim(t *testing.T) {
	k := fakeKit()
	r := &report.Report{File: "data.yaml", Layout: report.Layout{Pos: report.Pos{File: "data.yaml", Line: 2, Col: 9}},
		Charts: []*report.Chart{{Title: txt("图表标题", 7)}},
		Lead:   []report.Text{txt("一段导语在这里", 3)}}
	tint := page.Color{K: 0.1}
	const w, h = 200, 300
	bleed := 3 * page.MM
	cases := []struct {
		item page.Item
		want string // "" when inside
	}{
		{page.Text{X: 10, Y: 20, Font: "song", Size: 10, S: "一段导语"}, ""},
		{page.Text{X: 150, Y: 20, Font: "song", Size: 10, S: "一段导语在这里"}, "data.yaml:3:5: the text \"一段导语在这里\" is drawn 7.1 mm past the right edge of page 1's trim"},
		{page.Text{X: 10, Y: 3, Font: "song", Size: 10, S: "导语"}, "data.yaml:3:5: the text \"导语\" is drawn 2.0 mm past the top edge"},
		{page.Rect{X: -bleed, Y: -bleed, W: w + 2*bleed, H: 40, Fill: &tint}, ""},
		{page.Rect{X: -2 * bleed, Y: 0, W: 40, H: 40, Fill: &tint}, "data.yaml:2:9: a rule or box is drawn 3.0 mm past the left edge"},
		{page.Rect{X: -bleed, Y: 0, W: 40, H: 40, Stroke: &tint, LineWidth: 1}, "data.yaml:2:9: a rule or box is drawn 3.2 mm past the left edge"},
		{page.Line{X1: 0, Y1: h, X2: w, Y2: h, Width: 2}, "data.yaml:2:9: a rule or box is drawn 0.4 mm past the bottom edge"},
		{page.Group{X: 180, Y: 100, Items: []page.Item{page.Text{X: 0, Y: 10, Font: "hei", Size: 9, S: "图表标题"}}}, "data.yaml:7:5: the chart \"图表标题\" is drawn 5.6 mm past the right edge"},
		{page.Image{X: 100, Y: 250, W: 80, H: 60, IX: 100, IY: 250, IW: 80, IH: 60, Name: "photos/a.jpg", Source: "data.yaml:12:15"}, "data.yaml:12:15: photo photos/a.jpg is drawn 3.5 mm past the bottom edge"},
		{page.Image{X: 10, Y: 10, W: 80, H: 60, IX: -10, IY: -10, IW: 120, IH: 90, Name: "photos/b.jpg", Source: "data.yaml:13:15"}, ""}, // clipped to its frame
	}
	for _, c := range cases {
		doc := &page.Document{Print: &page.Print{Bleed: bleed}, Pages: []page.Page{{Width: w, Height: h, Items: []page.Item{c.item}}}}
		errs := outsideTrim(k, r, doc)
		switch {
		case c.want == "" && len(errs) > 0:
			t.Errorf("%+v: %v", c.item, errs)
		case c.want != "" && (len(errs) != 1 || !strings.HasPrefix(errs[0].Error(), c.want)):
			t.Errorf("%+v:\n got %v\nwant %s…", c.item, errs, c.want)
		}
	}
	// a screen page has no bleed: a tint past its edge is outside
	doc := &page.Document{Pages: []page.Page{{Width: w, Height: h, Items: []page.Item{page.Rect{X: -bleed, Y: 0, W: 40, H: 40, Fill: &tint}}}}}
	if errs := outsideTrim(k, r, doc); len(errs) != 1 {
		t.Errorf("a tint past a screen page's edge: %v", errs)
	}
}

// A chart title the loader allows (60 characters) on a page too narrow to hold it fails the
// build at the title, not drawn past the trim.
func TestChartTitleOnANarrowPage(t *testing.T) {
	dir := t.TempDir()
	title := strings.Repeat("主要经济指标增速", 7) + "主要经"
	src := "paper: {name: 报, date: 2021-01-08}\n" +
		"layout: {size: 80x300mm, pages: 1}\n" +
		"headline: {title: 标题}\n" +
		"lead: [导语。]\n" +
		"figures:\n" +
		"  gdp: {label: 地区生产总值, value: 352.34, unit: 亿元, growth: 4.5}\n" +
		"  fai: {label: 固定资产投资, value: 100, unit: 亿元, growth: -3}\n" +
		"charts:\n" +
		"  - {title: " + title + ", kind: bar, of: growth, figures: [gdp, fai], place: lead}\n" +
		"sections:\n" +
		"  - {label: A, title: 甲, paragraphs: [正文。]}\n"
	file := filepath.Join(dir, "narrow.yaml")
	if err := os.WriteFile(file, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	r, err := report.Load(file)
	if err != nil {
		t.Fatalf("the loader refuses what it should allow: %v", err)
	}
	f, err := fonts.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	for name, lay := range map[string]func(*report.Report, *fonts.Set) (*page.Document, error){"print": Print} {
		_, err := lay(r, f)
		var list report.Errors
		if !errors.As(err, &list) {
			t.Fatalf("%s: %v, want positioned errors", name, err)
		}
		found := false
		for _, e := range list {
			found = found || e.Pos.Line == 9 && e.Pos.Col == 13 && strings.Contains(e.Msg, "the chart") && strings.Contains(e.Msg, "past the right edge of page 1's trim")
		}
		if !found {
			t.Errorf("%s: no error at the chart title (9:13):\n%v", name, err)
		}
	}
}
