package pdf

import (
	"bytes"
	"crypto/sha256"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode/utf16"

	"spread/fonts"
	"spread/layout"
	"spread/page"
	"spread/report"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden")

// TestSeedGolden writes the seed's two PDFs as the command does (both documents laid out, the
// faces cut once for both) and compares them, read back through parsePDF, with
// testdata/seed-PROFILE.golden at the level of page operators and objects: every page's boxes,
// resources and content operators, every font's dictionaries, widths, ToUnicode map and a hash
// of its program, every image's dictionary and a hash of its data, the outline and the info.
// Object numbers, byte offsets, compressed lengths and the names fpdf gives images (which
// hash its own records) are left out, so a change of how the file is put together shows as
// nothing, and a change of what a page draws shows line by line.
func TestSeedGolden(t *testing.T) {
	docs := seedDocuments(t)
	for _, name := range []string{"print", "briefing"} {
		t.Run(name, func(t *testing.T) {
			b, err := writeSeed(t, docs, name)
			if err != nil {
				t.Fatal(err)
			}
			got, err := dumpPDF(b)
			if err != nil {
				t.Fatal(err)
			}
			path := filepath.Join("testdata", "seed-"+name+".golden")
			if *update {
				if err := os.MkdirAll("testdata", 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test ./pdf -run SeedGolden -update)", err)
			}
			if got != string(want) {
				t.Errorf("the %s PDF differs from %s (go test ./pdf -run SeedGolden -update rewrites it):\n%s", name, path, firstDiff(string(want), got))
			}
		})
	}
}

// TestFpdfIsAPackageOfTheModule: the patched fpdf in third_party/fpdf is a package of spread's
// module, not a module of its own put in place by a replace directive (which only the main
// module's go.mod obeys: a program that required spread would get fpdf's release without the
// patches, and not compile), and it says which release it was made from.
func TestFpdfIsAPackageOfTheModule(t *testing.T) {
	mod, err := os.ReadFile("../go.mod")
	if err != nil {
		t.Fatal(err)
	}
	if regexp.MustCompile(`(?m)^\s*(replace\s+)?codeberg\.org/go-pdf/fpdf`).Match(mod) {
		t.Error("go.mod requires or replaces codeberg.org/go-pdf/fpdf: spread builds its own patched copy, spread/third_party/fpdf")
	}
	if _, err := os.Stat("../third_party/fpdf/go.mod"); err == nil {
		t.Error("third_party/fpdf has a go.mod: it would be a module of its own")
	}
	vendored, err := os.ReadFile("../third_party/fpdf/VERSION")
	if err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`^v\d+\.\d+\.\d+\s*$`).Match(vendored) {
		t.Errorf("third_party/fpdf/VERSION is %q, not a release", vendored)
	}
}

// seedDocuments lays the repository's data.yaml out in both profiles.
func seedDocuments(t testing.TB) map[string]*page.Document {
	t.Helper()
	r, err := report.Load("../data.yaml")
	if err != nil {
		t.Fatal(err)
	}
	set, err := fonts.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	print, err := layout.Print(r, set)
	if err != nil {
		t.Fatal(err)
	}
	briefing, err := layout.Briefing(r, set)
	if err != nil {
		t.Fatal(err)
	}
	return map[string]*page.Document{"print": print, "briefing": briefing}
}

// firstDiff shows the first line where want and got part, with a little context.
func firstDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < len(w) || i < len(g); i++ {
		if i < len(w) && i < len(g) && w[i] == g[i] {
			continue
		}
		line := func(ls []string) string {
			if i < len(ls) {
				return ls[i]
			}
			return "(end)"
		}
		return fmt.Sprintf("line %d:\nwant %s\ngot  %s", i+1, line(w), line(g))
	}
	return "(no difference in lines)"
}

// dumpPDF is the golden text of a PDF: its pages in order, then its fonts and images by the
// resource names the pages use, the outline and the info dictionary.
func dumpPDF(b []byte) (string, error) {
	f, err := parsePDF(b)
	if err != nil {
		return "", err
	}
	pages, err := f.pages()
	if err != nil {
		return "", err
	}
	d := &dumper{f: f, page: map[int]int{}, rename: map[string]string{}}
	for i, pn := range pages {
		d.page[pn] = i + 1
	}
	var out strings.Builder
	root := d.resolve(f.trailer.dict["Root"])
	info := d.resolve(f.trailer.dict["Info"])
	fmt.Fprintf(&out, "catalog %s\n", d.show(root, "Pages", "Outlines", "Type"))
	fmt.Fprintf(&out, "info %s\n", d.show(info))
	resources := map[string]pdfValue{} // "Font /SF1" → the object
	for i, pn := range pages {
		pg := f.object(pn)
		media, _ := f.box(pn, "MediaBox") // the page's own or the page tree's
		fmt.Fprintf(&out, "\npage %d media %g %s\n", i+1, media, d.show(pg, "Contents", "MediaBox", "Resources", "Parent", "Type"))
		res := d.resolve(pg.dict["Resources"])
		for _, kind := range []string{"Font", "XObject"} {
			sub := d.resolve(res.dict[kind])
			for _, k := range sortedKeys(sub.dict) {
				v := d.resolve(sub.dict[k])
				if kind == "XObject" {
					d.rename["/"+k] = d.imageName(v)
					resources[kind+" "+d.rename["/"+k]] = v
					continue
				}
				resources[kind+" /"+k] = v
			}
		}
		fmt.Fprintf(&out, "resources %s\n", d.show(res, "Font", "XObject"))
		for _, cn := range f.contents(pn) {
			data, err := f.stream(cn)
			if err != nil {
				return "", fmt.Errorf("page %d: %v", i+1, err)
			}
			for _, op := range contentOps(data) {
				if name, ok := strings.CutSuffix(op, " Do"); ok && d.rename[name] != "" {
					op = d.rename[name] + " Do"
				}
				out.WriteString(op)
				out.WriteByte('\n')
			}
		}
	}
	for _, k := range sortedKeys(resources) {
		fmt.Fprintf(&out, "\n%s\n", k)
		d.deep(&out, resources[k], 1)
	}
	if o := d.resolve(root.dict["Outlines"]); o.kind == "dict" {
		out.WriteString("\noutline\n")
		d.outline(&out, o, 1)
	}
	return out.String(), nil
}

type dumper struct {
	f      *pdfFile
	page   map[int]int       // page object → 1-based page number
	rename map[string]string // image resource name as written → /Image-HASH, named by its data
}

// imageName names an image by the hash of its data, not by the name fpdf gave it.
func (d *dumper) imageName(v pdfValue) string {
	if v.kind != "stream" {
		return "/Image-?"
	}
	data, err := d.f.stream(v.obj)
	if err != nil {
		return "/Image-?"
	}
	return fmt.Sprintf("/Image-%x", sha256.Sum256(data))[:19]
}

// resolve follows a reference (not to a page).
func (d *dumper) resolve(v pdfValue) pdfValue {
	for i := 0; v.kind == "ref" && i < 8; i++ {
		if _, isPage := d.page[v.n]; isPage {
			return v
		}
		v = d.f.object(v.n)
	}
	return v
}

// show writes a value on one line, references resolved, without the keys skipped.
func (d *dumper) show(v pdfValue, skip ...string) string {
	v = d.resolve(v)
	switch v.kind {
	case "ref":
		if p, ok := d.page[v.n]; ok {
			return fmt.Sprintf("(page %d)", p)
		}
		return "(ref)"
	case "dict", "stream":
		var parts []string
		for _, k := range sortedKeys(v.dict) {
			if contains(skip, k) || (v.kind == "stream" && k == "Length") {
				continue
			}
			parts = append(parts, "/"+k+" "+d.show(v.dict[k]))
		}
		s := "<<" + strings.Join(parts, " ") + ">>"
		if v.kind == "stream" {
			data, err := d.f.stream(v.obj)
			if err != nil {
				return s + " stream error " + err.Error()
			}
			s += fmt.Sprintf(" stream %d bytes sha256 %x", len(data), sha256.Sum256(data))
		}
		return s
	case "array":
		var parts []string
		for _, e := range v.arr {
			parts = append(parts, d.show(e))
		}
		return "[" + strings.Join(parts, " ") + "]"
	}
	return textOf(v.s)
}

// deep writes a dictionary one entry a line, nested dictionaries indented, and the text of
// streams whose data is text (ToUnicode CMaps) line by line.
func (d *dumper) deep(out *strings.Builder, v pdfValue, depth int) {
	ind := strings.Repeat("  ", depth)
	v = d.resolve(v)
	if v.kind != "dict" && v.kind != "stream" {
		fmt.Fprintf(out, "%s%s\n", ind, d.show(v))
		return
	}
	for _, k := range sortedKeys(v.dict) {
		if v.kind == "stream" && k == "Length" {
			continue
		}
		e := d.resolve(v.dict[k])
		if e.kind == "array" && len(e.arr) == 1 && d.resolve(e.arr[0]).kind == "dict" {
			e = d.resolve(e.arr[0]) // DescendantFonts
		}
		switch e.kind {
		case "dict", "stream":
			fmt.Fprintf(out, "%s/%s\n", ind, k)
			d.deep(out, e, depth+1)
		default:
			fmt.Fprintf(out, "%s/%s %s\n", ind, k, d.show(e))
		}
	}
	if v.kind != "stream" {
		return
	}
	data, err := d.f.stream(v.obj)
	switch {
	case err != nil:
		fmt.Fprintf(out, "%sstream error %v\n", ind, err)
	case bytes.Contains(data, []byte("begincmap")):
		for _, l := range strings.Split(string(data), "\n") {
			fmt.Fprintf(out, "%s| %s\n", ind, l)
		}
	default:
		fmt.Fprintf(out, "%sstream %d bytes sha256 %x\n", ind, len(data), sha256.Sum256(data))
	}
}

// outline writes the outline items in order, with their titles and destinations.
func (d *dumper) outline(out *strings.Builder, v pdfValue, depth int) {
	for it, i := d.resolve(v.dict["First"]), 0; it.kind == "dict" && i < 1000; it, i = d.resolve(it.dict["Next"]), i+1 {
		fmt.Fprintf(out, "%s%s %s\n", strings.Repeat("  ", depth), d.show(it.dict["Title"]), d.show(it, "First", "Last", "Next", "Prev", "Parent", "Title"))
		if it.dict["First"].kind != "" {
			d.outline(out, it, depth+1)
		}
	}
}

// textOf shows a string token as its text: UTF-16 with a byte order mark decoded, other
// strings as they are; other tokens unchanged.
func textOf(s string) string {
	if len(s) < 2 || s[0] != '(' {
		return s
	}
	raw := unescape(s[1 : len(s)-1])
	if strings.HasPrefix(raw, "\xfe\xff") {
		var us []uint16
		for i := 2; i+1 < len(raw); i += 2 {
			us = append(us, uint16(raw[i])<<8|uint16(raw[i+1]))
		}
		return strconv.Quote(string(utf16.Decode(us)))
	}
	return strconv.Quote(raw)
}

// unescape undoes a literal string's backslash escapes.
func unescape(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '\\' || i+1 == len(s) {
			b.WriteByte(c)
			continue
		}
		i++
		switch c = s[i]; c {
		case 'n':
			b.WriteByte('\n')
		case 'r':
			b.WriteByte('\r')
		case 't':
			b.WriteByte('\t')
		case 'b':
			b.WriteByte('\b')
		case 'f':
			b.WriteByte('\f')
		case '0', '1', '2', '3', '4', '5', '6', '7':
			n := 0
			for k := 0; k < 3 && i < len(s) && s[i] >= '0' && s[i] <= '7'; k++ {
				n = n*8 + int(s[i]-'0')
				i++
			}
			i--
			b.WriteByte(byte(n))
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

// contentOps splits a content stream into its operations, one per line as "operands operator"
// with single spaces; glyph strings are kept as they are (hex glyph ids).
func contentOps(data []byte) []string {
	l := &lexer{b: data}
	var ops []string
	var operands []string
	for {
		t := l.token()
		if t == "" {
			break
		}
		c := t[0]
		isOperand := c == '/' || c == '(' || c == '<' || c == '[' || c == ']' || c == '-' || c == '.' || (c >= '0' && c <= '9') || t == ">>"
		if t == "true" || t == "false" || t == "null" {
			isOperand = true
		}
		if isOperand {
			operands = append(operands, t)
			continue
		}
		ops = append(ops, strings.Join(append(operands, t), " "))
		operands = operands[:0]
	}
	if len(operands) > 0 {
		ops = append(ops, strings.Join(operands, " ")+" (no operator)")
	}
	return ops
}

// writeSeed writes the seed document of one profile with its faces cut, as the command does,
// to the characters of both documents.
func writeSeed(t testing.TB, docs map[string]*page.Document, name string) ([]byte, error) {
	t.Helper()
	set, err := fonts.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	cut, err := CutFaces(set, docs["print"], docs["briefing"])
	if err != nil {
		t.Fatal(err)
	}
	return cut.Write(docs[name])
}
