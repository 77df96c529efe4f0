package layout

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"

	"spread/fonts"
	"spread/page"
	"spread/report"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata")

// corpusDir holds reports of every shape written for the layout (see its README).
const corpusDir = "../testdata/reports/corpus"

// fillGolden records, for every corpus report, how its print pages fill (the deepest white
// under a column, as a share of the type area's height, measured as preflight measures it) or
// why it is refused. A change in make-up shows here in review; refresh with -update.
const fillGolden = corpusDir + "/fill.golden"

// footGoal is the deepest white under a column a page may keep (the 3 %).
const footGoal = 0.03

// TestCorpusFill lays out every corpus report for print: a report that builds keeps all its
// prose and its holes are as recorded; a refusal names the module's own position.
func TestCorpusFill(t *testing.T) {
	f, err := fonts.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(corpusDir + "/*.yaml")
	if len(files) < 15 {
		t.Fatalf("%d corpus reports, want at least 15", len(files))
	}
	// the acceptance reports and the seed are measured alike
	accept, _ := filepath.Glob("../testdata/reports/*.yaml")
	files = sample(append(append(files, accept...), "../data.yaml"))
	pos := regexp.MustCompile(`^\S+\.yaml:\d+:\d+: `)
	var sb strings.Builder
	full := 0
	for _, file := range files {
		name := filepath.Base(file)
		r, err := report.Load(file)
		if err != nil {
			t.Errorf("%s does not load: %v", name, err)
			continue
		}
		d, err := Print(r, f)
		if err != nil {
			msgs := strings.Split(err.Error(), "\n")
			for _, m := range msgs {
				if !pos.MatchString(m) {
					t.Errorf("%s: refusal without its position: %q", name, m)
				}
			}
			over := regexp.MustCompile(`\((\d+) lines\)`).FindAllStringSubmatch(err.Error(), -1)
			var ns []string
			for _, o := range over {
				ns = append(ns, o[1])
			}
			fmt.Fprintf(&sb, "%s: refused, %d modules over (%s lines)\n", name, len(msgs), strings.Join(ns, "+"))
			continue
		}
		proseIn(t, r, d)
		photosKeepTheirKind(t, name, d)
		worst := 0.0
		var parts []string
		for _, p := range d.Pages {
			h := page.FootHole(p, p.Type, p.Body/2, 3*p.Body)
			share := h.H / p.Type.H
			worst = max(worst, share)
			parts = append(parts, fmt.Sprintf("%.0f%%", 100*share))
		}
		verdict := "fills"
		if worst > footGoal {
			verdict = "short"
		} else {
			full++
		}
		fmt.Fprintf(&sb, "%s: %s, body %gpt, holes %s\n", name, verdict, d.Pages[0].Body, strings.Join(parts, " "))
	}
	fmt.Fprintf(&sb, "%d of %d reports fill every page to within %.0f%%\n", full, len(files), 100*footGoal)
	got := sb.String()
	if *update {
		if err := os.WriteFile(fillGolden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(fillGolden)
	if err != nil {
		t.Fatalf("%v (run go test ./layout -run CorpusFill -update)", err)
	}
	if testing.Short() {
		// a sample: each of its lines as recorded
		for _, l := range strings.Split(strings.TrimSpace(got), "\n") {
			if !strings.Contains(string(want), l+"\n") && !strings.Contains(l, " reports fill every page") {
				t.Errorf("the corpus fills differently from %s (refresh with -update if better): %s", fillGolden, l)
			}
		}
		return
	}
	if got != string(want) {
		t.Errorf("the corpus fills differently from %s (refresh with -update if better):\n%s", fillGolden, got)
	}
}

// sample is files, or with -short (the race detector's run) every third of them: the race
// detector needs the drafting's goroutines, not every report, and lays one out ten times
// slower.
func sample(files []string) []string {
	if !testing.Short() {
		return files
	}
	if *update {
		panic("-update rewrites the goldens of the whole corpus: run it without -short")
	}
	var out []string
	for i := 0; i < len(files); i += 3 {
		out = append(out, files[i])
	}
	return out
}

// monotoneGolden lists the figures and paragraphs whose removal turns a corpus report that fits into one that
// does not: the property holds when it lists none. Refresh with -update.
const monotoneGolden = corpusDir + "/monotone.golden"

// TestFewerFiguresStillFit: taking a photo, a chart or a section's last paragraph out of a
// report that fits should never turn it into one that does not — the property an editor relies on when told to cut. Every
// break of it is recorded in monotoneGolden, so a change that breaks it again, or mends it,
// shows in review.
func TestFewerFiguresStillFit(t *testing.T) {
	if testing.Short() {
		t.Skip("lays every corpus report out once per figure")
	}
	f, err := fonts.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(corpusDir + "/*.yaml")
	files = append(files, "../data.yaml")
	var sb strings.Builder
	tried := 0
	for _, file := range files {
		r, err := report.Load(file)
		if err != nil {
			continue
		}
		if _, err := Print(r, f); err != nil {
			continue // refused already: nothing to keep
		}
		name := filepath.Base(file)
		for _, s := range r.Sections {
			photos := s.Photos
			for i := range photos {
				s.Photos = append(append([]*report.Photo{}, photos[:i]...), photos[i+1:]...)
				tried++
				if _, err := Print(r, f); err != nil {
					fmt.Fprintf(&sb, "%s: without the photo at line %d: refused\n", name, photos[i].Pos.Line)
				}
			}
			s.Photos = photos
			// and a paragraph: the section's last (a cut an editor makes)
			if paras := s.Paragraphs; len(paras) > 1 {
				s.Paragraphs = paras[:len(paras)-1]
				tried++
				if _, err := Print(r, f); err != nil {
					fmt.Fprintf(&sb, "%s: without the paragraph at line %d: refused\n", name, paras[len(paras)-1].Pos.Line)
				}
				s.Paragraphs = paras
			}
		}
		charts := r.Charts
		for i := range charts {
			r.Charts = append(append([]*report.Chart{}, charts[:i]...), charts[i+1:]...)
			tried++
			if _, err := Print(r, f); err != nil {
				fmt.Fprintf(&sb, "%s: without the chart at line %d: refused\n", name, charts[i].Pos.Line)
			}
		}
		r.Charts = charts
	}
	if tried == 0 {
		t.Fatal("no report that fits has a figure to take out")
	}
	got := sb.String()
	if *update {
		if err := os.WriteFile(monotoneGolden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(monotoneGolden)
	if err != nil {
		t.Fatalf("%v (run go test ./layout -run FewerFigures -update)", err)
	}
	if got != string(want) {
		t.Errorf("taking figures out breaks fits other than those in %s (refresh with -update if better):\n%s", monotoneGolden, got)
	}
}

// TestPlanDumps keeps the make-up of the seed and of every corpus report that builds as a text
// dump in testdata/reports/corpus/plans (refresh with -update): a change of make-up shows in
// review as a diff of grid columns and lines.
func TestPlanDumps(t *testing.T) {
	f, err := fonts.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(corpusDir + "/*.yaml")
	files = sample(append(files, "../data.yaml"))
	dir := corpusDir + "/plans"
	if *update {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	dumped := 0
	for _, file := range files {
		r, err := report.Load(file)
		if err != nil {
			t.Errorf("%s: %v", file, err)
			continue
		}
		golden := filepath.Join(dir, strings.TrimSuffix(filepath.Base(file), ".yaml")+".plan")
		res, err := printPlan(realKit(f), r)
		if err != nil {
			// refused: fill.golden says so, and no plan of it is kept
			if *update {
				os.Remove(golden)
			} else if _, err := os.Stat(golden); err == nil {
				t.Errorf("%s is refused but %s is kept (refresh with -update)", file, golden)
			}
			continue
		}
		got := res.dump()
		textBeginsInFirstColumn(t, file, res.plan)
		leadRowCoversItsPages(t, file, res)
		for _, m := range res.plan.mods {
			if !strings.Contains(got, m.sec.Title.S) {
				t.Errorf("%s: the dump leaves out section %q", file, m.sec.Title.S)
			}
		}
		dumped++
		if *update {
			if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Errorf("%v (run go test ./layout -run PlanDumps -update)", err)
			continue
		}
		if got != string(want) {
			t.Errorf("%s: the make-up differs from %s (refresh with -update if better):\n%s", file, golden, got)
		}
	}
	if dumped == 0 {
		t.Fatal("no report built")
	}
}

// BenchmarkPrintCorpus lays out each corpus report for print and reports the cost per
// character of prose, the measure of the "grows no faster than its text": compare
// ns/char across reports of different lengths.
func BenchmarkPrintCorpus(b *testing.B) {
	f, err := fonts.Embedded()
	if err != nil {
		b.Fatal(err)
	}
	files, _ := filepath.Glob(corpusDir + "/*.yaml")
	files = append(files, "../data.yaml")
	for _, file := range files {
		b.Run(strings.TrimSuffix(filepath.Base(file), ".yaml"), func(b *testing.B) {
			r, err := report.Load(file)
			if err != nil {
				b.Fatal(err)
			}
			if _, err := Print(r, f); err != nil {
				b.Skip("refused: not what this measures")
			}
			k := realKit(f)
			k.drafts = new(atomic.Int64)
			for b.Loop() {
				if _, err := printDoc(k, r); err != nil {
					b.Fatal(err)
				}
			}
			chars := float64(proseChars(r))
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/chars, "ns/char")
			b.ReportMetric(float64(k.drafts.Load())/float64(b.N)/chars, "drafts/char")
		})
	}
}

// proseChars counts the characters of a report's lead, sections and closing.
func proseChars(r *report.Report) int {
	n := 0
	for _, x := range r.Lead {
		n += len([]rune(x.S))
	}
	for _, s := range r.Sections {
		for _, p := range s.Paragraphs {
			n += len([]rune(p.S))
		}
	}
	for _, x := range r.Closing {
		n += len([]rune(x.S))
	}
	return max(n, 1)
}

// The overset messages of a single page say about how much to cut: every refused one-page
// corpus report fits once half again the characters its errors name (and a line's worth) are
// cut, from the sections they name first or from its longest paragraphs. Before, rows that did not fit each kept a proportional slot
// and were each a line or two over, so a report 1,150 characters over was said to be 270 + 90
// + 820 over at sections that fitted, and cutting any of them changed nothing. (A spread's are
// rougher: text cut on the other page does not help, and a section carried over the fold
// shares its page's shortfall with the sections under it.)
func TestOversetNamesWhatToCut(t *testing.T) {
	if testing.Short() {
		t.Skip("lays out each refused report twice")
	}
	f, err := fonts.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	over := regexp.MustCompile(`about (\d+) characters over`)
	files, _ := filepath.Glob(corpusDir + "/*.yaml")
	refused := 0
	for _, file := range files {
		r, err := report.Load(file)
		if err != nil {
			t.Fatal(err)
		}
		if r.Layout.Pages != 1 {
			continue
		}
		_, err = printPlan(realKit(f), r)
		if err == nil {
			continue
		}
		refused++
		named := 0
		blamed := map[int]bool{} // by the named sections' lines
		errs, _ := err.(report.Errors)
		for _, e := range errs {
			m := over.FindStringSubmatch(e.Msg)
			if m == nil {
				continue
			}
			var n int
			fmt.Sscan(m[1], &n)
			named += n
			blamed[e.Pos.Line] = true
		}
		if named == 0 {
			t.Errorf("%s: refused without saying how much is over: %v", filepath.Base(file), err)
			continue
		}
		// an editor cuts from the sections named, up to what they are said to be over, then
		// wherever the text is longest; or, a section's photo and not its text being what does
		// not fit, wherever the text is longest from the start: one of the two fits
		budget := named*3/2 + 50
		fits := false
		for _, namedFirst := range []bool{true, false} {
			r, err := report.Load(file)
			if err != nil {
				t.Fatal(err)
			}
			for cut := 0; cut < budget; cut += 10 {
				var lp *report.Text
				for _, s := range r.Sections {
					for i := range s.Paragraphs {
						if namedFirst && cut < named && !blamed[s.Pos.Line] || len([]rune(s.Paragraphs[i].S)) <= 10 {
							continue
						}
						if lp == nil || len([]rune(s.Paragraphs[i].S)) > len([]rune(lp.S)) {
							lp = &s.Paragraphs[i]
						}
					}
				}
				if lp == nil && namedFirst && cut < named {
					cut = named - 10 // the named sections have no more to cut
					continue
				}
				if lp == nil {
					break
				}
				rs := []rune(lp.S)
				lp.S = string(rs[:len(rs)-10])
			}
			if _, err := printPlan(realKit(f), r); err == nil {
				fits = true
				break
			}
		}
		if !fits {
			t.Errorf("%s: said to be about %d characters over, still refused with %d cut either way", filepath.Base(file), named, budget)
		}

	}
	if refused == 0 {
		t.Skip("no corpus report is refused: nothing to measure")
	}
}

// photosKeepTheirKind checks every photo of d is shown in a frame of its kind: a portrait no
// wider than square, a landscape no narrower, a panorama no narrower than 2:1 (the held-out
// writers saw portraits set as landscapes and 4:3 photos cropped nearly square and tall).
func photosKeepTheirKind(t *testing.T, name string, d *page.Document) {
	t.Helper()
	for pi, p := range d.Pages {
		allItems(p.Items, page.Point{}, func(it page.Item, _ page.Point) {
			im, ok := it.(page.Image)
			if !ok || im.PixelW <= 0 || im.PixelH <= 0 {
				return
			}
			a, f := float64(im.PixelW)/float64(im.PixelH), im.W/im.H
			const slack = 0.02 // a frame is whole lines high
			switch {
			case a < squareLow && f > 1+slack, a > squareHigh && a < panoramaMin && f < 1-slack, a >= panoramaMin && f < panoramaMin-slack:
				t.Errorf("%s page %d: a %d×%d photo (%.2f) in a %.0f×%.0f frame (%.2f)", name, pi+1, im.PixelW, im.PixelH, a, im.W, im.H, f)
			}
		})
	}
}

// textBeginsInFirstColumn checks that no section of a single run of columns (no strip, no carry,
// no side block) begins its text lower in its first column than in another: the reader starts
// at the top of the first column (a held-out A3 page began under a tall photo in column one,
// seven lines below the text beside it).
func textBeginsInFirstColumn(t *testing.T, file string, pl plan) {
	t.Helper()
	for i, m := range pl.mods {
		p := pl.plans[i]
		if m.strip > 0 || m.carry > 0 || p.side >= 0 || len(m.parts) != 1 || len(p.slots) < 2 || p.counts[0] == 0 {
			continue
		}
		for c, s := range p.slots {
			if p.counts[c] > 0 && s.start < p.slots[0].start {
				t.Errorf("%s: section %q begins its text at line %d in its first column, above it at line %d in column %d",
					file, m.sec.Title.S, p.slots[0].start, s.start, c+1)
				break
			}
		}
	}
}

// corpusReport loads the corpus report of that file name, with the embedded faces.
func corpusReport(t *testing.T, name string) (*report.Report, *fonts.Set) {
	t.Helper()
	f, err := fonts.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	r, err := report.Load(corpusDir + "/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return r, f
}

// leadRowCoversItsPages fails a plan whose lead row leaves part of a page's row white: on each
// page the lead box and the photos beside it cover every grid column, or the page has none of
// them and its band begins under the headline.
func leadRowCoversItsPages(t *testing.T, file string, res *result) {
	t.Helper()
	g, lr := res.grid, res.plan.lead
	covered := make([]int, g.pages)
	covered[0] = lr.set.cols
	for _, f := range lr.frames {
		covered[f.page] += f.n
	}
	for p, c := range covered {
		if c > 0 && c < g.cols {
			t.Errorf("%s: the lead row covers %d of page %d's %d grid columns; the rest of its row is white", file, c, p+1, g.cols)
		}
	}
}
