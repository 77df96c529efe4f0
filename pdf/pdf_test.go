package pdf

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"spread/fonts"
	"spread/page"
)

// testFaces returns two real TrueType faces: the project's own body and Kai faces (fonts/*.ttf)
// when present, else any two of fonts/, else LXGW WenKai from the system.
func testFaces(t testing.TB) (a, b []byte) {
	t.Helper()
	paths, _ := filepath.Glob("../fonts/*.ttf")
	sort.Strings(paths)
	paths = append([]string{"../fonts/NotoSerifSC-Regular.ttf", "../fonts/SpreadWenKai-Regular.ttf"}, paths...)
	paths = append(paths,
		"/usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Regular.ttf",
		"/usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Bold.ttf")
	var got [][]byte
	for _, p := range paths {
		if d, err := os.ReadFile(p); err == nil && (len(got) == 0 || !bytes.Equal(d, got[0])) {
			got = append(got, d)
		}
		if len(got) == 2 {
			return got[0], got[1]
		}
	}
	t.Skip("no TrueType CJK face found in ../fonts or /usr/share/fonts")
	return nil, nil
}

var testDate = time.Date(2021, 1, 8, 9, 30, 0, 0, time.UTC)

const (
	testW, testH = 390 * page.MM, 546 * page.MM
	testText     = "大江奔流风帆劲，只争朝夕砥砺前行"
)

func testJPEG(t testing.TB, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			img.Set(x, y, color.RGBA{uint8(x * 255 / w), uint8(y * 255 / h), 128, 255})
		}
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 90}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// printDoc is a two-page print document exercising every item kind.
func printDoc(t testing.TB) *page.Document {
	red := page.Color{M: 1, Y: 1, K: 0.1}
	black := page.Gray(1)
	jp := testJPEG(t, 160, 120)
	items := []page.Item{
		page.Rect{X: -3 * page.MM, Y: -3 * page.MM, W: 100, H: 40, Fill: &red},
		page.Text{X: 40, Y: 120, Font: "song", Size: 24, Spacing: 1.5, Color: black, S: testText},
		page.Text{X: 40, Y: 160, Font: "kai", Size: 9, Color: black, S: "记者 熊婷婷 2021年"},
		page.Line{X1: 40, Y1: 170, X2: 400, Y2: 170, Width: 0.5, Color: black},
		page.Group{X: 100, Y: 300, Items: []page.Item{
			page.Path{Ops: []page.PathOp{
				{Kind: page.MoveTo, Pts: [3]page.Point{{X: 0, Y: 0}}},
				{Kind: page.LineTo, Pts: [3]page.Point{{X: 50, Y: 0}}},
				{Kind: page.CurveTo, Pts: [3]page.Point{{X: 60, Y: 10}, {X: 60, Y: 20}, {X: 50, Y: 30}}},
				{Kind: page.Close},
			}, Fill: &red, Stroke: &black, LineWidth: 0.25},
		}},
		page.Image{X: 40, Y: 400, W: 100, H: 60, IX: 30, IY: 390, IW: 120, IH: 90,
			Name: "photos/test.jpg", Format: "jpeg", Data: jp, PixelW: 160, PixelH: 120},
	}
	return &page.Document{
		Title: "浔阳区2020年专版", Author: "九江日报", Subject: "专版", Keywords: "浔阳, 2020",
		Creator: "spread", Language: "zh-CN", Date: testDate,
		Pages: []page.Page{
			{Width: testW, Height: testH, Items: items},
			{Width: testW, Height: testH, Items: []page.Item{page.Text{X: 40, Y: 100, Font: "song", Size: 9, Color: black, S: "第二版正文"}}},
		},
		Outline: []page.Bookmark{{Title: "大江奔流", Level: 0, Page: 0, Y: 100}, {Title: "第二版", Level: 1, Page: 1, Y: 80}},
		Print:   &page.Print{Bleed: 3 * page.MM, Marks: true, Slug: "data.yaml 2021-01-08"},
	}
}

func write(t testing.TB, doc *page.Document) []byte {
	t.Helper()
	a, b := testFaces(t)
	out, err := Write(doc, map[string][]byte{"song": a, "kai": b})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func tool(t *testing.T, name string, pdf []byte, args ...string) string {
	t.Helper()
	if _, err := exec.LookPath(name); err != nil {
		t.Skipf("%s not on PATH", name)
	}
	f := filepath.Join(t.TempDir(), "t.pdf")
	if err := os.WriteFile(f, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	for i, a := range args {
		if a == "FILE" {
			args[i] = f
		}
	}
	out, err := exec.Command(name, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("%s %v: %v\n%s", name, args, err, out)
	}
	return string(out)
}

func TestTextIsExtractable(t *testing.T) {
	out := tool(t, "pdftotext", write(t, printDoc(t)), "-enc", "UTF-8", "FILE", "-")
	flat := strings.Join(strings.Fields(out), "")
	for _, want := range []string{testText, "记者熊婷婷2021年", "第二版正文", "data.yaml2021-01-08第1页/共2页"} {
		if !strings.Contains(flat, want) {
			t.Errorf("pdftotext lost %q; got:\n%s", want, out)
		}
	}
}

func TestQpdfCheck(t *testing.T) {
	out := tool(t, "qpdf", write(t, printDoc(t)), "--check", "FILE")
	if !strings.Contains(out, "No syntax or stream encoding errors") {
		t.Errorf("qpdf --check:\n%s", out)
	}
}

func TestFontsEmbeddedAndSubset(t *testing.T) {
	out := tool(t, "pdffonts", write(t, printDoc(t)), "FILE")
	row := regexp.MustCompile(`(?m)^([A-Z]{6})\+(\w+)\s+CID TrueType\s+Identity-H\s+(yes|no)\s+(yes|no)\s+(yes|no)`)
	rows := row.FindAllStringSubmatch(out, -1)
	if len(rows) != 2 {
		t.Fatalf("want 2 tagged CID TrueType fonts, got:\n%s", out)
	}
	tags := map[string]bool{}
	for _, r := range rows {
		if r[3] != "yes" || r[4] != "yes" || r[5] != "yes" {
			t.Errorf("font %s+%s: emb=%s sub=%s uni=%s", r[1], r[2], r[3], r[4], r[5])
		}
		tags[r[1]] = true
	}
	if len(tags) != 2 {
		t.Errorf("the two subsets share a tag:\n%s", out)
	}
}

func TestPrintBoxes(t *testing.T) {
	doc := printDoc(t)
	f, err := parsePDF(write(t, doc))
	if err != nil {
		t.Fatal(err)
	}
	pages, err := f.pages()
	if err != nil || len(pages) != 2 {
		t.Fatalf("pages %v, %v", pages, err)
	}
	m := page.MarkOffset(3*page.MM) + page.MarkLen + page.SlugRoom
	if m < 15*page.MM || m > 20*page.MM {
		t.Errorf("slug margin %.1f mm", m/page.MM)
	}
	want := map[string][4]float64{
		"MediaBox": {0, 0, testW + 2*m, testH + 2*m},
		"BleedBox": {m - 3*page.MM, m - 3*page.MM, m + testW + 3*page.MM, m + testH + 3*page.MM},
		"TrimBox":  {m, m, m + testW, m + testH},
	}
	for _, pn := range pages {
		for name, w := range want {
			got, ok := f.box(pn, name)
			if !ok {
				t.Fatalf("page object %d: no %s", pn, name)
			}
			for i := range got {
				if math.Abs(got[i]-w[i]) > 0.006 {
					t.Errorf("page object %d: %s = %v, want %v", pn, name, got, w)
					break
				}
			}
		}
	}
}

// contentStreams inflates the content stream of every page.
func contentStreams(t *testing.T, pdf []byte) [][]byte {
	t.Helper()
	f, err := parsePDF(pdf)
	if err != nil {
		t.Fatal(err)
	}
	pages, err := f.pages()
	if err != nil {
		t.Fatal(err)
	}
	var out [][]byte
	for _, pn := range pages {
		for _, cn := range f.contents(pn) {
			data, err := f.stream(cn)
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, data)
		}
	}
	return out
}

func TestPrintHasNoRGB(t *testing.T) {
	cs := contentStreams(t, write(t, printDoc(t)))
	if len(cs) != 2 {
		t.Fatalf("%d content streams", len(cs))
	}
	for i, c := range cs {
		if ops := rgbOps(c); len(ops) > 0 {
			t.Errorf("page %d: RGB operators %v", i+1, ops)
		}
	}
	c := string(cs[0])
	for _, want := range []string{
		"0 0 0 1 k\n1.5 Tc\nBT ", // black text on K only, with its spacing
		"0 Tc",
		"0 1 1 0.1 k", // the red fill
		"1 1 1 1 K",   // registration marks
		"re W n",      // the photo is clipped to its frame
		" c\nh\nB",    // the path: curve, close, fill and stroke
	} {
		if !strings.Contains(c, want) {
			t.Errorf("content stream lacks %q", want)
		}
	}
}

func TestScreenUsesRGB(t *testing.T) {
	doc := printDoc(t)
	doc.Print = nil
	out := write(t, doc)
	cs := contentStreams(t, out)
	if ops := rgbOps(cs[0]); ops["rg"] == 0 {
		t.Errorf("screen document: no rg for the red fill; ops %v", ops)
	}
	if bytes.Contains(out, []byte("/TrimBox")) || bytes.Contains(out, []byte("/BleedBox")) {
		t.Error("screen document has print boxes")
	}
	if strings.Contains(string(cs[0]), "1 1 1 1 K") {
		t.Error("screen document has crop marks")
	}
}

func TestRGBScannerSkipsStrings(t *testing.T) {
	got := rgbOps([]byte("BT (rg RG) Tj <7267> Tj ET 1 0 0 rg 0.5 G /CS0 cs 1 0 0 sc 0 0 0 1 k"))
	if got["rg"] != 1 || got["sc"] != 1 || len(got) != 2 {
		t.Errorf("rgbOps = %v, want one rg and one sc", got)
	}
}

func TestDeterministic(t *testing.T) {
	doc := printDoc(t)
	first := write(t, doc)
	// Map order in fpdf differs from run to run: several writes make a random pass unlikely.
	for i := 0; i < 8; i++ {
		if again := write(t, doc); !bytes.Equal(first, again) {
			t.Fatalf("write %d differs from the first (%d vs %d bytes)", i+2, len(again), len(first))
		}
	}
	if !bytes.Contains(first, []byte("/BleedBox")) || !bytes.Contains(first, []byte("/TrimBox")) {
		t.Fatal("test document lacks two boxes")
	}
	if n := len(regexp.MustCompile(`/BleedBox \[[^\]]*\]\n/TrimBox`).FindAll(first, -1)); n != len(doc.Pages) {
		t.Errorf("%d pages with the BleedBox before the TrimBox, want all %d", n, len(doc.Pages))
	}
	if !strings.Contains(string(first), "/CreationDate (D:20210108093000)") {
		t.Error("creation date not fixed from doc.Date")
	}
}

func TestJPEGPassesThrough(t *testing.T) {
	doc := printDoc(t)
	jp := doc.Pages[0].Items[5].(page.Image).Data
	if out := write(t, doc); !bytes.Contains(out, jp) {
		t.Error("the JPEG's bytes do not appear verbatim in the PDF")
	}
}

func TestMaxPPIDownsamples(t *testing.T) {
	doc := printDoc(t)
	doc.Print = nil
	big := noisyJPEG(t, 1600, 1200, 7) // a heavy photo: far over the budget
	doc.Pages[0].Items[5] = page.Image{X: 0, Y: 0, W: 72, H: 54, IX: 0, IY: 0, IW: 72, IH: 54,
		Name: "big.jpg", Format: "jpeg", Data: big, PixelW: 1600, PixelH: 1200}
	doc.MaxPPI = 150
	out := write(t, doc)
	if bytes.Contains(out, big) {
		t.Error("the 1600 px photo placed 1 inch wide was not downsampled")
	}
	if !regexp.MustCompile(`/Width 150\n/Height 113\n`).Match(out) {
		t.Error("downsampled image is not 150×113 px")
	}
	doc.MaxPPI = 0
	if out := write(t, doc); !bytes.Contains(out, big) {
		t.Error("without MaxPPI the photo must pass through")
	}
}

func TestOutline(t *testing.T) {
	out := tool(t, "mutool", write(t, printDoc(t)), "show", "FILE", "outline")
	// mutool prints each entry with its page number and title.
	for _, want := range []string{"大江奔流", "第二版"} {
		if !strings.Contains(out, want) {
			t.Errorf("outline lacks %q:\n%s", want, out)
		}
	}
	pg := regexp.MustCompile(`#page=(\d+)`).FindAllStringSubmatch(out, -1)
	if len(pg) != 2 || pg[0][1] != "1" || pg[1][1] != "2" {
		t.Errorf("outline pages wrong:\n%s", out)
	}
}

func TestMetadata(t *testing.T) {
	out := tool(t, "pdfinfo", write(t, printDoc(t)), "FILE")
	for _, want := range []string{"浔阳区2020年专版", "九江日报", "spread"} {
		if !strings.Contains(out, want) {
			t.Errorf("pdfinfo lacks %q:\n%s", want, out)
		}
	}
	if out := write(t, printDoc(t)); !bytes.Contains(out, []byte("/Lang (zh-CN)")) {
		t.Error("no /Lang in the catalog")
	}
}

func TestErrorsInsteadOfPanics(t *testing.T) {
	a, _ := testFaces(t)
	faces := map[string][]byte{"song": a}
	text := func(font, s string) *page.Document {
		return &page.Document{Pages: []page.Page{{Width: 100, Height: 100, Items: []page.Item{
			page.Text{X: 10, Y: 10, Font: font, Size: 9, S: s}}}}}
	}
	cases := []struct {
		name  string
		doc   *page.Document
		faces map[string][]byte
		want  string
	}{
		{"astral", text("song", "好𠀀"), faces, "U+20000"},
		{"unknown role", text("hei", "好"), faces, `"hei"`},
		{"not a font", text("song", "好"), map[string][]byte{"song": []byte("not a font at all")}, "song"},
		{"no pages", &page.Document{}, faces, "no pages"},
		{"bad utf-8", text("song", "好\xff\xfe"), faces, "UTF-8"},
		{"nil", nil, faces, "no document"},
		{"no glyph", text("song", "好\uE000"), faces, "U+E000"},
		{"bad image", &page.Document{Pages: []page.Page{{Width: 100, Height: 100, Items: []page.Item{
			page.Image{W: 10, H: 10, IW: 10, IH: 10, Name: "x.jpg", Format: "jpeg", Data: []byte("garbage")}}}}}, faces, "x.jpg"},
	}
	for _, c := range cases {
		out, err := Write(c.doc, c.faces)
		if err == nil || out != nil {
			t.Errorf("%s: want an error and no bytes, got %d bytes, %v", c.name, len(out), err)
			continue
		}
		if !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %q does not mention %q", c.name, err, c.want)
		}
	}
}

func TestPNGAlphaIsFlattenedForPrint(t *testing.T) {
	img := image.NewNRGBA(image.Rect(0, 0, 40, 30))
	for x := 0; x < 40; x++ {
		img.Set(x, 10, color.NRGBA{200, 0, 0, 128})
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	doc := printDoc(t)
	doc.Pages[0].Items[5] = page.Image{X: 0, Y: 0, W: 40, H: 30, IW: 40, IH: 30, Name: "a.png", Format: "png", Data: buf.Bytes(), PixelW: 40, PixelH: 30}
	out := write(t, doc)
	if bytes.Contains(out, []byte("/SMask")) || bytes.Contains(out, []byte("/Transparency")) || !bytes.HasPrefix(out, []byte("%PDF-1.3")) {
		t.Error("print PDF keeps PNG transparency (soft mask / RGB transparency group)")
	}
	for _, f := range Preflight(doc, out) {
		if strings.Contains(f.Msg, "Transparency") || strings.Contains(f.Msg, "transparency") {
			t.Error(f)
		}
	}
	doc.Print = nil
	if out := write(t, doc); !bytes.Contains(out, []byte("/SMask")) {
		t.Error("screen PDF lost the PNG's alpha")
	}
}

func TestNaNIsAnError(t *testing.T) {
	doc := printDoc(t)
	doc.Pages[1].Items = append(doc.Pages[1].Items, page.Group{X: math.NaN(), Items: []page.Item{page.Line{Width: 1}}})
	a, b := testFaces(t)
	if _, err := Write(doc, map[string][]byte{"song": a, "kai": b}); err == nil || !strings.Contains(err.Error(), "page 2") {
		t.Errorf("NaN group offset: err = %v", err)
	}
}

func TestPreflightClean(t *testing.T) {
	doc := printDoc(t)
	// A 160 px photo at 120 pt is 96 ppi: make it a print-grade one, in gray.
	gray := image.NewGray(image.Rect(0, 0, 400, 300))
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, gray, nil); err != nil {
		t.Fatal(err)
	}
	im := doc.Pages[0].Items[5].(page.Image)
	im.Data, im.PixelW, im.PixelH = buf.Bytes(), 400, 300
	doc.Pages[0].Items[5] = im
	if f := Preflight(doc, write(t, doc)); len(f) != 0 {
		t.Errorf("clean document has findings: %v", f)
	}
}

func TestPreflightFindings(t *testing.T) {
	doc := printDoc(t)
	rich := page.Color{C: 1, M: 1, Y: 0.5}
	doc.Pages[1].Items = append(doc.Pages[1].Items,
		page.Rect{X: 0, Y: 0, W: 10, H: 10, Fill: &rich},
		page.Text{X: 10, Y: 50, Font: "song", Size: 9, Color: page.Color{C: 0.4, M: 0.4, Y: 0.4, K: 1}, S: "四色黑"})
	out := write(t, doc)
	findings := Preflight(doc, out)
	want := []struct {
		sev  string
		page int
		re   string
	}{
		{"warning", 1, `photo photos/test\.jpg: 96 ppi`},
		{"note", 1, `photo photos/test\.jpg is RGB`},
		{"error", 2, `total ink 250%`},
		{"error", 2, `four-colour`},
	}
	for _, w := range want {
		found := false
		for _, f := range findings {
			if f.Severity == w.sev && f.Page == w.page && regexp.MustCompile(w.re).MatchString(f.Msg) {
				found = true
			}
		}
		if !found {
			t.Errorf("no %s on page %d matching %q in %v", w.sev, w.page, w.re, findings)
		}
	}
	if len(findings) != len(want) {
		t.Errorf("%d findings, want %d: %v", len(findings), len(want), findings)
	}
}

func TestPreflightReadsTheFile(t *testing.T) {
	doc := printDoc(t)
	screen := *doc
	screen.Print = nil
	// A screen PDF handed in for print: no boxes, RGB operators.
	findings := Preflight(doc, write(t, &screen))
	var msgs []string
	for _, f := range findings {
		msgs = append(msgs, f.Msg)
	}
	all := strings.Join(msgs, "\n")
	for _, want := range []string{"no TrimBox", `RGB colour operator(s) "rg"`} {
		if !strings.Contains(all, want) {
			t.Errorf("preflight missed %q:\n%s", want, all)
		}
	}
	// A damaged file.
	if f := Preflight(doc, []byte("%PDF-1.3\nnonsense")); len(f) == 0 || !strings.Contains(f[len(f)-1].Msg, "unreadable") {
		t.Errorf("damaged PDF: %v", f)
	}
	// A font without its file.
	out := write(t, doc)
	broken := bytes.Replace(out, []byte("/FontFile2"), []byte("/FontFileX"), 1)
	found := false
	for _, f := range Preflight(doc, broken) {
		found = found || strings.Contains(f.Msg, "is not embedded")
	}
	if !found {
		t.Error("preflight did not notice a font without /FontFile2")
	}
}

func TestMarksOutsideBleed(t *testing.T) {
	doc := printDoc(t)
	cs := contentStreams(t, write(t, doc))
	m := page.MarkOffset(3*page.MM) + page.MarkLen + page.SlugRoom
	// Every stroke in registration colour lies outside the bleed box, at least 3 mm from the trim.
	seg := regexp.MustCompile(`(-?[\d.]+) (-?[\d.]+) m (-?[\d.]+) (-?[\d.]+) l S`)
	body := string(cs[0])
	reg := body[strings.Index(body, "1 1 1 1 K"):]
	segs := seg.FindAllStringSubmatch(reg, -1)
	if len(segs) != 8 {
		t.Fatalf("%d crop mark strokes, want 8", len(segs))
	}
	mediaH := testH + 2*m
	for _, s := range segs {
		var v [4]float64
		for i := range v {
			v[i], _ = strconv.ParseFloat(s[i+1], 64)
		}
		// Back to trim coordinates (y down).
		x1, y1, x2, y2 := v[0]-m, mediaH-m-v[1], v[2]-m, mediaH-m-v[3]
		inside := func(x, y float64) bool {
			b := 3 * page.MM
			return x > -b && x < testW+b && y > -b && y < testH+b
		}
		if inside(x1, y1) || inside(x2, y2) {
			t.Errorf("crop mark %v reaches into the bleed", s[0])
		}
		if l := math.Hypot(x2-x1, y2-y1); math.Abs(l-10*page.MM) > 0.01 {
			t.Errorf("crop mark %v is %.2f mm long", s[0], l/page.MM)
		}
	}
}

// BenchmarkWrite writes one page of about 3,000 Han characters in two faces.
func BenchmarkWrite(b *testing.B) {
	fa, fb := testFaces(b)
	faces := map[string][]byte{"song": fa, "kai": fb}
	var items []page.Item
	r := rune(0x4E00)
	for line := 0; line < 60; line++ {
		var sb strings.Builder
		for i := 0; i < 50; i++ {
			sb.WriteRune(r)
			r += 3
		}
		font := "song"
		if line%2 == 1 {
			font = "kai"
		}
		items = append(items, page.Text{X: 40, Y: 40 + float64(line)*14, Font: font, Size: 9, Color: page.Gray(1), S: sb.String()})
	}
	doc := &page.Document{Date: testDate, Pages: []page.Page{{Width: testW, Height: testH, Items: items}},
		Print: &page.Print{Bleed: 3 * page.MM, Marks: true, Slug: "bench"}}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Write(doc, faces); err != nil {
			b.Fatal(err)
		}
	}
}

func TestOutlineDestinationsOnMixedSizes(t *testing.T) {
	doc := &page.Document{Date: testDate, Pages: []page.Page{{Width: 595, Height: 842}, {Width: 842, Height: 595}},
		Outline: []page.Bookmark{{Title: "一", Page: 0, Y: 100}, {Title: "二", Page: 1, Y: 50}}}
	out := write(t, doc)
	dests := regexp.MustCompile(`/Dest \[(\d+) 0 R /XYZ 0 ([\d.]+) null\]`).FindAllStringSubmatch(string(out), -1)
	if len(dests) != 2 {
		t.Fatalf("%d destinations", len(dests))
	}
	for i, want := range []struct {
		obj string
		y   float64
	}{{"3", 842 - 100}, {"5", 595 - 50}} {
		y, _ := strconv.ParseFloat(dests[i][2], 64)
		if dests[i][1] != want.obj || math.Abs(y-want.y) > 0.01 {
			t.Errorf("bookmark %d: dest object %s y %.2f, want %s y %.2f", i, dests[i][1], y, want.obj, want.y)
		}
	}
}

// FuzzWrite: any text either writes a PDF that qpdf-free checks accept or returns an error;
// Write never panics.
func FuzzWrite(f *testing.F) {
	a, _ := testFaces(f)
	faces := map[string][]byte{"song": a}
	for _, s := range []string{testText, "𠀀", "\x00(\\)", "\xff\xfe", ""} {
		f.Add(s, 9.0, 0.5)
	}
	f.Fuzz(func(t *testing.T, s string, size, spacing float64) {
		doc := &page.Document{Pages: []page.Page{{Width: 200, Height: 200, Items: []page.Item{
			page.Text{X: 10, Y: 20, Font: "song", Size: size, Spacing: spacing, S: s}}}},
			Print: &page.Print{Bleed: 3 * page.MM, Marks: true, Slug: s}}
		out, err := Write(doc, faces)
		if err != nil {
			return
		}
		if _, err := parsePDF(out); err != nil {
			t.Fatalf("text %q: %v", s, err)
		}
	})
}

// TestDeterministicWithImagesOfEqualWidth: fpdf orders images by pixel width only, so photos of
// the same width used to swap object numbers from run to run.
func TestDeterministicWithImagesOfEqualWidth(t *testing.T) {
	doc := printDoc(t)
	for i := range 4 {
		data := testJPEG(t, 64, 40+i)
		doc.Pages[0].Items = append(doc.Pages[0].Items, page.Image{
			X: 10, Y: 10 + float64(i)*50, W: 60, H: 40, IX: 10, IY: 10 + float64(i)*50, IW: 60, IH: 40,
			Name: fmt.Sprintf("p%d.jpg", i), Format: "jpeg", Data: data, PixelW: 64, PixelH: 40 + i,
		})
	}
	first := write(t, doc)
	for i := 0; i < 12; i++ {
		if again := write(t, doc); !bytes.Equal(first, again) {
			t.Fatalf("write %d differs from the first", i+2)
		}
	}
}

// songAndKai is a set of the two test faces (testFaces) as Song and Kai.
func songAndKai(t *testing.T) *fonts.Set {
	t.Helper()
	a, b := testFaces(t)
	set, err := (*fonts.Set)(nil).With(fonts.Song, a, "test-song")
	if err != nil {
		t.Fatal(err)
	}
	if set, err = set.With(fonts.Kai, b, "test-kai"); err != nil {
		t.Fatal(err)
	}
	return set
}

// TestCutFacesServeEveryDocument: CutFaces cuts each face once for all its documents, so two
// documents with different characters embed the very same face program and each draws its own
// text from it.
func TestCutFacesServeEveryDocument(t *testing.T) {
	set := songAndKai(t)
	doc := func(s string) *page.Document {
		return &page.Document{Date: testDate, Pages: []page.Page{{Width: 200, Height: 200, Items: []page.Item{
			page.Text{X: 10, Y: 20, Font: fonts.Song, Size: 9, Color: page.Gray(1), S: s},
			page.Text{X: 10, Y: 40, Font: fonts.Kai, Size: 9, Color: page.Gray(1), S: "一二三"},
		}}}}
	}
	one, two := doc("中文排版"), doc("测试文字")
	fs, err := CutFaces(set, one, two)
	if err != nil {
		t.Fatal(err)
	}
	programs := map[string]bool{}
	for i, d := range []*page.Document{one, two} {
		out, err := fs.Write(d)
		if err != nil {
			t.Fatal(err)
		}
		f, err := parsePDF(out)
		if err != nil {
			t.Fatal(err)
		}
		for n := range f.offs {
			if strings.Contains(f.dict(n), "/Length1") {
				data, err := f.stream(n)
				if err != nil {
					t.Fatal(err)
				}
				programs[string(data)] = true
			}
		}
		if _, err := exec.LookPath("pdftotext"); err == nil {
			text := tool(t, "pdftotext", out, "-enc", "UTF-8", "FILE", "-")
			if want := d.Pages[0].Items[0].(page.Text).S; !strings.Contains(text, want) {
				t.Errorf("document %d: text %q lacks %q", i+1, text, want)
			}
		}
	}
	if len(programs) != 2 {
		t.Errorf("%d different face programs in two documents of two faces, want 2 (one cut of each face for both)", len(programs))
	}
	// A document the faces were not cut for: a character outside the cut is an error, not a blank.
	if _, err := fs.Write(doc("中文排版好")); err == nil || !strings.Contains(err.Error(), "U+597D") {
		t.Errorf("a character outside the cut: %v, want an error naming U+597D", err)
	}
	if got := fs.faces[fonts.Song].face.Metrics().Glyphs; got > 16 {
		t.Errorf("the song face has %d glyphs after CutFaces, want the 8 characters drawn and glyph 0", got)
	}
}

// TestContentStreamsDeflated: fpdf deflates every page's content stream, and its xref leads to
// each of them.
func TestContentStreamsDeflated(t *testing.T) {
	f, err := parsePDF(write(t, printDoc(t)))
	if err != nil {
		t.Fatal(err)
	}
	pages, err := f.pages()
	if err != nil || len(pages) != 2 {
		t.Fatalf("pages %v, %v", pages, err)
	}
	for _, pn := range pages {
		cs := f.contents(pn)
		if len(cs) != 1 {
			t.Fatalf("page %d: /Contents %v", pn, cs)
		}
		d := f.dict(cs[0])
		if !regexp.MustCompile(`^\d+ 0 obj\n<</Filter /FlateDecode /Length \d+>>\n$`).MatchString(d) {
			t.Errorf("page %d: content dictionary %q", pn, d)
		}
		data, err := f.stream(cs[0])
		if err != nil {
			t.Fatalf("page %d: %v", pn, err)
		}
		if !bytes.Contains(data, []byte(" Tj ET")) {
			t.Errorf("page %d: inflated content has no text: %.200q", pn, data)
		}
	}
}

// A page whose type area is declared and whose text stops short of its foot gets a warning
// that says how short and how much copy would fill it; a full page gets none.
func TestPreflightShortPage(t *testing.T) {
	doc, full := typeAreaPage(t)
	full.Items = bodyColumn(50, 20)
	short := full
	short.Items = full.Items[:len(full.Items)/2]
	doc.Pages = []page.Page{full, short}
	out := write(t, doc)
	var got []Finding
	for _, f := range Preflight(doc, out) {
		if strings.Contains(f.Msg, "short") {
			got = append(got, f)
		}
	}
	if len(got) != 1 || got[0].Page != 2 || got[0].Severity != "warning" ||
		!regexp.MustCompile(`page is 5\d% short .*add about \d+ characters`).MatchString(got[0].Msg) {
		t.Errorf("short-page findings %v, want one warning on page 2, about half the page short", got)
	}
	// three columns stopping short together: the copy asked for fills all three (it asked for
	// a third of it, the white under the column whose last line ended shortest)
	three := full
	three.Items = nil
	for _, x := range []float64{50, 112, 174} {
		for y := 50 + 13.5; y <= 200; y += 13.5 {
			n := 6
			if y+13.5 > 200 {
				n = 1 // a paragraph's last line: the deepest white is under its end only
			}
			three.Items = append(three.Items, page.Text{X: x, Y: y - 3, Font: "song", Size: 9, S: strings.Repeat("字", n)})
		}
	}
	doc.Pages, doc.Outline = []page.Page{three}, nil
	got = nil
	for _, f := range Preflight(doc, write(t, doc)) {
		if strings.Contains(f.Msg, "short") {
			got = append(got, f)
		}
	}
	want := 180 / 9 * 11 // the width in characters × the lines left under the columns
	m := regexp.MustCompile(`add about (\d+) characters`).FindStringSubmatch(fmt.Sprint(got))
	if len(m) < 2 {
		t.Fatalf("short-page findings %v, want one asking for copy", got)
	}
	if n, _ := strconv.Atoi(m[1]); math.Abs(float64(n-want)) > 0.2*float64(want) {
		t.Errorf("short-page findings %v, want about %d characters asked for", got, want)
	}
}

// A slug (the data file's name) with characters the face cannot draw, or cannot be embedded at
// all, prints them as "?" instead of failing the build or printing blanks.
func TestSlugWithCharactersOutsideTheFace(t *testing.T) {
	doc := printDoc(t)
	doc.Print.Slug = "报告\uE000𠀀.yaml 2021-01-08"
	out := write(t, doc)
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext not on PATH")
	}
	text := tool(t, "pdftotext", out, "-enc", "UTF-8", "FILE", "-")
	if !strings.Contains(text, "报告??.yaml 2021-01-08") {
		t.Errorf("slug not found as 报告??.yaml 2021-01-08 in:\n%s", text)
	}
}

// num writes what %.3f writes with its trailing zeros and point trimmed, as the goldens were
// made with, for every kind of value a page holds.
func TestNumIsTrimmedPercentThreeF(t *testing.T) {
	for _, v := range []float64{0, math.Copysign(0, -1), 1, -1, 0.5, 0.1234, 0.0004, -0.0004, -0.0006, 12.3456, 841.89, -3.1, 1e-9, 123456.789, 0.9999, 10, 100.1} {
		want := strings.TrimRight(strings.TrimRight(fmt.Sprintf("%.3f", v), "0"), ".")
		if want == "-0" {
			want = "0"
		}
		if got := num(v); got != want {
			t.Errorf("num(%v) = %q, want %q", v, got, want)
		}
	}
}

// TestCutFacesKeepsAnUndrawnFaceWhole: a face no document draws is kept whole, and it is recorded
// while the faces before it are still being cut on other goroutines (go test -race saw that map
// written by both at once).
func TestCutFacesKeepsAnUndrawnFaceWhole(t *testing.T) {
	set := songAndKai(t)
	doc := &page.Document{Date: testDate, Pages: []page.Page{{Width: 200, Height: 200, Items: []page.Item{
		page.Text{X: 10, Y: 20, Font: fonts.Song, Size: 9, Color: page.Gray(1), S: "中文排版"},
	}}}}
	for range 8 {
		fs, err := CutFaces(set, doc)
		if err != nil {
			t.Fatal(err)
		}
		if got := fs.faces[fonts.Kai]; got == nil || got.face != set.Face(fonts.Kai) {
			t.Fatalf("the undrawn Kai face: %+v, want the whole face", got)
		}
		if got := fs.faces[fonts.Song]; got == nil || got.face == set.Face(fonts.Song) {
			t.Fatalf("the drawn Song face was not cut")
		}
	}
}

// A page short under a figure (its column ends with a photo and its caption, text beside it to
// the foot) is told that copy would not fill it: a taller photo or another would.
func TestPreflightShortUnderAFigure(t *testing.T) {
	doc, pg := typeAreaPage(t)
	pg.Items = bodyColumn(140, 10)
	// the side column: a caption (smaller than the body) under where its photo stands
	pg.Items = append(pg.Items, page.Text{X: 50, Y: 200, Font: "kai", Size: 7.5, S: strings.Repeat("图", 10)})
	doc.Pages, doc.Outline = []page.Page{pg}, nil
	var got []Finding
	for _, f := range DocumentFindings(doc) {
		if strings.Contains(f.Msg, "short") {
			got = append(got, f)
		}
	}
	if len(got) != 1 || !strings.Contains(got[0].Msg, "under a photo or chart") || strings.Contains(got[0].Msg, "characters") {
		t.Errorf("short-page findings %v, want one saying the white is under a figure, asking for no copy", got)
	}
}

// typeAreaPage is the print document with its first page emptied, its type area declared
// (180 × 300 pt from 50, 50) at a 9 pt body on 13.5 pt lines, for preflight's short-page tests.
func typeAreaPage(t *testing.T) (*page.Document, page.Page) {
	doc := printDoc(t)
	pg := doc.Pages[0]
	pg.Items = nil
	pg.Type = page.Box{X: 50, Y: 50, W: 180, H: 300}
	pg.Body, pg.Lead = 9, 13.5
	return doc, pg
}

// bodyColumn is a column of body lines of n characters from x, down to typeAreaPage's foot.
func bodyColumn(x float64, n int) []page.Item {
	var its []page.Item
	for y := 50 + 13.5; y <= 350+1e-9; y += 13.5 {
		its = append(its, page.Text{X: x, Y: y - 3, Font: "song", Size: 9, S: strings.Repeat("字", n)})
	}
	return its
}
