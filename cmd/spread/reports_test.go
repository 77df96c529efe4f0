package main

import (
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// The acceptance reports: testdata/reports holds reports other than the seed, of other places,
// years, sizes, section counts and page counts, written in the same format. Each good report must
// build into a print PDF of its trim size and page count and a briefing PDF, with every prose
// string readable back; each broken one must fail with exit 1 and the right FILE:LINE:COL.

const reportsDir = repoRoot + "/testdata/reports"

const ptPerMM = 72 / 25.4

type goodReport struct {
	file   string     // in reportsDir
	trimMM [2]float64 // one page, width × height
	pages  int        // pages of the print PDF
	want   []string   // further text the print PDF must hold (white space ignored)
}

var goodReports = []goodReport{
	{file: "tabloid.yaml", trimMM: [2]float64{273, 390}, pages: 1,
		want: []string{"2025年1月16日星期四", "第3版", "区域经济", "奋进开局之年", "486.2亿元", "12.8%", "湖畔智造产业园一期全景", "本报记者罗晓静摄"}},
	{file: "a3.yaml", trimMM: [2]float64{297, 420}, pages: 1,
		want: []string{"2024年1月12日星期五", "第7版", "责任编辑杨光明", "校对何立新", "-3.2%", "168.9", "131.4"}},
	{file: "broadsheet-four.yaml", trimMM: [2]float64{390, 546}, pages: 2,
		want: []string{"2023年1月6日星期五", "第4版", "第5版", "1026.4亿元", "4.7亿美元", "三次产业结构", "重点民生支出", "2.1:48.6:49.3"}},
	{file: "broadsheet-one.yaml", trimMM: [2]float64{390, 546}, pages: 1,
		want: []string{"2022年1月7日星期五", "聚焦“双招双引”", "（以下简称“高新区”）", "1,000家", "3.5%；", "10,000台（套）",
			"景象：晶圆制造，", "优质项目？答案", "1268亿元", "四大主导产业产值",
			"（套），“5G+工业互联网”应用", "信心更足了！”"}},
}

// asciiInHan is an ASCII mark that the loader should have set full-width between Han characters.
var asciiInHan = regexp.MustCompile(`\p{Han}[,;:!?()"]\p{Han}`)

func TestGoodReportsBuild(t *testing.T) {
	for _, g := range goodReports {
		t.Run(g.file, func(t *testing.T) {
			file := filepath.Join(reportsDir, g.file)
			out := t.TempDir()
			r := buildAndLoad(t, file, out)
			base := strings.TrimSuffix(g.file, ".yaml")
			printPDF := filepath.Join(out, base+"-print.pdf")
			briefPDF := filepath.Join(out, base+"-briefing.pdf")

			b := readPDF(t, printPDF)
			trims := trimBoxes(b)
			if n := pageCount(b); n != g.pages {
				t.Errorf("print PDF has %d pages, want %d", n, g.pages)
			}
			if len(trims) != g.pages {
				t.Errorf("print PDF has %d TrimBoxes, want one per page (%d)", len(trims), g.pages)
			}
			wantW, wantH := g.trimMM[0]*ptPerMM, g.trimMM[1]*ptPerMM
			for i, tb := range trims {
				w, h := tb[2]-tb[0], tb[3]-tb[1]
				if math.Abs(w-wantW) > 0.1 || math.Abs(h-wantH) > 0.1 {
					t.Errorf("page %d: TrimBox %.2f × %.2f pt, want %.2f × %.2f (%g × %g mm)", i+1, w, h, wantW, wantH, g.trimMM[0], g.trimMM[1])
				}
			}

			brief := readPDF(t, briefPDF)
			if pageCount(brief) < 1 || !strings.Contains(string(brief), "/MediaBox [0 0 595.28 841.89]") {
				t.Errorf("briefing PDF is not A4 portrait (%d pages)", pageCount(brief))
			}

			for _, pdf := range []string{printPDF, briefPDF} {
				text := extract(t, pdf)
				if text == "" {
					continue
				}
				name := filepath.Base(pdf)
				for _, p := range prose(r) {
					if !containsAcrossBreaks(text, squeeze(p.S), 3, 80) {
						t.Errorf("%s: text at %s is not in the PDF: %.40q…", name, p.Pos, p.S)
					}
				}
				if m := asciiInHan.FindString(text); m != "" {
					t.Errorf("%s: an ASCII mark between Han characters was not set full-width: %q", name, m)
				}
				if pdf != printPDF {
					continue
				}
				for _, w := range g.want {
					if !strings.Contains(text, squeeze(w)) {
						t.Errorf("%s: %q is not in the PDF", name, w)
					}
				}
			}
		})
	}
}

// TestGoodReportsBatch builds every good report in one call.
func TestGoodReportsBatch(t *testing.T) {
	args := []string{"build", "-o", t.TempDir()}
	out := args[2]
	for _, g := range goodReports {
		args = append(args, filepath.Join(reportsDir, g.file))
	}
	code, stdout, stderr := runCmd(t, args...)
	if code != exitOK {
		t.Fatalf("batch build: exit %d\n%s%s", code, stdout, stderr)
	}
	for _, g := range goodReports {
		base := strings.TrimSuffix(g.file, ".yaml")
		for _, suffix := range []string{"-print.pdf", "-briefing.pdf"} {
			b := readPDF(t, filepath.Join(out, base+suffix))
			if pageCount(b) < 1 {
				t.Errorf("%s%s has no pages", base, suffix)
			}
		}
	}
}

// TestBrokenReportsFail builds each broken report and wants exit 1, the error at its exact place
// (checked against the file: the named line holds the named text at the named column), and no
// PDF written.
func TestBrokenReportsFail(t *testing.T) {
	cases := []struct {
		file string
		pos  []string // LINE:COL of each error, in order
		at   []string // the text that starts at each position
		msg  []string // a regexp each message must match
	}{
		{"overfull.yaml", []string{"33:5"}, []string{"label: B"},
			[]string{`section "持续发力 各项事业全面进步" does not fit its space on page 2 \(第2版, the report's only page\): about \d{3,} characters over \(\d{2,} lines\)`}},
		{"bad/unknown-figure.yaml", []string{"35:9"}, []string{"全年地区生产总值达到{gpd}"},
			[]string{`\{gpd\} refers to an unknown figure "gpd"`}},
		{"bad/photo-outside.yaml", []string{"37:15"}, []string{"../photos/school.jpg"},
			[]string{`\.\./photos/school\.jpg leads outside the data file's folder`}},
		{"bad/photo-missing.yaml", []string{"37:15"}, []string{"photos/nosuch.jpg"},
			[]string{`photos/nosuch\.jpg not found`}},
		{"bad/mixed-units.yaml", []string{"35:20"}, []string{"income]"},
			[]string{`mixes units: "gdp" is in "亿元", "income" in "元"`}},
		{"bad/negative-donut.yaml", []string{"35:15"}, []string{"green]"},
			[]string{`a donut cannot show "green": its value -2 is not above 0`}},
		{"bad/astral.yaml", []string{"35:9"}, []string{"江城区老街𠀀巷"},
			[]string{`'𠀀' \(U\+20000, character 6 of the text\) is above U\+FFFF`}},
		{"bad/bad-date.yaml", []string{"5:9"}, []string{"2023-02-30"},
			[]string{`paper\.date: "2023-02-30" is not a date`}},
		{"bad/two-errors.yaml", []string{"5:9", "23:9"}, []string{"2024-13-01", "全区固定资产投资"},
			[]string{`paper\.date: "2024-13-01" is not a date`, `\{fai\.growth\} refers to an unknown figure "fai"`}},
	}
	for _, c := range cases {
		t.Run(c.file, func(t *testing.T) {
			file := filepath.Join(reportsDir, c.file)
			src, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			lines := strings.Split(string(src), "\n")
			out := t.TempDir()
			code, _, stderr := runCmd(t, "build", "-o", out, file)
			if code != exitData {
				t.Errorf("exit %d, want %d; stderr %q", code, exitData, stderr)
			}
			// the message lines, without the excerpts under them
			var msgs []string
			for _, m := range strings.Split(strings.TrimSpace(stderr), "\n") {
				if strings.HasPrefix(m, file+":") {
					msgs = append(msgs, m)
				}
			}
			for i, pos := range c.pos {
				// The test data itself: the position names the text it claims to.
				line, col := parsePos(t, pos)
				if line > len(lines) || !strings.HasPrefix(string([]rune(lines[line-1])[col-1:]), c.at[i]) {
					t.Fatalf("test data: %s:%s does not start %q", c.file, pos, c.at[i])
				}
				want := regexp.MustCompile(regexp.QuoteMeta(file+":"+pos+": ") + ".*" + c.msg[i])
				found := false
				for _, m := range msgs {
					found = found || want.MatchString(m)
				}
				if !found {
					t.Errorf("no error matching %v in:\n%s", want, stderr)
				}
			}
			if len(msgs) != len(c.pos) {
				t.Errorf("%d messages, want %d:\n%s", len(msgs), len(c.pos), stderr)
			}
			if pdfs, _ := filepath.Glob(filepath.Join(out, "*.pdf")); len(pdfs) > 0 {
				t.Errorf("a failed build wrote %v", pdfs)
			}
		})
	}
}

// parsePos reads "LINE:COL".
func parsePos(t *testing.T, pos string) (line, col int) {
	t.Helper()
	l, c, _ := strings.Cut(pos, ":")
	line, err1 := strconv.Atoi(l)
	col, err2 := strconv.Atoi(c)
	if err1 != nil || err2 != nil || line < 1 || col < 1 {
		t.Fatalf("bad position %q", pos)
	}
	return line, col
}

func readPDF(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(b), "%PDF-") {
		t.Fatalf("%s is not a PDF", path)
	}
	return b
}

var (
	pageObj = regexp.MustCompile(`/Type\s*/Page\b`)
	trimBox = regexp.MustCompile(`/TrimBox\s*\[\s*([-0-9.]+)\s+([-0-9.]+)\s+([-0-9.]+)\s+([-0-9.]+)\s*\]`)
)

// pageCount counts page objects; the writer leaves page dictionaries uncompressed.
func pageCount(b []byte) int { return len(pageObj.FindAll(b, -1)) }

// trimBoxes returns every TrimBox as llx, lly, urx, ury.
func trimBoxes(b []byte) [][4]float64 {
	var boxes [][4]float64
	for _, m := range trimBox.FindAllSubmatch(b, -1) {
		var box [4]float64
		for i := range box {
			box[i], _ = strconv.ParseFloat(string(m[i+1]), 64)
		}
		boxes = append(boxes, box)
	}
	return boxes
}
