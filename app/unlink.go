package app

import (
	"strconv"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// unlinkControl detaches the dossier from the account, after asking: a
// section of its own, away from signing out and unlike it, whose button
// opens a confirmation (a disclosure: the button stays where the focus
// is, aria-expanded says the confirmation is open).
type unlinkControl struct {
	app.Compo
	// Offline disables it: the server must be reached.
	Offline bool

	confirming, busy bool
	message          string
}

// Render draws the section.
func (u *unlinkControl) Render() app.UI {
	return app.Section().ID("detachement").Class("card danger-zone").Aria("labelledby", "detachement-titre").Body(
		app.H2().ID("detachement-titre").Text("Détacher ce dossier"),
		app.P().Text("Votre compte ne montrera plus ce dossier, et ses données seront effacées de cet appareil. "+
			"Vous pourrez le rattacher de nouveau avec votre numéro de dossier et votre date de naissance. Ce n'est pas une déconnexion."),
		app.Button().ID("detacher").Class("button button-danger").Type("button").
			Aria("expanded", strconv.FormatBool(u.confirming)).Aria("controls", "confirmer-detachement").
			Disabled(u.busy || u.Offline).Text("Détacher ce dossier de mon compte…").
			OnClick(func(ctx app.Context, e app.Event) { u.confirming, u.message = !u.confirming, "" }),
		app.If(u.confirming, func() app.UI {
			return app.Div().ID("confirmer-detachement").Class("confirm").Attr("role", "group").Aria("labelledby", "confirmer-question").Body(
				app.P().ID("confirmer-question").Body(app.Strong().Text("Détacher ce dossier de votre compte ?")),
				app.Button().ID("confirmer").Class("button button-danger").Type("button").Disabled(u.busy).
					Text("Oui, détacher ce dossier").OnClick(u.unlink),
				app.Text(" "),
				app.Button().ID("annuler").Class("button button-secondary").Type("button").
					Text("Non, le garder").OnClick(func(ctx app.Context, e app.Event) { u.confirming = false }),
			)
		}),
		app.If(u.message != "", func() app.UI {
			return app.P().Class("banner banner-error").Attr("role", "alert").Text(u.message)
		}),
	)
}

// unlink asks the server to detach the dossier from the account.
func (u *unlinkControl) unlink(ctx app.Context, e app.Event) {
	u.busy, u.message = true, ""
	ctx.Async(func() {
		res, err := fetchAPI("DELETE", "/api/v1/link", nil)
		ctx.Dispatch(func(ctx app.Context) {
			u.busy = false
			if err != nil || res.Status >= 300 {
				u.message = "Le dossier n'a pas pu être détaché. Réessayez quand vous aurez du réseau."
				return
			}
			u.confirming = false
			forget()
			ctx.Navigate(PathLink)
		})
	})
}
