package e2e

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"mespoints/points"
	"mespoints/server/auth"
	"mespoints/server/config"
	"mespoints/server/demo"
)

// freePort returns a loopback port nobody listens on, for a server whose
// public address must name its port before it starts.
func freePort(t *testing.T) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

// within runs actions in the browser's tab, failing the test if they take
// longer than d (the browser's own deadline is minutes).
func within(t *testing.T, b *browser, d time.Duration, what string, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, d)
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		t.Fatalf("%s: %v (page: %s)", what, err, eval[string](t, b, "page", `location.href + " — " + (document.querySelector("h1") || {textContent: ""}).textContent`))
	}
}

// waitPath waits until the page's path is one of paths and the page has
// loaded, and returns it. It polls from here: the page navigates under
// it, which breaks a script waiting inside it.
func waitPath(t *testing.T, b *browser, paths ...string) string {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	var last string
	for time.Now().Before(deadline) {
		ctx, cancel := context.WithTimeout(b.ctx, 2*time.Second)
		v, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[location.pathname, document.readyState, location.href]`))
		cancel()
		if err == nil && len(v) == 3 {
			last = v[2]
			if v[1] == "complete" && slices.Contains(paths, v[0]) {
				return v[0]
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("the browser is at %s, want one of %v", last, paths)
	return ""
}

// waitText waits until the element sel holds text and returns its text.
func waitText(t *testing.T, b *browser, sel, text string) string {
	t.Helper()
	return eval[string](t, b, "wait for "+sel, `(async () => {
  for (let i = 0; i < 300; i++) {
    const el = document.querySelector(`+strconv.Quote(sel)+`);
    if (el && el.textContent.includes(`+strconv.Quote(text)+`)) { return el.textContent; }
    await new Promise((r) => setTimeout(r, 50));
  }
  const el = document.querySelector(`+strconv.Quote(sel)+`);
  return el ? el.textContent : "(no " + `+strconv.Quote(sel)+` + ")";
})()`)
}

// fetchStatus fetches path from the page, as the app does, and returns
// the status and body.
type fetched struct {
	Status int    `json:"status"`
	Body   string `json:"body"`
}

func fetchIn(t *testing.T, b *browser, method, path, body string) fetched {
	t.Helper()
	opts := `{method: ` + strconv.Quote(method) + `}`
	if body != "" {
		opts = `{method: ` + strconv.Quote(method) + `, headers: {"Content-Type": "application/json"}, body: ` + strconv.Quote(body) + `}`
	}
	return eval[fetched](t, b, method+" "+path, `(async () => {
  const r = await fetch(`+strconv.Quote(path)+`, `+opts+`);
  return {status: r.status, body: await r.text()};
})()`)
}

// sessionCookie returns the session cookie the browser holds for base.
func sessionCookie(t *testing.T, b *browser, base string) *network.Cookie {
	t.Helper()
	res, err := chromedp.Call(b.ctx, network.GetCookies, network.GetCookiesParams{URLs: []string{base + "/"}})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range res.Cookies {
		if c.Name == auth.SessionCookie {
			return c
		}
	}
	return nil
}

// expectedBalance is what the engine says of a persona's stored dossier
// today.
func expectedBalance(t *testing.T, s *server, login string) points.Result {
	t.Helper()
	neph, _ := demo.NEPHForLogin(login)
	rec, err := s.Srv.Store.Get(neph)
	if err != nil {
		t.Fatal(err)
	}
	engine, ok := rec.Engine()
	if !ok {
		t.Fatalf("%s has no licence", login)
	}
	paris, _ := time.LoadLocation("Europe/Paris")
	res, err := points.Compute(engine, points.DateOf(time.Now().In(paris)))
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// signInAs signs in from the home page of base with provider, as login,
// on the embedded provider's login page, and returns where the app
// landed.
func signInAs(t *testing.T, b *browser, base, provider, login string) string {
	t.Helper()
	link := `a[href="/auth/` + provider + `/login"]`
	within(t, b, 30*time.Second, "open the home page", chromedp.Navigate(base+"/"), chromedp.WaitVisible(chromedp.CSS(link)))
	waitLive(t, b)
	within(t, b, 20*time.Second, "click the sign-in button", chromedp.Click(chromedp.CSS(link)), chromedp.WaitVisible(chromedp.ID("password")))
	if h1 := eval[string](t, b, "login page", `document.querySelector("h1").textContent`); !strings.Contains(h1, map[string]string{
		auth.Usager: "compte permis de conduire", auth.FranceConnect: "FranceConnect"}[provider]) {
		t.Errorf("login page h1 = %q", h1)
	}
	checkAccessibility(t, b, "the development provider's login page")
	within(t, b, 20*time.Second, "sign in as "+login,
		chromedp.SetValue(chromedp.ID("login"), login),
		chromedp.SendKeys(chromedp.ID("password"), "demo"),
		chromedp.Submit(chromedp.ID("password")),
	)
	landed := waitPath(t, b, auth.PathLinked, auth.PathUnlinked)
	// The balance is drawn by the server before the app runs (for a
	// linked account): what comes next may need the app.
	waitLive(t, b)
	return landed
}

// The whole sign-in in Chromium, for both providers, against the embedded
// provider: sign in as camille, see the balance the engine computes, sign
// out; the session is then gone on the server. The licence account runs
// on http://localhost, FranceConnect on http://127.0.0.1: the __Host-
// session cookie (Secure) is accepted on both.
func TestSignInAndOutInChromium(t *testing.T) {
	for _, tc := range []struct {
		provider, host string
	}{
		{auth.FranceConnect, "127.0.0.1"},
		{auth.Usager, "localhost"},
	} {
		t.Run(tc.provider, func(t *testing.T) {
			port := freePort(t)
			base := fmt.Sprintf("http://%s:%d", tc.host, port)
			s := startServer(t, func(c *config.Config) {
				c.Addr = fmt.Sprintf("127.0.0.1:%d", port)
				c.PublicURL = base
			})
			want := expectedBalance(t, s, "camille")
			b := newBrowser(t, 360, 640)
			landed := signInAs(t, b, base, tc.provider, "camille")

			c := sessionCookie(t, b, base)
			if c == nil || !c.Secure || !c.HTTPOnly || c.SameSite != network.CookieSameSiteLax || c.Path != "/" || c.Domain != tc.host {
				t.Fatalf("session cookie on %s: %+v", tc.host, c)
			}
			if js := eval[string](t, b, "document.cookie", `document.cookie`); strings.Contains(js, auth.SessionCookie) {
				t.Error("the session cookie is readable from JavaScript")
			}

			if tc.provider == auth.Usager {
				if landed != auth.PathUnlinked {
					t.Fatalf("landed on %s, want the linking form", landed)
				}
				// The licence account proves the link with a code the holder
				// receives by e-mail: asked for, read in the development mail
				// catcher, and given back, from the page as the app does.
				neph, _ := demo.NEPHForLogin("camille")
				rec, _ := s.Srv.Store.Get(neph)
				linkWithCodeIn(t, b, base, neph, rec.Holder.Birthdate.String())
				within(t, b, 30*time.Second, "open the balance", chromedp.Navigate(base+auth.PathLinked))
				waitPath(t, b, auth.PathLinked)
			} else if landed != auth.PathLinked {
				t.Fatalf("landed on %s, want %s (linked by FranceConnect's identity pivot)", landed, auth.PathLinked)
			}

			shown := waitText(t, b, "#solde", strconv.Itoa(want.Balance)+" / ")
			if !strings.Contains(shown, fmt.Sprintf("%d / %d", want.Balance, want.Ceiling)) {
				t.Errorf("the balance shows %q, want %d / %d", shown, want.Balance, want.Ceiling)
			}
			got := fetchIn(t, b, "GET", "/api/v1/points", "")
			if got.Status != 200 || !strings.Contains(got.Body, `"balance":`+strconv.Itoa(want.Balance)+`,`) {
				t.Errorf("GET /api/v1/points = %d %s, want balance %d", got.Status, got.Body, want.Balance)
			}
			if n, _ := s.Srv.Auth.CountSessions(); n != 1 {
				t.Errorf("%d sessions on the server, want 1", n)
			}
			b.checkClean(t)

			// Sign out from the account page.
			within(t, b, 30*time.Second, "open the account page", chromedp.Navigate(base+"/compte"), chromedp.WaitVisible(chromedp.CSS("#deconnexion button")))
			within(t, b, 20*time.Second, "sign out", chromedp.Click(chromedp.CSS("#deconnexion button")))
			waitPath(t, b, "/")
			if n, _ := s.Srv.Auth.CountSessions(); n != 0 {
				t.Errorf("%d sessions on the server after sign-out, want 0", n)
			}
			if c := sessionCookie(t, b, base); c != nil {
				t.Errorf("the browser kept the session cookie: %+v", c)
			}
			if got := fetchIn(t, b, "GET", "/api/v1/me", ""); got.Status != http.StatusUnauthorized || !strings.Contains(got.Body, `"code":"not_signed_in"`) {
				t.Errorf("GET /api/v1/me after sign-out = %d %s", got.Status, got.Body)
			}
			b.checkClean(t)
			for _, secret := range []string{"eyJ", "code=", "state="} {
				if strings.Contains(s.Logs.String(), secret) {
					t.Errorf("the server log holds %q", secret)
				}
			}
		})
	}
}

// A sign-in provider that does not answer gets the French page "Le
// service d'identification ne répond pas", within the page's rules (no
// CSP violation) and accessible.
func TestProviderDownInChromium(t *testing.T) {
	port := freePort(t)
	s := startServer(t, func(c *config.Config) {
		c.Usager = config.Provider{Issuer: fmt.Sprintf("http://127.0.0.1:%d/realms/usager", port), ClientID: "mespoints", ClientSecret: "x", Scopes: config.DefaultUsagerScopes}
	})
	b := newBrowser(t, 360, 640)
	within(t, b, 30*time.Second, "sign in", chromedp.Navigate(s.URL+"/auth/usager/login"), chromedp.WaitVisible(chromedp.CSS("h1")))
	if h1 := eval[string](t, b, "h1", `document.querySelector("h1").textContent`); h1 != "Le service d'identification ne répond pas" {
		t.Errorf("h1 = %q", h1)
	}
	if lang := eval[string](t, b, "lang", `document.documentElement.lang`); lang != "fr" {
		t.Errorf("lang = %q", lang)
	}
	checkAccessibility(t, b, "the provider-down page")
	checkNoHorizontalScroll(t, b, "the provider-down page")
	b.checkClean(t)
	if n, _ := s.Srv.Auth.CountSessions(); n != 0 {
		t.Errorf("%d sessions", n)
	}
	// FranceConnect, the embedded one, still works.
	if landed := signInAs(t, b, s.URL, auth.FranceConnect, "anne"); landed != auth.PathLinked {
		t.Errorf("FranceConnect landed on %s", landed)
	}
}

// /healthz checks the store: with the store closed it answers 503.
func TestHealthzChecksTheStore(t *testing.T) {
	s := startServer(t, nil)
	if res, _ := get(t, s.URL+"/healthz", nil); res.StatusCode != http.StatusOK {
		t.Fatalf("GET /healthz = %d", res.StatusCode)
	}
	if err := s.Srv.Store.Close(); err != nil {
		t.Fatal(err)
	}
	if res, _ := get(t, s.URL+"/healthz", nil); res.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("GET /healthz with the store closed = %d, want 503", res.StatusCode)
	}
}
