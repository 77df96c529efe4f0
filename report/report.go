// Package report reads a data.yaml file into a Report: the figures and the prose of one newspaper
// special page, with the source position of every value kept so that later stages can still say
// where a problem comes from.
//
// # Design
//
// The file is decoded into yaml.Node trees, never into structs, and walked by hand:
// nodes keep their line and column, so every problem (unknown or duplicate key, wrong type,
// missing key, value out of range, unknown figure, impossible chart, bad photo) is recorded at
// the value it concerns and checking goes on; the caller gets all of them, sorted, as Errors. The
// keys of each mapping come from one table (fields.go), which also holds schema.json to the
// loader through a test. Figures are read first, so that prose can refer to them: {id} is value
// and unit as written, {id.value} the value, {id.growth} the growth and %, {{ and }} literal
// braces. Prose is then normalised (Normalize); headings and bylines keep their spaces, which
// separate clauses and names there. Photos and fonts are read here, so that later stages are
// pure: a path must stay inside the data file's folder, also through symbolic links. What the
// PDF writer cannot embed as it is, is made plain here: an interlaced or 16-bit PNG is written
// again at 8 bits, and a JPEG whose EXIF orientation says to turn it (a phone's portrait) is
// turned upright and encoded again (exif.go), so its pixel size is the upright one.
//
// Limits: a turned JPEG is one more generation of JPEG loss (quality 95) and loses its EXIF
// and colour profile; photos over 30 megapixels are not turned or converted but refused.
// Positions of errors inside a text (a bad {ref}) are those of the text's start; a YAML
// syntax error has the line YAML reports (sometimes the line before the culprit) and column 1,
// except a tab in the indentation, which is found at its own line and column.
// A chart's units must be equal, except that Chinese classifiers of counts (个, 条, 家 …) go
// together. Normalize treats — … · as Chinese punctuation, so spaces beside them are dropped in
// paragraphs. Quotes alternate per text, so an unbalanced quote flips the rest of a paragraph.
package report

import (
	"fmt"
	"sort"
	"strings"
	"time"
)

// Pos is a position in a data file; Line and Col are 1-based.
type Pos struct {
	File      string
	Line, Col int
}

func (p Pos) String() string { return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Col) }

// Error is one problem at one position.
type Error struct {
	Pos Pos
	Msg string
}

func (e *Error) Error() string { return e.Pos.String() + ": " + e.Msg }

// Errors is every problem found, in file order. Its Error is one line per problem.
type Errors []*Error

func (l Errors) Error() string {
	var b strings.Builder
	for i, e := range l {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(e.Error())
	}
	return b.String()
}

// Add records a problem.
func (l *Errors) Add(p Pos, format string, args ...any) {
	*l = append(*l, &Error{Pos: p, Msg: fmt.Sprintf(format, args...)})
}

// Sort orders the problems by file, line and column.
func (l Errors) Sort() {
	sort.SliceStable(l, func(i, j int) bool {
		a, b := l[i].Pos, l[j].Pos
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Col < b.Col
	})
}

// Err returns nil for an empty list, so that a function can return l.Err().
func (l Errors) Err() error {
	if len(l) == 0 {
		return nil
	}
	l.Sort()
	return l
}

// Text is a piece of prose after figure references were substituted and punctuation in Han
// context normalised. Pos is where its value starts in the data file.
type Text struct {
	S   string
	Pos Pos
}

// Report is one special page's content.
type Report struct {
	File string // the data file as named on the command line
	Dir  string // its folder; photos are relative to it

	Paper    Paper
	Layout   Layout
	Headline Headline
	Byline   Text // S == "" when absent
	Lead     []Text
	Figures  []*Figure // in file order
	Charts   []*Chart
	Sections []*Section
	Closing  []Text
}

// Paper is the folio strip of every page.
type Paper struct {
	Name    Text
	Date    time.Time // midnight UTC of paper.date
	Page    int       // number of the first page (default 1)
	Section Text
	Credits []Text
	Pos     Pos
}

// Layout is the page specification.
type Layout struct {
	Size    string          // broadsheet | tabloid | a3 | a4 | custom
	Width   float64         // trim width of one page, points
	Height  float64         // trim height, points
	Pages   int             // 1 or 2
	Columns int             // grid columns per page
	Body    float64         // body size in points; 0 means the layout chooses (小五 or 五号)
	Accent  [4]float64      // CMYK percent
	Fonts   map[string]Text // optional face role → TrueType file (relative to Dir)
	// FontData holds the bytes of each Fonts file as the loader read and checked them, so that
	// nothing reads the file a second time.
	FontData map[string][]byte
	Pos      Pos
}

// Headline is the headline block.
type Headline struct {
	Kicker   Text
	Title    []Text // one or more lines (a string title is one line; the layout may break it at spaces)
	Subtitle Text   // without the leading dash
	Pos      Pos
}

// Figure is one key figure.
type Figure struct {
	ID         string
	Label      Text
	Value      *float64
	ValueText  string // the value as written ("352.34"), so that 352.34 never prints as 352.3400001
	Unit       string
	Growth     *float64
	GrowthText string // the growth as written ("4.5", "-3.2")
	Note       string
	Highlight  bool
	History    []Point // sorted by year
	Pos        Pos
}

// Point is one year of a figure's history.
type Point struct {
	Year  int
	Value float64
}

// Chart is one chart of figures.
type Chart struct {
	Title   Text
	Kind    string // bar | column | donut | pie | line
	Of      string // growth | value
	Figures []*Figure
	Place   string // "lead" or a section label
	Pos     Pos
}

// Photo is one picture with its caption.
type Photo struct {
	File    string // path as written
	Path    string // resolved path on disk
	Data    []byte
	Format  string // jpeg | png
	PixelW  int
	PixelH  int
	Caption Text
	Credit  Text
	Pos     Pos
}

// Section is one section of the page.
type Section struct {
	Label      string
	Title      Text
	Paragraphs []Text
	Photos     []*Photo
	Pos        Pos
}
