package app

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// serverLink is a link to a server route (sign-in, sign-out): a full page
// load, out of the app's router.
func serverLink(href, class, text string) app.HTMLA {
	return app.A().Href(href).Class(class).Text(text).OnClick(func(ctx app.Context, e app.Event) {
		// Keep go-app's router from taking the click: the browser then
		// follows the link itself.
		e.Call("stopPropagation")
	})
}

// signInButtons are the two ways to sign in.
func signInButtons() app.UI {
	return app.Div().Class("signin").Body(
		app.P().Body(serverLink(pathLoginUsager, "button button-primary", "Se connecter avec mon compte permis de conduire")),
		app.Div().Class("franceconnect").Body(
			serverLink(pathLoginFranceConnect, "button button-fc", "S'identifier avec FranceConnect"),
			app.P().Body(
				app.A().Href("https://franceconnect.gouv.fr/").Target("_blank").Rel("noopener").
					Text("Qu'est-ce que FranceConnect ? (nouvelle fenêtre)"),
			),
		),
	)
}

// dossierPage lays out a page about the person's dossier: the states where
// there is nothing to show yet, and otherwise the offline banner, the
// navigation and content.
func dossierPage(current, title string, v dossierView, content func() app.UI) app.UI {
	return page(
		app.If(v.state == stateReady && v.offline, func() app.UI { return offlineBanner(v) }),
		app.If(v.state == stateReady, func() app.UI { return navigation(current, v) }),
		app.H1().Text(title),
		app.Div().Class("dossier-body").Attr("aria-live", "polite").Body(stateBody(v, content)),
	)
}

// offlineBanner says the data comes from the device, and of when.
func offlineBanner(v dossierView) app.UI {
	when := ""
	if v.dossier != nil && !v.dossier.FetchedAt.IsZero() {
		when = " — données du " + dateTimeText(v.dossier.FetchedAt)
	}
	return app.P().ID("hors-ligne").Class("banner banner-offline").Attr("role", "status").Body(
		app.Strong().Text("Hors ligne"+when),
		app.Text(". Le solde et le calendrier sont recalculés pour aujourd'hui sur cet appareil."),
	)
}

func stateBody(v dossierView, content func() app.UI) app.UI {
	switch v.state {
	case stateLoading:
		return app.P().Class("loading").Attr("role", "status").Text("Chargement de vos données…")
	case stateSignedOut:
		return app.Div().Body(
			app.P().Text("Connectez-vous pour consulter votre solde de points, son historique et le calendrier de restitution."),
			signInButtons(),
		)
	case stateNotLinked:
		return app.Div().Body(
			app.P().Text("Votre compte n'est pas encore rattaché à votre dossier de permis de conduire."),
			app.P().Body(app.A().Class("button button-primary").Href(PathLink).Text("Rattacher mon dossier")),
		)
	case stateNoData:
		return app.P().Class("banner banner-offline").Attr("role", "status").
			Text("Hors ligne : aucune donnée n'est enregistrée sur cet appareil. Connectez-vous quand vous aurez du réseau.")
	case stateFailed:
		return app.P().Class("banner banner-error").Attr("role", "alert").
			Text("Le service ne peut pas afficher votre dossier pour le moment. Réessayez dans quelques minutes.")
	}
	if v.dossier != nil && v.dossier.Licence == nil {
		return app.Div().ID("candidat").Body(
			app.P().Text("Vous n'avez pas encore de permis de conduire : votre dossier (NEPH "+v.dossier.NEPH+") est celui d'un candidat."),
			app.P().Text("Votre solde de points s'affichera ici dès la délivrance de votre permis. Vous commencerez alors avec 6 points, en période probatoire."),
		)
	}
	if !v.hasResult {
		return app.P().Class("banner banner-error").Attr("role", "alert").
			Text("Votre dossier ne permet pas de calculer le solde. Contactez le service.")
	}
	return content()
}
