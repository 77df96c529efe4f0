package report

import "testing"

func TestNormalize(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"一元复始,万象更新。", "一元复始，万象更新。"},
		{"有序;深化", "有序；深化"},
		{"他说:好!真的?", "他说：好！真的？"},
		{"总值(GDP)增长", "总值（GDP）增长"},
		{"增长4.5%,完成", "增长4.5%，完成"},           // after a percent sign, before Han
		{"共1,000户", "共1,000户"},               // a thousands separator stays
		{"增长3.5%", "增长3.5%"},                 // a decimal point is never touched
		{"“六稳”,统筹", "“六稳”，统筹"},               // next to Han punctuation
		{"他说\"你好\"。", "他说“你好”。"},             // straight quotes alternate
		{"'一'与'二'", "‘一’与‘二’"},               // single quotes too
		{"don't stop, go", "don't stop, go"}, // Latin text keeps its marks
		{"Hello, world!", "Hello, world!"},
		{"VR党建, VR技术", "VR党建，VR技术"},
		{"回望2020年, 浔阳区", "回望2020年，浔阳区"}, // the space after the mark goes too
		{"中国 人民", "中国人民"},               // a stray space between Han characters
		{"中国  人民 , 万岁", "中国人民，万岁"},
		{"用 VR 技术", "用 VR 技术"}, // spaces around Latin stay
		{"12:30开会", "12:30开会"},
		{"", ""},
		{"(1)", "(1)"},
		{"他说:\"信心更足了!\"", "他说：“信心更足了！”"}, // a run of marks converts as a whole
		{"10,000台(套),\"5G+工业互联网\"应用", "10,000台（套），“5G+工业互联网”应用"}, // and keeps the quotes paired
	} {
		if got := Normalize(c.in); got != c.want {
			t.Errorf("Normalize(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestNormalizeKeepsSpacesInHeadings(t *testing.T) {
	if got := normalize("大江奔流风帆劲 只争朝夕砥砺前行", true); got != "大江奔流风帆劲 只争朝夕砥砺前行" {
		t.Errorf("title: %q", got)
	}
	if got := normalize("熊婷婷 查艺蒙,记者", true); got != "熊婷婷 查艺蒙，记者" {
		t.Errorf("byline: %q", got)
	}
}
