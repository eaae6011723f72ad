package signing

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
)

// JWK is one public key of the JWK set (RFC 7517, RFC 8037): an Ed25519
// key is of type OKP, curve Ed25519, its public key in x.
type JWK struct {
	// Kty is "OKP".
	Kty string `json:"kty"`
	// Crv is "Ed25519".
	Crv string `json:"crv"`
	// KID is the key id, as a code names it.
	KID string `json:"kid"`
	// Use is "sig".
	Use string `json:"use"`
	// Alg is "EdDSA".
	Alg string `json:"alg"`
	// X is the public key, base64url without padding.
	X string `json:"x"`
}

// JWKSet is the published set of public keys.
type JWKSet struct {
	// Keys are the keys not retired, oldest first.
	Keys []JWK `json:"keys"`
}

// JWKS returns the public keys not retired, as a JWK set.
func (k *Keys) JWKS(ctx context.Context) (JWKSet, error) {
	infos, err := k.List(ctx)
	if err != nil {
		return JWKSet{}, err
	}
	set := JWKSet{Keys: make([]JWK, 0, len(infos))}
	for _, info := range infos {
		sk, ok, err := k.get(ctx, info.KID)
		if err != nil {
			return JWKSet{}, err
		}
		if !ok {
			continue // retired meanwhile
		}
		set.Keys = append(set.Keys, JWK{Kty: "OKP", Crv: "Ed25519", KID: sk.KID, Use: "sig", Alg: "EdDSA",
			X: base64.RawURLEncoding.EncodeToString(sk.public())})
	}
	return set, nil
}

// MarshalJWKS returns the JWK set as JSON.
func (k *Keys) MarshalJWKS(ctx context.Context) ([]byte, error) {
	set, err := k.JWKS(ctx)
	if err != nil {
		return nil, err
	}
	b, err := json.MarshalIndent(set, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("signing: encode the JWK set: %w", err)
	}
	return append(b, '\n'), nil
}
