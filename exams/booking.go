package exams

import (
	"strings"

	"mespoints/points"
)

// The stable codes of a refused booking, those of the data API.
const (
	// RefusedNotCandidate: the practical test is passed; nothing to book.
	RefusedNotCandidate = "not_candidate"
	// RefusedCodeNotValid: no passed theory test, or it will no longer be
	// valid on the day of the test.
	RefusedCodeNotValid = "code_not_valid"
	// RefusedTooSoon: a wait of Waits (or an unpublished result) is not
	// over; Refusal.From says when it is.
	RefusedTooSoon = "too_soon"
	// RefusedAlreadyBooked: a booking is pending; one at a time.
	RefusedAlreadyBooked = "already_booked"
	// RefusedSessionPast: the test is today or has taken place.
	RefusedSessionPast = "session_past"
	// RefusedAccompanist: a candidate without a driving school did not
	// declare an accompanying person who qualifies, or a dual-control car.
	RefusedAccompanist = "accompanist_invalid"
)

// Refusal is a booking refused: a stable code, the first day a booking
// becomes possible when one is known, and a French sentence that says
// both.
type Refusal struct {
	// Code is one of the Refused constants.
	Code string
	// From is the first day a booking is possible, 0 when no day is known
	// (no valid code yet, a booking pending).
	From points.Date
	// Message says why, and from when, in French.
	Message string
}

// Accompanist is the person who accompanies a candidate without a
// driving school on the day of the test.
type Accompanist struct {
	// Name is the person's name.
	Name string
	// LicenceSince is the day they obtained category B.
	LicenceSince points.Date
	// DualControl is the candidate's commitment to come with a
	// dual-control car.
	DualControl bool
}

// Request is a booking asked for.
type Request struct {
	// Session is the day and time of the test.
	Session points.DateTime
	// Pending is the day and time of the candidate's pending booking, 0
	// when none.
	Pending points.DateTime
	// Accompanist is the accompanying person declared, nil if none.
	Accompanist *Accompanist
}

// CheckBooking tells whether the candidate of file f, standing s, may book
// r now, and if not why: nil when they may. Whether a place is left is
// not its business.
func (s Standing) CheckBooking(f File, r Request) *Refusal {
	today := s.Today()
	switch {
	case s.Passed != nil:
		return &Refusal{Code: RefusedNotCandidate, Message: "Vous avez réussi l'examen de conduite le " + s.Passed.At.Date().French() + " : il n'y a plus d'examen à réserver."}
	case s.Unpublished != nil:
		from := s.Unpublished.ResultFrom()
		return &Refusal{Code: RefusedTooSoon, From: from.Date(), Message: "Le résultat de votre examen du " + s.Unpublished.At.Date().French() +
			" sera publié le " + WhenText(from) + " ; le jour à partir duquel vous pourrez réserver en dépend. Vous ne pouvez pas réserver avant le " + from.Date().French() + "."}
	case r.Pending != 0 && r.Pending.Date() >= today:
		return &Refusal{Code: RefusedAlreadyBooked, Message: "Vous avez déjà une réservation : examen le " + WhenText(r.Pending) +
			". Une seule réservation à la fois : annulez-la d'abord pour en choisir une autre."}
	case s.Code == nil:
		return &Refusal{Code: RefusedCodeNotValid, Message: "Pour réserver une place à l'examen de conduite, il faut d'abord réussir l'épreuve du code (au moins 35 bonnes réponses sur 40). " +
			"Vous pourrez réserver 2 jours après votre réussite."}
	case s.CodeValidUntil < today || s.BookFrom > s.CodeValidUntil:
		return &Refusal{Code: RefusedCodeNotValid, Message: "Votre code n'est plus valable depuis le " + s.CodeValidUntil.AddDays(1).French() +
			" (il l'est 5 ans après sa réussite) : repassez l'épreuve du code. Vous pourrez réserver 2 jours après votre réussite."}
	case today < s.BookFrom:
		return &Refusal{Code: RefusedTooSoon, From: s.BookFrom, Message: "Vous ne pourrez pas réserver avant le " + s.BookFrom.French() + " : " +
			s.Binding.Rule + " (" + s.BindingDetail + " ; arrêté du 27 avril 2021, article 3)."}
	case r.Session.Date() <= today:
		return &Refusal{Code: RefusedSessionPast, From: today, Message: "Cet examen a lieu aujourd'hui ou a déjà eu lieu : choisissez un examen à partir de demain."}
	case !s.CodeValidOn(r.Session.Date()):
		return &Refusal{Code: RefusedCodeNotValid, From: today, Message: "Votre code n'est valable que jusqu'au " + s.CodeValidUntil.French() +
			" : choisissez un examen au plus tard ce jour-là."}
	}
	if f.School == "" {
		if msg := checkAccompanist(r.Accompanist, r.Session.Date()); msg != "" {
			return &Refusal{Code: RefusedAccompanist, From: today, Message: msg}
		}
	}
	return nil
}

// checkAccompanist says what is wrong with the accompanying person
// declared for a test on day, or "" when they qualify.
func checkAccompanist(a *Accompanist, day points.Date) string {
	const who = "Sans auto-école, vous devez déclarer la personne qui vous accompagnera le jour de l'examen"
	switch {
	case a == nil || len([]rune(strings.TrimSpace(a.Name))) < 2:
		return who + " : indiquez son nom."
	case a.LicenceSince == 0:
		return who + " : indiquez la date d'obtention de son permis B."
	case a.LicenceSince.AddYears(AccompanistYears) > day:
		return "La personne qui vous accompagne doit être titulaire du permis B depuis au moins 5 ans le jour de l'examen : avec un permis obtenu le " +
			a.LicenceSince.French() + ", elle le sera le " + a.LicenceSince.AddYears(AccompanistYears).French() + "."
	case !a.DualControl:
		return "Sans auto-école, vous devez vous engager à venir avec un véhicule à double commande."
	}
	return ""
}

// Cost is what cancelling a booking would cost.
type Cost struct {
	// Late tells whether the cancellation comes less than LateNoticeDays
	// before the test.
	Late bool
	// BookFrom is the first day a new booking would be possible after
	// the cancellation (0 when none is: no valid code).
	BookFrom points.Date
	// Message says it in French, before the person confirms.
	Message string
}

// CancelCost says what cancelling at now the booking of a test at exam
// would cost the candidate of file f: nothing in time; a late one delays
// the next booking (Waits, AfterLateCancellation).
func CancelCost(f File, exam, now points.DateTime) Cost {
	late := int(exam.Date()-now.Date()) < LateNoticeDays
	after := f
	if late {
		after = f.WithLateCancellation(exam.Date())
	}
	s := Assess(after, now)
	c := Cost{Late: late, BookFrom: s.BookFrom}
	switch {
	case late:
		c.Message = "Annulation tardive (moins de 7 jours avant l'examen) : vous ne pourrez pas réserver avant le " + s.BookFrom.French() + "."
	case s.BookFrom > now.Date():
		c.Message = "Annulation sans frais : vous pourrez réserver une autre place à partir du " + s.BookFrom.French() + "."
	default:
		c.Message = "Annulation sans frais : vous pourrez réserver une autre place aussitôt."
	}
	return c
}

// WithLateCancellation returns the file with a late cancellation of the test
// at exam added, as the booking service records one before the registry
// knows of it.
func (f File) WithLateCancellation(exam points.Date) File {
	f.Bookings = append(append([]PastBooking(nil), f.Bookings...), PastBooking{Exam: exam, Outcome: LateCancellation})
	return f
}

// Next says in French what the candidate's next step is, given their
// pending booking (0 when none).
func (s Standing) Next(f File, pending points.DateTime) string {
	today := s.Today()
	switch {
	case s.Passed != nil:
		return "Examen réussi le " + s.Passed.At.Date().French() + " : votre certificat d'examen (CEPC) vous permet de conduire jusqu'au " +
			s.CEPCValidUntil().French() + ", en attendant votre permis."
	case s.Unpublished != nil:
		return "Le résultat de votre examen du " + s.Unpublished.At.Date().French() + " sera publié le " + WhenText(s.Unpublished.ResultFrom()) + "."
	case pending != 0 && pending.Date() >= today:
		return "Votre examen de conduite a lieu le " + WhenText(pending) + " : votre convocation est dans « Mes réservations »."
	case s.Code == nil:
		return "Prochaine étape : réussir l'épreuve du code (au moins 35 bonnes réponses sur 40), dans un centre agréé (La Poste, SGS, Dekra, Bureau Veritas…)."
	case s.CodeValidUntil < today || s.BookFrom > s.CodeValidUntil:
		return "Votre code n'est plus valable : prochaine étape, repasser l'épreuve du code."
	case today < s.BookFrom:
		return "Vous pourrez réserver une place à l'examen de conduite à partir du " + s.BookFrom.French() + "."
	}
	return "Prochaine étape : réserver une place à l'examen de conduite."
}
