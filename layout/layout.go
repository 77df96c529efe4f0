// Package layout places a report on pages: report + page spec + font metrics in, a
// page.Document out. It is pure: no I/O, no PDF.
//
// Print lays out the newspaper page or 通版 spread (with bleed and marks), Briefing the A4 reflow
// for officials. Errors are report.Errors, each at the data.yaml position of the text, chart or
// section concerned. The last step of both checks the finished document: any item drawn
// outside the trim (a tint into the print bleed excepted) is an error at its source (trim.go).
//
// # The grid
//
// Everything is measured in characters of body type and lines of a baseline grid, as a Chinese
// daily is. The grid comes from the page: a grid column is 13 characters where N such columns
// with one-character gutters keep 12 mm margins at both sides, else the widest whole number of
// characters that does (a tabloid of 6 columns at 小五: 12), so a type area of N·c + N − 1
// characters is centred on the page (a spread so keeps ≥ 10 mm from the fold). The body is a
// 号 size — 小五, and 五号 only when 小五 leaves a page short; 六号 when neither fits — or the
// size the report gives. Blocks span whole grid columns and are set in k text columns (破栏) of
// ⌊(n·c + n − 1 − (k − 1)) / k⌋ characters; the floor's remainder widens the gutters; two grid
// columns pair into one text column only within maxMeasure characters (wide grid columns, few
// given on a wide page, stand alone). Fewer columns than the page holds (three on A3) widen to
// fill it. Every block
// that is not body text — headline, lead box, band, heads, photos, charts, closing box — takes a
// whole number of grid lines, so body text in every column sits on
// one baseline grid, of one pitch for the whole document (1.5–1.9 × body, chosen by the fill
// search).
//
// # The page, top to bottom
//
// Folio strip (报眉) with its rule; the headline block across all pages (a title split into
// clauses puts the break on the fold, the left clause set against it, the byline under it on
// the left page when the subtitle takes the right); the lead in a tinted box
// with photos beside it (taken from the sections, each section keeping one); the key-figures
// band between thin rules (on a spread tiles first, cut over the fold by weight where neither
// page keeps a stray — a lone tile, a chart alone, tiles alone under a quarter of a row's room —
// else whole on the right page, beside the
// lead; for text that does not fit, whole on either page in one row; the band as tall as a
// chart reads when it holds one; on a single page the tiles in even rows
// of tiles at least tileMinChars wide, the charts in a row under them;
// a tile shows a figure's value big and its growth small, and a figure of growth only as a rate,
// 增长 or 下降 before it and at most 0.6 of an amount's size, the same in print and briefing);
// then the sections, assigned to pages in order so the fuller page is as empty as possible, side
// by side on a page; a page with more sections than pairs of columns sets them in rows across
// the page, each row its sections side by side (at most about three grid columns each on a
// broadsheet), the cut into rows the one whose rows need the fewest lines; a row's widths
// follow its sections' volumes, or, where that leaves a section without figures ending more
// than raggedSlack lines above the row's deepest, the whole columns that end them nearest
// (balanceSlots), or, in a row of three or more, two neighbours stacked in one slot (the
// upper in its least height, at least minNestDepth lines a column, the lower under it to the
// row's foot, a rule between) where that ends the row's slots nearer still: two short
// sections beside a long one, an L of modules as a daily makes them (nestPair; the fallback
// of rows tries all three). In a section,
// figures sit at the tops of text columns — the rightmost of the lowest places, and in a section
// of one part those side by side at the top the shortest first from the left, so the text
// begins at the top of the first column — and the text threads through the columns below them,
// balanced to end on one baseline (or one line above), with widows moved off the column breaks
// (a paragraph's first line may end a column). The closing paragraph ends the last section in a
// tinted box standing on the section's foot (white the text leaves goes above it, the box
// opening its leading first) when the text ends at most closingDrop lines above it; further up,
// the box follows the text and the white stays at the foot, where preflight reports it.
//
// On a spread whose left page's sections end short, the right page's first section may begin
// in a strip across the foot of the left page (通版): its head and first lines there, in text
// columns across the type area, the rest in its own columns on the right page. The fill search
// takes it only when it leaves less white and the strip is worth having: at least minStrip (3)
// lines a column, the left page ending more than raggedSlack lines lower, the right page no
// more than raggedSlack lines higher. Every text column is drawn top to bottom, one after the
// next, and the text carried on from the strip opens the right page's content, so text read
// back in drawing order (pdftotext -raw, screen readers) runs on across the fold.
//
// The other way over the fold: when nothing else fits (the last fallback of the search), the
// left page's last section, too long for it, is carried on to the right page (module.carry): its
// columns on the left page run to the foot, and the rest goes on in the right page's first
// columns to its foot, beside that page's sections, or across the right page above them in a row
// (the line between them found by halving, where the carried text fits and the sections under
// it still do). Both ends are set in blocks: every column before the fold at least minBlock
// lines, what is carried on at least minBlock in columns of minStrip or more; a section whose
// text ends before the fold is not carried. 下转 and 上接 lines and the drawing order are a
// strip's.
//
// # The fill search
//
// The page is full when the content can fill it: for each body size that fits (the given one,
// else 小五 and 五号) and each baseline pitch of 1.5, 1.6 … 1.9 × body (the brief's line gap of
// 50–100 %; more leading makes the same lines taller, which is what a thin report needs), each
// section tries every width of its figures (2–4 grid columns, a portrait 1–3) and a
// range of heights (photo frames within the photo's own shape — the crop takes at most a third
// of either side, a square stays within 4:5–5:4, a portrait no wider than 4:5 unless the text
// would not fit, so a portrait stays a portrait — and never
// below 200 ppi for their pixels after the cover crop: a frame narrower than its column where
// the pixels allow less, and preflight says so; bar charts 9–14 mm a bar, a pie or donut of one
// share 30–42 mm, other charts
// ≥ 40 mm), the heights between the
// search's steps found to the line by halving, and keeps the arrangement whose
// end comes closest to the foot of the page without passing it. It also tries the photos
// stacked in a side block of 2–5 grid columns at the page's outer edge (1 when none is a
// landscape), with the text threaded beside them in fewer, taller columns, the stack ending
// with the text or at the foot. A photo too small for every frame on offer takes the one that
// enlarges it least. A bar
// chart of six bars or fewer wider than three grid columns counts its spare width as white, as
// a pie or donut counts the width its frame has beside it (it is drawn in the middle); in the
// band, a bar, column or line chart counts its width past bandAspect heights.
// White is weighed by where it is: the strip under all of a section's content, across its
// width, counts once a cell; a hole (a column or a side block ending above the section's last
// line, white under a figure, white between stacked sections) counts holeCost (4) times, so
// the stacked photos end with their text rather than run past it beside a hole.
// A section whose columns end up to maxLooseLines (4) lines short of its foot with nothing left
// to grow is set a little looser (copyfit.go): paragraphs broken a character narrower
// run on by a line each and are spread back to the measure, never past looseMax (0.1 em) a gap,
// so that its every column ends at the foot (over a closing box, at least within closingDrop
// lines of it, where the box stands on the foot); the spacing stays in the range justification
// gives any body line, and no line is stretched alone to fill.
// Side-by-side sections that end more than raggedSlack (3) lines apart pay for the cells
// between as holes too, so a page's white lies in one strip across its foot. A photo larger than three
// grid columns at 4:3 costs half a white cell per cell beyond that, so short text does not
// blow photos up: instead the search also tries taller lead rows (the lead opens its size and
// leading, its photos grow) and taller key-figures bands, counting their own white. Sections
// are cut between the pages so that the pages share the body text evenly; within 5 % the cut
// with less white wins. Of all body sizes and top heights the spread with the least white
// wins, white measured in square points so that pitches and sizes compare, each step of
// leading above 1.5 costing a line across the type area: the tightest leading that fills
// wins (it looks more like a daily). Before any of that, a candidate that leaves white under a
// module at the foot (or empty tint in the lead box) deeper than footTolerance loses to one that
// does not, and of two that do, the shallower wins: preflight warns of a page whose columns stop
// short, with the copy that would fill it. On a single page the lead row keeps a photo when the
// sections can give one (a box across the row is a thin strip of text); a section gives it its
// sharpest photos (one printing less than half as wide as another at 200 ppi goes last). On a
// spread the lead row covers each page it is on: a page whose photos would leave part of its
// row white gives them back to their sections and begins its band under the headline. A short
// report is set from the top and never stretched.
//
// When the best candidate leaves a hole at the foot or does not fit, the search goes on in
// fallbacks, each a search of its own, stopping at the first that fits and fills: sections side
// by side may go in rows instead (each page picking its cut into rows by planning them all), then
// the headline is set smaller, then the lead row gives its photos back to their sections, then
// the figures' least sizes go a notch smaller (charts 32 mm, a single page's tiles 18 mm), and
// last a spread's left-page section may be carried over the fold (below). A fallback fighting
// overset drafts only the least heights of the blocks above the sections. A page that fits but
// is still short gets a search with the lead row's photos given back to their sections, and
// one more at the leadings between the tenths (1.55 … 1.85 × body). Rows of stacked sections first take the least height their modules fit in and
// share the rest by their figures; a row that cannot use its share (its figures at their
// greatest) passes the lines to the row that then leaves the shallowest white under any module;
// rows that together do not fit each take their least height from the top, so the lines over
// are the page's shortfall, at the rows past the foot.
// The search stops where more work cannot help: a larger body is searched only when the smaller
// fits and stops short, a looser pitch only when a tighter fits (pitches are drafted two at a
// time, tightest first), and a module's least height asks only whether some arrangement fits.
// Text that still cannot fit is an error at its section (or at the closing, or the lead, when
// that is what takes the room), in characters and lines over: cutting about that many
// characters (half again at most, TestOversetNamesWhatToCut) makes the corpus's refused reports
// fit. The winner is drawn; when a chart
// cannot be drawn in the box its plan gave it, the next best is.
//
// The chosen make-up is a value, plan, kept with the candidate and dumped as text by dump: the
// golden files in testdata/reports/corpus/plans show a change of make-up in review.
//
// Speed: candidates are drafted (planned and judged, nothing drawn) and only the winner is
// drawn; planModule's answers are remembered within one call, keyed by the module's section,
// place and grid, as are the typeset lines, the paragraphs set one after another, the lead
// box, the lead row, photo heights and sections' character counts (see kit.memo). A module's
// candidates share scratch slices; only the best one's are kept. The steps of body size and
// pitch are drafted on up to GOMAXPROCS goroutines sharing the memos (an answer one is
// computing, another waits for) and one line cache, in which a paragraph is set once and the
// paragraphs of one request are set side by side (setting type is half the time of a call);
// the lead box at every width and size a search will ask for is set on all of them before it
// drafts (warmLeads), since every candidate asks for those first. The winner is chosen
// afterwards in the search's order, so the result does not depend on which goroutine
// finished first.
//
// # Files
//
// The files are the steps, in the order print takes them: grid.go (the grid from the page),
// content.go (what becomes a tile and where each chart stands, for print and briefing alike),
// search.go (the search over body sizes, pitches, top heights and fallbacks), compose.go (one
// candidate: the blocks above the sections, the cut between pages, its judgement), tilings.go
// (the sections' rectangles: side by side, rows, their heights), copyfit.go (one module fitted
// to its rectangle: figure sizes and places, side blocks, loosening), thread.go (text threaded
// through columns), plan.go (the plan's types and its dump), and one file per part: headline.go,
// folio.go, lead.go (lead and closing boxes, the lead row), band.go, section.go (a module
// painted), photos.go; trim.go checks the finished document. briefing.go and briefing_flow.go
// are the A4 reflow; kit.go the other stages as functions.
//
// # Limits
//
//   - Figures go to column tops only; text does not run around a photo in mid-column.
//   - The lead row's photos are chosen by a fixed rule (a round over the sections); which photo
//     illustrates which section is not judged.
//   - Rows of sections share the page by their figures, then pass on what a row cannot use;
//     white above another row weighs innerHoleWeight (1.5) times white at the foot in passing
//     lines, so white goes into the page only where that makes it much shallower, and white no
//     row can use stays where it is. Within a row the modules end where their text ends: a short
//     one beside a long one, where no whole-column widths even them, leaves white above the
//     next row; the candidates are judged by the foot alone, so that white is weighed only
//     as white.
//   - The headline's size comes from the width, its block capped at a tenth of the type area's
//     height. A spread's title without spaces breaks at listed words (typeset.WordLen, a
//     statistical vocabulary), else after four characters when it has seven to ten, else in
//     its middle: a long literary title may break inside a word.
//   - A section of a line or two set alone across a row is threaded over all its columns
//     (1 | 1 | 1): fewer columns would leave white beside it that the foot measure counts.
//   - Nested splits are two neighbours in one slot of a row; three in a slot, a slot across two
//     rows or an L-shaped lead story are not made. A short section with no neighbour to stack
//     with (a row of two) still leaves white under it above the next row.
//   - A spread's lead row may hold a left-page section's photos on the right page.
//   - A spread page with nothing in the lead row starts its band under the headline and may
//     grow it by a searched share of the lead row; when its sections are short it still ends
//     in white. Section pairs may shift two columns towards the longer one, no more.
//   - Pies and donuts are centred in wide boxes; how a chart uses its box is the charts
//     package's (a bar chart of short labels leaves white at its right).
//   - Key-figure tiles in a band made tall by the charts across the fold are centred between
//     its rules; their numbers stay as big as the tile's width allows, no bigger.
//   - Photos cannot grow past their crop budget or their pixels at 200 ppi, and the leading stops at 1.9:
//     a section of little text and small photos still ends above the foot, its white in one
//     strip at the foot (broadsheet-one 11–19 lines).
//   - A strip takes text only (figures stay in the section's own columns), only the right
//     page's first section, and only under sections side by side (never stacked ones); its
//     columns end together or one line apart. Its last column gives its last line to
//     （下转第N版） and the column where the text picks up on the right page its first line to
//     （上接第N版）.
//   - Only the left page's last section is carried over, only from sections side by side,
//     and only on to the right page's first columns or above its sections in one row; its
//     figures go where they fit in either part (the carried text under a photo there). A
//     report still over after that is refused with the carried arrangement's overs.
//   - Side-by-side sections are each planned on their own; the ragged cost only chooses
//     between cuts and shifts. A section that ends lower is not shrunk to meet a neighbour
//     that ends early: a text-only section in narrow columns beside sections with figures
//     ends where its text ends, unless rows serve better.
//   - A report that does not fit at the first try pays for the fallback searches: its layout
//     costs two to three times the seed's per character (BenchmarkPrintCorpus, drafts/char).
//   - The candidates are compared by the white at the foot, by the shortest column of each
//     module standing on it (a side block's photos included); white inside the page, above
//     another row, weighs only as white, and in passing lines between rows.
//   - Band white is counted beside pies and donuts only (a bar chart fills its box).
//   - Lead row white, a band's stretch and oversized photos are penalties in the same
//     currency as white; they, not the foot strip, dominate the cost of a thin report.
package layout

import (
	"fmt"

	"spread/charts"
	"spread/fonts"
	"spread/page"
	"spread/report"
	"spread/typeset"
)

// Print lays out the print pages: broadsheet, tabloid or A-size, one page or a spread.
func Print(r *report.Report, f *fonts.Set) (*page.Document, error) {
	if r == nil || f == nil {
		return nil, report.Errors{{Msg: "layout: no report or no fonts"}}
	}
	return printDoc(realKit(f), r)
}

// Briefing lays the same content out again for A4 portrait reading.
func Briefing(r *report.Report, f *fonts.Set) (*page.Document, error) {
	if r == nil || f == nil {
		return nil, report.Errors{{Msg: "layout: no report or no fonts"}}
	}
	return briefingDoc(realKit(f), r)
}

func printDoc(k *kit, r *report.Report) (*page.Document, error) {
	best, err := printPlan(k, r)
	if err != nil {
		return nil, err
	}
	doc := meta(r)
	doc.Creator = "spread"
	doc.Print = &page.Print{Bleed: 3 * page.MM, Marks: true, Slug: slug(r)}
	if r.Layout.Body == 0 && best.body != xiaoWu {
		// the house size is 小五; another chosen to fill (or fit) the pages is said, where
		// the layout is, with how to keep it
		doc.Print.Notes = append(doc.Print.Notes, page.Note{Source: r.Layout.Pos.String(),
			Msg: fmt.Sprintf("body set at %s (%g pt), the size at which the text fills the pages; write body: %s under layout to keep it, or add text for 小五",
				sizeName(best.body), best.body, sizeName(best.body))})
	}
	for _, its := range best.pages {
		g := best.grid
		doc.Pages = append(doc.Pages, page.Page{Width: r.Layout.Width, Height: r.Layout.Height, Items: its,
			Type: page.Box{X: g.left, Y: g.top, W: g.typeW(), H: g.y(g.nlines) - g.top}, Body: g.body, Lead: g.lead})
	}
	doc.Outline = best.outline
	if errs := outsideTrim(k, r, doc); len(errs) > 0 {
		return nil, errs
	}
	return doc, nil
}

func meta(r *report.Report) *page.Document {
	var title []string
	for _, t := range r.Headline.Title {
		title = append(title, t.S)
	}
	author := r.Byline.S
	if author == "" {
		author = r.Paper.Name.S
	}
	subject := r.Headline.Subtitle.S
	if subject == "" {
		subject = r.Paper.Name.S + " " + r.Paper.Section.S
	}
	return &page.Document{Title: joinTitle(title), Author: author, Subject: subject, Creator: "spread",
		Language: "zh-CN", Date: r.Paper.Date}
}

func joinTitle(ls []string) string {
	s := ""
	for i, l := range ls {
		if i > 0 {
			s += " "
		}
		s += l
	}
	return s
}

// realKit binds layout to the real fonts, typesetter and charts.
func realKit(f *fonts.Set) *kit {
	face := func(role string) *fonts.Face { return f.Face(role) }
	k := &kit{
		adv: func(role string, r rune) float64 {
			if fc := face(role); fc != nil {
				return fc.Advance(r)
			}
			return 1
		},
		check: func(role, text string, at report.Pos) report.Errors { return fonts.Check(role, face(role), text, at) },
	}
	// a paragraph is cut into units and measured once for every measure it is set at (the
	// search sets a lead at a dozen); the line breaking is what each measure costs
	type prepKey struct {
		text, role string
		words      bool
	}
	prepared := newAnswers[prepKey, *typeset.Prepared]()
	k.lines = func(text, role string, o lineOpts) []textLine {
		fc := face(role)
		if fc == nil {
			return nil
		}
		to := typeset.Options{Measure: o.Measure, Indent: o.Indent, Ragged: o.Ragged, Words: o.Words, Fewer: o.Fewer, Level: typeset.Strict}
		p := prepared.get(prepKey{text, role, o.Words}, func() *typeset.Prepared { return typeset.Prepare(text, fc, to) })
		ls := p.Lines(to)
		out := make([]textLine, len(ls))
		for i, l := range ls {
			out[i].Width, out[i].Torn = l.Width, l.Torn
			for _, r := range l.Runs {
				out[i].Runs = append(out[i].Runs, textRun{X: r.X, Text: r.Text, Spacing: r.Spacing})
			}
		}
		return out
	}
	k.chart = func(c *report.Chart, accent page.Color, w, h float64) ([]page.Item, error) {
		return charts.Draw(chartSpec(c, accent), w, h, f)
	}
	k.tile = func(fg *report.Figure, accent page.Color, w, h, most float64, beside bool) ([]page.Item, float64, error) {
		return charts.DrawTileSize(charts.Tile{Label: fg.Label.S, Value: fg.ValueText, Unit: fg.Unit, Note: fg.Note,
			Growth: fg.Growth, GrowthText: fg.GrowthText, Accent: accent, MaxSize: most, GrowthBeside: beside}, w, h, f)
	}
	return k
}

// chartSpec turns a chart of figures into what charts draws.
func chartSpec(c *report.Chart, accent page.Color) charts.Spec {
	s := charts.Spec{Kind: c.Kind, Title: c.Title.S, Growth: c.Of == "growth", Accent: accent}
	if s.Growth {
		s.Unit = "%"
	} else if len(c.Figures) > 0 {
		s.Unit = c.Figures[0].Unit
	}
	for _, f := range c.Figures {
		if c.Kind == "line" {
			sr := charts.Series{Label: f.Label.S}
			for _, p := range f.History {
				sr.Years = append(sr.Years, p.Year)
				sr.Values = append(sr.Values, p.Value)
			}
			s.Series = append(s.Series, sr)
			continue
		}
		v := 0.0
		switch {
		case s.Growth && f.Growth != nil:
			v = *f.Growth
		case !s.Growth && f.Value != nil:
			v = *f.Value
		}
		s.Labels = append(s.Labels, f.Label.S)
		s.Values = append(s.Values, v)
	}
	return s
}

// sizeName is the 号 name of a body size in points, or the points.
func sizeName(pt float64) string {
	switch pt {
	case liuHao:
		return "六号"
	case xiaoWu:
		return "小五"
	case wuHao:
		return "五号"
	}
	return fmt.Sprintf("%gpt", pt)
}
