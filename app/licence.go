package app

import (
	"cmp"
	"slices"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"mespoints/api"
	"mespoints/points"
)

// newLicencePage is the « Mon permis » page: what the registry holds of
// the licence itself — its number, the categories with the day each was
// obtained, the restrictions printed on it, its probation, and the
// suspensions ordered, with their dates.
func newLicencePage() app.Composer {
	return &screen{path: PathLicence, heading: "Mon permis de conduire", subtitle: "Mon permis", body: licenceBody}
}

func licenceBody(v dossierView) app.UI {
	d, r := v.dossier, v.result
	l := d.Licence
	susp := suspensionsOf(d)
	return app.Div().Body(
		licenceStatusLine("permis-statut", licenceState(r, d, v.today)),
		app.Dl().ID("permis").Class("facts").Body(
			app.Dt().Text("Numéro du permis"),
			app.Dd().ID("numero-permis").Text(orUnknown(l.Number)),
			app.Dt().Text("Numéro de dossier (NEPH)"),
			app.Dd().Text(d.NEPH),
			app.Dt().Text("Permis obtenu le"),
			app.Dd().Text(dateText(l.Obtained)),
			app.Dt().Text("Période probatoire"),
			app.Dd().ID("probatoire").Text(probationText(l.Licence, r)),
		),
		app.H2().ID("categories-titre").Text("Catégories"),
		app.If(len(l.Categories) == 0, func() app.UI {
			return app.P().Text("Le fichier ne précise pas les catégories de votre permis.")
		}).Else(func() app.UI {
			// A list of terms rather than a table: each category with the
			// day it was obtained reads the same, and costs the
			// WebAssembly no table elements.
			return app.Dl().ID("categories").Class("facts").Aria("labelledby", "categories-titre").Body(
				app.Range(l.Categories).Slice(func(i int) app.UI {
					c := l.Categories[i]
					return app.Div().Body(app.Dt().Text("Catégorie "+c.Category), app.Dd().Text("obtenue le "+dateText(c.Obtained)))
				}),
			)
		}),
		app.H2().Text("Restrictions et mentions"),
		app.If(len(l.Restrictions) == 0, func() app.UI {
			return app.P().ID("restrictions").Text("Aucune restriction ni mention n'est inscrite sur votre permis.")
		}).Else(func() app.UI {
			return app.Ul().ID("restrictions").Body(app.Range(l.Restrictions).Slice(func(i int) app.UI {
				code := l.Restrictions[i]
				return app.Li().Body(app.Strong().Text("Code "+code), app.Text(" : "+restrictionText(code)))
			}))
		}),
		app.H2().Text("Suspensions"),
		app.If(len(susp) == 0, func() app.UI {
			return app.P().ID("suspensions").Text("Aucune suspension de votre permis n'est inscrite au fichier.")
		}).Else(func() app.UI {
			return app.Ul().ID("suspensions").Class("changes").Body(app.Range(susp).Slice(func(i int) app.UI {
				s := susp[i]
				line := suspensionKindText(s.Kind) + " du " + dateText(s.From) + " au " + dateText(s.Until) + " inclus"
				if s.From <= v.today && v.today <= s.Until {
					line += " — en cours"
				}
				return app.Li().Class("change change-loss").Body(
					app.P().Class("change-title").Text(line),
					app.If(s.offence != "", func() app.UI { return app.P().Class("change-place").Text("Pour : " + s.offence) }),
				)
			}))
		}),
	)
}

// orUnknown is s, or says the registry does not give it.
func orUnknown(s string) string {
	if s == "" {
		return "non communiqué par le fichier"
	}
	return s
}

// probationText says the licence's probation: its track and its end.
func probationText(l points.Licence, r points.Result) string {
	if l.Probation == points.NoProbation || r.ProbationEnd == nil {
		return "aucune"
	}
	track := "filière traditionnelle"
	if l.Probation == points.AAC {
		track = "apprentissage anticipé de la conduite"
	}
	if r.Status == points.StatusProbation {
		return track + ", jusqu'au " + dateText(*r.ProbationEnd)
	}
	return track + ", terminée le " + dateText(*r.ProbationEnd)
}

// restrictionText says what an EU code of restriction or mention printed
// on a licence means: the wire package's words, shared with the server's
// documents.
func restrictionText(code string) string { return api.RestrictionMeaning(code) }

// suspension is a suspension of the licence and the offence it was
// ordered for.
type suspension struct {
	api.Suspension
	offence string
}

// suspensionsOf lists every suspension of the dossier, the latest first.
func suspensionsOf(d *api.Dossier) []suspension {
	var out []suspension
	for _, e := range d.Events {
		for _, s := range e.Suspensions {
			label := e.Label
			if e.NatinfLabel != "" {
				label = e.NatinfLabel
			}
			out = append(out, suspension{Suspension: s, offence: label})
		}
	}
	slices.SortStableFunc(out, func(a, b suspension) int { return cmp.Compare(b.From, a.From) })
	return out
}

// currentSuspension is the suspension in force on day today, the one that
// ends last if several are, or nil.
func currentSuspension(d *api.Dossier, today points.Date) *api.Suspension {
	var cur *api.Suspension
	for _, e := range d.Events {
		for i := range e.Suspensions {
			s := &e.Suspensions[i]
			if s.From <= today && today <= s.Until && (cur == nil || s.Until > cur.Until) {
				cur = s
			}
		}
	}
	return cur
}

// suspensionKindText names who ordered a suspension.
func suspensionKindText(kind string) string {
	switch kind {
	case "administrative":
		return "Suspension administrative (décidée par le préfet)"
	case "judicial":
		return "Suspension judiciaire (décidée par un tribunal)"
	}
	return "Suspension"
}
