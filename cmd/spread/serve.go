package main

import (
	"bytes"
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"net"
	"net/http"
	"os"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"time"

	"spread/fonts"
	"spread/raster"
)

// serve shows the pages of FILE in a browser and follows it: every save of the data, a photo or
// a font is rebuilt (as watch rebuilds), the pictures of the pages change in the open page
// without a reload, and a save that does not build shows its FILE:LINE:COL lines above the last
// pages that did. It serves the page, its event stream and the pictures of the pages, nothing
// else: no file of the folder is reachable through it. It listens on loopback unless -addr says
// otherwise, and then answers only requests addressed to a loopback name (a page elsewhere
// cannot reach it by a name of its own pointed at 127.0.0.1).
func serve(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	flags := newFlags("serve", stderr)
	addr := flags.String("addr", "127.0.0.1:7777", "address to listen on (host:port; port 0 picks a free one)")
	ppi := flags.Int("ppi", raster.DefaultPPI, "resolution of the pictures of the pages, pixels per inch")
	diagFormat := diagFlag(flags)
	if code, ok := parseFlags(flags, args, stdout); !ok {
		return code
	}
	diag := *diagFormat
	if flags.NArg() > 1 {
		fmt.Fprintln(stderr, "spread serve: one data file at a time")
		return exitUsage
	}
	if *ppi < 1 || *ppi > maxPPI {
		fmt.Fprintf(stderr, "spread: -ppi %d: want 1 to %d pixels per inch\n", *ppi, maxPPI)
		return exitUsage
	}
	file := "data.yaml"
	if flags.NArg() == 1 {
		file = flags.Arg(0)
	}
	base, err := fonts.Embedded()
	if err != nil {
		fmt.Fprintf(stderr, "spread: embedded fonts: %v\n", err)
		return exitData
	}
	serveGC()
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintf(stderr, "spread serve: %v\n", err)
		return exitData
	}
	p := newPreview(ctx, file, base, formats{png: true, raster: raster.Options{PPI: float64(*ppi), Cache: &raster.Cache{}}}, diag, stderr)
	srv := &http.Server{
		Handler:           p.handler(isLoopback(ln.Addr())),
		ReadHeaderTimeout: 10 * time.Second,
		BaseContext:       func(net.Listener) context.Context { return ctx }, // event streams end with the command
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	fmt.Fprintf(stdout, "spread serve: http://%s/ shows %s (Ctrl-C ends)\n", ln.Addr(), file)
	follow(ctx, file, p.failed, p.rebuild)
	shut, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	srv.Shutdown(shut)
	if err := <-served; err != nil && !errors.Is(err, http.ErrServerClosed) {
		fmt.Fprintf(stderr, "spread serve: %v\n", err)
		return exitData
	}
	fmt.Fprintln(stdout, "spread serve: stopped")
	return exitOK
}

// serveGC undoes tuneGC for a process that lives for hours: the pictures and photos it keeps
// (raster.Cache) are a live heap above the 64 MB soft limit meant for one build, under which the
// collector would run without pause. Go's defaults again, unless GOGC or GOMEMLIMIT say.
func serveGC() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(100)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(math.MaxInt64)
	}
}

// isLoopback reports whether a listener's address is a loopback one.
func isLoopback(a net.Addr) bool {
	t, ok := a.(*net.TCPAddr)
	return ok && t.IP.IsLoopback()
}

// preview is what serve shows: the pictures of the last good build and the state of the last.
type preview struct {
	ctx     context.Context // the command's: a rebuild stops with it
	file    string
	base    *fonts.Set
	formats formats
	diag    diagnostics // how errors are printed on the log; the page gets the short lines
	log     io.Writer

	mu      sync.Mutex
	state   previewState
	pages   map[string][][]byte // profile → PNG of each page, of the last good build
	changed chan struct{}       // closed, and replaced, at every change of state
}

// previewState is what the page is told at every change, as JSON.
type previewState struct {
	File    string         `json:"file"`
	Version int            `json:"version"` // counts changes of this state
	Build   int            `json:"build"`   // counts good builds; the pictures' URLs carry it
	Pages   map[string]int `json:"pages"`   // profile → pages of the last good build
	Errors  []string       `json:"errors"`  // FILE:LINE:COL: message lines of the last build, if it failed
}

func newPreview(ctx context.Context, file string, base *fonts.Set, f formats, diag diagnostics, log io.Writer) *preview {
	return &preview{ctx: ctx, file: file, base: base, formats: f, diag: diag, log: log, changed: make(chan struct{}),
		state: previewState{File: file, Pages: map[string]int{}, Errors: []string{}}}
}

// rebuild builds the file's pictures and publishes them, or its errors beside the last good ones.
func (p *preview) rebuild() {
	start := time.Now()
	profs := allProfiles()
	outs, warns, err := renderContext(p.ctx, p.file, "", profs, p.base, p.formats)
	if errors.Is(err, errInterrupted) {
		return // the command is ending: the page keeps what it shows
	}
	if err != nil {
		p.failed(err)
		return
	}
	for _, w := range warns {
		fmt.Fprintln(p.log, warningLine(w)) // the data's own warnings (an odd left page), for the log
	}
	pages := map[string][][]byte{}
	counts := map[string]int{}
	for i, o := range outs {
		pages[profs[i].name] = o.pngs
		counts[profs[i].name] = len(o.pngs)
	}
	p.publish(func(s *previewState) {
		p.pages = pages
		s.Build++
		s.Pages = counts
		s.Errors = []string{}
	})
	fmt.Fprintf(p.log, "%s: shown, built in %d ms\n", p.file, time.Since(start).Milliseconds())
}

// failed prints an error on the log as -diagnostic-format says and publishes its
// FILE:LINE:COL: message lines (the short format: the page lists one line a problem); the
// pictures stay those of the last good build.
func (p *preview) failed(err error) {
	p.diag.errors(p.log, p.file, err)
	var buf bytes.Buffer
	diagnostics{short: true}.errors(&buf, p.file, err)
	lines := strings.Split(strings.TrimRight(buf.String(), "\n"), "\n")
	p.publish(func(s *previewState) { s.Errors = lines })
}

func (p *preview) publish(change func(*previewState)) {
	p.mu.Lock()
	defer p.mu.Unlock()
	change(&p.state)
	p.state.Version++
	close(p.changed)
	p.changed = make(chan struct{})
}

// snapshot returns the state as JSON and the channel closed at its next change.
func (p *preview) snapshot() ([]byte, <-chan struct{}) {
	p.mu.Lock()
	defer p.mu.Unlock()
	b, _ := json.Marshal(p.state) // maps, strings and ints: cannot fail
	return b, p.changed
}

//go:embed serve.html
var previewPage []byte

// handler serves the page, /events (server-sent events: the state at once and at every
// change), /state (the same, once) and /pages/PROFILE/N (a picture of the last good build).
func (p *preview) handler(loopbackOnly bool) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Cache-Control", "no-cache")
		w.Write(previewPage)
	})
	mux.HandleFunc("GET /state", func(w http.ResponseWriter, r *http.Request) {
		b, _ := p.snapshot()
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Cache-Control", "no-store")
		w.Write(b)
	})
	mux.HandleFunc("GET /events", p.events)
	mux.HandleFunc("GET /pages/{profile}/{n}", func(w http.ResponseWriter, r *http.Request) {
		n, err := strconv.Atoi(r.PathValue("n"))
		p.mu.Lock()
		pages := p.pages[r.PathValue("profile")]
		p.mu.Unlock()
		if err != nil || n < 1 || n > len(pages) {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "image/png")
		w.Header().Set("Cache-Control", "no-cache")
		w.Write(pages[n-1])
	})
	if !loopbackOnly {
		return mux
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		host, _, err := net.SplitHostPort(r.Host)
		if err != nil {
			host = r.Host
		}
		if ip := net.ParseIP(strings.Trim(host, "[]")); !(host == "localhost" || ip != nil && ip.IsLoopback()) {
			http.Error(w, "spread serve answers requests to localhost only", http.StatusMisdirectedRequest)
			return
		}
		mux.ServeHTTP(w, r)
	})
}

// keepAlive is how often an idle event stream sends a comment, so that proxies and browsers do
// not take it for dead.
const keepAlive = 15 * time.Second

func (p *preview) events(w http.ResponseWriter, r *http.Request) {
	flusher, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-store")
	ping := time.NewTicker(keepAlive)
	defer ping.Stop()
	for {
		b, next := p.snapshot()
		if _, err := fmt.Fprintf(w, "data: %s\n\n", b); err != nil {
			return
		}
		flusher.Flush()
	wait:
		for {
			select {
			case <-r.Context().Done():
				return
			case <-ping.C:
				if _, err := io.WriteString(w, ": ping\n\n"); err != nil {
					return
				}
				flusher.Flush()
			case <-next:
				break wait
			}
		}
	}
}
