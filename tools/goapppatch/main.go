// Command goapppatch prepares the go-app module that the WebAssembly build
// of Mes points compiles against: a copy of go-app's packages, taken from
// Go's module cache at build time, with the project's small patch applied
// (rules.go), and a go.mod to pass to `go build -modfile` that replaces
// go-app by that copy. The patch moves go-app's server-only code (its HTTP
// handler, hence net/http, crypto/tls, crypto/x509, mime…) out of js/wasm
// builds and lets the linker drop regexp when no route uses one: the
// browser downloads about a quarter less. The server keeps the pristine
// module. docs/go-app-wasm-size.md explains the change and its figures.
//
// Usage, from the module's root:
//
//	go run ./tools/goapppatch -out build/goapp
//	GOOS=js GOARCH=wasm go build -modfile=build/goapp/go.mod ./wasm
//
// Go refuses -overlay files beneath GOMODCACHE, hence the copy and the
// replace directive in a separate go.mod (the project's go.mod is left
// untouched). The patch is written for one version of go-app: if go.mod
// requires another, the command fails and says what to do.
package main

import (
	"flag"
	"fmt"
	"os"
)

func main() {
	out := flag.String("out", "build/goapp", "folder to write the patched module and its go.mod into (ignored by git)")
	flag.Parse()
	if err := run(*out); err != nil {
		fmt.Fprintln(os.Stderr, "goapppatch:", err)
		os.Exit(1)
	}
}

// run locates go-app, copies and patches it under out/module and writes
// out/go.mod and out/go.sum.
func run(out string) error {
	mod, err := locateModule(goAppPath)
	if err != nil {
		return err
	}
	if err := checkVersion(mod); err != nil {
		return err
	}
	if err := os.RemoveAll(out); err != nil {
		return fmt.Errorf("clear %s: %w", out, err)
	}
	dst, err := copyModule(mod.Dir, out)
	if err != nil {
		return err
	}
	if err := patch(dst); err != nil {
		return fmt.Errorf("patch go-app %s: %w", mod.Version, err)
	}
	return writeModFile(out, dst)
}

// checkVersion refuses any version of go-app but the one the rules were
// written for.
func checkVersion(mod module) error {
	if mod.Version == patchedVersion {
		return nil
	}
	return fmt.Errorf("go.mod requires %s %s, but the patch in tools/goapppatch/rules.go is written for %s: "+
		"check each rule against the new version's pkg/app (docs/go-app-wasm-size.md says what each one does and why), "+
		"then set patchedVersion to %s — or drop the patch if go-app took it",
		mod.Path, mod.Version, patchedVersion, mod.Version)
}
