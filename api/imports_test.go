//go:build !wasm

package api

import (
	"os/exec"
	"slices"
	"strings"
	"testing"
)

// goList runs go list in the repository with the environment env added.
func goList(t *testing.T, env []string, args ...string) []string {
	t.Helper()
	cmd := exec.Command("go", append([]string{"list"}, args...)...)
	cmd.Dir = ".."
	cmd.Env = append(cmd.Environ(), env...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("go list %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return strings.Fields(string(out))
}

// The wire package goes into the WebAssembly: whatever the platform, it
// depends on the standard library and the engine only — no net/http, no
// storage, none of the server's packages.
func TestDependsOnTheEngineAndTheStandardLibraryOnly(t *testing.T) {
	for _, env := range [][]string{nil, {"GOOS=js", "GOARCH=wasm"}} {
		deps := goList(t, env, "-deps", "-f", "{{if not .Standard}}{{.ImportPath}}{{end}}", "./api")
		for _, d := range deps {
			if d != "mespoints/api" && d != "mespoints/points" {
				t.Errorf("%v: mespoints/api depends on %s", env, d)
			}
		}
		all := goList(t, env, "-deps", "./api")
		for _, forbidden := range []string{"net/http", "os/exec", "database/sql"} {
			if slices.Contains(all, forbidden) {
				t.Errorf("%v: mespoints/api depends on %s", env, forbidden)
			}
		}
	}
}

// The app (in the browser's build) and the server's API both speak
// through this package: they import the same wire types.
func TestAppAndServerShareTheWireTypes(t *testing.T) {
	for _, c := range []struct {
		pkg string
		env []string
	}{{"./app", []string{"GOOS=js", "GOARCH=wasm"}}, {"./app", nil}, {"./server/api", nil}} {
		if deps := goList(t, c.env, "-deps", c.pkg); !slices.Contains(deps, "mespoints/api") {
			t.Errorf("%s %v does not import mespoints/api", c.pkg, c.env)
		}
	}
}

// It builds for the browser.
func TestBuildsForWebAssembly(t *testing.T) {
	cmd := exec.Command("go", "build", "-o", "/dev/null", "./api")
	cmd.Dir = ".."
	cmd.Env = append(cmd.Environ(), "GOOS=js", "GOARCH=wasm")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("GOOS=js GOARCH=wasm go build ./api: %v\n%s", err, out)
	}
}
