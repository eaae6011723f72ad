package auth

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"mespoints/server/kv"
)

// ttlMargin is added to every ttl: the nodes' clocks may differ a little,
// and an entry must never vanish before the service's own expiry.
const ttlMargin = 2 * time.Minute

// getJSON reads key in tx into a T; ok is false when absent.
func getJSON[T any](tx kv.Tx, key string) (T, bool, error) {
	var v T
	b, ok, err := tx.Get(key)
	if err != nil || !ok {
		return v, false, err
	}
	if err := json.Unmarshal(b, &v); err != nil {
		return v, false, fmt.Errorf("read %s: %w", prefixOf(key), err)
	}
	return v, true, nil
}

// putJSON writes v under key with ttl (0: none).
func putJSON(tx kv.Tx, key string, v any, ttl time.Duration) error {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("encode %s: %w", prefixOf(key), err)
	}
	tx.Put(key, b, ttl)
	return nil
}

// readJSON reads key from the store into a T, outside a transaction; ok
// is false when absent.
func readJSON[T any](ctx context.Context, st kv.Store, key string) (T, bool, error) {
	var v T
	b, err := st.Get(ctx, key)
	if errors.Is(err, kv.ErrNotFound) {
		return v, false, nil
	}
	if err != nil {
		return v, false, err
	}
	if err := json.Unmarshal(b, &v); err != nil {
		return v, false, fmt.Errorf("read %s: %w", prefixOf(key), err)
	}
	return v, true, nil
}

// prefixOf names a key's kind for an error message, without the part
// that names an account, a dossier or a secret.
func prefixOf(key string) string {
	for i := len(key) - 1; i >= 0; i-- {
		if key[i] == '/' {
			return key[:i+1]
		}
	}
	return key
}

// ttlUntil is the ttl of an entry the service needs until t (on its
// clock, now being now): never less than the margin.
func ttlUntil(t, now time.Time) time.Duration {
	d := t.Sub(now)
	if d < 0 {
		d = 0
	}
	return d + ttlMargin
}

// usedMarker replaces a single-use entry once taken (a pending sign-in, a
// code, a sign-out state): should the answer of the commit that took it
// be lost, the marker, unlike a deletion, lets the shared store settle
// whether the commit went through.
type usedMarker struct {
	Used bool `json:"used"`
}
