package exams

import (
	"errors"
	"strings"
	"testing"

	"mespoints/points"
)

// day is a fixed day the cases count from: Thursday 12 June 2025.
var day = points.NewDate(2025, 6, 12)

// at is the minute hh:mm of the day n days after day.
func at(n, hh, mm int) points.DateTime { return points.NewDateTime(day.AddDays(n), hh, mm) }

// passedCode is a file whose code was passed n days before day.
func passedCode(n int) File {
	return File{Code: []CodeSitting{{Date: day.AddDays(-n), Centre: "La Poste — Toulouse", Score: 37}}}
}

func TestCodeSittings(t *testing.T) {
	// Arrêté du 20 avril 2012: 40 questions, passed with 35 correct
	// answers.
	for _, c := range []struct {
		score int
		pass  bool
	}{{40, true}, {35, true}, {34, false}, {0, false}} {
		if got := (CodeSitting{Score: c.score}).Passed(); got != c.pass {
			t.Errorf("%d/40: passed = %v, want %v", c.score, got, c.pass)
		}
	}
}

func TestPracticalSittings(t *testing.T) {
	// Arrêté du 19 février 2010, article 26: at least 20 points and no
	// eliminatory fault.
	for _, c := range []struct {
		total       int
		eliminatory bool
		pass        bool
	}{{31, false, true}, {20, false, true}, {19, false, false}, {28, true, false}} {
		s := PracticalSitting{Total: c.total, Eliminatory: c.eliminatory}
		if s.Passed() != c.pass {
			t.Errorf("%d/31 eliminatory=%v: passed = %v, want %v", c.total, c.eliminatory, s.Passed(), c.pass)
		}
	}
	// The result is published 48 hours after the test.
	s := PracticalSitting{At: at(0, 10, 30)}
	if got, want := s.ResultFrom(), at(2, 10, 30); got != want {
		t.Errorf("result from %s, want %s", got, want)
	}
}

func TestCodeValidity(t *testing.T) {
	// Arrêté du 20 avril 2012 modified on 17 November 2022: valid 5 years
	// whatever the number of practical tests; a delay in years ends on the
	// day with the same date.
	f := File{School: "Auto-école de la Bastille", Code: []CodeSitting{
		{Date: points.NewDate(2025, 3, 12), Centre: "SGS — Paris 11e", Score: 36},
		{Date: points.NewDate(2024, 1, 5), Centre: "La Poste — Paris 11e", Score: 30},
	}}
	for i := range 7 { // more than the old limit of five presentations
		f.Practical = append(f.Practical, PracticalSitting{At: points.NewDateTime(points.NewDate(2025, 3, 20).AddDays(12*i), 9, 0), Centre: "Paris", Total: 26, Eliminatory: true})
	}
	s := Assess(f, at(0, 12, 0))
	if s.CodeValidUntil != points.NewDate(2030, 3, 12) {
		t.Fatalf("code valid until %s, want 2030-03-12", s.CodeValidUntil)
	}
	if !s.CodeValidOn(points.NewDate(2030, 3, 12)) || s.CodeValidOn(points.NewDate(2030, 3, 13)) {
		t.Error("the code must be valid on 12/03/2030 and not the day after")
	}
	if r := s.CheckBooking(f, Request{Session: at(20, 8, 30)}); r != nil {
		t.Errorf("seven failed presentations must not stop a booking since 2022: %+v", r)
	}
	// Without a pass, no validity.
	if s := Assess(File{Code: []CodeSitting{{Date: day, Centre: "Dekra", Score: 34}}}, at(0, 12, 0)); s.Code != nil || s.CodeValidUntil != 0 {
		t.Errorf("34/40 gave a code valid until %s", s.CodeValidUntil)
	}
}

// TestWaits takes each line of article 3, II of the arrêté du 27 avril
// 2021 (RdvPermis), and the two lines to be confirmed.
func TestWaits(t *testing.T) {
	failure := func(total int, eliminatory bool) File {
		f := passedCode(200)
		f.Practical = []PracticalSitting{{At: at(-1, 9, 0), Centre: "Toulouse-Lardenne", Total: total, Eliminatory: eliminatory}}
		return f
	}
	booking := func(outcome Outcome) File {
		f := passedCode(200)
		f.Bookings = []PastBooking{{Exam: day.AddDays(-1), Outcome: outcome}}
		return f
	}
	cases := []struct {
		text  string
		file  File
		cause Cause
		from  points.Date
	}{
		{"« deux jours, après la réussite à l'épreuve théorique générale »", passedCode(0), AfterCodePass, day.AddDays(2)},
		// A total of 20 or more fails only with an eliminatory fault.
		{"« deux jours […] après un échec à l'examen pratique avec un total de points supérieur à 25 »: 26", failure(26, true), AfterFailureAbove25, day.AddDays(2)},
		{"the same: 31", failure(31, true), AfterFailureAbove25, day.AddDays(2)},
		{"« dix jours après un échec […] avec un total de points inférieur à 26 et supérieur à 20 »: 25", failure(25, true), AfterFailure21To25, day.AddDays(9)},
		{"the same: 21", failure(21, true), AfterFailure21To25, day.AddDays(9)},
		{"« vingt jours après un échec »: 20 points", failure(20, true), AfterFailure20OrLess, day.AddDays(19)},
		{"the same: 19 points", failure(19, false), AfterFailure20OrLess, day.AddDays(19)},
		{"late cancellation: 30 days after the day planned (to be confirmed)", booking(LateCancellation), AfterLateCancellation, day.AddDays(29)},
		{"no-show: 40 days after the day planned (to be confirmed)", booking(NoShow), AfterNoShow, day.AddDays(39)},
	}
	for _, c := range cases {
		// Three days on, so that every result is published.
		s := Assess(c.file, at(2, 12, 0))
		if s.BookFrom != c.from || s.Binding.Cause != c.cause {
			t.Errorf("%s: booking from %s (%s), want %s (%s)", c.text, s.BookFrom, s.Binding.Cause, c.from, c.cause)
		}
	}
	for _, w := range Waits {
		if w.Source.Text == "" || w.Rule == "" {
			t.Errorf("wait %s has no source or rule", w.Cause)
		}
		if (w.Cause == AfterLateCancellation || w.Cause == AfterNoShow) != (w.ToConfirm != "") {
			t.Errorf("wait %s: to confirm %q, but only the lines not read in the text are", w.Cause, w.ToConfirm)
		}
	}
}

// The latest wait to end decides; an older failure does not shorten it.
func TestTheLongestWaitDecides(t *testing.T) {
	f := passedCode(100)
	f.Practical = []PracticalSitting{
		{At: at(-15, 9, 0), Centre: "A", Total: 12},                   // 20 days: until day+5
		{At: at(-5, 9, 0), Centre: "A", Total: 27, Eliminatory: true}, // 2 days: until day-3
	}
	s := Assess(f, at(0, 12, 0))
	if s.BookFrom != day.AddDays(5) || s.Binding.Cause != AfterFailure20OrLess {
		t.Fatalf("booking from %s (%s), want %s after the failure with 12 points", s.BookFrom, s.Binding.Cause, day.AddDays(5))
	}
	r := s.CheckBooking(f, Request{Session: at(30, 8, 30)})
	if r == nil || r.Code != RefusedTooSoon || r.From != day.AddDays(5) {
		t.Fatalf("refusal %+v, want too_soon from %s", r, day.AddDays(5))
	}
	if !strings.Contains(r.Message, "avant le 17/06/2025") || !strings.Contains(r.Message, "12 points sur 31") {
		t.Errorf("message %q does not say the date and why", r.Message)
	}
}

func TestCheckBooking(t *testing.T) {
	now := at(0, 12, 0)
	school := passedCode(30)
	school.School = "Auto-école du Capitole"
	free := passedCode(30)
	acc := &Accompanist{Name: "Marie Martin", LicenceSince: day.AddYears(-6), DualControl: true}
	pass := passedCode(100)
	pass.Practical = []PracticalSitting{{At: at(-3, 9, 0), Centre: "A", Total: 24}}
	unpublished := passedCode(100)
	unpublished.Practical = []PracticalSitting{{At: at(-1, 14, 0), Centre: "A", Total: 9}}
	expired := File{School: "X", Code: []CodeSitting{{Date: day.AddYears(-5).AddDays(-1), Centre: "SGS", Score: 38}}}
	cases := []struct {
		name string
		file File
		req  Request
		code string
		from points.Date
	}{
		{"with a driving school, a valid code and no wait", school, Request{Session: at(10, 8, 30)}, "", 0},
		{"candidat libre with a qualified accompanist and a dual-control car", free, Request{Session: at(10, 8, 30), Accompanist: acc}, "", 0},
		{"passed: nothing to book", pass, Request{Session: at(10, 8, 30)}, RefusedNotCandidate, 0},
		{"result not yet published: from its publication", unpublished, Request{Session: at(10, 8, 30)}, RefusedTooSoon, day.AddDays(1)},
		{"one pending booking at most", school, Request{Session: at(10, 8, 30), Pending: at(3, 10, 0)}, RefusedAlreadyBooked, 0},
		{"a booking of the past is not pending", school, Request{Session: at(10, 8, 30), Pending: at(-3, 10, 0)}, "", 0},
		{"no code passed", File{School: "X", Code: []CodeSitting{{Date: day, Centre: "Dekra", Score: 31}}}, Request{Session: at(10, 8, 30)}, RefusedCodeNotValid, 0},
		{"code valid 5 years, expired yesterday", expired, Request{Session: at(10, 8, 30)}, RefusedCodeNotValid, 0},
		{"code passed yesterday: 2 days", passedCode(1), Request{Session: at(10, 8, 30), Accompanist: acc}, RefusedTooSoon, day.AddDays(1)},
		{"a test today cannot be booked", school, Request{Session: at(0, 15, 0)}, RefusedSessionPast, day},
		{"the code must be valid on the day of the test", File{School: "X", Code: []CodeSitting{{Date: day.AddYears(-5).AddDays(5), Centre: "SGS", Score: 38}}}, Request{Session: at(10, 8, 30)}, RefusedCodeNotValid, day},
		{"candidat libre without an accompanist", free, Request{Session: at(10, 8, 30)}, RefusedAccompanist, day},
		{"accompanist with category B for 5 years less a day on the day of the test", free,
			Request{Session: at(10, 8, 30), Accompanist: &Accompanist{Name: "Léo Petit", LicenceSince: day.AddDays(10).AddYears(-5).AddDays(1), DualControl: true}}, RefusedAccompanist, day},
		{"accompanist with category B for exactly 5 years on the day", free,
			Request{Session: at(10, 8, 30), Accompanist: &Accompanist{Name: "Léo Petit", LicenceSince: day.AddDays(10).AddYears(-5), DualControl: true}}, "", 0},
		{"candidat libre without a dual-control car", free,
			Request{Session: at(10, 8, 30), Accompanist: &Accompanist{Name: "Léo Petit", LicenceSince: day.AddYears(-20)}}, RefusedAccompanist, day},
	}
	for _, c := range cases {
		r := Assess(c.file, now).CheckBooking(c.file, c.req)
		switch {
		case c.code == "" && r != nil:
			t.Errorf("%s: refused %s: %s", c.name, r.Code, r.Message)
		case c.code != "" && r == nil:
			t.Errorf("%s: accepted, want %s", c.name, c.code)
		case c.code != "" && (r.Code != c.code || r.From != c.from):
			t.Errorf("%s: refused %s from %s, want %s from %s (%s)", c.name, r.Code, r.From, c.code, c.from, r.Message)
		case r != nil && (r.Message == "" || r.From != 0 && !strings.Contains(r.Message, r.From.French()) && r.Code == RefusedTooSoon):
			t.Errorf("%s: the message %q must say from when", c.name, r.Message)
		}
	}
}

func TestCancelCost(t *testing.T) {
	now := at(0, 12, 0)
	f := passedCode(30)
	// 7 days' notice or more: free. 6 or less: late, 30 days after the day
	// planned for the test (to be confirmed, see Waits).
	for _, c := range []struct {
		in   int
		late bool
		from points.Date
	}{{7, false, day}, {30, false, day}, {6, true, day.AddDays(36)}, {0, true, day.AddDays(30)}} {
		got := CancelCost(f, at(c.in, 8, 30), now)
		if got.Late != c.late || got.BookFrom != c.from {
			t.Errorf("cancel %d days before: late %v from %s, want %v from %s", c.in, got.Late, got.BookFrom, c.late, c.from)
		}
		if c.late && !strings.Contains(got.Message, "vous ne pourrez pas réserver avant le "+c.from.French()) {
			t.Errorf("cancel %d days before: %q does not say the date", c.in, got.Message)
		}
	}
	// The cancellation then counts as a booking wait.
	s := Assess(f.WithLateCancellation(day.AddDays(3)), now)
	if s.BookFrom != day.AddDays(33) || s.Binding.Cause != AfterLateCancellation {
		t.Errorf("after a late cancellation: from %s (%s)", s.BookFrom, s.Binding.Cause)
	}
}

func TestCEPCAndNextStep(t *testing.T) {
	f := passedCode(100)
	f.Practical = []PracticalSitting{{At: at(-3, 9, 0), Centre: "A", Total: 24}}
	s := Assess(f, at(0, 12, 0))
	// The CEPC is a provisional licence for 4 months.
	if got := s.CEPCValidUntil(); got != day.AddDays(-3).AddMonths(4) {
		t.Errorf("CEPC valid until %s", got)
	}
	if !strings.Contains(s.Next(f, 0), s.CEPCValidUntil().French()) {
		t.Errorf("next step %q does not give the CEPC's end", s.Next(f, 0))
	}
	// Before the 48 hours, neither the pass nor the certificate show.
	s = Assess(f, at(-1, 8, 59))
	if s.Passed != nil || s.Unpublished == nil || s.CEPCValidUntil() != 0 {
		t.Errorf("result shown before 48 hours: %+v", s)
	}
	if next := Assess(File{}, at(0, 12, 0)).Next(File{}, 0); !strings.Contains(next, "35 bonnes réponses sur 40") {
		t.Errorf("next step without a code: %q", next)
	}
}

func TestValidate(t *testing.T) {
	good := File{School: "Auto-école", Code: []CodeSitting{{Date: day, Centre: "La Poste", Score: 35}},
		Practical: []PracticalSitting{{At: at(10, 9, 0), Centre: "Lardenne", Total: 20}},
		Bookings:  []PastBooking{{Exam: day, Outcome: NoShow}}}
	if err := good.Validate(); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		field string
		edit  func(f *File)
	}{
		{"code[0].score", func(f *File) { f.Code[0].Score = 41 }},
		{"code[0].date", func(f *File) { f.Code[0].Date = 0 }},
		{"code[0].centre", func(f *File) { f.Code[0].Centre = " " }},
		{"practical[0].total", func(f *File) { f.Practical[0].Total = 32 }},
		{"practical[0].at", func(f *File) { f.Practical[0].At = 0 }},
		{"bookings[0].outcome", func(f *File) { f.Bookings[0].Outcome = "cancelled" }},
		{"school", func(f *File) { f.School = "  " }},
	} {
		f := good
		f.Code = append([]CodeSitting(nil), good.Code...)
		f.Practical = append([]PracticalSitting(nil), good.Practical...)
		f.Bookings = append([]PastBooking(nil), good.Bookings...)
		c.edit(&f)
		var fe *points.FieldError
		if err := f.Validate(); !errors.As(err, &fe) || fe.Field != c.field {
			t.Errorf("%s: got %v", c.field, err)
		}
	}
}

// The certificate states the test passed and its 4 months as a
// provisional licence, once the result is published.
func TestCertificate(t *testing.T) {
	f := passedCode(100)
	f.Practical = []PracticalSitting{{At: at(-3, 9, 0), Centre: "Centre d'examen de Muret", Total: 24}}
	c, ok := Assess(f, at(0, 12, 0)).Certificate()
	if !ok || c.Category != "B" || c.Date != day.AddDays(-3) || c.Total != 24 || c.Centre != "Centre d'examen de Muret" || c.ValidUntil != day.AddDays(-3).AddMonths(4) {
		t.Fatalf("certificate %+v, %v", c, ok)
	}
	if _, ok := Assess(f, at(-2, 12, 0)).Certificate(); ok {
		t.Error("a certificate before the result is published")
	}
}
