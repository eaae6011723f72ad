package web

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"mespoints/api"
	ui "mespoints/app"
	"mespoints/points"
)

// A dossier page (/solde, /historique…) asked with a live session linked
// to a dossier is drawn with the person's numbers, so that they are on
// screen before the WebAssembly runs: go-app's page for nobody, whose
// content is replaced by the same page drawn by the app's own component
// with the person's data (ui.PersonalPage), and the data written into the
// page (api.PageData) for the app to start from. Such a response is
// Cache-Control: no-store, and every response of these paths says Vary:
// Cookie; the service worker never stores a navigation (worker.js).

// PageDataFunc gives the data a dossier page drawn for the request may
// show, and the day it is drawn for; ok is false when the page is to be
// drawn for nobody. action names the page's route for the audit log.
type PageDataFunc func(r *http.Request, action string) (data api.PageData, today points.Date, ok bool, err error)

// personalPage serves one dossier page.
type personalPage struct {
	path  string
	goapp http.Handler
	data  PageDataFunc
	log   *slog.Logger
}

// ServeHTTP draws the page for the person if the request allows it, for
// nobody otherwise.
func (p personalPage) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Vary", "Cookie")
	if r.Method != http.MethodGet {
		// A HEAD shows nothing: it is no read of the dossier to audit.
		p.goapp.ServeHTTP(w, r)
		return
	}
	data, today, ok, err := p.data(r, "GET "+p.path)
	if err != nil {
		p.log.Error("page data", "route", "GET "+p.path, "err", err)
	}
	if !ok || err != nil {
		p.goapp.ServeHTTP(w, r)
		return
	}
	c := newCapture()
	p.goapp.ServeHTTP(c, r)
	body := c.body.Bytes()
	if c.status == http.StatusOK {
		if page, err := personalise(body, p.path, data, today); err != nil {
			p.log.Error("page data", "route", "GET "+p.path, "err", err)
		} else {
			body = page
		}
	}
	h := w.Header()
	for k, v := range c.header {
		h[k] = v
	}
	h.Set("Cache-Control", "no-store")
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(c.status)
	w.Write(body)
}

// Where go-app's page holds the page's component: from the body's start
// to its loader, an aside element with this id (go-app writes the
// attributes in any order).
var (
	bodyStart = []byte("<body>")
	loaderID  = []byte(`id="app-wasm-loader"`)
	asideTag  = []byte("<aside")
)

// personalise returns go-app's page (drawn for nobody) with its content
// drawn by the app for the person, followed by the data it was drawn
// from. It fails if the page is not as go-app draws it.
func personalise(page []byte, path string, data api.PageData, today points.Date) ([]byte, error) {
	start := bytes.Index(page, bodyStart)
	end := -1
	if id := bytes.Index(page, loaderID); id >= 0 {
		end = bytes.LastIndex(page[:id], asideTag)
	}
	if start < 0 || end < start {
		return nil, fmt.Errorf("personalise %s: go-app's page has no body before its loader", path)
	}
	start += len(bodyStart)
	compo, ok := ui.PersonalPage(path, data, today)
	if !ok {
		return nil, fmt.Errorf("personalise %s: not a dossier page", path)
	}
	// json.Marshal writes <, > and & as \u003c…: the text cannot end
	// the script element.
	js, err := json.Marshal(data)
	if err != nil {
		return nil, fmt.Errorf("personalise %s: %w", path, err)
	}
	var b bytes.Buffer
	b.Grow(len(page) + len(js) + 4096)
	b.Write(page[:start])
	b.WriteString("\n")
	app.PrintHTML(&b, compo)
	b.WriteString("\n<script type=\"application/json\" id=\"" + api.PageDataID + "\">")
	b.Write(js)
	b.WriteString("</script>\n")
	b.Write(page[end:])
	return b.Bytes(), nil
}
