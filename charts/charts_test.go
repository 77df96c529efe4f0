package charts

import (
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"spread/fonts"
	"spread/page"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden")

// fakeFaces makes every ASCII rune ½ em and every other rune 1 em, so positions are easy to
// reason about.
type fakeFaces struct{}

func (fakeFaces) Width(_, s string) float64 {
	w := 0.0
	for _, r := range s {
		if r < 0x80 {
			w += 0.5
		} else {
			w += 1
		}
	}
	return w
}

var red = page.Color{M: 1, Y: 1, K: 0.1}

// specs are one chart of each kind, shaped like the seed report's figures.
var specs = map[string]Spec{
	"bar": {Kind: "bar", Title: "主要经济指标增速", Unit: "%", Growth: true, Accent: red,
		Labels: []string{"地区生产总值", "一般公共预算收入", "社会消费品零售总额", "固定资产投资", "城镇居民人均可支配收入"},
		Values: []float64{4.5, 2.1, -3.2, 8, 0.4}},
	"column": {Kind: "column", Title: "三大产业增加值", Unit: "亿元", Accent: red,
		Labels: []string{"第一产业", "第二产业", "第三产业"},
		Values: []float64{1.2, 95.6, 255.54}},
	"column-negative": {Kind: "column", Title: "各项指标增速", Unit: "%", Growth: true, Accent: red,
		Labels: []string{"工业", "投资", "消费", "出口"},
		Values: []float64{6.1, -3.2, 2.5, 11}},
	"pie": {Kind: "pie", Title: "三次产业结构", Unit: "亿元", Accent: red,
		Labels: []string{"第一产业", "第二产业", "第三产业"},
		Values: []float64{1.2, 95.6, 255.54}},
	"donut": {Kind: "donut", Title: "财政收入构成", Unit: "亿元", Accent: page.Color{C: 1, M: 0.6, K: 0.2},
		Labels: []string{"税收收入", "非税收入", "其他收入"},
		Values: []float64{18.4, 6.2, 1.1}},
	"donut-share": {Kind: "donut", Title: "税收占一般公共预算收入比重", Unit: "%", Accent: red,
		Labels: []string{"税收占比"}, Values: []float64{78.6}},
	"line": {Kind: "line", Title: "地区生产总值", Unit: "亿元", Accent: red,
		Series: []Series{{Label: "地区生产总值", Years: []int{2016, 2017, 2018, 2019, 2020},
			Values: []float64{280.1, 301.2, 322.5, 345.8, 352.34}}}},
	"line-multi": {Kind: "line", Title: "收入增长", Unit: "元", Accent: red,
		Series: []Series{
			{Label: "城镇居民", Years: []int{2016, 2017, 2018, 2019, 2020}, Values: []float64{30100, 32400, 35000, 37600, 39200}},
			{Label: "农村居民", Years: []int{2016, 2017, 2018, 2019, 2020}, Values: []float64{12800, 13900, 15100, 16400, 17500}},
		}},
}

const boxW, boxH = 200.0, 150.0

func texts(items []page.Item) []page.Text {
	var ts []page.Text
	for _, it := range items {
		if t, ok := it.(page.Text); ok {
			ts = append(ts, t)
		}
	}
	return ts
}

// checkItems asserts the invariants every chart keeps: inside its box, ink within newsprint
// limits, thin K-only rules, labels 6.5–9 pt except headings and big numbers.
func checkItems(t *testing.T, items []page.Item, w, h float64) {
	checkItemsWith(t, items, w, h, fakeFaces{})
}

func checkItemsWith(t *testing.T, items []page.Item, w, h float64, f Faces) {
	t.Helper()
	const eps = 0.01
	in := func(what string, x, y float64) {
		if x < -eps || y < -eps || x > w+eps || y > h+eps {
			t.Errorf("%s at (%.2f, %.2f) outside the box %gx%g", what, x, y, w, h)
		}
	}
	ink := func(what string, c page.Color) {
		if c.Ink() > maxInk+1e-9 {
			t.Errorf("%s colour %+v has %.0f%% ink", what, c, c.Ink())
		}
	}
	for _, it := range items {
		switch v := it.(type) {
		case page.Text:
			tw := f.Width(v.Font, v.S) * v.Size
			in("text "+v.S, v.X, v.Y-0.88*v.Size)
			in("text "+v.S, v.X+tw, v.Y+0.12*v.Size)
			ink("text", v.Color)
		case page.Rect:
			in("rect", v.X, v.Y)
			in("rect", v.X+v.W, v.Y+v.H)
			if v.Fill != nil {
				ink("rect", *v.Fill)
			}
		case page.Line:
			in("line", v.X1, v.Y1)
			in("line", v.X2, v.Y2)
			ink("line", v.Color)
			if v.Color.C+v.Color.M+v.Color.Y == 0 && v.Width > 0.5+eps {
				t.Errorf("gray rule %.2f pt wide", v.Width)
			}
		case page.Path:
			var cur page.Point
			for _, op := range v.Ops {
				switch op.Kind {
				case page.MoveTo, page.LineTo:
					cur = op.Pts[0]
					in("path", cur.X, cur.Y)
				case page.CurveTo:
					for _, tt := range []float64{0.25, 0.5, 0.75, 1} {
						p := bezier(cur, op.Pts, tt)
						in("curve", p.X, p.Y)
					}
					cur = op.Pts[2]
				}
			}
			if v.Fill != nil {
				ink("path", *v.Fill)
			}
			if v.Stroke != nil {
				ink("path stroke", *v.Stroke)
			}
		}
	}
}

func bezier(p0 page.Point, c [3]page.Point, t float64) page.Point {
	u := 1 - t
	return page.Point{
		X: u*u*u*p0.X + 3*u*u*t*c[0].X + 3*u*t*t*c[1].X + t*t*t*c[2].X,
		Y: u*u*u*p0.Y + 3*u*u*t*c[0].Y + 3*u*t*t*c[1].Y + t*t*t*c[2].Y,
	}
}

func TestDrawKinds(t *testing.T) {
	for name, s := range specs {
		t.Run(name, func(t *testing.T) {
			items, err := Draw(s, boxW, boxH, fakeFaces{})
			if err != nil {
				t.Fatal(err)
			}
			checkItems(t, items, boxW, boxH)
			all := ""
			for _, tx := range texts(items) {
				all += tx.S
			}
			want := append([]string{s.Title}, s.Labels...)
			if s.Kind == "donut" && len(s.Values) == 1 {
				want = []string{s.Title, "78.6%"}
			}
			for _, se := range s.Series {
				if len(s.Series) > 1 {
					want = append(want, se.Label)
				}
			}
			for _, l := range want {
				if !strings.Contains(all, l) {
					t.Errorf("label %q not drawn (texts: %s)", l, all)
				}
			}
		})
	}
}

func TestGolden(t *testing.T) {
	for name, s := range specs {
		t.Run(name, func(t *testing.T) {
			items, err := Draw(s, boxW, boxH, fakeFaces{})
			if err != nil {
				t.Fatal(err)
			}
			got := dump(items)
			path := filepath.Join("testdata", name+".golden")
			if *update {
				if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test ./charts -update)", err)
			}
			if got != string(want) {
				t.Errorf("items differ from %s; rerun with -update after checking the preview", path)
			}
		})
	}
}

func dump(items []page.Item) string {
	var b strings.Builder
	col := func(c *page.Color) string {
		if c == nil {
			return "-"
		}
		return fmt.Sprintf("cmyk(%.2f,%.2f,%.2f,%.2f)", c.C, c.M, c.Y, c.K)
	}
	for _, it := range items {
		switch v := it.(type) {
		case page.Text:
			fmt.Fprintf(&b, "text %.2f %.2f %s %.2f %s %q\n", v.X, v.Y, v.Font, v.Size, col(&v.Color), v.S)
		case page.Rect:
			fmt.Fprintf(&b, "rect %.2f %.2f %.2f %.2f fill=%s stroke=%s %.2f\n", v.X, v.Y, v.W, v.H, col(v.Fill), col(v.Stroke), v.LineWidth)
		case page.Line:
			fmt.Fprintf(&b, "line %.2f %.2f %.2f %.2f %.2f %s\n", v.X1, v.Y1, v.X2, v.Y2, v.Width, col(&v.Color))
		case page.Path:
			fmt.Fprintf(&b, "path fill=%s stroke=%s %.2f", col(v.Fill), col(v.Stroke), v.LineWidth)
			for _, op := range v.Ops {
				switch op.Kind {
				case page.MoveTo:
					fmt.Fprintf(&b, " M %.2f %.2f", op.Pts[0].X, op.Pts[0].Y)
				case page.LineTo:
					fmt.Fprintf(&b, " L %.2f %.2f", op.Pts[0].X, op.Pts[0].Y)
				case page.CurveTo:
					fmt.Fprintf(&b, " C %.2f %.2f %.2f %.2f %.2f %.2f", op.Pts[0].X, op.Pts[0].Y, op.Pts[1].X, op.Pts[1].Y, op.Pts[2].X, op.Pts[2].Y)
				case page.Close:
					b.WriteString(" Z")
				}
			}
			b.WriteString("\n")
		default:
			fmt.Fprintf(&b, "%T\n", it)
		}
	}
	return b.String()
}

func bars(items []page.Item, accentOrMid func(page.Color) bool) []page.Path {
	var ps []page.Path
	for _, it := range items {
		if p, ok := it.(page.Path); ok && p.Fill != nil && accentOrMid(*p.Fill) && len(p.Ops) >= 4 {
			ps = append(ps, p)
		}
	}
	return ps
}

func extent(p page.Path) (x0, y0, x1, y1 float64) {
	x0, y0, x1, y1 = math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	for _, op := range p.Ops {
		if op.Kind == page.Close {
			continue
		}
		q := op.Pts[0]
		x0, y0, x1, y1 = math.Min(x0, q.X), math.Min(y0, q.Y), math.Max(x1, q.X), math.Max(y1, q.Y)
	}
	return
}

func isBar(c page.Color) bool { return c == red || c == page.Gray(0.45) }

func TestColumnNegativeBelowZeroLine(t *testing.T) {
	items, err := Draw(specs["column-negative"], boxW, boxH, fakeFaces{})
	if err != nil {
		t.Fatal(err)
	}
	bs := bars(items, isBar)
	if len(bs) != 4 {
		t.Fatalf("%d bars, want 4", len(bs))
	}
	var zero float64
	for _, it := range items {
		if l, ok := it.(page.Line); ok && l.Y1 == l.Y2 && l.X2-l.X1 > boxW/2 {
			zero = l.Y1
		}
	}
	for i, b := range bs {
		_, y0, _, y1 := extent(b)
		v := specs["column-negative"].Values[i]
		if v > 0 && !(math.Abs(y1-zero) < 0.1 && y0 < zero) {
			t.Errorf("bar %d (%g) spans %.2f..%.2f, zero line at %.2f", i, v, y0, y1, zero)
		}
		if v < 0 && !(math.Abs(y0-zero) < 0.1 && y1 > zero) {
			t.Errorf("bar %d (%g) spans %.2f..%.2f, want below the zero line at %.2f", i, v, y0, y1, zero)
		}
	}
	// The negative label sits below its bar.
	for _, tx := range texts(items) {
		if tx.S == "-3.2%" {
			_, _, _, y1 := extent(bs[1])
			if tx.Y-0.88*tx.Size < y1 {
				t.Errorf("label %q at %.2f overlaps its bar ending at %.2f", tx.S, tx.Y, y1)
			}
			return
		}
	}
	t.Error("no label -3.2%")
}

func TestSmallestBarHasLength(t *testing.T) {
	for _, kind := range []string{"column", "bar"} {
		s := specs["column"]
		s.Kind = kind
		items, err := Draw(s, boxW, boxH, fakeFaces{})
		if err != nil {
			t.Fatal(err)
		}
		bs := bars(items, isBar)
		if len(bs) != 3 {
			t.Fatalf("%s: %d bars, want 3", kind, len(bs))
		}
		x0, y0, x1, y1 := extent(bs[0])
		length := y1 - y0
		if kind == "bar" {
			length = x1 - x0
		}
		if length <= 0.2 {
			t.Errorf("%s: smallest bar (1.2 of 255.54) is %.2f pt long", kind, length)
		}
		// Proportional: the largest is 255.54/1.2 times as long, within rounding.
		x0, y0, x1, y1 = extent(bs[2])
		big := y1 - y0
		if kind == "bar" {
			big = x1 - x0
		}
		if r := big / length; math.Abs(r-255.54/1.2)/(255.54/1.2) > 0.15 {
			t.Errorf("%s: bar ratio %.1f, want about %.1f", kind, r, 255.54/1.2)
		}
	}
}

func TestLineHistory(t *testing.T) {
	s := specs["line"]
	items, err := Draw(s, boxW, boxH, fakeFaces{})
	if err != nil {
		t.Fatal(err)
	}
	var line *page.Path
	for _, it := range items {
		if p, ok := it.(page.Path); ok && p.Stroke != nil && p.Fill == nil && len(p.Ops) == 5 {
			line = &p
		}
	}
	if line == nil {
		t.Fatalf("no five-point line among the items:\n%s", dump(items))
	}
	vs := s.Series[0].Values
	for i := 1; i < len(vs); i++ {
		p, q := line.Ops[i-1].Pts[0], line.Ops[i].Pts[0]
		if q.X <= p.X {
			t.Errorf("point %d at x %.2f not right of %.2f", i, q.X, p.X)
		}
		// y goes down as the value goes up, in proportion.
		dy, dv := q.Y-p.Y, vs[i]-vs[i-1]
		if dy*dv >= 0 {
			t.Errorf("point %d: value %+g but y moved %+.2f", i, dv, dy)
		}
	}
	p0, p4 := line.Ops[0].Pts[0], line.Ops[4].Pts[0]
	p1 := line.Ops[1].Pts[0]
	r1 := (p1.Y - p0.Y) / (p4.Y - p0.Y)
	if want := (vs[1] - vs[0]) / (vs[4] - vs[0]); math.Abs(r1-want) > 0.02 {
		t.Errorf("y not proportional to value: %.3f, want %.3f", r1, want)
	}
	for _, l := range []string{"2016年", "2020年", "352.34"} {
		found := false
		for _, tx := range texts(items) {
			found = found || tx.S == l
		}
		if !found {
			t.Errorf("no text %q", l)
		}
	}
}

func TestErrors(t *testing.T) {
	bad := map[string]Spec{
		"no values":  {Kind: "bar", Title: "x"},
		"mismatch":   {Kind: "column", Title: "x", Labels: []string{"a"}, Values: []float64{1, 2}},
		"kind":       {Kind: "radar", Title: "x", Labels: []string{"a"}, Values: []float64{1}},
		"pie zero":   {Kind: "pie", Title: "x", Labels: []string{"a", "b"}, Values: []float64{1, 0}},
		"donut neg":  {Kind: "donut", Title: "x", Labels: []string{"a"}, Values: []float64{-4}},
		"share>100":  {Kind: "donut", Title: "x", Unit: "%", Labels: []string{"a"}, Values: []float64{120}},
		"nan":        {Kind: "bar", Title: "x", Labels: []string{"a"}, Values: []float64{math.NaN()}},
		"no series":  {Kind: "line", Title: "x"},
		"years":      {Kind: "line", Title: "x", Series: []Series{{Label: "a", Years: []int{2020, 2019}, Values: []float64{1, 2}}}},
		"series len": {Kind: "line", Title: "x", Series: []Series{{Label: "a", Years: []int{2020}, Values: []float64{1, 2}}}},
	}
	for name, s := range bad {
		if items, err := Draw(s, boxW, boxH, fakeFaces{}); err == nil {
			t.Errorf("%s: no error, %d items", name, len(items))
		}
	}
	if _, err := Draw(specs["bar"], 0, 100, fakeFaces{}); err == nil {
		t.Error("empty box: no error")
	}
	if _, err := Draw(specs["bar"], 100, 100, nil); err == nil {
		t.Error("nil faces: no error")
	}
}

func TestPaletteInk(t *testing.T) {
	for _, a := range []page.Color{red, {C: 1, M: 1, Y: 1, K: 1}, {C: 2, M: -1, Y: math.NaN()}, {}, {C: 1, M: 0.6, K: 0.2}} {
		p := newPalette(a)
		for i, c := range []page.Color{p.accent, p.tint, p.pale, p.dark, p.mid, p.light, p.text, p.grid, p.axis} {
			if c.Ink() > maxInk || c.C < 0 || c.C > 1 || c.M < 0 || c.M > 1 || c.Y < 0 || c.Y > 1 || c.K < 0 || c.K > 1 {
				t.Errorf("accent %+v: colour %d = %+v (%.0f%% ink)", a, i, c, c.Ink())
			}
		}
		if p.accent.Ink() < 20 {
			t.Errorf("accent %+v gives a faint accent %+v", a, p.accent)
		}
	}
	if got := inkSafe(page.Color{C: 1, M: 1, Y: 1, K: 1}); math.Abs(got.Ink()-220) > 1e-6 || got.K != 1 {
		t.Errorf("inkSafe(rich black) = %+v", got)
	}
}

func TestLabels(t *testing.T) {
	cases := map[float64]string{4.5: "+4.5%", -3.2: "-3.2%", 0: "0%", 8: "+8%", 352.345: "+352.35%"}
	for v, want := range cases {
		if got := valueLabel(v, "%", true); got != want {
			t.Errorf("valueLabel(%g) = %q, want %q", v, got, want)
		}
	}
	if got := valueLabel(352.34, "亿元", false); got != "352.34亿元" {
		t.Errorf("valueLabel = %q", got)
	}
	// Two balanced lines, broken between characters, no line starting with a closing mark.
	lines, ok := wrap2(fakeFaces{}, roleSong, "一般公共预算收入", 8, 40)
	if !ok || len(lines) != 2 || lines[0] != "一般公共" || lines[1] != "预算收入" {
		t.Errorf("wrap2 = %q, %v", lines, ok)
	}
	if _, ok := wrap2(fakeFaces{}, roleSong, "一二三四五六七八九十一二", 8, 40); ok {
		t.Error("12 characters fit two lines of 5")
	}
	lines, _ = wrap2(fakeFaces{}, roleSong, "增速（%）达到2020年", 8, 56)
	for _, l := range lines {
		if strings.HasPrefix(l, "）") {
			t.Errorf("line starts with a closing mark: %q", lines)
		}
	}
	ls, size := fitLabel(fakeFaces{}, roleSong, "城镇居民人均可支配收入增长情况统计", 8, 40)
	if len(ls) < 2 || size < minText || strings.Join(ls, "") != "城镇居民人均可支配收入增长情况统计" {
		t.Errorf("fitLabel = %q at %g: a long label must wrap whole, never be cut", ls, size)
	}
	for _, l := range ls {
		if w := (fakeFaces{}).Width(roleSong, l) * size; w > 40+1e-9 {
			t.Errorf("fitLabel line %q is %g pt wide, more than 40", l, w)
		}
	}
}

// TestLabelsBreakBetweenWords: labels break at word boundaries, into balanced lines, and no
// chart text is set under 7 pt, however narrow the box.
func TestLabelsBreakBetweenWords(t *testing.T) {
	cases := []struct {
		label string
		width float64 // pt at 8 pt: room for width/8 characters
		want  []string
	}{
		{"城镇居民人均可支配收入", 48, []string{"城镇居民人均", "可支配收入"}},
		{"社会消费品零售总额", 40, []string{"社会消费品", "零售总额"}},
		{"农村居民人均可支配收入", 48, []string{"农村居民人均", "可支配收入"}},
		{"地区生产总值", 32, []string{"地区", "生产总值"}},
		{"固定资产投资", 32, []string{"固定", "资产投资"}},
		{"一般公共预算支出", 32, []string{"一般公共", "预算支出"}},
		{"浔阳区外来人口", 32, []string{"浔阳区外", "来人口"}}, // unlisted: between characters, balanced
	}
	for _, c := range cases {
		got, ok := wrap2(fakeFaces{}, roleSong, c.label, 8, c.width)
		if !ok || strings.Join(got, "/") != strings.Join(c.want, "/") {
			t.Errorf("wrap2(%q, %g pt) = %q, want %q", c.label, c.width, got, c.want)
		}
	}
	// Past two lines, the lines are as even as the words allow.
	if ls := wrapAll(fakeFaces{}, roleSong, "浔阳区滨江路口东侧湖畔", 7, 35); strings.Join(ls, "/") != "浔阳区滨/江路口东/侧湖畔" {
		t.Errorf("wrapAll in three lines: %q", ls)
	}
	// A word wider than the line alone is still set, character by character: nothing is cut.
	ls := wrapAll(fakeFaces{}, roleSong, "可支配", 7, 14)
	if strings.Join(ls, "") != "可支配" || len(ls) != 2 {
		t.Errorf("wrapAll of a word wider than the line: %q", ls)
	}
	for name, s := range specs {
		for _, box := range [][2]float64{{boxW, boxH}, {90, 70}, {60, 60}} {
			items, err := Draw(s, box[0], box[1], fakeFaces{})
			if err != nil {
				continue // a box too small is refused, not set small
			}
			for _, tx := range texts(items) {
				if tx.Size < 7-1e-9 {
					t.Errorf("%s in %gx%g: %q at %.2f pt", name, box[0], box[1], tx.S, tx.Size)
				}
			}
		}
	}
}

func BenchmarkDraw(b *testing.B) {
	for name, s := range specs {
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Draw(s, boxW, boxH, fakeFaces{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func TestTile(t *testing.T) {
	up, down := 4.5, -3.2
	cases := []struct {
		tile Tile
		big  string
		want []string
	}{
		{Tile{Label: "地区生产总值", Value: "352.34", Unit: "亿元", Growth: &up, Note: "预计", Accent: red}, "352.34", []string{"地区生产总值", "亿元", "4.5%", "预计"}},
		{Tile{Label: "一般公共预算收入", Value: "26.1", Unit: "亿元", Growth: &down}, "26.1", []string{"3.2%"}},
		{Tile{Label: "固定资产投资", Growth: &up, Accent: red}, "4.5%", []string{"固定资产投资", "增长"}},
		{Tile{Label: "规上工业增加值", Growth: &down, Accent: red}, "3.2%", []string{"规上工业增加值", "下降"}},
	}
	amount := 0.0 // the big number's size on a tile with a value
	for _, tc := range cases {
		const w, h = 115.0, 90.0
		items, err := DrawTile(tc.tile, w, h, fakeFaces{})
		if err != nil {
			t.Fatal(err)
		}
		checkItems(t, items, w, h)
		var bigSize float64
		var arrows []page.Path
		for _, it := range items {
			if p, ok := it.(page.Path); ok && len(p.Ops) == 4 {
				arrows = append(arrows, p)
			}
		}
		got := map[string]page.Text{}
		for _, tx := range texts(items) {
			got[tx.S] = tx
			bigSize = math.Max(bigSize, tx.Size)
		}
		if b, ok := got[tc.big]; !ok || b.Size != bigSize || b.Font != roleHei {
			t.Errorf("%s: big number %q missing or not the largest hei text: %+v", tc.tile.Label, tc.big, b)
		}
		for _, s := range tc.want {
			if _, ok := got[s]; !ok {
				t.Errorf("%s: no text %q", tc.tile.Label, s)
			}
		}
		// A growth-only tile reads as a rate: 增长/下降 says the direction, no arrow, and the
		// rate stays under an amount's size (the first case's) and at most growthShare of 40 pt.
		if tc.tile.Value == "" {
			if b := got[tc.big]; amount == 0 || b.Size >= amount || b.Size > growthShare*40+1e-9 {
				t.Errorf("%s: growth-only rate at %.1f pt, an amount at %.1f", tc.tile.Label, b.Size, amount)
			}
			if len(arrows) != 0 {
				t.Errorf("%s: %d arrows beside 增长/下降", tc.tile.Label, len(arrows))
			}
			continue
		}
		if amount == 0 {
			amount = bigSize
		}
		if len(arrows) != 1 {
			t.Fatalf("%s: %d arrows, want 1", tc.tile.Label, len(arrows))
		}
		a := arrows[0]
		tip, base := a.Ops[0].Pts[0].Y, a.Ops[1].Pts[0].Y
		if g := *tc.tile.Growth; (g > 0) != (tip < base) {
			t.Errorf("%s: growth %g but arrow tip %.2f, base %.2f", tc.tile.Label, g, tip, base)
		}
		if g := *tc.tile.Growth; g < 0 && a.Fill.C+a.Fill.M+a.Fill.Y != 0 {
			t.Errorf("%s: down arrow in colour %+v, want K only", tc.tile.Label, *a.Fill)
		}
	}
	if _, err := DrawTile(Tile{Label: "空"}, 100, 80, fakeFaces{}); err == nil {
		t.Error("tile without value or growth: no error")
	}
	if _, err := DrawTile(Tile{Label: "小", Value: "1"}, 100, 5, fakeFaces{}); err == nil {
		t.Error("tile in a 5 pt box: no error")
	}
}

// TestEmbeddedFaces draws with the committed faces: every glyph a chart sets must exist in its
// face (a missing one prints blank), and the box holds with real widths.
func TestEmbeddedFaces(t *testing.T) {
	set, err := fonts.Embedded()
	if err != nil {
		t.Skip(err)
	}
	g := -3.2
	tile, err := DrawTile(Tile{Label: "一般公共预算收入", Value: "26.1", Unit: "亿元", Growth: &g, Note: "同口径"}, 115, 90, set)
	if err != nil {
		t.Fatal(err)
	}
	checkItemsWith(t, tile, 115, 90, set)
	for name, s := range specs {
		for _, box := range [][2]float64{{boxW, boxH}, {125, 150}} {
			items, err := Draw(s, box[0], box[1], set)
			if err != nil {
				t.Fatal(name, err)
			}
			checkItemsWith(t, items, box[0], box[1], set)
			for _, tx := range texts(append(items, tile...)) {
				for _, r := range tx.S {
					if !set.Face(tx.Font).Has(r) {
						t.Errorf("%s: %q in %s has no glyph for %q U+%04X", name, tx.S, tx.Font, r, r)
					}
				}
			}
		}
	}
}

// A pie of four slices in a low, wide box (a section's 172.8 × 86.4 pt) sets each value after
// its label when the entries of two lines do not fit beside the circle, instead of failing.
func TestPieLegendInALowBox(t *testing.T) {
	set, err := fonts.Embedded()
	if err != nil {
		t.Skip(err)
	}
	s := Spec{Kind: "pie", Title: "2024年老旧小区改造资金来源", Unit: "亿元", Accent: page.Color{M: 1, Y: 1},
		Labels: []string{"中央补助资金", "地方政府专项债", "社会资本", "居民出资"}, Values: []float64{3.2, 2.6, 1.1, 0.4}}
	items, err := Draw(s, 172.8, 86.4, set)
	if err != nil {
		t.Fatal(err)
	}
	checkItemsWith(t, items, 172.8, 86.4, set)
}

// A donut of one share in a low box never sets its number over the ring: the hole opens to
// hold it at the least text size, or, in a box too low even for that, the number stands
// beside the ring.
func TestDonutNumberNeverOverTheRing(t *testing.T) {
	s := Spec{Kind: "donut", Title: "覆盖率", Unit: "%", Accent: red, Labels: []string{"覆盖率"}, Values: []float64{96.2}}
	for _, h := range []float64{44, 48, 52, 60, 85, 160} {
		items, err := Draw(s, 200, h, fakeFaces{})
		if err != nil {
			t.Fatalf("%.0f pt high: %v", h, err)
		}
		checkItems(t, items, 200, h)
		// the ring's centre, outer and inner radii from its paths' points
		x0, x1, y0, y1 := math.Inf(1), math.Inf(-1), math.Inf(1), math.Inf(-1)
		var pts []page.Point
		for _, it := range items {
			p, ok := it.(page.Path)
			curved := false
			for _, op := range p.Ops {
				curved = curved || op.Kind == page.CurveTo
			}
			if !ok || p.Fill == nil || !curved {
				continue // the ring's slices are the paths with arcs
			}
			for _, op := range p.Ops {
				var pt page.Point
				switch op.Kind {
				case page.MoveTo, page.LineTo:
					pt = op.Pts[0]
				case page.CurveTo:
					pt = op.Pts[2]
				default:
					continue
				}
				pts = append(pts, pt)
				x0, x1, y0, y1 = math.Min(x0, pt.X), math.Max(x1, pt.X), math.Min(y0, pt.Y), math.Max(y1, pt.Y)
			}
		}
		cx, cy, r := (x0+x1)/2, (y0+y1)/2, (x1-x0)/2
		inner := r
		for _, pt := range pts {
			inner = math.Min(inner, math.Hypot(pt.X-cx, pt.Y-cy))
		}
		var num page.Text
		for _, tx := range texts(items) {
			if tx.S == "96.2%" {
				num = tx
			}
		}
		if num.S == "" {
			t.Fatalf("%.0f pt high: the number is not drawn", h)
		}
		left, right := num.X, num.X+fakeFaces{}.Width("", num.S)*num.Size
		inside := left >= cx-inner-1e-6 && right <= cx+inner+1e-6
		beside := left >= cx+r
		if !inside && !beside {
			t.Errorf("%.0f pt high: the number spans %.1f–%.1f pt, over a ring of %.1f–%.1f around %.1f", h, left, right, inner, r, cx)
		}
		if num.Size < 7.875-1e-9 {
			t.Errorf("%.0f pt high: the number is %.2f pt, under 六号", h, num.Size)
		}
	}
}

// DrawTileSize says the size an amount asks of its row, and MaxSize holds the number to a
// row's size: the number is then set at it, a rate at its share of it.
func TestTileMaxSize(t *testing.T) {
	g := 4.5
	big := func(items []page.Item, s string) float64 {
		for _, it := range items {
			if v, ok := it.(page.Text); ok && v.S == s {
				return v.Size
			}
		}
		return 0
	}
	amount := Tile{Label: "地区生产总值", Value: "352.34", Unit: "亿元"}
	items, size, err := DrawTileSize(amount, 115, 90, fakeFaces{})
	if err != nil || math.Abs(big(items, "352.34")-size) > 1e-9 {
		t.Fatalf("size %g, number at %g (%v)", size, big(items, "352.34"), err)
	}
	amount.MaxSize = size / 2
	if items, _, err = DrawTileSize(amount, 115, 90, fakeFaces{}); err != nil || math.Abs(big(items, "352.34")-size/2) > 1e-9 {
		t.Errorf("held to %g, number at %g (%v)", size/2, big(items, "352.34"), err)
	}
	rate := Tile{Label: "固定资产投资", Growth: &g}
	_, full, _ := DrawTileSize(rate, 115, 90, fakeFaces{})
	rate.MaxSize = full / 2
	if items, _, err = DrawTileSize(rate, 115, 90, fakeFaces{}); err != nil || big(items, "4.5%") > full/2*growthShare+1e-9 {
		t.Errorf("a rate held to %g set at %g (%v)", full/2, big(items, "4.5%"), err)
	}
}

// A tile with GrowthBeside sets an amount's growth beside its unit, on the number's baseline,
// and its number larger in a low box than with the growth on a line under it (a held-out band
// of eight low tiles printed every number at 9.7 pt).
func TestTileGrowthBeside(t *testing.T) {
	g := 34.2
	find := func(items []page.Item, s string) page.Text {
		for _, it := range items {
			if v, ok := it.(page.Text); ok && v.S == s {
				return v
			}
		}
		return page.Text{}
	}
	tile := Tile{Label: "远程会诊", Value: "1.8", Unit: "万例", Growth: &g}
	items, under, err := DrawTileSize(tile, 110, 40, fakeFaces{})
	if err != nil {
		t.Fatal(err)
	}
	if num, growth := find(items, "1.8"), find(items, "34.2%"); growth.Y <= num.Y {
		t.Errorf("growth at %.1f, number at %.1f; want the growth under it", growth.Y, num.Y)
	}
	tile.GrowthBeside = true
	items, beside, err := DrawTileSize(tile, 110, 40, fakeFaces{})
	if err != nil {
		t.Fatal(err)
	}
	num, growth := find(items, "1.8"), find(items, "34.2%")
	if beside < 1.4*under || math.Abs(num.Y-growth.Y) > 1e-9 || growth.X <= num.X {
		t.Errorf("beside: number at %.1f pt (under: %.1f), baseline %.1f, growth at (%.1f, %.1f)", beside, under, num.Y, growth.X, growth.Y)
	}
}

// labelAndFirstYear finds a line chart's value label v and its first year's label (2021).
func labelAndFirstYear(items []page.Item, v string) (label, year *page.Text) {
	for _, tx := range texts(items) {
		switch tx.S {
		case v:
			label = &tx
		case "2021年", "2021":
			year = &tx
		}
	}
	return label, year
}

// A line whose lowest point is labelled under itself (a trough) near the bottom of its scale
// keeps the label off the years: the scale goes a step lower (held-out charts printed "81.8"
// over "2021年").
func TestLineTroughLabelClearsTheYears(t *testing.T) {
	s := Spec{Kind: "line", Title: "森林覆盖率", Series: []Series{{Label: "覆盖率",
		Years: []int{2021, 2022, 2023, 2024, 2025}, Values: []float64{81.8, 90.9, 95.3, 97.1, 99.0}}}}
	for _, h := range []float64{boxH, 90} {
		items, err := Draw(s, boxW, h, fakeFaces{})
		if err != nil {
			t.Fatal(err)
		}
		label, year := labelAndFirstYear(items, "81.8")
		if label == nil || year == nil {
			t.Fatalf("box height %g: no label or no year among\n%s", h, dump(items))
		}
		if bottom, top := label.Y+0.15*label.Size, year.Y-0.88*year.Size; bottom > top {
			t.Errorf("box height %g: the label's foot at %.1f is below the year's top at %.1f", h, bottom, top)
		}
	}
	// a tall chart whose trough label already clears the years keeps its scale
	tall := Spec{Kind: "line", Title: "x", Series: []Series{{Label: "y", Years: []int{2021, 2022, 2023}, Values: []float64{84.9, 92, 99}}}}
	items, err := Draw(tall, boxW, 300, fakeFaces{})
	if err != nil {
		t.Fatal(err)
	}
	for _, tx := range texts(items) {
		if tx.S == "75" {
			t.Error("a tall chart's scale went a step lower than its label needs")
		}
	}
	// from near zero the scale does not go below it: the label goes over the point
	low := Spec{Kind: "line", Title: "x", Series: []Series{{Label: "y", Years: []int{2021, 2022, 2023, 2024}, Values: []float64{0.2, 3, 5, 8}}}}
	items, err = Draw(low, boxW, 90, fakeFaces{})
	if err != nil {
		t.Fatal(err)
	}
	for _, tx := range texts(items) {
		if strings.HasPrefix(tx.S, "-") {
			t.Errorf("the scale went below zero: %q", tx.S)
		}
	}
	label, year := labelAndFirstYear(items, "0.2")
	if label == nil || year == nil || label.Y+0.15*label.Size > year.Y-0.88*year.Size {
		t.Errorf("the near-zero label is on the years (label %+v, year %+v)", label, year)
	}
}

// A two-series line in a low box keeps its scale's labels apart and its end labels apart, the
// higher line's over the lower's (a held-out band printed 0, 50, 100 and 150 on top of each
// other, and "142" on "96").
func TestLowLineKeepsItsLabelsApart(t *testing.T) {
	s := Spec{Kind: "line", Title: "长者食堂和助餐点数量（2021—2025年，个）", Unit: "个", Series: []Series{
		{Label: "长者食堂", Years: []int{2021, 2022, 2023, 2024, 2025}, Values: []float64{18, 35, 52, 74, 96}},
		{Label: "助餐点", Years: []int{2021, 2022, 2023, 2024, 2025}, Values: []float64{40, 62, 88, 116, 142}},
	}}
	items, err := Draw(s, 300, 80, fakeFaces{})
	if err != nil {
		t.Fatal(err)
	}
	var ys []float64
	var hi, lo page.Text
	for _, tx := range texts(items) {
		if _, err := strconv.ParseFloat(tx.S, 64); err == nil && tx.Size == tickSize {
			ys = append(ys, tx.Y)
		}
		switch tx.S {
		case "142":
			hi = tx
		case "96":
			lo = tx
		}
	}
	sort.Float64s(ys)
	for i := 1; i < len(ys); i++ {
		if ys[i]-ys[i-1] < tickSize {
			t.Errorf("scale labels %.1f pt apart at %.1f and %.1f", ys[i]-ys[i-1], ys[i-1], ys[i])
		}
	}
	if hi.S == "" || lo.S == "" || lo.Y-hi.Y < hi.Size {
		t.Errorf("end labels 142 at %.1f and 96 at %.1f: want 96 a line under 142", hi.Y, lo.Y)
	}
}
