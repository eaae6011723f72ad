package app

import "github.com/maxence-charriere/go-app/v10/pkg/app"

// siteName is the app's own name, used in titles and the header.
const siteName = "Mes points"

// page lays out the frame shared by every page: a skip link, the header
// with the app's name, the main landmark holding the page's content, the
// notices about the app itself, and the footer. The notices appear once the
// WebAssembly runs: placed after the content, they never push it down (no
// layout shift). Exactly one h1 is expected inside content.
func page(content ...app.UI) app.UI {
	return app.Div().Class("page").Body(
		app.A().Class("skip-link").Href("#contenu").Text("Aller au contenu"),
		app.Header().Class("site-header").Body(
			app.Div().Class("wrap").Body(
				app.A().Class("site-name").Href(PathHome).Body(
					// Decorative, drawn by the stylesheet: an empty span says
					// nothing to a screen reader.
					app.Span().Class("site-logo"),
					app.Span().Text(siteName),
				),
			),
		),
		app.Main().ID("contenu").Class("wrap").TabIndex(-1).Body(content...),
		&appNotices{},
		app.Footer().Class("site-footer").Body(
			app.Div().Class("wrap").Body(
				app.P().Text("Mes points est un service indépendant de consultation du solde de points du permis de conduire. "+
					"Les données affichées proviennent du fichier national des permis de conduire."),
				app.Nav().Aria("label", "Pied de page").Body(
					app.Ul().Body(
						app.Li().Body(app.A().Href(PathHome).Text("Accueil")),
						app.Li().Body(app.A().Href(PathHelpNEPH).Text("Où trouver mon numéro de dossier ?")),
					),
				),
			),
		),
	)
}
