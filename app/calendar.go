package app

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"mespoints/points"
)

// Calendar is the "Calendrier prévisionnel" page: each coming restitution
// with its date, points and reason, and the balance curve continued into
// the future.
type Calendar struct {
	app.Compo
	v dossierView
}

// OnNav loads the dossier.
func (p *Calendar) OnNav(ctx app.Context) {
	ctx.Page().SetTitle("Calendrier prévisionnel — " + siteName)
	loadDossier(ctx, func(v dossierView) { p.v = v })
}

// Render draws the page.
func (p *Calendar) Render() app.UI {
	return dossierPage(PathCalendar, "Calendrier prévisionnel de restitution", p.v, p.body)
}

func (p *Calendar) body() app.UI {
	r := p.v.result
	to := r.At.AddYears(1)
	if n := len(r.Forecast); n > 0 && r.Forecast[n-1].Date.AddMonths(6) > to {
		to = r.Forecast[n-1].Date.AddMonths(6)
	}
	return app.Div().Body(
		app.P().ID("reserve").Class("banner banner-info").Text("Ce calendrier est établi sous réserve de l'absence de nouvelle infraction. "+
			"Une nouvelle infraction peut retarder ou annuler les restitutions prévues."),
		app.If(r.Status == points.StatusInvalid, func() app.UI {
			return app.P().ID("calendrier-vide").Text("Votre permis est invalidé : aucun point ne vous sera restitué.")
		}).ElseIf(len(r.Forecast) == 0, func() app.UI {
			return app.P().ID("calendrier-vide").Text("Aucune restitution n'est à venir : votre solde est au maximum permis aujourd'hui.")
		}).Else(func() app.UI {
			return app.Div().Body(
				balanceChart("graphique-calendrier", r, r.At.AddYears(-1), to, forecastSummary(r)),
				app.H2().Text("Restitutions à venir"),
				changeList("calendrier", r.Forecast, p.v.dossier),
				app.P().Body(serverLink("/documents/calendrier.ics", "button button-secondary", "Ajouter à mon agenda (fichier .ics)").ID("agenda")),
			)
		}),
	)
}

// forecastSummary is the chart's text equivalent in one sentence.
func forecastSummary(r points.Result) string {
	last := r.Forecast[len(r.Forecast)-1]
	return "Solde prévu : " + points.PointsFrench(r.Balance) + " aujourd'hui, " + points.PointsFrench(last.Balance) + " le " + dateText(last.Date) + "."
}
