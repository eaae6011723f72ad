// Command bench is `make bench` and `make lighthouse`: it runs every Go
// benchmark of the repository and prints each subject beside its baseline
// measured in the same run, with the ratio; it loads the data API with wrk
// against a bare net/http handler; it times the cold load of the landing
// page in headless Chromium against go-app's hello world; and, with
// -lighthouse, it runs Lighthouse on the landing page, on /solde with a
// session and on the hello world. Only ratios count: the machine is shared.
//
// Run it from the repository's root after `make build` (the Makefile's
// targets do both).
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"time"
)

// options are the command's settings.
type options struct {
	goBench, api, coldLoad, lighthouse bool
	// oneCore adds the API's figures on one core (onecore.go).
	oneCore                    bool
	runs                       int
	benchCount                 int
	duration                   time.Duration
	web, helloDir, helloServer string
	helloPristineDir           string
	chromium, wrk              string
	// cpuProfile, when set, is where the CPU profile of this process
	// (the API's server) is written while wrk loads the API.
	cpuProfile string
}

func main() {
	var o options
	flag.BoolVar(&o.goBench, "go", true, "run the Go benchmarks (go test -bench) and pair each subject with its baseline")
	flag.BoolVar(&o.api, "api", true, "load the data API with wrk against a bare net/http hello handler")
	flag.BoolVar(&o.oneCore, "onecore", true, "load the API a second time with this process on one CPU (GOMAXPROCS 1) and wrk on another (taskset)")
	flag.BoolVar(&o.coldLoad, "coldload", true, "time the cold load of the landing page in headless Chromium against go-app's hello world")
	flag.BoolVar(&o.lighthouse, "lighthouse", false, "run Lighthouse (npx lighthouse@12) on /, /solde with a session and the hello world; nothing else")
	flag.IntVar(&o.runs, "runs", 3, "runs of each API and cold-load figure (the median is printed)")
	flag.IntVar(&o.benchCount, "count", 1, "go test -count for the Go benchmarks")
	flag.DurationVar(&o.duration, "duration", 5*time.Second, "length of each wrk run")
	flag.StringVar(&o.web, "web", "web", "folder of the built app.wasm and static files")
	flag.StringVar(&o.helloDir, "hello", "build/hello", "folder of the hello world's app.wasm built with the patched go-app, as Mes points is")
	flag.StringVar(&o.helloPristineDir, "hello-unpatched", "build/hello-unpatched", "folder of the hello world's app.wasm built with go-app as released")
	flag.StringVar(&o.helloServer, "hello-server", "build/hello/server", "the hello world's server binary")
	flag.StringVar(&o.chromium, "chromium", envOr("MESPOINTS_CHROMIUM", "/usr/bin/chromium-headless-shell"), "headless Chromium for the cold load; Lighthouse uses CHROME_PATH or /usr/bin/chromium")
	flag.StringVar(&o.wrk, "wrk", "wrk", "the wrk load generator")
	flag.StringVar(&o.cpuProfile, "cpuprofile", "", "write the CPU profile of the API's server under wrk to this file (go tool pprof reads it)")
	flag.Parse()
	if o.lighthouse {
		o.goBench, o.api, o.coldLoad = false, false, false
	}
	if err := run(o); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

// The hello worlds: the baseline is built the same way as Mes points
// (patched go-app, brotli); the unpatched one is go-app as released, the
// baseline of the figures measured before the patch.
const (
	baselineHello = "baseline=go-app hello"
	pristineHello = "go-app hello, go-app unpatched"
)

func envOr(key, def string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return def
}

func run(o options) error {
	w := os.Stdout
	if o.goBench {
		if err := goBenchmarks(w, o.benchCount); err != nil {
			return err
		}
	}
	if !o.api && !o.coldLoad && !o.lighthouse {
		return nil
	}
	app, err := startApp(o.web)
	if err != nil {
		return err
	}
	defer app.stop()
	if o.api {
		if err := apiLoad(w, o, app); err != nil {
			return err
		}
	}
	if !o.coldLoad && !o.lighthouse {
		return nil
	}
	hello, err := startHello(o.helloServer, o.helloDir, o.web)
	if err != nil {
		return err
	}
	defer hello.stop()
	pristine, err := startHello(o.helloServer, o.helloPristineDir, o.web)
	if err != nil {
		return err
	}
	defer pristine.stop()
	if o.coldLoad {
		if err := wasmSizes(w, []subject{
			{baselineHello, filepath.Join(o.helloDir, "app.wasm.br"), ""},
			{pristineHello, filepath.Join(o.helloPristineDir, "app.wasm.br"), ""},
			{"Mes points", filepath.Join(o.web, "app.wasm.br"), ""},
		}); err != nil {
			return err
		}
		if err := coldLoads(w, o, []subject{
			{baselineHello, hello.url + "/", liveByLoader},
			{pristineHello, pristine.url + "/", liveByLoader},
			{"Mes points /", app.url + "/", liveByAttribute},
		}); err != nil {
			return err
		}
	}
	if o.lighthouse {
		return lighthouseAll(w, app, hello.url)
	}
	return nil
}
