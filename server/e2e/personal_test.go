package e2e

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	wire "mespoints/api"
	"mespoints/server/auth"
	"mespoints/server/demo"
)

// A person opening their balance with a live session sees their numbers
// before the WebAssembly runs (the server draws the page with them), the
// app starts from the same data without asking the service again, and
// the Content-Security-Policy holds. The service worker never keeps such
// a page: offline, the page is the shell drawn from the device's copy,
// and the worker's cache holds nobody's data. A sign-out made without
// network tells the server, by a cookie, to draw nothing personal until
// it is sent.
func TestBalanceBeforeTheApp(t *testing.T) {
	s := startServer(t, nil)
	b := newBrowser(t, 360, 740)
	neph, _ := demo.NEPHForLogin("camille")
	want := expectedBalance(t, s, "camille")
	balance := fmt.Sprintf("%d / %d", want.Balance, want.Ceiling)

	if landed := signInAs(t, b, s.URL, auth.FranceConnect, "camille"); landed != auth.PathLinked {
		t.Fatalf("the sign-in landed on %s", landed)
	}
	waitLive(t, b)
	see(t, b, "#solde", balance)
	if n := eval[int](t, b, "dossier requests", `performance.getEntriesByType("resource").filter((e) => e.name.includes("/api/v1/dossier")).length`); n != 0 {
		t.Errorf("the app asked for the dossier %d times though the page came with it", n)
	}
	if eval[bool](t, b, "data block", `!!document.getElementById("`+wire.PageDataID+`")`) {
		t.Error("the page data is still in the page once the app started")
	}
	// The service worker controls the page from now on.
	waitServiceWorker(t, b)
	b.checkClean(t)

	// Without running any script, the page already says the balance.
	if _, err := chromedp.Call(b.ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
		t.Fatal(err)
	}
	within(t, b, 30*time.Second, "open the balance without scripts", chromedp.Navigate(s.URL+"/solde"), chromedp.WaitVisible(chromedp.ID("solde")))
	text, err := chromedp.Run(b.ctx, chromedp.TextContent(chromedp.ID("solde")))
	if err != nil {
		t.Fatal(err)
	}
	if text = strings.Join(strings.Fields(text), " "); !strings.Contains(text, balance) {
		t.Errorf("before the app, #solde says %q, want %q", text, balance)
	}
	if _, err := chromedp.Call(b.ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: false}); err != nil {
		t.Fatal(err)
	}
	within(t, b, 30*time.Second, "open the balance", chromedp.Navigate(s.URL+"/solde"))
	waitLive(t, b)
	see(t, b, "#solde", balance)
	b.checkClean(t)

	// A sign-out without network: the server is told by a cookie until
	// the sign-out itself reaches it.
	setOffline(t, b, false)
	within(t, b, 30*time.Second, "open the account page", chromedp.Navigate(s.URL+"/compte"), chromedp.WaitVisible(chromedp.CSS("#deconnexion button")))
	waitLive(t, b)
	setOffline(t, b, true)
	b.run(t, "sign out", chromedp.Click(chromedp.CSS("#deconnexion button")))
	see(t, b, "main", "Vous êtes déconnecté sur cet appareil")
	if c := eval[string](t, b, "cookies", `document.cookie`); !strings.Contains(c, wire.SignOutPendingCookie+"=1") {
		t.Errorf("after a sign-out without network, no %s cookie: %q", wire.SignOutPendingCookie, c)
	}
	setOffline(t, b, false)
	see(t, b, "main", "Votre session est aussi fermée sur le serveur")
	if c := eval[string](t, b, "cookies", `document.cookie`); strings.Contains(c, wire.SignOutPendingCookie) {
		t.Errorf("the sign-out reached the server, the cookie stays: %q", c)
	}
	within(t, b, 30*time.Second, "open the balance", chromedp.Navigate(s.URL+"/solde"))
	waitLive(t, b)
	see(t, b, "main", "Vous n'êtes pas connecté")
	b.checkClean(t)

	// Offline (the server gone too), the balance is the shell drawn from
	// the device's copy; the worker's cache holds no page with the
	// person's data.
	// FranceConnect still knows her: signing in again asks nothing.
	within(t, b, 30*time.Second, "sign in again", chromedp.Navigate(s.URL+"/auth/franceconnect/login?retour=/solde"))
	if landed := waitPath(t, b, auth.PathLinked); landed != auth.PathLinked {
		t.Fatalf("the second sign-in landed on %s", landed)
	}
	waitLive(t, b)
	see(t, b, "#solde", balance)
	s.stop(t)
	setOffline(t, b, true)
	within(t, b, 30*time.Second, "open the balance offline", chromedp.Navigate(s.URL+"/solde"))
	waitLive(t, b)
	see(t, b, "main", "Hors ligne — données du")
	see(t, b, "#solde", balance)
	cached := eval[[]string](t, b, "the worker's cache", `(async () => {
  const out = [];
  for (const name of await caches.keys()) {
    const c = await caches.open(name);
    for (const r of await c.keys()) {
      const res = await c.match(r);
      const html = (res.headers.get("content-type") || "").includes("html");
      const body = await res.text();
      out.push(new URL(r.url).pathname + (body.includes("`+neph+`") || (html && body.includes("`+wire.PageDataID+`")) ? " HOLDS DATA" : ""));
    }
  }
  return out;
})()`)
	for _, c := range cached {
		if strings.HasSuffix(c, "HOLDS DATA") || strings.HasPrefix(c, "/solde") {
			t.Errorf("the service worker kept a page with the person's data: %q", c)
		}
	}

	b.checkClean(t)
}
