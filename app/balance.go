package app

import (
	"strconv"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// Balance is the "Mon solde de points" page: the balance as the headline,
// the licence's status, the registry's update date, the stage badge and
// the next restitution.
type Balance struct {
	app.Compo
	v dossierView
}

// OnNav loads the dossier.
func (p *Balance) OnNav(ctx app.Context) {
	ctx.Page().SetTitle("Mon solde de points — " + siteName)
	loadDossier(ctx, func(v dossierView) { p.v = v })
}

// Render draws the page.
func (p *Balance) Render() app.UI {
	return dossierPage(PathBalance, "Mon solde de points", p.v, p.body)
}

func (p *Balance) body() app.UI {
	r, d := p.v.result, p.v.dossier
	var next app.UI
	if len(r.Forecast) > 0 {
		f := r.Forecast[0]
		next = app.Section().ID("prochaine").Class("card").Aria("labelledby", "prochaine-titre").Body(
			app.H2().ID("prochaine-titre").Text("Prochaine restitution"),
			app.P().Class("next-line").Body(
				app.Strong().Text(signedPoints(f.Change)+" "+pluralWord(f.Change)),
				app.Text(" le "+dateText(f.Date)+" ("+delayText(r.At, f.Date)+")"),
			),
			app.P().Text(f.Explanation),
			app.P().Class("reserve").Text("Sous réserve de l'absence de nouvelle infraction."),
			app.P().Body(app.A().Href(PathCalendar).Text("Voir le calendrier prévisionnel")),
		)
	}
	return app.Div().Body(
		app.Div().Class("balance card").Body(
			app.P().ID("solde").Class("balance-figure").Body(
				app.Span().Class("balance-value").Text(strconv.Itoa(r.Balance)),
				app.Span().Class("balance-ceiling").Text(" / "+strconv.Itoa(r.Ceiling)+" points"),
			),
			app.P().ID("statut").Class("status-line status-"+string(r.Status)).Text(statusText(r)),
			app.If(r.InvalidSince != nil, func() app.UI {
				t := "Votre permis a perdu sa validité le " + dateText(*r.InvalidSince) + ". Vous devez le remettre à la préfecture dans les 10 jours suivant la réception de la lettre 48SI."
				if r.ReapplyFrom != nil {
					t += " Vous pourrez demander un nouveau permis à partir du " + dateText(*r.ReapplyFrom) + " (6 mois après sa remise, 1 an en cas d'autre invalidation dans les 5 ans)."
				}
				return app.P().ID("invalidation").Text(t)
			}),
			app.P().ID("maj").Class("updated").Text("Informations mises à jour le "+dateText(d.Updated)),
			app.If(r.Stage.Eligible, func() app.UI {
				return app.P().ID("badge-stage").Class("badge-line").Body(
					app.Span().Class("badge").Text("ÉLIGIBLE AU STAGE"),
					app.Text(" "),
					app.A().Href(PathStage).Text("En savoir plus sur le stage"),
				)
			}),
		),
		app.If(r.Mandatory != nil && !r.Mandatory.Done, func() app.UI {
			return app.P().ID("stage-obligatoire").Class("banner banner-warn").Attr("role", "note").Body(
				app.Strong().Text("Stage obligatoire : "),
				app.Text("vous devez suivre un stage de récupération de points avant le "+dateText(r.Mandatory.Deadline)+" (lettre 48N). "),
				app.A().Href(PathStage).Text("Ce qu'il faut savoir"),
			)
		}),
		next,
		app.If(len(r.Forecast) == 0 && r.Balance == r.Ceiling && r.Ceiling == 12, func() app.UI {
			return app.P().ID("complet").Text("Votre capital est complet : aucune restitution n'est à venir.")
		}),
	)
}
