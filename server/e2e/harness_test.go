package e2e

import (
	"context"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"mespoints/server/config"
	"mespoints/server/demo"
	"mespoints/server/httpd"
	"mespoints/server/internal/testkit"
	"mespoints/server/store"
)

// server is a running Mes points server for one test.
type server struct {
	URL  string
	Logs *testkit.LogBuffer
	Cfg  config.Config
	// Srv is the server itself, for tests that look at its store and
	// sessions.
	Srv *httpd.Server

	stopOnce sync.Once
	cancel   context.CancelFunc
	done     chan error
}

// startServer starts the real server on a free loopback port, in
// development mode, with a fresh data folder. mutate may change the
// configuration first.
func startServer(t testing.TB, mutate func(*config.Config)) *server {
	t.Helper()
	root := testkit.RepoRoot(t)
	web := filepath.Join(root, "web")
	if _, err := os.Stat(filepath.Join(web, "app.wasm")); err != nil {
		t.Fatalf("web/app.wasm is missing: run `make build` (make test does) before the browser tests: %v", err)
	}
	cfg := config.Config{Addr: "127.0.0.1:0", Data: t.TempDir(), Web: web, Dev: true}
	if mutate != nil {
		mutate(&cfg)
	}
	logs := &testkit.LogBuffer{}
	log := slog.New(slog.NewJSONHandler(logs, nil))
	srv, err := httpd.New(cfg, log)
	if err != nil {
		t.Fatalf("start server: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	s := &server{URL: "http://" + srv.Addr, Logs: logs, Cfg: cfg, Srv: srv, cancel: cancel, done: make(chan error, 1)}
	go func() { s.done <- srv.Serve(ctx) }()
	t.Cleanup(func() { s.stop(t) })
	return s
}

// stop shuts the server down gracefully and waits for it.
func (s *server) stop(t testing.TB) {
	s.stopOnce.Do(func() {
		s.cancel()
		select {
		case err := <-s.done:
			if err != nil {
				t.Errorf("server stopped with an error: %v", err)
			}
		case <-time.After(20 * time.Second):
			t.Error("server did not stop within 20s")
		}
	})
}

// chromiumPath is Debian's headless Chromium, or MESPOINTS_CHROMIUM.
func chromiumPath(t testing.TB) string {
	t.Helper()
	p := os.Getenv("MESPOINTS_CHROMIUM")
	if p == "" {
		p = "/usr/bin/chromium-headless-shell"
	}
	if _, err := exec.LookPath(p); err != nil {
		t.Fatalf("headless Chromium not found at %s: run `make browser` (make test does): %v", p, err)
	}
	return p
}

// browser is a fresh headless Chromium with an empty profile, and what
// went wrong in its pages.
type browser struct {
	ctx context.Context

	mu         sync.Mutex
	exceptions []string
}

// newBrowser starts Chromium for one test, with the flags that keep it
// from reaching the internet, and a window of width×height.
func newBrowser(t testing.TB, width, height int) *browser {
	t.Helper()
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromiumPath(t)),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("lang", "fr-FR"),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(width, height),
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(actx)
	ctx, cancelTimeout := context.WithTimeout(ctx, 3*time.Minute)
	t.Cleanup(func() {
		cancelTimeout()
		cancelCtx()
		cancelAlloc()
	})
	b := &browser{ctx: ctx}
	if err := chromedp.Listen(ctx, func(ev any) {
		switch e := ev.(type) {
		case *runtime.EventExceptionThrown:
			b.addException(e.ExceptionDetails)
		case runtime.EventExceptionThrown:
			b.addException(e.ExceptionDetails)
		}
	}); err != nil {
		t.Fatalf("start Chromium: %v", err)
	}
	// Record every Content-Security-Policy violation of every page.
	if _, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{
		Source: `window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push(e.violatedDirective + " " + e.blockedURI);
});`,
	}); err != nil {
		t.Fatalf("install the CSP recorder: %v", err)
	}
	return b
}

func (b *browser) addException(d *runtime.ExceptionDetails) {
	if d == nil {
		return
	}
	text := d.Text
	if d.Exception != nil && d.Exception.Description != "" {
		text += " " + d.Exception.Description
	}
	b.mu.Lock()
	b.exceptions = append(b.exceptions, text)
	b.mu.Unlock()
}

// run runs actions in the browser's tab and fails the test on error.
func (b *browser) run(t testing.TB, what string, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(b.ctx, actions...); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

// eval evaluates a JavaScript expression, awaiting it when it is a promise.
func eval[T any](t testing.TB, b *browser, what, expr string) T {
	t.Helper()
	v, err := chromedp.Run(b.ctx, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	return v
}

// checkClean fails the test if a page threw an uncaught exception or
// violated the Content-Security-Policy.
func (b *browser) checkClean(t testing.TB) {
	t.Helper()
	b.mu.Lock()
	exc := append([]string(nil), b.exceptions...)
	b.mu.Unlock()
	if len(exc) > 0 {
		t.Errorf("uncaught exceptions in the page: %q", exc)
	}
	violations := eval[[]string](t, b, "read CSP violations", `window.__cspViolations || []`)
	if len(violations) > 0 {
		t.Errorf("Content-Security-Policy violations: %q", violations)
	}
}

// record is the demo persona login's dossier in the server's store.
func (s *server) record(t testing.TB, login string) store.Record {
	t.Helper()
	neph, ok := demo.NEPHForLogin(login)
	if !ok {
		t.Fatalf("no demo persona %s", login)
	}
	rec, err := s.Srv.Store.Get(neph)
	if err != nil {
		t.Fatal(err)
	}
	return rec
}
