//go:build !wasm

package app

import (
	"strings"
	"testing"
)

// A candidate's navigation leads to the exam pages, in the phone's bar
// with their dossier and account; a licence holder sees them only when
// the dossier has exam data, behind « Plus ».
func TestExamPagesInTheNavigation(t *testing.T) {
	cand := camilleLike()
	cand.Licence, cand.Events, cand.Exams = nil, nil, true
	got := printUI(navigation(PathExams, dossierView{state: stateReady, dossier: cand}))
	for _, want := range []string{`href="/examens"`, `href="/examens/reserver"`, `href="/examens/reservations"`, `href="/solde"`, `href="/compte"`} {
		if !strings.Contains(got, want) {
			t.Errorf("a candidate's bar lacks %s", want)
		}
	}
	if n := strings.Count(got, "<li"); n > maxBar || strings.Contains(got, `href="/plus"`) {
		t.Errorf("a candidate's bar has %d entries, or a « Plus »", n)
	}
	holder := readyView(t, camilleLike(), day(2024, 8, 23), false)
	if got := printUI(navigation(PathBalance, holder)) + printUI(screenOf(newMore, holder).Render()); strings.Contains(got, "/examens") {
		t.Error("a licence holder without exam data is shown the exam pages")
	}
	holder.dossier.Exams = true
	bar, more := printUI(navigation(PathBalance, holder)), printUI(screenOf(newMore, holder).Render())
	if strings.Contains(bar, "/examens") || !strings.Contains(more, `href="/examens"`) || !strings.Contains(more, `href="/examens/reservations"`) {
		t.Errorf("a licence holder with exam data: bar %v, Plus %v", strings.Contains(bar, "/examens"), strings.Contains(more, "/examens"))
	}
}

// The exam pages show what the server drew, under the navigation and the
// page's heading, and say so while it comes or when it fails.
func TestExamPagesShowTheServersContent(t *testing.T) {
	cand := camilleLike()
	cand.Licence, cand.Events, cand.Exams = nil, nil, true
	v := dossierView{state: stateReady, dossier: cand}
	exam.html, exam.message, exam.note = "", "", ""
	if got := printUI(screenOf(newBook, v).Render()); !strings.Contains(got, "<h1>Réserver une place d'examen</h1>") || !strings.Contains(got, "Chargement de vos examens") {
		t.Errorf("while loading:\n%s", got)
	}
	exam.html = `<p id="prochaine-etape"><strong>Prochaine étape : réserver une place à l'examen de conduite.</strong></p>`
	got := printUI(screenOf(newExams, v).Render())
	if !strings.Contains(got, exam.html) || !strings.Contains(got, `aria-current="page"`) || strings.Contains(got, "Chargement") {
		t.Errorf("« Mes examens »:\n%s", got)
	}
	exam.html, exam.message = "", "Hors ligne : vos examens s'afficheront quand vous aurez du réseau."
	if got := printUI(screenOf(newBookings, v).Render()); !strings.Contains(got, `role="alert"`) || !strings.Contains(got, exam.message) {
		t.Errorf("« Mes réservations » offline:\n%s", got)
	}
	exam.message = ""
}
