package booking

import (
	"time"

	"mespoints/exams"
	"mespoints/points"
)

// Centre is an exam centre of the practical test.
type Centre struct {
	// ID names the centre in the catalogue: 1 to 40 lower-case letters,
	// digits and hyphens.
	ID string `json:"id"`
	// Name is the centre's name.
	Name string `json:"name"`
	// Address is its postal address, on one line.
	Address string `json:"address"`
	// Departement is the code of its département ("31", "2A", "974").
	Departement string `json:"departement"`
}

// Session is a sitting of the practical test at a centre: a day, a time
// and a number of places.
type Session struct {
	// ID is <dep>.<YYYY-MM-DD>.<centre>.<HHMM>.
	ID string `json:"id"`
	// Centre is the centre, as the catalogue gives it.
	Centre Centre `json:"centre"`
	// At is the day and time of the session.
	At points.DateTime `json:"at"`
	// Places is the number of places the session offers.
	Places int `json:"places"`
}

// Booking is a place taken by a candidate.
type Booking struct {
	// ID names the booking: 16 random characters.
	ID string `json:"id"`
	// Session is the session booked, as it was at booking time.
	Session Session `json:"session"`
	// Candidate is the candidate's key (a hash of the NEPH).
	Candidate string `json:"candidate"`
	// Booked is when the place was taken.
	Booked time.Time `json:"booked"`
	// Accompanist is the accompanying person a candidate without a
	// driving school declared, nil otherwise.
	Accompanist *exams.Accompanist `json:"accompanist,omitempty"`
	// Left is, in Book's answer only, the session's places left just after
	// the booking; it is not stored.
	Left int `json:"-"`
}

// Candidate is a candidate's state in the shared store.
type Candidate struct {
	// Pending is the latest booking, nil when none was made or it was
	// cancelled. It is pending while its day has not passed.
	Pending *Booking `json:"pending,omitempty"`
	// Late are the days of the tests whose booking the candidate
	// cancelled late here, until the registry knows of them.
	Late []points.Date `json:"late,omitempty"`
}

// PendingOn returns the pending booking on day today: the latest booking
// if its test is today or later, else nil.
func (c Candidate) PendingOn(today points.Date) *Booking {
	if c.Pending == nil || c.Pending.Session.At.Date() < today {
		return nil
	}
	return c.Pending
}

// AddTo returns the registry's file f with the late cancellations made
// here added, for the rules (package exams) to count them.
func (c Candidate) AddTo(f exams.File) exams.File {
	for _, d := range c.Late {
		f = f.WithLateCancellation(d)
	}
	return f
}

// Departement is a département of the catalogue.
type Departement struct {
	// Code is the département's code ("31").
	Code string `json:"code"`
	// Name is its name ("Haute-Garonne").
	Name string `json:"name"`
}
