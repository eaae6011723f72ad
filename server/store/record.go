package store

import (
	"mespoints/exams"
	"mespoints/points"
)

// Record is one dossier of the national licence registry, as the server
// keeps it: the holder, the licence (nil for a candidate who has a NEPH but
// no licence yet) and its events, with the detail the registry gives beyond
// what the points engine needs. Its JSON form is one line of a registry
// extract (see the registry package); the stored form adds a version field.
type Record struct {
	// NEPH is the dossier number, normalised (see NormaliseNEPH).
	NEPH string `json:"neph"`
	// Updated is the day the registry last changed the dossier
	// ("Informations mises à jour le …").
	Updated points.Date `json:"updated"`
	// Holder is the person the dossier belongs to.
	Holder Holder `json:"holder"`
	// Licence is nil for a candidate with no licence yet.
	Licence *Licence `json:"licence,omitempty"`
	// Events are the offences, stages and invalidations, in registry order.
	Events []Event `json:"events"`
	// Exams is the candidate's exam file (theory and practical sittings,
	// past bookings that delay a new one), nil when the registry has none.
	Exams *exams.File `json:"exams,omitempty"`
}

// Holder is the person a dossier belongs to. The JSON names are those of
// FranceConnect's identity claims, so that a FranceConnect identity can be
// matched against the dossier (see Identity).
type Holder struct {
	// FamilyName is the birth name (nom de naissance).
	FamilyName string `json:"family_name"`
	// UsageName is the name in use (nom d'usage), if any.
	UsageName string `json:"usage_name,omitempty"`
	// GivenNames are the given names, separated by spaces.
	GivenNames string `json:"given_names"`
	// Birthdate is the date of birth.
	Birthdate points.Date `json:"birthdate"`
	// Birthplace is the INSEE code of the commune of birth, empty when the
	// holder was born abroad.
	Birthplace string `json:"birthplace"`
	// Birthcountry is the INSEE code of the country of birth (99100 for
	// France). Empty means France.
	Birthcountry string `json:"birthcountry,omitempty"`
	// Email is the holder's e-mail address, if known.
	Email string `json:"email,omitempty"`
	// BirthplaceName is the name of the place of birth as the documents
	// print it ("Nantes (44)", "Liège (Belgique)"), if the registry gives
	// it; Birthplace stays the code the identity is matched on.
	BirthplaceName string `json:"birthplace_name,omitempty"`
	// Address is the postal address the registry holds, if it holds one.
	Address *Address `json:"address,omitempty"`
}

// CountryFrance is the INSEE code of France as a country of birth.
const CountryFrance = "99100"

// Licence is the licence as the registry knows it: what the engine needs
// (points.Licence, whose fields appear inline in JSON) plus the number, the
// categories held and the restrictions.
type Licence struct {
	points.Licence
	// Number is the licence number printed on the card, if known.
	Number string `json:"number,omitempty"`
	// Categories are the categories held, each with the day it was obtained.
	Categories []Category `json:"categories,omitempty"`
	// Restrictions are the harmonised EU codes of the licence's
	// restrictions and mentions ("01.01", "78"...).
	Restrictions []string `json:"restrictions,omitempty"`
	// Measures are the measures on the licence that no single offence
	// carries: a judicial annulment, a suspension for medical unfitness…
	// (a suspension ordered for an offence is on that offence).
	Measures []Measure `json:"measures,omitempty"`
}

// Category is one category of the licence (AM, A1, A2, A, B, BE, C1…).
type Category struct {
	// Category is the category's name, as printed on the licence.
	Category string `json:"category"`
	// Obtained is the day the category was obtained.
	Obtained points.Date `json:"obtained"`
	// Until is the last day of the category's validity, for a category
	// that has one (the heavy categories C and D, a validity limited on
	// medical grounds); nil when it has none.
	Until *points.Date `json:"until,omitempty"`
}

// Categories lists the licence categories of the Code de la route
// (R221-4), as they are written on the licence.
var Categories = []string{"AM", "A1", "A2", "A", "B1", "B", "BE", "C1", "C1E", "C", "CE", "D1", "D1E", "D", "DE"}

// Event is one event of a dossier: what the engine needs (points.Event,
// whose fields appear inline in JSON) plus the registry's detail, every
// piece of it optional.
type Event struct {
	points.Event

	// Place is where an offence was committed.
	Place *Place `json:"place,omitempty"`
	// Natinf is the NATINF code of an offence (nature d'infraction).
	Natinf string `json:"natinf,omitempty"`
	// NatinfLabel is the official wording of the NATINF code.
	NatinfLabel string `json:"natinf_label,omitempty"`
	// DefinitiveBy says how an offence became definitive.
	DefinitiveBy DefinitiveBy `json:"definitive_by,omitempty"`
	// Centre is the centre that ran a stage.
	Centre *Centre `json:"centre,omitempty"`
	// Letters are the letters the holder was sent about the event.
	Letters []Letter `json:"letters,omitempty"`
	// Suspensions are the suspensions of the licence ordered for an offence.
	Suspensions []Suspension `json:"suspensions,omitempty"`
}

// Place is a commune of France.
type Place struct {
	// Commune is the commune's INSEE code.
	Commune string `json:"commune"`
	// Name is the commune's name.
	Name string `json:"name,omitempty"`
}

// Centre is an approved centre that runs points-recovery stages.
type Centre struct {
	// Name is the centre's name.
	Name string `json:"name"`
	// Place is the commune where the stage took place.
	Place *Place `json:"place,omitempty"`
}

// DefinitiveBy is how an offence became definitive, which fixes the day its
// withdrawal took effect (docs/points-rules.md, Dates and delays).
type DefinitiveBy string

// The ways an offence becomes definitive.
const (
	// ByPayment is the payment of the fixed fine.
	ByPayment DefinitiveBy = "payment"
	// ByTitreExecutoire is the enforcement order of an increased fine.
	ByTitreExecutoire DefinitiveBy = "titre_executoire"
	// ByCompositionPenale is a composition pénale carried out.
	ByCompositionPenale DefinitiveBy = "composition_penale"
	// ByJudgment is a conviction become final.
	ByJudgment DefinitiveBy = "judgment"
)

// LetterType is the reference of a letter the holder receives
// (docs/points-rules.md, Letters the holder receives).
type LetterType string

// The letters of the points licence.
const (
	// Letter48 is sent for each withdrawal.
	Letter48 LetterType = "48"
	// Letter48M warns of a balance of 6 points or less, outside probation.
	Letter48M LetterType = "48M"
	// Letter48N orders a probationary driver to take a stage.
	Letter48N LetterType = "48N"
	// Letter48SI notifies the invalidation of the licence.
	Letter48SI LetterType = "48SI"
	// Letter46 notifies a full restoration.
	Letter46 LetterType = "46"
	// Letter46D notifies a 6-month restitution.
	Letter46D LetterType = "46D"
	// Letter46B notifies a 10-year restitution.
	Letter46B LetterType = "46B"
	// Letter47 notifies the credit of a stage.
	Letter47 LetterType = "47"
)

// Letter is a letter sent to the holder, and the day it was sent.
type Letter struct {
	// Type is the letter's reference.
	Type LetterType `json:"type"`
	// Date is the day the letter was sent.
	Date points.Date `json:"date"`
}

// SuspensionKind says who ordered a suspension.
type SuspensionKind string

// The kinds of suspension.
const (
	// Administrative is a suspension ordered by the préfet.
	Administrative SuspensionKind = "administrative"
	// Judicial is a suspension ordered by a court.
	Judicial SuspensionKind = "judicial"
)

// Suspension is a period when the licence was suspended.
type Suspension struct {
	// Kind says who ordered it.
	Kind SuspensionKind `json:"kind"`
	// From is the first day of the suspension.
	From points.Date `json:"from"`
	// Until is the last day of the suspension.
	Until points.Date `json:"until"`
}

// Engine returns what the points engine needs of the record, and false for
// a candidate who has no licence.
func (r Record) Engine() (points.Record, bool) {
	if r.Licence == nil {
		return points.Record{}, false
	}
	pr := points.Record{Licence: r.Licence.Licence, Events: make([]points.Event, len(r.Events))}
	for i, e := range r.Events {
		pr.Events[i] = e.Event
	}
	return pr, true
}
