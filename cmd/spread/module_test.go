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
