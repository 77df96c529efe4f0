package charts

import (
	"bytes"
	"fmt"
	"math"
	"sort"
	"strconv"

	chart "github.com/wcharczuk/go-chart/v2"

	"spread/page"
)

// niceTicks returns about n round tick values covering lo..hi (steps of 1, 2, 2.5 or 5 × 10ᵏ).
func niceTicks(lo, hi float64, n int) []float64 {
	if hi <= lo {
		hi = lo + 1
	}
	raw := (hi - lo) / float64(n)
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	step := mag * 10
	for _, m := range []float64{1, 2, 2.5, 5, 10} {
		if m*mag >= raw {
			step = m * mag
			break
		}
	}
	var t []float64
	for v := math.Floor(lo/step) * step; v <= hi+step*1e-9 && len(t) < 50; v += step {
		t = append(t, math.Round(v/step)*step)
	}
	if t[len(t)-1] < hi {
		t = append(t, t[len(t)-1]+step)
	}
	return t
}

func seriesClass(i int) string { return "series" + strconv.Itoa(i) }

// lines draws one line per series over the years: go-chart lays out the axes (years below,
// values at the left with thin grid lines) and the lines with their dots; the value labels
// and the legend are set here.
func (c *canvas) lines() error {
	note := ""
	if c.s.Unit != "" && !(c.s.Growth && c.s.Unit == "%") {
		note = "单位：" + c.s.Unit
	}
	top := c.heading(note)
	multi := len(c.s.Series) > 1

	// Legend: a short stroke of each series' colour and its label, in a row.
	if multi {
		x, size := 0.0, tickSize+0.5
		for i, s := range c.s.Series {
			lw := c.width(roleSong, s.Label, size)
			if x > 0 && x+14+lw > c.w {
				x, top = 0, top+size*1.5
			}
			c.rect(x, top+size*0.5-0.75, 10, 1.5, c.p.series(i))
			c.text(x+13, top+size*0.88, roleSong, size, c.p.text, s.Label)
			x += 13 + lw + 2*gap
		}
		top += size * 1.6
	}

	ymin, ymax := math.Inf(1), math.Inf(-1)
	yr0, yr1 := math.MaxInt, math.MinInt
	for _, s := range c.s.Series {
		for i, v := range s.Values {
			ymin, ymax = math.Min(ymin, v), math.Max(ymax, v)
			yr0, yr1 = min(yr0, s.Years[i]), max(yr1, s.Years[i])
		}
	}
	vsize := tickSize + 0.5
	// as many grid lines as the plot's height holds their labels apart (four at most): a low
	// band's chart printed 0, 50, 100 and 150 on top of each other
	steps := 4
	if plotH := c.h - top - 1.5*vsize - 2*tickSize; plotH < 4*tickStep*tickSize {
		steps = max(1, int(plotH/(tickStep*tickSize)))
	}
	ticks := niceTicks(ymin, ymax, steps)
	// A point on the lowest grid line would have its label on the axis, and a lowest point
	// labelled under itself (a trough) closer to the axis than its label is tall would have it
	// on the years: one more step below, unless that goes under a zero the values do not (the
	// label then goes over the point, see below).
	troughAbove := false
	if len(ticks) > 1 {
		step := ticks[1] - ticks[0]
		room := 0.15 * step
		below := lowLabelBelow(c.s.Series, ymin, multi)
		// the plot's height: the box less the heading, go-chart's top padding and the years
		if plotH := c.h - top - 1.5*vsize - 2*tickSize; below && plotH > 0 {
			room = max(room, (gap+1+vsize)/plotH*(ticks[len(ticks)-1]-ticks[0]+step))
		}
		if ymin-ticks[0] < room {
			if !(ymin >= 0 && ticks[0]-step < 0) {
				ticks = append([]float64{ticks[0] - step}, ticks...)
			} else {
				troughAbove = below
			}
		}
	}

	k := &inks{}
	rec := newRecorder(k, c.f, func(x, y float64) page.Point { return page.Point{X: x / scale, Y: y / scale} })
	axisText := k.key(c.p.axis)
	var yt, xt []chart.Tick
	var grid []chart.GridLine
	for _, t := range ticks {
		yt = append(yt, chart.Tick{Value: t, Label: number(t)})
		grid = append(grid, chart.GridLine{Value: t})
	}
	years := yr1 - yr0
	every := 1
	for every*8 < years+1 {
		every++
	}
	suffix := "年"
	if c.width(roleSong, "2020年", tickSize)*float64((years/every)+1) > c.w*0.8 {
		suffix = ""
	}
	pad := 0.5
	if years == 0 {
		pad = 1
	}
	// go-chart spans the x range over the ticks, ignoring XAxis.Range: unlabelled ticks half a
	// year beyond the ends keep the first and last points (and their labels) off the edges.
	xt = append(xt, chart.Tick{Value: float64(yr0) - pad})
	for y := yr0; y <= yr1; y += every {
		xt = append(xt, chart.Tick{Value: float64(y), Label: strconv.Itoa(y) + suffix})
	}
	xt = append(xt, chart.Tick{Value: float64(yr1) + pad})
	lc := chart.Chart{
		Width: int(c.w * scale), Height: int(c.h * scale), DPI: 72 * scale,
		Background: chart.Style{Padding: chart.Box{IsSet: true,
			Top: int((top + vsize*1.5) * scale), Left: 1, Right: int(c.width(roleSong, xt[len(xt)-2].Label, tickSize) / 2 * scale), Bottom: int(math.Floor(tickSize * 0.15 * scale))}}, // room for the descent below go-chart's baseline,
		XAxis: chart.XAxis{
			Style: chart.Style{StrokeColor: k.key(c.p.axis), StrokeWidth: 0.5 * scale, FontSize: tickSize, FontColor: axisText},
			Ticks: xt, Range: &chart.ContinuousRange{Min: float64(yr0) - pad, Max: float64(yr1) + pad},
		},
		// go-chart checks the primary axis's range even when no series uses it.
		// go-chart checks the primary axis's range even when no series uses it, and takes the
		// secondary axis's extent from the primary's ticks.
		YAxis: chart.YAxis{Style: chart.Hidden(), Ticks: yt, Range: &chart.ContinuousRange{Min: ticks[0], Max: ticks[len(ticks)-1]}},
		YAxisSecondary: chart.YAxis{
			Style:          chart.Style{StrokeColor: none, StrokeWidth: 1, FontSize: tickSize, FontColor: axisText},
			Ticks:          yt,
			GridLines:      grid,
			GridMajorStyle: chart.Style{StrokeColor: k.key(c.p.grid), StrokeWidth: 0.3 * scale},
			GridMinorStyle: chart.Style{StrokeColor: k.key(c.p.grid), StrokeWidth: 0.3 * scale},
			Range:          &chart.ContinuousRange{Min: ticks[0], Max: ticks[len(ticks)-1]},
		},
	}
	for i, s := range c.s.Series {
		xs := make([]float64, len(s.Years))
		for j, y := range s.Years {
			xs[j] = float64(y)
		}
		col := k.key(c.p.series(i))
		lc.Series = append(lc.Series, chart.ContinuousSeries{
			Name: s.Label, XValues: xs, YValues: s.Values, YAxis: chart.YAxisSecondary,
			Style: chart.Style{ClassName: seriesClass(i), StrokeColor: col, StrokeWidth: 1.5 * scale,
				DotColor: col, DotWidth: 1.8 * scale},
		})
	}
	var sink bytes.Buffer
	if err := lc.Render(rec.provider, &sink); err != nil {
		return fmt.Errorf("go-chart: %w", err)
	}
	c.items = append(c.items, rec.items...)

	// Value labels above the points: every point of a single series, the last point of each
	// when there are several (labels of crossing lines would collide). Of the last points'
	// labels, taken from the highest point down, one that would overlap a label above it goes
	// under its own point.
	type label struct {
		x, y, w, py float64
		s           string
	}
	var labels []label
	for i, s := range c.s.Series {
		pts := rec.first[seriesClass(i)]
		if len(pts) != len(s.Values) {
			continue
		}
		for j, v := range s.Values {
			if multi && j != len(s.Values)-1 {
				continue
			}
			l := valueLabel(v, "", c.s.Growth)
			if c.s.Growth && c.s.Unit == "%" {
				l += "%"
			}
			lw := c.width(roleHei, l, vsize)
			x := math.Max(0, math.Min(c.w-lw, pts[j].X-lw/2))
			// Above the dot, unless the point is a trough (its line leaves upwards on both
			// sides and would run through the label).
			y := pts[j].Y - gap - 1
			if trough(s.Values, j) && !(troughAbove && v == ymin) {
				y = pts[j].Y + gap + 1 + vsize*0.88
			}
			labels = append(labels, label{x, y, lw, pts[j].Y, l})
		}
	}
	if multi {
		sort.SliceStable(labels, func(a, b int) bool { return labels[a].py < labels[b].py })
		for i := range labels {
			for _, e := range labels[:i] {
				if l := &labels[i]; l.x < e.x+e.w && e.x < l.x+l.w && math.Abs(l.y-e.y) < vsize {
					l.y = l.py + gap + 1 + vsize*0.88
				}
			}
		}
	}
	for _, l := range labels {
		c.text(l.x, l.y, roleHei, vsize, c.p.text, l.s)
	}
	return nil
}

// tickStep is the least space between a line chart's grid lines, in tick-label heights.
const tickStep = 1.8

// trough reports whether point j of vs is lower than its neighbours: its line leaves upwards on
// both sides (or its one side), so its value label goes under it.
func trough(vs []float64, j int) bool {
	return (j == 0 || vs[j] < vs[j-1]) && (j == len(vs)-1 || vs[j] < vs[j+1])
}

// lowLabelBelow reports whether a point at the lowest value ymin is labelled under itself: every
// point of a single series is labelled, only the last of each when there are several.
func lowLabelBelow(series []Series, ymin float64, multi bool) bool {
	for _, s := range series {
		for j, v := range s.Values {
			if v == ymin && (!multi || j == len(s.Values)-1) && trough(s.Values, j) {
				return true
			}
		}
	}
	return false
}
