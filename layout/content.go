package layout

import "spread/report"

// The decisions about content, taken here for print and briefing alike, so that the two show
// the same things: which figures become key-figure tiles, which charts stand with the lead (the
// band in print, the block of 主要指标 in the briefing) and which in each section.

// tileFigures are the figures shown as tiles, in the data's order: the highlighted ones with a
// value or a growth to show (a tile of a label alone says nothing).
func tileFigures(r *report.Report) []*report.Figure {
	var out []*report.Figure
	for _, f := range r.Figures {
		if f.Highlight && (f.ValueText != "" || f.Growth != nil) {
			out = append(out, f)
		}
	}
	return out
}

// leadPlace is the place of a chart that stands with the lead.
const leadPlace = "lead"

// bandCharts are the charts placed with the lead, in the data's order.
func bandCharts(r *report.Report) []*report.Chart {
	var out []*report.Chart
	for _, c := range r.Charts {
		if c.Place == leadPlace {
			out = append(out, c)
		}
	}
	return out
}

// sectionCharts are the charts placed in section s, in the data's order; none for a section
// without a label (a chart can only name a section by its label).
func sectionCharts(r *report.Report, s *report.Section) []*report.Chart {
	var out []*report.Chart
	if s.Label == "" {
		return nil
	}
	for _, c := range r.Charts {
		if c.Place == s.Label {
			out = append(out, c)
		}
	}
	return out
}
