package boltkv

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"

	"mespoints/server/kv"
	"mespoints/server/kv/internal/envelope"
)

// Update runs fn in one bbolt write transaction (with Options.Batch, one
// shared with concurrent updates; fn may then run twice) and commits what
// it wrote if it returns nil. An error of fn is returned as is.
func (s *Store) Update(ctx context.Context, fn func(tx kv.Tx) error) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("boltkv: update: %w: %w", kv.ErrUnavailable, err)
	}
	var fnErr error
	var last *tx // the last attempt: the one that committed, if any
	run := s.db.Update
	if s.batch {
		run = s.db.Batch
	}
	s.reads.begin()
	defer func() {
		if last != nil {
			s.reads.end(last.written)
		} else {
			s.reads.end(nil)
		}
	}()
	err := run(func(btx *bolt.Tx) error {
		t := &tx{entries: btx.Bucket(bucketEntries), expiry: btx.Bucket(bucketExpiry), now: time.Now(),
			read: map[string]bool{}, written: map[string]bool{}}
		last = t
		fnErr = fn(t)
		if fnErr != nil {
			return fnErr
		}
		if t.err != nil {
			fnErr = t.err
			return t.err
		}
		return nil
	})
	if err != nil {
		if fnErr != nil && err == fnErr {
			return err
		}
		return fmt.Errorf("boltkv: update: %w", err)
	}
	return nil
}

// tx is one attempt of Update inside a bbolt write transaction: its reads
// see its own writes, which go straight to the transaction.
type tx struct {
	entries, expiry *bolt.Bucket
	now             time.Time
	err             error // the first invalid Put or Delete, or storage error
	read, written   map[string]bool
}

// Get reads key as the transaction sees it.
func (t *tx) Get(key string) ([]byte, bool, error) {
	if err := kv.CheckKey(key); err != nil {
		return nil, false, err
	}
	if !t.read[key] {
		if len(t.read) == kv.MaxTxnKeys {
			if t.err == nil {
				t.err = kv.ErrTooManyKeys
			}
			return nil, false, kv.ErrTooManyKeys
		}
		t.read[key] = true
	}
	v, ok, err := live(t.entries, key, t.now)
	if err != nil {
		return nil, false, fmt.Errorf("boltkv: %w", err)
	}
	return bytes.Clone(v), ok, nil
}

// Put writes value under key, expiring after ttl when ttl > 0.
func (t *tx) Put(key string, value []byte, ttl time.Duration) {
	if t.err != nil {
		return
	}
	if t.err = check(key, value, ttl); t.err != nil {
		return
	}
	if t.err = t.writing(key); t.err != nil {
		return
	}
	if t.err = t.unindex(key); t.err != nil {
		return
	}
	e := envelope.Envelope{Expiry: envelope.ExpiryOf(t.now, ttl), Value: value}
	if t.err = t.entries.Put([]byte(key), e.Encode()); t.err != nil {
		return
	}
	if !e.Expiry.IsZero() {
		t.err = t.expiry.Put(indexKey(e.Expiry, key), nil)
	}
}

// Delete removes key.
func (t *tx) Delete(key string) {
	if t.err != nil {
		return
	}
	if t.err = kv.CheckKey(key); t.err != nil {
		return
	}
	if t.err = t.writing(key); t.err != nil {
		return
	}
	if t.err = t.unindex(key); t.err != nil {
		return
	}
	t.err = t.entries.Delete([]byte(key))
}

// writing counts key among the keys written, up to kv.MaxTxnKeys.
func (t *tx) writing(key string) error {
	if !t.written[key] {
		if len(t.written) == kv.MaxTxnKeys {
			return kv.ErrTooManyKeys
		}
		t.written[key] = true
	}
	return nil
}

// unindex removes the expiry index entry of key's current value, if any.
func (t *tx) unindex(key string) error {
	v := t.entries.Get([]byte(key))
	if v == nil {
		return nil
	}
	e, err := envelope.Decode(v)
	if err != nil {
		return fmt.Errorf("boltkv: %q: %w", key, err)
	}
	if e.Expiry.IsZero() {
		return nil
	}
	return t.expiry.Delete(indexKey(e.Expiry, key))
}

// check validates what Put is given.
func check(key string, value []byte, ttl time.Duration) error {
	if err := kv.CheckKey(key); err != nil {
		return err
	}
	if err := kv.CheckValue(value); err != nil {
		return err
	}
	return kv.CheckTTL(ttl)
}

// indexKey is the key of the expiry index: the expiry in Unix nanoseconds,
// big-endian so that the index sorts by time, then the entry's key.
func indexKey(exp time.Time, key string) []byte {
	b := make([]byte, 8+len(key))
	binary.BigEndian.PutUint64(b, uint64(exp.UnixNano()))
	copy(b[8:], key)
	return b
}
