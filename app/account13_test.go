//go:build !wasm

package app

import (
	"strings"
	"testing"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"mespoints/api"
)

// "Mon compte" after issue 13: the accounts linked to the dossier, the
// removal of another's link only from a proven link, the deletion of the
// account behind a confirmation that says what goes and what stays.

func linksOf() []api.LinkedAccount {
	at := time.Date(2024, 8, 23, 12, 5, 0, 0, time.UTC)
	return []api.LinkedAccount{
		{ID: "l1", Provider: api.ProviderFranceConnect, LinkedAt: at, LastUsed: at.Add(time.Hour), Proof: api.ProofFranceConnect, Current: true},
		{ID: "l2", Provider: api.ProviderUsager, LinkedAt: at.AddDate(0, -2, 0), Proof: api.ProofNone},
	}
}

func TestLinkedAccountsFromAProvenLink(t *testing.T) {
	got := renderText(t, &accountLinks{loaded: true, links: linksOf(), canRemove: true})
	for _, want := range []string{"Comptes rattachés à mon dossier", "compte FranceConnect (le compte de cette session)", "compte permis de conduire",
		"par l'identité FranceConnect du titulaire", "avec le numéro de dossier et la date de naissance", "jamais utilisé pour consulter le dossier",
		"Retirer le rattachement de ce compte"} {
		if !strings.Contains(got, want) {
			t.Errorf("the list lacks %q", want)
		}
	}
	if n := strings.Count(got, ">Retirer le rattachement de ce compte<"); n != 1 {
		t.Errorf("%d remove buttons, want 1 (not for the session's own link)", n)
	}
}

func TestLinkedAccountsFromAnUnprovenLink(t *testing.T) {
	got := renderText(t, &accountLinks{loaded: true, links: linksOf()})
	if strings.Contains(got, "Retirer le rattachement de ce compte") {
		t.Error("a link not proven is offered to remove another")
	}
	if !strings.Contains(got, "prouvez d'abord que ce dossier est le vôtre") {
		t.Errorf("no explanation of how to remove another link:\n%s", got)
	}
}

// Until the service has the route, the section is not drawn.
func TestLinkedAccountsAbsentFromTheService(t *testing.T) {
	c := &accountLinks{}
	c.answered(apiResponse{Status: 404, Body: golden(t, "error-not_found.json")}, nil)
	if got := renderText(t, c); strings.Contains(got, "Comptes rattachés") {
		t.Errorf("a section without a list:\n%s", got)
	}
	c = &accountLinks{}
	c.answered(apiResponse{Status: 200, Body: []byte(`{"links":[{"id":"l1","provider":"usager","linked_at":"2024-08-23T12:05:00Z","proof":"email_code","current":true}],"can_remove":true}`)}, nil)
	if got := renderText(t, c); !strings.Contains(got, "avec le code envoyé à l'adresse électronique du dossier") {
		t.Errorf("the list read from the service:\n%s", got)
	}
}

func TestAccountDeletionAsksFirst(t *testing.T) {
	c := &accountDeletion{}
	got := renderText(t, c)
	if strings.Contains(got, "Oui, supprimer mon compte") {
		t.Error("the deletion button is there before any confirmation")
	}
	if err := app.Match(app.Button().ID("supprimer").Class("button button-secondary").Type("button").
		Aria("expanded", "false").Aria("controls", "suppression-confirmation").Text("Supprimer mon compte Mes points…").
		OnClick(func(app.Context, app.Event) {}), c.Render(), 1, 0); err != nil {
		t.Error(err)
	}
	open := &accountDeletion{confirming: true}
	got = renderText(t, open)
	if err := app.Match(app.Button().ID("supprimer").Class("button button-secondary").Type("button").
		Aria("expanded", "true").Aria("controls", "suppression-confirmation").Text("Supprimer mon compte Mes points…").
		OnClick(func(app.Context, app.Event) {}), open.Render(), 1, 0); err != nil {
		t.Error(err)
	}
	for _, want := range []string{"vos sessions, sur tous vos appareils", "le rattachement de votre compte à votre dossier",
		"les données gardées sur cet appareil", "Ne sont pas supprimés", "votre dossier au fichier national des permis de conduire",
		"la trace anonyme des consultations", "Oui, supprimer mon compte", "Annuler"} {
		if !strings.Contains(got, want) {
			t.Errorf("the confirmation lacks %q", want)
		}
	}
}

func TestNoticesAreShownOnce(t *testing.T) {
	notices.list, notices.seen = nil, nil
	t.Cleanup(func() { notices.list, notices.seen = nil, nil })
	n := api.Notice{Code: api.NoticeLinkRemoved}
	addNotices([]api.Notice{n})
	got := renderText(t, &Link{})
	if !strings.Contains(got, "le titulaire du dossier s'est identifié avec FranceConnect") || !strings.Contains(got, "J'ai compris") {
		t.Errorf("the linking form does not show the notice:\n%s", got)
	}
	closeNotice(n)
	addNotices([]api.Notice{n}) // the next answer of /me says it again
	if got := renderText(t, &Link{}); strings.Contains(got, "s'est identifié avec FranceConnect") {
		t.Error("a notice closed is shown again")
	}
}
