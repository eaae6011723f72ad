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
		">9<", " / 12 points", "Permis valide", "Informations mises à jour le 23/08/2024",
		"ÉLIGIBLE AU STAGE", "Prochaine restitution", "+3 points", "le 01/03/2027 (dans 2 ans et 6 mois)", "sous réserve de l'absence de nouvelle infraction",
		"Maximum de 12 points", "Vous aurez 12 points le 01/03/2027", "Un stage vous rendrait 3 points dès aujourd'hui.",
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

// The balance page answers its four questions with the engine's words, and
// folds each long explanation behind "Pourquoi ?" with its article in
// view.
func TestBalancePageFoldsExplanationsWithTheirArticle(t *testing.T) {
	v := readyView(t, camilleLike(), day(2024, 8, 23), false)
	got := printUI((&Balance{v: v}).Render())
	s := v.result.Stage
	for _, want := range []string{
		`id="pourquoi-prochaine"`, `id="pourquoi-stage"`, "<details", "Pourquoi ?",
		`<span class="article"> article L223-6 du Code de la route</span>`,
		`<span class="article"> ` + s.Article + `</span>`, s.Summary, s.Explanation,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("balance page lacks %q", want)
		}
	}
}

// Every sentence the stage page says of the person comes from the engine:
// for each persona, its summary and its reason, exactly; and the page says
// no other reason of its own.
func TestStagePagePrintsTheEnginesReason(t *testing.T) {
	for login, v := range personaViews(t) {
		if !v.hasResult {
			continue
		}
		got := printUI((&StagePage{v: v}).Render())
		s := v.result.Stage
		if !strings.Contains(got, `<span id="stage-resume-page">`+s.Summary+`</span>`) || !strings.Contains(got, `<p id="stage-raison">`+s.Explanation+`</p>`) {
			t.Errorf("%s: the stage page does not print the engine's %s reason %q / %q", login, s.Reason, s.Summary, s.Explanation)
		}
		if s.Reason != points.StageTooSoon && strings.Contains(got, "trop récent") {
			t.Errorf("%s: the page says the last stage is too recent, the engine says %s", login, s.Reason)
		}
	}
	// Inès (probation, 6/6 after her 48N stage): at the ceiling until the
	// end of probation, not a recent stage.
	ines := personaViews(t)["ines"].result.Stage
	if ines.Reason != points.StageAtCeiling || ines.From == nil {
		t.Errorf("Inès: %s from %v, want at_ceiling with a day", ines.Reason, ines.From)
	}
}

// The 48N deadline is said honestly: 4 months after the letter is
// received, which the registry does not hold, so a few days after the
// withdrawal's date plus 4 months — never "environ".
func TestMandatoryStageDeadlineIsHonest(t *testing.T) {
	got := mandatoryText(points.MandatoryStage{Since: day(2025, 2, 16), Deadline: day(2025, 6, 16)})
	if !strings.Contains(got, "quelques jours après le 16/06/2025") || strings.Contains(got, "environ") {
		t.Errorf("48N text: %q", got)
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
	for _, want := range []string{">5<", "au lieu de 9 points", "Infraction envisagée", `<label for="infraction"`, `id="infraction-choisie"`, ": contravention de 4e classe, 4 points.</p>"} {
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

// The simulator opens on an offence that costs points, and its options
// stay short: the group says "Excès de vitesse", the option the rest.
func TestWhatIfDefaultCostsPoints(t *testing.T) {
	b := points.Bareme()
	if c := defaultChoice(); b[c].Points == 0 {
		t.Errorf("default choice %q withdraws 0 points", b[c].Label)
	}
	for _, e := range b {
		if l := optionLabel(e); len([]rune(l)) > 90 || strings.HasPrefix(l, "Excès de vitesse") {
			t.Errorf("option %q: too long, or repeats its group", l)
		}
	}
	if g := groupOf("Excès de vitesse de 20 à moins de 30 km/h"); offenceGroups[g].label != "Excès de vitesse" {
		t.Errorf("speeding in group %q", offenceGroups[g].label)
	}
}

// A probationary driver who lost 3 points a month ago has a stage to take
// (letter 48N, L223-6, R223-4): the balance page says so on its first
// screen, with its honest deadline, in right French.
func TestBalancePageShowsAPending48N(t *testing.T) {
	d := camilleLike()
	d.Licence.Probation = points.Traditional
	d.Licence.Obtained = day(2023, 9, 1)
	v := readyView(t, d, day(2024, 4, 1), false)
	if v.result.Mandatory == nil || v.result.Mandatory.Done {
		t.Fatalf("no pending 48N: %+v", v.result.Mandatory)
	}
	got := printUI((&Balance{v: v}).Render())
	want := "Stage obligatoire (lettre 48N) : à suivre dans les 4 mois suivant sa réception, soit jusqu'à quelques jours après le " + dateText(v.result.Mandatory.Deadline) + "."
	if !strings.Contains(got, want) {
		t.Errorf("balance page lacks %q", want)
	}
	checkFrench(t, "48N", textOf(got))
}

// screenOf is a page built by newPage, showing v.
func screenOf(newPage func() app.Composer, v dossierView) *screen {
	s := newPage().(*screen)
	s.v = v
	return s
}
