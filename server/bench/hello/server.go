//go:build !(js && wasm)

package main

import (
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// main serves the hello world on -addr and prints its URL on the first
// line of standard output once it listens.
func main() {
	addr := flag.String("addr", "127.0.0.1:0", "address to listen on")
	wasmDir := flag.String("wasm", "build/hello", "folder of the hello world's app.wasm and app.wasm.br")
	webDir := flag.String("web", "web", "folder of the other static files (icons)")
	flag.Parse()
	if err := serve(*addr, *wasmDir, *webDir); err != nil {
		fmt.Fprintln(os.Stderr, "hello:", err)
		os.Exit(1)
	}
}

func serve(addr, wasmDir, webDir string) error {
	raw, err := os.ReadFile(filepath.Join(wasmDir, "app.wasm"))
	if err != nil {
		return fmt.Errorf("read the hello world's app.wasm (make bench builds it): %w", err)
	}
	br, err := os.ReadFile(filepath.Join(wasmDir, "app.wasm.br"))
	if err != nil {
		return fmt.Errorf("read app.wasm.br: %w", err)
	}
	routes()
	mux := http.NewServeMux()
	mux.Handle("/", &app.Handler{
		Name:              "Hello",
		Description:       "An Hello World! example",
		Icon:              app.Icon{Default: "/web/icon-192.png", SVG: "/web/icon.svg"},
		Version:           "bench",
		WasmContentLength: strconv.Itoa(len(raw)),
	})
	// app.wasm brotli-compressed, as Mes points sends it.
	mux.HandleFunc("GET /web/app.wasm", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/wasm")
		w.Header().Set("Content-Encoding", "br")
		w.Header().Set("Cache-Control", "no-cache")
		w.Header().Set("Content-Length", strconv.Itoa(len(br)))
		w.Write(br)
	})
	mux.Handle("GET /web/", http.StripPrefix("/web/", http.FileServer(http.Dir(webDir))))
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", addr, err)
	}
	fmt.Printf("http://%s\n", ln.Addr())
	return http.Serve(ln, mux)
}
