// Package pdf writes a page.Document as PDF bytes with fpdf. It is the only package that imports
// fpdf, and it decides no position: every coordinate comes from the document.
//
// CONTRACT (filled in by the PDF work; the command relies on these names):
//
//	func Write(doc *page.Document, faces map[string][]byte) ([]byte, error) // role → TrueType bytes
//	type Finding struct { Severity string /* "error" | "warning" */; Page int; Msg string }
//	func Preflight(doc *page.Document, pdf []byte) []Finding
package pdf
