package app

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// screen is a page of the dossier whose content is a function of the
// view alone: the pages with no state of their own (« Plus », « Mon
// permis ») share this one component type, for every type of component
// costs the WebAssembly kilobytes of its own.
type screen struct {
	app.Compo
	path     string
	heading  string
	subtitle string // the page's title, before " — Mes points"
	body     func(v dossierView) app.UI
	v        dossierView
	// load, if set, fetches what the page shows beside the dossier; the
	// page is then one a candidate reaches too (the exam pages).
	load func(ctx app.Context)
}

// OnNav loads the dossier.
func (s *screen) OnNav(ctx app.Context) {
	ctx.Page().SetTitle(s.subtitle + " — " + siteName)
	loadDossier(ctx, func(v dossierView) {
		s.v = v
		if s.load != nil {
			keepExam()
		}
	})
	if s.load != nil && app.IsClient {
		s.load(ctx)
	}
}

// Render draws the page.
func (s *screen) Render() app.UI {
	if s.load != nil && (s.v.state == stateReady || s.v.showsDossier()) {
		// Fresh, or the device's copy (offline, service down, session
		// expired) under the state's message: the page's own content,
		// which says for itself what it could show (the exam pages kept on
		// the device).
		return page(navigation(s.path, s.v), app.H1().Text(s.heading),
			app.If(s.v.state != stateReady, func() app.UI {
				return app.Div().Class("page-messages").Body(stateMessage(s.v, s.path))
			}),
			app.Div().Class("dossier-body").Attr("aria-live", "polite").Body(s.body(s.v)))
	}
	return dossierPage(s.path, s.heading, s.v, func() app.UI { return s.body(s.v) })
}
