package api

import (
	"bytes"
	"encoding/json"
	"net/http"
	"reflect"
	"testing"
	"time"

	wire "mespoints/api"
	"mespoints/points"
	"mespoints/server/auth"
	"mespoints/server/registry"
	"mespoints/server/store"
)

// enginePoints is what GET /api/v1/points must answer for rec on day.
func enginePoints(t *testing.T, rec store.Record, day points.Date) any {
	t.Helper()
	in, ok := rec.Engine()
	if !ok {
		t.Fatal("no licence")
	}
	res, err := points.Compute(in, day)
	if err != nil {
		t.Fatal(err)
	}
	return asJSON(t, pointsOf(res, rec.Updated))
}

// The balance is kept from one request to the next of the same day, but a
// point that comes back at midnight is there at 00:00 in Paris: the answers
// before and after midnight are the engine's for each day, and differ.
func TestAnswersChangeAtMidnightInParis(t *testing.T) {
	// The demo dossiers are made relative to a day in the past: sessions
	// opened now (the provider signs at the real time) stay open while the
	// clock is set back to that day's midnight.
	at := time.Now().Add(-60 * 24 * time.Hour)
	e := newEnv(t, envOptions{at: at})
	p := e.signIn(t, auth.FranceConnect, "sophie")
	rec := e.record(t, "sophie")
	in, _ := rec.Engine()
	res, err := points.Compute(in, e.today)
	if err != nil || len(res.Forecast) == 0 {
		t.Fatalf("sophie: a point coming back within weeks was expected: %+v, %v", res.Forecast, err)
	}
	back := res.Forecast[0].Date // a point comes back that day
	eve := back.AddDays(-1)
	y, m, d := eve.YMD()
	e.clock.Set(time.Date(y, m, d, 23, 59, 0, 0, e.paris))

	var before []apiResponse
	for range 3 {
		r := p.get(t, "/api/v1/points")
		if r.status != 200 {
			t.Fatalf("GET /points the evening before: %d %s", r.status, r.body)
		}
		before = append(before, r)
	}
	var got any
	before[2].decode(t, &got)
	if want := enginePoints(t, rec, eve); !reflect.DeepEqual(got, want) {
		t.Fatalf("the evening before, GET /points = %v\nwant the engine's %v", got, want)
	}
	if !bytes.Equal(before[0].body, before[2].body) || before[0].header.Get("ETag") != before[2].header.Get("ETag") {
		t.Error("three requests of the same minute got different answers")
	}

	e.clock.Set(time.Date(y, m, d, 23, 59, 59, 0, e.paris).Add(2 * time.Second)) // 00:00:01 the next day
	after := p.get(t, "/api/v1/points")
	after.decode(t, &got)
	if want := enginePoints(t, rec, back); after.status != 200 || !reflect.DeepEqual(got, want) {
		t.Fatalf("just after midnight, GET /points = %d %v\nwant the engine's %v", after.status, got, want)
	}
	var b4, now wire.Points
	before[2].decode(t, &b4)
	after.decode(t, &now)
	if now.Balance <= b4.Balance || now.At != back {
		t.Errorf("balance %d on %s, then %d on %s: the point due at midnight is not there", b4.Balance, b4.At, now.Balance, now.At)
	}
	// The answer the browser kept is no longer current.
	if r := e.call(t, p, "GET", "/api/v1/points", "", map[string]string{"If-None-Match": before[2].header.Get("ETag")}); r.status != 200 {
		t.Errorf("If-None-Match with the evening's ETag, after midnight: %d, want 200 with the new balance", r.status)
	}
}

// An import that changes a dossier changes its answers at once, though
// they were kept; every request, kept answer or not, is in the audit log;
// and a kept answer is never given without a live, linked session.
func TestAnswersFollowImportsAndSessions(t *testing.T) {
	e := newEnv(t, envOptions{})
	p := e.signIn(t, auth.FranceConnect, "camille")
	rec := e.record(t, "camille")
	first := p.get(t, "/api/v1/points")
	again := e.call(t, p, "GET", "/api/v1/points", "", map[string]string{"If-None-Match": first.header.Get("ETag")})
	if first.status != 200 || again.status != http.StatusNotModified {
		t.Fatalf("GET /points then again with its ETag: %d, %d; want 200, 304", first.status, again.status)
	}
	history := p.get(t, "/api/v1/history")

	// The registry adds a second 3-point offence the day after the first.
	changed := rec
	second := rec.Events[0]
	second.Committed += 1440 // a day later, in minutes
	second.Definitive = second.Definitive.AddDays(1)
	changed.Events = append(append([]store.Event(nil), rec.Events...), second)
	changed.Updated = e.today
	var extract bytes.Buffer
	if err := json.NewEncoder(&extract).Encode(changed); err != nil {
		t.Fatal(err)
	}
	if stats, err := registry.Import(&extract, e.store, registry.ImportOptions{}); err != nil || stats.Changed != 1 {
		t.Fatalf("import: %+v, %v", stats, err)
	}
	rec = e.record(t, "camille")

	var got any
	res := p.get(t, "/api/v1/points")
	res.decode(t, &got)
	if want := enginePoints(t, rec, e.today); res.status != 200 || !reflect.DeepEqual(got, want) {
		t.Fatalf("after the import, GET /points = %d %v\nwant the engine's %v", res.status, got, want)
	}
	var was, now wire.Points
	first.decode(t, &was)
	res.decode(t, &now)
	if now.Balance != was.Balance-3 {
		t.Errorf("balance %d before the import, %d after; want 3 less", was.Balance, now.Balance)
	}
	if r := e.call(t, p, "GET", "/api/v1/points", "", map[string]string{"If-None-Match": first.header.Get("ETag")}); r.status != 200 {
		t.Errorf("If-None-Match with the ETag before the import: %d, want 200", r.status)
	}
	var h1, h2 wire.History
	history.decode(t, &h1)
	p.get(t, "/api/v1/history").decode(t, &h2)
	if len(h2.History) != len(h1.History)+1 {
		t.Errorf("history: %d changes before the import, %d after; want one more", len(h1.History), len(h2.History))
	}

	// Four requests of /points, two of them answered from what was kept
	// (the 304, and the 200 after the import): four entries.
	trail, err := e.auth.AuditTrail()
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, a := range trail {
		if a.Action == "GET /api/v1/points" && a.NEPH == rec.NEPH {
			n++
		}
	}
	if n != 4 {
		t.Errorf("%d audit entries for GET /api/v1/points, want 4 (one per request)", n)
	}

	// Unlinked, then signed out: the kept answer is not given.
	if r := e.call(t, p, "DELETE", "/api/v1/link", "", nil); r.status != 200 {
		t.Fatalf("unlink: %d %s", r.status, r.body)
	}
	if r := p.get(t, "/api/v1/points"); r.status != http.StatusConflict || r.apiError(t).Code != wire.CodeNotLinked {
		t.Errorf("GET /points unlinked: %d %s, want 409 not_linked", r.status, r.body)
	}
	other := e.signIn(t, auth.FranceConnect, "camille") // linked again by the pivot
	if r := other.get(t, "/api/v1/points"); r.status != 200 {
		t.Fatalf("signed in again: %d %s", r.status, r.body)
	}
	if r := e.call(t, other, "POST", "/auth/logout", "", map[string]string{"Origin": e.srv.URL}); r.status >= 500 {
		t.Fatalf("sign-out: %d", r.status)
	}
	if r := other.get(t, "/api/v1/points"); r.status != http.StatusUnauthorized {
		t.Errorf("GET /points after sign-out: %d %s, want 401", r.status, r.body)
	}
}
