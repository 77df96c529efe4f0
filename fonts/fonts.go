// Package fonts holds the four embedded TrueType faces of a Chinese newspaper page and measures
// text exactly as the PDF writer (fpdf) will draw it.
//
// CONTRACT (filled in by the fonts work; other stages rely on these names):
//
//	const Song, SongBold, Hei, Kai = "song", "songbold", "hei", "kai" // face roles
//	type Face struct { Role, Name string; Data []byte; ... }
//	func (f *Face) Advance(r rune) float64   // em (1 = the font size), rounded as fpdf rounds
//	func (f *Face) Has(r rune) bool          // the face has a real glyph for r
//	func (f *Face) Ascent() float64          // em, positive; Descent() positive too
//	type Set struct { ... }                  // the four faces by role, parsed once, read-only
//	func Embedded() (*Set, error)            // the committed faces
//	func (s *Set) Face(role string) *Face    // nil for an unknown role
//	func (s *Set) With(role string, data []byte, name string) (*Set, error) // a report's own face
//	func (s *Set) Width(role, text string) float64 // em
package fonts

// The face roles.
const (
	Song     = "song"     // 书宋: body text
	SongBold = "songbold" // bold serif: section heads, tile labels
	Hei      = "hei"      // heavy sans (黑体): headline, big numbers, reverse text
	Kai      = "kai"      // 楷体: lead, byline, captions
)
