// Command spread builds a Chinese newspaper special page from one YAML file of figures and prose:
// a print-ready PDF of the page or 通版 spread, and an A4 briefing PDF of the same content.
//
//	spread                                   build data.yaml into out/
//	spread build [-o DIR] [-profile print,briefing] FILE...
//	spread check [-strict] FILE...           validate and preflight; writes nothing
//	spread watch [-o DIR] [FILE]             rebuild on every save
//	spread serve [-addr 127.0.0.1:7777] [FILE]  the pages in a browser, following every save
//
// Exit status: 0 success, 1 errors in the data or the layout (each printed as FILE:LINE:COL:
// message, all of them), 2 usage errors.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"
)

func main() {
	tuneGC()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// tuneGC trades memory for time in a process that lives for tens of milliseconds: the collector
// runs at a quarter of its default rate, under a soft limit that keeps the peak well below the
// 100 MB a build may use. GOGC and GOMEMLIMIT in the environment still win.
func tuneGC() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(400)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(64 << 20)
	}
}

// Exit statuses.
const (
	exitOK    = 0
	exitData  = 1
	exitUsage = 2
)

const usage = `spread turns a report's data.yaml into a newspaper page PDF and an A4 briefing PDF.

Usage:
  spread                                  build data.yaml into out/
  spread build [-o DIR] [-profile LIST] [-format pdf,png] [-ppi N] [-marks] FILE...
  spread check [-strict] FILE...          validate and preflight; writes nothing
  spread watch [-o DIR] [FILE]            rebuild on every save (Ctrl-C ends)
  spread serve [-addr 127.0.0.1:7777] [FILE]  show the pages in a browser, following every save

Examples:
  spread build data.yaml                  writes out/data-print.pdf and out/data-briefing.pdf
  spread build -o dist -profile print a.yaml b.yaml c.yaml
  spread build -format pdf,png data.yaml  also writes out/data-print-1.png … one PNG a page (96 ppi)
  spread check -strict data.yaml          fails on preflight warnings too (low-resolution photos)
  spread watch reports/2021.yaml

Profiles: print (the page with bleed, crop marks, CMYK) and briefing (A4 portrait, RGB, small).
Exit status: 0 success, 1 errors in the data or layout (FILE:LINE:COL: message), 2 usage.
`

// run is the whole command, parameterised for tests.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		return build(ctx, []string{"data.yaml"}, stdout, stderr)
	}
	switch args[0] {
	case "build":
		return build(ctx, args[1:], stdout, stderr)
	case "check":
		return check(args[1:], stdout, stderr)
	case "watch":
		return watch(ctx, args[1:], stdout, stderr)
	case "serve":
		return serve(ctx, args[1:], stdout, stderr)
	case "-h", "-help", "--help", "help":
		fmt.Fprint(stdout, usage)
		return exitOK
	}
	fmt.Fprintf(stderr, "spread: unknown command %q\n\n%s", args[0], usage)
	return exitUsage
}
