package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"runtime/debug"
	"strings"
	"testing"
)

func TestVersionLine(t *testing.T) {
	platform := " " + runtime.GOOS + "/" + runtime.GOARCH
	vcs := func(rev, at, modified string) []debug.BuildSetting {
		return []debug.BuildSetting{{Key: "vcs", Value: "git"}, {Key: "vcs.revision", Value: rev},
			{Key: "vcs.time", Value: at}, {Key: "vcs.modified", Value: modified}}
	}
	rev := "455bd901a684c1f0b7a0e3d3f1f0e2c4d5a6b7c8"
	for _, c := range []struct {
		name string
		info *debug.BuildInfo
		ok   bool
		want string
	}{
		{"a checkout with changes", &debug.BuildInfo{GoVersion: "go1.26.8",
			Main:     debug.Module{Path: "spread", Version: "v0.0.0-20261201234443-455bd901a684+dirty"},
			Settings: vcs(rev, "2026-12-01T23:44:43Z", "true")},
			true, "spread v0.0.0-20261201234443-455bd901a684+dirty (commit 455bd901a684+modified, 2026-12-01T23:44:43Z) go1.26.8" + platform},
		{"a clean tagged checkout", &debug.BuildInfo{GoVersion: "go1.26.8",
			Main:     debug.Module{Path: "spread", Version: "v1.2.0"},
			Settings: vcs(rev, "2026-12-01T23:44:43Z", "false")},
			true, "spread v1.2.0 (commit 455bd901a684, 2026-12-01T23:44:43Z) go1.26.8" + platform},
		{"(devel) without VCS information", &debug.BuildInfo{GoVersion: "go1.26.8",
			Main: debug.Module{Path: "spread", Version: "(devel)"}},
			true, "spread devel go1.26.8" + platform},
		{"go install of a version", &debug.BuildInfo{GoVersion: "go1.26.8",
			Main: debug.Module{Path: "spread", Version: "v1.2.0"}},
			true, "spread v1.2.0 go1.26.8" + platform},
		{"no build information", nil, false, "spread devel " + runtime.Version() + platform},
	} {
		if got := versionLine(c.info, c.ok); got != c.want {
			t.Errorf("%s:\n%q, want\n%q", c.name, got, c.want)
		}
	}
}

func TestVersionCommands(t *testing.T) {
	code, out, _ := runCmd(t, "version")
	if code != exitOK || !strings.HasPrefix(out, "spread ") || !strings.HasSuffix(out, runtime.GOOS+"/"+runtime.GOARCH+"\n") {
		t.Errorf("spread version: exit %d, %q", code, out)
	}
	for _, flag := range []string{"--version", "-version"} {
		if c, o, _ := runCmd(t, flag); c != exitOK || o != out {
			t.Errorf("spread %s: exit %d, %q; want what spread version says, %q", flag, c, o, out)
		}
	}
	if c, _, _ := runCmd(t, "version", "extra"); c != exitUsage {
		t.Errorf("spread version extra: exit %d, want %d", c, exitUsage)
	}
}

// TestVersionOfABuiltBinary builds the command in this checkout and checks that it names the
// commit it was built from. The go command stamps VCS information only where .git is a folder
// (golang/go#58218): in a linked git worktree the test is skipped; a clone, as CI has, runs it.
func TestVersionOfABuiltBinary(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	top, err := exec.Command("git", "rev-parse", "--show-toplevel").Output()
	if err != nil {
		t.Skipf("not in a git checkout: %v", err)
	}
	root := strings.TrimSpace(string(top))
	if st, err := os.Stat(filepath.Join(root, ".git")); err != nil || !st.IsDir() {
		t.Skipf("%s is a linked git worktree (.git is a file): the go command stamps no commit there (golang/go#58218)", root)
	}
	bin := filepath.Join(t.TempDir(), "spread")
	// -buildvcs=true wins over GOFLAGS=-buildvcs=false in the environment
	if out, err := exec.Command("go", "build", "-buildvcs=true", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	head, err := exec.Command("git", "rev-parse", "HEAD").Output()
	if err != nil {
		t.Fatal(err)
	}
	status, err := exec.Command("git", "status", "--porcelain").Output()
	if err != nil {
		t.Fatal(err)
	}
	want := "(commit " + string(head[:12])
	if len(status) > 0 {
		want += "+modified"
	}
	line := regexp.MustCompile(`^spread \S+ \(commit [0-9a-f]{12}(\+modified)?, \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\) go\S+ \S+/\S+\n$`)
	for _, arg := range []string{"version", "--version"} {
		out, err := exec.Command(bin, arg).Output()
		if err != nil {
			t.Fatalf("spread %s: %v", arg, err)
		}
		if !line.Match(out) || !strings.Contains(string(out), want+",") {
			t.Errorf("spread %s: %q, want a line with %q", arg, out, want)
		}
	}
}

func TestHelpListsACommandsFlagsAndDefaults(t *testing.T) {
	for _, c := range []struct {
		cmd  string
		want []string
	}{
		{"build", []string{"usage: spread build [flags] [FILE...]",
			"  -diagnostic-format FORMAT (default \"human\")\n",
			"  -o string (default \"out\")\n      folder for the PDFs\n",
			"  -profile string (default \"print,briefing\")\n      profiles to build: print, briefing\n",
			"  -format string (default \"pdf\")\n", "  -ppi int (default 96)\n", "  -marks (default false)\n"}},
		{"serve", []string{"usage: spread serve [flags] [FILE]",
			"  -addr string (default \"127.0.0.1:7777\")\n", "  -ppi int (default 96)\n",
			"  -diagnostic-format FORMAT (default \"human\")\n"}},
		{"check", []string{"usage: spread check [flags] FILE...",
			"  -diagnostic-format FORMAT (default \"human\")\n",
			"  -strict (default false)\n      treat preflight warnings as errors\n"}},
		{"watch", []string{"usage: spread watch [flags] [FILE]",
			"  -diagnostic-format FORMAT (default \"human\")\n", "  -o string (default \"out\")\n",
			"  -profile string (default \"print,briefing\")\n"}},
		{"version", []string{"usage: spread version\n"}},
	} {
		code, help, stderr := runCmd(t, "help", c.cmd)
		if code != exitOK || stderr != "" {
			t.Errorf("spread help %s: exit %d, stderr %q", c.cmd, code, stderr)
		}
		for _, w := range c.want {
			if !strings.Contains(help, w) {
				t.Errorf("spread help %s does not say %q:\n%s", c.cmd, w, help)
			}
		}
		for _, h := range []string{"-h", "-help", "--help"} {
			if code, out, _ := runCmd(t, c.cmd, h); code != exitOK || out != help {
				t.Errorf("spread %s %s: exit %d, output differs from spread help %s:\n%s", c.cmd, h, code, c.cmd, out)
			}
		}
	}
	if code, out, _ := runCmd(t, "help"); code != exitOK || !strings.Contains(out, "spread help COMMAND") {
		t.Errorf("spread help: exit %d, %q", code, out)
	}
	if code, _, stderr := runCmd(t, "help", "frobnicate"); code != exitUsage || !strings.Contains(stderr, "build, check, serve, version, watch") {
		t.Errorf("spread help frobnicate: exit %d, stderr %q", code, stderr)
	}
	// a bad flag: the error and where to look, on stderr, exit 2
	code, out, stderr := runCmd(t, "check", "-nosuch", "x.yaml")
	if code != exitUsage || out != "" || !strings.Contains(stderr, "-nosuch") || !strings.Contains(stderr, "spread help check") {
		t.Errorf("spread check -nosuch: exit %d, stdout %q, stderr %q", code, out, stderr)
	}
}

func TestADataFileAloneIsBuilt(t *testing.T) {
	dir := seedCopy(t)
	file := filepath.Join(dir, "data.yaml")
	out := filepath.Join(dir, "out")
	code, stdout, stderr := runCmd(t, file, "-o", out, "-profile", "print")
	if code != exitOK {
		t.Fatalf("spread %s: exit %d\n%s", file, code, stderr)
	}
	if b, err := os.ReadFile(filepath.Join(out, "data-print.pdf")); err != nil || !strings.HasPrefix(string(b), "%PDF-") {
		t.Errorf("spread FILE.yaml wrote no print PDF (%v)", err)
	}
	if !strings.Contains(stdout, "data-print.pdf") {
		t.Errorf("stdout %q does not name the PDF", stdout)
	}
	if _, err := os.Stat(filepath.Join(out, "data-briefing.pdf")); err == nil {
		t.Error("-profile print after the file was ignored")
	}
	yml := filepath.Join(dir, "other.YML")
	if err := os.Rename(file, yml); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := runCmd(t, yml, "-o", out, "-profile", "print"); code != exitOK {
		t.Errorf("spread %s: exit %d\n%s", yml, code, stderr)
	}
	if code, _, _ := runCmd(t, "data.txt"); code != exitUsage {
		t.Errorf("spread data.txt: exit %d, want %d (an unknown command)", code, exitUsage)
	}
}

// TestFlagsAfterTheFilesAreUsageErrorsOrWork: a flag after the files that is unknown or lacks
// its value ends the command with exit 2 before anything is built; before this, "build FILE -o"
// built FILE into a folder named "--".
func TestFlagsAfterTheFilesAreUsageErrorsOrWork(t *testing.T) {
	dir := seedCopy(t)
	t.Chdir(dir)
	for _, args := range [][]string{
		{"build", "data.yaml", "-o"},
		{"data.yaml", "-profile"},
		{"build", "data.yaml", "-nosuch"},
		{"build", "data.yaml", "-o", "x", "-strict"},
		{"check", "data.yaml", "-diagnostic-format"},
		{"watch", "data.yaml", "-o"},
	} {
		code, _, stderr := runCmd(t, args...)
		if code != exitUsage {
			t.Errorf("spread %v: exit %d, want %d\n%s", args, code, exitUsage, stderr)
		}
		if !strings.Contains(stderr, "usage: spread") {
			t.Errorf("spread %v: stderr %q has no usage line", args, stderr)
		}
	}
	entries, err := os.ReadDir(".")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.Name() != "data.yaml" && e.Name() != "photos" {
			t.Errorf("a usage error left %s behind", e.Name())
		}
	}
	// and flags after the files, with their values, work
	if code, _, stderr := runCmd(t, "build", "data.yaml", "-o", "x", "-profile=print", "-diagnostic-format", "short"); code != exitOK {
		t.Errorf("build with flags after the file: exit %d\n%s", code, stderr)
	}
	if _, err := os.Stat(filepath.Join("x", "data-print.pdf")); err != nil {
		t.Error(err)
	}
}
