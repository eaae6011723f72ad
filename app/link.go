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
	// signIn and offerFC add the sign-in buttons, or FranceConnect's, to
	// the message (linkstep.go).
	signIn, offerFC bool
	// started is the code step of a licence account, nil before.
	started *api.LinkCodeSent
	code    string
	// nav is the page's own context, which stays mounted when an answer
	// replaces the form the event came from: a focus deferred with the
	// event's context would be dropped with that form (go-app skips the
	// deferred functions of an element no longer mounted).
	nav *app.Context
}

// OnNav sets the title and, in the browser, asks the service for what it
// has to tell the person (a link removed by the holder is told here, at
// the sign-in that lands on this form).
func (p *Link) OnNav(ctx app.Context) {
	ctx.Page().SetTitle("Rattacher mon dossier — " + siteName)
	p.nav = &ctx
	if app.IsServer {
		return
	}
	ctx.Async(func() {
		res, err := fetchAPI("GET", "/api/v1/me", nil)
		var me api.Me
		if err != nil || res.Status != 200 || json.Unmarshal(res.Body, &me) != nil || len(me.Notices) == 0 {
			return
		}
		ctx.Dispatch(func(ctx app.Context) { addNotices(me.Notices) })
	})
}

// Render draws the form.
func (p *Link) Render() app.UI {
	if p.started != nil {
		return page(
			noticesBanner(),
			app.H1().Text("Rattacher mon dossier de permis de conduire"),
			p.codeStep(),
		)
	}
	return page(
		noticesBanner(),
		app.H1().Text("Rattacher mon dossier de permis de conduire"),
		app.P().Text("Pour afficher votre solde, indiquez une seule fois votre numéro de dossier et votre date de naissance. "+
			"Votre compte sera ensuite rattaché à ce dossier."),
		app.Form().ID("rattachement").Class("form").Method("post").OnSubmit(p.submit).Body(
			p.linkMessage(),
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
		ctx.Dispatch(func(ctx app.Context) { p.answered(ctx, res, err) })
	})
}
