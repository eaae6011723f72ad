//go:build !wasm

package app

import (
	"html"
	"strings"
	"testing"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"mespoints/api"
	"mespoints/points"
)

// printUI returns the HTML of a UI tree, unescaped, for assertions on what
// a person reads.
func printUI(ui app.UI) string {
	var b strings.Builder
	app.PrintHTML(&b, ui)
	return html.UnescapeString(b.String())
}

func day(y int, m time.Month, d int) points.Date { return points.NewDate(y, m, d) }

// camilleLike is a licence outside probation with one 3-point offence
// (hand-held phone, class 4) that took effect on 01/03/2024.
func camilleLike() *api.Dossier {
	d := &api.Dossier{Updated: day(2024, 8, 23), NEPH: "123456789012"}
	d.Holder.GivenNames, d.Holder.FamilyName = "Camille", "Martin"
	d.Licence = &api.Licence{Licence: points.Licence{Obtained: day(2010, 5, 4), Probation: points.NoProbation}}
	d.Events = []api.Event{{Event: points.Event{
		Type: points.Offence, Committed: points.NewDateTime(day(2024, 2, 3), 10, 0), Definitive: day(2024, 3, 1),
		Points: 3, Class: points.C4, Label: "téléphone tenu en main",
	}}}
	return d
}

func readyView(t *testing.T, d *api.Dossier, at points.Date, offline bool) dossierView {
	t.Helper()
	res, err := computeDossier(d, at)
	if err != nil {
		t.Fatal(err)
	}
	state := stateReady
	if offline {
		state = stateOffline // the device's copy, the service out of reach
	}
	return dossierView{state: state, me: api.Me{Linked: true, Provider: api.ProviderUsager, GivenName: "Camille", FamilyName: "Martin"}, dossier: d, offline: offline, today: at, result: res, hasResult: true}
}

// The balance page shows the engine's numbers: 12 − 3 = 9 (L223-2), the
// status, the registry's date, the stage badge (L223-6 al. 4) and the full
// restoration 3 years after a class-4 withdrawal (L223-6 al. 2).
func TestBalancePageShowsTheEnginesNumbers(t *testing.T) {
	p := &Balance{v: readyView(t, camilleLike(), day(2024, 8, 23), false)}
	got := printUI(p.Render())
	for _, want := range []string{
		">9<", " / 12 points", "Permis de conduire valide", "Informations mises à jour le 23/08/2024",
		"ÉLIGIBLE AU STAGE", "Prochaine restitution", "+3 points", "le 01/03/2027", "Sous réserve de l'absence de nouvelle infraction",
		`aria-current="page"`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("balance page lacks %q", want)
		}
	}
	if strings.Contains(got, "Hors ligne") {
		t.Error("online page shows the offline banner")
	}
	if n := strings.Count(got, "<h1"); n != 1 {
		t.Errorf("%d h1", n)
	}
}

func TestOfflineBannerSaysWhenTheDataWasFetched(t *testing.T) {
	d := camilleLike()
	d.FetchedAt = time.Date(2024, 8, 23, 14, 5, 0, 0, time.Local)
	p := &Balance{v: readyView(t, d, day(2024, 9, 1), true)}
	got := printUI(p.Render())
	if !strings.Contains(got, "Hors ligne — données du 23/08/2024 à 14:05") {
		t.Errorf("offline banner missing or wrong:\n%s", got)
	}
}

func TestHistoryIsNewestFirstWithExplanations(t *testing.T) {
	d := camilleLike()
	d.Events = append(d.Events, api.Event{Event: points.Event{
		Type: points.Offence, Committed: points.NewDateTime(day(2024, 5, 2), 9, 0), Definitive: day(2024, 6, 1),
		Points: 1, Class: points.C3, Label: "excès de vitesse inférieur à 20 km/h",
	}})
	p := &History{v: readyView(t, d, day(2024, 8, 23), false)}
	got := printUI(p.Render())
	newer, older := strings.Index(got, "01/06/2024"), strings.Index(got, "01/03/2024")
	if newer < 0 || older < 0 || newer > older {
		t.Errorf("history not newest first (01/06 at %d, 01/03 at %d)", newer, older)
	}
	for _, want := range []string{"Excès de vitesse inférieur à 20 km/h", "−1 point", "−3 points", "Solde après : 8 / 12", "L223-2", `role="img"`} {
		if !strings.Contains(got, want) {
			t.Errorf("history lacks %q", want)
		}
	}
}

func TestCalendarSaysItIsAForecast(t *testing.T) {
	p := &Calendar{v: readyView(t, camilleLike(), day(2024, 8, 23), false)}
	got := printUI(p.Render())
	for _, want := range []string{"sous réserve de l'absence de nouvelle infraction", "01/03/2027", "L223-6"} {
		if !strings.Contains(got, want) {
			t.Errorf("calendar lacks %q", want)
		}
	}
}

func TestStagePageSaysWhatAStageWouldBring(t *testing.T) {
	p := &StagePage{v: readyView(t, camilleLike(), day(2024, 8, 23), false)}
	got := printUI(p.Render())
	if !strings.Contains(got, "vous rendrait 3 points") {
		t.Errorf("stage page: a stage at 9/12 brings 3 points (min(4, 12−9), R223-8):\n%s", got)
	}
}

func TestStatesWithoutADossier(t *testing.T) {
	for _, tc := range []struct {
		state loadState
		want  string
	}{
		{stateLoading, "Chargement de vos données"},
		{stateSignedOut, "S'identifier avec FranceConnect"},
		{stateNotLinked, "Rattacher mon dossier"},
		{stateNoData, "aucune donnée n'est enregistrée sur cet appareil"},
		{stateFailed, "Réessayez"},
	} {
		got := printUI((&Balance{v: dossierView{state: tc.state}}).Render())
		if !strings.Contains(got, tc.want) {
			t.Errorf("state %d: page lacks %q", tc.state, tc.want)
		}
		if strings.Contains(got, "dossier-nav") {
			t.Errorf("state %d shows the dossier navigation", tc.state)
		}
	}
}

func TestCandidateWithoutLicence(t *testing.T) {
	d := camilleLike()
	d.Licence, d.Events = nil, nil
	v := dossierView{state: stateReady, dossier: d, today: day(2024, 8, 23)}
	got := printUI((&Balance{v: v}).Render())
	if !strings.Contains(got, "pas encore de permis") {
		t.Errorf("candidate page:\n%s", got)
	}
}

// The simulator runs the engine with the hypothetical offence: at 9/12, a
// red light (4 points, class 4, L223-2) leaves 5, and the full restoration
// now needs 3 years from today (L223-6 al. 2).
func TestWhatIfShowsWhatAnOffenceWouldCost(t *testing.T) {
	p := &WhatIf{v: readyView(t, camilleLike(), day(2024, 8, 23), false)}
	for i, e := range points.Bareme() {
		if e.Points == 4 && e.Class == points.C4 {
			p.choice = i
			break
		}
	}
	got := printUI(p.Render())
	for _, want := range []string{">5<", "au lieu de 9", "Infraction envisagée", `<label for="infraction"`} {
		if !strings.Contains(got, want) {
			t.Errorf("simulator lacks %q:\n%s", want, got)
		}
	}
}

// A candidate without a licence can still see their account and sign out.
func TestCandidateCanSignOut(t *testing.T) {
	d := camilleLike()
	d.Licence, d.Events = nil, nil
	got := printUI((&Account{v: dossierView{state: stateReady, dossier: d, me: api.Me{Linked: true, Provider: api.ProviderFranceConnect}}}).Render())
	for _, want := range []string{`id="deconnexion"`, "Se déconnecter", "123456789012"} {
		if !strings.Contains(got, want) {
			t.Errorf("candidate's account page lacks %q", want)
		}
	}
}
