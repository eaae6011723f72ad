//go:build !wasm

// go-app's test engine needs a DOM when compiled to WebAssembly, which Node
// lacks: the component tests run natively, with the same code.

package app

import (
	"html"
	"strings"
	"testing"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// renderText loads a component in go-app's test engine and returns the
// text of its tree, for assertions on what a person reads.
func renderText(t *testing.T, c app.Composer) string {
	t.Helper()
	e := app.NewTestEngine()
	if err := e.Load(c); err != nil {
		t.Fatalf("load %T: %v", c, err)
	}
	e.ConsumeAll()
	var b strings.Builder
	app.PrintHTML(&b, c)
	return html.UnescapeString(b.String())
}

func TestHomeSaysWhatTheServiceDoes(t *testing.T) {
	html := renderText(t, &Home{})
	for _, want := range []string{
		"Connectez-vous pour consulter votre solde de points",
		"historique sur 10 ans",
		"calendrier prévisionnel de restitution",
		"Ce qu'une infraction changerait",
		"NEPH",
		`href="/aide/neph"`,
	} {
		if !strings.Contains(html, want) {
			t.Errorf("home page lacks %q", want)
		}
	}
	if n := strings.Count(html, "<h1"); n != 1 {
		t.Errorf("home page has %d h1, want 1", n)
	}
	// The page promises only what exists: the documents and the exams,
	// since they are built (each with its own line), never what is not.
	for _, want := range []string{"attestation de droits à conduire", "relevé d'information intégral", "certificat d'examen", "codes de partage",
		"Vos examens du permis", "réservation d'une place"} {
		if !strings.Contains(html, want) {
			t.Errorf("home page does not list %q, which the app offers", want)
		}
	}
	for _, promise := range []string{"paiement", "amende", "contester", "renouvel"} {
		if strings.Contains(html, promise) {
			t.Errorf("home page promises %q, which the app does not offer", promise)
		}
	}
	for _, want := range []string{
		`href="/auth/usager/login"`, "Se connecter avec mon compte permis de conduire",
		`href="/auth/franceconnect/login"`, "S'identifier avec FranceConnect", "Qu'est-ce que FranceConnect ?",
	} {
		if !strings.Contains(html, want) {
			t.Errorf("home page lacks the sign-in %q", want)
		}
	}
}

func TestHelpNEPHExplainsWhereToFindIt(t *testing.T) {
	html := renderText(t, &HelpNEPH{})
	for _, want := range []string{
		"5 à 19 lettres et chiffres", "au verso, en haut à gauche", "rubrique 5", "lettres concernant vos points", "relevé d'information",
		"ancien permis rose", `<svg class="illustration" id="carte-neph"`, `role="img"`, "<figcaption>",
	} {
		if !strings.Contains(html, want) {
			t.Errorf("help page lacks %q", want)
		}
	}
}

func TestEveryPageHasTheLandmarks(t *testing.T) {
	for _, c := range []app.Composer{&Home{}, &HelpNEPH{}} {
		html := renderText(t, c)
		for _, want := range []string{"<header", "<main ", `id="contenu"`, "<footer", `href="#contenu"`} {
			if !strings.Contains(html, want) {
				t.Errorf("%T lacks %s", c, want)
			}
		}
	}
}
