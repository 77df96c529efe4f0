// Package fonts holds the four embedded TrueType faces of a Chinese newspaper page and measures
// text exactly as the PDF writer (fpdf) will draw it.
//
// The PDF writer is handed Subset(text of the document) rather than Data: fpdf's font handling
// grows with the face's cmap and glyph count (22,000 here), and with the full faces it would
// cost more than the whole product's time budget (see the benchmarks in fonts_test.go).
//
// # Design
//
// The faces are built once by build/make-fonts.py from Debian's Noto CJK and LXGW WenKai
// packages (see README.md) and embedded with go:embed, so the binary needs no font files.
// Parsing reads only the tables fpdf reads (head, hhea, maxp, hmtx, cmap, OS/2) and keeps
// sub-slices of the embedded bytes: nothing is copied, so loading all four faces costs
// microseconds, not the 38 MB of their data.
//
// Widths are fpdf's, not the font's: fpdf builds a table of round(advance·1000/unitsPerEm)
// per code point from the first format-4 Unicode cmap, sets characters without a glyph to the
// width of glyph 0 (or 500 when that is 0) and zero-advance glyphs to 0. Advance reproduces
// that arithmetic, so a line measured here is exactly as wide as fpdf draws it.
//
// # Limits
//
//   - Only characters up to U+FFFF can be drawn: fpdf reads the format-4 cmap only and
//     panics on larger code points in Output. Has is false for them; Check reports them.
//   - No OpenType features (kerning, ligatures, vertical forms): fpdf applies none, so the
//     faces were built with the full-width punctuation Chinese text needs in the cmap.
//   - The embedded faces cover GBK (all 20,902 URO ideographs) plus newspaper symbols, not
//     CJK Extension A or B: rare characters in names need a report's own face (Set.With).
//   - Advance(0) is fpdf's quirk for U+0000 (its count of mapped characters); it differs
//     between a face and its Subset. Text never contains U+0000 after report.Load.
//   - A face is rejected when fpdf would mishandle it: CFF outlines (OTTO), collections
//     (ttcf), no format-4 Unicode cmap, unsorted cmap segments, or an OS/2 fsType that
//     forbids embedding or subsetting.
package fonts

import (
	_ "embed" // the faces
	"encoding/binary"
	"fmt"
	"math"

	"spread/report"
)

// The face roles.
const (
	Song     = "song"     // 书宋: body text
	SongBold = "songbold" // bold serif: section heads, tile labels
	Hei      = "hei"      // heavy sans (黑体): headline, big numbers, reverse text
	Kai      = "kai"      // 楷体: lead, byline, captions
)

// The committed faces, embedded as []byte variables rather than an embed.FS, whose ReadFile
// would copy 38 MB on every Embedded call. They are never written to.
var (
	//go:embed NotoSerifSC-Regular.ttf
	songTTF []byte
	//go:embed NotoSerifSC-Bold.ttf
	songBoldTTF []byte
	//go:embed NotoSansSC-Black.ttf
	heiTTF []byte
	//go:embed SpreadWenKai-Regular.ttf
	kaiTTF []byte
)

// embedded lists the committed faces: role, name given to the PDF writer, data.
func embedded() [4]struct {
	role, name string
	data       []byte
} {
	return [4]struct {
		role, name string
		data       []byte
	}{
		{Song, "NotoSerifSC-Regular", songTTF},
		{SongBold, "NotoSerifSC-Bold", songBoldTTF},
		{Hei, "NotoSansSC-Black", heiTTF},
		{Kai, "SpreadWenKai-Regular", kaiTTF},
	}
}

// Face is one parsed TrueType face. It is read-only after Parse and safe for concurrent use.
type Face struct {
	Role string // the role it plays in a Set (song, kai …)
	Name string // the family name to register with the PDF writer
	Data []byte // the whole font file, as given to fpdf's AddUTF8FontFromBytes; never modify it

	upem        int
	numGlyphs   int
	numHMetrics int
	hmtx        []byte
	lastAdv     int // fpdf's advance for glyphs past numHMetrics (see parseWidths)
	missing     int // fpdf's MissingWidth, per mille of the em
	nulWidth    int // fpdf's width table entry for U+0000: its count of mapped characters
	ascent      float64
	descent     float64
	metrics     Metrics

	// format-4 cmap: the subtable and its four parallel arrays
	cmap4                        []byte
	ends, starts, deltas, ranges []byte
	segs                         int
	rangesAt                     int // offset of ranges within cmap4

	cmap12 []byte // optional format-12 subtable, only to explain astral characters
}

// Parse checks data as a font fpdf can embed and reads its metrics. The Face keeps data.
func Parse(role, name string, data []byte) (*Face, error) {
	f := &Face{Role: role, Name: name, Data: data}
	if err := f.parse(); err != nil {
		if name == "" {
			name = role
		}
		return nil, fmt.Errorf("font %s: %v", name, err)
	}
	return f, nil
}

func u16(b []byte, off int) int { return int(binary.BigEndian.Uint16(b[off:])) }
func i16(b []byte, off int) int { return int(int16(binary.BigEndian.Uint16(b[off:]))) }
func u32(b []byte, off int) int { return int(binary.BigEndian.Uint32(b[off:])) }

func (f *Face) parse() error {
	d := f.Data
	if len(d) < 12 {
		return fmt.Errorf("%d bytes is not a font file", len(d))
	}
	switch string(d[:4]) {
	case "OTTO":
		return fmt.Errorf("CFF (OpenType/OTF) outlines: the PDF writer embeds only TrueType (glyf) fonts; convert it with fontTools (see fonts/build/make-fonts.py)")
	case "ttcf":
		return fmt.Errorf("a font collection (TTC): extract the one face you want into a .ttf first")
	case "\x00\x01\x00\x00", "true":
	default:
		return fmt.Errorf("not a TrueType font (file starts with %q)", d[:4])
	}
	n := u16(d, 4)
	if 12+16*n > len(d) {
		return fmt.Errorf("table directory of %d tables runs past the end of the file", n)
	}
	tables := map[string][]byte{}
	for i := 0; i < n; i++ {
		rec := d[12+16*i:]
		off, length := u32(rec, 8), u32(rec, 12)
		if off < 0 || length < 0 || off > len(d) || length > len(d)-off {
			return fmt.Errorf("table %q lies outside the file", rec[:4])
		}
		tables[string(rec[:4])] = d[off : off+length]
	}
	for _, t := range []string{"head", "hhea", "maxp", "hmtx", "cmap", "name", "post", "loca", "glyf"} {
		if _, ok := tables[t]; !ok {
			return fmt.Errorf("no %q table", t)
		}
	}

	head := tables["head"]
	if len(head) < 54 {
		return fmt.Errorf("head table too short")
	}
	f.upem = u16(head, 18)
	if f.upem < 16 || f.upem > 16384 {
		return fmt.Errorf("unitsPerEm %d out of range", f.upem)
	}
	if u16(head, 52) != 0 {
		return fmt.Errorf("unknown glyph data format %d", u16(head, 52))
	}
	locFormat := u16(head, 50)

	maxp := tables["maxp"]
	if len(maxp) < 6 {
		return fmt.Errorf("maxp table too short")
	}
	f.numGlyphs = u16(maxp, 4)
	if f.numGlyphs == 0 {
		return fmt.Errorf("no glyphs")
	}
	locaEntry := map[int]int{0: 2, 1: 4}[locFormat]
	if locaEntry == 0 {
		return fmt.Errorf("unknown loca format %d", locFormat)
	}
	if len(tables["loca"]) < (f.numGlyphs+1)*locaEntry {
		return fmt.Errorf("loca table too short for %d glyphs", f.numGlyphs)
	}

	hhea := tables["hhea"]
	if len(hhea) < 36 {
		return fmt.Errorf("hhea table too short")
	}
	if u16(hhea, 32) != 0 {
		return fmt.Errorf("unknown horizontal metric data format %d", u16(hhea, 32))
	}
	f.numHMetrics = u16(hhea, 34)
	if f.numHMetrics == 0 || f.numHMetrics > f.numGlyphs {
		return fmt.Errorf("%d horizontal metrics for %d glyphs", f.numHMetrics, f.numGlyphs)
	}
	f.hmtx = tables["hmtx"]
	if len(f.hmtx) < 4*f.numHMetrics+2*(f.numGlyphs-f.numHMetrics) {
		return fmt.Errorf("hmtx table too short")
	}
	asc, desc := i16(hhea, 4), i16(hhea, 6)
	m := &f.metrics
	m.BBox = [4]int{i16(head, 36), i16(head, 38), i16(head, 40), i16(head, 42)}
	m.Weight = 500
	capHeight := 0

	if os2, ok := tables["OS/2"]; ok {
		if len(os2) < 72 {
			return fmt.Errorf("OS/2 table too short")
		}
		fsType := u16(os2, 8)
		// Restricted licence (0x2) without preview/print (0x4) or editable (0x8) rights, no
		// subsetting (0x100), or bitmap only (0x200): fpdf embeds a subset of the outlines.
		if fsType&0x2 != 0 && fsType&0xC == 0 || fsType&0x300 != 0 {
			return fmt.Errorf("its licence forbids embedding it in a PDF (OS/2 fsType 0x%04X)", fsType)
		}
		if asc == 0 {
			asc = i16(os2, 68)
		}
		if desc == 0 {
			desc = i16(os2, 70)
		}
		m.Weight = u16(os2, 4)
		if u16(os2, 0) > 1 && len(os2) >= 90 {
			capHeight = i16(os2, 88)
		}
	}
	if capHeight == 0 {
		capHeight = asc
	}
	m.UnitsPerEm, m.Ascent, m.Descent, m.CapHeight = f.upem, asc, desc, capHeight
	if post := tables["post"]; len(post) >= 16 {
		m.ItalicAngle = i16(post, 4)
		m.FixedPitch = u32(post, 12) != 0
	}
	m.Glyphs = f.numGlyphs
	f.ascent = float64(asc) / float64(f.upem)
	f.descent = -float64(desc) / float64(f.upem)

	if err := f.parseCmap(tables["cmap"]); err != nil {
		return err
	}
	f.parseWidths()
	m.MissingWidth = f.missing
	return nil
}

// Metrics are what a PDF font descriptor says of a face, in font units unless stated.
type Metrics struct {
	UnitsPerEm                 int
	Ascent, Descent, CapHeight int    // hhea ascender and descender (OS/2 typo values where 0); OS/2 sCapHeight, else Ascent
	BBox                       [4]int // head xMin, yMin, xMax, yMax
	ItalicAngle                int    // post, whole degrees
	FixedPitch                 bool   // post isFixedPitch
	Weight                     int    // OS/2 usWeightClass (500 without OS/2)
	MissingWidth               int    // glyph 0's advance, per mille of the em
	Glyphs                     int    // glyphs in the face (maxp)
}

// Metrics returns the face's metrics as a PDF font descriptor needs them.
func (f *Face) Metrics() Metrics { return f.metrics }

// GlyphID is the glyph r is drawn with, from the format-4 cmap, or 0 for a character the face
// cannot draw (Has is false).
func (f *Face) GlyphID(r rune) uint16 {
	if !f.Has(r) {
		return 0
	}
	return uint16(f.glyph4(r))
}

// parseCmap picks the subtable fpdf picks: the first (3,1) or Unicode-platform record whose
// subtable is format 4.
func (f *Face) parseCmap(cmap []byte) error {
	if len(cmap) < 4 {
		return fmt.Errorf("cmap table too short")
	}
	n := u16(cmap, 2)
	if 4+8*n > len(cmap) {
		return fmt.Errorf("cmap table too short for %d subtables", n)
	}
	for i := 0; i < n; i++ {
		plat, enc, off := u16(cmap, 4+8*i), u16(cmap, 6+8*i), u32(cmap, 8+8*i)
		if off < 0 || off+4 > len(cmap) {
			continue
		}
		unicode := plat == 0 || plat == 3 && (enc == 1 || enc == 10)
		if !unicode {
			continue
		}
		switch u16(cmap, off) {
		case 4:
			if f.cmap4 == nil && (plat == 0 || enc == 1) {
				length := u16(cmap, off+2)
				if off+length > len(cmap) || length < 16 {
					return fmt.Errorf("format-4 cmap runs past its table")
				}
				f.cmap4 = cmap[off : off+length]
			}
		case 12:
			if f.cmap12 == nil && off+16 <= len(cmap) {
				length := u32(cmap, off+4)
				if length >= 16 && length <= len(cmap)-off && (length-16)/12 >= u32(cmap, off+12) {
					f.cmap12 = cmap[off : off+length]
				}
			}
		}
	}
	c := f.cmap4
	if c == nil {
		return fmt.Errorf("no format-4 Unicode cmap, which the PDF writer needs")
	}
	f.segs = u16(c, 6) / 2
	if 16+8*f.segs > len(c) || f.segs == 0 {
		return fmt.Errorf("format-4 cmap of %d segments is truncated", f.segs)
	}
	s := 2 * f.segs
	f.ends = c[14 : 14+s]
	f.starts = c[16+s : 16+2*s]
	f.deltas = c[16+2*s : 16+3*s]
	f.rangesAt = 16 + 3*s
	f.ranges = c[f.rangesAt : f.rangesAt+s]
	// Lookups binary-search the segments, while fpdf walks them all: the two agree only when
	// the segments are sorted and disjoint, as the specification requires.
	prev := -1
	for i := 0; i < f.segs; i++ {
		st, en := u16(f.starts, 2*i), u16(f.ends, 2*i)
		if st > en || st <= prev {
			return fmt.Errorf("format-4 cmap segments are out of order at segment %d", i)
		}
		prev = en
	}
	return nil
}

// glyph4 maps r to a glyph as fpdf's generateSCCSDictionaries does.
func (f *Face) glyph4(r rune) int {
	if r < 0 || r > 0xFFFF {
		return 0
	}
	c := int(r)
	lo, hi := 0, f.segs
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if u16(f.ends, 2*m) < c {
			lo = m + 1
		} else {
			hi = m
		}
	}
	if lo == f.segs || c < u16(f.starts, 2*lo) {
		return 0
	}
	return f.segGlyph(lo, c)
}

func (f *Face) segGlyph(seg, c int) int {
	delta := i16(f.deltas, 2*seg)
	ro := u16(f.ranges, 2*seg)
	if ro == 0 {
		return (c + delta) & 0xFFFF
	}
	pos := f.rangesAt + 2*seg + ro + 2*(c-u16(f.starts, 2*seg))
	if pos+2 > len(f.cmap4) {
		return 0
	}
	g := u16(f.cmap4, pos)
	if g != 0 {
		g = (g + delta) & 0xFFFF
	}
	return g
}

// glyph12 maps an astral r through the format-12 cmap, if any.
func (f *Face) glyph12(r rune) int {
	c := f.cmap12
	if c == nil {
		return 0
	}
	lo, hi := 0, u32(c, 12)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		g := c[16+12*m:]
		start, end := rune(u32(g, 0)), rune(u32(g, 4))
		switch {
		case r < start:
			hi = m
		case r > end:
			lo = m + 1
		default:
			return u32(g, 8) + int(r-start)
		}
	}
	return 0
}

// parseWidths reproduces the parts of fpdf's parseHMTXTable that are not per glyph: the
// width of glyph 0 (MissingWidth), the advance it uses past numberOfHMetrics (the last
// long metric's, forced to 0 when ≥ 32768 and that glyph is mapped), and its entry for
// U+0000, which holds its count of mapped characters.
func (f *Face) parseWidths() {
	scale := 1000.0 / float64(f.upem)
	adv0 := u16(f.hmtx, 0)
	if adv0 >= 1<<15 {
		adv0 = 0
	}
	f.missing = fpdfRound(scale * float64(adv0))

	last := f.numHMetrics - 1
	lastMapped := last == 0
	count := 0
	for seg := 0; seg < f.segs; seg++ {
		st, en := u16(f.starts, 2*seg), u16(f.ends, 2*seg)
		for c := st; c <= en; c++ {
			g := f.segGlyph(seg, c)
			if g == last {
				lastMapped = true
			}
			if c != 0 && c != 0xFFFF && g != 0 && g < f.numGlyphs {
				count++
			}
		}
	}
	f.lastAdv = u16(f.hmtx, 4*last)
	if f.lastAdv >= 1<<15 && lastMapped {
		f.lastAdv = 0
	}
	f.nulWidth = count
}

// fpdfRound is fpdf's round (half away from zero via floor).
func fpdfRound(x float64) int {
	if x < 0 {
		return -int(math.Floor(-x + 0.5))
	}
	return int(math.Floor(x + 0.5))
}

// cw is fpdf's width-table entry for r, per mille of the em: 0 for "no width" (the caller
// then uses MissingWidth), 65535 for a zero-advance glyph.
func (f *Face) cw(r rune) int {
	if r == 0 {
		return f.nulWidth
	}
	if r < 0 || r >= 0xFFFF {
		return 0
	}
	g := f.glyph4(r)
	if g == 0 || g >= f.numGlyphs {
		return 0
	}
	var adv int
	if g < f.numHMetrics {
		adv = u16(f.hmtx, 4*g)
		if adv >= 1<<15 {
			adv = 0
		}
	} else {
		adv = f.lastAdv
	}
	w := int(math.Round(1000.0 / float64(f.upem) * float64(adv)))
	if w == 0 {
		w = 65535
	}
	return w
}

// advance1000 is what fpdf's GetStringSymbolWidth adds for r.
func (f *Face) advance1000(r rune) int {
	switch w := f.cw(r); {
	case w == 65535:
		return 0
	case w > 0:
		return w
	case f.missing != 0:
		return f.missing
	default:
		return 500
	}
}

// Advance is r's advance width in em, exactly as fpdf measures and draws it: a whole number
// of thousandths. A character without a glyph measures as glyph 0 (it draws as a blank).
func (f *Face) Advance(r rune) float64 { return float64(f.advance1000(r)) / 1000 }

// Has reports whether the PDF writer can draw r with a real glyph of this face.
func (f *Face) Has(r rune) bool {
	if r <= 0 || r >= 0xFFFF {
		return false
	}
	g := f.glyph4(r)
	return g != 0 && g < f.numGlyphs
}

// Ascent is the height above the baseline, in em (hhea ascender, or OS/2 sTypoAscender when
// that is 0, as fpdf reads it).
func (f *Face) Ascent() float64 { return f.ascent }

// Descent is the depth below the baseline, in em, positive.
func (f *Face) Descent() float64 { return f.descent }

// Missing returns the characters of s the face cannot draw, in order of first appearance,
// each once.
func (f *Face) Missing(s string) []rune {
	var out []rune
	var seen map[rune]bool
	for _, r := range s {
		if f.Has(r) || isLayoutControl(r) {
			continue
		}
		if seen == nil {
			seen = map[rune]bool{}
		}
		if !seen[r] {
			seen[r] = true
			out = append(out, r)
		}
	}
	return out
}

// isLayoutControl: line breaks and tabs are consumed by layout, never drawn.
func isLayoutControl(r rune) bool { return r == '\n' || r == '\r' || r == '\t' }

// Check returns one error at `at` for every character of text that face f (playing role)
// cannot draw. The position is the text's, since a value's characters cannot be mapped back
// to columns reliably through YAML quoting and folding; the message gives the character's
// place in the text instead.
func Check(role string, f *Face, text string, at report.Pos) report.Errors {
	var errs report.Errors
	if f == nil {
		errs.Add(at, "no %s face to draw %q", role, text)
		return errs
	}
	missing := f.Missing(text)
	if len(missing) == 0 {
		return nil
	}
	first := map[rune]int{}
	i := 0
	for _, r := range text {
		i++
		if _, ok := first[r]; !ok {
			first[r] = i
		}
	}
	for _, r := range missing {
		switch {
		case r > 0xFFFF && f.glyph12(r) != 0:
			errs.Add(at, "character %q (U+%04X, character %d of the text) is above U+FFFF: the %s face has it, but the PDF writer cannot embed it",
				r, r, first[r], role)
		case r > 0xFFFF:
			errs.Add(at, "character %q (U+%04X, character %d of the text) is above U+FFFF, which the PDF writer cannot embed",
				r, r, first[r])
		default:
			errs.Add(at, "the %s face has no glyph for %q (U+%04X, character %d of the text)", role, r, r, first[r])
		}
	}
	return errs
}

// Set is the four faces by role. It is read-only; With returns a new Set.
type Set struct {
	faces map[string]*Face
}

// Embedded parses the committed faces.
func Embedded() (*Set, error) {
	s := &Set{faces: make(map[string]*Face, 4)}
	for _, e := range embedded() {
		f, err := Parse(e.role, e.name, e.data)
		if err != nil {
			return nil, err
		}
		s.faces[e.role] = f
	}
	return s, nil
}

// Face returns the face of a role, nil for an unknown role.
func (s *Set) Face(role string) *Face {
	if s == nil {
		return nil
	}
	return s.faces[role]
}

// With returns a copy of s whose face for role is data, a report's own licensed TrueType
// face registered under name. s itself is unchanged.
func (s *Set) With(role string, data []byte, name string) (*Set, error) {
	switch role {
	case Song, SongBold, Hei, Kai:
	default:
		return nil, fmt.Errorf("unknown face role %q (want song, songbold, hei or kai)", role)
	}
	if name == "" {
		return nil, fmt.Errorf("font for the %s role needs a name", role)
	}
	f, err := Parse(role, name, data)
	if err != nil {
		return nil, err
	}
	n := &Set{faces: make(map[string]*Face, 4)}
	if s != nil {
		for r, face := range s.faces {
			if face.Name == name && r != role {
				return nil, fmt.Errorf("font name %q is already used by the %s face", name, r)
			}
			n.faces[r] = face
		}
	}
	n.faces[role] = f
	return n, nil
}

// Width is the advance of text in the face of role, in em, summed as fpdf sums it (whole
// thousandths); 0 for an unknown role.
func (s *Set) Width(role, text string) float64 {
	f := s.Face(role)
	if f == nil {
		return 0
	}
	return f.Width(text)
}

// Width is the advance of text in em, as fpdf's GetStringWidth at size 1.
func (f *Face) Width(text string) float64 {
	w := 0
	for _, r := range text {
		w += f.advance1000(r)
	}
	return float64(w) / 1000
}
