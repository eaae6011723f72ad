package e2e

import (
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/fetch"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"mespoints/server/auth"
	"mespoints/server/demo"
)

// The states a person meets when there is no fresh dossier to show (issue
// 12, "States that hang or lie", items 1 to 4): every dossier page answers
// them, and never waits for ever.

// setOffline cuts the browser's network (requests fail, navigator.onLine is
// false, the page gets an "offline" event), or gives it back.
func setOffline(t *testing.T, b *browser, offline bool) {
	t.Helper()
	rules := []*network.Conditions{}
	if offline {
		rules = append(rules, &network.Conditions{Offline: true, DownloadThroughput: -1, UploadThroughput: -1})
	}
	if _, err := chromedp.Call(b.ctx, network.EmulateNetworkConditionsByRule, network.EmulateNetworkConditionsByRuleParams{
		EmulateOfflineServiceWorker: &offline, MatchedNetworkConditions: rules,
	}); err != nil {
		t.Fatalf("network conditions: %v", err)
	}
	if _, err := chromedp.Call(b.ctx, network.OverrideNetworkState, network.OverrideNetworkStateParams{
		Offline: offline, DownloadThroughput: -1, UploadThroughput: -1,
	}); err != nil {
		t.Fatalf("network state: %v", err)
	}
}

// see waits until the element sel holds text, and fails the test if it
// never does; it returns the element's text.
func see(t *testing.T, b *browser, sel, text string) string {
	t.Helper()
	got := waitText(t, b, sel, text)
	if !strings.Contains(got, text) {
		t.Fatalf("%s never says %q: %q", sel, text, got)
	}
	return got
}

// signInLinks returns the href of the sign-in links in the page's main
// content.
func signInLinks(t *testing.T, b *browser) []string {
	t.Helper()
	return eval[[]string](t, b, "sign-in links", `Array.from(document.querySelectorAll('main a[href^="/auth/"]')).map((a) => a.getAttribute("href"))`)
}

// checkSignInLinks fails unless the page offers both ways to sign in, each
// coming back to path.
func checkSignInLinks(t *testing.T, b *browser, path string) {
	t.Helper()
	links := signInLinks(t, b)
	for _, provider := range []string{auth.Usager, auth.FranceConnect} {
		want := "/auth/" + provider + "/login?retour=" + path
		if !contains(links, want) {
			t.Errorf("on %s, no sign-in link %s (links: %q)", path, want, links)
		}
	}
}

// A signed-out person who opens a dossier page directly (a bookmark, a
// tab left open, the installed app the next day) sees at once why there is
// nothing, and both ways to sign in, coming back to that page (item 1).
func TestSignedOutDeepLink(t *testing.T) {
	s := startServer(t, nil)
	b := newBrowser(t, 360, 740)
	for _, path := range []string{"/solde", "/historique", "/stage", "/compte"} {
		b.run(t, "open "+path, chromedp.Navigate(s.URL+path))
		waitLive(t, b)
		got := see(t, b, "main", "Vous n'êtes pas connecté")
		if strings.Contains(got, "Chargement") {
			t.Errorf("%s still says it is loading: %q", path, got)
		}
		checkSignInLinks(t, b, path)
		if eval[bool](t, b, "navigation", `!!document.querySelector(".dossier-nav")`) {
			t.Errorf("%s shows the dossier's navigation to a signed-out person", path)
		}
	}
	checkAccessibility(t, b, "the signed-out state")
	checkNoHorizontalScroll(t, b, "the signed-out state")
	b.checkClean(t)
}

// A person signed in but not linked to a dossier is taken from any dossier
// page to the linking form; a candidate without a licence sees what there
// is for them (item 1).
func TestUnlinkedAndCandidate(t *testing.T) {
	s := startServer(t, nil)
	t.Run("unlinked", func(t *testing.T) {
		b := newBrowser(t, 360, 740)
		if landed := signInAs(t, b, s.URL, auth.Usager, "camille"); landed != auth.PathUnlinked {
			t.Fatalf("landed on %s", landed)
		}
		for _, path := range []string{"/solde", "/calendrier"} {
			b.run(t, "open "+path, chromedp.Navigate(s.URL+path))
			waitPath(t, b, auth.PathUnlinked)
			see(t, b, "#rattachement", "Rattacher mon dossier")
		}
		b.checkClean(t)
	})
	t.Run("candidate", func(t *testing.T) {
		b := newBrowser(t, 360, 740)
		if landed := signInAs(t, b, s.URL, auth.FranceConnect, "theo"); landed != auth.PathLinked {
			t.Fatalf("landed on %s", landed)
		}
		neph, _ := demo.NEPHForLogin("theo")
		got := see(t, b, "#candidat", "pas encore de permis")
		if !strings.Contains(got, neph) {
			t.Errorf("the candidate's page does not give their dossier number: %q", got)
		}
		b.run(t, "open the history", chromedp.Navigate(s.URL+"/historique"))
		see(t, b, "#candidat", "pas encore de permis")
		checkAccessibility(t, b, "the candidate's page")
		b.checkClean(t)
	})
}

// When the session has ended (here: the browser lost its cookies), the
// next page says so, still shows the device's copy with its date, and
// offers to sign in again, coming back to that page (item 2).
func TestExpiredSession(t *testing.T) {
	s := startServer(t, nil)
	b := newBrowser(t, 360, 740)
	want := expectedBalance(t, s, "camille")
	signInAs(t, b, s.URL, auth.FranceConnect, "camille")
	see(t, b, "#solde", fmt.Sprintf("%d / %d", want.Balance, want.Ceiling))

	if _, err := chromedp.Call(b.ctx, network.ClearBrowserCookies, cdp.Empty{}); err != nil {
		t.Fatal(err)
	}
	b.run(t, "open the history from the navigation", chromedp.Click(chromedp.CSS(`nav a[href="/historique"]`)))
	msg := see(t, b, "#session-expiree", "Votre session a expiré — reconnectez-vous pour mettre vos données à jour")
	if !strings.Contains(msg, "Votre session a expiré") {
		t.Fatalf("no expired-session message on the history: %q", msg)
	}
	if got := see(t, b, "#session-expiree", "données du "); !strings.Contains(got, time.Now().Format("02/01/2006")) {
		t.Errorf("the expired-session message does not date the data kept on the device: %q", got)
	}
	see(t, b, "#historique", "Solde après")
	checkSignInLinks(t, b, "/historique")
	if focused := eval[string](t, b, "focus", `document.activeElement ? document.activeElement.id : ""`); focused != "session-expiree" {
		t.Errorf("the focus is on %q, not on the expired-session message", focused)
	}
	checkAccessibility(t, b, "the expired-session state")
	b.checkClean(t)

	// Signing in again from the message updates the data.
	within(t, b, 30*time.Second, "sign in again", chromedp.Click(chromedp.CSS(`#session-expiree a[href^="/auth/franceconnect/login"]`)), chromedp.WaitVisible(chromedp.ID("password")))
	b.run(t, "as camille",
		chromedp.SetValue(chromedp.ID("login"), "camille"),
		chromedp.SendKeys(chromedp.ID("password"), "demo"),
		chromedp.Submit(chromedp.ID("password")),
	)
	// The server brings the person back to the page of the message
	// (?retour=, issue 13).
	waitPath(t, b, "/historique")
	see(t, b, "#historique", "Solde après")
	if eval[bool](t, b, "message gone", `!!document.querySelector("#session-expiree")`) {
		t.Error("after signing in again, the page still says the session expired")
	}
	b.checkClean(t)
}

// parisClock is how the app writes a time of day: "15 h 42", with
// no-break spaces.
func parisClock(at time.Time) string {
	paris, _ := time.LoadLocation("Europe/Paris")
	at = at.In(paris)
	return fmt.Sprintf("%d\u00a0h\u00a0%02d", at.Hour(), at.Minute())
}

// fillLinkForm types a dossier number and a date of birth into the
// linking form and submits it.
func fillLinkForm(t *testing.T, b *browser, neph, birthdate string) {
	t.Helper()
	eval[bool](t, b, "type the dossier number and the date of birth", `(() => {
  const type = (el, v) => { el.value = v; el.dispatchEvent(new Event("input", {bubbles: true})); };
  type(document.getElementById("neph"), `+strconv.Quote(neph)+`);
  const el = document.getElementById("naissance");
  const iso = `+strconv.Quote(birthdate)+`;
  type(el, el.type === "date" ? iso : iso.split("-").reverse().join("/"));
  return true;
})()`)
	b.run(t, "submit", chromedp.Click(chromedp.CSS(`#rattachement button[type="submit"]`)))
}

// Wrong answers on the linking form lock it for an hour: before the last
// try the form says so, then until when it is locked, in Paris time (item
// 3).
func TestLockedLinking(t *testing.T) {
	s := startServer(t, nil)
	b := newBrowser(t, 360, 740)
	if landed := signInAs(t, b, s.URL, auth.Usager, "anne"); landed != auth.PathUnlinked {
		t.Fatalf("landed on %s", landed)
	}
	within(t, b, 30*time.Second, "linking form", chromedp.WaitVisible(chromedp.ID("neph")))
	waitLive(t, b)
	// Three wrong answers straight to the API, the fourth and the fifth on
	// the form: after the fourth the form says one try is left (the
	// service's tries_left, issue 13), the fifth locks the account.
	for try := 1; try < auth.MaxAccountFailures-1; try++ {
		if got := fetchIn(t, b, "POST", "/api/v1/link", `{"neph":"ZZ0000000000","birthdate":"1970-01-01"}`); got.Status != 422 {
			t.Fatalf("wrong answer %d: %d %s", try, got.Status, got.Body)
		}
	}
	fillLinkForm(t, b, "ZZ0000000000", "1970-01-01")
	fourth := see(t, b, "#rattachement-erreur", "Encore 1 essai avant un blocage d'une heure")
	if strings.Contains(fourth, "bloqué") || !strings.Contains(fourth, "ne correspond pas") {
		t.Fatalf("the fourth wrong answer: %q", fourth)
	}
	fillLinkForm(t, b, "ZZ0000000000", "1970-01-01")
	msg := see(t, b, "#rattachement-erreur", "Rattachement bloqué jusqu'à")
	start := time.Now()
	if !strings.Contains(msg, "Rattachement bloqué jusqu'à") {
		t.Fatalf("after %d wrong answers the form says %q", auth.MaxAccountFailures, msg)
	}
	until := start.Add(auth.LockDuration)
	if !strings.Contains(msg, parisClock(until)) && !strings.Contains(msg, parisClock(until.Add(-time.Minute))) && !strings.Contains(msg, parisClock(until.Add(time.Minute))) {
		t.Errorf("the lock message %q does not say %s (Paris time)", msg, parisClock(until))
	}
	if eval[string](t, b, "focus", `document.activeElement ? document.activeElement.id : ""`) != "rattachement-erreur" {
		t.Error("the focus is not on the lock message")
	}
	checkAccessibility(t, b, "the locked linking form")
	b.checkClean(t)
}

// Signing out with no network wipes the device at once and says so; the
// sign-out reaches the server when the network comes back (item 4).
func TestSignOutOffline(t *testing.T) {
	s := startServer(t, nil)
	b := newBrowser(t, 360, 740)
	neph, _ := demo.NEPHForLogin("camille")
	signInAs(t, b, s.URL, auth.FranceConnect, "camille")
	see(t, b, "#solde", " / ")
	within(t, b, 30*time.Second, "open the account page", chromedp.Navigate(s.URL+"/compte"), chromedp.WaitVisible(chromedp.CSS("#deconnexion button")))
	see(t, b, "#neph", neph)

	setOffline(t, b, true)
	b.run(t, "sign out", chromedp.Click(chromedp.CSS("#deconnexion button")))
	see(t, b, "main", "Vous êtes déconnecté sur cet appareil")
	if href := eval[string](t, b, "location", `location.href`); !strings.HasPrefix(href, s.URL) {
		t.Fatalf("the sign-out ended on %s", href)
	}
	if data := deviceData(t, b); strings.Contains(data, neph) || strings.Contains(data, "Camille") {
		t.Errorf("offline sign-out left the dossier on the device: %s", data)
	}
	if page := eval[string](t, b, "page", `document.documentElement.outerHTML`); strings.Contains(page, neph) {
		t.Error("the page still shows the dossier number after sign-out")
	}
	if n, _ := s.Srv.Auth.CountSessions(); n != 1 {
		t.Errorf("%d sessions on the server while offline, want 1 (not yet told)", n)
	}
	checkAccessibility(t, b, "the offline sign-out")

	setOffline(t, b, false)
	see(t, b, "main", "Votre session est aussi fermée sur le serveur")
	if n, _ := s.Srv.Auth.CountSessions(); n != 0 {
		t.Errorf("%d sessions on the server once the network is back, want 0", n)
	}
	b.run(t, "open the balance", chromedp.Navigate(s.URL+"/solde"))
	see(t, b, "main", "Vous n'êtes pas connecté")
	b.checkClean(t)
}

// A service that takes the request and never answers: the page does not
// wait for ever. After the app's time limit it says the service does not
// answer, shows the device's copy with its date and a "Réessayer" button,
// which works once the service answers again.
func TestServiceThatNeverAnswers(t *testing.T) {
	s := startServer(t, nil)
	b := newBrowser(t, 360, 740)
	want := expectedBalance(t, s, "camille")
	figure := fmt.Sprintf("%d / %d", want.Balance, want.Ceiling)
	signInAs(t, b, s.URL, auth.FranceConnect, "camille")
	see(t, b, "#solde", figure)

	// Hold every request to /api/v1/me, unanswered.
	if _, err := chromedp.Call(b.ctx, fetch.Enable, fetch.EnableParams{Patterns: []*fetch.RequestPattern{{URLPattern: "*/api/v1/me"}}}); err != nil {
		t.Fatal(err)
	}
	// Within the app: a page loaded whole would come with the data the
	// server just gave (a server that never answers gives no page either).
	b.run(t, "open the calendar", chromedp.Click(chromedp.CSS(`nav a[href="/calendrier"]`)))
	got := waitTextWithin(t, b, "#hors-ligne", "Le service ne répond pas — données du", 30*time.Second)
	if !strings.Contains(got, time.Now().Format("02/01/2006")) {
		t.Errorf("the message does not date the device's copy: %q", got)
	}
	see(t, b, "#calendrier", "point")
	if eval[string](t, b, "focus", `document.activeElement ? document.activeElement.id : ""`) != "hors-ligne" {
		t.Error("the focus is not on the message")
	}
	checkAccessibility(t, b, "the service not answering")

	if _, err := chromedp.Call(b.ctx, fetch.Disable, cdp.Empty{}); err != nil {
		t.Fatal(err)
	}
	b.run(t, "try again", chromedp.Click(chromedp.ID("reessayer")))
	if gone := eval[bool](t, b, "message gone", `(async () => {
  for (let i = 0; i < 200; i++) {
    if (!document.getElementById("hors-ligne")) { return true; }
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
})()`); !gone {
		t.Error("after Réessayer with the service back, the page still says it does not answer")
	}
	b.checkClean(t)
}

// waitTextWithin waits up to d until the element sel holds text, and
// returns its text.
func waitTextWithin(t *testing.T, b *browser, sel, text string, d time.Duration) string {
	t.Helper()
	deadline := time.Now().Add(d)
	last := ""
	for time.Now().Before(deadline) {
		last = eval[string](t, b, "read "+sel, `(document.querySelector(`+strconv.Quote(sel)+`) || {textContent: ""}).textContent`)
		if strings.Contains(last, text) {
			return last
		}
		time.Sleep(200 * time.Millisecond)
	}
	t.Fatalf("%s never said %q (last: %q)", sel, text, last)
	return ""
}
