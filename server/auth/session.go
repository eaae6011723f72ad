package auth

import (
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"time"

	bolt "go.etcd.io/bbolt"

	"mespoints/server/store"
)

// Session lifetimes (issue 5): a session ends after 30 minutes without a
// request, and 12 hours after sign-in whatever happens.
const (
	IdleTimeout   = 30 * time.Minute
	MaxSessionAge = 12 * time.Hour
)

// touchEvery is how stale LastSeen may get before a request rewrites it:
// writing it at every request would cost a disk sync each.
const touchEvery = time.Minute

// SessionCookie is the name of the session cookie. The __Host- prefix
// makes the browser refuse it unless it is Secure, has Path=/ and no
// Domain; Chromium accepts it on http://localhost and http://127.0.0.1 too,
// which are secure contexts (checked by the browser tests).
const SessionCookie = "__Host-mespoints-session"

// flowCookie binds a pending sign-in to the browser that started it.
const flowCookie = "__Host-mespoints-signin"

// Session is a signed-in person's session, as the server stores it: in the
// sessions bucket, keyed by the SHA-256 of the identifier the cookie holds,
// which itself is never stored.
type Session struct {
	// Provider is Usager or FranceConnect.
	Provider string `json:"provider"`
	// ACR is the authentication level the provider vouched for ("eidas1"
	// for FranceConnect), empty for the licence account.
	ACR string `json:"acr,omitempty"`
	// Account is the ID of the account signed in.
	Account string `json:"account"`
	// Created is when the person signed in.
	Created time.Time `json:"created"`
	// LastSeen is the time of the last request, to the minute.
	LastSeen time.Time `json:"last_seen"`
	// IDToken is FranceConnect's ID token, kept for the id_token_hint of
	// the sign-out; it never reaches the browser.
	IDToken string `json:"id_token,omitempty"`

	key []byte
}

// expired tells whether the session is over at now.
func (s Session) expired(now time.Time) bool {
	return now.Sub(s.LastSeen) > IdleTimeout || now.Sub(s.Created) > MaxSessionAge
}

// sessionKey is the bucket key of a session identifier.
func sessionKey(id string) []byte {
	h := sha256.Sum256([]byte(id))
	return h[:]
}

// createSession stores a new session and returns its identifier, for the
// cookie.
func (s *Service) createSession(sess Session) (string, error) {
	id := randomToken()
	b, err := json.Marshal(sess)
	if err != nil {
		return "", fmt.Errorf("create session: %w", err)
	}
	err = s.store.Update(func(tx *bolt.Tx) error {
		return tx.Bucket(store.BucketSessions).Put(sessionKey(id), b)
	})
	if err != nil {
		return "", fmt.Errorf("create session: %w", err)
	}
	return id, nil
}

// ErrNoSession is returned by Service.Session when the request carries no
// live session.
var ErrNoSession = errors.New("no session")

// Session returns the live session of the request's cookie and the
// account signed in. It returns an error wrapping ErrNoSession when there
// is none: no cookie, an unknown identifier, or an expired session (which
// is then deleted).
func (s *Service) Session(r *http.Request) (Session, Account, error) {
	c, err := r.Cookie(SessionCookie)
	if err != nil || len(c.Value) != 43 {
		return Session{}, Account{}, ErrNoSession
	}
	key := sessionKey(c.Value)
	now := s.now()
	var sess Session
	var acct Account
	var stale bool
	err = s.store.View(func(tx *bolt.Tx) error {
		v := tx.Bucket(store.BucketSessions).Get(key)
		if v == nil {
			return ErrNoSession
		}
		if err := json.Unmarshal(v, &sess); err != nil {
			return fmt.Errorf("read session: %w", err)
		}
		if sess.expired(now) {
			stale = true
			return ErrNoSession
		}
		a, err := getAccount(tx, sess.Account)
		if err != nil {
			return err
		}
		acct = a
		return nil
	})
	if stale {
		if err := s.deleteSession(key); err != nil {
			return Session{}, Account{}, err
		}
	}
	if err != nil {
		return Session{}, Account{}, err
	}
	sess.key = key
	if now.Sub(sess.LastSeen) >= touchEvery {
		if err := s.touch(key, now); err != nil {
			return Session{}, Account{}, err
		}
	}
	return sess, acct, nil
}

// touch sets the LastSeen time of a session.
func (s *Service) touch(key []byte, now time.Time) error {
	err := s.store.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(store.BucketSessions)
		v := b.Get(key)
		if v == nil {
			return nil // signed out meanwhile
		}
		var sess Session
		if err := json.Unmarshal(v, &sess); err != nil {
			return err
		}
		sess.LastSeen = now
		nv, err := json.Marshal(sess)
		if err != nil {
			return err
		}
		return b.Put(key, nv)
	})
	if err != nil {
		return fmt.Errorf("touch session: %w", err)
	}
	return nil
}

// deleteSession removes a session.
func (s *Service) deleteSession(key []byte) error {
	err := s.store.Update(func(tx *bolt.Tx) error {
		return tx.Bucket(store.BucketSessions).Delete(key)
	})
	if err != nil {
		return fmt.Errorf("delete session: %w", err)
	}
	return nil
}

// PurgeSessions deletes every expired session and returns how many it
// deleted. The server runs it now and then; Session also deletes an
// expired session it meets.
func (s *Service) PurgeSessions() (int, error) {
	now := s.now()
	n := 0
	err := s.store.Update(func(tx *bolt.Tx) error {
		var err error
		n, err = deleteWhere(tx.Bucket(store.BucketSessions), func(k, v []byte) bool {
			var sess Session
			return json.Unmarshal(v, &sess) != nil || sess.expired(now)
		})
		return err
	})
	if err != nil {
		return n, fmt.Errorf("purge sessions: %w", err)
	}
	return n, nil
}

// CountSessions returns the number of stored sessions, live or not.
func (s *Service) CountSessions() (int, error) {
	var n int
	err := s.store.View(func(tx *bolt.Tx) error {
		n = tx.Bucket(store.BucketSessions).Stats().KeyN
		return nil
	})
	return n, err
}

// setCookie writes a cookie with the attributes every cookie of the
// service has: HttpOnly, Secure, SameSite=Lax, Path=/ (as __Host- asks).
// maxAge 0 makes a browser-session cookie, -1 deletes it.
func setCookie(w http.ResponseWriter, name, value string, maxAge int) {
	http.SetCookie(w, &http.Cookie{
		Name:     name,
		Value:    value,
		Path:     "/",
		MaxAge:   maxAge,
		Secure:   true,
		HttpOnly: true,
		SameSite: http.SameSiteLaxMode,
	})
}
