package report

import (
	"bytes"
	"math"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"go.yaml.in/yaml/v3"
)

// Who rejects an edit of the seed.
const (
	both       = "both"        // schema.json and the loader
	loaderOnly = "loader only" // a check no JSON Schema can make, reason given
	neither    = "neither"     // a good edit at a limit: the schema must not be stricter
)

// TestSchemaAndLoaderAgree runs a JSON Schema validator (santhosh-tekuri/jsonschema, draft
// 2020-12, formats asserted as yaml-language-server does) over schema.json and the seed data.yaml
// with one edit each, and asserts that the schema rejects what the loader rejects, except for the
// checks listed as loader only: those need another part of the file (figure references, chart
// places, section labels), the file system (photos), the number as written, or arithmetic. Such
// an edit must pass the schema, so that a schema that learns to say it moves the line here.
// What the fonts cannot draw (a character above U+FFFF, a missing glyph) is found later, when
// the report is set, by neither.
func TestSchemaAndLoaderAgree(t *testing.T) {
	seed, err := os.ReadFile("../data.yaml")
	if err != nil {
		t.Fatal(err)
	}
	schema := compileSchema(t)
	long := func(n int) string { return strings.Repeat("字", n) }
	cases := []struct {
		name     string
		old, new string // the text replaced once, or a (?s) regexp where it spans lines
		by       string
	}{
		// dates
		{"month 13", "date: 2021-01-08", "date: 2021-13-45", both},
		{"February 30", "date: 2021-01-08", "date: 2021-02-30", both},
		{"before 1900", "date: 2021-01-08", "date: 1899-12-31", both},
		{"date not YYYY-MM-DD", "date: 2021-01-08", "date: 2021/01/08", both},
		{"date a list", "date: 2021-01-08", "date: [2021]", both},
		{"date 1900-01-01", "date: 2021-01-08", "date: 1900-01-01", neither},
		// required and unknown keys
		{"paper without a name", "  name: 九江日报\n", "", both},
		{"unknown key", "  section: 专版\n", "  section: 专版\n  sektion: 专版\n", both},
		{"headline without a title", "headline:\n  title:\n    - 大江奔流风帆劲\n    - 只争朝夕砥砺前行\n", "headline:\n", both},
		{"no sections", `(?s)\nsections:\n.*?\n\nclosing:`, "\nsections: []\n\nclosing:", both},
		{"empty lead", `(?s)\nlead:\n.*?\n\n`, "\nlead: []\n\n", both},
		// ranges
		{"page 0", "page: 5", "page: 0", both},
		{"page 1000", "page: 5", "page: 1000", both},
		{"page 999", "page: 5", "page: 999", neither},
		{"page 5.5", "page: 5", "page: 5.5", both},
		{"three pages", "pages: 2", "pages: 3", both},
		{"13 columns", "  pages: 2\n", "  pages: 2\n  columns: 13\n", both},
		{"0 columns", "  pages: 2\n", "  pages: 2\n  columns: 0\n", both},
		{"body of 5pt", "  pages: 2\n", "  pages: 2\n  body: 5pt\n", both},
		{"body of 43pt", "  pages: 2\n", "  pages: 2\n  body: 43pt\n", both},
		{"body of 7.874pt", "  pages: 2\n", "  pages: 2\n  body: 7.874pt\n", both},
		{"body without a unit", "  pages: 2\n", "  pages: 2\n  body: 9\n", both},
		{"body 小七", "  pages: 2\n", "  pages: 2\n  body: 小七\n", both},
		{"body 7.875pt", "  pages: 2\n", "  pages: 2\n  body: 7.875pt\n", neither},
		{"body 42 pt", "  pages: 2\n", "  pages: 2\n  body: 42 pt\n", neither},
		{"body 六号", "  pages: 2\n", "  pages: 2\n  body: 六号\n", neither},
		{"accent over 100", "  pages: 2\n", "  pages: 2\n  accent: [0, 100, 300, 0]\n", both},
		{"accent of three", "  pages: 2\n", "  pages: 2\n  accent: [0, 100, 100]\n", both},
		{"size poster", "size: broadsheet", "size: poster", both},
		{"size 40 mm wide", "size: broadsheet", "size: 40x546mm", both},
		{"size 2001 mm high", "size: broadsheet", "size: 390x2001mm", both},
		{"size 50 × 2000 mm", "size: broadsheet", "size: 50 × 2000 mm", neither},
		{"value of a trillion", "value: 352.34", "value: 1000000000000", both},
		{"value a word", "value: 352.34", "value: 三百五十", both},
		{"growth a word", "growth: 4.5", "growth: 四点五", both},
		{"history of year 16", "    highlight: true\n  revenue:", "    highlight: true\n    history: {16: 280.1, 2020: 352.34}\n  revenue:", both},
		// enums and names
		{"figure id in capitals", "  gdp:\n    label: 地区生产总值", "  GDP:\n    label: 地区生产总值", both},
		{"chart kind radar", "kind: column", "kind: radar", both},
		{"chart of size", "of: growth", "of: size", both},
		{"chart of no figures", "figures: [gdp, revenue, retail, fai, income]", "figures: []", both},
		{"highlight yes", "highlight: true", "highlight: yes", both},
		{"section labelled lead", "  - label: A\n", "  - label: lead\n", both},
		// texts
		{"empty byline", "byline: 熊婷婷 查艺蒙 九江报业融媒记者 汪东平 吕安琳", `byline: "  "`, both},
		{"paper name of 31", "name: 九江日报", "name: " + long(31), both},
		{"paper name of 30", "name: 九江日报", "name: " + long(30), neither},
		{"section name of 21", "section: 专版", "section: " + long(21), both},
		{"figure note of 13", "note: 预计", "note: " + long(13), both},
		{"figure label of 31", "label: 地区生产总值", "label: " + long(31), both},
		{"section title of 61", "title: 蹄疾步稳 经济发展有质量", "title: " + long(61), both},
		{"chart title of 61", "title: 主要经济指标增速", "title: " + long(61), both},
		{"photo credit of 41", "caption: 九江新旅文化旅游城项目效果图\n", "caption: 九江新旅文化旅游城项目效果图\n        credit: " + long(41) + "\n", both},
		{"empty credits", "credits: [责任编辑 李明, 美术编辑 陈晓燕]", "credits:", neither},
		// photo paths
		{"absolute photo path", "file: photos/xinlv.jpg", "file: /etc/xinlv.jpg", both},
		{"photo path out of the folder", "file: photos/xinlv.jpg", "file: ../photos/xinlv.jpg", both},

		// What only the loader can check, and why.
		// Figure references: {id} in prose names a figure defined elsewhere in the file.
		{"unknown figure in prose", "生产总值{gdp}", "生产总值{gpd}", loaderOnly},
		{"a lone brace in prose", "生产总值{gdp}", "生产总值}", loaderOnly},
		// Charts: their figures and places refer to figures and section labels by name.
		{"unknown figure in a chart", "figures: [gdp, revenue, retail, fai, income]", "figures: [gdp, revenue, retail, fai, incme]", loaderOnly},
		{"chart place naming no section", "place: B", "place: D", loaderOnly},
		{"chart mixing units", "figures: [services_share]", "figures: [services_share, gdp]", loaderOnly},
		{"line chart without history", "kind: column", "kind: line", loaderOnly},
		{"two sections labelled A", "  - label: B\n", "  - label: A\n", loaderOnly},
		// Arithmetic: the sum of the accent's four inks.
		{"total ink over 220", "  pages: 2\n", "  pages: 2\n  accent: [100, 100, 100, 0]\n", loaderOnly},
		// The number as written: a schema sees 100000 and 352.34, not how they were typed.
		{"value written 1e5", "value: 352.34", "value: 1e5", loaderOnly},
		{"value of 17 characters", "value: 352.34", "value: 352.340000000000001", loaderOnly},
		// The file system: the photo must exist and be an image.
		{"missing photo", "file: photos/xinlv.jpg", "file: photos/nosuch.jpg", loaderOnly},
		{"photo not an image", "file: photos/xinlv.jpg", "file: data.yaml", loaderOnly},
		// YAML itself: a mapping with a key twice reaches the schema as one key.
		{"duplicate key", "  page: 5\n", "  page: 5\n  page: 6\n", loaderOnly},
	}
	if err := validate(schema, seed); err != nil {
		t.Fatalf("the schema rejects the seed: %v", err)
	}
	if _, err := Parse("data.yaml", seed, ".."); err != nil {
		t.Fatalf("the loader rejects the seed: %v", err)
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			edited := strings.Replace(string(seed), c.old, c.new, 1)
			if strings.HasPrefix(c.old, "(?s)") {
				edited = regexp.MustCompile(c.old).ReplaceAllLiteralString(string(seed), c.new)
			}
			if edited == string(seed) {
				t.Fatalf("the seed has no %q", c.old)
			}
			_, loadErr := Parse("data.yaml", []byte(edited), "..")
			schemaErr := validate(schema, []byte(edited))
			wantLoader, wantSchema := c.by != neither, c.by == both
			if (loadErr != nil) != wantLoader {
				t.Errorf("loader: error %v, want an error %v", loadErr, wantLoader)
			}
			if (schemaErr != nil) != wantSchema {
				t.Errorf("schema: error %v, want an error %v (%s)", schemaErr, wantSchema, c.by)
			}
		})
	}
}

func compileSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	f, err := os.Open("schema.json")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat() // "format": "date" is checked, as editors check it
	if err := c.AddResource("schema.json", doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile("schema.json")
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// validate checks YAML data against the schema as an editor's YAML language server does: the
// YAML is read as JSON values, plain scalars by YAML 1.2's core schema (an unquoted date is a
// string, yes is a string), keys as strings.
func validate(s *jsonschema.Schema, data []byte) error {
	var doc yaml.Node
	if err := yaml.NewDecoder(bytes.NewReader(data)).Decode(&doc); err != nil {
		return err
	}
	return s.Validate(jsonValue(&doc))
}

func jsonValue(n *yaml.Node) any {
	switch n.Kind {
	case yaml.DocumentNode:
		return jsonValue(n.Content[0])
	case yaml.AliasNode:
		return jsonValue(n.Alias)
	case yaml.MappingNode:
		m := map[string]any{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			m[n.Content[i].Value] = jsonValue(n.Content[i+1])
		}
		return m
	case yaml.SequenceNode:
		l := []any{}
		for _, c := range n.Content {
			l = append(l, jsonValue(c))
		}
		return l
	}
	switch n.ShortTag() {
	case "!!null":
		return nil
	case "!!bool":
		return n.Value == "true" || n.Value == "True" || n.Value == "TRUE"
	case "!!int", "!!float":
		var f float64
		if err := n.Decode(&f); err == nil && !math.IsInf(f, 0) && !math.IsNaN(f) {
			return f
		}
	}
	return n.Value
}
