package auth

import (
	"html"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"mespoints/points"
	"mespoints/server/internal/testkit"
	"mespoints/server/kv"
	"mespoints/server/kv/boltkv"
	"mespoints/server/mail"
	"mespoints/server/store"
	"mespoints/server/store/storetest"
)

// env is the sign-in service over real HTTP on loopback, with a real
// store in a temporary folder and a fake provider for each provider.
type env struct {
	svc   *Service
	kv    kv.Store
	mail  *mail.Outbox
	store *store.Store
	srv   *httptest.Server
	logs  *testkit.LogBuffer
	clock *testkit.Clock
	fps   map[string]*fakeProvider
}

// camilleNEPH is the dossier whose holder the fake FranceConnect
// identity matches.
const camilleNEPH = "130575100234"

// camilleRecord is a dossier whose holder is the identity the fake
// FranceConnect gives (written differently: accents, case).
func camilleRecord(neph string) store.Record {
	r := storetest.Record(1)
	r.NEPH = neph
	r.Holder = store.Holder{FamilyName: "Lefèvre", GivenNames: "Camille Marie", Birthdate: points.NewDate(1990, 5, 17), Birthplace: "44109", Birthcountry: "99100"}
	return r
}

func newEnv(t *testing.T) *env {
	t.Helper()
	st, err := store.Open(t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if err := st.Put(camilleRecord(camilleNEPH)); err != nil {
		t.Fatal(err)
	}
	shared, err := boltkv.Open(t.TempDir(), boltkv.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { shared.Close() })
	e := &env{store: st, kv: shared, mail: mail.NewOutbox(), logs: &testkit.LogBuffer{}, clock: testkit.NewClock(time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)), fps: map[string]*fakeProvider{}}
	var h http.Handler
	e.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { h.ServeHTTP(w, r) }))
	t.Cleanup(e.srv.Close)
	var provs []ProviderConfig
	for _, name := range []string{Usager, FranceConnect} {
		fp := newFakeProvider(t, name, e.clock.Now)
		e.fps[name] = fp
		provs = append(provs, ProviderConfig{
			Name: name, Issuer: fp.issuer(), ClientID: fakeClientID, ClientSecret: fp.secret,
			RedirectURL: e.srv.URL + "/auth/" + name + "/callback", Scopes: []string{"openid", "profile"},
			PostLogoutRedirectURL: e.srv.URL + "/auth/logged-out",
		})
	}
	e.svc, err = New(Options{
		KV: shared, Store: st, Mail: e.mail, Providers: provs, BaseURL: e.srv.URL, Now: e.clock.Now, Timeout: 2 * time.Second,
		Log: slog.New(slog.NewJSONHandler(e.logs, nil)),
	})
	if err != nil {
		t.Fatal(err)
	}
	h = e.svc.Handler()
	return e
}

// browser is an HTTP client with a cookie jar that does not follow
// redirects, so that each step can be looked at.
func newBrowser(t *testing.T) *http.Client {
	t.Helper()
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	return &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

// response is a response with its body read.
type response struct {
	*http.Response
	body string
}

func do(t *testing.T, c *http.Client, method, u string, header map[string]string) response {
	t.Helper()
	req, err := http.NewRequest(method, u, nil)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	res, err := c.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, u, err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return response{res, string(b)}
}

func mustParse(t *testing.T, s string) *url.URL {
	t.Helper()
	u, err := url.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// login starts a sign-in with provider in browser b and plays the
// provider's part: it returns the state and code to call back with.
func (e *env) login(t *testing.T, b *http.Client, provider string) (state, code string) {
	t.Helper()
	res := do(t, b, "GET", e.srv.URL+"/auth/"+provider+"/login", nil)
	if res.StatusCode != http.StatusFound {
		t.Fatalf("GET /auth/%s/login = %d, want 302: %s", provider, res.StatusCode, res.body)
	}
	return e.fps[provider].authorize(t, res.Header.Get("Location"))
}

// callback calls the callback of provider with query q.
func (e *env) callback(t *testing.T, b *http.Client, provider string, q url.Values) response {
	t.Helper()
	return do(t, b, "GET", e.srv.URL+"/auth/"+provider+"/callback?"+q.Encode(), nil)
}

// sessionCookie returns the session cookie b holds for the service.
func (e *env) sessionCookie(b *http.Client) string {
	for _, c := range b.Jar.Cookies(mustParseURL(e.srv.URL)) {
		if c.Name == SessionCookie {
			return c.Value
		}
	}
	return ""
}

func mustParseURL(s string) *url.URL {
	u, _ := url.Parse(s)
	return u
}

func (e *env) sessions(t *testing.T) int {
	t.Helper()
	n, err := e.svc.CountSessions()
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// checkNoSecretLogged fails if the log holds a code, state, nonce or
// token any provider handed out.
func (e *env) checkNoSecretLogged(t *testing.T) {
	t.Helper()
	logs := e.logs.String()
	for _, fp := range e.fps {
		for _, s := range fp.secrets {
			if s != "" && strings.Contains(logs, s) {
				t.Errorf("the log holds a code, state, nonce or token: %.20s…", s)
			}
		}
	}
	if strings.Contains(logs, "eyJ") {
		t.Errorf("the log holds something that looks like a JWT:\n%s", logs)
	}
}

// checkFrenchPage fails unless body is a French page of the service with
// want in it, and no token.
func checkFrenchPage(t *testing.T, body, want string) {
	t.Helper()
	body = html.UnescapeString(body)
	for _, s := range []string{`<html lang="fr">`, `href="/web/style.css"`, want} {
		if !strings.Contains(body, s) {
			t.Errorf("page lacks %q:\n%s", s, body)
		}
	}
	for _, s := range []string{"<script", "style=", "eyJ", "goroutine"} {
		if strings.Contains(body, s) {
			t.Errorf("page holds %q:\n%s", s, body)
		}
	}
}
