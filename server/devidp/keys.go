package devidp

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"fmt"

	jose "github.com/go-jose/go-jose/v4"
)

// signingKey is a realm's key, generated at start: the licence account
// signs with RSA (RS256, Keycloak's default), FranceConnect with ECDSA
// P-256 (ES256, which FranceConnect v2 offers).
type signingKey struct {
	id   string
	alg  jose.SignatureAlgorithm
	priv any
	pub  any
}

func (k signingKey) SignatureAlgorithm() jose.SignatureAlgorithm { return k.alg }
func (k signingKey) Key() any                                    { return k.priv }
func (k signingKey) ID() string                                  { return k.id }

// publicKey is the public half, for the JWKS.
type publicKey struct{ k signingKey }

func (p publicKey) ID() string                         { return p.k.id }
func (p publicKey) Algorithm() jose.SignatureAlgorithm { return p.k.alg }
func (p publicKey) Use() string                        { return "sig" }
func (p publicKey) Key() any                           { return p.k.pub }

// newKey generates the key of a realm.
func newKey(r realm) (signingKey, error) {
	id := string(r) + "-" + randomID()[:12]
	if r == realmFranceConnect {
		k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		if err != nil {
			return signingKey{}, fmt.Errorf("generate the %s key: %w", r, err)
		}
		return signingKey{id: id, alg: jose.ES256, priv: k, pub: &k.PublicKey}, nil
	}
	k, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return signingKey{}, fmt.Errorf("generate the %s key: %w", r, err)
	}
	return signingKey{id: id, alg: jose.RS256, priv: k, pub: &k.PublicKey}, nil
}
