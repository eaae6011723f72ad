package api

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	wire "mespoints/api"
	"mespoints/server/auth"
	"mespoints/server/demo"
)

// fuzzBody sends body to path through the real API handler with p's
// session, and fails unless the answer is a success of the route or one
// of the API's errors with its status and a French message — never a 500.
func fuzzBody(t *testing.T, e *env, p *person, path, body string, ok ...int) {
	rec := serve(e, p, path, body)
	if slices.Contains(ok, rec.Code) {
		return
	}
	var got wire.Error
	if err := json.Unmarshal(rec.Body.Bytes(), &got); err != nil {
		t.Fatalf("POST %s %q = %d, not JSON: %s", path, body, rec.Code, rec.Body)
	}
	if !slices.Contains(wire.Codes(), got.Code) || got.Code.Status() != rec.Code || got.Message == "" || got.Code == wire.CodeInternal {
		t.Fatalf("POST %s %q = %d %s", path, body, rec.Code, rec.Body)
	}
}

// serve posts body to path through the API handler itself, with p's
// session.
func serve(e *env, p *person, path, body string) *httptest.ResponseRecorder {
	req := httptest.NewRequest("POST", path, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	for _, c := range p.client.Jar.Cookies(mustURL(e.srv.URL)) {
		req.AddCookie(c)
	}
	rec := httptest.NewRecorder()
	e.api.ServeHTTP(rec, req)
	return rec
}

// The linking form's body, whatever it holds.
func FuzzLinkBody(f *testing.F) {
	for _, s := range []string{`{"neph":"130575100234","birthdate":"1990-05-17"}`, `{"neph":"","birthdate":""}`, `{"neph":1}`, `[]`, `null`, `{"neph":"a b c d e","birthdate":"2001-02-29"}`, `{"neph":"x"}{}`, strings.Repeat(`{"neph":"`, 500)} {
		f.Add(s)
	}
	e := newEnv(f, envOptions{})
	p := e.signIn(f, auth.Usager, "lucas")
	f.Fuzz(func(t *testing.T, body string) { fuzzBody(t, e, p, "/api/v1/link", body, http.StatusAccepted) })
}

// The code's body, whatever it holds.
func FuzzConfirmBody(f *testing.F) {
	for _, s := range []string{`{"code":"123456"}`, `{"code":"12 34 56"}`, `{"code":""}`, `{"code":123456}`, `{}`, `{"code":"١٢٣٤٥٦"}`} {
		f.Add(s)
	}
	e := newEnv(f, envOptions{})
	p := e.signIn(f, auth.Usager, "ines")
	neph, _ := demo.NEPHForLogin("ines")
	rec, err := e.store.Get(neph)
	if err != nil {
		f.Fatal(err)
	}
	if res := serve(e, p, "/api/v1/link", linkBody(rec.NEPH, rec.Holder.Birthdate)); res.Code != http.StatusAccepted {
		f.Fatalf("link = %d", res.Code)
	}
	f.Fuzz(func(t *testing.T, body string) { fuzzBody(t, e, p, "/api/v1/link/confirm", body, http.StatusOK) })
}

// The what-if's body, whatever it holds.
func FuzzWhatIfBody(f *testing.F) {
	for _, s := range []string{`{"points":4,"class":"c4"}`, `{"points":7,"class":"c4"}`, `{"points":-1}`, `{"class":"delit","points":6}`, `{"points":1e400}`, `{"points":2,"class":"c4","neph":"x"}`} {
		f.Add(s)
	}
	e := newEnv(f, envOptions{})
	p := e.signIn(f, auth.FranceConnect, "camille")
	f.Fuzz(func(t *testing.T, body string) { fuzzBody(t, e, p, "/api/v1/whatif", body, http.StatusOK) })
}
