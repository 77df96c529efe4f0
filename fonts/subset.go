package fonts

import (
	"encoding/binary"
	"fmt"
	"slices"
	"sort"
)

// Subset returns a TrueType font of this face that draws only the characters of text (those
// the face Has), for the PDF writer. fpdf spends most of its font time building maps of every
// cmap entry (about 22,000 per face here) twice, once in AddUTF8FontFromBytes and once in
// Output; handing it a face with only the page's characters cuts that to what the page uses.
//
// Only the glyphs drawn (and their composite components) are kept, renumbered; advances,
// outlines and metrics are copied unchanged, so every character of text measures and draws
// exactly as in the full face. fpdf subsets the result
// again when it writes the PDF.
func (f *Face) Subset(text string) ([]byte, error) {
	tables, err := f.tables()
	if err != nil {
		return nil, err
	}
	head, loca, glyf := tables["head"], tables["loca"], tables["glyf"]
	long := u16(head, 50) == 1
	glyphAt := func(g int) []byte {
		var a, b int
		if long {
			a, b = u32(loca, 4*g), u32(loca, 4*g+4)
		} else {
			a, b = 2*u16(loca, 2*g), 2*u16(loca, 2*g+2)
		}
		if a < 0 || a > b || b > len(glyf) {
			return nil
		}
		return glyf[a:b]
	}

	// The characters and the glyphs they need, with composite glyphs' components.
	chars := map[rune]int{}
	used := map[int]bool{0: true}
	var queue []int
	for _, r := range text {
		if _, ok := chars[r]; ok || !f.Has(r) {
			continue
		}
		g := f.glyph4(r)
		chars[r] = g
		queue = append(queue, g)
	}
	queue = append(queue, 0)
	for len(queue) > 0 {
		g := queue[len(queue)-1]
		queue = queue[:len(queue)-1]
		if used[g] && g != 0 || g >= f.numGlyphs {
			continue
		}
		used[g] = true
		for _, c := range components(glyphAt(g)) {
			if c < f.numGlyphs && !used[c] {
				queue = append(queue, c)
			}
		}
	}

	// Renumber the used glyphs in their order (glyph 0 stays 0): fpdf's costs grow with the
	// number of glyphs too (it unpacks all of hmtx and loca).
	order := make([]int, 0, len(used))
	for g := range used {
		order = append(order, g)
	}
	sort.Ints(order)
	newID := make(map[int]int, len(order))
	for i, g := range order {
		newID[g] = i
	}
	n := len(order)
	var newGlyf []byte
	newLoca := make([]byte, 4*(n+1))
	newHmtx := make([]byte, 4*n)
	for i, g := range order {
		binary.BigEndian.PutUint32(newLoca[4*i:], uint32(len(newGlyf)))
		at := len(newGlyf)
		newGlyf = append(newGlyf, glyphAt(g)...)
		renumber(newGlyf[at:], newID)
		for len(newGlyf)%4 != 0 {
			newGlyf = append(newGlyf, 0)
		}
		var adv, lsb int
		if g < f.numHMetrics {
			adv, lsb = u16(f.hmtx, 4*g), u16(f.hmtx, 4*g+2)
		} else {
			adv = u16(f.hmtx, 4*(f.numHMetrics-1))
			lsb = u16(f.hmtx, 4*f.numHMetrics+2*(g-f.numHMetrics))
		}
		binary.BigEndian.PutUint16(newHmtx[4*i:], uint16(adv))
		binary.BigEndian.PutUint16(newHmtx[4*i+2:], uint16(lsb))
	}
	binary.BigEndian.PutUint32(newLoca[4*n:], uint32(len(newGlyf)))
	for r, g := range chars {
		chars[r] = newID[g]
	}

	newHead := slices.Clone(head)
	binary.BigEndian.PutUint32(newHead[8:], 0) // checkSumAdjustment, set below
	binary.BigEndian.PutUint16(newHead[50:], 1)
	newHhea := slices.Clone(tables["hhea"])
	binary.BigEndian.PutUint16(newHhea[34:], uint16(n))
	newMaxp := slices.Clone(tables["maxp"])
	binary.BigEndian.PutUint16(newMaxp[4:], uint16(n))
	// post format 3: no glyph names, which would index the old glyph ids.
	newPost := slices.Clone(tables["post"])
	if len(newPost) >= 32 {
		newPost = newPost[:32]
		binary.BigEndian.PutUint32(newPost, 0x00030000)
	}

	out := map[string][]byte{
		"head": newHead, "hhea": newHhea, "maxp": newMaxp, "post": newPost,
		"hmtx": newHmtx, "loca": newLoca, "glyf": newGlyf, "cmap": cmap4(chars),
	}
	for _, t := range []string{"name", "OS/2"} {
		if b, ok := tables[t]; ok {
			out[t] = b
		}
	}
	return assemble(out), nil
}

// tables indexes the face's table directory (already validated by Parse).
func (f *Face) tables() (map[string][]byte, error) {
	d := f.Data
	n := u16(d, 4)
	t := make(map[string][]byte, n)
	for i := 0; i < n; i++ {
		rec := d[12+16*i:]
		off, length := u32(rec, 8), u32(rec, 12)
		if off > len(d) || length > len(d)-off {
			return nil, fmt.Errorf("font %s: table %q lies outside the file", f.Name, rec[:4])
		}
		t[string(rec[:4])] = d[off : off+length]
	}
	return t, nil
}

// components lists the glyph ids a composite glyph refers to.
func components(g []byte) []int {
	var out []int
	eachComponent(g, func(at int) { out = append(out, u16(g, at)) })
	return out
}

// renumber rewrites the component glyph ids of a composite glyph in place.
func renumber(g []byte, newID map[int]int) {
	eachComponent(g, func(at int) { binary.BigEndian.PutUint16(g[at:], uint16(newID[u16(g, at)])) })
}

// eachComponent calls fn with the offset of every component's glyph id in composite glyph g.
func eachComponent(g []byte, fn func(at int)) {
	if len(g) < 10 || int16(binary.BigEndian.Uint16(g)) >= 0 {
		return
	}
	for p := 10; p+4 <= len(g); {
		flags := u16(g, p)
		fn(p + 2)
		p += 4
		if flags&0x0001 != 0 { // ARG_1_AND_2_ARE_WORDS
			p += 4
		} else {
			p += 2
		}
		switch {
		case flags&0x0008 != 0: // WE_HAVE_A_SCALE
			p += 2
		case flags&0x0040 != 0: // WE_HAVE_AN_X_AND_Y_SCALE
			p += 4
		case flags&0x0080 != 0: // WE_HAVE_A_TWO_BY_TWO
			p += 8
		}
		if flags&0x0020 == 0 { // MORE_COMPONENTS
			break
		}
	}
}

// cmap4 writes a (3,1) format-4 cmap of chars: one segment per run of consecutive code points
// with consecutive glyphs, and the closing 0xFFFF segment.
func cmap4(chars map[rune]int) []byte {
	rs := make([]rune, 0, len(chars))
	for r := range chars {
		rs = append(rs, r)
	}
	sort.Slice(rs, func(i, j int) bool { return rs[i] < rs[j] })
	type seg struct{ start, end, delta int }
	var segs []seg
	for _, r := range rs {
		c, g := int(r), chars[r]
		if n := len(segs); n > 0 && segs[n-1].end == c-1 && (c+segs[n-1].delta)&0xFFFF == g {
			segs[n-1].end = c
			continue
		}
		segs = append(segs, seg{c, c, (g - c) & 0xFFFF})
	}
	segs = append(segs, seg{0xFFFF, 0xFFFF, 1})
	n := len(segs)
	sub := make([]byte, 16+8*n)
	put := func(off, v int) { binary.BigEndian.PutUint16(sub[off:], uint16(v)) }
	put(0, 4)
	put(2, len(sub))
	put(6, 2*n)
	sr := 1
	sel := 0
	for sr*2 <= n {
		sr *= 2
		sel++
	}
	put(8, 2*sr)
	put(10, sel)
	put(12, 2*n-2*sr)
	for i, s := range segs {
		put(14+2*i, s.end)
		put(16+2*n+2*i, s.start)
		put(16+4*n+2*i, s.delta)
		// idRangeOffset stays 0
	}
	hdr := []byte{0, 0, 0, 1, 0, 3, 0, 1, 0, 0, 0, 12}
	return append(hdr, sub...)
}

// assemble writes an sfnt of the tables, sorted by tag, with checksums.
func assemble(tables map[string][]byte) []byte {
	tags := make([]string, 0, len(tables))
	size := 12 + 16*len(tables)
	for t, b := range tables {
		tags = append(tags, t)
		size += (len(b) + 3) &^ 3
	}
	sort.Strings(tags)
	out := make([]byte, 12+16*len(tags), size)
	binary.BigEndian.PutUint32(out, 0x00010000)
	n := len(tags)
	sr, sel := 1, 0
	for sr*2 <= n {
		sr *= 2
		sel++
	}
	binary.BigEndian.PutUint16(out[4:], uint16(n))
	binary.BigEndian.PutUint16(out[6:], uint16(16*sr))
	binary.BigEndian.PutUint16(out[8:], uint16(sel))
	binary.BigEndian.PutUint16(out[10:], uint16(16*n-16*sr))
	headAt := 0
	for i, t := range tags {
		b := tables[t]
		rec := out[12+16*i:]
		copy(rec, t)
		binary.BigEndian.PutUint32(rec[4:], checksum(b))
		binary.BigEndian.PutUint32(rec[8:], uint32(len(out)))
		binary.BigEndian.PutUint32(rec[12:], uint32(len(b)))
		if t == "head" {
			headAt = len(out)
		}
		out = append(out, b...)
		for len(out)%4 != 0 {
			out = append(out, 0)
		}
	}
	binary.BigEndian.PutUint32(out[headAt+8:], 0xB1B0AFBA-checksum(out))
	return out
}

func checksum(b []byte) uint32 {
	var s uint32
	for i := 0; i < len(b); i += 4 {
		var w [4]byte
		copy(w[:], b[i:])
		s += binary.BigEndian.Uint32(w[:])
	}
	return s
}
