package auth

import (
	"context"
	"testing"
	"time"

	"mespoints/server/kv"
)

// An account is kept AccountRetention after its last sign-in, and its
// dossier's links as long as the most recently used of their accounts:
// each sign-in writes both again with the whole retention ahead, so the
// shared state forgets by itself an account nobody uses (storage
// limitation, RGPD article 5.1.e) and never one in use.
func TestAccountsGoWhenUnusedForTheRetention(t *testing.T) {
	e := newEnv(t)
	rec := &ttlRecorder{Store: e.kv, ttls: map[string]time.Duration{}}
	e.svc.kv = rec
	b := newBrowser(t)
	cookie := e.signIn(t, b, Usager)
	sess, err := e.sessionOf(cookie)
	if err != nil {
		t.Fatal(err)
	}
	const neph = "123456789012"
	if err := rec.Update(context.Background(), func(tx kv.Tx) error {
		a, err := getAccount(tx, sess.Account)
		if err != nil {
			return err
		}
		_, err = e.svc.link(tx, a, neph, ProofEmailCode, e.clock.Now())
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if got := rec.ttls[accountKey(sess.Account)]; got != AccountRetention+ttlMargin {
		t.Errorf("account written with ttl %v, want %v", got, AccountRetention+ttlMargin)
	}
	// A year later the person signs in again: both entries have the
	// whole retention ahead again.
	e.clock.Advance(365 * 24 * time.Hour)
	e.signIn(t, newBrowser(t), Usager)
	for _, key := range []string{accountKey(sess.Account), linksKey(neph)} {
		if got := rec.ttls[key]; got != AccountRetention+ttlMargin {
			t.Errorf("%s written at the next sign-in with ttl %v, want %v", prefixOf(key), got, AccountRetention+ttlMargin)
		}
	}
}

// A link whose account has gone unused for the retention no longer
// counts, even while the dossier's entry lasts for another account: the
// holder's list leaves it out, and it does not hold the dossier's
// FranceConnect place, so that a new FranceConnect account of the holder
// is linked by itself.
func TestLinksOfExpiredAccountsNoLongerCount(t *testing.T) {
	t0 := time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)
	d := dossierLinks{Links: []dossierLink{
		{Account: "ancien-fc", Provider: FranceConnect, LinkedAt: t0.AddDate(-4, 0, 0), LastUsed: t0.Add(-AccountRetention - time.Hour), Proof: ProofFranceConnect},
		{Account: "usager", Provider: Usager, LinkedAt: t0.AddDate(-1, 0, 0), LastUsed: t0.Add(-time.Hour), Proof: ProofEmailCode},
	}}
	for _, tc := range []struct {
		at       time.Time
		fcTaken  bool
		accounts int
	}{
		{t0, false, 1},
		{t0.Add(-2 * time.Hour), true, 2},                  // the day before it expired
		{t0.Add(AccountRetention), false, 0},               // both gone
		{t0.Add(AccountRetention - 2*time.Hour), false, 1}, // the licence account still there
	} {
		live := d.live(tc.at)
		if _, taken := live.of(FranceConnect); taken != tc.fcTaken {
			t.Errorf("at %s: FranceConnect place taken = %v, want %v", tc.at, taken, tc.fcTaken)
		}
		if n := len(listOf(live, Account{ID: "usager", NEPH: "123456789012"})); n != tc.accounts {
			t.Errorf("at %s: the holder's list has %d accounts, want %d", tc.at, n, tc.accounts)
		}
	}
}
