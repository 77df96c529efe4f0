package report

import (
	"strings"
	"unicode"
)

// Normalize sets the punctuation of a paragraph the Chinese way: the ASCII marks , ; : ! ? ( )
// next to a Han character or Han punctuation become ，；：！？（）, straight quotes in that context
// become “” and ‘’ (opening and closing in turn), and a stray ASCII space between two Han
// characters (or Han punctuation) is dropped. Numbers (1,000  3.5  4.5%) and Latin text keep
// their marks and spaces.
func Normalize(s string) string { return normalize(s, false) }

// normalize is Normalize; keepSpaces leaves spaces alone, for headings and bylines, where a space
// separates clauses or names.
func normalize(s string, keepSpaces bool) string {
	rs := []rune(s)
	if !needsWork(rs) {
		return s
	}
	// First the marks, judged by the mark before as already set and the one after as written,
	// so that a run such as `),"` or `!"` converts as a whole; then the spaces, judged by the
	// marks as set, so that the space in "年, 浔阳" goes once its comma is full-width.
	out := make([]rune, len(rs))
	double, single := false, false // whether a “ or ‘ is open
	for i, r := range rs {
		prev, next := neighbour(out, i, -1), neighbour(rs, i, +1)
		han := isHanish(prev) || isHanish(next)
		switch r {
		case ',', ';', ':', '!', '?', '(', ')':
			if han && !(isDigit(prev) && isDigit(next)) {
				r = fullWidth(r)
			}
		case '"':
			if han {
				r = '“'
				if double {
					r = '”'
				}
				double = !double
			}
		case '\'':
			if han {
				r = '‘'
				if single {
					r = '’'
				}
				single = !single
			}
		}
		out[i] = r
	}
	var b strings.Builder
	b.Grow(len(s))
	for i, r := range out {
		prev, next := neighbour(out, i, -1), neighbour(out, i, +1)
		// A full-width mark carries its own space, so any space beside it is stray too.
		if r == ' ' && !keepSpaces && (isHanish(prev) && isHanish(next) || isHanPunct(prev) || isHanPunct(next)) {
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// needsWork is a fast path: most texts have nothing to change.
func needsWork(rs []rune) bool {
	for _, r := range rs {
		if strings.ContainsRune(",;:!?()\"' ", r) {
			return true
		}
	}
	return false
}

// neighbour is the first rune before (dir −1) or after (dir +1) position i that is not an ASCII
// space, or 0. Looking past spaces treats "年, 浔阳" like "年,浔阳"; the space itself is handled
// in its own turn.
func neighbour(rs []rune, i, dir int) rune {
	for j := i + dir; j >= 0 && j < len(rs); j += dir {
		if rs[j] != ' ' {
			return rs[j]
		}
	}
	return 0
}

func isDigit(r rune) bool { return r >= '0' && r <= '9' }

// isHanish reports a Han character or a mark of Chinese punctuation.
func isHanish(r rune) bool { return unicode.Is(unicode.Han, r) || isHanPunct(r) }

// isHanPunct reports a mark of Chinese punctuation.
func isHanPunct(r rune) bool {
	switch {
	case r >= 0x3000 && r <= 0x303F: // CJK symbols and punctuation: 、。「」《》【】…
		return true
	case r >= 0xFF01 && r <= 0xFF60: // full-width forms: ，！（）：；？
		return true
	case r == '“' || r == '”' || r == '‘' || r == '’' || r == '—' || r == '…' || r == '·':
		return true
	}
	return false
}

func fullWidth(r rune) rune {
	switch r {
	case ',':
		return '，'
	case ';':
		return '；'
	case ':':
		return '：'
	case '!':
		return '！'
	case '?':
		return '？'
	case '(':
		return '（'
	case ')':
		return '）'
	}
	return r
}
