package main

import (
	"syscall"
	"testing"
	"time"

	"spread/page"
	"spread/raster"
)

// BenchmarkPNGSeed is raster.PNG on the seed documents with the faces the build hands it (cut
// to the document's characters): every page drawn at 96 ppi and encoded, the stage that
// -format png adds to a build.
func BenchmarkPNGSeed(b *testing.B) {
	base, docs := seedDocs(b)
	for _, name := range []string{"print", "briefing"} {
		b.Run(name, func(b *testing.B) {
			data, err := faceData(base, []*page.Document{docs[name]})
			if err != nil {
				b.Fatal(err)
			}
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
			data, err := faceData(base, []*page.Document{docs[name]})
			if err != nil {
				b.Fatal(err)
			}
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

// BenchmarkPNGSeedCached is raster.PNG with the photos decoded by an earlier call, as every
// rebuild of spread serve draws them.
func BenchmarkPNGSeedCached(b *testing.B) {
	base, docs := seedDocs(b)
	for _, name := range []string{"print", "briefing"} {
		b.Run(name, func(b *testing.B) {
			data, err := faceData(base, []*page.Document{docs[name]})
			if err != nil {
				b.Fatal(err)
			}
			o := raster.Options{Photos: &raster.Cache{}}
			if _, err := raster.PNG(docs[name], data, o); err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			defer cpuPerOp(b)()
			for b.Loop() {
				if _, err := raster.PNG(docs[name], data, o); err != nil {
					b.Fatal(err)
				}
			}
		})
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
