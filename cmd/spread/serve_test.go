package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"image/png"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"spread/fonts"
	"spread/raster"
)

// brokenKey is the broken save of the serve tests: an unknown key under paper, reported at its
// line and column.
func brokenKey(good []byte) []byte {
	return []byte(strings.Replace(string(good), "paper:\n", "paper:\n  colour: red\n", 1))
}

var positioned = regexp.MustCompile(`data\.yaml:\d+:\d+: .*colour`)

func get(t *testing.T, url string, header ...string) (int, string, []byte) {
	t.Helper()
	req, err := http.NewRequest("GET", url, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(header); i += 2 {
		if header[i] == "Host" {
			req.Host = header[i+1]
		} else {
			req.Header.Set(header[i], header[i+1])
		}
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, res.Header.Get("Content-Type"), b
}

func stateOf(t *testing.T, base string) previewState {
	t.Helper()
	code, _, b := get(t, base+"/state")
	var s previewState
	if code != 200 || json.Unmarshal(b, &s) != nil {
		t.Fatalf("/state: %d %q", code, b)
	}
	return s
}

// TestServeHandler: the page, its state, the pictures of the last good build and nothing else;
// a broken build shows its positioned lines while the pictures stay, the fix takes them away.
func TestServeHandler(t *testing.T) {
	dir := seedCopy(t)
	file := filepath.Join(dir, "data.yaml")
	base, err := fonts.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	p := newPreview(context.Background(), file, base, formats{png: true, raster: raster.Options{PPI: 20}}, diagnostics{}, io.Discard)
	srv := httptest.NewServer(p.handler(true))
	defer srv.Close()

	if s := stateOf(t, srv.URL); s.Build != 0 || len(s.Errors) != 0 {
		t.Errorf("before the first build: %+v", s)
	}
	p.rebuild()
	s := stateOf(t, srv.URL)
	if s.Build != 1 || s.Pages["print"] != 2 || s.Pages["briefing"] != 5 || len(s.Errors) != 0 {
		t.Fatalf("after a good build: %+v", s)
	}
	code, ctype, page := get(t, srv.URL+"/")
	if code != 200 || !strings.HasPrefix(ctype, "text/html") || !bytes.Contains(page, []byte("EventSource")) {
		t.Errorf("/: %d %s", code, ctype)
	}
	code, ctype, pic := get(t, srv.URL+"/pages/print/2?build=1")
	if code != 200 || ctype != "image/png" {
		t.Fatalf("/pages/print/2: %d %s", code, ctype)
	}
	if cfg, err := png.DecodeConfig(bytes.NewReader(pic)); err != nil || cfg.Width != 308 || cfg.Height != 430 {
		t.Errorf("print page 2 at 20 ppi: %+v, %v; want 308×430", cfg, err)
	}
	// nothing but what it renders: not the data, not the photos, not a page that is not there
	for _, path := range []string{"/data.yaml", "/photos/xinlv.jpg", "/../data.yaml", "/pages/print/3",
		"/pages/print/0", "/pages/poster/1", "/pages/print/x", "/pages/../data.yaml", "/state/x"} {
		if code, _, b := get(t, srv.URL+path); code != http.StatusNotFound {
			t.Errorf("%s: %d (%d bytes), want 404", path, code, len(b))
		}
	}
	if res, err := http.Post(srv.URL+"/", "text/plain", nil); err != nil || res.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("POST /: %v %v", res.StatusCode, err)
	}
	if code, _, _ := get(t, srv.URL+"/state", "Host", "attacker.example"); code != http.StatusMisdirectedRequest {
		t.Errorf("a request for another host name: %d, want 421", code)
	}
	for _, host := range []string{"localhost:7777", "127.0.0.1", "[::1]:80"} {
		if code, _, _ := get(t, srv.URL+"/state", "Host", host); code != 200 {
			t.Errorf("Host %s: %d", host, code)
		}
	}

	good, _ := os.ReadFile(file)
	os.WriteFile(file, brokenKey(good), 0o644)
	p.rebuild()
	s = stateOf(t, srv.URL)
	if len(s.Errors) != 1 || !positioned.MatchString(s.Errors[0]) {
		t.Errorf("a broken build's lines: %q", s.Errors)
	}
	if s.Build != 1 || s.Pages["print"] != 2 {
		t.Errorf("a broken build changed the pages shown: %+v", s)
	}
	if _, _, again := get(t, srv.URL+"/pages/print/2"); !bytes.Equal(again, pic) {
		t.Error("a broken build changed the last good picture")
	}
	os.WriteFile(file, good, 0o644)
	p.rebuild()
	if s = stateOf(t, srv.URL); s.Build != 2 || len(s.Errors) != 0 {
		t.Errorf("after the fix: %+v", s)
	}
}

// TestServeDiagnostics: serve prints a broken save's errors on its log as -diagnostic-format
// says (the source line and a caret, or the bare lines), and the page gets the bare lines alone.
func TestServeDiagnostics(t *testing.T) {
	dir := seedCopy(t)
	file := filepath.Join(dir, "data.yaml")
	good, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file, brokenKey(good), 0o644); err != nil {
		t.Fatal(err)
	}
	caret := regexp.MustCompile(`(?m)^ +\d+ \|   colour: red\n +\| +\^$`)
	for _, d := range []diagnostics{{}, {short: true}} {
		var log bytes.Buffer
		p := newPreview(context.Background(), file, nil, formats{png: true}, d, &log)
		p.rebuild()
		if got := caret.MatchString(log.String()); got == d.short || !positioned.MatchString(log.String()) {
			t.Errorf("short %v: the log %q", d.short, log.String())
		}
		if s, _ := p.snapshot(); !bytes.Contains(s, []byte(`"errors":["`)) || bytes.Contains(s, []byte(`|`)) {
			t.Errorf("short %v: the page is told %s, want the bare line", d.short, s)
		}
	}
	if code, _, stderr := runCmd(t, "serve", "-diagnostic-format", "long", file); code != exitUsage || !strings.Contains(stderr, "-diagnostic-format") {
		t.Errorf("serve -diagnostic-format long: exit %d, %q", code, stderr)
	}
}

// TestServeEvents: the event stream sends the state at once and again at every change.
func TestServeEvents(t *testing.T) {
	p := newPreview(context.Background(), "data.yaml", nil, formats{}, diagnostics{}, io.Discard)
	srv := httptest.NewServer(p.handler(true))
	defer srv.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "GET", srv.URL+"/events", nil)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if ct := res.Header.Get("Content-Type"); ct != "text/event-stream" {
		t.Fatalf("Content-Type %q", ct)
	}
	events := make(chan previewState)
	go func() {
		sc := bufio.NewScanner(res.Body)
		for sc.Scan() {
			if data, ok := strings.CutPrefix(sc.Text(), "data: "); ok {
				var s previewState
				json.Unmarshal([]byte(data), &s)
				events <- s
			}
		}
		close(events)
	}()
	next := func() previewState {
		t.Helper()
		select {
		case s := <-events:
			return s
		case <-time.After(5 * time.Second):
			t.Fatal("no event within 5 s")
		}
		return previewState{}
	}
	if s := next(); s.Version != 0 {
		t.Errorf("first event: %+v", s)
	}
	p.failed(os.ErrNotExist)
	if s := next(); s.Version != 1 || len(s.Errors) != 1 || !strings.HasPrefix(s.Errors[0], "data.yaml: ") {
		t.Errorf("after a failure: %+v", s)
	}
	p.publish(func(s *previewState) { s.Errors = []string{} })
	if s := next(); s.Version != 2 || len(s.Errors) != 0 {
		t.Errorf("after the fix: %+v", s)
	}
}

// startServe runs spread serve on file at a free loopback port until stop (Ctrl-C); it returns
// the page's address once the command has said it.
func startServe(t *testing.T, file string, ppi string) (url string, stderr *syncBuffer, stop func() int) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int, 1)
	var o syncBuffer
	stderr = &syncBuffer{}
	go func() { done <- run(ctx, []string{"serve", "-addr", "127.0.0.1:0", "-ppi", ppi, file}, &o, stderr) }()
	addr := regexp.MustCompile(`http://127\.0\.0\.1:\d+`)
	deadline := time.Now().Add(10 * time.Second)
	for url = addr.FindString(o.String()); url == "" && time.Now().Before(deadline); url = addr.FindString(o.String()) {
		time.Sleep(10 * time.Millisecond)
	}
	if url == "" {
		cancel()
		t.Fatalf("serve said no address: %q %q", o.String(), stderr.String())
	}
	return url, stderr, func() int {
		cancel()
		select {
		case code := <-done:
			return code
		case <-time.After(10 * time.Second):
			t.Fatal("serve did not stop within 10 s of Ctrl-C")
			return -1
		}
	}
}

// TestServeFollowsTheFile runs the command: it builds the file, shows a broken save's lines and
// takes them away at the fix, on its own, and ends at Ctrl-C with 0.
func TestServeFollowsTheFile(t *testing.T) {
	dir := seedCopy(t)
	file := filepath.Join(dir, "data.yaml")
	url, stderr, stop := startServe(t, file, "20")
	until := func(what string, ok func(previewState) bool) previewState {
		t.Helper()
		deadline := time.Now().Add(30 * time.Second)
		for time.Now().Before(deadline) {
			if s := stateOf(t, url); ok(s) {
				return s
			}
			time.Sleep(20 * time.Millisecond)
		}
		t.Fatalf("%s: not within 30 s (stderr %q)", what, stderr.String())
		return previewState{}
	}
	until("the first build", func(s previewState) bool { return s.Build == 1 })
	good, _ := os.ReadFile(file)
	os.WriteFile(file, brokenKey(good), 0o644)
	saved := time.Now()
	s := until("the broken save's lines", func(s previewState) bool { return len(s.Errors) > 0 })
	t.Logf("errors shown %v after the save", time.Since(saved).Round(time.Millisecond))
	if !positioned.MatchString(s.Errors[0]) || s.Build != 1 {
		t.Errorf("after a broken save: %+v", s)
	}
	os.WriteFile(file, good, 0o644)
	saved = time.Now()
	until("the fix", func(s previewState) bool { return len(s.Errors) == 0 && s.Build == 2 })
	t.Logf("rebuilt %v after the fix", time.Since(saved).Round(time.Millisecond))
	if code := stop(); code != exitOK {
		t.Errorf("serve ended with %d at Ctrl-C", code)
	}
}

func TestServeUsage(t *testing.T) {
	for _, args := range [][]string{
		{"serve", "a.yaml", "b.yaml"},
		{"serve", "-ppi", "0"},
		{"serve", "-nosuchflag"},
	} {
		if code, _, stderr := runCmd(t, args...); code != exitUsage {
			t.Errorf("spread %v: exit %d, want %d (stderr %q)", args, code, exitUsage, stderr)
		}
	}
	if code, _, stderr := runCmd(t, "serve", "-addr", "256.0.0.1:1", "x.yaml"); code != exitData || !strings.Contains(stderr, "256.0.0.1") {
		t.Errorf("an address that cannot be listened on: exit %d, %q", code, stderr)
	}
}
