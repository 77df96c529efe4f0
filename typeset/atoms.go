package typeset

import (
	"math"
	"unicode"
)

// kind is the typesetting class of an atom: it decides where a line may break, what may be
// compressed and where Han–Latin spacing goes.
type kind uint8

const (
	kHan       kind = iota // ideographs, kana, hangul, ideographic space: one character per atom
	kWord                  // Latin word or number with its sign, decimal point, thousands commas, %
	kOpen                  // opening quote, bracket, book-title mark
	kClose                 // closing mark and the 点号 、，。：；！？
	kMiddle                // interpunct · ・ ‧ (centred; never compressed)
	kConnector             // – ～ - / ／ and a single — (连接号, 分隔号)
	kDash                  // —— (破折号), two or more em dashes: unbreakable
	kEllipsis              // …… (省略号): unbreakable
	kSpace                 // a run of spaces: stretchable, dropped at a break
	kOther                 // any other symbol: breaks like a Han character, no extra spacing
)

// atom is an unbreakable unit of text.
type atom struct {
	start, end int     // rune offsets into the paragraph
	w          float64 // natural width: the sum of the advances
	kind       kind
	full       bool // a full-width mark (advance ≥ ¾ em) whose blank half may be compressed
	bang       bool // ！？‼⁇: compressed only when nothing else helps
	narrow     bool // a word of proportional glyphs: takes Han–Latin spacing next to Han
	split      bool // a piece of a unit longer than the measure (last-resort breaks around it)
}

func isHanLike(r rune) bool {
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul, unicode.Bopomofo) ||
		r == '\u3000' || r == '〇' || r == '々' || r == '〻' || r == '〃' || r == 'ー'
}

func isWordRune(r rune) bool {
	return (unicode.IsLetter(r) && !isHanLike(r)) || unicode.IsDigit(r)
}

func isDigit(r rune) bool { return unicode.IsDigit(r) }

func classifyPunct(r rune) (kind, bool) {
	switch r {
	case '“', '‘', '「', '『', '（', '【', '〔', '〖', '［', '｛', '《', '〈', '〘', '〚', '｟', '｢', '(', '[', '{':
		return kOpen, true
	case '、', '，', '。', '．', '：', '；', '！', '？', '‼', '⁇', '⁈', '⁉',
		'”', '’', '」', '』', '）', '】', '〕', '〗', '］', '｝', '》', '〉', '〙', '〛', '｠', '｣',
		',', '.', ';', ':', '!', '?', ')', ']', '}':
		return kClose, true
	case '·', '・', '‧':
		return kMiddle, true
	case '–', '～', '~', '-', '/', '／', '‐', '‑', '−':
		return kConnector, true
	}
	return 0, false
}

func isBang(r rune) bool {
	return r == '！' || r == '？' || r == '‼' || r == '⁇' || r == '⁈' || r == '⁉'
}

// isSpace reports the characters that separate words and vanish at a line break.
func isSpace(r rune) bool {
	return r == ' ' || r == '\t' || r == '\r' || r == '\u200b' || r == '\f' || r == '\v'
}

// wordJoin reports whether j, between word runes p and n, keeps them in one unbreakable word:
// 352.34, 1,000, 10:30, COVID-19, 3+X, km/h, don't.
func wordJoin(p, j, n rune) bool {
	switch j {
	case '.':
		return true
	case ',', ':':
		return isDigit(p) && isDigit(n)
	case '-', '+', '/', '&', '_', '@', '‐', '‑':
		return true
	case '\'', '’':
		return unicode.IsLetter(p) && unicode.IsLetter(n)
	}
	return false
}

func isSign(r rune) bool {
	switch r {
	case '-', '+', '−', '±', '$', '¥', '￥', '€', '£', '.':
		return true
	}
	return false
}

func isUnitAfterDigit(r rune) bool {
	return r == '%' || r == '％' || r == '‰' || r == '℃' || r == '°'
}

// advance is the metrics' advance, made safe: never negative, NaN or infinite.
func advance(m Metrics, r rune) float64 {
	a := m.Advance(r)
	if math.IsNaN(a) || a < 0 {
		return 0
	}
	if a > 1e6 {
		return 1e6
	}
	return a
}

// atomize cuts rs (the runes of one \n-free segment starting at rune offset base) into atoms.
func atomize(rs []rune, base int, m Metrics, adv []float64) []atom {
	for i, r := range rs {
		adv[i] = advance(m, r)
	}
	out := make([]atom, 0, len(rs))
	sum := func(i, j int) float64 {
		w := 0.0
		for k := i; k < j; k++ {
			w += adv[k]
		}
		return w
	}
	n := len(rs)
	for i := 0; i < n; {
		r := rs[i]
		j := i + 1
		a := atom{kind: kOther}
		switch {
		case isSpace(r):
			for j < n && isSpace(rs[j]) {
				j++
			}
			a.kind = kSpace
		case isWordRune(r) || (isSign(r) && i+1 < n && isDigit(rs[i+1]) && (i == 0 || !isWordRune(rs[i-1]))):
			for j < n {
				if isWordRune(rs[j]) || (adv[j] == 0 && !isSpace(rs[j])) {
					j++
					continue
				}
				if j+1 < n && isWordRune(rs[j+1]) && wordJoin(rs[j-1], rs[j], rs[j+1]) {
					j += 2
					continue
				}
				break
			}
			if j < n && isDigit(rs[j-1]) && isUnitAfterDigit(rs[j]) {
				j++
			}
			a.kind = kWord
			a.narrow = r < 0x2E80 && (j-i > 1 || adv[i] < 0.75)
		case r == '—' || r == '―' || r == '…' || r == '⋯':
			for j < n && rs[j] == r {
				j++
			}
			switch {
			case r == '…' || r == '⋯':
				a.kind = kEllipsis
			case j-i >= 2:
				a.kind = kDash
			default:
				a.kind = kConnector
			}
		case isHanLike(r):
			a.kind = kHan
		default:
			if k, ok := classifyPunct(r); ok {
				a.kind = k
				a.full = (k == kOpen || k == kClose) && adv[i] >= 0.75
				a.bang = isBang(r)
			}
		}
		// Zero-width marks (combining accents, variation selectors) stay with their base.
		for j < n && adv[j] == 0 && !isSpace(rs[j]) && a.kind != kSpace {
			j++
		}
		a.start, a.end, a.w = base+i, base+j, sum(i, j)
		out = append(out, a)
		i = j
	}
	return out
}

// splitLong cuts units wider than limit into single characters, so that a word or number longer
// than the measure is broken (as a last resort) instead of overflowing or being lost.
func splitLong(atoms []atom, limit func(i int) float64, adv []float64, base int) []atom {
	need := false
	for i, a := range atoms {
		if a.end-a.start > 1 && a.kind != kSpace && a.w > limit(i)+1e-9 {
			need = true
			break
		}
	}
	if !need {
		return atoms
	}
	out := make([]atom, 0, len(atoms)+16)
	for i, a := range atoms {
		if a.end-a.start <= 1 || a.kind == kSpace || a.w <= limit(i)+1e-9 {
			out = append(out, a)
			continue
		}
		for k := a.start; k < a.end; k++ {
			p := a
			p.start, p.end, p.w, p.split = k, k+1, adv[k-base], true
			// keep zero-width marks with their base character
			for p.end < a.end && adv[p.end-base] == 0 {
				p.end++
			}
			k = p.end - 1
			out = append(out, p)
		}
	}
	return out
}
