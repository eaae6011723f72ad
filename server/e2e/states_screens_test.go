package e2e

import (
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"mespoints/server/auth"
)

// shootState checks a state's screen (axe, no sideways scroll) and, with
// make screenshots, writes its PNG as etat-NAME-360.png.
func shootState(t *testing.T, b *browser, name string) {
	t.Helper()
	checkAccessibility(t, b, name)
	checkNoHorizontalScroll(t, b, name)
	saveScreenshot(t, b, "etat-"+name+"-360", chromedp.FullScreenshot(100))
}

// The screens of the states at 360 px, for review (make screenshots):
// signed out, the account's deletion confirmation, the session expired,
// signed out offline, the linking form locked.
func TestScreensOfStates(t *testing.T) {
	s := startServer(t, nil)
	b := newBrowser(t, 360, 740)
	b.run(t, "open the balance signed out", chromedp.Navigate(s.URL+"/solde"))
	see(t, b, "main", "Vous n'êtes pas connecté")
	shootState(t, b, "non-connecte")

	signInAs(t, b, s.URL, auth.FranceConnect, "camille")
	see(t, b, "#solde", " / ")
	within(t, b, 30*time.Second, "open the account", chromedp.Navigate(s.URL+"/compte"), chromedp.WaitVisible(chromedp.ID("supprimer")))
	waitLive(t, b)
	within(t, b, 30*time.Second, "ask to delete the account", chromedp.Click(chromedp.ID("supprimer")), chromedp.WaitVisible(chromedp.ID("supprimer-confirmer")))
	shootState(t, b, "suppression-compte")

	if _, err := chromedp.Call(b.ctx, network.ClearBrowserCookies, cdp.Empty{}); err != nil {
		t.Fatal(err)
	}
	b.run(t, "open the history", chromedp.Click(chromedp.CSS(`nav a[href="/historique"]`)))
	see(t, b, "main", "Votre session a expiré")
	shootState(t, b, "session-expiree")

	signInAs(t, b, s.URL, auth.FranceConnect, "camille")
	see(t, b, "#solde", " / ")
	within(t, b, 30*time.Second, "open the account", chromedp.Navigate(s.URL+"/compte"), chromedp.WaitVisible(chromedp.CSS("#deconnexion button")))
	setOffline(t, b, true)
	b.run(t, "sign out offline", chromedp.Click(chromedp.CSS("#deconnexion button")))
	see(t, b, "main", "Vous êtes déconnecté sur cet appareil")
	shootState(t, b, "deconnecte-hors-ligne")
	setOffline(t, b, false)
	see(t, b, "main", "Votre session est aussi fermée sur le serveur")

	signInAs(t, b, s.URL, auth.Usager, "anne")
	within(t, b, 30*time.Second, "linking form", chromedp.WaitVisible(chromedp.ID("neph")))
	waitLive(t, b)
	for try := 1; try < auth.MaxAccountFailures; try++ {
		fetchIn(t, b, "POST", "/api/v1/link", `{"neph":"ZZ0000000000","birthdate":"1970-01-01"}`)
	}
	fillLinkForm(t, b, "ZZ0000000000", "1970-01-01")
	see(t, b, "#rattachement-erreur", "Rattachement bloqué jusqu'à")
	shootState(t, b, "rattachement-bloque")
	b.checkClean(t)
}
