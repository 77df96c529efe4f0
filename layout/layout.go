// Package layout places a report on pages: report + page spec + font metrics in, a page.Document
// out. It is pure: no I/O, no PDF.
//
// CONTRACT (filled in by the layout work; the command relies on these names):
//
//	func Print(r *report.Report, f *fonts.Set) (*page.Document, error)    // the broadsheet/tabloid pages, with bleed and marks
//	func Briefing(r *report.Report, f *fonts.Set) (*page.Document, error) // A4 portrait reflow for officials
//
// Errors are report.Errors, each at the data.yaml position of the text or chart concerned.
package layout
