package auth

import (
	"bytes"
	"html/template"
	"net/http"
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
	// Error marks an error page: its text shows as an alert.
	Error bool
}

// pageForm is a button that posts to Action.
type pageForm struct {
	Action, Label string
	// Secondary draws it as a secondary button.
	Secondary bool
}

// pageLink is a link on its own line.

type pageLink struct{ Href, Label string }

var pageTemplate = template.Must(template.New("page").Parse(`<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>{{.Title}} — Mes points</title>
<link rel="stylesheet" href="/web/style.css">
{{- if .Refresh}}
<meta http-equiv="refresh" content="0;url={{.Refresh}}">
{{- end}}
</head>
<body>
<a class="skip-link" href="#contenu">Aller au contenu</a>
<header class="site-header"><div class="wrap"><a class="site-name" href="/">Mes points</a></div></header>
<main class="wrap" id="contenu" tabindex="-1">
<h1>{{.Title}}</h1>
{{- if .Error}}
<div class="banner banner-error" role="alert">
{{- range .Paragraphs}}
<p>{{.}}</p>
{{- end}}
</div>
{{- else}}
{{- range .Paragraphs}}
<p>{{.}}</p>
{{- end}}
{{- end}}
{{- range .Forms}}
<form method="post" action="{{.Action}}">
<button type="submit" class="button {{if .Secondary}}button-secondary{{else}}button-primary{{end}}">{{.Label}}</button>
</form>
{{- end}}
{{- range .Links}}
<p><a href="{{.Href}}">{{.Label}}</a></p>
{{- end}}
</main>
</body>
</html>
`))

// render writes p with status code.
func render(w http.ResponseWriter, code int, p page) {
	var b bytes.Buffer
	if err := pageTemplate.Execute(&b, p); err != nil {
		http.Error(w, "Erreur interne", http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(code)
	w.Write(b.Bytes())
}
