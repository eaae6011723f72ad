package app

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"mespoints/points"
)

// StagePage explains the points-recovery stage and what one would bring
// the person now.
type StagePage struct {
	app.Compo
	v dossierView
}

// OnNav loads the dossier.
func (p *StagePage) OnNav(ctx app.Context) {
	ctx.Page().SetTitle("Stage de récupération de points — " + siteName)
	loadDossier(ctx, func(v dossierView) { p.v = v })
}

// Render draws the page.
func (p *StagePage) Render() app.UI {
	return dossierPage(PathStage, "Stage de récupération de points", p.v, p.body)
}

func (p *StagePage) body() app.UI {
	r := p.v.result
	return app.Div().Body(
		app.Section().ID("mon-stage").Class("card").Aria("labelledby", "mon-stage-titre").Body(
			app.H2().ID("mon-stage-titre").Text("Pour vous aujourd'hui"),
			stageVerdict(r),
		),
		app.If(r.Mandatory != nil, func() app.UI {
			m := r.Mandatory
			t := "Après l'infraction retirée le " + dateText(m.Since) + ", vous avez reçu une lettre 48N : en période probatoire, " +
				"une infraction qui retire 3 points ou plus oblige à suivre un stage dans les 4 mois qui suivent sa réception, " +
				"soit avant le " + dateText(m.Deadline) + " environ (article L223-6 du Code de la route)."
			if m.Done {
				t += " Vous l'avez suivi."
			} else {
				t += " Sans ce stage, vous vous exposez à une amende et à la suspension de votre permis."
			}
			return app.Section().ID("stage-48n").Class("card").Aria("labelledby", "stage-48n-titre").Body(
				app.H2().ID("stage-48n-titre").Text("Stage obligatoire (lettre 48N)"),
				app.P().Text(t),
			)
		}),
		app.H2().Text("Qu'est-ce qu'un stage ?"),
		app.Ul().Body(
			app.Li().Text("Le stage de sensibilisation à la sécurité routière dure deux jours consécutifs, dans un centre agréé par la préfecture ; il est payant."),
			app.Li().Text("Il rend jusqu'à 4 points, sans dépasser le maximum de votre permis, le lendemain de son dernier jour (article R223-8 du Code de la route)."),
			app.Li().Text("On ne peut récupérer des points par un stage qu'une fois par an : il faut au moins un an et un jour entre deux stages qui ont rendu des points (article L223-6)."),
			app.Li().Text("Un stage suivi alors que le permis est invalidé ne rend pas de points."),
		),
	)
}

// stageVerdict says whether a stage would bring points, how many, and from
// when.
func stageVerdict(r points.Result) app.UI {
	s := r.Stage
	switch {
	case r.Status == points.StatusInvalid:
		return app.P().ID("stage-verdict").Text("Votre permis est invalidé : un stage ne peut plus vous rendre de points.")
	case s.Eligible:
		return app.Div().Body(
			app.P().ID("stage-verdict").Body(
				app.Span().Class("badge").Text("ÉLIGIBLE AU STAGE"),
				app.Text(" Un stage commencé aujourd'hui vous rendrait "+pointsText(s.Points)+" (solde "+
					pointsText(r.Balance)+" sur "+pointsText(r.Ceiling)+")."),
			),
		)
	case s.From != nil:
		return app.P().ID("stage-verdict").Text("Un stage ne vous rendrait pas de points aujourd'hui : le dernier stage qui vous a rendu des points est trop récent. " +
			"Vous pourrez en suivre un utilement à partir du " + dateText(*s.From) + ".")
	case r.Balance >= r.Ceiling:
		return app.P().ID("stage-verdict").Text("Votre solde est au maximum (" + pointsText(r.Ceiling) + ") : un stage ne vous rendrait aucun point.")
	}
	return app.P().ID("stage-verdict").Text("Un stage ne vous rendrait pas de points aujourd'hui.")
}
