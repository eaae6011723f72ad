//go:build js && wasm

// Command wasm is the browser side of Mes points: it registers the pages
// and hands control to go-app.
package main

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	ui "mespoints/app"
)

func main() {
	ui.Routes()
	app.RunWhenOnBrowser()
}
