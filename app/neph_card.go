package app

import (
	"fmt"
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// nephCard is the project's own drawing of the back of a card-format
// licence, with the place of the dossier number framed: two lines of
// digits at the top left, above the place of the chip; the categories'
// table on the right. The digits are made up. Its text alternative is its
// title and description, and the caption says the same.
func nephCard() app.UI {
	const w, h = 344.0, 217.0
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="illustration" id="carte-neph" viewBox="0 0 %.0f %.0f" role="img" aria-labelledby="carte-neph-titre carte-neph-desc" xmlns="http://www.w3.org/2000/svg">`, w, h)
	b.WriteString(`<title id="carte-neph-titre">Verso d'un permis de conduire au format carte</title>`)
	b.WriteString(`<desc id="carte-neph-desc">Le numéro de dossier est encadré en haut à gauche, sur deux lignes de six chiffres, au-dessus de l'emplacement de la puce ; à droite, le tableau des catégories.</desc>`)
	// The card.
	b.WriteString(`<rect x="2" y="2" width="340" height="213" rx="14" fill="#f8e9ef" stroke="#8a6d7a" stroke-width="2"/>`)
	// The categories' table: rows of a category and its dates.
	cats := []string{"AM", "A1", "A2", "A", "B1", "B", "C1", "C", "D1", "D", "BE"}
	fmt.Fprintf(&b, `<rect x="150" y="16" width="178" height="%d" fill="#ffffff" stroke="#b89aa7" stroke-width="1"/>`, 14*len(cats)+8)
	for i, c := range cats {
		y := 32 + 14*i
		fmt.Fprintf(&b, `<text x="158" y="%d" font-size="11" fill="#4a4a50">%s</text>`, y, c)
		fmt.Fprintf(&b, `<line x1="186" x2="320" y1="%d" y2="%d" stroke="#d6c3cc" stroke-width="1"/>`, y+3, y+3)
	}
	b.WriteString(`<line x1="186" x2="186" y1="16" y2="178" stroke="#b89aa7" stroke-width="1"/>`)
	// The place of the chip.
	b.WriteString(`<rect x="22" y="112" width="54" height="42" rx="7" fill="#e3cf9c" stroke="#9c8550" stroke-width="1.5"/>`)
	b.WriteString(`<path d="M22 133h54M49 112v42M36 112v12M62 112v12M36 154v-12M62 154v-12" stroke="#9c8550" stroke-width="1.2" fill="none"/>`)
	// The dossier number, framed.
	b.WriteString(`<rect x="12" y="16" width="124" height="70" rx="6" fill="#fff4b3" stroke="#0b4f6c" stroke-width="3"/>`)
	b.WriteString(`<text x="74" y="46" font-size="22" font-weight="700" text-anchor="middle" fill="#1d1d1f" letter-spacing="2">123456</text>`)
	b.WriteString(`<text x="74" y="74" font-size="22" font-weight="700" text-anchor="middle" fill="#1d1d1f" letter-spacing="2">789012</text>`)
	// Its label.
	b.WriteString(`<text x="74" y="104" font-size="13" font-weight="700" text-anchor="middle" fill="#0b4f6c">NEPH</text>`)
	b.WriteString(`<text x="172" y="204" font-size="13" text-anchor="middle" fill="#4a4a50">VERSO</text>`)
	b.WriteString(`</svg>`)
	return app.Figure().Class("illustration-figure").Body(
		app.Raw(b.String()),
		app.FigCaption().Text("Au verso de la carte, en haut à gauche : les deux lignes de chiffres encadrées forment votre numéro de dossier (ici un exemple inventé)."),
	)
}
