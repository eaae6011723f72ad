package web

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// The app.js served hands the download of app.wasm straight to
// instantiateStreaming: go-app's byte-counting stream is gone, the rest of
// its script is unchanged, and the ETag follows the content.
func TestAppJSCompilesTheDownloadAsItComes(t *testing.T) {
	goapp := &app.Handler{Name: "Test", Version: "v1", LoadingLabel: "Chargement…", Resources: app.LocalDir("")}
	c := newCapture()
	goapp.ServeHTTP(c, httptest.NewRequest(http.MethodGet, "/app.js", nil))
	original := c.body.String()
	if !strings.Contains(original, `fetchWithProgress("/web/app.wasm", showProgress)`) {
		t.Fatalf("go-app's app.js no longer reads app.wasm through fetchWithProgress: check the rule:\n%s", original)
	}
	a, err := newAppJS(goapp)
	if err != nil {
		t.Fatal(err)
	}
	w := httptest.NewRecorder()
	a.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/app.js", nil))
	got := w.Body.String()
	if strings.Contains(got, `fetchWithProgress("/web/app.wasm"`) || !strings.Contains(got, "instantiateStreaming(\n      fetch(\"/web/app.wasm\"),") {
		t.Errorf("app.js still downloads through the progress stream:\n%s", got)
	}
	if !strings.Contains(got, `navigator.serviceWorker.addEventListener("controllerchange", () => goappOnUpdate());
}
goappInitServiceWorker();`) {
		t.Errorf("app.js does not report a change of controller before registering the worker:\n%s", got)
	}
	want := strings.Replace(original, `fetchWithProgress("/web/app.wasm", showProgress)`, `fetch("/web/app.wasm")`, 1)
	want = strings.Replace(want, "\ngoappInitServiceWorker();\n", string(watchController)+"\ngoappInitServiceWorker();\n", 1)
	if got != want {
		t.Error("app.js changed elsewhere than the download and the controller's watch")
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

	// A go-app whose app.js reads app.wasm some other way stops the server.
	if _, err := patchAppJS([]byte(`const wasm = await instantiateStreaming(fetch("/web/app.wasm"))`), "/web/app.wasm"); err == nil {
		t.Error("an app.js without the expected call was accepted")
	}
}
