package api

import (
	"encoding/json"
	"time"

	"mespoints/points"
)

// Dossier is the answer of GET /api/v1/dossier: the person's dossier of
// the national licence registry, without the holder's place of birth nor
// e-mail address. The app keeps it on the device, shows it and recomputes
// the balance from it with the engine when there is no network (see
// Licence and Event: the engine's fields are inline).
type Dossier struct {
	// FetchedAt is when the server sent the dossier (UTC, to the second);
	// the app sets it to when it received it.
	FetchedAt time.Time `json:"fetched_at"`
	// Updated is the day the registry last changed the dossier
	// ("Informations mises à jour le …").
	Updated points.Date `json:"updated"`
	// Holder is the person the dossier belongs to.
	Holder Holder `json:"holder"`
	// NEPH is the dossier number.
	NEPH string `json:"neph"`
	// Licence is the driving licence; null for a candidate who has a
	// dossier but no licence yet.
	Licence *Licence `json:"licence"`
	// Events are the offences, stages and invalidations of the dossier, in
	// the registry's order; the history's and forecast's Event indexes
	// point into this list.
	Events []Event `json:"events"`
	// Exams says whether the registry holds an exam file for the dossier
	// (GET /api/v1/exams): a candidate always sees the exam pages, a
	// licence holder only then.
	Exams bool `json:"exams,omitempty"`
}

// Holder is the person a dossier belongs to, as the app shows them.
type Holder struct {
	// FamilyName is the birth name (nom de naissance).
	FamilyName string `json:"family_name"`
	// UsageName is the name in use (nom d'usage), if any.
	UsageName string `json:"usage_name,omitempty"`
	// GivenNames are the given names, separated by spaces.
	GivenNames string `json:"given_names"`
	// Birthdate is the date of birth.
	Birthdate points.Date `json:"birthdate"`
}

// Licence is the driving licence: what the engine needs (the day it was
// obtained, the probation track, the post-licence training; inline in the
// JSON) and what the screens show besides.
type Licence struct {
	points.Licence
	// Number is the number printed on the licence, if known.
	Number string `json:"number,omitempty"`
	// Categories are the categories held (A, B…), each with the day it was
	// obtained.
	Categories []Category `json:"categories,omitempty"`
	// Restrictions are the EU codes of the licence's restrictions and
	// mentions printed on it ("01.01" for glasses, "78"…).
	Restrictions []string `json:"restrictions,omitempty"`
	// Measures are the measures on the licence no offence carries: a
	// judicial annulment, a suspension for medical unfitness…
	Measures []Measure `json:"measures,omitempty"`
}

// Measure is a measure on the licence not tied to an offence.
type Measure struct {
	// Kind is "annulation" (a judicial annulment) or "suspension".
	Kind string `json:"kind"`
	// Authority is who ordered it: "administrative" or "judicial".
	Authority string `json:"authority"`
	// From is its first day.
	From points.Date `json:"from"`
	// Until is the last day of a suspension, or of the ban on applying
	// for a new licence after an annulment (absent when none).
	Until *points.Date `json:"until,omitempty"`
	// Reason says why, if the registry says.
	Reason string `json:"reason,omitempty"`
}

// Category is one category of the licence.
type Category struct {
	// Category is its name, as printed on the licence (AM, A1, A2, A, B1,
	// B, BE, C1…).
	Category string `json:"category"`
	// Obtained is the day the holder obtained it.
	Obtained points.Date `json:"obtained"`
	// Until is the last day of its validity, for a category that has one
	// (C, D, or limited on medical grounds).
	Until *points.Date `json:"until,omitempty"`
}

// Event is one event of the dossier: an offence, a points-recovery stage
// or the notice of invalidation. It carries what the engine needs
// (points.Event, inline in the JSON; "points" is always written for an
// offence, 0 included) and the registry's detail, every piece optional.
type Event struct {
	points.Event
	// Place is where an offence was committed.
	Place *Place `json:"place,omitempty"`
	// Natinf is the NATINF code of an offence, the official number of the
	// kind of offence.
	Natinf string `json:"natinf,omitempty"`
	// NatinfLabel is the official wording of that kind of offence.
	NatinfLabel string `json:"natinf_label,omitempty"`
	// DefinitiveBy says how an offence became definitive, which fixed the
	// day the points were withdrawn: "payment" (the fine paid),
	// "titre_executoire" (the enforcement order of an increased fine),
	// "composition_penale" (a composition pénale carried out) or
	// "judgment" (a conviction become final).
	DefinitiveBy string `json:"definitive_by,omitempty"`
	// Centre is the approved centre that ran a stage.
	Centre *Centre `json:"centre,omitempty"`
	// Letters are the letters the holder was sent about the event.
	Letters []Letter `json:"letters,omitempty"`
	// Suspensions are the suspensions of the licence ordered for an
	// offence.
	Suspensions []Suspension `json:"suspensions,omitempty"`
}

// MarshalJSON writes the event with "points" present for an offence even
// when 0: an offence worth no points (speeding by less than 5 km/h) is
// still an offence worth 0 points, not one whose points are unknown.
func (e Event) MarshalJSON() ([]byte, error) {
	type plain Event // the same fields, without this method
	if e.Type != points.Offence {
		return json.Marshal(plain(e))
	}
	return json.Marshal(struct {
		plain
		Points int `json:"points"`
	}{plain(e), e.Points})
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

// Letter is a letter the holder was sent.
type Letter struct {
	// Type is the letter's reference: "48" (a withdrawal), "48M" (6 points
	// or fewer left), "48N" (mandatory stage on probation), "48SI"
	// (invalidation), "46" (full restoration), "46D" (6-month
	// restitution), "46B" (10-year restitution), "47" (stage credited).
	Type string `json:"type"`
	// Date is the day it was sent.
	Date points.Date `json:"date"`
}

// Suspension is a period when the licence was suspended.
type Suspension struct {
	// Kind says who ordered it: "administrative" (the préfet) or
	// "judicial" (a court).
	Kind string `json:"kind"`
	// From is its first day.
	From points.Date `json:"from"`
	// Until is its last day.
	Until points.Date `json:"until"`
}
