package page

import (
	"fmt"
	"math"
)

// Print geometry, shared by every writer of a print page (the PDF and its picture): crop marks
// start MarkGap beyond the bleed (never nearer than 3 mm to the trim) and are MarkLen long, in
// rules MarkWidth wide; the media box leaves SlugRoom beyond the marks; the slug line is set at
// SlugSize. All in points.
const (
	MarkGap   = 2 * MM
	MarkLen   = 10 * MM
	MarkWidth = 0.25
	SlugRoom  = 2 * MM
	SlugSize  = 6.0
)

// Registration is the colour of marks and slug: full ink on every plate. It is not an ink a
// document item may use (400 %); only the writers of marks draw in it.
var Registration = Color{1, 1, 1, 1}

// MarkOffset is the distance from the trim to the start of a crop mark.
func MarkOffset(bleed float64) float64 { return math.Max(3*MM, bleed+MarkGap) }

// Margin is the distance from the trim to the media edge: the bleed, and room for the marks
// and slug when they are drawn; 0 for a screen document (p == nil).
func (p *Print) Margin() float64 {
	switch {
	case p == nil:
		return 0
	case p.Marks:
		return MarkOffset(p.Bleed) + MarkLen + SlugRoom
	}
	return p.Bleed
}

// CropMarks are the eight rules at the trim corners of a page of trim size w×h, in trim
// coordinates (they lie outside the trim, so negative or beyond w and h), in Registration.
func (p *Print) CropMarks(w, h float64) []Line {
	off := MarkOffset(p.Bleed)
	var out []Line
	for _, c := range [][4]float64{{0, 0, -1, -1}, {w, 0, 1, -1}, {0, h, -1, 1}, {w, h, 1, 1}} {
		cx, cy, sx, sy := c[0], c[1], c[2], c[3]
		out = append(out,
			Line{X1: cx + sx*off, Y1: cy, X2: cx + sx*(off+MarkLen), Y2: cy, Width: MarkWidth, Color: Registration},
			Line{X1: cx, Y1: cy + sy*off, X2: cx, Y2: cy + sy*(off+MarkLen), Width: MarkWidth, Color: Registration})
	}
	return out
}

// SlugLine is the slug of page i (0-based) of n, below the bleed of a page h high, set in the
// face role (Registration; the writer paints it).
func (p *Print) SlugLine(i, n int, h float64, role string) Text {
	return Text{X: MarkLen, Y: h + MarkOffset(p.Bleed) + 4*MM, Font: role, Size: SlugSize, Color: Registration,
		S: p.SlugText(i, n)}
}

// SlugText is what the slug line of page i (0-based) of n says.
func (p *Print) SlugText(i, n int) string {
	return fmt.Sprintf("%s  第%d页 / 共%d页", p.Slug, i+1, n)
}
