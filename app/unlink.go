package app

import (
	"strconv"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// unlinkSection detaches the dossier from the account, after asking: a
// section of its own, after signing out and unlike it, whose button opens
// a confirmation (a disclosure: the button stays where the focus is,
// aria-expanded says the question is open). Only « Oui, détacher ce
// dossier » calls unlink.
func (p *Account) unlinkSection() app.UI {
	return app.Section().ID("detachement").Class("card danger-zone").Aria("labelledby", "detachement-titre").Body(
		app.H2().ID("detachement-titre").Text("Détacher ce dossier"),
		app.P().Text("Votre compte ne montrera plus ce dossier, et ses données seront effacées de cet appareil. "+
			"Vous pourrez le rattacher de nouveau avec votre numéro de dossier et votre date de naissance. Ce n'est pas une déconnexion."),
		app.Button().ID("detacher").Class("button button-danger").Type("button").
			Aria("expanded", strconv.FormatBool(p.confirming)).Aria("controls", "confirmer-detachement").
			Disabled(p.busy || p.v.offline).Text("Détacher ce dossier de mon compte…").
			OnClick(func(ctx app.Context, e app.Event) { p.confirming, p.message = !p.confirming, "" }),
		app.If(p.confirming, func() app.UI {
			return app.Div().ID("confirmer-detachement").Class("confirm").Attr("role", "group").Aria("labelledby", "confirmer-question").Body(
				app.P().ID("confirmer-question").Body(app.Strong().Text("Détacher ce dossier de votre compte ?")),
				app.Button().ID("confirmer").Class("button button-danger").Type("button").Disabled(p.busy).
					Text("Oui, détacher ce dossier").OnClick(p.unlink),
				app.Text(" "),
				app.Button().ID("annuler").Class("button button-secondary").Type("button").
					Text("Non, le garder").OnClick(func(ctx app.Context, e app.Event) { p.confirming = false }),
			)
		}),
		app.If(p.message != "", func() app.UI {
			return app.P().Class("banner banner-error").Attr("role", "alert").Text(p.message)
		}),
	)
}
