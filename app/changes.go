package app

import (
	"strconv"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"mespoints/api"
	"mespoints/points"
)

// changeList draws history or forecast entries as a list a person reads
// on a phone: date, what happened and where, the points and the balance
// after, and the plain-French explanation.
func changeList(id string, changes []points.Change, d *api.Dossier) app.UI {
	return app.Ol().ID(id).Class("changes").Body(
		app.Range(changes).Slice(func(i int) app.UI {
			c := changes[i]
			kind := "gain"
			switch {
			case c.Change < 0:
				kind = "loss"
			case c.Change == 0:
				kind = "none"
			}
			place := changePlace(c, d)
			return app.Li().Class("change change-"+kind).Body(
				app.Div().Class("change-head").Body(
					app.P().Class("change-date").Text(dateText(c.Date)),
					app.P().Class("change-points").Body(
						app.Strong().Text(points.SignedFrench(c.Change)+" "+pluralWord(c.Change)),
					),
				),
				app.P().Class("change-title").Text(changeTitle(c, d)),
				app.If(place != "", func() app.UI { return app.P().Class("change-place").Text(place) }),
				app.P().Class("change-balance").Text("Solde après : "+strconv.Itoa(c.Balance)+" / "+strconv.Itoa(c.Ceiling)),
				app.P().Class("change-explanation").Text(c.Explanation),
			)
		}),
	)
}
