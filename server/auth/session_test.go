package auth

import (
	"errors"
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// signIn signs in with provider in browser b and returns the session
// cookie's value.
func (e *env) signIn(t *testing.T, b *http.Client, provider string) string {
	t.Helper()
	state, code := e.login(t, b, provider)
	res := e.callback(t, b, provider, url.Values{"state": {state}, "code": {code}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign-in with %s = %d: %s", provider, res.StatusCode, res.body)
	}
	return e.sessionCookie(b)
}

// sessionOf returns the session the cookie value opens.
func (e *env) sessionOf(cookie string) (Session, error) {
	req, _ := http.NewRequest("GET", e.srv.URL, nil)
	req.AddCookie(&http.Cookie{Name: SessionCookie, Value: cookie})
	s, _, err := e.svc.Session(req)
	return s, err
}

// A session ends after 30 minutes without a request, and after 12 hours
// whatever happens; an expired session is deleted from the store.
func TestSessionLifetime(t *testing.T) {
	for _, tc := range []struct {
		name  string
		steps []time.Duration // requests after each wait
		alive bool
	}{
		{"29 minutes idle", []time.Duration{29 * time.Minute}, true},
		{"31 minutes idle", []time.Duration{31 * time.Minute}, false},
		{"active for 11 h 50", repeat(25*time.Minute, 28), true},
		{"active for 12 h 05", repeat(25*time.Minute, 29), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t)
			cookie := e.signIn(t, newBrowser(t), Usager)
			var err error
			for _, d := range tc.steps {
				e.clock.Advance(d)
				if _, err = e.sessionOf(cookie); err != nil {
					break
				}
			}
			if tc.alive != (err == nil) {
				t.Fatalf("session alive = %v (err %v), want %v", err == nil, err, tc.alive)
			}
			if !tc.alive {
				if !errors.Is(err, ErrNoSession) {
					t.Errorf("err = %v, want ErrNoSession", err)
				}
				if n := e.sessions(t); n != 0 {
					t.Errorf("the expired session is still stored (%d)", n)
				}
			}
		})
	}
}

func repeat(d time.Duration, n int) []time.Duration {
	out := make([]time.Duration, n)
	for i := range out {
		out[i] = d
	}
	return out
}

// Every sign-in gets a new identifier; the browser's previous session is
// deleted, not reused.
func TestNewSessionAtEverySignIn(t *testing.T) {
	e := newEnv(t)
	b := newBrowser(t)
	first := e.signIn(t, b, Usager)
	second := e.signIn(t, b, FranceConnect)
	if first == second {
		t.Fatal("the second sign-in kept the session identifier")
	}
	if _, err := e.sessionOf(first); !errors.Is(err, ErrNoSession) {
		t.Errorf("the first session still opens: %v", err)
	}
	if s, err := e.sessionOf(second); err != nil || s.Provider != FranceConnect {
		t.Errorf("second session: %+v, %v", s, err)
	}
	if n := e.sessions(t); n != 1 {
		t.Errorf("%d sessions stored, want 1", n)
	}
}

// Forged, truncated or unknown cookies open nothing.
func TestForgedSessionCookies(t *testing.T) {
	e := newEnv(t)
	good := e.signIn(t, newBrowser(t), Usager)
	for _, v := range []string{"", "x", good[:42], good + "A", randomToken(), strings.ToUpper(good), "../../etc/passwd"} {
		if _, err := e.sessionOf(v); !errors.Is(err, ErrNoSession) {
			t.Errorf("cookie %q: err = %v, want ErrNoSession", v, err)
		}
	}
}

// PurgeSessions deletes the expired sessions and keeps the live ones.
func TestPurgeSessions(t *testing.T) {
	e := newEnv(t)
	old := e.signIn(t, newBrowser(t), Usager)
	e.clock.Advance(20 * time.Minute)
	live := e.signIn(t, newBrowser(t), Usager)
	e.clock.Advance(15 * time.Minute) // old: 35 min idle; live: 15
	if err := e.svc.Purge(); err != nil {
		t.Fatal(err)
	}
	if n := e.sessions(t); n != 1 {
		t.Fatalf("%d sessions after purge, want 1", n)
	}
	if _, err := e.sessionOf(live); err != nil {
		t.Errorf("live session purged: %v", err)
	}
	if _, err := e.sessionOf(old); err == nil {
		t.Error("expired session survived")
	}
}

// Sign-out deletes the session on the server, expires the cookie and
// clears the site's data in the browser; a FranceConnect session then
// goes to FranceConnect's end_session_endpoint with the ID token as hint,
// a state and the return address, through a page (not a redirect, which
// the app's form-action CSP would block).
func TestLogout(t *testing.T) {
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
			if provider == Usager {
				if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/" {
					t.Errorf("sign-out = %d to %q, want 303 to /", res.StatusCode, res.Header.Get("Location"))
				}
				return
			}
			if res.StatusCode != http.StatusOK {
				t.Fatalf("FranceConnect sign-out = %d", res.StatusCode)
			}
			// The page carries the ID token to FranceConnect (id_token_hint,
			// as the protocol has it): the one time it passes the browser.
			body := html.UnescapeString(res.body)
			for _, want := range []string{`<html lang="fr">`, "Continuer vers FranceConnect", "Votre session Mes points est fermée"} {
				if !strings.Contains(body, want) {
					t.Errorf("page lacks %q", want)
				}
			}
			i := strings.Index(body, `content="0;url=`)
			if i < 0 {
				t.Fatalf("no refresh to FranceConnect:\n%s", body)
			}
			target := body[i+len(`content="0;url=`):]
			target = target[:strings.Index(target, `"`)]
			u := mustParse(t, target)
			q := u.Query()
			if u.Scheme+"://"+u.Host+u.Path != e.fps[FranceConnect].issuer()+"/logout" {
				t.Errorf("sign-out goes to %s", target)
			}
			if q.Get("id_token_hint") != sess.IDToken || len(q.Get("state")) < 32 || q.Get("post_logout_redirect_uri") != e.srv.URL+"/auth/logged-out" {
				t.Errorf("end-session parameters %v", q)
			}
		})
	}
}

// GET /auth/logout signs nobody out: it asks in French, with a form.
func TestLogoutNeedsAPost(t *testing.T) {
	e := newEnv(t)
	b := newBrowser(t)
	e.signIn(t, b, Usager)
	res := do(t, b, "GET", e.srv.URL+"/auth/logout", nil)
	if res.StatusCode != http.StatusOK {
		t.Errorf("status %d", res.StatusCode)
	}
	checkFrenchPage(t, res.body, `<form method="post" action="/auth/logout">`)
	if n := e.sessions(t); n != 1 {
		t.Errorf("GET signed out: %d sessions", n)
	}
	// Another site cannot sign the person out either.
	res = do(t, b, "POST", e.srv.URL+"/auth/logout", map[string]string{"Sec-Fetch-Site": "cross-site", "Origin": "https://ailleurs.example"})
	if res.StatusCode != http.StatusForbidden {
		t.Errorf("cross-site sign-out = %d, want 403", res.StatusCode)
	}
	checkFrenchPage(t, res.body, "vient d'un autre site")
	if n := e.sessions(t); n != 1 {
		t.Errorf("a cross-site POST signed out: %d sessions", n)
	}
}
