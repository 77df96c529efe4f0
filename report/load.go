package report

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// pointsPerMM is page.MM, repeated so that the report stage does not depend on the page model.
const pointsPerMM = 72 / 25.4

// maxDigits is the longest a figure's number may be written, sign and point included.
const maxDigits = 16

// maxPage is the highest page number a paper prints (a spread's right page is one more).
const maxPage = 999

// maxPhotoPixels bounds a photo's size in pixels, read from its header before anything decodes
// it: a 100-megapixel photo is far beyond print (a broadsheet page at 300 ppi is 21 MP).
const maxPhotoPixels = 100_000_000

// maxInk is the newsprint limit of total area coverage, ISO 12647-3.
const maxInk = 220

// Load reads and checks a data file. The error is Errors (every problem, sorted by position) or
// the I/O error of reading the file itself.
//
// The file must be a regular file of at most maxDataBytes: it is opened without blocking (a pipe
// would wait for ever) and checked as opened.
func Load(file string) (*Report, error) {
	f, err := os.OpenFile(file, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, err
	}
	var errs Errors
	switch {
	case !info.Mode().IsRegular():
		errs.Add(Pos{file, 1, 1}, "%s is not a regular file", file)
	case info.Size() > maxDataBytes:
		errs.Add(Pos{file, 1, 1}, "the data file is %d KiB, over the limit of %d KiB", info.Size()>>10, maxDataBytes>>10)
	}
	if len(errs) > 0 {
		return nil, errs
	}
	data, err := io.ReadAll(io.LimitReader(f, maxDataBytes+1))
	if err != nil {
		return nil, err
	}
	if len(data) > maxDataBytes {
		errs.Add(Pos{file, 1, 1}, "the data file grew past the limit of %d KiB while it was read", maxDataBytes>>10)
		return nil, errs
	}
	return Parse(file, data, filepath.Dir(file))
}

// The limits of a data file: its size, and the text it holds once aliases are expanded (each
// use of an alias counts again). A two-page spread holds some 30 KB of text.
const (
	maxDataBytes = 4 << 20
	maxTextBytes = 1 << 20
)

// Parse is Load from bytes already read: file names the data in positions, dir is the folder
// photos and fonts are relative to.
func Parse(file string, data []byte, dir string) (*Report, error) {
	l := &loader{name: file, dir: dir}
	r := l.load(data)
	if err := l.errs.Err(); err != nil {
		return nil, err
	}
	return r, nil
}

// encoding reports (and says where) a data file that is not UTF-8 text: a byte that starts no
// UTF-8 character (a file saved as GBK, say) or a NUL. YAML would say so at 1:1 or not at all.
func (l *loader) encoding(data []byte) bool {
	line, col := 1, 1
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		switch {
		case r == utf8.RuneError && size <= 1:
			l.errs.Add(Pos{l.name, line, col}, "byte 0x%02X is not UTF-8: save the data file as UTF-8 (it may be GBK)", data[i])
			return true
		case r == 0:
			l.errs.Add(Pos{l.name, line, col}, "a NUL character: the data file is text, remove it")
			return true
		case r == '\n':
			line, col = line+1, 1
		default:
			col++
		}
		i += size
	}
	return false
}

// decode is dec.Decode that cannot panic. yaml.v3 has panicked on malformed input in the past;
// a data file must never crash the command, so such a panic becomes an ordinary error. Only the
// library call is guarded, so that fuzzing still finds panics in this package.
func decode(dec *yaml.Decoder, n *yaml.Node) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("yaml: cannot read the file: %v", p)
		}
	}()
	return dec.Decode(n)
}

// loader holds one run of checking: every problem is recorded and checking goes on, so that the
// editor sees all of them at once.
type loader struct {
	name, dir string
	realDir   string // dir with symbolic links resolved, computed on first use
	errs      Errors
	figures   map[string]*Figure
	textBytes int  // text read so far, aliases expanded (see maxTextBytes)
	textOver  bool // the limit was passed and said
	// use is the alias being read (a section repeated with *name), or nil: everything found in
	// what it repeats is at the use, where the editor repeated it, not at the original
	use *yaml.Node
}

func (l *loader) pos(n *yaml.Node) Pos {
	if l.use != nil {
		n = l.use
	}
	return Pos{l.name, n.Line, n.Column}
}

func (l *loader) errorf(n *yaml.Node, format string, args ...any) {
	if l.use != nil && l.use != n {
		format += fmt.Sprintf(" (in what *%s repeats from line %d)", l.use.Value, n.Line)
	}
	l.errs.Add(l.pos(n), format, args...)
}

var yamlLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// braceText finds a list item or value that starts with a {…} followed by more text: YAML reads
// it as a flow mapping and fails, and the fix (quotes) is not obvious from YAML's message.
var braceText = regexp.MustCompile(`^(\s*(?:- +|[A-Za-z_][A-Za-z0-9_]*: +))\{[^{}"']*\}[^\s,}\]#]`)

func (l *loader) load(data []byte) *Report {
	r := &Report{File: l.name, Dir: l.dir}
	if l.encoding(data) {
		return r
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := decode(dec, &doc); err != nil {
		if errors.Is(err, io.EOF) {
			l.errs.Add(Pos{l.name, 1, 1}, "the data file is empty")
		} else {
			l.yamlError(data, err)
		}
		return r
	}
	var more yaml.Node
	if err := decode(dec, &more); err == nil {
		l.errorf(&more, "a second YAML document: a data file holds one report")
	} else if !errors.Is(err, io.EOF) {
		l.yamlError(data, err)
	}
	root := &doc
	if root.Kind == yaml.DocumentNode {
		if len(root.Content) == 0 {
			l.errs.Add(Pos{l.name, 1, 1}, "the data file is empty")
			return r
		}
		root = root.Content[0]
	}
	top := l.object(deref(root), "report", "the report")
	if top == nil {
		return r
	}
	// Figures first: prose refers to them.
	l.figures = map[string]*Figure{}
	if n := top["figures"]; n != nil {
		r.Figures = l.figureList(n)
	}
	if n := top["paper"]; n != nil {
		r.Paper = l.paper(n)
	}
	r.Layout = l.layout(top["layout"])
	if n := top["headline"]; n != nil {
		r.Headline = l.headline(n)
	}
	if n := top["byline"]; n != nil {
		r.Byline = l.text(n, "byline", heading)
	}
	if n := top["lead"]; n != nil {
		r.Lead = l.texts(n, "lead", paragraph, true)
	}
	if n := top["sections"]; n != nil {
		r.Sections = l.sections(n)
	}
	if n := top["charts"]; n != nil {
		r.Charts = l.charts(n, r.Sections)
	}
	if n := top["closing"]; n != nil {
		r.Closing = l.texts(n, "closing", paragraph, false)
	}
	return r
}

// yamlError turns a syntax error into positioned errors, with a hint for the usual cause in
// prose: a text that starts with a brace.
// unknownAnchor is yaml.v3's message for an alias to no anchor.
var unknownAnchor = regexp.MustCompile(`unknown anchor '([^']+)' referenced`)

func (l *loader) yamlError(data []byte, err error) {
	msg, line := err.Error(), 1
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		line, _ = strconv.Atoi(m[1])
		msg = m[2]
	} else {
		msg = strings.TrimPrefix(msg, "yaml: ")
	}
	col := 1
	// yaml.v3 names an unknown anchor without its place: the first use of it in the text is
	if m := unknownAnchor.FindStringSubmatch(msg); m != nil {
		for i, s := range strings.Split(string(data), "\n") {
			if at := strings.Index(s, "*"+m[1]); at >= 0 {
				line, col = i+1, utf8.RuneCountInString(s[:at])+1
				break
			}
		}
	}
	// and puts a tab in the indentation on the line before it when that line opens a block:
	// the tab is on the first line from there that has one in its indentation
	if strings.Contains(msg, "tab character") {
		lines := strings.Split(string(data), "\n")
		for i := max(0, line-1); i < len(lines); i++ {
			indent := lines[i][:len(lines[i])-len(strings.TrimLeft(lines[i], " \t"))]
			if at := strings.IndexByte(indent, '\t'); at >= 0 {
				line, col = i+1, at+1
				break
			}
		}
	}
	l.errs.Add(Pos{l.name, line, col}, "YAML syntax: %s", msg)
	for i, s := range strings.Split(string(data), "\n") {
		if m := braceText.FindStringSubmatch(s); m != nil {
			l.errs.Add(Pos{l.name, i + 1, utf8.RuneCountInString(m[1]) + 1},
				"a text starting with { is read by YAML as a mapping: put the whole text in quotes")
		}
	}
}

// deref follows aliases to the node they name. Walking is driven by the format's fixed depth, so
// an alias cycle cannot make it loop.
func deref(n *yaml.Node) *yaml.Node {
	for i := 0; i < 16 && n != nil && n.Kind == yaml.AliasNode && n.Alias != nil; i++ {
		n = n.Alias
	}
	return n
}

// describe names what a node is, for "expected X, found Y" messages.
func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		switch n.ShortTag() {
		case "!!null":
			return "nothing"
		case "!!bool":
			return "the boolean " + n.Value
		case "!!int", "!!float":
			return "the number " + n.Value
		}
		return strconv.Quote(n.Value)
	}
	return "an alias"
}

// pair is one key and value of a mapping.
type pair struct{ key, val *yaml.Node }

// pairs checks that n is a mapping with distinct scalar keys and returns them in file order.
func (l *loader) pairs(n *yaml.Node, path string) []pair {
	if n.Kind != yaml.MappingNode {
		l.errorf(n, "%s: expected a mapping, found %s", path, describe(n))
		return nil
	}
	seen := map[string]*yaml.Node{}
	var out []pair
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := deref(n.Content[i]), deref(n.Content[i+1])
		if k.Kind != yaml.ScalarNode {
			l.errorf(k, "%s: a key must be a plain word, found %s", path, describe(k))
			continue
		}
		if first, dup := seen[k.Value]; dup {
			l.errorf(k, "%s: duplicate key %q (first at line %d)", path, k.Value, first.Line)
			continue
		}
		seen[k.Value] = k
		out = append(out, pair{k, v})
	}
	return out
}

// object checks a mapping against the keys of one object of the format: unknown and missing
// keys are errors. It returns the values by key, or nil if n is not a mapping.
func (l *loader) object(n *yaml.Node, object, path string) map[string]*yaml.Node {
	ps := l.pairs(n, path)
	if ps == nil && n.Kind != yaml.MappingNode {
		return nil
	}
	known := fields(object)
	vals := make(map[string]*yaml.Node, len(ps))
	for _, p := range ps {
		ok := false
		for _, f := range known {
			ok = ok || f.name == p.key.Value
		}
		if !ok {
			names := make([]string, len(known))
			for i, f := range known {
				names[i] = f.name
			}
			l.errorf(p.key, "%s: unknown key %q (known: %s)", path, p.key.Value, strings.Join(names, ", "))
			continue
		}
		vals[p.key.Value] = p.val
	}
	for _, f := range known {
		if _, ok := vals[f.name]; f.required && !ok {
			l.errorf(n, "%s: missing required key %q", path, f.name)
		}
	}
	return vals
}

// textKind says how a text is treated.
type textKind int

const (
	plain     textKind = iota // names, labels: punctuation normalised, spaces kept
	heading                   // headline lines and byline: figure references too, spaces kept
	paragraph                 // prose: figure references, punctuation, stray spaces dropped
)

// scalarText checks that n is a non-empty scalar and returns its value.
func (l *loader) scalarText(n *yaml.Node, path string) (string, bool) {
	if n.Kind == yaml.MappingNode && n.Style&yaml.FlowStyle != 0 {
		l.errorf(n, "%s: a text starting with { is read by YAML as a mapping: put the whole text in quotes", path)
		return "", false
	}
	if n.Kind != yaml.ScalarNode {
		l.errorf(n, "%s: expected a text, found %s", path, describe(n))
		return "", false
	}
	switch n.ShortTag() {
	case "!!null":
		l.errorf(n, "%s: empty value", path)
		return "", false
	case "!!bool":
		l.errorf(n, "%s: expected a text, found %s (quote it if it is meant as text)", path, describe(n))
		return "", false
	}
	if strings.TrimSpace(n.Value) == "" {
		l.errorf(n, "%s: empty text", path)
		return "", false
	}
	return n.Value, true
}

func (l *loader) text(n *yaml.Node, path string, kind textKind) Text {
	s, ok := l.scalarText(n, path)
	if !ok {
		return Text{Pos: l.pos(n)}
	}
	l.textBytes += len(s)
	if l.textBytes > maxTextBytes {
		if !l.textOver {
			l.errorf(n, "%s: the data's text passes %d MiB here (an alias counts each time it is used), over the limit", path, maxTextBytes>>20)
			l.textOver = true
		}
		return Text{Pos: l.pos(n)}
	}
	s = strings.TrimSpace(s)
	if kind != plain {
		s = l.substitute(s, n, path)
	}
	return Text{S: normalize(s, kind != paragraph), Pos: l.pos(n)}
}

// short is t, or an error at n when t is longer than most characters: the furniture and the
// labels are set on one line or in a small box, and a longer text would run off the page.
func (l *loader) short(n *yaml.Node, t Text, path, what string, most int) Text {
	if c := utf8.RuneCountInString(t.S); c > most {
		l.errorf(n, "%s: %d characters; %s has at most %d", path, c, what, most)
		return Text{Pos: t.Pos}
	}
	return t
}

// texts reads a list of texts; a single text stands for a list of one.
func (l *loader) texts(n *yaml.Node, path string, kind textKind, required bool) []Text {
	if n.Kind != yaml.SequenceNode {
		if n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null" && !required {
			return nil
		}
		return []Text{l.text(n, path, kind)}
	}
	if len(n.Content) == 0 && required {
		l.errorf(n, "%s: needs at least one text", path)
	}
	out := make([]Text, 0, len(n.Content))
	for i, c := range n.Content {
		out = append(out, l.text(deref(c), fmt.Sprintf("%s[%d]", path, i+1), kind))
	}
	return out
}

// substitute replaces figure references: {id} is value and unit, {id.value} the value as
// written, {id.growth} the growth with a percent sign; {{ and }} are literal braces.
func (l *loader) substitute(s string, n *yaml.Node, path string) string {
	if !strings.ContainsAny(s, "{}") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '{' && i+1 < len(s) && s[i+1] == '{', c == '}' && i+1 < len(s) && s[i+1] == '}':
			b.WriteByte(c)
			i++
		case c == '}':
			l.errorf(n, "%s: a lone } (write }} for a literal brace)", path)
		case c == '{':
			j := strings.IndexByte(s[i:], '}')
			if j < 0 {
				l.errorf(n, "%s: a { without its } (write {{ for a literal brace)", path)
				b.WriteString(s[i:])
				return b.String()
			}
			ref := s[i+1 : i+j]
			b.WriteString(l.reference(ref, n, path))
			i += j
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// reference is the text of one {ref}, or "" after recording why there is none.
func (l *loader) reference(ref string, n *yaml.Node, path string) string {
	id, field, _ := strings.Cut(ref, ".")
	if !validID(id) {
		l.errorf(n, "%s: {%s} is not a figure reference like {gdp} or {gdp.growth} (write {{ for a literal brace)", path, ref)
		return ""
	}
	f := l.figures[id]
	if f == nil {
		l.errorf(n, "%s: {%s} refers to an unknown figure %q", path, ref, id)
		return ""
	}
	switch field {
	case "", "value":
		if f.Value == nil {
			l.errorf(n, "%s: {%s}: figure %q has no value", path, ref, id)
			return ""
		}
		if field == "" {
			return f.ValueText + f.Unit
		}
		return f.ValueText
	case "growth":
		if f.Growth == nil {
			l.errorf(n, "%s: {%s}: figure %q has no growth", path, ref, id)
			return ""
		}
		return f.GrowthText + "%"
	}
	l.errorf(n, "%s: {%s}: unknown field %q (use {%s}, {%s.value} or {%s.growth})", path, ref, field, id, id, id)
	return ""
}

// validID reports whether s matches [a-z][a-z0-9_]*.
func validID(s string) bool {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return false
	}
	for i := 1; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_') {
			return false
		}
	}
	return true
}

// decimal reports whether s is a plain decimal number as it should print: 352.34, -3.2, 30.
func decimal(s string) bool {
	s = strings.TrimPrefix(strings.TrimPrefix(s, "-"), "+")
	whole, frac, dot := strings.Cut(s, ".")
	digits := func(t string) bool {
		for i := 0; i < len(t); i++ {
			if t[i] < '0' || t[i] > '9' {
				return false
			}
		}
		return t != ""
	}
	return digits(whole) && (!dot || digits(frac))
}

// number reads a decimal number and also returns it as written.
func (l *loader) number(n *yaml.Node, path string) (float64, string, bool) {
	if n.Kind != yaml.ScalarNode || (n.ShortTag() != "!!int" && n.ShortTag() != "!!float") {
		l.errorf(n, "%s: expected a number, found %s", path, describe(n))
		return 0, "", false
	}
	v, err := strconv.ParseFloat(n.Value, 64)
	if !decimal(n.Value) || err != nil || math.IsInf(v, 0) || math.IsNaN(v) {
		l.errorf(n, "%s: %s is not a plain decimal number like 352.34", path, n.Value)
		return 0, "", false
	}
	// a figure is printed in a tile and on a chart's axis: a number of more digits than a
	// report's figures have would run off them
	if digits := strings.Count(n.Value, "") - 1; digits > maxDigits || math.Abs(v) >= 1e12 {
		l.errorf(n, "%s: %s has more digits than a figure is printed with (at most %d, under a trillion)", path, n.Value, maxDigits)
		return 0, "", false
	}
	return v, n.Value, true
}

func (l *loader) integer(n *yaml.Node, path string) (int, bool) {
	if n.Kind != yaml.ScalarNode || n.ShortTag() != "!!int" {
		l.errorf(n, "%s: expected a whole number, found %s", path, describe(n))
		return 0, false
	}
	v, err := strconv.Atoi(n.Value)
	if err != nil {
		l.errorf(n, "%s: %s is not a whole number", path, n.Value)
		return 0, false
	}
	return v, true
}

func (l *loader) boolean(n *yaml.Node, path string) bool {
	if n.Kind != yaml.ScalarNode || n.ShortTag() != "!!bool" {
		l.errorf(n, "%s: expected true or false, found %s", path, describe(n))
		return false
	}
	var v bool
	if err := n.Decode(&v); err != nil {
		l.errorf(n, "%s: expected true or false, found %s", path, describe(n))
	}
	return v
}

// word reads a scalar that must be one of the given names.
func (l *loader) word(n *yaml.Node, path string, names []string) (string, bool) {
	s, ok := l.scalarText(n, path)
	if !ok {
		return "", false
	}
	for _, name := range names {
		if s == name {
			return s, true
		}
	}
	l.errorf(n, "%s: %q is not one of %s", path, s, strings.Join(names, ", "))
	return "", false
}

func (l *loader) paper(n *yaml.Node) Paper {
	p := Paper{Page: 1, Pos: l.pos(n)}
	m := l.object(n, "paper", "paper")
	if v := m["name"]; v != nil {
		p.Name = l.short(v, l.text(v, "paper.name", plain), "paper.name", "a paper's name", 30)
	}
	if v := m["date"]; v != nil {
		s, ok := l.scalarText(v, "paper.date")
		if ok {
			d, err := time.Parse("2006-01-02", s)
			switch {
			case err != nil:
				l.errorf(v, "paper.date: %q is not a date YYYY-MM-DD", s)
			case d.Year() < 1900:
				// year 1 is Go's zero time, which the PDF writer takes for "now": the
				// same data would build a different file every time
				l.errorf(v, "paper.date: %s is before 1900, not the date of a paper", s)
			}
			p.Date = d.UTC()
		}
	}
	if v := m["page"]; v != nil {
		if page, ok := l.integer(v, "paper.page"); ok {
			if page < 1 || page > maxPage {
				l.errorf(v, "paper.page: %d is not a page number (1 … %d)", page, maxPage)
			} else {
				p.Page, p.PagePos = page, l.pos(v)
			}
		}
	}
	if v := m["section"]; v != nil {
		p.Section = l.short(v, l.text(v, "paper.section", plain), "paper.section", "a section name", 20)
	}
	if v := m["credits"]; v != nil {
		p.Credits = l.texts(v, "paper.credits", plain, false)
	}
	return p
}

var customSize = regexp.MustCompile(`^([0-9]+(?:\.[0-9]+)?) *[x×] *([0-9]+(?:\.[0-9]+)?) *mm$`)

// layout reads the page specification and fills in the defaults; n may be nil.
func (l *loader) layout(n *yaml.Node) Layout {
	lay := Layout{Size: "broadsheet", Accent: [4]float64{0, 100, 100, 10}}
	var m map[string]*yaml.Node
	if n != nil {
		lay.Pos = l.pos(n)
		m = l.object(n, "layout", "layout")
	}
	wmm, hmm, columns, _ := sizeMM("broadsheet")
	if v := m["size"]; v != nil {
		if s, ok := l.scalarText(v, "layout.size"); ok {
			if w, h, c, ok := sizeMM(s); ok {
				lay.Size, wmm, hmm, columns = s, w, h, c
			} else if g := customSize.FindStringSubmatch(s); g != nil {
				w, _ := strconv.ParseFloat(g[1], 64)
				h, _ := strconv.ParseFloat(g[2], 64)
				if w < 50 || h < 50 || w > 2000 || h > 2000 {
					l.errorf(v, "layout.size: %s is outside 50…2000 mm", s)
				}
				lay.Size, wmm, hmm = "custom", w, h
				columns = defaultColumns(w)
			} else {
				l.errorf(v, "layout.size: %q is not %s or a size like \"390x546mm\"", s, strings.Join(sizeNames(), ", "))
			}
		}
	}
	lay.Width, lay.Height, lay.Columns = wmm*pointsPerMM, hmm*pointsPerMM, columns
	lay.Pages = 1 // a spread only when asked for: "broadsheet" alone is one 对开 page
	if v := m["pages"]; v != nil {
		if p, ok := l.integer(v, "layout.pages"); ok {
			if p != 1 && p != 2 {
				l.errorf(v, "layout.pages: %d pages; a report is 1 page or a spread of 2", p)
			} else {
				lay.Pages = p
			}
		}
	}
	if v := m["columns"]; v != nil {
		if c, ok := l.integer(v, "layout.columns"); ok {
			if c < 1 || c > 12 {
				l.errorf(v, "layout.columns: %d is outside 1…12", c)
			} else {
				lay.Columns = c
			}
		}
	}
	if v := m["body"]; v != nil {
		lay.Body = l.bodySize(v)
	}
	if v := m["accent"]; v != nil {
		if a, ok := l.accent(v); ok {
			lay.Accent = a
		}
	}
	if v := m["fonts"]; v != nil {
		fm := l.object(v, "fonts", "layout.fonts")
		for _, f := range fields("fonts") {
			fv := fm[f.name]
			if fv == nil {
				continue
			}
			path := "layout.fonts." + f.name
			written, _, data, ok := l.file(fv, path, "font")
			if !ok {
				continue
			}
			if msg := trueTypeProblem(data); msg != "" {
				l.errorf(fv, "%s: %s %s", path, written, msg)
				continue
			}
			if lay.Fonts == nil {
				lay.Fonts = map[string]Text{}
				lay.FontData = map[string][]byte{}
			}
			lay.Fonts[f.name] = Text{S: written, Pos: l.pos(fv)}
			lay.FontData[f.name] = data
		}
	}
	return lay
}

// bodySize reads a 号 name or "Npt" and checks it lies between 六号 and 初号.
func (l *loader) bodySize(n *yaml.Node) float64 {
	if n.Kind == yaml.ScalarNode && (n.ShortTag() == "!!int" || n.ShortTag() == "!!float") {
		l.errorf(n, "layout.body: %s needs a unit: write \"%spt\" or a 号 name like 小五", n.Value, n.Value)
		return 0
	}
	s, ok := l.scalarText(n, "layout.body")
	if !ok {
		return 0
	}
	hao := haoSizes()
	for _, h := range hao {
		if s == h.name {
			return h.pt
		}
	}
	num, isPt := strings.CutSuffix(s, "pt")
	pt, err := strconv.ParseFloat(strings.TrimSpace(num), 64)
	if !isPt || err != nil || !decimal(strings.TrimSpace(num)) {
		l.errorf(n, "layout.body: %q is not a 号 name (初号 … 六号) or a size like \"9pt\"", s)
		return 0
	}
	lo, hi := hao[len(hao)-1], hao[0]
	if pt < lo.pt || pt > hi.pt {
		l.errorf(n, "layout.body: %s is outside %s (%gpt) … %s (%gpt)", s, lo.name, lo.pt, hi.name, hi.pt)
		return 0
	}
	return pt
}

func (l *loader) accent(n *yaml.Node) ([4]float64, bool) {
	var a [4]float64
	if n.Kind != yaml.SequenceNode || len(n.Content) != 4 {
		l.errorf(n, "layout.accent: expected four CMYK percentages like [0, 100, 100, 10], found %s", describe(n))
		return a, false
	}
	ok := true
	total := 0.0
	for i, c := range n.Content {
		c = deref(c)
		v, _, good := l.number(c, fmt.Sprintf("layout.accent[%d]", i+1))
		if good && (v < 0 || v > 100) {
			l.errorf(c, "layout.accent[%d]: %s is outside 0…100 percent", i+1, c.Value)
			good = false
		}
		ok = ok && good
		a[i] = v
		total += v
	}
	if ok && total > maxInk {
		l.errorf(n, "layout.accent: total ink %g%% exceeds %d%% for newsprint (hint: lower K or one of C, M, Y)", total, maxInk)
		ok = false
	}
	return a, ok
}

func (l *loader) headline(n *yaml.Node) Headline {
	h := Headline{Pos: l.pos(n)}
	m := l.object(n, "headline", "headline")
	if v := m["kicker"]; v != nil {
		h.Kicker = l.text(v, "headline.kicker", heading)
	}
	if v := m["title"]; v != nil {
		h.Title = l.texts(v, "headline.title", heading, true)
	}
	if v := m["subtitle"]; v != nil {
		h.Subtitle = l.text(v, "headline.subtitle", heading)
		// The layout adds the dash; one typed out anyway is not printed twice.
		h.Subtitle.S = strings.TrimLeft(h.Subtitle.S, "—-－ ")
	}
	return h
}

func (l *loader) figureList(n *yaml.Node) []*Figure {
	var out []*Figure
	for _, p := range l.pairs(n, "figures") {
		id := p.key.Value
		if !validID(id) {
			l.errorf(p.key, "figures: id %q must be lower-case letters, digits and _, starting with a letter", id)
			continue
		}
		f := l.figure(id, p.val)
		l.figures[id] = f
		out = append(out, f)
	}
	return out
}

// printedNumber is a number as the paper prints it: as written, to keep its decimals
// ("352.30" stays), but without a plus sign, without leading zeros before the point ("007.50"
// is 7.50) and without the sign of a zero ("-0" is 0).
func printedNumber(s string) string {
	s = strings.TrimPrefix(strings.TrimSpace(s), "+")
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	s = strings.TrimLeft(s, "0")
	if s == "" || s[0] == '.' {
		s = "0" + s
	}
	if neg && strings.Trim(s, "0.,") != "" {
		s = "-" + s
	}
	return s
}

func (l *loader) figure(id string, n *yaml.Node) *Figure {
	f := &Figure{ID: id, Pos: l.pos(n)}
	path := "figures." + id
	m := l.object(n, "figure", path)
	if v := m["label"]; v != nil {
		f.Label = l.short(v, l.text(v, path+".label", plain), path+".label", "a figure's label", 30)
	}
	if v := m["value"]; v != nil {
		if x, s, ok := l.number(v, path+".value"); ok {
			f.Value, f.ValueText = &x, printedNumber(s)
		}
	}
	if v := m["unit"]; v != nil {
		if s, ok := l.scalarText(v, path+".unit"); ok {
			f.Unit = strings.TrimSpace(s)
		}
	}
	if v := m["growth"]; v != nil {
		if x, s, ok := l.number(v, path+".growth"); ok {
			f.Growth, f.GrowthText = &x, s
		}
	}
	if v := m["note"]; v != nil {
		f.Note = l.short(v, l.text(v, path+".note", plain), path+".note", "a figure's note", 12).S
	}
	if v := m["highlight"]; v != nil {
		f.Highlight = l.boolean(v, path+".highlight")
	}
	if v := m["history"]; v != nil {
		for _, p := range l.pairs(v, path+".history") {
			year, ok := l.integer(p.key, path+".history")
			if ok && (year < 1000 || year > 9999) {
				l.errorf(p.key, "%s.history: %d is not a year", path, year)
				ok = false
			}
			x, _, good := l.number(p.val, fmt.Sprintf("%s.history.%s", path, p.key.Value))
			if ok && good {
				f.History = append(f.History, Point{Year: year, Value: x})
			}
		}
		sort.Slice(f.History, func(i, j int) bool { return f.History[i].Year < f.History[j].Year })
	}
	return f
}

func (l *loader) sections(n *yaml.Node) []*Section {
	if n.Kind != yaml.SequenceNode {
		l.errorf(n, "sections: expected a list of sections, found %s", describe(n))
		return nil
	}
	if len(n.Content) == 0 {
		l.errorf(n, "sections: needs at least one section")
	}
	labels := map[string]int{}
	var out []*Section
	defer func() { l.use = nil }()
	for i, c := range n.Content {
		l.use = nil
		if c.Kind == yaml.AliasNode {
			l.use = c // a section repeated: its errors, and the layout's, are at the repetition
		}
		c = deref(c)
		path := fmt.Sprintf("sections[%d]", i+1)
		s := &Section{Pos: l.pos(c)}
		m := l.object(c, "section", path)
		if m == nil {
			continue
		}
		if v := m["label"]; v != nil {
			if t, ok := l.scalarText(v, path+".label"); ok {
				s.Label = strings.TrimSpace(t)
				if line, dup := labels[s.Label]; dup {
					l.errorf(v, "%s.label: %q is already the label of the section at line %d", path, s.Label, line)
				} else if s.Label == "lead" {
					l.errorf(v, "%s.label: \"lead\" is reserved for the key-figures band", path)
				}
				labels[s.Label] = l.pos(v).Line
			}
		}
		if v := m["title"]; v != nil {
			s.Title = l.short(v, l.text(v, path+".title", plain), path+".title", "a section title", 60)
		}
		if v := m["paragraphs"]; v != nil {
			s.Paragraphs = l.texts(v, path+".paragraphs", paragraph, true)
		}
		if v := m["photos"]; v != nil {
			s.Photos = l.photos(v, path+".photos")
		}
		out = append(out, s)
	}
	return out
}

func (l *loader) photos(n *yaml.Node, path string) []*Photo {
	if n.Kind != yaml.SequenceNode {
		l.errorf(n, "%s: expected a list of photos, found %s", path, describe(n))
		return nil
	}
	var out []*Photo
	for i, c := range n.Content {
		c = deref(c)
		pp := fmt.Sprintf("%s[%d]", path, i+1)
		m := l.object(c, "photo", pp)
		if m == nil {
			continue
		}
		ph := &Photo{Pos: l.pos(c)}
		if v := m["caption"]; v != nil {
			ph.Caption = l.text(v, pp+".caption", paragraph)
		}
		if v := m["credit"]; v != nil {
			ph.Credit = l.short(v, l.text(v, pp+".credit", plain), pp+".credit", "a photo credit", 40)
		}
		if v := m["file"]; v != nil {
			written, resolved, data, ok := l.file(v, pp+".file", "photo")
			if ok {
				ph.File, ph.Path, ph.Data = written, resolved, data
				format, w, h, cmyk, err := imageConfig(data)
				switch {
				case err != nil:
					l.errorf(v, "%s: %s %v", pp+".file", written, err)
					ok = false
				case int64(w)*int64(h) > maxPhotoPixels:
					l.errorf(v, "%s: %s is %d × %d pixels, over the limit of %d megapixels; scale it down", pp+".file", written, w, h, maxPhotoPixels/1_000_000)
					ok = false
				case format == "png" && pngNeedsRewrite(data):
					// interlaced or 16-bit: what editors save, but not what the PDF writer
					// embeds; it is decoded once and written again as a plain 8-bit PNG
					if int64(w)*int64(h) > maxRewritePixels {
						l.errorf(v, "%s: %s is an interlaced or 16-bit PNG of %d × %d pixels; save it as an 8-bit, non-interlaced PNG or a JPEG (up to %d megapixels are converted)",
							pp+".file", written, w, h, maxRewritePixels/1_000_000)
						ok = false
					} else if plain, err := plainPNG(data); err != nil {
						l.errorf(v, "%s: %s is a damaged PNG: %v", pp+".file", written, err)
						ok = false
					} else {
						ph.Data = plain
					}
				case format == "jpeg" && cmyk && !adobeMarked(data):
					l.errorf(v, "%s: %s is a CMYK JPEG without the Adobe marker that says how its inks are stored, so its colours cannot be known; save it again as RGB, or as CMYK from an editor that marks it", pp+".file", written)
					ok = false
				case format == "jpeg" && exifOrientation(data) != 1:
					// a phone's photo stored on its side, with EXIF saying how to turn it,
					// which no PDF reader does: the pixels are turned here, once
					o := exifOrientation(data)
					if int64(w)*int64(h) > maxRewritePixels {
						l.errorf(v, "%s: %s is a %d × %d JPEG whose EXIF says to turn it (orientation %d); turn it in an editor (up to %d megapixels are turned)",
							pp+".file", written, w, h, o, maxRewritePixels/1_000_000)
						ok = false
					} else if up, err := uprightJPEG(data, o); err != nil {
						l.errorf(v, "%s: %s is a damaged JPEG: %v", pp+".file", written, err)
						ok = false
					} else {
						ph.Data = up
						if swapsSides(o) {
							w, h = h, w
						}
					}
				}
				ph.Format, ph.PixelW, ph.PixelH = format, w, h
			}
			if !ok {
				continue
			}
		}
		out = append(out, ph)
	}
	return out
}

func (l *loader) charts(n *yaml.Node, sections []*Section) []*Chart {
	if n.Kind != yaml.SequenceNode {
		l.errorf(n, "charts: expected a list of charts, found %s", describe(n))
		return nil
	}
	var labels []string
	for _, s := range sections {
		if s.Label != "" {
			labels = append(labels, s.Label)
		}
	}
	var out []*Chart
	for i, c := range n.Content {
		c = deref(c)
		path := fmt.Sprintf("charts[%d]", i+1)
		m := l.object(c, "chart", path)
		if m == nil {
			continue
		}
		ch := &Chart{Of: "value", Place: "lead", Pos: l.pos(c)}
		if v := m["title"]; v != nil {
			ch.Title = l.short(v, l.text(v, path+".title", plain), path+".title", "a chart's title", 60)
		}
		kindOK := false
		if v := m["kind"]; v != nil {
			ch.Kind, kindOK = l.word(v, path+".kind", chartKinds())
		}
		ofOK := true
		if v := m["of"]; v != nil {
			ch.Of, ofOK = l.word(v, path+".of", chartOfs())
		}
		if v := m["place"]; v != nil {
			if s, ok := l.scalarText(v, path+".place"); ok {
				ch.Place = strings.TrimSpace(s)
				known := ch.Place == "lead"
				for _, lab := range labels {
					known = known || lab == ch.Place
				}
				if !known {
					l.errorf(v, "%s.place: %q is neither lead nor a section label (%s)", path, ch.Place, strings.Join(labels, ", "))
				}
			}
		}
		var idNodes []*yaml.Node
		if v := m["figures"]; v != nil {
			if v.Kind != yaml.SequenceNode {
				l.errorf(v, "%s.figures: expected a list of figure ids, found %s", path, describe(v))
			} else if len(v.Content) == 0 {
				l.errorf(v, "%s.figures: the chart is empty", path)
			}
			for _, idn := range v.Content {
				idn = deref(idn)
				id, ok := l.scalarText(idn, path+".figures")
				if !ok {
					continue
				}
				f := l.figures[id]
				if f == nil {
					l.errorf(idn, "%s.figures: unknown figure %q", path, id)
					continue
				}
				ch.Figures = append(ch.Figures, f)
				idNodes = append(idNodes, idn)
			}
		}
		if kindOK && ofOK {
			l.checkChart(ch, idNodes, path)
		}
		out = append(out, ch)
	}
	return out
}

// checkChart checks that a chart can be drawn: every figure has what is plotted, all share a
// unit, pies have positive parts, lines have a history.
func (l *loader) checkChart(ch *Chart, ids []*yaml.Node, path string) {
	unit := func(f *Figure) string {
		if ch.Of == "growth" && ch.Kind != "line" {
			return "%"
		}
		return f.Unit
	}
	for i, f := range ch.Figures {
		n := ids[i]
		if ch.Kind == "line" {
			if len(f.History) < 2 {
				l.errorf(n, "%s.figures: a line chart needs the history of figure %q (two years or more)", path, f.ID)
			}
		} else {
			v := f.Value
			if ch.Of == "growth" {
				v = f.Growth
			}
			if v == nil {
				l.errorf(n, "%s.figures: figure %q has no %s to chart", path, f.ID, ch.Of)
			} else if ch.Kind == "donut" || ch.Kind == "pie" {
				if *v <= 0 {
					l.errorf(n, "%s.figures: a %s cannot show %q: its %s %g is not above 0", path, ch.Kind, f.ID, ch.Of, *v)
				} else if len(ch.Figures) == 1 && unit(f) == "%" && *v >= 100 {
					l.errorf(n, "%s.figures: a %s of one share shows %q against the rest of 100%%, so it must be below 100 (is %g)", path, ch.Kind, f.ID, *v)
				}
			}
		}
		if i > 0 && !sameKind(unit(f), unit(ch.Figures[0])) {
			l.errorf(n, "%s.figures: the chart mixes units: %q is in %q, %q in %q", path, ch.Figures[0].ID, unit(ch.Figures[0]), f.ID, unit(f))
		}
	}
}

// sameKind reports whether two units can share an axis: the same unit, or two counts of things
// (16个 and 41条 are both numbers of objects, whatever the classifier).
func sameKind(a, b string) bool {
	return a == b || isCount(a) && isCount(b)
}

// isCount reports whether a unit is a Chinese classifier (量词) that counts things.
func isCount(u string) bool {
	return u != "" && utf8.RuneCountInString(u) == 1 && strings.Contains(countUnits, u)
}

// countUnits are the classifiers of counts that commonly appear in reports.
const countUnits = "个条家户项座所人名处件台辆套间栋幢次场批支块"
