package app

import "github.com/maxence-charriere/go-app/v10/pkg/app"

// Small building blocks of the states' messages and the account's
// sections. Each is one function rather than go-app's chain at every use:
// the WebAssembly carries the chain once (app.wasm has a size budget).

// para is a paragraph of text.
func para(text string) app.UI { return app.P().Text(text) }

// strongPara is a paragraph in bold: the headline of a message.
func strongPara(text string) app.UI { return app.P().Body(app.Strong().Text(text)) }

// bullets is a list of sentences.
func bullets(items ...string) app.UI {
	lis := make([]app.UI, len(items))
	for i, s := range items {
		lis[i] = app.Li().Text(s)
	}
	return app.Ul().Body(lis...)
}
