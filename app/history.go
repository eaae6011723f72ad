package app

import (
	"strconv"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"mespoints/points"
)

// History is the "Historique" page: every loss and recovery of the last
// 10 years, newest first, explained, and the balance over time.
type History struct {
	app.Compo
	v dossierView
}

// OnNav loads the dossier.
func (p *History) OnNav(ctx app.Context) {
	ctx.Page().SetTitle("Historique de mes points — " + siteName)
	loadDossier(ctx, func(v dossierView) { p.v = v })
}

// Render draws the page.
func (p *History) Render() app.UI {
	return dossierPage(PathHistory, "Historique de mes points sur 10 ans", p.v, p.body)
}

func (p *History) body() app.UI {
	r := p.v.result
	newest := make([]points.Change, len(r.History))
	for i, c := range r.History {
		newest[len(r.History)-1-i] = c
	}
	from, years := historySpan(r, p.v.dossier.Licence.Obtained)
	summary := historySummary(r, from)
	switch years {
	case 1:
		summary = "La dernière année, où se trouvent tous les changements de vos 10 ans d'historique. " + summary
	case 3:
		summary = "Les 3 dernières années, où se trouvent tous les changements de vos 10 ans d'historique. " + summary
	}
	return app.Div().Body(
		balanceChart("graphique-historique", r, from, r.At, summary),
		app.H2().Text("Retraits et récupérations"),
		app.If(len(newest) == 0, func() app.UI {
			return app.P().ID("historique-vide").Text("Aucun retrait ni aucune récupération de points ces 10 dernières années.")
		}).Else(func() app.UI {
			return changeList("historique", newest, p.v.dossier)
		}),
		app.If(len(r.Notes) > 0, func() app.UI {
			return app.Section().Aria("labelledby", "notes-titre").Body(
				app.H2().ID("notes-titre").Text("À savoir"),
				app.Ul().ID("notes").Body(app.Range(r.Notes).Slice(func(i int) app.UI {
					n := r.Notes[i]
					return app.Li().Text(dateText(n.Date) + " : " + n.Text)
				})),
			)
		}),
	)
}

// historySummary is the chart's text equivalent in one sentence.
func historySummary(r points.Result, from points.Date) string {
	losses, gains := 0, 0
	for _, c := range r.History {
		if c.Date < from {
			continue
		}
		if c.Change < 0 {
			losses -= c.Change
		} else {
			gains += c.Change
		}
	}
	return "Évolution du solde depuis le " + dateText(from) + " : " + pointsDone(losses, "retiré") + ", " +
		pointsDone(gains, "récupéré ou acquis") + " ; solde aujourd'hui " + points.PointsFrench(r.Balance) + " sur " + strconv.Itoa(r.Ceiling) + "."
}
