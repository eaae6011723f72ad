//go:build js && wasm

// Command wasm is the browser side of Mes points: it registers the pages
// and hands control to go-app once the browser has drawn the page the
// server prerendered (see app.AwaitFirstPaint), starting from the data the
// server drew the page with, if it drew it for the person (see
// app.ReadPageData).
package main

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	ui "mespoints/app"
)

func main() {
	ui.ReadPageData()
	ui.AwaitFirstPaint()
	ui.Routes()
	app.RunWhenOnBrowser()
}
