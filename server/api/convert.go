package api

import (
	wire "mespoints/api"
	"mespoints/points"
	"mespoints/server/store"
)

// The store keeps the registry's records in its own types; the API answers
// in the wire types of mespoints/api. These functions convert one to the
// other, field by field, leaving out what the API does not give (the
// holder's place of birth and e-mail address).

// holderOf is the holder as the API gives them.
func holderOf(h store.Holder) wire.Holder {
	return wire.Holder{FamilyName: h.FamilyName, UsageName: h.UsageName, GivenNames: h.GivenNames, Birthdate: h.Birthdate}
}

// licenceOf is the licence as the API gives it; nil for a candidate.
func licenceOf(l *store.Licence) *wire.Licence {
	if l == nil {
		return nil
	}
	out := &wire.Licence{Licence: l.Licence, Number: l.Number, Restrictions: l.Restrictions}
	for _, c := range l.Categories {
		out.Categories = append(out.Categories, wire.Category{Category: c.Category, Obtained: c.Obtained, Until: c.Until})
	}
	for _, m := range l.Measures {
		out.Measures = append(out.Measures, wire.Measure{Kind: string(m.Kind), Authority: string(m.Authority), From: m.From, Until: m.Until, Reason: m.Reason})
	}
	return out
}

// eventsOf are the events as the API gives them; never nil.
func eventsOf(events []store.Event) []wire.Event {
	out := make([]wire.Event, len(events))
	for i, e := range events {
		out[i] = wire.Event{
			Event: e.Event, Place: placeOf(e.Place), Natinf: e.Natinf, NatinfLabel: e.NatinfLabel,
			DefinitiveBy: string(e.DefinitiveBy), Centre: centreOf(e.Centre),
		}
		for _, l := range e.Letters {
			out[i].Letters = append(out[i].Letters, wire.Letter{Type: string(l.Type), Date: l.Date})
		}
		for _, s := range e.Suspensions {
			out[i].Suspensions = append(out[i].Suspensions, wire.Suspension{Kind: string(s.Kind), From: s.From, Until: s.Until})
		}
	}
	return out
}

// placeOf is a commune as the API gives it.
func placeOf(p *store.Place) *wire.Place {
	if p == nil {
		return nil
	}
	return &wire.Place{Commune: p.Commune, Name: p.Name}
}

// centreOf is a stage centre as the API gives it.
func centreOf(c *store.Centre) *wire.Centre {
	if c == nil {
		return nil
	}
	return &wire.Centre{Name: c.Name, Place: placeOf(c.Place)}
}

// pointsOf is the engine's result for today without its history and
// forecast, with the day the registry last changed the dossier.
func pointsOf(res points.Result, updated points.Date) wire.Points {
	return wire.Points{
		At: res.At, Balance: res.Balance, Ceiling: res.Ceiling, InvalidSince: res.InvalidSince, Mandatory: res.Mandatory,
		Notes: res.Notes, ProbationEnd: res.ProbationEnd, ReapplyFrom: res.ReapplyFrom, Stage: res.Stage,
		Status: res.Status, Training: res.Training, Updated: updated,
	}
}

// changesOf adds to each change of the engine the registry's detail of the
// event it comes from, when it comes from one. It is never nil.
func changesOf(changes []points.Change, events []store.Event) []wire.Change {
	out := make([]wire.Change, len(changes))
	for i, c := range changes {
		out[i].Change = c
		if c.Event < 0 || c.Event >= len(events) {
			continue
		}
		e := events[c.Event]
		out[i].Committed = e.Committed
		out[i].Place, out[i].Natinf, out[i].NatinfLabel = placeOf(e.Place), e.Natinf, e.NatinfLabel
		out[i].DefinitiveBy, out[i].Centre = string(e.DefinitiveBy), centreOf(e.Centre)
	}
	return out
}
