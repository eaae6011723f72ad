//go:build !wasm

package app

import (
	"os/exec"
	"strings"
	"testing"
)

// The browser side must not carry the server's code, and none of the
// project's own packages in it may use net/http: the app talks to the
// server with window.fetch. (go-app itself imports net/http for its
// server-side handler; that is outside our hands.)
func TestWasmDoesNotImportNetHTTPNorServer(t *testing.T) {
	cmd := exec.Command("go", "list", "-deps", "-f", "{{.ImportPath}}: {{join .Imports \" \"}}", "./")
	cmd.Env = append(cmd.Environ(), "GOOS=js", "GOARCH=wasm")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		pkg, imports, _ := strings.Cut(line, ": ")
		if strings.HasPrefix(pkg, "mespoints/server") {
			t.Errorf("the WebAssembly build includes %s", pkg)
		}
		if !strings.HasPrefix(pkg, "mespoints") {
			continue
		}
		for _, imp := range strings.Fields(imports) {
			if imp == "net/http" {
				t.Errorf("%s imports net/http in the WebAssembly build", pkg)
			}
		}
	}
}
