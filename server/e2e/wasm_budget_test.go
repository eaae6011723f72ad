package e2e

import (
	"os"
	"path/filepath"
	"testing"

	"mespoints/server/internal/testkit"
)

// wasmBudget is the most a phone downloads to run the app: app.wasm as
// brotli. go-app's server side and regexp are left out of it at build time
// (tools/goapppatch, docs/go-app-wasm-size.md); without that it weighs
// about 1.58 MB.
const wasmBudget = 1_200_000

// The app a person downloads on a phone stays within its budget.
func TestAppWasmFitsItsBudget(t *testing.T) {
	path := filepath.Join(testkit.RepoRoot(t), "web", "app.wasm.br")
	info, err := os.Stat(path)
	if err != nil {
		t.Fatalf("web/app.wasm.br is missing: run `make build` (make test does): %v", err)
	}
	if info.Size() > wasmBudget {
		t.Errorf("app.wasm is %d bytes with brotli, over its budget of %d: is it built with the patched go-app (make build, -modfile=build/goapp/go.mod)? See docs/go-app-wasm-size.md", info.Size(), wasmBudget)
	}
}
