package admin_test

import (
	"errors"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"mespoints/server/admin"
)

// brokenServer answers on dir's admin socket with h, standing for a server
// that fails in the middle of a backup.
func brokenServer(t testing.TB, dir string, h http.HandlerFunc) {
	t.Helper()
	ln, err := net.Listen("unix", admin.SocketPath(dir))
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: h}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
}

func TestABadCopyIsNeverWritten(t *testing.T) {
	tests := []struct {
		name string
		h    http.HandlerFunc
		err  string
	}{
		{"cut short", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Length", "100000")
			w.Write(make([]byte, 5000))
			panic(http.ErrAbortHandler)
		}, "cut short"},
		{"not a store", func(w http.ResponseWriter, r *http.Request) {
			b := []byte(strings.Repeat("not a store ", 4096))
			w.Header().Set("Content-Length", strconv.Itoa(len(b)))
			w.Write(b)
		}, "not a usable store"},
		{"an error", func(w http.ResponseWriter, r *http.Request) {
			http.Error(w, "backup failed: disk on fire", http.StatusInternalServerError)
		}, "500 Internal Server Error: backup failed: disk on fire"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir, out := t.TempDir(), t.TempDir()
			brokenServer(t, dir, tt.h)
			dst := filepath.Join(out, "copy.db")
			if err := os.WriteFile(dst, []byte("yesterday's backup"), 0o600); err != nil {
				t.Fatal(err)
			}
			_, err := admin.BackupFile(dir, dst)
			if err == nil || !strings.Contains(err.Error(), tt.err) || errors.Is(err, admin.ErrNoServer) {
				t.Fatalf("BackupFile: %v, want an error with %q", err, tt.err)
			}
			if b, _ := os.ReadFile(dst); string(b) != "yesterday's backup" {
				t.Fatalf("the previous file was changed")
			}
			noTempFiles(t, out)
		})
	}
}
