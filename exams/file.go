package exams

import "mespoints/points"

// File is a candidate's exam file as the registry holds it: the theory
// test sittings, the practical test sittings, and the bookings of the
// past that delay a new booking (a late cancellation, a no-show). It is
// the optional "exams" part of a registry record.
type File struct {
	// School is the driving school that presents the candidate; empty for
	// a candidate without one (candidat libre), who must declare an
	// accompanying person to book.
	School string `json:"school,omitempty"`
	// Code are the sittings of the theory test, in any order.
	Code []CodeSitting `json:"code,omitempty"`
	// Practical are the sittings of the practical test, in any order.
	Practical []PracticalSitting `json:"practical,omitempty"`
	// Bookings are the past bookings the registry knows of that delay a
	// new one.
	Bookings []PastBooking `json:"bookings,omitempty"`
}

// CodeSitting is one sitting of the theory test.
type CodeSitting struct {
	// Date is the day of the sitting.
	Date points.Date `json:"date"`
	// Centre is the approved centre where it took place ("La Poste —
	// Toulouse Saint-Cyprien").
	Centre string `json:"centre"`
	// Score is the number of correct answers, out of CodeQuestions.
	Score int `json:"score"`
}

// Passed tells whether the sitting passed the test.
func (s CodeSitting) Passed() bool { return s.Score >= CodePassMark }

// PracticalSitting is one sitting of the practical test, category B.
type PracticalSitting struct {
	// At is the day and time of the test.
	At points.DateTime `json:"at"`
	// Centre is the exam centre.
	Centre string `json:"centre"`
	// Total is the points of the evaluation grid, out of PracticalMax.
	Total int `json:"total"`
	// Eliminatory tells whether the examiner noted an eliminatory fault.
	Eliminatory bool `json:"eliminatory,omitempty"`
}

// Passed tells whether the sitting passed the test: at least
// PracticalPassMark points and no eliminatory fault.
func (s PracticalSitting) Passed() bool {
	return s.Total >= PracticalPassMark && !s.Eliminatory
}

// ResultFrom is when the result is published: ResultDelayMinutes after
// the test. Before, the result is not shown.
func (s PracticalSitting) ResultFrom() points.DateTime {
	return s.At + ResultDelayMinutes
}

// Outcome is what became of a past booking that delays a new one.
type Outcome string

// The outcomes of a past booking that delay a new one.
const (
	// LateCancellation is a booking cancelled less than LateNoticeDays
	// before the test without a serious reason.
	LateCancellation Outcome = "late_cancellation"
	// NoShow is a test the candidate did not come to without a serious
	// reason.
	NoShow Outcome = "no_show"
)

// PastBooking is a booking of the past that delays a new one.
type PastBooking struct {
	// Exam is the day the test was to take place.
	Exam points.Date `json:"exam"`
	// Outcome is what became of it.
	Outcome Outcome `json:"outcome"`
}

// Empty tells whether the file holds nothing.
func (f File) Empty() bool {
	return f.School == "" && len(f.Code) == 0 && len(f.Practical) == 0 && len(f.Bookings) == 0
}
