package web

import (
	"net/http"
	"os"
	"path"
	"path/filepath"
	"strings"

	"mespoints"
)

// staticFiles serves the files of the web folder under /web/: icons and the
// stylesheet. Folders are not listed.
type staticFiles struct {
	dir  string
	wasm *wasmFile
}

func (s staticFiles) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	name := strings.TrimPrefix(path.Clean(r.URL.Path), "/web/")
	if name == "app.wasm" {
		s.wasm.ServeHTTP(w, r)
		return
	}
	full := filepath.Join(s.dir, filepath.FromSlash(name))
	info, err := os.Stat(full)
	if err != nil || info.IsDir() || strings.HasPrefix(filepath.Base(full), ".") {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Cache-Control", "no-cache")
	http.ServeFile(w, r, full)
}

// styleFile is the app's stylesheet in the web folder.
const styleFile = "style.css"

// serveStyle sends the app's stylesheet.
func (s staticFiles) serveStyle(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-cache")
	http.ServeFile(w, r, filepath.Join(s.dir, styleFile))
}

// serveManifest sends the web app manifest kept at the root of the project.
func serveManifest(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/manifest+json")
	w.Header().Set("Cache-Control", "no-cache")
	w.Write(mespoints.Manifest)
}
