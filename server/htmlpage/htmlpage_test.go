package htmlpage

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// A page is the frame around its blocks: French, not indexed, the app's
// stylesheet, the skip link to its content, the site's header (or the
// page's own), its paragraphs as an alert when it is one, every value
// escaped; a page that fails to draw is a 500, never half a page.
func TestAPageInItsFrame(t *testing.T) {
	p := New("essai", `{{define "title"}}{{.Title}} — essai{{end}}{{define "main"}}<h1>{{.Title}}</h1>{{template "paragraphs" .}}{{end}}`)
	type data struct {
		Title      string
		Alert      bool
		Paragraphs []string
	}
	w := httptest.NewRecorder()
	Render(w, http.StatusNotFound, p, data{Title: "Page <introuvable>", Alert: true, Paragraphs: []string{"Rien ici."}})
	body := w.Body.String()
	for _, want := range []string{`<html lang="fr">`, `<meta name="robots" content="noindex">`, `<title>Page &lt;introuvable&gt; — essai</title>`,
		`<link rel="stylesheet" href="/web/style.css">`, `<a class="skip-link" href="#contenu">`, `<a class="site-name" href="/">Mes points</a>`,
		`<main class="wrap" id="contenu" tabindex="-1"><h1>Page &lt;introuvable&gt;</h1>`, `<div class="banner banner-error" role="alert">`, `<p>Rien ici.</p>`} {
		if !strings.Contains(body, want) {
			t.Errorf("the page lacks %s:\n%s", want, body)
		}
	}
	if w.Code != http.StatusNotFound || w.Header().Get("Content-Type") != "text/html; charset=utf-8" {
		t.Errorf("%d %q", w.Code, w.Header().Get("Content-Type"))
	}

	own := New("autre", `{{define "title"}}x{{end}}{{define "site"}}<span class="site-name">Ailleurs</span>{{end}}{{define "main"}}{{.Missing}}{{end}}`)
	w = httptest.NewRecorder()
	Render(w, http.StatusOK, own, data{Title: "x"})
	if w.Code != http.StatusInternalServerError || strings.Contains(w.Body.String(), "<html") {
		t.Errorf("a page that fails to draw: %d %q", w.Code, w.Body.String())
	}
}
