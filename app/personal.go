package app

import (
	"sort"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"mespoints/api"
	"mespoints/points"
)

// A person who opens a dossier page with a live session sees their
// numbers before the WebAssembly runs: the server draws the page with
// their dossier (PersonalPage), with the app's own components, and writes
// the answers it used into the page (api.PageData). The app then starts
// from those answers: the page it mounts is the one already on screen
// (OnInit), and it does not ask the service for them again (loadDossier).
// Only pages drawn from the dossier alone are drawn so; the others (a
// form, a list asked separately) start as before.

// personalPage is a page drawn from the person's dossier alone.
type personalPage interface {
	app.Composer
	// setView sets the view the page draws.
	setView(v dossierView)
}

// personalPages are the pages the server may draw with the person's data.
var personalPages = map[string]func() personalPage{
	PathBalance:  func() personalPage { return &Balance{} },
	PathHistory:  func() personalPage { return &History{} },
	PathCalendar: func() personalPage { return &Calendar{} },
	PathStage:    func() personalPage { return &StagePage{} },
}

// PersonalPaths returns the paths of the pages the server may draw with
// the person's data, in order.
func PersonalPaths() []string {
	var paths []string
	for p := range personalPages {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	return paths
}

// PersonalPage returns the page at path as the app draws it once the
// service gave data, on the day today; ok is false for a page that is not
// drawn from the dossier alone.
func PersonalPage(path string, data api.PageData, today points.Date) (page app.UI, ok bool) {
	mk, ok := personalPages[path]
	if !ok {
		return nil, false
	}
	p := mk()
	p.setView(pageDataView(data, today))
	return p, true
}

// pageDataView is the view of the answers of a page's data: what the
// state machine makes of the same answers from the service.
func pageDataView(data api.PageData, today points.Date) dossierView {
	v, _ := settle(pageDataAnswer(data), nil, today)
	return v
}

// pageDataAnswer is a page's data as the answer of the service it is.
func pageDataAnswer(data api.PageData) answer {
	d := data.Dossier
	return answer{kind: answerDone, me: data.Me, dossier: &d}
}

// startView is the view a dossier page at path starts from when the
// server drew it for the person (the page the app started on), so that
// the app's first drawing is the page already on screen; ok is false
// otherwise, and always on the server.
func startView(path string) (v dossierView, ok bool) {
	data, ok := pageData(path, false)
	if !ok {
		return dossierView{}, false
	}
	return pageDataView(data, today()), true
}

func (p *Balance) setView(v dossierView)   { p.v = v }
func (p *History) setView(v dossierView)   { p.v = v }
func (p *Calendar) setView(v dossierView)  { p.v = v }
func (p *StagePage) setView(v dossierView) { p.v = v }

// OnInit starts from the page the server drew, if it drew it for the
// person.
func (p *Balance) OnInit() {
	if v, ok := startView(PathBalance); ok {
		p.v = v
	}
}

// OnInit starts from the page the server drew, if it drew it for the
// person.
func (p *History) OnInit() {
	if v, ok := startView(PathHistory); ok {
		p.v = v
	}
}

// OnInit starts from the page the server drew, if it drew it for the
// person.
func (p *Calendar) OnInit() {
	if v, ok := startView(PathCalendar); ok {
		p.v = v
	}
}

// OnInit starts from the page the server drew, if it drew it for the
// person.
func (p *StagePage) OnInit() {
	if v, ok := startView(PathStage); ok {
		p.v = v
	}
}
