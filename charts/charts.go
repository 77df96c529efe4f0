// Package charts draws the report's figures as vector graphics: go-chart renders through a
// chart.Renderer implemented here that records page items (paths and text in the page's own
// faces), so a chart is sharp at any zoom and its labels are searchable text.
//
// # Design
//
// go-chart lays out what it is good at: the bar geometry of column and bar charts (with a base
// value of 0 and an explicit range, so the smallest bar keeps its length and negative bars hang
// below the zero line) and the axes, ticks, grid lines and series of line charts. It draws into
// a recorder (recorder.go) at Scale internal units per point, because its coordinates are
// ints; the recorder divides back, turns arcs and quadratic curves into cubic Béziers, and maps
// every colour back to CMYK. go-chart only ever sees colours handed to it from the palette as
// private RGB keys; anything else it paints on its own (white background, canvas) is dropped,
// so a chart has no box and no background, only ink.
//
// Everything whose look go-chart gets wrong for a Chinese daily is drawn here with the same
// items: the heading (an accent block and the title in 黑体), value labels with their units and
// signed growth, category labels and titles wrapped between words (a kept word list, see
// typeset.WordLen) onto at most two balanced lines and measured through Faces, no chart text under
// 7 pt, and pies and donuts entirely (wedges as Béziers, a legend instead of
// labels around the rim, which go-chart overlaps).
//
// # Limits
//
//   - Text is never rotated: go-chart's rotated axis names are not used.
//   - More than six slices or series reuse the palette's colours.
//   - A category label or title that does not fit two lines even at 7 pt takes as many lines
//     as it needs: it is never cut, so a very long label in a narrow chart can crowd its
//     neighbours. Value labels too wide for their slot at 7 pt do the same.
//   - Words the kept list lacks break between any two characters, as names do.
//   - Negative numbers are written with the ASCII hyphen-minus (+4.5%, -3.2%): the embedded
//     黑体 has no U+2212.
package charts

import (
	"errors"
	"fmt"
	"math"

	"spread/page"
)

// The face roles used here; they equal the fonts package constants.
const (
	roleSong     = "song"
	roleSongBold = "songbold"
	roleHei      = "hei"
)

// Faces measures text in the page's own faces, in em (multiply by the size in points).
type Faces interface {
	Width(role, text string) float64
}

// Spec is one chart, as layout derives it from data.yaml.
type Spec struct {
	Kind   string // bar | column | donut | pie | line
	Title  string
	Unit   string // "%" for growth charts
	Growth bool   // values are growth rates: labels get a sign (+4.5%)
	Labels []string
	Values []float64
	Series []Series // line charts: one per figure
	Accent page.Color
}

// Series is one figure's history, for line charts.
type Series struct {
	Label  string
	Years  []int
	Values []float64
}

// Tile is a key figure shown big in the key-figures band.
type Tile struct {
	Label, Value, Unit, Note string
	Growth                   *float64
	GrowthText               string // the growth as the data writes it (5.0), printed so; "" formats Growth
	Accent                   page.Color
	// MaxSize, when above zero, is the most the big number is set at, so that the tiles of a
	// row can share one size (see DrawTileSize); a rate keeps its share of it
	MaxSize float64
	// GrowthBeside sets an amount's growth beside its unit, on the number's baseline, instead
	// of on a line under it: a row of low tiles gives its numbers the line (see DrawTileSize)
	GrowthBeside bool
}

// Draw renders s into the box (0,0)-(w,h), in points with y down.
func Draw(s Spec, w, h float64, f Faces) ([]page.Item, error) {
	if f == nil {
		return nil, errors.New("charts: no faces to measure text with")
	}
	if !(w > 0 && h > 0) || math.IsInf(w, 0) || math.IsInf(h, 0) {
		return nil, fmt.Errorf("charts: %q: box %gx%g pt is empty", s.Title, w, h)
	}
	c := newCanvas(s, w, h, f)
	var err error
	switch s.Kind {
	case "bar", "column":
		if err = checkValues(s); err == nil {
			err = c.bars(s.Kind == "bar")
		}
	case "pie", "donut":
		if err = checkValues(s); err == nil {
			err = c.pie(s.Kind == "donut")
		}
	case "line":
		if err = checkSeries(s); err == nil {
			err = c.lines()
		}
	default:
		err = fmt.Errorf("unknown kind %q (want bar, column, donut, pie or line)", s.Kind)
	}
	if err != nil {
		return nil, fmt.Errorf("chart %q: %w", s.Title, err)
	}
	return c.items, nil
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

func checkValues(s Spec) error {
	if len(s.Values) == 0 {
		return errors.New("no values")
	}
	if len(s.Labels) != len(s.Values) {
		return fmt.Errorf("%d labels for %d values", len(s.Labels), len(s.Values))
	}
	pie := s.Kind == "pie" || s.Kind == "donut"
	for i, v := range s.Values {
		if !finite(v) {
			return fmt.Errorf("value %d (%s) is not a number", i+1, s.Labels[i])
		}
		if pie && v <= 0 {
			return fmt.Errorf("a %s cannot show %s = %g: every value must be above 0", s.Kind, s.Labels[i], v)
		}
	}
	if pie && len(s.Values) == 1 && s.Unit == "%" && s.Values[0] > 100 {
		return fmt.Errorf("%s = %g%% is more than 100%% of the whole", s.Labels[0], s.Values[0])
	}
	return nil
}

func checkSeries(s Spec) error {
	if len(s.Series) == 0 {
		return errors.New("no series")
	}
	for _, se := range s.Series {
		if len(se.Years) == 0 {
			return fmt.Errorf("series %q has no history", se.Label)
		}
		if len(se.Years) != len(se.Values) {
			return fmt.Errorf("series %q: %d years for %d values", se.Label, len(se.Years), len(se.Values))
		}
		for i, v := range se.Values {
			if !finite(v) {
				return fmt.Errorf("series %q: value for %d is not a number", se.Label, se.Years[i])
			}
			if i > 0 && se.Years[i] <= se.Years[i-1] {
				return fmt.Errorf("series %q: years must increase (%d after %d)", se.Label, se.Years[i], se.Years[i-1])
			}
		}
	}
	return nil
}
