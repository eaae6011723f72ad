package auth

import (
	"errors"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
)

// One address cannot flush the pending sign-ins of others: 10,500
// sign-ins started from one address get at most 30 pending (then a
// French 429 page), while a person who had started signing in from
// another address before the flood, and one who starts after it, both
// finish. An IPv6 address counts with its /64.
func TestPendingSignInsAreLimitedPerAddress(t *testing.T) {
	e := newEnv(t)
	e.svc.ipHeader = "X-Forwarded-For"
	from := func(addr string) map[string]string { return map[string]string{"X-Forwarded-For": addr} }
	early := newBrowser(t)
	res := do(t, early, "GET", e.srv.URL+"/auth/usager/login", from("198.51.100.7"))
	if res.StatusCode != http.StatusFound {
		t.Fatalf("first sign-in = %d", res.StatusCode)
	}
	location := res.Header.Get("Location")

	var started, refused atomic.Int64
	var wg sync.WaitGroup
	jobs := make(chan int)
	for range 8 {
		wg.Go(func() {
			c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
			for range jobs {
				req, _ := http.NewRequest("GET", e.srv.URL+"/auth/usager/login", nil)
				req.Header.Set("X-Forwarded-For", "203.0.113.9")
				r, err := c.Do(req)
				if err != nil {
					t.Error(err)
					return
				}
				r.Body.Close()
				switch r.StatusCode {
				case http.StatusFound:
					started.Add(1)
				case http.StatusTooManyRequests:
					refused.Add(1)
				default:
					t.Errorf("flood: status %d", r.StatusCode)
				}
			}
		})
	}
	for i := range 10500 {
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	if started.Load() != MaxPendingPerAddress || refused.Load() != 10500-MaxPendingPerAddress {
		t.Errorf("flood: %d started, %d refused; want %d started", started.Load(), refused.Load(), MaxPendingPerAddress)
	}
	page := do(t, newBrowser(t), "GET", e.srv.URL+"/auth/usager/login", from("203.0.113.9"))
	if page.StatusCode != http.StatusTooManyRequests {
		t.Errorf("sign-in from the flooding address = %d, want 429", page.StatusCode)
	}
	checkFrenchPage(t, page.body, "Trop de connexions en cours depuis votre adresse, réessayez dans quelques minutes")

	// The early person finishes.
	state, code := e.fps[Usager].authorize(t, location)
	if res := e.callback(t, early, Usager, url.Values{"state": {state}, "code": {code}}); res.StatusCode != http.StatusSeeOther {
		t.Errorf("the sign-in started before the flood = %d: %s", res.StatusCode, res.body)
	}
	// Someone elsewhere starts and finishes.
	late := newBrowser(t)
	res = do(t, late, "GET", e.srv.URL+"/auth/franceconnect/login", from("2001:db8:5::1"))
	state, code = e.fps[FranceConnect].authorize(t, res.Header.Get("Location"))
	if res := e.callback(t, late, FranceConnect, url.Values{"state": {state}, "code": {code}}); res.StatusCode != http.StatusSeeOther {
		t.Errorf("a sign-in after the flood = %d: %s", res.StatusCode, res.body)
	}
	// An IPv6 subscriber changing address within its /64 is one address.
	for i := range MaxPendingPerAddress {
		addr := "2001:db8:77:1:" + strings.Repeat("a", 1+i%4) + "::" + string(rune('1'+i%9))
		if r := do(t, newBrowser(t), "GET", e.srv.URL+"/auth/usager/login", from(addr)); r.StatusCode != http.StatusFound {
			t.Fatalf("IPv6 sign-in %d = %d", i, r.StatusCode)
		}
	}
	if r := do(t, newBrowser(t), "GET", e.srv.URL+"/auth/usager/login", from("2001:db8:77:1:ffff::42")); r.StatusCode != http.StatusTooManyRequests {
		t.Errorf("another address of the same /64 = %d, want 429", r.StatusCode)
	}
	if r := do(t, newBrowser(t), "GET", e.srv.URL+"/auth/usager/login", from("2001:db8:77:2::1")); r.StatusCode != http.StatusFound {
		t.Errorf("the next /64 = %d, want 302", r.StatusCode)
	}
}

// Addresses are grouped as one subscriber holds them: an IPv4 address
// alone (written as IPv4-mapped IPv6 too), an IPv6 address with its /64.
func TestAddressGroups(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		same bool
	}{
		{"192.0.2.1", "::ffff:192.0.2.1", true},
		{"192.0.2.1", "192.0.2.2", false},
		{"2001:db8:1:2::1", "2001:db8:1:2:ffff:ffff:ffff:fffe", true},
		{"2001:db8:1:2::1", "2001:db8:1:3::1", false},
		{"fe80::1%eth0", "fe80::2", true},
		{"pas-une-adresse", "pas-une-adresse", true},
		{"pas-une-adresse", "192.0.2.1", false},
	} {
		if got := addressGroup(tc.a) == addressGroup(tc.b); got != tc.same {
			t.Errorf("%s and %s in one group: %v, want %v (%s, %s)", tc.a, tc.b, got, tc.same, addressGroup(tc.a), addressGroup(tc.b))
		}
	}
}

// ?retour= brings a linked person back to the app's page they came from,
// but never to the linking form (the FranceConnect button of the form's
// no_contact or dossier_taken links at once: the dossier is what comes
// next); anything but a page of the app is ignored, and an unlinked
// person still goes to the linking form.
func TestSignInReturnsToTheAppPage(t *testing.T) {
	for _, tc := range []struct {
		provider, retour, want string
	}{
		{FranceConnect, "/historique", "/historique"},
		{FranceConnect, "/compte", "/compte"},
		{FranceConnect, "/rattachement", PathLinked},
		{FranceConnect, "//ailleurs.example/solde", PathLinked},
		{FranceConnect, "https://ailleurs.example/", PathLinked},
		{FranceConnect, "/\\ailleurs.example", PathLinked},
		{FranceConnect, "/api/v1/me", PathLinked},
		{FranceConnect, "/historique?x=1", PathLinked},
		{Usager, "/historique", PathUnlinked},
	} {
		e := newEnv(t)
		b := newBrowser(t)
		res := do(t, b, "GET", e.srv.URL+"/auth/"+tc.provider+"/login?retour="+url.QueryEscape(tc.retour), nil)
		state, code := e.fps[tc.provider].authorize(t, res.Header.Get("Location"))
		res = e.callback(t, b, tc.provider, url.Values{"state": {state}, "code": {code}})
		if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != tc.want {
			t.Errorf("%s ?retour=%s: %d to %q, want %s", tc.provider, tc.retour, res.StatusCode, res.Header.Get("Location"), tc.want)
		}
	}
}

// The per-address limits survive a restart and are the same on every
// node: the secret of the addresses' keyed hashes is made once in the
// shared state, not at each start.
func TestAddressBucketsSurviveARestart(t *testing.T) {
	e := newEnv(t)
	ctx := t.Context()
	before, err := e.svc.addressBucket(ctx, "192.0.2.1")
	if err != nil {
		t.Fatal(err)
	}
	restarted, err := New(Options{KV: e.kv, Store: e.store, BaseURL: e.srv.URL})
	if err != nil {
		t.Fatal(err)
	}
	after, err := restarted.addressBucket(ctx, "::ffff:192.0.2.1")
	if err != nil || after != before {
		t.Errorf("after a restart the address is %q (%v), was %q", after, err, before)
	}
	elsewhere := newEnv(t)
	if other, _ := elsewhere.svc.addressBucket(ctx, "192.0.2.1"); other == before {
		t.Error("two services with different shared states hash addresses alike: the secret is not random")
	}
	if strings.Contains(before, "192") {
		t.Errorf("the bucket %q shows the address", before)
	}
}

// A FranceConnect session whose userinfo lacked part of the pivot links no
// dossier by the form: refused as another person's, and counted.
func TestFranceConnectWithoutAPivotLinksNothing(t *testing.T) {
	e := newEnv(t)
	e.fps[FranceConnect].userinfo = func(fp *fakeProvider, w http.ResponseWriter, sub string) {
		c := fp.userClaimsFor(sub)
		delete(c, "birthdate")
		fp.writeUserinfo(w, c)
	}
	cookie := e.signIn(t, newBrowser(t), FranceConnect)
	sess, err := e.sessionOf(cookie)
	if err != nil || sess.Pivot != nil {
		t.Fatalf("session %+v, %v", sess, err)
	}
	rec := camilleRecord(camilleNEPH)
	_, err = e.svc.Link(t.Context(), sess, camilleNEPH, rec.Holder.Birthdate.String(), "192.0.2.1")
	var mismatch *IdentityMismatchError
	if !errors.As(err, &mismatch) || mismatch.Pivot.GivenNames != "" {
		t.Errorf("link without a pivot: %v", err)
	}
}
