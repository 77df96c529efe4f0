// Package pdf writes a page.Document as PDF bytes with fpdf. It is the only package that imports
// fpdf, and it decides no position: every coordinate comes from the document.
//
// Write turns a document and its faces (role → TrueType bytes) into PDF bytes; Preflight reads a
// document and its PDF back as a print shop would.
//
// # Design
//
// Write is one pass over the items of each page, translating each into PDF operators. fpdf is
// used for what it does well (image embedding, the object/xref bookkeeping, outlines, metadata)
// and bypassed for fonts and colour. Fonts: fpdf re-parsed every face, JSON-marshalled a
// 65,536-entry width table per face to hash an ID, re-subset faces already cut and wrote a 128 KB
// CIDToGIDMap per face, over half of a build's CPU. Write draws text itself (font.go): each role
// is a Type0 font (Identity-H) over a CIDFontType2 whose CIDs are the glyph ids of the TrueType
// bytes it is handed (/CIDToGIDMap /Identity), so a Text becomes `BT /SFn size Tf x y Td <glyph
// ids> Tj ET` with ids from the face's own format-4 cmap; /W holds the widths of the glyphs drawn
// exactly as fonts.Face.Advance measured them for the layout, a ToUnicode CMap maps them back to
// their characters, and the face is Flate-compressed once as /FontFile2. Faces come already cut
// to the document's characters (cmd/spread); a face with many more glyphs than the document
// draws is cut here with fonts.Face.Subset. fpdf has no way to add fonts as resources
// (ImportObjects, gofpdi's hook, writes raw objects but in map order and can name them only as
// XObjects), so after its Output one post-pass (finish) rewrites fpdf's objects in file order:
// the font objects are appended behind its last object, their /Font entries inserted into the
// one resource dictionary all pages share (object 2), and a single new xref table written with
// every object's new offset. The same pass compresses the page content streams: fpdf runs with
// compression off and finish deflates them with one zlib writer reset between streams, at
// fpdf's level (BestSpeed) and with its dictionary text, so the bytes are exactly what fpdf's
// own compression wrote, without its new ~1.3 MB writer per page (a fifth of a build's
// allocation). Compression off changes nothing else fpdf writes here: image data keeps its own
// filter (DCT, or fpdf's Flate for PNG), and an indexed PNG's palette, the one other stream it
// then leaves bare, is deflated by finish the same way. Colour: fpdf only knows RGB, so
// every colour is written as raw `k`/`K` operators (print) or `rg`/`RG`/`g`/`G` (screen) through
// RawWriteStr, and fpdf's own fill/text colours are never touched (they stay at the DeviceGray
// default, so the only colour operators fpdf emits itself are "0.000 G"/"0.000 g" DeviceGray at
// each page start, which are K-only). Vector shapes (Rect, Line, Path)
// are written as raw operators too.
//
// A print document (Document.Print != nil) gets a MediaBox of trim + bleed + a margin for the
// marks and slug, a BleedBox and a TrimBox; the content is offset so that item (0, 0) is the top
// left of the trim. Crop marks and the slug are in registration colour (CMYK 1 1 1 1), so they
// appear on every plate; they are not document items, so Preflight's ink check never sees them.
//
// Determinism: fpdf writes page boxes by iterating a map. After Output the box lines of every
// page dictionary are re-sorted in place (MediaBox, CropBox, BleedBox, TrimBox, ArtBox); the
// lines only change places inside one object, so every byte offset in the xref stays valid.
// Subset fonts are named "ABCDEF+"+role, the six letters hashed from the role and the runes used.
//
// Print images: JPEG is embedded byte for byte (fpdf writes DCT data as is). A PNG with
// transparency is composited onto white first, because fpdf would embed the alpha as a soft mask
// and give every page a transparency group blending in DeviceRGB.
//
// Limits:
//   - Text is drawn glyph by glyph from the cmap: no OpenType shaping (none is needed for the
//     faces' full-width CJK punctuation), BMP characters only, as fonts measures them.
//   - The font objects are spliced into fpdf's output and its objects rewritten: this relies on
//     fpdf (v0.12) writing one classic xref section, the shared resource dictionary as object 2
//     and unfiltered streams as `<</Length N>>`; Write returns an error, never a broken file, if
//     the first two ever change (a stream of another shape is copied as it is, uncompressed).
//   - Positions and sizes of text are written to 0.01 pt, as fpdf wrote them (the output renders
//     pixel-identical to the fpdf fonts it replaced); vector operators to 0.001 pt.
//   - fpdf computes outline destinations with the height of the last page; Write compensates,
//     so outlines are right on pages of mixed sizes too.
//   - Downsampled photos (Document.MaxPPI) are re-encoded as baseline RGB/gray JPEG; meant for
//     the screen briefing, not for the print profile. A JPEG whose file already fits the bytes a
//     150-ppi photo of its placed size may take (jpegBudget) is embedded untouched, above MaxPPI:
//     MaxPPI bounds the file, and re-encoding a light photo costs ~50 ms to save nothing the
//     budget needs. Photos are prepared concurrently, one goroutine per core, before the pages.
//   - Only JPEG and PNG images are accepted.
package pdf

import (
	"bytes"
	"crypto/sha256"
	"encoding/gob"
	"errors"
	"fmt"
	"image"
	"image/color"
	stddraw "image/draw"
	"image/jpeg"
	"image/png"
	"math"
	"regexp"
	"runtime"
	"sort"
	"strings"
	"sync"
	"unicode/utf16"
	"unicode/utf8"

	"codeberg.org/go-pdf/fpdf"
	"golang.org/x/image/draw"

	"spread/page"
)

// registration is the colour of marks and slug (page.Registration) as operands.
const registration = "1 1 1 1"

// writer carries the state of one Write call.
type writer struct {
	doc      *page.Document
	f        *fpdf.Fpdf
	faces    map[string]*face // role → the face drawn for it
	slugRole string           // the face the slug is set in ("" for none)
	print    bool
	margin   float64             // trim → media edge, points (0 for screen)
	mediaH   float64             // height of the current page's media box
	images   map[[32]byte]string // data hash → fpdf image name
	widths   map[float64]bool    // the widths of the images registered so far (breakWidthTie)
	photos   []photo             // every image's data, in walk order (preparePhotos)
	nthPhoto int                 // the next of photos to place
}

// Write renders doc as PDF bytes. faces maps every font role used by a Text to its TrueType
// bytes. It returns an error, never a partial PDF, for an unknown role, a character outside the
// Basic Multilingual Plane, a bad image or any fpdf failure, and never panics.
func Write(doc *page.Document, faces map[string][]byte) ([]byte, error) {
	return WriteShared(doc, faces, nil)
}

// WriteShared is Write with a cache of compressed faces shared with other documents (nil for
// none): the command writes a report's two PDFs with the same subset faces and compresses each
// once.
func WriteShared(doc *page.Document, faces map[string][]byte, cache *FontCache) (out []byte, err error) {
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
	used, err := check(doc, faces)
	if err != nil {
		return nil, err
	}
	w := &writer{doc: doc, faces: map[string]*face{}, print: doc.Print != nil, images: map[[32]byte]string{}, widths: map[float64]bool{}}
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
	f.SetCompression(false) // finish deflates the content streams, with one writer
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
	if w.print && doc.Print.Marks && len(faces) > 0 {
		// The slug is set in the body face ("song") where the document uses it, else in the
		// first role (by name) of the document, or of faces if it has no text.
		switch {
		case used["song"] != nil:
			w.slugRole = "song"
		case len(roles) > 0:
			w.slugRole = roles[0]
		default:
			w.slugRole = firstRole(faces)
			used[w.slugRole] = map[rune]bool{}
			roles = []string{w.slugRole}
		}
		for _, c := range doc.Print.SlugText(0, len(doc.Pages)) + "0123456789" {
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
		fc, err := newFace(role, key, fmt.Sprintf("/SF%d", i+1), faces[role], used[role])
		if err != nil {
			return nil, fmt.Errorf("pdf: font %q: %w", role, err)
		}
		w.faces[role] = fc
		embedded = append(embedded, fc)
	}

	w.photos = w.preparePhotos()
	for i, p := range doc.Pages {
		w.page(i, p)
		if err := f.Error(); err != nil {
			return nil, fmt.Errorf("pdf: page %d: %w", i+1, err)
		}
	}
	if err := w.outline(); err != nil {
		return nil, err
	}
	var fin finished
	if err := f.Output(&fin); err != nil {
		return nil, fmt.Errorf("pdf: %w", err)
	}
	b := fin.b
	sortBoxes(b)
	return finish(b, embedded, cache)
}

// finished takes fpdf's finished file. fpdf hands over its whole buffer in one Write and never
// touches it again after Output, so the first Write is kept as it is instead of copied (a copy
// of every file, ~1 MB a PDF); any further Write is appended.
type finished struct{ b []byte }

func (w *finished) Write(p []byte) (int, error) {
	if w.b == nil {
		w.b = p
	} else {
		w.b = append(w.b, p...)
	}
	return len(p), nil
}

// check validates what fpdf would otherwise lose or panic on, and collects the runes of each role.
func check(doc *page.Document, faces map[string][]byte) (map[string]map[rune]bool, error) {
	used := map[string]map[rune]bool{}
	var errs []error
	for i, p := range doc.Pages {
		if !(p.Width > 0 && p.Height > 0) {
			errs = append(errs, fmt.Errorf("pdf: page %d: size %gx%g pt is not positive", i+1, p.Width, p.Height))
		}
		walk(p.Items, 0, 0, func(it page.Item, dx, dy float64) {
			if !finite(it) || math.IsNaN(dx+dy) || math.IsInf(dx+dy, 0) {
				errs = append(errs, fmt.Errorf("pdf: page %d: %T with a coordinate that is not a finite number", i+1, it))
				return
			}
			switch it := it.(type) {
			case page.Text:
				if it.S == "" {
					return // draws nothing, needs no face
				}
				if _, ok := faces[it.Font]; !ok {
					errs = append(errs, fmt.Errorf("pdf: page %d: text %q: no face for font role %q", i+1, clip(it.S), it.Font))
					return
				}
				if !(it.Size > 0) {
					errs = append(errs, fmt.Errorf("pdf: page %d: text %q: size %g", i+1, clip(it.S), it.Size))
					return
				}
				if !utf8.ValidString(it.S) {
					errs = append(errs, fmt.Errorf("pdf: page %d: text %q is not valid UTF-8", i+1, clip(it.S)))
					return
				}
				if used[it.Font] == nil {
					used[it.Font] = map[rune]bool{}
				}
				for _, r := range it.S {
					if r > 0xFFFF {
						errs = append(errs, fmt.Errorf("pdf: page %d: text %q: character %c (U+%04X) is outside the Basic Multilingual Plane, which fpdf cannot embed", i+1, clip(it.S), r, r))
						return
					}
					used[it.Font][r] = true
				}
			case page.Image:
				if it.Format != "jpeg" && it.Format != "png" {
					errs = append(errs, fmt.Errorf("pdf: page %d: image %s: format %q (want jpeg or png)", i+1, it.Name, it.Format))
				}
				if !(it.IW > 0 && it.IH > 0) {
					errs = append(errs, fmt.Errorf("pdf: page %d: image %s: placed size %gx%g pt", i+1, it.Name, it.IW, it.IH))
				}
			}
		})
	}
	if doc.Print != nil && doc.Print.Marks {
		if !utf8.ValidString(doc.Print.Slug) || strings.ContainsFunc(doc.Print.Slug, func(r rune) bool { return r > 0xFFFF }) {
			errs = append(errs, fmt.Errorf("pdf: slug %q has a character fpdf cannot embed", doc.Print.Slug))
		}
	}
	for _, b := range doc.Outline {
		if b.Page < 0 || b.Page >= len(doc.Pages) {
			errs = append(errs, fmt.Errorf("pdf: bookmark %q points at page %d of %d", b.Title, b.Page+1, len(doc.Pages)))
		}
	}
	return used, errors.Join(errs...)
}

// finite reports whether every number of an item is finite (NaN would print as "NaN").
func finite(it page.Item) bool {
	var vs []float64
	switch it := it.(type) {
	case page.Text:
		vs = []float64{it.X, it.Y, it.Size, it.Spacing}
	case page.Rect:
		vs = []float64{it.X, it.Y, it.W, it.H, it.LineWidth}
	case page.Line:
		vs = []float64{it.X1, it.Y1, it.X2, it.Y2, it.Width}
	case page.Path:
		vs = []float64{it.LineWidth}
		for _, op := range it.Ops {
			for _, p := range op.Pts {
				vs = append(vs, p.X, p.Y)
			}
		}
	case page.Image:
		vs = []float64{it.X, it.Y, it.W, it.H, it.IX, it.IY, it.IW, it.IH}
	}
	for _, v := range vs {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return false
		}
	}
	return true
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
	if w.print {
		op := "k"
		if stroke {
			op = "K"
		}
		w.raw("%s %s %s %s %s", num(c.C), num(c.M), num(c.Y), num(c.K), op)
		return
	}
	r, g, b := c.RGB()
	if r == g && g == b {
		op := "g"
		if stroke {
			op = "G"
		}
		w.raw("%s %s", num(r), op)
		return
	}
	op := "rg"
	if stroke {
		op = "RG"
	}
	w.raw("%s %s %s %s", num(r), num(g), num(b), op)
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
// size are written to 0.01 pt, as fpdf's Text and SetFont wrote them.
func (w *writer) glyphs(t page.Text, dx, dy float64, paint func()) {
	fc := w.faces[t.Font]
	paint()
	if t.Spacing != 0 {
		w.raw("%s Tc", num(t.Spacing))
	}
	var sb strings.Builder
	sb.Grow(48 + 4*len(t.S))
	fmt.Fprintf(&sb, "BT %s %.2f Tf %.2f %.2f Td <", fc.res, t.Size, w.margin+dx+t.X, w.mediaH-(w.margin+dy+t.Y))
	fc.appendHex(&sb, t.S)
	sb.WriteString("> Tj ET")
	w.f.RawWriteStr(sb.String())
	if t.Spacing != 0 {
		w.raw("0 Tc") // Tc outlives ET
	}
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
	return photo{data: data, format: format}
}

func (w *writer) image(im page.Image, dx, dy float64) {
	f := w.f
	if w.nthPhoto >= len(w.photos) {
		f.SetError(fmt.Errorf("image %s: not prepared", im.Name))
		return
	}
	ph := w.photos[w.nthPhoto]
	w.nthPhoto++
	if ph.err != nil {
		f.SetError(fmt.Errorf("image %s: %w", im.Name, ph.err))
		return
	}
	data, format := ph.data, ph.format
	h := sha256.New() // hashed in place: appending the data to the prefix copied every photo
	h.Write([]byte(format + ":"))
	h.Write(data)
	var key [32]byte
	h.Sum(key[:0])
	name, ok := w.images[key]
	if !ok {
		name = fmt.Sprintf("img%x", key[:8])
		w.images[key] = name
	}
	opt := fpdf.ImageOptions{ImageType: format, AllowNegativePosition: true}
	info := f.RegisterImageOptionsReader(name, opt, bytes.NewReader(data))
	if err := f.Error(); err != nil {
		f.ClearError()
		f.SetError(fmt.Errorf("image %s: %w", im.Name, err))
		return
	}
	// Only a width met before needs its tie broken: the gob round trip copies the image twice.
	if wd := info.Width(); !ok && w.widths[wd] {
		if err := breakWidthTie(info, len(w.images)); err != nil {
			f.SetError(fmt.Errorf("image %s: %w", im.Name, err))
			return
		}
	} else if !ok {
		w.widths[wd] = true
	}
	f.ClipRect(w.margin+dx+im.X, w.margin+dy+im.Y, im.W, im.H, false)
	f.ImageOptions(name, w.margin+dx+im.IX, w.margin+dy+im.IY, im.IW, im.IH, false, opt, 0, "")
	f.ClipEnd()
}

// sniffTrueType rejects what fpdf cannot load before fpdf prints its complaint to stdout and
// carries on: only single-face TrueType (glyf) fonts work.
func sniffTrueType(b []byte) error {
	if len(b) < 12 {
		return errors.New("not a font (too short)")
	}
	switch string(b[:4]) {
	case "\x00\x01\x00\x00", "true":
		return nil
	case "OTTO":
		return errors.New("a CFF/OpenType face; fpdf needs TrueType (glyf) outlines")
	case "ttcf":
		return errors.New("a font collection (TTC/OTC); fpdf needs a single TrueType face")
	}
	return errors.New("not a TrueType font")
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
	w.glyphs(pr.SlugLine(i, len(w.doc.Pages), p.Height, role), 0, 0, func() { w.raw("%s k", registration) })
}

// outline adds the bookmarks. fpdf files each under the current page and computes its
// destination with the height of the last page, so switch pages and compensate.
func (w *writer) outline() error {
	f := w.f
	if len(w.doc.Outline) == 0 {
		return nil
	}
	last := f.PageCount()
	_, lastH, _ := f.PageSize(last)
	for _, b := range w.doc.Outline {
		f.SetPage(b.Page + 1)
		_, h, _ := f.PageSize(b.Page + 1)
		// fpdf converts to UTF-16 only while one of its UTF-8 fonts is current, and Write gives it
		// no fonts.
		f.Bookmark(utf16BE(b.Title), b.Level, w.margin+b.Y+(lastH-h))
	}
	f.SetPage(last)
	return f.Error()
}

func utf16BE(s string) string {
	b := []byte{0xFE, 0xFF}
	for _, u := range utf16.Encode([]rune(s)) {
		b = append(b, byte(u>>8), byte(u))
	}
	return string(b)
}

// num formats a coordinate with three decimals and no trailing zeros.
func num(v float64) string {
	s := fmt.Sprintf("%.3f", v)
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	if s == "-0" {
		return "0"
	}
	return s
}

// pdfName turns a role into a PDF-name-safe lowercase key (fpdf lowercases family names).
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

// boxLine matches one page-box entry as fpdf writes it, on a line of its own.
var boxLine = regexp.MustCompile(`^/(MediaBox|CropBox|BleedBox|TrimBox|ArtBox) \[[^\]\n]*\]$`)

var boxRank = map[string]int{"MediaBox": 0, "CropBox": 1, "BleedBox": 2, "TrimBox": 3, "ArtBox": 4}

// sortBoxes puts the box lines of every page dictionary in a fixed order, in place. The lines
// keep their total length, so no offset changes.
func sortBoxes(b []byte) {
	marker := []byte("/Type /Page\n/Parent 1 0 R\n")
	for at := 0; ; {
		i := bytes.Index(b[at:], marker)
		if i < 0 {
			return
		}
		start := at + i + len(marker)
		end := start
		var lines [][]byte
		for {
			nl := bytes.IndexByte(b[end:], '\n')
			if nl < 0 || !boxLine.Match(b[end:end+nl]) {
				break
			}
			lines = append(lines, append([]byte(nil), b[end:end+nl]...))
			end += nl + 1
		}
		sort.SliceStable(lines, func(i, j int) bool { return boxRank[boxName(lines[i])] < boxRank[boxName(lines[j])] })
		p := start
		for _, l := range lines {
			p += copy(b[p:], l)
			b[p] = '\n'
			p++
		}
		at = end
	}
}

func boxName(line []byte) string {
	return string(line[1:bytes.IndexByte(line, ' ')])
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

func firstRole(faces map[string][]byte) string {
	ks := sortedKeys(faces)
	if len(ks) == 0 {
		return ""
	}
	return ks[0]
}

// clip shortens a string for an error message.
func clip(s string) string {
	if r := []rune(s); len(r) > 12 {
		return string(r[:12]) + "…"
	}
	return s
}

// breakWidthTie makes fpdf's image order deterministic. fpdf writes images sorted by pixel width
// alone, and images of equal width in map order, so two photos 1920 px wide would swap object
// numbers from run to run. Adding nth·10⁻⁶ px to the width orders ties by first use; fpdf writes
// the width as an integer, so nothing in the file changes but the order. The only exported way
// to set the field is the gob round trip fpdf offers for caching images. Rather than decoding and
// re-encoding every field (four more copies of the image), the record's fourth message, the width,
// is replaced in the encoded stream: the stream is a series of length-prefixed messages, the first
// four (data, smask, n, w) of predefined types, so none is preceded by a type definition.
func breakWidthTie(info *fpdf.ImageInfoType, nth int) error {
	buf, err := info.GobEncode()
	if err != nil {
		return err
	}
	var at [5]int // the starts of the first four messages and the end of the fourth
	for i := 1; i < len(at); i++ {
		n, w, ok := gobUint(buf[at[i-1]:])
		if !ok || n > uint64(len(buf)-at[i-1]-w) {
			return errors.New("re-reading fpdf's image record: bad message length")
		}
		at[i] = at[i-1] + w + int(n)
	}
	var wd bytes.Buffer
	if err := gob.NewEncoder(&wd).Encode(info.Width() + float64(nth)*1e-6); err != nil {
		return err
	}
	// Check that the message replaced is the width as it is now, the only sign of fpdf changing it.
	var old bytes.Buffer
	if err := gob.NewEncoder(&old).Encode(info.Width()); err != nil {
		return err
	}
	if !bytes.Equal(buf[at[3]:at[4]], old.Bytes()) {
		return errors.New("re-reading fpdf's image record: the fourth field is not the width")
	}
	out := make([]byte, 0, len(buf)+wd.Len())
	out = append(out, buf[:at[3]]...)
	out = append(out, wd.Bytes()...)
	out = append(out, buf[at[4]:]...)
	return info.GobDecode(out)
}

// gobUint reads the unsigned integer gob writes before every message (its length): one byte
// below 128, else a byte holding minus the count of big-endian bytes that follow. It returns the
// value and the bytes it took.
func gobUint(b []byte) (v uint64, n int, ok bool) {
	if len(b) == 0 {
		return 0, 0, false
	}
	if b[0] < 0x80 {
		return uint64(b[0]), 1, true
	}
	k := int(-int8(b[0]))
	if k > 8 || len(b) < 1+k {
		return 0, 0, false
	}
	for _, c := range b[1 : 1+k] {
		v = v<<8 | uint64(c)
	}
	return v, 1 + k, true
}
