package app

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// audience says who sees an entry of the navigation.
type audience uint8

const (
	// forHolders: a person with a licence.
	forHolders audience = 1 << iota
	// forCandidates: a person with a dossier but no licence yet.
	forCandidates
	// forExamHolders: a licence holder whose dossier has exam data.
	forExamHolders
	// forEveryone: holders and candidates.
	forEveryone = forHolders | forCandidates
	// forExams: candidates, and holders with exam data.
	forExams = forCandidates | forExamHolders
)

// navEntry is one entry of the dossier pages' navigation.
type navEntry struct {
	path, label string
	// desc says what the page holds, on the "Plus" page.
	desc string
	// icon is the name of the entry's icon in navIcons.
	icon string
	who  audience
	// inBar keeps the entry in the bar when the person's entries do not
	// all fit in it; the others are on the "Plus" page.
	inBar bool
}

// dossierNav is the navigation of the dossier pages, in its order. To add
// a page, add one line here (and its icon to navIcons). Coming: Mes
// examens (forCandidates and forHolders, inBar for candidates only: give
// it its own line per audience).
var dossierNav = []navEntry{
	{PathBalance, "Solde", "Vos points, la validité de votre permis, la prochaine restitution et le stage.", "solde", forHolders, true},
	{PathBalance, "Dossier", "Votre dossier de candidat au permis de conduire.", "permis", forCandidates, true},
	{PathHistory, "Historique", "Vos retraits et récupérations de points sur 10 ans.", "historique", forHolders, true},
	{PathCalendar, "Calendrier", "Quand vos points vous seront restitués.", "calendrier", forHolders, true},
	{PathStage, "Stage", "Ce qu'un stage de récupération de points vous apporterait.", "stage", forHolders, true},
	{PathWhatIf, "Et si… ?", "Ce qu'une nouvelle infraction changerait à votre solde.", "simulateur", forHolders, false},
	{PathLicence, "Mon permis", "Numéro, catégories, restrictions et suspensions de votre permis.", "permis", forHolders, false},
	{PathDocuments, "Mes documents", "Attestation de droits à conduire, relevé intégral, codes de partage.", "documents", forHolders, false},
	{PathExams, "Examens", "Votre code, vos résultats, la prochaine étape.", "permis", forExams, false},
	{PathBook, "Réserver", "Une place à l'examen de conduite.", "calendrier", forExams, false},
	{PathBookings, "Réservations", "Votre convocation, l'annulation.", "documents", forExams, false},
	{PathAccount, "Mon compte", "Votre connexion, le dossier rattaché, la déconnexion.", "compte", forHolders, false},
	// A candidate's five entries fit a phone's bar with short labels.
	{PathAccount, "Compte", "Votre connexion, le dossier rattaché, la déconnexion.", "compte", forCandidates, false},
}

// maxBar is the most entries the bar of a phone holds, "Plus" included.
const maxBar = 5

// navFor returns the entries a person sees: a candidate has no balance,
// history nor stage; a licence holder sees the exam pages only when the
// dossier has exam data.
func navFor(candidate, exams bool) []navEntry {
	who := forHolders
	if candidate {
		who = forCandidates
	} else if exams {
		who |= forExamHolders
	}
	var out []navEntry
	for _, e := range dossierNav {
		if e.who&who != 0 {
			out = append(out, e)
		}
	}
	return out
}

// barSplit says whether the phone's bar needs a "Plus" entry: when the
// person's entries do not all fit in it. Then only the entries marked
// inBar are in the bar, beside "Plus".
func barSplit(entries []navEntry) bool { return len(entries) > maxBar }

// navigation draws the dossier pages' menu, marking the current page: at
// most maxBar entries, a bar at the bottom of a phone's screen and a row
// under the header on a wide one (web/style.css). v says whether the
// person is a candidate.
func navigation(current string, v dossierView) app.UI {
	entries := navFor(isCandidate(v), v.dossier != nil && v.dossier.Exams)
	split := barSplit(entries)
	moreCurrent := current == PathMore
	items := make([]app.UI, 0, maxBar)
	for _, e := range entries {
		if split && !e.inBar {
			moreCurrent = moreCurrent || e.path == current
			continue
		}
		items = append(items, app.Li().Body(navLink(e.path, e.label, e.icon, e.path == current, false)))
	}
	if split {
		items = append(items, app.Li().Body(navLink(PathMore, "Plus", "plus", current == PathMore, moreCurrent)))
	}
	return app.Nav().Class("dossier-nav").Aria("label", "Mon dossier").Body(app.Ul().Body(items...))
}

// navLink is one link of the navigation: its icon, drawn for the project,
// and its label, which is what a screen reader says.
func navLink(path, label, icon string, current, groupCurrent bool) app.UI {
	a := app.A().Href(path).Body(app.Raw(navIcon(icon)), app.Span().Class("nav-label").Text(label))
	if current {
		a = a.Aria("current", "page")
	} else if groupCurrent {
		// The page is one of those "Plus" leads to: the bar shows where
		// the person is without claiming to be that page.
		a = a.Class("nav-group-current")
	}
	return a
}

// isCandidate tells whether the view's dossier is a candidate's, without
// a licence.
func isCandidate(v dossierView) bool { return v.dossier != nil && v.dossier.Licence == nil }

// morePages are the entries of the "Plus" page: those not in the phone's
// bar.
func morePages(v dossierView) []navEntry {
	entries := navFor(isCandidate(v), v.dossier != nil && v.dossier.Exams)
	if !barSplit(entries) {
		return entries
	}
	var out []navEntry
	for _, e := range entries {
		if !e.inBar {
			out = append(out, e)
		}
	}
	return out
}
