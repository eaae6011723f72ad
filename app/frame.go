package app

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// serverLink is a link to a server route (sign-in, sign-out): a full page
// load, out of the app's router.
func serverLink(href, class, text string) app.HTMLA {
	return app.A().Href(href).Class(class).Text(text).OnClick(leaveForServer)
}
