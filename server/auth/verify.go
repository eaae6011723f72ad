package auth

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	jose "github.com/go-jose/go-jose/v4"
	"golang.org/x/oauth2"
)

// maxSkew is how far in the future a provider's clock may be: an ID token
// issued later than now + maxSkew is refused.
const maxSkew = 2 * time.Minute

// maxUserinfo bounds the size of a userinfo answer.
const maxUserinfo = 64 << 10

// errRefused marks a verification that failed: the provider's answer
// cannot be trusted. Its message is written by this package.
var errRefused = errors.New("refused")

// refused returns an error wrapping errRefused with a fixed reason.
func refused(reason string) error { return fmt.Errorf("%w: %s", errRefused, reason) }

// idToken is what the relying party reads of a verified ID token.
type idToken struct {
	Subject string
	ACR     string
	raw     string
	claims  userClaims
}

// idTokenClaims are the claims of an ID token beyond those go-oidc checks.
type idTokenClaims struct {
	ACR string `json:"acr"`
	AZP string `json:"azp"`
	userClaims
}

// verifyIDToken checks an ID token: signature by the provider's keys with
// an allowed algorithm, iss, aud (and azp when there are several
// audiences), exp, iat not in the future, the nonce of the flow, and,
// when the token has one, at_hash against the access token given with it.
func (p *relyingParty) verifyIDToken(ctx context.Context, d *discovered, raw, nonce, accessToken string) (idToken, error) {
	t, err := d.verifier.Verify(ctx, raw)
	if err != nil {
		return idToken{}, classifyVerifyError(err)
	}
	if t.AccessTokenHash != "" {
		if err := t.VerifyAccessToken(accessToken); err != nil {
			return idToken{}, refused("at_hash does not match the access token")
		}
	}
	if !sameSecret(t.Nonce, nonce) {
		return idToken{}, refused("nonce mismatch")
	}
	if t.IssuedAt.IsZero() {
		return idToken{}, refused("no iat")
	}
	if t.IssuedAt.After(p.now().Add(maxSkew)) {
		return idToken{}, refused("iat in the future")
	}
	if t.Subject == "" {
		return idToken{}, refused("no sub")
	}
	var c idTokenClaims
	if err := t.Claims(&c); err != nil {
		return idToken{}, refused("unreadable claims")
	}
	if len(t.Audience) > 1 && c.AZP != p.cfg.ClientID {
		return idToken{}, refused("azp is not the client")
	}
	return idToken{Subject: t.Subject, ACR: c.ACR, raw: raw, claims: c.userClaims}, nil
}

// classifyVerifyError turns go-oidc's verification errors into a fixed
// reason: its messages may quote claims, which are not for the log.
func classifyVerifyError(err error) error {
	var exp *oidc.TokenExpiredError
	msg := err.Error()
	switch {
	case errors.As(err, &exp):
		return refused("expired")
	case strings.Contains(msg, "expected audience"):
		return refused("wrong audience")
	case strings.Contains(msg, "different provider"):
		return refused("wrong issuer")
	case strings.Contains(msg, "malformed jwt"):
		return refused("malformed token or algorithm not allowed")
	case strings.Contains(msg, "failed to verify signature"), strings.Contains(msg, "id token not signed"):
		return refused("bad signature")
	case strings.Contains(msg, "nbf"):
		return refused("not yet valid")
	}
	return refused("invalid ID token")
}

// userClaims are the claims the service reads of userinfo (and of the ID
// token): FranceConnect's identity pivot, and the name and e-mail the
// licence account gives.
type userClaims struct {
	Subject           string   `json:"sub"`
	Issuer            string   `json:"iss"`
	Audience          audience `json:"aud"`
	GivenName         string   `json:"given_name"`
	FamilyName        string   `json:"family_name"`
	Email             string   `json:"email"`
	Birthdate         string   `json:"birthdate"`
	Birthplace        string   `json:"birthplace"`
	Birthcountry      string   `json:"birthcountry"`
	Gender            string   `json:"gender"`
	PreferredUsername string   `json:"preferred_username"`
}

// audience reads "aud" as a string or a list of strings.
type audience []string

func (a *audience) UnmarshalJSON(b []byte) error {
	var s string
	if json.Unmarshal(b, &s) == nil {
		*a = audience{s}
		return nil
	}
	var l []string
	if err := json.Unmarshal(b, &l); err != nil {
		return err
	}
	*a = l
	return nil
}

// userinfo fetches the userinfo of the access token and checks that it
// speaks of sub. FranceConnect's must be a JWT (application/jwt) signed
// with an allowed algorithm by the provider's keys, issued by it for this
// client; the licence account's may be JSON or such a JWT.
func (p *relyingParty) userinfo(ctx context.Context, d *discovered, tok *oauth2.Token, sub string) (userClaims, error) {
	if d.userinfoURL == "" {
		return userClaims{}, refused("no userinfo endpoint")
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, d.userinfoURL, nil)
	if err != nil {
		return userClaims{}, refused("bad userinfo endpoint")
	}
	tok.SetAuthHeader(req)
	res, err := p.client.Do(req)
	if err != nil {
		return userClaims{}, fmt.Errorf("%w: userinfo endpoint unreachable", errUnavailable)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(io.LimitReader(res.Body, maxUserinfo+1))
	if err != nil {
		return userClaims{}, fmt.Errorf("%w: userinfo answer cut", errUnavailable)
	}
	if res.StatusCode != http.StatusOK {
		return userClaims{}, refused(fmt.Sprintf("userinfo answered HTTP %d", res.StatusCode))
	}
	if len(body) > maxUserinfo {
		return userClaims{}, refused("userinfo too large")
	}
	media, _, _ := mime.ParseMediaType(res.Header.Get("Content-Type"))
	signed := media == "application/jwt"
	if p.cfg.Name == FranceConnect && !signed {
		return userClaims{}, refused("FranceConnect userinfo not signed")
	}
	if signed {
		if body, err = p.verifySignedUserinfo(ctx, d, strings.TrimSpace(string(body))); err != nil {
			return userClaims{}, err
		}
	} else if media != "application/json" {
		return userClaims{}, refused("userinfo neither JSON nor JWT")
	}
	var c userClaims
	if err := json.Unmarshal(body, &c); err != nil {
		return userClaims{}, refused("userinfo unreadable")
	}
	if c.Subject == "" || !sameSecret(c.Subject, sub) {
		return userClaims{}, refused("userinfo sub differs from the ID token's")
	}
	if signed || c.Issuer != "" {
		if c.Issuer != p.cfg.Issuer {
			return userClaims{}, refused("userinfo issuer")
		}
	}
	if signed || len(c.Audience) > 0 {
		if !slices.Contains(c.Audience, p.cfg.ClientID) {
			return userClaims{}, refused("userinfo audience")
		}
	}
	return c, nil
}

// verifySignedUserinfo checks the signature of a userinfo JWT and returns
// its payload.
func (p *relyingParty) verifySignedUserinfo(ctx context.Context, d *discovered, raw string) ([]byte, error) {
	algs := make([]jose.SignatureAlgorithm, len(allowedAlgs))
	for i, a := range allowedAlgs {
		algs[i] = jose.SignatureAlgorithm(a)
	}
	if _, err := jose.ParseSigned(raw, algs); err != nil {
		return nil, refused("userinfo JWT malformed or algorithm not allowed")
	}
	payload, err := d.keys.VerifySignature(ctx, raw)
	if err != nil {
		return nil, refused("userinfo JWT bad signature")
	}
	var times struct {
		Exp *json.Number `json:"exp"`
	}
	if err := json.Unmarshal(payload, &times); err != nil {
		return nil, refused("userinfo unreadable")
	}
	if times.Exp != nil {
		exp, err := times.Exp.Float64()
		if err != nil {
			return nil, refused("userinfo exp unreadable")
		}
		if !p.now().Before(time.Unix(int64(exp), 0)) {
			return nil, refused("userinfo expired")
		}
	}
	return payload, nil
}
