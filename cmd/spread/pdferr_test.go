package main

import (
	"errors"
	"testing"

	"spread/fonts"
	"spread/pdf"
	"spread/report"
)

// A PDF writer's problem with an item of the data keeps the item's FILE:LINE:COL in front,
// one line per problem, each saying which profile's PDF it stopped; others are the file's.
func TestWriteErrorKeepsDataPositions(t *testing.T) {
	err := errors.Join(
		&pdf.Error{Source: "r/data.yaml:40:9", Page: 2, Msg: "image photos/a.jpg: unexpected EOF"},
		&pdf.Error{Page: 1, Msg: "text \"好\": no face for font role \"x\""},
	)
	got := writeError("r/data.yaml", "print", err).Error()
	want := "r/data.yaml:40:9: print profile: page 2: image photos/a.jpg: unexpected EOF\n" +
		"r/data.yaml: print profile: pdf: page 1: text \"好\": no face for font role \"x\""
	if got != want {
		t.Errorf("writeError:\n%s\nwant\n%s", got, want)
	}
}

// reportFaces takes a report's own face from the bytes the loader read and checked, not from
// its file again (which may have changed or gone since).
func TestReportFacesUseTheLoadersBytes(t *testing.T) {
	base, err := fonts.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	kai := base.Face(fonts.Kai).Data
	r := &report.Report{Dir: t.TempDir(), Layout: report.Layout{
		Fonts:    map[string]report.Text{fonts.Kai: {S: "gone.ttf", Pos: report.Pos{File: "x.yaml", Line: 3, Col: 5}}},
		FontData: map[string][]byte{fonts.Kai: kai},
	}}
	set, err := reportFaces(r, base)
	if err != nil {
		t.Fatal(err)
	}
	if f := set.Face(fonts.Kai); f == nil || f.Name != "gone.ttf" || len(f.Data) != len(kai) {
		t.Errorf("kai face %+v, want the loader's bytes under gone.ttf", f)
	}
}
