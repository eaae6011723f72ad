package api

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"slices"
	"strings"
	"time"

	wire "mespoints/api"
	"mespoints/exams"
	"mespoints/points"
	"mespoints/server/booking"
	"mespoints/server/documents"
	"mespoints/server/store"
)

// sessionsWeeks is how far GET /api/v1/exams/sessions lists.
const sessionsWeeks = 8

// The errors of the exam routes that are not refusals of the rules.
var (
	errNoExams = wire.Error{Code: wire.CodeNotCandidate,
		Message: "Votre dossier ne contient aucun examen du permis de conduire : il n'y a rien à réserver."}
	errHoldsB = wire.Error{Code: wire.CodeNotCandidate,
		Message: "Vous êtes déjà titulaire du permis B : il n'y a pas d'examen de la catégorie B à réserver."}
	errSessionNotFound = wire.Error{Code: wire.CodeSessionNotFound,
		Message: "Cette session d'examen n'existe pas ou n'est plus proposée : choisissez-en une autre."}
	errBookingNotFound = wire.Error{Code: wire.CodeBookingNotFound,
		Message: "Vous n'avez pas de réservation en cours avec cette référence."}
	errExamPast = wire.Error{Code: wire.CodeExamPast,
		Message: "Cet examen a déjà eu lieu : la réservation ne peut plus être annulée."}
	errSessionHeld = wire.Error{Code: wire.CodeSessionUnavailable,
		Message: "Cette session est momentanément indisponible à la réservation : choisissez-en une autre."}
)

// examView is what an exam route works on: the registry's exam file with
// the late cancellations made here, the candidate's shared state, and
// the rules' reading of them now.
type examView struct {
	view
	file      exams.File
	candidate booking.Candidate
	standing  exams.Standing
	minute    points.DateTime
	// taken is the places taken of the pending booking's session.
	taken int
}

// examRoute is a dossier route that needs the booking service and an
// exam file: a licence holder whose dossier has none gets 409
// not_candidate.
func (h *Handler) examRoute(next func(w http.ResponseWriter, r *http.Request, ev examView)) http.HandlerFunc {
	return h.dossierRoute(func(w http.ResponseWriter, r *http.Request, v view) {
		if h.booking == nil {
			w.Header().Set("Retry-After", retryAfter)
			writeError(w, errUnavailable)
			return
		}
		if v.rec.Licence != nil && v.rec.Exams == nil {
			writeError(w, errNoExams)
			return
		}
		c, err := h.booking.Candidate(r.Context(), v.rec.NEPH)
		if err != nil {
			h.internal(w, r, err)
			return
		}
		var f exams.File
		if v.rec.Exams != nil {
			f = *v.rec.Exams
		}
		f = c.AddTo(f)
		minute := minuteOf(v.now)
		ev := examView{view: v, file: f, candidate: c, standing: exams.Assess(f, minute), minute: minute}
		if p := c.PendingOn(v.today); p != nil {
			if ev.taken, err = h.booking.Taken(r.Context(), p.Session.ID); err != nil {
				h.internal(w, r, err)
				return
			}
		}
		next(w, r, ev)
	})
}

// minuteOf is the instant t (Paris time) to the minute.
func minuteOf(t time.Time) points.DateTime {
	return points.NewDateTime(points.DateOf(t), t.Hour(), t.Minute())
}

// holdsB tells whether the dossier's licence has category B (a licence
// that lists no category is taken as a B licence).
func holdsB(rec store.Record) bool {
	l := rec.Licence
	if l == nil {
		return false
	}
	return len(l.Categories) == 0 || slices.ContainsFunc(l.Categories, func(c store.Category) bool { return c.Category == "B" })
}

// refusalOf is a refusal of the rules as the API answers it.
func refusalOf(r exams.Refusal) wire.Error {
	e := wire.Error{Code: wire.Code(r.Code), Message: r.Message}
	if r.From != 0 {
		from := r.From
		e.From = &from
	}
	return e
}

// check asks the rules whether the candidate may book a test at session
// now.
func (ev examView) check(c booking.Candidate, session points.DateTime, acc *exams.Accompanist) *exams.Refusal {
	if holdsB(ev.rec) {
		return &exams.Refusal{Code: exams.RefusedNotCandidate, Message: errHoldsB.Message}
	}
	var f exams.File
	if ev.rec.Exams != nil {
		f = *ev.rec.Exams
	}
	f = c.AddTo(f)
	var pending points.DateTime
	if p := c.PendingOn(ev.today); p != nil {
		pending = p.Session.At
	}
	return exams.Assess(f, ev.minute).CheckBooking(f, exams.Request{Session: session, Pending: pending, Accompanist: acc, Birthdate: ev.rec.Holder.Birthdate})
}

// examFile answers GET /api/v1/exams.
func (h *Handler) examFile(w http.ResponseWriter, r *http.Request, ev examView) {
	writeJSON(w, r, h.fileOf(ev), nil, false)
}

// fileOf is the candidate's exam file as the API gives it.
func (h *Handler) fileOf(ev examView) wire.ExamFile {
	s, f := ev.standing, ev.file
	out := wire.ExamFile{At: ev.minute, School: f.School, Free: f.School == "",
		Results: exams.Results(f, ev.minute),
		Code: wire.ExamCode{Text: exams.CodeText(s.CodeValidUntil, ev.today), Passed: s.Code != nil, Valid: s.CodeValidOn(ev.today),
			Presentations: "Le code est valable 5 ans, quel que soit le nombre de présentations à l'examen de conduite : la limite de 5 présentations a été supprimée en 2022.",
			Source:        exams.SourceETGValidity.Text},
		CodeSittings: []wire.CodeSitting{}, PracticalSittings: []wire.PracticalSitting{}}
	if s.Code != nil {
		until := s.CodeValidUntil
		out.Code.ValidUntil = &until
	}
	for _, c := range f.Code {
		out.CodeSittings = append(out.CodeSittings, wire.CodeSitting{Date: c.Date, Centre: c.Centre, Score: c.Score, Passed: c.Passed()})
	}
	slices.SortStableFunc(out.CodeSittings, func(a, b wire.CodeSitting) int { return int(b.Date - a.Date) })
	for _, p := range f.Practical {
		ps := wire.PracticalSitting{At: p.At, Centre: p.Centre, ResultFrom: p.ResultFrom(), Published: p.ResultFrom() <= ev.minute}
		if ps.Published {
			total := p.Total
			ps.Total, ps.Passed, ps.Eliminatory = &total, p.Passed(), p.Eliminatory
		}
		out.PracticalSittings = append(out.PracticalSittings, ps)
	}
	slices.SortStableFunc(out.PracticalSittings, func(a, b wire.PracticalSitting) int { return int(b.At - a.At) })
	if until := s.CEPCValidUntil(); until != 0 {
		out.CEPC = &wire.CEPC{Date: s.Passed.At.Date(), ValidUntil: until, Source: exams.SourceCEPC.Text}
		if _, refusal := documents.CEPCFor(ev.rec, ev.now); refusal == nil {
			out.CEPC.Valid, out.CEPC.URL = true, documentURLs[documents.CEPC]
		}
	}
	var pending points.DateTime
	if p := ev.candidate.PendingOn(ev.today); p != nil {
		b := h.bookingOf(*p, ev, p.Session.Places-ev.taken)
		out.Booking, pending = &b, p.Session.At
	}
	if s.BookFrom != 0 {
		from := s.BookFrom
		out.BookFrom, out.BookWhy = &from, s.Why()
	}
	// What a booking of a test tomorrow at noon would get now.
	if r := ev.check(ev.candidate, points.NewDateTime(ev.today.AddDays(1), 12, 0), &exams.Accompanist{Name: "Accompagnateur", LicenceSince: points.NewDate(1950, 1, 1), DualControl: true}); r != nil {
		e := refusalOf(*r)
		out.Refusal = &e
	}
	out.Next = s.Next(f, pending)
	return out
}

// bookingOf is a booking as the API gives it: the convocation, with what
// cancelling now would cost; left is the session's places left.
func (h *Handler) bookingOf(b booking.Booking, ev examView, left int) wire.ExamBooking {
	cost := exams.CancelCost(ev.file, b.Session.At, ev.minute)
	out := wire.ExamBooking{ID: b.ID, Session: sessionOf(b.Session, left),
		Cancel:   wire.CancelCost{Late: cost.Late, Message: cost.Message},
		Calendar: "/api/v1/exams/bookings/" + b.ID + "/convocation.ics",
		Bring:    []string{"une pièce d'identité en cours de validité", "cette convocation, sur votre téléphone ou imprimée"},
	}
	if cost.BookFrom != 0 {
		from := cost.BookFrom
		out.Cancel.BookFrom = &from
	}
	if a := b.Accompanist; a != nil {
		out.Accompanist = &wire.Accompanist{Name: a.Name, LicenceSince: a.LicenceSince.String(), DualControl: a.DualControl}
		out.Bring = append(out.Bring, "la personne qui vous accompagne ("+a.Name+"), avec son permis de conduire",
			"le véhicule à double commande, avec son certificat d'immatriculation et son attestation d'assurance")
	}
	return out
}

// sessionOf is a session as the API gives it, with its places left.
func sessionOf(s booking.Session, left int) wire.ExamSession {
	c := s.Centre
	return wire.ExamSession{ID: s.ID, At: s.At, When: exams.LongWhen(s.At), Label: exams.LongWhen(s.At) + " — " + exams.PlacesLeft(left),
		Places: s.Places, Left: max(left, 0),
		Centre: wire.ExamCentre{ID: c.ID, Name: c.Name, Address: c.Address, Departement: c.Departement}}
}

// examSessions answers GET /api/v1/exams/sessions?departement=31&from=…:
// the sessions of a département from a day (tomorrow at the earliest) for
// sessionsWeeks weeks, with their places left.
func (h *Handler) examSessions(w http.ResponseWriter, r *http.Request, ev examView) {
	q := r.URL.Query()
	dep := q.Get("departement")
	from := ev.today.AddDays(1)
	if s := q.Get("from"); s != "" {
		d, err := points.ParseDate(s)
		if err != nil {
			writeError(w, invalid("Le paramètre from doit être une date AAAA-MM-JJ."))
			return
		}
		from = max(from, d)
	}
	out, known, err := h.sessionsFrom(r.Context(), dep, from)
	if err != nil {
		h.internal(w, r, err)
		return
	}
	if dep != "" && !known {
		writeError(w, invalid("Aucun centre d'examen n'est proposé dans ce département : choisissez-en un de la liste."))
		return
	}
	writeJSON(w, r, out, nil, false)
}

// sessionsFrom is the catalogue of département dep from day from for
// sessionsWeeks weeks, with the places left; known is false when dep is
// none of the catalogue's départements.
func (h *Handler) sessionsFrom(ctx context.Context, dep string, from points.Date) (wire.ExamSessions, bool, error) {
	out := wire.ExamSessions{Departement: dep, From: from, Departements: []wire.Departement{}, Centres: []wire.ExamCentre{}, Sessions: []wire.ExamSession{}}
	l, err := h.booking.Sessions(ctx, dep, from, from.AddDays(7*sessionsWeeks-1))
	if err != nil {
		return out, false, err
	}
	known := false
	for _, d := range l.Departements {
		out.Departements = append(out.Departements, wire.Departement{Code: d.Code, Name: d.Name})
		known = known || d.Code == dep
	}
	for _, c := range l.Centres {
		out.Centres = append(out.Centres, wire.ExamCentre{ID: c.ID, Name: c.Name, Address: c.Address, Departement: c.Departement})
	}
	for _, s := range l.Sessions {
		out.Sessions = append(out.Sessions, sessionOf(s, s.Places-l.Taken[s.ID]))
	}
	return out, known, nil
}

// book answers POST /api/v1/exams/bookings: 201 and the convocation, or
// the refusal.
func (h *Handler) book(w http.ResponseWriter, r *http.Request, ev examView) {
	var req wire.BookingRequest
	if err := decodeBody(w, r, &req); err != nil {
		writeError(w, invalid("La demande doit être un objet JSON {\"session\": \"…\", \"accompanist\": {…}}."))
		return
	}
	var acc *exams.Accompanist
	if a := req.Accompanist; a != nil {
		since, err := points.ParseDate(a.LicenceSince)
		if err != nil && a.LicenceSince != "" {
			writeError(w, invalid("La date d'obtention du permis de la personne qui vous accompagne doit être une date valide."))
			return
		}
		acc = &exams.Accompanist{Name: strings.TrimSpace(a.Name), LicenceSince: since, DualControl: a.DualControl}
	}
	if ev.file.School != "" {
		acc = nil // presented by a driving school: no accompanist to declare
	}
	b, err := h.booking.Book(r.Context(), ev.rec.NEPH, req.Session, acc, ev.now, func(s booking.Session, c booking.Candidate) *exams.Refusal {
		return ev.check(c, s.At, acc)
	})
	var refused *booking.RefusedError
	switch {
	case errors.As(err, &refused):
		writeError(w, refusalOf(refused.Refusal))
	case errors.Is(err, booking.ErrFull):
		today := ev.today
		writeError(w, wire.Error{Code: wire.CodeFull, From: &today,
			Message: "Il ne reste plus de place à cet examen : choisissez une autre date ou un autre centre, vous pouvez réserver dès maintenant."})
	case errors.Is(err, booking.ErrUnknownSession):
		writeError(w, errSessionNotFound)
	case errors.Is(err, booking.ErrHeld):
		writeError(w, errSessionHeld)
	case err != nil:
		h.internal(w, r, err)
	default:
		out := h.bookingOf(b, ev, b.Left)
		body, err := json.Marshal(out)
		if err != nil {
			h.internal(w, r, err)
			return
		}
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.Header().Set("Location", out.Calendar)
		w.WriteHeader(http.StatusCreated)
		w.Write(body)
	}
}

// cancel answers DELETE /api/v1/exams/bookings/{id}: the place is given
// back, and the answer is the exam file after it.
func (h *Handler) cancel(w http.ResponseWriter, r *http.Request, ev examView) {
	_, _, err := h.booking.Cancel(r.Context(), ev.rec.NEPH, r.PathValue("id"), ev.today, func(exam points.DateTime) bool {
		return exams.CancelCost(ev.file, exam, ev.minute).Late
	})
	switch {
	case errors.Is(err, booking.ErrNoBooking):
		writeError(w, errBookingNotFound)
		return
	case errors.Is(err, booking.ErrExamPast):
		writeError(w, errExamPast)
		return
	case err != nil:
		h.internal(w, r, err)
		return
	}
	c, err := h.booking.Candidate(r.Context(), ev.rec.NEPH)
	if err != nil {
		h.internal(w, r, err)
		return
	}
	var f exams.File
	if ev.rec.Exams != nil {
		f = *ev.rec.Exams
	}
	f = c.AddTo(f)
	after := examView{view: ev.view, file: f, candidate: c, standing: exams.Assess(f, ev.minute), minute: ev.minute}
	if p := c.PendingOn(ev.today); p != nil {
		if after.taken, err = h.booking.Taken(r.Context(), p.Session.ID); err != nil {
			h.internal(w, r, err)
			return
		}
	}
	writePlain(w, h.fileOf(after))
}
