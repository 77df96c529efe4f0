// Copyright ©2026 The go-pdf Authors. All rights reserved.
// Use of this source code is governed by a MIT-style
// license that can be found in the LICENSE file.

package fpdf

import (
	"bytes"
	"compress/zlib"
	"errors"
	"image"
	"image/jpeg"
	"image/png"
	"io"
	"regexp"
	"strings"
	"testing"
	"time"
)

func output(t *testing.T, f *Fpdf) string {
	t.Helper()
	var b bytes.Buffer
	if err := f.Output(&b); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func TestAddFontResource(t *testing.T) {
	f := New("P", "pt", "A4", "")
	f.SetCompression(false)
	f.AddPage()
	f.AddFontResource("MyF", func(w ObjectWriter) (int, error) {
		file := w.Stream("/Length1 4", []byte("font"))
		return w.Object("<</Type /Font /Subtype /Type3 /Ref " + itoa(file) + " 0 R>>"), nil
	})
	f.RawWriteStr("BT /MyF 12 Tf (a) Tj ET")
	out := output(t, f)
	m := regexp.MustCompile(`/MyF (\d+) 0 R`).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("no /MyF in the resources:\n%s", out)
	}
	if !strings.Contains(out, m[1]+" 0 obj\n<</Type /Font /Subtype /Type3 /Ref ") {
		t.Errorf("object %s is not the font written", m[1])
	}
	if !strings.Contains(out, "<</Length1 4 /Length 4>>\nstream\nfont\nendstream") {
		t.Errorf("stream not written as given:\n%s", out)
	}
	g := New("P", "pt", "A4", "")
	g.AddFontResource("A", func(ObjectWriter) (int, error) { return 0, nil })
	g.AddFontResource("A", func(ObjectWriter) (int, error) { return 0, nil })
	if g.Error() == nil {
		t.Error("a name added twice is not an error")
	}
}

func itoa(n int) string { return sprintf("%d", n) }

var fixedTime = time.Date(2021, 1, 8, 0, 0, 0, 0, time.UTC)

func TestPageBoxOrderAndImageOrder(t *testing.T) {
	var first string
	for i := range 8 {
		f := New("P", "pt", "A4", "")
		f.SetCatalogSort(true)
		f.SetCreationDate(fixedTime)
		f.SetModificationDate(fixedTime)
		f.AddPage()
		f.SetPageBox("trim", 10, 10, 100, 100)
		f.SetPageBox("bleed", 5, 5, 110, 110)
		f.SetPageBox("art", 20, 20, 80, 80)
		for j, name := range []string{"b", "a", "c"} {
			var buf bytes.Buffer
			img := image.NewGray(image.Rect(0, 0, 4, 2+j))
			png.Encode(&buf, img)
			f.RegisterImageOptionsReader(name, ImageOptions{ImageType: "png"}, &buf)
			f.ImageOptions(name, 0, float64(10*j), 4, 4, false, ImageOptions{ImageType: "png"}, 0, "")
		}
		out := output(t, f)
		if !regexp.MustCompile(`/BleedBox [^\n]*\n/TrimBox [^\n]*\n/ArtBox `).MatchString(out) {
			t.Fatalf("boxes not in order:\n%s", out)
		}
		if i == 0 {
			first = out
		} else if out != first {
			t.Fatalf("output %d differs from the first", i+1)
		}
	}
}

func TestBookmarkOnItsPageAndUTF8(t *testing.T) {
	f := New("P", "pt", "A4", "")
	f.SetCompression(false)
	f.AddPageFormat("P", SizeType{Wd: 200, Ht: 400})
	f.BookmarkUTF8("一", 0, 100)
	f.AddPageFormat("P", SizeType{Wd: 200, Ht: 300})
	out := output(t, f)
	if !strings.Contains(out, "/XYZ 0 300.00 null]") {
		t.Errorf("bookmark on a 400 pt page at y 100 does not point at 300:\n%s", out)
	}
	if !strings.Contains(out, "/Title (\xfe\xff\x4e\x00)") {
		t.Errorf("title not in UTF-16:\n%s", out)
	}
}

func TestCompressReusesItsWriter(t *testing.T) {
	data := bytes.Repeat([]byte("0 0 m 10 10 l S\n"), 500)
	for range 3 {
		mem := xmem.compress(data)
		r, err := zlib.NewReader(bytes.NewReader(mem.bytes()))
		if err != nil {
			t.Fatal(err)
		}
		got, err := io.ReadAll(r)
		if err != nil || !bytes.Equal(got, data) {
			t.Fatalf("round trip: %v", err)
		}
		mem.release()
	}
}

// jpegDoc is a one-page document with a JPEG drawn, read from r.
func jpegDoc(t *testing.T, r io.Reader) *Fpdf {
	t.Helper()
	f := New("P", "pt", "A4", "")
	f.SetCatalogSort(true)
	f.SetCreationDate(fixedTime)
	f.SetModificationDate(fixedTime)
	f.AddPage()
	f.RegisterImageOptionsReader("photo", ImageOptions{ImageType: "JPG"}, r)
	f.ImageOptions("photo", 10, 10, 100, 0, false, ImageOptions{ImageType: "JPG"}, 0, "")
	if err := f.Error(); err != nil {
		t.Fatal(err)
	}
	return f
}

func TestReserveBytesAndStreamsWrittenOnce(t *testing.T) {
	var photo bytes.Buffer
	img := image.NewGray(image.Rect(0, 0, 64, 48))
	for i := range img.Pix {
		img.Pix[i] = uint8(i * 7)
	}
	if err := jpeg.Encode(&photo, img, nil); err != nil {
		t.Fatal(err)
	}
	// the reference: a reader without Len, written by Output
	want := output(t, jpegDoc(t, io.MultiReader(bytes.NewReader(photo.Bytes()))))
	if !strings.Contains(want, photo.String()) {
		t.Fatal("the JPEG is not in the file as it was given")
	}
	f := jpegDoc(t, bytes.NewReader(photo.Bytes()))
	f.Reserve(len(want) + 100)
	got, err := f.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != want {
		t.Errorf("Reserve and Bytes changed the file (%d bytes against %d)", len(got), len(want))
	}
	if cap(got) < len(want)+100 {
		t.Errorf("the file was not written into the reserved buffer (cap %d)", cap(got))
	}
	g := jpegDoc(t, bytes.NewReader(photo.Bytes()))
	g.SetError(errors.New("broken"))
	if _, err := g.Bytes(); err == nil {
		t.Error("Bytes of a document in error returns no error")
	}
}

// A JPEG given as bytes goes into the file as it is, without a copy; one read from a reader
// is still copied (a bytes.Buffer reused for the next image leaves the first as it was), and
// an encrypted document leaves the caller's bytes unencrypted.
func TestJPEGFromBytesIsNotCopied(t *testing.T) {
	var photo bytes.Buffer
	img := image.NewGray(image.Rect(0, 0, 64, 48))
	if err := jpeg.Encode(&photo, img, nil); err != nil {
		t.Fatal(err)
	}
	data := photo.Bytes()
	want := output(t, jpegDoc(t, bytes.NewReader(data)))
	f := New("P", "pt", "A4", "")
	f.SetCatalogSort(true)
	f.SetCreationDate(fixedTime)
	f.SetModificationDate(fixedTime)
	f.AddPage()
	f.RegisterImageOptionsBytes("photo", ImageOptions{ImageType: "JPG"}, data)
	f.ImageOptions("photo", 10, 10, 100, 0, false, ImageOptions{ImageType: "JPG"}, 0, "")
	info := f.GetImageInfo("photo")
	if info == nil || len(info.data) != len(data) || &info.data[0] != &data[0] {
		t.Fatal("the JPEG given as bytes was copied")
	}
	if got := output(t, f); got != want {
		t.Errorf("the file differs from one read through a reader (%d bytes against %d)", len(got), len(want))
	}
	buf := bytes.NewBuffer(bytes.Clone(data))
	g := jpegDoc(t, buf)
	if info := g.GetImageInfo("photo"); &info.data[0] == &buf.Bytes()[:1][0] {
		t.Error("a JPEG read from a bytes.Buffer shares the buffer")
	}
	orig := bytes.Clone(data)
	e := New("P", "pt", "A4", "")
	e.SetProtection(0, "", "owner")
	e.AddPage()
	e.RegisterImageOptionsBytes("photo", ImageOptions{ImageType: "JPG"}, data)
	e.ImageOptions("photo", 10, 10, 100, 0, false, ImageOptions{ImageType: "JPG"}, 0, "")
	output(t, e)
	if !bytes.Equal(data, orig) {
		t.Error("writing an encrypted document changed the caller's JPEG")
	}
}

// An image registered with an ID is named /I<ID> in the file, and no digest of its data is
// taken; two names registered with one ID are written as one image; without an ID the name is
// the SHA-1 digest, as before.
func TestImageIDGivenByTheCaller(t *testing.T) {
	var photo bytes.Buffer
	if err := jpeg.Encode(&photo, image.NewGray(image.Rect(0, 0, 64, 48)), nil); err != nil {
		t.Fatal(err)
	}
	data := photo.Bytes()
	doc := func(id string) string {
		f := New("P", "pt", "A4", "")
		f.SetCatalogSort(true)
		f.SetCreationDate(fixedTime)
		f.SetModificationDate(fixedTime)
		f.SetCompression(false)
		f.AddPage()
		for i, name := range []string{"a", "b"} {
			f.RegisterImageOptionsBytes(name, ImageOptions{ImageType: "JPG", ID: id}, data)
			f.ImageOptions(name, 10, float64(10+60*i), 64, 0, false, ImageOptions{ImageType: "JPG"}, 0, "")
		}
		return output(t, f)
	}
	given := doc("7")
	if !strings.Contains(given, "/I7 Do") || strings.Count(given, "/Subtype /Image") != 1 {
		t.Errorf("with ID 7: want /I7 drawn and one image object, got %d image objects", strings.Count(given, "/Subtype /Image"))
	}
	digest := doc("")
	if strings.Contains(digest, "/I7 ") || !regexp.MustCompile(`/I[0-9a-f]{40} Do`).MatchString(digest) {
		t.Error("without an ID the image is not named by its SHA-1 digest")
	}
}
