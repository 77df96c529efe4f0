package typeset

import (
	"testing"
)

// FuzzParagraph holds the invariants on any text and measure: every character on exactly one
// line in order, no line wider than the measure, justified lines ending at the measure, and no
// banned break where a layout without one exists (see checkLines); and the breaks the same as
// weighing every line, loose ones too (see breakLinesWeighing).
func FuzzParagraph(f *testing.F) {
	for _, s := range []string{
		"一元复始，万象更新。回望2020年，浔阳区跨过高山、越过激流……",
		"完成“赣服通”3.0版本升级，500余项便民利企事项、83项本地政务服务事项掌上可办。",
		"“把脱贫解困放在心上。”精准识别贫困对象1629户2379人，-3.2%，1,000元",
		"，，，，，，，，，，，，，，，，，，，，（（（（（（（（（（",
		"abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz 中文",
		"一二\n\n三四——五六……七\n",
		"VR党建 形成品牌效应 the quick brown fox",
	} {
		f.Add(s, uint8(26), uint8(4), uint8(0))
		f.Add(s, uint8(7), uint8(0), uint8(1))
		f.Add(s, uint8(13), uint8(4), uint8(16)) // Words
	}
	f.Fuzz(func(t *testing.T, text string, measure, indent, flags uint8) {
		o := Options{
			Measure: float64(measure%64) / 2,
			Indent:  float64(indent%8) / 2,
			Level:   Level(flags % 3),
			Ragged:  flags&4 != 0,
			Even:    flags&8 != 0,
			Words:   flags&16 != 0,
		}
		lines := Paragraph(text, fakeFace{}, o)
		checkLines(t, text, lines, o)
		sameBreaksWeighingAll(t, text, fakeFace{}, o)
	})
}
