package auth

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"mespoints/server/internal/cache"
	"mespoints/server/kv"
)

// Every request of a signed-in person reads two entries of the shared
// state, its session and its account, and decoding their JSON cost more
// than reading them. The service keeps the last decoding of each entry
// with the bytes it came from: a read whose bytes are the same reuses it.
// The entries are still read at every request, from the shared state
// itself, so a sign-out, a sign-out everywhere or an unlinking made on any
// node counts at once; only the decoding is saved.

// decoded is an entry's value as read, and its decoding.
type decoded[T any] struct {
	raw []byte
	v   T
}

// decodedCacheBytes bounds each cache of decoded entries: about 4,000
// sessions (an ID token makes a session about 1.5 KB).
const decodedCacheBytes = 8 << 20

// newDecodedCache returns a cache of decoded entries of type T.
func newDecodedCache[T any]() *cache.Map[string, decoded[T]] {
	// The decoding holds about as much again as the bytes.
	return cache.New[string, decoded[T]](decodedCacheBytes, func(d decoded[T]) int { return 2*len(d.raw) + 100 })
}

// readDecoded reads key from the store into a T, outside a transaction,
// decoding it only when its bytes differ from the last decoding kept in c;
// ok is false when absent. The T returned shares its pointers with the
// kept one: callers must not change what they point to.
func readDecoded[T any](ctx context.Context, st kv.Store, c *cache.Map[string, decoded[T]], key string) (T, bool, error) {
	var v T
	b, err := st.Get(ctx, key)
	if errors.Is(err, kv.ErrNotFound) {
		c.Delete(key)
		return v, false, nil
	}
	if err != nil {
		return v, false, err
	}
	if d, ok := c.Get(key); ok && bytes.Equal(d.raw, b) {
		return d.v, true, nil
	}
	if err := json.Unmarshal(b, &v); err != nil {
		return v, false, fmt.Errorf("read %s: %w", prefixOf(key), err)
	}
	c.Put(key, decoded[T]{raw: b, v: v})
	return v, true, nil
}
