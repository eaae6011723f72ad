package admin_test

import (
	"errors"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"mespoints/server/admin"
)

// staleSocket leaves at path a socket file nobody listens on, as a killed
// server does.
func staleSocket(t testing.TB, path string) {
	t.Helper()
	ln, err := net.ListenUnix("unix", &net.UnixAddr{Name: path, Net: "unix"})
	if err != nil {
		t.Fatal(err)
	}
	ln.SetUnlinkOnClose(false)
	ln.Close()
}

func TestAStaleSocketIsReplaced(t *testing.T) {
	dir := t.TempDir()
	st := openStore(t, dir)
	put(t, st, 0, 10)
	staleSocket(t, admin.SocketPath(dir))
	if _, err := admin.Backup(dir, new(strings.Builder)); !errors.Is(err, admin.ErrNoServer) {
		t.Fatalf("Backup on a stale socket: %v, want ErrNoServer", err)
	}
	serve(t, dir, st)
	dst := filepath.Join(t.TempDir(), "copy.db")
	if _, err := admin.BackupFile(dir, dst); err != nil {
		t.Fatal(err)
	}
	sameRecords(t, openCopy(t, dst), st)
}

func TestASecondServerOnTheSameFolderIsRefused(t *testing.T) {
	dir := t.TempDir()
	st := openStore(t, dir)
	serve(t, dir, st)
	_, err := admin.Listen(dir, st, nil)
	if err == nil || !strings.Contains(err.Error(), "is a server already running") {
		t.Fatalf("second Listen: %v", err)
	}
	// The first server still answers.
	if _, err := admin.Backup(dir, new(strings.Builder)); err != nil {
		t.Fatalf("first server after the refused second: %v", err)
	}
}

func TestAFileThatIsNotASocketIsLeftAlone(t *testing.T) {
	dir := t.TempDir()
	st := openStore(t, dir)
	path := admin.SocketPath(dir)
	if err := os.WriteFile(path, []byte("notes"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := admin.Listen(dir, st, nil)
	if err == nil || !strings.Contains(err.Error(), "is not a socket") {
		t.Fatalf("Listen: %v", err)
	}
	if b, _ := os.ReadFile(path); string(b) != "notes" {
		t.Fatalf("the file was changed: %q", b)
	}
}

func TestBackupWithoutAServer(t *testing.T) {
	dir, out := t.TempDir(), t.TempDir()
	dst := filepath.Join(out, "copy.db")
	_, err := admin.BackupFile(dir, dst)
	if !errors.Is(err, admin.ErrNoServer) {
		t.Fatalf("BackupFile with no socket: %v, want ErrNoServer", err)
	}
	if _, err := os.Stat(dst); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("a file was written: %v", err)
	}
	noTempFiles(t, out)
}

func TestATooLongDataFolderIsExplained(t *testing.T) {
	dir := filepath.Join(t.TempDir(), strings.Repeat("d", 100))
	st := openStore(t, dir)
	_, err := admin.Listen(dir, st, nil)
	if err == nil || !strings.Contains(err.Error(), "use a shorter -data path") {
		t.Fatalf("Listen: %v", err)
	}
}
