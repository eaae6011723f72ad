// Package htmlpage is the frame of the French pages the server draws
// itself, outside the app: the sign-in's errors and steps, the documents'
// verification and share pages, the development provider's login and mail
// catcher. Each links the app's stylesheet, has no inline script or style
// (the Content-Security-Policy forbids them), is not indexed, and opens
// with the skip link and the site's header.
package htmlpage

import (
	"bytes"
	"html/template"
	"net/http"
)

// frame is the page around the caller's blocks:
//   - "title", the text of <title> (required);
//   - "main", the content of <main> (required);
//   - "head", more in <head> (empty by default);
//   - "site", the header's site name (« Mes points », a link home, by
//     default).
//
// "intro" is there to call: the page's h1 (.Title) and its paragraphs
// (.Paragraphs), as an alert when .Alert is set.
const frame = `{{define "frame"}}<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>{{template "title" .}}</title>
<link rel="stylesheet" href="/web/style.css">
{{- template "head" .}}
</head>
<body>
<a class="skip-link" href="#contenu">Aller au contenu</a>
<header class="site-header"><div class="wrap">{{template "site" .}}</div></header>
<main class="wrap" id="contenu" tabindex="-1">
{{- template "main" .}}
</main>
</body>
</html>
{{end}}
{{- define "head"}}{{end}}
{{- define "site"}}<a class="site-name" href="/">Mes points</a>{{end}}
{{- define "paragraphs"}}
{{- if .Alert}}
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
{{- end}}`

// New returns the page named name: the frame with blocks, which defines
// at least "title" and "main" (see frame). It panics if blocks do not
// parse, as template.Must does: pages are package variables.
func New(name, blocks string) *template.Template {
	t := template.Must(template.New(name).Parse(frame))
	return template.Must(t.Parse(blocks))
}

// Render writes the page t draws from data, with status code, as HTML; a
// page that fails to draw is a 500 with a French word, never half a page.
func Render(w http.ResponseWriter, code int, t *template.Template, data any) {
	var b bytes.Buffer
	if err := t.ExecuteTemplate(&b, "frame", data); err != nil {
		http.Error(w, "Erreur interne", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(code)
	w.Write(b.Bytes())
}
