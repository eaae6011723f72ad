package app

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// navItem is one entry of the dossier pages' navigation.
type navItem struct{ path, label string }

var dossierNav = []navItem{
	{PathBalance, "Mon solde"},
	{PathHistory, "Historique"},
	{PathCalendar, "Calendrier"},
	{PathStage, "Stage"},
	{PathWhatIf, "Et si… ?"},
	{PathAccount, "Mon compte"},
}

// navigation draws the dossier pages' menu, marking the current page.
func navigation(current string) app.UI {
	return app.Nav().Class("dossier-nav").Aria("label", "Mon dossier").Body(
		app.Ul().Body(
			app.Range(dossierNav).Slice(func(i int) app.UI {
				it := dossierNav[i]
				a := app.A().Href(it.path).Text(it.label)
				if it.path == current {
					a = a.Aria("current", "page")
				}
				return app.Li().Body(a)
			}),
		),
	)
}

// serverLink is a link to a server route (sign-in, sign-out): a full page
// load, out of the app's router.
func serverLink(href, class, text string) app.HTMLA {
	return app.A().Href(href).Class(class).Text(text).OnClick(leaveForServer)
}
