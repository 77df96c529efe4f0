package pdf_test

import (
	"fmt"
	"log"

	"spread/fonts"
	"spread/layout"
	"spread/pdf"
	"spread/report"
)

// The pipeline as a library: load a report, lay out its print pages and its briefing, cut the
// embedded faces to what both documents draw, and write each PDF to memory. A program that
// imports the packages does what the command does, without files other than the report's.
func Example() {
	r, err := report.Load("../data.yaml") // errors are report.Errors, each FILE:LINE:COL: message
	if err != nil {
		log.Fatal(err)
	}
	faces, err := fonts.Embedded()
	if err != nil {
		log.Fatal(err)
	}
	print, err := layout.Print(r, faces)
	if err != nil {
		log.Fatal(err)
	}
	briefing, err := layout.Briefing(r, faces)
	if err != nil {
		log.Fatal(err)
	}
	cut, err := pdf.CutFaces(faces, print, briefing) // one cut of each face serves both
	if err != nil {
		log.Fatal(err)
	}
	b, err := cut.Write(print)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("print: %d pages, a PDF: %v\n", len(print.Pages), string(b[:5]) == "%PDF-")
	b, err = cut.Write(briefing)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("briefing: A4, a PDF: %v\n", string(b[:5]) == "%PDF-")
	// Output:
	// print: 2 pages, a PDF: true
	// briefing: A4, a PDF: true
}
