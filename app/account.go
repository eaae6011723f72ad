package app

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// Account is the "Mon compte" page: who is signed in and how, the linked
// dossier, signing out and, apart, unlinking (unlink.go).
type Account struct {
	app.Compo
	v       dossierView
	message string
	busy    bool
	// confirming is true while the page asks whether to unlink.
	confirming bool
}

// OnNav loads the dossier.
func (p *Account) OnNav(ctx app.Context) {
	ctx.Page().SetTitle("Mon compte — " + siteName)
	loadDossier(ctx, func(v dossierView) { p.v = v })
}

// Render draws the page.
func (p *Account) Render() app.UI {
	if p.v.state == stateNotLinked {
		// Signing out must stay possible before any dossier is linked.
		return page(
			noticesBanner(),
			app.H1().Text("Mon compte"),
			p.identity(),
			app.P().Body(app.A().Class("button button-primary").Href(PathLink).Text("Rattacher mon dossier")),
			signOutForm(),
			&accountDeletion{},
		)
	}
	if p.v.showsDossier() {
		// The account page needs no balance: a candidate without a
		// licence sees it too, and can sign out.
		return page(
			app.Div().Class("page-messages").Body(noticesBanner()),
			navigation(PathAccount, p.v),
			app.H1().Text("Mon compte"),
			app.Div().Class("page-messages").Body(stateMessage(p.v, PathAccount)),
			app.Div().Class("dossier-body").Body(p.body()),
		)
	}
	return dossierPage(PathAccount, "Mon compte", p.v, p.body)
}

func (p *Account) identity() app.UI {
	me := p.v.me
	name := me.GivenName + " " + me.FamilyName
	return app.Dl().ID("identite").Class("facts").Body(
		app.Dt().Text("Nom"), app.Dd().Text(name),
		app.If(me.Email != "", func() app.UI {
			return app.Div().Body(app.Dt().Text("Adresse électronique"), app.Dd().Text(me.Email))
		}),
		app.Dt().Text("Connexion"), app.Dd().ID("fournisseur").Text("avec "+providerText(me)),
	)
}

func (p *Account) body() app.UI {
	d := p.v.dossier
	return app.Div().Body(
		p.identity(),
		app.H2().Text("Mon dossier"),
		app.Dl().Class("facts").Body(
			app.Dt().Text("Numéro de dossier (NEPH)"), app.Dd().ID("neph").Text(d.NEPH),
			app.Dt().Text("Titulaire"), app.Dd().Text(d.Holder.GivenNames+" "+d.Holder.FamilyName),
			app.Dt().Text("Date de naissance"), app.Dd().Text(dateText(d.Holder.Birthdate)),
			app.If(d.Licence != nil, func() app.UI {
				return app.Div().Body(app.Dt().Text("Permis obtenu le"), app.Dd().Text(dateText(d.Licence.Obtained)))
			}),
		),
		signOutForm(),
		p.unlinkSection(),
		app.If(p.v.state == stateReady, func() app.UI {
			return app.Div().Body(&accountLinks{}, signOutEverywhereForm(), &accountDeletion{})
		}),
	)
}

// unlink asks the server to detach the dossier from the account.
func (p *Account) unlink(ctx app.Context, e app.Event) {
	p.busy, p.message = true, ""
	ctx.Async(func() {
		res, err := fetchAPI("DELETE", "/api/v1/link", nil)
		ctx.Dispatch(func(ctx app.Context) {
			p.busy = false
			if err != nil || res.Status >= 300 {
				p.message = "Le dossier n'a pas pu être détaché. Réessayez quand vous aurez du réseau."
				return
			}
			forget()
			ctx.Navigate(PathLink)
		})
	})
}
