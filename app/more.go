package app

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// newMore is the « Plus » page: the dossier's pages that the bar of a
// phone has no room for, each with what it holds.
func newMore() app.Composer {
	return &screen{path: PathMore, heading: "Plus", subtitle: "Plus", body: moreBody}
}

func moreBody(v dossierView) app.UI {
	entries := morePages(v)
	return app.Ul().ID("plus").Class("more-list").Body(app.Range(entries).Slice(func(i int) app.UI {
		e := entries[i]
		return app.Li().Body(
			app.A().Href(e.path).Body(
				app.Raw(navIcon(e.icon)),
				app.Span().Class("more-label").Text(e.label),
				app.Span().Class("more-desc").Text(e.desc),
			),
		)
	}))
}
