package fonts

import (
	"bytes"
	"encoding/binary"
	"io"
	"math"
	"math/rand"
	"os"
	"strings"
	"testing"

	"spread/report"
	"spread/third_party/fpdf"
)

var roles = []string{Song, SongBold, Hei, Kai}

func embeddedSet(t testing.TB) *Set {
	t.Helper()
	s, err := Embedded()
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func seed(t testing.TB) string {
	t.Helper()
	b, err := os.ReadFile("testdata/xunyang-2020.txt")
	if err != nil {
		t.Fatal(err)
	}
	if len(b) < 5000 {
		t.Fatalf("seed text is only %d bytes", len(b))
	}
	return string(b)
}

// sample mixes everything the layout measures: Han, full-width and ASCII punctuation, digits,
// Latin, the marks whose glyphs were remapped, characters without glyphs, controls, and an
// astral character (measured like fpdf measures it; only Output panics on it).
const sample = "浔阳区2020年GDP达352.34亿元,同比增长4.5%;“十四五”开局——稳中求进……" +
	"中·外 「引号」『』（括号）【】《书名》〈〉、。，：；！？～ABCxyz_-+=/\\|@#$&*^" +
	"Ⅰ Ⅻ ▲▼↑↓ ■□●○◆ ①⑳ ℃ ‰ ×÷ ‘单’ ‥ ― ½ é ü ß ¥ © 　" +
	"䶵\u9fa6\uffff\u0000\t\n\u200b\U00020000\U0001F600 쀀"

func TestAdvanceMatchesFpdf(t *testing.T) {
	s := embeddedSet(t)
	text := sample + seed(t)
	for _, role := range roles {
		face := s.Face(role)
		pdf := fpdf.New("P", "pt", "A4", "")
		pdf.AddUTF8FontFromBytes(face.Name, "", face.Data)
		if err := pdf.Error(); err != nil {
			t.Fatal(err)
		}
		const size = 9.5
		pdf.SetFont(face.Name, "", size)
		checked := 0
		for _, r := range text {
			want := pdf.GetStringSymbolWidth(string(r))
			if got := face.advance1000(r); got != want {
				t.Errorf("%s %q (U+%04X): advance %d‰, fpdf %d‰", role, r, r, got, want)
			}
			if got, want := face.Advance(r)*size, pdf.GetStringWidth(string(r)); math.Abs(got-want) > 1e-9 {
				t.Errorf("%s %q: %v pt, fpdf %v pt", role, r, got, want)
			}
			checked++
		}
		if got, want := s.Width(role, text)*size, pdf.GetStringWidth(text); math.Abs(got-want) > 1e-6 {
			t.Errorf("%s: text width %v pt, fpdf %v pt", role, got, want)
		}
		if checked < 2500 {
			t.Fatalf("only %d characters checked", checked)
		}
		desc := pdf.GetFontDesc(face.Name, "")
		if got := int(face.Ascent()*1000 + 1e-9); got != desc.Ascent {
			t.Errorf("%s ascent %d‰, fpdf %d", role, got, desc.Ascent)
		}
		if got := -int(face.Descent()*1000 + 1e-9); got != desc.Descent {
			t.Errorf("%s descent %d‰, fpdf %d", role, got, desc.Descent)
		}
	}
}

func TestChineseMarksAreFullWidth(t *testing.T) {
	s := embeddedSet(t)
	for _, role := range roles {
		face := s.Face(role)
		for _, r := range "—“”‘’…·、。，：；！？（）《》中" {
			if !face.Has(r) || face.Advance(r) != 1 {
				t.Errorf("%s %q: has %v, advance %v em, want a 1 em glyph", role, r, face.Has(r), face.Advance(r))
			}
		}
		if w := s.Width(role, "——"); w != 2 {
			t.Errorf("%s: —— is %v em", role, w)
		}
		// The dash must span its whole em so that —— draws as one rule.
		xMin, xMax := glyphXBounds(t, face, '—')
		if xMin > face.upem/100 || xMax < face.upem-face.upem/100 {
			t.Errorf("%s: — is drawn from %d to %d of %d units: —— shows a gap", role, xMin, xMax, face.upem)
		}
		// Closing quotes sit in the left half of their em, opening ones in the right half.
		if _, x := glyphXBounds(t, face, '”'); x > face.upem/2 {
			t.Errorf("%s: ” reaches %d of %d units", role, x, face.upem)
		}
		if x, _ := glyphXBounds(t, face, '“'); x < face.upem/2 {
			t.Errorf("%s: “ starts at %d of %d units", role, x, face.upem)
		}
	}
}

// glyphXBounds reads a glyph's xMin/xMax from loca and glyf, following one level of
// composite offsets (the kai face's synthesized quotes).
func glyphXBounds(t *testing.T, f *Face, r rune) (int, int) {
	t.Helper()
	tbl := func(tag string) []byte {
		n := u16(f.Data, 4)
		for i := 0; i < n; i++ {
			rec := f.Data[12+16*i:]
			if string(rec[:4]) == tag {
				return f.Data[u32(rec, 8) : u32(rec, 8)+u32(rec, 12)]
			}
		}
		t.Fatalf("no %s table", tag)
		return nil
	}
	head, loca, glyf := tbl("head"), tbl("loca"), tbl("glyf")
	g := f.glyph4(r)
	off := func(g int) int {
		if u16(head, 50) == 0 {
			return 2 * u16(loca, 2*g)
		}
		return u32(loca, 4*g)
	}
	b := glyf[off(g):]
	return i16(b, 2), i16(b, 6)
}

func TestSeedIsCovered(t *testing.T) {
	s := embeddedSet(t)
	text := seed(t)
	for _, role := range roles {
		if m := s.Face(role).Missing(text); len(m) != 0 {
			t.Errorf("%s face misses %q", role, string(m))
		}
	}
}

func TestCheckPositionsErrors(t *testing.T) {
	s := embeddedSet(t)
	at := report.Pos{File: "data.yaml", Line: 12, Col: 7}
	// 䶵 (CJK Ext. A) is outside GBK, so outside the subset; 𠀀 is astral; each once.
	text := "浔阳䶵区𠀀䶵𠀀。"
	face := s.Face(Song)
	if got, want := string(face.Missing(text)), "䶵𠀀"; got != want {
		t.Fatalf("Missing = %q, want %q", got, want)
	}
	errs := Check(Song, face, text, at)
	if len(errs) != 2 {
		t.Fatalf("got %d errors: %v", len(errs), errs)
	}
	want := []string{
		`data.yaml:12:7: the song face has no glyph for '䶵' (U+4DB5, character 3 of the text)`,
		`data.yaml:12:7: character '𠀀' (U+20000, character 5 of the text) is above U+FFFF, which the PDF writer cannot embed`,
	}
	for i, e := range errs {
		if e.Error() != want[i] {
			t.Errorf("error %d:\n got %s\nwant %s", i, e.Error(), want[i])
		}
	}
	if errs := Check(Kai, s.Face(Kai), seed(t), at); errs != nil {
		t.Errorf("seed in kai: %v", errs)
	}
	if errs := Check(Kai, nil, "字", at); len(errs) != 1 || !strings.Contains(errs[0].Msg, "no kai face") {
		t.Errorf("nil face: %v", errs)
	}
}

func TestHas(t *testing.T) {
	f := embeddedSet(t).Face(Song)
	for r, want := range map[rune]bool{
		'中': true, 'A': true, '　': true, 0x9FA5: true,
		0x9FA6: false, 0: false, 0xFFFF: false, 0x20000: false, -1: false, 0x4DB5: false,
	} {
		if f.Has(r) != want {
			t.Errorf("Has(%U) = %v", r, !want)
		}
	}
}

// osTwoFsType returns the offset of the OS/2 fsType field in data.
func osTwoFsType(t *testing.T, data []byte) int {
	n := int(binary.BigEndian.Uint16(data[4:]))
	for i := 0; i < n; i++ {
		rec := data[12+16*i:]
		if string(rec[:4]) == "OS/2" {
			return int(binary.BigEndian.Uint32(rec[8:])) + 8
		}
	}
	t.Fatal("no OS/2")
	return 0
}

func TestParseRejects(t *testing.T) {
	good := embeddedSet(t).Face(Hei).Data
	withFsType := func(v uint16) []byte {
		d := bytes.Clone(good)
		binary.BigEndian.PutUint16(d[osTwoFsType(t, d):], v)
		return d
	}
	for name, c := range map[string]struct {
		data []byte
		msg  string
	}{
		"cff":        {append([]byte("OTTO"), make([]byte, 200)...), "CFF"},
		"ttc":        {append([]byte("ttcf"), make([]byte, 200)...), "collection"},
		"garbage":    {[]byte("%PDF-1.7 not a font at all"), "not a TrueType font"},
		"empty":      {nil, "not a font file"},
		"truncated":  {good[:4096], "outside the file"},
		"directory":  {good[:40], "table directory"},
		"restricted": {withFsType(0x0002), "licence forbids"},
		"no subset":  {withFsType(0x0100), "licence forbids"},
		"bitmap":     {withFsType(0x0200), "licence forbids"},
	} {
		_, err := Parse(Hei, "X", c.data)
		if err == nil || !strings.Contains(err.Error(), c.msg) {
			t.Errorf("%s: err = %v, want one saying %q", name, err, c.msg)
		}
	}
	for _, v := range []uint16{0, 0x0004, 0x0008, 0x000A} { // installable, preview, editable
		if _, err := Parse(Hei, "X", withFsType(v)); err != nil {
			t.Errorf("fsType %#x: %v", v, err)
		}
	}
}

// TestParseNeverPanics corrupts headers and tables of a real face at random.
func TestParseNeverPanics(t *testing.T) {
	good := embeddedSet(t).Face(Kai).Data
	rng := rand.New(rand.NewSource(1))
	n := 300
	if testing.Short() {
		n = 50
	}
	for i := 0; i < n; i++ {
		d := bytes.Clone(good[:64*1024])
		for j := 0; j < 1+rng.Intn(20); j++ {
			d[rng.Intn(12+16*12)] = byte(rng.Intn(256))
		}
		f, err := Parse(Kai, "x", d)
		if err == nil {
			f.Width("中文ABC—“”\U00020000\uffff")
			f.Missing("中文ABC")
		}
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte("OTTO"))
	f.Add([]byte("\x00\x01\x00\x00\x00\x01\x00\x00\x00\x00\x00\x00cmap\x00\x00\x00\x00\x00\x00\x00\x1c\x00\x00\x00\x04"))
	f.Fuzz(func(t *testing.T, data []byte) {
		face, err := Parse(Song, "x", data)
		if err == nil {
			face.Width("中文ABC\u0000\uffff")
		}
	})
}

func TestWith(t *testing.T) {
	s := embeddedSet(t)
	own, err := s.With(Kai, s.Face(Song).Data, "MyKai")
	if err != nil {
		t.Fatal(err)
	}
	if own.Face(Kai).Name != "MyKai" || own.Face(Kai).Role != Kai || s.Face(Kai).Name != "SpreadWenKai-Regular" {
		t.Errorf("With changed the wrong set: %q %q", own.Face(Kai).Name, s.Face(Kai).Name)
	}
	if own.Face(Song) != s.Face(Song) {
		t.Error("other faces were not shared")
	}
	if got, want := own.Width(Kai, "A"), s.Width(Song, "A"); got != want {
		t.Errorf("own kai measures A as %v, want the song face's %v", got, want)
	}
	if _, err := s.With("bold", s.Face(Song).Data, "X"); err == nil {
		t.Error("unknown role accepted")
	}
	if _, err := s.With(Kai, []byte("OTTO...."), "X"); err == nil || !strings.Contains(err.Error(), "font X") {
		t.Errorf("CFF accepted or error unnamed: %v", err)
	}
	if _, err := s.With(Kai, s.Face(Song).Data, "NotoSerifSC-Regular"); err == nil {
		t.Error("a name clash would make fpdf draw one face for two roles")
	}
	if s.Face("nope") != nil || s.Width("nope", "中") != 0 {
		t.Error("unknown role answered")
	}
}

func BenchmarkEmbedded(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Embedded(); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkAdvance(b *testing.B) {
	f := embeddedSet(b).Face(Song)
	text := []rune(seed(b))
	b.ReportAllocs()
	b.ResetTimer()
	i := 0
	for b.Loop() {
		f.Advance(text[i%len(text)])
		i++
	}
}

// BenchmarkFpdf measures what the PDF writer itself costs with these faces: registering them
// (AddUTF8FontFromBytes parses every face) and Output of one page of 2,000 Han characters
// (subsetting the used faces).
func BenchmarkFpdf(b *testing.B) {
	s := embeddedSet(b)
	han := seed(b)
	var chars []rune
	for _, r := range han {
		if r >= 0x4E00 && r <= 0x9FA5 {
			chars = append(chars, r)
		}
	}
	for len(chars) < 2000 {
		chars = append(chars, chars...)
	}
	chars = chars[:2000]
	run := func(b *testing.B, add, use []string, subset bool) {
		for b.Loop() {
			pdf := fpdf.New("P", "pt", "A3", "")
			for _, role := range add {
				data := s.Face(role).Data
				if subset {
					var err error
					if data, err = s.Face(role).Subset(string(chars)); err != nil {
						b.Fatal(err)
					}
				}
				pdf.AddUTF8FontFromBytes(s.Face(role).Name, "", data)
			}
			pdf.AddPage()
			per := len(chars) / len(use)
			for i, role := range use {
				pdf.SetFont(s.Face(role).Name, "", 9)
				part := chars[i*per : (i+1)*per]
				for l := 0; l*50 < len(part); l++ {
					line := part[l*50 : min(len(part), (l+1)*50)]
					pdf.Text(20, 20+float64(i*per/50+l)*11, string(line))
				}
			}
			if err := pdf.Output(io.Discard); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.Run("add-four", func(b *testing.B) {
		for b.Loop() {
			pdf := fpdf.New("P", "pt", "A3", "")
			for _, role := range roles {
				pdf.AddUTF8FontFromBytes(s.Face(role).Name, "", s.Face(role).Data)
			}
		}
	})
	b.Run("song-only", func(b *testing.B) { run(b, []string{Song}, []string{Song}, false) })
	b.Run("four-faces", func(b *testing.B) { run(b, roles, roles, false) })
	b.Run("four-faces-subset", func(b *testing.B) { run(b, roles, roles, true) })
}

func TestSubset(t *testing.T) {
	s := embeddedSet(t)
	text := sample + seed(t)
	for _, role := range roles {
		face := s.Face(role)
		data, err := face.Subset(text)
		if err != nil {
			t.Fatal(err)
		}
		if len(data) > len(face.Data)/4 {
			t.Errorf("%s: subset is %d of %d bytes", role, len(data), len(face.Data))
		}
		sub, err := Parse(role, face.Name, data)
		if err != nil {
			t.Fatalf("%s: subset does not parse: %v", role, err)
		}
		for _, r := range text {
			if sub.Has(r) != face.Has(r) || face.Has(r) && sub.advance1000(r) != face.advance1000(r) {
				t.Errorf("%s %q: subset has %v/%v‰, face %v/%v‰", role, r, sub.Has(r), sub.advance1000(r), face.Has(r), face.advance1000(r))
			}
		}
		if sub.Has('鑫') || sub.Ascent() != face.Ascent() || sub.Descent() != face.Descent() {
			t.Errorf("%s: subset draws 鑫 or changed metrics", role)
		}
		// Every drawn glyph carries the same outline bytes as in the face.
		for _, r := range "浔阳—“·" {
			got, want := glyphData(t, sub, sub.glyph4(r)), glyphData(t, face, face.glyph4(r))
			if gc, wc := components(got), components(want); len(wc) > 0 {
				// a composite (kai's full-width quotes): same parts, renumbered
				if len(gc) != len(wc) || !bytes.HasPrefix(glyphData(t, sub, gc[0]), glyphData(t, face, wc[0])) || gc[0] == wc[0] {
					t.Errorf("%s %q: composite parts differ in the subset", role, r)
				}
				got, want = got[10:], want[10:] // compare the placement after the ids
				got, want = got[4:], want[4:]
			}
			if !bytes.HasPrefix(got, want) || len(got)-len(want) > 3 || len(want) == 0 {
				t.Errorf("%s %q: outline differs in the subset", role, r)
			}
		}
		pdf := fpdf.New("P", "pt", "A4", "")
		pdf.AddUTF8FontFromBytes(face.Name, "", data)
		pdf.AddPage()
		pdf.SetFont(face.Name, "", 9)
		pdf.Text(20, 40, "浔阳区——“十四五”·2020年GDP")
		// fpdf measures U+0000 as its count of mapped characters, which a subset changes.
		measured := strings.ReplaceAll(text, "\x00", "")
		if got, want := pdf.GetStringWidth(measured), s.Width(role, measured)*9; math.Abs(got-want) > 1e-6 {
			t.Errorf("%s: fpdf measures the subset %v pt, the face %v pt", role, got, want)
		}
		var out bytes.Buffer
		if err := pdf.Output(&out); err != nil || out.Len() < 1000 || !bytes.HasPrefix(out.Bytes(), []byte("%PDF-")) {
			t.Errorf("%s: fpdf output of the subset: %v, %d bytes", role, err, out.Len())
		}
	}
}

func glyphData(t *testing.T, f *Face, g int) []byte {
	t.Helper()
	tb, err := f.tables()
	if err != nil {
		t.Fatal(err)
	}
	head, loca, glyf := tb["head"], tb["loca"], tb["glyf"]
	if u16(head, 50) == 0 {
		return glyf[2*u16(loca, 2*g) : 2*u16(loca, 2*g+2)]
	}
	return glyf[u32(loca, 4*g):u32(loca, 4*g+4)]
}

// GlyphID and Metrics are what the PDF writer embeds a face with: a cut face keeps every
// metric but its glyph count, draws each character of its text with a glyph of its own, and
// has no glyph for anything else.
func TestGlyphIDAndMetrics(t *testing.T) {
	f := embeddedSet(t).Face(Song)
	m := f.Metrics()
	if m.UnitsPerEm != 1000 || m.Ascent <= 0 || m.Descent >= 0 || m.CapHeight <= 0 || m.Weight != 400 || m.Glyphs < 20000 ||
		m.BBox[0] >= m.BBox[2] || m.BBox[1] >= m.BBox[3] || m.MissingWidth != 1000 {
		t.Errorf("song metrics %+v", m)
	}
	text := "浔阳区2020年，“开局”"
	data, err := f.Subset(text)
	if err != nil {
		t.Fatal(err)
	}
	cut, err := Parse(Song, "cut", data)
	if err != nil {
		t.Fatal(err)
	}
	cm := cut.Metrics()
	if want := m; cm.Glyphs >= 20 || func() bool { cm.Glyphs = want.Glyphs; return cm != want }() {
		t.Errorf("cut metrics %+v, want %+v with at most 20 glyphs", cut.Metrics(), m)
	}
	seen := map[uint16]rune{}
	for _, r := range text {
		g := cut.GlyphID(r)
		if g == 0 || int(g) >= cut.Metrics().Glyphs || f.GlyphID(r) == 0 {
			t.Errorf("%q: glyph %d of %d in the cut, %d in the face", r, g, cut.Metrics().Glyphs, f.GlyphID(r))
		}
		if o, ok := seen[g]; ok && o != r {
			t.Errorf("%q and %q share glyph %d", o, r, g)
		}
		seen[g] = r
	}
	if g := cut.GlyphID('中'); g != 0 {
		t.Errorf("a character not cut in has glyph %d", g)
	}
	if g := f.GlyphID(0x20000); g != 0 {
		t.Errorf("an astral character has glyph %d", g)
	}
}
