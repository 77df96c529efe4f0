// Package pdf writes a page.Document as PDF bytes with fpdf. It is the only package that imports
// fpdf, and it decides no position: every coordinate comes from the document.
//
// CutFaces cuts a font set's faces to the characters some documents draw (the slug's included);
// Faces.Write turns one of those documents into PDF bytes, and Write does both for one document
// and faces given as TrueType bytes. Preflight reads a document and its PDF back as a print shop
// would.
//
// # Design
//
// Write is one pass over the items of each page, translating each into PDF operators.
//
// The boundary with fpdf: fpdf is used through its public API only, and it owns the file — the
// page tree and page boxes, images, outlines, metadata, object numbers, compression of the
// content streams and the xref. Package pdf never reads or edits what fpdf writes; it tells
// fpdf how large the file will be (the patch's Reserve) and takes the finished bytes without a
// copy (the patch's Bytes). What fpdf lacks is a small patch of
// fpdf in third_party/fpdf (listed in its PATCHES file, each written to be sent upstream) or is
// written through its public RawWriteStr:
//
//   - Fonts: fpdf's own UTF-8 fonts re-parse every face, re-subset faces already cut and write a
//     128 KB CIDToGIDMap per face, over half of a build's CPU. Each role is instead a Type0 font
//     (Identity-H) over a CIDFontType2 whose CIDs are the glyph ids of the face already cut
//     (/CIDToGIDMap /Identity), added with the patch's AddFontResource: fpdf lists it in the page
//     resources and calls back at Output, when this package writes the font's five objects
//     through fpdf's ObjectWriter. A Text becomes `BT /SFn size Tf x y Td <glyph ids> Tj ET`
//     (RawWriteStr), with glyph ids from fonts.Face.GlyphID; /W holds the widths of the glyphs
//     drawn exactly as fonts.Face.Advance measured them for the layout, a ToUnicode CMap maps
//     them back to their characters, and the face is compressed once (Huffman only, see
//     compressFaces) for every document written with the same Faces.
//   - Colour: fpdf only knows RGB, so every colour is written as raw `k`/`K` operators (print) or
//     `rg`/`RG`/`g`/`G` (screen), and fpdf's own colours are never set (the only colour operators
//     fpdf emits itself are "0.000 G"/"0.000 g" DeviceGray at each page start, K-only). Vector
//     shapes (Rect, Line, Path) are raw operators too.
//   - Determinism: fpdf wrote page boxes and images of equal pixel width in map order; the
//     patches write boxes in a fixed order and equal-width images by name. With
//     SetCatalogSort and fixed dates the bytes are then the same from run to run.
//   - Outlines: fpdf placed every bookmark with the height of the last page and read titles as
//     UTF-8 only while one of its UTF-8 fonts was current; the patches use each bookmark's own
//     page and add BookmarkUTF8.
//
// A print document (Document.Print != nil) gets a MediaBox of trim + bleed + a margin for the
// marks and slug, a BleedBox and a TrimBox; the content is offset so that item (0, 0) is the top
// left of the trim. Crop marks and the slug are in registration colour (CMYK 1 1 1 1), so they
// appear on every plate; they are not document items, so Preflight's ink check never sees them.
// Subset fonts are named "ABCDEF+"+role, the six letters hashed from the role and the runes used.
//
// Print images: JPEG is embedded byte for byte (fpdf writes DCT data as is). A PNG with
// transparency is composited onto white first, because fpdf would embed the alpha as a soft mask
// and give every page a transparency group blending in DeviceRGB.
//
// Errors: every problem with a page or an item is reported, each once, as an *Error (joined);
// one about an image carries the FILE:LINE:COL where the data names it (page.Image.Source), and
// a bad photo's error names that photo only. A character the embedded face cannot draw is an
// error too, never a blank.
//
// Preflight reads the finished file through a small reader of PDF syntax (read.go: tokens,
// dictionaries, references, the classic xref table), so it depends on PDF, not on how fpdf
// spaces or orders what it writes.
//
// Limits:
//   - Text is drawn glyph by glyph from the cmap: no OpenType shaping (none is needed for the
//     faces' full-width CJK punctuation), BMP characters only, as fonts measures them. page.Text
//     carries no data position, so an error about a text names the text, not its line.
//   - Positions and sizes of text are written to 0.01 pt; vector operators to 0.001 pt.
//   - Downsampled photos (Document.MaxPPI) are re-encoded as baseline RGB/gray JPEG; meant for
//     the screen briefing, not for the print profile. A JPEG whose file already fits the bytes a
//     150-ppi photo of its placed size may take (jpegBudget) is embedded untouched, above MaxPPI:
//     MaxPPI bounds the file, and re-encoding a light photo costs ~50 ms to save nothing the
//     budget needs. Photos are prepared concurrently, one goroutine per core, before the pages.
//   - Only JPEG and PNG images are accepted. A CMYK (or YCCK) JPEG passes through into print
//     (fpdf marks it with the Decode array of Adobe's inverted storage, which the loader makes
//     sure it has) and is converted to RGB for the screen, naively as page.Color.RGB converts,
//     without an ICC profile.
//   - fpdf copies every photo into its own buffer, and the finished file is copied once more out
//     of it (io.Writer's contract forbids keeping the slice fpdf writes).
package pdf

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"hash/crc32"
	"image"
	"image/color"
	stddraw "image/draw"
	"image/jpeg"
	"image/png"
	"math"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"golang.org/x/image/draw"

	"spread/fonts"
	"spread/page"
	"spread/third_party/fpdf"
)

// registration is the colour of marks and slug (page.Registration) as operands.
const registration = "1 1 1 1"

// Error is one problem of the PDF stage. Source is the FILE:LINE:COL of the data the item
// comes from, where the document knows it; Page is 1-based, 0 for the whole document.
type Error struct {
	Source string
	Page   int
	Msg    string
}

func (e *Error) Error() string {
	var b strings.Builder
	if e.Source != "" {
		b.WriteString(e.Source + ": ")
	} else {
		b.WriteString("pdf: ")
	}
	if e.Page > 0 {
		fmt.Fprintf(&b, "page %d: ", e.Page)
	}
	b.WriteString(e.Msg)
	return b.String()
}

// errs collects the problems of one Write.
type errs []error

func (l *errs) add(src string, pg int, format string, args ...any) {
	*l = append(*l, &Error{Source: src, Page: pg, Msg: fmt.Sprintf(format, args...)})
}

func (l errs) err() error { return errors.Join(l...) }

// writer carries the state of one Write call.
type writer struct {
	doc      *page.Document
	f        *fpdf.Fpdf
	faces    map[string]*face // role → the face drawn for it
	slugRole string           // the face the slug is set in ("" for none)
	print    bool
	margin   float64                 // trim → media edge, points (0 for screen)
	mediaH   float64                 // height of the current page's media box
	pageNo   int                     // the current page, 1-based, for errors
	images   map[imageKey][]embedded // the images registered, by a checksum of their data
	photos   []photo                 // every image's data, in walk order (preparePhotos)
	nthPhoto int                     // the next of photos to place
	nImages  int                     // images registered so far (their names are 1, 2, …)
	errs     errs
}

// Write renders doc as PDF bytes. faces maps every font role used by a Text to its TrueType
// bytes; a face with many more glyphs than doc draws is cut to them first. It returns an error,
// never a partial PDF, for an unknown role, a character outside the Basic Multilingual Plane, a
// bad image or any fpdf failure, and never panics.
func Write(doc *page.Document, faces map[string][]byte) ([]byte, error) {
	fs, err := parseFaces(faces)
	if err != nil {
		return nil, err
	}
	return fs.Write(doc)
}

// Write renders doc as PDF bytes with the faces cut for it (CutFaces), compressing each face
// once for all the documents written with fs. It is safe to call concurrently.
func (fs *Faces) Write(doc *page.Document) (out []byte, err error) {
	defer func() {
		if r := recover(); r != nil {
			out, err = nil, fmt.Errorf("pdf: internal failure while writing: %v", r)
		}
	}()
	if doc == nil {
		return nil, errors.New("pdf: no document")
	}
	if len(doc.Pages) == 0 {
		return nil, errors.New("pdf: document has no pages")
	}
	used, err := check(doc, fs)
	if err != nil {
		return nil, err
	}
	w := &writer{doc: doc, faces: map[string]*face{}, print: doc.Print != nil, images: map[imageKey][]embedded{}}
	if w.print {
		w.margin = doc.Print.Margin()
	}
	first := doc.Pages[0]
	w.f = fpdf.NewCustom(&fpdf.InitType{
		OrientationStr: "P",
		UnitStr:        "pt",
		Size:           fpdf.SizeType{Wd: first.Width + 2*w.margin, Ht: first.Height + 2*w.margin},
	})
	f := w.f
	f.SetCatalogSort(true)
	f.SetAutoPageBreak(false, 0)
	f.SetMargins(0, 0, 0)
	f.SetTitle(doc.Title, true)
	f.SetAuthor(doc.Author, true)
	f.SetSubject(doc.Subject, true)
	f.SetKeywords(doc.Keywords, true)
	f.SetCreator(doc.Creator, true)
	f.SetLang(doc.Language)
	f.SetCreationDate(doc.Date)
	f.SetModificationDate(doc.Date)
	if w.print {
		f.SetDisplayMode("fullpage", "single")
	} else {
		f.SetDisplayMode("fullwidth", "continuous")
	}

	roles := sortedKeys(used)
	if w.slugRole = slugRole(doc, used, sortedKeys(fs.faces)); w.slugRole != "" {
		if used[w.slugRole] == nil {
			used[w.slugRole] = map[rune]bool{}
			roles = sortedKeys(used)
		}
		for _, c := range slugAlphabet(doc, fs.faces[w.slugRole].measure) {
			used[w.slugRole][c] = true
		}
	}
	keys := map[string]string{}
	var embedded []*face
	for i, role := range roles {
		key := pdfName(role, i)
		if prev, dup := keys[key]; dup {
			return nil, fmt.Errorf("pdf: font roles %q and %q map to the same PDF name", prev, role)
		}
		keys[key] = role
		fc, err := newFace(fs.faces[role], key, fmt.Sprintf("SF%d", i+1), used[role])
		if err != nil {
			return nil, fmt.Errorf("pdf: font %q: %w", role, err)
		}
		w.faces[role] = fc
		embedded = append(embedded, fc)
	}
	packed, err := compressFaces(embedded)
	if err != nil {
		return nil, fmt.Errorf("pdf: %w", err)
	}
	for i, fc := range embedded {
		f.AddFontResource(fc.res, func(ow fpdf.ObjectWriter) (int, error) { return fc.objects(ow, packed[i]), nil })
	}

	w.photos = w.preparePhotos()
	for i, p := range doc.Pages {
		w.pageNo = i + 1
		w.page(i, p)
		if err := f.Error(); err != nil {
			w.errs.add("", i+1, "%v", err)
			return nil, w.errs.err()
		}
	}
	if len(w.errs) > 0 {
		return nil, w.errs.err()
	}
	w.outline()
	f.Reserve(outputGuess(doc, embedded, packed))
	out, err = f.Bytes()
	if err != nil {
		return nil, fmt.Errorf("pdf: %w", err)
	}
	return out, nil
}

// outputGuess is a little over the size of the finished file, so that fpdf writes it into one
// allocation (a photo is a megabyte of memory to clear and copy each time a doubling buffer
// outgrows it, which in a fresh process costs more than writing it): the photos, the compressed faces, 32 bytes a glyph drawn
// for widths and ToUnicode, and 32 KB a page for the content (the seed's compressed pages take
// 1–7 KB).
func outputGuess(doc *page.Document, faces []*face, packed [][]byte) int {
	n := 16 << 10
	for i, fc := range faces {
		n += len(packed[i]) + 32*len(fc.widths)
	}
	for _, p := range doc.Pages {
		n += 32 << 10
		walk(p.Items, 0, 0, func(it page.Item, _, _ float64) {
			if im, ok := it.(page.Image); ok {
				n += len(im.Data)
			}
		})
	}
	return n
}

// slugRole is the face the slug of a print document with marks is set in: the body face
// ("song") where the document uses it, else the first role (by name) of the document, or the
// first of available (sorted) if it has no text; "" for no slug.
func slugRole(doc *page.Document, used map[string]map[rune]bool, available []string) string {
	if doc.Print == nil || !doc.Print.Marks || len(available) == 0 {
		return ""
	}
	if used["song"] != nil {
		return "song"
	}
	if roles := sortedKeys(used); len(roles) > 0 {
		return roles[0]
	}
	return available[0]
}

// slugText is the slug line of page i (0-based) as face f draws it: a character of the slug
// (a file name's) that f has no glyph for prints as "?", since the slug is an aid to the print
// shop, not the document's text.
func slugText(doc *page.Document, i int, f *fonts.Face) string {
	s := doc.Print.SlugText(i, len(doc.Pages))
	return strings.Map(func(r rune) rune {
		if f.Has(r) {
			return r
		}
		return '?'
	}, s)
}

// slugAlphabet is every character the slug lines of doc may draw in f: the first page's line
// and every digit of the page numbers.
func slugAlphabet(doc *page.Document, f *fonts.Face) string {
	return slugText(doc, 0, f) + "0123456789"
}

// check validates what fpdf would otherwise lose or panic on, and collects the runes of each role.
func check(doc *page.Document, fs *Faces) (map[string]map[rune]bool, error) {
	used := map[string]map[rune]bool{}
	var errs errs
	for i, p := range doc.Pages {
		pg := i + 1
		if !(p.Width > 0 && p.Height > 0) {
			errs.add("", pg, "size %gx%g pt is not positive", p.Width, p.Height)
		}
		walk(p.Items, 0, 0, func(it page.Item, dx, dy float64) {
			src := ""
			if im, ok := it.(page.Image); ok {
				src = im.Source
			}
			if !page.Finite(it) || math.IsNaN(dx+dy) || math.IsInf(dx+dy, 0) {
				errs.add(src, pg, "%T with a coordinate that is not a finite number", it)
				return
			}
			switch it := it.(type) {
			case page.Text:
				if it.S == "" {
					return // draws nothing, needs no face
				}
				if _, ok := fs.faces[it.Font]; !ok {
					errs.add("", pg, "text %q: no face for font role %q", clip(it.S), it.Font)
					return
				}
				if !(it.Size > 0) {
					errs.add("", pg, "text %q: size %g", clip(it.S), it.Size)
					return
				}
				if !utf8.ValidString(it.S) {
					errs.add("", pg, "text %q is not valid UTF-8", clip(it.S))
					return
				}
				if used[it.Font] == nil {
					used[it.Font] = map[rune]bool{}
				}
				for _, r := range it.S {
					if r > 0xFFFF {
						errs.add("", pg, "text %q: character %c (U+%04X) is outside the Basic Multilingual Plane, which the PDF writer cannot embed", clip(it.S), r, r)
						return
					}
					used[it.Font][r] = true
				}
			case page.Image:
				if it.Format != "jpeg" && it.Format != "png" {
					errs.add(src, pg, "image %s: format %q (want jpeg or png)", it.Name, it.Format)
				}
				if !(it.IW > 0 && it.IH > 0) {
					errs.add(src, pg, "image %s: placed size %gx%g pt", it.Name, it.IW, it.IH)
				}
			}
		})
	}
	for _, b := range doc.Outline {
		if b.Page < 0 || b.Page >= len(doc.Pages) {
			errs.add("", 0, "bookmark %q points at page %d of %d", b.Title, b.Page+1, len(doc.Pages))
		}
	}
	return used, errs.err()
}

// walk calls fn for every non-group item with the accumulated group offset.
func walk(items []page.Item, dx, dy float64, fn func(it page.Item, dx, dy float64)) {
	for _, it := range items {
		if g, ok := it.(page.Group); ok {
			walk(g.Items, dx+g.X, dy+g.Y, fn)
			continue
		}
		fn(it, dx, dy)
	}
}

func (w *writer) page(i int, p page.Page) {
	f := w.f
	mw, mh := p.Width+2*w.margin, p.Height+2*w.margin
	f.AddPageFormat("P", fpdf.SizeType{Wd: mw, Ht: mh})
	w.mediaH = mh
	if w.print {
		m, b := w.margin, w.doc.Print.Bleed
		f.SetPageBox("bleed", m-b, m-b, p.Width+2*b, p.Height+2*b)
		f.SetPageBox("trim", m, m, p.Width, p.Height)
	}
	walk(p.Items, 0, 0, func(it page.Item, dx, dy float64) { w.item(it, dx, dy) })
	if w.print && w.doc.Print.Marks {
		w.marks(i, p)
	}
}

// x and y map document coordinates (trim origin, y down) to PDF user space (media origin, y up).
func (w *writer) x(x float64) float64 { return w.margin + x }
func (w *writer) y(y float64) float64 { return w.mediaH - w.margin - y }

func (w *writer) raw(format string, args ...any) { w.f.RawWriteStr(fmt.Sprintf(format, args...)) }

// colour writes a fill (stroke=false) or stroke colour operator.
func (w *writer) colour(c page.Color, stroke bool) {
	var buf [64]byte
	b := buf[:0]
	nums := func(op string, vs ...float64) {
		for _, v := range vs {
			b = append(appendNum(b, v), ' ')
		}
		w.f.RawWriteStr(string(append(b, op...)))
	}
	if w.print {
		op := "k"
		if stroke {
			op = "K"
		}
		nums(op, c.C, c.M, c.Y, c.K)
		return
	}
	r, g, bl := c.RGB()
	if r == g && g == bl {
		op := "g"
		if stroke {
			op = "G"
		}
		nums(op, r)
		return
	}
	op := "rg"
	if stroke {
		op = "RG"
	}
	nums(op, r, g, bl)
}

func (w *writer) item(it page.Item, dx, dy float64) {
	switch it := it.(type) {
	case page.Text:
		w.text(it, dx, dy)
	case page.Rect:
		if it.Fill == nil && it.Stroke == nil {
			return
		}
		w.raw("q")
		w.paint(it.Fill, it.Stroke, it.LineWidth)
		w.raw("%s %s %s %s re %s", num(w.x(dx+it.X)), num(w.y(dy+it.Y+it.H)), num(it.W), num(it.H), paintOp(it.Fill, it.Stroke))
		w.raw("Q")
	case page.Line:
		w.raw("q")
		w.colour(it.Color, true)
		w.raw("%s w", num(it.Width))
		w.raw("%s %s m %s %s l S", num(w.x(dx+it.X1)), num(w.y(dy+it.Y1)), num(w.x(dx+it.X2)), num(w.y(dy+it.Y2)))
		w.raw("Q")
	case page.Path:
		if (it.Fill == nil && it.Stroke == nil) || len(it.Ops) == 0 {
			return
		}
		w.raw("q")
		w.paint(it.Fill, it.Stroke, it.LineWidth)
		var sb strings.Builder
		for _, op := range it.Ops {
			p := op.Pts
			switch op.Kind {
			case page.MoveTo:
				fmt.Fprintf(&sb, "%s %s m\n", num(w.x(dx+p[0].X)), num(w.y(dy+p[0].Y)))
			case page.LineTo:
				fmt.Fprintf(&sb, "%s %s l\n", num(w.x(dx+p[0].X)), num(w.y(dy+p[0].Y)))
			case page.CurveTo:
				fmt.Fprintf(&sb, "%s %s %s %s %s %s c\n", num(w.x(dx+p[0].X)), num(w.y(dy+p[0].Y)),
					num(w.x(dx+p[1].X)), num(w.y(dy+p[1].Y)), num(w.x(dx+p[2].X)), num(w.y(dy+p[2].Y)))
			case page.Close:
				sb.WriteString("h\n")
			}
		}
		sb.WriteString(paintOp(it.Fill, it.Stroke))
		w.f.RawWriteStr(sb.String())
		w.raw("Q")
	case page.Image:
		w.image(it, dx, dy)
	}
}

func (w *writer) paint(fill, stroke *page.Color, lw float64) {
	if fill != nil {
		w.colour(*fill, false)
	}
	if stroke != nil {
		w.colour(*stroke, true)
		w.raw("%s w", num(lw))
	}
}

func paintOp(fill, stroke *page.Color) string {
	switch {
	case fill != nil && stroke != nil:
		return "B"
	case fill != nil:
		return "f"
	default:
		return "S"
	}
}

func (w *writer) text(t page.Text, dx, dy float64) {
	if t.S == "" {
		return
	}
	w.glyphs(t, dx, dy, func() { w.colour(t.Color, false) })
}

// glyphs draws a Text as glyph ids of its face after paint sets its colour. The position and
// size are written to 0.01 pt.
func (w *writer) glyphs(t page.Text, dx, dy float64, paint func()) {
	fc := w.faces[t.Font]
	paint()
	if t.Spacing != 0 {
		w.raw("%s Tc", num(t.Spacing))
	}
	b := make([]byte, 0, 48+4*len(t.S))
	b = append(append(append(b, "BT /"...), fc.res...), ' ')
	b = append(strconv.AppendFloat(b, t.Size, 'f', 2, 64), " Tf "...)
	b = append(strconv.AppendFloat(b, w.margin+dx+t.X, 'f', 2, 64), ' ')
	b = append(strconv.AppendFloat(b, w.mediaH-(w.margin+dy+t.Y), 'f', 2, 64), " Td <"...)
	b = fc.appendHex(b, t.S)
	w.f.RawWriteStr(string(append(b, "> Tj ET"...)))
	if t.Spacing != 0 {
		w.raw("0 Tc") // Tc outlives ET
	}
}

// imageKey finds an image registered before with the same data: its format, length and
// CRC-32C (Castagnoli, which the processor computes), a key that only byte-for-byte comparison
// with the images under it confirms.
type imageKey struct {
	format string
	n      int
	sum    uint32
}

// embedded is an image registered with fpdf under name (its /I name in the file).
type embedded struct {
	data []byte
	name string
}

// photo is an image's data as it goes into the file, prepared before the pages are written.
type photo struct {
	data   []byte
	format string
	err    error
}

// preparePhotos downsamples (Document.MaxPPI) and flattens (print PNGs) every image of the
// document, concurrently on all cores: decoding and resampling photos is the one part of a
// document that costs tens of milliseconds apiece, and each is independent of the others.
// The result is in walk order, which is the order the pages consume it in; it does not depend
// on scheduling, so the output stays byte-identical.
func (w *writer) preparePhotos() []photo {
	var ims []page.Image
	for _, p := range w.doc.Pages {
		walk(p.Items, 0, 0, func(it page.Item, _, _ float64) {
			if im, ok := it.(page.Image); ok {
				ims = append(ims, im)
			}
		})
	}
	out := make([]photo, len(ims))
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(ims)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				out[i] = w.preparePhoto(ims[i])
			}
		}()
	}
	for i := range ims {
		next <- i
	}
	close(next)
	wg.Wait()
	return out
}

func (w *writer) preparePhoto(im page.Image) (p photo) {
	defer func() {
		if r := recover(); r != nil { // a decoder bug on hostile data must not take the process down
			p = photo{err: fmt.Errorf("internal failure while decoding: %v", r)}
		}
	}()
	data, format := im.Data, im.Format
	if w.doc.MaxPPI > 0 {
		var err error
		if data, format, err = downsample(im, w.doc.MaxPPI); err != nil {
			return photo{err: err}
		}
	}
	if len(data) == 0 {
		return photo{err: errors.New("no data")}
	}
	if w.print && format == "png" {
		var err error
		if data, err = flattenPNG(data); err != nil {
			return photo{err: err}
		}
	}
	if !w.print && format == "jpeg" && isCMYKJPEG(data) {
		var err error
		if data, err = rgbJPEG(data); err != nil {
			return photo{err: err}
		}
	}
	return photo{data: data, format: format}
}

// isCMYKJPEG reports a four-channel (CMYK or YCCK) JPEG, by its header.
func isCMYKJPEG(data []byte) bool {
	c, err := jpeg.DecodeConfig(bytes.NewReader(data))
	return err == nil && c.ColorModel == color.CMYKModel
}

// rgbQuality is the JPEG quality of a CMYK photo converted for the screen.
const rgbQuality = 90

// rgbJPEG converts a CMYK or YCCK JPEG to an RGB one for a screen document, which must not
// carry DeviceCMYK. image/jpeg undoes the inversion of Adobe's CMYK JPEGs (255 meaning no ink),
// and the inks become RGB naively, as page.Color.RGB converts vector colour: R = (1−C)(1−K) …
// In print, a CMYK photo passes through as the press's own separation (fpdf writes the Decode
// array that Adobe's inverted storage needs).
func rgbJPEG(data []byte) ([]byte, error) {
	src, err := jpeg.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	c, ok := src.(*image.CMYK)
	if !ok {
		return nil, fmt.Errorf("a CMYK JPEG decoded as %T", src)
	}
	b := c.Bounds()
	dst := image.NewRGBA(b)
	for y := b.Min.Y; y < b.Max.Y; y++ {
		s := c.Pix[c.PixOffset(b.Min.X, y):][:4*b.Dx()]
		d := dst.Pix[dst.PixOffset(b.Min.X, y):][:4*b.Dx()]
		for i := 0; i < len(s); i += 4 {
			d[i], d[i+1], d[i+2] = color.CMYKToRGB(s[i], s[i+1], s[i+2], s[i+3])
			d[i+3] = 0xFF
		}
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, dst, &jpeg.Options{Quality: rgbQuality}); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// image places a prepared photo clipped to its frame. A photo that cannot be embedded is
// recorded with its data position and skipped, so that the error names that photo alone and
// the other photos are still checked.
func (w *writer) image(im page.Image, dx, dy float64) {
	f := w.f
	if w.nthPhoto >= len(w.photos) {
		w.errs.add(im.Source, w.pageNo, "image %s: not prepared", im.Name)
		return
	}
	ph := w.photos[w.nthPhoto]
	w.nthPhoto++
	if ph.err != nil {
		w.errs.add(im.Source, w.pageNo, "image %s: %v", im.Name, ph.err)
		return
	}
	data, format := ph.data, ph.format
	key := imageKey{format: format, n: len(data), sum: crc32.Checksum(data, crc32.MakeTable(crc32.Castagnoli))}
	name := ""
	for _, e := range w.images[key] {
		if bytes.Equal(e.data, data) {
			name = e.name
			break
		}
	}
	registered := name != ""
	if !registered {
		w.nImages++
		name = strconv.Itoa(w.nImages)
	}
	// the image is named by the order it first appears in (fpdf patch 9): no digest of its
	// data is taken, the same data is found by its checksum and compared byte for byte
	opt := fpdf.ImageOptions{ImageType: format, AllowNegativePosition: true, ID: name}
	// fpdf keeps a JPEG's bytes as they are (patch 8), not a copy of each photo: nothing
	// changes a prepared photo's data
	f.RegisterImageOptionsBytes(name, opt, data)
	if err := f.Error(); err != nil {
		f.ClearError() // fpdf's error is sticky: it would be this photo's for every one after it
		w.errs.add(im.Source, w.pageNo, "image %s: %v", im.Name, err)
		return
	}
	if !registered {
		w.images[key] = append(w.images[key], embedded{data: data, name: name})
	}
	f.ClipRect(w.margin+dx+im.X, w.margin+dy+im.Y, im.W, im.H, false)
	f.ImageOptions(name, w.margin+dx+im.IX, w.margin+dy+im.IY, im.IW, im.IH, false, opt, 0, "")
	f.ClipEnd()
}

// marks draws crop marks at the four trim corners and the slug line below the bleed, where
// page.Print puts them.
func (w *writer) marks(i int, p page.Page) {
	pr := w.doc.Print
	w.raw("q")
	w.raw("%s K", registration)
	w.raw("%s w", num(page.MarkWidth))
	for _, l := range pr.CropMarks(p.Width, p.Height) {
		w.raw("%s %s m %s %s l S", num(w.x(l.X1)), num(w.y(l.Y1)), num(w.x(l.X2)), num(w.y(l.Y2)))
	}
	w.raw("Q")
	role := w.slugRole
	if role == "" {
		return // no face at all: marks without a slug rather than an unembedded core font
	}
	slug := pr.SlugLine(i, len(w.doc.Pages), p.Height, role)
	slug.S = slugText(w.doc, i, w.faces[role].cut.measure)
	w.glyphs(slug, 0, 0, func() { w.raw("%s k", registration) })
}

// outline adds the bookmarks, each on its page (fpdf files a bookmark under the current page).
func (w *writer) outline() {
	f := w.f
	if len(w.doc.Outline) == 0 {
		return
	}
	last := f.PageCount()
	for _, b := range w.doc.Outline {
		f.SetPage(b.Page + 1)
		f.BookmarkUTF8(b.Title, b.Level, w.margin+b.Y)
	}
	f.SetPage(last)
}

// num formats a coordinate with three decimals and no trailing zeros.
func num(v float64) string {
	var b [32]byte
	return string(appendNum(b[:0], v))
}

// appendNum appends num(v) to b: what fmt's %.3f writes, trailing zeros and point trimmed
// (strconv, as fmt, without fmt's cost on every operator of a page).
func appendNum(b []byte, v float64) []byte {
	start := len(b)
	b = strconv.AppendFloat(b, v, 'f', 3, 64)
	for b[len(b)-1] == '0' {
		b = b[:len(b)-1]
	}
	if b[len(b)-1] == '.' {
		b = b[:len(b)-1]
	}
	if string(b[start:]) == "-0" {
		b = append(b[:start], '0')
	}
	return b
}

// pdfName turns a role into a PDF-name-safe lowercase key.
func pdfName(role string, i int) string {
	var b strings.Builder
	for _, r := range strings.ToLower(role) {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') || r == '-' || r == '_' {
			b.WriteRune(r)
		}
	}
	if b.Len() == 0 {
		return fmt.Sprintf("f%d", i)
	}
	return b.String()
}

// subsetTag derives the six capital letters of a subset's name tag from its role and runes.
func subsetTag(role string, runes map[rune]bool) string {
	rs := make([]rune, 0, len(runes))
	for r := range runes {
		rs = append(rs, r)
	}
	sort.Slice(rs, func(i, j int) bool { return rs[i] < rs[j] })
	sum := sha256.Sum256([]byte(role + "\x00" + string(rs)))
	tag := make([]byte, 6)
	for i := range tag {
		tag[i] = 'A' + sum[i]%26
	}
	return string(tag)
}

// jpegBudget is what a photo may cost in a downsampled document, in bytes per pixel at the
// target resolution: about what a baseline JPEG at quality 85 of a detailed photo needs
// (0.25–0.35 byte/px; smooth pictures need far less). A photo whose original file is already
// within that budget is embedded as it is: re-encoding it would cost a decode, a resample and an
// encode (about 50 ms for a 2-megapixel photo) to save bytes the budget allows anyway.
const jpegBudget = 0.35

// jpegSlack is how far over its budget a photo may be and still pass through: re-encoding to
// save less than this per photo is not worth a generation of JPEG loss and the time.
const jpegSlack = 128 << 10

// downsample re-encodes a photo whose effective resolution at its placed size exceeds maxPPI as
// a JPEG (quality 85) of exactly maxPPI, unless its file is already within jpegBudget at that
// size (give or take jpegSlack); others pass through unchanged.
func downsample(im page.Image, maxPPI float64) ([]byte, string, error) {
	pw, ph := im.PixelW, im.PixelH
	if pw <= 0 || ph <= 0 {
		cfg, _, err := image.DecodeConfig(bytes.NewReader(im.Data))
		if err != nil {
			return nil, "", err
		}
		pw, ph = cfg.Width, cfg.Height
	}
	ppi := math.Min(float64(pw)/(im.IW/72), float64(ph)/(im.IH/72))
	if ppi <= maxPPI {
		return im.Data, im.Format, nil
	}
	tw := max(1, int(math.Round(im.IW/72*maxPPI)))
	th := max(1, int(math.Round(im.IH/72*maxPPI)))
	if im.Format == "jpeg" && float64(len(im.Data)) <= jpegBudget*float64(tw)*float64(th)+jpegSlack {
		return im.Data, im.Format, nil
	}
	src, _, err := image.Decode(bytes.NewReader(im.Data))
	if err != nil {
		return nil, "", err
	}
	dst := resample(src, tw, th)
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, dst, &jpeg.Options{Quality: 85}); err != nil {
		return nil, "", err
	}
	return buf.Bytes(), "jpeg", nil
}

// resample scales src to tw×th on paper white. A photo more than twice the target size is first
// shrunk by an integer factor with a box filter straight on its Y/Cb/Cr or gray planes (one cheap
// pass over the pixels, and the box is the right filter for an integer shrink); CatmullRom then
// covers the remaining factor below 2 on the small image. CatmullRom on the full photo cost six
// times the JPEG decode.
func resample(src image.Image, tw, th int) image.Image {
	b := src.Bounds()
	if f := min(b.Dx()/tw, b.Dy()/th); f >= 2 {
		switch s := src.(type) {
		case *image.YCbCr:
			src = boxYCbCr(s, f)
		case *image.Gray:
			src = boxGray(s, f)
		}
	}
	var dst stddraw.Image
	op := draw.Src
	if src.ColorModel() == color.GrayModel {
		dst = image.NewGray(image.Rect(0, 0, tw, th))
	} else {
		rgba := image.NewRGBA(image.Rect(0, 0, tw, th))
		if o, ok := src.(interface{ Opaque() bool }); !ok || !o.Opaque() {
			stddraw.Draw(rgba, rgba.Bounds(), image.White, image.Point{}, stddraw.Src) // flatten alpha on paper white
			op = draw.Over
		}
		dst = rgba
	}
	draw.CatmullRom.Scale(dst, dst.Bounds(), src, src.Bounds(), op, nil)
	return dst
}

// boxYCbCr averages f×f blocks of a YCbCr image into a 4:4:4 one (the trailing partial blocks
// are dropped: under f pixels of a photo more than twice the target). Averaging before the
// colour conversion is exact because YCbCr → RGB is affine.
func boxYCbCr(s *image.YCbCr, f int) *image.YCbCr {
	b := s.Bounds()
	w, h := b.Dx()/f, b.Dy()/f
	d := image.NewYCbCr(image.Rect(0, 0, w, h), image.YCbCrSubsampleRatio444)
	n := uint32(f * f)
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			var sy, scb, scr uint32
			for yy := 0; yy < f; yy++ {
				py := b.Min.Y + y*f + yy
				for xx := 0; xx < f; xx++ {
					px := b.Min.X + x*f + xx
					sy += uint32(s.Y[s.YOffset(px, py)])
					ci := s.COffset(px, py)
					scb += uint32(s.Cb[ci])
					scr += uint32(s.Cr[ci])
				}
			}
			i := y*d.YStride + x
			d.Y[i] = uint8((sy + n/2) / n)
			d.Cb[i] = uint8((scb + n/2) / n)
			d.Cr[i] = uint8((scr + n/2) / n)
		}
	}
	return d
}

// boxGray averages f×f blocks of a gray image.
func boxGray(s *image.Gray, f int) *image.Gray {
	b := s.Bounds()
	w, h := b.Dx()/f, b.Dy()/f
	d := image.NewGray(image.Rect(0, 0, w, h))
	n := uint32(f * f)
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			var sum uint32
			for yy := 0; yy < f; yy++ {
				row := s.Pix[s.PixOffset(b.Min.X+x*f, b.Min.Y+y*f+yy):]
				for _, v := range row[:f] {
					sum += uint32(v)
				}
			}
			d.Pix[y*d.Stride+x] = uint8((sum + n/2) / n)
		}
	}
	return d
}

// flattenPNG composites a PNG with transparency onto paper white. fpdf embeds alpha as a soft
// mask and then gives every page a transparency group blending in DeviceRGB, which a press
// must not get. Opaque PNGs pass through unchanged.
func flattenPNG(data []byte) ([]byte, error) {
	src, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	if o, ok := src.(interface{ Opaque() bool }); ok && o.Opaque() {
		return data, nil
	}
	var dst stddraw.Image
	switch src.ColorModel() {
	case color.GrayModel, color.Gray16Model:
		dst = image.NewGray(src.Bounds())
	default:
		dst = image.NewRGBA(src.Bounds())
	}
	stddraw.Draw(dst, dst.Bounds(), image.White, image.Point{}, stddraw.Src)
	stddraw.Draw(dst, dst.Bounds(), src, src.Bounds().Min, stddraw.Over)
	var buf bytes.Buffer
	if err := png.Encode(&buf, dst); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func sortedKeys[V any](m map[string]V) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

// clip shortens a string for an error message.
func clip(s string) string {
	if r := []rune(s); len(r) > 12 {
		return string(r[:12]) + "…"
	}
	return s
}
