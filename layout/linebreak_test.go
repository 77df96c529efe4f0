package layout

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"spread/fonts"
	"spread/page"
	"spread/report"
)

// The marks clreq (basic level) forbids at the start and at the end of a line.
const (
	noLineStart = "、，。：；！？‼⁇”’」』）】〕〗］｝》〉–—～·・‧/／"
	noLineEnd   = "“‘「『（【〔〖［｛《〈"
)

// TestNoLineStartsWithAProhibitedMark reads the lines back out of finished documents — the seed
// and every acceptance report, both profiles — and checks each line of every text column: the
// typesetter's own tests cover its output, this covers what layout does with it. It holds every
// justified text, lead, closing box, captions and briefing as well as the body, to the body's
// rule too: no run of characters is letter-spaced by more than 0.15 em; and nothing is set
// smaller than 六号 (the brief: only the slug outside the trim is).
func TestNoLineStartsWithAProhibitedMark(t *testing.T) {
	_, f := seed(t)
	files, _ := filepath.Glob("../testdata/reports/*.yaml")
	corpus, _ := filepath.Glob(corpusDir + "/*.yaml")
	files = append(append(files, corpus...), "../data.yaml")
	checked := 0
	var stretched strings.Builder
	for _, file := range files {
		r, err := report.Load(file)
		if err != nil {
			t.Fatal(err)
		}
		for name, lay := range map[string]func(*report.Report, *fonts.Set) (*page.Document, error){"print": Print, "briefing": Briefing} {
			d, err := lay(r, f)
			if err != nil {
				continue // overfull.yaml
			}
			for pi, p := range d.Pages {
				allItems(p.Items, page.Point{}, func(it page.Item, _ page.Point) {
					if tx, ok := it.(page.Text); ok && strings.TrimSpace(tx.S) != "" && tx.Size < liuHao-1e-6 {
						t.Errorf("%s %s page %d: %q set at %.2f pt, below 六号", filepath.Base(file), name, pi+1, tx.S, tx.Size)
					}
					if tx, ok := it.(page.Text); ok && len([]rune(tx.S)) > 1 && tx.Spacing > maxLeadStretch*tx.Size+1e-6 {
						fmt.Fprintf(&stretched, "%s %s page %d: %s %.1fpt %q letter-spaced %.3f em\n", filepath.Base(file), name, pi+1,
							tx.Font, tx.Size, tx.S, tx.Spacing/tx.Size)
					}
				})
				for _, line := range textLines(p, func(role string, s string) float64 { return f.Width(role, s) }) {
					checked++
					first, _ := firstRune(line)
					last := []rune(line)[len([]rune(line))-1]
					// A subtitle's leading dash and the briefing's folio "— 2 —" are set so on purpose.
					designed := strings.HasPrefix(line, "——") || pageFolio.MatchString(line)
					if strings.ContainsRune(noLineStart, first) && !designed {
						t.Errorf("%s %s page %d: line starts with %q: %q", filepath.Base(file), name, pi+1, first, line)
					}
					if strings.ContainsRune(noLineEnd, last) {
						t.Errorf("%s %s page %d: line ends with %q: %q", filepath.Base(file), name, pi+1, last, line)
					}
				}
			}
		}
	}
	if checked < 500 {
		t.Errorf("only %d lines read back", checked)
	}
	// A line spread past the rule is the typesetter's last resort, taken only where nothing else
	// sets the text (a quoted group of connectors that fits no line, a number kept with its
	// unit): each is recorded, so that a new one, or one mended, shows in review.
	got := stretched.String()
	if *update {
		if err := os.WriteFile(stretchedGolden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(stretchedGolden)
	if err != nil {
		t.Fatalf("%v (run go test ./layout -run NoLineStarts -update)", err)
	}
	if got != string(want) {
		t.Errorf("lines letter-spaced past 0.15 em other than those in %s (refresh with -update if right):\n%s", stretchedGolden, got)
	}
}

// stretchedGolden lists the lines of the corpus letter-spaced past the body's rule.
const stretchedGolden = corpusDir + "/stretched.golden"

var pageFolio = regexp.MustCompile(`^— \d+ —$`)

func firstRune(s string) (rune, bool) {
	for _, r := range s {
		return r, true
	}
	return 0, false
}

// textLines rebuilds the lines of a page from its text runs: runs of one face and size on one
// baseline belong to one line until a gap of more than ¾ em (a gutter) separates them.
func textLines(p page.Page, width func(role, s string) float64) []string {
	type run struct {
		t    page.Text
		x, y float64
	}
	var runs []run
	allItems(p.Items, page.Point{}, func(it page.Item, at page.Point) {
		if t, ok := it.(page.Text); ok && strings.TrimSpace(t.S) != "" {
			runs = append(runs, run{t, at.X + t.X, at.Y + t.Y})
		}
	})
	sort.SliceStable(runs, func(i, j int) bool {
		a, b := runs[i], runs[j]
		if math.Abs(a.y-b.y) > 0.01 {
			return a.y < b.y
		}
		if a.t.Font != b.t.Font {
			return a.t.Font < b.t.Font
		}
		if a.t.Size != b.t.Size {
			return a.t.Size < b.t.Size
		}
		return a.x < b.x
	})
	var lines []string
	var cur strings.Builder
	var prev *run
	for i := range runs {
		r := &runs[i]
		if prev != nil {
			n := float64(len([]rune(prev.t.S)))
			end := prev.x + width(prev.t.Font, prev.t.S)*prev.t.Size + prev.t.Spacing*(n-1)
			same := math.Abs(r.y-prev.y) < 0.01 && r.t.Font == prev.t.Font && r.t.Size == prev.t.Size &&
				r.x-end < 0.75*r.t.Size
			if !same {
				lines = append(lines, cur.String())
				cur.Reset()
			}
		}
		cur.WriteString(r.t.S)
		prev = r
	}
	if cur.Len() > 0 {
		lines = append(lines, cur.String())
	}
	return lines
}
