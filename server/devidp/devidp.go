// Package devidp is the embedded development identity provider of
// Mes points: an OpenID provider built on zitadel/oidc's op package, with
// real keys and real tokens, served by the same server under /dev-idp/
// in development mode only (the server refuses -dev on anything but
// loopback). It has two realms, each with one client, Mes points:
//
//   - /dev-idp/usager behaves as the licence account's Keycloak realm
//     "usager": RS256, HTTP Basic client authentication, sub, name and
//     e-mail in the ID token and in JSON userinfo;
//   - /dev-idp/franceconnect behaves as FranceConnect v2: ES256,
//     client_secret_post, acr "eidas1", the identity pivot claims, and
//     userinfo as a signed JWT (application/jwt).
//
// The users are the demo personas; every password is "demo". The login
// page lists them, in French.
package devidp

import (
	"bytes"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"time"

	"github.com/zitadel/oidc/v3/pkg/op"
	"golang.org/x/text/language"
)

// Prefix is the path the provider is served under.
const Prefix = "/dev-idp"

// loginPath is the login page of both realms.
const loginPath = Prefix + "/login"

// DefaultPassword is every demo user's password.
const DefaultPassword = "demo"

// Issuer returns the issuer URL of realm name ("usager" or
// "franceconnect") for a server at baseURL.
func Issuer(baseURL, name string) string { return baseURL + Prefix + "/" + name }

// Options configure the provider.
type Options struct {
	// BaseURL is the server's address, without trailing slash.
	BaseURL string
	// Users are the people who can sign in.
	Users []User
	// Usager and FranceConnect are the client registered at each realm.
	Usager, FranceConnect Client
	// Password is every user's password; empty means DefaultPassword.
	Password string
}

// Provider is the development identity provider, an http.Handler for
// everything under Prefix.
type Provider struct {
	handler  http.Handler
	mux      *http.ServeMux
	realms   map[realm]*realmOP
	users    []User
	password string
}

// realmOP is one realm: its OpenID provider and storage.
type realmOP struct {
	name    realm
	issuer  string
	op      *op.Provider
	storage *storage
}

// New builds the provider, generating a key for each realm.
func New(opts Options) (*Provider, error) {
	if opts.BaseURL == "" || len(opts.Users) == 0 {
		return nil, errors.New("devidp: base URL and users are required")
	}
	p := &Provider{mux: http.NewServeMux(), realms: make(map[realm]*realmOP), users: opts.Users, password: opts.Password}
	if p.password == "" {
		p.password = DefaultPassword
	}
	for _, r := range []struct {
		name   realm
		client Client
	}{{realmUsager, opts.Usager}, {realmFranceConnect, opts.FranceConnect}} {
		if r.client.ID == "" || r.client.RedirectURI == "" {
			return nil, fmt.Errorf("devidp: realm %s: client id and redirect URI are required", r.name)
		}
		ro, err := newRealm(r.name, Issuer(opts.BaseURL, string(r.name)), r.client, opts.Users)
		if err != nil {
			return nil, err
		}
		p.realms[r.name] = ro
		prefix := Prefix + "/" + string(r.name)
		p.mux.Handle(prefix+"/", http.StripPrefix(prefix, ro.op))
	}
	fc := p.realms[realmFranceConnect]
	fcPrefix := Prefix + "/" + string(realmFranceConnect)
	p.mux.HandleFunc(fcPrefix+"/.well-known/openid-configuration", fc.franceConnectDiscovery)
	p.mux.HandleFunc(fcPrefix+"/"+strings.TrimPrefix(fc.op.UserinfoEndpoint().Relative(), "/"), fc.signedUserinfo)
	p.mux.HandleFunc("GET "+loginPath, p.loginPage)
	p.mux.HandleFunc("POST "+loginPath, p.checkLogin)
	p.handler = http.NewCrossOriginProtection().Handler(p.mux)
	return p, nil
}

// newRealm builds the OpenID provider of one realm.
func newRealm(name realm, issuer string, c Client, users []User) (*realmOP, error) {
	key, err := newKey(name)
	if err != nil {
		return nil, err
	}
	var crypto [32]byte
	rand.Read(crypto[:])
	st := newStorage(name, c, users, key)
	cfg := &op.Config{
		CryptoKey:                crypto,
		CryptoKeyId:              string(name),
		DefaultLogoutRedirectURI: c.PostLogoutRedirectURI,
		CodeMethodS256:           true,
		AuthMethodPost:           name == realmFranceConnect,
		SupportedUILocales:       []language.Tag{language.French},
	}
	if name == realmFranceConnect {
		cfg.SupportedScopes = append([]string{"openid"}, franceConnectScopes...)
		cfg.SupportedClaims = append([]string{"sub", "iss", "aud", "exp", "iat", "nonce", "acr", "amr", "auth_time"}, franceConnectScopes...)
	}
	prov, err := op.NewProvider(cfg, st, op.StaticIssuer(issuer), op.WithAllowInsecure())
	if err != nil {
		return nil, fmt.Errorf("devidp: realm %s: %w", name, err)
	}
	return &realmOP{name: name, issuer: issuer, op: prov, storage: st}, nil
}

// ServeHTTP serves everything under Prefix. The login form's POST goes
// through net/http's CrossOriginProtection.
func (p *Provider) ServeHTTP(w http.ResponseWriter, r *http.Request) { p.handler.ServeHTTP(w, r) }

// franceConnectDiscovery is op's discovery document with what
// FranceConnect v2 adds: the acr it offers and the signing of userinfo.
func (ro *realmOP) franceConnectDiscovery(w http.ResponseWriter, r *http.Request) {
	rec := httptest.NewRecorder()
	req := r.Clone(r.Context())
	req.URL.Path = "/.well-known/openid-configuration"
	ro.op.ServeHTTP(rec, req)
	var doc map[string]any
	if rec.Code != http.StatusOK || json.Unmarshal(rec.Body.Bytes(), &doc) != nil {
		http.Error(w, "discovery unavailable", http.StatusInternalServerError)
		return
	}
	doc["acr_values_supported"] = []string{"eidas1"}
	doc["userinfo_signing_alg_values_supported"] = []string{string(ro.storage.key.alg)}
	doc["token_endpoint_auth_methods_supported"] = []string{"client_secret_post"}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(doc)
}

// signedUserinfo answers FranceConnect's userinfo: the claims of the
// access token's scopes, with iss, aud and iat, as a JWT signed with the
// realm's key.
func (ro *realmOP) signedUserinfo(w http.ResponseWriter, r *http.Request) {
	auth := r.Header.Get("Authorization")
	if len(auth) < 7 || !strings.EqualFold(auth[:7], "bearer ") {
		http.Error(w, "access token missing", http.StatusUnauthorized)
		return
	}
	plain, err := ro.op.Crypto().Decrypt(strings.TrimSpace(auth[7:]))
	tokenID, subject, ok := strings.Cut(plain, ":")
	if err != nil || !ok {
		http.Error(w, "access token invalid", http.StatusUnauthorized)
		return
	}
	t, err := ro.storage.token(tokenID, subject)
	if err != nil {
		http.Error(w, "access token invalid", http.StatusUnauthorized)
		return
	}
	u, ok := ro.storage.userBySubject(subject)
	if !ok {
		http.Error(w, "user unknown", http.StatusUnauthorized)
		return
	}
	claims := u.claims(ro.name, t.scopes)
	claims["iss"], claims["aud"] = ro.issuer, t.client
	now := time.Now()
	claims["iat"], claims["exp"] = now.Unix(), now.Add(tokenLifetime).Unix()
	payload, err := json.Marshal(claims)
	if err != nil {
		http.Error(w, "encode", http.StatusInternalServerError)
		return
	}
	signer, err := op.SignerFromKey(ro.storage.key)
	if err != nil {
		http.Error(w, "sign", http.StatusInternalServerError)
		return
	}
	jws, err := signer.Sign(payload)
	if err != nil {
		http.Error(w, "sign", http.StatusInternalServerError)
		return
	}
	compact, err := jws.CompactSerialize()
	if err != nil {
		http.Error(w, "sign", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/jwt")
	w.Header().Set("Cache-Control", "no-store")
	w.Write(bytes.TrimSpace([]byte(compact)))
}

// completeLogin marks the request id of a realm as signed in by u and
// returns where the browser goes next: the realm's authorization callback.
func (ro *realmOP) completeLogin(id string, u User) (string, error) {
	if err := ro.storage.complete(id, u); err != nil {
		return "", err
	}
	return ro.op.AuthorizationEndpoint().Absolute(ro.issuer) + "/callback?id=" + url.QueryEscape(id), nil
}
