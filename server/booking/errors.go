package booking

import (
	"errors"

	"mespoints/exams"
)

var (
	// ErrFull is a booking refused because the session has no place left.
	ErrFull = errors.New("booking: no place left")
	// ErrUnknownSession is a booking of a session the catalogue does not
	// hold.
	ErrUnknownSession = errors.New("booking: no such session")
	// ErrNoBooking is a booking the candidate does not have pending.
	ErrNoBooking = errors.New("booking: no such booking")
	// ErrExamPast is the cancellation of a booking whose test has taken
	// place.
	ErrExamPast = errors.New("booking: the test has taken place")
	// ErrHeld is a booking refused on a session whose counter disagreed
	// with its bookings at start-up (see Service.Check).
	ErrHeld = errors.New("booking: session held after a consistency check")
	// ErrInconsistent is a state the transactions cannot produce (a
	// pending booking missing, a counter below its bookings): nothing was
	// written.
	ErrInconsistent = errors.New("booking: inconsistent shared state")
)

// RefusedError is a booking the rules refuse (package exams): the
// refusal says why and from when.
type RefusedError struct {
	// Refusal is the rules' answer.
	Refusal exams.Refusal
}

// Error returns the refusal's code.
func (e *RefusedError) Error() string { return "booking refused: " + e.Refusal.Code }
