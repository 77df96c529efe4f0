package pdf

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
)

// pdfFile is the little of a PDF that Preflight and the tests read: objects by number through
// the xref table, parsed into values. It reads PDF syntax (tokens, dictionaries, arrays,
// references), not the way a writer spaces or orders it, so it reads fpdf's file and any other
// with a classic xref table alike.
//
// Limits: one xref section (a file with an xref stream is refused; of a file with incremental
// updates only the last section is read); no object streams, no encryption; stream filters other
// than FlateDecode are returned undecoded.
type pdfFile struct {
	b       []byte
	offs    map[int]int
	trailer pdfValue
}

var startxrefRe = regexp.MustCompile(`startxref\s+(\d+)\s+%%EOF\s*$`)

// parsePDF reads the xref table and the trailer and checks that every entry points at its object.
func parsePDF(b []byte) (*pdfFile, error) {
	m := startxrefRe.FindSubmatch(b)
	if m == nil {
		return nil, fmt.Errorf("no startxref")
	}
	at, _ := strconv.Atoi(string(m[1]))
	if at >= len(b) || !bytes.HasPrefix(b[at:], []byte("xref")) {
		return nil, fmt.Errorf("startxref %d does not point at an xref table", at)
	}
	l := &lexer{b: b, at: at + len("xref")}
	f := &pdfFile{b: b, offs: map[int]int{}}
	for {
		save := l.at
		tok := l.token()
		if tok == "trailer" {
			f.trailer = parseValue(l)
			break
		}
		first, err1 := strconv.Atoi(tok)
		count, err2 := strconv.Atoi(l.token())
		if err1 != nil || err2 != nil || count < 0 {
			return nil, fmt.Errorf("bad xref subsection at byte %d", save)
		}
		for i := 0; i < count; i++ {
			off, err1 := strconv.Atoi(l.token())
			_, err2 := strconv.Atoi(l.token())
			kind := l.token()
			if err1 != nil || err2 != nil || (kind != "n" && kind != "f") {
				return nil, fmt.Errorf("bad xref entry %d of subsection %d", i, first)
			}
			if kind != "n" {
				continue
			}
			n := first + i
			if off >= len(b) || !bytes.HasPrefix(b[off:], fmt.Appendf(nil, "%d 0 obj", n)) {
				return nil, fmt.Errorf("xref entry of object %d points at byte %d, which is not that object", n, off)
			}
			f.offs[n] = off
		}
	}
	if f.trailer.kind != "dict" {
		return nil, fmt.Errorf("no trailer dictionary")
	}
	return f, nil
}

// dict returns the raw text of object n up to its stream or its end, for tests that look at how
// an object is written.
func (f *pdfFile) dict(n int) string {
	off, ok := f.offs[n]
	if !ok {
		return ""
	}
	rest := f.b[off:]
	end := len(rest)
	if i := bytes.Index(rest, []byte("endobj")); i >= 0 {
		end = i
	}
	if i := bytes.Index(rest[:end], []byte("stream")); i >= 0 {
		end = i
	}
	return string(rest[:end])
}

// object parses indirect object n; a stream's value is its dictionary with kind "stream".
func (f *pdfFile) object(n int) pdfValue {
	off, ok := f.offs[n]
	if !ok {
		return pdfValue{}
	}
	l := &lexer{b: f.b, at: off}
	if l.token() != strconv.Itoa(n) || l.token() != "0" || l.token() != "obj" {
		return pdfValue{}
	}
	v := parseValue(l)
	if v.kind == "dict" {
		save := l.at
		if l.token() == "stream" {
			v.kind, v.obj, v.data = "stream", n, l.at
		}
		l.at = save
	}
	return v
}

// resolve follows references (a few levels at most).
func (f *pdfFile) resolve(v pdfValue) pdfValue {
	for i := 0; v.kind == "ref" && i < 8; i++ {
		v = f.object(v.n)
	}
	return v
}

// get returns the value of key in dictionary d, references followed.
func (f *pdfFile) get(d pdfValue, key string) pdfValue { return f.resolve(d.dict[key]) }

// stream returns object n's stream data, inflated if it is FlateDecode.
func (f *pdfFile) stream(n int) ([]byte, error) {
	v := f.object(n)
	if v.kind != "stream" {
		return nil, fmt.Errorf("object %d is not a stream", n)
	}
	length, err := strconv.Atoi(f.get(v, "Length").s)
	if err != nil || length < 0 {
		return nil, fmt.Errorf("object %d has no /Length", n)
	}
	start := v.data
	if start < len(f.b) && f.b[start] == '\r' {
		start++
	}
	if start < len(f.b) && f.b[start] == '\n' {
		start++
	}
	if start+length > len(f.b) {
		return nil, fmt.Errorf("object %d: stream runs past the end of the file", n)
	}
	data := f.b[start : start+length]
	flate := false
	switch filter := f.get(v, "Filter"); filter.kind {
	case "atom":
		flate = filter.s == "/FlateDecode"
	case "array":
		flate = len(filter.arr) == 1 && filter.arr[0].s == "/FlateDecode"
	}
	if !flate {
		return data, nil
	}
	r, err := zlib.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	defer r.Close()
	return io.ReadAll(r)
}

// pages lists the page objects in order, from the trailer's catalog down the page tree.
func (f *pdfFile) pages() ([]int, error) {
	cat := f.get(f.trailer, "Root")
	if cat.dict["Type"].s != "/Catalog" {
		return nil, fmt.Errorf("no catalog")
	}
	root := cat.dict["Pages"]
	if root.kind != "ref" {
		return nil, fmt.Errorf("catalog without /Pages")
	}
	var out []int
	var kids func(n, depth int) error
	kids = func(n, depth int) error {
		if depth > 32 {
			return fmt.Errorf("page tree too deep")
		}
		node := f.object(n)
		switch node.dict["Type"].s {
		case "/Page":
			out = append(out, n)
			return nil
		case "/Pages":
			for _, k := range f.get(node, "Kids").arr {
				if k.kind != "ref" {
					return fmt.Errorf("page tree node %d has a kid that is not a reference", n)
				}
				if err := kids(k.n, depth+1); err != nil {
					return err
				}
			}
			return nil
		}
		return fmt.Errorf("object %d in the page tree is neither /Page nor /Pages", n)
	}
	return out, kids(root.n, 0)
}

// box reads a page box, inherited from the page tree for a MediaBox.
func (f *pdfFile) box(pn int, name string) ([4]float64, bool) {
	d := f.object(pn)
	v := f.get(d, name)
	for i := 0; v.kind == "" && name == "MediaBox" && i < 32; i++ {
		if d = f.get(d, "Parent"); d.kind != "dict" {
			break
		}
		v = f.get(d, name)
	}
	var b [4]float64
	if v.kind != "array" || len(v.arr) != 4 {
		return b, false
	}
	for i, e := range v.arr {
		x, err := strconv.ParseFloat(f.resolve(e).s, 64)
		if err != nil {
			return b, false
		}
		b[i] = x
	}
	return b, true
}

// contents returns the object numbers of a page's content streams.
func (f *pdfFile) contents(pn int) []int {
	c := f.object(pn).dict["Contents"]
	if c.kind == "ref" {
		if r := f.object(c.n); r.kind == "array" {
			c = r
		} else {
			return []int{c.n}
		}
	}
	var out []int
	for _, e := range c.arr {
		if e.kind == "ref" {
			out = append(out, e.n)
		}
	}
	return out
}

// pdfValue is a parsed PDF object: kind is dict, array, ref, stream, or atom for any token (a
// name with its slash, a number, a string with its delimiters, true, false, null), its text in s.
type pdfValue struct {
	kind string
	s    string
	n    int // ref: the object number
	dict map[string]pdfValue
	arr  []pdfValue
	obj  int // stream: its object number
	data int // stream: the offset just after the stream keyword
}

// lexer reads PDF tokens.
type lexer struct {
	b  []byte
	at int
}

func (l *lexer) skip() {
	for l.at < len(l.b) {
		c := l.b[l.at]
		switch {
		case isSpace(c):
			l.at++
		case c == '%':
			for l.at < len(l.b) && l.b[l.at] != '\n' && l.b[l.at] != '\r' {
				l.at++
			}
		default:
			return
		}
	}
}

// token returns the next token: "<<", ">>", "[", "]", a string with its delimiters, a name with
// its slash, or a bare word; "" at the end.
func (l *lexer) token() string {
	l.skip()
	if l.at >= len(l.b) {
		return ""
	}
	start := l.at
	c := l.b[l.at]
	switch {
	case c == '<' && l.at+1 < len(l.b) && l.b[l.at+1] == '<', c == '>' && l.at+1 < len(l.b) && l.b[l.at+1] == '>':
		l.at += 2
	case c == '[' || c == ']' || c == '{' || c == '}':
		l.at++
	case c == '(':
		depth := 0
	str:
		for l.at < len(l.b) {
			switch l.b[l.at] {
			case '\\':
				l.at++
			case '(':
				depth++
			case ')':
				depth--
			}
			l.at++
			if depth == 0 {
				break str
			}
		}
	case c == '<':
		for l.at < len(l.b) && l.b[l.at] != '>' {
			l.at++
		}
		l.at++
	case c == '/':
		l.at++
		for l.at < len(l.b) && !isSpace(l.b[l.at]) && !isDelim(l.b[l.at]) {
			l.at++
		}
	default:
		for l.at < len(l.b) && !isSpace(l.b[l.at]) && !isDelim(l.b[l.at]) {
			l.at++
		}
		if l.at == start {
			l.at++
		}
	}
	return string(l.b[start:min(l.at, len(l.b))])
}

// parseValue reads one object: a dictionary, an array, a reference "n g R" or a token.
func parseValue(l *lexer) pdfValue {
	return parseDepth(l, 0)
}

func parseDepth(l *lexer, depth int) pdfValue {
	t := l.token()
	if depth > 64 {
		return pdfValue{kind: "atom", s: t}
	}
	switch t {
	case "<<":
		v := pdfValue{kind: "dict", dict: map[string]pdfValue{}}
		for {
			k := l.token()
			if k == ">>" || k == "" {
				return v
			}
			v.dict[strings.TrimPrefix(k, "/")] = parseDepth(l, depth+1)
		}
	case "[":
		v := pdfValue{kind: "array"}
		for {
			save := l.at
			if k := l.token(); k == "]" || k == "" {
				return v
			}
			l.at = save
			v.arr = append(v.arr, parseDepth(l, depth+1))
		}
	}
	if n, err := strconv.Atoi(t); err == nil && n > 0 {
		save := l.at
		if _, err := strconv.Atoi(l.token()); err == nil {
			if l.token() == "R" {
				return pdfValue{kind: "ref", n: n}
			}
		}
		l.at = save
	}
	return pdfValue{kind: "atom", s: t}
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == 0
}

func isDelim(c byte) bool { return strings.IndexByte("()<>[]{}/%", c) >= 0 }
