package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"runtime"
	"runtime/debug"
	"slices"
	"strings"
)

// A command's help: how it is called and what it does. Its flags and their defaults are read
// from its flag set, so that the help cannot fall behind them.
type commandHelp struct {
	synopsis, about string
}

var commands = map[string]commandHelp{
	"build": {"spread build [flags] [FILE...]", `Builds each data file (data.yaml when none is named) into DIR/NAME-PROFILE.pdf, several
files in parallel; with -format png (or pdf,png) also, or instead, one picture a page,
DIR/NAME-PROFILE-N.png. Everything is rendered in memory and renamed into place, so a failed or
stopped build leaves the previous PDFs and PNGs untouched. Warnings that need only the document
(a photo under 200 ppi, a page that stops short) are printed on stderr; they do not fail the
build. spread FILE.yaml... is the same as spread build FILE.yaml....`},
	"check": {"spread check [flags] FILE...", `Runs everything a build does, writes nothing, and prints a preflight report: fonts, page
boxes, colour, ink, photo resolution, pages that stop short. Errors exit 1; warnings exit 0
unless -strict; notes never fail.`},
	"watch": {"spread watch [flags] [FILE]", `Builds FILE (data.yaml when none is named) and again on every save of it or of a photo or font
it names, until Ctrl-C. A broken save prints its errors and keeps the last good PDFs.`},
	"serve": {"spread serve [flags] [FILE]", `Shows the pages of FILE (data.yaml when none is named), print and briefing, in a browser
at http://ADDR/ and follows it as watch does: within a second of a save of the data, a photo or
a font the pictures change without a reload; a save that does not build shows its
FILE:LINE:COL: message lines above the last good pages, until the fix. It writes no file and
serves only the page and the pictures, to loopback names unless -addr listens elsewhere.
Ctrl-C ends it.`},
	"version": {"spread version", `Prints the version of spread, the commit it was built from (when it was built in a git
checkout; "+modified" when the checkout had changes), the Go version and the platform.
spread --version is the same.`},
}

// commandNames lists the commands that have help, for messages.
func commandNames() string {
	var names []string
	for n := range commands {
		names = append(names, n)
	}
	slices.Sort(names)
	return strings.Join(names, ", ")
}

// newFlags is a subcommand's flag set. The flag package prints a bad flag's error to stderr;
// parseFlags says what comes next.
func newFlags(name string, stderr io.Writer) *flag.FlagSet {
	flags := flag.NewFlagSet(name, flag.ContinueOnError)
	flags.SetOutput(stderr)
	flags.Usage = func() {} // parseFlags prints the help on -h, a pointer to it on a bad flag
	return flags
}

// parseFlags parses args, flags before or after the files (spread build data.yaml -o x, as
// go build and typst take them); when it returns false the command ends with code: 0 after -h,
// which prints the command's help on stdout, 2 after a bad flag.
func parseFlags(flags *flag.FlagSet, args []string, stdout io.Writer) (code int, ok bool) {
	moved, err := flagsFirst(flags, args)
	if err == nil {
		err = flags.Parse(moved)
	} else {
		fmt.Fprintln(flags.Output(), err)
	}
	switch {
	case err == nil:
		return exitOK, true
	case errors.Is(err, flag.ErrHelp):
		printHelp(stdout, flags)
		return exitOK, false
	}
	fmt.Fprintf(flags.Output(), "usage: %s\nRun 'spread help %s' for its flags.\n", commands[flags.Name()].synopsis, flags.Name())
	return exitUsage, false
}

// printHelp writes a command's synopsis, what it does, and each flag with its default.
func printHelp(w io.Writer, flags *flag.FlagSet) {
	h := commands[flags.Name()]
	fmt.Fprintf(w, "usage: %s\n\n%s\n", h.synopsis, h.about)
	n := 0
	flags.VisitAll(func(*flag.Flag) { n++ })
	if n == 0 {
		return
	}
	fmt.Fprintln(w, "\nFlags (before or after the files):")
	flags.VisitAll(func(f *flag.Flag) {
		kind, about := flag.UnquoteUsage(f)
		name := "-" + f.Name
		if kind != "" {
			name += " " + kind
		}
		def := f.DefValue
		if g, ok := f.Value.(flag.Getter); ok {
			if _, isString := g.Get().(string); isString {
				def = fmt.Sprintf("%q", def)
			}
		}
		about = strings.ReplaceAll(about, "\n", "\n      ")
		fmt.Fprintf(w, "  %s (default %s)\n      %s\n", name, def, about)
	})
}

// version prints what spread was built from: spread VERSION [(commit REV[+modified], TIME)]
// GO OS/ARCH.
func version(args []string, stdout, stderr io.Writer) int {
	flags := newFlags("version", stderr)
	if code, ok := parseFlags(flags, args, stdout); !ok {
		return code
	}
	if flags.NArg() > 0 {
		fmt.Fprintf(stderr, "spread version: takes no arguments\nusage: %s\n", commands["version"].synopsis)
		return exitUsage
	}
	info, ok := debug.ReadBuildInfo()
	fmt.Fprintln(stdout, versionLine(info, ok))
	return exitOK
}

// versionLine reads the build information the go command stamps into the binary: the module's
// version (a tag, a pseudo-version of the commit, or "(devel)", shown as devel) and, when built
// in a git checkout with VCS stamping on (go build's default; GOFLAGS=-buildvcs=false turns it
// off), the commit, whether the checkout had changes, and the commit's time.
func versionLine(info *debug.BuildInfo, ok bool) string {
	goVersion := runtime.Version()
	v := "devel"
	var rev, at string
	modified := false
	if ok && info != nil {
		if info.Main.Version != "" && info.Main.Version != "(devel)" {
			v = info.Main.Version
		}
		if info.GoVersion != "" {
			goVersion = info.GoVersion
		}
		for _, s := range info.Settings {
			switch s.Key {
			case "vcs.revision":
				rev = s.Value
			case "vcs.time":
				at = s.Value
			case "vcs.modified":
				modified = s.Value == "true"
			}
		}
	}
	line := "spread " + v
	if rev != "" {
		line += " (commit " + rev[:min(len(rev), 12)]
		if modified {
			line += "+modified"
		}
		if at != "" {
			line += ", " + at
		}
		line += ")"
	}
	return line + " " + goVersion + " " + runtime.GOOS + "/" + runtime.GOARCH
}
