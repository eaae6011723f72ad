package auth

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"math/big"
	"slices"
	"time"

	"mespoints/server/kv"
)

// flowLifetime is how long a person has to sign in at the provider.
const flowLifetime = 10 * time.Minute

// MaxPendingPerAddress bounds the sign-ins waiting for their callback
// from one address group (an IPv4 address, an IPv6 /64): beyond, a new
// sign-in from there is refused until some complete or expire. No one
// else's pending sign-in is ever dropped to make room.
const MaxPendingPerAddress = 30

// flow is a sign-in waiting for the provider's callback: what the
// callback needs to finish it. It is kept in the shared state, keyed by
// the hash of its state, and the state is also in a short-lived cookie of
// the browser that started it, so that a callback is only accepted once,
// in that browser.
type flow struct {
	Provider string    `json:"provider,omitempty"`
	Verifier string    `json:"verifier,omitempty"` // PKCE code verifier
	Nonce    string    `json:"nonce,omitempty"`
	Address  string    `json:"address,omitempty"` // the address bucket it counts in
	Return   string    `json:"return,omitempty"`  // the app's path to go back to
	Expires  time.Time `json:"expires,omitzero"`
	Used     bool      `json:"used,omitempty"`
}

// pendingFrom is the entry auth/flows-from/<address>: the expiries of the
// pending sign-ins started from one address bucket.
type pendingFrom struct {
	Expires []time.Time `json:"expires"`
}

// errTooManyPending refuses a sign-in from an address with too many
// pending.
var errTooManyPending = errors.New("too many sign-ins pending from this address")

// errUnknownState is a callback whose state is unknown, used or expired.
var errUnknownState = errors.New("state unknown, used or expired")

// startFlow records f under state, counted against its address bucket.
func (s *Service) startFlow(ctx context.Context, state string, f flow, now time.Time) error {
	err := s.kv.Update(ctx, func(tx kv.Tx) error {
		p, _, err := getJSON[pendingFrom](tx, flowsFromKey(f.Address))
		if err != nil {
			return err
		}
		p.Expires = slices.DeleteFunc(p.Expires, func(t time.Time) bool { return !t.After(now) })
		if len(p.Expires) >= MaxPendingPerAddress {
			return errTooManyPending
		}
		p.Expires = append(p.Expires, f.Expires)
		if err := putJSON(tx, flowsFromKey(f.Address), p, ttlUntil(f.Expires, now)); err != nil {
			return err
		}
		return putJSON(tx, flowKey(state), f, ttlUntil(f.Expires, now))
	})
	if err != nil && !errors.Is(err, errTooManyPending) {
		return fmt.Errorf("start a sign-in: %w", err)
	}
	return err
}

// takeFlow returns the flow of state and marks it used: a state serves
// once. It fails with errUnknownState for an unknown, used or expired
// state.
func (s *Service) takeFlow(ctx context.Context, state string, now time.Time) (flow, error) {
	var f flow
	err := s.kv.Update(ctx, func(tx kv.Tx) error {
		got, ok, err := getJSON[flow](tx, flowKey(state))
		if err != nil {
			return err
		}
		if !ok || got.Used {
			return errUnknownState
		}
		if err := putJSON(tx, flowKey(state), flow{Used: true}, ttlUntil(got.Expires, now)); err != nil {
			return err
		}
		p, _, err := getJSON[pendingFrom](tx, flowsFromKey(got.Address))
		if err != nil {
			return err
		}
		if i := slices.IndexFunc(p.Expires, got.Expires.Equal); i >= 0 {
			p.Expires = slices.Delete(p.Expires, i, i+1)
			if err := putJSON(tx, flowsFromKey(got.Address), p, ttlUntil(got.Expires, now)); err != nil {
				return err
			}
		}
		f = got
		return nil
	})
	if err != nil {
		if errors.Is(err, errUnknownState) {
			return flow{}, err
		}
		return flow{}, fmt.Errorf("take a sign-in: %w", err)
	}
	if now.After(f.Expires) {
		return flow{}, errUnknownState
	}
	return f, nil
}

// randomToken returns 32 random bytes in base64url: 43 characters (the
// session cookie's identifier).
func randomToken() string {
	b := make([]byte, 32)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// alphanumeric are the characters of states and nonces.
const alphanumeric = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"

// stateLength is the length of every state and nonce: FranceConnect's
// versions ask for at least 22 characters, exactly 64, alphanumeric only;
// 64 of [A-Za-z0-9] (381 bits) passes all of them, for both providers.
const stateLength = 64

// randomState returns stateLength random characters of [A-Za-z0-9].
func randomState() string {
	b := make([]byte, stateLength)
	n := big.NewInt(int64(len(alphanumeric)))
	for i := range b {
		k, err := rand.Int(rand.Reader, n)
		if err != nil {
			panic(err) // crypto/rand does not fail
		}
		b[i] = alphanumeric[k.Int64()]
	}
	return string(b)
}

// sameSecret compares two secrets in constant time.
func sameSecret(a, b string) bool {
	return subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1
}
