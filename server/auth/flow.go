package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"sync"
	"time"
)

// flowLifetime is how long a person has to sign in at the provider.
const flowLifetime = 10 * time.Minute

// maxFlows bounds the sign-ins waiting for their callback, so that a client
// starting sign-ins in a loop cannot fill the memory.
const maxFlows = 10000

// flow is a sign-in waiting for the provider's callback: what the callback
// needs to finish it. It is kept server-side, keyed by the hash of its
// state, and the state is also in a short-lived cookie of the browser that
// started it, so that a callback is only accepted once, in that browser.
type flow struct {
	provider string
	verifier string // PKCE code verifier
	nonce    string
	expires  time.Time
}

// flows holds the pending sign-ins.
type flows struct {
	mu sync.Mutex
	m  map[[32]byte]flow
}

func newFlows() *flows { return &flows{m: make(map[[32]byte]flow)} }

// add records f under state, dropping expired flows first; when too many
// are pending it drops the oldest.
func (fs *flows) add(state string, f flow, now time.Time) {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	for k, v := range fs.m {
		if now.After(v.expires) {
			delete(fs.m, k)
		}
	}
	if len(fs.m) >= maxFlows {
		var oldest [32]byte
		var t time.Time
		for k, v := range fs.m {
			if t.IsZero() || v.expires.Before(t) {
				oldest, t = k, v.expires
			}
		}
		delete(fs.m, oldest)
	}
	fs.m[sha256.Sum256([]byte(state))] = f
}

// take returns the flow of state and forgets it: a state serves once. It
// fails for an unknown, used or expired state.
func (fs *flows) take(state string, now time.Time) (flow, bool) {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	k := sha256.Sum256([]byte(state))
	f, ok := fs.m[k]
	if !ok {
		return flow{}, false
	}
	delete(fs.m, k)
	if now.After(f.expires) {
		return flow{}, false
	}
	return f, true
}

// randomToken returns 32 random bytes in base64url: 43 characters.
func randomToken() string {
	b := make([]byte, 32)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// sameSecret compares two secrets in constant time.
func sameSecret(a, b string) bool {
	return subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1
}
