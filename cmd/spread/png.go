package main

import (
	"errors"
	"flag"
	"fmt"
	"strings"

	"spread/raster"
)

// formats are the kinds of file build writes of each profile: its PDF, and a PNG of each page
// drawn by package raster.
type formats struct {
	pdf, png bool
	raster   raster.Options
}

// pdfOnly is what check and a build without -format write.
var pdfOnly = formats{pdf: true}

// maxPPI bounds -ppi; raster.MaxPixels bounds a page's picture whatever the resolution.
const maxPPI = 2400

// formatFlags declares -format, -ppi and -marks and returns a function that reads them after
// parsing.
func formatFlags(flags *flag.FlagSet) func() (formats, error) {
	list := flags.String("format", "pdf", "what to write of each profile: pdf, png (one picture a page), or both: pdf,png")
	ppi := flags.Int("ppi", raster.DefaultPPI, "resolution of the PNG pages, pixels per inch")
	marks := flags.Bool("marks", false, "PNG of a print page: the whole sheet with bleed, crop marks and slug, not the trim")
	return func() (formats, error) {
		var f formats
		for _, name := range strings.Split(*list, ",") {
			switch strings.TrimSpace(name) {
			case "pdf":
				f.pdf = true
			case "png":
				f.png = true
			case "":
			default:
				return f, fmt.Errorf("unknown format %q (pdf, png)", strings.TrimSpace(name))
			}
		}
		if !f.pdf && !f.png {
			return f, errors.New("no format given")
		}
		if *ppi < 1 || *ppi > maxPPI {
			return f, fmt.Errorf("-ppi %d: want 1 to %d pixels per inch", *ppi, maxPPI)
		}
		f.raster = raster.Options{PPI: float64(*ppi), Marks: *marks}
		return f, nil
	}
}

// pngPath is the picture of page i (0-based) of the document whose PDF is pdfPath:
// out/data-print.pdf → out/data-print-1.png.
func pngPath(pdfPath string, i int) string {
	return fmt.Sprintf("%s-%d.png", strings.TrimSuffix(pdfPath, ".pdf"), i+1)
}

// file is one file of a build's outputs, not yet on disk.
type file struct {
	path string
	data []byte
}

// files lists what outs write: each PDF made, then the pictures of its pages.
func files(outs []output) []file {
	var fs []file
	for _, o := range outs {
		if o.pdf != nil {
			fs = append(fs, file{o.path, o.pdf})
		}
		for i, b := range o.pngs {
			fs = append(fs, file{pngPath(o.path, i), b})
		}
	}
	return fs
}
