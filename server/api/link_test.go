package api

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	wire "mespoints/api"
	"mespoints/points"
	"mespoints/server/auth"
	"mespoints/server/demo"
	"mespoints/server/store"
)

// keepAlive moves the clock by d in steps of 20 minutes, with a request
// after each so that the session does not end for idleness.
func (e *env) keepAlive(t *testing.T, d time.Duration, people ...*person) {
	t.Helper()
	for d > 0 {
		step := min(d, 20*time.Minute)
		e.clock.Advance(step)
		d -= step
		for _, p := range people {
			if res := p.get(t, "/api/v1/me"); res.status != 200 {
				t.Fatalf("session ended while kept alive: %d", res.status)
			}
		}
	}
}

// The licence account gives no identity pivot: the person links their
// dossier with its number and their date of birth. Malformed answers are
// told apart (they reveal nothing); a wrong answer gets one message that
// does not say which part was wrong.
func TestLinkWithTheForm(t *testing.T) {
	e := newEnv(t, envOptions{})
	p := e.signIn(t, auth.Usager, "camille")
	if p.landed != auth.PathUnlinked {
		t.Fatalf("landed on %s, want the linking form", p.landed)
	}
	rec := e.record(t, "camille")
	var me wire.Me
	p.get(t, "/api/v1/me").decode(t, &me)
	if me.Provider != "usager" || me.ACR != "" || me.Linked || me.NEPH != "" || me.IntegralAllowed || me.GivenName != "Camille" || me.FamilyName != "Lefèvre" {
		t.Errorf("GET /me = %+v", me)
	}
	for _, path := range []string{"/api/v1/dossier", "/api/v1/points", "/api/v1/history", "/api/v1/calendar"} {
		if res := p.get(t, path); res.status != http.StatusConflict || res.apiError(t).Code != wire.CodeNotLinked {
			t.Errorf("GET %s unlinked = %d %s, want 409 not_linked", path, res.status, res.body)
		}
	}
	if res := p.post(t, "/api/v1/whatif", `{"points":1,"class":"c3"}`); res.status != http.StatusConflict || res.apiError(t).Code != wire.CodeNotLinked {
		t.Errorf("whatif unlinked = %d, want 409 not_linked", res.status)
	}
	wrong := errLinkFailed.Message
	for _, tc := range []struct {
		name, body string
		status     int
		code       wire.Code
		msg        string
	}{
		{"not JSON", `neph=1`, 400, wire.CodeInvalidRequest, "objet JSON"},
		{"unknown field", `{"neph":"130575100234","birthdate":"1990-01-01","nom":"x"}`, 400, wire.CodeInvalidRequest, "objet JSON"},
		{"no NEPH", `{"birthdate":"1990-01-01"}`, 400, wire.CodeInvalidRequest, "5 à 19 lettres et chiffres"},
		{"NEPH too short", `{"neph":"1234","birthdate":"1990-01-01"}`, 400, wire.CodeInvalidRequest, "5 à 19 lettres et chiffres"},
		{"NEPH with punctuation", `{"neph":"13057-5100234","birthdate":"1990-01-01"}`, 400, wire.CodeInvalidRequest, "5 à 19 lettres et chiffres"},
		{"impossible date", `{"neph":"130575100234","birthdate":"2001-02-29"}`, 400, wire.CodeInvalidRequest, "date valide"},
		{"date in French format", `{"neph":"130575100234","birthdate":"17/05/1990"}`, 400, wire.CodeInvalidRequest, "date valide"},
		{"unknown NEPH", linkBody("999999999999", rec.Holder.Birthdate), 422, wire.CodeLinkFailed, wrong},
		{"wrong date of birth", linkBody(rec.NEPH, rec.Holder.Birthdate.AddDays(1)), 422, wire.CodeLinkFailed, wrong},
		{"another person's dossier", linkBody(demo.Personas[1].NEPH, rec.Holder.Birthdate), 422, wire.CodeLinkFailed, wrong},
	} {
		res := p.post(t, "/api/v1/link", tc.body)
		got := res.apiError(t)
		if res.status != tc.status || got.Code != tc.code || !strings.Contains(got.Message, tc.msg) {
			t.Errorf("%s: %d %+v, want %d %s %q", tc.name, res.status, got, tc.status, tc.code, tc.msg)
		}
	}
	// Spaces and lower case in the NEPH are what people type.
	neph := strings.ToLower(rec.NEPH[:4] + " " + rec.NEPH[4:8] + " " + rec.NEPH[8:])
	res := p.post(t, "/api/v1/link", linkBody(neph, rec.Holder.Birthdate))
	res.decode(t, &me)
	if res.status != 200 || !me.Linked || me.NEPH != rec.NEPH {
		t.Fatalf("link = %d %s", res.status, res.body)
	}
	if res := p.get(t, "/api/v1/points"); res.status != 200 {
		t.Errorf("GET /points once linked = %d", res.status)
	}
	if res := p.post(t, "/api/v1/link", linkBody(rec.NEPH, rec.Holder.Birthdate)); res.status != http.StatusConflict || res.apiError(t).Code != wire.CodeAlreadyLinked {
		t.Errorf("second link = %d %s, want 409 already_linked", res.status, res.body)
	}
	// Unlink, from the account page.
	res = e.call(t, p, "DELETE", "/api/v1/link", "", nil)
	res.decode(t, &me)
	if res.status != 200 || me.Linked {
		t.Errorf("unlink = %d %s", res.status, res.body)
	}
	if res := p.get(t, "/api/v1/points"); res.status != http.StatusConflict {
		t.Errorf("GET /points after unlink = %d, want 409", res.status)
	}
	if res := e.call(t, p, "DELETE", "/api/v1/link", "", nil); res.status != http.StatusConflict || res.apiError(t).Code != wire.CodeNotLinked {
		t.Errorf("second unlink = %d %s, want 409 not_linked", res.status, res.body)
	}
	trail, _ := e.auth.AuditTrail()
	if len(trail) < 2 || trail[len(trail)-1].Action != "unlink" {
		t.Errorf("unlink not audited: %+v", trail)
	}
}

// Five wrong answers in an hour lock the account for an hour: 429 with
// Retry-After and the time of day it ends, even for the right answer.
// After the hour, the right answer links.
func TestLinkLockout(t *testing.T) {
	e := newEnv(t, envOptions{})
	p := e.signIn(t, auth.Usager, "lucas")
	rec := e.record(t, "lucas")
	bad := linkBody(rec.NEPH, rec.Holder.Birthdate.AddDays(-3))
	for i := 1; i <= 4; i++ {
		if res := p.post(t, "/api/v1/link", bad); res.status != http.StatusUnprocessableEntity {
			t.Fatalf("wrong answer %d = %d, want 422", i, res.status)
		}
	}
	lockedAt := e.clock.Now()
	res := p.post(t, "/api/v1/link", bad)
	checkLocked(t, e, res, lockedAt.Add(time.Hour), time.Hour)
	good := linkBody(rec.NEPH, rec.Holder.Birthdate)
	checkLocked(t, e, p.post(t, "/api/v1/link", good), lockedAt.Add(time.Hour), time.Hour)

	e.keepAlive(t, 59*time.Minute, p)
	checkLocked(t, e, p.post(t, "/api/v1/link", good), lockedAt.Add(time.Hour), time.Minute)

	e.keepAlive(t, time.Minute, p)
	if res := p.post(t, "/api/v1/link", good); res.status != 200 {
		t.Fatalf("right answer after the lock = %d %s", res.status, res.body)
	}
}

// checkLocked checks a 429 answer ending at until, retry after about
// wait.
func checkLocked(t *testing.T, e *env, res apiResponse, until time.Time, wait time.Duration) {
	t.Helper()
	got := res.apiError(t)
	secs := int(wait.Seconds())
	if res.status != http.StatusTooManyRequests || got.Code != wire.CodeLocked || got.RetryAfter != secs || res.header.Get("Retry-After") != strconv.Itoa(secs) {
		t.Fatalf("answer %d %+v, Retry-After %q: want 429 locked, retry after %d s", res.status, got, res.header.Get("Retry-After"), secs)
	}
	if want := fmt.Sprintf("Réessayez après %s.", until.In(e.paris).Format("15:04")); !strings.Contains(got.Message, want) {
		t.Errorf("message %q lacks %q", got.Message, want)
	}
}

// Wrong answers older than an hour no longer count.
func TestLinkFailuresExpire(t *testing.T) {
	e := newEnv(t, envOptions{})
	p := e.signIn(t, auth.Usager, "ines")
	rec := e.record(t, "ines")
	bad := linkBody(rec.NEPH, rec.Holder.Birthdate.AddDays(1))
	for range 4 {
		p.post(t, "/api/v1/link", bad)
	}
	e.keepAlive(t, 61*time.Minute, p)
	for i := 1; i <= 4; i++ {
		if res := p.post(t, "/api/v1/link", bad); res.status != http.StatusUnprocessableEntity {
			t.Fatalf("wrong answer %d of the new hour = %d, want 422", i, res.status)
		}
	}
}

// One client address trying many accounts is stopped after 20 wrong
// answers in an hour, whatever the accounts; other addresses are not.
func TestLinkPerAddressLimit(t *testing.T) {
	e := newEnv(t, envOptions{clientIPHeader: "X-Forwarded-For"})
	from := map[string]string{"X-Forwarded-For": "192.0.2.1, 203.0.113.7"}
	var answers int
	for _, login := range []string{"lucas", "ines", "marc", "sophie", "karim"} {
		p := e.signIn(t, auth.Usager, login)
		p.header = from
		rec := e.record(t, login)
		for range 4 {
			answers++
			res := p.post(t, "/api/v1/link", linkBody(rec.NEPH, rec.Holder.Birthdate.AddDays(2)))
			want := http.StatusUnprocessableEntity
			if answers == auth.MaxAddressFailures {
				want = http.StatusTooManyRequests
			}
			if res.status != want {
				t.Fatalf("wrong answer %d (%s) = %d, want %d", answers, login, res.status, want)
			}
		}
	}
	anne := e.signIn(t, auth.Usager, "anne")
	rec := e.record(t, "anne")
	anne.header = from
	if res := anne.post(t, "/api/v1/link", linkBody(rec.NEPH, rec.Holder.Birthdate)); res.status != http.StatusTooManyRequests {
		t.Errorf("a new account from the locked address = %d, want 429", res.status)
	}
	anne.header = map[string]string{"X-Forwarded-For": "198.51.100.2"}
	if res := anne.post(t, "/api/v1/link", linkBody(rec.NEPH, rec.Holder.Birthdate)); res.status != 200 {
		t.Errorf("the same account from another address = %d %s, want 200", res.status, res.body)
	}
}

// FranceConnect links without a form only when the identity pivot
// matches exactly one dossier: with two matches, or none, the person gets
// the form.
func TestFranceConnectMatching(t *testing.T) {
	const twin = "130575100999"
	e := newEnv(t, envOptions{mutate: func(t testing.TB, st *store.Store, today points.Date) {
		camille, err := st.Get(demo.Personas[0].NEPH)
		if err != nil {
			t.Fatal(err)
		}
		// A second dossier of the same holder, written differently.
		camille.NEPH = twin
		camille.Holder.FamilyName = "LEFEVRE"
		camille.Holder.GivenNames = "camille-marie"
		if err := st.Put(camille); err != nil {
			t.Fatal(err)
		}
		// Théo's dossier now says he was born elsewhere than FranceConnect says.
		theo, err := st.Get(demo.Personas[7].NEPH)
		if err != nil {
			t.Fatal(err)
		}
		theo.Holder.Birthplace = "75056"
		if err := st.Put(theo); err != nil {
			t.Fatal(err)
		}
	}})
	for _, tc := range []struct{ login, name string }{{"camille", "two matches"}, {"theo", "no match"}} {
		t.Run(tc.name, func(t *testing.T) {
			p := e.signIn(t, auth.FranceConnect, tc.login)
			if p.landed != auth.PathUnlinked {
				t.Fatalf("landed on %s, want the linking form", p.landed)
			}
			var me wire.Me
			p.get(t, "/api/v1/me").decode(t, &me)
			if me.Linked {
				t.Errorf("linked to %s", me.NEPH)
			}
		})
	}
	// The person says which of the two is theirs.
	p := e.signIn(t, auth.FranceConnect, "camille")
	rec := e.record(t, "camille")
	var me wire.Me
	res := p.post(t, "/api/v1/link", linkBody(twin, rec.Holder.Birthdate))
	res.decode(t, &me)
	if res.status != 200 || me.NEPH != twin {
		t.Errorf("link to the second dossier = %d %s", res.status, res.body)
	}
}

// A dossier is linked to one account per provider: a second licence
// account is refused it, while FranceConnect links it too.
func TestDossierLinkedOncePerProvider(t *testing.T) {
	e := newEnv(t, envOptions{})
	rec := e.record(t, "camille")
	first := e.signIn(t, auth.Usager, "camille")
	if res := first.post(t, "/api/v1/link", linkBody(rec.NEPH, rec.Holder.Birthdate)); res.status != 200 {
		t.Fatalf("first link = %d", res.status)
	}
	other := e.signIn(t, auth.Usager, "lucas")
	res := other.post(t, "/api/v1/link", linkBody(rec.NEPH, rec.Holder.Birthdate))
	if res.status != http.StatusConflict || res.apiError(t).Code != wire.CodeDossierTaken {
		t.Errorf("second licence account = %d %s, want 409 dossier_taken", res.status, res.body)
	}
	if fc := e.signIn(t, auth.FranceConnect, "camille"); fc.landed != auth.PathLinked {
		t.Errorf("FranceConnect landed on %s, want %s: the dossier is linked once per provider", fc.landed, auth.PathLinked)
	}
	// Once the first account lets go, the dossier can be linked again.
	e.call(t, first, "DELETE", "/api/v1/link", "", nil)
	if res := other.post(t, "/api/v1/link", linkBody(rec.NEPH, rec.Holder.Birthdate)); res.status != 200 {
		t.Errorf("link after unlink = %d %s", res.status, res.body)
	}
}
