package layout

import (
	"spread/page"
	"spread/report"
)

// kit is everything layout needs from the other stages, as plain functions: font metrics, the
// line breaker and the chart renderer. Print and Briefing build it from fonts, typeset and
// charts; tests build it from a fake face whose every glyph is 1 em wide, so that expected
// positions can be written down by hand.
type kit struct {
	adv   func(role string, r rune) float64                    // em
	check func(role, text string, at report.Pos) report.Errors // coverage of text in role's face
	lines func(text, role string, o lineOpts) []textLine
	chart func(c *report.Chart, accent page.Color, w, h float64) ([]page.Item, error)
	tile  func(f *report.Figure, accent page.Color, w, h float64) ([]page.Item, error)
	plans map[planKey]modPlan // planModule's answers within one layout call (see memo)
	paras map[parasKey][]bodyLine
	leads map[leadKey]leadSet
	rows  map[rowKey]leadRow
	photo map[photoKey]photoRange
	runes map[*report.Section]int
}

// lineOpts are the typesetter options layout uses; lengths in em.
type lineOpts struct {
	Measure float64
	Indent  float64
	Ragged  bool
}

// textLine is one set line; X and Spacing in em of the text size.
type textLine struct {
	Runs  []textRun
	Width float64
}

type textRun struct {
	X       float64
	Text    string
	Spacing float64
}

// width is the natural width of s in role, in em.
func (k *kit) width(role, s string) float64 {
	w := 0.0
	for _, r := range s {
		w += k.adv(role, r)
	}
	return w
}

// setText turns typeset lines into page.Text items: line i's baseline at y0 + i·pitch.
func setText(ls []textLine, x, y0, pitch float64, role string, size float64, c page.Color) []page.Item {
	var out []page.Item
	for i, l := range ls {
		for _, r := range l.Runs {
			out = append(out, page.Text{X: x + r.X*size, Y: y0 + float64(i)*pitch, Font: role, Size: size,
				Spacing: r.Spacing * size, Color: c, S: r.Text})
		}
	}
	return out
}

// lineKey is one typesetting request: the same paragraph is set at the same measure many
// times across the candidates of the fill search.
type lineKey struct {
	text, role string
	o          lineOpts
}

// memo returns a copy of k whose line breaker remembers what it has set, for one layout call:
// the cache lives and dies with the copy, so nothing is shared between calls. The lines it
// returns are shared between callers and must not be modified.
//
// The copy also remembers, by the identity of their inputs (the report does not change within
// a call), the paragraphs set one after another (breakParas), the set lead (setLead), the lead
// row (planLeadRow), photo heights (photoLines), sections' character counts and planModule's
// answers: the fill search asks the same questions for many of its candidates. Without memo
// (a bare kit) every answer is computed afresh, and is the same.
func (k *kit) memo() *kit {
	c := *k
	c.plans = map[planKey]modPlan{}
	c.paras = map[parasKey][]bodyLine{}
	c.leads = map[leadKey]leadSet{}
	c.rows = map[rowKey]leadRow{}
	c.photo = map[photoKey]photoRange{}
	c.runes = map[*report.Section]int{}
	set := k.lines
	cache := map[lineKey][]textLine{}
	c.lines = func(text, role string, o lineOpts) []textLine {
		key := lineKey{text, role, o}
		if ls, ok := cache[key]; ok {
			return ls
		}
		ls := set(text, role, o)
		cache[key] = ls
		return ls
	}
	return &c
}
