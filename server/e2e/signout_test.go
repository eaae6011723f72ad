package e2e

import (
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"mespoints/points"
	"mespoints/server/auth"
	"mespoints/server/config"
	"mespoints/server/demo"
	"mespoints/server/devidp"
)

var codeInMail = regexp.MustCompile(`Votre code : ([0-9]{6})`)

// linkWithCodeIn links the signed-in licence account to the dossier neph
// from the page: the number and date of birth, then the code read on the
// development mail catcher's page (/dev-mail/).
func linkWithCodeIn(t *testing.T, b *browser, base, neph, born string) {
	t.Helper()
	body, _ := json.Marshal(map[string]string{"neph": neph, "birthdate": born})
	if got := fetchIn(t, b, "POST", "/api/v1/link", string(body)); got.Status != 202 || !strings.Contains(got.Body, `"step":"code_sent"`) {
		t.Fatalf("POST /api/v1/link = %d %s", got.Status, got.Body)
	}
	mails := fetchIn(t, b, "GET", "/dev-mail/", "")
	m := codeInMail.FindStringSubmatch(mails.Body)
	if mails.Status != 200 || m == nil || !strings.Contains(mails.Body, `<html lang="fr">`) {
		t.Fatalf("GET /dev-mail/ = %d without a code:\n%s", mails.Status, mails.Body)
	}
	if strings.Contains(mails.Body, neph) {
		t.Error("the e-mail holds the dossier number")
	}
	if got := fetchIn(t, b, "POST", "/api/v1/link/confirm", `{"code":"`+m[1]+`"}`); got.Status != 200 || !strings.Contains(got.Body, `"linked":true`) {
		t.Fatalf("POST /api/v1/link/confirm = %d %s", got.Status, got.Body)
	}
}

// signOutFromAccount signs out with the account page's button and waits
// for the home page, after the provider's own sign-out.
func signOutFromAccount(t *testing.T, b *browser, base string) {
	t.Helper()
	within(t, b, 30*time.Second, "open the account page", chromedp.Navigate(base+"/compte"))
	waitLive(t, b)
	if txt := waitText(t, b, "main", "Se déconnecter"); !strings.Contains(txt, "Se déconnecter") {
		t.Fatalf("the account page has no sign-out button: %s", txt)
	}
	within(t, b, 20*time.Second, "sign out", chromedp.Click(chromedp.CSS("#deconnexion button")))
	waitPath(t, b, "/")
}

// asksPassword clicks the home page's sign-in button of provider and
// tells whether the provider asked for the password (rather than signing
// the previous person straight back in).
func asksPassword(t *testing.T, b *browser, base, provider string) bool {
	t.Helper()
	link := `a[href="/auth/` + provider + `/login"]`
	within(t, b, 30*time.Second, "open the home page", chromedp.Navigate(base+"/"), chromedp.WaitVisible(chromedp.CSS(link)))
	waitLive(t, b)
	within(t, b, 20*time.Second, "click the sign-in button", chromedp.Click(chromedp.CSS(link)))
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		v := eval[[]string](t, b, "where", `[location.pathname, document.readyState, String(!!document.getElementById("password"))]`)
		if v[1] == "complete" && v[2] == "true" {
			return true
		}
		if v[1] == "complete" && (v[0] == auth.PathLinked || v[0] == auth.PathUnlinked) {
			return false
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatal("neither the provider's login page nor the app after clicking « Se connecter »")
	return false
}

// On a shared computer, signing out must sign out of the provider too
// (issue 13, item 6): for both providers, "Se connecter" after the
// sign-out asks for the password again instead of signing the previous
// person straight back in; the provider's return was checked.
func TestSignOutEndsTheProvidersSession(t *testing.T) {
	for _, provider := range []string{auth.Usager, auth.FranceConnect} {
		t.Run(provider, func(t *testing.T) {
			s := startServer(t, nil)
			b := newBrowser(t, 360, 640)
			if landed := signInAs(t, b, s.URL, provider, "anne"); landed == auth.PathUnlinked {
				neph, _ := demo.NEPHForLogin("anne")
				rec, _ := s.Srv.Store.Get(neph)
				linkWithCodeIn(t, b, s.URL, neph, rec.Holder.Birthdate.String())
			}
			signOutFromAccount(t, b, s.URL)
			if !strings.Contains(s.Logs.String(), `"msg":"signed out at the provider","provider":"`+provider+`"`) {
				t.Errorf("the sign-out did not come back from the provider with its state:\n%s", s.Logs.String())
			}
			if !asksPassword(t, b, s.URL, provider) {
				t.Error("after the sign-out, « Se connecter » signed the previous person straight back in")
			}
			b.checkClean(t)
		})
	}
}

// After a restart of the server — the provider kept running, as a real
// one does — the sign-out of a session opened before still reaches the
// provider's end-session endpoint (issue 13, item 7), for both providers.
func TestSignOutAfterARestartReachesTheProvider(t *testing.T) {
	for _, provider := range []string{auth.Usager, auth.FranceConnect} {
		t.Run(provider, func(t *testing.T) {
			port := freePort(t)
			base := fmt.Sprintf("http://127.0.0.1:%d", port)
			idp := startProvider(t, base)
			data := t.TempDir()
			configure := func(c *config.Config) {
				c.Addr, c.Data = fmt.Sprintf("127.0.0.1:%d", port), data
				p := config.Provider{Issuer: devidp.Issuer(idp.URL, provider), ClientID: "mespoints", ClientSecret: "secret-" + provider}
				if provider == auth.Usager {
					p.Scopes, c.Usager = config.DefaultUsagerScopes, p
				} else {
					p.Scopes, c.FranceConnect = config.DefaultFranceConnectScopes, p
				}
			}
			s := startServer(t, configure)
			b := newBrowser(t, 360, 640)
			if signInAtProvider(t, b, base, provider, "anne") == auth.PathUnlinked {
				neph, _ := demo.NEPHForLogin("anne")
				rec, _ := s.Srv.Store.Get(neph)
				linkWithCodeIn(t, b, base, neph, rec.Holder.Birthdate.String())
			}
			s.stop(t)
			s = startServer(t, configure)
			if got := fetchIn(t, b, "GET", "/api/v1/me", ""); got.Status != 200 {
				t.Fatalf("after the restart, GET /api/v1/me = %d %s", got.Status, got.Body)
			}
			signOutFromAccount(t, b, base)
			if !strings.Contains(s.Logs.String(), `"msg":"signed out at the provider","provider":"`+provider+`"`) {
				t.Errorf("after the restart, the sign-out did not reach the provider:\n%s", s.Logs.String())
			}
			if !asksPassword(t, b, base, provider) {
				t.Error("after the sign-out, « Se connecter » signed the previous person straight back in")
			}
		})
	}
}

// startProvider runs the development provider on its own, as a provider
// outside the server, for the server at base.
func startProvider(t *testing.T, base string) *httptest.Server {
	t.Helper()
	paris, _ := time.LoadLocation("Europe/Paris")
	var users []devidp.User
	for _, r := range demo.Records(points.DateOf(time.Now().In(paris))) {
		h := r.Holder
		if h.Birthcountry == "" {
			h.Birthcountry = "99100"
		}
		for _, p := range demo.Personas {
			if p.NEPH == r.NEPH {
				users = append(users, devidp.User{Login: p.Login, GivenNames: h.GivenNames, FamilyName: h.FamilyName, UsageName: h.UsageName,
					Birthdate: h.Birthdate.String(), Birthplace: h.Birthplace, Birthcountry: h.Birthcountry, Email: h.Email})
			}
		}
	}
	srv := httptest.NewUnstartedServer(nil)
	client := func(name string) devidp.Client {
		return devidp.Client{ID: "mespoints", Secret: "secret-" + name, RedirectURI: base + "/auth/" + name + "/callback", PostLogoutRedirectURI: base + "/auth/logged-out"}
	}
	srv.Start()
	t.Cleanup(srv.Close)
	p, err := devidp.New(devidp.Options{BaseURL: srv.URL, Users: users, Usager: client(auth.Usager), FranceConnect: client(auth.FranceConnect)})
	if err != nil {
		t.Fatal(err)
	}
	srv.Config.Handler = p
	return srv
}

// signInAtProvider signs in from the home page with a provider outside
// the server.
func signInAtProvider(t *testing.T, b *browser, base, provider, login string) string {
	t.Helper()
	link := `a[href="/auth/` + provider + `/login"]`
	within(t, b, 30*time.Second, "open the home page", chromedp.Navigate(base+"/"), chromedp.WaitVisible(chromedp.CSS(link)))
	waitLive(t, b)
	within(t, b, 20*time.Second, "click the sign-in button", chromedp.Click(chromedp.CSS(link)), chromedp.WaitVisible(chromedp.ID("password")))
	within(t, b, 20*time.Second, "sign in as "+login,
		chromedp.SetValue(chromedp.ID("login"), login),
		chromedp.SendKeys(chromedp.ID("password"), "demo"),
		chromedp.Submit(chromedp.ID("password")),
	)
	return waitPath(t, b, auth.PathLinked, auth.PathUnlinked)
}
