package typeset

import (
	"fmt"
	"reflect"
	"strings"
	"sync"
	"testing"
)

// show renders a line as its runs, "X«text»+spacing", rounded so that cases can be written by
// hand with the fake face (Han and full-width marks 1 em, everything else ½ em).
func show(l Line) string {
	var parts []string
	for _, r := range l.Runs {
		s := fmt.Sprintf("%s«%s»", num(r.X), r.Text)
		if r.Spacing != 0 {
			s += "+" + num(r.Spacing)
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, " ") + " =" + num(l.Width)
}

func num(f float64) string {
	s := fmt.Sprintf("%.4f", f)
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	if s == "-0" {
		s = "0"
	}
	return s
}

func TestRules(t *testing.T) {
	cases := []struct {
		name string
		text string
		o    Options
		want []string
	}{
		{"solid lines fill the measure", "一二三四五六七八九十", Options{Measure: 4},
			[]string{"0«一二三四» =4", "0«五六七八» =4", "0«九十» =2"}},
		{"first-line indent", "一二三四五六七八", Options{Measure: 4, Indent: 2},
			[]string{"2«一二» =4", "0«三四五六» =4", "0«七八» =2"}},
		{"closing mark at the line end takes half an em", "一二三四，五六七", Options{Measure: 4.5},
			[]string{"0«一二三四，» =4.5", "0«五六七» =3"}},
		{"comma may not start a line: pushed down when nothing squeezes", "一二三四，五六", Options{Measure: 4},
			[]string{"0«一二三»+0.5 =4", "0«四，五六» =4"}},
		{"squeeze before push (先挤进后推出)", "一，二三。四五", Options{Measure: 4},
			[]string{"0«一，» 1.5«二三。» =4", "0«四五» =2"}},
		{"two closing marks take 1.5 em (。”)", "一二三。”四五", Options{Measure: 4},
			[]string{"0«一二三。» 3.5«”» =4", "0«四五» =2"}},
		{"comma and opening quote take 1.5 em (，“)", "一，“二”", Options{Measure: 10},
			[]string{"0«一，» 1.5«“二”» =4"}},
		{"closing bracket and full stop take 1.5 em (）。)", "（一）。", Options{Measure: 10},
			[]string{"0«（一）» 2.5«。» =3"}},
		{"two opening marks take 1.5 em (“（)", "“（一）”", Options{Measure: 10},
			[]string{"0«“» 0.5«（一）» 3«”» =3.5"}},
		{"opening mark may not end a line; at the start it loses its leading half", "一二三“四五”六七八", Options{Measure: 4},
			[]string{"0«一二三»+0.5 =4", "-0.5«“四五”» 3«六» =4", "0«七八» =2"}},
		{"Han–Latin spacing", "中文ABC中文", Options{Measure: 10},
			[]string{"0«中文» 2.25«ABC» 4«中文» =6"}},
		{"no Han–Latin spacing at a line start", "一二三四ABCD五", Options{Measure: 4},
			[]string{"0«一二三四» =4", "0«ABCD» 2.25«五» =3.25"}},
		{"Han–Latin spacing shrinks to 1/8 em before anything is pushed", "一2345六七八", Options{Measure: 4.25},
			[]string{"0«一» 1.125«2345» 3.25«六» =4.25", "0«七八» =2"}},
		{"孤字: a last line of one character is avoided", "一二三四五六七八九十一二三四", Options{Measure: 13},
			[]string{"0«一二三四五六七八九十一二»+0.0909 =13", "0«三四» =2"}},
		{"Even: a name spread over the measure (均排)", "张三", Options{Measure: 3, Even: true},
			[]string{"0«张三»+1 =3"}},
		{"Even: three characters", "李四五", Options{Measure: 4, Even: true},
			[]string{"0«李四五»+0.5 =4"}},
		{"Ragged: start-aligned, still no comma at a line start", "一二，三四五", Options{Measure: 3, Ragged: true},
			[]string{"0«一二，» =2.5", "0«三四五» =3"}},
		{"forced break at \\n", "一二\n三四", Options{Measure: 10, Indent: 2},
			[]string{"2«一二» =4", "0«三四» =2"}},
		{"—— stays whole", "一二三——四五", Options{Measure: 4},
			[]string{"0«一二三»+0.5 =4", "0«——四五» =4"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			lines := Paragraph(c.text, fakeFace{}, c.o)
			var got []string
			for _, l := range lines {
				got = append(got, show(l))
			}
			if strings.Join(got, "\n") != strings.Join(c.want, "\n") {
				t.Errorf("%q:\ngot\n  %s\nwant\n  %s", c.text, strings.Join(got, "\n  "), strings.Join(c.want, "\n  "))
			}
			checkLines(t, c.text, lines, c.o)
		})
	}
}

// A text prepared once and broken at many measures, on several goroutines at once, gives at
// each measure exactly what Paragraph gives: the units cut for a measure narrower than a
// number stay that measure's own.
func TestPreparedLinesAreParagraphsAtEveryMeasure(t *testing.T) {
	text := "全区生产总值达到194.34亿元，比上年增长3.6%。“十三五”以来，累计完成固定资产投资1234567890123元。\n\n第二段：ABCDEFGHIJKLMNOPQRSTUVWXYZ与汉字混排，测试——破折号和……省略号。"
	for _, words := range []bool{false, true} {
		base := Options{Indent: 2, Level: Strict, Words: words}
		p := Prepare(text, fakeFace{}, base)
		var wg sync.WaitGroup
		for _, m := range []float64{3, 5.5, 8, 13, 20, 31, 1000} {
			for _, ragged := range []bool{false, true} {
				o := base
				o.Measure, o.Ragged = m, ragged
				want := Paragraph(text, fakeFace{}, o)
				wg.Go(func() {
					for range 2 { // a second break of the same measure: Lines changed nothing
						if got := p.Lines(o); !reflect.DeepEqual(got, want) {
							t.Errorf("words %v measure %g ragged %v: prepared lines differ from Paragraph's", words, m, ragged)
						}
					}
				})
			}
		}
		wg.Wait()
	}
	if Prepare("", nil, Options{}).Lines(Options{Measure: 10}) != nil {
		t.Error("an empty text gives lines")
	}
}

// TestFewerSavesALineWithTheMarks: a paragraph whose last line holds three characters, with
// two commas in each full line, is set a line shorter with Fewer (a mark inside a line gives
// half an em), every line within the measure and no rule broken; a paragraph without marks to
// give keeps its lines.
func TestFewerSavesALineWithTheMarks(t *testing.T) {
	o := Options{Measure: 10, Indent: 0, Level: Strict}
	// six lines of ten em (two commas each), then 子丑。
	text := strings.Repeat("甲乙丙丁，", 12) + "子丑。"
	normal := Paragraph(text, fakeFace{}, o)
	o.Fewer = true
	fewer := Paragraph(text, fakeFace{}, o)
	if len(fewer) != len(normal)-1 {
		t.Fatalf("Fewer: %d lines, normal %d; want one fewer", len(fewer), len(normal))
	}
	checkLines(t, text, fewer, o) // every character, within the measure, no rule broken
	plain := strings.Repeat("甲乙丙丁戊己庚辛壬癸", 8) + "子丑"
	o.Fewer = false
	n := len(Paragraph(plain, fakeFace{}, o))
	o.Fewer = true
	if m := len(Paragraph(plain, fakeFace{}, o)); m != n {
		t.Errorf("a paragraph without marks: %d lines with Fewer, %d without", m, n)
	}
}
