package main

import (
	"errors"
	"testing"

	"spread/pdf"
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
