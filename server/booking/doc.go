// Package booking holds the places of the practical driving test and
// their bookings, in the state shared by the service's nodes (kv.Store):
// the catalogue of exam centres and sessions, a counter of the places
// taken of each session, the bookings, and each candidate's state (their
// pending booking, the late cancellations made here). Several nodes book
// the same places; "never overbooked" holds because a place is taken in
// one kv.Update that reads the session, its counter and the candidate's
// state, checks the candidate's rights (package exams) and the places
// left, and writes the booking, the counter and the candidate's state
// together.
//
// # Keys
//
//	exams/catalogue                         the current catalogue generation
//	exams/catalogues                        the generations kept (current and previous)
//	exams/cat/<gen>/departements            the départements of the catalogue
//	exams/cat/<gen>/c/<dep>/<centre>        a centre
//	exams/cat/<gen>/s/<session>             a session, its centre inlined
//	exams/taken/<session>                   places taken (a decimal number)
//	exams/bookings/<session>/<booking>      a booking
//	exams/candidates/<candidate>            a candidate's state (pending booking, late cancellations)
//
// A session's identifier is <dep>.<YYYY-MM-DD>.<centre>.<HHMM>
// ("31.2025-06-12.toulouse-lardenne.0830"): the keys of one département
// sort by day. A candidate's key is a hash of their NEPH; no NEPH is in
// a key or a value.
//
// An import of the catalogue (Import) writes a new generation, then flips
// exams/catalogue in one transaction: readers and bookings see the old
// catalogue or the new one, never half of each, whatever its size. The
// counters and bookings do not belong to a generation: they stay when the
// catalogue is imported again.
package booking
