package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strconv"
	"strings"
	"syscall"
	"unicode"
	"unicode/utf8"

	"spread/pdf"
	"spread/report"
)

// diagnostics prints problems as a compiler does: the FILE:LINE:COL: message line, and under it
// the line of the data file and a caret under the column,
//
//	data.yaml:5:9: paper.date: "2021-13-45" is not a date YYYY-MM-DD
//	   5 |   date: 2021-13-45
//	     |         ^
//
// or, with -diagnostic-format short, the first line alone, for editors and scripts that read them.
//
// Columns are counted as the loader counts them, in characters (runes), not bytes; the caret is
// placed in terminal cells: a character of East Asian width W or F (Han, kana, Hangul, full-width
// punctuation such as ，。、) takes two, a combining mark none, a tab stays a tab so that both
// lines reach the same tab stop. Limits: characters of ambiguous width (“ ” … ·) count as one
// cell, as terminals outside CJK locales draw them; a line longer than excerptCells is shown as
// a window around the column, cut with "..."; the file is read again when the excerpt is printed,
// so an excerpt of a file changed since it was loaded shows the new line. An error at line 0, a
// line the file does not have, or a file that cannot be read (a folder, a pipe, over 4 MiB) is
// printed without an excerpt.
type diagnostics struct {
	short bool
}

// The values of -diagnostic-format.
const (
	diagHuman = "human"
	diagShort = "short"
)

// excerptCells is the widest source excerpt printed; a longer line is cut around the column.
const excerptCells = 72

// excerptLead is how many cells of the line a cut excerpt keeps before the column.
const excerptLead = 24

// maxSourceBytes is the largest file an excerpt is read from: the loader's limit of a data file.
const maxSourceBytes = 4 << 20

// diagFlag declares -diagnostic-format: the flag package refuses a value other than human or
// short as it parses, and the diagnostics it points to are the value parsed.
func diagFlag(flags *flag.FlagSet) *diagnostics {
	d := &diagnostics{}
	flags.Var(diagValue{d}, "diagnostic-format",
		"how errors are printed (`FORMAT` is "+diagHuman+" or "+diagShort+"):\n"+
			diagHuman+": each FILE:LINE:COL: message with its source line and a caret under the column\n"+
			diagShort+": the FILE:LINE:COL: message lines alone, for tools")
	return d
}

// diagValue is -diagnostic-format as a flag.Value.
type diagValue struct{ d *diagnostics }

func (v diagValue) String() string {
	if v.d != nil && v.d.short {
		return diagShort
	}
	return diagHuman
}

// Get makes it a string flag for the help, which quotes its default.
func (v diagValue) Get() any { return v.String() }

func (v diagValue) Set(s string) error {
	switch s {
	case diagHuman, diagShort:
		v.d.short = s == diagShort
		return nil
	}
	return fmt.Errorf("want %s or %s", diagHuman, diagShort)
}

// errors prints an error of building file: one FILE:LINE:COL line per problem, each followed by
// its excerpt, or one line naming the file for an error without a position.
func (d diagnostics) errors(w io.Writer, file string, err error) {
	src := sources{}
	var list report.Errors
	var one *report.Error
	switch {
	case errors.As(err, &list):
		for _, e := range list {
			d.at(w, src, e.Error(), e.Pos)
		}
	case errors.As(err, &one):
		d.at(w, src, one.Error(), one.Pos)
	default:
		msg := err.Error()
		var pe *fs.PathError
		if errors.As(err, &pe) && pe.Path == file {
			msg = file + ": " + pe.Err.Error() // not "file: open file: …"
		}
		if !strings.HasPrefix(msg, file) {
			msg = file + ": " + msg
		}
		fmt.Fprintln(w, msg)
	}
}

// at prints msg and, in the human format, the excerpt of pos.
func (d diagnostics) at(w io.Writer, src sources, msg string, pos report.Pos) {
	fmt.Fprintln(w, msg)
	if d.short {
		return
	}
	if text, ok := src.line(pos.File, pos.Line); ok {
		fmt.Fprint(w, excerpt(text, pos.Line, pos.Col))
	}
}

// finding prints a preflight finding with the excerpt of the data that caused it, if known.
func (d diagnostics) finding(w io.Writer, src sources, file, pdfPath string, f pdf.Finding) {
	pos, _ := parseSource(f.Source)
	d.at(w, src, findingLine(file, pdfPath, f), pos)
}

// parseSource reads the FILE:LINE:COL of a finding; a file name may itself hold colons.
func parseSource(s string) (report.Pos, bool) {
	rest, c, ok1 := cutLast(s)
	file, l, ok2 := cutLast(rest)
	line, err1 := strconv.Atoi(l)
	col, err2 := strconv.Atoi(c)
	if !ok1 || !ok2 || err1 != nil || err2 != nil {
		return report.Pos{}, false
	}
	return report.Pos{File: file, Line: line, Col: col}, true
}

func cutLast(s string) (before, after string, ok bool) {
	i := strings.LastIndexByte(s, ':')
	if i < 0 {
		return s, "", false
	}
	return s[:i], s[i+1:], true
}

// sources holds the files excerpts are taken from, each read once per report; a file that
// cannot be read is held as nil.
type sources map[string][]byte

// line returns line n (1-based) of file without its line ending, or false.
func (s sources) line(file string, n int) (string, bool) {
	if n < 1 || file == "" {
		return "", false
	}
	data, seen := s[file]
	if !seen {
		data = readSource(file)
		s[file] = data
	}
	if data == nil {
		return "", false
	}
	for i := 1; i < n; i++ {
		nl := strings.IndexByte(string(data), '\n')
		if nl < 0 {
			return "", false
		}
		data = data[nl+1:]
	}
	if len(data) == 0 {
		return "", false // the line after the last line break
	}
	text := string(data)
	if nl := strings.IndexByte(text, '\n'); nl >= 0 {
		text = text[:nl]
	}
	text = strings.TrimSuffix(text, "\r")
	if n == 1 {
		text = strings.TrimPrefix(text, "\uFEFF") // YAML does not count a byte-order mark
	}
	return text, true
}

// readSource reads a data file for excerpts, as the loader reads it: a regular file of at most
// maxSourceBytes, opened without blocking. It returns nil when it cannot.
func readSource(file string) []byte {
	f, err := os.OpenFile(file, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil
	}
	defer f.Close()
	if st, err := f.Stat(); err != nil || !st.Mode().IsRegular() || st.Size() > maxSourceBytes {
		return nil
	}
	data, err := io.ReadAll(io.LimitReader(f, maxSourceBytes+1))
	if err != nil || len(data) > maxSourceBytes {
		return nil
	}
	return data
}

// excerpt is the two lines shown under a diagnostic: the source line after its number, and a
// caret under column col (in characters, 1-based) of it. A col below 1 shows the line alone.
func excerpt(text string, line, col int) string {
	num := strconv.Itoa(line)
	if len(num) < 4 {
		num = strings.Repeat(" ", 4-len(num)) + num
	}
	gutter := strings.Repeat(" ", len(num)) + " |"

	// the line as shown: characters a terminal would act on are replaced, invalid UTF-8 is U+FFFD
	var runes []rune
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		if r != '\t' && (unicode.IsControl(r) || r == utf8.RuneError) {
			r = '\uFFFD'
		}
		runes = append(runes, r)
		i += size
	}
	// the index of the character under the caret; len(runes) is just past the end
	caret := min(max(col-1, 0), len(runes))

	// the window: the whole line when it fits, else from excerptLead cells before the caret
	from, to := 0, len(runes)
	if cells(runes) > excerptCells {
		from = caret
		for lead := 0; from > 0 && lead+cellWidth(runes[from-1]) <= excerptLead; from-- {
			lead += cellWidth(runes[from-1])
		}
		to = from
		for w := 0; to < len(runes) && w+cellWidth(runes[to]) <= excerptCells; to++ {
			w += cellWidth(runes[to])
		}
	}
	return excerptLines(num, gutter, runes, from, to, caret, col >= 1)
}

// excerptLines writes the source line runes[from:to] (with "..." where it is cut) and, if
// withCaret, the caret line.
func excerptLines(num, gutter string, runes []rune, from, to, caret int, withCaret bool) string {
	const cut = "..."
	var b strings.Builder
	b.WriteString(num + " | ")
	if from > 0 {
		b.WriteString(cut)
	}
	b.WriteString(strings.TrimRight(string(runes[from:to]), " \t"))
	if to < len(runes) {
		b.WriteString(cut)
	}
	b.WriteString("\n")
	if !withCaret {
		return b.String()
	}
	b.WriteString(gutter + " ")
	if from > 0 {
		b.WriteString(strings.Repeat(" ", len(cut)))
	}
	for _, r := range runes[from:max(from, caret)] {
		if r == '\t' {
			b.WriteByte('\t')
		} else {
			b.WriteString(strings.Repeat(" ", cellWidth(r)))
		}
	}
	b.WriteString("^\n")
	return b.String()
}

// cells is the width of runes in terminal cells.
func cells(runes []rune) int {
	n := 0
	for _, r := range runes {
		n += cellWidth(r)
	}
	return n
}

// cellWidth is how many terminal cells r takes: 2 for East Asian wide and full-width
// characters, 0 for combining marks and zero-width characters, 1 for the rest (a tab included:
// it is copied, not counted, when the caret is placed).
func cellWidth(r rune) int {
	switch {
	case r == '\u200B' || r == '\u200C' || r == '\u200D' || r == '\u2060' || r == '\uFEFF':
		return 0
	case unicode.In(r, unicode.Mn, unicode.Me):
		return 0
	}
	for _, w := range wideRanges {
		if r < w[0] {
			return 1
		}
		if r <= w[1] {
			return 2
		}
	}
	return 1
}

// wideRanges are the blocks of East Asian width W and F (Unicode's EastAsianWidth.txt) that
// text in a data file meets, in order: Hangul Jamo, CJK radicals to CJK compatibility (with the
// ideographic space and punctuation 、。「」), CJK extension A, the unified ideographs, Yi,
// Hangul syllables, compatibility ideographs, vertical and small forms, full-width forms and
// signs (，：；！？（）), the common emoji blocks, and planes 2 and 3 (extension B onwards).
var wideRanges = [][2]rune{
	{0x1100, 0x115F},
	{0x2E80, 0x303E},
	{0x3041, 0x33FF},
	{0x3400, 0x4DBF},
	{0x4E00, 0x9FFF},
	{0xA000, 0xA4CF},
	{0xA960, 0xA97F},
	{0xAC00, 0xD7A3},
	{0xF900, 0xFAFF},
	{0xFE10, 0xFE19},
	{0xFE30, 0xFE6F},
	{0xFF00, 0xFF60},
	{0xFFE0, 0xFFE6},
	{0x1F300, 0x1F64F},
	{0x1F900, 0x1F9FF},
	{0x20000, 0x2FFFD},
	{0x30000, 0x3FFFD},
}
