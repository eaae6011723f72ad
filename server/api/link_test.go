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
	// Spaces and lower case in the NEPH are what people type. The licence
	// account then proves the link with a code sent to the holder's e-mail.
	neph := strings.ToLower(rec.NEPH[:4] + " " + rec.NEPH[4:8] + " " + rec.NEPH[8:])
	res := p.post(t, "/api/v1/link", linkBody(neph, rec.Holder.Birthdate))
	var sent wire.LinkCodeSent
	res.decode(t, &sent)
	if res.status != http.StatusAccepted || sent.Step != wire.StepCodeSent || sent.EmailHint != "c•••••@e•••.fr" || !sent.Expires.Equal(e.clock.Now().Add(15*time.Minute).UTC().Truncate(time.Second)) {
		t.Fatalf("link = %d %s, want 202 code_sent", res.status, res.body)
	}
	if p.get(t, "/api/v1/me").decode(t, &me); me.Linked {
		t.Fatal("linked before the code")
	}
	m, _ := e.mail.Last(rec.Holder.Email)
	if strings.Contains(m.Body, rec.NEPH) || m.Subject != "Votre code de rattachement Mes points" || !strings.Contains(m.Body, "valable 15 minutes") {
		t.Errorf("the e-mail: %q\n%s", m.Subject, m.Body)
	}
	code := e.code(t, "camille")
	for _, tc := range []struct {
		body   string
		status int
		code   wire.Code
	}{
		{`{"code":"12345"}`, 400, wire.CodeInvalidRequest},
		{`{"code":"abcdef"}`, 400, wire.CodeInvalidRequest},
		{`{"code":"` + otherCode(code) + `"}`, 422, wire.CodeLinkFailed},
	} {
		res := p.post(t, "/api/v1/link/confirm", tc.body)
		if got := res.apiError(t); res.status != tc.status || got.Code != tc.code {
			t.Errorf("confirm %s = %d %s, want %d %s", tc.body, res.status, res.body, tc.status, tc.code)
		}
	}
	res = p.post(t, "/api/v1/link/confirm", `{"code":"`+code[:3]+" "+code[3:]+`"}`)
	res.decode(t, &me)
	if res.status != 200 || !me.Linked || me.NEPH != rec.NEPH {
		t.Fatalf("confirm = %d %s", res.status, res.body)
	}
	// A code serves once.
	e.call(t, p, "DELETE", "/api/v1/link", "", nil)
	if res := p.post(t, "/api/v1/link/confirm", `{"code":"`+code+`"}`); res.status != http.StatusConflict || res.apiError(t).Code != wire.CodeCodeExpired {
		t.Errorf("the code again = %d %s, want 409 code_expired", res.status, res.body)
	}
	p.linkWithCode(t, "camille")
	if res := p.get(t, "/api/v1/points"); res.status != 200 {
		t.Errorf("GET /points once linked = %d", res.status)
	}
	if res := p.post(t, "/api/v1/link", linkBody(rec.NEPH, rec.Holder.Birthdate)); res.status != http.StatusConflict || res.apiError(t).Code != wire.CodeAlreadyLinked {
		t.Errorf("second link = %d %s, want 409 already_linked", res.status, res.body)
	}
	// Unlink, from the account page.
	res = e.call(t, p, "DELETE", "/api/v1/link", "", nil)
	me = wire.Me{}
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
		res := p.post(t, "/api/v1/link", bad)
		if res.status != http.StatusUnprocessableEntity || res.apiError(t).TriesLeft != auth.MaxAccountFailures-i {
			t.Fatalf("wrong answer %d = %d %s, want 422 with %d tries left", i, res.status, res.body, auth.MaxAccountFailures-i)
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
	if res := p.post(t, "/api/v1/link", good); res.status != http.StatusAccepted {
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
	if !got.Until.Equal(until.UTC().Truncate(time.Second)) {
		t.Errorf("until = %v, want %v", got.Until, until)
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

// Many people behind one NAT address do not lock each other out: 20
// accounts each making one wrong answer from it lock none; one of them
// making 5 locks that one only. Once 30 wrong answers came from the
// address within an hour, it is closed to the accounts that gave one
// there — one try each, for someone with many accounts — while an account
// that gave none still links; from elsewhere, the closed accounts are
// judged as usual.
func TestLinkPerAddressLimit(t *testing.T) {
	e := newEnv(t, envOptions{clientIPHeader: "X-Forwarded-For"})
	nat := map[string]string{"X-Forwarded-For": "192.0.2.1, 203.0.113.7"}
	logins := []string{"lucas", "ines", "marc", "sophie", "theo"}
	var people []*person
	for i := range 20 {
		p := e.signIn(t, auth.Usager, fmt.Sprintf("nat%02d", i+1))
		p.header = nat
		people = append(people, p)
	}
	wrong := func(p *person, login string) apiResponse {
		rec := e.record(t, login)
		return p.post(t, "/api/v1/link", linkBody(rec.NEPH, rec.Holder.Birthdate.AddDays(2)))
	}
	for i, p := range people {
		if res := wrong(p, logins[i%len(logins)]); res.status != http.StatusUnprocessableEntity || res.apiError(t).TriesLeft != 4 {
			t.Fatalf("account %d's wrong answer = %d %s, want 422 with 4 tries left", i, res.status, res.body)
		}
	}
	for i := 2; i <= auth.MaxAccountFailures; i++ {
		want := http.StatusUnprocessableEntity
		if i == auth.MaxAccountFailures {
			want = http.StatusTooManyRequests
		}
		if res := wrong(people[0], "lucas"); res.status != want {
			t.Fatalf("account 0's wrong answer %d = %d, want %d", i, res.status, want)
		}
	}
	for i := 1; i <= 5; i++ { // wrong answers 25 to 29 from the address
		if res := wrong(people[i], logins[i%len(logins)]); res.status != http.StatusUnprocessableEntity {
			t.Fatalf("account %d's second wrong answer = %d %s: another account locked it out", i, res.status, res.body)
		}
	}
	// The 30th closes the address to every account that failed there.
	if res := wrong(people[6], "lucas"); res.status != http.StatusTooManyRequests {
		t.Errorf("the 30th wrong answer from the address = %d, want 429", res.status)
	}
	if res := wrong(people[5], "lucas"); res.status != http.StatusTooManyRequests {
		t.Errorf("an account that failed at the closed address = %d, want 429", res.status)
	}
	anne := e.signIn(t, auth.Usager, "anne")
	anne.header = nat
	if res := anne.post(t, "/api/v1/link", linkBody(e.record(t, "anne").NEPH, e.record(t, "anne").Holder.Birthdate)); res.status != http.StatusAccepted {
		t.Errorf("an account with no wrong answer, from the closed address = %d %s, want 202", res.status, res.body)
	}
	people[5].header = map[string]string{"X-Forwarded-For": "198.51.100.2"}
	if res := wrong(people[5], "lucas"); res.status != http.StatusUnprocessableEntity {
		t.Errorf("the same account from another address = %d %s, want 422", res.status, res.body)
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
// account is refused it with what to do; the holder signing in with
// FranceConnect links it at once and detaches the licence account, which
// is told at its next visit, until it acknowledges.
func TestDossierLinkedOncePerProviderAndFranceConnectWins(t *testing.T) {
	e := newEnv(t, envOptions{})
	rec := e.record(t, "camille")
	first := e.signIn(t, auth.Usager, "camille")
	first.linkWithCode(t, "camille")
	other := e.signIn(t, auth.Usager, "lucas")
	res := other.post(t, "/api/v1/link", linkBody(rec.NEPH, rec.Holder.Birthdate))
	if got := res.apiError(t); res.status != http.StatusConflict || got.Code != wire.CodeDossierTaken || !strings.Contains(got.Message, "identifiez-vous avec FranceConnect") {
		t.Errorf("second licence account = %d %s, want 409 dossier_taken saying what to do", res.status, res.body)
	}
	fc := e.signIn(t, auth.FranceConnect, "camille")
	if fc.landed != auth.PathLinked {
		t.Fatalf("FranceConnect landed on %s, want %s", fc.landed, auth.PathLinked)
	}
	var me wire.Me
	first.get(t, "/api/v1/me").decode(t, &me)
	if me.Linked || len(me.Notices) != 1 || me.Notices[0].Code != wire.NoticeLinkRemoved || !strings.Contains(me.Notices[0].Message, "FranceConnect") {
		t.Fatalf("the licence account after FranceConnect's link: %+v", me)
	}
	if res := first.get(t, "/api/v1/points"); res.status != http.StatusConflict {
		t.Errorf("the detached account reads the dossier: %d", res.status)
	}
	// The notice stays until the app acknowledges it.
	me = wire.Me{}
	first.get(t, "/api/v1/me").decode(t, &me)
	if len(me.Notices) != 1 {
		t.Errorf("the notice went before it was acknowledged: %+v", me)
	}
	me = wire.Me{}
	if res := first.post(t, "/api/v1/me/notices/ack", ""); res.status != 200 {
		t.Errorf("ack = %d %s", res.status, res.body)
	}
	first.get(t, "/api/v1/me").decode(t, &me)
	if len(me.Notices) != 0 {
		t.Errorf("notices after ack: %+v", me.Notices)
	}
	// The dossier now has one account: the second licence account may link.
	other.linkWithCode(t, "camille")
}

// otherCode returns a 6-digit code that is not c.
func otherCode(c string) string {
	if c == "000000" {
		return "000001"
	}
	return "000000"
}
