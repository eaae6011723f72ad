package web

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/http/httptest"
)

// go-app's app.js downloads app.wasm through a ReadableStream of its own,
// to count the bytes for its progress label: every chunk goes through
// JavaScript on the main thread before the compiler sees it. Mes points
// serves app.js with the response of fetch handed straight to
// WebAssembly.instantiateStreaming instead, which compiles while the bytes
// arrive, off the main thread, from the response the page preloaded (see
// wasmPreload). The loader says « Chargement de l'application… » without
// a percentage. docs/go-app-wasm-size.md describes the change.
//
// go-app learns of a new version from the registration's updatefound
// event, which it listens to only once register() has answered; the
// browser's own update check, started by the navigation, may find the new
// worker before that, and the update was then never reported (the update
// banner did not show on a loaded machine). Mes points's worker takes
// control of the pages as soon as it is activated (skipWaiting,
// clients.claim), so app.js also reports an update at every change of the
// page's controller, listened to before anything else runs; the app shows
// the banner only on a page an older worker answered (controlledAtLoad).

// appJS is app.js as Mes points serves it, with its ETag.
type appJS struct {
	body []byte
	etag string
}

// patchAppJS returns go-app's app.js (as its handler serves it) with the
// download of wasmURL handed straight to instantiateStreaming. It fails if
// app.js is not as the rule expects: a new version of go-app must be
// checked first.
func patchAppJS(goappJS []byte, wasmURL string) ([]byte, error) {
	old := []byte(`fetchWithProgress("` + wasmURL + `", showProgress)`)
	if n := bytes.Count(goappJS, old); n != 1 {
		return nil, fmt.Errorf("go-app's app.js: %d calls of fetchWithProgress for %s, want 1: check the rule against this version of go-app", n, wasmURL)
	}
	js := bytes.Replace(goappJS, old, []byte(`fetch("`+wasmURL+`")`), 1)
	if n := bytes.Count(js, initWorker); n != 1 {
		return nil, fmt.Errorf("go-app's app.js: %d lines %q, want 1: check the rule against this version of go-app", n, initWorker)
	}
	return bytes.Replace(js, initWorker, append(append([]byte{}, watchController...), initWorker...), 1), nil
}

// initWorker is the line of app.js that starts go-app's registration of
// the service worker; watchController goes before it.
var (
	initWorker      = []byte("\ngoappInitServiceWorker();\n")
	watchController = []byte(`
// Mes points: a new version's worker takes control of the page once
// activated; that is the update, whenever its install began.
if ("serviceWorker" in navigator) {
  navigator.serviceWorker.addEventListener("controllerchange", () => goappOnUpdate());
}`)
)

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
