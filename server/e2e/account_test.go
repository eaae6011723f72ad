package e2e

import (
	"strconv"
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
	for _, how := range []string{"address", "reload", "in-app link"} {
		switch how {
		case "address":
			within(t, b, 30*time.Second, "open the account page", chromedp.Navigate(s.URL+"/compte"))
		case "reload":
			within(t, b, 30*time.Second, "reload the account page", chromedp.Reload())
		default:
			within(t, b, 30*time.Second, "open the linking form", chromedp.Navigate(s.URL+auth.PathUnlinked))
			waitLive(t, b)
			followInApp(t, b, "/compte")
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

// followInApp follows a link to path inside the running app, as a click
// on one of its links does (go-app's router, no page load).
func followInApp(t *testing.T, b *browser, path string) {
	t.Helper()
	eval[bool](t, b, "follow a link to "+path, `(() => {
  const a = document.createElement("a");
  a.href = `+strconv.Quote(path)+`;
  a.textContent = "lien";
  document.querySelector("main").appendChild(a);
  a.click();
  return true;
})()`)
}
