package api

import (
	"time"

	"mespoints/points"
)

// Error is the body of every error answer of the API: a stable code the
// app acts on, and a message in French the app may show as it is.
type Error struct {
	// Code says what went wrong, for the app: one of the Code constants.
	Code Code `json:"code"`
	// Message says it to the person, in French, with what to do next.
	Message string `json:"message"`
	// RetryAfter is, with CodeLocked, the number of seconds until the
	// person may try to link a dossier again, and with CodeUnavailable
	// until trying again makes sense (also in the Retry-After header).
	RetryAfter int `json:"retry_after,omitempty"`
	// Until is, with CodeLocked only, when the lock ends (RFC 3339).
	Until time.Time `json:"until,omitzero"`
	// TriesLeft is, with CodeLinkFailed only, how many more wrong answers
	// the account may give before linking is locked (at least 1: the
	// wrong answer that locks gets CodeLocked instead).
	TriesLeft int `json:"tries_left,omitempty"`
	// From is, with the refusals of a booking, the first day a booking
	// becomes possible, when one is known ("YYYY-MM-DD"); the message
	// says it too.
	From *points.Date `json:"from,omitempty"`
}

// Code is the stable code of an error of the API. The codes never change
// meaning; the HTTP status of each is Status.
type Code string

// The codes of the API's errors.
const (
	// CodeNotSignedIn: the request carried no session cookie: the person
	// never signed in on this device, or signed out. 401.
	CodeNotSignedIn Code = "not_signed_in"
	// CodeSessionExpired: the request carried a session cookie that opens
	// no live session (it expired, was signed out elsewhere, or the
	// account was deleted). The person must sign in again. 401.
	CodeSessionExpired Code = "session_expired"
	// CodeNotLinked: the account is linked to no dossier yet; the person
	// links it with the dossier number and date of birth. 409.
	CodeNotLinked Code = "not_linked"
	// CodeNoLicence: the dossier is a candidate's, with no licence yet, so
	// no balance to compute. 409.
	CodeNoLicence Code = "no_licence"
	// CodeDossierMissing: the linked dossier is no longer in the registry
	// copy, for now. 404.
	CodeDossierMissing Code = "dossier_missing"
	// CodeInvalidRequest: the request's body is malformed or a value is out
	// of range; the message says which. 400.
	CodeInvalidRequest Code = "invalid_request"
	// CodeLinkFailed: no dossier has this number with this date of birth.
	// One answer whichever of the two is wrong. 422.
	CodeLinkFailed Code = "link_failed"
	// CodeLocked: too many wrong answers to the linking form (or to its
	// code), from the account or from the address, or too many codes sent
	// for one dossier; linking is refused until Error.Until, see also
	// Error.RetryAfter. 429.
	CodeLocked Code = "locked"
	// CodeDossierTaken: the dossier is already linked to another account
	// of the same sign-in provider. The message says what to do: sign in
	// with FranceConnect, which links the holder at once and detaches the
	// other licence account. 409.
	CodeDossierTaken Code = "dossier_taken"
	// CodeAlreadyLinked: the account is already linked to a dossier; it
	// must be unlinked first. 409.
	CodeAlreadyLinked Code = "already_linked"
	// CodeCrossOrigin: a request that changes something came from another
	// site, and is refused. 403.
	CodeCrossOrigin Code = "cross_origin"
	// CodeNotFound: no route of the API at this path. 404.
	CodeNotFound Code = "not_found"
	// CodeMethodNotAllowed: the route does not take this method (the Allow
	// header lists those it takes). 405.
	CodeMethodNotAllowed Code = "method_not_allowed"
	// CodeInternal: the server failed; trying again later may work. 500.
	CodeInternal Code = "internal"
	// CodeUnavailable: the state shared by the servers cannot answer now;
	// nothing was changed. Try again after the Retry-After header. 503.
	CodeUnavailable Code = "unavailable"
	// CodeIdentityMismatch: a FranceConnect sign-in asked to link a
	// dossier whose holder is not the person FranceConnect identified.
	// The message says who FranceConnect identified, never the holder. 403.
	CodeIdentityMismatch Code = "identity_mismatch"
	// CodeNoContact: the registry holds no e-mail address for the
	// dossier's holder, so no code can prove a licence-account link; the
	// person signs in with FranceConnect, or asks the préfecture. 409.
	CodeNoContact Code = "no_contact"
	// CodeCodeExpired: POST /api/v1/link/confirm with no code pending (it
	// expired after 15 minutes, was used, or none was sent): start the
	// link again. 409.
	CodeCodeExpired Code = "code_expired"
	// CodeLinkNotProven: removing another account's link needs a link of
	// one's own proven by FranceConnect or by a code sent by e-mail. 403.
	CodeLinkNotProven Code = "link_not_proven"
	// CodeFranceConnectRequired: the relevé d'information intégral is
	// only given to a session opened with FranceConnect (eidas1 or
	// higher); the message says to sign in with it. 403.
	CodeFranceConnectRequired Code = "franceconnect_required"
	// CodeShareNotFound: no share code of the person's has this id. 404.
	CodeShareNotFound Code = "share_not_found"
	// CodeTooManyShares: the person already has as many live share codes
	// as allowed; revoke one first. 409.
	CodeTooManyShares Code = "too_many_shares"
	// CodeNoCEPC: the dossier has no certificate of a passed practical
	// test (CEPC) to give: no pass, its result not yet published, the
	// licence already in the registry, or its 4 months over; the message
	// says which. 409.
	CodeNoCEPC Code = "no_cepc"

	// The refusals of a booking of the practical test (POST
	// /api/v1/exams/bookings), each with a French message that says why
	// and, in Error.From, from which day a booking becomes possible when
	// one is known. 409.

	// CodeNotCandidate: the person has no test to book (the practical
	// test is passed, or they hold category B). 409.
	CodeNotCandidate Code = "not_candidate"
	// CodeCodeNotValid: no passed theory test, or it will not be valid on
	// the day of the test. 409.
	CodeCodeNotValid Code = "code_not_valid"
	// CodeTooSoon: a wait of the arrêté du 27 avril 2021 (RdvPermis) is
	// not over, or a result is not yet published; see From. 409.
	CodeTooSoon Code = "too_soon"
	// CodeAlreadyBooked: a booking is pending; one at a time. 409.
	CodeAlreadyBooked Code = "already_booked"
	// CodeFull: no place left in the session. 409.
	CodeFull Code = "full"
	// CodeSessionPast: the session is today or over. 409.
	CodeSessionPast Code = "session_past"
	// CodeAccompanistInvalid: a candidate without a driving school did not
	// declare an accompanying person holding category B for 5 years on the
	// day of the test, or a dual-control car. 409.
	CodeAccompanistInvalid Code = "accompanist_invalid"
	// CodeSessionUnavailable: the session is held after a consistency
	// check of its places; choose another. 409.
	CodeSessionUnavailable Code = "session_unavailable"
	// CodeExamPast: the test of the booking to cancel has taken place.
	// 409.
	CodeExamPast Code = "exam_past"
	// CodeSessionNotFound: no such session in the catalogue. 404.
	CodeSessionNotFound Code = "session_not_found"
	// CodeBookingNotFound: the person has no pending booking with this
	// identifier. 404.
	CodeBookingNotFound Code = "booking_not_found"
)

// Codes returns every code of the API, in the order above.
func Codes() []Code {
	return []Code{CodeNotSignedIn, CodeNotLinked, CodeNoLicence, CodeDossierMissing, CodeInvalidRequest, CodeLinkFailed,
		CodeLocked, CodeDossierTaken, CodeAlreadyLinked, CodeCrossOrigin, CodeNotFound, CodeMethodNotAllowed, CodeInternal,
		CodeSessionExpired, CodeUnavailable, CodeIdentityMismatch, CodeNoContact, CodeCodeExpired, CodeLinkNotProven,
		CodeFranceConnectRequired, CodeShareNotFound, CodeTooManyShares, CodeNoCEPC,
		CodeNotCandidate, CodeCodeNotValid, CodeTooSoon, CodeAlreadyBooked, CodeFull, CodeSessionPast,
		CodeAccompanistInvalid, CodeSessionUnavailable, CodeExamPast, CodeSessionNotFound, CodeBookingNotFound}
}

// Status returns the HTTP status the server answers with the code: 500 for
// a code that is not one of the API's.
func (c Code) Status() int {
	switch c {
	case CodeInvalidRequest:
		return 400
	case CodeNotSignedIn, CodeSessionExpired:
		return 401
	case CodeCrossOrigin, CodeIdentityMismatch, CodeLinkNotProven, CodeFranceConnectRequired:
		return 403
	case CodeDossierMissing, CodeNotFound, CodeShareNotFound, CodeSessionNotFound, CodeBookingNotFound:
		return 404
	case CodeMethodNotAllowed:
		return 405
	case CodeNotLinked, CodeNoLicence, CodeDossierTaken, CodeAlreadyLinked, CodeNoContact, CodeCodeExpired, CodeTooManyShares, CodeNoCEPC,
		CodeNotCandidate, CodeCodeNotValid, CodeTooSoon, CodeAlreadyBooked, CodeFull, CodeSessionPast,
		CodeAccompanistInvalid, CodeSessionUnavailable, CodeExamPast:
		return 409
	case CodeLinkFailed:
		return 422
	case CodeLocked:
		return 429
	case CodeUnavailable:
		return 503
	}
	return 500
}
