package auth

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	jose "github.com/go-jose/go-jose/v4"
)

// A sign-in that goes right opens a session and sends the browser on: to
// the linking form for the licence account (it gives no identity pivot),
// to the balance for FranceConnect (its pivot matches one dossier).
func TestSignInSucceeds(t *testing.T) {
	for _, tc := range []struct {
		provider, next, acr string
		linked              bool
	}{
		{Usager, PathUnlinked, "", false},
		{FranceConnect, PathLinked, "eidas1", true},
	} {
		t.Run(tc.provider, func(t *testing.T) {
			e := newEnv(t)
			b := newBrowser(t)
			state, code := e.login(t, b, tc.provider)
			res := e.callback(t, b, tc.provider, url.Values{"state": {state}, "code": {code}})
			if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != tc.next {
				t.Fatalf("callback = %d to %q, want 303 to %s: %s", res.StatusCode, res.Header.Get("Location"), tc.next, res.body)
			}
			if n := e.sessions(t); n != 1 {
				t.Fatalf("%d sessions stored, want 1", n)
			}
			cookie := e.sessionCookie(b)
			if len(cookie) != 43 {
				t.Fatalf("session cookie %q: want 43 characters (256 bits)", cookie)
			}
			set := res.Header.Values("Set-Cookie")
			if !strings.Contains(strings.Join(set, "\n"), SessionCookie+"="+cookie+"; Path=/; HttpOnly; Secure; SameSite=Lax") {
				t.Errorf("Set-Cookie = %q: want the session cookie HttpOnly, Secure, SameSite=Lax, Path=/", set)
			}
			req, _ := http.NewRequest("GET", e.srv.URL, nil)
			req.AddCookie(&http.Cookie{Name: SessionCookie, Value: cookie})
			sess, acct, err := e.svc.Session(req)
			if err != nil {
				t.Fatal(err)
			}
			if sess.Provider != tc.provider || sess.ACR != tc.acr || acct.Linked() != tc.linked {
				t.Errorf("session %+v, account linked %v: want provider %s, acr %q, linked %v", sess, acct.Linked(), tc.provider, tc.acr, tc.linked)
			}
			if tc.linked && acct.NEPH != camilleNEPH {
				t.Errorf("linked to %s, want %s", acct.NEPH, camilleNEPH)
			}
			if acct.Subject != fakeSubject || acct.Email != "camille@example.fr" {
				t.Errorf("account %+v", acct)
			}
			// The identifier itself is never stored: only its hash.
			raw, _ := json.Marshal(sess)
			if strings.Contains(string(raw), cookie) {
				t.Error("the session record holds the cookie's identifier")
			}
			e.checkNoSecretLogged(t)
		})
	}
}

// hostileCase is one way a provider's answer must be refused.
type hostileCase struct {
	name     string
	provider string
	setup    func(fp *fakeProvider)
	status   int
	want     string // in the French page
	reason   string // in the log line
}

// signWithOtherKey signs the ID token with a key not in the JWKS, under
// the JWKS key's kid.
func signWithOtherKey(fp *fakeProvider, payload []byte) string {
	return fp.sign(fp.other, fp.alg, payload)
}

var hostileCases = []hostileCase{
	{"bad signature", Usager, func(fp *fakeProvider) { fp.signID = signWithOtherKey }, 502, "n'a pas pu être vérifiée", "bad signature"},
	{"bad signature", FranceConnect, func(fp *fakeProvider) { fp.signID = signWithOtherKey }, 502, "n'a pas pu être vérifiée", "bad signature"},
	{"alg none", Usager, func(fp *fakeProvider) {
		fp.signID = func(_ *fakeProvider, p []byte) string { return unsigned(p) }
	}, 502, "n'a pas pu être vérifiée", "algorithm not allowed"},
	{"HS256 with the client secret", Usager, func(fp *fakeProvider) {
		fp.signID = func(fp *fakeProvider, p []byte) string {
			return fp.sign([]byte(fp.secret+"-padded-to-32-bytes!!"), jose.HS256, p)
		}
	}, 502, "n'a pas pu être vérifiée", "algorithm not allowed"},
	{"wrong aud", Usager, func(fp *fakeProvider) { fp.idClaims = func(c map[string]any) { c["aud"] = "un-autre-service" } }, 502, "n'a pas pu être vérifiée", "wrong audience"},
	{"wrong aud", FranceConnect, func(fp *fakeProvider) {
		fp.idClaims = func(c map[string]any) { c["aud"] = []string{"un-autre-service"} }
	}, 502, "n'a pas pu être vérifiée", "wrong audience"},
	{"several aud, azp another client", Usager, func(fp *fakeProvider) {
		fp.idClaims = func(c map[string]any) {
			c["aud"], c["azp"] = []string{fakeClientID, "un-autre-service"}, "un-autre-service"
		}
	}, 502, "n'a pas pu être vérifiée", "azp"},
	{"wrong iss", Usager, func(fp *fakeProvider) {
		fp.idClaims = func(c map[string]any) { c["iss"] = "https://usurpateur.example" }
	}, 502, "n'a pas pu être vérifiée", "wrong issuer"},
	{"expired", Usager, func(fp *fakeProvider) {
		fp.idClaims = func(c map[string]any) {
			c["iat"], c["exp"] = fp.now().Add(-10*time.Minute).Unix(), fp.now().Add(-time.Minute).Unix()
		}
	}, 502, "n'a pas pu être vérifiée", "expired"},
	{"iat far in the future", FranceConnect, func(fp *fakeProvider) {
		fp.idClaims = func(c map[string]any) {
			c["iat"], c["exp"] = fp.now().Add(time.Hour).Unix(), fp.now().Add(2*time.Hour).Unix()
		}
	}, 502, "n'a pas pu être vérifiée", "iat in the future"},
	{"no iat", Usager, func(fp *fakeProvider) { fp.idClaims = func(c map[string]any) { delete(c, "iat") } }, 502, "n'a pas pu être vérifiée", "no iat"},
	{"nonce mismatch", Usager, func(fp *fakeProvider) { fp.idClaims = func(c map[string]any) { c["nonce"] = randomToken() } }, 502, "n'a pas pu être vérifiée", "nonce mismatch"},
	{"no nonce", FranceConnect, func(fp *fakeProvider) { fp.idClaims = func(c map[string]any) { delete(c, "nonce") } }, 502, "n'a pas pu être vérifiée", "nonce mismatch"},
	{"wrong acr", FranceConnect, func(fp *fakeProvider) { fp.idClaims = func(c map[string]any) { c["acr"] = "eidas0" } }, 403, "niveau de sécurité", "insufficient_acr"},
	{"no acr", FranceConnect, func(fp *fakeProvider) { fp.idClaims = func(c map[string]any) { delete(c, "acr") } }, 403, "niveau de sécurité", "insufficient_acr"},
	{"userinfo sub differs", Usager, func(fp *fakeProvider) {
		fp.userinfo = func(fp *fakeProvider, w http.ResponseWriter, _ string) {
			fp.writeUserinfo(w, fp.userClaimsFor("un-autre-sujet"))
		}
	}, 502, "n'a pas pu être vérifiée", "sub differs"},
	{"userinfo sub differs", FranceConnect, func(fp *fakeProvider) {
		fp.userinfo = func(fp *fakeProvider, w http.ResponseWriter, _ string) {
			fp.writeUserinfo(w, fp.userClaimsFor("un-autre-sujet"))
		}
	}, 502, "n'a pas pu être vérifiée", "sub differs"},
	{"userinfo unsigned", FranceConnect, func(fp *fakeProvider) {
		fp.userinfo = func(fp *fakeProvider, w http.ResponseWriter, sub string) {
			w.Header().Set("Content-Type", "application/json")
			json.NewEncoder(w).Encode(fp.userClaimsFor(sub))
		}
	}, 502, "n'a pas pu être vérifiée", "not signed"},
	{"userinfo alg none", FranceConnect, func(fp *fakeProvider) {
		fp.userinfo = func(fp *fakeProvider, w http.ResponseWriter, sub string) {
			p, _ := json.Marshal(fp.userClaimsFor(sub))
			w.Header().Set("Content-Type", "application/jwt")
			w.Write([]byte(unsigned(p)))
		}
	}, 502, "n'a pas pu être vérifiée", "userinfo JWT malformed or algorithm not allowed"},
	{"userinfo signed by another key", FranceConnect, func(fp *fakeProvider) {
		fp.userinfo = func(fp *fakeProvider, w http.ResponseWriter, sub string) {
			p, _ := json.Marshal(fp.userClaimsFor(sub))
			w.Header().Set("Content-Type", "application/jwt")
			w.Write([]byte(fp.sign(fp.other, fp.alg, p)))
		}
	}, 502, "n'a pas pu être vérifiée", "userinfo JWT bad signature"},
	{"userinfo for another client", FranceConnect, func(fp *fakeProvider) {
		fp.userinfo = func(fp *fakeProvider, w http.ResponseWriter, sub string) {
			c := fp.userClaimsFor(sub)
			c["aud"] = "un-autre-service"
			fp.writeUserinfo(w, c)
		}
	}, 502, "n'a pas pu être vérifiée", "userinfo audience"},
	{"userinfo from another issuer", FranceConnect, func(fp *fakeProvider) {
		fp.userinfo = func(fp *fakeProvider, w http.ResponseWriter, sub string) {
			c := fp.userClaimsFor(sub)
			c["iss"] = "https://usurpateur.example"
			fp.writeUserinfo(w, c)
		}
	}, 502, "n'a pas pu être vérifiée", "userinfo issuer"},
	{"userinfo refused", Usager, func(fp *fakeProvider) {
		fp.userinfo = func(_ *fakeProvider, w http.ResponseWriter, _ string) { w.WriteHeader(http.StatusUnauthorized) }
	}, 502, "n'a pas pu être vérifiée", "userinfo answered HTTP 401"},
	{"token endpoint refuses the code", Usager, func(fp *fakeProvider) {
		fp.token = func(w http.ResponseWriter) {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusBadRequest)
			w.Write([]byte(`{"error":"invalid_grant"}`))
		}
	}, 502, "a refusé la connexion", "token endpoint answered HTTP 400 invalid_grant"},
	{"no ID token", Usager, func(fp *fakeProvider) {
		fp.token = func(w http.ResponseWriter) {
			w.Header().Set("Content-Type", "application/json")
			w.Write([]byte(`{"access_token":"AT","token_type":"Bearer"}`))
		}
	}, 502, "n'a pas pu être vérifiée", "no id_token"},
	{"at_hash of another access token", Usager, func(fp *fakeProvider) {
		fp.idClaims = func(c map[string]any) { c["at_hash"] = atHash(randomToken()) }
	}, 502, "n'a pas pu être vérifiée", "at_hash does not match"},
	{"at_hash of another access token", FranceConnect, func(fp *fakeProvider) {
		fp.idClaims = func(c map[string]any) { c["at_hash"] = atHash(randomToken()) }
	}, 502, "n'a pas pu être vérifiée", "at_hash does not match"},
	{"userinfo JWT expired", FranceConnect, func(fp *fakeProvider) {
		fp.userinfo = func(fp *fakeProvider, w http.ResponseWriter, sub string) {
			c := fp.userClaimsFor(sub)
			c["exp"] = fp.now().Add(-time.Second).Unix()
			fp.writeUserinfo(w, c)
		}
	}, 502, "n'a pas pu être vérifiée", "userinfo expired"},
	{"userinfo JWT expired", Usager, func(fp *fakeProvider) {
		fp.userinfo = func(fp *fakeProvider, w http.ResponseWriter, sub string) {
			c := fp.userClaimsFor(sub)
			c["iss"], c["aud"], c["exp"] = fp.issuer(), fakeClientID, fp.now().Add(-time.Minute).Unix()
			p, _ := json.Marshal(c)
			w.Header().Set("Content-Type", "application/jwt")
			w.Write([]byte(fp.sign(fp.key, fp.alg, p)))
		}
	}, 502, "n'a pas pu être vérifiée", "userinfo expired"},
	{"ID token not a JWT", FranceConnect, func(fp *fakeProvider) {
		fp.signID = func(*fakeProvider, []byte) string { return "pas-un-jeton" }
	}, 502, "n'a pas pu être vérifiée", "malformed"},
}

// The checks above refuse only what is wrong: an ID token with the right
// at_hash, and a signed userinfo that expires later, are accepted — from
// both providers.
func TestRightAtHashAndUnexpiredUserinfoAreAccepted(t *testing.T) {
	for _, provider := range []string{Usager, FranceConnect} {
		t.Run(provider, func(t *testing.T) {
			e := newEnv(t)
			fp := e.fps[provider]
			fp.idClaims = func(c map[string]any) { c["at_hash"] = atHash(fp.access) }
			fp.userinfo = func(fp *fakeProvider, w http.ResponseWriter, sub string) {
				c := fp.userClaimsFor(sub)
				c["iss"], c["aud"], c["exp"] = fp.issuer(), fakeClientID, fp.now().Add(time.Minute).Unix()
				p, _ := json.Marshal(c)
				w.Header().Set("Content-Type", "application/jwt")
				w.Write([]byte(fp.sign(fp.key, fp.alg, p)))
			}
			e.signIn(t, newBrowser(t), provider)
		})
	}
}

// Every way a provider's answer can be forged or wrong is refused: a
// French page, no session, and a log line with the reason and no token.
func TestHostileProviderIsRefused(t *testing.T) {
	for _, tc := range hostileCases {
		t.Run(tc.provider+"/"+tc.name, func(t *testing.T) {
			e := newEnv(t)
			b := newBrowser(t)
			tc.setup(e.fps[tc.provider])
			state, code := e.login(t, b, tc.provider)
			res := e.callback(t, b, tc.provider, url.Values{"state": {state}, "code": {code}})
			checkRefused(t, e, b, res, tc.status, tc.want, tc.reason)
		})
	}
}

// checkRefused checks a refused sign-in.
func checkRefused(t *testing.T, e *env, b *http.Client, res response, status int, want, reason string) {
	t.Helper()
	if res.StatusCode != status {
		t.Errorf("status %d, want %d: %s", res.StatusCode, status, res.body)
	}
	checkFrenchPage(t, res.body, want)
	if n := e.sessions(t); n != 0 {
		t.Errorf("%d sessions stored, want none", n)
	}
	if c := e.sessionCookie(b); c != "" {
		t.Errorf("the browser holds a session cookie")
	}
	if !strings.Contains(e.logs.String(), reason) || !strings.Contains(e.logs.String(), "sign-in refused") {
		t.Errorf("the log does not give the reason %q:\n%s", reason, e.logs.String())
	}
	e.checkNoSecretLogged(t)
}

// The state is checked before anything else: missing, unknown, replayed,
// from another browser or for another provider, the callback is refused
// and the code is never exchanged.
func TestCallbackChecksState(t *testing.T) {
	for _, tc := range []struct {
		name   string
		run    func(t *testing.T, e *env, b *http.Client) response
		reason string
	}{
		{"missing", func(t *testing.T, e *env, b *http.Client) response {
			_, code := e.login(t, b, Usager)
			return e.callback(t, b, Usager, url.Values{"code": {code}})
		}, "no state"},
		{"unknown", func(t *testing.T, e *env, b *http.Client) response {
			_, code := e.login(t, b, Usager)
			return e.callback(t, b, Usager, url.Values{"state": {randomToken()}, "code": {code}})
		}, "state differs"},
		{"replayed", func(t *testing.T, e *env, b *http.Client) response {
			state, code := e.login(t, b, Usager)
			first := e.callback(t, b, Usager, url.Values{"state": {state}, "code": {code}})
			if first.StatusCode != http.StatusSeeOther {
				t.Fatalf("first callback = %d", first.StatusCode)
			}
			// Sign out, then replay the same callback with the cookie put back.
			do(t, b, "POST", e.srv.URL+"/auth/logout", nil)
			b.Jar.SetCookies(mustParseURL(e.srv.URL), []*http.Cookie{{Name: flowCookie, Value: state, Path: "/"}})
			return e.callback(t, b, Usager, url.Values{"state": {state}, "code": {code}})
		}, "state unknown, used or expired"},
		{"from another browser", func(t *testing.T, e *env, b *http.Client) response {
			state, code := e.login(t, newBrowser(t), Usager)
			return e.callback(t, b, Usager, url.Values{"state": {state}, "code": {code}})
		}, "no sign-in cookie"},
		{"for another provider", func(t *testing.T, e *env, b *http.Client) response {
			state, code := e.login(t, b, FranceConnect)
			return e.callback(t, b, Usager, url.Values{"state": {state}, "code": {code}})
		}, "state of another provider"},
		{"expired", func(t *testing.T, e *env, b *http.Client) response {
			state, code := e.login(t, b, Usager)
			e.clock.Advance(flowLifetime + time.Second)
			return e.callback(t, b, Usager, url.Values{"state": {state}, "code": {code}})
		}, "state unknown, used or expired"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t)
			b := newBrowser(t)
			res := tc.run(t, e, b)
			checkRefused(t, e, b, res, http.StatusBadRequest, "n'est plus valable", tc.reason)
		})
	}
}

// An error the provider sends back is shown in French: a cancellation as
// such, anything else as a refusal; an error code that is not a standard
// one is not logged.
func TestProviderErrorIsShownInFrench(t *testing.T) {
	for _, tc := range []struct {
		errCode string
		status  int
		want    string
		logged  string
	}{
		{"access_denied", http.StatusForbidden, "La connexion a été annulée", "provider answered access_denied"},
		{"server_error", http.StatusBadGateway, "a refusé la connexion", "provider answered server_error"},
		{"<script>alert(1)</script>", http.StatusBadGateway, "a refusé la connexion", "not a standard code"},
	} {
		t.Run(tc.errCode, func(t *testing.T) {
			e := newEnv(t)
			b := newBrowser(t)
			state, _ := e.login(t, b, FranceConnect)
			res := e.callback(t, b, FranceConnect, url.Values{"state": {state}, "error": {tc.errCode}, "error_description": {"Détail du fournisseur"}})
			checkRefused(t, e, b, res, tc.status, tc.want, tc.logged)
			if strings.Contains(res.body, "<script>") || strings.Contains(e.logs.String(), "script") {
				t.Error("the provider's error code reached the page or the log")
			}
		})
	}
}

// A provider that does not answer gets the French page "Le service
// d'identification ne répond pas", at the login as at the callback; the
// service itself keeps running.
func TestProviderDown(t *testing.T) {
	t.Run("at discovery", func(t *testing.T) {
		e := newEnv(t)
		b := newBrowser(t)
		e.fps[Usager].srv.Close()
		res := do(t, b, "GET", e.srv.URL+"/auth/usager/login", nil)
		checkRefused(t, e, b, res, http.StatusServiceUnavailable, "Le service d'identification ne répond pas", "provider_unavailable")
		// The other provider still works.
		state, code := e.login(t, b, FranceConnect)
		if res := e.callback(t, b, FranceConnect, url.Values{"state": {state}, "code": {code}}); res.StatusCode != http.StatusSeeOther {
			t.Errorf("FranceConnect sign-in = %d while the licence account is down", res.StatusCode)
		}
	})
	t.Run("at the token endpoint", func(t *testing.T) {
		e := newEnv(t)
		b := newBrowser(t)
		state, code := e.login(t, b, Usager)
		e.fps[Usager].srv.Close()
		res := e.callback(t, b, Usager, url.Values{"state": {state}, "code": {code}})
		checkRefused(t, e, b, res, http.StatusServiceUnavailable, "Le service d'identification ne répond pas", "token endpoint unreachable")
	})
	t.Run("slow", func(t *testing.T) {
		e := newEnv(t)
		b := newBrowser(t)
		release := make(chan struct{})
		defer close(release)
		e.fps[Usager].discovery = func(map[string]any) { <-release }
		start := time.Now()
		res := do(t, b, "GET", e.srv.URL+"/auth/usager/login", nil)
		if time.Since(start) > 10*time.Second {
			t.Errorf("the login waited %s for a provider that does not answer", time.Since(start))
		}
		checkRefused(t, e, b, res, http.StatusServiceUnavailable, "Le service d'identification ne répond pas", "provider_unavailable")
	})
}

// An unknown provider has a French page, no redirect.
func TestUnknownProvider(t *testing.T) {
	e := newEnv(t)
	b := newBrowser(t)
	res := do(t, b, "GET", e.srv.URL+"/auth/google/login", nil)
	if res.StatusCode != http.StatusNotFound {
		t.Errorf("status %d", res.StatusCode)
	}
	checkFrenchPage(t, res.body, "n'est pas proposé")
}

// In development a sign-in started on another host name than the public
// address's (localhost for 127.0.0.1) first moves there, so that its
// cookie comes back with the callback; outside development it does not.
func TestDevSignInMovesToThePublicHost(t *testing.T) {
	e := newEnv(t)
	for _, dev := range []bool{true, false} {
		svc, err := New(Options{KV: e.kv, Store: e.store, BaseURL: e.srv.URL, Dev: dev, Now: e.clock.Now, Providers: []ProviderConfig{{
			Name: Usager, Issuer: e.fps[Usager].issuer(), ClientID: fakeClientID, ClientSecret: e.fps[Usager].secret,
			RedirectURL: e.srv.URL + "/auth/usager/callback", Scopes: []string{"openid"},
		}}})
		if err != nil {
			t.Fatal(err)
		}
		req := httptest.NewRequest("GET", "http://localhost:1234/auth/usager/login", nil)
		rec := httptest.NewRecorder()
		svc.Handler().ServeHTTP(rec, req)
		loc := rec.Header().Get("Location")
		moved := loc == e.srv.URL+"/auth/usager/login"
		if rec.Code != http.StatusFound || moved != dev {
			t.Errorf("dev %v: %d to %q", dev, rec.Code, loc)
		}
		if moved && len(rec.Header().Values("Set-Cookie")) != 0 {
			t.Errorf("dev: a cookie set for the wrong host: %q", rec.Header().Values("Set-Cookie"))
		}
	}
}
