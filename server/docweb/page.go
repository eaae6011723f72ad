package docweb

import (
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"strings"

	wire "mespoints/api"
	"mespoints/server/documents"
	"mespoints/server/htmlpage"
	"mespoints/server/kv"
)

// page is a server-rendered French page: a verification, a share code's
// page, a refusal. It links the app's stylesheet and has no inline script
// or style (the Content-Security-Policy forbids them), and is not indexed.
type page struct {
	// Title is the page's h1 and title.
	Title string
	// Status is a line under the title, styled by Kind ("valid",
	// "invalid"…: the stylesheet's status-line classes), if any.
	Status, Kind string
	// Alert marks an error: the paragraphs show as an alert.
	Alert bool
	// Paragraphs are the text before the sections.
	Paragraphs []string
	// Sections are a document's sections.
	Sections []pageSection
	// Form, if any, asks for a code.
	Form *pageForm
	// Links are the ways on; a Button link looks like a button.
	Links []pageLink
}

type pageSection struct {
	Heading string
	Facts   []documents.Fact
	Lines   []string
}

type pageForm struct {
	Action, Label, Hint, Button string
}

type pageLink struct {
	Href, Label string
	Button      bool
}

var pageTemplate = htmlpage.New("page", `
{{- define "title"}}{{.Title}} — Mes points{{end}}
{{- define "main"}}
<h1>{{.Title}}</h1>
{{- with .Status}}
<p class="status-line status-{{$.Kind}}" id="statut">{{.}}</p>
{{- end}}
{{- template "paragraphs" .}}
{{- range .Sections}}
<section class="card">
<h2>{{.Heading}}</h2>
{{- if .Facts}}
<dl class="facts">
{{- range .Facts}}
<dt>{{.Label}}</dt>
<dd>{{range $i, $v := .Value}}{{if $i}}<br>{{end}}{{$v}}{{end}}</dd>
{{- end}}
</dl>
{{- end}}
{{- range .Lines}}
<p>{{.}}</p>
{{- end}}
</section>
{{- end}}
{{- with .Form}}
<form class="form" method="get" action="{{.Action}}">
<p><label for="code">{{.Label}}</label></p>
<p class="hint" id="code-aide">{{.Hint}}</p>
<p><input id="code" name="code" type="text" autocomplete="off" autocapitalize="characters" spellcheck="false" aria-describedby="code-aide" required></p>
<p><button type="submit" class="button button-primary">{{.Button}}</button></p>
</form>
{{- end}}
{{- range .Links}}
<p><a href="{{.Href}}"{{if .Button}} class="button button-primary"{{end}}>{{.Label}}</a></p>
{{- end}}
{{- end}}`)

// render writes p with status code.
func render(w http.ResponseWriter, code int, p page) {
	htmlpage.Render(w, code, pageTemplate, p)
}

// wantsJSON tells whether the request asks for the API's JSON rather
// than a page (the app's fetch sends Accept: application/json).
func wantsJSON(r *http.Request) bool {
	accept := r.Header.Get("Accept")
	return strings.Contains(accept, "application/json") && !strings.Contains(accept, "text/html")
}

// refuse answers e as the API's JSON error, or as a French page with the
// ways on.
func refuse(w http.ResponseWriter, r *http.Request, e wire.Error, title string, links ...pageLink) {
	if wantsJSON(r) {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		if e.RetryAfter > 0 {
			w.Header().Set("Retry-After", strconv.Itoa(e.RetryAfter))
		}
		w.WriteHeader(e.Code.Status())
		json.NewEncoder(w).Encode(e)
		return
	}
	if e.RetryAfter > 0 {
		w.Header().Set("Retry-After", strconv.Itoa(e.RetryAfter))
	}
	render(w, e.Code.Status(), page{Title: title, Alert: true, Paragraphs: []string{e.Message}, Links: links})
}

// failPage answers a server-side failure: 503 with Retry-After when the
// shared state is away, 500 otherwise.
func (h *Handler) failPage(w http.ResponseWriter, r *http.Request, err error) {
	if errors.Is(err, kv.ErrUnavailable) {
		refuse(w, r, wire.Error{Code: wire.CodeUnavailable, RetryAfter: 5,
			Message: "Le service est momentanément indisponible. Réessayez dans quelques secondes."}, "Service indisponible")
		return
	}
	refuse(w, r, wire.Error{Code: wire.CodeInternal, Message: "Une erreur est survenue de notre côté. Réessayez dans quelques minutes."},
		"Erreur du service", pageLink{Href: "/", Label: "Retour à l'accueil"})
}

// sectionsOf are a document's sections for a page, a table's rows as
// lines.
func sectionsOf(d documents.Document) []pageSection {
	out := make([]pageSection, 0, len(d.Sections))
	for _, s := range d.Sections {
		ps := pageSection{Heading: s.Heading, Facts: s.Facts}
		if s.Table != nil {
			ps.Lines = s.Table.Lines()
		}
		ps.Lines = append(ps.Lines, s.Lines...)
		out = append(out, ps)
	}
	return out
}
