package pdf

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"math"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"spread/page"
)

// Finding is one preflight result. Page is 1-based; 0 means the whole document.
type Finding struct {
	Severity string // "error", "warning", or "note" (information a print shop wants, never a failure)
	Page     int
	Msg      string
	Source   string // FILE:LINE:COL of the data that caused it, where known
}

func (f Finding) String() string {
	if f.Page > 0 {
		return fmt.Sprintf("%s: page %d: %s", f.Severity, f.Page, f.Msg)
	}
	return fmt.Sprintf("%s: %s", f.Severity, f.Msg)
}

// maxFootHole is the deepest white under a column, as a share of the type area's height, that a
// page editor lets stand: about a line and a half on a broadsheet.
const maxFootHole = 0.03

// shortPages warns of each page whose columns stop short of the foot of its type area by more
// than maxFootHole, and says how much copy would fill the hole.
func shortPages(doc *page.Document) []Finding {
	var out []Finding
	for i, p := range doc.Pages {
		if p.Type.W <= 0 || p.Type.H <= 0 || p.Body <= 0 {
			continue
		}
		h := page.FootHole(p, p.Type, p.Body/2, 3*p.Body)
		if share := h.H / p.Type.H; share > maxFootHole {
			lead := p.Lead
			if lead <= 0 {
				lead = 1.6 * p.Body
			}
			if h.UnderFigure {
				// text does not run under a figure beside it: more copy would not fill it
				out = append(out, Finding{"warning", i + 1, fmt.Sprintf("page is %.0f%% short (%.0f mm of white under a photo or chart %.0f mm wide): a taller photo there (a portrait) or another photo would fill it",
					100*share, h.H/page.MM, h.W/page.MM), ""})
				continue
			}
			chars := math.Round(h.White/p.Body/lead/50) * 50 // all the white at the foot, not only its deepest part
			out = append(out, Finding{"warning", i + 1, fmt.Sprintf("page is %.0f%% short (%.0f mm of white under %.0f mm of its width): add about %.0f characters or a photo",
				100*share, h.H/page.MM, h.W/page.MM, math.Max(50, chars)), ""})
		}
	}
	return out
}

// Print-shop limits (brief §4).
const (
	maxInk      = 220.0       // percent, newsprint (ISO 12647-3)
	minPrintPPI = 200.0       // effective resolution at placed size
	minBleed    = 3 * page.MM // each side of the trim
	boxTol      = 0.011       // boxes are written to 0.01 pt
)

// DocumentFindings is the part of Preflight that reads the document only, not the file: total
// ink, four-colour black, photo resolution, bleed and pages that stop short. It is cheap, so a
// build reports its warnings too.
func DocumentFindings(doc *page.Document) []Finding {
	var out []Finding
	addAt := func(src, sev string, pg int, format string, args ...any) {
		out = append(out, Finding{sev, pg, fmt.Sprintf(format, args...), src})
	}
	add := func(sev string, pg int, format string, args ...any) { addAt("", sev, pg, format, args...) }
	if doc == nil {
		add("error", 0, "no document")
		return out
	}
	print := doc.Print != nil
	if print {
		for _, n := range doc.Print.Notes {
			addAt(n.Source, "note", 0, "%s", n.Msg)
		}
	}

	for i, p := range doc.Pages {
		pg := i + 1
		walk(p.Items, 0, 0, func(it page.Item, _, _ float64) {
			for _, c := range colours(it) {
				if print && c.c.Ink() > maxInk+1e-9 {
					add("error", pg, "%s: total ink %.0f%% exceeds %.0f%% (C%.0f M%.0f Y%.0f K%.0f)", c.what, c.c.Ink(), maxInk, 100*c.c.C, 100*c.c.M, 100*c.c.Y, 100*c.c.K)
				}
				if print && c.black && c.c.K >= 0.99 && c.c.C+c.c.M+c.c.Y > 0 {
					add("error", pg, "%s: black is four-colour (C%.0f M%.0f Y%.0f K%.0f), not K only", c.what, 100*c.c.C, 100*c.c.M, 100*c.c.Y, 100*c.c.K)
				}
			}
			im, ok := it.(page.Image)
			if !ok {
				return
			}
			if ppi, ok := effectivePPI(im); ok {
				if doc.MaxPPI > 0 {
					ppi = math.Min(ppi, doc.MaxPPI)
				}
				if print && ppi < minPrintPPI-0.5 {
					addAt(im.Source, "warning", pg, "photo %s: %.0f ppi at its placed size (%.0f×%.0f mm), below %.0f ppi", im.Name, ppi, im.IW/page.MM, im.IH/page.MM, minPrintPPI)
				}
			}
			if print && im.Room > im.W+0.5 {
				addAt(im.Source, "warning", pg, "photo %s: its %d×%d px make %.0f mm at %.0f ppi, so it stands that wide in a %.0f mm column; a larger photo would fill it",
					im.Name, im.PixelW, im.PixelH, im.W/page.MM, minPrintPPI, im.Room/page.MM)
			}
			if print {
				if cfg, _, err := image.DecodeConfig(bytes.NewReader(im.Data)); err != nil {
					addAt(im.Source, "error", pg, "photo %s: unreadable %s: %v", im.Name, im.Format, err)
				} else if isRGB(cfg.ColorModel) {
					addAt(im.Source, "note", pg, "photo %s is RGB; the press separates it with its own conversion", im.Name)
				}
			}
		})
	}
	if print {
		out = append(out, shortPages(doc)...)
	}
	if print && doc.Print.Bleed < minBleed-1e-6 {
		add("error", 0, "bleed %.2f mm is less than 3 mm", doc.Print.Bleed/page.MM)
	}

	return out
}

// Preflight checks a written PDF and the document it came from the way a print shop would.
// It reads the PDF's own bytes for what only the file can show (embedded fonts, page boxes,
// colour operators in the content streams) and the document for what the file hides (total ink
// per colour, effective photo resolution). Registration marks are not document items, so the ink
// limit never sees them. Screen documents (Print == nil) are checked for fonts, page count and
// images in DeviceCMYK only.
func Preflight(doc *page.Document, pdf []byte) []Finding {
	out := DocumentFindings(doc)
	add := func(sev string, pg int, format string, args ...any) {
		out = append(out, Finding{sev, pg, fmt.Sprintf(format, args...), ""})
	}
	if doc == nil {
		return out
	}
	print := doc.Print != nil

	// What the file says.
	f, err := parsePDF(pdf)
	if err != nil {
		add("error", 0, "unreadable PDF: %v", err)
		return out
	}
	pages, err := f.pages()
	if err != nil {
		add("error", 0, "unreadable page tree: %v", err)
		return out
	}
	if len(pages) != len(doc.Pages) {
		add("error", 0, "the PDF has %d pages, the document %d", len(pages), len(doc.Pages))
	}
	for i, pn := range pages {
		pg := i + 1
		pageDict := f.object(pn)
		if print && i < len(doc.Pages) {
			p := doc.Pages[i]
			media, okM := f.box(pn, "MediaBox")
			trim, okT := f.box(pn, "TrimBox")
			bleed, okB := f.box(pn, "BleedBox")
			switch {
			case !okM:
				add("error", pg, "no MediaBox")
			case !okT:
				add("error", pg, "no TrimBox")
			case !okB:
				add("error", pg, "no BleedBox")
			default:
				if w, h := trim[2]-trim[0], trim[3]-trim[1]; math.Abs(w-p.Width) > boxTol || math.Abs(h-p.Height) > boxTol {
					add("error", pg, "TrimBox is %.2f×%.2f mm, the page %.2f×%.2f mm", w/page.MM, h/page.MM, p.Width/page.MM, p.Height/page.MM)
				}
				b := doc.Print.Bleed
				want := [4]float64{trim[0] - b, trim[1] - b, trim[2] + b, trim[3] + b}
				for k := range want {
					if math.Abs(bleed[k]-want[k]) > boxTol {
						add("error", pg, "BleedBox %v is not the TrimBox %v + %.2f mm bleed", bleed, trim, b/page.MM)
						break
					}
				}
				if bleed[0] < media[0]-boxTol || bleed[1] < media[1]-boxTol || bleed[2] > media[2]+boxTol || bleed[3] > media[3]+boxTol {
					add("error", pg, "BleedBox %v reaches beyond the MediaBox %v", bleed, media)
				}
			}
		}
		if !print {
			continue
		}
		if g := f.get(pageDict, "Group"); g.dict["S"].s == "/Transparency" && f.get(g, "CS").s == "/DeviceRGB" {
			add("error", pg, "page transparency group blends in DeviceRGB")
		}
		for _, cn := range f.contents(pn) {
			data, err := f.stream(cn)
			if err != nil {
				add("error", pg, "content stream %d: %v", cn, err)
				continue
			}
			for op, n := range rgbOps(data) {
				add("error", pg, "%d RGB colour operator(s) %q in the content stream of a print PDF", n, op)
			}
		}
	}
	if !print {
		// a screen document is RGB throughout: a CMYK photo shows in whatever colours the
		// viewer's own conversion gives (inverted, in some, for Adobe's CMYK JPEGs)
		cmyk := 0
		for n := range f.offs {
			if d := f.dict(n); strings.Contains(d, "/Subtype /Image") && strings.Contains(d, "/DeviceCMYK") {
				cmyk++
			}
		}
		if cmyk > 0 {
			add("error", 0, "%d image(s) in DeviceCMYK in an RGB document", cmyk)
		}
	}
	out = append(out, f.fontFindings()...)
	return out
}

type colourUse struct {
	what  string
	c     page.Color
	black bool // text and rules: black must be K only
}

func colours(it page.Item) []colourUse {
	var cs []colourUse
	switch it := it.(type) {
	case page.Text:
		cs = append(cs, colourUse{fmt.Sprintf("text %q", clip(it.S)), it.Color, true})
	case page.Line:
		cs = append(cs, colourUse{"rule", it.Color, true})
	case page.Rect:
		if it.Fill != nil {
			cs = append(cs, colourUse{"rectangle fill", *it.Fill, false})
		}
		if it.Stroke != nil {
			cs = append(cs, colourUse{"rectangle stroke", *it.Stroke, true})
		}
	case page.Path:
		if it.Fill != nil {
			cs = append(cs, colourUse{"path fill", *it.Fill, false})
		}
		if it.Stroke != nil {
			cs = append(cs, colourUse{"path stroke", *it.Stroke, true})
		}
	}
	return cs
}

// effectivePPI is a photo's resolution at its placed size: the lower of the two axes.
func effectivePPI(im page.Image) (float64, bool) {
	pw, ph := im.PixelW, im.PixelH
	if pw <= 0 || ph <= 0 {
		cfg, _, err := image.DecodeConfig(bytes.NewReader(im.Data))
		if err != nil {
			return 0, false
		}
		pw, ph = cfg.Width, cfg.Height
	}
	if !(im.IW > 0 && im.IH > 0) {
		return 0, false
	}
	return math.Min(float64(pw)/(im.IW/72), float64(ph)/(im.IH/72)), true
}

func isRGB(m color.Model) bool {
	switch m {
	case color.GrayModel, color.Gray16Model, color.CMYKModel:
		return false
	}
	return true
}

var subsetTagRe = regexp.MustCompile(`^[A-Z]{6}\+`)

// fontFindings checks that every font is embedded and subset.
func (f *pdfFile) fontFindings() []Finding {
	var out []Finding
	nums := make([]int, 0, len(f.offs))
	for n := range f.offs {
		nums = append(nums, n)
	}
	sort.Ints(nums)
	for _, n := range nums {
		d := f.object(n)
		if d.dict["Type"].s != "/Font" || d.dict["Subtype"].s == "/Type0" {
			continue // a Type0 font is checked through its descendant
		}
		name := strings.TrimPrefix(f.get(d, "BaseFont").s, "/")
		if name == "" {
			name = "?"
		}
		desc := f.get(d, "FontDescriptor")
		if desc.kind != "dict" {
			out = append(out, Finding{"error", 0, fmt.Sprintf("font %s is not embedded (no font descriptor)", name), ""})
			continue
		}
		embedded := false
		for _, k := range []string{"FontFile", "FontFile2", "FontFile3"} {
			embedded = embedded || f.get(desc, k).kind == "stream"
		}
		if !embedded {
			out = append(out, Finding{"error", 0, fmt.Sprintf("font %s is not embedded", name), ""})
			continue
		}
		if !subsetTagRe.MatchString(name) {
			out = append(out, Finding{"warning", 0, fmt.Sprintf("font %s has no subset tag", name), ""})
		}
	}
	return out
}

// rgbOps counts the operators of a content stream that set an RGB colour: rg, RG, and sc/scn/
// SC/SCN with three operands. The stream is tokenised, so glyph codes inside strings never count.
func rgbOps(content []byte) map[string]int {
	found := map[string]int{}
	operands := 0
	l := &lexer{b: content}
	for tok := l.token(); tok != ""; tok = l.token() {
		switch c := tok[0]; {
		case tok == "[" || tok == "]" || tok == "<<" || tok == ">>" || tok == "{" || tok == "}":
		case c == '(' || c == '<' || c == '/':
			operands++
		default:
			if _, err := strconv.ParseFloat(tok, 64); err == nil {
				operands++
				continue
			}
			switch tok {
			case "rg", "RG":
				found[tok]++
			case "sc", "scn", "SC", "SCN":
				if operands == 3 {
					found[tok]++
				}
			}
			operands = 0
		}
	}
	return found
}
