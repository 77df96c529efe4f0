// Copyright ©2026 The go-pdf Authors. All rights reserved.
// Use of this source code is governed by a MIT-style
// license that can be found in the LICENSE file.

package fpdf

import "fmt"

// ObjectWriter writes the PDF objects of a resource that the caller builds
// itself: see AddFontResource. It is valid only inside the function given
// there.
type ObjectWriter struct{ f *Fpdf }

// Object writes one indirect object whose value is body (a dictionary, an
// array, ...) and returns its object number.
func (w ObjectWriter) Object(body string) int {
	w.f.newobj()
	w.f.out(body)
	w.f.out("endobj")
	return w.f.n
}

// Stream writes one stream object and returns its object number. dict holds
// the entries of the stream's dictionary without the enclosing << >> and
// without /Length, which Stream adds. data is written as it is: a caller that
// compresses it names the filter in dict.
func (w ObjectWriter) Stream(dict string, data []byte) int {
	w.f.newobj()
	w.f.outf("<<%s /Length %d>>", dict, len(data))
	w.f.putstream(data)
	w.f.out("endobj")
	return w.f.n
}

type fontResource struct {
	name  string
	write func(ObjectWriter) (int, error)
	n     int // the object number of the font dictionary, once written
}

// AddFontResource adds a font that the caller writes itself, as PDF objects,
// to the page resources under name (a PDF name without its slash), so that
// content written with RawWriteStr can select it with "/name size Tf". fpdf
// does not read, subset or measure such a font: it is for fonts fpdf cannot
// build, such as a Type0 font over a face that is already subset. When the
// document is closed, write is called once, in the order the fonts were
// added, to write the font's objects with w; it returns the object number of
// the font dictionary, and an error it returns becomes the document's error.
// The name must differ from every other font resource's; fpdf names its own
// fonts F followed by a number.
func (f *Fpdf) AddFontResource(name string, write func(w ObjectWriter) (int, error)) {
	if f.err != nil {
		return
	}
	for _, r := range f.fontResources {
		if r.name == name {
			f.err = fmt.Errorf("font resource %s added twice", name)
			return
		}
	}
	f.fontResources = append(f.fontResources, fontResource{name: name, write: write})
}

func (f *Fpdf) putFontResources() {
	for i := range f.fontResources {
		if f.err != nil {
			return
		}
		r := &f.fontResources[i]
		n, err := r.write(ObjectWriter{f})
		if err != nil {
			f.err = err
			return
		}
		r.n = n
	}
}
