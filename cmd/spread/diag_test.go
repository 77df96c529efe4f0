package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"spread/report"
)

// brokenSeed writes the seed with one line replaced and returns the file's path.
func brokenSeed(t *testing.T, old, new string) string {
	t.Helper()
	dir := seedCopy(t)
	file := filepath.Join(dir, "data.yaml")
	good, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	broken := strings.Replace(string(good), old, new, 1)
	if broken == string(good) {
		t.Fatalf("data.yaml has no %q", old)
	}
	if err := os.WriteFile(file, []byte(broken), 0o644); err != nil {
		t.Fatal(err)
	}
	return file
}

// credits holds a mapping where a text belongs, after 22 Han characters and spaces: the loader
// counts its column in characters (32), a terminal shows it 44 cells in.
const (
	goodCredits = "  credits: [责任编辑 李明, 美术编辑 陈晓燕]"
	badCredits  = "  credits: [责任编辑 李明, 美术编辑 陈晓燕, {x: 1}]"
)

func TestBuildPrintsTheSourceLineAndACaretUnderTheColumn(t *testing.T) {
	file := brokenSeed(t, goodCredits, badCredits)
	code, _, stderr := runCmd(t, "build", "-o", filepath.Join(filepath.Dir(file), "out"), file)
	if code != exitData {
		t.Fatalf("exit %d, want %d:\n%s", code, exitData, stderr)
	}
	lines := strings.Split(stderr, "\n")
	if len(lines) < 3 || !strings.HasPrefix(lines[0], file+":12:32: paper.credits") {
		t.Fatalf("first line is not the error at 12:32 (the '{' of {x: 1}):\n%s", stderr)
	}
	if want := "  12 | " + badCredits; lines[1] != want {
		t.Errorf("source line\n%q, want\n%q", lines[1], want)
	}
	// 12 cells of "  credits: [", 19 Han characters of 2 cells, 5 of spaces and ", ": 44
	if want := "     | " + strings.Repeat(" ", 44) + "^"; lines[2] != want {
		t.Errorf("caret line\n%q, want\n%q", lines[2], want)
	}
	if l := []rune(lines[1]); len(l) < 7+32 || l[7+31] != '{' {
		t.Errorf("column 32 of the line is not the '{' the caret should point at")
	}
}

func TestShortDiagnosticsAreTheBareLines(t *testing.T) {
	file := brokenSeed(t, "date: 2021-01-08", "date: 2021-13-45")
	out := filepath.Join(filepath.Dir(file), "out")
	want := file + ":9:9: paper.date: \"2021-13-45\" is not a date YYYY-MM-DD\n"
	for _, args := range [][]string{
		{"build", "-diagnostic-format", "short", "-o", out, file},
		{"build", "-o", out, file, "-diagnostic-format=short"},
		{"check", "-diagnostic-format", "short", file},
	} {
		code, _, stderr := runCmd(t, args...)
		if code != exitData || stderr != want {
			t.Errorf("spread %v: exit %d, stderr\n%q, want\n%q", args, code, stderr, want)
		}
	}
	// the human format, the default, adds the two lines
	code, _, stderr := runCmd(t, "check", file)
	if want := want + "   9 |   date: 2021-13-45\n     |         ^\n"; code != exitData || stderr != want {
		t.Errorf("check: exit %d, stderr\n%q, want\n%q", code, stderr, want)
	}
	if code, _, _ := runCmd(t, "build", "-diagnostic-format", "json", file); code != exitUsage {
		t.Errorf("-diagnostic-format json: exit %d, want %d", code, exitUsage)
	}
}

func TestWatchPrintsExcerptsUnlessShort(t *testing.T) {
	file := brokenSeed(t, "date: 2021-01-08", "date: 2021-13-45")
	out := filepath.Join(filepath.Dir(file), "out")
	for _, short := range []bool{false, true} {
		args := []string{"watch", "-o", out, "-profile", "print"}
		if short {
			args = append(args, "-diagnostic-format", "short")
		}
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan int)
		var o, e syncBuffer
		go func() { done <- run(ctx, append(args, file), &o, &e) }()
		deadline := time.Now().Add(20 * time.Second)
		for !strings.Contains(e.String(), "last good") && time.Now().Before(deadline) {
			time.Sleep(20 * time.Millisecond)
		}
		cancel()
		<-done
		got := e.String()
		if !strings.Contains(got, file+":9:9: paper.date") {
			t.Fatalf("watch (short %v) printed no positioned error:\n%s", short, got)
		}
		if has := strings.Contains(got, "   9 |   date: 2021-13-45\n     |         ^\n"); has == short {
			t.Errorf("watch (short %v): excerpt shown %v:\n%s", short, has, got)
		}
	}
}

// TestExcerpt covers what the seed does not: tabs, cut lines, a column past the end, no
// column, a byte-order mark, CRLF, control characters and invalid UTF-8.
func TestExcerpt(t *testing.T) {
	long := "  - " + strings.Repeat("一二三四五六七八九十", 10) + "{gpd}" + strings.Repeat("甲", 50)
	for _, c := range []struct {
		name, text string
		line, col  int
		want       string
	}{
		{"ascii", "  date: 2021-13-45", 5, 9,
			"   5 |   date: 2021-13-45\n     |         ^\n"},
		{"wide before the column", "name: {九江日报, x}", 7, 14,
			"   7 | name: {九江日报, x}\n     | " + strings.Repeat(" ", 7+8+2) + "^\n"},
		{"tab kept so both lines reach the same stop", "a:\t[1,\t{b}]", 1, 8,
			"   1 | a:\t[1,\t{b}]\n     |   \t   \t^\n"},
		{"column past the end", "title:", 3, 7,
			"   3 | title:\n     |       ^\n"},
		{"no column", "paper:", 3, 0,
			"   3 | paper:\n"},
		{"control character and bad UTF-8 replaced", "a: \x1b[31m\xff", 2, 4,
			"   2 | a: \uFFFD[31m\uFFFD\n     |    ^\n"},
		{"five-digit line", "x: 1", 12345, 4,
			"12345 | x: 1\n      |    ^\n"},
		// 72 cells from 24 cells before the caret: 12 Han characters, then {gpd} and 21 more
		{"long line cut around the column", long, 30, 105,
			"  30 | ..." + "九十" + strings.Repeat("一二三四五六七八九十", 1) + "{gpd}" + strings.Repeat("甲", 21) + "...\n" +
				"     |    " + strings.Repeat(" ", 24) + "^\n"},
	} {
		if got := excerpt(c.text, c.line, c.col); got != c.want {
			t.Errorf("%s:\n%q, want\n%q", c.name, got, c.want)
		}
	}
}

// TestNoExcerptWithoutASourceLine: an error at 0:0, at a line the file does not have, or in a
// file that cannot be read is printed as its line alone.
func TestNoExcerptWithoutASourceLine(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "a.yaml")
	if err := os.WriteFile(file, []byte("\uFEFFpaper: {date: x}\r\nlead: y\r\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	errs := report.Errors{
		{Pos: report.Pos{File: file, Line: 1, Col: 15}, Msg: "after a byte-order mark"},
		{Pos: report.Pos{File: file, Line: 2, Col: 7}, Msg: "a CRLF line"},
		{Pos: report.Pos{File: file}, Msg: "at 0:0"},
		{Pos: report.Pos{File: file, Line: 3, Col: 1}, Msg: "past the last line"},
		{Pos: report.Pos{File: filepath.Join(dir, "gone.yaml"), Line: 1, Col: 1}, Msg: "a file that is not there"},
		{Pos: report.Pos{File: dir, Line: 1, Col: 1}, Msg: "a folder"},
	}
	var b bytes.Buffer
	diagnostics{}.errors(&b, file, errs)
	want := file + ":1:15: after a byte-order mark\n" +
		"   1 | paper: {date: x}\n" +
		"     |               ^\n" +
		file + ":2:7: a CRLF line\n" +
		"   2 | lead: y\n" +
		"     |       ^\n" +
		file + ":0:0: at 0:0\n" +
		file + ":3:1: past the last line\n" +
		filepath.Join(dir, "gone.yaml") + ":1:1: a file that is not there\n" +
		dir + ":1:1: a folder\n"
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
}

func TestCellWidth(t *testing.T) {
	for r, w := range map[rune]int{'a': 1, ' ': 1, '九': 2, '，': 2, '、': 2, '。': 2, '「': 2,
		'가': 2, 'か': 2, '𠀀': 2, '\u0301': 0, '\u200B': 0, '“': 1, '…': 1, '·': 1, 'é': 1} {
		if got := cellWidth(r); got != w {
			t.Errorf("cellWidth(%q) = %d, want %d", r, got, w)
		}
	}
}
