package auth

import (
	"html"
	"net/http"
	"regexp"
	"strings"
	"testing"
)

// endSessionTarget reads where the sign-out page sends the browser.
func endSessionTarget(t *testing.T, res response) string {
	t.Helper()
	body := html.UnescapeString(res.body)
	i := strings.Index(body, `content="0;url=`)
	if res.StatusCode != http.StatusOK || i < 0 {
		t.Fatalf("sign-out = %d with no step to the provider:\n%s", res.StatusCode, body)
	}
	target := body[i+len(`content="0;url=`):]
	return target[:strings.Index(target, `"`)]
}

var alnum64 = regexp.MustCompile(`^[A-Za-z0-9]{64}$`)

// Sign-out deletes the session on the server, expires the cookie and
// clears the site's data in the browser; then, for both providers, the
// browser goes to the provider's end_session_endpoint with the ID token as
// hint, a state of 64 letters and digits kept server-side, and the return
// address — through a page, not a redirect, which the app's form-action
// CSP would block. The provider's return is checked against the state:
// once, and only a state the service sent.
func TestLogoutGoesThroughTheProvider(t *testing.T) {
	for _, provider := range []string{Usager, FranceConnect} {
		t.Run(provider, func(t *testing.T) {
			e := newEnv(t)
			b := newBrowser(t)
			cookie := e.signIn(t, b, provider)
			sess, err := e.sessionOf(cookie)
			if err != nil {
				t.Fatal(err)
			}
			res := do(t, b, "POST", e.srv.URL+"/auth/logout", map[string]string{"Sec-Fetch-Site": "same-origin"})
			if n := e.sessions(t); n != 0 {
				t.Errorf("%d sessions after sign-out", n)
			}
			if e.sessionCookie(b) != "" {
				t.Error("the browser kept the session cookie")
			}
			if got := res.Header.Get("Clear-Site-Data"); got != `"cache"` {
				t.Errorf("Clear-Site-Data = %q", got)
			}
			want := map[string]string{Usager: "Continuer vers le compte permis de conduire", FranceConnect: "Continuer vers FranceConnect"}[provider]
			// The page carries the ID token to the provider (id_token_hint, as
			// the protocol has it): the one time it passes the browser.
			for _, w := range []string{`<html lang="fr">`, want, "Votre session Mes points est fermée"} {
				if !strings.Contains(html.UnescapeString(res.body), w) {
					t.Errorf("page lacks %q", w)
				}
			}
			u := mustParse(t, endSessionTarget(t, res))
			q := u.Query()
			if u.Scheme+"://"+u.Host+u.Path != e.fps[provider].issuer()+"/logout" {
				t.Errorf("sign-out goes to %s", u)
			}
			if q.Get("id_token_hint") != sess.IDToken || sess.IDToken == "" || !alnum64.MatchString(q.Get("state")) || q.Get("post_logout_redirect_uri") != e.srv.URL+"/auth/logged-out" {
				t.Errorf("end-session parameters %v", q)
			}
			// The provider sends the browser back with the state: checked once.
			back := do(t, b, "GET", e.srv.URL+"/auth/logged-out?state="+q.Get("state"), nil)
			if back.StatusCode != http.StatusSeeOther || back.Header.Get("Location") != "/" {
				t.Errorf("return = %d to %q", back.StatusCode, back.Header.Get("Location"))
			}
			if !strings.Contains(e.logs.String(), `"msg":"signed out at the provider","provider":"`+provider+`"`) {
				t.Errorf("the log does not say the provider signed out:\n%s", e.logs.String())
			}
			for _, bad := range []string{"?state=" + q.Get("state"), "?state=" + randomState(), ""} {
				before := strings.Count(e.logs.String(), "sign-out return not checked")
				res := do(t, b, "GET", e.srv.URL+"/auth/logged-out"+bad, nil)
				if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/" {
					t.Errorf("return %q = %d to %q, want the home page", bad, res.StatusCode, res.Header.Get("Location"))
				}
				if strings.Count(e.logs.String(), "sign-out return not checked") != before+1 {
					t.Errorf("return %q: no log line with its reason", bad)
				}
			}
			e.checkNoSecretLogged(t)
		})
	}
}

// After a restart, the first thing a server does for a session may be its
// sign-out: the provider's end_session_endpoint is discovered then, and
// the sign-out still reaches it.
func TestLogoutAfterARestartReachesTheProvider(t *testing.T) {
	for _, provider := range []string{Usager, FranceConnect} {
		t.Run(provider, func(t *testing.T) {
			e := newEnv(t)
			b := newBrowser(t)
			e.signIn(t, b, provider)
			// A new service on the same shared state: a restarted server, which
			// has not discovered anything yet.
			restarted, err := New(Options{KV: e.kv, Store: e.store, Providers: e.svc.providerConfigs(), BaseURL: e.srv.URL, Now: e.clock.Now, Log: e.svc.log})
			if err != nil {
				t.Fatal(err)
			}
			e.svc = restarted
			res := do(t, b, "POST", e.srv.URL+"/auth/logout", nil)
			u := mustParse(t, endSessionTarget(t, res))
			if u.Scheme+"://"+u.Host+u.Path != e.fps[provider].issuer()+"/logout" {
				t.Errorf("sign-out after a restart goes to %s", u)
			}
		})
	}
}

// "Sign out everywhere" ends every session of the account, on every
// device, and only that account's.
func TestLogoutEverywhere(t *testing.T) {
	e := newEnv(t)
	phone, laptop := newBrowser(t), newBrowser(t)
	first := e.signIn(t, phone, FranceConnect)
	second := e.signIn(t, laptop, FranceConnect)
	other := e.signIn(t, newBrowser(t), Usager)
	res := do(t, phone, "POST", e.srv.URL+"/auth/logout-everywhere", nil)
	endSessionTarget(t, res)
	for name, c := range map[string]string{"this device": first, "the other device": second} {
		if _, err := e.sessionOf(c); err == nil {
			t.Errorf("%s is still signed in", name)
		}
	}
	if _, err := e.sessionOf(other); err != nil {
		t.Errorf("another account's session ended: %v", err)
	}
	if n := e.sessions(t); n != 1 {
		t.Errorf("%d sessions stored, want 1", n)
	}
	// Signing in again works at once.
	again := e.signIn(t, laptop, FranceConnect)
	if _, err := e.sessionOf(again); err != nil {
		t.Errorf("a sign-in after signing out everywhere: %v", err)
	}
}

// providerConfigs returns the providers the service was built with.
func (s *Service) providerConfigs() []ProviderConfig {
	var out []ProviderConfig
	for _, n := range s.Providers() {
		out = append(out, s.rps[n].cfg)
	}
	return out
}
