package boltkv

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"

	"mespoints/server/kv"
	"mespoints/server/kv/internal/envelope"
)

// Get returns the value of key, or an error wrapping kv.ErrNotFound when
// it is absent or has expired.
func (s *Store) Get(ctx context.Context, key string) ([]byte, error) {
	if err := kv.CheckKey(key); err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("boltkv: get: %w: %w", kv.ErrUnavailable, err)
	}
	now := time.Now()
	if v, live, ok := s.reads.get(key, now); ok {
		if !live {
			return nil, fmt.Errorf("boltkv: get: %w", kv.ErrNotFound)
		}
		return bytes.Clone(v), nil
	}
	gen, keep := s.reads.snapshot()
	var out cachedValue
	var found bool
	err := s.db.View(func(tx *bolt.Tx) error {
		e, ok, err := liveEnvelope(tx.Bucket(bucketEntries), key, now)
		out, found = cachedValue{value: bytes.Clone(e.Value), expiry: e.Expiry}, ok
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("boltkv: get: %w", err)
	}
	if !found {
		return nil, fmt.Errorf("boltkv: get: %w", kv.ErrNotFound)
	}
	if !keep {
		return out.value, nil
	}
	s.reads.put(key, out, gen)
	return bytes.Clone(out.value), nil // the caller's copy, not the one kept
}

// List returns at most limit live entries whose key starts with prefix
// and sorts after `after`, in key order.
func (s *Store) List(ctx context.Context, prefix, after string, limit int) ([]kv.Entry, error) {
	if limit <= 0 {
		return nil, fmt.Errorf("boltkv: list: limit %d is not positive", limit)
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("boltkv: list: %w: %w", kv.ErrUnavailable, err)
	}
	var out []kv.Entry
	err := s.db.View(func(tx *bolt.Tx) error {
		now := time.Now()
		c := tx.Bucket(bucketEntries).Cursor()
		start := prefix
		if after > start {
			start = after
		}
		for k, v := c.Seek([]byte(start)); k != nil && len(out) < limit; k, v = c.Next() {
			key := string(k)
			if !strings.HasPrefix(key, prefix) {
				break
			}
			if key <= after {
				continue
			}
			e, err := envelope.Decode(v)
			if err != nil {
				return fmt.Errorf("%q: %w", key, err)
			}
			if e.Live(now) {
				out = append(out, kv.Entry{Key: key, Value: bytes.Clone(e.Value)})
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("boltkv: list: %w", err)
	}
	return out, nil
}

// Held tells whether key is still in the file, expired or not: for tests
// and operators checking that expired entries are purged.
func (s *Store) Held(ctx context.Context, key string) (bool, error) {
	var held bool
	err := s.db.View(func(tx *bolt.Tx) error {
		held = tx.Bucket(bucketEntries).Get([]byte(key)) != nil
		return nil
	})
	if err != nil {
		return false, fmt.Errorf("boltkv: held: %w", err)
	}
	return held, nil
}

// live returns the value of key in b if it has not expired at now; the
// value is only valid during the bbolt transaction.
func live(b *bolt.Bucket, key string, now time.Time) ([]byte, bool, error) {
	e, ok, err := liveEnvelope(b, key, now)
	return e.Value, ok, err
}

// liveEnvelope returns the entry of key in b if it has not expired at
// now; its value is only valid during the bbolt transaction.
func liveEnvelope(b *bolt.Bucket, key string, now time.Time) (envelope.Envelope, bool, error) {
	v := b.Get([]byte(key))
	if v == nil {
		return envelope.Envelope{}, false, nil
	}
	e, err := envelope.Decode(v)
	if err != nil {
		return envelope.Envelope{}, false, fmt.Errorf("%q: %w", key, err)
	}
	if !e.Live(now) {
		return envelope.Envelope{}, false, nil
	}
	return e, true, nil
}
