package app

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"mespoints/api"
)

// Home is the public welcome page: what the service does and where to find
// one's dossier number. It is prerendered by the server, so it reads the
// same before the WebAssembly has arrived.
type Home struct {
	app.Compo

	// live is set once the WebAssembly runs in the browser: the page then
	// says the app is ready and works offline.
	live bool
	// online mirrors navigator.onLine when live.
	online bool
	// hasData is true when the device keeps a dossier from an earlier
	// visit: the page then leads to it rather than to sign-in.
	hasData bool
}

// OnNav sets the page title.
func (h *Home) OnNav(ctx app.Context) {
	ctx.Page().SetTitle("Accueil — " + siteName)
}

// OnMount runs in the browser only: the app has started.
func (h *Home) OnMount(ctx app.Context) {
	h.live = true
	h.online = navigatorOnline()
	h.hasData = memory.view.dossier != nil || loadDevice() != nil
	if h.hasData && h.online {
		// When the session has ended, the page offers to sign in again.
		// The copy kept on the device stays readable from the dossier's
		// pages (issue 12, item 2): only signing out wipes it.
		ctx.Async(func() {
			res, err := fetchAPI("GET", "/api/v1/me", nil)
			if code := errorOf(res).Code; err == nil && (code == api.CodeNotSignedIn || code == api.CodeSessionExpired) {
				ctx.Dispatch(func(ctx app.Context) { h.hasData = false })
			}
		})
	}
}

// Render draws the welcome page.
func (h *Home) Render() app.UI {
	return page(
		app.H1().Text("Consultez le solde de points de votre permis de conduire"),
		app.P().Class("lead").Text("Connectez-vous pour consulter votre solde de points, "+
			"son historique et les dates auxquelles vos points vous seront restitués, obtenir vos documents et suivre vos examens du permis."),
		app.If(h.hasData, func() app.UI {
			return app.P().Body(app.A().ID("voir-solde").Class("button button-primary").Href(PathBalance).Text("Voir mon solde de points"))
		}).Else(signInButtons),
		app.Section().Aria("labelledby", "ce-que-vous-pouvez-faire").Body(
			app.H2().ID("ce-que-vous-pouvez-faire").Text("Ce que vous pouvez consulter"),
			app.Ul().Class("features").Body(
				app.Li().Body(app.Strong().Text("Votre solde de points"), app.Text(" et la validité de votre permis, période probatoire comprise.")),
				app.Li().Body(app.Strong().Text("L'historique sur 10 ans"), app.Text(" de vos retraits et de vos récupérations de points, chacun expliqué.")),
				app.Li().Body(app.Strong().Text("Le calendrier prévisionnel de restitution"), app.Text(" : quand et combien de points vous reviendront.")),
				app.Li().Body(app.Strong().Text("Le stage de récupération de points"), app.Text(" : si vous pouvez en suivre un, à partir de quand et ce qu'il vous apporterait.")),
				app.Li().Body(app.Strong().Text("Ce qu'une infraction changerait"), app.Text(" à votre solde, calculé sur votre appareil, sans rien transmettre.")),
				app.Li().Body(app.Strong().Text("Votre permis"), app.Text(" : son numéro, ses catégories, ses restrictions et ses suspensions.")),
				// The page promises only what exists (issue 12): one line for
				// the documents, one for the exams.
				app.Li().Body(app.Strong().Text("Vos documents"), app.Text(" : l'attestation de droits à conduire (ex-relevé d'information restreint), "+
					"le relevé d'information intégral avec FranceConnect et le certificat d'examen, chacun avec un code de vérification, "+
					"et des codes de partage pour un loueur ou un employeur.")),
				app.Li().Body(app.Strong().Text("Vos examens du permis"), app.Text(" : la validité de votre code, vos résultats, "+
					"la réservation d'une place à l'examen de conduite et son annulation.")),
			),
		),
		app.Section().Aria("labelledby", "numero-dossier").Body(
			app.H2().ID("numero-dossier").Text("Votre numéro de dossier (NEPH)"),
			app.P().Text("À votre première connexion, il peut vous être demandé votre numéro de dossier, "+
				"aussi appelé NEPH : il compte de 5 à 19 lettres et chiffres."),
			app.P().Body(app.A().Href(PathHelpNEPH).Text("Où trouver mon numéro de dossier (NEPH) ?")),
		),
		app.If(h.live, func() app.UI {
			msg := "L'application est prête. Après cette visite, elle reste consultable sans connexion."
			if !h.online {
				msg = "Vous êtes hors ligne. L'application reste consultable ; les données seront mises à jour au retour de la connexion."
			}
			return app.P().ID("etat-application").Class("status").Attr("role", "status").Text(msg)
		}),
	)
}
