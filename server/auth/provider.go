package auth

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"sync"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"
)

// The providers a person can sign in with.
const (
	// Usager is the licence account: a Keycloak realm named "usager", which
	// gives the subject, the name and the e-mail address.
	Usager = "usager"
	// FranceConnect is FranceConnect v2: eIDAS level "eidas1", the identity
	// pivot, and userinfo as a signed JWT.
	FranceConnect = "franceconnect"
)

// ACR values FranceConnect may answer for a request of eidas1: the level
// asked for or a higher one.
var franceConnectACRs = []string{"eidas1", "eidas2", "eidas3"}

// ProviderConfig is what the relying party knows of one OpenID provider.
type ProviderConfig struct {
	// Name is Usager or FranceConnect.
	Name string
	// Issuer is the issuer URL, where discovery starts.
	Issuer string
	// ClientID and ClientSecret authenticate the service at the provider.
	ClientID, ClientSecret string
	// RedirectURL is the callback registered at the provider.
	RedirectURL string
	// Scopes are the scopes asked for; they include "openid".
	Scopes []string
	// PostLogoutRedirectURL is where the provider sends the browser back
	// after its sign-out (/auth/logged-out).
	PostLogoutRedirectURL string
}

// errUnavailable wraps every failure to reach the provider: discovery, the
// code exchange, the keys or userinfo not answering.
var errUnavailable = errors.New("identity provider unavailable")

// discovered is what discovery taught of a provider.
type discovered struct {
	oauth2      oauth2.Config
	keys        *oidc.RemoteKeySet
	verifier    *oidc.IDTokenVerifier
	userinfoURL string
	endSession  string
}

// relyingParty speaks to one provider. Discovery happens at the first
// sign-in or sign-out, not at start: the embedded development provider is served by
// this very server, which must be listening first, and a provider that is
// down at start must not stop the service. A failed discovery is retried
// at the next sign-in.
type relyingParty struct {
	cfg     ProviderConfig
	client  *http.Client
	timeout time.Duration
	now     func() time.Time

	mu   sync.Mutex
	disc *discovered
}

// providerMetadata holds the fields of the discovery document that
// go-oidc's Provider does not expose.
type providerMetadata struct {
	JWKSURI            string   `json:"jwks_uri"`
	EndSessionEndpoint string   `json:"end_session_endpoint"`
	IDTokenAlgs        []string `json:"id_token_signing_alg_values_supported"`
	TokenAuthMethods   []string `json:"token_endpoint_auth_methods_supported"`
}

// allowedAlgs are the signature algorithms accepted for ID tokens and
// signed userinfo: FranceConnect v2 signs with ES256 or RS256, Keycloak
// with RS256 by default. Never "none", never HMAC with the client secret.
var allowedAlgs = []string{oidc.RS256, oidc.ES256, oidc.PS256}

// ctx returns a context that makes go-oidc and oauth2 use the relying
// party's HTTP client, bounded by its timeout.
func (p *relyingParty) ctx(parent context.Context) (context.Context, context.CancelFunc) {
	ctx := oidc.ClientContext(parent, p.client)
	ctx = context.WithValue(ctx, oauth2.HTTPClient, p.client)
	return context.WithTimeout(ctx, p.timeout)
}

// discover returns the provider's endpoints and keys, reading its
// discovery document the first time.
func (p *relyingParty) discover(parent context.Context) (*discovered, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.disc != nil {
		return p.disc, nil
	}
	ctx, cancel := p.ctx(parent)
	defer cancel()
	prov, err := oidc.NewProvider(ctx, p.cfg.Issuer)
	if err != nil {
		return nil, fmt.Errorf("%w: discovery of %s: %w", errUnavailable, p.cfg.Name, err)
	}
	var meta providerMetadata
	if err := prov.Claims(&meta); err != nil {
		return nil, fmt.Errorf("%w: discovery of %s: %w", errUnavailable, p.cfg.Name, err)
	}
	if meta.JWKSURI == "" {
		return nil, fmt.Errorf("%w: discovery of %s: no jwks_uri", errUnavailable, p.cfg.Name)
	}
	algs := allowedAlgs
	if len(meta.IDTokenAlgs) > 0 {
		algs = nil
		for _, a := range meta.IDTokenAlgs {
			if slices.Contains(allowedAlgs, a) {
				algs = append(algs, a)
			}
		}
		if len(algs) == 0 {
			return nil, fmt.Errorf("%w: %s signs ID tokens with none of %v", errUnavailable, p.cfg.Name, allowedAlgs)
		}
	}
	keyCtx := oidc.ClientContext(context.Background(), p.client)
	keys := oidc.NewRemoteKeySet(keyCtx, meta.JWKSURI)
	endpoint := prov.Endpoint()
	endpoint.AuthStyle = authStyle(meta.TokenAuthMethods)
	p.disc = &discovered{
		oauth2: oauth2.Config{
			ClientID:     p.cfg.ClientID,
			ClientSecret: p.cfg.ClientSecret,
			Endpoint:     endpoint,
			RedirectURL:  p.cfg.RedirectURL,
			Scopes:       p.cfg.Scopes,
		},
		keys: keys,
		verifier: oidc.NewVerifier(p.cfg.Issuer, keys, &oidc.Config{
			ClientID:             p.cfg.ClientID,
			SupportedSigningAlgs: algs,
			Now:                  p.now,
		}),
		userinfoURL: prov.UserInfoEndpoint(),
		endSession:  meta.EndSessionEndpoint,
	}
	return p.disc, nil
}

// authStyle picks how the client authenticates at the token endpoint from
// what the provider supports: HTTP Basic when offered, else form fields.
func authStyle(methods []string) oauth2.AuthStyle {
	switch {
	case len(methods) == 0, slices.Contains(methods, "client_secret_basic"):
		return oauth2.AuthStyleInHeader
	case slices.Contains(methods, "client_secret_post"):
		return oauth2.AuthStyleInParams
	}
	return oauth2.AuthStyleInHeader
}
