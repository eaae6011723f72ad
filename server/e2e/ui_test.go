package e2e

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"mespoints/points"
	"mespoints/server/auth"
	"mespoints/server/demo"
)

var screenshotDir = flag.String("screenshots", "", "folder where TestScreens writes a PNG of each screen (make screenshots)")

// saveScreenshot writes what shot captures as name.png in the folder of
// -screenshots, when make screenshots asks for them.
func saveScreenshot(t testing.TB, b *browser, name string, shot chromedp.Action[[]byte]) {
	t.Helper()
	if *screenshotDir == "" {
		return
	}
	png, err := chromedp.Run(b.ctx, shot)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(*screenshotDir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(*screenshotDir, name+".png"), png, 0o644); err != nil {
		t.Fatal(err)
	}
}

// signOut signs out from the account page and waits for the home page.
func signOut(t *testing.T, b *browser, base string) {
	t.Helper()
	b.run(t, "open the account page", chromedp.Navigate(base+"/compte"), chromedp.WaitVisible(chromedp.CSS("#deconnexion button")))
	b.run(t, "sign out", chromedp.Click(chromedp.CSS("#deconnexion button")))
	waitPath(t, b, "/")
}

// deviceData is everything the page can keep on the device: local and
// session storage, and the URLs in the service worker's caches.
func deviceData(t *testing.T, b *browser) string {
	t.Helper()
	return eval[string](t, b, "read the device's storage", `(async () => {
  let out = JSON.stringify(Object.assign({}, localStorage)) + JSON.stringify(Object.assign({}, sessionStorage));
  for (const name of await caches.keys()) {
    const c = await caches.open(name);
    for (const r of await c.keys()) { out += " " + r.url; }
  }
  return out;
})()`)
}

// Every demo persona sees exactly the engine's numbers for their dossier:
// balance, ceiling, status, stage eligibility and the first forecast
// entry. One browser profile serves them all, one after the other: each
// sees only their own dossier.
func TestEveryPersonaSeesTheEnginesNumbers(t *testing.T) {
	s := startServer(t, nil)
	b := newBrowser(t, 360, 640)
	var previousNEPH string
	for _, p := range demo.Personas {
		neph, _ := demo.NEPHForLogin(p.Login)
		rec, err := s.Srv.Store.Get(neph)
		if err != nil {
			t.Fatal(err)
		}
		landed := signInAs(t, b, s.URL, auth.FranceConnect, p.Login)
		if landed != auth.PathLinked {
			t.Fatalf("%s: landed on %s", p.Login, landed)
		}
		if rec.Licence == nil {
			waitText(t, b, "#candidat", "pas encore de permis")
		} else {
			want := expectedBalance(t, s, p.Login)
			shown := waitText(t, b, "#solde", fmt.Sprintf("%d / %d", want.Balance, want.Ceiling))
			if !strings.Contains(shown, fmt.Sprintf("%d / %d points", want.Balance, want.Ceiling)) {
				t.Errorf("%s: balance shows %q, want %d / %d", p.Login, shown, want.Balance, want.Ceiling)
			}
			status := eval[string](t, b, "status", `document.querySelector("#statut").textContent`)
			wantStatus := map[points.Status]string{points.StatusValid: "Permis valide", points.StatusProbation: "en période probatoire jusqu'au",
				points.StatusInvalid: "Permis invalidé depuis le"}[want.Status]
			if !strings.Contains(status, wantStatus) {
				t.Errorf("%s: status %q, want %q", p.Login, status, wantStatus)
			}
			if want.ProbationEnd != nil && want.Status == points.StatusProbation && !strings.Contains(status, want.ProbationEnd.French()) {
				t.Errorf("%s: status %q lacks the end of probation %s", p.Login, status, want.ProbationEnd.French())
			}
			badge := eval[bool](t, b, "badge", `!!document.querySelector("#badge-stage")`)
			if badge != want.Stage.Eligible {
				t.Errorf("%s: stage badge shown = %v, engine says eligible = %v", p.Login, badge, want.Stage.Eligible)
			}
			if len(want.Forecast) > 0 {
				f := want.Forecast[0]
				next := waitText(t, b, "#prochaine", f.Date.French())
				if !strings.Contains(next, signedPoints(f.Change)) {
					t.Errorf("%s: next restitution %q, want %+d on %s", p.Login, next, f.Change, f.Date.French())
				}
			} else if next := eval[string](t, b, "next", `document.querySelector("#prochaine").textContent`); !strings.HasPrefix(next, "Aucune") {
				t.Errorf("%s: the next restitution reads %q, the engine forecasts none", p.Login, next)
			}
			if !strings.Contains(eval[string](t, b, "updated", `document.querySelector("#maj").textContent`), rec.Updated.French()) {
				t.Errorf("%s: the registry's update date %s is not shown", p.Login, rec.Updated.French())
			}
		}
		page := eval[string](t, b, "page text", `document.body.innerText`)
		if previousNEPH != "" && (strings.Contains(page, previousNEPH) || strings.Contains(deviceData(t, b), previousNEPH)) {
			t.Errorf("%s sees the previous persona's dossier %s", p.Login, previousNEPH)
		}
		b.checkClean(t)
		signOut(t, b, s.URL)
		if data := deviceData(t, b); strings.Contains(data, neph) || strings.Contains(data, rec.Holder.FamilyName) {
			t.Errorf("after %s signed out, the device still holds their data: %s", p.Login, data)
		}
		previousNEPH = neph
	}
}

// signedPoints is how the app writes a change: "+3", "−4".
func signedPoints(n int) string {
	if n < 0 {
		return "−" + strconv.Itoa(-n)
	}
	return "+" + strconv.Itoa(n)
}

// Offline: with the server gone, a reload and a deep link show the same
// data with the offline banner; after sign-out, nothing personal is left
// on the device, even offline.
func TestOfflineShowsTheLastDataAndSignOutWipesIt(t *testing.T) {
	t.Run("last data offline", func(t *testing.T) {
		s := startServer(t, nil)
		b := newBrowser(t, 360, 640)
		want := expectedBalance(t, s, "camille")
		signInAs(t, b, s.URL, auth.FranceConnect, "camille")
		figure := fmt.Sprintf("%d / %d", want.Balance, want.Ceiling)
		waitText(t, b, "#solde", figure)
		b.run(t, "open the history once", chromedp.Navigate(s.URL+"/historique"), chromedp.WaitVisible(chromedp.ID("historique")))

		s.stop(t)
		if _, err := chromedp.Call(b.ctx, network.OverrideNetworkState, network.OverrideNetworkStateParams{Offline: true, DownloadThroughput: -1, UploadThroughput: -1}); err != nil {
			t.Fatal(err)
		}
		start := time.Now()
		b.run(t, "reload the balance offline", chromedp.Navigate(s.URL+"/solde"))
		waitText(t, b, "#solde", figure)
		t.Logf("offline reload to the balance on screen: %v", time.Since(start).Round(time.Millisecond))
		banner := waitText(t, b, "#hors-ligne", "Hors ligne — données du")
		if !strings.Contains(banner, points.DateOf(time.Now()).French()) {
			t.Errorf("offline banner %q does not give the day the data was fetched", banner)
		}
		b.run(t, "open the history offline", chromedp.Navigate(s.URL+"/historique"))
		waitText(t, b, "#historique", "Solde après")
		waitText(t, b, "#hors-ligne", "Hors ligne")
		b.checkClean(t)
	})
	t.Run("nothing left after sign-out", func(t *testing.T) {
		s := startServer(t, nil)
		b := newBrowser(t, 360, 640)
		neph, _ := demo.NEPHForLogin("camille")
		signInAs(t, b, s.URL, auth.FranceConnect, "camille")
		waitText(t, b, "#solde", " / ")
		signOut(t, b, s.URL)
		s.stop(t)
		if _, err := chromedp.Call(b.ctx, network.OverrideNetworkState, network.OverrideNetworkStateParams{Offline: true, DownloadThroughput: -1, UploadThroughput: -1}); err != nil {
			t.Fatal(err)
		}
		b.run(t, "open the balance offline", chromedp.Navigate(s.URL+"/solde"))
		waitText(t, b, "main", "aucune donnée n'est enregistrée sur cet appareil")
		page := eval[string](t, b, "page", `document.documentElement.outerHTML`)
		for _, secret := range []string{neph, "Camille", " / 12 points"} {
			if strings.Contains(page, secret) {
				t.Errorf("after sign-out, the offline page shows %q", secret)
			}
		}
		if data := deviceData(t, b); strings.Contains(data, neph) || strings.Contains(data, "camille") || strings.Contains(data, "/api/") {
			t.Errorf("after sign-out, the device holds: %s", data)
		}
	})
}

// Keyboard only: sign in and move between the dossier's pages with Tab and
// Enter, with a visible focus.
func TestKeyboardOnly(t *testing.T) {
	s := startServer(t, nil)
	b := newBrowser(t, 1280, 900)
	b.run(t, "open the home page", chromedp.Navigate(s.URL+"/"), chromedp.WaitVisible(chromedp.CSS(`a[href="/auth/franceconnect/login"]`)))
	waitLive(t, b)
	focusByTab(t, b, `a[href="/auth/franceconnect/login"]`)
	if outline := eval[string](t, b, "focus style", `getComputedStyle(document.activeElement).outlineStyle`); outline == "none" {
		t.Error("the focused sign-in link has no visible outline")
	}
	b.run(t, "press Enter", chromedp.KeyEvent(kb.Enter))
	b.run(t, "login page", chromedp.WaitVisible(chromedp.ID("password")))
	focusByTab(t, b, "#login")
	b.run(t, "type the login", chromedp.KeyEvent("camille"))
	focusByTab(t, b, "#password")
	b.run(t, "type the password and Enter", chromedp.KeyEvent("demo"), chromedp.KeyEvent(kb.Enter))
	waitPath(t, b, auth.PathLinked)
	waitText(t, b, "#solde", " / ")
	focusByTab(t, b, `nav a[href="/historique"]`)
	b.run(t, "press Enter", chromedp.KeyEvent(kb.Enter))
	waitPath(t, b, "/historique")
	waitText(t, b, "h1", "Historique")
}

// focusByTab presses Tab until the element sel has the focus.
func focusByTab(t *testing.T, b *browser, sel string) {
	t.Helper()
	for i := 0; i < 60; i++ {
		if eval[bool](t, b, "focus", `document.activeElement && document.activeElement.matches(`+strconv.Quote(sel)+`)`) {
			return
		}
		b.run(t, "press Tab", chromedp.KeyEvent(kb.Tab))
	}
	t.Fatalf("Tab never reaches %s", sel)
}

// Every screen, at 360 and 1280 px: axe finds no serious or critical
// violation, a phone never scrolls sideways, and (make screenshots) a PNG
// is written for review. The cold load to the balance is measured with a
// 4G network emulated (9 Mbit/s down, 40 ms latency).
func TestScreens(t *testing.T) {
	s := startServer(t, nil)
	for _, size := range [][2]int{{360, 640}, {1280, 900}} {
		b := newBrowser(t, size[0], size[1])
		if _, err := chromedp.Call(b.ctx, network.EmulateNetworkConditionsByRule, network.EmulateNetworkConditionsByRuleParams{
			MatchedNetworkConditions: []*network.Conditions{{Latency: 40, DownloadThroughput: 9e6 / 8, UploadThroughput: 3e6 / 8}},
		}); err != nil {
			t.Fatal(err)
		}
		shoot := func(name string) {
			checkAccessibility(t, b, fmt.Sprintf("%s at %d px", name, size[0]))
			checkNoHorizontalScroll(t, b, name)
			saveScreenshot(t, b, fmt.Sprintf("%s-%d", name, size[0]), chromedp.FullScreenshot(100))
		}
		start := time.Now()
		b.run(t, "open the home page", chromedp.Navigate(s.URL+"/"), chromedp.WaitVisible("footer"))
		waitLive(t, b)
		if size[0] == 360 {
			t.Logf("cold load of the home page to a live app, 4G emulated: %v", time.Since(start).Round(time.Millisecond))
		}
		shoot("accueil")
		start = time.Now()
		signInAs(t, b, s.URL, auth.FranceConnect, "camille")
		waitText(t, b, "#solde", " / ")
		if size[0] == 360 {
			t.Logf("sign-in to the balance on screen, 4G emulated: %v", time.Since(start).Round(time.Millisecond))
		}
		shoot("solde")
		for _, sc := range []struct{ path, name, ready string }{
			{"/historique", "historique", "#historique"},
			{"/calendrier", "calendrier", "#calendrier"},
			{"/stage", "stage", "#stage-verdict"},
			{"/simulateur", "simulateur", "#simulation-solde"},
			{"/compte", "compte", "#neph"},
			{"/permis", "permis", "#permis"},
			{"/plus", "plus", "#plus"},
			{"/aide/neph", "aide-neph", "footer"},
		} {
			b.run(t, "open "+sc.path, chromedp.Navigate(s.URL+sc.path), chromedp.WaitVisible(chromedp.CSS(sc.ready)))
			shoot(sc.name)
		}
		b.checkClean(t)
	}
}
