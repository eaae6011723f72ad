package api

import (
	"net/http"
	"strings"
	"testing"

	wire "mespoints/api"
	"mespoints/server/auth"
	"mespoints/server/demo"
)

// routes are every route of the API, with a body for the POSTs.
var routes = []struct{ method, path, body string }{
	{"GET", "/api/v1/me", ""},
	{"GET", "/api/v1/dossier", ""},
	{"GET", "/api/v1/points", ""},
	{"GET", "/api/v1/history", ""},
	{"GET", "/api/v1/calendar", ""},
	{"POST", "/api/v1/whatif", `{"points":2,"class":"c4"}`},
	{"POST", "/api/v1/link", `{"neph":"240669200117","birthdate":"2000-01-01"}`},
	{"DELETE", "/api/v1/link", ""},
	{"POST", "/api/v1/link/confirm", `{"code":"123456"}`},
	{"POST", "/api/v1/me/notices/ack", ""},
	{"GET", "/api/v1/account/links", ""},
	{"DELETE", "/api/v1/account/links/abc", ""},
	{"DELETE", "/api/v1/account", ""},
	{"GET", "/api/v1/exams", ""},
	{"GET", "/api/v1/exams/sessions?departement=31", ""},
	{"GET", "/api/v1/exams/page?page=reserver", ""},
	{"POST", "/api/v1/exams/bookings", `{"session":"31.2026-03-17.toulouse-nord.0830"}`},
	{"DELETE", "/api/v1/exams/bookings/mvzxgyljgaydambr", ""},
	{"GET", "/api/v1/exams/bookings/mvzxgyljgaydambr/convocation.ics", ""},
}

// Without a live session every route answers 401: not_signed_in without
// a cookie; session_expired with a forged one, or the cookie of a session
// that was signed out.
func TestEveryRouteNeedsASession(t *testing.T) {
	e := newEnv(t, envOptions{})
	p := e.signIn(t, auth.FranceConnect, "camille")
	var cookie string
	for _, c := range p.client.Jar.Cookies(mustURL(e.srv.URL)) {
		if c.Name == auth.SessionCookie {
			cookie = c.Value
		}
	}
	if cookie == "" {
		t.Fatal("no session cookie after sign-in")
	}
	res, err := p.client.Post(e.srv.URL+"/auth/logout", "", nil)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	for _, c := range []struct{ name, cookie string }{
		{"no cookie", ""},
		{"forged", strings.Repeat("A", 43)},
		{"truncated", cookie[:20]},
		{"signed out", cookie},
	} {
		for _, r := range routes {
			h := map[string]string{}
			if c.cookie != "" {
				h["Cookie"] = auth.SessionCookie + "=" + c.cookie
			}
			res := e.call(t, nil, r.method, r.path, r.body, h)
			want := wire.CodeSessionExpired
			if c.cookie == "" {
				want = wire.CodeNotSignedIn
			}
			if got := res.apiError(t); res.status != http.StatusUnauthorized || got.Code != want || got.Message == "" {
				t.Errorf("%s: %s %s = %d %s, want 401 %s", c.name, r.method, r.path, res.status, res.body, want)
			}
		}
	}
}

// Signed in as one persona, no request reaches another's dossier: the
// routes take no dossier number, extra paths and parameters change
// nothing, and linking another dossier is refused.
func TestNoRequestReachesAnotherDossier(t *testing.T) {
	e := newEnv(t, envOptions{})
	camille := e.signIn(t, auth.FranceConnect, "camille")
	lucas := e.record(t, "lucas")
	others := []string{}
	for _, p := range demo.Personas[1:] {
		r := e.record(t, p.Login)
		others = append(others, p.NEPH, r.Holder.FamilyName)
	}
	for _, tc := range []struct {
		path    string
		hasNEPH bool // the answer names the dossier
	}{
		{"/api/v1/dossier?neph=" + lucas.NEPH, true},
		{"/api/v1/me?neph=" + lucas.NEPH, true},
		{"/api/v1/points?neph=" + lucas.NEPH + "&account=x", false},
		{"/api/v1/history?dossier=" + lucas.NEPH, false},
		{"/api/v1/calendar", false},
	} {
		res := camille.get(t, tc.path)
		if res.status != 200 {
			t.Errorf("GET %s = %d", tc.path, res.status)
		}
		for _, o := range others {
			if strings.Contains(string(res.body), o) {
				t.Errorf("GET %s answers %q, another persona's", tc.path, o)
			}
		}
		if tc.hasNEPH && !strings.Contains(string(res.body), demo.Personas[0].NEPH) {
			t.Errorf("GET %s does not answer camille's dossier: %s", tc.path, res.body)
		}
	}
	for _, path := range []string{"/api/v1/dossier/" + lucas.NEPH, "/api/v1/points/" + lucas.NEPH, "/api/v1/" + lucas.NEPH, "/api/v2/dossier"} {
		res := camille.get(t, path)
		if got := res.apiError(t); res.status != http.StatusNotFound || got.Code != wire.CodeNotFound {
			t.Errorf("GET %s = %d %s, want 404 not_found", path, res.status, res.body)
		}
	}
	res := camille.post(t, "/api/v1/link", linkBody(lucas.NEPH, lucas.Holder.Birthdate))
	if res.status != http.StatusConflict || res.apiError(t).Code != wire.CodeAlreadyLinked || strings.Contains(string(res.body), lucas.Holder.FamilyName) {
		t.Errorf("link to lucas's dossier = %d %s, want 409 already_linked", res.status, res.body)
	}
	res = camille.post(t, "/api/v1/whatif", `{"points":2,"class":"c4","neph":"`+lucas.NEPH+`"}`)
	if res.status != http.StatusBadRequest {
		t.Errorf("whatif naming another dossier = %d, want 400", res.status)
	}
}

// Methods other than the route's get 405 with Allow; everything that is
// not a GET goes through CrossOriginProtection: a request from another
// site is refused (403 cross_origin) and changes nothing.
func TestMethodsAndCrossOrigin(t *testing.T) {
	e := newEnv(t, envOptions{})
	p := e.signIn(t, auth.FranceConnect, "camille")
	for _, tc := range []struct{ method, path, allow string }{
		{"POST", "/api/v1/me", "GET"},
		{"PUT", "/api/v1/points", "GET"},
		{"GET", "/api/v1/whatif", "POST"},
		{"PATCH", "/api/v1/link", "POST, DELETE"},
	} {
		res := e.call(t, p, tc.method, tc.path, "", map[string]string{"Sec-Fetch-Site": "same-origin"})
		if res.status != http.StatusMethodNotAllowed || res.apiError(t).Code != wire.CodeMethodNotAllowed || strings.Join(res.header.Values("Allow"), ", ") != tc.allow {
			t.Errorf("%s %s = %d %s, Allow %q; want 405, Allow %q", tc.method, tc.path, res.status, res.body, res.header.Values("Allow"), tc.allow)
		}
	}
	crossSite := map[string]string{"Sec-Fetch-Site": "cross-site", "Origin": "https://ailleurs.example"}
	for _, r := range routes {
		if r.method == "GET" {
			continue
		}
		res := e.call(t, p, r.method, r.path, r.body, crossSite)
		if got := res.apiError(t); res.status != http.StatusForbidden || got.Code != wire.CodeCrossOrigin {
			t.Errorf("cross-site %s %s = %d %s, want 403 cross_origin", r.method, r.path, res.status, res.body)
		}
	}
	var me wire.Me
	p.get(t, "/api/v1/me").decode(t, &me)
	if !me.Linked {
		t.Error("a cross-site DELETE unlinked the dossier")
	}
	// The same requests from the app itself go through.
	res := e.call(t, p, "POST", "/api/v1/whatif", `{"points":2,"class":"c4"}`, map[string]string{"Sec-Fetch-Site": "same-origin", "Origin": e.srv.URL})
	if res.status != 200 {
		t.Errorf("same-origin whatif = %d", res.status)
	}
}
