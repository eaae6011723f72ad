//go:build !wasm

package app

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"mespoints/api"
)

// The states of the dossier pages (pagestate.go), their transitions from
// the server's own answers (the golden files of server/api), and what a
// person reads in each.

// replay is a caller answering each path with a golden file of the
// server, or err when given; it counts the requests.
type replay struct {
	answers map[string]apiResponse
	err     map[string]error
	asked   []string
}

func (r *replay) call(method, path string, body []byte) (apiResponse, error) {
	r.asked = append(r.asked, method+" "+path)
	if err := r.err[path]; err != nil {
		return apiResponse{}, err
	}
	res, ok := r.answers[path]
	if !ok {
		return apiResponse{Status: 404, Body: []byte(`{"code":"not_found","message":"Cette adresse n'existe pas."}`)}, nil
	}
	return res, nil
}

// keptCopy is the device's copy of camille's dossier, fetched at a known
// time.
func keptCopy(t *testing.T) *deviceCopy {
	t.Helper()
	d, err := decodeDossier(golden(t, "dossier-camille.json"))
	if err != nil {
		t.Fatal(err)
	}
	var me api.Me
	if err := json.Unmarshal(golden(t, "me-franceconnect-linked.json"), &me); err != nil {
		t.Fatal(err)
	}
	d.FetchedAt = time.Date(2026, 3, 16, 9, 30, 0, 0, time.Local)
	return &deviceCopy{Me: me, Dossier: d}
}

// The loader asks /me, then /dossier only when linked, and reads each
// answer the server gives into what it means.
func TestAskReadsTheServersAnswers(t *testing.T) {
	ok := func(name string) apiResponse { return apiResponse{Status: 200, Body: golden(t, name)} }
	for _, tc := range []struct {
		name    string
		r       replay
		fresh   bool
		kind    answerKind
		code    api.Code
		linked  bool
		dossier bool
		asked   int
	}{
		{name: "signed out", r: replay{answers: map[string]apiResponse{"/api/v1/me": {Status: 401, Body: golden(t, "error-not_signed_in.json")}}},
			kind: answerError, code: api.CodeNotSignedIn, asked: 1},
		{name: "session expired", r: replay{answers: map[string]apiResponse{"/api/v1/me": {Status: 401, Body: []byte(`{"code":"session_expired","message":"Votre session a expiré."}`)}}},
			kind: answerError, code: api.CodeSessionExpired, asked: 1},
		{name: "not linked", r: replay{answers: map[string]apiResponse{"/api/v1/me": ok("me-usager-unlinked.json")}},
			kind: answerDone, asked: 1},
		{name: "linked", r: replay{answers: map[string]apiResponse{"/api/v1/me": ok("me-franceconnect-linked.json"), "/api/v1/dossier": ok("dossier-camille.json")}},
			kind: answerDone, linked: true, dossier: true, asked: 2},
		{name: "linked, dossier fetched a moment ago", r: replay{answers: map[string]apiResponse{"/api/v1/me": ok("me-franceconnect-linked.json")}},
			fresh: true, kind: answerDone, linked: true, dossier: true, asked: 1},
		{name: "no network", r: replay{err: map[string]error{"/api/v1/me": errNetwork}}, kind: answerUnreachable, asked: 1},
		{name: "no answer in time", r: replay{err: map[string]error{"/api/v1/me": errTimeout}}, kind: answerTimeout, asked: 1},
		{name: "dossier: no answer in time", r: replay{answers: map[string]apiResponse{"/api/v1/me": ok("me-franceconnect-linked.json")}, err: map[string]error{"/api/v1/dossier": errTimeout}},
			kind: answerTimeout, asked: 2},
		{name: "a proxy's error page", r: replay{answers: map[string]apiResponse{"/api/v1/me": {Status: 502, Body: []byte("<html>Bad Gateway</html>")}}},
			kind: answerError, asked: 1},
		{name: "dossier missing", r: replay{answers: map[string]apiResponse{"/api/v1/me": ok("me-franceconnect-linked.json"), "/api/v1/dossier": {Status: 404, Body: golden(t, "error-dossier_missing.json")}}},
			kind: answerError, code: api.CodeDossierMissing, linked: true, asked: 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var fresh *deviceCopy
			if tc.fresh {
				fresh = keptCopy(t)
			}
			a := ask(tc.r.call, fresh)
			if a.kind != tc.kind || a.code != tc.code || a.me.Linked != tc.linked || (a.dossier != nil) != tc.dossier {
				t.Errorf("ask = kind %d code %q linked %v dossier %v, want kind %d code %q linked %v dossier %v",
					a.kind, a.code, a.me.Linked, a.dossier != nil, tc.kind, tc.code, tc.linked, tc.dossier)
			}
			if len(tc.r.asked) != tc.asked {
				t.Errorf("asked %v, want %d requests", tc.r.asked, tc.asked)
			}
			if a.dossier != nil && !tc.fresh && a.dossier.FetchedAt.IsZero() {
				t.Error("a fresh dossier has no time of fetch, for the offline banner")
			}
		})
	}
}

// Every answer settles into one state, with the device's copy shown,
// kept, replaced or wiped as the person would expect.
func TestSettleEveryAnswer(t *testing.T) {
	kept := keptCopy(t)
	fresh := keptCopy(t)
	fresh.Dossier.FetchedAt = time.Now()
	other := api.Me{Linked: true, NEPH: "999999999999"}
	at := today()
	for _, tc := range []struct {
		name     string
		a        answer
		kept     *deviceCopy
		state    loadState
		effect   deviceEffect
		shows    bool
		offline  bool
		timedOut bool
	}{
		{"no network, nothing kept", answer{kind: answerUnreachable}, nil, stateNoData, keepCopy, false, false, false},
		{"no network, a copy", answer{kind: answerUnreachable}, kept, stateOffline, keepCopy, true, true, false},
		{"no answer in time, a copy", answer{kind: answerTimeout}, kept, stateOffline, keepCopy, true, true, true},
		{"no answer in time, nothing kept", answer{kind: answerTimeout}, nil, stateNoData, keepCopy, false, false, true},
		{"session expired, a copy", answer{kind: answerError, code: api.CodeSessionExpired}, kept, stateExpired, keepCopy, true, true, false},
		{"session expired, nothing kept", answer{kind: answerError, code: api.CodeSessionExpired}, nil, stateExpired, keepCopy, false, false, false},
		{"no session, a copy: it ended", answer{kind: answerError, code: api.CodeNotSignedIn}, kept, stateExpired, keepCopy, true, true, false},
		{"no session, nothing kept", answer{kind: answerError, code: api.CodeNotSignedIn}, nil, stateSignedOut, keepCopy, false, false, false},
		{"not linked", answer{kind: answerDone, me: api.Me{Provider: api.ProviderUsager}}, kept, stateNotLinked, wipeCopy, false, false, false},
		{"unlinked meanwhile", answer{kind: answerError, code: api.CodeNotLinked}, kept, stateNotLinked, wipeCopy, false, false, false},
		{"linked", answer{kind: answerDone, me: fresh.Me, dossier: fresh.Dossier}, kept, stateReady, saveCopy, true, false, false},
		{"service error, a copy", answer{kind: answerError, code: api.CodeInternal}, kept, stateFailed, keepCopy, true, true, false},
		{"service error, nothing kept", answer{kind: answerError}, nil, stateFailed, keepCopy, false, false, false},
		{"service error, someone else's copy", answer{kind: answerError, code: api.CodeDossierMissing, me: other}, kept, stateFailed, wipeCopy, false, false, false},
		{"a sign-out still to send", answer{kind: answerSignOutPending}, kept, stateSignedOutHere, wipeCopy, false, false, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v, effect := settle(tc.a, tc.kept, at)
			if v.state != tc.state || effect != tc.effect || v.showsDossier() != tc.shows || v.offline != tc.offline || v.timedOut != tc.timedOut {
				t.Errorf("settle = state %d effect %d shows %v offline %v timedOut %v, want %d %d %v %v %v",
					v.state, effect, v.showsDossier(), v.offline, v.timedOut, tc.state, tc.effect, tc.shows, tc.offline, tc.timedOut)
			}
			if v.showsDossier() && !v.hasResult {
				t.Error("a dossier shown without the engine's result for today")
			}
		})
	}
}

// What a person reads in each state, on the balance page (every dossier
// page lays its state out the same way): never only "Chargement" once
// the service answered, a way out in each, and the focus target.
func TestEveryStateSaysWhatToDo(t *testing.T) {
	kept := keptCopy(t)
	at := today()
	withCopy := func(s loadState) dossierView { return viewOf(s, kept.Me, kept.Dossier, true, at) }
	for _, tc := range []struct {
		name  string
		v     dossierView
		id    string
		want  []string
		nav   bool
		data  bool
		retry bool
		login bool
	}{
		{"loading", dossierView{state: stateLoading}, idLoading, []string{"Chargement de vos données…"}, false, false, false, false},
		{"loading, a copy", withCopy(stateLoading), idLoading, []string{"Mise à jour de vos données…"}, true, true, false, false},
		{"signed out", dossierView{state: stateSignedOut}, idSignedOut, []string{"Vous n'êtes pas connecté.", "Connectez-vous pour consulter"}, false, false, false, true},
		{"expired, a copy", withCopy(stateExpired), idExpired, []string{"Votre session a expiré — reconnectez-vous pour mettre vos données à jour.", "vos données du 16/03/2026 à 09:30, enregistrées sur cet appareil"}, true, true, false, true},
		{"expired, nothing kept", dossierView{state: stateExpired}, idExpired, []string{"Votre session a expiré", "Aucune donnée n'est enregistrée sur cet appareil."}, false, false, false, true},
		{"offline, a copy", withCopy(stateOffline), idOffline, []string{"Hors ligne — données du 16/03/2026 à 09:30"}, true, true, true, false},
		{"no answer, a copy", func() dossierView { v := withCopy(stateOffline); v.timedOut = true; return v }(), idOffline, []string{"Le service ne répond pas — données du 16/03/2026 à 09:30"}, true, true, true, false},
		{"offline, nothing kept", dossierView{state: stateNoData}, idOffline, []string{"aucune donnée n'est enregistrée sur cet appareil"}, false, false, true, false},
		{"no answer, nothing kept", dossierView{state: stateNoData, timedOut: true}, idOffline, []string{"Le service Mes points ne répond pas"}, false, false, true, false},
		{"failed, a copy", withCopy(stateFailed), idFailed, []string{"Le service ne peut pas afficher votre dossier pour le moment", "du 16/03/2026 à 09:30"}, true, true, true, false},
		{"failed, nothing kept", dossierView{state: stateFailed}, idFailed, []string{"Réessayez dans quelques minutes"}, false, false, true, false},
		{"not linked", dossierView{state: stateNotLinked}, idNotLinked, []string{"pas encore rattaché", "Rattacher mon dossier"}, false, false, false, false},
		{"signed out here", dossierView{state: stateSignedOutHere}, idSignedOutHere, []string{"Vous êtes déconnecté sur cet appareil.", "Vos données ont été effacées de cet appareil."}, false, false, false, false},
		{"ready", viewOf(stateReady, kept.Me, kept.Dossier, false, at), "", nil, true, true, false, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := renderText(t, &Balance{v: tc.v})
			for _, w := range tc.want {
				if !strings.Contains(got, w) {
					t.Errorf("the page lacks %q", w)
				}
			}
			if tc.id != "" && !strings.Contains(got, `id="`+tc.id+`"`) {
				t.Errorf("no message #%s to move the focus to", tc.id)
			}
			if id := messageID(tc.v.state); id != tc.id {
				t.Errorf("messageID = %q, want %q", id, tc.id)
			}
			if tc.v.state != stateLoading && strings.Contains(got, "Chargement") {
				t.Error("the page still says it is loading")
			}
			checks := []struct {
				what string
				has  bool
				want bool
			}{
				{"the dossier's navigation", strings.Contains(got, "dossier-nav"), tc.nav},
				{"the balance", strings.Contains(got, `id="solde"`), tc.data},
				{"a Réessayer button", strings.Contains(got, ">Réessayer</button>"), tc.retry},
				{"the sign-in buttons back to the page", strings.Contains(got, `href="/auth/usager/login?retour=/solde"`) &&
					strings.Contains(got, `href="/auth/franceconnect/login?retour=/solde"`), tc.login},
			}
			for _, c := range checks {
				if c.has != c.want {
					t.Errorf("%s shown = %v, want %v", c.what, c.has, c.want)
				}
			}
		})
	}
}

// The expired session's message, as go-app builds it: a box the focus can
// go to, announced as a status, with the sign-in buttons back to the
// page.
func TestExpiredMessageMatches(t *testing.T) {
	kept := keptCopy(t)
	msg := stateMessage(viewOf(stateExpired, kept.Me, kept.Dossier, true, today()), PathHistory)
	if err := app.Match(app.Div().ID(idExpired).Class("banner banner-warn").Attr("role", "status").TabIndex(-1), msg); err != nil {
		t.Error(err)
	}
	if err := app.Match(app.Text("Votre session a expiré — reconnectez-vous pour mettre vos données à jour."), msg, 0, 0, 0); err != nil {
		t.Error(err)
	}
	if err := app.Match(app.A().Href(pathLoginFranceConnect+"?retour="+PathHistory).Class("button button-fc"), msg, 2, 1, 0); err == nil {
		// The link has its click handler: Match wants it named too.
		t.Error("the FranceConnect link has no click handler (a pending sign-out must go first)")
	}
	if err := app.Match(app.A().Href(pathLoginFranceConnect+"?retour="+PathHistory).Class("button button-fc").Text("S'identifier avec FranceConnect").
		OnClick(leaveForServer), msg, 2, 1, 0); err != nil {
		t.Error(err)
	}
}

// A candidate without a licence is told what there is for them.
func TestCandidateIsToldWhatThereIs(t *testing.T) {
	d, err := decodeDossier(golden(t, "dossier-theo.json"))
	if err != nil {
		t.Fatal(err)
	}
	got := renderText(t, &History{v: viewOf(stateReady, api.Me{Linked: true}, d, false, today())})
	for _, want := range []string{"pas encore de permis", d.NEPH, `href="/compte"`, `href="/aide/neph"`} {
		if !strings.Contains(got, want) {
			t.Errorf("the candidate's page lacks %q", want)
		}
	}
}
