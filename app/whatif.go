package app

import (
	"strconv"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"mespoints/api"
	"mespoints/points"
)

// WhatIf is the "Et si… ?" simulator: what a new offence committed today
// would change. It runs the engine on the device: nothing is sent nor
// stored, and it works offline.
type WhatIf struct {
	app.Compo
	v dossierView
	// choice is the index of the chosen offence in the barème, or
	// customChoice for points and class typed in.
	choice       int
	customPoints int
	customClass  points.Class
}

// customChoice is the select's value for "another offence".
const customChoice = -1

// OnNav loads the dossier.
func (p *WhatIf) OnNav(ctx app.Context) {
	ctx.Page().SetTitle("Et si… ? — " + siteName)
	if p.customClass == "" {
		// First visit: an offence that costs points, not one of 0 points.
		p.customPoints, p.customClass = 3, points.C4
		p.choice = defaultChoice()
	}
	loadDossier(ctx, func(v dossierView) { p.v = v })
}

// Render draws the page.
func (p *WhatIf) Render() app.UI {
	return dossierPage(PathWhatIf, "Et si je commettais une infraction ?", p.v, p.body)
}

// classes are the classes a person may choose, in order; each is shown
// with its French name (points.Class.French).
var classes = []points.Class{points.C1, points.C2, points.C3, points.C4, points.C5, points.Delit}

// offence is the chosen offence, as the API's what-if takes it: its
// points and class.
func (p *WhatIf) offence() api.WhatIfRequest {
	b := points.Bareme()
	n, class := p.customPoints, p.customClass
	if p.choice >= 0 && p.choice < len(b) {
		n, class = b[p.choice].Points, b[p.choice].Class
	}
	return api.WhatIfRequest{Points: &n, Class: class}
}

func (p *WhatIf) body() app.UI {
	bareme := points.Bareme()
	return app.Div().Body(
		app.P().Text("Choisissez une infraction : le simulateur calcule, sur cet appareil, ce qu'elle changerait si elle était commise et payée aujourd'hui. Rien n'est enregistré ni transmis."),
		app.Form().ID("simulateur").Class("form").OnSubmit(func(ctx app.Context, e app.Event) { e.PreventDefault() }).Body(
			app.Div().Class("field").Body(
				app.Label().For("infraction").Text("Infraction envisagée"),
				app.Select().ID("infraction").Aria("describedby", "infraction-choisie").OnChange(func(ctx app.Context, e app.Event) {
					p.choice, _ = strconv.Atoi(ctx.JSSrc().Get("value").String())
				}).Body(
					app.Range(offenceGroups).Slice(func(g int) app.UI {
						return app.OptGroup().Label(offenceGroups[g].label).Body(
							app.Range(bareme).Slice(func(i int) app.UI {
								e := bareme[i]
								if groupOf(e.Label) != g {
									return nil
								}
								return app.Option().Value(strconv.Itoa(i)).Selected(p.choice == i).Text(optionLabel(e))
							}),
						)
					}),
					app.Option().Value(strconv.Itoa(customChoice)).Selected(p.choice == customChoice).Text("Autre infraction : je précise les points et la classe"),
				),
				// The whole label of the offence chosen, which a phone's
				// select cuts.
				app.If(p.choice >= 0 && p.choice < len(bareme), func() app.UI {
					e := bareme[p.choice]
					return app.P().ID("infraction-choisie").Class("hint").Text(e.Label + " : " + e.Class.French() + ", " + points.PointsFrench(e.Points) + ".")
				}),
			),
			app.If(p.choice == customChoice, func() app.UI {
				return app.Div().Body(
					app.Div().Class("field").Body(
						app.Label().For("points-retires").Text("Points retirés (0 à 6)"),
						app.Input().ID("points-retires").Type("number").Min(0).Max(6).Step(1).Value(strconv.Itoa(p.customPoints)).
							OnInput(func(ctx app.Context, e app.Event) {
								if n, err := strconv.Atoi(ctx.JSSrc().Get("value").String()); err == nil && n >= 0 && n <= 6 {
									p.customPoints = n
								}
							}),
					),
					app.Div().Class("field").Body(
						app.Label().For("classe").Text("Classe de l'infraction"),
						app.Select().ID("classe").OnChange(func(ctx app.Context, e app.Event) {
							p.customClass = points.Class(ctx.JSSrc().Get("value").String())
						}).Body(app.Range(classes).Slice(func(i int) app.UI {
							c := classes[i]
							return app.Option().Value(string(c)).Selected(p.customClass == c).Text(capitalise(c.French()))
						})),
					),
				)
			}),
		),
		app.Section().ID("simulation").Attr("aria-live", "polite").Aria("labelledby", "simulation-titre").Body(p.outcome()),
	)
}

// outcome runs the engine with the hypothetical offence and says what it
// would cost.
func (p *WhatIf) outcome() app.UI {
	rec, ok := dossierRecord(p.v.dossier)
	if !ok {
		return nil
	}
	o := p.offence()
	w, err := points.WhatIf(rec, p.v.today, *o.Points, o.Class)
	if err != nil {
		return app.P().Class("banner banner-error").Attr("role", "alert").Text("Cette infraction ne peut pas être simulée : choisissez de 0 à 6 points et une classe.")
	}
	a := w.After
	return app.Div().Class("card").Body(
		app.H2().ID("simulation-titre").Text("Ce que cette infraction changerait"),
		app.P().ID("simulation-solde").Class("balance-figure").Body(
			app.Span().Class("balance-value").Text(strconv.Itoa(a.Balance)),
			app.Span().Class("balance-ceiling").Text(" / "+strconv.Itoa(a.Ceiling)+" points"),
			app.Text(" au lieu de "+points.PointsFrench(w.Before.Balance)),
		),
		app.P().ID("simulation-statut").Class("status-line status-"+string(a.Status)).Text(statusText(a)),
		app.Ul().ID("simulation-resume").Body(app.Range(w.Summary).Slice(func(i int) app.UI {
			return app.Li().Text(w.Summary[i])
		})),
		app.P().Class("reserve").Text("Simulation indicative, calculée selon le Code de la route ; elle ne tient pas compte des suspensions ni des amendes."),
	)
}
