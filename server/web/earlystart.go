package web

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
)

// Every page go-app draws starts the compilation of app.wasm from its
// first lines: a script written into the page, before its stylesheet,
// creates the worker that downloads and compiles app.wasm (see
// appjs-compile.js) while the browser is still reading the page. A script
// of its own (an async <script src>) started the worker only once it had
// crossed the network itself, and go-app writes the page's own tags after
// its stylesheet, where a script waits for the stylesheet: on a phone's
// link that was two or three round trips before app.wasm was asked for.
// The script is allowed by its hash in the Content-Security-Policy
// (scriptSource), never by 'unsafe-inline'.

// startScript is the page's script that starts compiling the app.wasm of
// version: the worker's text and the functions of appjs-compile.js
// (pageCompileJS), without their comments, and their call.
func startScript(version string) []byte {
	return fmt.Appendf(stripComments(pageCompileJS()),
		"if(mespointsWantsWasm()){mespointsStartCompiling(%q,%q);}", wasmURL, version)
}

// stripComments drops the lines of js that are only a comment, the blank
// lines and each line's indentation. appjs-compile.js writes its comments
// on lines of their own, so the code is unchanged.
func stripComments(js []byte) []byte {
	var out []byte
	for line := range bytes.Lines(js) {
		line = bytes.TrimSpace(line)
		if len(line) == 0 || bytes.HasPrefix(line, []byte("//")) {
			continue
		}
		out = append(append(out, line...), '\n')
	}
	return out
}

// scriptSource is the CSP source that allows the inline script js.
func scriptSource(js []byte) string {
	sum := sha256.Sum256(js)
	return "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
}

// charsetTag is the first tag of go-app's head; the start script comes
// right after it (the charset must stay in the page's first bytes).
var charsetTag = []byte(`<meta charset="UTF-8">`)

// withStartScript returns page with the script element of js after its
// charset tag; ok is false if page has no such tag, or more than one.
func withStartScript(page, js []byte) (out []byte, ok bool) {
	if bytes.Count(page, charsetTag) != 1 {
		return page, false
	}
	i := bytes.Index(page, charsetTag) + len(charsetTag)
	out = make([]byte, 0, len(page)+len(js)+32)
	out = append(out, page[:i]...)
	out = append(out, "\n<script>"...)
	out = append(out, js...)
	out = append(out, "</script>"...)
	return append(out, page[i:]...), true
}

// earlyStart serves go-app's pages with the start script; what else
// go-app serves (its scripts, manifest, worker) passes unchanged.
type earlyStart struct {
	goapp  http.Handler
	script []byte
}

// newEarlyStart wraps goapp, checking on its home page that go-app draws
// pages where the script can go: a new version of go-app that changed its
// head stops the server instead of serving pages that start late.
func newEarlyStart(goapp http.Handler, script []byte) (earlyStart, error) {
	e := earlyStart{goapp: goapp, script: script}
	c := newCapture()
	goapp.ServeHTTP(c, httptest.NewRequest(http.MethodGet, "/", nil))
	if _, ok := withStartScript(c.body.Bytes(), script); !ok || !isHTML(c.header) {
		return e, fmt.Errorf("go-app's page: no single %s to start app.wasm's compilation after: check this version of go-app", charsetTag)
	}
	return e, nil
}

// ServeHTTP serves what go-app serves, a page (found or not) with the
// start script.
func (e earlyStart) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	c := newCapture()
	e.goapp.ServeHTTP(c, r)
	body := c.body.Bytes()
	h := w.Header()
	for k, v := range c.header {
		h[k] = v
	}
	if isHTML(c.header) {
		body, _ = withStartScript(body, e.script)
		h.Set("Content-Length", strconv.Itoa(len(body)))
	}
	if c.status == 0 {
		c.status = http.StatusOK
	}
	w.WriteHeader(c.status)
	w.Write(body)
}

// isHTML says whether a response's headers say it is a page.
func isHTML(h http.Header) bool {
	return strings.HasPrefix(h.Get("Content-Type"), "text/html")
}
