package app

import (
	"encoding/json"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"mespoints/api"
)

// accountLinks is the "Comptes rattachés à mon dossier" section of "Mon
// compte" (issue 13): every account linked to the dossier, how and when,
// and a button to remove another account's link, offered only when the
// session's own link is proven (FranceConnect, or a code sent to the
// holder).
type accountLinks struct {
	app.Compo
	links     []api.LinkedAccount
	canRemove bool
	loaded    bool
	absent    bool // the service has no such list (answered not_found)
	message   string
	busy      bool
}

// pathAccountLinks is the API's list of the accounts linked to the
// dossier.
const pathAccountLinks = "/api/v1/account/links"

// OnMount asks the service for the list.
func (c *accountLinks) OnMount(ctx app.Context) {
	ctx.Async(func() {
		res, err := fetchAPI("GET", pathAccountLinks, nil)
		ctx.Dispatch(func(ctx app.Context) { c.answered(res, err) })
	})
}

// answered reads the list, or says why there is none.
func (c *accountLinks) answered(res apiResponse, err error) {
	c.loaded, c.busy = true, false
	switch {
	case err != nil:
		c.message = "La liste des comptes rattachés n'a pas pu être lue : le service ne répond pas. Réessayez plus tard."
	case errorOf(res).Code == api.CodeNotFound:
		c.absent = true
	case res.Status != 200:
		c.message = errorText(errorOf(res), "La liste des comptes rattachés n'a pas pu être lue. Réessayez plus tard.")
	default:
		var l api.AccountLinks
		if json.Unmarshal(res.Body, &l) != nil {
			c.message = "La liste des comptes rattachés n'a pas pu être lue. Réessayez plus tard."
			return
		}
		c.links, c.canRemove, c.message = l.Links, l.CanRemove, ""
	}
}

// proven tells whether the session's own link is proven: only then may it
// remove the others' (the service says so).
func (c *accountLinks) proven() bool { return c.canRemove }

// Render draws the section.
func (c *accountLinks) Render() app.UI {
	if c.absent {
		return app.Div()
	}
	if !c.loaded {
		// The section keeps its place while the list comes, so that the
		// buttons below move as little as possible under a finger.
		return app.Section().ID("comptes-rattaches").Aria("labelledby", "comptes-rattaches-titre").Body(
			app.H2().ID("comptes-rattaches-titre").Text("Comptes rattachés à mon dossier"),
			app.P().Class("loading").Attr("role", "status").Text("Chargement de la liste des comptes rattachés…"),
		)
	}
	others := len(c.links) > 1
	return app.Section().ID("comptes-rattaches").Aria("labelledby", "comptes-rattaches-titre").Body(
		app.H2().ID("comptes-rattaches-titre").Text("Comptes rattachés à mon dossier"),
		app.If(c.message != "", func() app.UI {
			return app.P().ID("comptes-erreur").Class("banner banner-error").Attr("role", "alert").TabIndex(-1).Text(c.message)
		}),
		app.Ul().Class("links").Body(
			app.Range(c.links).Slice(func(i int) app.UI { return c.item(c.links[i]) }),
		),
		app.If(others && !c.proven(), func() app.UI {
			return app.P().ID("retrait-impossible").Class("hint").Text(
				"Pour retirer un autre compte, prouvez d'abord que ce dossier est le vôtre : identifiez-vous avec FranceConnect, " +
					"ou rattachez à nouveau ce compte avec le code envoyé à l'adresse électronique du dossier.")
		}),
	)
}

// item is one linked account.
func (c *accountLinks) item(l api.LinkedAccount) app.UI {
	name := providerName(l.Provider)
	if l.Current {
		name += " (le compte de cette session)"
	}
	used := "jamais utilisé pour consulter le dossier"
	if !l.LastUsed.IsZero() {
		used = "dernière consultation le " + dateTimeText(l.LastUsed)
	}
	return app.Li().Class("card").Body(
		app.P().Body(app.Strong().Text(name)),
		para("Rattaché le "+dateTimeText(l.LinkedAt)+", "+proofText(l.Proof)+" ; "+used+"."),
		app.If(!l.Current && c.proven(), func() app.UI {
			return app.Button().Class("button button-secondary").Type("button").Disabled(c.busy).
				Text("Retirer le rattachement de ce compte").Aria("label", "Retirer le rattachement de ce compte ("+providerName(l.Provider)+", rattaché le "+dateTimeText(l.LinkedAt)+")").
				OnClick(func(ctx app.Context, e app.Event) { c.remove(ctx, l.ID) })
		}),
	)
}

// remove asks the service to remove another account's link.
func (c *accountLinks) remove(ctx app.Context, id string) {
	c.busy, c.message = true, ""
	ctx.Async(func() {
		res, err := fetchAPI("DELETE", pathAccountLinks+"/"+id, nil)
		ctx.Dispatch(func(ctx app.Context) {
			c.answered(res, err)
			if c.message != "" {
				focusSoon(ctx, "comptes-erreur")
			}
		})
	})
}

// providerName names a sign-in provider for a person.
func providerName(p string) string {
	switch p {
	case api.ProviderFranceConnect:
		return "compte FranceConnect"
	case api.ProviderUsager:
		return "compte permis de conduire"
	}
	return "compte " + p
}

// proofText says how a link was proven.
func proofText(p string) string {
	switch p {
	case api.ProofFranceConnect:
		return "par l'identité FranceConnect du titulaire"
	case api.ProofEmailCode:
		return "avec le code envoyé à l'adresse électronique du dossier"
	case api.ProofNone:
		return "avec le numéro de dossier et la date de naissance"
	}
	return "preuve : " + p
}

// errorText is the message of an error of the API, or fallback when it
// has none.
func errorText(e api.Error, fallback string) string {
	switch {
	case e.Code == api.CodeNotSignedIn || e.Code == api.CodeSessionExpired:
		return "Votre session a expiré — reconnectez-vous pour continuer."
	case e.Message != "":
		return e.Message
	}
	return fallback
}
