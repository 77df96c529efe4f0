// Package typeset breaks a paragraph of Chinese (and mixed Latin) text into justified lines by the
// rules of W3C clreq and GB/T 15834. It is a pure function of the text, the measure and the
// advance widths; it knows nothing of PDF.
//
// All lengths here are in em of the text's size; the caller multiplies by the size in points.
//
// CONTRACT (filled in by the typesetter work; layout relies on these names):
//
//	type Metrics interface{ Advance(r rune) float64 } // em; *fonts.Face satisfies it
//	type Level int; const Basic, GB, Strict Level
//	type Options struct {
//		Measure float64 // line length in em
//		Indent  float64 // first-line indent in em (2 for body text, 0 for captions)
//		Level   Level
//		Ragged  bool    // start-aligned lines, not justified (headings, captions, folio)
//		Even    bool    // 均排: spread a short single line evenly over the measure (names)
//	}
//	type Run struct { X float64; Text string; Spacing float64 } // X from the line start; Spacing after each char (PDF Tc)
//	type Line struct { Runs []Run; Width float64; Start, End int } // Start/End: rune offsets in the text
//	func Paragraph(text string, m Metrics, o Options) []Line
//	func Width(text string, m Metrics) float64 // natural width, em
package typeset
