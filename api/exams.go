package api

import "mespoints/points"

// ExamFile is the answer of GET /api/v1/exams and of DELETE
// /api/v1/exams/bookings/{id}: the candidate's exam file as the rules
// (package mespoints/exams) read it at At — the code and its validity,
// the sittings with their published results, the pending booking, and
// the first day a booking is possible and why.
type ExamFile struct {
	// At is the minute the file was read for (Paris time).
	At points.DateTime `json:"at"`
	// School is the driving school presenting the candidate, if any.
	School string `json:"school,omitempty"`
	// Free is true for a candidate without a driving school: a booking
	// then declares the accompanying person (Accompanist).
	Free bool `json:"free"`
	// Code is the theory test's standing.
	Code ExamCode `json:"code"`
	// Results say each sitting and its result in French, latest first:
	// the practical test's, then the code's.
	Results []string `json:"results"`
	// CodeSittings are the theory test's sittings, latest first.
	CodeSittings []CodeSitting `json:"code_sittings"`
	// PracticalSittings are the practical test's sittings, latest first.
	PracticalSittings []PracticalSitting `json:"practical_sittings"`
	// CEPC is the certificate of a passed practical test, once its result
	// is published.
	CEPC *CEPC `json:"cepc,omitempty"`
	// Booking is the pending booking, if any.
	Booking *ExamBooking `json:"booking,omitempty"`
	// BookFrom is the first day a booking is possible (today when it is
	// now); absent when none is (no passed code, test passed).
	BookFrom *points.Date `json:"book_from,omitempty"`
	// BookWhy says in French which rule sets BookFrom, with its text.
	BookWhy string `json:"book_why,omitempty"`
	// Refusal is what a booking asked now would get, absent when one is
	// possible: the same code, from and message as POST would answer.
	Refusal *Error `json:"refusal,omitempty"`
	// Next says the candidate's next step, in French.
	Next string `json:"next"`
}

// ExamCode is the standing of the theory test (« le code »).
type ExamCode struct {
	// Text says the code's standing in French ("Code valable jusqu'au
	// 16/11/2030.").
	Text string `json:"text"`
	// Passed is true once a sitting reached the pass mark.
	Passed bool `json:"passed"`
	// ValidUntil is the last day the code lets the candidate take the
	// practical test: 5 years after the latest pass.
	ValidUntil *points.Date `json:"valid_until,omitempty"`
	// Valid is true when the code is valid today.
	Valid bool `json:"valid"`
	// Presentations says in French what limits the number of practical
	// tests (none but the code's validity, since 2022).
	Presentations string `json:"presentations"`
	// Source is the text the validity comes from.
	Source string `json:"source"`
}

// CodeSitting is a sitting of the theory test.
type CodeSitting struct {
	// Date is the day of the sitting.
	Date points.Date `json:"date"`
	// Centre is the approved centre.
	Centre string `json:"centre"`
	// Score is the number of correct answers out of 40.
	Score int `json:"score"`
	// Passed is true at 35 or more.
	Passed bool `json:"passed"`
}

// PracticalSitting is a sitting of the practical test. Its result is
// given only once published, 48 hours after the test.
type PracticalSitting struct {
	// At is the day and time of the test.
	At points.DateTime `json:"at"`
	// Centre is the exam centre.
	Centre string `json:"centre"`
	// ResultFrom is when the result is published.
	ResultFrom points.DateTime `json:"result_from"`
	// Published is true from ResultFrom on; the fields below are given
	// only then.
	Published bool `json:"published"`
	// Passed is true for a pass (« favorable »).
	Passed bool `json:"passed,omitempty"`
	// Total is the points out of 31, once published.
	Total *int `json:"total,omitempty"`
	// Eliminatory is true when the examiner noted an eliminatory fault.
	Eliminatory bool `json:"eliminatory,omitempty"`
}

// CEPC is the certificate of a passed practical test (certificat d'examen
// du permis de conduire), a provisional licence for 4 months.
type CEPC struct {
	// Date is the day of the test passed.
	Date points.Date `json:"date"`
	// ValidUntil is the last day it stands as a provisional licence.
	ValidUntil points.Date `json:"valid_until"`
	// Valid is true while it stands as one: until ValidUntil, and while
	// the registry holds no licence of the category.
	Valid bool `json:"valid"`
	// URL is where to download it as a PDF with its verifiable code,
	// while Valid.
	URL string `json:"url,omitempty"`
	// Source is the text of its validity.
	Source string `json:"source"`
}

// ExamCentre is an exam centre of the practical test.
type ExamCentre struct {
	// ID names the centre.
	ID string `json:"id"`
	// Name is the centre's name.
	Name string `json:"name"`
	// Address is its postal address.
	Address string `json:"address"`
	// Departement is its département's code.
	Departement string `json:"departement"`
}

// ExamSession is a session of the practical test and its places.
type ExamSession struct {
	// ID names the session in a BookingRequest.
	ID string `json:"id"`
	// At is the day and time of the test.
	At points.DateTime `json:"at"`
	// When says At in French, and Label the session with its places left
	// ("mardi 17 mars 2026 à 08:30 — 1 place restante").
	When  string `json:"when"`
	Label string `json:"label"`
	// Centre is where it takes place.
	Centre ExamCentre `json:"centre"`
	// Places is the number of places; Left those not taken.
	Places int `json:"places"`
	Left   int `json:"left"`
}

// Departement is a département of the catalogue of exam centres.
type Departement struct {
	// Code is the département's code ("31").
	Code string `json:"code"`
	// Name is its name.
	Name string `json:"name"`
}

// ExamSessions is the answer of GET
// /api/v1/exams/sessions?departement=31&from=YYYY-MM-DD: the départements
// of the catalogue, and for the one asked its centres and its sessions
// from the day asked (tomorrow at the earliest) for 8 weeks, with the
// places left.
type ExamSessions struct {
	// Departements are the départements that have exam centres.
	Departements []Departement `json:"departements"`
	// Departement is the code asked, empty when none was.
	Departement string `json:"departement,omitempty"`
	// From is the first day listed.
	From points.Date `json:"from"`
	// Centres are the département's centres.
	Centres []ExamCentre `json:"centres"`
	// Sessions are its sessions, by time.
	Sessions []ExamSession `json:"sessions"`
}

// Accompanist is the person who accompanies a candidate without a
// driving school on the day of the test.
type Accompanist struct {
	// Name is the person's full name.
	Name string `json:"name"`
	// LicenceSince is the day they obtained category B, "YYYY-MM-DD": 5
	// years at least before the test.
	LicenceSince string `json:"licence_since"`
	// DualControl is the candidate's commitment to come with a
	// dual-control car.
	DualControl bool `json:"dual_control"`
}

// BookingRequest is the body of POST /api/v1/exams/bookings.
type BookingRequest struct {
	// Session is the ExamSession.ID to book.
	Session string `json:"session"`
	// Accompanist is required of a candidate without a driving school.
	Accompanist *Accompanist `json:"accompanist,omitempty"`
}

// ExamBooking is a pending booking: the answer of POST
// /api/v1/exams/bookings (201), and ExamFile.Booking. It is the
// convocation.
type ExamBooking struct {
	// ID names the booking in DELETE /api/v1/exams/bookings/{id}.
	ID string `json:"id"`
	// Session is the session booked.
	Session ExamSession `json:"session"`
	// Accompanist is the person declared, if any.
	Accompanist *Accompanist `json:"accompanist,omitempty"`
	// Bring lists, in French, what to bring on the day.
	Bring []string `json:"bring"`
	// Cancel says what cancelling now would cost, before the person
	// confirms.
	Cancel CancelCost `json:"cancel"`
	// Calendar is the path of the convocation as an iCalendar file.
	Calendar string `json:"calendar"`
}

// CancelCost is what cancelling a booking now would cost.
type CancelCost struct {
	// Late is true less than 7 days before the test: the next booking is
	// delayed.
	Late bool `json:"late"`
	// BookFrom is the first day a new booking would be possible.
	BookFrom *points.Date `json:"book_from,omitempty"`
	// Message says it in French (« vous ne pourrez pas réserver avant
	// le … »).
	Message string `json:"message"`
}
