package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"time"

	"spread/fonts"
)

// pollEvery is how often watch looks at the file: well under the one second an editor waits.
const pollEvery = 150 * time.Millisecond

// watch rebuilds FILE whenever it changes. It polls the modification time
// instead of using inotify, so it needs no dependency and works on every file system, including
// editors that save by renaming a new file over the old one.
func watch(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	flags := newFlags("watch", stderr)
	outputs := outputFlags(flags)
	if code, ok := parseFlags(flags, args); !ok {
		return code
	}
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
	var last time.Time
	var lastSize int64 = -1
	tick := time.NewTicker(pollEvery)
	defer tick.Stop()
	for {
		if st, err := os.Stat(file); err == nil && (!st.ModTime().Equal(last) || st.Size() != lastSize) {
			last, lastSize = st.ModTime(), st.Size()
			start := time.Now()
			if code := buildAll(ctx, []string{file}, outDir, profs, base, stdout, stderr); code == exitOK {
				fmt.Fprintf(stdout, "%s built in %d ms; watching (Ctrl-C ends)\n", file, time.Since(start).Milliseconds())
			} else {
				fmt.Fprintf(stderr, "%s: not built; the last good PDFs are kept\n", file)
			}
		} else if err != nil && lastSize != -2 {
			fmt.Fprintf(stderr, "spread watch: %v\n", err)
			lastSize = -2
		}
		select {
		case <-ctx.Done():
			fmt.Fprintln(stdout, "spread watch: stopped")
			return exitOK
		case <-tick.C:
		}
	}
}
