package app

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"mespoints/api"
	"mespoints/points"
)

// statusText says the licence's status in words, as the engine knows it
// (the simulator's answer).
func statusText(r points.Result) string {
	switch r.Status {
	case points.StatusInvalid:
		if r.InvalidSince != nil {
			return "Permis invalidé depuis le " + dateText(*r.InvalidSince) + " — solde nul"
		}
		return "Permis invalidé — solde nul"
	case points.StatusProbation:
		if r.ProbationEnd != nil {
			return "Permis valide, en période probatoire jusqu'au " + dateText(*r.ProbationEnd)
		}
		return "Permis valide, en période probatoire"
	}
	return "Permis valide"
}

// licenceStatus is the state of the licence today, with the registry's
// suspensions as well as the engine's status.
type licenceStatus struct {
	// kind is "valid", "probation", "invalid" or "suspended", for the
	// stylesheet.
	kind string
	text string
}

// licenceState says whether the licence is valid today: invalidated since
// a day, suspended until a day, on probation until a day, or valid.
func licenceState(r points.Result, d *api.Dossier, today points.Date) licenceStatus {
	if r.Status != points.StatusInvalid && d != nil {
		if s := currentSuspension(d, today); s != nil {
			return licenceStatus{"suspended", "Permis suspendu jusqu'au " + dateText(s.Until) + " inclus"}
		}
	}
	return licenceStatus{string(r.Status), statusText(r)}
}

// licenceStatusLine draws a licence's status.
func licenceStatusLine(id string, s licenceStatus) app.UI {
	return app.P().ID(id).Class("status-line status-" + s.kind).Text(s.text)
}

// ruleText names a rule of the points licence for a person.
func ruleText(r points.Rule) string {
	switch r {
	case points.RuleOffence:
		return "Retrait de points"
	case points.RuleRestore6m:
		return "Restitution après 6 mois"
	case points.RuleRestoreFull:
		return "Reconstitution du capital"
	case points.RuleRestore10y:
		return "Restitution après 10 ans"
	case points.RuleStage:
		return "Stage de récupération de points"
	case points.RuleProbationStep:
		return "Points de la période probatoire"
	case points.RuleProbationEnd:
		return "Fin de la période probatoire"
	}
	return string(r)
}

// changeTitle is the headline of a history or forecast entry: the offence
// for a withdrawal, the rule otherwise.
func changeTitle(c points.Change, d *api.Dossier) string {
	if c.Rule == points.RuleOffence {
		if d != nil && c.Event >= 0 && c.Event < len(d.Events) {
			if e := d.Events[c.Event]; e.NatinfLabel != "" {
				return capitalise(e.NatinfLabel)
			}
		}
		if c.Label != "" {
			return capitalise(c.Label)
		}
	}
	return ruleText(c.Rule)
}

// changePlace is where the event of a change took place, if known.
func changePlace(c points.Change, d *api.Dossier) string {
	if d == nil || c.Event < 0 || c.Event >= len(d.Events) {
		return ""
	}
	if c.Rule != points.RuleOffence && c.Rule != points.RuleStage {
		return ""
	}
	return placeText(d.Events[c.Event])
}
