package app

import (
	"strconv"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"mespoints/api"
)

// accountDeletion is the "Supprimer mon compte" section of "Mon compte"
// (issue 13): a first button opens a confirmation that says what is
// deleted and what is not; only its own button deletes.
type accountDeletion struct {
	app.Compo
	confirming bool
	busy       bool
	message    string
}

// pathAccount is the API's route of the person's account.
const pathAccount = "/api/v1/account"

// Render draws the section.
func (c *accountDeletion) Render() app.UI {
	return app.Section().ID("suppression").Aria("labelledby", "suppression-titre").Body(
		app.H2().ID("suppression-titre").Text("Supprimer mon compte"),
		para("Sans action de votre part, votre compte est supprimé de lui-même trois ans après votre dernière connexion."),
		app.P().Body(
			app.Button().ID("supprimer").Class("button button-secondary").Type("button").
				Aria("expanded", strconv.FormatBool(c.confirming)).Aria("controls", "suppression-confirmation").
				Text("Supprimer mon compte Mes points…").
				OnClick(func(ctx app.Context, e app.Event) {
					c.confirming, c.message = !c.confirming, ""
					if c.confirming {
						focusSoon(ctx, "suppression-confirmation")
					}
				}),
		),
		app.If(c.confirming, func() app.UI {
			return app.Div().ID("suppression-confirmation").Class("card confirm").TabIndex(-1).Body(
				strongPara("Voulez-vous vraiment supprimer votre compte Mes points ?"),
				para("Seront supprimés :"),
				bullets(
					"vos sessions, sur tous vos appareils ;",
					"le rattachement de votre compte à votre dossier : pour le consulter à nouveau, il faudra le rattacher ;",
					"les données gardées sur cet appareil.",
				),
				para("Ne sont pas supprimés :"),
				bullets(
					"votre dossier au fichier national des permis de conduire, ni vos points : Mes points ne fait que les consulter ;",
					"la trace anonyme des consultations de votre dossier, que le service garde pour sa sécurité.",
				),
				app.If(c.message != "", func() app.UI {
					return app.P().ID("suppression-erreur").Class("banner banner-error").Attr("role", "alert").TabIndex(-1).Text(c.message)
				}),
				app.P().Class("actions").Body(
					app.Button().ID("supprimer-confirmer").Class("button button-danger").Type("button").Disabled(c.busy).
						Text("Oui, supprimer mon compte").OnClick(c.delete),
					app.Text(" "),
					app.Button().Class("button button-secondary").Type("button").Text("Annuler").
						OnClick(func(ctx app.Context, e app.Event) { c.confirming, c.message = false, "" }),
				),
			)
		}),
	)
}

// delete asks the service to delete the account, then wipes the device
// and goes to the home page.
func (c *accountDeletion) delete(ctx app.Context, e app.Event) {
	c.busy, c.message = true, ""
	ctx.Async(func() {
		res, err := fetchAPI("DELETE", pathAccount, nil)
		ctx.Dispatch(func(ctx app.Context) {
			c.busy = false
			switch {
			case err != nil:
				c.message = "Pas de réseau : votre compte n'a pas été supprimé. Réessayez quand vous aurez du réseau."
			case res.Status >= 200 && res.Status < 300:
				forget()
				goTo(PathHome)
				return
			case errorOf(res).Code == api.CodeNotFound:
				c.message = "La suppression du compte n'est pas encore possible sur ce service. Réessayez plus tard."
			default:
				c.message = errorText(errorOf(res), "Votre compte n'a pas pu être supprimé. Réessayez dans quelques minutes.")
			}
			focusSoon(ctx, "suppression-erreur")
		})
	})
}
