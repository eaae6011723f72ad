package testkit

import (
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// The clock reads what it was set to, moves only when told, and goes back
// when set to an earlier time.
func TestClock(t *testing.T) {
	start := time.Date(2026, 3, 16, 9, 30, 0, 0, time.UTC)
	c := NewClock(start)
	if got := c.Now(); !got.Equal(start) {
		t.Fatalf("Now = %v, want %v", got, start)
	}
	c.Advance(90 * time.Minute)
	if got, want := c.Now(), start.Add(90*time.Minute); !got.Equal(want) {
		t.Errorf("after Advance: %v, want %v", got, want)
	}
	earlier := start.AddDate(0, -1, 0)
	c.Set(earlier)
	if got := c.Now(); !got.Equal(earlier) {
		t.Errorf("after Set: %v, want %v", got, earlier)
	}
}

// Lines written from many goroutines all arrive, whole (run with -race).
func TestLogBufferConcurrentWrites(t *testing.T) {
	var b LogBuffer
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 100 {
				b.Write([]byte("level=INFO msg=request\n"))
			}
		}()
	}
	wg.Wait()
	lines := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
	if len(lines) != 800 {
		t.Fatalf("%d lines, want 800", len(lines))
	}
	for _, l := range lines {
		if l != "level=INFO msg=request" {
			t.Fatalf("a line was torn: %q", l)
		}
	}
}

// The root is this repository's: its go.mod declares the module mespoints,
// and this package lies under it.
func TestRepoRoot(t *testing.T) {
	root := RepoRoot(t)
	mod, err := os.ReadFile(filepath.Join(root, "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(mod), "module mespoints\n") {
		t.Errorf("%s/go.mod starts %.30q, want module mespoints", root, mod)
	}
	if _, err := os.Stat(filepath.Join(root, "server", "internal", "testkit", "root.go")); err != nil {
		t.Errorf("the root found, %s, does not hold this package: %v", root, err)
	}
}
