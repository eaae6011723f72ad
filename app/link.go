package app

import (
	"encoding/json"
	"strings"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"mespoints/api"
	"mespoints/points"
)

// Link is the form that links the signed-in account to a dossier with the
// dossier number (NEPH) and the date of birth.
type Link struct {
	app.Compo
	neph, birthdate string
	message         string
	// birthdateErr says what is wrong with the date of birth typed.
	birthdateErr string
	busy         bool
}

// OnNav sets the title.
func (p *Link) OnNav(ctx app.Context) {
	ctx.Page().SetTitle("Rattacher mon dossier — " + siteName)
}

// Render draws the form.
func (p *Link) Render() app.UI {
	return page(
		app.H1().Text("Rattacher mon dossier de permis de conduire"),
		app.P().Text("Pour afficher votre solde, indiquez une seule fois votre numéro de dossier et votre date de naissance. "+
			"Votre compte sera ensuite rattaché à ce dossier."),
		app.Form().ID("rattachement").Class("form").Method("post").OnSubmit(p.submit).Body(
			app.If(p.message != "", func() app.UI {
				return app.P().ID("rattachement-erreur").Class("banner banner-error").Attr("role", "alert").Text(p.message)
			}),
			app.Div().Class("field").Body(
				app.Label().For("neph").Text("Numéro de dossier (NEPH)"),
				app.P().ID("neph-aide").Class("hint").Body(
					app.Text("De 5 à 19 lettres et chiffres, par exemple 123456789012. "),
					app.A().Href(PathHelpNEPH).Text("Où le trouver ?"),
				),
				app.Input().ID("neph").Name("neph").Type("text").Attr("autocomplete", "off").Spellcheck(false).
					Attr("autocapitalize", "characters").Required(true).Aria("describedby", "neph-aide").
					Value(p.neph).OnInput(ctxValue(&p.neph)),
			),
			birthdateField(p.birthdate, p.birthdateErr, ctxValue(&p.birthdate)),
			app.Button().Class("button button-primary").Type("submit").Disabled(p.busy).Text("Rattacher mon dossier"),
		),
	)
}

// ctxValue keeps an input's value in a field.
func ctxValue(dst *string) app.EventHandler {
	return func(ctx app.Context, e app.Event) { *dst = ctx.JSSrc().Get("value").String() }
}

func (p *Link) submit(ctx app.Context, e app.Event) {
	e.PreventDefault()
	neph := strings.ToUpper(strings.Join(strings.Fields(p.neph), ""))
	if len(neph) < 5 || len(neph) > 19 {
		p.message = "Le numéro de dossier compte de 5 à 19 lettres et chiffres."
		return
	}
	born, msg := parseBirthdate(p.birthdate, points.DateOf(time.Now()))
	if p.birthdateErr = msg; msg != "" {
		return
	}
	body, _ := json.Marshal(api.LinkRequest{NEPH: neph, Birthdate: born.String()})
	p.busy, p.message = true, ""
	ctx.Async(func() {
		res, err := fetchAPI("POST", "/api/v1/link", body)
		ctx.Dispatch(func(ctx app.Context) {
			p.busy = false
			switch {
			case err != nil:
				p.message = "Pas de réseau : le rattachement n'a pas pu être fait. Réessayez quand vous serez connecté."
			case res.Status == 200:
				forget()
				ctx.Navigate(PathBalance)
			default:
				switch apiErr := errorOf(res); {
				case apiErr.Code == api.CodeNotSignedIn:
					p.message = "Votre session a expiré. Reconnectez-vous depuis l'accueil."
				case apiErr.Message != "":
					// A wrong answer (CodeLinkFailed), a lock with the time
					// it ends (CodeLocked), a dossier taken…: the server's
					// French message says it.
					p.message = apiErr.Message
				default:
					p.message = "Le rattachement n'a pas pu être fait. Réessayez dans quelques minutes."
				}
			}
		})
	})
}
