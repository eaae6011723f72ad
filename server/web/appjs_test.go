package web

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// goappJS is app.js as go-app v10's handler serves it.
func goappJS(t *testing.T) (*app.Handler, string) {
	t.Helper()
	goapp := &app.Handler{Name: "Test", Version: "v1", LoadingLabel: "Chargement…", Resources: app.LocalDir("")}
	c := newCapture()
	goapp.ServeHTTP(c, httptest.NewRequest(http.MethodGet, "/app.js", nil))
	return goapp, c.body.String()
}

// The app.js served gives app.wasm to a worker to download and compile,
// registers the service worker once the WebAssembly has started, reports
// every change of controller as an update, and is otherwise go-app's; the
// ETag follows the content.
func TestAppJSCompilesOffTheMainThread(t *testing.T) {
	goapp, original := goappJS(t)
	a, err := newAppJS(goapp)
	if err != nil {
		t.Fatal(err)
	}
	w := httptest.NewRecorder()
	a.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/app.js", nil))
	got := w.Body.String()

	if strings.Contains(got, `fetchWithProgress("/web/app.wasm"`) {
		t.Error("app.js still downloads app.wasm through go-app's progress stream")
	}
	if !strings.Contains(got, "instantiateStreaming = mespointsCompileOffMainThread(instantiateStreaming);") ||
		!strings.Contains(got, "await instantiateStreaming(\n      \"/web/app.wasm\",") {
		t.Error("app.js does not hand app.wasm's address to the worker's compilation")
	}
	if !strings.HasSuffix(got, string(pageCompileJS())) {
		t.Error("app.js does not end with the functions that compile in a worker")
	}
	start := strings.Index(got, "goappWatchForUpdate();\n")
	watch := strings.Index(got, `navigator.serviceWorker.addEventListener("controllerchange", () => goappOnUpdate());`)
	register := strings.Index(got, "goappInitWebAssembly().finally(goappInitServiceWorker);")
	if watch < 0 || register < 0 || watch > start || register < start {
		t.Errorf("app.js does not watch the controller first and register the worker after the WebAssembly:\n%s", got[:min(len(got), 1500)])
	}
	if strings.Contains(got, "\ngoappInitServiceWorker();\n") {
		t.Error("app.js still registers the service worker before the WebAssembly")
	}

	// Nothing else changed: undoing the rules gives go-app's app.js back.
	undone := strings.TrimSuffix(got, string(pageCompileJS()))
	rules := appJSRules(wasmURL)
	for i := len(rules) - 1; i >= 0; i-- {
		undone = strings.Replace(undone, rules[i].new, rules[i].old, 1)
	}
	if undone != original {
		t.Error("app.js changed elsewhere than its rules")
	}

	if w.Header().Get("Content-Type") != "application/javascript" || w.Header().Get("Cache-Control") != "no-cache" {
		t.Errorf("headers %v", w.Header())
	}
	again := httptest.NewRequest(http.MethodGet, "/app.js", nil)
	again.Header.Set("If-None-Match", w.Header().Get("ETag"))
	w = httptest.NewRecorder()
	a.ServeHTTP(w, again)
	if w.Code != http.StatusNotModified {
		t.Errorf("If-None-Match with its ETag: %d, want 304", w.Code)
	}
}

// A go-app whose app.js lacks any of the rules' texts stops the server
// rather than serving a half-patched script.
func TestAppJSOfAnotherGoAppIsRefused(t *testing.T) {
	_, original := goappJS(t)
	for _, r := range appJSRules(wasmURL) {
		changed := strings.Replace(original, r.old, "/* changed upstream */", 1)
		if _, err := patchAppJS([]byte(changed), wasmURL); err == nil {
			t.Errorf("an app.js without %q was accepted", r.old)
		}
	}
}
