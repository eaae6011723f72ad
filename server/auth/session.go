package auth

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"time"

	"mespoints/server/kv"
)

// Session lifetimes (issue 5): a session ends after 30 minutes without a
// request, and 12 hours after sign-in whatever happens.
const (
	IdleTimeout   = 30 * time.Minute
	MaxSessionAge = 12 * time.Hour
)

// touchEvery is how stale LastSeen may get before a request rewrites it:
// writing it at every request would cost a write to the shared state each.
const touchEvery = time.Minute

// maxIndexedSessions bounds the sessions of one account that "sign out
// everywhere" and account deletion find and delete; any beyond (opened
// and dropped within 12 hours) are ended by the account's generation all
// the same, and vanish with their ttl.
const maxIndexedSessions = 100

// SessionCookie is the name of the session cookie. The __Host- prefix
// makes the browser refuse it unless it is Secure, has Path=/ and no
// Domain; Chromium accepts it on http://localhost and http://127.0.0.1 too,
// which are secure contexts (checked by the browser tests).
const SessionCookie = "__Host-mespoints-session"

// flowCookie binds a pending sign-in to the browser that started it.
const flowCookie = "__Host-mespoints-signin"

// Session is a signed-in person's session, as the shared state stores it,
// keyed by the SHA-256 of the identifier the cookie holds, which itself is
// never stored.
type Session struct {
	// Provider is Usager or FranceConnect.
	Provider string `json:"provider"`
	// ACR is the authentication level the provider vouched for ("eidas1"
	// for FranceConnect), empty for the licence account.
	ACR string `json:"acr,omitempty"`
	// Account is the ID of the account signed in.
	Account string `json:"account"`
	// Generation is the account's generation when the session opened
	// (see Account.Generation): a session of an older one is over.
	Generation string `json:"generation"`
	// Created is when the person signed in.
	Created time.Time `json:"created"`
	// LastSeen is the time of the last request, to the minute.
	LastSeen time.Time `json:"last_seen"`
	// IDToken is the provider's ID token, kept for the id_token_hint of
	// the sign-out at the provider; it never reaches the browser but then.
	IDToken string `json:"id_token,omitempty"`
	// Pivot is FranceConnect's identity pivot at this sign-in: a
	// FranceConnect session links only the dossier of that person.
	Pivot *Pivot `json:"pivot,omitempty"`

	key string
}

// expired tells whether the session is over at now.
func (s Session) expired(now time.Time) bool {
	return now.Sub(s.LastSeen) > IdleTimeout || now.Sub(s.Created) > MaxSessionAge
}

// ttl is the ttl of the session's entry written at now: until it would be
// idle too long, never past its maximum age, plus the margin.
func (s Session) ttl(now time.Time) time.Duration {
	end := now.Add(IdleTimeout)
	if last := s.Created.Add(MaxSessionAge); last.Before(end) {
		end = last
	}
	return ttlUntil(end, now)
}

// sessionIndex is the entry auth/sessions-of/<account>.
type sessionIndex struct {
	Sessions []indexedSession `json:"sessions"`
}

// indexedSession is one session of an account: its key and when it ends
// at the latest.
type indexedSession struct {
	Key   string    `json:"key"`
	Until time.Time `json:"until"`
}

// putSession writes a new session in tx, indexed under its account.
func putSession(tx kv.Tx, key string, sess Session, now time.Time) error {
	idx, _, err := getJSON[sessionIndex](tx, sessionsOfKey(sess.Account))
	if err != nil {
		return err
	}
	idx.Sessions = slices.DeleteFunc(idx.Sessions, func(e indexedSession) bool { return !e.Until.After(now) })
	idx.Sessions = append(idx.Sessions, indexedSession{Key: key, Until: sess.Created.Add(MaxSessionAge)})
	if len(idx.Sessions) > maxIndexedSessions {
		idx.Sessions = idx.Sessions[len(idx.Sessions)-maxIndexedSessions:]
	}
	if err := putJSON(tx, sessionsOfKey(sess.Account), idx, ttlUntil(now.Add(MaxSessionAge), now)); err != nil {
		return err
	}
	return putJSON(tx, key, sess, sess.ttl(now))
}

// endSessions deletes every indexed session of account id in tx.
func endSessions(tx kv.Tx, id string) error {
	idx, _, err := getJSON[sessionIndex](tx, sessionsOfKey(id))
	if err != nil {
		return err
	}
	for _, e := range idx.Sessions {
		tx.Delete(e.Key)
	}
	tx.Delete(sessionsOfKey(id))
	return nil
}

// ErrNoSession is returned by Service.Session when the request carries no
// live session.
var ErrNoSession = errors.New("no session")

// HasSessionCookie tells whether the request carries a session cookie,
// live or not: an API answers "session expired" rather than "not signed
// in" then.
func HasSessionCookie(r *http.Request) bool {
	_, err := r.Cookie(SessionCookie)
	return err == nil
}

// Session returns the live session of the request's cookie and the
// account signed in. It returns an error wrapping ErrNoSession when there
// is none: no cookie, an unknown identifier, an expired session (which is
// then deleted), or a session ended everywhere; and an error wrapping
// kv.ErrUnavailable when the shared state cannot answer. It reads two
// entries, and writes the session once a minute at most.
func (s *Service) Session(r *http.Request) (Session, Account, error) {
	c, err := r.Cookie(SessionCookie)
	if err != nil || len(c.Value) != 43 {
		return Session{}, Account{}, ErrNoSession
	}
	ctx := r.Context()
	key := sessionKeyOf(c.Value)
	now := s.now()
	sess, ok, err := readDecoded(ctx, s.kv, s.sessions, key)
	if err != nil {
		return Session{}, Account{}, fmt.Errorf("read session: %w", err)
	}
	if !ok {
		return Session{}, Account{}, ErrNoSession
	}
	sess.key = key
	if sess.expired(now) {
		s.dropSession(ctx, key)
		return Session{}, Account{}, ErrNoSession
	}
	acct, err := s.Account(ctx, sess.Account)
	if errors.Is(err, errNoAccount) || (err == nil && acct.Generation != sess.Generation) {
		s.dropSession(ctx, key)
		return Session{}, Account{}, ErrNoSession
	}
	if err != nil {
		return Session{}, Account{}, err
	}
	if now.Sub(sess.LastSeen) >= touchEvery {
		if err := s.touch(ctx, key, now); err != nil {
			return Session{}, Account{}, err
		}
		sess.LastSeen = now
	}
	return sess, acct, nil
}

// touch sets the LastSeen time of a session.
func (s *Service) touch(ctx context.Context, key string, now time.Time) error {
	err := s.kv.Update(ctx, func(tx kv.Tx) error {
		sess, ok, err := getJSON[Session](tx, key)
		if err != nil || !ok {
			return err // !ok: signed out meanwhile
		}
		sess.LastSeen = now
		return putJSON(tx, key, sess, sess.ttl(now))
	})
	if err != nil {
		return fmt.Errorf("touch session: %w", err)
	}
	return nil
}

// deleteSession removes a session.
func (s *Service) deleteSession(ctx context.Context, key string) error {
	err := s.kv.Update(ctx, func(tx kv.Tx) error {
		tx.Delete(key)
		return nil
	})
	if err != nil {
		return fmt.Errorf("delete session: %w", err)
	}
	return nil
}

// dropSession deletes a session that is over; its ttl deletes it anyway
// should this fail, so a failure is only logged.
func (s *Service) dropSession(ctx context.Context, key string) {
	if err := s.deleteSession(ctx, key); err != nil {
		s.log.Warn("delete an ended session", "err", err)
	}
}

// CountSessions returns the number of stored sessions, live or not (for
// tests and the operator).
func (s *Service) CountSessions() (int, error) {
	n, after := 0, ""
	for {
		page, err := s.kv.List(context.Background(), prefixSession, after, 1000)
		if err != nil {
			return n, fmt.Errorf("count sessions: %w", err)
		}
		n += len(page)
		if len(page) < 1000 {
			return n, nil
		}
		after = page[len(page)-1].Key
	}
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
