package report

import (
	"errors"
	"strings"
	"testing"
)

// A tab in the indentation is reported at its own line, where yaml.v3 says the line before when
// that line opens the block the tab is in.
func TestTabAtItsOwnLine(t *testing.T) {
	for _, c := range []struct{ src, want string }{
		{"paper:\n  name: 报\n\tdate: 2021-01-08\n", "x.yaml:3:1: YAML syntax: found a tab"},
		{"lead:\n  - 一\n\t- 二\n", "x.yaml:3:1: YAML syntax: found a tab"},
		{"lead: [一]\n\tbyline: 某\n", "x.yaml:2:1: YAML syntax: "},
		{"byline: |\n  某\n  \t某\n", ""}, // a tab after the indentation of a block is text
		{"paper:\n  name: 报\n \tdate: 2021-01-08\n", "x.yaml:3:2: YAML syntax: found a tab"},
	} {
		_, err := Parse("x.yaml", []byte(c.src), t.TempDir())
		var list Errors
		if !errors.As(err, &list) {
			t.Fatalf("%q: %v", c.src, err)
		}
		if c.want == "" {
			for _, e := range list {
				if strings.Contains(e.Msg, "tab") {
					t.Errorf("%q: %v", c.src, e)
				}
			}
			continue
		}
		if !strings.HasPrefix(list[0].Error(), c.want) {
			t.Errorf("%q: %v, want %s…", c.src, list[0], c.want)
		}
	}
}

// A section repeated through an alias is reported at the repetition: its errors, its position
// and those of its texts (which the layout reports overflow at) are where the editor wrote *a.
func TestRepeatedSectionAtItsUse(t *testing.T) {
	dir := t.TempDir()
	writeImages(t, dir)
	sections := func(first string) string {
		return doc(map[int]string{4: "byline: 某"}, "sections:", // 9
			"  - &a {"+first+"title: 甲, paragraphs: [正文]}", // 10
			"  - {label: B, title: 乙, paragraphs: [正文]}",   // 11
			"  - *a") // 12
	}
	_, err := Parse("x.yaml", []byte(sections("label: A, ")), dir)
	want := `x.yaml:12:5: sections[3].label: "A" is already the label of the section at line 10 (in what *a repeats from line 10)`
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("got %v\nwant %s", err, want)
	}
	r, err := Parse("x.yaml", []byte(sections("")), dir)
	if err != nil {
		t.Fatal(err)
	}
	s := r.Sections[2]
	if s.Pos.Line != 12 || s.Title.Pos.Line != 12 || s.Paragraphs[0].Pos.Line != 12 {
		t.Errorf("repeated section at %v, title at %v, paragraph at %v; want line 12 for all", s.Pos, s.Title.Pos, s.Paragraphs[0].Pos)
	}
	if s := r.Sections[0]; s.Pos.Line != 10 || s.Paragraphs[0].Pos.Line != 10 {
		t.Errorf("the original section at %v, its paragraph at %v; want line 10", s.Pos, s.Paragraphs[0].Pos)
	}
}
