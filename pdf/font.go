package pdf

import (
	"bytes"
	"compress/zlib"
	"errors"
	"fmt"
	"math"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"

	"spread/fonts"
	"spread/page"
	"spread/third_party/fpdf"
)

// Faces are the faces of one or more documents, each cut to the characters the documents draw
// in it, parsed, and compressed at most once for all of them (the print and briefing PDFs of one
// report share one cut of each face). It is read-only after CutFaces and safe for concurrent use.
type Faces struct {
	faces map[string]*cutFace // role → face
}

// cutFace is one role's face as Faces hold it.
type cutFace struct {
	role    string
	measure *fonts.Face // the face the widths come from: the one the layout measured with
	face    *fonts.Face // the face embedded: measure, or measure cut to the documents' characters
	once    sync.Once   // compressed once, by the first document that embeds it
	z       []byte
	err     error
}

// roles are the face roles CutFaces looks for in a set.
var roles = []string{fonts.Song, fonts.SongBold, fonts.Hei, fonts.Kai}

// CutFaces cuts each face of set to the characters docs draw in it, the slug lines of print
// documents included: whole 10 MB CJK faces cost the PDF writer more than the whole rest of a
// build, and one cut serves every document written with the result. A face no document draws
// is kept whole (it is embedded only to set a slug in, and then cut by Write).
func CutFaces(set *fonts.Set, docs ...*page.Document) (*Faces, error) {
	used := map[string]*strings.Builder{}
	text := func(role string) *strings.Builder {
		b := used[role]
		if b == nil {
			b = &strings.Builder{}
			used[role] = b
		}
		return b
	}
	var available []string // sorted, as roles is
	for _, role := range roles {
		if set.Face(role) != nil {
			available = append(available, role)
		}
	}
	sort.Strings(available)
	for _, doc := range docs {
		if doc == nil {
			continue
		}
		runes := map[string]map[rune]bool{}
		for _, p := range doc.Pages {
			walk(p.Items, 0, 0, func(it page.Item, _, _ float64) {
				if t, ok := it.(page.Text); ok && t.S != "" {
					text(t.Font).WriteString(t.S)
					runes[t.Font] = map[rune]bool{}
				}
			})
		}
		if role := slugRole(doc, runes, available); role != "" {
			text(role).WriteString(slugAlphabet(doc, set.Face(role)))
		}
	}
	fs := &Faces{faces: map[string]*cutFace{}}
	var mu sync.Mutex
	var errs []error
	var wg sync.WaitGroup
	for _, role := range roles {
		f := set.Face(role)
		if f == nil {
			continue
		}
		b, ok := used[role]
		if !ok {
			mu.Lock() // the goroutines of faces cut before this one write the map too
			fs.faces[role] = &cutFace{role: role, measure: f, face: f}
			mu.Unlock()
			continue
		}
		wg.Add(1)
		go func() { // the four faces are cut at once, on all cores
			defer wg.Done()
			cut, err := cutTo(f, role, f.Name, b.String())
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				errs = append(errs, fmt.Errorf("pdf: subsetting the %s face: %w", role, err))
				return
			}
			fs.faces[role] = &cutFace{role: role, measure: f, face: cut}
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return fs, nil
}

// Data is the TrueType bytes of each role's face as cut, for a second writer of the same
// documents (package raster draws their pages' pictures with the faces the PDFs embed). The map
// is new on each call; the bytes are the Faces' own and must not be changed.
func (fs *Faces) Data() map[string][]byte {
	out := make(map[string][]byte, len(fs.faces))
	for role, c := range fs.faces {
		out[role] = c.face.Data
	}
	return out
}

// cutTo returns f cut to the characters of text, parsed.
func cutTo(f *fonts.Face, role, name, text string) (*fonts.Face, error) {
	data, err := f.Subset(text)
	if err != nil {
		return nil, err
	}
	return fonts.Parse(role, name, data)
}

// parseFaces makes Faces of TrueType bytes by role, each face as it is.
func parseFaces(data map[string][]byte) (*Faces, error) {
	fs := &Faces{faces: map[string]*cutFace{}}
	var errs []error
	for _, role := range sortedKeys(data) {
		f, err := fonts.Parse(role, role, data[role])
		if err != nil {
			errs = append(errs, fmt.Errorf("pdf: %w", err))
			continue
		}
		fs.faces[role] = &cutFace{role: role, measure: f, face: f}
	}
	return fs, errors.Join(errs...)
}

// deflate returns the face's bytes compressed, computing them once.
func (c *cutFace) deflate(z *deflater) ([]byte, error) {
	c.once.Do(func() { c.z, c.err = z.deflate(c.face.Data) })
	return c.z, c.err
}

// face is one font role as one document embeds it: a Type0 font (Identity-H) over a
// CIDFontType2 whose CIDs are the glyph ids of the cut face, so the content stream draws glyph
// ids straight from its cmap and the file needs no CIDToGIDMap stream.
type face struct {
	name   string // BaseFont: "ABCDEF+" subset tag and the role's key
	res    string // resource name in the page resources ("SF1" …)
	cut    *cutFace
	widths map[uint16]int  // every glyph drawn → its width in 1000/em, as the layout measured it
	uni    map[uint16]rune // every glyph drawn → the (first) character it stands for
	gids   map[rune]uint16 // every character drawn → its glyph, looked up in the cmap once
}

// subsetSlack: a face with more glyphs than this beyond the characters drawn is cut down to them
// before it is embedded (a caller handed whole faces); CutFaces hands faces already cut.
const subsetSlack = 64

// newFace prepares cf for one document drawing runes in it, cutting it to them when it is much
// bigger than they need (then for this document alone). A character the face cannot draw is an
// error: fpdf-era writers drew it as a blank.
func newFace(cf *cutFace, key, res string, runes map[rune]bool) (*face, error) {
	var missing []rune
	for r := range runes {
		if !cf.face.Has(r) {
			missing = append(missing, r)
		}
	}
	if len(missing) > 0 { // it would print as a blank, silently
		sort.Slice(missing, func(i, j int) bool { return missing[i] < missing[j] })
		var list []string
		for _, r := range missing[:min(len(missing), 8)] {
			list = append(list, fmt.Sprintf("%q (U+%04X)", r, r))
		}
		more := ""
		if len(missing) > 8 {
			more = fmt.Sprintf(" and %d more", len(missing)-8)
		}
		return nil, fmt.Errorf("the face has no glyph for %s%s (a face cut for other documents?)", strings.Join(list, ", "), more)
	}
	if cf.face.Metrics().Glyphs > len(runes)+subsetSlack {
		rs := make([]rune, 0, len(runes))
		for r := range runes {
			rs = append(rs, r)
		}
		sort.Slice(rs, func(i, j int) bool { return rs[i] < rs[j] })
		cut, err := cutTo(cf.face, cf.role, key, string(rs))
		if err != nil {
			return nil, err
		}
		cf = &cutFace{role: cf.role, measure: cf.face, face: cut}
	}
	return &face{name: subsetTag(cf.role, runes) + "+" + key, res: res, cut: cf,
		widths: map[uint16]int{}, uni: map[uint16]rune{}, gids: map[rune]uint16{}}, nil
}

// appendHex writes s as the big-endian hex glyph ids of a Tj string and records every glyph's
// width and character for the /W array and the ToUnicode CMap.
func (fc *face) appendHex(b []byte, s string) []byte {
	const hex = "0123456789ABCDEF"
	for _, r := range s {
		g, seen := fc.gids[r]
		if !seen { // a page draws the same few hundred characters thousands of times
			g = fc.cut.face.GlyphID(r)
			fc.gids[r] = g
			if _, ok := fc.widths[g]; !ok {
				fc.widths[g] = int(math.Round(fc.cut.measure.Advance(r) * 1000))
			}
			if u, ok := fc.uni[g]; g != 0 && (!ok || r < u) {
				fc.uni[g] = r
			}
		}
		b = append(b, hex[g>>12], hex[g>>8&15], hex[g>>4&15], hex[g&15])
	}
	return b
}

// descriptor is what the FontDescriptor says, in 1000/em.
type descriptor struct {
	ascent, descent, capHeight, italic, stemV, flags, missing int
	bbox                                                      [4]int
}

// describe turns the face's metrics into a descriptor: StemV estimated from the weight, the
// flags symbolic (glyphs are addressed by id, not by a standard encoding), fixed pitch, italic
// and ForceBold from the face.
func describe(m fonts.Metrics) descriptor {
	sc := func(v int) int { return int(math.Round(float64(v) * 1000 / float64(m.UnitsPerEm))) }
	d := descriptor{ascent: sc(m.Ascent), descent: sc(m.Descent), capHeight: sc(m.CapHeight),
		italic: m.ItalicAngle, missing: m.MissingWidth,
		bbox: [4]int{sc(m.BBox[0]), sc(m.BBox[1]), sc(m.BBox[2]), sc(m.BBox[3])}}
	d.stemV = 50 + int(math.Pow(float64(m.Weight)/65, 2))
	d.flags = 4
	if m.ItalicAngle != 0 {
		d.flags |= 64
	}
	if m.FixedPitch {
		d.flags |= 1
	}
	if m.Weight >= 600 {
		d.flags |= 262144
	}
	return d
}

// objects writes the five objects of the face with ow, each after the ones it refers to —
// FontFile2 (font, the compressed face), ToUnicode, FontDescriptor, CIDFontType2, Type0 — and
// returns the number of the Type0 font.
func (fc *face) objects(ow fpdf.ObjectWriter, font []byte) int {
	gs := make([]int, 0, len(fc.widths))
	for g := range fc.widths {
		gs = append(gs, int(g))
	}
	sort.Ints(gs)
	file := ow.Stream(fmt.Sprintf("/Filter /FlateDecode /Length1 %d", len(fc.cut.face.Data)), font)
	uni := ow.Stream("", []byte(fc.toUnicode(gs)))
	d := describe(fc.cut.face.Metrics())
	desc := ow.Object(fmt.Sprintf("<</Type /FontDescriptor /FontName /%s\n /Ascent %d /Descent %d /CapHeight %d /Flags %d /FontBBox [%d %d %d %d] /ItalicAngle %d /StemV %d /MissingWidth %d /FontFile2 %d 0 R>>",
		fc.name, d.ascent, d.descent, d.capHeight, d.flags, d.bbox[0], d.bbox[1], d.bbox[2], d.bbox[3], d.italic, d.stemV, d.missing, file))
	var cid bytes.Buffer
	fmt.Fprintf(&cid, "<</Type /Font\n/Subtype /CIDFontType2\n/BaseFont /%s\n/CIDSystemInfo <</Registry (Adobe) /Ordering (Identity) /Supplement 0>>\n/FontDescriptor %d 0 R\n/DW %d\n/W [",
		fc.name, desc, d.missing)
	for i := 0; i < len(gs); {
		j := i + 1
		for j < len(gs) && gs[j] == gs[j-1]+1 {
			j++
		}
		fmt.Fprintf(&cid, "%d [", gs[i])
		for k := i; k < j; k++ {
			if k > i {
				cid.WriteByte(' ')
			}
			cid.WriteString(strconv.Itoa(fc.widths[uint16(gs[k])]))
		}
		cid.WriteString("]\n")
		i = j
	}
	cid.WriteString("]\n/CIDToGIDMap /Identity>>")
	cidFont := ow.Object(cid.String())
	return ow.Object(fmt.Sprintf("<</Type /Font\n/Subtype /Type0\n/BaseFont /%s\n/Encoding /Identity-H\n/DescendantFonts [%d 0 R]\n/ToUnicode %d 0 R>>",
		fc.name, cidFont, uni))
}

// toUnicode is the CMap from the glyphs drawn back to their characters, so text copies and
// searches (CIDs are glyph ids here, not code points).
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
// than zlib's fastest level for 15 % more bytes (about 80 KB a PDF). A face that another
// document written with the same Faces already embedded is not compressed again.
func compressFaces(fs []*face) ([][]byte, error) {
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
				out[i], errs[i] = fs[i].cut.deflate(&z)
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
