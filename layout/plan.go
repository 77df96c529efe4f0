package layout

import (
	"fmt"
	"strings"

	"spread/report"
)

// part is the piece of a module on one page: n grid columns from grid column col.
type part struct{ page, col, n int }

// module is one section's rectangle: its parts (one per page it covers), the grid lines from
// line0 (the head) to limit (exclusive), and what goes in it.
type module struct {
	sec     *report.Section
	parts   []part
	line0   int
	limit   int
	photos  []*report.Photo
	charts  []*report.Chart
	closing []report.Text
	stacked bool // in one of several rows of modules across the page (see planStack)
	row     int  // which row of its page, when stacked
	nest    int  // nestTop or nestUnder when stacked with a neighbour in one slot of its row (see placeRow)
	// strip, when above zero, is the grid line where the module begins in a strip across
	// the foot of the page before its own (parts[0]): its head and first lines there, the
	// rest threaded on from line0 of its other parts (see pullUp). A strip over a row of
	// its own page (stacked) has foot set too: its columns are filled to the page's foot
	// first, as a carried module's before the fold, and the row takes only the rest
	strip int
	// carry, when above zero, is the grid line where the text of a module that fills its
	// first part to the foot carries on in its other part, on the next page (see carryInto):
	// head and figures stay in the first part. foot is then the first part's last line + 1,
	// its page's foot, and limit that of the part carried on
	carry, foot int
}

// rowPage is the page of the module's last part: where it stands in a row of stacked
// modules (a module begun in a strip stands in its own part's row, not the strip's page).
func (m *module) rowPage() int { return m.parts[len(m.parts)-1].page }

// headLine is the grid line of the module's head.
func (m *module) headLine() int {
	if m.strip > 0 {
		return m.strip
	}
	return m.line0
}

// fig is a photo or chart placed at the top of text columns.
type fig struct {
	photo      *report.Photo
	chart      *report.Chart
	slot, j    int // first text column (module-wide index) and how many
	top, lines int
}

// modPlan is a module laid out.
type modPlan struct {
	m       *module
	cols    []columns // per part
	slots   []slot
	body    []bodyLine
	counts  []int
	figs    []fig
	end     int // where the text columns end (balanced)
	used    int // the module's last line + 1, closing included
	over    int
	figOver int // how many lines the figures run past the foot (part of over)
	ok      bool
	closing leadSet
	closeN  int
	area    float64
	white   float64 // empty character × line cells inside the module, holes weighted (holeCost)
	hole    float64 // empty cells above the module's last content line (beside or under blocks)
	foot    float64 // empty cells under all of the module's content, across its width
	score   float64 // the fill search's judgement: higher is fuller
	side    int     // the slot of the side block of stacked photos, or -1
	// jumpOut and jumpIn are, for a module begun in a strip or carried on (module.carry), the
	// last text column before the fold and the first column it carries on in (-1 otherwise):
	// each gives a line to the jump line 下转第N版 before the fold and 上接第N版 where the text
	// picks up (see items)
	jumpOut, jumpIn int
	sideEnd         int     // where the side block's photos end
	loose           int     // paragraphs set looser to fill the columns (see loosenToFill)
	measure         int     // the characters the body is set in: its narrowest text column
	excess          float64 // photo area beyond a moderate frame, and a chart's width past what it reads at, in character × line cells
	// headSize, when above zero, is the size of the section head, the one all heads of its
	// page share (see headSizes); zero sets the module's own (headFit)
	headSize float64
}

// figW is the width of a figure: the text columns it spans with their gutters.
func (p modPlan) figW(f fig) float64 {
	i := f.slot
	for _, c := range p.cols {
		if i < len(c.x) {
			return c.spanW(i, min(f.j, len(c.x)-i))
		}
		i -= len(c.x)
	}
	return 0
}

// footGap is the most grid lines a column of the module leaves white above its limit, the
// closing box under the text allowed for: under a column's last line of text, or under the
// figure at its top when no text runs below it, or under a side block's photos; the lines at a
// column's foot that end short (shortTail, 下转) count as white, as the eye and preflight
// see them. A strip's columns, and a carried module's before the fold, are measured to their
// own page's foot.
func (p modPlan) footGap() int {
	limit := p.m.limit - p.closeN
	gap := max(0, p.m.limit-p.used)
	if p.side >= 0 && len(p.figs) > 0 {
		gap = max(gap, limit-p.sideEnd) // under the side block's photos, beside the text
	}
	for c, s := range p.slots {
		if c == p.side {
			continue
		}
		bottom := s.start + p.counts[c] - p.shortTail(c)
		if p.counts[c] == 0 {
			bottom = s.start // the figure over it ends where the column would begin
		}
		if c == p.jumpOut {
			bottom-- // its last line is 下转, a few characters at the column's right
		}
		switch {
		case p.m.strip > 0 && p.jumpOut >= 0 && c <= p.jumpOut:
			// a strip's columns end at the foot of the page before (see module.foot)
			foot := p.m.limit
			if p.m.foot > 0 {
				foot = p.m.foot
			}
			gap = max(gap, foot-bottom)
		case p.m.carry > 0 && s.page == p.m.parts[0].page:
			gap = max(gap, p.m.foot-bottom) // a carried module's columns before the fold
		default:
			gap = max(gap, limit-bottom)
		}
	}
	return gap
}

// shortTail is how many of text column c's last lines end short, counted up from its last
// while they do: a paragraph's last line at least shortLine characters short of the measure.
// The white beside them reaches down to the column's foot as white under it does, and reads
// as a hole as deep (a one-line paragraph under another's last line is two lines of it).
func (p modPlan) shortTail(c int) int {
	end := 0
	for i := 0; i <= c && i < len(p.counts); i++ {
		end += p.counts[i]
	}
	n := 0
	for i := end - 1; i >= end-p.counts[c] && i >= 0 && i < len(p.body); i-- {
		l := p.body[i]
		if !l.last || l.Width > float64(p.measure-shortLine) {
			break
		}
		n++
	}
	return n
}

// shortLine is how many characters short of its measure a line ends for the white beside it to
// read as a hole (preflight's least width of one).
const shortLine = 3

// slot is the set of columns that text column (or side block) i, counted across all parts,
// belongs to; the zero columns when there is no such column.
func (p modPlan) slot(i int) columns {
	for _, c := range p.cols {
		if i < len(c.x) {
			return c
		}
		i -= len(c.x)
	}
	return columns{}
}

// colW is the width of text column (or side block) i in points.
func (p modPlan) colW(i int) float64 { return p.slot(i).w }

// slotChars is the width of text column (or side block) i in characters.
func (p modPlan) slotChars(i int) int { return p.slot(i).chars }

// totalChars is the width of all the module's columns in characters.
func (p modPlan) totalChars() int {
	n := 0
	for _, c := range p.cols {
		n += c.chars * len(c.x)
	}
	return n
}

// colChars is the module's width in characters, to weigh its white.
func (p modPlan) colChars() int {
	n := 0
	for _, c := range p.cols {
		n += c.chars * len(c.x)
	}
	return max(1, n/max(1, len(p.slots)))
}

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
		if m.carry > 0 {
			fmt.Fprintf(&b, "section %s: %s, lines %d-%d, carried on at lines %d-%d", name, strings.Join(parts, " + "), m.line0, m.foot, m.carry, m.limit)
		} else {
			fmt.Fprintf(&b, "section %s: %s, lines %d-%d", name, strings.Join(parts, " + "), m.line0, m.limit)
		}
		if m.stacked {
			fmt.Fprintf(&b, ", row %d", m.row+1)
		}
		switch m.nest {
		case nestTop:
			b.WriteString(", over the next in one slot")
		case nestUnder:
			b.WriteString(", under the one before in one slot")
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
