package main

import (
	"fmt"
	"io"

	"spread/fonts"
	"spread/pdf"
	"spread/report"
)

// check validates files as build does, writes the PDFs only to memory, and prints the
// preflight findings a print shop would raise. Warnings alone exit 0 unless -strict.
func check(args []string, stdout, stderr io.Writer) int {
	flags := newFlags("check", stderr)
	strict := flags.Bool("strict", false, "treat preflight warnings as errors")
	diagFormat := diagFlag(flags)
	if code, ok := parseFlags(flags, args, stdout); !ok {
		return code
	}
	diag := *diagFormat
	files := flags.Args()
	if len(files) == 0 {
		fmt.Fprintln(stderr, "spread check: name at least one data file")
		return exitUsage
	}
	base, err := fonts.Embedded()
	if err != nil {
		fmt.Fprintf(stderr, "spread: embedded fonts: %v\n", err)
		return exitData
	}
	code := exitOK
	for _, file := range files {
		outs, warns, err := render(file, "", allProfiles(), base)
		if err != nil {
			diag.errors(stderr, file, err)
			code = exitData
			continue
		}
		problems := 0
		src := sources{}
		for _, w := range warns {
			diag.at(stdout, src, warningLine(w), w.Pos)
			if *strict {
				problems++
			}
		}
		for _, o := range outs {
			for _, f := range pdf.Preflight(o.doc, o.pdf) {
				diag.finding(stdout, src, file, o.path, f)
				if f.Severity == "error" || (f.Severity == "warning" && *strict) {
					problems++
				}
			}
		}
		if problems > 0 {
			code = exitData
			continue
		}
		fmt.Fprintf(stdout, "%s: ok\n", file)
	}
	return code
}

// profileOf recovers the profile name from an output path stem-PROFILE.pdf.
func profileOf(path string) string {
	for _, p := range allProfiles() {
		if len(path) > len(p.name)+4 && path[len(path)-len(p.name)-4:len(path)-4] == p.name {
			return p.name
		}
	}
	return path
}

// warningLine is a warning of the data as check and build print it, at its FILE:LINE:COL.
func warningLine(w *report.Error) string {
	return fmt.Sprintf("%s: warning: %s", w.Pos, w.Msg)
}

// findingLine is a preflight finding as check and build print it: where (the data's position
// of what caused it, else the file), the profile and page, the severity and the message.
func findingLine(file, pdfPath string, f pdf.Finding) string {
	where := file
	if f.Source != "" {
		where = f.Source
	}
	where += ": " + profileOf(pdfPath)
	if f.Page > 0 {
		where += fmt.Sprintf(" page %d", f.Page)
	}
	return fmt.Sprintf("%s: %s: %s", where, f.Severity, f.Msg)
}
