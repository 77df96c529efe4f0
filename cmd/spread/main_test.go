package main

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/jpeg"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"spread/fonts"
	"spread/report"
)

// repoRoot is where data.yaml and photos/ live, two folders up.
const repoRoot = "../.."

func runCmd(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var o, e bytes.Buffer
	code = run(context.Background(), args, &o, &e)
	return code, o.String(), e.String()
}

func TestUsageErrorsExit2(t *testing.T) {
	for _, args := range [][]string{
		{"frobnicate"},
		{"build", "-profile", "poster", "x.yaml"},
		{"build", "-nosuchflag"},
		{"check"},
		{"watch", "a.yaml", "b.yaml"},
		{"build", "a/data.yaml", "b/data.yaml"}, // both would write out/data-*.pdf
	} {
		if code, _, stderr := runCmd(t, args...); code != exitUsage {
			t.Errorf("spread %v: exit %d, want %d (stderr %q)", args, code, exitUsage, stderr)
		}
	}
	code, stdout, _ := runCmd(t, "-h")
	if code != exitOK || !strings.Contains(stdout, "spread build") || !strings.Contains(stdout, "Examples") {
		t.Errorf("-h: exit %d, output %q", code, stdout)
	}
}

// seedCopy copies data.yaml and its photos into a fresh folder, so tests may break it.
func seedCopy(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	data, err := os.ReadFile(filepath.Join(repoRoot, "data.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "data.yaml"), data, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.CopyFS(filepath.Join(dir, "photos"), os.DirFS(filepath.Join(repoRoot, "photos"))); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestBuildSeedWritesBothPDFsWithEveryWord(t *testing.T) {
	dir := seedCopy(t)
	out := filepath.Join(dir, "out")
	r := buildAndLoad(t, filepath.Join(dir, "data.yaml"), out)
	for _, name := range []string{"data-print.pdf", "data-briefing.pdf"} {
		b, err := os.ReadFile(filepath.Join(out, name))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.HasPrefix(b, []byte("%PDF-")) {
			t.Fatalf("%s is not a PDF", name)
		}
		text := extract(t, filepath.Join(out, name))
		if text == "" {
			continue
		}
		for _, p := range prose(r) {
			if !containsAcrossBreaks(text, squeeze(p.S), 3, 80) {
				t.Errorf("%s: text at %s is not in the PDF: %.40q…", name, p.Pos, p.S)
			}
		}
	}
}

// buildAndLoad builds file into out with the command, which must succeed, and loads the report
// the PDFs are compared with.
func buildAndLoad(t *testing.T, file, out string) *report.Report {
	t.Helper()
	code, stdout, stderr := runCmd(t, "build", "-o", out, file)
	if code != exitOK {
		t.Fatalf("build: exit %d\n%s%s", code, stdout, stderr)
	}
	r, err := report.Load(file)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// prose is every piece of text in the report that must reach each PDF.
func prose(r *report.Report) []report.Text {
	var all []report.Text
	all = append(all, r.Headline.Kicker, r.Headline.Subtitle, r.Byline, r.Paper.Name)
	all = append(all, r.Headline.Title...)
	all = append(all, r.Lead...)
	for _, s := range r.Sections {
		all = append(all, s.Title)
		all = append(all, s.Paragraphs...)
		for _, p := range s.Photos {
			all = append(all, p.Caption, p.Credit)
		}
	}
	all = append(all, r.Closing...)
	var out []report.Text
	for _, t := range all {
		if strings.TrimSpace(t.S) != "" {
			out = append(out, t)
		}
	}
	return out
}

var space = regexp.MustCompile(`\s+`)

func squeeze(s string) string { return space.ReplaceAllString(s, "") }

// extract returns the PDF's text in content order without white space, or "" (and a logged
// skip) where poppler is not installed.
func extract(t *testing.T, path string) string {
	t.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Log("pdftotext not installed: text read-back skipped (.ci/run installs poppler-utils)")
		return ""
	}
	out, err := exec.Command("pdftotext", "-raw", "-enc", "UTF-8", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext %s: %v", path, err)
	}
	return squeeze(string(out))
}

func TestBadInputExit1KeepsPreviousPDF(t *testing.T) {
	dir := seedCopy(t)
	file := filepath.Join(dir, "data.yaml")
	out := filepath.Join(dir, "out")
	if code, _, stderr := runCmd(t, "build", "-o", out, file); code != exitOK {
		t.Fatalf("first build: exit %d: %s", code, stderr)
	}
	printPDF := filepath.Join(out, "data-print.pdf")
	before, err := os.ReadFile(printPDF)
	if err != nil {
		t.Fatal(err)
	}
	good, _ := os.ReadFile(file)
	cases := []struct {
		name, yaml string
		want       *regexp.Regexp
	}{
		{"unknown key", strings.Replace(string(good), "paper:\n", "paper:\n  colour: red\n", 1), regexp.MustCompile(`data\.yaml:\d+:3: .*colour`)},
		{"not yaml", "paper: [\n", regexp.MustCompile(`data\.yaml:\d+:\d+: `)},
		{"empty", "", regexp.MustCompile(`data\.yaml:\d+:\d+: `)},
		{"unknown figure", strings.Replace(string(good), "生产总值{gdp}", "生产总值{gpd}", 1), regexp.MustCompile(`data\.yaml:\d+:\d+: .*gpd`)},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if err := os.WriteFile(file, []byte(c.yaml), 0o644); err != nil {
				t.Fatal(err)
			}
			code, _, stderr := runCmd(t, "build", "-o", out, file)
			if code != exitData {
				t.Errorf("exit %d, want %d; stderr %q", code, exitData, stderr)
			}
			if !c.want.MatchString(stderr) {
				t.Errorf("stderr %q does not match %v", stderr, c.want)
			}
			after, err := os.ReadFile(printPDF)
			if err != nil || !bytes.Equal(before, after) {
				t.Errorf("the previous PDF was changed or removed (err %v)", err)
			}
			if tmp, _ := filepath.Glob(filepath.Join(out, ".*.tmp")); len(tmp) > 0 {
				t.Errorf("temporary files left behind: %v", tmp)
			}
		})
	}
}

// TestBuildIsByteIdenticalAcrossFoldersAndZones runs the real binary twice, in two folders, in
// two time zones and at two moments, and compares the bytes.
func TestBuildIsByteIdenticalAcrossFoldersAndZones(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := filepath.Join(t.TempDir(), "spread")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	var pdfs [2][2][]byte
	for i, tz := range []string{"UTC", "Asia/Shanghai"} {
		if i == 1 {
			time.Sleep(1100 * time.Millisecond) // a different second on the clock
		}
		dir := seedCopy(t)
		cmd := exec.Command(bin, "build", "data.yaml")
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "TZ="+tz, "SOURCE_DATE_EPOCH=")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("spread build: %v\n%s", err, out)
		}
		for j, name := range []string{"data-print.pdf", "data-briefing.pdf"} {
			b, err := os.ReadFile(filepath.Join(dir, "out", name))
			if err != nil {
				t.Fatal(err)
			}
			pdfs[i][j] = b
		}
	}
	for j, name := range []string{"print", "briefing"} {
		if !bytes.Equal(pdfs[0][j], pdfs[1][j]) {
			t.Errorf("%s: two builds of the same data in different folders, zones and times differ", name)
		}
	}
}

func TestWatchRebuildsAndSurvivesABrokenSave(t *testing.T) {
	dir := seedCopy(t)
	file := filepath.Join(dir, "data.yaml")
	out := filepath.Join(dir, "out")
	good, _ := os.ReadFile(file)
	printPDF := filepath.Join(out, "data-print.pdf")
	e, stop := startWatch(t, file, out)
	first := waitFor(t, func() []byte { b, _ := os.ReadFile(printPDF); return b }, nil)

	// A changed figure: the PDF must change within a second or so of the save.
	changed := strings.Replace(string(good), "352.34", "353.34", 1)
	if changed == string(good) {
		t.Fatal("data.yaml has no 352.34 to change")
	}
	os.WriteFile(file, []byte(changed), 0o644)
	saved := time.Now()
	second := waitFor(t, func() []byte { b, _ := os.ReadFile(printPDF); return b }, first)
	t.Logf("rebuilt %v after the save", time.Since(saved).Round(time.Millisecond))

	// A broken save: errors printed, the last good PDF kept.
	os.WriteFile(file, []byte("paper: [\n"), 0o644)
	deadline := time.Now().Add(5 * time.Second)
	for !strings.Contains(e.String(), "last good") && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if !strings.Contains(e.String(), "data.yaml:") {
		t.Errorf("a broken save printed no positioned error: %q", e.String())
	}
	if b, _ := os.ReadFile(printPDF); !bytes.Equal(b, second) {
		t.Error("a broken save changed the last good PDF")
	}
	if code := stop(); code != exitOK {
		t.Errorf("watch ended with %d after Ctrl-C", code)
	}
}

// startWatch runs spread watch on file into out (print profile only) until stop, which cancels
// it as Ctrl-C does and returns its exit code; e is what it writes to stderr.
func startWatch(t *testing.T, file, out string) (e *syncBuffer, stop func() int) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int)
	var o syncBuffer
	e = &syncBuffer{}
	go func() { done <- run(ctx, []string{"watch", "-o", out, "-profile", "print", file}, &o, e) }()
	return e, func() int { cancel(); return <-done }
}

// waitFor polls get until it returns something other than old (and non-empty), for 20 s at most.
func waitFor(t *testing.T, get func() []byte, old []byte) []byte {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		if b := get(); len(b) > 0 && !bytes.Equal(b, old) {
			return b
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatal("no new PDF within 20 s")
	return nil
}

// syncBuffer is a bytes.Buffer safe for the watcher goroutine and the test to share.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func TestCheckWritesNothing(t *testing.T) {
	dir := seedCopy(t)
	code, stdout, stderr := runCmd(t, "check", filepath.Join(dir, "data.yaml"))
	if code != exitOK {
		t.Errorf("check: exit %d\n%s%s", code, stdout, stderr)
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if e.Name() != "data.yaml" && e.Name() != "photos" {
			t.Errorf("check wrote %s", e.Name())
		}
	}
}

// BenchmarkBuildSeed is the whole pipeline in one process with the faces already parsed: load,
// both layouts, both PDFs in memory.
func BenchmarkBuildSeed(b *testing.B) {
	base, err := fonts.Embedded()
	if err != nil {
		b.Fatal(err)
	}
	file := filepath.Join(repoRoot, "data.yaml")
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := render(file, "", allProfiles(), base); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkColdBuildSeed includes parsing the embedded faces, as a fresh process does.
func BenchmarkColdBuildSeed(b *testing.B) {
	file := filepath.Join(repoRoot, "data.yaml")
	b.ReportAllocs()
	for b.Loop() {
		base, err := fonts.Embedded()
		if err != nil {
			b.Fatal(err)
		}
		if _, _, err := render(file, "", allProfiles(), base); err != nil {
			b.Fatal(err)
		}
	}
}

func TestCheckNamesALowResolutionPhoto(t *testing.T) {
	dir := seedCopy(t)
	file := filepath.Join(dir, "data.yaml")
	r, err := report.Load(file)
	if err != nil {
		t.Fatal(err)
	}
	photo := r.Sections[0].Photos[0]
	small := image.NewRGBA(image.Rect(0, 0, 120, 80))
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, small, nil); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, photo.File), buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := runCmd(t, "check", file)
	if code != exitOK {
		t.Errorf("check without -strict: exit %d (warnings alone must pass)\n%s", code, stderr)
	}
	want := regexp.MustCompile(regexp.QuoteMeta(photo.Pos.String()) + `: print page \d: warning: photo ` + regexp.QuoteMeta(photo.File) + `: (\d+ ppi|its 120×80 px make \d+ mm)`)
	if !want.MatchString(stdout) {
		t.Errorf("check output does not name %s at %s with its ppi:\n%s", photo.File, photo.Pos, stdout)
	}
	if code, _, _ := runCmd(t, "check", "-strict", file); code != exitData {
		t.Errorf("check -strict with a low-resolution photo: exit %d, want %d", code, exitData)
	}
	if _, err := os.Stat(filepath.Join(dir, "out")); !os.IsNotExist(err) {
		t.Error("check wrote an out folder")
	}
	// build says it too, as a warning on stderr, and still builds
	code, _, stderr = runCmd(t, "build", "-o", filepath.Join(dir, "out"), file)
	if code != exitOK || !want.MatchString(stderr) {
		t.Errorf("build with a low-resolution photo: exit %d, stderr does not name it:\n%s", code, stderr)
	}
}

// TestTwentyKindsOfBadInput breaks the seed in twenty ways. Each must exit 1 with a message at
// the line that holds the mistake (the line of `at` in the broken file), never panic, and leave
// the last good PDFs as they were.
func TestTwentyKindsOfBadInput(t *testing.T) {
	dir := seedCopy(t)
	file := filepath.Join(dir, "data.yaml")
	out := filepath.Join(dir, "out")
	if code, _, stderr := runCmd(t, "build", "-o", out, file); code != exitOK {
		t.Fatalf("first build: exit %d: %s", code, stderr)
	}
	before, _ := os.ReadFile(filepath.Join(out, "data-print.pdf"))
	good, _ := os.ReadFile(file)
	cases := []struct {
		name, old, new, at, msg string
	}{
		{"unknown key", "  section: 专版\n", "  section: 专版\n  sektion: 专版\n", "sektion", "sektion"},
		{"duplicate key", "  page: 4\n", "  page: 4\n  page: 6\n", "page: 6", "page"},
		{"bad date", "date: 2021-01-08", "date: 2021-02-30", "2021-02-30", "date"},
		{"date of wrong type", "date: 2021-01-08", "date: [2021]", "date: [2021]", "date"},
		{"missing paper name", "  name: 九江日报\n", "", "paper:", "name"},
		{"negative page", "page: 4", "page: -5", "page: -5", "page"},
		{"three pages", "pages: 2", "pages: 3", "pages: 3", "pages"},
		{"unknown size", "size: broadsheet", "size: poster", "size: poster", "poster"},
		{"bad body size", "  pages: 2\n", "  pages: 2\n  body: 小七\n", "小七", "body"},
		{"accent out of range", "  pages: 2\n", "  pages: 2\n  accent: [0, 100, 300, 0]\n", "accent:", "accent"},
		{"figure value not a number", "value: 352.34", "value: 三百五十", "三百五十", "value"},
		{"bad figure id", "  gdp:\n    label: 地区生产总值", "  GDP:\n    label: 地区生产总值", "GDP:", "GDP"},
		{"unknown figure in text", "生产总值{gdp}", "生产总值{gpd}", "{gpd}", "gpd"},
		{"unknown figure in chart", "figures: [gdp, revenue, retail, fai, income]", "figures: [gdp, revenue, retail, fai, incme]", "incme", "incme"},
		{"unknown chart kind", "kind: column", "kind: radar", "kind: radar", "radar"},
		{"chart mixing units", "figures: [services_share]", "figures: [services_share, gdp]", "services_share, gdp", "unit"},
		{"missing photo", "file: photos/xinlv.jpg", "file: photos/nosuch.jpg", "nosuch.jpg", "nosuch.jpg"},
		{"photo outside the folder", "file: photos/xinlv.jpg", "file: ../photos/xinlv.jpg", "../photos/xinlv.jpg", ".."},
		{"not an image", "file: photos/xinlv.jpg", "file: data.yaml", "file: data.yaml", "image"},
		{"unquoted brace paragraph", "lead:\n  - ", "lead:\n  - {not: closed\n  - ", "{not: closed", ""},
		{"astral character", "一元复始", "一元复始𠀀", "𠀀", "U+20000"},
		{"tab-indented YAML", "  pages: 2\n", "\tpages: 2\n", "\tpages: 2", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			broken := strings.Replace(string(good), c.old, c.new, 1)
			if broken == string(good) {
				t.Fatalf("data.yaml has no %q to break", c.old)
			}
			line := 1 + strings.Count(broken[:strings.Index(broken, c.at)], "\n")
			if err := os.WriteFile(file, []byte(broken), 0o644); err != nil {
				t.Fatal(err)
			}
			code, _, stderr := runCmd(t, "build", "-o", out, file)
			if code != exitData {
				t.Fatalf("exit %d, want %d; stderr %q", code, exitData, stderr)
			}
			want := regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(file) + fmt.Sprintf(`:(%d|%d|%d):\d+: .*`, line-1, line, line+1) + regexp.QuoteMeta(c.msg))
			if !want.MatchString(stderr) {
				t.Errorf("no message at line %d mentioning %q:\n%s", line, c.msg, stderr)
			}
			if after, _ := os.ReadFile(filepath.Join(out, "data-print.pdf")); !bytes.Equal(before, after) {
				t.Error("the previous PDF was changed")
			}
		})
	}
}

// TestSeedPDFsAreSound reads the seed's PDFs with the tools a print shop and an office use:
// qpdf and mupdf open them cleanly, every font is embedded, and the print PDF's only raster
// images are the photos (charts and tiles are vectors).
func TestSeedPDFsAreSound(t *testing.T) {
	for _, tool := range []string{"qpdf", "mutool", "pdfimages", "pdffonts"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s not installed (.ci/run installs it)", tool)
		}
	}
	dir := seedCopy(t)
	file := filepath.Join(dir, "data.yaml")
	out := filepath.Join(dir, "out")
	if code, _, stderr := runCmd(t, "build", "-o", out, file); code != exitOK {
		t.Fatalf("build: exit %d: %s", code, stderr)
	}
	r, err := report.Load(file)
	if err != nil {
		t.Fatal(err)
	}
	photos := 0
	for _, s := range r.Sections {
		photos += len(s.Photos)
	}
	for _, name := range []string{"data-print.pdf", "data-briefing.pdf"} {
		path := filepath.Join(out, name)
		if b, err := exec.Command("qpdf", "--check", path).CombinedOutput(); err != nil {
			t.Errorf("qpdf --check %s: %v\n%s", name, err, b)
		}
		b, err := exec.Command("mutool", "info", path).CombinedOutput()
		if err != nil || bytes.Contains(bytes.ToLower(b), []byte("error")) || bytes.Contains(bytes.ToLower(b), []byte("warning")) {
			t.Errorf("mutool info %s: %v\n%s", name, err, b)
		}
		fonts, _ := exec.Command("pdffonts", path).Output()
		rows := strings.Split(strings.TrimSpace(string(fonts)), "\n")[2:]
		if len(rows) == 0 {
			t.Errorf("%s: no fonts", name)
		}
		for _, row := range rows {
			f := strings.Fields(row)
			if len(f) < 5 || f[len(f)-5] != "yes" || f[len(f)-4] != "yes" || f[len(f)-3] != "yes" {
				t.Errorf("%s: font not embedded, subset and with ToUnicode: %s", name, row)
			}
		}
	}
	list, _ := exec.Command("pdfimages", "-list", filepath.Join(out, "data-print.pdf")).Output()
	images := len(strings.Split(strings.TrimSpace(string(list)), "\n")) - 2
	if images != photos {
		t.Errorf("print PDF has %d images, want the %d photos and nothing else:\n%s", images, photos, list)
	}
}

// containsAcrossBreaks reports whether want occurs in text in order, allowing it to be cut at
// most maxBreaks times by up to maxGap runes of something else: the running header and folio
// where a paragraph crosses a page, or a caption drawn between two of its lines. Every rune of
// want must still be there, in order.
func containsAcrossBreaks(text, want string, maxBreaks, maxGap int) bool {
	t, w := []rune(text), []rune(want)
	if len(w) == 0 {
		return true
	}
	const probe = 6
	next := func(from, wi int) []int { // where w[wi:wi+probe] starts in t[from:from+maxGap+probe]
		p := w[wi:min(len(w), wi+probe)]
		var at []int
		for i := from; i+len(p) <= len(t) && i <= from+maxGap; i++ {
			if string(t[i:i+len(p)]) == string(p) {
				at = append(at, i)
			}
		}
		return at
	}
	var walk func(ti, wi, breaks int) bool
	walk = func(ti, wi, breaks int) bool {
		for ti < len(t) && wi < len(w) && t[ti] == w[wi] {
			ti, wi = ti+1, wi+1
		}
		if wi == len(w) {
			return true
		}
		if breaks == 0 {
			return false
		}
		for _, at := range next(ti, wi) {
			if walk(at, wi, breaks-1) {
				return true
			}
		}
		return false
	}
	for i := range t {
		if t[i] == w[0] && walk(i, 0, maxBreaks) {
			return true
		}
	}
	return false
}

func TestContainsAcrossBreaks(t *testing.T) {
	for _, c := range []struct {
		text, want string
		ok         bool
	}{
		{"前文一元复始万象更新后文", "一元复始万象更新", true},
		{"一元复始九江日报2021年1月8日—2—万象更新", "一元复始万象更新", true},
		{"一元复始万象新", "一元复始万象更新", false},        // a character lost
		{"一元复始更新万象", "一元复始万象更新", false},       // out of order
		{"一元A复B始C万D象E更F新", "一元复始万象更新", false}, // too many breaks
	} {
		if got := containsAcrossBreaks(c.text, c.want, 2, 40); got != c.ok {
			t.Errorf("containsAcrossBreaks(%q, %q) = %v", c.text, c.want, got)
		}
	}
}

// Flags may follow the files, as go build and typst take them: spread build data.yaml -o x
// writes into x, and a file named like a flag after -- is a file.
func TestFlagsAfterTheFile(t *testing.T) {
	dir := seedCopy(t)
	out := filepath.Join(dir, "x")
	code, _, stderr := runCmd(t, "build", filepath.Join(dir, "data.yaml"), "-o", out, "-profile", "print")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(out, "data-print.pdf")); err != nil {
		t.Errorf("-o after the file was not honoured: %v", err)
	}
	if _, err := os.Stat(filepath.Join(out, "data-briefing.pdf")); err == nil {
		t.Errorf("-profile print after the file was not honoured: a briefing was written")
	}
	fs := newFlags("build", io.Discard)
	outputFlags(fs)
	if got, _ := flagsFirst(fs, []string{"a.yaml", "-o", "x", "--", "-b.yaml"}); strings.Join(got, " ") != "-o x -- a.yaml -b.yaml" {
		t.Errorf("flagsFirst: %q", got)
	}
}

// SOURCE_DATE_EPOCH that is not a date a PDF can hold fails the build with a word, instead of
// being passed over (a word) or written as a date validators reject (a number past 9999).
func TestSourceDateEpochChecked(t *testing.T) {
	dir := seedCopy(t)
	file := filepath.Join(dir, "data.yaml")
	for _, c := range []struct {
		v  string
		ok bool
	}{{"1609459200", true}, {"abc", false}, {"99999999999999", false}, {"-5", false}} {
		t.Setenv("SOURCE_DATE_EPOCH", c.v)
		code, _, stderr := runCmd(t, "build", "-o", filepath.Join(dir, "out"), "-profile", "print", file)
		if (code == exitOK) != c.ok || !c.ok && !strings.Contains(stderr, "SOURCE_DATE_EPOCH="+c.v) {
			t.Errorf("SOURCE_DATE_EPOCH=%s: exit %d, stderr %q", c.v, code, stderr)
		}
	}
}

// When one PDF of a report cannot be written (its name is a folder), the build fails and the
// other PDF is not replaced either: the previous pair stays as it was, and no temporary file
// is left.
func TestFailedWriteReplacesNeither(t *testing.T) {
	dir := seedCopy(t)
	out := filepath.Join(dir, "out")
	if err := os.MkdirAll(filepath.Join(out, "data-briefing.pdf"), 0o755); err != nil {
		t.Fatal(err)
	}
	old := []byte("%PDF-1.4 the previous print PDF\n")
	if err := os.WriteFile(filepath.Join(out, "data-print.pdf"), old, 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, _ := runCmd(t, "build", "-o", out, filepath.Join(dir, "data.yaml")); code == exitOK {
		t.Fatal("build succeeded although the briefing's name is a folder")
	}
	if got, _ := os.ReadFile(filepath.Join(out, "data-print.pdf")); !bytes.Equal(got, old) {
		t.Errorf("the print PDF was replaced by a build that failed (%d bytes)", len(got))
	}
	entries, _ := os.ReadDir(out)
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".tmp") || strings.HasSuffix(e.Name(), ".old") {
			t.Errorf("left behind: %s", e.Name())
		}
	}
}

// Ctrl-C (or SIGTERM) stops a build: what was built is not written, the previous PDFs stay, and
// the command says so and exits 130, not 0 and not silently.
func TestInterruptWritesNothing(t *testing.T) {
	dir := seedCopy(t)
	out := filepath.Join(dir, "out")
	ctx, cancel := context.WithCancelCause(context.Background())
	cancel(stopSignal{syscall.SIGINT})
	var o, e bytes.Buffer
	code := run(ctx, []string{"build", "-o", out, filepath.Join(dir, "data.yaml")}, &o, &e)
	if code != 130 || !strings.Contains(e.String(), "interrupted by SIGINT: 1 of 1 reports not built") {
		t.Errorf("exit %d, stderr %q", code, e.String())
	}
	if entries, _ := os.ReadDir(out); len(entries) > 0 {
		t.Errorf("an interrupted build wrote %d files", len(entries))
	}
}

// watch follows the photos the data file names as well: a photo replaced by another rebuilds
// the PDF without the data file being saved.
func TestWatchFollowsPhotos(t *testing.T) {
	dir := seedCopy(t)
	file := filepath.Join(dir, "data.yaml")
	out := filepath.Join(dir, "out")
	r, err := report.Load(file)
	if err != nil {
		t.Fatal(err)
	}
	photo := r.Sections[0].Photos[0].Path
	other := r.Sections[len(r.Sections)-1].Photos[0].Path
	printPDF := filepath.Join(out, "data-print.pdf")
	_, stop := startWatch(t, file, out)
	first := waitFor(t, func() []byte { b, _ := os.ReadFile(printPDF); return b }, nil)
	b, err := os.ReadFile(other)
	if err != nil {
		t.Fatal(err)
	}
	time.Sleep(20 * time.Millisecond) // a later modification time than the first build saw
	if err := os.WriteFile(photo, b, 0o644); err != nil {
		t.Fatal(err)
	}
	waitFor(t, func() []byte { b, _ := os.ReadFile(printPDF); return b }, first)
	if code := stop(); code != exitOK {
		t.Errorf("watch ended with %d after Ctrl-C", code)
	}
}

// An interlaced PNG as a photo builds (the PDF writer refused it, and named two other photos).
func TestInterlacedPNGBuilds(t *testing.T) {
	dir := seedCopy(t)
	file := filepath.Join(dir, "data.yaml")
	r, err := report.Load(file)
	if err != nil {
		t.Fatal(err)
	}
	inter, err := os.ReadFile(filepath.Join(repoRoot, "report", "testdata", "interlaced.png"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(r.Sections[0].Photos[0].Path, inter, 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := runCmd(t, "build", "-o", filepath.Join(dir, "out"), file); code != exitOK {
		t.Errorf("exit %d: %s", code, stderr)
	}
}

// TestCheckWarnsOfAnOddLeftPage: a two-page spread starting on an odd page puts its halves on two
// sheets; check warns at paper.page and says which numbers would be right, exits 0 unless -strict,
// and build says it too; an even start is not warned of (report's tests cover the rest).
func TestCheckWarnsOfAnOddLeftPage(t *testing.T) {
	dir := seedCopy(t)
	file := filepath.Join(dir, "data.yaml")
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	odd := regexp.MustCompile(`(?m)^  page: \d+`).ReplaceAll(data, []byte("  page: 5"))
	if err := os.WriteFile(file, odd, 0o644); err != nil {
		t.Fatal(err)
	}
	line := 1 + bytes.Count(odd[:bytes.Index(odd, []byte("  page: 5"))], []byte("\n"))
	want := regexp.MustCompile(regexp.QuoteMeta(fmt.Sprintf("%s:%d:9: warning: paper.page:", file, line)) + `.*5–6.*4–5 or 6–7 would be right`)
	code, stdout, stderr := runCmd(t, "check", file)
	if code != exitOK || !want.MatchString(stdout) {
		t.Errorf("check of a spread on pages 5–6: exit %d, no warning at line %d:\n%s%s", code, line, stdout, stderr)
	}
	if code, _, _ := runCmd(t, "check", "-strict", file); code != exitData {
		t.Errorf("check -strict of a spread on pages 5–6: exit %d, want %d", code, exitData)
	}
	if code, _, stderr := runCmd(t, "build", "-o", filepath.Join(dir, "out"), file); code != exitOK || !want.MatchString(stderr) {
		t.Errorf("build of a spread on pages 5–6: exit %d, stderr does not warn:\n%s", code, stderr)
	}
	if err := os.WriteFile(file, bytes.Replace(odd, []byte("  page: 5"), []byte("  page: 6"), 1), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, stdout, _ := runCmd(t, "check", file); code != exitOK || strings.Contains(stdout, "paper.page") {
		t.Errorf("check of a spread on pages 6–7: exit %d\n%s", code, stdout)
	}
}
