package testkit

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// BuildServer builds the server's binary, mespoints, into a temporary
// folder of the test and returns its path: for the tests that run the
// real program (killed, restarted, several at once).
func BuildServer(t testing.TB) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "mespoints")
	cmd := exec.Command("go", "build", "-o", bin, "./server")
	cmd.Dir = RepoRoot(t)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// PlaceholderWeb returns a web folder whose app.wasm is a placeholder, for
// the tests about the server, not the interface.
func PlaceholderWeb(t testing.TB) string {
	t.Helper()
	web := t.TempDir()
	if err := os.WriteFile(filepath.Join(web, "app.wasm"), []byte("\x00asm placeholder"), 0o644); err != nil {
		t.Fatal(err)
	}
	return web
}
