package layout

import (
	"math"

	"spread/fonts"
	"spread/page"
	"spread/report"
)

// A photo's frame keeps the photo's shape: the picture covers the frame and is centre-cropped
// by the clip (never re-encoded), and the crop takes at most cropBudget of its width or height,
// so a portrait stays a portrait and a panorama a panorama. A photo of unknown pixel size is
// taken as landscape between 4:3 and 16:9.
const (
	aspectMin  = 4.0 / 3
	aspectMax  = 16.0 / 9
	cropBudget = 1.0 / 3
	tightCrop  = 0.4 // the crop of top and foot when the text would not fit otherwise (grid.tight)
	minPPI     = 200 // print resolution floor: no photo is enlarged past it
)

// A crop keeps the photo's kind. A photo is a portrait below squareLow (width / height), a square
// up to squareHigh, a landscape up to panoramaMin, a panorama from there; a portrait is never
// shown wider than square, a landscape never narrower than square, a panorama never narrower
// than 2:1 (a square may go either way, between 4:5 and 5:4). Held to their kinds, frames
// also share a page better: a landscape cropped into a tall frame hogged its column.
const (
	squareLow, squareHigh = 0.93, 1.1
	squareTall            = 0.8 // the tallest frame a square is shown in (4:5), its widest 5:4
	panoramaMin           = 2.0
)

// frameAspects is the range of frame aspects (width / height) a photo may be shown in: from
// its tallest frame (the sides cropped by cropBudget) to its widest (top and foot cropped, by
// tightCrop when tight), each held to the photo's kind.
func frameAspects(p *report.Photo, tight bool) (tall, wide float64) {
	if p.PixelW <= 0 || p.PixelH <= 0 {
		return aspectMin, aspectMax
	}
	a := float64(p.PixelW) / float64(p.PixelH)
	tall, wide = a*(1-cropBudget), a/(1-cropBudget)
	if tight {
		wide = a / (1 - tightCrop)
	}
	switch {
	case a < squareLow:
		// a portrait stays taller than 4:5, unless the text would not fit otherwise
		wide = math.Min(wide, squareTall)
		if tight {
			wide = math.Min(a/(1-tightCrop), 1)
		}
	case a <= squareHigh: // a square may go either way, as far as a 4:5 portrait or a 5:4 landscape
		tall, wide = math.Max(tall, squareTall), math.Min(wide, 1/squareTall)
	case a < panoramaMin:
		tall = math.Max(tall, 1)
	default:
		// a panorama is already a strip: its top and foot are not cropped past the budget
		// for text that would not fit
		tall, wide = math.Max(tall, panoramaMin), math.Min(wide, a/(1-cropBudget))
	}
	return tall, wide
}

// maxFrame is the largest frame a photo may fill at minPPI. The cover crop scales the picture
// by the larger of w/PixelW and h/PixelH, so both sides are bounded by the pixels: the bound is
// hard, like the aspect range. A photo of unknown size is not bounded.
func maxFrame(p *report.Photo) (w, h float64) {
	if p.PixelW <= 0 || p.PixelH <= 0 {
		return math.Inf(1), math.Inf(1)
	}
	return float64(p.PixelW) * 72 / minPPI, float64(p.PixelH) * 72 / minPPI
}

// cover scales a picture of pw×ph pixels to cover the frame and centres it: the part outside
// the frame is clipped. A picture of unknown size fills the frame as is.
func cover(x, y, w, h float64, pw, ph int) (ix, iy, iw, ih float64) {
	if pw <= 0 || ph <= 0 {
		return x, y, w, h
	}
	s := math.Max(w/float64(pw), h/float64(ph))
	iw, ih = float64(pw)*s, float64(ph)*s
	return x + (w-iw)/2, y + (h-ih)/2, iw, ih
}

func photoImage(p *report.Photo, x, y, w, h float64) page.Image {
	ix, iy, iw, ih := cover(x, y, w, h, p.PixelW, p.PixelH)
	return page.Image{X: x, Y: y, W: w, H: h, IX: ix, IY: iy, IW: iw, IH: ih, Name: p.File, Source: p.Pos.String(),
		Format: p.Format, Data: p.Data, PixelW: p.PixelW, PixelH: p.PixelH}
}

// captionSize is 六号–小五 depending on the body.
func captionSize(body float64) float64 { return math.Max(liuHao, body-1) }

func creditSize(body float64) float64 { return math.Max(liuHao, captionSize(body)-1) }

// caption is the set caption of a photo at a width: Kai, ragged, the credit right-aligned on
// the last line when it fits there, else on a line of its own.
type caption struct {
	lines    []textLine
	credit   string
	creditW  float64 // pt
	ownLine  bool
	size, cs float64
}

func setCaption(k *kit, p *report.Photo, w, body float64) caption {
	c := caption{size: captionSize(body), cs: creditSize(body), credit: p.Credit.S}
	if p.Caption.S != "" {
		c.lines = k.lines(p.Caption.S, fonts.Kai, lineOpts{Measure: w / c.size, Ragged: true})
	}
	if c.credit != "" {
		cw := k.width(fonts.Song, c.credit) * c.cs
		c.creditW = cw
		last := 0.0
		if n := len(c.lines); n > 0 {
			last = c.lines[n-1].Width * c.size
		}
		c.ownLine = len(c.lines) == 0 || last+c.size+cw > w
	}
	return c
}

func (c caption) pitch() float64 { return c.size * 1.35 }

// height of the caption below the frame, including the gap above it.
func (c caption) height() float64 {
	n := len(c.lines)
	if c.ownLine {
		n++
	}
	if n == 0 {
		return 0
	}
	return 0.35*c.size + float64(n)*c.pitch()
}

// items draws the caption under a frame whose bottom is at y.
func (c caption) items(x, y, w float64) []page.Item {
	b := y + 0.35*c.size + c.size*0.95
	out := setText(c.lines, x, b, c.pitch(), fonts.Kai, c.size, page.Gray(1))
	if c.credit != "" {
		cb := b + float64(len(c.lines)-1)*c.pitch()
		if c.ownLine {
			cb = b + float64(len(c.lines))*c.pitch()
		}
		out = append(out, page.Text{X: x + w - c.creditW, Y: cb, Font: fonts.Song, Size: c.cs,
			Color: page.Gray(0.8), S: c.credit})
	}
	return out
}

// frameWidth is the width of a photo's frame in a block w points wide: w, or as wide as the
// photo's pixels fill at minPPI when that is narrower (the frame then stands in the middle of
// the block, white beside it, rather than print a small photo enlarged past the floor).
func frameWidth(p *report.Photo, w float64) float64 {
	mw, _ := maxFrame(p)
	return math.Min(w, mw)
}

// photoBlock draws a photo with its caption in a block of `lines` grid lines at (x, line), the
// frame as wide as frameWidth and centred in the block.
func photoBlock(k *kit, g grid, p *report.Photo, x, w float64, line, lines int) []page.Item {
	fw := frameWidth(p, w)
	room := 0.0
	if fw < w-1e-6 {
		room = w
	}
	x, w = x+(w-fw)/2, fw
	c := setCaption(k, p, w, g.body)
	fh := float64(lines)*g.lead - c.height() - 0.5*g.lead
	if fh < g.lead {
		fh = g.lead
	}
	y := g.y(line)
	im := photoImage(p, x, y, w, fh)
	im.Room = room
	return append([]page.Item{im}, c.items(x, y+fh, w)...)
}

// photoLines is the range of block heights (grid lines) that keeps a frame of width w within
// the photo's frame aspects (see frameAspects) and within its pixels at minPPI, under its
// caption. ok is false when the block is wider than the pixels allow (its frame is then
// narrower, see frameWidth) or no height keeps the aspects; hi is then at least lo.
func photoLines(k *kit, g grid, p *report.Photo, w float64) (lo, hi int, ok bool) {
	key := photoKey{p: p, w: w, body: g.body, lead: g.lead, tight: g.tight}
	r := k.photo.get(key, func() photoRange {
		lo, hi, ok := photoLinesAll(k, g, p, w)
		return photoRange{lo, hi, ok}
	})
	return r.lo, r.hi, r.ok
}

// photoKey is one photoLines request: a photo at a width on a grid of a body and pitch.
type photoKey struct {
	p             *report.Photo
	w, body, lead float64
	tight         bool
}

type photoRange struct {
	lo, hi int
	ok     bool
}

// photoLinesAll is photoLines without the memo.
func photoLinesAll(k *kit, g grid, p *report.Photo, w float64) (lo, hi int, ok bool) {
	mw, mh := maxFrame(p)
	ok = w <= mw+1e-6
	w = frameWidth(p, w)
	c := setCaption(k, p, w, g.body)
	extra := c.height() + 0.5*g.lead
	tall, wide := frameAspects(p, g.tight)
	lo = g.linesFor(w/wide + extra)
	hi = int(math.Floor((math.Min(w/tall, mh) + extra) / g.lead))
	if !ok || hi < lo {
		return lo, max(lo, hi), false
	}
	return lo, hi, true
}
