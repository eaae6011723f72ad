package devidp

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"fmt"

	"mespoints/server/kv"
)

// secretPrefix is where the client secrets of the realms are kept in the
// shared state.
const secretPrefix = "devidp/secrets/"

// SharedSecret returns the client secret of Mes points at realm name
// ("usager" or "franceconnect"): made at the first call and kept in the
// shared state s, so that every node of a development cluster registers
// the same secret at its own provider and authenticates with it at any
// node's. The proxy in front of such a cluster sends /dev-idp/ to one
// node at a time (the first that is up); a sign-in that began at a node
// that stopped starts again.
func SharedSecret(ctx context.Context, s kv.Store, name string) (string, error) {
	key := secretPrefix + name
	var secret string
	err := s.Update(ctx, func(tx kv.Tx) error {
		v, ok, err := tx.Get(key)
		if err != nil {
			return err
		}
		if ok {
			secret = string(v)
			return nil
		}
		b := make([]byte, 32)
		rand.Read(b)
		secret = base64.RawURLEncoding.EncodeToString(b)
		tx.Put(key, []byte(secret), 0)
		return nil
	})
	if err != nil {
		return "", fmt.Errorf("devidp: the client secret of %s: %w", name, err)
	}
	return secret, nil
}
