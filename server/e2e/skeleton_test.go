package e2e

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"image/png"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/andybalholm/brotli"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// welcomeText is a sentence of the landing page a person reads first.
const welcomeText = "Connectez-vous pour consulter votre solde de points"

func get(t *testing.T, url string, header map[string]string) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	res, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatalf("read %s: %v", url, err)
	}
	return res, body
}

// The page is readable before any WebAssembly runs: the server prerenders
// it in French.
func TestLandingPageIsPrerenderedInFrench(t *testing.T) {
	s := startServer(t, nil)
	res, body := get(t, s.URL+"/", nil)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET / = %d", res.StatusCode)
	}
	html := string(body)
	for _, want := range []string{`<html lang="fr"`, welcomeText, "historique sur 10 ans", "NEPH", "Aller au contenu", "<h1", "Vos documents", "Vos examens du permis"} {
		if !strings.Contains(html, want) {
			t.Errorf("raw HTML of / lacks %q", want)
		}
	}
	if n := strings.Count(html, "<h1"); n != 1 {
		t.Errorf("the page has %d h1, want 1", n)
	}
	if strings.Contains(html, "github") {
		t.Error("the page refers to GitHub (go-app's default icons): the offline precache would fail")
	}
}

// Every response carries the security headers; HSTS only outside -dev.
func TestSecurityHeaders(t *testing.T) {
	s := startServer(t, nil)
	for _, path := range []string{"/", "/web/app.wasm", "/manifest.webmanifest", "/app.js", "/healthz", "/api/v1/nothing", "/nowhere"} {
		res, body := get(t, s.URL+path, nil)
		h := res.Header
		csp := h.Get("Content-Security-Policy")
		for _, want := range []string{"script-src 'self' 'wasm-unsafe-eval'", "worker-src 'self' blob:;", "frame-ancestors 'none'", "object-src 'none'"} {
			if !strings.Contains(csp, want) {
				t.Errorf("%s: CSP %q lacks %q", path, csp, want)
			}
		}
		if strings.Contains(csp, "unsafe-inline") || strings.Contains(csp, "'unsafe-eval'") {
			t.Errorf("%s: CSP allows inline code or eval: %q", path, csp)
		}
		if path == "/" {
			checkInlineScripts(t, body, csp)
		}
		if h.Get("X-Content-Type-Options") != "nosniff" || h.Get("Referrer-Policy") != "same-origin" {
			t.Errorf("%s: nosniff / referrer policy missing: %v", path, h)
		}
		if h.Get("Strict-Transport-Security") != "" {
			t.Errorf("%s: HSTS sent in -dev over plain http", path)
		}
	}
}

func TestHealthz(t *testing.T) {
	s := startServer(t, nil)
	res, body := get(t, s.URL+"/healthz", nil)
	if res.StatusCode != http.StatusOK || strings.TrimSpace(string(body)) != "ok" {
		t.Fatalf("GET /healthz = %d %q", res.StatusCode, body)
	}
}

// The request log has one line per request, and never the query string.
func TestRequestLogHasNoQueryString(t *testing.T) {
	s := startServer(t, nil)
	get(t, s.URL+"/?code=SECRETCODE&state=SECRETSTATE", nil)
	get(t, s.URL+"/123456789012", nil) // an unknown path, perhaps a NEPH
	logs := s.Logs.String()
	if !strings.Contains(logs, `"route":"GET /"`) {
		t.Errorf("no request line for /: %s", logs)
	}
	for _, secret := range []string{"SECRETCODE", "SECRETSTATE", "123456789012"} {
		if strings.Contains(logs, secret) {
			t.Errorf("the log holds %q: %s", secret, logs)
		}
	}
}

// The manifest is valid JSON with what an installable French app needs,
// and every icon it names is served with the right type.
func TestManifestAndIcons(t *testing.T) {
	s := startServer(t, nil)
	res, body := get(t, s.URL+"/manifest.webmanifest", nil)
	if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "application/manifest+json") {
		t.Fatalf("GET /manifest.webmanifest = %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	var m struct {
		ID         string `json:"id"`
		Lang       string `json:"lang"`
		Name       string `json:"name"`
		ShortName  string `json:"short_name"`
		StartURL   string `json:"start_url"`
		Display    string `json:"display"`
		ThemeColor string `json:"theme_color"`
		Icons      []struct{ Src, Sizes, Type, Purpose string }
	}
	if err := json.Unmarshal(body, &m); err != nil {
		t.Fatalf("manifest is not valid JSON: %v", err)
	}
	if m.Lang != "fr" || m.ID == "" || m.Name == "" || m.ShortName != "Mes points" || m.StartURL != "/" || m.Display != "standalone" || m.ThemeColor == "" {
		t.Errorf("manifest fields: %+v", m)
	}
	sizes := map[string]bool{}
	maskable := false
	for _, icon := range m.Icons {
		res, body := get(t, s.URL+icon.Src, nil)
		if res.StatusCode != http.StatusOK {
			t.Errorf("icon %s: status %d", icon.Src, res.StatusCode)
			continue
		}
		if got := res.Header.Get("Content-Type"); !strings.HasPrefix(got, icon.Type) {
			t.Errorf("icon %s: served as %q, manifest says %q", icon.Src, got, icon.Type)
		}
		if icon.Type == "image/png" {
			img, err := png.Decode(bytes.NewReader(body))
			if err != nil {
				t.Errorf("icon %s is not a PNG: %v", icon.Src, err)
				continue
			}
			b := img.Bounds()
			if got := fmt.Sprintf("%dx%d", b.Dx(), b.Dy()); got != icon.Sizes {
				t.Errorf("icon %s is %s, manifest says %s", icon.Src, got, icon.Sizes)
			}
			sizes[icon.Sizes] = true
			if icon.Purpose == "maskable" {
				maskable = true
			}
		}
	}
	if !sizes["192x192"] || !sizes["512x512"] || !maskable {
		t.Errorf("manifest icons: need 192 and 512 PNG and a maskable one, got %+v", m.Icons)
	}
}

// app.wasm comes brotli-compressed when the browser accepts it, gzip when
// only gzip is accepted, and raw otherwise; the compressed app stays under
// 2 MB (a build check).
func TestWasmIsServedPrecompressed(t *testing.T) {
	s := startServer(t, nil)
	raw, err := os.ReadFile(filepath.Join(s.Cfg.Web, "app.wasm"))
	if err != nil {
		t.Fatal(err)
	}
	res, body := get(t, s.URL+"/web/app.wasm", map[string]string{"Accept-Encoding": "gzip, deflate, br"})
	if res.Header.Get("Content-Encoding") != "br" || res.Header.Get("Content-Type") != "application/wasm" || !strings.Contains(res.Header.Get("Vary"), "Accept-Encoding") {
		t.Fatalf("headers: %v", res.Header)
	}
	plain, err := io.ReadAll(brotli.NewReader(bytes.NewReader(body)))
	if err != nil || !bytes.Equal(plain, raw) {
		t.Fatalf("the brotli body does not decompress to app.wasm (err %v)", err)
	}
	const limit = 2 << 20
	if len(body) > limit {
		t.Errorf("app.wasm is %d bytes brotli-compressed, over the 2 MB budget", len(body))
	}
	t.Logf("app.wasm: %d bytes raw, %d bytes brotli (%.1f%%)", len(raw), len(body), 100*float64(len(body))/float64(len(raw)))

	res, _ = get(t, s.URL+"/web/app.wasm", map[string]string{"Accept-Encoding": "gzip"})
	if res.Header.Get("Content-Encoding") != "gzip" {
		t.Errorf("gzip only: Content-Encoding %q", res.Header.Get("Content-Encoding"))
	}
	res, body = get(t, s.URL+"/web/app.wasm", map[string]string{"Accept-Encoding": "br;q=0, identity"})
	if res.Header.Get("Content-Encoding") != "" || !bytes.Equal(body, raw) {
		t.Errorf("br refused: got Content-Encoding %q", res.Header.Get("Content-Encoding"))
	}
	etag := res.Header.Get("ETag")
	res, _ = get(t, s.URL+"/web/app.wasm", map[string]string{"Accept-Encoding": "br;q=0, identity", "If-None-Match": etag})
	if res.StatusCode != http.StatusNotModified {
		t.Errorf("If-None-Match with the ETag: status %d, want 304", res.StatusCode)
	}
}

// The same build keeps the same version across restarts, so a restart is
// not announced as an update.
func TestVersionIsStableAcrossRestarts(t *testing.T) {
	s1 := startServer(t, nil)
	_, js1 := get(t, s1.URL+"/app-worker.js", nil)
	s1.stop(t)
	s2 := startServer(t, nil)
	_, js2 := get(t, s2.URL+"/app-worker.js", nil)
	if !bytes.Equal(js1, js2) {
		t.Error("the service worker changed across a restart of the same build")
	}
}

// In Chromium: the wasm boots and the page becomes live, the service
// worker caches the app, and with the network gone the app and a deep
// link still open.
func TestAppBootsAndWorksOffline(t *testing.T) {
	s := startServer(t, nil)
	b := newBrowser(t, 360, 640)

	start := time.Now()
	b.run(t, "open /", chromedp.Navigate(s.URL+"/"), chromedp.WaitVisible("#etat-application"))
	cold := time.Since(start)
	status := eval[string](t, b, "read status", `document.querySelector("#etat-application").textContent`)
	if !strings.Contains(status, "L'application est prête") {
		t.Errorf("live status = %q", status)
	}
	if lang := eval[string](t, b, "read lang", `document.documentElement.lang`); lang != "fr" {
		t.Errorf("lang = %q", lang)
	}

	// The service worker takes control and precaches the app.
	cached := eval[[]string](t, b, "read the cache", `(async () => {
  const reg = await navigator.serviceWorker.ready;
  for (let i = 0; i < 100 && !navigator.serviceWorker.controller; i++) {
    await new Promise((r) => setTimeout(r, 100));
  }
  const keys = await caches.keys();
  const name = keys.find((k) => k.startsWith("mespoints-"));
  if (!name) { return []; }
  const c = await caches.open(name);
  return (await c.keys()).map((r) => new URL(r.url).pathname);
})()`)
	for _, want := range []string{"/", "/web/app.wasm", "/app.js", "/wasm_exec.js", "/manifest.webmanifest", "/web/style.css", "/web/icon-192.png"} {
		if !contains(cached, want) {
			t.Errorf("the service worker's cache lacks %s (has %v)", want, cached)
		}
	}
	if !eval[bool](t, b, "controller", `!!navigator.serviceWorker.controller`) {
		t.Fatal("the service worker does not control the page")
	}
	b.checkClean(t)

	// The network goes away: the server stops and the browser is offline.
	s.stop(t)
	if _, err := chromedp.Call(b.ctx, network.OverrideNetworkState, network.OverrideNetworkStateParams{
		Offline: true, DownloadThroughput: -1, UploadThroughput: -1,
	}); err != nil {
		t.Fatal(err)
	}
	start = time.Now()
	b.run(t, "reload offline", chromedp.Reload(), chromedp.WaitVisible("#etat-application"))
	offline := time.Since(start)
	if got := eval[string](t, b, "offline status", `document.querySelector("#etat-application").textContent`); !strings.Contains(got, "hors ligne") {
		t.Errorf("offline status = %q", got)
	}
	if !eval[bool](t, b, "the worker's module offline", `(async () => (await window.mespointsCompiling) instanceof WebAssembly.Module)()`) {
		t.Error("offline, the app did not start from the module the worker compiled")
	}
	b.run(t, "open a deep link offline", chromedp.Navigate(s.URL+"/aide/neph"), chromedp.WaitVisible("footer"))
	h1 := eval[string](t, b, "deep link h1", `(async () => {
  for (let i = 0; i < 100; i++) {
    const h = document.querySelector("h1");
    if (h && h.textContent.includes("NEPH")) { return h.textContent; }
    await new Promise((r) => setTimeout(r, 100));
  }
  return document.querySelector("h1") ? document.querySelector("h1").textContent : "";
})()`)
	if !strings.Contains(h1, "numéro de dossier") {
		t.Errorf("deep link offline: h1 = %q", h1)
	}
	b.checkClean(t)
	t.Logf("cold load to a live page: %v; offline reload to a live page: %v (loopback, no throttling)", cold.Round(time.Millisecond), offline.Round(time.Millisecond))
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// inlineScript is a script element of a page written in the page.
var inlineScript = regexp.MustCompile(`(?s)<script>(.*?)</script>`)

// checkInlineScripts checks that the policy allows the page's one inline
// script, the start of app.wasm's compilation, by its hash, and no other.
func checkInlineScripts(t *testing.T, body []byte, csp string) {
	t.Helper()
	scripts := inlineScript.FindAllSubmatch(body, -1)
	if len(scripts) != 1 || !bytes.Contains(scripts[0][1], []byte("mespointsStartCompiling(")) {
		t.Fatalf("the page has %d inline scripts, want the one that starts app.wasm's compilation", len(scripts))
	}
	sum := sha256.Sum256(scripts[0][1])
	want := "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
	if !strings.Contains(csp, want) || strings.Count(csp, "'sha256-") != 1 {
		t.Errorf("the policy does not allow exactly the page's script (%s): %s", want, csp)
	}
}
