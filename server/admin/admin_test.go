package admin_test

import (
	"context"
	"errors"
	"log/slog"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"mespoints/server/admin"
	"mespoints/server/internal/testkit"
	"mespoints/server/store"
	"mespoints/server/store/storetest"
)

// openStore opens a store in dir, closed at the end of the test.
func openStore(t testing.TB, dir string) *store.Store {
	t.Helper()
	st, err := store.Open(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// put writes records first..first+n-1.
func put(t testing.TB, st *store.Store, first, n int) {
	t.Helper()
	for i := first; i < first+n; i++ {
		if err := st.Put(storetest.Record(i)); err != nil {
			t.Fatal(err)
		}
	}
}

// serve runs an admin server for st on dir until the end of the test, and
// checks then that Serve returned nil.
func serve(t testing.TB, dir string, st *store.Store) *admin.Server {
	t.Helper()
	srv, err := admin.Listen(dir, st, slog.New(slog.NewTextHandler(t.Output(), nil)))
	if err != nil {
		t.Fatal(err)
	}
	testkit.Serve(t, srv.Serve)
	return srv
}

// openCopy opens the store file at path, in a folder of its own.
func openCopy(t testing.TB, path string) *store.Store {
	t.Helper()
	dir := t.TempDir()
	if err := os.Rename(path, filepath.Join(dir, store.FileName)); err != nil {
		t.Fatal(err)
	}
	return openStore(t, dir)
}

// sameRecords fails unless cp holds exactly the records of st.
func sameRecords(t testing.TB, cp, st *store.Store) {
	t.Helper()
	n, _ := cp.Count()
	m, _ := st.Count()
	if n != m {
		t.Fatalf("copy holds %d records, the store %d", n, m)
	}
	err := cp.ForEach(func(r store.Record) error {
		orig, err := st.Get(r.NEPH)
		if err != nil {
			return err
		}
		if !reflect.DeepEqual(r, orig) {
			t.Errorf("record %s differs in the copy", r.NEPH)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// noTempFiles fails if a temporary file is left in dir.
func noTempFiles(t testing.TB, dir string) {
	t.Helper()
	left, _ := filepath.Glob(filepath.Join(dir, ".*tmp*"))
	if len(left) > 0 {
		t.Errorf("temporary files left: %v", left)
	}
}

func TestBackupThroughTheSocketHasTheSameRecords(t *testing.T) {
	dir := t.TempDir()
	st := openStore(t, dir)
	put(t, st, 0, 300)
	serve(t, dir, st)
	out := t.TempDir()
	dst := filepath.Join(out, "copy.db")
	n, err := admin.BackupFile(dir, dst)
	if err != nil {
		t.Fatal(err)
	}
	info, err := os.Stat(dst)
	if err != nil || info.Size() != n || info.Mode().Perm() != 0o600 {
		t.Fatalf("copy: %v, %v; want %d bytes, mode 0600", info, err, n)
	}
	noTempFiles(t, out)
	sameRecords(t, openCopy(t, dst), st)
}

func TestBackupWhileRecordsAreWrittenIsConsistent(t *testing.T) {
	const before, total = 200, 1200
	dir := t.TempDir()
	st := openStore(t, dir)
	put(t, st, 0, before)
	serve(t, dir, st)
	// A writer adds records in order, one transaction each: a consistent
	// copy holds records 0..k-1 for some k, each as it was written.
	writing := make(chan struct{})
	go func() {
		defer close(writing)
		for i := before; i < total; i++ {
			if err := st.Put(storetest.Record(i)); err != nil {
				t.Error(err)
				return
			}
		}
	}()
	// Copies spread over the writing, each while records are added.
	const copies = 8
	var paths []string
	for c := range copies {
		waitForRecords(st, before+c*(total-before)/copies, writing)
		dst := filepath.Join(t.TempDir(), "copy.db")
		if _, err := admin.BackupFile(dir, dst); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, dst)
	}
	<-writing
	for _, dst := range paths {
		cp := openCopy(t, dst)
		k, err := cp.Count()
		if err != nil || k < before || k > total {
			t.Fatalf("copy holds %d records (%v), want between %d and %d", k, err, before, total)
		}
		t.Logf("a copy holds %d records", k)
		for i := range k {
			r, err := cp.Get(storetest.NEPH(i))
			if err != nil {
				t.Fatalf("copy of %d records lacks record %d: %v", k, i, err)
			}
			if !reflect.DeepEqual(r, storetest.Record(i)) {
				t.Fatalf("record %d differs in the copy", i)
			}
		}
	}
}

func TestTheSocketIsPrivateAndRemovedAtClose(t *testing.T) {
	dir := t.TempDir()
	st := openStore(t, dir)
	srv, err := admin.Listen(dir, st, nil)
	if err != nil {
		t.Fatal(err)
	}
	info, err := os.Lstat(admin.SocketPath(dir))
	if err != nil || info.Mode().Type() != os.ModeSocket || info.Mode().Perm() != 0o600 {
		t.Fatalf("socket %v, %v: want a socket with mode 0600", info, err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ctx) }()
	if _, err := admin.Backup(dir, new(strings.Builder)); err != nil {
		t.Fatal(err)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("Serve after cancel: %v", err)
	}
	if _, err := os.Lstat(admin.SocketPath(dir)); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("socket still there after shutdown: %v", err)
	}
	if err := srv.Close(); err != nil {
		t.Fatalf("second Close: %v", err)
	}
	left, _ := filepath.Glob(filepath.Join(dir, ".adm*"))
	if len(left) > 0 {
		t.Fatalf("left in the data folder: %v", left)
	}
}

// waitForRecords returns when st holds n records or done is closed.
func waitForRecords(st *store.Store, n int, done <-chan struct{}) {
	for {
		if k, _ := st.Count(); k >= n {
			return
		}
		select {
		case <-done:
			return
		case <-time.After(time.Millisecond):
		}
	}
}
