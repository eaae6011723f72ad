// Command precompress writes the brotli (.br) and gzip (.gz) versions of
// the files it is given, at the strongest settings, so that the server can
// send app.wasm compressed without compressing it on every request. The
// Makefile runs it after building the WebAssembly.
package main

import (
	"compress/gzip"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/andybalholm/brotli"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: precompress FILE...")
		os.Exit(2)
	}
	for _, name := range os.Args[1:] {
		if err := compressFile(name); err != nil {
			fmt.Fprintln(os.Stderr, "precompress:", err)
			os.Exit(1)
		}
	}
}

// compressFile writes name.br and name.gz beside name.
func compressFile(name string) error {
	data, err := os.ReadFile(name)
	if err != nil {
		return fmt.Errorf("read %s: %w", name, err)
	}
	if err := writeCompressed(name+".br", data, func(w io.Writer) io.WriteCloser {
		return brotli.NewWriterLevel(w, brotli.BestCompression)
	}); err != nil {
		return err
	}
	return writeCompressed(name+".gz", data, func(w io.Writer) io.WriteCloser {
		zw, _ := gzip.NewWriterLevel(w, gzip.BestCompression)
		return zw
	})
}

// writeCompressed writes data compressed to a temporary file and renames it
// into place, so that a server never serves a half-written file.
func writeCompressed(dst string, data []byte, newWriter func(io.Writer) io.WriteCloser) error {
	tmp, err := os.CreateTemp(filepath.Dir(dst), ".precompress-*")
	if err != nil {
		return fmt.Errorf("create temporary file for %s: %w", dst, err)
	}
	defer os.Remove(tmp.Name())
	zw := newWriter(tmp)
	if _, err := zw.Write(data); err != nil {
		tmp.Close()
		return fmt.Errorf("compress %s: %w", dst, err)
	}
	if err := zw.Close(); err != nil {
		tmp.Close()
		return fmt.Errorf("compress %s: %w", dst, err)
	}
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		return fmt.Errorf("chmod %s: %w", dst, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write %s: %w", dst, err)
	}
	if err := os.Rename(tmp.Name(), dst); err != nil {
		return fmt.Errorf("rename to %s: %w", dst, err)
	}
	return nil
}
