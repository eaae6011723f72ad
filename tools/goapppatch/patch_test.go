package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// moduleRoot is the folder holding the project's go.mod.
func moduleRoot(t *testing.T) string {
	t.Helper()
	dir, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "go.mod")); err != nil {
		t.Fatalf("go.mod not found at %s: %v", dir, err)
	}
	return dir
}

// wasmDeps lists the packages of the browser build, with go-app patched
// when modfile is given.
func wasmDeps(t *testing.T, root, modfile string) map[string]bool {
	t.Helper()
	args := []string{"list", "-deps"}
	if modfile != "" {
		args = append(args, "-modfile="+modfile)
	}
	cmd := exec.Command("go", append(args, "./wasm")...)
	cmd.Dir = root
	cmd.Env = append(cmd.Environ(), "GOOS=js", "GOARCH=wasm")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("go list -deps ./wasm: %v\n%s", err, out)
	}
	deps := map[string]bool{}
	for _, p := range strings.Fields(string(out)) {
		deps[p] = true
	}
	return deps
}

// serverOnly are packages the browser never needs: go-app's HTTP handler
// brings them in, and they weigh a quarter of the download.
var serverOnly = []string{"net/http", "net", "crypto/tls", "crypto/x509", "crypto/rsa", "crypto/ecdsa", "mime/multipart", "net/http/httptest",
	// Encrypt/Decrypt and the uuid module, left out of the browser build.
	"crypto/aes", "crypto/cipher", "github.com/google/uuid", "crypto/md5", "database/sql/driver"}

// With the patch, the WebAssembly no longer carries go-app's server side:
// no net/http, no TLS, no certificates. Without it, it does (which is what
// the patch is for, and shows this test can tell the two apart).
func TestPatchedWasmLeavesTheServerOut(t *testing.T) {
	root := moduleRoot(t)
	t.Chdir(root)
	out := t.TempDir()
	if err := run(out); err != nil {
		t.Fatalf("goapppatch: %v", err)
	}

	pristine := wasmDeps(t, root, "")
	if !pristine["net/http"] {
		t.Fatalf("the unpatched browser build no longer imports net/http: is the patch still needed? (go-app %s)", patchedVersion)
	}
	patched := wasmDeps(t, root, filepath.Join(out, "go.mod"))
	if !patched["github.com/maxence-charriere/go-app/v10/pkg/app"] || !patched["mespoints/app"] {
		t.Fatalf("the patched build lacks go-app or the app: %v", patched)
	}
	for _, p := range serverOnly {
		if patched[p] {
			t.Errorf("the patched browser build still includes %s", p)
		}
	}
}

// The patched go-app still compiles and passes vet on the server side too:
// the patch is a proposal for go-app, not a fork for the browser only.
func TestPatchedGoAppBuildsForBothSides(t *testing.T) {
	root := moduleRoot(t)
	t.Chdir(root)
	out := t.TempDir()
	if err := run(out); err != nil {
		t.Fatalf("goapppatch: %v", err)
	}
	for _, goos := range []string{"", "js"} {
		cmd := exec.Command("go", "vet", "-modfile="+filepath.Join(out, "go.mod"), goAppPath+"/pkg/app")
		cmd.Env = cmd.Environ()
		if goos == "js" {
			cmd.Env = append(cmd.Env, "GOOS=js", "GOARCH=wasm")
		}
		if b, err := cmd.CombinedOutput(); err != nil {
			t.Errorf("go vet of the patched go-app (GOOS=%q): %v\n%s", goos, err, b)
		}
	}
}

// Another version of go-app stops the build with a message that says what
// to do, instead of patching code the rules were not checked against.
func TestAnotherVersionIsRefused(t *testing.T) {
	err := checkVersion(module{Path: goAppPath, Version: "v10.2.0"})
	if err == nil {
		t.Fatal("v10.2.0 accepted")
	}
	for _, want := range []string{"v10.2.0", patchedVersion, "tools/goapppatch/rules.go", "docs/go-app-wasm-size.md"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("message %q lacks %q", err, want)
		}
	}
	if err := checkVersion(module{Path: goAppPath, Version: patchedVersion}); err != nil {
		t.Errorf("%s refused: %v", patchedVersion, err)
	}
}

// A rule whose text is no longer in go-app fails and names itself, rather
// than leaving that part of the patch out silently.
func TestChangedUpstreamCodeFailsTheRule(t *testing.T) {
	root := moduleRoot(t)
	t.Chdir(root)
	mod, err := locateModule(goAppPath)
	if err != nil {
		t.Fatal(err)
	}
	dst, err := copyModule(mod.Dir, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	route := filepath.Join(dst, "pkg", "app", "route.go")
	b, err := os.ReadFile(route)
	if err != nil {
		t.Fatal(err)
	}
	changed := strings.ReplaceAll(string(b), "rwr.regexp.MatchString(path)", "rwr.regexp.MatchString(strings.TrimSpace(path))")
	if err := os.WriteFile(route, []byte(changed), 0o644); err != nil {
		t.Fatal(err)
	}
	err = patch(dst)
	if err == nil {
		t.Fatal("the patch applied to a route.go it does not know")
	}
	if !strings.Contains(err.Error(), "rule 3") || !strings.Contains(err.Error(), "route.go") {
		t.Errorf("the error does not name the rule and the file: %v", err)
	}
}
