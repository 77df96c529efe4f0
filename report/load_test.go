package report

import (
	"bytes"
	"errors"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestLoadData(t *testing.T) {
	r, err := Load("../data.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if got := r.Paper.Name.S; got != "九江日报" {
		t.Errorf("paper name %q", got)
	}
	if want := time.Date(2021, 1, 8, 0, 0, 0, 0, time.UTC); !r.Paper.Date.Equal(want) || r.Paper.Page != 4 {
		t.Errorf("date %v page %d", r.Paper.Date, r.Paper.Page)
	}
	if r.Layout.Size != "broadsheet" || r.Layout.Pages != 2 || r.Layout.Columns != 8 || r.Layout.Body != 0 {
		t.Errorf("layout %+v", r.Layout)
	}
	if math.Abs(r.Layout.Width-390*72/25.4) > 1e-9 || math.Abs(r.Layout.Height-546*72/25.4) > 1e-9 {
		t.Errorf("trim %g × %g pt", r.Layout.Width, r.Layout.Height)
	}
	if r.Layout.Accent != [4]float64{0, 100, 100, 10} {
		t.Errorf("accent %v", r.Layout.Accent)
	}
	if len(r.Headline.Title) != 2 || r.Headline.Title[1].S != "只争朝夕砥砺前行" {
		t.Errorf("title %v", r.Headline.Title)
	}
	if len(r.Lead) != 3 {
		t.Fatalf("%d lead paragraphs", len(r.Lead))
	}
	for _, want := range []string{"地区生产总值352.34亿元，增长4.5%；", "财政总收入30亿元，同口径增长9.3%",
		"固定资产投资增长8%；", "城镇居民人均可支配收入达44238元，增长5.8%。"} {
		if !strings.Contains(r.Lead[2].S, want) {
			t.Errorf("lead lacks %q: %s", want, r.Lead[2].S)
		}
	}
	if r.Lead[2].Pos.Line != 29 || r.Lead[2].Pos.Col != 5 {
		t.Errorf("lead[3] at %v", r.Lead[2].Pos)
	}
	if len(r.Figures) < 12 || r.Figures[0].ID != "gdp" || r.Figures[0].ValueText != "352.34" || *r.Figures[0].Growth != 4.5 {
		t.Errorf("figures: %d, first %+v", len(r.Figures), r.Figures[0])
	}
	var labels, photos []string
	for _, s := range r.Sections {
		labels = append(labels, s.Label)
		for _, p := range s.Photos {
			photos = append(photos, s.Label+":"+p.Caption.S)
			if p.Format != "jpeg" || max(p.PixelW, p.PixelH) < 1200 || len(p.Data) == 0 {
				t.Errorf("photo %s: %s %d×%d %d bytes", p.File, p.Format, p.PixelW, p.PixelH, len(p.Data))
			}
		}
	}
	if strings.Join(labels, "") != "ABC" {
		t.Errorf("sections %v", labels)
	}
	wantPhotos := "A:九江新旅文化旅游城项目效果图 A:广隆枫尚国际 A:白水明珠文娱综合体项目 B:改造后湖滨小区居民喜开颜 B:塔岭南路 " +
		"C:脱贫解困爱满人间 C:浔城多元调解中心 C:龙山社区养老服务"
	if got := strings.Join(photos, " "); got != wantPhotos {
		t.Errorf("photos\n got %s\nwant %s", got, wantPhotos)
	}
	var charts []string
	for _, c := range r.Charts {
		charts = append(charts, c.Kind+"/"+c.Of+"/"+c.Place)
	}
	if got := strings.Join(charts, " "); got != "column/growth/lead donut/value/lead donut/value/lead bar/value/B bar/value/C" {
		t.Errorf("charts %s", got)
	}
	if len(r.Closing) != 1 || !strings.HasSuffix(r.Closing[0].S, "再谱华章！") {
		t.Errorf("closing %v", r.Closing)
	}
}

// TestSeedTranscribed checks that every line of the customer's page reaches the report, with
// the three paragraphs that column breaks cut joined again.
func TestSeedTranscribed(t *testing.T) {
	// A copy of ../shared/seed/xunyang-2020.txt, so the check runs on every machine.
	seed, err := os.ReadFile("testdata/xunyang-2020.txt")
	if err != nil {
		t.Fatal(err)
	}
	r, err := Load("../data.yaml")
	if err != nil {
		t.Fatal(err)
	}
	have := map[string]bool{}
	add := func(ts ...Text) {
		for _, t := range ts {
			have[t.S] = true
		}
	}
	var title []string
	for _, x := range r.Headline.Title {
		title = append(title, x.S)
	}
	have[strings.Join(title, " ")] = true
	have["——"+r.Headline.Subtitle.S] = true
	add(r.Byline)
	add(r.Lead...)
	add(r.Closing...)
	for _, s := range r.Sections {
		have[s.Label+" "+s.Title.S] = true
		add(s.Paragraphs...)
		for _, p := range s.Photos {
			add(p.Caption)
		}
	}
	var lines []string
	for _, l := range strings.Split(string(seed), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			lines = append(lines, l)
		}
	}
	cut := map[string]bool{"“飞": true, "老市委大院": true, "城镇困难": true}
	n := 0
	for i := 0; i < len(lines); i++ {
		l := lines[i]
		for _, end := range []string{"“飞", "老市委大院", "城镇困难"} {
			if strings.HasSuffix(l, end) && cut[end] && i+1 < len(lines) {
				l += lines[i+1]
				i++
				n++
			}
		}
		if !have[normalize(l, strings.Contains(l, " "))] {
			t.Errorf("seed line not in the report: %s", l)
		}
	}
	if n != 3 {
		t.Errorf("joined %d cut paragraphs, want 3", n)
	}
}

// writeImages puts a small PNG, a JPEG and a text file into dir.
func writeImages(t testing.TB, dir string) {
	img := image.NewRGBA(image.Rect(0, 0, 30, 20))
	img.Set(1, 1, color.RGBA{255, 0, 0, 255})
	var p, j bytes.Buffer
	if err := png.Encode(&p, img); err != nil {
		t.Fatal(err)
	}
	if err := jpeg.Encode(&j, img, nil); err != nil {
		t.Fatal(err)
	}
	for name, data := range map[string][]byte{"a.png": p.Bytes(), "b.jpg": j.Bytes(), "c.jpg": []byte("GIF89a not really"),
		"font.ttf": {0, 1, 0, 0, 0, 9}, "font.otf": []byte("OTTO....")} {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// base is a small valid report; cases replace its lines or add lines after it.
var baseLines = []string{
	"paper: {name: 报, date: 2021-01-08}",                 // 1
	"headline: {title: 标题}",                              // 2
	"lead: [导语]",                                         // 3
	"sections: [{label: A, title: 甲, paragraphs: [正文]}]", // 4
	"figures:", // 5
	"  gdp: {label: 总值, value: 352.34, unit: 亿元, growth: 4.5}",                  // 6
	"  share: {label: 比重, value: 85, unit: \"%\", history: {2019: 1, 2020: 2}}", // 7
	"  fai: {label: 投资, growth: -3}",                                            // 8
}

func doc(set map[int]string, add ...string) string {
	lines := append([]string(nil), baseLines...)
	for n, s := range set {
		lines[n-1] = s
	}
	return strings.Join(append(lines, add...), "\n") + "\n"
}

func TestBaseIsValid(t *testing.T) {
	dir := t.TempDir()
	writeImages(t, dir)
	r, err := Parse("x.yaml", []byte(doc(nil,
		"charts: [{title: 增速, kind: column, of: growth, figures: [gdp, fai]}, {title: 历年, kind: line, figures: [share], place: A}]",
		"layout: {size: 300x400mm, body: 小四, accent: [100, 50, 0, 20], fonts: {song: font.ttf}}",
	)), dir)
	if err != nil {
		t.Fatal(err)
	}
	if r.Layout.Size != "custom" || math.Abs(r.Layout.Width-300*pointsPerMM) > 1e-9 || r.Layout.Columns != 6 || r.Layout.Pages != 1 || r.Layout.Body != 12 {
		t.Errorf("layout %+v", r.Layout)
	}
	if f := r.Layout.Fonts["song"]; f.S != "font.ttf" || f.Pos.Line != 10 {
		t.Errorf("fonts %v", r.Layout.Fonts)
	}
	if want, err := os.ReadFile(filepath.Join(dir, "font.ttf")); err != nil || !bytes.Equal(r.Layout.FontData["song"], want) {
		t.Errorf("font data %d bytes, want the %d of font.ttf (%v)", len(r.Layout.FontData["song"]), len(want), err)
	}
	if r.Charts[1].Figures[0].History[1] != (Point{2020, 2}) {
		t.Errorf("history %v", r.Charts[1].Figures[0].History)
	}
}

func TestErrors(t *testing.T) {
	dir := t.TempDir()
	writeImages(t, dir)
	outside := filepath.Join(filepath.Dir(dir), filepath.Base(dir)+"-outside.png")
	if err := os.WriteFile(outside, []byte("\x89PNG\r\n\x1a\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Remove(outside) })
	if err := os.Symlink(outside, filepath.Join(dir, "link.png")); err != nil {
		t.Fatal(err)
	}
	photo := func(file string) map[int]string {
		return map[int]string{4: "sections: [{label: A, title: 甲, paragraphs: [正文], photos: [{file: " + file + ", caption: 图}]}]"}
	}
	cases := []struct {
		name string
		set  map[int]string
		add  []string
		want string // LINE:COL: part of the message
	}{
		{"unknown key", nil, []string{"colour: red"}, "9:1: the report: unknown key \"colour\""},
		{"duplicate key", nil, []string{"lead: [又一段]"}, "9:1: the report: duplicate key \"lead\" (first at line 3)"},
		{"duplicate figure", nil, []string{"  gdp: {label: 又}"}, "9:3: figures: duplicate key \"gdp\""},
		{"page not a number", map[int]string{1: "paper: {name: 报, date: 2021-01-08, page: five}"}, nil, "1:42: paper.page: expected a whole number, found \"five\""},
		{"negative page", map[int]string{1: "paper: {name: 报, date: 2021-01-08, page: -1}"}, nil, "1:42: paper.page: -1 is not a page number"},
		{"page past a paper's", map[int]string{1: "paper: {name: 报, date: 2021-01-08, page: 9223372036854775807}"}, nil, "1:42: paper.page: 9223372036854775807 is not a page number (1 … 999)"},
		{"paper name past the folio", map[int]string{1: "paper: {name: " + strings.Repeat("报", 300) + ", date: 2021-01-08}"}, nil, "1:15: paper.name: 300 characters; a paper's name has at most 30"},
		{"figure of 301 digits", map[int]string{6: "  gdp: {label: 总值, value: " + strings.Repeat("9", 301) + ", unit: 亿元}"}, nil, "6:27: figures.gdp.value: " + strings.Repeat("9", 301) + " has more digits than a figure is printed with"},
		{"chart title of a page", nil, []string{"charts: [{title: " + strings.Repeat("标", 2000) + ", kind: column, of: growth, figures: [gdp, fai]}]"}, "9:18: charts[1].title: 2000 characters; a chart's title has at most 60"},
		{"date of no paper", map[int]string{1: "paper: {name: 报, date: 0001-01-01}"}, nil, "1:24: paper.date: 0001-01-01 is before 1900"},
		{"alias to no anchor", map[int]string{3: "lead: [导语, *nowhere]"}, nil, "3:12: YAML syntax: unknown anchor 'nowhere' referenced"},
		{"missing name", map[int]string{1: "paper: {date: 2021-01-08}"}, nil, "1:8: paper: missing required key \"name\""},
		{"missing section title", map[int]string{4: "sections: [{paragraphs: [正文]}]"}, nil, "4:12: sections[1]: missing required key \"title\""},
		{"bad date", map[int]string{1: "paper: {name: 报, date: 2021-13-40}"}, nil, "1:24: paper.date: \"2021-13-40\" is not a date YYYY-MM-DD"},
		{"pages", nil, []string{"layout: {pages: 3}"}, "9:17: layout.pages: 3 pages"},
		{"columns", nil, []string{"layout: {columns: 13}"}, "9:19: layout.columns: 13 is outside 1…12"},
		{"accent channel", nil, []string{"layout: {accent: [0, 120, 100, 0]}"}, "9:22: layout.accent[2]: 120 is outside 0…100"},
		{"accent ink", nil, []string{"layout: {accent: [100, 100, 0, 50]}"}, "9:18: layout.accent: total ink 250% exceeds 220% for newsprint (hint"},
		{"accent length", nil, []string{"layout: {accent: [1, 2]}"}, "9:18: layout.accent: expected four CMYK percentages"},
		{"body too small", nil, []string{"layout: {body: 5pt}"}, "9:16: layout.body: 5pt is outside 六号 (7.875pt) … 初号 (42pt)"},
		{"body unknown", nil, []string{"layout: {body: 10px}"}, "9:16: layout.body: \"10px\" is not a 号 name"},
		{"body bare number", nil, []string{"layout: {body: 9}"}, "9:16: layout.body: 9 needs a unit"},
		{"size", nil, []string{"layout: {size: letter}"}, "9:16: layout.size: \"letter\" is not broadsheet, tabloid, a3, a4"},
		{"font outside", nil, []string{"layout: {fonts: {kai: ../kai.ttf}}"}, "9:23: layout.fonts.kai: ../kai.ttf leads outside"},
		{"font CFF", nil, []string{"layout: {fonts: {hei: font.otf}}"}, "9:23: layout.fonts.hei: font.otf is a CFF (OpenType) font"},
		{"font role", nil, []string{"layout: {fonts: {fangsong: font.ttf}}"}, "9:18: layout.fonts: unknown key \"fangsong\""},
		{"unknown figure in text", map[int]string{3: "lead: [\"总值{gpd}\"]"}, nil, "3:8: lead[1]: {gpd} refers to an unknown figure \"gpd\""},
		{"missing value", map[int]string{3: "lead: [\"投资{fai}\"]"}, nil, "3:8: lead[1]: {fai}: figure \"fai\" has no value"},
		{"missing growth", map[int]string{2: "headline: {title: \"比重{share.growth}\"}"}, nil, "2:19: headline.title: {share.growth}: figure \"share\" has no growth"},
		{"unknown field", map[int]string{3: "lead: [\"总值{gdp.size}\"]"}, nil, "3:8: lead[1]: {gdp.size}: unknown field \"size\""},
		{"lone brace", map[int]string{3: "lead: [\"a } b\"]"}, nil, "3:8: lead[1]: a lone }"},
		{"open brace", map[int]string{3: "lead: [\"{gdp\"]"}, nil, "3:8: lead[1]: a { without its }"},
		{"paragraph read as mapping", map[int]string{3: "lead:\n  - {gdp}"}, nil, "4:5: lead[1]: a text starting with { is read by YAML as a mapping: put the whole text in quotes"},
		{"brace paragraph syntax", map[int]string{3: "lead:\n  - {gdp}增长"}, nil, "4:5: a text starting with { is read by YAML as a mapping"},
		{"figure id", nil, []string{"  GDP: {label: 大写}"}, "9:3: figures: id \"GDP\" must be lower-case"},
		{"figure value text", nil, []string{"  x: {label: 错, value: 35亿}"}, "9:24: figures.x.value: expected a number, found \"35亿\""},
		{"highlight type", nil, []string{"  x: {label: 错, highlight: 1}"}, "9:28: figures.x.highlight: expected true or false"},
		{"history year", nil, []string{"  x: {label: 错, history: {twenty: 1}}"}, "9:27: figures.x.history: expected a whole number"},
		{"chart unknown figure", nil, []string{"charts: [{title: 图, kind: bar, figures: [gdp, nope]}]"}, "9:47: charts[1].figures: unknown figure \"nope\""},
		{"chart mixes units", nil, []string{"charts: [{title: 图, kind: bar, figures: [gdp, share]}]"}, "9:47: charts[1].figures: the chart mixes units: \"gdp\" is in \"亿元\", \"share\" in \"%\""},
		{"chart value missing", nil, []string{"charts: [{title: 图, kind: bar, figures: [fai]}]"}, "9:42: charts[1].figures: figure \"fai\" has no value to chart"},
		{"donut negative", nil, []string{"charts: [{title: 图, kind: donut, of: growth, figures: [gdp, fai]}]"}, "9:61: charts[1].figures: a donut cannot show \"fai\": its growth -3 is not above 0"},
		{"pie of one share", nil, []string{"  all: {label: 全部, value: 100, unit: \"%\"}", "charts: [{title: 图, kind: pie, figures: [all]}]"}, "10:42: charts[1].figures: a pie of one share shows \"all\" against the rest of 100%, so it must be below 100"},
		{"line without history", nil, []string{"charts: [{title: 图, kind: line, figures: [gdp]}]"}, "9:43: charts[1].figures: a line chart needs the history of figure \"gdp\""},
		{"empty chart", nil, []string{"charts: [{title: 图, kind: bar, figures: []}]"}, "9:41: charts[1].figures: the chart is empty"},
		{"chart kind", nil, []string{"charts: [{title: 图, kind: radar, figures: [gdp]}]"}, "9:27: charts[1].kind: \"radar\" is not one of bar, column, donut, pie, line"},
		{"chart place", nil, []string{"charts: [{title: 图, kind: bar, figures: [gdp], place: B}]"}, "9:55: charts[1].place: \"B\" is neither lead nor a section label (A)"},
		{"photo missing", photo("nothere.jpg"), nil, "4:67: sections[1].photos[1].file: photo nothere.jpg not found"},
		{"photo not an image", photo("c.jpg"), nil, "4:67: sections[1].photos[1].file: c.jpg is not a JPEG or PNG image"},
		{"photo escapes", photo("../b.jpg"), nil, "4:67: sections[1].photos[1].file: ../b.jpg leads outside the data file's folder"},
		{"photo escapes after a folder", photo("x/../../b.jpg"), nil, "4:67: sections[1].photos[1].file: x/../../b.jpg leads outside"},
		{"photo absolute", photo(filepath.Join(dir, "b.jpg")), nil, "4:67: sections[1].photos[1].file: " + filepath.Join(dir, "b.jpg") + " is an absolute path"},
		{"photo symlink out", photo("link.png"), nil, "4:67: sections[1].photos[1].file: link.png is a symbolic link leading outside"},
		{"photo is a folder", photo("."), nil, "4:67: sections[1].photos[1].file: . is a folder"},
		{"photo caption missing", map[int]string{4: "sections: [{label: A, title: 甲, paragraphs: [正文], photos: [{file: b.jpg}]}]"}, nil, "4:60: sections[1].photos[1]: missing required key \"caption\""},
		{"lead empty", map[int]string{3: "lead: []"}, nil, "3:7: lead: needs at least one text"},
		{"title type", map[int]string{2: "headline: {title: {a: b}}"}, nil, "2:19: headline.title: a text starting with {"},
		{"section label twice", map[int]string{4: "sections: [{label: A, title: 甲, paragraphs: [正文]}, {label: A, title: 乙, paragraphs: [文]}]"}, nil, "4:60: sections[2].label: \"A\" is already the label"},
		{"second document", nil, []string{"---", "paper: {}"}, "9:1: a second YAML document"},
		{"syntax", map[int]string{3: "lead: [导语"}, nil, "YAML syntax:"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Parse("x.yaml", []byte(doc(c.set, c.add...)), dir)
			var list Errors
			if !errors.As(err, &list) {
				t.Fatalf("error %v (%T), want Errors", err, err)
			}
			for _, e := range list {
				if strings.HasPrefix(e.Error(), "x.yaml:"+c.want) || (!strings.Contains(c.want, ": ") && strings.Contains(e.Msg, c.want)) {
					return
				}
			}
			t.Errorf("want x.yaml:%s…\ngot\n%v", c.want, err)
		})
	}
	if len(cases) < 20 {
		t.Errorf("only %d cases", len(cases))
	}
}

func TestErrorsCollectedAndSorted(t *testing.T) {
	src := doc(map[int]string{1: "paper: {name: 报, date: 2021-02-30, page: 0}", 3: "lead: [\"总值{nope}\"]"},
		"layout: {columns: 0, pages: 5}",
		"charts: [{title: 图, kind: pie, figures: [gdp, share]}]",
		"closing: [{gdp.growth}]",
	)
	_, err := Parse("x.yaml", []byte(src), t.TempDir())
	var list Errors
	if !errors.As(err, &list) {
		t.Fatalf("error %v", err)
	}
	var got []string
	for _, e := range list {
		got = append(got, e.Pos.String())
	}
	want := "x.yaml:1:24 x.yaml:1:42 x.yaml:3:8 x.yaml:9:19 x.yaml:9:29 x.yaml:10:47 x.yaml:11:11"
	if strings.Join(got, " ") != want {
		t.Errorf("positions\n got %s\nwant %s\n%v", strings.Join(got, " "), want, err)
	}
}

func TestWholeDocument(t *testing.T) {
	for _, c := range []struct{ src, want string }{
		{"", "x.yaml:1:1: the data file is empty"},
		{"# nothing but a comment\n", "x.yaml:1:1: the data file is empty"},
		{"- paper\n- lead\n", "x.yaml:1:1: the report: expected a mapping, found a list"},
		{"just words", "x.yaml:1:1: the report: expected a mapping, found \"just words\""},
		{"a: [1\n", "x.yaml:1:1: YAML syntax: did not find expected ',' or ']'"},
	} {
		_, err := Parse("x.yaml", []byte(c.src), ".")
		if err == nil || !strings.HasPrefix(err.Error(), c.want) {
			t.Errorf("%q: got %v, want %s", c.src, err, c.want)
		}
	}
}

func TestLoadIOError(t *testing.T) {
	_, err := Load(filepath.Join(t.TempDir(), "none.yaml"))
	var list Errors
	if err == nil || errors.As(err, &list) || !errors.Is(err, os.ErrNotExist) {
		t.Errorf("got %v, want the I/O error", err)
	}
}

func TestPaths(t *testing.T) {
	root := t.TempDir()
	data := filepath.Join(root, "data")
	for _, d := range []string{data, filepath.Join(data, "photos"), filepath.Join(root, "secret")} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	writeImages(t, filepath.Join(data, "photos"))
	writeImages(t, filepath.Join(root, "secret"))
	// A link inside the folder to a file inside it is fine; a link to a folder outside is not.
	if err := os.Symlink(filepath.Join(data, "photos", "a.png"), filepath.Join(data, "inside.png")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(root, "secret"), filepath.Join(data, "photos", "secret")); err != nil {
		t.Fatal(err)
	}
	// The data folder itself reached through a link still finds its photos.
	linked := filepath.Join(root, "linked")
	if err := os.Symlink(data, linked); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		dir, file string
		ok        bool
	}{
		{data, "photos/a.png", true},
		{data, "./photos/../photos/b.jpg", true},
		{data, "inside.png", true},
		{linked, "photos/a.png", true},
		{linked, "inside.png", true},
		{data, "photos/secret/a.png", false},
		{linked, "photos/secret/a.png", false},
		{data, "../secret/a.png", false},
		{data, "photos/../../secret/a.png", false},
		{data, filepath.Join(root, "secret", "a.png"), false},
		{data, "/etc/passwd", false},
	} {
		src := doc(map[int]string{4: "sections: [{title: 甲, paragraphs: [正文], photos: [{file: '" + c.file + "', caption: 图}]}]"})
		r, err := Parse(filepath.Join(c.dir, "data.yaml"), []byte(src), c.dir)
		if c.ok != (err == nil) {
			t.Errorf("%s in %s: error %v, want ok=%v", c.file, c.dir, err, c.ok)
			continue
		}
		if c.ok {
			p := r.Sections[0].Photos[0]
			if p.PixelW != 30 || p.PixelH != 20 || p.File != c.file || !strings.HasPrefix(p.Path, c.dir) {
				t.Errorf("%s: %+v", c.file, p)
			}
		}
	}
}

func TestSubtitleDash(t *testing.T) {
	r, err := Parse("x.yaml", []byte(doc(map[int]string{2: "headline: {title: [大江 奔流, 风帆], subtitle: '——浔阳区 奏响 {gdp} 乐章', kicker: '{{引题}}'}"})), ".")
	if err != nil {
		t.Fatal(err)
	}
	h := r.Headline
	if h.Subtitle.S != "浔阳区 奏响 352.34亿元 乐章" || h.Title[0].S != "大江 奔流" || h.Kicker.S != "{引题}" {
		t.Errorf("headline %+v", h)
	}
}

// TestWarningsOddLeftPage: a two-page spread whose left page would be odd is warned of at
// paper.page (or at paper, when the page is the default 1), with the numbers that would be right;
// an even left page and a single page are not.
func TestWarningsOddLeftPage(t *testing.T) {
	dir := t.TempDir()
	writeImages(t, dir)
	cases := []struct {
		paper, layout string
		want          string // "" for no warning
	}{
		{"paper: {name: 报, date: 2021-01-08, page: 5}", "layout: {pages: 2}", "x.yaml:1:42: paper.page: a spread's left page is even, its right page odd: 5–6 puts the left page on an odd number; 4–5 or 6–7 would be right"},
		{"paper: {name: 报, date: 2021-01-08}", "layout: {pages: 2}", "x.yaml:1:8: paper.page: a spread's left page is even, its right page odd: 1–2 puts the left page on an odd number; 2–3 would be right"},
		{"paper: {name: 报, date: 2021-01-08, page: 999}", "layout: {pages: 2}", "x.yaml:1:42: paper.page: a spread's left page is even, its right page odd: 999–1000 puts the left page on an odd number; 998–999 would be right"},
		{"paper: {name: 报, date: 2021-01-08, page: 4}", "layout: {pages: 2}", ""},
		{"paper: {name: 报, date: 2021-01-08, page: 5}", "layout: {pages: 1}", ""},
	}
	for _, c := range cases {
		r, err := Parse("x.yaml", []byte(doc(map[int]string{1: c.paper}, c.layout)), dir)
		if err != nil {
			t.Fatal(err)
		}
		got := r.Warnings().Error()
		if got != c.want {
			t.Errorf("%s, %s: warnings %q, want %q", c.paper, c.layout, got, c.want)
		}
	}
}

// A broadsheet without layout.pages is one 对开 page, as every other size is: a spread only
// when the data asks for one.
func TestBroadsheetIsOnePageUnlessAsked(t *testing.T) {
	dir := t.TempDir()
	writeImages(t, dir)
	for _, c := range []struct {
		layout string
		pages  int
	}{
		{"layout: {size: broadsheet}", 1},
		{"layout: {size: broadsheet, pages: 2}", 2},
	} {
		r, err := Parse("x.yaml", []byte(doc(nil, c.layout)), dir)
		if err != nil {
			t.Fatal(err)
		}
		if r.Layout.Pages != c.pages {
			t.Errorf("%s: %d pages, want %d", c.layout, r.Layout.Pages, c.pages)
		}
	}
}
