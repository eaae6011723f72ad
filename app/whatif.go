package app

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// WhatIf is the "Et si… ?" simulator: what a new offence would change.
type WhatIf struct {
	app.Compo
	v dossierView
}

// OnNav loads the dossier.
func (p *WhatIf) OnNav(ctx app.Context) {
	ctx.Page().SetTitle("Et si… ? — " + siteName)
	loadDossier(ctx, func(v dossierView) { p.v = v })
}

// Render draws the page.
func (p *WhatIf) Render() app.UI {
	return dossierPage(PathWhatIf, "Et si je commettais une infraction ?", p.v, p.body)
}

func (p *WhatIf) body() app.UI {
	return app.P().Text("Le simulateur arrive bientôt.")
}
