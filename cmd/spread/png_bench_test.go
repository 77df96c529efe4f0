package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"spread/fonts"
	"spread/pdf"
	"spread/raster"
)

// BenchmarkPNGSeed is raster.PNG on the seed documents with the faces the build hands it (cut
// to the document's characters): every page drawn at 96 ppi and encoded, the stage that
// -format png adds to a build.
func BenchmarkPNGSeed(b *testing.B) {
	base, docs := seedDocs(b)
	for _, name := range []string{"print", "briefing"} {
		b.Run(name, func(b *testing.B) {
			cut, err := pdf.CutFaces(base, docs[name])
			if err != nil {
				b.Fatal(err)
			}
			data := cut.Data()
			b.ReportAllocs()
			defer cpuPerOp(b)()
			for b.Loop() {
				if _, err := raster.PNG(docs[name], data, raster.Options{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkRenderSeed is the drawing alone, without the PNG encoding.
func BenchmarkRenderSeed(b *testing.B) {
	base, docs := seedDocs(b)
	for _, name := range []string{"print", "briefing"} {
		b.Run(name, func(b *testing.B) {
			cut, err := pdf.CutFaces(base, docs[name])
			if err != nil {
				b.Fatal(err)
			}
			data := cut.Data()
			b.ReportAllocs()
			defer cpuPerOp(b)()
			for b.Loop() {
				if _, err := raster.Render(docs[name], data, raster.Options{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkServeEdit is one rebuild of spread serve after an editor changed one figure of the
// seed (a new value at every iteration, so no picture comes from an earlier one): load, both
// layouts and the pictures of the pages that changed, at 96 ppi, the photos decoded and the
// unchanged pages kept by the previous rebuilds.
func BenchmarkServeEdit(b *testing.B) {
	dir := b.TempDir()
	good, err := os.ReadFile(filepath.Join(repoRoot, "data.yaml"))
	if err != nil {
		b.Fatal(err)
	}
	if err := os.CopyFS(filepath.Join(dir, "photos"), os.DirFS(filepath.Join(repoRoot, "photos"))); err != nil {
		b.Fatal(err)
	}
	file := filepath.Join(dir, "data.yaml")
	if !strings.Contains(string(good), "352.34") {
		b.Fatal("the seed has no 352.34 to edit")
	}
	base, err := fonts.Embedded()
	if err != nil {
		b.Fatal(err)
	}
	p := newPreview(context.Background(), file, base, formats{png: true, raster: raster.Options{Cache: &raster.Cache{}}}, diagnostics{}, io.Discard)
	edit := func(i int) {
		v := fmt.Sprintf("%.2f", 352.34+0.01*float64(i))
		if err := os.WriteFile(file, []byte(strings.ReplaceAll(string(good), "352.34", v)), 0o644); err != nil {
			b.Fatal(err)
		}
	}
	edit(0)
	p.rebuild()
	b.ReportAllocs()
	defer cpuPerOp(b)()
	i := 0
	for b.Loop() {
		i++
		edit(i)
		p.rebuild()
		if s, _ := p.snapshot(); !bytes.Contains(s, []byte(`"errors":[]`)) {
			b.Fatalf("the edit did not build: %s", s)
		}
	}
}

// cpuPerOp reports the process's CPU time (user and system) per iteration as cpu-ms/op when the
// function it returns is called: on a machine shared with other work the wall time of a
// benchmark swings by a factor of two, its CPU time much less.
func cpuPerOp(b *testing.B) func() {
	cpu := func() time.Duration {
		var ru syscall.Rusage
		if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
			b.Fatal(err)
		}
		return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	}
	start := cpu()
	return func() {
		b.ReportMetric(float64(cpu()-start)/float64(time.Millisecond)/float64(b.N), "cpu-ms/op")
	}
}
