package auth

import (
	"net/http"

	"mespoints/server/htmlpage"
)

// page is a server-rendered French page of the sign-in routes: an error,
// the sign-out confirmation, the step towards FranceConnect's sign-out. It
// uses the app's stylesheet and has no inline script or style (the
// Content-Security-Policy forbids them).
type page struct {
	// Title is the page's h1 and title.
	Title string
	// Paragraphs are the text, one paragraph each.
	Paragraphs []string
	// Forms are buttons that each post to an action.
	Forms []pageForm
	// Links are the ways on, each on its own line.
	Links []pageLink
	// Refresh is a URL the browser goes to at once (a meta refresh), if any.
	Refresh string
	// Alert marks an error page: its text shows as an alert.
	Alert bool
}

// pageForm is a button that posts to Action.
type pageForm struct {
	Action, Label string
	// Secondary draws it as a secondary button.
	Secondary bool
}

// pageLink is a link on its own line.

type pageLink struct{ Href, Label string }

var pageTemplate = htmlpage.New("page", `
{{- define "title"}}{{.Title}} — Mes points{{end}}
{{- define "head"}}
{{- if .Refresh}}
<meta http-equiv="refresh" content="0;url={{.Refresh}}">
{{- end}}
{{- end}}
{{- define "main"}}
<h1>{{.Title}}</h1>
{{- template "paragraphs" .}}
{{- range .Forms}}
<form method="post" action="{{.Action}}">
<button type="submit" class="button {{if .Secondary}}button-secondary{{else}}button-primary{{end}}">{{.Label}}</button>
</form>
{{- end}}
{{- range .Links}}
<p><a href="{{.Href}}">{{.Label}}</a></p>
{{- end}}
{{- end}}`)

// render writes p with status code; the page is never stored.
func render(w http.ResponseWriter, code int, p page) {
	w.Header().Set("Cache-Control", "no-store")
	htmlpage.Render(w, code, pageTemplate, p)
}
