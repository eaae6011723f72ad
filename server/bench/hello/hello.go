// Command hello is go-app's hello world, the baseline of the cold-load and
// size figures of `make bench` and `make lighthouse`: built for the browser
// the same way as Mes points (patched go-app, brotli), and served by its
// own process with go-app's plain handler, as go-app's documentation
// serves it.
package main

import "github.com/maxence-charriere/go-app/v10/pkg/app"

// hello is the whole page.
type hello struct {
	app.Compo
}

// Render says hello.
func (h *hello) Render() app.UI {
	return app.H1().Text("Hello World!")
}

// routes registers the page, on both sides.
func routes() {
	app.Route("/", func() app.Composer { return &hello{} })
}
