package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// TestServeInABrowser loads spread serve's page in headless Chromium, driven through the
// DevTools protocol by test/browser/preview.mjs (puppeteer-core): the pictures of both profiles
// show, a broken save shows its FILE:LINE:COL lines within a few seconds above the pictures,
// which stay, and the fix takes the lines away and brings new pictures. It skips when Chromium,
// node or the script's packages (npm ci in test/browser) are missing; .ci/run installs them.
func TestServeInABrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("a real browser: not in -short")
	}
	chromium := os.Getenv("CHROMIUM")
	if chromium == "" {
		chromium = "/usr/bin/chromium"
	}
	if _, err := os.Stat(chromium); err != nil {
		t.Skipf("no Chromium at %s (apt-get install chromium, or set CHROMIUM): %v", chromium, err)
	}
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node is not installed: it drives the browser (test/browser/preview.mjs)")
	}
	script, err := filepath.Abs(filepath.Join(repoRoot, "test", "browser", "preview.mjs"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(filepath.Dir(script), "node_modules", "puppeteer-core")); err != nil {
		t.Skip("puppeteer-core is not installed: run npm ci in test/browser")
	}
	dir := seedCopy(t)
	file := filepath.Join(dir, "data.yaml")
	good, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	broken := filepath.Join(t.TempDir(), "broken.yaml")
	if err := os.WriteFile(broken, brokenKey(good), 0o644); err != nil {
		t.Fatal(err)
	}
	url, stderr, stop := startServe(t, file, "48")
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, node, script, url+"/", file, broken, "2", "5")
	cmd.Env = append(os.Environ(), "CHROMIUM="+chromium)
	out, err := cmd.CombinedOutput()
	t.Logf("%s", out)
	if err != nil {
		t.Errorf("the browser did not see it all: %v\nserve said: %s", err, stderr.String())
	}
	if code := stop(); code != exitOK {
		t.Errorf("serve ended with %d at Ctrl-C", code)
	}
}
