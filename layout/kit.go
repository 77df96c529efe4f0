package layout

import (
	"runtime"
	"sync"
	"sync/atomic"

	"spread/page"
	"spread/report"
)

// kit is everything layout needs from the other stages, as plain functions: font metrics, the
// line breaker and the chart renderer. Print and Briefing build it from fonts, typeset and
// charts; tests build it from a fake face whose every glyph is 1 em wide, so that expected
// positions can be written down by hand.
type kit struct {
	adv   func(role string, r rune) float64                    // em
	check func(role, text string, at report.Pos) report.Errors // coverage of text in role's face
	lines func(text, role string, o lineOpts) []textLine
	chart func(c *report.Chart, accent page.Color, w, h float64) ([]page.Item, error)
	// tile draws a key figure in a w × h box, its number at most `most` points (0: as big as
	// the box allows), and says the size its number asks of its row (see charts.DrawTileSize)
	tile  func(f *report.Figure, accent page.Color, w, h, most float64, beside bool) ([]page.Item, float64, error)
	plans *answers[planKey, modPlan] // planModule's answers within one layout call (see memo)
	paras *answers[parasKey, []bodyLine]
	leads *answers[leadKey, leadSet]
	rows  *answers[rowKey, leadRow]
	photo *answers[photoKey, photoRange]
	runes *answers[*report.Section, int]
	heads *answers[headKey, headSet]
	needs *answers[planKey, int] // minHeight's answers, for the whole page's height
	// stacks are fullestRows' and bestRows' answers: the rows of a page's sections, which
	// every candidate whose cursor on that page is the same asks for again (the tops that
	// differ only on the other page, the shares of a bare page's lead row given to its band)
	stacks *answers[stackKey, stackAnswer]
	// drafts, when set, counts the candidates planShape drafts: the search's work, which
	// benchmarks report because a busy machine's timings hide it
	drafts *atomic.Int64
	// setMany sets paragraphs ahead of the lines calls that will ask for them, at once on a
	// memo kit (see memo); nil on a bare kit.
	setMany func(paras []report.Text, role string, o lineOpts)
}

// lineOpts are the typesetter options layout uses; lengths in em.
type lineOpts struct {
	Measure float64
	Indent  float64
	Ragged  bool
	Words   bool // prefer breaks between listed words (typeset.Options.Words): boxes
	Fewer   bool // the fewest lines the marks' compressions allow (typeset.Options.Fewer)
}

// textLine is one set line; X and Spacing in em of the text size.
type textLine struct {
	Runs  []textRun
	Width float64
	Torn  bool // the break after it parts a number from its unit (the typesetter's last resort)
}

type textRun struct {
	X       float64
	Text    string
	Spacing float64
}

// width is the natural width of s in role, in em.
func (k *kit) width(role, s string) float64 {
	w := 0.0
	for _, r := range s {
		w += k.adv(role, r)
	}
	return w
}

// setText turns typeset lines into page.Text items: line i's baseline at y0 + i·pitch.
func setText(ls []textLine, x, y0, pitch float64, role string, size float64, c page.Color) []page.Item {
	var out []page.Item
	for i, l := range ls {
		for _, r := range l.Runs {
			out = append(out, page.Text{X: x + r.X*size, Y: y0 + float64(i)*pitch, Font: role, Size: size,
				Spacing: r.Spacing * size, Color: c, S: r.Text})
		}
	}
	return out
}

// lineKey is one typesetting request: the same paragraph is set at the same measure many
// times across the candidates of the fill search.
type lineKey struct {
	text, role string
	o          lineOpts
}

// memo returns a copy of k that remembers what it has answered, for one layout call: the
// answers live and die with the copy, so nothing is shared between calls. What it returns is
// shared between callers and must not be modified.
//
// The copy may be used by several goroutines at once (the fill search drafts on every core):
// its line breaker sets a paragraph once, by the first to ask for it, and whoever asks
// meanwhile waits for it; setMany sets the paragraphs not yet set on up to GOMAXPROCS
// goroutines, which is where the time of a layout call goes (a paragraph takes tens of
// microseconds).
//
// It also remembers, by the identity of their inputs (the report does not change within a
// call), the paragraphs set one after another (breakParas), the set lead (setLead), the lead
// row (planLeadRow), the headline, photo heights (photoLines), sections' character counts and
// planModule's, minHeight's, fullestRows' and bestRows' answers: the fill search asks the same
// questions for many of its candidates, on both cores. Without memo (a bare kit) every answer
// is computed afresh, and is the same.
func (k *kit) memo() *kit {
	c := *k
	lc := &lineCache{set: k.lines, a: newAnswers[lineKey, []textLine](), workers: runtime.GOMAXPROCS(0)}
	c.lines = lc.lines
	c.setMany = lc.setMany
	c.plans = newAnswers[planKey, modPlan]()
	c.paras = newAnswers[parasKey, []bodyLine]()
	c.leads = newAnswers[leadKey, leadSet]()
	c.rows = newAnswers[rowKey, leadRow]()
	c.photo = newAnswers[photoKey, photoRange]()
	c.runes = newAnswers[*report.Section, int]()
	c.heads = newAnswers[headKey, headSet]()
	c.needs = newAnswers[planKey, int]()
	c.stacks = newAnswers[stackKey, stackAnswer]()
	return &c
}

// answers remembers a function's answers by their question, for goroutines at once; a nil
// *answers remembers nothing. A question is answered once: whoever asks it while another
// goroutine is answering waits for that answer (an answer never waits on its own question, as
// the layout's are computed from smaller ones), so the work, and the drafts a benchmark
// counts, do not depend on the scheduling.
type answers[K comparable, V any] struct {
	mu sync.Mutex
	m  map[K]*answer[V]
}

// answer is one question's answer, or the promise of it: done is closed when v is there.
type answer[V any] struct {
	done chan struct{}
	v    V
}

func newAnswers[K comparable, V any]() *answers[K, V] {
	return &answers[K, V]{m: map[K]*answer[V]{}}
}

// get returns the answer to key, computing it when nobody has.
func (a *answers[K, V]) get(key K, compute func() V) V {
	if a == nil {
		return compute()
	}
	e, mine := a.claim(key)
	if mine {
		e.fill(compute)
	}
	<-e.done
	return e.v
}

// claim returns key's entry, and whether it is new: then the caller must fill it.
func (a *answers[K, V]) claim(key K) (*answer[V], bool) {
	a.mu.Lock()
	defer a.mu.Unlock()
	e, ok := a.m[key]
	if !ok {
		e = &answer[V]{done: make(chan struct{})}
		a.m[key] = e
	}
	return e, !ok
}

// fill computes a claimed entry's answer.
func (e *answer[V]) fill(compute func() V) {
	defer close(e.done) // a waiter must never hang, whatever compute does
	e.v = compute()
}

// lineCache is memo's line cache: its answers are set paragraphs.
type lineCache struct {
	set     func(text, role string, o lineOpts) []textLine
	a       *answers[lineKey, []textLine]
	workers int
}

func (c *lineCache) lines(text, role string, o lineOpts) []textLine {
	return c.a.get(lineKey{text, role, o}, func() []textLine { return c.set(text, role, o) })
}

// setMany claims the paragraphs of paras not yet set or being set and sets them on up to
// workers goroutines (the caller's among them).
func (c *lineCache) setMany(paras []report.Text, role string, o lineOpts) {
	var keys []lineKey
	var todo []*answer[[]textLine]
	for _, p := range paras {
		key := lineKey{p.S, role, o}
		if e, mine := c.a.claim(key); mine {
			keys, todo = append(keys, key), append(todo, e)
		}
	}
	if len(todo) == 0 {
		return
	}
	var next atomic.Int64
	work := func() {
		for {
			i := int(next.Add(1)) - 1
			if i >= len(todo) {
				return
			}
			key := keys[i]
			todo[i].fill(func() []textLine { return c.set(key.text, key.role, key.o) })
		}
	}
	var wg sync.WaitGroup
	for range min(c.workers, len(todo)) - 1 {
		wg.Go(work)
	}
	work()
	wg.Wait()
}
