package report

import (
	"encoding/json"
	"os"
	"slices"
	"sort"
	"testing"
)

// TestSchemaMatchesLoader holds schema.json to the loader's key tables: every object of the
// format has exactly the same keys, required keys and enumerations in both.
func TestSchemaMatchesLoader(t *testing.T) {
	raw, err := os.ReadFile("schema.json")
	if err != nil {
		t.Fatal(err)
	}
	type object struct {
		Properties           map[string]json.RawMessage `json:"properties"`
		Required             []string                   `json:"required"`
		AdditionalProperties *bool                      `json:"additionalProperties"`
	}
	var schema struct {
		object
		Defs map[string]json.RawMessage `json:"$defs"`
	}
	if err := json.Unmarshal(raw, &schema); err != nil {
		t.Fatal(err)
	}
	for _, name := range objects() {
		obj := schema.object
		if name != "report" {
			obj = object{}
			def, ok := schema.Defs[name]
			if !ok {
				t.Errorf("schema has no $defs/%s", name)
				continue
			}
			if err := json.Unmarshal(def, &obj); err != nil {
				t.Fatal(err)
			}
		}
		if obj.AdditionalProperties == nil || *obj.AdditionalProperties {
			t.Errorf("%s: schema allows unknown keys; the loader does not", name)
		}
		var keys, required, sKeys []string
		for _, f := range fields(name) {
			keys = append(keys, f.name)
			if f.required {
				required = append(required, f.name)
			}
		}
		for k := range obj.Properties {
			sKeys = append(sKeys, k)
		}
		sort.Strings(keys)
		sort.Strings(required)
		sort.Strings(sKeys)
		sort.Strings(obj.Required)
		if !slices.Equal(keys, sKeys) {
			t.Errorf("%s: loader keys %v, schema properties %v", name, keys, sKeys)
		}
		if !slices.Equal(required, obj.Required) {
			t.Errorf("%s: loader requires %v, schema %v", name, required, obj.Required)
		}
	}

	var enums struct {
		Defs struct {
			Layout struct {
				Properties struct {
					Size struct{ AnyOf []struct{ Enum []string } } `json:"size"`
					Body struct{ AnyOf []struct{ Enum []string } } `json:"body"`
				} `json:"properties"`
			} `json:"layout"`
			Chart struct {
				Properties struct {
					Kind struct{ Enum []string } `json:"kind"`
					Of   struct{ Enum []string } `json:"of"`
				} `json:"properties"`
			} `json:"chart"`
		} `json:"$defs"`
	}
	if err := json.Unmarshal(raw, &enums); err != nil {
		t.Fatal(err)
	}
	var hao []string
	for _, h := range haoSizes() {
		hao = append(hao, h.name)
	}
	props := enums.Defs.Layout.Properties
	for _, c := range []struct {
		what         string
		schema, code []string
	}{
		{"layout.size", props.Size.AnyOf[0].Enum, sizeNames()},
		{"layout.body", props.Body.AnyOf[0].Enum, hao},
		{"chart.kind", enums.Defs.Chart.Properties.Kind.Enum, chartKinds()},
		{"chart.of", enums.Defs.Chart.Properties.Of.Enum, chartOfs()},
	} {
		if !slices.Equal(c.schema, c.code) {
			t.Errorf("%s: schema %v, loader %v", c.what, c.schema, c.code)
		}
	}
}
