package booking

import (
	"context"
	"fmt"
	"time"

	"mespoints/exams"
	"mespoints/points"
	"mespoints/server/kv"
)

// Rules decides whether the candidate, in state c, may book session;
// nil when they may. It runs inside the transaction, maybe several
// times, so it must only compute (package exams).
type Rules func(session Session, c Candidate) *exams.Refusal

// Book takes a place of session id for the candidate with this NEPH, in
// one transaction that reads the catalogue's generation, the session,
// its counter of places taken and the candidate's state, asks rules, and
// writes the booking, the counter and the candidate's state together.
// Errors: ErrUnknownSession, ErrHeld, ErrFull, a *RefusedError, or the
// shared store's (kv.ErrUnavailable).
func (s *Service) Book(ctx context.Context, neph, id string, acc *exams.Accompanist, now time.Time, rules Rules) (Booking, error) {
	if _, _, ok := parseSessionID(id); !ok {
		return Booking{}, ErrUnknownSession
	}
	if s.isHeld(id) {
		return Booking{}, ErrHeld
	}
	newID := s.NewID
	if newID == nil {
		newID = newBookingID
	}
	b := Booking{ID: newID(), Candidate: CandidateOf(neph), Booked: now.UTC(), Accompanist: acc}
	err := s.kv.Update(ctx, func(tx kv.Tx) error {
		return book(tx, &b, id, rules)
	})
	if err != nil {
		return Booking{}, err
	}
	return b, nil
}

// book is the booking transaction.
func book(tx kv.Tx, b *Booking, id string, rules Rules) error {
	gen, ok, err := tx.Get(keyCurrent)
	if err != nil {
		return err
	}
	if !ok {
		return ErrUnknownSession
	}
	var session Session
	if ok, err := getJSON(tx, sessionKey(string(gen), id), &session); err != nil {
		return err
	} else if !ok {
		return ErrUnknownSession
	}
	taken, err := getCount(tx, takenKey(id))
	if err != nil {
		return err
	}
	var c Candidate
	if _, err := getJSON(tx, candidateKeyOf(b.Candidate), &c); err != nil {
		return err
	}
	if rules != nil {
		if r := rules(session, c); r != nil {
			return &RefusedError{Refusal: *r}
		}
	}
	if taken >= session.Places {
		return ErrFull
	}
	b.Session, b.Left = session, session.Places-taken-1
	putCount(tx, takenKey(id), taken+1)
	if err := putJSON(tx, bookingKey(id, b.ID), b); err != nil {
		return err
	}
	c.Pending = b
	return putJSON(tx, candidateKeyOf(b.Candidate), c)
}

// lateKeptDays is how long a late cancellation made here is kept in the
// candidate's state: longer than any wait it causes.
const lateKeptDays = 60

// Cancel cancels the candidate's pending booking id on day today, in one
// transaction that gives the place back (counter and booking) and, when
// late(the test's time) says so, records a late cancellation in the
// candidate's state. It returns the booking cancelled and whether the
// cancellation was late. Errors: ErrNoBooking (not the candidate's
// pending booking), ErrExamPast, ErrInconsistent, or the shared store's.
func (s *Service) Cancel(ctx context.Context, neph, id string, today points.Date, late func(exam points.DateTime) bool) (Booking, bool, error) {
	if !isBookingID(id) {
		return Booking{}, false, ErrNoBooking
	}
	key := candidateKeyOf(CandidateOf(neph))
	var out Booking
	var wasLate bool
	err := s.kv.Update(ctx, func(tx kv.Tx) error {
		var c Candidate
		if _, err := getJSON(tx, key, &c); err != nil {
			return err
		}
		p := c.Pending
		switch {
		case p == nil || p.ID != id:
			return ErrNoBooking
		case p.Session.At.Date() < today:
			return ErrExamPast
		}
		sid := p.Session.ID
		if _, ok, err := tx.Get(bookingKey(sid, id)); err != nil {
			return err
		} else if !ok {
			return fmt.Errorf("%w: the pending booking of a candidate is missing", ErrInconsistent)
		}
		taken, err := getCount(tx, takenKey(sid))
		if err != nil {
			return err
		}
		if taken <= 0 {
			return fmt.Errorf("%w: session %s counts %d places taken with a booking", ErrInconsistent, sid, taken)
		}
		putCount(tx, takenKey(sid), taken-1)
		tx.Delete(bookingKey(sid, id))
		out, wasLate = *p, late(p.Session.At)
		c.Pending = nil
		kept := c.Late[:0:0]
		for _, d := range c.Late {
			if d.AddDays(lateKeptDays) >= today {
				kept = append(kept, d)
			}
		}
		if wasLate {
			kept = append(kept, p.Session.At.Date())
		}
		c.Late = kept
		if len(c.Late) == 0 {
			tx.Delete(key)
			return nil
		}
		return putJSON(tx, key, c)
	})
	if err != nil {
		return Booking{}, false, err
	}
	return out, wasLate, nil
}

// Taken returns the places taken of session id.
func (s *Service) Taken(ctx context.Context, id string) (int, error) { return s.count(ctx, id) }

// Pending returns the candidate's pending booking id on day today, with
// ErrNoBooking when they have no such booking.
func (s *Service) Pending(ctx context.Context, neph, id string, today points.Date) (Booking, error) {
	c, err := s.Candidate(ctx, neph)
	if err != nil {
		return Booking{}, err
	}
	p := c.PendingOn(today)
	if p == nil || p.ID != id {
		return Booking{}, ErrNoBooking
	}
	return *p, nil
}
