package app

import (
	"encoding/json"
	"strconv"
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"mespoints/api"
)

// Documents is the « Mes documents » page: each document with what it is
// for, who may ask for it and whether this session may have it, and the
// share codes. With kept set it is the attestation kept on the device
// (PathAttestation), which opens offline with its QR code.
//
// The page is written as HTML text (app.Raw, escaped) under one element
// that handles every click and submit (data-action says what to do):
// each element built with go-app's calls, each handler, would cost the
// WebAssembly far more bytes than its text.
type Documents struct {
	app.Compo
	kept bool
	v    dossierView
	// offers are the server's answer; nil until it comes, or offline.
	offers []api.DocumentOffer
	shares []api.Share
	// made is the share code just made, shown this once.
	made    *api.ShareCreated
	days    string
	confirm string // the id of the code whose revocation is asked
	message string
	att     *api.Document // the attestation kept on the device
}

// esc escapes text for HTML.
var esc = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&#34;", "'", "&#39;").Replace

// OnNav reads the kept attestation, and on « Mes documents » loads the
// dossier, the offers and the share codes.
func (p *Documents) OnNav(ctx app.Context) {
	p.att = keptAttestation()
	if p.kept {
		ctx.Page().SetTitle("Mon attestation de droits à conduire — " + siteName)
		return
	}
	ctx.Page().SetTitle("Mes documents — " + siteName)
	p.days = "21"
	loadDossier(ctx, func(v dossierView) { p.v = v })
	p.send(ctx, "", "", nil)
}

// keptAttestation is the attestation kept on the device, if any.
func keptAttestation() *api.Document {
	var d api.Document
	if b := loadKept(attestationKey); b == nil || json.Unmarshal(b, &d) != nil || d.HTML == "" {
		return nil
	}
	return &d
}

// Render draws the page.
func (p *Documents) Render() app.UI {
	if p.kept {
		return page(app.Raw(p.attestationHTML()), app.P().Body(app.A().Href(PathDocuments).Text("Mes documents")))
	}
	if !p.v.showsDossier() {
		return dossierPage(PathDocuments, "Mes documents", p.v, p.body)
	}
	// A candidate sees the page too: the server's offers say why there is
	// no document yet.
	return page(
		app.Div().Class("page-messages").Body(noticesBanner()),
		navigation(PathDocuments, p.v),
		app.H1().Text("Mes documents"),
		app.Div().Class("page-messages").Body(stateMessage(p.v, PathDocuments)),
		p.body(),
	)
}

// body is the page's content under its one handling element.
func (p *Documents) body() app.UI {
	return app.Div().ID("documents").Class("dossier-body").OnClick(p.click).On("submit", p.submit).
		Body(app.Raw(p.html()))
}

// html writes the offers and the share codes.
func (p *Documents) html() string {
	var b strings.Builder
	b.WriteString(`<div>`)
	if p.att != nil {
		b.WriteString(`<p><a id="attestation-gardee" href="` + PathAttestation + `">Voir l'attestation gardée sur cet appareil (même hors ligne)</a></p>`)
	}
	if p.offers == nil {
		b.WriteString(`<p class="banner banner-offline" role="status">Les documents se téléchargent avec du réseau.</p>`)
	}
	for i := range p.offers {
		o := &p.offers[i]
		b.WriteString(`<section class="card" id="document-` + esc(o.Kind) + `"><h2>` + esc(o.Title) + `</h2><p>` + esc(o.Purpose) +
			`</p><p><strong>Qui peut le demander : </strong>` + esc(o.Audience) + `</p>`)
		switch {
		case o.Refusal != nil:
			b.WriteString(`<p class="banner banner-info">` + esc(o.Refusal.Message) + `</p>`)
			if o.Refusal.Code == api.CodeFranceConnectRequired {
				// A server route: the click handler keeps go-app's router
				// from taking it.
				b.WriteString(`<p><a class="button button-fc" data-action="server" href="` + pathLoginFranceConnect + `?retour=` + PathDocuments +
					`">S'identifier avec FranceConnect</a></p>`)
			}
		default:
			// A download is left to the browser by go-app's router; the
			// attestation's also keeps it on the device (data-action).
			b.WriteString(`<p><a id="telecharger-` + esc(o.Kind) + `" class="button button-primary" data-action="keep-` + esc(o.Kind) + `" download href="` + esc(o.URL) +
				`">Télécharger</a></p>`)
		}
		b.WriteString(`</section>`)
	}
	if len(p.offers) > 0 && p.offers[0].Refusal == nil {
		p.sharesHTML(&b)
	}
	b.WriteString(`</div>`)
	return b.String()
}

// shareStates name the states of a share code.
var shareStates = map[string]string{api.ShareLive: "actif", api.ShareExpired: "expiré", api.ShareRevoked: "révoqué"}

// sharesHTML writes the share codes: make one, copy it, see them and
// their uses, revoke one after confirming.
func (p *Documents) sharesHTML(b *strings.Builder) {
	b.WriteString(`<section class="card" id="partage" aria-labelledby="partage-titre"><h2 id="partage-titre">Codes de partage</h2>` +
		`<p>Donnez un code à un loueur ou à un employeur : il y lira votre attestation, jamais vos points, jusqu'à ce que le code expire ou que vous le révoquiez.</p>` +
		`<form id="nouveau-code" class="form"><label for="jours">Durée de validité, en jours (de 1 à 90)</label>` +
		`<input id="jours" name="jours" type="number" min="1" max="90" required value="` + esc(p.days) + `">` +
		`<button class="button button-primary" type="submit">Créer un code de partage</button></form>`)
	if p.message != "" {
		b.WriteString(`<p class="banner banner-error" role="alert">` + esc(p.message) + `</p>`)
	}
	if m := p.made; m != nil {
		b.WriteString(`<div id="code-cree" class="banner banner-info" role="status"><p>Votre code : <strong id="code-partage">` + esc(m.Code) +
			`</strong></p><p>Valable jusqu'au ` + dateTimeText(m.Expires) + `. Il ne sera plus affiché : notez-le ou copiez-le.</p>` +
			`<button id="copier" class="button button-secondary" type="button" data-action="copy">Copier le code</button></div>`)
	}
	b.WriteString(`<ul id="codes" class="changes">`)
	for i := range p.shares {
		s := &p.shares[i]
		b.WriteString(`<li class="change"><p class="change-title">Code créé le ` + dateTimeText(s.Created) + ` — ` + shareStates[s.State] + `</p><p>Valable jusqu'au ` +
			dateTimeText(s.Expires) + ` ; utilisé ` + strconv.Itoa(len(s.Uses)) + ` fois</p><ul>`)
		for _, u := range s.Uses {
			b.WriteString(`<li>le ` + dateTimeText(u) + `</li>`)
		}
		b.WriteString(`</ul>`)
		if s.State == api.ShareLive {
			b.WriteString(`<button class="button button-danger" type="button" data-action="ask" value="` + esc(s.ID) + `" aria-expanded="` +
				strconv.FormatBool(p.confirm == s.ID) + `">Révoquer ce code…</button>`)
			if p.confirm == s.ID {
				b.WriteString(`<div class="confirm" role="group"><p><strong>Révoquer ce code ? Il cessera aussitôt de fonctionner.</strong></p>` +
					`<button id="confirmer-revocation" class="button button-danger" type="button" data-action="revoke">Oui, révoquer</button> ` +
					`<button class="button button-secondary" type="button" data-action="ask" value="">Non</button></div>`)
			}
		}
		b.WriteString(`</li>`)
	}
	b.WriteString(`</ul></section>`)
}

// click does what the clicked element's data-action says: a server link
// followed by the browser itself, the attestation kept while it
// downloads, a code copied, a revocation asked, confirmed or given up.
func (p *Documents) click(ctx app.Context, e app.Event) {
	t := e.Get("target").Call("closest", "[data-action]")
	if !t.Truthy() {
		return
	}
	switch t.Get("dataset").Get("action").String() {
	case "server":
		e.Call("stopPropagation")
	case "keep-" + api.DocumentAttestation:
		p.send(ctx, "GET", "/api/v1/documents/attestation", nil)
	case "copy":
		if p.made != nil {
			copyText(p.made.Code)
		}
	case "ask":
		p.confirm = t.Get("value").String()
		if p.confirm != "" {
			ctx.Defer(func(app.Context) { app.Window().GetElementByID("confirmer-revocation").Call("focus") })
		}
	case "revoke":
		id := p.confirm
		p.confirm = ""
		p.send(ctx, "DELETE", "/api/v1/shares/"+id, nil)
	}
}

// submit asks for a new code.
func (p *Documents) submit(ctx app.Context, e app.Event) {
	e.PreventDefault()
	p.days = e.Get("target").Get("elements").Get("jours").Get("value").String()
	days, err := strconv.Atoi(p.days)
	if err != nil || days < 1 || days > 90 {
		p.message = "Indiquez un nombre de jours de 1 à 90."
		return
	}
	body, _ := json.Marshal(api.ShareRequest{Days: &days})
	p.send(ctx, "POST", "/api/v1/shares", body)
}

// attestationHTML is the kept attestation, as the server wrote it (its
// dates, QR code, code and sections, escaped), or how to get one.
func (p *Documents) attestationHTML() string {
	if p.att == nil {
		return `<div><h1>Mon attestation de droits à conduire</h1><p id="attestation-absente">Aucune attestation n'est gardée sur cet appareil. ` +
			`Téléchargez-la depuis « Mes documents » : elle restera ensuite consultable ici, même sans réseau.</p></div>`
	}
	return p.att.HTML
}

// send sends a request to the API (none when method is empty), then
// reads the offers and the share codes again, and shows the answer: a
// code made, an attestation kept, or the error's message.
func (p *Documents) send(ctx app.Context, method, path string, body []byte) {
	gen := generation
	p.message = ""
	ctx.Async(func() {
		var res apiResponse
		var err error
		if method != "" {
			res, err = fetchAPI(method, path, body)
		}
		var offers api.Documents
		var list api.Shares
		offersRes, offersErr := fetchAPI("GET", "/api/v1/documents", nil)
		listRes, _ := fetchAPI("GET", "/api/v1/shares", nil)
		ctx.Dispatch(func(ctx app.Context) {
			if gen != generation {
				return // signed out meanwhile
			}
			if offersErr == nil && offersRes.Status == 200 && json.Unmarshal(offersRes.Body, &offers) == nil {
				p.offers = offers.Documents
			}
			if json.Unmarshal(listRes.Body, &list) == nil {
				p.shares = list.Shares
			}
			switch apiErr := errorOf(res); {
			case method == "":
			case err != nil:
				p.message = "Pas de réseau : réessayez quand vous serez connecté."
			case apiErr.Message != "":
				p.message = apiErr.Message
			case method == "POST":
				var m api.ShareCreated
				if json.Unmarshal(res.Body, &m) == nil {
					p.made = &m
				}
			case method == "GET":
				saveKept(attestationKey, res.Body)
				p.att = keptAttestation()
			}
		})
	})
}
