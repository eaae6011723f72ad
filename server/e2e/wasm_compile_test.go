package e2e

import (
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// wasmCounter is a reverse proxy in front of the server that counts its
// answers for app.wasm: whole files sent, and revalidations (304). The
// page's, its workers' and its service worker's requests all go through
// it, where the browser's own tools see only the page's.
type wasmCounter struct {
	URL string

	mu                sync.Mutex
	full, notModified int
}

func countWasm(t *testing.T, s *server) *wasmCounter {
	t.Helper()
	target, err := url.Parse(s.URL)
	if err != nil {
		t.Fatal(err)
	}
	c := &wasmCounter{}
	proxy := httputil.NewSingleHostReverseProxy(target)
	proxy.ModifyResponse = func(res *http.Response) error {
		if res.Request.URL.Path == "/web/app.wasm" {
			c.mu.Lock()
			switch res.StatusCode {
			case http.StatusOK:
				c.full++
			case http.StatusNotModified:
				c.notModified++
			}
			c.mu.Unlock()
		}
		return nil
	}
	front := httptest.NewServer(proxy)
	t.Cleanup(front.Close)
	c.URL = front.URL
	return c
}

// counts returns the whole files sent and the revalidations so far.
func (c *wasmCounter) counts() (full, notModified int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.full, c.notModified
}

// On a first visit, app.wasm is compiled by a worker, not by the page's
// main thread, and it crosses the network once: the service worker,
// registered once the WebAssembly has started, finds it in the HTTP cache.
func TestFirstVisitCompilesInAWorkerAndDownloadsOnce(t *testing.T) {
	s := countWasm(t, startServer(t, nil))
	b := newBrowser(t, 412, 823)
	b.run(t, "open the landing page", chromedp.Navigate(s.URL+"/"))
	waitLive(t, b)
	if !eval[bool](t, b, "the worker's module", `(async () => (await window.mespointsCompiling) instanceof WebAssembly.Module)()`) {
		t.Error("the app did not start from the module the worker compiled")
	}
	waitServiceWorker(t, b)
	full, revalidated := s.counts()
	if full != 1 {
		t.Errorf("app.wasm was sent %d times on a first visit, want once", full)
	}
	if revalidated < 1 {
		t.Errorf("the service worker's install did not revalidate app.wasm (%d × 304)", revalidated)
	}
	b.checkClean(t)
}

// The page asks for app.wasm as soon as it is read, without waiting for
// any file of its own (its stylesheet, its scripts, its icons): held back
// by the network until app.wasm has been asked for, they do not keep it
// from being asked, and the app then starts (the worker that compiles it
// is made from the page's own text).
func TestAppWasmIsAskedBeforeThePagesFiles(t *testing.T) {
	s := startServer(t, nil)
	target, err := url.Parse(s.URL)
	if err != nil {
		t.Fatal(err)
	}
	proxy := httputil.NewSingleHostReverseProxy(target)
	asked := make(chan struct{})
	var once sync.Once
	var waitedFor sync.Map
	front := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/web/app.wasm":
			once.Do(func() { close(asked) })
		case "/":
		default:
			select {
			case <-asked:
			case <-time.After(10 * time.Second):
				waitedFor.Store(r.URL.Path, true)
			}
		}
		proxy.ServeHTTP(w, r)
	}))
	t.Cleanup(front.Close)
	b := newBrowser(t, 412, 823)
	b.run(t, "open the landing page", chromedp.Navigate(front.URL+"/"))
	waitLive(t, b)
	waitedFor.Range(func(path, _ any) bool {
		t.Errorf("app.wasm was not asked for until %s had arrived", path)
		return true
	})
	b.checkClean(t)
}

// A copy of app.wasm in the HTTP cache whose version is not the one the
// page expects is not compiled: the worker asks the server again. (A page
// the service worker controls gets every file from the same version's
// cache; this is about the HTTP cache, so the browser here has none.)
func TestAnotherVersionsCopyIsAskedAgain(t *testing.T) {
	s := countWasm(t, startServer(t, nil))
	b := newBrowser(t, 412, 823)
	if _, err := chromedp.Call(b.ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{
		Source: `delete Navigator.prototype.serviceWorker;`,
	}); err != nil {
		t.Fatal(err)
	}
	b.run(t, "open the landing page", chromedp.Navigate(s.URL+"/?wasm=false"))
	if eval[bool](t, b, "no service worker", `"serviceWorker" in navigator`) {
		t.Fatal("the page still has service workers")
	}
	// No WebAssembly started: the page holds only the functions, and
	// nothing downloaded app.wasm yet.
	if eval[bool](t, b, "nothing compiled", `!!window.mespointsCompiling`) {
		t.Fatal("the compilation started on a page that asked for no WebAssembly")
	}
	if !eval[bool](t, b, "compile the current version", `(async () =>
  (await mespointsCompileInWorker("/web/app.wasm", goappGetenv("GOAPP_VERSION"))) instanceof WebAssembly.Module)()`) {
		t.Fatal("the worker did not compile the current version")
	}
	full, revalidated := s.counts()
	if full != 1 || revalidated != 0 {
		t.Fatalf("first compilation: %d × 200, %d × 304; want 1 and 0", full, revalidated)
	}
	if !eval[bool](t, b, "compile again, same version", `(async () =>
  (await mespointsCompileInWorker("/web/app.wasm", goappGetenv("GOAPP_VERSION"))) instanceof WebAssembly.Module)()`) {
		t.Fatal("the worker did not compile from the HTTP cache")
	}
	if full2, revalidated2 := s.counts(); full2 != full || revalidated2 != revalidated {
		t.Errorf("the same version was asked of the server again: %d × 200, %d × 304", full2, revalidated2)
	}
	if !eval[bool](t, b, "compile expecting another version", `(async () =>
  (await mespointsCompileInWorker("/web/app.wasm", "0000000000000000")) instanceof WebAssembly.Module)()`) {
		t.Fatal("the worker did not compile after asking the server again")
	}
	if full3, revalidated3 := s.counts(); full3+revalidated3 != full+revalidated+1 {
		t.Errorf("a copy of another version was compiled without asking the server: %d × 200, %d × 304", full3, revalidated3)
	}
	b.checkClean(t)
}

// A browser that cannot run the worker still runs the app: the page
// downloads and compiles app.wasm itself, as go-app does.
func TestWithoutAWorkerThePageCompilesItself(t *testing.T) {
	s := countWasm(t, startServer(t, nil))
	b := newBrowser(t, 412, 823)
	if _, err := chromedp.Call(b.ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{
		Source: `delete window.Worker;`,
	}); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	b.run(t, "open the landing page", chromedp.Navigate(s.URL+"/"), chromedp.WaitVisible("main h1"))
	waitLive(t, b)
	if eval[bool](t, b, "no worker", `typeof Worker !== "undefined"`) {
		t.Fatal("the page still has workers")
	}
	if got := eval[string](t, b, "the landing page", `document.querySelector("main h1").textContent`); !strings.Contains(got, "Consultez le solde") {
		t.Errorf("h1 = %q", got)
	}
	if full, _ := s.counts(); full != 1 {
		t.Errorf("app.wasm was sent %d times, want once", full)
	}
	t.Logf("live without a worker after %v", time.Since(start).Round(time.Millisecond))
	b.checkClean(t)
}
