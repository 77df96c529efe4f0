package report

import (
	"errors"
	"os"
	"strings"
	"testing"
)

// FuzzParse checks that no input makes Parse panic, that it either returns a report or Errors
// (each at a real position, in order), and that a report it returns is complete. The committed
// corpus under testdata/fuzz/FuzzParse starts it from real data files and known hard cases.
func FuzzParse(f *testing.F) {
	if data, err := os.ReadFile("../data.yaml"); err == nil {
		f.Add(data)
	}
	f.Add([]byte(doc(nil, "charts: [{title: 图, kind: donut, figures: [share], place: A}]")))
	f.Add([]byte("a: &x [*x]\n"))
	dir := f.TempDir()
	writeImages(f, dir)
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := Parse("f.yaml", data, dir)
		if err != nil {
			var list Errors
			if !errors.As(err, &list) || len(list) == 0 {
				t.Fatalf("error %v (%T) is not Errors", err, err)
			}
			for i, e := range list {
				if e.Pos.File != "f.yaml" || e.Pos.Line < 1 || e.Pos.Col < 1 || e.Msg == "" {
					t.Fatalf("error without a position: %v", e)
				}
				if i > 0 && (e.Pos.Line < list[i-1].Pos.Line || e.Pos.Line == list[i-1].Pos.Line && e.Pos.Col < list[i-1].Pos.Col) {
					t.Fatalf("errors out of order: %v", err)
				}
			}
			return
		}
		if r.Paper.Name.S == "" || len(r.Headline.Title) == 0 || len(r.Lead) == 0 || len(r.Sections) == 0 ||
			r.Layout.Width <= 0 || r.Layout.Pages < 1 || r.Layout.Columns < 1 {
			t.Fatalf("incomplete report without an error: %+v", r)
		}
		for _, s := range r.Sections {
			if s.Title.S == "" || len(s.Paragraphs) == 0 {
				t.Fatalf("incomplete section: %+v", s)
			}
			for _, p := range s.Paragraphs {
				if strings.ContainsAny(p.S, "{}") && !strings.Contains(string(data), "{{") && !strings.Contains(string(data), "}}") {
					t.Fatalf("unresolved brace in %q", p.S)
				}
			}
		}
		for _, c := range r.Charts {
			if len(c.Figures) == 0 {
				t.Fatalf("empty chart %q without an error", c.Title.S)
			}
		}
	})
}

func BenchmarkLoad(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Load("../data.yaml"); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkNormalize(b *testing.B) {
	s := strings.Repeat("一元复始,万象更新。回望2020年,增长4.5%;“六稳”\"六保\" ", 20)
	b.ReportAllocs()
	for b.Loop() {
		Normalize(s)
	}
}
