package e2e

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"mespoints/server/auth"
)

// The account page of a licence-account session that no dossier is linked
// to yet shows who is signed in, the way to link a dossier and to sign
// out, never « Chargement de vos données… » for ever (a reported bug:
// /api/v1/me answered 200 and the page stayed on its loading message).
func TestAccountPageOfAnUnlinkedSession(t *testing.T) {
	s := startServer(t, nil)
	b := newBrowser(t, 360, 740)
	if landed := signInAs(t, b, s.URL, auth.Usager, "camille"); landed != auth.PathUnlinked {
		t.Fatalf("landed on %s", landed)
	}
	for _, how := range []string{"navigate", "reload"} {
		if how == "navigate" {
			within(t, b, 30*time.Second, "open the account page", chromedp.Navigate(s.URL+"/compte"))
		} else {
			within(t, b, 30*time.Second, "reload the account page", chromedp.Reload())
		}
		waitLive(t, b)
		got := see(t, b, "main", "Rattacher mon dossier")
		if strings.Contains(got, "Chargement") {
			t.Errorf("%s: the account page still says it is loading: %q", how, got)
		}
		see(t, b, "#fournisseur", "compte permis de conduire")
		see(t, b, "#deconnexion", "Se déconnecter")
		if path := eval[string](t, b, "path", `location.pathname`); path != "/compte" {
			t.Errorf("%s: the account page moved to %s", how, path)
		}
	}
	checkAccessibility(t, b, "the account page of an unlinked session")
	b.checkClean(t)
}
