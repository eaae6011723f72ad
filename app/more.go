package app

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// More is the "Plus" page: the dossier's pages that the bar of a phone has
// no room for, each with what it holds.
type More struct {
	app.Compo
	v dossierView
}

// OnNav loads the dossier, to know whether the person is a candidate.
func (p *More) OnNav(ctx app.Context) {
	ctx.Page().SetTitle("Plus — " + siteName)
	loadDossier(ctx, func(v dossierView) { p.v = v })
}

// Render draws the page.
func (p *More) Render() app.UI {
	return dossierPage(PathMore, "Plus", p.v, p.body)
}

func (p *More) body() app.UI {
	entries := morePages(p.v.dossier != nil && p.v.dossier.Licence == nil)
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
