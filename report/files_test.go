package report

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"
)

// pngHeader is the start of a PNG that claims w × h pixels: signature and IHDR, no image data.
func pngHeader(w, h uint32) []byte {
	var b bytes.Buffer
	b.WriteString("\x89PNG\r\n\x1a\n")
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr[0:], w)
	binary.BigEndian.PutUint32(ihdr[4:], h)
	ihdr[8], ihdr[9] = 8, 2 // 8-bit RGB
	chunk := append([]byte("IHDR"), ihdr...)
	binary.Write(&b, binary.BigEndian, uint32(len(ihdr)))
	b.Write(chunk)
	binary.Write(&b, binary.BigEndian, crc32.ChecksumIEEE(chunk))
	return b.Bytes()
}

// What a folder can hold that a newsroom did not mean as a photo: a pipe (reading it would
// wait for ever), a file over the size limit, a header claiming more pixels than the limit.
// Each is an error at the photo's file: line, naming the limit, and none hangs.
func TestPhotosThatAreNotReadAsPhotos(t *testing.T) {
	dir := t.TempDir()
	writeImages(t, dir)
	if err := syscall.Mkfifo(filepath.Join(dir, "pipe.jpg"), 0o644); err != nil {
		t.Skipf("no named pipes here: %v", err)
	}
	big, err := os.Create(filepath.Join(dir, "big.jpg"))
	if err != nil {
		t.Fatal(err)
	}
	big.Write([]byte{0xFF, 0xD8, 0xFF})
	if err := big.Truncate(maxFileBytes + 1); err != nil { // sparse: no disk taken
		t.Fatal(err)
	}
	big.Close()
	if err := os.WriteFile(filepath.Join(dir, "huge.png"), pngHeader(30000, 30000), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ file, want string }{
		{"pipe.jpg", `x\.yaml:4:\d+: .*pipe\.jpg is not a regular file`},
		{"big.jpg", `x\.yaml:4:\d+: .*big\.jpg is 64 MiB, over the limit of 64 MiB`},
		{"huge.png", `x\.yaml:4:\d+: .*huge\.png is 30000 × 30000 pixels, over the limit of 100 megapixels`},
	} {
		src := doc(map[int]string{4: "sections: [{title: 甲, paragraphs: [正文], photos: [{file: " + c.file + ", caption: 图}]}]"})
		done := make(chan error, 1)
		go func() {
			_, err := Parse("x.yaml", []byte(src), dir)
			done <- err
		}()
		select {
		case err := <-done:
			if err == nil || !regexp.MustCompile(c.want).MatchString(err.Error()) {
				t.Errorf("%s: error %v, want %s", c.file, err, c.want)
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("%s: the load did not end", c.file)
		}
	}
}

// A data file that aliases one long paragraph many times is refused when its text, the aliases
// expanded, passes the limit: at the use that passes it, once, and without the memory the
// expansion would take.
func TestAliasesCountAgainstTheTextLimit(t *testing.T) {
	para := strings.Repeat("正文很长", maxTextBytes/12/40)
	var b strings.Builder
	b.WriteString(doc(map[int]string{4: "# the sections follow"}))
	b.WriteString("sections:\n")
	b.WriteString("  - {title: 甲, paragraphs: [&p \"" + para + "\"]}\n")
	for range 80 {
		b.WriteString("  - {title: 乙, paragraphs: [*p]}\n")
	}
	_, err := Parse("x.yaml", []byte(b.String()), t.TempDir())
	if err == nil {
		t.Fatal("an alias bomb loads")
	}
	msgs := regexp.MustCompile(`over the limit`).FindAllString(err.Error(), -1)
	if len(msgs) != 1 || !regexp.MustCompile(`x\.yaml:\d+:\d+: sections\[\d+\]\.paragraphs\[1\]: the data's text passes 1 MiB`).MatchString(err.Error()) {
		t.Errorf("error %v, want one positioned 'passes 1 MiB'", err)
	}
}

// Load reads only a regular data file of at most maxDataBytes, and a pipe does not hang it.
func TestLoadLimits(t *testing.T) {
	dir := t.TempDir()
	pipe := filepath.Join(dir, "data.yaml")
	if err := syscall.Mkfifo(pipe, 0o644); err != nil {
		t.Skipf("no named pipes here: %v", err)
	}
	done := make(chan error, 1)
	go func() { _, err := Load(pipe); done <- err }()
	select {
	case err := <-done:
		if err == nil || !strings.Contains(err.Error(), "data.yaml:1:1: ") || !strings.Contains(err.Error(), "not a regular file") {
			t.Errorf("pipe: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Load of a pipe did not end")
	}
	big := filepath.Join(dir, "big.yaml")
	f, err := os.Create(big)
	if err != nil {
		t.Fatal(err)
	}
	f.Truncate(maxDataBytes + 1)
	f.Close()
	if _, err := Load(big); err == nil || !strings.Contains(err.Error(), "big.yaml:1:1: the data file is 4096 KiB, over the limit of 4096 KiB") {
		t.Errorf("big: %v", err)
	}
}

// A data file that is not UTF-8 text is told where: the first byte that starts no UTF-8
// character (a file saved as GBK) and a NUL, at their line and column.
func TestNotUTF8IsPlaced(t *testing.T) {
	gbk := doc(map[int]string{3: "lead: [导语\xb5\xbc]"}) // 导 in GBK after two good characters
	if _, err := Parse("x.yaml", []byte(gbk), t.TempDir()); err == nil || !strings.Contains(err.Error(), "x.yaml:3:10: byte 0xB5 is not UTF-8") {
		t.Errorf("GBK: %v", err)
	}
	nul := doc(map[int]string{2: "headline: {title: 标\x00题}"})
	if _, err := Parse("x.yaml", []byte(nul), t.TempDir()); err == nil || !strings.Contains(err.Error(), "x.yaml:2:20: a NUL character") {
		t.Errorf("NUL: %v", err)
	}
}

// PNGs that editors save interlaced or at 16 bits a channel are converted to plain 8-bit,
// non-interlaced ones at load, so the PDF writer embeds them as it does any PNG.
func TestInterlacedAnd16BitPNGsAreMadePlain(t *testing.T) {
	dir := t.TempDir()
	inter, err := os.ReadFile("testdata/interlaced.png") // made with ImageMagick: -interlace PNG
	if err != nil {
		t.Fatal(err)
	}
	if !pngNeedsRewrite(inter) {
		t.Fatal("the fixture is not interlaced")
	}
	deep := image.NewRGBA64(image.Rect(0, 0, 30, 20))
	deep.Set(3, 3, color.RGBA64{0xFFFF, 0x8000, 0, 0xFFFF})
	var d bytes.Buffer
	if err := png.Encode(&d, deep); err != nil {
		t.Fatal(err)
	}
	for name, data := range map[string][]byte{"inter.png": inter, "deep.png": d.Bytes()} {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
		src := doc(map[int]string{4: "sections: [{title: 甲, paragraphs: [正文], photos: [{file: " + name + ", caption: 图}]}]"})
		r, err := Parse("x.yaml", []byte(src), dir)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		p := r.Sections[0].Photos[0]
		if p.Format != "png" || pngNeedsRewrite(p.Data) || p.Data[24] != 8 {
			t.Errorf("%s: format %s, depth %d, interlace %d after load", name, p.Format, p.Data[24], p.Data[28])
		}
		if _, err := png.Decode(bytes.NewReader(p.Data)); err != nil {
			t.Errorf("%s: the plain PNG does not decode: %v", name, err)
		}
	}
}

// A JPEG cut short (a copy that did not finish) is refused at its photo, not embedded with a
// grey band where the rest of it should be.
func TestTruncatedJPEG(t *testing.T) {
	dir := t.TempDir()
	img := image.NewRGBA(image.Rect(0, 0, 300, 200))
	for x := range 300 {
		img.Set(x, x%200, color.RGBA{uint8(x), 80, 160, 255})
	}
	var j bytes.Buffer
	if err := jpeg.Encode(&j, img, nil); err != nil {
		t.Fatal(err)
	}
	whole := j.Bytes()
	for name, data := range map[string][]byte{"whole.jpg": whole, "cut.jpg": whole[:len(whole)/2]} {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
		src := doc(map[int]string{4: "sections: [{title: 甲, paragraphs: [正文], photos: [{file: " + name + ", caption: 图}]}]"})
		_, err := Parse("x.yaml", []byte(src), dir)
		if cut := name == "cut.jpg"; cut != (err != nil) || cut && !strings.Contains(err.Error(), "cut.jpg is a truncated JPEG") {
			t.Errorf("%s: %v", name, err)
		}
	}
}
