package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// Throttling of the cold loads: a good 4G link and a mid-range phone.
const (
	throttleLatencyMs = 40
	throttleDownBps   = 9e6 / 8 // 9 Mbit/s
	throttleUpBps     = 3e6 / 8
	throttleCPU       = 4
)

// probe is injected into every page before its own scripts: it adds up the
// layout shifts, and notes when the app is live. go-app's hello world is
// live when go-app removes its loader, right after starting the
// WebAssembly (go.run), which draws the page at once. Mes points waits
// for the browser to draw the prerendered page first (app.AwaitFirstPaint):
// go-app removes its loader before the app has drawn, and the app says it
// is live by setting the attribute data-app-live of <html>.
const probe = `window.__bench = {cls: 0, live: 0, loaderSeen: false, loaderGone: 0};
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) { if (!e.hadRecentInput) window.__bench.cls += e.value; }
}).observe({type: "layout-shift", buffered: true});
new MutationObserver(() => {
  const b = window.__bench;
  if (!b.live && document.documentElement.hasAttribute("data-app-live")) b.live = performance.now();
  const loader = document.getElementById("app-wasm-loader");
  if (loader) { b.loaderSeen = true; return; }
  if (b.loaderSeen && !b.loaderGone) b.loaderGone = performance.now();
}).observe(document, {childList: true, subtree: true, attributes: true, attributeFilter: ["data-app-live"]});`

// liveSignal is the expression of the probe that is the time the page
// went live: the attribute for Mes points, the loader's removal for the
// hello worlds.
const (
	liveByAttribute = "window.__bench.live"
	liveByLoader    = "window.__bench.loaderGone"
)

// coldLoad is one cold load's figures.
type coldLoad struct {
	fcp, live    float64 // ms from navigation start
	cls          float64
	wasmRequests int   // by the page, its workers and its service worker
	downBytes    int64 // sent to the browser until the figures were read
}

// measureColdLoad opens url in a fresh Chromium profile with the network
// and CPU throttled and waits for the app to be live.
func measureColdLoad(chromium, url, liveSignal string) (coldLoad, error) {
	profile, err := os.MkdirTemp("", "mespoints-bench-chromium-")
	if err != nil {
		return coldLoad{}, err
	}
	defer os.RemoveAll(profile)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(chromium), chromedp.Headless, chromedp.NoSandbox, chromedp.NoFirstRun, chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-gpu", true), chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.Flag("disable-dev-shm-usage", true), chromedp.Flag("disable-extensions", true),
		chromedp.UserDataDir(profile), chromedp.WindowSize(412, 823))
	defer cancelAlloc()
	ctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	ctx, cancelTimeout := context.WithTimeout(ctx, 2*time.Minute)
	defer cancelTimeout()
	link, throttledURL, err := startThrottle(url, throttleLatencyMs*time.Millisecond, throttleDownBps, throttleUpBps)
	if err != nil {
		return coldLoad{}, err
	}
	defer link.close()
	defer cancel() // Chromium's connections end before the link waits for them
	if _, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: probe}); err != nil {
		return coldLoad{}, fmt.Errorf("install the probe: %w", err)
	}
	if _, err := chromedp.Call(ctx, emulation.SetCPUThrottlingRate, emulation.SetCPUThrottlingRateParams{Rate: throttleCPU}); err != nil {
		return coldLoad{}, fmt.Errorf("throttle the CPU: %w", err)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(throttledURL)); err != nil {
		return coldLoad{}, fmt.Errorf("open %s: %w", url, err)
	}
	var r coldLoad
	for {
		live, err := chromedp.Run(ctx, chromedp.Evaluate[float64](liveSignal))
		if err != nil {
			return coldLoad{}, fmt.Errorf("%s: the app never went live: %w", url, err)
		}
		if live > 0 {
			r.live = live
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	// Let a late shift (a banner inserted by the app) be counted.
	time.Sleep(500 * time.Millisecond)
	fig, err := chromedp.Run(ctx, chromedp.Evaluate[struct{ FCP, CLS float64 }](`({
	  FCP: (performance.getEntriesByName("first-contentful-paint")[0] || {startTime: 0}).startTime,
	  CLS: window.__bench.cls})`))
	if err != nil {
		return coldLoad{}, fmt.Errorf("%s: read the figures: %w", url, err)
	}
	r.fcp, r.cls, r.wasmRequests = fig.FCP, fig.CLS, int(link.wasmRequests.Load())
	r.downBytes = link.downBytes.Load()
	return r, nil
}

// subject is one page (or file) measured: the first of a list is the
// baseline. live is the probe's expression of the time it went live.
type subject struct{ name, url, live string }

// coldLoads prints the cold load of each page, taken in turn, medians of
// o.runs, with the ratio to the first.
func coldLoads(w io.Writer, o options, pages []subject) error {
	fmt.Fprintf(w, "== Cold load in headless Chromium, fresh profile, through a throttled link (%d ms round trip, %.0f Mbit/s down); CPU ÷%d; median of %d runs, taken in turn\n",
		throttleLatencyMs, throttleDownBps*8/1e6, throttleCPU, o.runs)
	n := len(pages)
	fcp, live, cls := make([][]float64, n), make([][]float64, n), make([][]float64, n)
	reqs := make([]int, n)
	down := make([][]float64, n)
	for run := 0; run < o.runs; run++ {
		for i, p := range pages {
			r, err := measureColdLoad(o.chromium, p.url, p.live)
			if err != nil {
				return err
			}
			fcp[i] = append(fcp[i], r.fcp)
			live[i] = append(live[i], r.live)
			cls[i] = append(cls[i], r.cls)
			reqs[i] = max(reqs[i], r.wasmRequests)
			down[i] = append(down[i], float64(r.downBytes))
		}
	}
	// The ratio to the first page, and to the second (go-app as released).
	fmt.Fprintf(w, "  %-34s %12s %22s %8s %8s %10s %18s %12s\n", "", "first paint", "navigation→wasm live", "ratio", "÷ 2nd", "CLS (max)", "app.wasm requests", "bytes down")
	baseLive := median(append([]float64(nil), live[0]...))
	secondLive := median(append([]float64(nil), live[min(1, n-1)]...))
	for i, p := range pages {
		l := median(live[i])
		fmt.Fprintf(w, "  %-34s %9.0f ms %19.0f ms %8s %8s %10.3f %18d %12s\n", p.name, median(fcp[i]), l, ratio(l, baseLive), ratio(l, secondLive), maxOf(cls[i]), reqs[i], thousands(int64(median(down[i]))))
	}
	fmt.Fprintln(w)
	return nil
}

func maxOf(xs []float64) float64 {
	m := 0.0
	for _, x := range xs {
		m = max(m, x)
	}
	return m
}

// wasmSizes prints the brotli size of each app.wasm.br, with the ratio to
// the first.
func wasmSizes(w io.Writer, files []subject) error {
	fmt.Fprintln(w, "== app.wasm, brotli")
	var base int64
	for i, f := range files {
		st, err := os.Stat(f.url)
		if err != nil {
			return fmt.Errorf("%s (make bench builds it): %w", f.url, err)
		}
		if i == 0 {
			base = st.Size()
		}
		fmt.Fprintf(w, "  %-34s %12s bytes   ratio %s\n", f.name, thousands(st.Size()), ratio(float64(st.Size()), float64(base)))
	}
	fmt.Fprintln(w)
	return nil
}
