package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"

	"spread/fonts"
	"spread/layout"
	"spread/page"
	"spread/pdf"
	"spread/raster"
	"spread/report"
)

// A profile is one kind of output: a layout of the report and the suffix of its file name.
type profile struct {
	name   string
	layout func(*report.Report, *fonts.Set) (*page.Document, error)
}

func allProfiles() []profile {
	return []profile{
		{"print", layout.Print},
		{"briefing", layout.Briefing},
	}
}

// parseProfiles turns "print,briefing" into profiles, in the order given.
func parseProfiles(list string) ([]profile, error) {
	var out []profile
	seen := map[string]bool{}
	for _, name := range strings.Split(list, ",") {
		name = strings.TrimSpace(name)
		if name == "" || seen[name] {
			continue
		}
		found := false
		for _, p := range allProfiles() {
			if p.name == name {
				out = append(out, p)
				found = true
			}
		}
		if !found {
			return nil, fmt.Errorf("unknown profile %q (print, briefing)", name)
		}
		seen[name] = true
	}
	if len(out) == 0 {
		return nil, errors.New("no profile given")
	}
	return out, nil
}

// output is one finished profile, not yet on disk: its PDF (nil when not asked for) at path,
// and the pictures of its pages (-format png).
type output struct {
	path string
	pdf  []byte
	pngs [][]byte
	doc  *page.Document
	// findings are what preflight says of doc (pdf.DocumentFindings), found beside the
	// writing of its PDF
	findings []pdf.Finding
}

// render runs the pipeline for one data file: load, lay out every profile, write the PDFs to
// memory. Nothing touches the disk, so a failure anywhere leaves the previous files as they were.
func render(file, outDir string, profs []profile, base *fonts.Set) ([]output, report.Errors, error) {
	return renderContext(context.Background(), file, outDir, profs, base, pdfOnly)
}

// renderContext is render writing the formats asked for (PDFs, PNG pages or both) that gives up
// between its stages once ctx is done (Ctrl-C), with errInterrupted. It returns the data's own
// warnings too (see report.Warnings), said with the preflight's.
func renderContext(ctx context.Context, file, outDir string, profs []profile, base *fonts.Set, formats formats) ([]output, report.Errors, error) {
	r, err := report.Load(file)
	if err != nil {
		return nil, nil, err
	}
	testHook(ctx, "load")
	if ctx.Err() != nil {
		return nil, nil, errInterrupted
	}
	faces, err := reportFaces(r, base)
	if err != nil {
		return nil, nil, err
	}
	stem := strings.TrimSuffix(filepath.Base(file), filepath.Ext(file))

	// Lay the profiles out at once, on both cores.
	docs := make([]*page.Document, len(profs))
	layoutErrs := make([]error, len(profs))
	each(len(profs), func(i int) { docs[i], layoutErrs[i] = profs[i].layout(r, faces) })
	var errs report.Errors
	for i, err := range layoutErrs {
		if err != nil && !collect(&errs, err) {
			return nil, nil, fmt.Errorf("%s: %s profile: %w", file, profs[i].name, err)
		}
	}
	if err := dedupe(errs).Err(); err != nil {
		return nil, nil, err
	}
	if ctx.Err() != nil {
		return nil, nil, errInterrupted
	}

	// One cut of each face serves every profile, so each face is subset and compressed once.
	cut, err := pdf.CutFaces(faces, docs...)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", file, err)
	}
	pictures := formats.raster
	if pictures.Cache == nil {
		pictures.Cache = &raster.Cache{} // both profiles draw the same photos: decode each once
	}
	var faceData map[string][]byte
	if formats.png {
		faceData = cut.Data() // the pictures draw with the faces the PDFs embed
	}
	outs := make([]output, len(profs))
	writeErrs := make([]error, len(profs))
	epoch, hasEpoch, err := sourceDate()
	if err != nil {
		return nil, nil, err
	}
	each(len(profs), func(i int) {
		if hasEpoch {
			docs[i].Date = epoch
		}
		outs[i] = output{path: filepath.Join(outDir, stem+"-"+profs[i].name+".pdf"), doc: docs[i]}
		var err error
		if formats.pdf {
			outs[i].pdf, err = cut.Write(docs[i])
		}
		if err == nil && formats.png {
			outs[i].pngs, err = raster.PNG(docs[i], faceData, pictures)
		}
		if err == nil {
			outs[i].findings = pdf.DocumentFindings(docs[i])
		}
		if err != nil {
			writeErrs[i] = writeError(file, profs[i].name, err)
		}
	})
	if err := errors.Join(writeErrs...); err != nil {
		return nil, nil, err
	}
	return outs, r.Warnings(), nil
}

// each runs f(0) … f(n-1) concurrently and waits for them.
func each(n int, f func(i int)) {
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			f(i)
		}()
	}
	wg.Wait()
}

// isPositioned reports an error that already names its FILE:LINE:COL.
func isPositioned(err error) bool {
	var list report.Errors
	var one *report.Error
	return errors.As(err, &list) || errors.As(err, &one)
}

// collect appends positioned errors to errs and reports whether err was of that kind.
func collect(errs *report.Errors, err error) bool {
	var list report.Errors
	if errors.As(err, &list) {
		*errs = append(*errs, list...)
		return true
	}
	var one *report.Error
	if errors.As(err, &one) {
		*errs = append(*errs, one)
		return true
	}
	return false
}

// dedupe drops the second copy of an error that two profiles both found (a missing glyph).
func dedupe(errs report.Errors) report.Errors {
	seen := map[string]bool{}
	var out report.Errors
	for _, e := range errs {
		if k := e.Error(); !seen[k] {
			seen[k] = true
			out = append(out, e)
		}
	}
	return out
}

// reportFaces returns the embedded faces with any a report names in layout.fonts put in place.
func reportFaces(r *report.Report, base *fonts.Set) (*fonts.Set, error) {
	faces := base
	var errs report.Errors
	for _, role := range []string{fonts.Song, fonts.SongBold, fonts.Hei, fonts.Kai} {
		t, ok := r.Layout.Fonts[role]
		if !ok {
			continue
		}
		next, err := faces.With(role, r.Layout.FontData[role], t.S)
		if err != nil {
			errs.Add(t.Pos, "font for %s: %v", role, err)
			continue
		}
		faces = next
	}
	return faces, errs.Err()
}

// writeError says which profile's PDF failed, one line per problem; a problem the PDF writer
// ties to the data keeps its FILE:LINE:COL in front.
func writeError(file, profile string, err error) error {
	var lines []string
	var each func(error)
	each = func(err error) {
		if j, ok := err.(interface{ Unwrap() []error }); ok {
			for _, e := range j.Unwrap() {
				each(e)
			}
			return
		}
		var pe *pdf.Error
		if errors.As(err, &pe) && pe.Source != "" {
			lines = append(lines, fmt.Sprintf("%s: %s profile: %s", pe.Source, profile, strings.TrimPrefix(pe.Error(), pe.Source+": ")))
			return
		}
		lines = append(lines, fmt.Sprintf("%s: %s profile: %v", file, profile, err))
	}
	each(err)
	return errors.New(strings.Join(lines, "\n"))
}

// sourceDate reads SOURCE_DATE_EPOCH, which fixes the PDF dates for reproducible builds. A
// value that is not a whole number of seconds from 1970 to the end of 9999 (a PDF date has four
// digits for the year) is an error, not silently passed over.
func sourceDate() (time.Time, bool, error) {
	v, set := os.LookupEnv("SOURCE_DATE_EPOCH")
	if !set || v == "" {
		return time.Time{}, false, nil
	}
	n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
	if err != nil || n < 0 || n > maxEpoch {
		return time.Time{}, false, fmt.Errorf("SOURCE_DATE_EPOCH=%s: not a whole number of seconds from 1970 to 9999", v)
	}
	return time.Unix(n, 0).UTC(), true, nil
}

// maxEpoch is 9999-12-31 23:59:59 UTC, the last moment a PDF date can say.
const maxEpoch = 253402300799

// writeAll writes a report's PDFs and PNG pages as one: each to a temporary file first, then
// all renamed into place, and if one of them cannot be (its name is a folder, the disk is full)
// or the build is stopped (ctx done: Ctrl-C, SIGTERM) before the last rename, the ones already
// renamed are put back as they were. A failed or stopped build so leaves every previous file
// untouched, not one new and one old; a reader never sees a half-written PDF or picture; and no
// temporary file is left behind on any path out of here.
func writeAll(ctx context.Context, built []output) error {
	outs := files(built)
	tmps := make([]string, len(outs))
	// the PDFs they replace are kept under a second name until every rename has worked
	backups := make([]string, len(outs))
	defer func() {
		removeAll(tmps)
		removeAll(backups)
	}()
	// the temporary files are written at once (copying a megabyte into the page cache is
	// most of a write); a failed one is reported after all have finished
	errs := make([]error, len(outs))
	each(len(outs), func(i int) { tmps[i], errs[i] = writeTemp(outs[i].path, outs[i].data) })
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	testHook(ctx, "temp")
	if ctx.Err() != nil {
		return errInterrupted
	}
	for i, o := range outs {
		b, err := backup(o.path, tmps[i]+".old")
		if err != nil {
			return err
		}
		backups[i] = b
	}
	for i, o := range outs {
		if i > 0 {
			testHook(ctx, "rename")
		}
		err := errInterrupted
		if ctx.Err() == nil {
			if err = os.Rename(tmps[i], o.path); err == nil {
				tmps[i] = ""
				continue
			}
		}
		for j := range i {
			if backups[j] == "" {
				os.Remove(outs[j].path) // there was none before
				continue
			}
			if rerr := os.Rename(backups[j], outs[j].path); rerr != nil {
				// the previous PDF cannot go back: it stays under its second name, not lost
				err = fmt.Errorf("%w; the previous %s could not be put back (%v) and is kept as %s", err, outs[j].path, rerr, backups[j])
			}
			backups[j] = ""
		}
		return err
	}
	testHook(ctx, "renamed")
	return nil
}

// backup keeps the file at path, if there is one, under the name b (a second link to it, or a
// copy where the file system has no links) and returns b, or "" when there is no file to keep.
// Anything at path that is not a regular file is an error: a rename could not restore it.
func backup(path, b string) (string, error) {
	st, err := os.Lstat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return "", nil
	}
	if err != nil {
		return "", err
	}
	if !st.Mode().IsRegular() {
		return "", fmt.Errorf("%s exists and is not a regular file", path)
	}
	if os.Link(path, b) == nil {
		return b, nil
	}
	old, err := os.ReadFile(path)
	if err == nil {
		err = os.WriteFile(b, old, st.Mode().Perm())
	}
	if err != nil {
		os.Remove(b)
		return "", fmt.Errorf("keeping %s until its replacement is in place: %w", path, err)
	}
	return b, nil
}

// removeAll removes the files named, skipping empty names.
func removeAll(names []string) {
	// at once: removing a megabyte's PDF is most of a millisecond of the kernel freeing its pages
	each(len(names), func(i int) {
		if names[i] != "" {
			os.Remove(names[i])
		}
	})
}

// writeTemp writes b to a new temporary file beside path and returns its name.
func writeTemp(path string, b []byte) (string, error) {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return "", err
	}
	_, werr := tmp.Write(b)
	cerr := tmp.Close()
	if werr == nil {
		werr = cerr
	}
	if werr == nil {
		werr = os.Chmod(tmp.Name(), 0o644)
	}
	if werr != nil {
		os.Remove(tmp.Name())
		return "", werr
	}
	return tmp.Name(), nil
}

// flagsFirst moves the flags of args (with their values) before the other arguments, which
// follow a "--" so that a file name starting with "-" after a flag stays a file name. A flag
// that needs a value and ends the arguments is an error (else Parse would take the "--" as its
// value and build the files into a folder named "--").
func flagsFirst(flags *flag.FlagSet, args []string) ([]string, error) {
	var fl, pos []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			pos = append(pos, args[i+1:]...)
			break
		}
		if len(a) < 2 || a[0] != '-' {
			pos = append(pos, a)
			continue
		}
		fl = append(fl, a)
		name := strings.TrimLeft(a, "-")
		if strings.Contains(name, "=") {
			continue
		}
		f := flags.Lookup(name)
		if f == nil {
			continue // Parse says it is unknown
		}
		if b, ok := f.Value.(interface{ IsBoolFlag() bool }); ok && b.IsBoolFlag() {
			continue
		}
		if i+1 == len(args) {
			return nil, fmt.Errorf("flag needs an argument: %s", a)
		}
		i++
		fl = append(fl, args[i])
	}
	return append(append(fl, "--"), pos...), nil
}

// outputFlags declares -o and -profile, which build and watch share, and returns a function
// that reads them after parsing.
func outputFlags(flags *flag.FlagSet) func() (outDir string, profs []profile, err error) {
	outDir := flags.String("o", "out", "folder for the PDFs")
	profList := flags.String("profile", "print,briefing", "profiles to build: print, briefing")
	return func() (string, []profile, error) {
		profs, err := parseProfiles(*profList)
		return *outDir, profs, err
	}
}

func build(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	flags := newFlags("build", stderr)
	outputs := outputFlags(flags)
	formatsOf := formatFlags(flags)
	diagFormat := diagFlag(flags)
	if code, ok := parseFlags(flags, args, stdout); !ok {
		return code
	}
	outDir, profs, err := outputs()
	if err != nil {
		fmt.Fprintf(stderr, "spread: %v\n", err)
		return exitUsage
	}
	formats, err := formatsOf()
	if err != nil {
		fmt.Fprintf(stderr, "spread: %v\n", err)
		return exitUsage
	}
	diag := *diagFormat
	files := flags.Args()
	if len(files) == 0 {
		files = []string{"data.yaml"}
	}
	// two files of one name would write the same PDFs, the last to finish winning
	seen := map[string]string{}
	for _, f := range files {
		stem := strings.TrimSuffix(filepath.Base(f), filepath.Ext(f))
		if other, ok := seen[stem]; ok && filepath.Clean(other) != filepath.Clean(f) {
			fmt.Fprintf(stderr, "spread: %s and %s would both write %s: build them into different -o folders\n",
				other, f, filepath.Join(outDir, stem+"-*.pdf"))
			return exitUsage
		}
		seen[stem] = f
	}
	base, err := fonts.Embedded()
	if err != nil {
		fmt.Fprintf(stderr, "spread: embedded fonts: %v\n", err)
		return exitData
	}
	return buildAll(ctx, files, outDir, profs, formats, base, diag, stdout, stderr)
}

// buildAll builds every file, in parallel on all cores with the faces parsed once, and prints a
// progress line when stderr is a terminal and there is more than one file.
func buildAll(ctx context.Context, files []string, outDir string, profs []profile, formats formats, base *fonts.Set, diag diagnostics, stdout, stderr io.Writer) int {
	// A worker keeps only what it will print of a finished file, so a batch's memory does not
	// grow with the number of reports.
	type written struct {
		path         string
		pages, bytes int
	}
	type warning struct {
		path string // of the PDF
		f    pdf.Finding
	}
	type result struct {
		files    []written
		warnings []warning     // what check would warn of, said by build as well
		data     report.Errors // the data's own warnings (see report.Warnings)
		err      error
	}
	results := make([]result, len(files))
	workers := min(runtime.GOMAXPROCS(0), len(files))
	next := make(chan int)
	var wg sync.WaitGroup
	var mu sync.Mutex
	done := 0
	progress := len(files) > 1 && isTerminal(stderr)
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				outs, dataWarns, err := renderContext(ctx, files[i], outDir, profs, base, formats)
				var wrote []written
				if err == nil {
					err = writeAll(ctx, outs) // Ctrl-C: what is built is not written
				}
				var warns []warning
				for _, o := range outs {
					if err != nil {
						break
					}
					if o.pdf != nil {
						wrote = append(wrote, written{o.path, len(o.doc.Pages), len(o.pdf)})
					}
					for j, b := range o.pngs {
						wrote = append(wrote, written{pngPath(o.path, j), 1, len(b)})
					}
					for _, f := range o.findings {
						if f.Severity == "warning" {
							warns = append(warns, warning{o.path, f})
						}
					}
				}
				results[i] = result{wrote, warns, dataWarns, err}
				if progress {
					mu.Lock()
					done++
					fmt.Fprintf(stderr, "\r[%d/%d] %s\033[K", done, len(files), files[i])
					mu.Unlock()
				}
			}
		}()
	}
feed:
	for i := range files {
		select {
		case next <- i:
		case <-ctx.Done():
			break feed
		}
	}
	close(next)
	wg.Wait()
	if progress {
		fmt.Fprint(stderr, "\r\033[K")
	}
	code := exitOK
	var stopped []string
	for i, res := range results {
		if res.err == nil && res.files == nil && ctx.Err() != nil || errors.Is(res.err, errInterrupted) {
			stopped = append(stopped, files[i]) // interrupted before or after it was built: nothing of it written
			if res.err != nil && res.err != errInterrupted {
				diag.errors(stderr, files[i], res.err) // a previous PDF that could not be put back
			}
			continue
		}
		if res.err != nil {
			diag.errors(stderr, files[i], res.err)
			code = exitData
			continue
		}
		src := sources{}
		for _, w := range res.data {
			diag.at(stderr, src, warningLine(w), w.Pos)
		}
		for _, w := range res.warnings {
			diag.finding(stderr, src, files[i], w.path, w.f)
		}
		for _, w := range res.files {
			if len(files) == 1 || !progress {
				if strings.HasSuffix(w.path, ".png") {
					fmt.Fprintf(stdout, "%s (%d KB)\n", w.path, (w.bytes+1023)/1024)
				} else {
					fmt.Fprintf(stdout, "%s (%d pages, %d KB)\n", w.path, w.pages, (w.bytes+1023)/1024)
				}
			}
		}
	}
	if ctx.Err() != nil {
		fmt.Fprintln(stderr, interruptedLine(ctx, stopped, len(files)))
		code = interruptedStatus(ctx)
	}
	return code
}

// interruptedLine says what a stop left unbuilt, naming the reports (the first few of a batch).
func interruptedLine(ctx context.Context, stopped []string, total int) string {
	by := "interrupted"
	if name := signalName(ctx); name != "" {
		by += " by " + name
	}
	if len(stopped) == 0 {
		return fmt.Sprintf("spread: %s after every report was built", by)
	}
	const named = 5
	names := strings.Join(stopped[:min(len(stopped), named)], ", ")
	if len(stopped) > named {
		names += fmt.Sprintf(" and %d more", len(stopped)-named)
	}
	return fmt.Sprintf("spread: %s: %d of %d reports not built (%s); their previous PDFs are untouched",
		by, len(stopped), total, names)
}

// errInterrupted marks a report that was built but not written because the build was stopped.
var errInterrupted = errors.New("interrupted")

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
