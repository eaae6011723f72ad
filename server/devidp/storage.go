package devidp

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"

	jose "github.com/go-jose/go-jose/v4"
	"github.com/zitadel/oidc/v3/pkg/oidc"
	"github.com/zitadel/oidc/v3/pkg/op"
)

// Lifetimes of what the provider hands out.
const (
	requestLifetime = 10 * time.Minute
	tokenLifetime   = 5 * time.Minute
	idTokenLifetime = 5 * time.Minute
	maxRequests     = 1000
)

// errNotFound is an unknown or expired request, code or token.
var errNotFound = errors.New("not found or expired")

// authRequest is a sign-in in progress at one realm.
type authRequest struct {
	id            string
	created       time.Time
	clientID      string
	redirectURI   string
	state         string
	nonce         string
	scopes        []string
	responseType  oidc.ResponseType
	responseMode  oidc.ResponseMode
	codeChallenge *oidc.CodeChallenge
	acr           string

	userID   string
	authTime time.Time
	done     bool
}

func (a *authRequest) GetID() string                         { return a.id }
func (a *authRequest) GetACR() string                        { return a.acr }
func (a *authRequest) GetAMR() []string                      { return []string{"pwd"} }
func (a *authRequest) GetAudience() []string                 { return []string{a.clientID} }
func (a *authRequest) GetAuthTime() time.Time                { return a.authTime }
func (a *authRequest) GetClientID() string                   { return a.clientID }
func (a *authRequest) GetCodeChallenge() *oidc.CodeChallenge { return a.codeChallenge }
func (a *authRequest) GetNonce() string                      { return a.nonce }
func (a *authRequest) GetRedirectURI() string                { return a.redirectURI }
func (a *authRequest) GetResponseType() oidc.ResponseType    { return a.responseType }
func (a *authRequest) GetResponseMode() oidc.ResponseMode    { return a.responseMode }
func (a *authRequest) GetScopes() []string                   { return a.scopes }
func (a *authRequest) GetState() string                      { return a.state }
func (a *authRequest) GetSubject() string                    { return a.userID }
func (a *authRequest) Done() bool                            { return a.done }

// accessToken is an access token handed out, by its ID.
type accessToken struct {
	subject string
	client  string
	scopes  []string
	expires time.Time
}

// storage is the op.Storage of one realm: its client, its users, its
// signing key, and the requests and tokens in memory.
type storage struct {
	realm  realm
	client Client
	users  []User
	key    signingKey

	mu       sync.Mutex
	requests map[string]*authRequest
	codes    map[string]string
	tokens   map[string]*accessToken
	// sessions are the realm's own sessions (single sign-on), by the
	// identifier of their cookie: the login of the user signed in.
	sessions map[string]string
}

var _ op.Storage = (*storage)(nil)

func newStorage(r realm, c Client, users []User, key signingKey) *storage {
	return &storage{
		realm: r, client: c, users: users, key: key,
		requests: make(map[string]*authRequest),
		codes:    make(map[string]string),
		tokens:   make(map[string]*accessToken),
		sessions: make(map[string]string),
	}
}

// openSession starts the realm's own session of u and returns the
// identifier for its cookie.
func (s *storage) openSession(u User) string {
	id := randomID()
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sessions[id] = u.Login
	return id
}

// sessionUser returns the login of the realm's session id, if live.
func (s *storage) sessionUser(id string) (string, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	login, ok := s.sessions[id]
	return login, ok
}

// randomID returns 32 random bytes in base64url.
func randomID() string {
	b := make([]byte, 32)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// userBySubject returns the user whose subject at this realm is sub.
func (s *storage) userBySubject(sub string) (User, bool) {
	for _, u := range s.users {
		if u.subject(s.realm) == sub {
			return u, true
		}
	}
	return User{}, false
}

// CreateAuthRequest records a validated authorization request.
func (s *storage) CreateAuthRequest(_ context.Context, req *oidc.AuthRequest, userID string) (op.AuthRequest, error) {
	if slices.Contains(req.Prompt, oidc.PromptNone) {
		return nil, oidc.ErrLoginRequired()
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	now := time.Now()
	for id, r := range s.requests {
		if now.Sub(r.created) > requestLifetime {
			delete(s.requests, id)
		}
	}
	if len(s.requests) >= maxRequests {
		return nil, oidc.ErrServerError().WithDescription("too many sign-ins in progress")
	}
	a := &authRequest{
		id: randomID(), created: now, clientID: req.ClientID, redirectURI: req.RedirectURI,
		state: req.State, nonce: req.Nonce, scopes: req.Scopes,
		responseType: req.ResponseType, responseMode: req.ResponseMode, userID: userID,
	}
	if req.CodeChallenge != "" {
		a.codeChallenge = &oidc.CodeChallenge{Challenge: req.CodeChallenge, Method: req.CodeChallengeMethod}
	}
	if s.realm == realmFranceConnect {
		// FranceConnect v2 answers the level asked for, eidas1 (the only
		// one it offers without FranceConnect+).
		a.acr = "eidas1"
	}
	s.requests[a.id] = a
	return a, nil
}

// AuthRequestByID returns a request in progress.
func (s *storage) AuthRequestByID(_ context.Context, id string) (op.AuthRequest, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a, ok := s.requests[id]
	if !ok || time.Since(a.created) > requestLifetime {
		return nil, errNotFound
	}
	return a, nil
}

// AuthRequestByCode returns the request a code was given for.
func (s *storage) AuthRequestByCode(ctx context.Context, code string) (op.AuthRequest, error) {
	s.mu.Lock()
	id, ok := s.codes[code]
	s.mu.Unlock()
	if !ok {
		return nil, errNotFound
	}
	return s.AuthRequestByID(ctx, id)
}

// SaveAuthCode remembers the code given for a request.
func (s *storage) SaveAuthCode(_ context.Context, id, code string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.codes[code] = id
	return nil
}

// DeleteAuthRequest forgets a request and its code: a code serves once.
func (s *storage) DeleteAuthRequest(_ context.Context, id string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.requests, id)
	for code, rid := range s.codes {
		if rid == id {
			delete(s.codes, code)
		}
	}
	return nil
}

// complete marks a request as signed in by user.
func (s *storage) complete(id string, u User) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	a, ok := s.requests[id]
	if !ok || time.Since(a.created) > requestLifetime {
		return errNotFound
	}
	a.userID, a.authTime, a.done = u.subject(s.realm), time.Now(), true
	return nil
}

// CreateAccessToken records an access token for the request.
func (s *storage) CreateAccessToken(_ context.Context, req op.TokenRequest) (string, time.Time, error) {
	client := ""
	if a, ok := req.(*authRequest); ok {
		client = a.clientID
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	now := time.Now()
	for id, t := range s.tokens {
		if now.After(t.expires) {
			delete(s.tokens, id)
		}
	}
	id := randomID()
	exp := now.Add(tokenLifetime)
	s.tokens[id] = &accessToken{subject: req.GetSubject(), client: client, scopes: req.GetScopes(), expires: exp}
	return id, exp, nil
}

// CreateAccessAndRefreshTokens is not offered: no refresh tokens.
func (s *storage) CreateAccessAndRefreshTokens(context.Context, op.TokenRequest, string) (string, string, time.Time, error) {
	return "", "", time.Time{}, errors.New("refresh tokens are not offered")
}

// TokenRequestByRefreshToken is not offered.
func (s *storage) TokenRequestByRefreshToken(context.Context, string) (op.RefreshTokenRequest, error) {
	return nil, op.ErrInvalidRefreshToken
}

// TerminateSession ends the user's session at the realm (the end-session
// endpoint calls it): its single sign-on and its tokens for the client.
// The next sign-in asks for the password again.
func (s *storage) TerminateSession(_ context.Context, userID, clientID string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	for id, t := range s.tokens {
		if t.subject == userID && t.client == clientID {
			delete(s.tokens, id)
		}
	}
	for id, login := range s.sessions {
		for _, u := range s.users {
			if u.Login == login && u.subject(s.realm) == userID {
				delete(s.sessions, id)
			}
		}
	}
	return nil
}

// RevokeToken forgets an access token.
func (s *storage) RevokeToken(_ context.Context, tokenID, _, clientID string) *oidc.Error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if t, ok := s.tokens[tokenID]; ok && t.client == clientID {
		delete(s.tokens, tokenID)
	}
	return nil
}

// GetRefreshTokenInfo: there are no refresh tokens.
func (s *storage) GetRefreshTokenInfo(context.Context, string, string) (string, string, error) {
	return "", "", op.ErrInvalidRefreshToken
}

// SigningKey returns the realm's key.
func (s *storage) SigningKey(context.Context) (op.SigningKey, error) { return s.key, nil }

// SignatureAlgorithms returns the realm's algorithm.
func (s *storage) SignatureAlgorithms(context.Context) ([]jose.SignatureAlgorithm, error) {
	return []jose.SignatureAlgorithm{s.key.alg}, nil
}

// KeySet returns the realm's public key.
func (s *storage) KeySet(context.Context) ([]op.Key, error) { return []op.Key{publicKey{s.key}}, nil }

// GetClientByClientID returns the realm's one client.
func (s *storage) GetClientByClientID(_ context.Context, id string) (op.Client, error) {
	if id != s.client.ID {
		return nil, fmt.Errorf("client %q not found", id)
	}
	return &client{c: s.client, realm: s.realm}, nil
}

// AuthorizeClientIDSecret checks the client's secret.
func (s *storage) AuthorizeClientIDSecret(_ context.Context, id, secret string) error {
	if id != s.client.ID || secret != s.client.Secret {
		return errors.New("wrong client or secret")
	}
	return nil
}

// SetUserinfoFromScopes is deprecated in op; SetUserinfoFromRequest does it.
func (s *storage) SetUserinfoFromScopes(context.Context, *oidc.UserInfo, string, string, []string) error {
	return nil
}

// SetUserinfoFromRequest fills the claims of an ID token. The licence
// account (Keycloak) puts the name and e-mail in it; FranceConnect puts
// none: its identity comes from userinfo.
func (s *storage) SetUserinfoFromRequest(_ context.Context, info *oidc.UserInfo, req op.IDTokenRequest, scopes []string) error {
	if s.realm == realmFranceConnect {
		info.Subject = req.GetSubject() // op copies these claims over the token's
		return nil
	}
	return s.setUserinfo(info, req.GetSubject(), scopes)
}

// SetUserinfoFromToken fills the userinfo of an access token.
func (s *storage) SetUserinfoFromToken(_ context.Context, info *oidc.UserInfo, tokenID, subject, _ string) error {
	t, err := s.token(tokenID, subject)
	if err != nil {
		return err
	}
	return s.setUserinfo(info, subject, t.scopes)
}

// token returns a live access token of subject.
func (s *storage) token(tokenID, subject string) (accessToken, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	t, ok := s.tokens[tokenID]
	if !ok || t.subject != subject || time.Now().After(t.expires) {
		return accessToken{}, errNotFound
	}
	return *t, nil
}

// setUserinfo fills the claims the scopes give of the user sub.
func (s *storage) setUserinfo(info *oidc.UserInfo, sub string, scopes []string) error {
	u, ok := s.userBySubject(sub)
	if !ok {
		return errNotFound
	}
	for k, v := range u.claims(s.realm, scopes) {
		switch k {
		case "sub":
			info.Subject = v.(string)
		case "given_name":
			info.GivenName = v.(string)
		case "family_name":
			info.FamilyName = v.(string)
		case "name":
			info.Name = v.(string)
		case "preferred_username":
			info.PreferredUsername = v.(string)
		case "email":
			info.Email = v.(string)
		case "email_verified":
			info.EmailVerified = oidc.Bool(v.(bool))
		case "birthdate":
			info.Birthdate = v.(string)
		case "gender":
			info.Gender = oidc.Gender(v.(string))
		default:
			info.AppendClaims(k, v)
		}
	}
	return nil
}

// SetIntrospectionFromToken: introspection is not offered.
func (s *storage) SetIntrospectionFromToken(context.Context, *oidc.IntrospectionResponse, string, string, string) error {
	return errors.New("introspection is not offered")
}

// GetPrivateClaimsFromScopes: no private claims.
func (s *storage) GetPrivateClaimsFromScopes(context.Context, string, string, []string) (map[string]any, error) {
	return nil, nil
}

// GetKeyByIDAndClientID: no JWT client authentication.
func (s *storage) GetKeyByIDAndClientID(context.Context, string, string) (*jose.JSONWebKey, error) {
	return nil, errors.New("JWT client authentication is not offered")
}

// ValidateJWTProfileScopes: no JWT profile grant.
func (s *storage) ValidateJWTProfileScopes(context.Context, string, []string) ([]string, error) {
	return nil, errors.New("the JWT profile grant is not offered")
}

// Health says the storage is fine: it is memory.
func (s *storage) Health(context.Context) error { return nil }
