package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// TestGoModIsTidy fails when go mod tidy would change go.mod or go.sum: a requirement the code
// imports marked // indirect (as the hand-written go.mod of the first commit had them, before
// any package imported its module), one that is no longer used, or a missing checksum.
func TestGoModIsTidy(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the go command")
	}
	goCmd, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command on PATH")
	}
	// read here too, so that go test's cache keys this test on them (it does not see what the
	// go command below reads)
	for _, f := range []string{"go.mod", "go.sum"} {
		if _, err := os.ReadFile(filepath.Join(repoRoot, f)); err != nil {
			t.Fatal(err)
		}
	}
	cmd := exec.Command(goCmd, "mod", "tidy", "-diff")
	cmd.Dir = repoRoot
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	if err := cmd.Run(); err != nil {
		t.Errorf("go mod tidy -diff: %v\n%s%s", err, out.String(), errOut.String())
	}
}

// TestAnotherModuleBuildsWithSpread builds a program of another module that requires spread (a
// replace directive points at this checkout, as the README says) and lays the seed out with it:
// the patched fpdf must come with spread, since spread's own replace directives would not
// apply to that program.
func TestAnotherModuleBuildsWithSpread(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the go command")
	}
	goCmd, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command on PATH")
	}
	dir := t.TempDir()
	root, err := filepath.Abs(repoRoot)
	if err != nil {
		t.Fatal(err)
	}
	sum, err := os.ReadFile(filepath.Join(root, "go.sum"))
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]string{
		"go.mod": "module example.com/newsroom\n\ngo 1.26\n\nrequire spread v0.0.0\n\nreplace spread => " + root + "\n",
		"go.sum": string(sum), // spread's requirements' checksums, so that nothing is looked up
		"main.go": `package main

import (
	"fmt"
	"os"

	"spread/fonts"
	"spread/layout"
	"spread/pdf"
	"spread/report"
)

func main() {
	r, err := report.Load(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	faces, err := fonts.Embedded()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	doc, err := layout.Print(r, faces)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	cut, err := pdf.CutFaces(faces, doc)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	b, err := cut.Write(doc)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	os.Stdout.Write(b)
}
`,
	}
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	run := func(name string, args ...string) []byte {
		t.Helper()
		cmd := exec.Command(name, args...)
		cmd.Dir = dir
		// the module cache has what spread builds with; nothing is fetched
		cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOPROXY=off", "GOWORK=off")
		var out, errOut bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &errOut
		if err := cmd.Run(); err != nil {
			t.Fatalf("%s %v: %v\n%s", name, args, err, errOut.String())
		}
		return out.Bytes()
	}
	run(goCmd, "build", "-o", "newsroom", ".")
	pdfBytes := run(filepath.Join(dir, "newsroom"), filepath.Join(root, "data.yaml"))
	if !bytes.HasPrefix(pdfBytes, []byte("%PDF-")) || !bytes.Contains(pdfBytes, []byte("/FontFile2")) {
		t.Errorf("the other module's program wrote %d bytes, not a PDF with embedded faces", len(pdfBytes))
	}
}
