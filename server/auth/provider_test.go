package auth

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	jose "github.com/go-jose/go-jose/v4"
)

// fakeProvider is an OpenID provider for the tests, hostile when asked:
// it has its own keys and discovery document, and signs whatever the test
// wants. The test plays the browser's part at the authorization endpoint:
// it reads the authorization request from the login redirect and calls
// the callback itself.
type fakeProvider struct {
	t      *testing.T
	srv    *httptest.Server
	name   string
	alg    jose.SignatureAlgorithm
	key    crypto.Signer // in the JWKS
	kid    string
	other  crypto.Signer // a key of the same type, not in the JWKS
	secret string        // the client secret
	now    func() time.Time

	mu        sync.Mutex
	challenge string // PKCE challenge of the last authorization request
	nonce     string // nonce of the last authorization request
	code      string // code handed out
	access    string // access token handed out
	secrets   []string
	// idClaims changes the ID token's claims before signing.
	idClaims func(c map[string]any)
	// signID signs the ID token; nil signs with the JWKS key.
	signID func(fp *fakeProvider, payload []byte) string
	// userinfo answers the userinfo endpoint; nil answers the right
	// claims, signed for FranceConnect, JSON otherwise.
	userinfo func(fp *fakeProvider, w http.ResponseWriter, sub string)
	// token answers the token endpoint instead of the normal answer.
	token func(w http.ResponseWriter)
	// discovery changes the discovery document.
	discovery func(d map[string]any)
}

const (
	fakeClientID = "mespoints"
	fakeSubject  = "sujet-1234"
)

// testKeys are the fake providers' keys, made once: two RSA keys for the
// licence account, two P-256 keys for FranceConnect.
var testKeys = sync.OnceValue(func() map[string][2]crypto.Signer {
	r1, _ := rsa.GenerateKey(rand.Reader, 2048)
	r2, _ := rsa.GenerateKey(rand.Reader, 2048)
	e1, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	e2, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	return map[string][2]crypto.Signer{Usager: {r1, r2}, FranceConnect: {e1, e2}}
})

// newFakeProvider starts a provider for name (Usager signs RS256,
// FranceConnect ES256).
func newFakeProvider(t *testing.T, name string, now func() time.Time) *fakeProvider {
	t.Helper()
	fp := &fakeProvider{t: t, name: name, secret: "secret-" + name, now: now, kid: "k1"}
	fp.alg = jose.RS256
	if name == FranceConnect {
		fp.alg = jose.ES256
	}
	keys := testKeys()
	fp.key, fp.other = keys[name][0], keys[name][1]
	mux := http.NewServeMux()
	mux.HandleFunc("GET /.well-known/openid-configuration", fp.serveDiscovery)
	mux.HandleFunc("GET /jwks", fp.serveJWKS)
	mux.HandleFunc("POST /token", fp.serveToken)
	mux.HandleFunc("GET /userinfo", fp.serveUserinfo)
	fp.srv = httptest.NewServer(mux)
	t.Cleanup(fp.srv.Close)
	return fp
}

func (fp *fakeProvider) issuer() string { return fp.srv.URL }

// atHash is the at_hash of an access token for the provider's algorithm
// (RS256 and ES256 both hash with SHA-256).
func atHash(access string) string {
	sum := sha256.Sum256([]byte(access))
	return base64.RawURLEncoding.EncodeToString(sum[:16])
}

func (fp *fakeProvider) serveDiscovery(w http.ResponseWriter, r *http.Request) {
	d := map[string]any{
		"issuer":                                fp.issuer(),
		"authorization_endpoint":                fp.issuer() + "/authorize",
		"token_endpoint":                        fp.issuer() + "/token",
		"userinfo_endpoint":                     fp.issuer() + "/userinfo",
		"jwks_uri":                              fp.issuer() + "/jwks",
		"end_session_endpoint":                  fp.issuer() + "/logout",
		"id_token_signing_alg_values_supported": []string{string(fp.alg)},
		"token_endpoint_auth_methods_supported": []string{"client_secret_post"},
		"response_types_supported":              []string{"code"},
		"subject_types_supported":               []string{"public"},
	}
	if fp.discovery != nil {
		fp.discovery(d)
	}
	json.NewEncoder(w).Encode(d)
}

func (fp *fakeProvider) serveJWKS(w http.ResponseWriter, r *http.Request) {
	json.NewEncoder(w).Encode(jose.JSONWebKeySet{Keys: []jose.JSONWebKey{
		{Key: fp.key.Public(), KeyID: fp.kid, Algorithm: string(fp.alg), Use: "sig"},
	}})
}

// record remembers a value that must never reach the log.
func (fp *fakeProvider) record(s string) string {
	fp.secrets = append(fp.secrets, s)
	return s
}

func (fp *fakeProvider) serveToken(w http.ResponseWriter, r *http.Request) {
	fp.mu.Lock()
	defer fp.mu.Unlock()
	if fp.token != nil {
		fp.token(w)
		return
	}
	r.ParseForm()
	fail := func(code string) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusBadRequest)
		json.NewEncoder(w).Encode(map[string]string{"error": code})
	}
	if r.PostForm.Get("client_id") != fakeClientID || r.PostForm.Get("client_secret") != fp.secret {
		fail("invalid_client")
		return
	}
	sum := sha256.Sum256([]byte(r.PostForm.Get("code_verifier")))
	if fp.code == "" || r.PostForm.Get("code") != fp.code || base64.RawURLEncoding.EncodeToString(sum[:]) != fp.challenge {
		fail("invalid_grant")
		return
	}
	fp.code = "" // a code serves once
	fp.access = fp.record(randomToken())
	now := fp.now()
	claims := map[string]any{
		"iss": fp.issuer(), "sub": fakeSubject, "aud": fakeClientID,
		"exp": now.Add(5 * time.Minute).Unix(), "iat": now.Unix(), "nonce": fp.nonce,
		"given_name": "Camille", "family_name": "Lefèvre", "email": "camille@example.fr",
	}
	if fp.name == FranceConnect {
		claims["acr"] = "eidas1"
		delete(claims, "given_name")
		delete(claims, "family_name")
		delete(claims, "email")
	}
	if fp.idClaims != nil {
		fp.idClaims(claims)
	}
	payload, _ := json.Marshal(claims)
	var id string
	if fp.signID != nil {
		id = fp.signID(fp, payload)
	} else {
		id = fp.sign(fp.key, fp.alg, payload)
	}
	fp.record(id)
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(map[string]any{"access_token": fp.access, "token_type": "Bearer", "expires_in": 60, "id_token": id})
}

// sign signs payload with key as a compact JWT.
func (fp *fakeProvider) sign(key any, alg jose.SignatureAlgorithm, payload []byte) string {
	s, err := jose.NewSigner(jose.SigningKey{Algorithm: alg, Key: jose.JSONWebKey{Key: key, KeyID: fp.kid}}, (&jose.SignerOptions{}).WithType("JWT"))
	if err != nil {
		fp.t.Fatal(err)
	}
	jws, err := s.Sign(payload)
	if err != nil {
		fp.t.Fatal(err)
	}
	out, err := jws.CompactSerialize()
	if err != nil {
		fp.t.Fatal(err)
	}
	return out
}

// unsigned returns payload as a JWT with alg "none".
func unsigned(payload []byte) string {
	enc := base64.RawURLEncoding.EncodeToString
	return enc([]byte(`{"alg":"none","typ":"JWT"}`)) + "." + enc(payload) + "."
}

// userClaimsFor are the right userinfo claims of sub: FranceConnect's
// pivot (matching the dossier the tests store), or a name and e-mail.
func (fp *fakeProvider) userClaimsFor(sub string) map[string]any {
	if fp.name == FranceConnect {
		return map[string]any{
			"sub": sub, "iss": fp.issuer(), "aud": fakeClientID,
			"given_name": "Camille Marie", "family_name": "LEFEVRE", "birthdate": "1990-05-17",
			"birthplace": "44109", "birthcountry": "99100", "gender": "female",
			"email": "camille@example.fr", "preferred_username": "",
		}
	}
	return map[string]any{"sub": sub, "given_name": "Camille", "family_name": "Lefèvre", "email": "camille@example.fr"}
}

func (fp *fakeProvider) serveUserinfo(w http.ResponseWriter, r *http.Request) {
	fp.mu.Lock()
	defer fp.mu.Unlock()
	if r.Header.Get("Authorization") != "Bearer "+fp.access || fp.access == "" {
		w.WriteHeader(http.StatusUnauthorized)
		return
	}
	if fp.userinfo != nil {
		fp.userinfo(fp, w, fakeSubject)
		return
	}
	fp.writeUserinfo(w, fp.userClaimsFor(fakeSubject))
}

// writeUserinfo answers claims as FranceConnect does (a JWT signed with
// the JWKS key) or as JSON for the licence account.
func (fp *fakeProvider) writeUserinfo(w http.ResponseWriter, claims map[string]any) {
	payload, _ := json.Marshal(claims)
	if fp.name == FranceConnect {
		w.Header().Set("Content-Type", "application/jwt")
		w.Write([]byte(fp.sign(fp.key, fp.alg, payload)))
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Write(payload)
}

// authorize plays the browser at the authorization endpoint: it reads the
// request the login redirect carries, checks what every request must
// have, remembers the nonce and PKCE challenge, and returns the state
// with a fresh code.
func (fp *fakeProvider) authorize(t *testing.T, location string) (state, code string) {
	t.Helper()
	u := mustParse(t, location)
	if !strings.HasPrefix(location, fp.issuer()+"/authorize?") {
		t.Fatalf("login redirects to %s, not the provider's authorization endpoint", location)
	}
	q := u.Query()
	for k, want := range map[string]string{"response_type": "code", "client_id": fakeClientID, "code_challenge_method": "S256"} {
		if q.Get(k) != want {
			t.Errorf("authorization request: %s = %q, want %q", k, q.Get(k), want)
		}
	}
	// FranceConnect's versions differ: at least 22 characters, exactly 64
	// alphanumerics, alphanumeric only. Exactly 64 of [A-Za-z0-9] passes
	// them all; both providers get the same.
	if !alnum64.MatchString(q.Get("state")) || !alnum64.MatchString(q.Get("nonce")) || len(q.Get("code_challenge")) < 43 {
		t.Errorf("authorization request: state %q, nonce %q: want 64 letters and digits each; challenge %d characters", q.Get("state"), q.Get("nonce"), len(q.Get("code_challenge")))
	}
	if fp.name == FranceConnect && q.Get("acr_values") != "eidas1" {
		t.Errorf("FranceConnect authorization request: acr_values = %q, want eidas1", q.Get("acr_values"))
	}
	fp.mu.Lock()
	defer fp.mu.Unlock()
	fp.challenge, fp.nonce = q.Get("code_challenge"), q.Get("nonce")
	fp.code = fp.record(randomToken())
	fp.record(q.Get("state"))
	fp.record(fp.nonce)
	return q.Get("state"), fp.code
}
