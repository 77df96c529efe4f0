package pdf

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"strings"
	"testing"
)

// handPDF assembles objects (numbered from 1) into a file with a classic xref table.
func handPDF(objs ...string) []byte {
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n")
	offs := make([]int, len(objs))
	for i, o := range objs {
		offs[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	at := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, o := range offs {
		fmt.Fprintf(&b, "%010d 00000 n \n", o)
	}
	fmt.Fprintf(&b, "trailer\n<</Size %d/Root 1 0 R>>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, at)
	return b.Bytes()
}

// The reader reads PDF syntax, not one writer's spacing: names without spaces between them, a
// page tree of two levels with the MediaBox inherited from the top, an array of content
// streams, an indirect /Length, a filter array, a transparency group and a font without its file.
func TestReaderReadsSyntaxNotSpacing(t *testing.T) {
	var z bytes.Buffer
	zw := zlib.NewWriter(&z)
	zw.Write([]byte("0 0 0 1 k"))
	zw.Close()
	b := handPDF(
		"<</Type/Catalog/Pages 2 0 R>>",
		"<</Type/Pages/Kids[3 0 R]/Count 1/MediaBox[0 0 200 300]>>",
		"<</Type/Pages/Parent 2 0 R/Kids[4 0 R]/Count 1>>",
		"<</Type/Page/Parent 3 0 R/TrimBox[10 10 190.5 290]/Contents[5 0 R 6 0 R]/Group<</S/Transparency/CS/DeviceRGB>>/Resources<</Font<</F1 7 0 R>>>>>>",
		"<</Length 8 0 R>>stream\n1 0 0 rg\nendstream",
		fmt.Sprintf("<</Filter[/FlateDecode]/Length %d>>stream\n%s\nendstream", z.Len(), z.Bytes()),
		"<</Type/Font/Subtype/TrueType/BaseFont/Song/FontDescriptor 9 0 R>>",
		"8",
		"<</Type/FontDescriptor/FontName/Song>>",
	)
	f, err := parsePDF(b)
	if err != nil {
		t.Fatal(err)
	}
	pages, err := f.pages()
	if err != nil || len(pages) != 1 || pages[0] != 4 {
		t.Fatalf("pages %v, %v; want [4]", pages, err)
	}
	if m, ok := f.box(4, "MediaBox"); !ok || m != [4]float64{0, 0, 200, 300} {
		t.Errorf("inherited MediaBox %v %v", m, ok)
	}
	if tb, ok := f.box(4, "TrimBox"); !ok || tb != [4]float64{10, 10, 190.5, 290} {
		t.Errorf("TrimBox %v %v", tb, ok)
	}
	var content []string
	for _, n := range f.contents(4) {
		data, err := f.stream(n)
		if err != nil {
			t.Fatal(err)
		}
		content = append(content, string(data))
	}
	if got := strings.Join(content, "|"); got != "1 0 0 rg|0 0 0 1 k" {
		t.Errorf("content streams %q", got)
	}
	if g := f.get(f.object(4), "Group"); g.dict["S"].s != "/Transparency" || g.dict["CS"].s != "/DeviceRGB" {
		t.Errorf("group %+v", g)
	}
	if fs := f.fontFindings(); len(fs) != 1 || !strings.Contains(fs[0].Msg, "font Song is not embedded") {
		t.Errorf("font findings %v, want Song not embedded", fs)
	}
}
