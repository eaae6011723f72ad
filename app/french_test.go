//go:build !wasm

package app

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"mespoints/api"
	"mespoints/points"
)

// wrongFrench are forms a French reader sees as mistakes: plural and
// agreement of "point", a balance without its unit, an "environ" or a
// "vers" on a date the law fixes, a colon or semicolon without its space.
var wrongFrench = []struct {
	re   *regexp.Regexp
	what string
}{
	{regexp.MustCompile(`\b[01] points\b`), "0 or 1 takes the singular: « 1 point », « 0 point »"},
	{regexp.MustCompile(`\b([2-9]|[1-9]\d+) point([^s]|$)`), "2 or more takes the plural: « 3 points »"},
	{regexp.MustCompile(`\b[01] points? (retirés|restitués|crédités|ajoutés|récupérés)([^\p{L}]|$)`), "the participle agrees with 0 or 1 point in the singular"},
	{regexp.MustCompile(`\b([2-9]|[1-9]\d+) points (retiré|restitué|crédité|ajouté|récupéré)([^\p{L}]|$)`), "the participle agrees with points in the plural"},
	{regexp.MustCompile(`au lieu de \d+( [^p]|[^ \d]|$)`), "a balance has its unit: « au lieu de 9 points »"},
	{regexp.MustCompile(`\b(environ|vers) (le )?\d{2}/\d{2}/\d{4}|\d{2}/\d{2}/\d{4} environ`), "a date the law fixes is not « environ »"},
	{regexp.MustCompile(`[\p{L}\d)»][:;](\s|$)`), "French puts a space before « : » and « ; »"},
	{regexp.MustCompile(` [,.](\s|$)`), "no space before a comma or a full stop"},
	{regexp.MustCompile(`\bMais Un\b|\bet Un\b`), "no capital inside a sentence"},
}

// textOf is what a person reads of a page: its text, without the tags
// nor the line breaks and indentation app.PrintHTML adds between them
// (kept as one line break, which no check matches across).
func textOf(html string) string {
	html = regexp.MustCompile(`<[^>]*>`).ReplaceAllString(html, "")
	return regexp.MustCompile(`[ \t]*\n\s*`).ReplaceAllString(html, "\n")
}

// checkFrench fails the test for every wrong form in text.
func checkFrench(t *testing.T, where, text string) {
	t.Helper()
	for _, w := range wrongFrench {
		if w.what == "" {
			continue
		}
		for _, m := range w.re.FindAllStringIndex(text, -1) {
			from, to := max(m[0]-50, 0), min(m[1]+30, len(text))
			t.Errorf("%s: %s: …%s…", where, w.what, text[from:to])
		}
	}
}

// The checker finds each wrong form listed in issue 12, and passes the
// right ones.
func TestWrongFrenchIsFound(t *testing.T) {
	for _, bad := range []string{
		"0 points récupérés", "1 points", "de 4 à 1 points", "de 4 à 0 points", "3 point", "1 point retirés", "3 points retiré",
		"au lieu de 9", "au lieu de 9.", "soit avant le 16/06/2025 environ", "soit vers le 16/06/2025", "Hors ligne: données",
		"Mais Un seul stage",
	} {
		found := false
		for _, w := range wrongFrench {
			found = found || w.what != "" && w.re.MatchString(bad)
		}
		if !found {
			t.Errorf("%q is not found wrong", bad)
		}
	}
	for _, good := range []string{
		"0 point récupéré", "1 point retiré", "de 4 à 1 point", "de 4 à 0 point", "3 points retirés", "12 points sur 12",
		"au lieu de 9 points", "au lieu de 1 point", "le 16/06/2025 au plus tard", "Hors ligne : données", "https://franceconnect.gouv.fr/",
	} {
		for _, w := range wrongFrench {
			if w.what != "" && w.re.MatchString(good) {
				t.Errorf("%q is found wrong: %s", good, w.what)
			}
		}
	}
}

// personaView is a demo persona's dossier as the server sent it (server/api's
// golden answers), ready to render on the day the golden answers were
// computed.
func personaViews(t *testing.T) map[string]dossierView {
	t.Helper()
	var at struct {
		At points.Date `json:"at"`
	}
	if err := json.Unmarshal(golden(t, "points-camille.json"), &at); err != nil {
		t.Fatal(err)
	}
	views := map[string]dossierView{}
	for _, login := range []string{"camille", "lucas", "ines", "marc", "sophie", "karim", "anne", "theo"} {
		d, err := decodeDossier(golden(t, "dossier-"+login+".json"))
		if err != nil {
			t.Fatal(err)
		}
		v := dossierView{state: stateReady, me: api.Me{Linked: true, Provider: api.ProviderFranceConnect, GivenName: d.Holder.GivenNames, FamilyName: d.Holder.FamilyName},
			dossier: d, today: at.At}
		if res, err := computeDossier(d, at.At); err == nil {
			v.result, v.hasResult = res, true
		}
		views[login] = v
	}
	return views
}

// Every page of the app, for every demo persona, reads as right French:
// none of the wrong forms of wrongFrench, and relative delays that match
// the dates beside them.
func TestEveryPageForEveryPersonaIsRightFrench(t *testing.T) {
	for login, v := range personaViews(t) {
		pages := map[string]app.UI{
			"solde": (&Balance{v: v}).Render(), "historique": (&History{v: v}).Render(), "calendrier": (&Calendar{v: v}).Render(),
			"stage": (&StagePage{v: v}).Render(), "permis": screenOf(newLicencePage, v).Render(), "plus": screenOf(newMore, v).Render(),
			"compte": (&Account{v: v}).Render(), "hors-ligne": (&Balance{v: withOffline(v)}).Render(),
			"documents": (&Documents{v: v, offers: documentsOf(t, "documents-franceconnect.json")}).Render(),
		}
		for i := range points.Bareme() {
			pages["simulateur-"+points.Bareme()[i].Label] = (&WhatIf{v: v, choice: i, customClass: points.C4, customPoints: 3}).Render()
		}
		pages["simulateur-autre"] = (&WhatIf{v: v, choice: customChoice, customClass: points.Delit, customPoints: 6}).Render()
		for name, ui := range pages {
			checkFrench(t, login+" "+name, textOf(printUI(ui)))
		}
	}
	for name, c := range map[string]app.Composer{"accueil": &Home{}, "aide": &HelpNEPH{}, "rattachement": &Link{birthdateErr: birthdateFormat, message: "x"}} {
		checkFrench(t, name, textOf(renderText(t, c)))
	}
	for _, st := range []loadState{stateLoading, stateSignedOut, stateNotLinked, stateNoData, stateFailed} {
		checkFrench(t, "état", textOf(printUI((&Balance{v: dossierView{state: st}}).Render())))
	}
}

func withOffline(v dossierView) dossierView {
	v.offline = true
	return v
}

// Every text of the engine, for every persona on days every two months
// over the 12 years before and the 4 years after the golden day, reads as
// right French: the explanations of the history, the forecast and the
// notes, the stage's reason, the simulator's summary for each kind of
// offence (points and class) of the barème.
func TestEngineTextsAreRightFrench(t *testing.T) {
	type kind struct {
		points int
		class  points.Class
	}
	var kinds []kind
	seen := map[kind]bool{}
	for _, e := range points.Bareme() {
		if k := (kind{e.Points, e.Class}); !seen[k] {
			seen[k] = true
			kinds = append(kinds, k)
		}
	}
	for login, v := range personaViews(t) {
		rec, ok := dossierRecord(v.dossier)
		if !ok {
			continue
		}
		for day := max(rec.Licence.Obtained, v.today.AddYears(-12)); day <= v.today.AddYears(4); day = day.AddDays(61) {
			res, err := points.Compute(rec, day)
			if err != nil {
				t.Fatal(err)
			}
			var texts []string
			for _, c := range append(res.History, res.Forecast...) {
				texts = append(texts, c.Explanation)
			}
			for _, n := range res.Notes {
				texts = append(texts, n.Text)
			}
			texts = append(texts, res.Stage.Summary, res.Stage.Explanation)
			for _, k := range kinds {
				w, err := points.WhatIf(rec, day, k.points, k.class)
				if err != nil {
					t.Fatal(err)
				}
				texts = append(texts, w.Summary...)
			}
			checkFrench(t, login+" on "+day.String(), strings.Join(texts, "\n"))
		}
	}
}
