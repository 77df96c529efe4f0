package charts

import (
	"math"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"spread/page"
	"spread/typeset"
)

// maxInk is the newsprint limit on total area coverage, in percent (ISO 12647-3).
const maxInk = 220

// palette is every colour a chart uses, derived from the accent. Its steps differ in darkness
// so that a chart still reads when the page is printed in one colour.
type palette struct {
	accent, tint, pale page.Color // the accent and two tints of it
	dark, mid, light   page.Color // K only
	text, grid, axis   page.Color // K only
}

var defaultAccent = page.Color{M: 1, Y: 1, K: 0.1} // a newspaper red

func newPalette(a page.Color) palette {
	a = inkSafe(a)
	if a.Ink() < 20 { // no accent given, or too faint to carry a chart
		a = defaultAccent
	}
	return palette{
		accent: a,
		tint:   tint(a, 0.5),
		pale:   tint(a, 0.2),
		dark:   page.Gray(0.8),
		mid:    page.Gray(0.45),
		light:  page.Gray(0.15),
		text:   page.Gray(1),
		grid:   page.Gray(0.25),
		axis:   page.Gray(0.6),
	}
}

// series is the order in which slices and lines take colours: alternating accent and gray
// steps keeps neighbours apart in colour and in one-colour print.
func (p palette) series(i int) page.Color {
	s := [...]page.Color{p.accent, p.dark, p.tint, p.mid, p.pale, p.light}
	return s[i%len(s)]
}

// inkSafe clamps every channel to 0..1 and scales C, M and Y down until the total ink is
// within maxInk; K, which carries the detail, is kept.
func inkSafe(c page.Color) page.Color {
	cl := func(v float64) float64 {
		if !(v > 0) { // also NaN
			return 0
		}
		return math.Min(v, 1)
	}
	c = page.Color{C: cl(c.C), M: cl(c.M), Y: cl(c.Y), K: cl(c.K)}
	if c.Ink() <= maxInk {
		return c
	}
	cmy := c.C + c.M + c.Y
	f := (maxInk/100.0 - c.K) / cmy * (1 - 1e-9) // just under, against rounding
	return page.Color{C: c.C * f, M: c.M * f, Y: c.Y * f, K: c.K}
}

func tint(c page.Color, f float64) page.Color {
	return page.Color{C: c.C * f, M: c.M * f, Y: c.Y * f, K: c.K * f}
}

// number writes v with at most two decimals and no trailing zeros. Negative numbers keep the
// ASCII hyphen-minus: the heavy sans face has no U+2212.
func number(v float64) string { return decimals(v, 2) }

func decimals(v float64, n int) string {
	p := math.Pow(10, float64(n))
	s := strconv.FormatFloat(math.Round(v*p)/p, 'f', -1, 64)
	if s == "-0" {
		s = "0"
	}
	return s
}

// valueLabel is a value as printed on a chart: 352.34亿元, or +4.5% for growth.
func valueLabel(v float64, unit string, growth bool) string {
	s := number(v)
	if growth && math.Round(v*100) > 0 {
		s = "+" + s
	}
	return s + unit
}

// noLineStart are the marks a label's line may not start with.
const noLineStart = "、，。：；！？）》」』”’…—·%％"

// tokens splits text into the pieces a line may break between: words (typeset.WordLen), Han
// characters no listed word covers and punctuation, whole runs of ASCII letters and digits
// (with . , % + - signs), and a closing mark glued to what comes before it so no line starts
// with one.
func tokens(s string) []string {
	var out []string
	isWord := func(r rune) bool {
		return r < 0x80 && r != ' ' || r == '％'
	}
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		j := i + n
		if unicode.Is(unicode.Han, r) {
			j = i + typeset.WordLen(s[i:])
		} else if isWord(r) {
			for j < len(s) {
				r2, n2 := utf8.DecodeRuneInString(s[j:])
				if !isWord(r2) {
					break
				}
				j += n2
			}
		}
		tok := s[i:j]
		r0, _ := utf8.DecodeRuneInString(tok)
		if len(out) > 0 && strings.ContainsRune(noLineStart, r0) {
			out[len(out)-1] += tok
		} else {
			out = append(out, tok)
		}
		i = j
	}
	return out
}

// wrap2 breaks text between characters onto one line or two balanced lines no wider than width
// at size; ok is false when it does not fit.
func wrap2(f Faces, role, text string, size, width float64) (lines []string, ok bool) {
	w := func(s string) float64 { return f.Width(role, strings.TrimSpace(s)) * size }
	if w(text) <= width {
		return []string{text}, true
	}
	toks := tokens(text)
	best, bestW := -1, math.Inf(1)
	for k := 1; k < len(toks); k++ {
		a, b := strings.Join(toks[:k], ""), strings.Join(toks[k:], "")
		m := math.Max(w(a), w(b))
		if m <= width && m < bestW {
			best, bestW = k, m
		}
	}
	if best < 0 {
		return nil, false
	}
	return []string{strings.TrimSpace(strings.Join(toks[:best], "")), strings.TrimSpace(strings.Join(toks[best:], ""))}, true
}

// minText is the smallest size of any text a chart sets, pt: what a newspaper reader still
// reads at arm's length (六号 is 7.875).
const minText = 7.875

// fitLabel wraps a category label onto at most two lines, shrinking from size down to minText;
// a label that still does not fit is wrapped onto as many lines as it needs at minText, between
// words, and inside a word only where the word alone is wider than the line. It is never cut:
// a figure's label is the report's text.
func fitLabel(f Faces, role, text string, size, width float64) ([]string, float64) {
	for s := size; s >= minText; s -= 0.5 {
		if lines, ok := wrap2(f, role, text, s, width); ok {
			return lines, s
		}
	}
	return wrapAll(f, role, text, minText, width), minText
}

// wrapAll sets text on as few lines of width as it needs at size, as even as they go: lines are
// filled token by token, then the measure is narrowed while the text still takes as many lines
// and no word has to be split for it. A token wider than a line is set character by character.
func wrapAll(f Faces, role, text string, size, width float64) []string {
	lines := fillLines(f, role, text, size, width)
	widest := 0.0
	for _, tok := range tokens(text) {
		widest = math.Max(widest, f.Width(role, strings.TrimSpace(tok))*size)
	}
	if len(lines) < 2 || !(width > widest) || math.IsInf(width, 0) {
		return lines
	}
	// the narrowest measure, down to the widest token, that still takes as many lines
	lo, hi := widest, width
	for range 30 {
		mid := (lo + hi) / 2
		if len(fillLines(f, role, text, size, mid)) == len(lines) {
			hi = mid
		} else {
			lo = mid
		}
	}
	return fillLines(f, role, text, size, hi)
}

// fillLines fills lines of width at size greedily, token by token; a token wider than a line is
// set character by character.
func fillLines(f Faces, role, text string, size, width float64) []string {
	var lines []string
	line := ""
	add := func(tok string) {
		if line != "" && f.Width(role, strings.TrimSpace(line+tok))*size > width {
			lines = append(lines, strings.TrimSpace(line))
			line = ""
		}
		line += tok
	}
	for _, tok := range tokens(text) {
		if f.Width(role, strings.TrimSpace(tok))*size <= width {
			add(tok)
			continue
		}
		for _, r := range tok {
			if line != "" && strings.ContainsRune(noLineStart, r) {
				line += string(r) // a closing mark stays with what it closes
				continue
			}
			add(string(r))
		}
	}
	if strings.TrimSpace(line) != "" {
		lines = append(lines, strings.TrimSpace(line))
	}
	return lines
}
