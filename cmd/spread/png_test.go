package main

import (
	"bytes"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestBuildPNGPages: -format pdf,png writes both PDFs and one PNG a page of each profile, named
// NAME-PROFILE-N.png, each a PNG of the page's size at -ppi; -format png writes no PDF; a second
// build gives the same bytes.
func TestBuildPNGPages(t *testing.T) {
	dir := seedCopy(t)
	file := filepath.Join(dir, "data.yaml")
	out := filepath.Join(dir, "out")
	code, stdout, stderr := runCmd(t, "build", "-format", "pdf,png", "-ppi", "40", "-o", out, file)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	// the seed is a spread of two broadsheet pages and five A4 briefing pages
	want := map[string][2]int{ // width, height at 40 ppi: ceil(mm/25.4·40 − 0.001)
		"data-print-1.png": {615, 860}, "data-print-2.png": {615, 860},
		"data-briefing-1.png": {331, 468}, "data-briefing-5.png": {331, 468},
	}
	for name, size := range want {
		b, err := os.ReadFile(filepath.Join(out, name))
		if err != nil {
			t.Fatal(err)
		}
		cfg, err := png.DecodeConfig(bytes.NewReader(b))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if cfg.Width != size[0] || cfg.Height != size[1] {
			t.Errorf("%s: %d×%d, want %d×%d", name, cfg.Width, cfg.Height, size[0], size[1])
		}
		if !strings.Contains(stdout, filepath.Join(out, name)) {
			t.Errorf("stdout does not name %s: %q", name, stdout)
		}
	}
	for _, name := range []string{"data-print.pdf", "data-briefing.pdf", "data-briefing-4.png"} {
		if _, err := os.Stat(filepath.Join(out, name)); err != nil {
			t.Error(err)
		}
	}
	if _, err := os.Stat(filepath.Join(out, "data-briefing-6.png")); err == nil {
		t.Error("a sixth briefing page was written for five pages")
	}
	first, _ := os.ReadFile(filepath.Join(out, "data-print-1.png"))

	out2 := filepath.Join(dir, "out2")
	if code, _, stderr := runCmd(t, "build", "-format", "png", "-ppi", "40", "-profile", "print", "-o", out2, file); code != exitOK {
		t.Fatalf("png only: exit %d: %s", code, stderr)
	}
	entries, _ := os.ReadDir(out2)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if strings.Join(names, " ") != "data-print-1.png data-print-2.png" {
		t.Errorf("-format png -profile print wrote %v", names)
	}
	again, _ := os.ReadFile(filepath.Join(out2, "data-print-1.png"))
	if !bytes.Equal(first, again) {
		t.Error("two builds of the same data gave different PNG bytes")
	}
}

// TestBrokenSaveKeepsPreviousPNGs: a build that fails leaves every PNG as it was, and no
// temporary file; a PNG whose name cannot be written stops the PDFs being replaced too.
func TestBrokenSaveKeepsPreviousPNGs(t *testing.T) {
	dir := seedCopy(t)
	file := filepath.Join(dir, "data.yaml")
	out := filepath.Join(dir, "out")
	args := []string{"build", "-format", "pdf,png", "-ppi", "20", "-o", out, file}
	if code, _, stderr := runCmd(t, args...); code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	snapshot := func() map[string]string {
		m := map[string]string{}
		entries, _ := os.ReadDir(out)
		for _, e := range entries {
			b, _ := os.ReadFile(filepath.Join(out, e.Name()))
			m[e.Name()] = string(b)
		}
		return m
	}
	before := snapshot()
	good, _ := os.ReadFile(file)
	if err := os.WriteFile(file, []byte(strings.Replace(string(good), "paper:\n", "paper:\n  colour: red\n", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, _ := runCmd(t, args...); code != exitData {
		t.Fatalf("broken data: exit %d, want %d", code, exitData)
	}
	after := snapshot()
	if len(after) != len(before) {
		t.Errorf("files before %d, after %d", len(before), len(after))
	}
	for name, b := range before {
		if after[name] != b {
			t.Errorf("%s changed by a failed build", name)
		}
	}

	// The fix, with the second briefing page's name taken by a folder: nothing is replaced.
	if err := os.WriteFile(file, good, 0o644); err != nil {
		t.Fatal(err)
	}
	blocked := filepath.Join(out, "data-briefing-2.png")
	os.Remove(blocked)
	if err := os.Mkdir(blocked, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(blocked, "x"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	old := []byte("the previous print PDF")
	if err := os.WriteFile(filepath.Join(out, "data-print.pdf"), old, 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, _ := runCmd(t, args...); code == exitOK {
		t.Fatal("build succeeded although a PNG's name is a folder")
	}
	if got, _ := os.ReadFile(filepath.Join(out, "data-print.pdf")); !bytes.Equal(got, old) {
		t.Error("the print PDF was replaced by a build whose PNG could not be written")
	}
	for name := range after {
		if strings.HasSuffix(name, ".tmp") || strings.HasSuffix(name, ".old") {
			t.Errorf("left behind: %s", name)
		}
	}
	for name := range snapshot() {
		if strings.HasSuffix(name, ".tmp") || strings.HasSuffix(name, ".old") {
			t.Errorf("left behind: %s", name)
		}
	}
}

func TestFormatUsageErrors(t *testing.T) {
	for _, args := range [][]string{
		{"build", "-format", "gif", "x.yaml"},
		{"build", "-format", ",", "x.yaml"},
		{"build", "-format", "png", "-ppi", "0", "x.yaml"},
		{"build", "-format", "png", "-ppi", "99999", "x.yaml"},
	} {
		if code, _, stderr := runCmd(t, args...); code != exitUsage {
			t.Errorf("spread %v: exit %d, want %d (stderr %q)", args, code, exitUsage, stderr)
		}
	}
}
