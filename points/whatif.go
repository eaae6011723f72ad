package points

import (
	"fmt"
	"strings"
)

// WhatIfLabel is the label of the hypothetical offence of WhatIf.
const WhatIfLabel = "infraction envisagée"

// WhatIfResult is the answer of WhatIf: the licence as it is and as it would
// be after the hypothetical offence, and what that costs.
type WhatIfResult struct {
	// Offence is the hypothetical offence, as added to the record (its index
	// in the events is the number of events of the record).
	Offence Event `json:"offence"`
	// Before is Compute of the record as it is.
	Before Result `json:"before"`
	// After is Compute of the record with the offence.
	After Result `json:"after"`
	// Withdrawn is the points the offence would withdraw, after the floor
	// of 0.
	Withdrawn int `json:"withdrawn"`
	// Back12Before and Back12After are the day the balance is (back) at 12
	// points, without and with the offence: the day asked if it is 12
	// already, nil if it never will be (invalid licence).
	Back12Before *Date `json:"back12_before"`
	Back12After  *Date `json:"back12_after"`
	// StepsLost are the probation steps of the forecast the offence would
	// lose.
	StepsLost []Change `json:"steps_lost"`
	// Invalidated is true if the offence would bring the balance to 0.
	Invalidated bool `json:"invalidated"`
	// Summary says in French, one sentence each, what the offence would
	// cost.
	Summary []string `json:"summary"`
}

// WhatIf answers "and if I committed an offence worth points of class class
// on day at?" without storing anything. Reading taken: the offence is
// committed on day at and definitive the same day (the fine paid at once),
// at a minute no recorded offence of that day uses, so that it is never
// simultaneous with one of them (L223-2 III). It returns a *FieldError if
// the record or the offence is not valid ("points", "class").
func WhatIf(r Record, at Date, points int, class Class) (WhatIfResult, error) {
	var w WhatIfResult
	if points < 0 || points > 6 {
		return w, fieldErr("points", "%d is outside 0–6", points)
	}
	if !class.valid() {
		return w, fieldErr("class", "%q is not one of c1, c2, c3, c4, c5, delit", string(class))
	}
	before, err := Compute(r, at)
	if err != nil {
		return w, err
	}
	w.Offence = Event{Type: Offence, Committed: freeMinute(r, at), Definitive: at, Points: points, Class: class, Label: WhatIfLabel}
	with := Record{Licence: r.Licence, Events: make([]Event, len(r.Events), len(r.Events)+1)}
	copy(with.Events, r.Events)
	with.Events = append(with.Events, w.Offence)
	after, err := Compute(with, at)
	if err != nil {
		return w, err
	}
	w.Before, w.After = before, after
	idx := len(r.Events)
	for _, c := range after.History {
		if c.Event == idx && c.Rule == RuleOffence {
			w.Withdrawn = -c.Change
		}
	}
	w.Back12Before, w.Back12After = back12(before), back12(after)
	w.Invalidated = before.Status != StatusInvalid && after.Status == StatusInvalid
	for _, c := range before.Forecast {
		if (c.Rule == RuleProbationStep || c.Rule == RuleProbationEnd) && !hasChange(after.Forecast, c.Date, c.Rule) {
			w.StepsLost = append(w.StepsLost, c)
		}
	}
	w.Summary = w.summarise(idx)
	return w, nil
}

// freeMinute returns noon of day at, or the next minute of that day that no
// offence of r was committed at.
func freeMinute(r Record, at Date) DateTime {
	t := NewDateTime(at, 12, 0)
	for taken := true; taken; {
		taken = false
		for _, e := range r.Events {
			if e.Type == Offence && e.Committed == t {
				t++
				taken = true
			}
		}
	}
	return t
}

// back12 returns the day the balance is at 12: the day asked, the first day
// of the forecast it reaches 12, or nil.
func back12(r Result) *Date {
	if r.Status == StatusInvalid {
		return nil
	}
	if r.Balance == MaxPoints {
		d := r.At
		return &d
	}
	for _, c := range r.Forecast {
		if c.Balance == MaxPoints {
			d := c.Date
			return &d
		}
	}
	return nil
}

func hasChange(cs []Change, d Date, rule Rule) bool {
	for _, c := range cs {
		if c.Date == d && c.Rule == rule {
			return true
		}
	}
	return false
}

// summarise writes what the offence costs, in French.
func (w *WhatIfResult) summarise(idx int) []string {
	b, a := &w.Before, &w.After
	var s []string
	if b.Status == StatusInvalid {
		return []string{"Le permis n'est plus valide : une nouvelle infraction ne retire aucun point (article L223-1 du Code de la route)."}
	}
	if w.Offence.Points == 0 {
		return []string{"Une infraction à 0 point ne retire rien et ne change aucun délai (article L223-2 du Code de la route)."}
	}
	s = append(s, fmt.Sprintf("Cette infraction (%s, %s) retirerait %s : le solde passerait de %d à %s (articles L223-1 et L223-2 du Code de la route).",
		w.Offence.Class.French(), plural(w.Offence.Points, "point"), plural(w.Withdrawn, "point"), b.Balance, plural(a.Balance, "point")))
	if w.Invalidated {
		s = append(s, "Le solde tomberait à 0 : le permis perdrait sa validité à la notification de la lettre 48SI, serait à remettre dans les 10 jours, et un nouveau permis ne pourrait être demandé que 6 mois après sa remise (articles L223-1 et L223-5 du Code de la route).")
		return s
	}
	switch {
	case w.Back12Before != nil && w.Back12After != nil && *w.Back12Before == b.At:
		s = append(s, fmt.Sprintf("Vous avez 12 points aujourd'hui ; vous ne les retrouveriez que le %s, sans nouvelle infraction d'ici là (article L223-6 du Code de la route).", w.Back12After.French()))
	case w.Back12Before != nil && w.Back12After != nil && *w.Back12After != *w.Back12Before:
		s = append(s, fmt.Sprintf("Le retour à 12 points passerait du %s au %s (article L223-6 du Code de la route).", w.Back12Before.French(), w.Back12After.French()))
	}
	if b.ProbationEnd != nil && a.ProbationEnd != nil && *a.ProbationEnd != *b.ProbationEnd {
		s = append(s, fmt.Sprintf("La réduction de la période probatoire due à la formation complémentaire serait perdue : elle finirait le %s au lieu du %s (article R223-4-1 du Code de la route).", a.ProbationEnd.French(), b.ProbationEnd.French()))
	}
	if len(w.StepsLost) > 0 {
		var parts []string
		for _, c := range w.StepsLost {
			parts = append(parts, fmt.Sprintf("+%d le %s", c.Change, c.Date.French()))
		}
		s = append(s, fmt.Sprintf("Étapes du permis probatoire perdues : %s (article R223-1 du Code de la route).", strings.Join(parts, ", ")))
	}
	for _, c := range b.Forecast {
		if c.Rule == RuleRestore6m && !hasChange(a.Forecast, c.Date, RuleRestore6m) {
			s = append(s, fmt.Sprintf("Le point qui devait revenir le %s ne reviendrait pas : l'infraction serait commise dans les 6 mois qui précèdent (article L223-6 alinéa 3 du Code de la route).", c.Date.French()))
		}
	}
	for _, c := range a.Forecast {
		if c.Rule == RuleRestore6m && c.Event == idx {
			s = append(s, fmt.Sprintf("Ce point reviendrait le %s, sans nouvelle infraction d'ici là (article L223-6 alinéa 3 du Code de la route).", c.Date.French()))
		}
	}
	if m := a.Mandatory; m != nil && m.Event == idx {
		s = append(s, fmt.Sprintf("Permis probatoire : lettre 48N, stage de sensibilisation obligatoire dans les 4 mois suivant sa réception, soit jusqu'à quelques jours après le %s, selon le jour où elle serait reçue (articles L223-6 et R223-4 du Code de la route).", m.Deadline.French()))
	}
	return s
}

// plural writes "1 point" or "3 points".
func plural(n int, word string) string {
	if n > 1 {
		return fmt.Sprintf("%d %ss", n, word)
	}
	return fmt.Sprintf("%d %s", n, word)
}
