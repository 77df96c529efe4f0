package layout

import (
	"spread/page"
	"spread/report"
)

func briefingDoc(k *kit, r *report.Report) (*page.Document, error) {
	return nil, report.Errors{{Pos: r.Layout.Pos, Msg: "briefing: not yet"}}
}
