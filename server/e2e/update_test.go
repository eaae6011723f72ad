package e2e

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"mespoints/server/config"
	"mespoints/server/internal/testkit"
)

// The update banner ("Une nouvelle version de Mes points est disponible")
// only when an older version was really running (issue 12, item 5).

// waitServiceWorker waits until the service worker is activated and
// controls the page, then a little more for any banner it would bring.
func waitServiceWorker(t *testing.T, b *browser) {
	t.Helper()
	if !eval[bool](t, b, "wait for the service worker", `(async () => {
  const reg = await navigator.serviceWorker.ready;
  for (let i = 0; i < 200; i++) {
    if (navigator.serviceWorker.controller && reg.active && reg.active.state === "activated" && !reg.installing && !reg.waiting) { break; }
    await new Promise((r) => setTimeout(r, 50));
  }
  await new Promise((r) => setTimeout(r, 1500));
  return !!navigator.serviceWorker.controller;
})()`) {
		t.Fatal("the service worker never controlled the page")
	}
}

// bannerShown tells whether the update banner is on the page.
func bannerShown(t *testing.T, b *browser) bool {
	t.Helper()
	return eval[bool](t, b, "update banner", `!!document.getElementById("mise-a-jour")`)
}

// First visits, each in a fresh profile: the service worker installs and
// takes control, and no update is announced.
func TestFirstVisitHasNoUpdateBanner(t *testing.T) {
	s := startServer(t, nil)
	for i := 1; i <= 5; i++ {
		b := newBrowser(t, 360, 740)
		b.run(t, "open the home page", chromedp.Navigate(s.URL+"/"))
		waitLive(t, b)
		waitServiceWorker(t, b)
		if bannerShown(t, b) {
			t.Errorf("fresh profile %d: the first visit announces a new version", i)
		}
		b.checkClean(t)
	}
}

// copyWeb copies the web folder (the built app) to a new folder. With
// bump, its app.wasm gets a custom section, which WebAssembly ignores: a
// new build with the same code, hence a new version of the app; the
// precompressed copies are left out so that the new file is the one
// served.
func copyWeb(t *testing.T, bump string) string {
	t.Helper()
	src := filepath.Join(testkit.RepoRoot(t), "web")
	dst := t.TempDir()
	entries, err := os.ReadDir(src)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.IsDir() || (bump != "" && (e.Name() == "app.wasm.br" || e.Name() == "app.wasm.gz")) {
			continue
		}
		b, err := os.ReadFile(filepath.Join(src, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if e.Name() == "app.wasm" && bump != "" {
			b = append(b, customSection("mespoints-test", bump)...)
		}
		if err := os.WriteFile(filepath.Join(dst, e.Name()), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dst
}

// waitNewDocument waits until the page marked with window.__oldPage has
// been replaced by a new one, fully loaded.
func waitNewDocument(t *testing.T, b *browser) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		ctx, cancel := context.WithTimeout(b.ctx, 2*time.Second)
		v, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`!window.__oldPage && document.readyState === "complete"`))
		cancel()
		if err == nil && v {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatal("the page was not reloaded")
}

// customSection encodes a WebAssembly custom section (id 0) named name
// holding payload.
func customSection(name, payload string) []byte {
	body := append(uleb(len(name)), name...)
	body = append(body, payload...)
	return append(append([]byte{0}, uleb(len(body))...), body...)
}

// uleb encodes n as unsigned LEB128.
func uleb(n int) []byte {
	var out []byte
	for {
		c := byte(n & 0x7f)
		n >>= 7
		if n == 0 {
			return append(out, c)
		}
		out = append(out, c|0x80)
	}
}

// A new version deployed while a person has the app open: after the
// service worker of the old version, the new one takes over and the
// banner offers to reload; after the reload, it is gone.
func TestUpdateBannerAfterARealUpdate(t *testing.T) {
	port := freePort(t)
	addr := fmt.Sprintf("127.0.0.1:%d", port)
	v1 := startServer(t, func(c *config.Config) { c.Addr, c.Web = addr, copyWeb(t, "") })
	b := newBrowser(t, 360, 740)
	b.run(t, "first visit", chromedp.Navigate(v1.URL+"/"))
	waitLive(t, b)
	waitServiceWorker(t, b)
	b.run(t, "open again, under the service worker", chromedp.Navigate(v1.URL+"/aide/neph"))
	waitLive(t, b)
	waitServiceWorker(t, b)
	if bannerShown(t, b) {
		t.Fatal("the banner shows before any update")
	}
	v1.stop(t)

	v2 := startServer(t, func(c *config.Config) { c.Addr, c.Web = addr, copyWeb(t, "v2") })
	b.run(t, "open the app after the update", chromedp.Navigate(v2.URL+"/"))
	waitLive(t, b)
	// The new version installs in the background (its worker downloads and
	// precaches app.wasm) before the banner may show: on a loaded machine
	// that takes longer than a page's text.
	waitTextWithin(t, b, "#mise-a-jour", "Une nouvelle version de Mes points est disponible", time.Minute)
	checkAccessibility(t, b, "the update banner")
	eval[bool](t, b, "mark the page", `window.__oldPage = true`)
	b.run(t, "reload", chromedp.Click(chromedp.CSS("#mise-a-jour button")))
	waitNewDocument(t, b)
	waitLive(t, b)
	waitServiceWorker(t, b)
	if bannerShown(t, b) {
		t.Error("the banner is still there after the reload to the new version")
	}
	b.checkClean(t)
}
