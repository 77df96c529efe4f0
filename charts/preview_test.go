package charts

import (
	"flag"
	"os"
	"testing"

	"spread/page"
	"spread/third_party/fpdf"
)

var preview = flag.String("preview", "", "write every chart kind and some tiles to this PDF, to look at")

// pdfFaces measures with fpdf itself, so the preview shows real widths.
type pdfFaces struct{ pdf *fpdf.Fpdf }

func (f pdfFaces) Width(role, s string) float64 {
	f.pdf.SetFont(role, "", 100)
	return f.pdf.GetStringWidth(s) / 100
}

// TestPreview is a throwaway look at the charts (go test ./charts -run TestPreview
// -preview /tmp/charts.pdf), drawn with fpdf until package pdf can do it.
func TestPreview(t *testing.T) {
	if *preview == "" {
		t.Skip("no -preview")
	}
	pdf := fpdf.New("P", "pt", "A4", "")
	for role, file := range map[string]string{"song": "NotoSerifSC-Regular.ttf", "songbold": "NotoSerifSC-Bold.ttf", "hei": "NotoSansSC-Black.ttf", "kai": "SpreadWenKai-Regular.ttf"} {
		b, err := os.ReadFile("../fonts/" + file)
		if err != nil {
			t.Skip(err)
		}
		pdf.AddUTF8FontFromBytes(role, "", b)
	}
	f := pdfFaces{pdf}
	pdf.AddPage()
	names := []string{"bar", "column", "column-negative", "pie", "donut", "donut-share", "line", "line-multi"}
	for i, n := range names {
		x, y := 30+float64(i%2)*280, 30+float64(i/2)*190
		items, err := Draw(specs[n], 250, 160, f)
		if err != nil {
			t.Fatal(n, err)
		}
		pdf.SetDrawColor(220, 220, 220)
		pdf.SetLineWidth(0.2)
		pdf.Rect(x, y, 250, 160, "D")
		draw(pdf, items, x, y)
	}
	pdf.AddPage()
	g1, g2, g3 := 4.5, -3.2, 8.0
	tiles := []Tile{
		{Label: "地区生产总值", Value: "352.34", Unit: "亿元", Growth: &g1, Note: "预计", Accent: red},
		{Label: "一般公共预算收入", Value: "26.1", Unit: "亿元", Growth: &g2, Note: "同口径", Accent: red},
		{Label: "固定资产投资", Growth: &g3, Accent: red},
		{Label: "城镇居民人均可支配收入", Value: "39215", Unit: "元", Growth: &g1, Accent: red},
	}
	for i, tl := range tiles {
		x := 30 + float64(i)*130
		items, err := DrawTile(tl, 115, 90, f)
		if err != nil {
			t.Fatal(err)
		}
		pdf.SetDrawColor(220, 220, 220)
		pdf.Rect(x, 30, 115, 90, "D")
		draw(pdf, items, x, 30)
	}
	// The same charts in a narrow column box, as layout may give them.
	for i, n := range []string{"bar", "column", "pie", "line"} {
		x := 30 + float64(i)*135
		items, err := Draw(specs[n], 125, 150, f)
		if err != nil {
			t.Fatal(n, err)
		}
		pdf.Rect(x, 150, 125, 150, "D")
		draw(pdf, items, x, 150)
	}
	if err := pdf.OutputFileAndClose(*preview); err != nil {
		t.Fatal(err)
	}
}

func rgb(c page.Color) (int, int, int) {
	r, g, b := c.RGB()
	return int(r * 255), int(g * 255), int(b * 255)
}

func draw(pdf *fpdf.Fpdf, items []page.Item, dx, dy float64) {
	for _, it := range items {
		switch v := it.(type) {
		case page.Text:
			pdf.SetFont(v.Font, "", v.Size)
			pdf.SetTextColor(rgb(v.Color))
			pdf.Text(dx+v.X, dy+v.Y, v.S)
		case page.Line:
			pdf.SetDrawColor(rgb(v.Color))
			pdf.SetLineWidth(v.Width)
			pdf.Line(dx+v.X1, dy+v.Y1, dx+v.X2, dy+v.Y2)
		case page.Rect:
			pdf.Rect(dx+v.X, dy+v.Y, v.W, v.H, paint(pdf, v.Fill, v.Stroke, v.LineWidth))
		case page.Path:
			for _, op := range v.Ops {
				p := op.Pts
				switch op.Kind {
				case page.MoveTo:
					pdf.MoveTo(dx+p[0].X, dy+p[0].Y)
				case page.LineTo:
					pdf.LineTo(dx+p[0].X, dy+p[0].Y)
				case page.CurveTo:
					pdf.CurveBezierCubicTo(dx+p[0].X, dy+p[0].Y, dx+p[1].X, dy+p[1].Y, dx+p[2].X, dy+p[2].Y)
				case page.Close:
					pdf.ClosePath()
				}
			}
			pdf.DrawPath(paint(pdf, v.Fill, v.Stroke, v.LineWidth))
		case page.Group:
			draw(pdf, v.Items, dx+v.X, dy+v.Y)
		}
	}
}

// paint sets fpdf's fill and stroke for a shape and returns its style string ("F", "D", "FD").
func paint(pdf *fpdf.Fpdf, fill, stroke *page.Color, width float64) string {
	style := ""
	if fill != nil {
		pdf.SetFillColor(rgb(*fill))
		style += "F"
	}
	if stroke != nil {
		pdf.SetDrawColor(rgb(*stroke))
		pdf.SetLineWidth(width)
		style += "D"
	}
	return style
}
