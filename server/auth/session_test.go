package auth

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"mespoints/server/kv"
)

// signIn signs in with provider in browser b and returns the session
// cookie's value.
func (e *env) signIn(t *testing.T, b *http.Client, provider string) string {
	t.Helper()
	state, code := e.login(t, b, provider)
	res := e.callback(t, b, provider, url.Values{"state": {state}, "code": {code}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign-in with %s = %d: %s", provider, res.StatusCode, res.body)
	}
	return e.sessionCookie(b)
}

// sessionOf returns the session the cookie value opens.
func (e *env) sessionOf(cookie string) (Session, error) {
	req, _ := http.NewRequest("GET", e.srv.URL, nil)
	req.AddCookie(&http.Cookie{Name: SessionCookie, Value: cookie})
	s, _, err := e.svc.Session(req)
	return s, err
}

// A session ends after 30 minutes without a request, and after 12 hours
// whatever happens; an expired session is deleted from the store.
func TestSessionLifetime(t *testing.T) {
	for _, tc := range []struct {
		name  string
		steps []time.Duration // requests after each wait
		alive bool
	}{
		{"29 minutes idle", []time.Duration{29 * time.Minute}, true},
		{"31 minutes idle", []time.Duration{31 * time.Minute}, false},
		{"active for 11 h 50", repeat(25*time.Minute, 28), true},
		{"active for 12 h 05", repeat(25*time.Minute, 29), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t)
			cookie := e.signIn(t, newBrowser(t), Usager)
			var err error
			for _, d := range tc.steps {
				e.clock.Advance(d)
				if _, err = e.sessionOf(cookie); err != nil {
					break
				}
			}
			if tc.alive != (err == nil) {
				t.Fatalf("session alive = %v (err %v), want %v", err == nil, err, tc.alive)
			}
			if !tc.alive {
				if !errors.Is(err, ErrNoSession) {
					t.Errorf("err = %v, want ErrNoSession", err)
				}
				if n := e.sessions(t); n != 0 {
					t.Errorf("the expired session is still stored (%d)", n)
				}
			}
		})
	}
}

func repeat(d time.Duration, n int) []time.Duration {
	out := make([]time.Duration, n)
	for i := range out {
		out[i] = d
	}
	return out
}

// Every sign-in gets a new identifier; the browser's previous session is
// deleted, not reused.
func TestNewSessionAtEverySignIn(t *testing.T) {
	e := newEnv(t)
	b := newBrowser(t)
	first := e.signIn(t, b, Usager)
	second := e.signIn(t, b, FranceConnect)
	if first == second {
		t.Fatal("the second sign-in kept the session identifier")
	}
	if _, err := e.sessionOf(first); !errors.Is(err, ErrNoSession) {
		t.Errorf("the first session still opens: %v", err)
	}
	if s, err := e.sessionOf(second); err != nil || s.Provider != FranceConnect {
		t.Errorf("second session: %+v, %v", s, err)
	}
	if n := e.sessions(t); n != 1 {
		t.Errorf("%d sessions stored, want 1", n)
	}
}

// Forged, truncated or unknown cookies open nothing.
func TestForgedSessionCookies(t *testing.T) {
	e := newEnv(t)
	good := e.signIn(t, newBrowser(t), Usager)
	for _, v := range []string{"", "x", good[:42], good + "A", randomToken(), strings.ToUpper(good), "../../etc/passwd"} {
		if _, err := e.sessionOf(v); !errors.Is(err, ErrNoSession) {
			t.Errorf("cookie %q: err = %v, want ErrNoSession", v, err)
		}
	}
}

// ttlRecorder is the shared state the service uses, recording the ttl
// of every entry written.
type ttlRecorder struct {
	kv.Store
	mu   sync.Mutex
	ttls map[string]time.Duration
}

type recordingTx struct {
	kv.Tx
	r *ttlRecorder
}

func (t recordingTx) Put(key string, value []byte, ttl time.Duration) {
	t.r.mu.Lock()
	t.r.ttls[key] = ttl
	t.r.mu.Unlock()
	t.Tx.Put(key, value, ttl)
}

func (r *ttlRecorder) Update(ctx context.Context, fn func(kv.Tx) error) error {
	return r.Store.Update(ctx, func(tx kv.Tx) error { return fn(recordingTx{tx, r}) })
}

// The shared state forgets a session by itself: its entry is written with
// a ttl that covers its idle timeout (plus a margin for the nodes'
// clocks), rewritten at each touch, and never reaching past its maximum
// age; so an abandoned session is gone from the store some 32 minutes
// after its last request, with no purge to run.
func TestSessionEntriesExpireByThemselves(t *testing.T) {
	e := newEnv(t)
	rec := &ttlRecorder{Store: e.kv, ttls: map[string]time.Duration{}}
	e.svc.kv = rec
	cookie := e.signIn(t, newBrowser(t), Usager)
	key := sessionKeyOf(cookie)
	if got := rec.ttls[key]; got != IdleTimeout+ttlMargin {
		t.Fatalf("new session written with ttl %v, want %v", got, IdleTimeout+ttlMargin)
	}
	// Touched 11 h 45 later (kept alive all along), the ttl stops at the
	// maximum age.
	for range 47 {
		e.clock.Advance(15 * time.Minute)
		if _, err := e.sessionOf(cookie); err != nil {
			t.Fatal(err)
		}
	}
	if got, want := rec.ttls[key], 15*time.Minute+ttlMargin; got != want {
		t.Errorf("session touched 15 min before its maximum age written with ttl %v, want %v", got, want)
	}
	// Pending sign-ins, codes, sign-out states and locks have theirs too.
	for k, ttl := range rec.ttls {
		if ttl == 0 && k != keyAddressSecret {
			t.Errorf("%s written with no ttl", prefixOf(k))
		}
	}
}

// GET /auth/logout signs nobody out: it asks in French, with a form.
func TestLogoutNeedsAPost(t *testing.T) {
	e := newEnv(t)
	b := newBrowser(t)
	e.signIn(t, b, Usager)
	res := do(t, b, "GET", e.srv.URL+"/auth/logout", nil)
	if res.StatusCode != http.StatusOK {
		t.Errorf("status %d", res.StatusCode)
	}
	checkFrenchPage(t, res.body, `<form method="post" action="/auth/logout">`)
	checkFrenchPage(t, res.body, `<form method="post" action="/auth/logout-everywhere">`)
	if n := e.sessions(t); n != 1 {
		t.Errorf("GET signed out: %d sessions", n)
	}
	// Another site cannot sign the person out either.
	res = do(t, b, "POST", e.srv.URL+"/auth/logout", map[string]string{"Sec-Fetch-Site": "cross-site", "Origin": "https://ailleurs.example"})
	if res.StatusCode != http.StatusForbidden {
		t.Errorf("cross-site sign-out = %d, want 403", res.StatusCode)
	}
	checkFrenchPage(t, res.body, "vient d'un autre site")
	if n := e.sessions(t); n != 1 {
		t.Errorf("a cross-site POST signed out: %d sessions", n)
	}
}
