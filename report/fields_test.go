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

func TestPrintedNumber(t *testing.T) {
	for in, want := range map[string]string{"+352.34": "352.34", "007.50": "7.50", "-0": "0", "-0.0": "0.0", "0.5": "0.5",
		"-3.2": "-3.2", "352.30": "352.30", "1,000": "1,000", "0": "0", "-007": "-7"} {
		if got := printedNumber(in); got != want {
			t.Errorf("printedNumber(%q) = %q, want %q", in, got, want)
		}
	}
}
