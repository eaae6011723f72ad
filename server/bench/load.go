package main

import (
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"regexp"
	"runtime/pprof"
	"strconv"
	"strings"
	"time"
)

// loadResult is what one wrk run measured.
type loadResult struct {
	reqPerSec float64
	p99       time.Duration
}

var (
	wrkRate    = regexp.MustCompile(`Requests/sec:\s+([0-9.]+)`)
	wrkP99     = regexp.MustCompile(`\n\s*99%\s+([0-9.]+)(us|ms|s)\b`)
	wrkNon2xx  = regexp.MustCompile(`Non-2xx or 3xx responses:\s+(\d+)`)
	wrkSockErr = regexp.MustCompile(`Socket errors:[^\n]*`)
)

// wrkRun loads url for d with 2 threads and 64 connections, sending
// header (may be empty), and fails if any answer is not a success. With
// cpu set, wrk runs on that CPU only.
func wrkRun(wrk, cpu, url, header string, d time.Duration) (loadResult, error) {
	args := []string{"-t2", "-c64", "-d" + strconv.Itoa(int(d.Seconds())) + "s", "--latency"}
	if header != "" {
		args = append(args, "-H", header)
	}
	cmd := exec.Command(wrk, append(args, url)...)
	if cpu != "" {
		cmd = exec.Command("taskset", append([]string{"-c", cpu, wrk}, append(args, url)...)...)
	}
	out, err := cmd.CombinedOutput()
	if err != nil {
		return loadResult{}, fmt.Errorf("wrk %s: %w: %s", url, err, out)
	}
	s := string(out)
	if m := wrkNon2xx.FindStringSubmatch(s); m != nil {
		return loadResult{}, fmt.Errorf("wrk %s: %s answers were not 2xx/3xx: the figure would not measure the route", url, m[1])
	}
	rate, p99 := wrkRate.FindStringSubmatch(s), wrkP99.FindStringSubmatch(s)
	if rate == nil || p99 == nil {
		return loadResult{}, fmt.Errorf("wrk %s: unexpected output:\n%s", url, s)
	}
	r := loadResult{}
	r.reqPerSec, _ = strconv.ParseFloat(rate[1], 64)
	v, _ := strconv.ParseFloat(p99[1], 64)
	unit := map[string]time.Duration{"us": time.Microsecond, "ms": time.Millisecond, "s": time.Second}[p99[2]]
	r.p99 = time.Duration(v * float64(unit))
	if m := wrkSockErr.FindString(s); m != "" && !strings.Contains(m, "connect 0, read 0, write 0, timeout 0") {
		return r, fmt.Errorf("wrk %s: %s", url, m)
	}
	return r, nil
}

// startHelloHandler serves on a free loopback port a bare net/http
// handler writing "hello" at /, the baseline of the API figures, and at
// /replay one writing the headers and body of replay (an answer the API
// gave), the same bytes without any work: the second baseline, which says
// what the machine allows for an answer of that size.
func startHelloHandler(replay *recorded) (url string, stop func(), err error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, fmt.Errorf("listen: %w", err)
	}
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/replay" {
			h := w.Header()
			for k, v := range replay.header {
				h[k] = v
			}
			w.Write(replay.body)
			return
		}
		io.WriteString(w, "hello")
	})}
	go srv.Serve(ln)
	return "http://" + ln.Addr().String() + "/", func() { srv.Close() }, nil
}

// recorded is an answer of the API: its headers (but the date, which
// net/http writes) and body.
type recorded struct {
	header http.Header
	body   []byte
}

// record asks url once with the session cookie and keeps its answer.
func record(url, cookie string) (*recorded, error) {
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Cookie", cookie)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, fmt.Errorf("record %s: %w", url, err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil || res.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("record %s: %d %v", url, res.StatusCode, err)
	}
	res.Header.Del("Date")
	return &recorded{header: res.Header, body: body}, nil
}

// apiLoad prints the throughput and p99 of the API's read routes with a
// session, and of the bare handlers, measured alternately in the same
// run: on the machine's cores shared with wrk, then on one core
// (onecore.go).
func apiLoad(w io.Writer, o options, app *appServer) error {
	if err := apiLoadOn(w, o, app, false); err != nil {
		return err
	}
	if !o.oneCore {
		return nil
	}
	restore, err := pinOneCore()
	if err != nil {
		fmt.Fprintf(w, "== API on one core: not measured: %v\n\n", err)
		return nil
	}
	err = apiLoadOn(w, o, app, true)
	if rerr := restore(); err == nil {
		err = rerr
	}
	return err
}

// apiLoadOn is one table of apiLoad, on one core or not.
func apiLoadOn(w io.Writer, o options, app *appServer, oneCore bool) error {
	if _, err := exec.LookPath(o.wrk); err != nil {
		return fmt.Errorf("wrk not found (make bench installs Debian's wrk): %w", err)
	}
	points, err := record(app.url+"/api/v1/points", app.cookie)
	if err != nil {
		return err
	}
	hello, stop, err := startHelloHandler(points)
	if err != nil {
		return err
	}
	defer stop()
	type target struct{ name, url, header string }
	cookie := "Cookie: " + app.cookie
	targets := []target{
		{"baseline=net/http hello", hello, ""},
		{"net/http replaying /points", hello + "replay", cookie},
		{"GET /api/v1/points", app.url + "/api/v1/points", cookie},
		{"GET /api/v1/history", app.url + "/api/v1/history", cookie},
		{"GET /api/v1/me", app.url + "/api/v1/me", cookie},
	}
	where, cpu := "", ""
	if oneCore {
		where, cpu = fmt.Sprintf(", on one core: this process on CPU %s with GOMAXPROCS 1, wrk on CPU %s", serverCPU, wrkCPU), wrkCPU
	}
	fmt.Fprintf(w, "== API on loopback%s: wrk -t2 -c64 -d%s --latency, signed in as %s; median of %d runs, targets taken in turn\n", where, o.duration, persona, o.runs)
	if o.cpuProfile != "" && !oneCore {
		stopProfile, err := startCPUProfile(o.cpuProfile)
		if err != nil {
			return err
		}
		defer stopProfile()
	}
	rates := make([][]float64, len(targets))
	p99s := make([][]float64, len(targets))
	for run := 0; run < o.runs; run++ {
		for i, t := range targets {
			r, err := wrkRun(o.wrk, cpu, t.url, t.header, o.duration)
			if err != nil {
				return err
			}
			rates[i] = append(rates[i], r.reqPerSec)
			p99s[i] = append(p99s[i], float64(r.p99))
		}
	}
	base := median(append([]float64(nil), rates[0]...))
	replay := median(append([]float64(nil), rates[1]...))
	fmt.Fprintf(w, "  %-26s %10s %10s %14s %14s\n", "", "req/s", "p99", "÷ hello req/s", "÷ replay")
	for i, t := range targets {
		rate := median(rates[i])
		fmt.Fprintf(w, "  %-26s %10.0f %10s %14s %14s\n", t.name, rate, duration(median(p99s[i])), ratio(rate, base), ratio(rate, replay))
	}
	fmt.Fprintln(w, "  (replay: a bare net/http handler writing /points's answer, its headers and body, for the same request: what this machine allows for that answer)")
	fmt.Fprintln(w)
	return nil
}

// startCPUProfile profiles this process (the API's server and the hello
// handler) into file until stop is called.
func startCPUProfile(file string) (stop func(), err error) {
	f, err := os.Create(file)
	if err != nil {
		return nil, fmt.Errorf("cpu profile: %w", err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, fmt.Errorf("cpu profile: %w", err)
	}
	return func() {
		pprof.StopCPUProfile()
		f.Close()
	}, nil
}
