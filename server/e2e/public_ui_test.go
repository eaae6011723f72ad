package e2e

import (
	"testing"

	"github.com/chromedp/chromedp"
)

// The public pages pass axe at phone and desktop widths, and a phone
// screen never scrolls sideways.
func TestPublicPagesAreAccessible(t *testing.T) {
	s := startServer(t, nil)
	for _, size := range [][2]int{{360, 640}, {1280, 900}} {
		b := newBrowser(t, size[0], size[1])
		for _, path := range []string{"/", "/aide/neph"} {
			b.run(t, "open "+path, chromedp.Navigate(s.URL+path), chromedp.WaitVisible("footer"))
			waitLive(t, b)
			checkAccessibility(t, b, path)
			checkNoHorizontalScroll(t, b, path)
		}
		b.checkClean(t)
	}
}

// waitLive waits until the WebAssembly has drawn its first page: the app
// then sets the attribute data-app-live of <html> (go-app's loader is
// gone earlier, before the app has drawn anything).
func waitLive(t testing.TB, b *browser) {
	t.Helper()
	if !eval[bool](t, b, "wait for the app", `(async () => {
  for (let i = 0; i < 300; i++) {
    if (document.documentElement.hasAttribute("data-app-live")) { return true; }
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
})()`) {
		t.Fatal("the app did not start within 15 s")
	}
}

// checkNoHorizontalScroll fails when the page is wider than the screen.
func checkNoHorizontalScroll(t testing.TB, b *browser, where string) {
	t.Helper()
	if w := eval[[]int](t, b, "measure", `[document.documentElement.scrollWidth, window.innerWidth]`); w[0] > w[1] {
		t.Errorf("%s: page is %d px wide on a %d px screen: it scrolls sideways", where, w[0], w[1])
	}
}
