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
			stageVerdict(r.Stage),
		),
		app.If(r.Mandatory != nil, func() app.UI {
			return app.Section().ID("stage-48n").Class("card").Aria("labelledby", "stage-48n-titre").Body(
				app.H2().ID("stage-48n-titre").Text("Stage obligatoire (lettre 48N)"),
				app.P().Text(mandatoryText(*r.Mandatory)),
			)
		}),
		app.H2().Text("Qu'est-ce qu'un stage ?"),
		app.Ul().Body(
			app.Li().Text("Le stage de sensibilisation à la sécurité routière dure deux jours consécutifs, dans un centre agréé par la préfecture ; il est payant."),
			app.Li().Text("Il rend jusqu'à 4 points, sans dépasser le maximum de votre permis, le lendemain de son dernier jour (article R223-8 du Code de la route)."),
			app.Li().Text("Un stage ne rend des points qu'une fois par an : il faut au moins un an et un jour entre le dernier jour d'un stage qui a rendu des points et le premier jour du suivant (article L223-6 du Code de la route)."),
			app.Li().Text("Un stage suivi alors que le permis est invalidé ne rend pas de points (article L223-1 du Code de la route)."),
		),
	)
}

// stageVerdict prints the engine's answer as the engine words it: its
// one-sentence summary, then its reason in full with the articles. The
// page adds nothing of its own to it.
func stageVerdict(s points.StageEligibility) app.UI {
	return app.Div().Body(
		app.P().ID("stage-verdict").Class("stage-verdict").Body(
			app.If(s.Eligible, func() app.UI { return app.Span().Class("badge").Text("ÉLIGIBLE AU STAGE") }),
			app.If(s.Eligible, func() app.UI { return app.Text(" ") }),
			app.Span().ID("stage-resume-page").Text(s.Summary),
		),
		app.P().ID("stage-raison").Text(s.Explanation),
	)
}

// mandatoryText says the 48N obligation and its deadline. The law counts
// the 4 months from the day the letter was received, which the registry
// does not hold: the deadline is said from the withdrawal, honestly.
func mandatoryText(m points.MandatoryStage) string {
	t := "Après le retrait de points du " + dateText(m.Since) + ", une lettre 48N vous a été envoyée : en période probatoire, " +
		"une infraction qui retire 3 points ou plus oblige à suivre un stage dans les 4 mois qui suivent la réception de cette lettre, " +
		"soit jusqu'à quelques jours après le " + dateText(m.Deadline) + " selon le jour où vous l'avez reçue (articles L223-6 et R223-4 du Code de la route)."
	if m.Done {
		return t + " Vous l'avez suivi."
	}
	return t + " Sans ce stage, vous vous exposez à une amende et à la suspension de votre permis."
}
