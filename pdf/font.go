package pdf

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"

	"spread/fonts"
)

// face is one font role as Write embeds it: a Type0 font (Identity-H) over a CIDFontType2 whose
// CIDs are the glyph ids of data, so the content stream draws glyph ids straight from data's cmap
// and the file needs no CIDToGIDMap stream.
type face struct {
	role   string
	name   string // BaseFont: "ABCDEF+" subset tag and the role's key
	res    string // resource name in the page resources ("/SF1" …)
	data   []byte // the TrueType bytes embedded: already a subset of the document's characters
	metric *fonts.Face
	cmap   []byte          // the format-4 subtable of data
	gids   map[rune]uint16 // cmap look-ups so far
	widths map[uint16]int  // every glyph drawn → its width in 1000/em, as the layout measured it
	uni    map[uint16]rune // every glyph drawn → the (first) character it stands for
	desc   descriptor
}

type descriptor struct {
	ascent, descent, capHeight, italic, stemV, flags, missing int
	bbox                                                      [4]int
}

// subsetSlack: a face with more glyphs than this beyond the characters drawn is cut down to them
// before it is embedded (a caller handed whole faces); the command hands faces already cut.
const subsetSlack = 64

// newFace parses data for role, cutting it to runes when it is much bigger than they need.
func newFace(role, key, res string, data []byte, runes map[rune]bool) (*face, error) {
	if err := sniffTrueType(data); err != nil {
		return nil, err
	}
	m, err := fonts.Parse(role, key, data)
	if err != nil {
		return nil, err
	}
	tables, err := tableDir(data)
	if err != nil {
		return nil, err
	}
	maxp := tables["maxp"]
	if len(maxp) < 6 {
		return nil, errors.New("no maxp table")
	}
	if int(binary.BigEndian.Uint16(maxp[4:])) > len(runes)+subsetSlack {
		rs := make([]rune, 0, len(runes))
		for r := range runes {
			rs = append(rs, r)
		}
		sort.Slice(rs, func(i, j int) bool { return rs[i] < rs[j] })
		if data, err = m.Subset(string(rs)); err != nil {
			return nil, err
		}
		if tables, err = tableDir(data); err != nil {
			return nil, err
		}
	}
	fc := &face{role: role, name: subsetTag(role, runes) + "+" + key, res: res, data: data, metric: m,
		gids: map[rune]uint16{}, widths: map[uint16]int{}, uni: map[uint16]rune{}}
	if fc.cmap, err = unicodeCmap4(tables["cmap"]); err != nil {
		return nil, err
	}
	if fc.desc, err = readDescriptor(tables); err != nil {
		return nil, err
	}
	return fc, nil
}

// tableDir maps the tables of a TrueType file to their bytes.
func tableDir(b []byte) (map[string][]byte, error) {
	if len(b) < 12 {
		return nil, errors.New("not a font (too short)")
	}
	n := int(binary.BigEndian.Uint16(b[4:]))
	if 12+16*n > len(b) {
		return nil, errors.New("table directory runs past the end of the file")
	}
	t := make(map[string][]byte, n)
	for i := range n {
		rec := b[12+16*i:]
		off, size := binary.BigEndian.Uint32(rec[8:]), binary.BigEndian.Uint32(rec[12:])
		if uint64(off)+uint64(size) > uint64(len(b)) {
			return nil, fmt.Errorf("table %q lies outside the file", rec[:4])
		}
		t[string(rec[:4])] = b[off : off+size]
	}
	return t, nil
}

// unicodeCmap4 returns the first format-4 Unicode subtable (3,1 or 0,x), the one fpdf and fonts use.
func unicodeCmap4(c []byte) ([]byte, error) {
	if len(c) < 4 {
		return nil, errors.New("no cmap table")
	}
	n := int(binary.BigEndian.Uint16(c[2:]))
	for i := range n {
		if 4+8*i+8 > len(c) {
			break
		}
		rec := c[4+8*i:]
		pid, eid, off := binary.BigEndian.Uint16(rec), binary.BigEndian.Uint16(rec[2:]), binary.BigEndian.Uint32(rec[4:])
		if !(pid == 3 && eid == 1) && pid != 0 {
			continue
		}
		if uint64(off)+14 > uint64(len(c)) || binary.BigEndian.Uint16(c[off:]) != 4 {
			continue
		}
		sub := c[off:]
		if l := int(binary.BigEndian.Uint16(sub[2:])); l <= len(sub) {
			sub = sub[:l]
		}
		if segX2 := int(binary.BigEndian.Uint16(sub[6:])); 16+4*segX2 > len(sub) {
			return nil, errors.New("cmap format 4 subtable cut short")
		}
		return sub, nil
	}
	return nil, errors.New("no format-4 Unicode cmap")
}

// gid looks r up in the format-4 subtable (0 for a character without a glyph).
func (fc *face) gid(r rune) uint16 {
	if g, ok := fc.gids[r]; ok {
		return g
	}
	c, sub := uint16(r), fc.cmap
	segX2 := int(binary.BigEndian.Uint16(sub[6:]))
	ends, starts := sub[14:14+segX2], sub[16+segX2:16+2*segX2]
	deltas, ranges := sub[16+2*segX2:16+3*segX2], 16+3*segX2
	i := sort.Search(segX2/2, func(i int) bool { return binary.BigEndian.Uint16(ends[2*i:]) >= c })
	var g uint16
	if r <= 0xFFFF && i < segX2/2 && binary.BigEndian.Uint16(starts[2*i:]) <= c {
		delta := binary.BigEndian.Uint16(deltas[2*i:])
		at := ranges + 2*i
		ro := int(binary.BigEndian.Uint16(sub[at:]))
		if ro == 0 {
			g = c + delta
		} else if p := at + ro + 2*int(c-binary.BigEndian.Uint16(starts[2*i:])); p+2 <= len(sub) {
			if g = binary.BigEndian.Uint16(sub[p:]); g != 0 {
				g += delta
			}
		}
	}
	fc.gids[r] = g
	return g
}

// appendHex writes s as the big-endian hex glyph ids of a Tj string and records every glyph's
// width and character for the /W array and the ToUnicode CMap.
func (fc *face) appendHex(sb *strings.Builder, s string) {
	const hex = "0123456789ABCDEF"
	for _, r := range s {
		g := fc.gid(r)
		if _, ok := fc.widths[g]; !ok {
			fc.widths[g] = int(math.Round(fc.metric.Advance(r) * 1000))
		}
		if u, ok := fc.uni[g]; g != 0 && (!ok || r < u) {
			fc.uni[g] = r
		}
		sb.WriteByte(hex[g>>12])
		sb.WriteByte(hex[g>>8&15])
		sb.WriteByte(hex[g>>4&15])
		sb.WriteByte(hex[g&15])
	}
}

// readDescriptor reads what a FontDescriptor says from head, hhea, OS/2, post and hmtx, with
// fpdf's rules (hhea ascender first, OS/2 typo values where it is 0, StemV from the weight).
func readDescriptor(t map[string][]byte) (descriptor, error) {
	head, hhea := t["head"], t["hhea"]
	if len(head) < 54 || len(hhea) < 36 {
		return descriptor{}, errors.New("head or hhea table missing or short")
	}
	u16 := func(b []byte, at int) int { return int(binary.BigEndian.Uint16(b[at:])) }
	i16 := func(b []byte, at int) int { return int(int16(binary.BigEndian.Uint16(b[at:]))) }
	upem := u16(head, 18)
	if upem == 0 {
		return descriptor{}, errors.New("unitsPerEm is 0")
	}
	sc := func(v int) int { return int(math.Round(float64(v) * 1000 / float64(upem))) }
	var d descriptor
	d.bbox = [4]int{sc(i16(head, 36)), sc(i16(head, 38)), sc(i16(head, 40)), sc(i16(head, 42))}
	d.ascent, d.descent = sc(i16(hhea, 4)), sc(i16(hhea, 6))
	d.capHeight = d.ascent
	weight := 500
	if os2 := t["OS/2"]; len(os2) >= 72 {
		weight = u16(os2, 4)
		if d.ascent == 0 {
			d.ascent = sc(i16(os2, 68))
		}
		if d.descent == 0 {
			d.descent = sc(i16(os2, 70))
		}
		d.capHeight = d.ascent
		if u16(os2, 0) > 1 && len(os2) >= 90 {
			d.capHeight = sc(i16(os2, 88))
		}
	}
	d.stemV = 50 + int(math.Pow(float64(weight)/65, 2))
	d.flags = 4 // symbolic: glyphs are addressed by id, not by a standard encoding
	if post := t["post"]; len(post) >= 16 {
		d.italic = i16(post, 4)
		if d.italic != 0 {
			d.flags |= 64
		}
		if binary.BigEndian.Uint32(post[12:]) != 0 {
			d.flags |= 1
		}
	}
	if weight >= 600 {
		d.flags |= 262144 // ForceBold
	}
	if hmtx := t["hmtx"]; len(hmtx) >= 2 {
		d.missing = sc(u16(hmtx, 0))
	}
	return d, nil
}

// objects returns the five objects of the face, numbered from first: Type0, CIDFontType2,
// FontDescriptor, FontFile2 and ToUnicode. font is the Flate-compressed data.
func (fc *face) objects(first int, font []byte) [][]byte {
	gs := make([]int, 0, len(fc.widths))
	for g := range fc.widths {
		gs = append(gs, int(g))
	}
	sort.Ints(gs)
	var o [5]bytes.Buffer
	fmt.Fprintf(&o[0], "<</Type /Font\n/Subtype /Type0\n/BaseFont /%s\n/Encoding /Identity-H\n/DescendantFonts [%d 0 R]\n/ToUnicode %d 0 R>>",
		fc.name, first+1, first+4)
	fmt.Fprintf(&o[1], "<</Type /Font\n/Subtype /CIDFontType2\n/BaseFont /%s\n/CIDSystemInfo <</Registry (Adobe) /Ordering (Identity) /Supplement 0>>\n/FontDescriptor %d 0 R\n/DW %d\n/W [",
		fc.name, first+2, fc.desc.missing)
	for i := 0; i < len(gs); {
		j := i + 1
		for j < len(gs) && gs[j] == gs[j-1]+1 {
			j++
		}
		fmt.Fprintf(&o[1], "%d [", gs[i])
		for k := i; k < j; k++ {
			if k > i {
				o[1].WriteByte(' ')
			}
			o[1].WriteString(strconv.Itoa(fc.widths[uint16(gs[k])]))
		}
		o[1].WriteString("]\n")
		i = j
	}
	o[1].WriteString("]\n/CIDToGIDMap /Identity>>")
	d := fc.desc
	fmt.Fprintf(&o[2], "<</Type /FontDescriptor /FontName /%s\n /Ascent %d /Descent %d /CapHeight %d /Flags %d /FontBBox [%d %d %d %d] /ItalicAngle %d /StemV %d /MissingWidth %d /FontFile2 %d 0 R>>",
		fc.name, d.ascent, d.descent, d.capHeight, d.flags, d.bbox[0], d.bbox[1], d.bbox[2], d.bbox[3], d.italic, d.stemV, d.missing, first+3)
	fmt.Fprintf(&o[3], "<</Length %d\n/Filter /FlateDecode\n/Length1 %d\n>>\nstream\n", len(font), len(fc.data))
	o[3].Write(font)
	o[3].WriteString("\nendstream")
	cm := fc.toUnicode(gs)
	fmt.Fprintf(&o[4], "<</Length %d>>\nstream\n%s\nendstream", len(cm), cm)
	return [][]byte{o[0].Bytes(), o[1].Bytes(), o[2].Bytes(), o[3].Bytes(), o[4].Bytes()}
}

// toUnicode is the CMap from the glyphs drawn back to their characters, so text copies and
// searches (CIDs are glyph ids here, not code points as fpdf wrote them).
func (fc *face) toUnicode(gs []int) string {
	var pairs []string
	for _, g := range gs {
		if r, ok := fc.uni[uint16(g)]; ok {
			pairs = append(pairs, fmt.Sprintf("<%04X> <%04X>", g, r))
		}
	}
	var sb strings.Builder
	sb.WriteString("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n" +
		"/CIDSystemInfo <</Registry (Adobe) /Ordering (UCS) /Supplement 0>> def\n" +
		"/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n" +
		"1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n")
	for len(pairs) > 0 {
		n := min(len(pairs), 100) // at most 100 entries per block
		fmt.Fprintf(&sb, "%d beginbfchar\n%s\nendbfchar\n", n, strings.Join(pairs[:n], "\n"))
		pairs = pairs[n:]
	}
	sb.WriteString("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend")
	return sb.String()
}

// compressFaces deflates every face's TrueType bytes, concurrently: it is the one costly step of
// embedding a face, and each face is independent. Glyph outlines have few long repeats, so
// Huffman coding alone keeps most of the gain: on the seed's subset faces it is 2.5× faster
// than zlib's fastest level for 15 % more bytes (about 80 KB a PDF). With a cache, a face that
// another document already embedded is not compressed again.
func compressFaces(fs []*face, cache *FontCache) ([][]byte, error) {
	out := make([][]byte, len(fs))
	errs := make([]error, len(fs))
	next := make(chan int)
	var wg sync.WaitGroup
	// One worker per core, each with one compressor reset between faces: a zlib writer
	// allocates ~700 KB of tables, a sixteenth of a build's allocation when made per face.
	for range min(runtime.GOMAXPROCS(0), len(fs)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var z deflater
			for i := range next {
				out[i], errs[i] = cache.deflate(fs[i].data, &z)
			}
		}()
	}
	for i := range fs {
		next <- i
	}
	close(next)
	wg.Wait()
	return out, errors.Join(errs...)
}

// FontCache lets documents written one after another or at once share the compressed form of a
// face they embed identically — the print and briefing PDFs of one report, given the same
// subset bytes. A face is recognised by its backing array, not by its contents, so only the very
// same []byte is shared. The zero value is ready; it is safe for concurrent use and keeps every
// face it has seen alive for as long as it lives.
type FontCache struct {
	mu sync.Mutex
	m  map[fontKey]*deflated
}

type fontKey struct {
	at *byte
	n  int
}

type deflated struct {
	once sync.Once
	z    []byte
	err  error
}

// deflate returns data compressed, computing it once per cache; a nil cache always computes.
func (c *FontCache) deflate(data []byte, z *deflater) ([]byte, error) {
	if c == nil || len(data) == 0 {
		return z.deflate(data)
	}
	k := fontKey{&data[0], len(data)}
	c.mu.Lock()
	if c.m == nil {
		c.m = map[fontKey]*deflated{}
	}
	d := c.m[k]
	if d == nil {
		d = &deflated{}
		c.m[k] = d
	}
	c.mu.Unlock()
	d.once.Do(func() { d.z, d.err = z.deflate(data) })
	return d.z, d.err
}

// deflate returns data zlib-compressed with Huffman coding only (see compressFaces).
func (z *deflater) deflate(data []byte) ([]byte, error) {
	var buf bytes.Buffer
	buf.Grow(len(data))
	if z.zw == nil {
		var err error
		if z.zw, err = zlib.NewWriterLevel(&buf, zlib.HuffmanOnly); err != nil {
			return nil, err
		}
	} else {
		z.zw.Reset(&buf) // the same output as a new writer, without new tables
	}
	_, err := z.zw.Write(data)
	if err == nil {
		err = z.zw.Close()
	}
	return buf.Bytes(), err
}

// deflater is a zlib compressor kept for the faces one goroutine compresses; the zero value is
// ready.
type deflater struct{ zw *zlib.Writer }

// finish is the one post-pass over fpdf's finished file (written with compression off). It
// rewrites the objects sequentially, in file order, recording their new offsets: each page's
// content stream (the only streams fpdf leaves bare, `<</Length N>>`; an indexed PNG's palette is
// the other kind and gets the same treatment) is deflated with one zlib writer reset between
// streams, at fpdf's own level (BestSpeed) and with fpdf's own dictionary text, so the file is
// byte for byte what fpdf's compression wrote — fpdf made a new writer per stream, ~1.3 MB of
// tables each, a fifth of a build's allocation. The faces' objects go after the last object,
// the shared resource dictionary (object 2, the one every page names) gets their /Font entries,
// and one new xref table replaces fpdf's.
func finish(b []byte, fs []*face, cache *FontCache) ([]byte, error) {
	m := startxrefRe.FindSubmatch(b)
	if m == nil {
		return nil, errors.New("fpdf wrote no startxref")
	}
	xrefAt, _ := strconv.Atoi(string(m[1]))
	if xrefAt >= len(b) || !bytes.HasPrefix(b[xrefAt:], []byte("xref\n0 ")) {
		return nil, errors.New("fpdf's startxref does not point at its xref table")
	}
	rest := b[xrefAt+len("xref\n0 "):]
	nl := bytes.IndexByte(rest, '\n')
	size, err := strconv.Atoi(string(rest[:max(nl, 0)]))
	if nl < 0 || err != nil || size < 3 || len(rest) < nl+1+20*size {
		return nil, errors.New("fpdf's xref table is not one section")
	}
	entries := rest[nl+1 : nl+1+20*size]
	trailer := rest[nl+1+20*size:]
	if !bytes.HasPrefix(trailer, []byte("trailer\n")) {
		return nil, errors.New("no trailer after fpdf's xref table")
	}
	trailer = trailer[:bytes.Index(trailer, []byte("startxref"))]
	offs := make([]int, size)
	order := make([]int, 0, size-1) // object numbers in file order
	for i := 1; i < size; i++ {
		if offs[i], err = strconv.Atoi(string(entries[20*i : 20*i+10])); err != nil {
			return nil, fmt.Errorf("xref entry %d: %w", i, err)
		}
		if offs[i] <= 0 || offs[i] >= xrefAt {
			return nil, fmt.Errorf("xref entry %d points outside the objects", i)
		}
		order = append(order, i)
	}
	sort.Slice(order, func(i, j int) bool { return offs[order[i]] < offs[order[j]] })
	for k := 1; k < len(order); k++ {
		if offs[order[k]] == offs[order[k-1]] {
			return nil, errors.New("two xref entries point at one object")
		}
	}
	// body returns object n's bytes in fpdf's file: from its offset to the next object's.
	body := func(k int) []byte {
		end := xrefAt
		if k+1 < len(order) {
			end = offs[order[k+1]]
		}
		return b[offs[order[k]]:end]
	}

	// The bare streams, deflated first into one buffer, so that the output is allocated once at
	// its final size: a growing buffer here was a sixth of a build's page faults.
	type bareObj struct {
		data, tail []byte
		from, to   int // the deflated data in zbuf
	}
	bare := make([]*bareObj, len(order))
	raw := 0
	for k, n := range order {
		if data, tail, ok := bareStream(body(k), n); ok {
			bare[k] = &bareObj{data: data, tail: tail}
			raw += len(data)
		}
	}
	var zbuf bytes.Buffer
	zbuf.Grow(raw / 3) // content streams of text and rules deflate to about a fifth
	var zw *zlib.Writer
	for _, s := range bare {
		if s == nil {
			continue
		}
		if zw == nil {
			if zw, err = zlib.NewWriterLevel(&zbuf, zlib.BestSpeed); err != nil {
				return nil, err
			}
		} else {
			zw.Reset(&zbuf) // the same output as fpdf's new writer per stream, without new tables
		}
		s.from = zbuf.Len()
		if _, err = zw.Write(s.data); err == nil {
			err = zw.Close()
		}
		if err != nil {
			return nil, err
		}
		s.to = zbuf.Len()
	}

	var refs bytes.Buffer
	fontAt := -1 // where in object 2 the /Font entries go
	objs := make([][][]byte, len(fs))
	if len(fs) > 0 {
		res := offs[2]
		end := bytes.Index(b[res:xrefAt], []byte("endobj"))
		fontAt = bytes.Index(b[res:xrefAt], []byte("/Font <<\n"))
		if !bytes.HasPrefix(b[res:], []byte("2 0 obj\n")) || fontAt < 0 || fontAt > end {
			return nil, errors.New("fpdf's resource dictionary has no /Font entry")
		}
		fontAt += len("/Font <<\n")
		packed, err := compressFaces(fs, cache)
		if err != nil {
			return nil, err
		}
		for i, fc := range fs {
			fmt.Fprintf(&refs, "%s %d 0 R\n", fc.res, size+5*i)
			objs[i] = fc.objects(size+5*i, packed[i])
		}
	}
	total := xrefAt - raw + zbuf.Len() + refs.Len() + 64*(size+5*len(fs)) + 256
	for i := range fs {
		for _, obj := range objs[i] {
			total += len(obj) + 32
		}
	}
	out := bytes.NewBuffer(make([]byte, 0, total))
	out.Write(b[:offs[order[0]]]) // the header
	for k, n := range order {
		obj := body(k)
		offs[n] = out.Len()
		switch s := bare[k]; {
		case s != nil:
			fmt.Fprintf(out, "%d 0 obj\n<</Filter /FlateDecode /Length %d>>\nstream\n", n, s.to-s.from)
			out.Write(zbuf.Bytes()[s.from:s.to])
			out.Write(s.tail)
		case n == 2 && fontAt >= 0:
			out.Write(obj[:fontAt])
			out.Write(refs.Bytes())
			out.Write(obj[fontAt:])
		default:
			out.Write(obj)
		}
	}
	for i := range fs {
		for j, obj := range objs[i] {
			offs = append(offs, out.Len())
			fmt.Fprintf(out, "%d 0 obj\n", size+5*i+j)
			out.Write(obj)
			out.WriteString("\nendobj\n")
		}
	}
	at := out.Len()
	fmt.Fprintf(out, "xref\n0 %d\n0000000000 65535 f \n", len(offs))
	for _, o := range offs[1:] {
		fmt.Fprintf(out, "%010d 00000 n \n", o)
	}
	oldSize := fmt.Appendf(nil, "/Size %d\n", size)
	if !bytes.Contains(trailer, oldSize) {
		return nil, errors.New("fpdf's trailer has no /Size")
	}
	out.Write(bytes.Replace(trailer, oldSize, fmt.Appendf(nil, "/Size %d\n", len(offs)), 1))
	fmt.Fprintf(out, "startxref\n%d\n%%%%EOF\n", at)
	return out.Bytes(), nil
}

// bareStream splits object n's bytes around the data of a stream fpdf wrote without a filter,
// `N 0 obj\n<</Length L>>\nstream\n` DATA `\nendstream\nendobj\n`, and returns the data and what
// follows it; ok is false for any other object.
func bareStream(obj []byte, n int) (data, tail []byte, ok bool) {
	pre := strconv.AppendInt(nil, int64(n), 10)
	pre = append(pre, " 0 obj\n<</Length "...)
	if !bytes.HasPrefix(obj, pre) {
		return nil, nil, false
	}
	rest := obj[len(pre):]
	end := bytes.IndexByte(rest, '>')
	if end < 0 {
		return nil, nil, false
	}
	l, err := strconv.Atoi(string(rest[:end]))
	const open, close = ">>\nstream\n", "\nendstream\nendobj\n"
	if err != nil || l < 0 || !bytes.HasPrefix(rest[end:], []byte(open)) {
		return nil, nil, false
	}
	at := len(pre) + end + len(open)
	if at+l > len(obj) || !bytes.Equal(obj[at+l:], []byte(close)) {
		return nil, nil, false
	}
	return obj[at : at+l], obj[at+l:], true
}
