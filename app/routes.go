// Package app holds the user interface of Mes points: its pages and
// components, compiled both into the WebAssembly that runs in the browser
// and into the server, which prerenders the pages. It must not import
// net/http nor anything under server/: the browser side talks to the server
// with window.fetch.
package app

import "github.com/maxence-charriere/go-app/v10/pkg/app"

// Paths of the pages, shared by links and the router.
const (
	PathHome     = "/"
	PathHelpNEPH = "/aide/neph"
)

// Routes registers every page of the app with go-app's router. Both the
// wasm entry point and the server call it, so that the server prerenders
// exactly the pages the browser shows.
func Routes() {
	app.Route(PathHome, func() app.Composer { return &Home{} })
	app.Route(PathHelpNEPH, func() app.Composer { return &HelpNEPH{} })
}
