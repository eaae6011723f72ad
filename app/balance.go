package app

import (
	"strconv"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"mespoints/points"
)

// Balance is the "Mon solde de points" page. At a glance, on a phone's
// first screen, it answers four questions: how many points out of how
// many; is the licence valid (or suspended until…, invalidated since…, on
// probation until…); the next restitution and the day the balance is back
// at 12; whether a stage would bring points now, and if not from when and
// why. Long explanations fold behind "Pourquoi ?", their article in view.
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
	return app.Div().Body(
		app.Div().Class("balance card").Body(
			app.P().ID("solde").Class("balance-figure").Body(
				app.Span().Class("balance-value").Text(strconv.Itoa(r.Balance)),
				app.Span().Class("balance-ceiling").Text(" / "+strconv.Itoa(r.Ceiling)+" points"),
			),
			licenceStatusLine("statut", licenceState(r, d, p.v.today)),
			app.P().ID("maj").Class("updated").Text("Informations mises à jour le "+dateText(d.Updated)),
		),
		app.Dl().ID("en-bref").Class("glance").Body(
			p.nextRow(),
			p.maximumRow(),
			p.stageRow(),
		),
		app.If(r.Status != points.StatusInvalid, func() app.UI {
			return app.P().Class("reserve").Text("Dates établies sous réserve de l'absence de nouvelle infraction.")
		}),
		app.P().Body(app.A().Href(PathCalendar).Text("Voir le calendrier prévisionnel")),
	)
}

// nextRow is the next restitution: points, day, delay and why.
func (p *Balance) nextRow() app.UI {
	r := p.v.result
	var value app.UI
	label := "Prochaine restitution"
	switch {
	case r.Status == points.StatusInvalid:
		value = app.Dd().ID("prochaine").Text("Aucune : un permis invalidé ne récupère plus de points.")
	case len(r.Forecast) == 0:
		value = app.Dd().ID("prochaine").Text("Aucune : votre solde est à son maximum.")
	default:
		f := r.Forecast[0]
		if f.Rule == points.RuleProbationStep || f.Rule == points.RuleProbationEnd {
			label = "Prochaine étape du permis probatoire"
		}
		value = app.Dd().ID("prochaine").Body(
			app.Strong().Text(points.SignedFrench(f.Change)+" "+pluralWord(f.Change)),
			app.Text(" le "+dateText(f.Date)+" ("+delayText(r.At, f.Date)+")"),
			why("pourquoi-prochaine", f.Explanation),
		)
	}
	return app.Div().Body(app.Dt().Text(label), value)
}

// maximumRow is the day the balance is back at 12 points, or, for an
// invalidated licence, from when a new one may be applied for.
func (p *Balance) maximumRow() app.UI {
	r := p.v.result
	if r.Status == points.StatusInvalid {
		t := "Le permis invalidé est à remettre à la préfecture dans les 10 jours suivant la réception de la lettre 48SI ; " +
			"un nouveau permis peut être demandé 6 mois après sa remise, 1 an en cas d'autre invalidation dans les 5 ans (articles L223-1 et L223-5 du Code de la route)."
		value := "6 mois après la remise de votre permis"
		if r.ReapplyFrom != nil {
			value = "à demander à partir du " + dateText(*r.ReapplyFrom)
		}
		return app.Div().Body(
			app.Dt().Text("Nouveau permis"),
			app.Dd().ID("invalidation").Body(app.Text(value), why("pourquoi-invalidation", t)),
		)
	}
	var value string
	switch back := back12(r); {
	case r.Balance == points.MaxPoints:
		value = "Vous avez le maximum de 12 points."
	case back != nil:
		value = "Vous aurez 12 points le " + dateText(*back) + " (" + delayText(r.At, *back) + ")."
	default:
		value = "Aucune date : le calendrier ne vous ramène pas à 12 points."
	}
	return app.Div().Body(app.Dt().Text("Maximum de 12 points"), app.Dd().ID("retour-maximum").Text(value))
}

// stageRow says whether a stage would bring points now, in the engine's
// own words, and the 48N obligation if one is pending.
func (p *Balance) stageRow() app.UI {
	r := p.v.result
	s := r.Stage
	return app.Div().Body(
		app.Dt().Text("Stage de récupération de points"),
		app.Dd().ID("stage-ligne").Body(
			app.If(s.Eligible, func() app.UI {
				return app.Span().ID("badge-stage").Class("badge").Text("ÉLIGIBLE AU STAGE")
			}),
			app.Span().ID("stage-resume").Text(" "+s.Summary),
			app.If(r.Mandatory != nil && !r.Mandatory.Done, func() app.UI {
				return app.Strong().ID("stage-obligatoire").Class("warn").Text(" Stage obligatoire (lettre 48N) : à suivre dans les 4 mois suivant sa réception, soit jusqu'à quelques jours après le " +
					dateText(r.Mandatory.Deadline) + ".")
			}),
			whyWith("pourquoi-stage", s.Explanation, s.Article),
			app.A().Href(PathStage).Text("Ce qu'il faut savoir sur le stage"),
		),
	)
}

// back12 is the day the balance is at 12: today, the first day of the
// forecast that reaches it, or nil (an invalidated licence).
func back12(r points.Result) *points.Date {
	if r.Status == points.StatusInvalid {
		return nil
	}
	if r.Balance == points.MaxPoints {
		return &r.At
	}
	for i := range r.Forecast {
		if r.Forecast[i].Balance == points.MaxPoints {
			return &r.Forecast[i].Date
		}
	}
	return nil
}
