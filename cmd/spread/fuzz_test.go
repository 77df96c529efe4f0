package main

import (
	"os"
	"path/filepath"
	"testing"

	"spread/fonts"
	"spread/pdf"
	"spread/report"
)

// FuzzPipeline feeds mutated reports through the whole pipeline — load, both layouts, both PDF
// writes — and demands an error or a PDF, never a panic or a hang. The seeds are the repository's
// reports, with all their photos in one folder.
func FuzzPipeline(f *testing.F) {
	seeds, _ := filepath.Glob(filepath.Join(repoRoot, "testdata/reports/*.yaml"))
	corpus, _ := filepath.Glob(filepath.Join(repoRoot, "testdata/reports/corpus/*.yaml"))
	seeds = append(append(seeds, corpus...), filepath.Join(repoRoot, "data.yaml"))
	for _, s := range seeds {
		b, err := os.ReadFile(s)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	base, err := fonts.Embedded()
	if err != nil {
		f.Fatal(err)
	}
	// One folder with every report's photos, so that each seed builds as it is.
	dir := f.TempDir()
	for _, from := range []string{"photos", "testdata/reports/photos"} {
		if err := os.CopyFS(filepath.Join(dir, "photos"), os.DirFS(filepath.Join(repoRoot, from))); err != nil {
			f.Fatal(err)
		}
	}
	// the corpus's photos beside them, where a name is not taken already (its stand-ins of the
	// same name are crops of the same pictures)
	more, _ := filepath.Glob(filepath.Join(repoRoot, "testdata/reports/corpus/photos/*"))
	for _, m := range more {
		to := filepath.Join(dir, "photos", filepath.Base(m))
		if _, err := os.Stat(to); err == nil {
			continue
		}
		b, err := os.ReadFile(m)
		if err != nil {
			f.Fatal(err)
		}
		if err := os.WriteFile(to, b, 0o644); err != nil {
			f.Fatal(err)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := report.Parse("fuzz.yaml", data, dir)
		if err != nil {
			return
		}
		faces, err := reportFaces(r, base)
		if err != nil {
			return
		}
		for _, p := range allProfiles() {
			doc, err := p.layout(r, faces)
			if err != nil {
				if !isPositioned(err) {
					t.Errorf("%s layout error without a position: %v", p.name, err)
				}
				continue
			}
			cut, err := pdf.CutFaces(faces, doc)
			if err != nil {
				t.Fatalf("%s: subsetting: %v", p.name, err)
			}
			if _, err := cut.Write(doc); err != nil {
				t.Errorf("%s: a document that laid out could not be written: %v", p.name, err)
			}
		}
	})
}
