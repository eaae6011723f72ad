package registry_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"mespoints/server/admin"
	"mespoints/server/internal/testkit"
	"mespoints/server/store"
)

// heldStore opens a store of n records in a new folder and keeps it open
// until the end of the test, as a running server does.
func heldStore(t *testing.T, n int) (string, *store.Store) {
	t.Helper()
	data := t.TempDir()
	st := openStore(t, data)
	if _, err := importBytes(st, extract(t, 0, n)); err != nil {
		t.Fatal(err)
	}
	// Another open in this process meets the lock, as one from another
	// process does: this is what sends backup to the server.
	if _, err := store.Open(data, &store.Options{Timeout: 50 * time.Millisecond}); !errors.Is(err, store.ErrInUse) {
		t.Fatalf("second open of a held store: %v, want ErrInUse", err)
	}
	return data, st
}

func TestBackupAsksTheRunningServer(t *testing.T) {
	t.Parallel()
	data, st := heldStore(t, 300)
	srv, err := admin.Listen(data, st, nil)
	if err != nil {
		t.Fatal(err)
	}
	testkit.Serve(t, srv.Serve)

	out := t.TempDir()
	file := filepath.Join(out, "copy.db")
	code, stdout, errs := run(runBackup, "-data", data, file)
	if code != 0 || !strings.Contains(stdout, "backup written to "+file) || !strings.Contains(stdout, "from the running server") {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, stdout, errs)
	}
	left, _ := filepath.Glob(filepath.Join(out, ".*tmp*"))
	if len(left) > 0 {
		t.Errorf("temporary files left: %v", left)
	}
	restored := t.TempDir()
	if err := os.Rename(file, filepath.Join(restored, store.FileName)); err != nil {
		t.Fatal(err)
	}
	if got, want := export(t, openStore(t, restored)), export(t, st); string(got) != string(want) {
		t.Fatalf("the copy's records differ from the store's")
	}
}

func TestBackupOfAHeldStoreWithoutAServerSaysWhatToDo(t *testing.T) {
	t.Parallel()
	data, _ := heldStore(t, 10)
	out := t.TempDir()
	file := filepath.Join(out, "copy.db")
	if err := os.WriteFile(file, []byte("yesterday's backup"), 0o600); err != nil {
		t.Fatal(err)
	}
	code, stdout, errs := run(runBackup, "-data", data, file)
	t.Logf("stderr:\n%s", errs)
	for _, want := range []string{"is in use by another process", "no server answers on " + admin.SocketPath(data), "If an import is running, wait"} {
		if !strings.Contains(errs, want) {
			t.Errorf("stderr %q lacks %q", errs, want)
		}
	}
	if code != 1 || stdout != "" {
		t.Fatalf("exit %d, stdout %q", code, stdout)
	}
	if b, _ := os.ReadFile(file); string(b) != "yesterday's backup" {
		t.Fatalf("the previous backup was changed")
	}
	left, _ := filepath.Glob(filepath.Join(out, ".*tmp*"))
	if len(left) > 0 {
		t.Errorf("temporary files left: %v", left)
	}
}
