package testkit

import (
	"os"
	"path/filepath"
	"testing"
)

// RepoRoot returns the repository's root, the folder holding go.mod,
// looking up from the test's working directory (its package's folder).
func RepoRoot(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatalf("find the repository root: %v", err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("find the repository root: no go.mod above the test's folder")
		}
		dir = parent
	}
}
