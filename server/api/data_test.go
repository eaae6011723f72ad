package api

import (
	"encoding/json"
	"net/http"
	"reflect"
	"strings"
	"testing"

	wire "mespoints/api"
	"mespoints/points"
	"mespoints/server/auth"
	"mespoints/server/demo"
	"mespoints/server/store"
)

// asJSON returns v as decoded JSON, to compare answers whatever the Go
// types.
func asJSON(t *testing.T, v any) any {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var out any
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	return out
}

// Signed in with FranceConnect, every persona is linked to their dossier
// by the identity pivot, and the API answers exactly what the engine says
// of it today.
func TestFranceConnectPersonasSeeTheirDossier(t *testing.T) {
	e := newEnv(t, envOptions{})
	for _, persona := range demo.Personas {
		t.Run(persona.Login, func(t *testing.T) {
			p := e.signIn(t, auth.FranceConnect, persona.Login)
			if p.landed != auth.PathLinked {
				t.Fatalf("landed on %s, want %s (linked by the identity pivot)", p.landed, auth.PathLinked)
			}
			rec := e.record(t, persona.Login)

			var me wire.Me
			res := p.get(t, "/api/v1/me")
			res.decode(t, &me)
			want := wire.Me{Provider: "franceconnect", ACR: "eidas1", GivenName: rec.Holder.GivenNames, FamilyName: rec.Holder.FamilyName,
				Email: rec.Holder.Email, Linked: true, NEPH: persona.NEPH, IntegralAllowed: true}
			if res.status != 200 || !reflect.DeepEqual(me, want) {
				t.Errorf("GET /me = %d %+v, want %+v", res.status, me, want)
			}

			res = p.get(t, "/api/v1/dossier")
			var d map[string]any
			res.decode(t, &d)
			if res.status != 200 || d["neph"] != persona.NEPH || d["updated"] != rec.Updated.String() {
				t.Errorf("GET /dossier = %d %v", res.status, d)
			}
			holder := asJSON(t, wire.Holder{FamilyName: rec.Holder.FamilyName, UsageName: rec.Holder.UsageName, GivenNames: rec.Holder.GivenNames, Birthdate: rec.Holder.Birthdate})
			if !reflect.DeepEqual(d["holder"], holder) {
				t.Errorf("holder %v, want %v", d["holder"], holder)
			}
			if !reflect.DeepEqual(d["events"], asJSON(t, rec.Events)) {
				t.Errorf("events %v, want the stored ones", d["events"])
			}
			if rec.Licence == nil && d["licence"] != nil || rec.Licence != nil && !reflect.DeepEqual(d["licence"], asJSON(t, rec.Licence)) {
				t.Errorf("licence %v, want %v", d["licence"], rec.Licence)
			}
			if rec.Holder.Email != "" && strings.Contains(string(res.body), rec.Holder.Email) || strings.Contains(string(res.body), "birthplace") {
				t.Errorf("the dossier answer holds the e-mail or the place of birth: %s", res.body)
			}

			engine, ok := rec.Engine()
			if !ok {
				for _, path := range []string{"/api/v1/points", "/api/v1/history", "/api/v1/calendar"} {
					if res := p.get(t, path); res.status != http.StatusConflict || res.apiError(t).Code != wire.CodeNoLicence {
						t.Errorf("GET %s for a candidate = %d %s, want 409 no_licence", path, res.status, res.body)
					}
				}
				return
			}
			result, err := points.Compute(engine, e.today)
			if err != nil {
				t.Fatal(err)
			}
			wantPoints := asJSON(t, result).(map[string]any)
			delete(wantPoints, "history")
			delete(wantPoints, "forecast")
			wantPoints["updated"] = rec.Updated.String()
			var gotPoints map[string]any
			p.get(t, "/api/v1/points").decode(t, &gotPoints)
			if !reflect.DeepEqual(gotPoints, wantPoints) {
				t.Errorf("GET /points = %v\nwant %v", gotPoints, wantPoints)
			}
			if persona.Login == "camille" && (gotPoints["balance"] != 9.0 || gotPoints["ceiling"] != 12.0) {
				t.Errorf("camille's balance %v/%v, want 9/12", gotPoints["balance"], gotPoints["ceiling"])
			}

			var h struct {
				At      string           `json:"at"`
				Updated string           `json:"updated"`
				History []map[string]any `json:"history"`
				Notes   []any            `json:"notes"`
			}
			p.get(t, "/api/v1/history").decode(t, &h)
			if h.At != e.today.String() || h.Updated != rec.Updated.String() || len(h.History) != len(result.History) {
				t.Fatalf("GET /history = at %s, updated %s, %d changes; want %s, %s, %d", h.At, h.Updated, len(h.History), e.today, rec.Updated, len(result.History))
			}
			for i, c := range result.History {
				got := h.History[i]
				if got["date"] != c.Date.String() || got["change"] != float64(c.Change) || got["rule"] != string(c.Rule) || got["explanation"] != c.Explanation {
					t.Errorf("history[%d] = %v, want %+v", i, got, c)
				}
				if c.Event >= 0 {
					ev := rec.Events[c.Event]
					if ev.Place != nil && !reflect.DeepEqual(got["place"], asJSON(t, ev.Place)) {
						t.Errorf("history[%d] place %v, want %v", i, got["place"], ev.Place)
					}
					if ev.Natinf != "" && got["natinf"] != ev.Natinf {
						t.Errorf("history[%d] natinf %v, want %s", i, got["natinf"], ev.Natinf)
					}
				}
			}
			if len(h.Notes) != len(result.Notes) {
				t.Errorf("%d notes, want %d", len(h.Notes), len(result.Notes))
			}

			var cal struct {
				At       string           `json:"at"`
				Forecast []map[string]any `json:"forecast"`
			}
			p.get(t, "/api/v1/calendar").decode(t, &cal)
			if len(cal.Forecast) != len(result.Forecast) {
				t.Fatalf("GET /calendar: %d entries, want %d", len(cal.Forecast), len(result.Forecast))
			}
			for i, c := range result.Forecast {
				if cal.Forecast[i]["date"] != c.Date.String() || cal.Forecast[i]["change"] != float64(c.Change) || cal.Forecast[i]["balance"] != float64(c.Balance) {
					t.Errorf("forecast[%d] = %v, want %+v", i, cal.Forecast[i], c)
				}
			}
		})
	}
}

// The GETs answer 304 to If-None-Match with their ETag, and a new ETag
// once the dossier changes.
func TestConditionalGets(t *testing.T) {
	e := newEnv(t, envOptions{})
	p := e.signIn(t, auth.FranceConnect, "camille")
	for _, path := range []string{"/api/v1/me", "/api/v1/dossier", "/api/v1/points", "/api/v1/history", "/api/v1/calendar"} {
		first := p.get(t, path)
		tag := first.header.Get("ETag")
		if first.status != 200 || tag == "" {
			t.Fatalf("GET %s = %d, ETag %q", path, first.status, tag)
		}
		again := e.call(t, p, "GET", path, "", map[string]string{"If-None-Match": tag})
		if again.status != http.StatusNotModified || len(again.body) != 0 {
			t.Errorf("GET %s with If-None-Match = %d (%d bytes), want 304 and no body", path, again.status, len(again.body))
		}
		other := e.call(t, p, "GET", path, "", map[string]string{"If-None-Match": `"autre"`})
		if other.status != 200 {
			t.Errorf("GET %s with another tag = %d, want 200", path, other.status)
		}
	}
	before := p.get(t, "/api/v1/points").header.Get("ETag")
	rec := e.record(t, "camille")
	rec.Events = append(rec.Events, store.Event{Event: points.Event{Type: points.Offence, Committed: points.NewDateTime(e.today.AddDays(-20), 9, 0),
		Definitive: e.today.AddDays(-1), Points: 1, Class: points.C3, Label: "excès de vitesse inférieur à 20 km/h"}})
	rec.Updated = e.today
	if err := e.store.Put(rec); err != nil {
		t.Fatal(err)
	}
	res := e.call(t, p, "GET", "/api/v1/points", "", map[string]string{"If-None-Match": before})
	if res.status != 200 || res.header.Get("ETag") == before {
		t.Errorf("after the dossier changed: %d, ETag %s (was %s)", res.status, res.header.Get("ETag"), before)
	}
}

// POST /api/v1/whatif answers the engine's what-if for today and stores
// nothing; a malformed request gets a French invalid_request.
func TestWhatIf(t *testing.T) {
	e := newEnv(t, envOptions{})
	p := e.signIn(t, auth.FranceConnect, "camille")
	rec := e.record(t, "camille")
	engine, _ := rec.Engine()
	want, err := points.WhatIf(engine, e.today, 4, points.C4)
	if err != nil {
		t.Fatal(err)
	}
	res := p.post(t, "/api/v1/whatif", `{"points":4,"class":"c4"}`)
	var got any
	res.decode(t, &got)
	if res.status != 200 || !reflect.DeepEqual(got, asJSON(t, want)) {
		t.Errorf("whatif = %d %s\nwant %v", res.status, res.body, asJSON(t, want))
	}
	if after := e.record(t, "camille"); !reflect.DeepEqual(after, rec) {
		t.Error("the what-if changed the stored dossier")
	}
	for _, tc := range []struct{ body, want string }{
		{``, "objet JSON"},
		{`pas du json`, "objet JSON"},
		{`{"points":3}{"points":4}`, "objet JSON"},
		{`{"points":3,"class":"c4","neph":"240669200117"}`, "objet JSON"},
		{`{"class":"c4"}`, "nombre de points"},
		{`{"points":7,"class":"c4"}`, "entre 0 et 6"},
		{`{"points":-1,"class":"c4"}`, "entre 0 et 6"},
		{`{"points":2,"class":"c9"}`, "c1, c2, c3, c4, c5 ou delit"},
		{`{"points":2}`, "c1, c2, c3, c4, c5 ou delit"},
		{`{"points":"trois","class":"c4"}`, "objet JSON"},
		{`{"points":3,"class":"c4","x":"` + strings.Repeat("a", 5000) + `"}`, "objet JSON"},
	} {
		res := p.post(t, "/api/v1/whatif", tc.body)
		e := res.apiError(t)
		if res.status != http.StatusBadRequest || e.Code != wire.CodeInvalidRequest || !strings.Contains(e.Message, tc.want) {
			t.Errorf("whatif %.40q = %d %+v, want 400 invalid_request mentioning %q", tc.body, res.status, e, tc.want)
		}
	}
	theo := e.signIn(t, auth.FranceConnect, "theo")
	if res := theo.post(t, "/api/v1/whatif", `{"points":3,"class":"c4"}`); res.status != http.StatusConflict || res.apiError(t).Code != wire.CodeNoLicence {
		t.Errorf("whatif for a candidate = %d %s, want 409 no_licence", res.status, res.body)
	}
}

// Every view of a dossier is in the audit bucket: who (the account's ID),
// when, what route, which dossier — and none of its content.
func TestViewsAreAudited(t *testing.T) {
	e := newEnv(t, envOptions{})
	p := e.signIn(t, auth.FranceConnect, "camille")
	p.get(t, "/api/v1/me")
	p.get(t, "/api/v1/points")
	tag := p.get(t, "/api/v1/history").header.Get("ETag")
	e.call(t, p, "GET", "/api/v1/history", "", map[string]string{"If-None-Match": tag})
	p.post(t, "/api/v1/whatif", `{"points":1,"class":"c3"}`)
	trail, err := e.auth.AuditTrail()
	if err != nil {
		t.Fatal(err)
	}
	var actions []string
	for _, a := range trail {
		actions = append(actions, a.Action)
		if a.NEPH != demo.Personas[0].NEPH || a.Account == "" || a.Provider != auth.FranceConnect || a.At.IsZero() {
			t.Errorf("audit entry %+v", a)
		}
		b, _ := json.Marshal(a)
		for _, personal := range []string{"Lefèvre", "Camille", "camille", "example.fr", "Nantes"} {
			if strings.Contains(string(b), personal) {
				t.Errorf("audit entry holds %q: %s", personal, b)
			}
		}
	}
	// The link FranceConnect made at sign-in first, then the views.
	want := []string{"link", "GET /api/v1/points", "GET /api/v1/history", "GET /api/v1/history", "POST /api/v1/whatif"}
	if !reflect.DeepEqual(actions, want) {
		t.Errorf("audited %q, want %q (GET /me is not a view of the dossier)", actions, want)
	}
}
