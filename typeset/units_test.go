package typeset

import (
	"math"
	"strings"
	"testing"
)

// TestUnitsNeverSplit sets text full of numbers, words, —— and …… at many measures: each unit
// lies inside one run that is not letter-spaced.
func TestUnitsNeverSplit(t *testing.T) {
	text := "预计全年完成地区生产总值352.34亿元，增长4.5%；气温-3.2度，共1,000户，COVID-19期间——浔阳区……不断积聚VR党建"
	units := []string{"352.34", "4.5%", "-3.2", "1,000", "COVID-19", "——", "……", "VR"}
	for m := 4.0; m <= 16; m += 0.5 {
		o := Options{Measure: m, Indent: 2}
		lines := Paragraph(text, fakeFace{}, o)
		checkLines(t, text, lines, o)
	next:
		for _, u := range units {
			for _, l := range lines {
				for _, r := range l.Runs {
					if strings.Contains(r.Text, u) {
						if r.Spacing != 0 {
							t.Errorf("measure %g: %q letter-spaced in run %q (+%g)", m, u, r.Text, r.Spacing)
						}
						continue next
					}
				}
			}
			t.Errorf("measure %g: %q split", m, u)
		}
	}
}

// TestYearSplitsAfterDigits: a number followed by a Han unit may break between them.
func TestYearSplitsAfterDigits(t *testing.T) {
	lines := Paragraph("一二三四五六2020年", fakeFace{}, Options{Measure: 8.25})
	if len(lines) != 2 || show(lines[0]) != "0«一二三四五六» 6.25«2020» =8.25" || show(lines[1]) != "0«年» =1" {
		var got []string
		for _, l := range lines {
			got = append(got, show(l))
		}
		t.Errorf("got %q", got)
	}
}

func TestLevels(t *testing.T) {
	first := func(text string, o Options) string {
		lines := Paragraph(text, fakeFace{}, o)
		checkLines(t, text, lines, o)
		rs := []rune(text)
		return string(rs[lines[0].Start:lines[0].End])
	}
	// An interpunct may end a line at the basic level, not at GB (it binds both names).
	if got := first("一二三·四五六", Options{Measure: 4, Level: Basic}); got != "一二三·" {
		t.Errorf("Basic: first line %q, want 一二三·", got)
	}
	if got := first("一二三·四五六", Options{Measure: 4, Level: GB}); strings.HasSuffix(got, "·") {
		t.Errorf("GB: first line %q ends with an interpunct", got)
	}
	// —— may start a line except at the strict level.
	if got := first("一二三四——五六", Options{Measure: 4, Level: GB}); got != "一二三四" {
		t.Errorf("GB: first line %q, want 一二三四", got)
	}
	lines := Paragraph("一二三四——五六", fakeFace{}, Options{Measure: 4, Level: Strict})
	rs := []rune("一二三四——五六")
	for _, l := range lines[1:] {
		if rs[l.Start] == '—' {
			t.Errorf("Strict: a line starts with ——: %q", string(rs[l.Start:l.End]))
		}
	}
}

func TestLongWord(t *testing.T) {
	text := "一abcdefghijklmnopqrstuvwxyz二"
	o := Options{Measure: 4}
	lines := Paragraph(text, fakeFace{}, o)
	checkLines(t, text, lines, o)
	var got []string
	for _, l := range lines {
		got = append(got, show(l))
	}
	// the pieces of the broken word are letter-spaced as a last resort; the Han–Latin spacing
	// takes its share of the stretch as well
	want := []string{"0«一» 1.3«abcde»+0.05 =4", "0«fghijklm» =4", "0«nopqrstu» =4", "0«vwxyz» 2.75«二» =3.75"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestWidth(t *testing.T) {
	for _, c := range []struct {
		text string
		want float64
	}{
		{"", 0},
		{"中文ABC中文", 6},
		{"一二。”", 3},   // 。” take 1.5 em, the final ” ½ em
		{"一\n一二三", 3}, // the widest line
		{"  一  ", 2},  // leading spaces count, trailing ones vanish at the line end
	} {
		if got := Width(c.text, fakeFace{}); math.Abs(got-c.want) > 1e-9 {
			t.Errorf("Width(%q) = %g, want %g", c.text, got, c.want)
		}
		if c.text == "" {
			continue
		}
		// a text as wide as the measure fits on one line
		if lines := Paragraph(c.text, fakeFace{}, Options{Measure: c.want, Ragged: true}); !strings.Contains(c.text, "\n") && len(lines) != 1 {
			t.Errorf("%q in its own Width gave %d lines", c.text, len(lines))
		}
	}
}

func TestDegenerateInput(t *testing.T) {
	if lines := Paragraph("", fakeFace{}, Options{Measure: 13}); lines != nil {
		t.Errorf("empty text gave %v", lines)
	}
	lines := Paragraph("一\n\n二\n", fakeFace{}, Options{Measure: 13})
	if len(lines) != 3 || len(lines[1].Runs) != 0 || lines[1].Start != 2 || lines[2].Start != 3 {
		t.Errorf("blank line: got %+v", lines)
	}
	for _, o := range []Options{
		{Measure: math.NaN()}, {Measure: math.Inf(1)}, {Measure: -3}, {Measure: 0},
		{Measure: 13, Indent: math.NaN()}, {Measure: 13, Indent: 40}, {Measure: 13, Level: 99},
		{Measure: 2, Even: true, Ragged: true},
	} {
		text := "一，二“三”abc 352.34%——……"
		lines := Paragraph(text, nil, o) // nil metrics fall back to 1 em / ½ em
		n := 0
		for _, l := range lines {
			for _, r := range l.Runs {
				n += len([]rune(r.Text))
			}
		}
		if n != len([]rune(text))-1 { // the space at a break or not: count the rest
			if n != len([]rune(text)) {
				t.Errorf("%+v: %d of %d characters set", o, n, len([]rune(text)))
			}
		}
	}
}

// TestNumberKeepsUnit: a number and its unit or classifier (亿元, 条, 名, 个, 万吨 …) end up on one
// line wherever the text can be set so without a line spread by more than 0.15 em per gap, and
// are broken apart otherwise, nothing lost.
func TestNumberKeepsUnit(t *testing.T) {
	text := "预计全年完成地区生产总值194.34亿元，增长4.5%。整治背街小巷41条、公开招考72名男性，打掉涉恶集团3个，新增产能12万吨，建成绿道3.5公里，改造面积2万余平方米。"
	bound := []string{"194.34亿元", "41条", "72名", "3个", "12万吨", "3.5公里", "2万余平方米"}
	rs := []rune(text)
	kept := 0
	for m := 7.0; m <= 16; m += 0.25 {
		o := Options{Measure: m, Indent: 2}
		lines := Paragraph(text, fakeFace{}, o)
		checkLines(t, text, lines, o)
		p := newPara(rs, 0, make([]float64, len(rs)), fakeFace{}, &o, 2, false)
		if !tightLayout(p, o, 2, false) {
			continue // keeping every unit needs a loose line somewhere
		}
		kept++
		for _, u := range bound {
			at := strings.Index(text, u)
			from := len([]rune(text[:at]))
			to := from + len([]rune(u))
			for _, l := range lines {
				if l.Start > from && l.Start < to {
					t.Errorf("measure %g: %q broken before %q", m, u, string(rs[l.Start:to]))
				}
			}
		}
	}
	if kept < 10 {
		t.Errorf("only %d measures can keep every unit", kept)
	}
	// Where the number and its unit cannot share a line, they part: nothing is lost.
	o := Options{Measure: 3}
	lines := Paragraph("194.34亿元", fakeFace{}, o)
	checkLines(t, "194.34亿元", lines, o)
	if len(lines) < 2 {
		t.Errorf("194.34亿元 at 3 em: %d line(s)", len(lines))
	}
}

// TestLooseLineAvoided: a justified line spread by more than 0.15 em per gap is taken only when
// there is no other way, a number parted from its unit included.
func TestLooseLineAvoided(t *testing.T) {
	text := "预计全年完成地区生产总值194.34亿元，增长4.5%。整治背街小巷41条、公开招考72名男性，打掉涉恶集团3个，新增产能12万吨，建成绿道3.5公里，改造面积2万余平方米。"
	rs := []rune(text)
	tight := 0
	for m := 7.0; m <= 16; m += 0.25 {
		o := Options{Measure: m, Indent: 2}
		lines := Paragraph(text, fakeFace{}, o)
		p := newPara(rs, 0, make([]float64, len(rs)), fakeFace{}, &o, 2, false)
		if !tightLayout(p, o, 2, true) {
			continue
		}
		tight++
		for i, l := range lines[:len(lines)-1] {
			if e, units := lineStretch(l, rs, o); units > 0 && e > 0.15+1e-9 {
				t.Errorf("measure %g: line %d %q spread %.3f em per gap", m, i, string(rs[l.Start:l.End]), e)
			}
		}
	}
	if tight < 20 {
		t.Errorf("only %d measures can be set tight", tight)
	}
}

// TestWordsKeepsSetPhrases: with Words, a listed set phrase stays on one line when a line a
// little looser allows it; without, the break falls where it is tightest, inside it.
func TestWordsKeepsSetPhrases(t *testing.T) {
	text := strings.Repeat("一", 18) + "只争朝夕" + strings.Repeat("二", 10)
	split := func(o Options) bool {
		lines := Paragraph(text, fakeFace{}, o)
		checkLines(t, text, lines, o)
		for _, l := range lines[1:] {
			if l.Start > 18 && l.Start < 22 {
				return true
			}
		}
		return false
	}
	if !split(Options{Measure: 20}) {
		t.Error("without Words the tightest break is inside 只争朝夕: the test proves nothing")
	}
	if split(Options{Measure: 20, Words: true}) {
		t.Error("with Words 只争朝夕 is broken")
	}
}

// TestRangePartsBeforeALooseLine: a range too long for the rest of a line parts after its
// connector (2025～|2027年) rather than the line be letter-spaced past maxStretch to push the
// range down whole (a briefing line of a report spread 0.286 em so); where the range fits on
// the next line without a loose line, it stays whole.
func TestRangePartsBeforeALooseLine(t *testing.T) {
	text := "一二三四五六2025～2027年七八九十"
	o := Options{Measure: 10, Level: Strict}
	lines := Paragraph(text, fakeFace{}, o)
	checkLines(t, text, lines, o)
	rs := []rune(text)
	if got := string(rs[lines[0].Start:lines[0].End]); got != "一二三四五六2025～" {
		t.Errorf("first line %q, want 一二三四五六2025～", got)
	}
	for _, l := range lines[:len(lines)-1] {
		for _, r := range l.Runs {
			if r.Spacing > maxStretch {
				t.Errorf("line %q spread %.3f em a gap", string(rs[l.Start:l.End]), r.Spacing)
			}
		}
	}
	// room for the range on a line of its own without a loose line before it: whole
	text = "一二三四五六七八九十2025～2027年七八九十"
	lines = Paragraph(text, fakeFace{}, o)
	rs = []rune(text)
	for _, l := range lines {
		if s := string(rs[l.Start:l.End]); strings.HasSuffix(s, "～") {
			t.Errorf("line %q parts the range though it fits the next line whole", s)
		}
	}
}
