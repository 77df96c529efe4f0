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
}

// render runs the pipeline for one data file: load, lay out every profile, write the PDFs to
// memory. Nothing touches the disk, so a failure anywhere leaves the previous files as they were.
func render(file, outDir string, profs []profile, base *fonts.Set) ([]output, error) {
	return renderAs(file, outDir, profs, base, pdfOnly)
}

// renderAs is render writing the formats asked for: PDFs, PNG pages or both.
func renderAs(file, outDir string, profs []profile, base *fonts.Set, formats formats) ([]output, error) {
	r, err := report.Load(file)
	if err != nil {
		return nil, err
	}
	faces, err := reportFaces(r, base)
	if err != nil {
		return nil, err
	}
	stem := strings.TrimSuffix(filepath.Base(file), filepath.Ext(file))

	// Lay the profiles out at once, on both cores.
	docs := make([]*page.Document, len(profs))
	layoutErrs := make([]error, len(profs))
	each(len(profs), func(i int) { docs[i], layoutErrs[i] = profs[i].layout(r, faces) })
	var errs report.Errors
	for i, err := range layoutErrs {
		if err != nil && !collect(&errs, err) {
			return nil, fmt.Errorf("%s: %s profile: %w", file, profs[i].name, err)
		}
	}
	if err := dedupe(errs).Err(); err != nil {
		return nil, err
	}

	// One cut of each face serves every profile, so each face is subset and compressed once.
	data, err := faceData(faces, docs)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	var cache pdf.FontCache
	pictures := formats.raster
	if pictures.Cache == nil {
		pictures.Cache = &raster.Cache{} // both profiles draw the same photos: decode each once
	}
	outs := make([]output, len(profs))
	writeErrs := make([]error, len(profs))
	epoch, hasEpoch, err := sourceDate()
	if err != nil {
		return nil, err
	}
	each(len(profs), func(i int) {
		if hasEpoch {
			docs[i].Date = epoch
		}
		outs[i] = output{path: filepath.Join(outDir, stem+"-"+profs[i].name+".pdf"), doc: docs[i]}
		var err error
		if formats.pdf {
			outs[i].pdf, err = pdf.WriteShared(docs[i], data, &cache)
		}
		if err == nil && formats.png {
			outs[i].pngs, err = raster.PNG(docs[i], data, pictures)
		}
		if err != nil {
			writeErrs[i] = fmt.Errorf("%s: %s profile: %w", file, profs[i].name, err)
		}
	})
	if err := errors.Join(writeErrs...); err != nil {
		return nil, err
	}
	return outs, nil
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
		b, err := os.ReadFile(filepath.Join(r.Dir, t.S))
		if err != nil {
			errs.Add(t.Pos, "font for %s: %v", role, err)
			continue
		}
		next, err := faces.With(role, b, t.S)
		if err != nil {
			errs.Add(t.Pos, "font for %s: %v", role, err)
			continue
		}
		faces = next
	}
	return faces, errs.Err()
}

// faceData cuts each face down to the characters the documents draw in it before the PDF writer
// sees it: fpdf-era writers parsed and subset whole 10 MB CJK faces per document, and that work,
// not ours, dominated the build. One cut serves all the documents, so that the PDF writer can
// compress it once for all of them.
func faceData(s *fonts.Set, docs []*page.Document) (map[string][]byte, error) {
	used := map[string]*strings.Builder{}
	text := func(role string) *strings.Builder {
		b := used[role]
		if b == nil {
			b = &strings.Builder{}
			used[role] = b
		}
		return b
	}
	var walk func(items []page.Item)
	walk = func(items []page.Item) {
		for _, it := range items {
			switch it := it.(type) {
			case page.Text:
				text(it.Font).WriteString(it.S)
			case page.Group:
				walk(it.Items)
			}
		}
	}
	for _, doc := range docs {
		for _, p := range doc.Pages {
			walk(p.Items)
		}
		if doc.Print != nil && doc.Print.Marks {
			// The slug line is set by the PDF writer in the body face.
			text(fonts.Song).WriteString(doc.Print.Slug + "0123456789第页共/ ")
		}
	}
	roles := []string{fonts.Song, fonts.SongBold, fonts.Hei, fonts.Kai}
	cut := make([][]byte, len(roles))
	errs := make([]error, len(roles))
	each(len(roles), func(i int) {
		f := s.Face(roles[i])
		if f == nil {
			return
		}
		b, ok := used[roles[i]]
		if !ok {
			cut[i] = f.Data
			return
		}
		if cut[i], errs[i] = f.Subset(b.String()); errs[i] != nil {
			errs[i] = fmt.Errorf("subsetting the %s face: %w", roles[i], errs[i])
		}
	})
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	m := map[string][]byte{}
	for i, role := range roles {
		if cut[i] != nil {
			m[role] = cut[i]
		}
	}
	return m, nil
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

// writeAll writes a report's PDFs and PNG pages as one: each to a temporary file first, then all
// renamed into place, and if one of them cannot be (its name is a folder, the disk is full) the
// others are put back as they were. A failed build so leaves every previous file untouched, not
// one new and one old; a reader never sees a half-written PDF.
func writeAll(built []output) error {
	outs := files(built)
	tmps := make([]string, len(outs))
	for i, o := range outs {
		t, err := writeTemp(o.path, o.data)
		if err != nil {
			removeAll(tmps)
			return err
		}
		tmps[i] = t
	}
	// the PDFs they replace are kept under a second name until every rename has worked
	backups := make([]string, len(outs))
	for i, o := range outs {
		if _, err := os.Lstat(o.path); err == nil {
			b := tmps[i] + ".old"
			if err := os.Link(o.path, b); err == nil {
				backups[i] = b
			}
		}
	}
	for i, o := range outs {
		if err := os.Rename(tmps[i], o.path); err != nil {
			for j := range i {
				if backups[j] != "" {
					os.Rename(backups[j], outs[j].path)
					backups[j] = ""
				} else {
					os.Remove(outs[j].path)
				}
			}
			removeAll(backups)
			removeAll(tmps)
			return err
		}
		tmps[i] = ""
	}
	removeAll(backups)
	return nil
}

// removeAll removes the files named, skipping empty names.
func removeAll(names []string) {
	for _, n := range names {
		if n != "" {
			os.Remove(n)
		}
	}
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

// printErr prints an error as the editor needs it: one FILE:LINE:COL line per problem.
func printErr(w io.Writer, file string, err error) {
	var list report.Errors
	var one *report.Error
	switch {
	case errors.As(err, &list):
		for _, e := range list {
			fmt.Fprintln(w, e.Error())
		}
	case errors.As(err, &one):
		fmt.Fprintln(w, one.Error())
	default:
		msg := err.Error()
		var pe *fs.PathError
		if errors.As(err, &pe) && pe.Path == file {
			msg = file + ": " + pe.Err.Error() // not "file: open file: …"
		}
		if !strings.HasPrefix(msg, file) {
			msg = file + ": " + msg
		}
		fmt.Fprintln(w, msg)
	}
}

// newFlags is a subcommand's flag set, printing the command's usage on -h or a bad flag.
func newFlags(name string, stderr io.Writer) *flag.FlagSet {
	flags := flag.NewFlagSet(name, flag.ContinueOnError)
	flags.SetOutput(stderr)
	flags.Usage = func() { fmt.Fprint(stderr, usage) }
	return flags
}

// parseFlags parses args, flags before or after the files (spread build data.yaml -o x, as
// go build and typst take them); when it returns false the command ends with code (0 after -h).
func parseFlags(flags *flag.FlagSet, args []string) (code int, ok bool) {
	if err := flags.Parse(flagsFirst(flags, args)); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK, false
		}
		return exitUsage, false
	}
	return exitOK, true
}

// flagsFirst moves the flags of args (with their values) before the other arguments, which
// follow a "--" so that a file name starting with "-" after a flag stays a file name.
func flagsFirst(flags *flag.FlagSet, args []string) []string {
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
		if i+1 < len(args) {
			i++
			fl = append(fl, args[i])
		}
	}
	return append(append(fl, "--"), pos...)
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
	if code, ok := parseFlags(flags, args); !ok {
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
	return buildAll(ctx, files, outDir, profs, formats, base, stdout, stderr)
}

// buildAll builds every file, in parallel on all cores with the faces parsed once, and prints a
// progress line when stderr is a terminal and there is more than one file.
func buildAll(ctx context.Context, files []string, outDir string, profs []profile, formats formats, base *fonts.Set, stdout, stderr io.Writer) int {
	// A worker keeps only what it will print of a finished file, so a batch's memory does not
	// grow with the number of reports.
	type written struct {
		path         string
		pages, bytes int
	}
	type result struct {
		files    []written
		warnings []string // what check would warn of, said by build as well
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
				outs, err := renderAs(files[i], outDir, profs, base, formats)
				var wrote []written
				if err == nil && ctx.Err() != nil {
					err = errInterrupted // Ctrl-C: what is built is not written
				}
				if err == nil {
					err = writeAll(outs)
				}
				var warns []string
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
					for _, f := range pdf.DocumentFindings(o.doc) {
						if f.Severity == "warning" {
							warns = append(warns, findingLine(files[i], o.path, f))
						}
					}
				}
				results[i] = result{wrote, warns, err}
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
	stopped := 0
	for i, res := range results {
		if res.err == nil && res.files == nil && ctx.Err() != nil || errors.Is(res.err, errInterrupted) {
			stopped++ // interrupted before or after it was built: nothing of it written
			continue
		}
		if res.err != nil {
			printErr(stderr, files[i], res.err)
			code = exitData
			continue
		}
		for _, w := range res.warnings {
			fmt.Fprintln(stderr, w)
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
		fmt.Fprintf(stderr, "spread: interrupted: %d of %d reports not built; their previous PDFs are untouched\n", stopped, len(files))
		code = exitData
	}
	return code
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
