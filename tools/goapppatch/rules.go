package main

import (
	"fmt"
	"path/filepath"
)

// patchedVersion is the version of go-app the rules below were written
// for and checked against, line by line.
const patchedVersion = "v10.1.11"

// rule is one change to go-app's pkg/app, with the reason for it.
type rule struct {
	why   string
	apply func(p *pkgDir) error
}

// rules is the patch. Each rule fails if go-app's code is not exactly as
// expected. docs/go-app-wasm-size.md is the same change, written as a
// proposal for go-app.
var rules = []rule{
	{
		why: "Handler's methods serve HTTP (net/http, crypto/sha1, os…): server only. " +
			"The Handler and Icon types stay in both builds, so that code naming them still compiles for js/wasm.",
		apply: func(p *pkgDir) error {
			if err := p.moveTypes("http.go", "handler.go", "package app\n\nimport \"sync\"\n", "Handler", "Icon"); err != nil {
				return err
			}
			// sync was only used by Handler's once field.
			if err := p.replaceOnce("http.go", "\t\"sync\"\n", ""); err != nil {
				return err
			}
			return p.constrain("http.go", "!wasm")
		},
	},
	{
		why: "LocalDir's resolver embeds an http.FileServer, which only Handler.ServeHTTP uses: " +
			"it becomes a fileHandler, an http.Handler on the server and an empty struct in js/wasm.",
		apply: func(p *pkgDir) error {
			if err := p.replaceOnce("resource.go", "\t\"net/http\"\n", ""); err != nil {
				return err
			}
			if err := p.replaceOnce("resource.go", "Handler:   http.FileServer(http.Dir(directory)),", "fileHandler: newFileHandler(directory),"); err != nil {
				return err
			}
			if err := p.replaceOnce("resource.go", "\thttp.Handler\n\tdirectory string", "\tfileHandler\n\tdirectory string"); err != nil {
				return err
			}
			if err := p.add("resource_server.go", `//go:build !wasm

package app

import "net/http"

// fileHandler serves the files of a local folder, for Handler.ServeHTTP.
type fileHandler = http.Handler

func newFileHandler(dir string) fileHandler { return http.FileServer(http.Dir(dir)) }
`); err != nil {
				return err
			}
			return p.add("resource_wasm.go", `//go:build wasm

package app

// fileHandler is nothing in the browser, where no file is served.
type fileHandler struct{}

func newFileHandler(string) fileHandler { return fileHandler{} }
`)
		},
	},
	{
		why: "The router keeps a *regexp.Regexp for every route, so regexp, regexp/syntax and their Unicode tables " +
			"are linked even when no route has a pattern. Keeping the match function instead lets the linker " +
			"drop them unless RouteWithRegexp is called.",
		apply: func(p *pkgDir) error {
			if err := p.replaceOnce("route.go", "\t\tregexp:       regexp.MustCompile(pattern),", "\t\tmatch:        regexp.MustCompile(pattern).MatchString,"); err != nil {
				return err
			}
			if err := p.replaceOnce("route.go", "\tregexp       *regexp.Regexp\n", "\tmatch        func(path string) bool\n"); err != nil {
				return err
			}
			// In routed and createComponent.
			return p.replaceN("route.go", "rwr.regexp.MatchString(path)", "rwr.match(path)", 2)
		},
	},
	{
		why: "Context.Encrypt and Decrypt (and states persisted with encryption) link crypto/aes, crypto/cipher and " +
			"crypto/rand's generator into the browser build. An app that never calls them (Mes points keeps nothing " +
			"encrypted with a key that sits in the same page) leaves them out: in js/wasm they return an error.",
		apply: func(p *pkgDir) error {
			if err := p.constrain("crypto.go", "!wasm"); err != nil {
				return err
			}
			return p.add("crypto_wasm.go", `//go:build wasm

package app

import "github.com/maxence-charriere/go-app/v10/pkg/errors"

// errNoEncryption is what Encrypt and Decrypt answer in this build.
var errNoEncryption = errors.New("encryption is left out of this build (tools/goapppatch)")

func encrypt(key string, v []byte) ([]byte, error) { return nil, errNoEncryption }

func decrypt(key string, v []byte) ([]byte, error) { return nil, errNoEncryption }
`)
		},
	},
	{
		why: "github.com/google/uuid (with crypto/md5, crypto/sha1, database/sql/driver) only names the device and " +
			"the broadcast channel's store: a version 4 UUID from math/rand/v2, whose generator is seeded by the " +
			"runtime's random source, does the same.",
		apply: func(p *pkgDir) error {
			for _, f := range []string{"context.go", "state.go"} {
				if err := p.replaceOnce(f, "\t\"github.com/google/uuid\"\n", ""); err != nil {
					return err
				}
			}
			if err := p.replaceOnce("context.go", "id = uuid.NewString()", "id = newUUID()"); err != nil {
				return err
			}
			if err := p.replaceOnce("state.go", "m.broadcastStoreID = uuid.NewString()", "m.broadcastStoreID = newUUID()"); err != nil {
				return err
			}
			return p.add("uuid.go", `package app

import (
	"fmt"
	"math/rand/v2"
)

// newUUID returns a random (version 4) UUID in its usual text form.
func newUUID() string {
	hi, lo := rand.Uint64(), rand.Uint64()
	hi = hi&^(0xf<<12) | 0x4<<12  // version 4
	lo = lo&^(0x3<<62) | 0x2<<62 // RFC 4122 variant
	return fmt.Sprintf("%08x-%04x-%04x-%04x-%012x", hi>>32, hi>>16&0xffff, hi&0xffff, lo>>48, lo&0xffffffffffff)
}
`)
		},
	},
}

// patch applies every rule to the copied module in dir.
func patch(dir string) error {
	p, err := loadPkg(filepath.Join(dir, "pkg", "app"))
	if err != nil {
		return err
	}
	for i, r := range rules {
		if err := r.apply(p); err != nil {
			return fmt.Errorf("rule %d (%s): %w", i+1, r.why, err)
		}
	}
	return p.save()
}
