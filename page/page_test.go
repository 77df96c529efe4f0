package page

import (
	"math"
	"testing"
)

func TestColor(t *testing.T) {
	for _, c := range []struct {
		c       Color
		ink     float64
		r, g, b float64
	}{
		{Gray(1), 100, 0, 0, 0},
		{Color{}, 0, 1, 1, 1},
		{Color{M: 1, Y: 1, K: 0.1}, 210, 0.9, 0, 0},
		{Color{C: 1, M: 0.6, K: 0.1}, 170, 0, 0.36, 0.9},
	} {
		if got := c.c.Ink(); math.Abs(got-c.ink) > 1e-9 {
			t.Errorf("%+v.Ink() = %g, want %g", c.c, got, c.ink)
		}
		r, g, b := c.c.RGB()
		if math.Abs(r-c.r) > 1e-9 || math.Abs(g-c.g) > 1e-9 || math.Abs(b-c.b) > 1e-9 {
			t.Errorf("%+v.RGB() = %g %g %g, want %g %g %g", c.c, r, g, b, c.r, c.g, c.b)
		}
	}
	if MM*25.4 != 72 {
		t.Errorf("25.4 mm = %g pt, want 72", MM*25.4)
	}
}

func TestFinite(t *testing.T) {
	nan := math.NaN()
	for _, c := range []struct {
		it   Item
		want bool
	}{
		{Text{X: 1, Y: 2, Size: 9}, true},
		{Text{X: nan, Size: 9}, false},
		{Rect{W: math.Inf(1)}, false},
		{Line{X2: 3, Width: 0.5}, true},
		{Path{Ops: []PathOp{{Kind: LineTo, Pts: [3]Point{{X: nan}}}}}, false},
		{Image{IW: math.Inf(-1)}, false},
	} {
		if got := Finite(c.it); got != c.want {
			t.Errorf("Finite(%#v) = %v", c.it, got)
		}
	}
}
