// Package signing holds the Ed25519 keys that sign the documents' codes
// (package documents), in the shared state (package kv) so that every node
// signs with the same key and checks every other node's codes:
//
//	signing/keys/KID   one key: its seed, its public key, when it was made
//	signing/current    the KID of the key that signs
//
// The first start makes the first key (Ensure). Rotate makes a new key
// and signs with it from then on; codes signed by an older key still
// verify until Retire removes that key. The public keys are published as
// a JWK set (JWKS) so that anyone can check a code offline.
//
// A code is the base32 text (RFC 4648, upper case, no padding) of
//
//	version (1 byte, 1) | kid (5 bytes) | body | Ed25519 signature (64 bytes)
//
// where the signature is over everything before it, and the kid is the
// first 5 bytes of the SHA-256 of the public key (its JWK "kid" is their
// base32 text, 8 characters). docs/documents.md says it in full.
package signing

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base32"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"mespoints/server/kv"
)

// Key prefixes in the shared state.
const (
	keyPrefix  = "signing/keys/"
	currentKey = "signing/current"
)

// Version is the first byte of every code this package makes.
const Version = 1

// KIDLen is the length in bytes of a key id inside a code.
const KIDLen = 5

// encoding is the text of codes and key ids: upper-case base32 without
// padding, whose letters and digits a QR code holds in its alphanumeric
// mode and a URL without escaping.
var encoding = base32.StdEncoding.WithPadding(base32.NoPadding)

// Errors a caller tells apart with errors.Is.
var (
	// ErrInvalid: the code is not one this service signed with a key it
	// still holds — forged, altered, truncated, or signed by a retired
	// key. Nothing more is said.
	ErrInvalid = errors.New("signing: code not recognised")
	// ErrUnknownKey: no such key.
	ErrUnknownKey = errors.New("signing: no such key")
	// ErrCurrentKey: the key signs now; rotate first.
	ErrCurrentKey = errors.New("signing: the key signs now: rotate before retiring it")
)

// Keys are the signing keys in the shared state. Build them with New.
type Keys struct {
	// Seeds is where new keys' seeds are drawn from; nil means
	// crypto/rand. Tests set a fixed reader to get the same keys, and so
	// the same codes, every run.
	Seeds io.Reader

	kv  kv.Store
	now func() time.Time
}

// New returns the keys kept in s; now is the clock (nil: time.Now).
func New(s kv.Store, now func() time.Time) *Keys {
	if now == nil {
		now = time.Now
	}
	return &Keys{kv: s, now: now}
}

// storedKey is a key as kept in the shared state.
type storedKey struct {
	KID     string    `json:"kid"`
	Seed    []byte    `json:"seed"`
	Created time.Time `json:"created"`
}

func (k storedKey) private() ed25519.PrivateKey { return ed25519.NewKeyFromSeed(k.Seed) }

func (k storedKey) public() ed25519.PublicKey {
	return k.private().Public().(ed25519.PublicKey)
}

// KeyInfo describes a key, for `mespoints keys list`.
type KeyInfo struct {
	// KID is the key's id, as in codes and the JWK set.
	KID string `json:"kid"`
	// Created is when the key was made.
	Created time.Time `json:"created"`
	// Current says whether the key signs now.
	Current bool `json:"current"`
}

// kidOf is the id of a public key: base32 of the first KIDLen bytes of
// its SHA-256.
func kidOf(pub ed25519.PublicKey) string {
	sum := sha256.Sum256(pub)
	return encoding.EncodeToString(sum[:KIDLen])
}

// newKey makes a fresh key.
func (k *Keys) newKey() (storedKey, error) {
	seed := make([]byte, ed25519.SeedSize)
	src := k.Seeds
	if src == nil {
		src = rand.Reader
	}
	if _, err := io.ReadFull(src, seed); err != nil {
		return storedKey{}, fmt.Errorf("signing: new key: %w", err)
	}
	sk := storedKey{Seed: seed, Created: k.now().UTC()}
	sk.KID = kidOf(sk.public())
	return sk, nil
}

// put writes key sk and makes it the current one, in tx.
func put(tx kv.Tx, sk storedKey) error {
	b, err := json.Marshal(sk)
	if err != nil {
		return fmt.Errorf("signing: encode key: %w", err)
	}
	tx.Put(keyPrefix+sk.KID, b, 0)
	tx.Put(currentKey, []byte(sk.KID), 0)
	return nil
}

// Ensure makes the first key if there is none, and returns the id of the
// key that signs and whether it made it. Nodes starting together make one
// key between them.
func (k *Keys) Ensure(ctx context.Context) (kid string, made bool, err error) {
	fresh, err := k.newKey()
	if err != nil {
		return "", false, err
	}
	err = k.kv.Update(ctx, func(tx kv.Tx) error {
		cur, ok, err := tx.Get(currentKey)
		if err != nil {
			return err
		}
		if ok {
			if _, found, err := tx.Get(keyPrefix + string(cur)); err != nil || found {
				kid, made = string(cur), false
				return err
			}
		}
		kid, made = fresh.KID, true
		return put(tx, fresh)
	})
	if err != nil {
		return "", false, fmt.Errorf("signing: ensure a key: %w", err)
	}
	return kid, made, nil
}

// Rotate makes a new key, which signs from now on, and returns its id.
// The older keys still verify until they are retired.
func (k *Keys) Rotate(ctx context.Context) (string, error) {
	fresh, err := k.newKey()
	if err != nil {
		return "", err
	}
	if err := k.kv.Update(ctx, func(tx kv.Tx) error { return put(tx, fresh) }); err != nil {
		return "", fmt.Errorf("signing: rotate: %w", err)
	}
	return fresh.KID, nil
}

// Retire removes key kid: codes it signed no longer verify, and it leaves
// the JWK set. The key that signs now cannot be retired (ErrCurrentKey).
func (k *Keys) Retire(ctx context.Context, kid string) error {
	err := k.kv.Update(ctx, func(tx kv.Tx) error {
		cur, _, err := tx.Get(currentKey)
		if err != nil {
			return err
		}
		if _, ok, err := tx.Get(keyPrefix + kid); err != nil {
			return err
		} else if !ok {
			return ErrUnknownKey
		}
		if string(cur) == kid {
			return ErrCurrentKey
		}
		tx.Delete(keyPrefix + kid)
		return nil
	})
	if err != nil {
		return fmt.Errorf("signing: retire %s: %w", kid, err)
	}
	return nil
}

// all reads every key and the id of the current one.
func (k *Keys) all(ctx context.Context) ([]storedKey, string, error) {
	entries, err := k.kv.List(ctx, keyPrefix, "", kv.MaxTxnKeys)
	if err != nil {
		return nil, "", fmt.Errorf("signing: list keys: %w", err)
	}
	keys := make([]storedKey, 0, len(entries))
	for _, e := range entries {
		var sk storedKey
		if err := json.Unmarshal(e.Value, &sk); err != nil || len(sk.Seed) != ed25519.SeedSize {
			return nil, "", fmt.Errorf("signing: key %s is damaged", strings.TrimPrefix(e.Key, keyPrefix))
		}
		keys = append(keys, sk)
	}
	cur, err := k.kv.Get(ctx, currentKey)
	if err != nil && !errors.Is(err, kv.ErrNotFound) {
		return nil, "", fmt.Errorf("signing: read the current key: %w", err)
	}
	return keys, string(cur), nil
}

// List describes every key, oldest first.
func (k *Keys) List(ctx context.Context) ([]KeyInfo, error) {
	keys, cur, err := k.all(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]KeyInfo, len(keys))
	for i, sk := range keys {
		out[i] = KeyInfo{KID: sk.KID, Created: sk.Created, Current: sk.KID == cur}
	}
	slices.SortFunc(out, func(a, b KeyInfo) int { return a.Created.Compare(b.Created) })
	return out, nil
}

// get reads key kid; ok is false when there is none.
func (k *Keys) get(ctx context.Context, kid string) (storedKey, bool, error) {
	b, err := k.kv.Get(ctx, keyPrefix+kid)
	if errors.Is(err, kv.ErrNotFound) {
		return storedKey{}, false, nil
	}
	if err != nil {
		return storedKey{}, false, fmt.Errorf("signing: read key: %w", err)
	}
	var sk storedKey
	if err := json.Unmarshal(b, &sk); err != nil || len(sk.Seed) != ed25519.SeedSize {
		return storedKey{}, false, fmt.Errorf("signing: key %s is damaged", kid)
	}
	return sk, true, nil
}

// current reads the key that signs, making the first one if there is
// none yet (a node that started while the shared state was away).
func (k *Keys) current(ctx context.Context) (storedKey, error) {
	for range 2 {
		cur, err := k.kv.Get(ctx, currentKey)
		if err == nil {
			sk, ok, err := k.get(ctx, string(cur))
			if err != nil {
				return storedKey{}, err
			}
			if ok {
				return sk, nil
			}
		} else if !errors.Is(err, kv.ErrNotFound) {
			return storedKey{}, fmt.Errorf("signing: read the current key: %w", err)
		}
		if _, _, err := k.Ensure(ctx); err != nil {
			return storedKey{}, err
		}
	}
	return storedKey{}, errors.New("signing: no current key after making one")
}
