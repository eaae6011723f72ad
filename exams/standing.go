package exams

import (
	"fmt"
	"strconv"

	"mespoints/points"
)

// Standing is where a candidate stands at one instant: the code and its
// validity, the practical test's published results, and the first day a
// booking is possible with the rule that sets it.
type Standing struct {
	// Now is the instant assessed.
	Now points.DateTime
	// Code is the latest passed sitting of the theory test, nil if none.
	Code *CodeSitting
	// CodeValidUntil is the last day the code lets the candidate take the
	// practical test (the day of the pass CodeValidityYears later: a delay
	// in years ends on the day with the same date); 0 without a pass.
	CodeValidUntil points.Date
	// Passed is the latest passed practical test whose result is
	// published, nil if none.
	Passed *PracticalSitting
	// Unpublished is the latest practical test whose result is not
	// published yet, nil if none.
	Unpublished *PracticalSitting
	// BookFrom is the first day a booking is possible, today at the
	// earliest; 0 when none is: no passed code, or the practical test is
	// passed.
	BookFrom points.Date
	// Binding is the wait that sets BookFrom, and BindingFrom the day it
	// counts from, BindingDetail what happened that day in French.
	Binding       Wait
	BindingFrom   points.Date
	BindingDetail string
}

// Assess returns the standing of the file f at now.
func Assess(f File, now points.DateTime) Standing {
	s := Standing{Now: now}
	for i, c := range f.Code {
		if c.Passed() && (s.Code == nil || c.Date > s.Code.Date) {
			s.Code = &f.Code[i]
		}
	}
	if s.Code != nil {
		s.CodeValidUntil = s.Code.Date.AddYears(CodeValidityYears)
		s.bind(WaitFor(AfterCodePass), s.Code.Date, "réussite au code le "+s.Code.Date.French())
	}
	for i, p := range f.Practical {
		switch {
		case p.ResultFrom() > now:
			if s.Unpublished == nil || p.At > s.Unpublished.At {
				s.Unpublished = &f.Practical[i]
			}
		case p.Passed():
			if s.Passed == nil || p.At > s.Passed.At {
				s.Passed = &f.Practical[i]
			}
		default:
			s.bind(WaitFor(failureCause(p.Total)), p.At.Date(),
				fmt.Sprintf("échec à l'examen du %s avec %s sur %d", p.At.Date().French(), pointsWord(p.Total), PracticalMax))
		}
	}
	for _, b := range f.Bookings {
		switch b.Outcome {
		case LateCancellation:
			s.bind(WaitFor(AfterLateCancellation), b.Exam, "annulation tardive de l'examen prévu le "+b.Exam.French())
		case NoShow:
			s.bind(WaitFor(AfterNoShow), b.Exam, "absence à l'examen du "+b.Exam.French())
		}
	}
	switch {
	case s.Code == nil || s.Passed != nil:
		s.BookFrom = 0
	case s.BookFrom < s.Today():
		s.BookFrom = s.Today()
	}
	return s
}

// bind keeps the wait w counted from day if it ends later than the one
// kept so far.
func (s *Standing) bind(w Wait, from points.Date, detail string) {
	if end := from.AddDays(w.Days); end > s.BookFrom || s.BindingDetail == "" {
		s.BookFrom, s.Binding, s.BindingFrom, s.BindingDetail = end, w, from, detail
	}
}

// Today is the day of Now.
func (s Standing) Today() points.Date { return s.Now.Date() }

// CodeValidOn tells whether the code lets the candidate take the
// practical test on day.
func (s Standing) CodeValidOn(day points.Date) bool {
	return s.Code != nil && day <= s.CodeValidUntil
}

// CEPCValidUntil is the last day the certificate of the passed practical
// test is a provisional licence, 0 without a published pass.
func (s Standing) CEPCValidUntil() points.Date {
	if s.Passed == nil {
		return 0
	}
	return s.Passed.At.Date().AddMonths(CEPCValidityMonths)
}

// Why says in French why a booking is possible from BookFrom and not
// before: the rule, what happened, and the text.
func (s Standing) Why() string {
	if s.BookFrom == 0 {
		return ""
	}
	return "Réservation possible " + s.Binding.Rule + " (" + s.BindingDetail + ") : " + s.Binding.Source.Text + "."
}

// pointsWord writes a total of the practical test: "1 point", "23 points".
func pointsWord(n int) string {
	if n < 2 {
		return strconv.Itoa(n) + " point"
	}
	return strconv.Itoa(n) + " points"
}

// timeText writes the time of day of t as 08:30.
func timeText(t points.DateTime) string {
	m := int64(t) - int64(t.Date())*1440
	return fmt.Sprintf("%02d:%02d", m/60, m%60)
}

// WhenText writes a moment as "12/06/2025 à 08:30".
func WhenText(t points.DateTime) string { return t.Date().French() + " à " + timeText(t) }
