package documents

import (
	"mespoints/points"
	"mespoints/server/store"
)

// StateKind is the state of the right to drive on a day.
type StateKind string

// The states of the right to drive, from the gravest.
const (
	// StateAnnulled: a court annulled the licence (the date: since when).
	StateAnnulled StateKind = "annulled"
	// StateInvalid: the licence lost its validity for want of points,
	// letter 48SI (the date: since when).
	StateInvalid StateKind = "invalid"
	// StateSuspended: a suspension is in force (the date: its last day).
	StateSuspended StateKind = "suspended"
	// StateProbation: valid, on probation (the date: its end).
	StateProbation StateKind = "probation"
	// StateValid: valid (no date).
	StateValid StateKind = "valid"
)

// State is the state of the right to drive on a day, with its date.
type State struct {
	// Kind is the state.
	Kind StateKind
	// Date is since when (annulled, invalid), until when (suspended), or
	// the end of probation; nil for a valid licence.
	Date *points.Date
}

// StateOn says whether the licence of rec is valid on day, from the
// registry's measures and suspensions and the engine's result res for
// that day: annulled, invalidated, suspended, on probation or valid, the
// gravest first. A record without a licence has none (ok false).
func StateOn(rec store.Record, res points.Result, day points.Date) (s State, ok bool) {
	l := rec.Licence
	if l == nil {
		return State{}, false
	}
	for _, m := range l.Measures {
		if m.Kind == store.Annulment && m.From <= day {
			from := m.From
			return State{Kind: StateAnnulled, Date: &from}, true
		}
	}
	if res.Status == points.StatusInvalid {
		return State{Kind: StateInvalid, Date: res.InvalidSince}, true
	}
	var until *points.Date
	for _, susp := range suspensionsOf(rec) {
		if susp.From <= day && day <= susp.Until && (until == nil || susp.Until > *until) {
			u := susp.Until
			until = &u
		}
	}
	if until != nil {
		return State{Kind: StateSuspended, Date: until}, true
	}
	if res.Status == points.StatusProbation {
		return State{Kind: StateProbation, Date: res.ProbationEnd}, true
	}
	return State{Kind: StateValid}, true
}

// suspension is a suspension of the licence, ordered for an offence or
// not, and what it was for.
type suspension struct {
	Kind     store.SuspensionKind
	From     points.Date
	Until    points.Date
	Offence  string // the offence it was ordered for, if any
	Reason   string // the registry's reason, if any
	Measured bool   // a measure of the licence, not of an offence
}

// suspensionsOf lists every suspension of rec: those of its offences and
// those of its measures, in date order.
func suspensionsOf(rec store.Record) []suspension {
	var out []suspension
	for _, e := range rec.Events {
		for _, s := range e.Suspensions {
			label := e.NatinfLabel
			if label == "" {
				label = e.Label
			}
			out = append(out, suspension{Kind: s.Kind, From: s.From, Until: s.Until, Offence: label})
		}
	}
	if rec.Licence != nil {
		for _, m := range rec.Licence.Measures {
			if m.Kind == store.SuspensionMeasure && m.Until != nil {
				out = append(out, suspension{Kind: m.Authority, From: m.From, Until: *m.Until, Reason: m.Reason, Measured: true})
			}
		}
	}
	sortBy(out, func(s suspension) points.Date { return s.From })
	return out
}
