package devidp

import (
	"time"

	"github.com/zitadel/oidc/v3/pkg/oidc"
	"github.com/zitadel/oidc/v3/pkg/op"
)

// Client is the relying party registered at a realm: Mes points itself.
type Client struct {
	// ID and Secret authenticate it at the token endpoint.
	ID, Secret string
	// RedirectURI is its callback.
	RedirectURI string
	// PostLogoutRedirectURI is where the end-session endpoint may send
	// the browser back.
	PostLogoutRedirectURI string
}

// client is a Client as op.Client: a confidential web client using the
// code flow only, over plain http on loopback (dev mode).
type client struct {
	c     Client
	realm realm
}

var _ op.Client = (*client)(nil)

func (c *client) GetID() string          { return c.c.ID }
func (c *client) RedirectURIs() []string { return []string{c.c.RedirectURI} }
func (c *client) PostLogoutRedirectURIs() []string {
	if c.c.PostLogoutRedirectURI == "" {
		return nil
	}
	return []string{c.c.PostLogoutRedirectURI}
}
func (c *client) ApplicationType() op.ApplicationType { return op.ApplicationTypeWeb }

// AuthMethod is HTTP Basic at the licence account (Keycloak's default),
// form fields at FranceConnect (client_secret_post).
func (c *client) AuthMethod() oidc.AuthMethod {
	if c.realm == realmFranceConnect {
		return oidc.AuthMethodPost
	}
	return oidc.AuthMethodBasic
}
func (c *client) ResponseTypes() []oidc.ResponseType {
	return []oidc.ResponseType{oidc.ResponseTypeCode}
}
func (c *client) GrantTypes() []oidc.GrantType { return []oidc.GrantType{oidc.GrantTypeCode} }
func (c *client) LoginURL(id string) string {
	return loginPath + "?realm=" + string(c.realm) + "&id=" + id
}
func (c *client) AccessTokenType() op.AccessTokenType {
	return op.AccessTokenTypeBearer
}
func (c *client) IDTokenLifetime() time.Duration { return idTokenLifetime }

// DevMode allows the http redirect URIs of loopback.
func (c *client) DevMode() bool { return true }
func (c *client) RestrictAdditionalIdTokenScopes() func([]string) []string {
	return func(s []string) []string { return s }
}
func (c *client) RestrictAdditionalAccessTokenScopes() func([]string) []string {
	return func(s []string) []string { return s }
}

// IsScopeAllowed allows FranceConnect's pivot scopes at its realm.
func (c *client) IsScopeAllowed(scope string) bool {
	if c.realm != realmFranceConnect {
		return false
	}
	for _, s := range franceConnectScopes {
		if s == scope {
			return true
		}
	}
	return false
}

// IDTokenUserinfoClaimsAssertion puts the profile and e-mail claims in the
// licence account's ID token, as Keycloak does.
func (c *client) IDTokenUserinfoClaimsAssertion() bool { return c.realm == realmUsager }
func (c *client) ClockSkew() time.Duration             { return 0 }
