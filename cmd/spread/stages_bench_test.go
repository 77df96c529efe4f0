package main

import (
	"path/filepath"
	"testing"

	"spread/fonts"
	"spread/page"
	"spread/pdf"
	"spread/report"
)

// seedDocs lays the seed out in both profiles once, for the benchmarks of the stages after
// layout.
func seedDocs(b *testing.B) (*fonts.Set, map[string]*page.Document) {
	b.Helper()
	base, err := fonts.Embedded()
	if err != nil {
		b.Fatal(err)
	}
	r, err := report.Load(filepath.Join(repoRoot, "data.yaml"))
	if err != nil {
		b.Fatal(err)
	}
	docs := map[string]*page.Document{}
	for _, p := range allProfiles() {
		d, err := p.layout(r, base)
		if err != nil {
			b.Fatal(err)
		}
		docs[p.name] = d
	}
	return base, docs
}

// BenchmarkSubsetSeed is cutting the four faces down to each seed document's characters, the
// step between layout and the PDF writer.
func BenchmarkSubsetSeed(b *testing.B) {
	base, docs := seedDocs(b)
	for _, name := range []string{"print", "briefing"} {
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := pdf.CutFaces(base, docs[name]); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkWriteSeed is writing the real seed documents (subset faces, charts, the eight
// photos), the PDF stage of BenchmarkBuildSeed.
func BenchmarkWriteSeed(b *testing.B) {
	base, docs := seedDocs(b)
	for _, name := range []string{"print", "briefing"} {
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				// Cut anew each time, untimed (it is BenchmarkSubsetSeed): Faces compress a face
				// once for good, and a build compresses its faces once.
				b.StopTimer()
				cut, err := pdf.CutFaces(base, docs[name])
				if err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
				if _, err := cut.Write(docs[name]); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkLayoutSeed is each layout of the seed with the faces parsed (layout.Print and
// layout.Briefing, which typeset and chart as they go).
func BenchmarkLayoutSeed(b *testing.B) {
	base, _ := seedDocs(b)
	r, err := report.Load(filepath.Join(repoRoot, "data.yaml"))
	if err != nil {
		b.Fatal(err)
	}
	for _, p := range allProfiles() {
		b.Run(p.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := p.layout(r, base); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
