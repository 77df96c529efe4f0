package layout

import (
	"fmt"
	"strings"
)

// plan is a candidate's make-up: where the headline ends, the lead row, the band's rows and the
// section modules with their figures and text columns. It is built while a candidate is
// judged, so the dump shows exactly what was chosen.
type plan struct {
	head     int // grid line under the headline block
	lead     leadRow
	leadLine int
	bands    []bandPlan
	mods     []*module
	plans    []modPlan
}

// bandPlan is one row of the key-figures band on a page.
type bandPlan struct {
	page, line, lines int
	items             []bandItem
}

// dump writes the plan as text, one block to a line, in grid units (columns, lines) so that a
// change of make-up reads as a diff: the grid, the headline, the lead row and its photos, the
// band, then each module with its columns, figures, text and white.
func (res result) dump() string {
	var b strings.Builder
	g := res.grid
	fmt.Fprintf(&b, "grid: %d pages, %d columns of %d characters, body %gpt, pitch %g, %d lines\n",
		g.pages, g.cols, g.col, g.body, res.pitch, g.nlines)
	pl := res.plan
	fmt.Fprintf(&b, "headline: lines 0-%d", pl.head)
	if res.top.smallHead {
		b.WriteString(" (smaller)")
	}
	b.WriteString("\n")
	lr := pl.lead
	fmt.Fprintf(&b, "lead: lines %d-%d, box %d columns in %d, %gpt, %d lines of text",
		pl.leadLine, pl.leadLine+lr.lines, lr.set.cols, lr.set.k, lr.set.size, lr.set.per)
	if lr.empty > 0 {
		fmt.Fprintf(&b, ", %d lines of empty tint", lr.empty)
	}
	b.WriteString("\n")
	for _, f := range lr.frames {
		fmt.Fprintf(&b, "  photo %s: page %d, columns %d-%d\n", f.photo.File, f.page+1, f.col, f.col+f.n)
	}
	for _, bp := range pl.bands {
		var names []string
		for _, it := range bp.items {
			if it.fig != nil {
				names = append(names, "tile "+it.fig.ID)
			} else {
				names = append(names, it.chart.Kind+" "+it.chart.Title.S)
			}
		}
		fmt.Fprintf(&b, "band: page %d, lines %d-%d: %s\n", bp.page+1, bp.line, bp.line+bp.lines, strings.Join(names, ", "))
	}
	for i, m := range pl.mods {
		p := pl.plans[i]
		name := m.sec.Title.S
		if m.sec.Label != "" {
			name = m.sec.Label + " " + name
		}
		var parts []string
		for _, pt := range m.parts {
			parts = append(parts, fmt.Sprintf("page %d columns %d-%d", pt.page+1, pt.col, pt.col+pt.n))
		}
		fmt.Fprintf(&b, "section %s: %s, lines %d-%d", name, strings.Join(parts, " + "), m.line0, m.limit)
		if m.stacked {
			fmt.Fprintf(&b, ", row %d", m.row+1)
		}
		if m.strip > 0 {
			fmt.Fprintf(&b, ", begun in a strip at line %d", m.strip)
		}
		if !p.ok {
			fmt.Fprintf(&b, ", %d lines over", p.over)
		}
		b.WriteString("\n")
		for _, f := range p.figs {
			what := ""
			if f.photo != nil {
				what = "photo " + f.photo.File
			} else {
				what = f.chart.Kind + " " + f.chart.Title.S
			}
			fmt.Fprintf(&b, "  %s: text columns %d-%d, lines %d-%d\n", what, f.slot, f.slot+f.j, f.top, f.top+f.lines)
		}
		var cols []string
		for c, n := range p.counts {
			if c == p.side {
				continue
			}
			cols = append(cols, fmt.Sprintf("%d", n))
		}
		chars := 0 // the text columns' measure (a side block of photos is no text column)
		for c := range p.slots {
			if c != p.side {
				chars = max(chars, p.slotChars(c))
			}
		}
		fmt.Fprintf(&b, "  text: %d columns of %d characters, lines per column %s, ends at line %d",
			len(cols), chars, strings.Join(cols, " "), p.end)
		if p.closeN > 0 {
			fmt.Fprintf(&b, ", closing box %d lines", p.closeN-closeGap)
		}
		if p.loose > 0 {
			fmt.Fprintf(&b, ", %d paragraphs set looser", p.loose)
		}
		if m.limit > p.used {
			fmt.Fprintf(&b, ", %d lines white under it", m.limit-p.used)
		}
		b.WriteString("\n")
	}
	return b.String()
}
