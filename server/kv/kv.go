// Package kv is the small shared state of the service's nodes: accounts
// and their links, sessions, pending sign-ins, lockout counters, share
// codes, signing keys, exam places and bookings. It is one narrow
// interface, Store, with two implementations the domain code does not
// tell apart: boltkv (one embedded bbolt file, the default of a single
// server) and etcdkv (an etcd cluster shared by several nodes).
//
// Keys are UTF-8 strings with "/"-separated parts ("sessions/<hash>",
// "accounts/<id>"); values are opaque bytes (callers use JSON).
//
// # Expiry
//
// An entry written with a ttl is never returned once ttl has passed on the
// wall clock of the node that reads it, and is deleted some time after
// (boltkv: by a purge every minute; etcdkv: by a lease shared by every
// entry expiring in the same window, so up to about two minutes later).
// The ttl is thus also a bound for the garbage collection of entries
// nobody deletes. A caller that needs an exact expiry on its own clock
// (the sign-in code's tests move a fake clock) keeps that expiry in the
// value and checks it itself; the ttl then only has to be no shorter.
//
// # Transactions
//
// Update runs a function in a serializable transaction. The function may
// run several times (when another transaction changed a key it read), so
// it must act only through its Tx and keep nothing from a failed attempt.
// It reads at most MaxTxnKeys distinct keys and writes at most as many.
// This is what keeps "never overbooked" and "five tries an hour" true
// across nodes.
//
// # Errors
//
// Every error of a Store wraps ErrNotFound (Get of an absent key) or
// ErrUnavailable (the shared store cannot answer now: no quorum, timeout,
// connection lost, too much contention) when it is one of these. Callers
// answer ErrUnavailable with 503 and Retry-After, never with a guess.
package kv

import (
	"context"
	"errors"
	"time"
)

// Store is the shared state of the service's nodes.
type Store interface {
	// Get returns the value of key, or an error wrapping ErrNotFound when
	// the key is absent or has expired.
	Get(ctx context.Context, key string) ([]byte, error)
	// List returns at most limit entries whose key starts with prefix and
	// sorts after `after` ("" = from the start), in key order, leaving
	// expired entries out: for paging through a prefix.
	List(ctx context.Context, prefix, after string, limit int) ([]Entry, error)
	// Update runs fn in a serializable transaction and commits what fn
	// wrote through tx if fn returns nil; if fn returns an error nothing is
	// written and Update returns that error. fn may run several times
	// (when a concurrent transaction changed a key it read), so it must
	// have no effect other than through tx and must not keep anything from
	// a failed attempt.
	Update(ctx context.Context, fn func(tx Tx) error) error
	// Close releases the store.
	Close() error
}

// Tx is one attempt of a transaction.
type Tx interface {
	// Get reads key as the transaction sees it (its own writes included);
	// ok is false when absent or expired.
	Get(key string) (value []byte, ok bool, err error)
	// Put writes value under key. ttl > 0 makes the entry expire: it is
	// never returned once ttl has passed (wall clock) and is deleted some
	// time after. ttl == 0: no expiry. An invalid key (see CheckKey) makes
	// Update fail without writing anything.
	Put(key string, value []byte, ttl time.Duration)
	// Delete removes key (no error if absent).
	Delete(key string)
}

// Entry is one key and its value, as List returns them.
type Entry struct {
	// Key is the entry's key.
	Key string
	// Value is the entry's value.
	Value []byte
}

var (
	// ErrNotFound is wrapped by Get's error when the key is absent or has
	// expired.
	ErrNotFound = errors.New("kv: not found")
	// ErrUnavailable is wrapped by every error that means the shared store
	// cannot answer now (no quorum, timeout, connection lost, too much
	// contention): callers answer 503 with Retry-After, never a wrong
	// answer.
	ErrUnavailable = errors.New("kv: shared store unavailable")
)
