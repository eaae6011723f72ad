//go:build !wasm

package app

import (
	"regexp"
	"strings"
	"testing"
)

// app.PrintHTML writes an attribute whose value is "true" as its bare
// name (the browser's DOM gets "true").
var (
	ariaTrue    = regexp.MustCompile(`aria-expanded(="true")?[ >]`)
	ariaInvalid = regexp.MustCompile(`aria-invalid(="true")?[ >]`)
)

// "Mon permis" shows what the registry holds of the licence: number,
// categories with their dates, restrictions in words, suspensions with
// their dates.
func TestLicencePageShowsTheRegistrysFacts(t *testing.T) {
	views := personaViews(t)
	anne := printUI(screenOf(newLicencePage, views["anne"]).Render())
	for _, want := range []string{"980335012345", "<dt>Catégorie A</dt>", "<dt>Catégorie B</dt>", "obtenue le ", "Code 01.01", "lunettes obligatoires", "Aucune suspension"} {
		if !strings.Contains(anne, want) {
			t.Errorf("Anne's licence page lacks %q", want)
		}
	}
	k := views["karim"]
	karim := printUI(screenOf(newLicencePage, k).Render())
	susp := suspensionsOf(k.dossier)
	if len(susp) != 2 {
		t.Fatalf("Karim has %d suspensions, want 2", len(susp))
	}
	for _, s := range susp {
		if !strings.Contains(karim, "du "+dateText(s.From)+" au "+dateText(s.Until)+" inclus") {
			t.Errorf("Karim's licence page lacks the suspension %s–%s", s.From, s.Until)
		}
	}
	for _, want := range []string{"Suspension judiciaire", "Suspension administrative", "Permis invalidé depuis le"} {
		if !strings.Contains(karim, want) {
			t.Errorf("Karim's licence page lacks %q", want)
		}
	}
	// A suspension in force is the licence's status, on its page and on
	// the balance page.
	s := susp[0]
	k.today = s.From.AddDays(1)
	k.result.Status = "valid"
	if st := licenceState(k.result, k.dossier, k.today); st.kind != "suspended" || !strings.Contains(st.text, "suspendu jusqu'au "+dateText(s.Until)) {
		t.Errorf("during a suspension the status is %+v", st)
	}
}

// Detaching the dossier asks first, in a section of its own that does not
// look like signing out; the button says whether the question is open.
func TestUnlinkAsksFirst(t *testing.T) {
	u := &Account{v: readyView(t, camilleLike(), day(2024, 8, 23), false)}
	closed := printUI(u.unlinkSection())
	if !strings.Contains(closed, `aria-expanded="false"`) || strings.Contains(closed, `id="confirmer-detachement"`) || !strings.Contains(closed, "button-danger") {
		t.Errorf("closed:\n%s", closed)
	}
	u.confirming = true
	open := printUI(u.unlinkSection())
	if !ariaTrue.MatchString(open) {
		t.Error("open confirmation: the button is not aria-expanded")
	}
	for _, want := range []string{`id="confirmer-detachement"`, "Oui, détacher ce dossier", "Non, le garder"} {
		if !strings.Contains(open, want) {
			t.Errorf("open confirmation lacks %q", want)
		}
	}
	account := printUI((&Account{v: readyView(t, camilleLike(), day(2024, 8, 23), false)}).Render())
	if i, j := strings.Index(account, `id="deconnexion"`), strings.Index(account, `id="detachement"`); i < 0 || j < i {
		t.Errorf("the account page puts detaching (%d) before signing out (%d)", j, i)
	}
}

// The date of birth of the linking form is a text field with a numeric
// keyboard, and its error is next to it, announced with it.
func TestLinkFormBirthdateField(t *testing.T) {
	got := printUI((&Link{birthdateErr: birthdateNoSuch}).Render())
	for _, want := range []string{`type="text"`, `inputmode="numeric"`, "JJ/MM/AAAA", `id="naissance-erreur"`, birthdateNoSuch,
		`aria-describedby="naissance-aide naissance-erreur"`} {
		if !strings.Contains(got, want) {
			t.Errorf("linking form lacks %q", want)
		}
	}
	if !ariaInvalid.MatchString(got) {
		t.Error("the date of birth is not aria-invalid")
	}
	if strings.Contains(got, `type="date"`) {
		t.Error("the linking form uses a native date picker")
	}
}
