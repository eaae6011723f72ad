package app

import (
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// why folds a long explanation of the engine behind "Pourquoi ?", with
// the article it cites always in view beside it.
func why(id, text string) app.UI { return whyWith(id, text, articleOf(text)) }

// whyWith is why with the article given.
func whyWith(id, text, article string) app.UI {
	return app.Details().ID(id).Class("why").Body(
		app.Summary().Body(
			app.Span().Class("why-label").Text("Pourquoi ?"),
			app.If(article != "", func() app.UI { return app.Span().Class("article").Text(" " + article) }),
		),
		app.P().Text(text),
	)
}

// articleOf returns the first article an explanation of the engine cites,
// "(article L223-6 alinéa 3 du Code de la route)" giving "article L223-6
// alinéa 3 du Code de la route", or the decision it cites when it cites
// no article; "" when it cites neither.
func articleOf(text string) string {
	i := strings.Index(text, "(article")
	if i < 0 {
		i = strings.Index(text, "(CE ")
	}
	if i < 0 {
		return ""
	}
	j := strings.IndexByte(text[i:], ')')
	if j < 0 {
		return ""
	}
	return text[i+1 : i+j]
}
