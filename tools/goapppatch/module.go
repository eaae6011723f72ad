package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// goAppPath is the module the patch applies to.
const goAppPath = "github.com/maxence-charriere/go-app/v10"

// module is what `go list -m -json` says of a module.
type module struct {
	Path    string
	Version string
	Dir     string
}

// locateModule asks the go command which version of path the main module
// requires and where its files are, downloading it if needed.
func locateModule(path string) (module, error) {
	cmd := exec.Command("go", "list", "-mod=readonly", "-m", "-json", path)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	b, err := cmd.Output()
	if err != nil {
		return module{}, fmt.Errorf("go list -m %s: %w: %s", path, err, strings.TrimSpace(stderr.String()))
	}
	var m module
	if err := json.Unmarshal(b, &m); err != nil {
		return module{}, fmt.Errorf("read go list -m %s: %w", path, err)
	}
	if m.Dir == "" {
		// Not yet in the module cache.
		dl := exec.Command("go", "mod", "download", "-json", path+"@"+m.Version)
		dl.Stderr = &stderr
		b, err := dl.Output()
		if err != nil {
			return module{}, fmt.Errorf("go mod download %s: %w: %s", path, err, strings.TrimSpace(stderr.String()))
		}
		if err := json.Unmarshal(b, &m); err != nil {
			return module{}, fmt.Errorf("read go mod download %s: %w", path, err)
		}
	}
	if m.Dir == "" || m.Version == "" {
		return module{}, fmt.Errorf("go list -m %s: no folder or version (is it replaced in go.mod?)", path)
	}
	return m, nil
}

// copyModule copies the module's go.mod, its licence and the Go files of
// its packages (not their tests) from src to out/module, writable, and
// returns that folder.
func copyModule(src, out string) (string, error) {
	dst := filepath.Join(out, "module")
	for _, name := range []string{"go.mod", "LICENSE"} {
		if err := copyFile(filepath.Join(src, name), filepath.Join(dst, name)); err != nil && !(name == "LICENSE" && os.IsNotExist(err)) {
			return "", err
		}
	}
	err := filepath.WalkDir(filepath.Join(src, "pkg"), func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() || !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
			return nil
		}
		rel, err := filepath.Rel(src, p)
		if err != nil {
			return err
		}
		return copyFile(p, filepath.Join(dst, rel))
	})
	if err != nil {
		return "", fmt.Errorf("copy %s: %w", src, err)
	}
	return dst, nil
}

func copyFile(from, to string) error {
	b, err := os.ReadFile(from)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
		return fmt.Errorf("create %s: %w", filepath.Dir(to), err)
	}
	if err := os.WriteFile(to, b, 0o644); err != nil {
		return fmt.Errorf("write %s: %w", to, err)
	}
	return nil
}

// writeModFile writes out/go.mod: the main module's go.mod with a replace
// directive pointing go-app at the patched copy in dir, and out/go.sum, a
// copy of go.sum (`go build -modfile=X.mod` reads X.sum).
func writeModFile(out, dir string) error {
	gomod, err := os.ReadFile("go.mod")
	if err != nil {
		return fmt.Errorf("read go.mod (run from the module's root): %w", err)
	}
	for _, line := range strings.Split(string(gomod), "\n") {
		if f := strings.Fields(line); len(f) > 0 && (f[0] == "replace" || f[0] == goAppPath) && strings.Contains(line, "=>") && strings.Contains(line, goAppPath) {
			return fmt.Errorf("go.mod already replaces %s: the patch needs the released module", goAppPath)
		}
	}
	// A relative path is taken from the main module's root, so the
	// folder can move with the repository.
	target, err := filepath.Abs(dir)
	if err != nil {
		return fmt.Errorf("locate %s: %w", dir, err)
	}
	if wd, err := os.Getwd(); err == nil {
		if rel, err := filepath.Rel(wd, target); err == nil && filepath.IsLocal(rel) {
			target = "./" + filepath.ToSlash(rel)
		}
	}
	gomod = append(bytes.TrimRight(gomod, "\n"), []byte(fmt.Sprintf("\n\n// Added by tools/goapppatch: go-app patched for a smaller WebAssembly.\nreplace %s => %s\n", goAppPath, target))...)
	if err := os.WriteFile(filepath.Join(out, "go.mod"), gomod, 0o644); err != nil {
		return fmt.Errorf("write %s: %w", filepath.Join(out, "go.mod"), err)
	}
	return copyFile("go.sum", filepath.Join(out, "go.sum"))
}
