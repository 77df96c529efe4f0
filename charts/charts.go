// Package charts draws the report's figures as vector graphics: go-chart renders through a
// chart.Renderer implemented here that records page items (paths and text in the page's own
// faces), so a chart is sharp at any zoom and its labels are searchable text.
//
// CONTRACT (filled in by the charts work; layout relies on these names):
//
//	type Faces interface{ Width(role, text string) float64 } // em; *fonts.Set satisfies it
//	type Spec struct {
//		Kind    string        // bar | column | donut | pie | line
//		Title   string
//		Unit    string        // "%" for growth charts
//		Growth  bool          // values are growth rates: labels get a sign (+4.5%)
//		Labels  []string      // one per value (bar, column, pie, donut)
//		Values  []float64
//		Series  []Series      // line charts: one per figure
//		Accent  page.Color
//	}
//	type Series struct { Label string; Years []int; Values []float64 }
//	func Draw(s Spec, w, h float64, f Faces) ([]page.Item, error) // items in the box (0,0)-(w,h), points
//	type Tile struct { Label, Value, Unit, Note string; Growth *float64; Accent page.Color }
//	func DrawTile(t Tile, w, h float64, f Faces) ([]page.Item, error)
package charts
