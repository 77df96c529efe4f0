package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"spread/fonts"
	"spread/report"
)

// pollEvery is how often watch looks at the file: well under the one second an editor waits.
const pollEvery = 150 * time.Millisecond

// watch rebuilds FILE whenever it or a photo or font it names changes. It polls modification
// times and sizes instead of using inotify, so it needs no dependency and works on every file
// system, including editors that save by renaming a new file over the old one.
func watch(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	flags := newFlags("watch", stderr)
	outputs := outputFlags(flags)
	diagFormat := diagFlag(flags)
	if code, ok := parseFlags(flags, args, stdout); !ok {
		return code
	}
	diag := *diagFormat
	if flags.NArg() > 1 {
		fmt.Fprintln(stderr, "spread watch: one data file at a time")
		return exitUsage
	}
	file := "data.yaml"
	if flags.NArg() == 1 {
		file = flags.Arg(0)
	}
	outDir, profs, err := outputs()
	if err != nil {
		fmt.Fprintf(stderr, "spread: %v\n", err)
		return exitUsage
	}
	base, err := fonts.Embedded()
	if err != nil {
		fmt.Fprintf(stderr, "spread: embedded fonts: %v\n", err)
		return exitData
	}
	follow(ctx, file, func(err error) {
		fmt.Fprintf(stderr, "spread watch: %v\n", err)
	}, func() {
		start := time.Now()
		if code := buildAll(ctx, []string{file}, outDir, profs, pdfOnly, base, diag, stdout, stderr); code == exitOK {
			fmt.Fprintf(stdout, "%s built in %d ms; watching (Ctrl-C ends)\n", file, time.Since(start).Milliseconds())
		} else if ctx.Err() == nil {
			fmt.Fprintf(stderr, "%s: not built; the last good PDFs are kept\n", file)
		}
	})
	fmt.Fprintln(stdout, "spread watch: stopped")
	return exitOK
}

// follow calls rebuild at once and again whenever file or a photo or font it names changes,
// until ctx ends. While file cannot be read it calls missing, once for each new error.
func follow(ctx context.Context, file string, missing func(error), rebuild func()) {
	// what was seen of each input: the data file, and the photos and fonts it names
	seen := map[string]stamp{}
	changed := func() bool {
		if len(seen) == 0 {
			return true
		}
		for path, was := range seen {
			if stampOf(path) != was {
				return true
			}
		}
		return false
	}
	var lastErr string
	tick := time.NewTicker(pollEvery)
	defer tick.Stop()
	for {
		if _, err := os.Stat(file); err != nil {
			if msg := err.Error(); msg != lastErr {
				missing(err)
				lastErr = msg
			}
			clear(seen)
		} else if changed() {
			lastErr = ""
			clear(seen)
			for _, path := range inputs(file) {
				seen[path] = stampOf(path)
			}
			rebuild()
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}

// stamp is what watch compares of a file between polls.
type stamp struct {
	mod  time.Time
	size int64
	ok   bool
}

func stampOf(path string) stamp {
	st, err := os.Stat(path)
	if err != nil {
		return stamp{}
	}
	return stamp{st.ModTime(), st.Size(), true}
}

// inputs are the files a build of file reads: the data file, and the photos and fonts it names
// when it loads (a broken save names only itself; the fix brings the rest back).
func inputs(file string) []string {
	out := []string{file}
	r, err := report.Load(file)
	if err != nil {
		return out
	}
	for _, s := range r.Sections {
		for _, p := range s.Photos {
			out = append(out, p.Path)
		}
	}
	for _, f := range r.Layout.Fonts {
		out = append(out, filepath.Join(filepath.Dir(file), f.S))
	}
	return out
}
