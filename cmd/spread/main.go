// Command spread builds a Chinese newspaper special page from one YAML file of figures and prose:
// a print-ready PDF of the page or 通版 spread, and an A4 briefing PDF of the same content.
//
//	spread                                   build data.yaml into out/
//	spread build [-o DIR] [-profile print,briefing] [-format pdf,png] FILE...
//	spread check [-strict] FILE...           validate and preflight; writes nothing
//	spread watch [-o DIR] [FILE]             rebuild on every save
//	spread serve [-addr 127.0.0.1:7777] [FILE]  the pages in a browser, following every save
//	spread FILE.yaml...                      spread build FILE.yaml...
//	spread version                           version and commit (also --version)
//	spread help COMMAND                      a command's flags and defaults (also COMMAND -h)
//
// Exit status: 0 success, 1 errors in the data or the layout (each printed as FILE:LINE:COL:
// message, all of them, with the source line and a caret under the column unless
// -diagnostic-format short), 2 usage errors, 130 and 143 stopped by SIGINT and SIGTERM.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
)

func main() {
	tuneGC()
	go hugeHeap() // its one collection overlaps parsing the flags and loading the data
	ctx, stop := signalContext(context.Background())
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// tuneGC trades memory for time in a process that lives for tens of milliseconds: the collector
// waits until the heap reaches a soft limit (oneBuildHeap) that keeps the peak well below the
// 100 MB a build may use, so that a build of an ordinary report never stops for it (the
// seed's peak stays under it: no collection at all, about a tenth of the build's time). GOGC
// and GOMEMLIMIT in the environment still win; with a limit of the user's, the collector runs
// at a quarter of its default rate instead of waiting for it.
func tuneGC() {
	gogc, limit := os.Getenv("GOGC"), os.Getenv("GOMEMLIMIT")
	switch {
	case gogc == "" && limit == "":
		debug.SetGCPercent(-1)
	case gogc == "":
		debug.SetGCPercent(400)
	}
	if limit == "" {
		debug.SetMemoryLimit(oneBuildHeap)
	}
}

// oneBuildHeap is the heap a build may grow to before the collector runs (see tuneGC).
const oneBuildHeap = 64 << 20

// hugeHeapBytes is the part of the heap backed by 2 MB pages where the system allows (see
// hugeHeap): about what a build of an ordinary report allocates, half of oneBuildHeap.
const hugeHeapBytes = oneBuildHeap / 2

// Exit statuses.
const (
	exitOK    = 0
	exitData  = 1
	exitUsage = 2
)

const usage = `spread turns a report's data.yaml into a newspaper page PDF and an A4 briefing PDF.

Usage:
  spread                                  build data.yaml into out/
  spread FILE.yaml...                     the same as spread build FILE.yaml...
  spread build [-o DIR] [-profile LIST] [-format pdf,png] [-ppi N] [-marks] FILE...
  spread check [-strict] FILE...          validate and preflight; writes nothing
  spread watch [-o DIR] [FILE]            rebuild on every save (Ctrl-C ends)
  spread serve [-addr 127.0.0.1:7777] [FILE]  show the pages in a browser, following every save
  spread version                          the version and commit it was built from (also --version)
  spread help COMMAND                     a command's flags and their defaults (also COMMAND -h)

Examples:
  spread build data.yaml                  writes out/data-print.pdf and out/data-briefing.pdf
  spread build -o dist -profile print a.yaml b.yaml c.yaml
  spread build -format pdf,png data.yaml  also writes out/data-print-1.png … one PNG a page (96 ppi)
  spread check -strict data.yaml          fails on preflight warnings too (low-resolution photos)
  spread watch reports/2021.yaml

Profiles: print (the page with bleed, crop marks, CMYK) and briefing (A4 portrait, RGB, small).
Errors are printed as FILE:LINE:COL: message, each with its source line and a caret under the
column; -diagnostic-format short prints the first lines alone.
Exit status: 0 success, 1 errors in the data or layout, 2 usage, 130/143 stopped by SIGINT/SIGTERM.
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
	case "version", "--version", "-version":
		return version(args[1:], stdout, stderr)
	case "help":
		if len(args) == 1 {
			fmt.Fprint(stdout, usage)
			return exitOK
		}
		if len(args) > 2 || commands[args[1]].synopsis == "" {
			fmt.Fprintf(stderr, "spread help: %s is not a command (%s)\n", strings.Join(args[1:], " "), commandNames())
			return exitUsage
		}
		return run(ctx, []string{args[1], "-h"}, stdout, stderr)
	case "-h", "-help", "--help":
		fmt.Fprint(stdout, usage)
		return exitOK
	}
	if isDataFile(args[0]) {
		return build(ctx, args, stdout, stderr)
	}
	fmt.Fprintf(stderr, "spread: unknown command %q\n\n%s", args[0], usage)
	return exitUsage
}

// isDataFile reports a first argument that names a data file rather than a command:
// spread FILE.yaml... is spread build FILE.yaml....
func isDataFile(arg string) bool {
	ext := strings.ToLower(filepath.Ext(arg))
	return ext == ".yaml" || ext == ".yml"
}
