//go:build !wasm

package app

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"mespoints/api"
)

// A lock says until when, in Paris time; before it, a wrong answer says
// how many tries are left (issue 12, item 3).
func TestLinkErrorsSayUntilWhenAndHowManyTries(t *testing.T) {
	now := time.Date(2024, 8, 23, 12, 42, 0, 0, time.UTC) // 14 h 42 in Paris
	var locked api.Error
	if err := jsonOf(golden(t, "error-locked.json"), &locked); err != nil {
		t.Fatal(err)
	}
	var failed api.Error
	if err := jsonOf(golden(t, "error-link_failed.json"), &failed); err != nil {
		t.Fatal(err)
	}
	fromRetryAfter := locked
	fromRetryAfter.Until = time.Time{} // a service that gives only Retry-After
	uncounted := failed
	uncounted.TriesLeft = 0 // a service that does not say how many are left
	lockedUntil := locked
	lockedUntil.Until = time.Date(2024, 8, 23, 13, 30, 0, 0, time.UTC)
	lastTry, twoTries := failed, failed
	lastTry.TriesLeft, twoTries.TriesLeft = 1, 2
	for _, tc := range []struct {
		name    string
		e       api.Error
		want    string
		notWant string
	}{
		{"locked, from retry_after", fromRetryAfter, "Rattachement bloqué jusqu'à 15\u00a0h\u00a042", ""},
		{"locked, until given", lockedUntil, "Rattachement bloqué jusqu'à 15\u00a0h\u00a030", ""},
		{"wrong answer, the last try left", lastTry, failed.Message + " Encore 1 essai avant un blocage d'une heure.", ""},
		{"wrong answer, two tries left", twoTries, "Encore 2 essais avant un blocage d'une heure.", ""},
		{"wrong answer, the service does not count", uncounted, failed.Message, "Encore"},
		{"no e-mail address in the registry", api.Error{Code: api.CodeNoContact}, "FranceConnect", ""},
		{"session ended", api.Error{Code: api.CodeSessionExpired, Message: "x"}, "Votre session a expiré", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := linkErrorText(tc.e, now)
			if !strings.Contains(got, tc.want) || (tc.notWant != "" && strings.Contains(got, tc.notWant)) {
				t.Errorf("linkErrorText = %q, want %q", got, tc.want)
			}
		})
	}
}

// The linking form through each answer of the service: the lock's
// message with the focus on it, the code step of a licence account,
// FranceConnect offered when it is the way, sign-in when the session
// ended, and the balance once linked.
func TestLinkFormAnswers(t *testing.T) {
	now := time.Date(2024, 8, 23, 12, 42, 0, 0, time.UTC)
	for _, tc := range []struct {
		name  string
		res   apiResponse
		err   error
		next  string
		want  []string
		avoid []string
	}{
		{"locked", apiResponse{Status: 429, Body: golden(t, "error-locked.json")}, nil, "rattachement-erreur",
			[]string{`id="rattachement-erreur"`, `tabindex="-1"`, "Rattachement bloqué jusqu'au 16/03/2026 à 11\u00a0h\u00a030"}, []string{"FranceConnect"}},
		{"code sent", apiResponse{Status: 202, Body: []byte(`{"step":"code_sent","email_hint":"c•••••@e•••.fr","expires":"2024-08-23T12:57:00Z"}`)}, nil, "code-envoye",
			[]string{"c•••••@e•••.fr", "valable jusqu'à 14\u00a0h\u00a057", `inputmode="numeric"`, `autocomplete="one-time-code"`, "Confirmer le rattachement"}, []string{`id="neph"`}},
		{"dossier taken", apiResponse{Status: 409, Body: golden(t, "error-dossier_taken.json")}, nil, "rattachement-erreur",
			[]string{`href="/auth/franceconnect/login?retour=/rattachement"`}, nil},
		{"no e-mail address", apiResponse{Status: 409, Body: []byte(`{"code":"no_contact","message":"Le fichier ne connaît pas d'adresse électronique pour ce dossier."}`)}, nil, "rattachement-erreur",
			[]string{"pas d'adresse électronique", `href="/auth/franceconnect/login?retour=/rattachement"`}, nil},
		{"session ended", apiResponse{Status: 401, Body: golden(t, "error-not_signed_in.json")}, nil, "rattachement-erreur",
			[]string{"Votre session a expiré", `href="/auth/usager/login?retour=/rattachement"`, `href="/auth/franceconnect/login?retour=/rattachement"`}, nil},
		{"no answer in time", apiResponse{}, errTimeout, "rattachement-erreur", []string{"Le service ne répond pas"}, nil},
		{"linked", apiResponse{Status: 200, Body: golden(t, "linkconfirm-usager.json")}, nil, PathBalance, nil, []string{"rattachement-erreur"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := &Link{busy: true}
			if next := p.apply(tc.res, tc.err, now); next != tc.next {
				t.Errorf("next = %q, want %q", next, tc.next)
			}
			if p.busy {
				t.Error("the form stays busy")
			}
			got := renderText(t, p)
			for _, w := range tc.want {
				if !strings.Contains(got, w) {
					t.Errorf("the form lacks %q", w)
				}
			}
			for _, w := range tc.avoid {
				if strings.Contains(got, w) {
					t.Errorf("the form shows %q", w)
				}
			}
		})
	}
}

// jsonOf reads b into v.
func jsonOf(b []byte, v any) error { return json.Unmarshal(b, v) }
