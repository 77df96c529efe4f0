package page

import (
	"math"
	"strings"
	"testing"
)

// Two columns of ten-character lines: the left runs to the foot, the right stops 40 pt short.
func TestFootHole(t *testing.T) {
	area := Box{X: 0, Y: 0, W: 210, H: 200}
	var p Page
	line := strings.Repeat("字", 10)
	for y := 10.0; y <= 200; y += 10 {
		p.Items = append(p.Items, Text{X: 0, Y: y - 1.2, Size: 10, S: line})
		if y <= 160 {
			p.Items = append(p.Items, Group{X: 110, Items: []Item{Text{X: 0, Y: y - 1.2, Size: 10, S: line}}})
		}
	}
	h := FootHole(p, area, 5, 30)
	if math.Abs(h.H-40) > 1e-9 || h.X < 95 || h.X > 115 || h.W < 95 {
		t.Errorf("hole %+v, want 40 pt deep under the right column", h)
	}
	// the white is the right column's 100 × 40 pt, the gutter between the columns none of it
	if math.Abs(h.White-4000) > 1e-6 {
		t.Errorf("white %.0f pt², want 4000", h.White)
	}
	// two columns stopping short by unequal depths: all of their white, not the deepest part
	var q Page
	for y := 10.0; y <= 200; y += 10 {
		if y <= 120 {
			q.Items = append(q.Items, Text{X: 0, Y: y - 1.2, Size: 10, S: line})
		}
		if y <= 160 {
			q.Items = append(q.Items, Text{X: 110, Y: y - 1.2, Size: 10, S: line})
		}
	}
	if h := FootHole(q, area, 5, 30); math.Abs(h.H-80) > 1e-9 || math.Abs(h.White-(80*100+40*100+40*10)) > 1e-6 {
		t.Errorf("hole %+v, want 80 pt deep and (80 + 40) × 100 + 40 × 10 pt² of white", h)
	}
	// strokes and rules do not fill; a filled box does
	p.Items = append(p.Items, Line{X1: 110, Y1: 199, X2: 210, Y2: 199, Width: 1}, Rect{X: 110, Y: 160, W: 100, H: 40, Fill: &Color{K: 0.1}})
	if h := FootHole(p, area, 5, 30); h.H > 1e-9 {
		t.Errorf("hole %+v under a tinted box", h)
	}
	if h := FootHole(Page{}, area, 5, 30); h.H != 200 || h.W != 210 || h.White != 200*210 {
		t.Errorf("an empty page's hole %+v, want the whole area", h)
	}
}

// TestFootHoleUnderAFigure: a hole whose top is a photo's foot (or its caption's, text smaller
// than the body) is under a figure, where more copy would not go; one under a column of body
// text is not.
func TestFootHoleUnderAFigure(t *testing.T) {
	area := Box{X: 0, Y: 0, W: 210, H: 200}
	line := strings.Repeat("字", 10)
	text := func(p *Page, x, to float64) {
		for y := 10.0; y <= to; y += 10 {
			p.Items = append(p.Items, Text{X: x, Y: y - 1.2, Size: 10, S: line})
		}
	}
	var p Page
	p.Body = 10
	text(&p, 110, 200)
	p.Items = append(p.Items, Image{X: 0, Y: 0, W: 100, H: 100}, Text{X: 0, Y: 108, Size: 8, S: "图片说明文字"})
	if h := FootHole(p, area, 5, 30); !h.UnderFigure || h.H < 90 {
		t.Errorf("hole %+v under a photo and its caption: want UnderFigure, about 92 pt deep", h)
	}
	var q Page
	q.Body = 10
	text(&q, 110, 200)
	text(&q, 0, 120)
	if h := FootHole(q, area, 5, 30); h.UnderFigure || math.Abs(h.H-80) > 1e-9 {
		t.Errorf("hole %+v under a column of text: want 80 pt deep, not UnderFigure", h)
	}
}
