package admin_test

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"mespoints/server/admin"
	"mespoints/server/registry"
	"mespoints/server/store"
	"mespoints/server/store/storetest"
)

// childEnv makes the test binary a server process: it opens the store in
// $MESPOINTS_ADMIN_CHILD, serves the admin socket, prints "ready", and
// stops when its standard input closes.
const childEnv = "MESPOINTS_ADMIN_CHILD"

func TestMain(m *testing.M) {
	if dir := os.Getenv(childEnv); dir != "" {
		os.Exit(child(dir))
	}
	os.Exit(m.Run())
}

func child(dir string) int {
	st, err := store.Open(dir, nil)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer st.Close()
	srv, err := admin.Listen(dir, st, slog.New(slog.NewTextHandler(os.Stderr, nil)))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	srv.Import = func(r io.Reader) (store.ImportStats, error) {
		return registry.Import(r, st, registry.ImportOptions{})
	}
	ctx, cancel := context.WithCancel(context.Background())
	go func() { _, _ = io.Copy(io.Discard, os.Stdin); cancel() }()
	fmt.Println("ready")
	if err := srv.Serve(ctx); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	return 0
}

// startServer starts a server process on dir and waits until it answers;
// closing the returned writer stops it.
func startServer(t *testing.T, dir string) (*exec.Cmd, io.WriteCloser) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), childEnv+"="+dir)
	cmd.Stderr = t.Output()
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { stdin.Close(); cmd.Process.Kill(); cmd.Wait() })
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if line != "ready\n" {
		t.Fatalf("server process: %q, %v", line, err)
	}
	return cmd, stdin
}

// fill writes n records to a new store in a new folder, and closes it.
func fill(t *testing.T, n int) string {
	t.Helper()
	dir := t.TempDir()
	st, err := store.Open(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	put(t, st, 0, n)
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestBackupCommandWhileAServerProcessHoldsTheStore(t *testing.T) {
	dir := fill(t, 500)
	cmd, stdin := startServer(t, dir)
	dst := filepath.Join(t.TempDir(), "copy.db")
	var out, errb bytes.Buffer
	if code := registry.RunBackup([]string{"-data", dir, dst}, &out, &errb); code != 0 {
		t.Fatalf("backup: exit %d, %s", code, errb.String())
	}
	if !strings.Contains(out.String(), "from the running server") {
		t.Fatalf("backup said %q", out.String())
	}
	stdin.Close()
	if err := cmd.Wait(); err != nil {
		t.Fatalf("server process: %v", err)
	}
	if _, err := os.Lstat(admin.SocketPath(dir)); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("socket left after the server stopped: %v", err)
	}
	st := openStore(t, dir) // the server has let go of it
	sameRecords(t, openCopy(t, dst), st)
}

// mespoints import, with a server process holding the store, has the
// server import the extract: twice the same file changes nothing the
// second time, and a bad file is refused with its bad line.
func TestImportCommandWhileAServerProcessHoldsTheStore(t *testing.T) {
	dir := fill(t, 0)
	cmd, stdin := startServer(t, dir)
	file := filepath.Join(t.TempDir(), "extract.jsonl")
	if err := os.WriteFile(file, markedExtract(t, 300, 1, false), 0o600); err != nil {
		t.Fatal(err)
	}
	bad := filepath.Join(t.TempDir(), "bad.jsonl")
	if err := os.WriteFile(bad, markedExtract(t, 300, 2, true), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		file     string
		code     int
		out, err string
	}{
		{file, 0, "300 added, 0 changed, 0 unchanged (by the running server)", ""},
		{file, 0, "0 added, 0 changed, 300 unchanged (by the running server)", ""},
		{bad, 1, "", "extract rejected, nothing imported: 1 bad line\n  line 3: holder.birthplace: "},
	} {
		var out, errb bytes.Buffer
		code := registry.RunImport([]string{"-data", dir, tc.file}, &out, &errb)
		if code != tc.code || !strings.Contains(out.String(), tc.out) || !strings.Contains(errb.String(), tc.err) {
			t.Fatalf("import %s: exit %d, stdout %q, stderr %q; want %d, %q, %q", filepath.Base(tc.file), code, out.String(), errb.String(), tc.code, tc.out, tc.err)
		}
	}
	stdin.Close()
	if err := cmd.Wait(); err != nil {
		t.Fatalf("server process: %v", err)
	}
	st := openStore(t, dir)
	if n, _ := st.Count(); n != 300 {
		t.Fatalf("%d records after the imports, want 300", n)
	}
	if r, _ := st.Get(storetest.NEPH(299)); marker(t, r) != 1 {
		t.Fatalf("marker %d, want 1", marker(t, r))
	}
}

func TestASocketLeftByAKilledServerIsReplaced(t *testing.T) {
	dir := fill(t, 50)
	cmd, _ := startServer(t, dir)
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	_ = cmd.Wait()
	if _, err := os.Lstat(admin.SocketPath(dir)); err != nil {
		t.Fatalf("the killed server left no socket to test with: %v", err)
	}
	if _, err := admin.Backup(dir, io.Discard); !errors.Is(err, admin.ErrNoServer) {
		t.Fatalf("Backup on the dead server's socket: %v, want ErrNoServer", err)
	}
	// The next server starts on the same folder and answers.
	_, stdin := startServer(t, dir)
	dst := filepath.Join(t.TempDir(), "copy.db")
	if _, err := admin.BackupFile(dir, dst); err != nil {
		t.Fatal(err)
	}
	stdin.Close()
	cp := openCopy(t, dst)
	if n, _ := cp.Count(); n != 50 {
		t.Fatalf("copy holds %d records, want 50", n)
	}
}
