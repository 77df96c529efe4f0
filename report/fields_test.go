package report

import "testing"

// The default grid comes from the page's width: the named sizes get the columns a daily of
// that size uses, and custom sizes the same rule.
func TestDefaultColumns(t *testing.T) {
	for _, c := range []struct {
		w    float64
		want int
	}{{390, 8}, {273, 6}, {297, 6}, {210, 4}, {350, 7}, {300, 6}, {148, 3}, {50, 1}} {
		if got := defaultColumns(c.w); got != c.want {
			t.Errorf("defaultColumns(%g mm) = %d, want %d", c.w, got, c.want)
		}
	}
}
