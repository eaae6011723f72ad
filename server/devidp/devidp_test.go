package devidp

import (
	"context"
	"encoding/json"
	"html"
	"io"
	"mime"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"reflect"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/coreos/go-oidc/v3/oidc"
	jose "github.com/go-jose/go-jose/v4"
	"golang.org/x/oauth2"
)

var testUsers = []User{
	{Login: "camille", GivenNames: "Camille Marie", FamilyName: "Lefèvre", Birthdate: "1990-05-17", Birthplace: "44109", Birthcountry: "99100", Gender: "female", Email: "camille@example.fr", Description: "9 points sur 12"},
	{Login: "anne", GivenNames: "Anne Sylvie", FamilyName: "Rousseau", UsageName: "Vidal", Birthdate: "1980-01-02", Birthcountry: "99131", Gender: "female", Email: "anne@example.fr"},
}

// idpEnv is the provider on a loopback server, with a callback that
// records what the provider sends back.
type idpEnv struct {
	srv  *httptest.Server
	mu   sync.Mutex
	back url.Values
}

func newIdpEnv(t *testing.T) *idpEnv {
	t.Helper()
	e := &idpEnv{}
	mux := http.NewServeMux()
	e.srv = httptest.NewServer(mux)
	t.Cleanup(e.srv.Close)
	client := func(name string) Client {
		return Client{ID: "mespoints", Secret: "secret-" + name, RedirectURI: e.srv.URL + "/cb", PostLogoutRedirectURI: e.srv.URL + "/bye"}
	}
	p, err := New(Options{BaseURL: e.srv.URL, Users: testUsers, Usager: client("usager"), FranceConnect: client("franceconnect")})
	if err != nil {
		t.Fatal(err)
	}
	mux.Handle("/dev-idp/", p)
	mux.HandleFunc("/cb", func(w http.ResponseWriter, r *http.Request) {
		e.mu.Lock()
		e.back = r.URL.Query()
		e.mu.Unlock()
		w.Write([]byte("ok"))
	})
	return e
}

var formID = regexp.MustCompile(`name="id" value="([^"]+)"`)

// flow is one authorization code flow, done as a relying party would.
type flow struct {
	provider *oidc.Provider
	conf     oauth2.Config
	token    *oauth2.Token
	idToken  *oidc.IDToken
	nonce    string
}

// signIn runs the code flow at realm as login, with PKCE and a nonce.
func (e *idpEnv) signIn(t *testing.T, realm, login string, scopes []string) flow {
	t.Helper()
	ctx := context.Background()
	prov, err := oidc.NewProvider(ctx, Issuer(e.srv.URL, realm))
	if err != nil {
		t.Fatal(err)
	}
	f := flow{provider: prov, nonce: "n-0123456789abcdef0123456789abcdef", conf: oauth2.Config{
		ClientID: "mespoints", ClientSecret: "secret-" + realm, Endpoint: prov.Endpoint(), RedirectURL: e.srv.URL + "/cb", Scopes: scopes,
	}}
	if realm == "franceconnect" {
		f.conf.Endpoint.AuthStyle = oauth2.AuthStyleInParams
	}
	verifier := oauth2.GenerateVerifier()
	opts := []oauth2.AuthCodeOption{oauth2.S256ChallengeOption(verifier), oidc.Nonce(f.nonce)}
	if realm == "franceconnect" {
		opts = append(opts, oauth2.SetAuthURLParam("acr_values", "eidas1"))
	}
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar}
	res, err := c.Get(f.conf.AuthCodeURL("s-0123456789abcdef0123456789abcdef", opts...))
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(res.Body)
	res.Body.Close()
	m := formID.FindSubmatch(page)
	if m == nil {
		t.Fatalf("no login form: %d\n%s", res.StatusCode, page)
	}
	res, err = c.PostForm(e.srv.URL+loginPath, url.Values{"realm": {realm}, "id": {string(m[1])}, "login": {login}, "password": {"demo"}})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	e.mu.Lock()
	back := e.back
	e.mu.Unlock()
	if back.Get("state") != "s-0123456789abcdef0123456789abcdef" || back.Get("code") == "" {
		t.Fatalf("callback got %v", back)
	}
	f.token, err = f.conf.Exchange(ctx, back.Get("code"), oauth2.VerifierOption(verifier))
	if err != nil {
		t.Fatalf("exchange: %v", err)
	}
	raw, _ := f.token.Extra("id_token").(string)
	f.idToken, err = prov.Verifier(&oidc.Config{ClientID: "mespoints"}).Verify(ctx, raw)
	if err != nil {
		t.Fatalf("verify the ID token: %v", err)
	}
	if f.idToken.Nonce != f.nonce {
		t.Errorf("nonce %q", f.idToken.Nonce)
	}
	return f
}

// Each realm's discovery document says what the real provider's says:
// the algorithm, the client authentication, and for FranceConnect the
// acr and the signing of userinfo.
func TestDiscovery(t *testing.T) {
	e := newIdpEnv(t)
	for _, tc := range []struct {
		realm, alg, auth, acr, userinfoAlg string
	}{
		{"usager", "RS256", "client_secret_basic", "", ""},
		{"franceconnect", "ES256", "client_secret_post", "eidas1", "ES256"},
	} {
		t.Run(tc.realm, func(t *testing.T) {
			res, err := http.Get(Issuer(e.srv.URL, tc.realm) + "/.well-known/openid-configuration")
			if err != nil {
				t.Fatal(err)
			}
			defer res.Body.Close()
			var d struct {
				Issuer      string   `json:"issuer"`
				Algs        []string `json:"id_token_signing_alg_values_supported"`
				Auth        []string `json:"token_endpoint_auth_methods_supported"`
				ACR         []string `json:"acr_values_supported"`
				UserinfoAlg []string `json:"userinfo_signing_alg_values_supported"`
				PKCE        []string `json:"code_challenge_methods_supported"`
				EndSession  string   `json:"end_session_endpoint"`
			}
			json.NewDecoder(res.Body).Decode(&d)
			if d.Issuer != Issuer(e.srv.URL, tc.realm) || !reflect.DeepEqual(d.Algs, []string{tc.alg}) || !contains(d.Auth, tc.auth) || !contains(d.PKCE, "S256") || d.EndSession == "" {
				t.Errorf("discovery %+v", d)
			}
			if tc.acr != "" && (!reflect.DeepEqual(d.ACR, []string{tc.acr}) || !reflect.DeepEqual(d.UserinfoAlg, []string{tc.userinfoAlg})) {
				t.Errorf("FranceConnect discovery: acr %v, userinfo algs %v", d.ACR, d.UserinfoAlg)
			}
		})
	}
}

func contains(l []string, s string) bool {
	for _, v := range l {
		if v == s {
			return true
		}
	}
	return false
}

// The licence account's realm behaves as a Keycloak realm: sub, name and
// e-mail, in the ID token and in JSON userinfo, nothing of the identity
// pivot.
func TestUsagerRealm(t *testing.T) {
	e := newIdpEnv(t)
	f := e.signIn(t, "usager", "anne", []string{"openid", "profile", "email"})
	var id map[string]any
	f.idToken.Claims(&id)
	if id["given_name"] != "Anne" || id["family_name"] != "Vidal" || id["email"] != "anne@example.fr" || id["acr"] != nil {
		t.Errorf("ID token claims %v", id)
	}
	ui, err := f.provider.UserInfo(context.Background(), oauth2.StaticTokenSource(f.token))
	if err != nil {
		t.Fatal(err)
	}
	var c map[string]any
	ui.Claims(&c)
	want := map[string]any{"sub": f.idToken.Subject, "given_name": "Anne", "family_name": "Vidal", "name": "Anne Vidal",
		"preferred_username": "anne", "email": "anne@example.fr", "email_verified": true}
	if !reflect.DeepEqual(c, want) {
		t.Errorf("userinfo %v, want %v", c, want)
	}
}

// The FranceConnect realm: acr eidas1 in the ID token, no identity in it,
// and userinfo as a JWT signed ES256 with the realm's key, holding the
// pivot claims asked for, issued for the client.
func TestFranceConnectRealm(t *testing.T) {
	e := newIdpEnv(t)
	f := e.signIn(t, "franceconnect", "anne", strings.Fields("openid given_name family_name birthdate birthplace birthcountry gender email preferred_username"))
	var id map[string]any
	f.idToken.Claims(&id)
	if id["acr"] != "eidas1" || id["given_name"] != nil || id["birthdate"] != nil || len(f.idToken.Subject) != 64 {
		t.Errorf("ID token claims %v", id)
	}
	req, _ := http.NewRequest("GET", f.provider.UserInfoEndpoint(), nil)
	f.token.SetAuthHeader(req)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if mt, _, _ := mime.ParseMediaType(res.Header.Get("Content-Type")); res.StatusCode != 200 || mt != "application/jwt" {
		t.Fatalf("userinfo = %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	if _, err := jose.ParseSigned(string(body), []jose.SignatureAlgorithm{jose.ES256}); err != nil {
		t.Fatalf("userinfo is not an ES256 JWT: %v", err)
	}
	var jwks struct {
		JWKSURI string `json:"jwks_uri"`
	}
	f.provider.Claims(&jwks)
	keys := oidc.NewRemoteKeySet(context.Background(), jwks.JWKSURI)
	payload, err := keys.VerifySignature(context.Background(), string(body))
	if err != nil {
		t.Fatalf("userinfo signature: %v", err)
	}
	var c map[string]any
	json.Unmarshal(payload, &c)
	for k, want := range map[string]any{
		"sub": f.idToken.Subject, "iss": Issuer(e.srv.URL, "franceconnect"), "aud": "mespoints",
		"given_name": "Anne Sylvie", "family_name": "Rousseau", "preferred_username": "Vidal", "birthdate": "1980-01-02",
		"birthplace": "", "birthcountry": "99131", "gender": "female", "email": "anne@example.fr",
	} {
		if c[k] != want {
			t.Errorf("userinfo %s = %v, want %v", k, c[k], want)
		}
	}
	// A bad access token gets nothing.
	req, _ = http.NewRequest("GET", f.provider.UserInfoEndpoint(), nil)
	req.Header.Set("Authorization", "Bearer forged")
	res, _ = http.DefaultClient.Do(req)
	res.Body.Close()
	if res.StatusCode != http.StatusUnauthorized {
		t.Errorf("userinfo with a forged token = %d, want 401", res.StatusCode)
	}
}

// The end-session endpoint sends the browser back with the state.
func TestEndSession(t *testing.T) {
	e := newIdpEnv(t)
	f := e.signIn(t, "franceconnect", "camille", []string{"openid", "given_name"})
	var d struct {
		EndSession string `json:"end_session_endpoint"`
	}
	f.provider.Claims(&d)
	raw, _ := f.token.Extra("id_token").(string)
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := c.Get(d.EndSession + "?" + url.Values{"id_token_hint": {raw}, "state": {"etat"}, "post_logout_redirect_uri": {e.srv.URL + "/bye"}}.Encode())
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if loc := res.Header.Get("Location"); res.StatusCode != http.StatusFound || loc != e.srv.URL+"/bye?state=etat" {
		t.Errorf("end session = %d to %q", res.StatusCode, loc)
	}
}

// The login page is French, lists the personas with labels, has no
// inline script or style; a wrong password, an expired request and a
// cross-site POST each get a clear answer.
func TestLoginPage(t *testing.T) {
	e := newIdpEnv(t)
	prov, err := oidc.NewProvider(context.Background(), Issuer(e.srv.URL, "usager"))
	if err != nil {
		t.Fatal(err)
	}
	conf := oauth2.Config{ClientID: "mespoints", Endpoint: prov.Endpoint(), RedirectURL: e.srv.URL + "/cb", Scopes: []string{"openid"}}
	res, err := http.Get(conf.AuthCodeURL("s-0123456789abcdef0123456789abcdef", oauth2.S256ChallengeOption(oauth2.GenerateVerifier())))
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	page := html.UnescapeString(string(b))
	for _, want := range []string{`<html lang="fr">`, `<label for="login">`, `<label for="password">`, `<select id="login" name="login"`,
		"Camille Lefèvre (camille)", "Anne Vidal (anne)", "9 points sur 12", "Se connecter à mon compte permis de conduire", "demo"} {
		if !strings.Contains(page, want) {
			t.Errorf("login page lacks %q", want)
		}
	}
	for _, bad := range []string{"<script", "style="} {
		if strings.Contains(page, bad) {
			t.Errorf("login page holds %q", bad)
		}
	}
	id := string(formID.FindStringSubmatch(page)[1])
	for _, tc := range []struct {
		name   string
		form   url.Values
		header map[string]string
		status int
		want   string
	}{
		{"wrong password", url.Values{"realm": {"usager"}, "id": {id}, "login": {"camille"}, "password": {"Demo"}}, nil, 401, "Identifiant ou mot de passe incorrect."},
		{"unknown user", url.Values{"realm": {"usager"}, "id": {id}, "login": {"zoe"}, "password": {"demo"}}, nil, 401, "Identifiant ou mot de passe incorrect."},
		{"unknown request", url.Values{"realm": {"usager"}, "id": {"perime"}, "login": {"camille"}, "password": {"demo"}}, nil, 400, "n'est plus valable"},
		{"unknown realm", url.Values{"realm": {"google"}, "id": {id}, "login": {"camille"}, "password": {"demo"}}, nil, 400, "n'est plus valable"},
		{"cross-site", url.Values{"realm": {"usager"}, "id": {id}, "login": {"camille"}, "password": {"demo"}}, map[string]string{"Sec-Fetch-Site": "cross-site"}, 403, ""},
	} {
		req, _ := http.NewRequest("POST", e.srv.URL+loginPath, strings.NewReader(tc.form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		for k, v := range tc.header {
			req.Header.Set(k, v)
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != tc.status || !strings.Contains(html.UnescapeString(string(b)), tc.want) {
			t.Errorf("%s: %d, want %d with %q:\n%s", tc.name, res.StatusCode, tc.status, tc.want, b)
		}
	}
}

// Each realm keeps its own session, as Keycloak and FranceConnect do: a
// second sign-in in the same browser asks nothing, until the relying
// party sends the browser through the end-session endpoint; then the
// password is asked again.
func TestRealmSessionEndsAtEndSession(t *testing.T) {
	for _, realm := range []string{"usager", "franceconnect"} {
		t.Run(realm, func(t *testing.T) {
			e := newIdpEnv(t)
			ctx := context.Background()
			prov, err := oidc.NewProvider(ctx, Issuer(e.srv.URL, realm))
			if err != nil {
				t.Fatal(err)
			}
			conf := oauth2.Config{ClientID: "mespoints", ClientSecret: "secret-" + realm, Endpoint: prov.Endpoint(), RedirectURL: e.srv.URL + "/cb", Scopes: []string{"openid"}}
			if realm == "franceconnect" {
				conf.Endpoint.AuthStyle = oauth2.AuthStyleInParams
			}
			jar, _ := cookiejar.New(nil)
			c := &http.Client{Jar: jar}
			authorize := func() (loginForm bool, code string) {
				verifier := oauth2.GenerateVerifier()
				res, err := c.Get(conf.AuthCodeURL("s-0123456789abcdef0123456789abcdef", oauth2.S256ChallengeOption(verifier), oidc.Nonce("n-0123456789abcdef0123456789abcdef")))
				if err != nil {
					t.Fatal(err)
				}
				page, _ := io.ReadAll(res.Body)
				res.Body.Close()
				if m := formID.FindSubmatch(page); m != nil {
					res, err = c.PostForm(e.srv.URL+loginPath, url.Values{"realm": {realm}, "id": {string(m[1])}, "login": {"camille"}, "password": {"demo"}})
					if err != nil {
						t.Fatal(err)
					}
					res.Body.Close()
					loginForm = true
				}
				e.mu.Lock()
				code = e.back.Get("code")
				e.mu.Unlock()
				tok, err := conf.Exchange(ctx, code, oauth2.VerifierOption(verifier))
				if err != nil {
					t.Fatalf("exchange: %v", err)
				}
				raw, _ := tok.Extra("id_token").(string)
				return loginForm, raw
			}
			if asked, _ := authorize(); !asked {
				t.Fatal("the first sign-in asked no password")
			}
			asked, idToken := authorize()
			if asked {
				t.Fatal("a second sign-in in the same browser asked the password: the realm keeps no session")
			}
			var d struct {
				EndSession string `json:"end_session_endpoint"`
			}
			prov.Claims(&d)
			res, err := c.Get(d.EndSession + "?" + url.Values{"id_token_hint": {idToken}, "state": {"etat"}, "post_logout_redirect_uri": {e.srv.URL + "/bye"}}.Encode())
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			if asked, _ := authorize(); !asked {
				t.Error("after the end-session endpoint, the sign-in asked no password")
			}
		})
	}
}
