package app

import "github.com/maxence-charriere/go-app/v10/pkg/app"

// HelpNEPH explains where a driver finds their dossier number (NEPH).
type HelpNEPH struct {
	app.Compo
}

// OnNav sets the page title.
func (h *HelpNEPH) OnNav(ctx app.Context) {
	ctx.Page().SetTitle("Où trouver mon numéro de dossier ? — " + siteName)
}

// Render draws the help page.
func (h *HelpNEPH) Render() app.UI {
	return page(
		app.H1().Text("Où trouver mon numéro de dossier (NEPH) ?"),
		app.P().Text("Le numéro de dossier, ou NEPH (numéro d'enregistrement préfectoral harmonisé), "+
			"identifie votre dossier de permis de conduire. Il compte de 5 à 19 lettres et chiffres, "+
			"le plus souvent 12 chiffres."),
		app.H2().Text("Vous le trouverez"),
		app.Ul().Body(
			app.Li().Body(app.Strong().Text("sur votre permis de conduire"), app.Text(" au format carte de crédit : au verso, sous la rubrique 5 ;")),
			app.Li().Body(app.Strong().Text("sur les lettres concernant vos points"), app.Text(" (lettres 48, 48M, 48N, 46…) : en haut, à côté de « Numéro de dossier » ;")),
			app.Li().Body(app.Strong().Text("sur votre relevé d'information"), app.Text(" restreint ou intégral ;")),
			app.Li().Body(app.Strong().Text("sur votre attestation d'inscription au permis de conduire"), app.Text(" si vous passez l'examen.")),
		),
		app.P().Text("Pour des raisons de sécurité, ce numéro ne figure jamais dans l'adresse des pages de Mes points."),
		app.P().Body(app.A().Href(PathHome).Text("Retour à l'accueil")),
	)
}
