package web

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// wasmFile is the built app.wasm with its precompressed variants, read
// once at start so that every request sees the same build.
type wasmFile struct {
	raw, br, gz []byte
	// version identifies the build: the start of the SHA-256 of app.wasm.
	// It stays the same across restarts of the same build, so a restart is
	// not announced to people as an update.
	version string
}

// loadWasm reads app.wasm and its .br and .gz variants from dir. The
// compressed variants are optional: without them the raw file is sent.
func loadWasm(dir string) (*wasmFile, error) {
	raw, err := os.ReadFile(filepath.Join(dir, "app.wasm"))
	if err != nil {
		return nil, fmt.Errorf("read app.wasm (run make build first): %w", err)
	}
	sum := sha256.Sum256(raw)
	f := &wasmFile{raw: raw, version: hex.EncodeToString(sum[:8])}
	if f.br, err = readOptional(filepath.Join(dir, "app.wasm.br")); err != nil {
		return nil, err
	}
	if f.gz, err = readOptional(filepath.Join(dir, "app.wasm.gz")); err != nil {
		return nil, err
	}
	return f, nil
}

func readOptional(path string) ([]byte, error) {
	b, err := os.ReadFile(path)
	if os.IsNotExist(err) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", filepath.Base(path), err)
	}
	return b, nil
}

// ServeHTTP sends app.wasm, brotli- or gzip-compressed when the browser
// accepts it.
func (f *wasmFile) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Add("Vary", "Accept-Encoding")
	h.Set("Content-Type", "application/wasm")
	h.Set("Cache-Control", "no-cache")
	body, enc := f.raw, ""
	switch {
	case f.br != nil && accepts(r.Header.Get("Accept-Encoding"), "br"):
		body, enc = f.br, "br"
	case f.gz != nil && accepts(r.Header.Get("Accept-Encoding"), "gzip"):
		body, enc = f.gz, "gzip"
	}
	etag := `"` + f.version + `"`
	if enc != "" {
		h.Set("Content-Encoding", enc)
		etag = `"` + f.version + "-" + enc + `"`
	}
	h.Set("ETag", etag)
	if r.Header.Get("If-None-Match") == etag {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	h.Set("Content-Length", strconv.Itoa(len(body)))
	if r.Method == http.MethodHead {
		return
	}
	w.Write(body)
}

// accepts tells whether an Accept-Encoding header allows coding, honouring
// q=0 as a refusal.
func accepts(header, coding string) bool {
	for _, part := range strings.Split(header, ",") {
		name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if !strings.EqualFold(strings.TrimSpace(name), coding) {
			continue
		}
		params = strings.TrimSpace(params)
		if q, ok := strings.CutPrefix(params, "q="); ok {
			if v, err := strconv.ParseFloat(q, 64); err == nil && v == 0 {
				return false
			}
		}
		return true
	}
	return false
}
