// Package typeset breaks a paragraph of Chinese (and mixed Latin) text into justified lines by the
// rules of W3C clreq and GB/T 15834. It is a pure function of the text, the measure and the
// advance widths; it knows nothing of PDF.
//
// All lengths here are in em of the text's size; the caller multiplies by the size in points.
//
// # Model
//
// The text is cut into atoms, the units that never break: one Han character, one punctuation
// mark, a Latin word, a number with its sign, decimal point, thousands commas and a following %
// (352.34, -3.2, 1,000, 4.5%), a —— or …… (however many dashes or dots in a row), a run of spaces.
// Between two atoms on one line sits a gap: ¼ em between a Han character and a Latin word or
// number (it may shrink to ⅛ em), nothing otherwise; every gap but the one before a space takes
// an equal share of the justification stretch, so numbers and words are never letter-spaced.
//
// Punctuation follows the glyphs of Chinese (SC) fonts: a full-width mark (advance ≥ ¾ em) has
// its ink in one half of its em box, closing marks and the 点号 、，。：；！？ in the left half,
// opening marks in the right half. Compressing a mark removes its blank half: after a closing
// mark the next glyph starts earlier; an opening mark is itself drawn earlier. Every line gets,
// set solid: two adjacent full-width marks take 1.5 em (。” ，“ ）。 ”，; not an opening followed
// by a closing mark, whose inks face each other), and a closing mark at the line end takes ½ em
// (！？ excepted: they are compressed only as a last resort). When a line is too long it is
// squeezed (先挤进) in this order: an opening mark at the line start loses its leading ½ em,
// Han–Latin spacing goes down to ⅛ em, closing marks inside the line go to ½ em, then ！？ and
// inner opening marks; compression of a class may be partial and is shared evenly.
//
// # Breaking
//
// Break points are chosen for the whole paragraph at once (total fit, as Knuth and Plass): a
// dynamic programme over the breaks between atoms, each line scored (1+badness)², badness being
// 100·(stretch per gap / ¼ em)³ for a loose justified line (capped at TeX's "infinitely bad"
// 10⁴, as is a lone unit that cannot fill its line) and 3·(em compressed, weighted 1 for the
// line-start mark and Han–Latin spacing, 2 for closing marks, 4 for the last resorts) for a
// squeezed one: squeezing half an em out of a comma costs less than spreading a 13-em line by
// a character, so squeezing comes first (先挤进) and pushing down second (后推出). Because the
// choice is global, the lines before an unbreakable number share its excess instead of one
// line taking it all. Each line's cost is found in constant time from prefix sums, and the
// look-back from a break stops when even a fully squeezed line would exceed the measure, so the
// work is linear in the text (about Measure/½ em candidates per break, at most 4096). Extra
// demerits: a last line of a single Han character, 孤字 (3000, so the lines above pull one more
// down when that costs less); the last resorts, each dearer than any sum of ordinary lines: a
// justified line spread by more than 0.15 em per gap, or a lone unit short of its measure
// (10¹¹, the body's rule), a break between a number and its unit or classifier, 194.34亿|元 or
// 41|条 (10⁹, cheaper than a loose line: the kept list and how a unit is read are in units.go;
// Line.Torn marks such a break), a break inside a unit longer than the measure (10¹⁵), a break
// against the prohibitions (10¹⁷),
// a single unit wider than the measure on its own line. The last line is set solid and
// start-aligned; ragged lines are set solid and scored by their shortfall².
//
// Prohibitions (a banned break is used only when there is no other way, e.g. a row of commas
// longer than the measure):
//   - Basic (default; brief §3): no line starts with a closing mark, a 点号 、，。：；！？‼⁇
//     (and their ASCII forms), a connector – ～ - / ／ or single —, an interpunct · ・ ‧; no line
//     ends with an opening mark “‘「『（【〔〖［｛《〈; ——, ……, numbers and words never split.
//   - GB: also no line ends with a connector or interpunct (they bind both neighbours).
//   - Strict: also no line starts with —— or ……, an iteration mark 々〻〃ゝゞヽヾ, ー, or a unit
//     sign ℃ ‰ ° ′ ″ %.
//
// Prepare cuts a text into units once; Prepared.Lines breaks it at a measure, as often and on
// as many goroutines as wanted (a layout that tries a paragraph at several widths pays for
// the cutting once). Paragraph is the two in one.
//
// # Output
//
// A Line's Runs carry every character of the line in order; a new Run starts wherever the
// distance to the next glyph is not the run's uniform spacing (Han–Latin spacing, a compressed
// mark), and a number, word or —— starts its own run (Spacing 0) inside a stretched line.
// Run.Spacing is added after each character of the run (PDF Tc). Line.Width is where the line's
// set width ends: X of the last run plus its advances plus Spacing·(n−1), minus what a closing
// mark at the line end gave up (normally its blank half, which then hangs invisibly past the
// measure); a justified line's Width is exactly the measure, the first line's indent included.
// Start and End are rune offsets: the runes text[Start:End] are exactly the runs' text. Between
// two lines only a break space or a \n is dropped. \n is a forced break (the line before it is
// set like a last line); an empty text gives no lines, an empty segment between two \n an
// empty Line. Width(text) is the width Paragraph gives text on one solid line, so a text with
// Width ≤ Measure is set on one line.
//
// # Measured
//
// The seed report's 16 body paragraphs (2,562 characters) in 13-em columns with a 2-em indent,
// with a face of 1-em Han and ½-em Latin: 183 justified lines, mean stretch 0.014 em per gap,
// the loosest 0.111 em, 16 lines squeezed, no number parted from its unit; about 0.6–0.8 ms
// and 470 kB per run on the shared 2-core machine (BenchmarkSeed). Over the 26 reports that
// build (the seed and the acceptance reports), both PDFs of each, audit.py counts numbers torn
// from their units 119 → 2 (the two where keeping them would spread a body line past 0.15 em)
// and lines past 0.15 em 1 → 0 since units are kept and loose lines are a last resort.
//
// # Limits
//
//   - Full-width marks are recognised by their advance, the blank half is assumed to be half the
//     advance; a face whose ：；！？ are centred (TC fonts) gets them compressed all the same.
//   - No kerning, no hyphenation of Latin words: a word longer than the measure is cut between
//     characters (and the pieces letter-spaced to the measure) only when nothing else is possible;
//     a single character wider than the measure sits alone on an overfull line.
//   - One line holds at most 4096 atoms; a non-finite measure sets each segment ragged; nil
//     metrics fall back to 1 em for wide characters and ½ em for the rest.
//   - Between units the stretch is even; it is not withheld from the gaps around punctuation,
//     and the Han–Latin spacing may grow past ½ em on a very loose line.
//   - Even spreads every line, the last too; Even wins over Ragged.
//   - Only the line-start opening mark is hung into the margin, nothing hangs past the line end.
//   - Vertical text, ruby, emphasis dots and bidi text are out of scope.
package typeset

import "math"

// Metrics gives advance widths in em; *fonts.Face satisfies it.
type Metrics interface{ Advance(r rune) float64 }

// Level selects how strict the line-start and line-end prohibitions are.
type Level int

// The prohibition levels; see the package documentation.
const (
	Basic Level = iota
	GB
	Strict
)

// Options say how a paragraph is set.
type Options struct {
	Measure float64 // line length in em
	Indent  float64 // first-line indent in em (2 for body text, 0 for captions)
	Level   Level
	Ragged  bool // start-aligned lines, not justified (headings, captions, folio)
	Even    bool // 均排: spread every line, the last too, evenly over the measure (names)
	// Words makes a break inside a listed word (WordLen: terms, set phrases, 只争朝夕) cost
	// about what a line spread by 0.13 em does, so that texts read as blocks (a lead or
	// closing box) break between words where that is nearly as tight. Body text breaks
	// between any two characters, as Chinese does.
	Words bool
	// Fewer sets the paragraph in as few lines as the compressions of its marks allow (a
	// page editor's 缩行, to take a widow off a column top), the best of those breaks: no
	// line is spread loose nor a number parted from its unit to save one.
	Fewer bool
}

// Run is a piece of a line drawn with one text operation.
type Run struct {
	X       float64 // from the line start, em
	Text    string
	Spacing float64 // added after each character (PDF Tc), em
}

// Line is one set line.
type Line struct {
	Runs       []Run
	Width      float64 // em, from the line start (an indent included)
	Start, End int     // rune offsets in the text
	Torn       bool    // the break after the line parts a number from its unit (194.34亿|元)
}

// fallback measures when no metrics are given: 1 em for wide characters, ½ em otherwise.
type fallback struct{}

func (fallback) Advance(r rune) float64 {
	if r >= 0x2E80 || r == '“' || r == '”' || r == '‘' || r == '’' || r == '—' || r == '…' || r == '·' {
		return 1
	}
	return 0.5
}

// Paragraph breaks text into lines of o.Measure em; see the package documentation.
func Paragraph(text string, m Metrics, o Options) []Line {
	return Prepare(text, m, o).Lines(o)
}

// Prepared is a text cut into units, measured and given its break classes, ready to be broken
// at any measure: a layout that tries a paragraph at several widths prepares it once. It is
// not changed by Lines, so one Prepared may be broken by several goroutines at once.
type Prepared struct {
	rs    []rune
	advs  []float64
	m     Metrics
	level Level
	words bool
	segs  []textSeg
}

// textSeg is one \n-free run of the text, [s, e) in runes, with its units unsplit (nil when
// empty); widest is its widest unit of more than one character, which only a measure narrower
// than it cuts (see splitLong).
type textSeg struct {
	s, e   int
	p      *para
	widest float64
}

// Prepare cuts text into units with m's advances, the prohibitions of o.Level and, with
// o.Words, the kept words; the rest of o is Lines'.
func Prepare(text string, m Metrics, o Options) *Prepared {
	if m == nil {
		m = fallback{}
	}
	t := &Prepared{m: m, level: o.Level, words: o.Words}
	if text == "" {
		return t
	}
	t.rs = []rune(text)
	t.advs = make([]float64, len(t.rs))
	rs := t.rs
	for s := 0; s < len(rs); {
		e := s
		for e < len(rs) && rs[e] != '\n' {
			e++
		}
		seg := textSeg{s: s, e: e}
		if e > s {
			seg.p = newPara(rs[s:e], s, t.advs[s:e], m, &Options{Level: o.Level, Words: o.Words}, 0, false)
			for _, a := range seg.p.atoms {
				if a.end-a.start > 1 && a.kind != kSpace {
					seg.widest = math.Max(seg.widest, a.w)
				}
			}
		}
		t.segs = append(t.segs, seg)
		s = e + 1
	}
	return t
}

// Lines breaks the prepared text into lines of o.Measure em, with o's indent, raggedness and
// evenness (its Level and Words are Prepare's); see the package documentation.
func (t *Prepared) Lines(o Options) []Line {
	if len(t.rs) == 0 {
		return nil
	}
	o.Level, o.Words = t.level, t.words
	if math.IsNaN(o.Measure) || o.Measure < 0 {
		o.Measure = 0
	}
	if math.IsInf(o.Measure, 1) {
		o.Measure, o.Ragged, o.Even = 1e12, true, false
	}
	if math.IsNaN(o.Indent) || o.Indent < 0 {
		o.Indent = 0
	}
	o.Indent = math.Min(o.Indent, o.Measure)
	var lines []Line
	var buf []glyph
	for _, seg := range t.segs {
		if seg.p == nil {
			lines = append(lines, Line{Start: seg.s, End: seg.s})
			continue
		}
		indent := 0.0
		if seg.s == 0 {
			indent = o.Indent
		}
		p := seg.p
		if seg.widest > o.Measure-indent+1e-9 {
			// a unit wider than a line: cut into characters for this measure (rare), with
			// advances of its own (atomize writes them; t is shared)
			p = newPara(t.rs[seg.s:seg.e], seg.s, make([]float64, seg.e-seg.s), t.m, &o, indent, true)
		}
		lines, buf = setSegment(lines, buf, p, t.rs[seg.s:seg.e], seg.s, &o, indent)
	}
	return lines
}

func setSegment(lines []Line, buf []glyph, p *para, rs []rune, base int, o *Options, indent float64) ([]Line, []glyph) {
	breaks := p.breakLines(o, indent)
	a := 0
	for i, b := range breaks {
		x0 := 0.0
		if a == 0 {
			x0 = indent
		}
		md := p.lineMode(o, i == len(breaks)-1)
		var ln Line
		ln, buf = p.set(rs, base, a, p.lastAtom(a, b), x0, o.Measure-x0, md, buf)
		ln.Torn = b < len(p.atoms) && p.gaps[b-1].brk == brkUnit
		if math.Abs(ln.Width-o.Measure) < 1e-9 {
			ln.Width = o.Measure // a justified line: hide the rounding of the summed gaps
		}
		lines = append(lines, ln)
		a = b
	}
	return lines, buf
}

// newPara cuts one \n-free segment into atoms and gaps; split says whether units longer than
// the measure are cut into characters.
func newPara(rs []rune, base int, advs []float64, m Metrics, o *Options, indent float64, split bool) *para {
	atoms := atomize(rs, base, m, advs)
	if split {
		atoms = splitLong(atoms, func(i int) float64 {
			if i == 0 {
				return o.Measure - indent
			}
			return o.Measure
		}, advs, base)
	}
	p := &para{atoms: atoms, advs: advs}
	p.prepare(rs, base, o.Level)
	if o.Words {
		p.bindWords(rs, base)
	}
	return p
}

// Width is the natural width of text set solid on one line, in em, as Paragraph would set it
// (Han–Latin spacing, adjacent marks at 1.5 em, a closing mark at the end at ½ em); for a text
// with \n, the widest of its lines.
func Width(text string, m Metrics) float64 {
	if m == nil {
		m = fallback{}
	}
	rs := []rune(text)
	advs := make([]float64, len(rs))
	w := 0.0
	for s := 0; s < len(rs); {
		e := s
		for e < len(rs) && rs[e] != '\n' {
			e++
		}
		if e > s {
			p := newPara(rs[s:e], s, advs[s:e], m, &Options{}, 0, false)
			n := len(p.atoms)
			st := p.stats(0, p.lastAtom(0, n))
			w = math.Max(w, st.w)
		}
		s = e + 1
	}
	return w
}
