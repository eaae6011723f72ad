package web

import (
	"bytes"
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
)

// Mes points serves go-app's app.js with a few changes, each a rule below
// that must find its text exactly once: a new version of go-app that
// changed app.js stops the server instead of being served half patched.
// docs/go-app-wasm-size.md describes them.
//
//   - app.wasm is compiled off the main thread. go-app downloads it
//     through a ReadableStream of its own, to count the bytes for its
//     progress label, then compiles it on the page's main thread: every
//     chunk goes through JavaScript, and the compilation (about 90 ms in a
//     trace on the development machine, four times that under
//     Lighthouse's phone, even streamed) is most of the page's Total
//     Blocking Time. A worker (compileWorkerJS, made by the page from its
//     text) downloads and compiles it as the bytes arrive and sends back
//     the module, which the page only instantiates
//     (appjs-compile.js says how, and when the page compiles it itself).
//     The loader says « Chargement de l'application… » without a
//     percentage.
//   - The service worker is registered once the WebAssembly has started:
//     its install downloads every file of the app, app.wasm included, and
//     on a first visit that second download shared the link with the
//     page's own. Registered after, it finds app.wasm in the HTTP cache
//     (a revalidation, 304).
//   - go-app learns of a new version from the registration's updatefound
//     event, which it listens to only once register() has answered; the
//     browser's own update check, started by the navigation, may find the
//     new worker before that, and the update was then never reported (the
//     update banner did not show on a loaded machine). Mes points's worker
//     takes control of the pages as soon as it is activated (skipWaiting,
//     clients.claim), so app.js also reports an update at every change of
//     the page's controller, listened to before anything else runs; the
//     app shows the banner only on a page an older worker answered
//     (controlledAtLoad).

// appJS is app.js as Mes points serves it, with its ETag.
type appJS struct {
	body []byte
	etag string
}

// appJSRule replaces old, which must occur exactly once, by new.
type appJSRule struct{ old, new string }

// appJSRules are the changes made to go-app's app.js, in order.
func appJSRules(wasmURL string) []appJSRule {
	return []appJSRule{
		// The page no longer downloads app.wasm itself: the worker is
		// given its address.
		{`fetchWithProgress("` + wasmURL + `", showProgress)`, `"` + wasmURL + `"`},
		{"\n  const loaderIcon = document.getElementById(\"app-wasm-loader-icon\");\n",
			"\n  instantiateStreaming = mespointsCompileOffMainThread(instantiateStreaming);" +
				"\n  const loaderIcon = document.getElementById(\"app-wasm-loader-icon\");\n"},
		{"\ngoappInitServiceWorker();\ngoappWatchForUpdate();\ngoappWatchForInstallable();\ngoappInitWebAssembly();\n",
			`
// Mes points: a new version's worker takes control of the page once
// activated; that is the update, whenever its install began.
if ("serviceWorker" in navigator) {
  navigator.serviceWorker.addEventListener("controllerchange", () => goappOnUpdate());
}
goappWatchForUpdate();
goappWatchForInstallable();
// Mes points: the service worker, whose install downloads the whole app,
// is registered once the page's own download of app.wasm is over.
goappInitWebAssembly().finally(goappInitServiceWorker);
`},
	}
}

// compilePageJS is the code that compiles app.wasm in a worker, added at
// the end of app.js (see pageCompileJS).
//
//go:embed appjs-compile.js
var compilePageJS []byte

// patchAppJS returns go-app's app.js (as its handler serves it) with
// appJSRules applied and compilePageJS added. It fails if app.js is not as
// a rule expects: a new version of go-app must be checked first.
func patchAppJS(goappJS []byte, wasmURL string) ([]byte, error) {
	js := goappJS
	for _, r := range appJSRules(wasmURL) {
		if n := bytes.Count(js, []byte(r.old)); n != 1 {
			return nil, fmt.Errorf("go-app's app.js: %q found %d times, want 1: check the rule against this version of go-app", r.old, n)
		}
		js = bytes.Replace(js, []byte(r.old), []byte(r.new), 1)
	}
	return append(js, pageCompileJS()...), nil
}

// compileWorkerJS is the script of the worker that compiles app.wasm. It
// is no file of its own: the page makes the worker from its text
// (mespointsWorkerSource, a blob: URL), which spares the round trip of
// asking for it before app.wasm can be asked for.
//
//go:embed wasm-compile.js
var compileWorkerJS []byte

// newAppJS reads app.js from go-app's handler and patches it.
func newAppJS(goapp http.Handler) (*appJS, error) {
	c := newCapture()
	goapp.ServeHTTP(c, httptest.NewRequest(http.MethodGet, "/app.js", nil))
	if c.status != http.StatusOK {
		return nil, fmt.Errorf("go-app's app.js: status %d", c.status)
	}
	body, err := patchAppJS(c.body.Bytes(), wasmURL)
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(body)
	return &appJS{body: body, etag: `"` + hex.EncodeToString(sum[:8]) + `"`}, nil
}

// wasmURL is where the app's WebAssembly is served.
const wasmURL = "/web/app.wasm"

// ServeHTTP sends app.js, as go-app would: no-cache, with an ETag.
func (a *appJS) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Type", "application/javascript")
	h.Set("Cache-Control", "no-cache")
	h.Set("ETag", a.etag)
	if r.Header.Get("If-None-Match") == a.etag {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	w.Write(a.body)
}

// pageCompileJS is the code added to app.js and written into every page:
// the worker's script, without its comments, as a string, then
// compilePageJS. json.Marshal writes <, > and & as \u003c…: the text
// cannot end the page's script element.
func pageCompileJS() []byte {
	src, err := json.Marshal(string(stripComments(compileWorkerJS)))
	if err != nil {
		panic(err) // a string always encodes
	}
	return fmt.Appendf(nil, "var mespointsWorkerSource = %s;\n%s", src, compilePageJS)
}
