package etcdkv

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"time"

	clientv3 "go.etcd.io/etcd/client/v3"

	"mespoints/server/kv"
	"mespoints/server/kv/internal/envelope"
)

// Get returns the value of key (a linearizable read), or an error
// wrapping kv.ErrNotFound when it is absent or has expired.
func (s *Store) Get(ctx context.Context, key string) ([]byte, error) {
	if err := kv.CheckKey(key); err != nil {
		return nil, err
	}
	ctx, cancel := s.bound(ctx)
	defer cancel()
	resp, err := s.cli.Get(ctx, s.full(key))
	if err != nil {
		return nil, wrap("get", err)
	}
	if len(resp.Kvs) == 0 {
		return nil, fmt.Errorf("etcdkv: get: %w", kv.ErrNotFound)
	}
	v, ok, err := liveValue(resp.Kvs[0].Value, time.Now())
	if err != nil {
		return nil, fmt.Errorf("etcdkv: get %q: %w", key, err)
	}
	if !ok {
		return nil, fmt.Errorf("etcdkv: get: %w", kv.ErrNotFound)
	}
	return v, nil
}

// List returns at most limit live entries whose key starts with prefix
// and sorts after `after`, in key order, all read at one revision.
func (s *Store) List(ctx context.Context, prefix, after string, limit int) ([]kv.Entry, error) {
	if limit <= 0 {
		return nil, fmt.Errorf("etcdkv: list: limit %d is not positive", limit)
	}
	start := s.full(prefix)
	if after >= prefix {
		start = s.full(after) + "\x00" // the first key after `after`
	}
	end := clientv3.GetPrefixRangeEnd(s.full(prefix))
	if start >= end {
		return nil, nil
	}
	ctx, cancel := s.bound(ctx)
	defer cancel()
	var out []kv.Entry
	var rev int64
	now := time.Now()
	for len(out) < limit {
		opts := []clientv3.OpOption{clientv3.WithRange(end), clientv3.WithLimit(int64(limit - len(out)))}
		if rev != 0 {
			opts = append(opts, clientv3.WithRev(rev))
		}
		resp, err := s.cli.Get(ctx, start, opts...)
		if err != nil {
			return nil, wrap("list", err)
		}
		rev = resp.Header.Revision
		for _, e := range resp.Kvs {
			v, ok, err := liveValue(e.Value, now)
			if err != nil {
				return nil, fmt.Errorf("etcdkv: list: %q: %w", e.Key, err)
			}
			if ok {
				out = append(out, kv.Entry{Key: strings.TrimPrefix(string(e.Key), s.prefix), Value: v})
			}
		}
		if !resp.More || len(resp.Kvs) == 0 {
			break
		}
		start = string(resp.Kvs[len(resp.Kvs)-1].Key) + "\x00"
	}
	return out, nil
}

// Held tells whether key is still stored in the cluster, expired or not:
// for tests and operators checking that leases delete expired entries.
func (s *Store) Held(ctx context.Context, key string) (bool, error) {
	ctx, cancel := s.bound(ctx)
	defer cancel()
	resp, err := s.cli.Get(ctx, s.full(key), clientv3.WithCountOnly())
	if err != nil {
		return false, wrap("held", err)
	}
	return resp.Count > 0, nil
}

// liveValue returns the caller's value in a stored envelope, if it has
// not expired at now.
func liveValue(stored []byte, now time.Time) ([]byte, bool, error) {
	e, err := envelope.Decode(stored)
	if err != nil {
		return nil, false, err
	}
	if !e.Live(now) {
		return nil, false, nil
	}
	return bytes.Clone(e.Value), true, nil
}
