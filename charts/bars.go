package charts

import (
	"bytes"
	"fmt"
	"math"

	chart "github.com/wcharczuk/go-chart/v2"

	"spread/page"
)

// valueRange is the value axis of a bar chart: it always includes 0, so every bar starts at
// the zero line and the smallest bar keeps its length (go-chart would start at the minimum).
func valueRange(vs []float64) (lo, hi float64) {
	for _, v := range vs {
		lo, hi = math.Min(lo, v), math.Max(hi, v)
	}
	if hi == lo {
		hi = lo + 1
	}
	return lo, hi
}

// barLabels returns the value labels and the heading note: the unit goes on every label when
// all labels fit within maxW, and otherwise once into the heading as 单位：….
func (c *canvas) barLabels(maxW float64) (labels []string, size float64, note string) {
	unit := c.s.Unit
	for _, withUnit := range []bool{true, false} {
		u := ""
		if withUnit || c.s.Growth && unit == "%" {
			u = unit
		}
		for size = labelSize; size >= minText; size -= 0.5 {
			labels = labels[:0]
			fits := true
			for _, v := range c.s.Values {
				l := valueLabel(v, u, c.s.Growth)
				labels = append(labels, l)
				fits = fits && c.width(roleHei, l, size) <= maxW
			}
			if fits {
				if u == "" && unit != "" {
					note = "单位：" + unit
				}
				return labels, size, note
			}
		}
	}
	return labels, minText, note
}

func (c *canvas) barStyle(k *inks, i int) chart.Style {
	col := c.p.accent
	if c.s.Values[i] < 0 {
		col = c.p.mid
	}
	return chart.Style{FillColor: k.key(col), StrokeColor: none, StrokeWidth: 1, ClassName: barClass(i)}
}

func barClass(i int) string { return fmt.Sprintf("bar%d", i) }

// render runs go-chart's bar chart of the values into a recorder and keeps its items. Sizes are
// in internal units (points × scale); the bars rise from 0 over the value range lo..hi, so the
// smallest bar keeps its length and negative bars hang below the zero line.
func (c *canvas) render(k *inks, rec *recorder, w, h int, pad chart.Box, barWidth, spacing int, lo, hi float64) error {
	pad.IsSet = true
	bc := chart.BarChart{
		Width: w, Height: h, DPI: 72 * scale,
		Background: chart.Style{Padding: pad},
		BarWidth:   barWidth, BarSpacing: spacing,
		UseBaseValue: true, BaseValue: 0,
		XAxis: chart.Hidden(),
		YAxis: chart.YAxis{Style: chart.Hidden(), Range: &chart.ContinuousRange{Min: lo, Max: hi}},
	}
	for i, v := range c.s.Values {
		bc.Bars = append(bc.Bars, chart.Value{Value: v, Style: c.barStyle(k, i)})
	}
	var sink bytes.Buffer
	if err := bc.Render(rec.provider, &sink); err != nil {
		return fmt.Errorf("go-chart: %w", err)
	}
	c.items = append(c.items, rec.items...)
	return nil
}

// bars draws a column chart, or with horizontal a bar chart: go-chart's column chart turned
// sideways by the recorder's transform.
func (c *canvas) bars(horizontal bool) error {
	if horizontal {
		return c.hbars()
	}
	n := len(c.s.Values)
	const margin = 2.0
	slot := (c.w - 2*margin) / float64(n)
	labels, vsize, note := c.barLabels(slot - 1)
	top := c.heading(note)

	cats := make([][]string, n)
	csize, maxLines := labelSize*1.0, 1
	for i, l := range c.s.Labels {
		lines, s := fitLabel(c.f, roleSong, l, labelSize, slot-2)
		cats[i], csize, maxLines = lines, math.Min(csize, s), max(maxLines, len(lines))
	}
	lead := csize * 1.25
	lo, hi := valueRange(c.s.Values)
	plotTop := top
	if hi > 0 {
		plotTop += vsize * 1.3
	}
	catTop := c.h - float64(maxLines)*lead
	plotBottom := catTop - gap
	if lo < 0 {
		plotBottom -= vsize * 1.3
	}
	if plotBottom-plotTop < 10 {
		return fmt.Errorf("a %gx%g pt box leaves no room for the columns", c.w, c.h)
	}

	k := &inks{}
	rec := newRecorder(k, c.f, func(x, y float64) page.Point { return page.Point{X: x / scale, Y: y / scale} })
	bw := int(slot * scale * 0.56)
	pad := chart.Box{Top: int(plotTop * scale), Bottom: int((c.h - plotBottom) * scale),
		Left: int(margin * scale), Right: int(margin * scale)}
	if err := c.render(k, rec, int(c.w*scale), int(c.h*scale), pad, bw, int(slot*scale)-bw, lo, hi); err != nil {
		return err
	}

	zero := plotBottom - (0-lo)/(hi-lo)*(plotBottom-plotTop)
	c.line(0, zero, c.w, zero, 0.5, c.p.axis)
	for i, v := range c.s.Values {
		b, ok := rec.boxes[barClass(i)]
		if !ok { // go-chart drew no bar: place by the slot
			x := margin + (float64(i)+0.5)*slot
			b = box{x, zero, x, zero}
		}
		cx := (b.x0 + b.x1) / 2
		lw := c.width(roleHei, labels[i], vsize)
		y := b.y0 - gap
		if v < 0 {
			y = b.y1 + gap + vsize*0.85
		}
		c.text(cx-lw/2, y, roleHei, vsize, c.p.text, labels[i])
		for j, l := range cats[i] {
			cw := c.width(roleSong, l, csize)
			c.text(cx-cw/2, catTop+csize*0.88+float64(j)*lead, roleSong, csize, c.p.text, l)
		}
	}
	return nil
}

func (c *canvas) hbars() error {
	n := len(c.s.Values)
	labels, vsize, note := c.barLabels(c.w * 0.3)
	top := c.heading(note)
	rowH := (c.h - top) / float64(n)
	if rowH < 8 {
		return fmt.Errorf("a %gx%g pt box leaves no room for %d bars", c.w, c.h, n)
	}

	labelCol := 0.0
	for _, l := range c.s.Labels {
		labelCol = math.Max(labelCol, c.width(roleSong, l, labelSize))
	}
	labelCol = math.Min(labelCol, c.w*0.32)
	cats := make([][]string, n)
	csize := labelSize * 1.0
	for i, l := range c.s.Labels {
		lines, s := fitLabel(c.f, roleSong, l, labelSize, labelCol)
		cats[i], csize = lines, math.Min(csize, s)
	}
	var posW, negW float64
	for i, v := range c.s.Values {
		lw := c.width(roleHei, labels[i], vsize)
		if v < 0 {
			negW = math.Max(negW, lw)
		} else {
			posW = math.Max(posW, lw)
		}
	}
	plotLeft := labelCol + 2*gap
	if negW > 0 {
		plotLeft += negW + gap
	}
	plotRight := c.w - posW - gap
	if plotRight-plotLeft < 10 {
		return fmt.Errorf("a %gx%g pt box leaves no room for the bars", c.w, c.h)
	}
	lo, hi := valueRange(c.s.Values)

	// go-chart draws columns in a box h wide and w high; the transform turns its x into our y
	// and its upward y into our x, so columns become bars growing to the right.
	k := &inks{}
	rec := newRecorder(k, c.f, func(x, y float64) page.Point {
		return page.Point{X: c.w - y/scale, Y: x / scale}
	})
	thick := math.Min(rowH*0.6, 14)
	// go-chart draws columns: the recorder turns its canvas (c.h wide, c.w tall) sideways.
	bw := int(thick * scale)
	pad := chart.Box{Top: int((c.w - plotRight) * scale), Bottom: int(plotLeft * scale), Left: int(top * scale)}
	if err := c.render(k, rec, int(c.h*scale), int(c.w*scale), pad, bw, int(rowH*scale)-bw, lo, hi); err != nil {
		return err
	}

	zero := plotLeft + (0-lo)/(hi-lo)*(plotRight-plotLeft)
	c.line(zero, top, zero, c.h, 0.5, c.p.axis)
	for i, v := range c.s.Values {
		b, ok := rec.boxes[barClass(i)]
		if !ok {
			y := top + (float64(i)+0.5)*rowH
			b = box{zero, y, zero, y}
		}
		cy := (b.y0 + b.y1) / 2
		lw := c.width(roleHei, labels[i], vsize)
		x := b.x1 + gap
		if v < 0 {
			x = b.x0 - gap - lw
		}
		c.text(x, cy+vsize*0.36, roleHei, vsize, c.p.text, labels[i])
		lead := csize * 1.2
		for j, l := range cats[i] {
			cw := c.width(roleSong, l, csize)
			y := cy + csize*0.36 + (float64(j)-float64(len(cats[i])-1)/2)*lead
			c.text(labelCol-cw, y, roleSong, csize, c.p.text, l)
		}
	}
	return nil
}
