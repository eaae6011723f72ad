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
	return bytes.Replace(goappJS, old, []byte(`fetch("`+wasmURL+`")`), 1), nil
}

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
