package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// hookBinary builds the command with the test hook that pauses a build at a named phase.
func hookBinary(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := filepath.Join(t.TempDir(), "spread")
	if out, err := exec.Command("go", "build", "-tags", "spreadhook", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// oldOutputs puts a stand-in previous PDF at every output of the stems given, and returns them.
func oldOutputs(t *testing.T, out string, stems ...string) map[string][]byte {
	t.Helper()
	if err := os.MkdirAll(out, 0o755); err != nil {
		t.Fatal(err)
	}
	old := map[string][]byte{}
	for _, stem := range stems {
		for _, prof := range []string{"print", "briefing"} {
			path := filepath.Join(out, stem+"-"+prof+".pdf")
			old[path] = []byte("previous " + path)
			if err := os.WriteFile(path, old[path], 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	return old
}

// oldPictures puts a stand-in previous PNG at the first page of each profile of stem.
func oldPictures(t *testing.T, out string, old map[string][]byte, stem string) {
	t.Helper()
	for _, prof := range []string{"print", "briefing"} {
		path := filepath.Join(out, stem+"-"+prof+"-1.png")
		old[path] = []byte("previous " + path)
		if err := os.WriteFile(path, old[path], 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// outputState says of each report whether all its outputs — both PDFs, and the PNG pages there
// were before or are now — are the previous ones ("old") or all new ones ("new"), and fails on
// a mix, a half-written file or a temporary left behind.
func outputState(t *testing.T, out string, old map[string][]byte, stems ...string) map[string]string {
	t.Helper()
	entries, _ := os.ReadDir(out)
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".tmp") || strings.HasSuffix(e.Name(), ".old") {
			t.Errorf("left behind: %s", e.Name())
		}
	}
	state := map[string]string{}
	for _, stem := range stems {
		paths := map[string]bool{}
		for _, prof := range []string{"print", "briefing"} {
			paths[filepath.Join(out, stem+"-"+prof+".pdf")] = true
			for path := range old {
				if isPicture(out, stem, prof, path) {
					paths[path] = true
				}
			}
			for _, e := range entries {
				if path := filepath.Join(out, e.Name()); isPicture(out, stem, prof, path) {
					paths[path] = true
				}
			}
		}
		got := map[string]string{}
		for _, path := range slices.Sorted(maps.Keys(paths)) {
			b, err := os.ReadFile(path)
			switch {
			case err != nil:
				t.Errorf("%s: %v", path, err)
			case bytes.Equal(b, old[path]):
				got[path] = "old"
			case strings.HasSuffix(path, ".pdf") && bytes.HasPrefix(b, []byte("%PDF-")) && bytes.Contains(b[max(0, len(b)-32):], []byte("%%EOF")):
				got[path] = "new"
			case strings.HasSuffix(path, ".png") && bytes.HasPrefix(b, []byte("\x89PNG\r\n\x1a\n")) && bytes.HasSuffix(b, []byte("IEND\xaeB`\x82")):
				got[path] = "new"
			default:
				t.Errorf("%s: neither the previous file nor a whole new one (%d bytes)", path, len(b))
			}
		}
		for _, path := range slices.Sorted(maps.Keys(got)) {
			if prev, ok := state[stem]; ok && prev != got[path] {
				t.Errorf("%s: %s is %s, an output before it %s: a report's outputs are one unit", stem, path, got[path], prev)
				break
			}
			state[stem] = got[path]
		}
	}
	return state
}

// isPicture reports whether path is the PNG of a page of stem's profile prof in out.
func isPicture(out, stem, prof, path string) bool {
	name, ok := strings.CutPrefix(path, filepath.Join(out, stem+"-"+prof+"-"))
	n, err := strconv.Atoi(strings.TrimSuffix(name, ".png"))
	return ok && strings.HasSuffix(name, ".png") && err == nil && n > 0
}

// A signal at each moment of a build, of PDFs or of PDFs and PNG pages — after loading, between
// writing the temporary files, between the renames, after them — stops it with 130 (SIGINT) or
// 143 (SIGTERM), a line saying what was not built, no temporary file left, and the report's
// previous outputs, PDFs and PNGs, either untouched or, once every rename is done, all new.
func TestSignalAtEveryPhase(t *testing.T) {
	bin := hookBinary(t)
	for _, format := range []string{"pdf", "pdf,png"} {
		for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM} {
			for _, phase := range []string{"load", "temp", "rename", "renamed"} {
				t.Run(fmt.Sprintf("%s/%s/%s", format, sig, phase), func(t *testing.T) {
					signalAtPhase(t, bin, format, sig, phase)
				})
			}
		}
	}
}

// signalAtPhase builds the seed as -format says, sends sig when the build reaches phase, and
// checks the status, the line said and that the outputs are all old or all new.
func signalAtPhase(t *testing.T, bin, format string, sig syscall.Signal, phase string) {
	dir := seedCopy(t)
	out := filepath.Join(dir, "out")
	old := oldOutputs(t, out, "data")
	if strings.Contains(format, "png") {
		oldPictures(t, out, old, "data")
	}
	cmd := exec.Command(bin, "build", "-format", format, "-o", out, "data.yaml")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "SPREAD_HOOK="+phase)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	lines := bufio.NewScanner(stderr)
	var said []string
	for lines.Scan() {
		said = append(said, lines.Text())
		if lines.Text() == "hook: "+phase {
			if err := cmd.Process.Signal(sig); err != nil {
				t.Fatal(err)
			}
			break
		}
	}
	for lines.Scan() {
		said = append(said, lines.Text())
	}
	err = cmd.Wait()
	var exit *exec.ExitError
	if !errors.As(err, &exit) {
		t.Fatalf("spread build: %v; stderr %q", err, said)
	}
	name := map[syscall.Signal]string{syscall.SIGINT: "SIGINT", syscall.SIGTERM: "SIGTERM"}[sig]
	if want := 128 + int(sig); exit.ExitCode() != want {
		t.Errorf("exit %d, want %d; stderr %q", exit.ExitCode(), want, said)
	}
	text := strings.Join(said, "\n")
	want := "spread: interrupted by " + name + ": 1 of 1 reports not built (data.yaml); their previous PDFs are untouched"
	if phase == "renamed" {
		want = "spread: interrupted by " + name + " after every report was built"
	}
	if !strings.Contains(text, want) {
		t.Errorf("stderr %q, want the line %q", text, want)
	}
	wantState := "old"
	if phase == "renamed" {
		wantState = "new"
	}
	if got := outputState(t, out, old, "data")["data"]; got != wantState {
		t.Errorf("outputs %s after a signal at %s, want %s", got, phase, wantState)
	}
	if strings.Contains(format, "png") && wantState == "new" {
		if _, err := os.Stat(filepath.Join(out, "data-briefing-2.png")); err != nil {
			t.Errorf("a finished build without its second briefing page: %v", err)
		}
	}
}

// A signal at any moment of a batch leaves each report all old or all new and nothing else:
// the real binary, no hook, signals sent after a sweep of delays.
func TestSignalDuringBatch(t *testing.T) {
	bin := hookBinary(t)
	dir := seedCopy(t)
	data, err := os.ReadFile(filepath.Join(dir, "data.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	stems := []string{"r1", "r2", "r3", "r4", "r5", "r6"}
	var files []string
	for _, s := range stems {
		if err := os.WriteFile(filepath.Join(dir, s+".yaml"), data, 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, s+".yaml")
	}
	for i, delay := range []time.Duration{5, 20, 40, 70, 100, 150, 220, 300} {
		sig := []syscall.Signal{syscall.SIGINT, syscall.SIGTERM}[i%2]
		delay *= time.Millisecond
		out := filepath.Join(dir, fmt.Sprintf("out%d", i))
		old := oldOutputs(t, out, stems...)
		cmd := exec.Command(bin, append([]string{"build", "-o", out}, files...)...)
		cmd.Dir = dir
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(delay)
		cmd.Process.Signal(sig)
		err := cmd.Wait()
		code := 0
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			code = exit.ExitCode() // -1: the signal came before the command took signals in
		}
		state := outputState(t, out, old, stems...)
		news := 0
		for _, s := range state {
			if s == "new" {
				news++
			}
		}
		t.Logf("%v after %v: exit %d, %d of %d reports new", sig, delay, code, news, len(stems))
		switch code {
		case 0:
			if news != len(stems) {
				t.Errorf("exit 0 with %d of %d reports new", news, len(stems))
			}
		case 128 + int(sig):
			if !strings.Contains(stderr.String(), "spread: interrupted by ") {
				t.Errorf("exit %d without saying what was stopped: %q", code, stderr.String())
			}
		case -1:
			if news != 0 {
				t.Errorf("killed before it started, yet %d reports new", news)
			}
		default:
			t.Errorf("exit %d after %v: %s", code, sig, stderr.String())
		}
	}
}

// Cancelled before it starts (the Ctrl-C of a test), a build writes nothing and says so.
func TestInterruptedStatus(t *testing.T) {
	for sig, want := range map[syscall.Signal]int{syscall.SIGINT: 130, syscall.SIGTERM: 143} {
		ctx, cancel := context.WithCancelCause(context.Background())
		cancel(stopSignal{sig})
		if got := interruptedStatus(ctx); got != want {
			t.Errorf("%v: exit %d, want %d", sig, got, want)
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if got := interruptedStatus(ctx); got != exitData {
		t.Errorf("a cancellation that was no signal: exit %d, want %d", got, exitData)
	}
}
