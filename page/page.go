// Package page is the value that flows between layout and the PDF writer: a document of pages,
// each a list of items at fixed positions. Nothing here decides where anything goes; layout fills
// it in and the PDF writer only translates it into operators.
//
// Units and origin, for every stage of spread: lengths are PostScript points (1/72 in); the origin
// is the top-left corner of a page's trim box, x grows to the right and y downwards. Millimetres
// appear only at the edges (data.yaml, the command line) and are converted with MM.
//
// Colour is CMYK, each channel 0..1. The print profile writes it as is; screen documents
// (Document.Print == nil) convert it with Color.RGB.
package page

import (
	"math"
	"time"
)

// MM is one millimetre in points.
const MM = 72 / 25.4

// Color is a CMYK colour, each channel from 0 to 1.
type Color struct{ C, M, Y, K float64 }

// Gray is a shade of black on the K plate only: Gray(1) is solid black.
func Gray(k float64) Color { return Color{K: k} }

// Ink is the total area coverage in percent (newsprint allows 220).
func (c Color) Ink() float64 { return 100 * (c.C + c.M + c.Y + c.K) }

// RGB converts naively (no ICC profile) for screen documents; each channel 0..1.
func (c Color) RGB() (r, g, b float64) {
	return (1 - c.C) * (1 - c.K), (1 - c.M) * (1 - c.K), (1 - c.Y) * (1 - c.K)
}

// Item is one of Text, Rect, Line, Path, Image or Group.
type Item interface{ item() }

// Text is a run of glyphs in one face and size, drawn from its baseline origin (X, Y).
// Spacing is added after every character (PDF Tc), in points.
type Text struct {
	X, Y    float64
	Font    string // a face role, as fonts.Song, fonts.Kai …
	Size    float64
	Spacing float64
	Color   Color
	S       string
}

// Rect is an axis-aligned rectangle, filled, stroked or both.
type Rect struct {
	X, Y, W, H float64
	Fill       *Color
	Stroke     *Color
	LineWidth  float64
}

// Line is a straight rule.
type Line struct {
	X1, Y1, X2, Y2 float64
	Width          float64
	Color          Color
}

// PathOp is one step of a Path.
type PathOp struct {
	Kind OpKind
	Pts  [3]Point // MoveTo, LineTo use Pts[0]; CurveTo uses all three (two controls, end)
}

// OpKind names a path construction operator.
type OpKind int

// The path operators, as in PDF: m, l, c, h.
const (
	MoveTo OpKind = iota
	LineTo
	CurveTo
	Close
)

// Point is a position in points.
type Point struct{ X, Y float64 }

// Path is a vector shape (charts, arrows), filled, stroked or both.
type Path struct {
	Ops       []PathOp
	Fill      *Color
	Stroke    *Color
	LineWidth float64
}

// Image places a photo: the picture is drawn at (IX, IY, IW, IH) and clipped to its frame
// (X, Y, W, H), so a crop never re-encodes it. Data is the file's bytes as read (JPEG or PNG).
type Image struct {
	X, Y, W, H     float64
	IX, IY, IW, IH float64
	Name           string // the file name as written in the data, for preflight messages
	Source         string // where the data names it, FILE:LINE:COL, for preflight messages
	Format         string // "jpeg" or "png"
	Data           []byte
	PixelW, PixelH int
	// Room is the width the make-up had for the frame when the photo's pixels allowed it less
	// at the print floor (the frame then stands narrower in it); 0 when the frame fills it.
	Room float64
}

// Group offsets its items by (X, Y): charts are drawn in their own box and placed as a group.
type Group struct {
	X, Y  float64
	Items []Item
}

func (Text) item()  {}
func (Rect) item()  {}
func (Line) item()  {}
func (Path) item()  {}
func (Image) item() {}
func (Group) item() {}

// Page is one page of the document; Width and Height are its trim size.
type Page struct {
	Width, Height float64
	Items         []Item
	// Type is the type area, where the columns run from the first line to the foot (zero
	// when the page has no grid); Body and Lead are the body size and baseline pitch, to say
	// white in characters.
	Type       Box
	Body, Lead float64
}

// Bookmark is an outline entry pointing at a position on a page (0-based index).
type Bookmark struct {
	Title string
	Level int
	Page  int
	Y     float64
}

// Print holds what only a press needs. A Document without it is for the screen: RGB colour,
// no boxes beyond the MediaBox, no marks.
type Print struct {
	Bleed float64 // beyond the trim on every side; colour that reaches the trim extends into it
	Marks bool    // crop marks and a slug line outside the bleed
	Slug  string  // text of the slug line (file name, date); the page number is added
	// Notes are what the make-up chose that the data did not say and a user would want to
	// know (a body size picked to fill the pages), each at the data it concerns.
	Notes []Note
}

// Note is a piece of information for the user at a source position (FILE:LINE:COL).
type Note struct {
	Source, Msg string
}

// Document is a whole PDF's content.
type Document struct {
	Title, Author, Subject, Keywords, Creator string
	Language                                  string // BCP 47, "zh-CN"
	Date                                      time.Time
	Pages                                     []Page
	Outline                                   []Bookmark
	Print                                     *Print
	MaxPPI                                    float64 // photos above this effective resolution are downsampled where that saves bytes (see pdf; 0: never)
}

// Finite reports whether every number of an item is finite: a writer draws only such items (a
// NaN would print as "NaN" in a PDF and as nothing in a picture).
func Finite(it Item) bool {
	var vs []float64
	switch it := it.(type) {
	case Text:
		vs = []float64{it.X, it.Y, it.Size, it.Spacing}
	case Rect:
		vs = []float64{it.X, it.Y, it.W, it.H, it.LineWidth}
	case Line:
		vs = []float64{it.X1, it.Y1, it.X2, it.Y2, it.Width}
	case Path:
		vs = []float64{it.LineWidth}
		for _, op := range it.Ops {
			for _, p := range op.Pts {
				vs = append(vs, p.X, p.Y)
			}
		}
	case Image:
		vs = []float64{it.X, it.Y, it.W, it.H, it.IX, it.IY, it.IW, it.IH}
	}
	for _, v := range vs {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return false
		}
	}
	return true
}
