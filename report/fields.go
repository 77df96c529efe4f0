package report

import "math"

// field is one key of a mapping in the data format.
type field struct {
	name     string
	required bool
}

// objects names every mapping of the format with a fixed set of keys. The loader's unknown-key
// and missing-key checks read fields, and so does the test that holds schema.json to it: the two
// cannot drift apart without a failing test.
func objects() []string {
	return []string{"report", "paper", "layout", "fonts", "headline", "figure", "chart", "section", "photo"}
}

// fields lists the keys of one object, in the order the documentation gives them.
func fields(object string) []field {
	switch object {
	case "report":
		return []field{{"paper", true}, {"layout", false}, {"headline", true}, {"byline", false},
			{"lead", true}, {"figures", false}, {"charts", false}, {"sections", true}, {"closing", false}}
	case "paper":
		return []field{{"name", true}, {"date", true}, {"page", false}, {"section", false}, {"credits", false}}
	case "layout":
		return []field{{"size", false}, {"pages", false}, {"columns", false}, {"body", false},
			{"accent", false}, {"fonts", false}}
	case "fonts":
		return []field{{"song", false}, {"songbold", false}, {"hei", false}, {"kai", false}}
	case "headline":
		return []field{{"kicker", false}, {"title", true}, {"subtitle", false}}
	case "figure":
		return []field{{"label", true}, {"value", false}, {"unit", false}, {"growth", false},
			{"note", false}, {"highlight", false}, {"history", false}}
	case "chart":
		return []field{{"title", true}, {"kind", true}, {"of", false}, {"figures", true}, {"place", false}}
	case "section":
		return []field{{"label", false}, {"title", true}, {"paragraphs", true}, {"photos", false}}
	case "photo":
		return []field{{"file", true}, {"caption", true}, {"credit", false}}
	}
	return nil
}

// The enumerations of the format, also held to schema.json by a test.

func sizeNames() []string  { return []string{"broadsheet", "tabloid", "a3", "a4"} }
func chartKinds() []string { return []string{"bar", "column", "donut", "pie", "line"} }
func chartOfs() []string   { return []string{"growth", "value"} }

// sizeMM gives the trim size of a named page in millimetres and its default grid.
func sizeMM(name string) (w, h float64, columns int, ok bool) {
	switch name {
	case "broadsheet":
		return 390, 546, 8, true
	case "tabloid":
		return 273, 390, 6, true
	case "a3":
		return 297, 420, defaultColumns(297), true
	case "a4":
		return 210, 297, defaultColumns(210), true
	}
	return 0, 0, 0, false
}

// defaultColumns is the grid a page w mm wide gets when layout.columns is not given: as many
// columns of 13 characters of 小五 with one-character gutters as come nearest to filling the
// width inside 12 mm margins (broadsheet 8, tabloid 6, A3 6, A4 4). Layout narrows the columns
// to a whole number of characters when they do not quite fit.
func defaultColumns(w float64) int {
	chars := (w - 2*12) * pointsPerMM / 9
	return max(1, int(math.Round((chars+1)/14)))
}

// haoSizes are the Chinese type sizes (号) in points, largest first.
func haoSizes() []struct {
	name string
	pt   float64
} {
	return []struct {
		name string
		pt   float64
	}{{"初号", 42}, {"一号", 28}, {"小一", 24}, {"二号", 22}, {"小二", 18}, {"三号", 16},
		{"四号", 14}, {"小四", 12}, {"五号", 10.5}, {"小五", 9}, {"六号", 7.875}}
}
