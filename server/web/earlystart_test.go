package web

import (
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// The page's script is the worker's text and the compiling functions,
// without their comments, and their call for the version served; Node
// reads it, and the worker's text, as JavaScript.
func TestStartScriptIsTheCompilingFunctions(t *testing.T) {
	js := string(startScript("0123abcd"))
	if strings.Contains(js, "//") {
		t.Errorf("a comment is left in the page's script:\n%s", js)
	}
	for _, f := range []string{"var mespointsWorkerSource = ", "function mespointsStartCompiling(", "function mespointsCompileInWorker(", "function mespointsWantsWasm(", "new Worker(script)", `WebAssembly.compileStreaming(`} {
		if !strings.Contains(js, f) {
			t.Errorf("the page's script lacks %s", f)
		}
	}
	if !strings.HasSuffix(js, `if(mespointsWantsWasm()){mespointsStartCompiling("/web/app.wasm","0123abcd");}`) {
		t.Errorf("the page's script does not start this version's compilation:\n%s", js[max(0, len(js)-200):])
	}
	node, err := exec.LookPath("node")
	if err != nil {
		t.Fatal("node is needed to read the script as JavaScript (CI has it):", err)
	}
	file := filepath.Join(t.TempDir(), "start.js")
	if err := os.WriteFile(file, []byte(js), 0o600); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(node, "--check", file).CombinedOutput(); err != nil {
		t.Errorf("the page's script is not JavaScript: %v\n%s", err, out)
	}
	// The worker's text, as the page gives it to the worker.
	out, err := exec.Command(node, "-e", js[:strings.Index(js, "\n")]+"\nnew Function(mespointsWorkerSource);").CombinedOutput()
	if err != nil {
		t.Errorf("the worker's text is not JavaScript: %v\n%s", err, out)
	}
}

// testPage is a page for go-app to draw in these tests.
type testPage struct{ app.Compo }

func (*testPage) Render() app.UI { return app.Main().Text("Bonjour") }

// Every page go-app draws starts with the script, before its stylesheet
// and scripts, and says its new length; the policy allows exactly that
// script; go-app's other files, and its 304, pass unchanged.
func TestPagesStartTheCompilationFirst(t *testing.T) {
	app.Route("/", func() app.Composer { return &testPage{} })
	goapp := &app.Handler{Name: "Test", Version: "v1", Resources: app.LocalDir("")}
	script := startScript("v1")
	e, err := newEarlyStart(goapp, script)
	if err != nil {
		t.Fatal(err)
	}
	w := httptest.NewRecorder()
	e.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/", nil))
	page := w.Body.String()
	tag := "<script>" + string(script) + "</script>"
	at, css, appJS := strings.Index(page, tag), strings.Index(page, `rel="stylesheet"`), strings.Index(page, `src="/app.js"`)
	if w.Code != http.StatusOK || at < 0 || css < at || appJS < at || strings.Count(page, tag) != 1 {
		t.Fatalf("%d: the script is not once before the stylesheet and app.js:\n%s", w.Code, page[:min(len(page), 1500)])
	}
	if !strings.HasPrefix(page[:at], "<!doctype html>") || !strings.HasSuffix(strings.TrimSpace(page[:at]), `<meta charset="UTF-8">`) {
		t.Errorf("the charset is no longer the head's first tag:\n%s", page[:at])
	}
	if n, _ := strconv.Atoi(w.Header().Get("Content-Length")); n != len(page) {
		t.Errorf("Content-Length %s for %d bytes", w.Header().Get("Content-Length"), len(page))
	}

	csp := contentSecurityPolicy(scriptSource(script))
	if !strings.Contains(csp, "script-src 'self' 'wasm-unsafe-eval' 'sha256-") || strings.Contains(csp, "unsafe-inline") {
		t.Errorf("policy: %s", csp)
	}
	if scriptSource(script) == scriptSource(startScript("v2")) {
		t.Error("two versions' scripts have the same hash")
	}

	for _, path := range []string{"/app.js", "/manifest.webmanifest", "/wasm_exec.js"} {
		want, got := httptest.NewRecorder(), httptest.NewRecorder()
		goapp.ServeHTTP(want, httptest.NewRequest(http.MethodGet, path, nil))
		e.ServeHTTP(got, httptest.NewRequest(http.MethodGet, path, nil))
		if got.Code != want.Code || got.Body.String() != want.Body.String() || got.Header().Get("Content-Type") != want.Header().Get("Content-Type") {
			t.Errorf("%s changed: %d %q", path, got.Code, got.Header().Get("Content-Type"))
		}
	}
	again := httptest.NewRequest(http.MethodGet, "/", nil)
	again.Header.Set("If-None-Match", w.Header().Get("ETag"))
	w = httptest.NewRecorder()
	e.ServeHTTP(w, again)
	if w.Code != http.StatusNotModified || w.Body.Len() != 0 {
		t.Errorf("If-None-Match with its ETag: %d, %d bytes; want 304 and none", w.Code, w.Body.Len())
	}
}

// A go-app whose pages have no place for the script stops the server
// rather than serving pages that start late.
func TestPagesWithoutTheirCharsetAreRefused(t *testing.T) {
	for name, page := range map[string]string{
		"no charset":  "<!doctype html><html><head><title>x</title></head><body></body></html>",
		"two charset": `<!doctype html><html><head><meta charset="UTF-8"><meta charset="UTF-8"></head></html>`,
	} {
		h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			w.Write([]byte(page))
		})
		if _, err := newEarlyStart(h, startScript("v1")); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}
