package typeset

import (
	"strings"
	"unicode/utf8"
)

// A number keeps its unit or classifier on its line (352.34亿元, 41条, 72名, 3个, 5万吨),
// as it keeps a following %: the breaks between the number and the Han characters of its unit
// cost unitPenalty, more than any sum of ordinary lines, so they are taken only when there is no
// other way to set the paragraph without a line spread past maxStretch (the body's rule wins
// over the unit: an editor marks a loose line as surely as a torn unit, and the loose line is
// the more visible). A unit is read after a number (an atom ending in a digit) as
// an optional magnitude (十 百 千 万 亿, up to two: 千万, 万亿), an optional 余 or 多, and one word
// of the list below (the longest that matches); a magnitude or 余/多 alone binds too (5|万 is
// dear, 5万|人 too when 人 follows). The date words 年 月 日 are not units: 2020|年 may break, as
// before a Han word (a year is not torn from anything). Latin units after a space (5 km) break
// like any word.

// magnitudes may follow a number before its unit.
const magnitudes = "十百千万亿"

// isUnitWord reports the kept list of units and classifiers (量词); matching tries every
// length from unitMaxLen down. A switch, not a map: nothing is built when a process starts.
func isUnitWord(s string) bool {
	switch s {
	case
		"元", "美元", "角", "分", "条", "名", "个", "户", "人", "人次", "家", "项", "所", "座", "台", "辆", "件", "倍",
		"次", "套", "间", "张", "位", "处", "栋", "批", "只", "头", "株", "棵", "篇", "部", "场", "届", "轮", "款",
		"种", "类", "支", "盏", "根", "箱", "块", "份", "艘", "架", "列", "班", "趟", "笔", "宗", "起", "例", "本",
		"册", "封", "幅", "亩", "公顷", "吨", "克", "千克", "公斤", "斤", "米", "千米", "公里", "平方米", "平方公里", "立方米",
		"千瓦", "千瓦时", "度", "岁", "天", "周", "小时", "分钟", "秒", "个百分点", "百分点", "个月":
		return true
	}
	return false
}

// unitMaxLen is the longest entry of unitWords, in runes.
const unitMaxLen = 4

// bindUnits marks the gaps inside each number's unit as brkUnit (a banned or split gap stays
// as it is).
func (o *para) bindUnits(rs []rune, base int) {
	at := o.atoms
	hanAt := func(k int) (rune, bool) {
		if k >= len(at) || at[k].kind != kHan || at[k].end-at[k].start != 1 || at[k].split {
			return 0, false
		}
		return rs[at[k].start-base], true
	}
	for k := 0; k+1 < len(at); k++ {
		a := at[k]
		if a.kind != kWord || !isDigit(rs[a.end-1-base]) {
			continue
		}
		j := k + 1
		for n := 0; n < 2; n++ { // 千万, 万亿
			if r, ok := hanAt(j); ok && strings.ContainsRune(magnitudes, r) {
				j++
			}
		}
		if r, ok := hanAt(j); ok && (r == '余' || r == '多') {
			j++
		}
		var buf [unitMaxLen * utf8.UTFMax]byte
		var ends [unitMaxLen]int // byte length of the first 1, 2 … characters
		word, n := buf[:0], 0
		for ; n < unitMaxLen; n++ {
			r, ok := hanAt(j + n)
			if !ok {
				break
			}
			word = utf8.AppendRune(word, r)
			ends[n] = len(word)
		}
		for l := n; l > 0; l-- {
			if isUnitWord(string(word[:ends[l-1]])) {
				j += l
				break
			}
		}
		for g := k; g < j-1; g++ {
			if o.gaps[g].brk == brkOK {
				o.gaps[g].brk = brkUnit
			}
		}
	}
}
