package api

import (
	"encoding/json"
	"fmt"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"

	wire "mespoints/api"
	"mespoints/points"
	"mespoints/server/auth"
	"mespoints/server/demo"
)

// lastPlace is the session of the demo catalogue with exactly one place
// left: the first one of Toulouse Nord, the day after today.
func lastPlace(e *env) string {
	return fmt.Sprintf("31.%s.toulouse-nord.0830", e.today.AddDays(1))
}

// theoBooks is theo's booking of session id, with his accompanist.
func theoBooks(id string) string {
	return `{"session":"` + id + `","accompanist":{"name":"Sophie Garnier","licence_since":"2001-06-20","dual_control":true}}`
}

// Each candidate persona gets the refusal of their situation, in French,
// with the day from which they may book when there is one.
func TestEachCandidateGetsTheirRefusal(t *testing.T) {
	e := newEnv(t, envOptions{})
	for _, c := range []struct {
		login, body string
		code        wire.Code
		from        points.Date
		says        string
	}{
		{"lea", `{"session":"` + lastPlace(e) + `"}`, wire.CodeCodeNotValid, 0, "il faut d'abord réussir l'épreuve du code"},
		{"yanis", `{"session":"` + lastPlace(e) + `"}`, wire.CodeTooSoon, e.today.AddDays(14), "Vous ne pourrez pas réserver avant le " + e.today.AddDays(14).French()},
		{"camille", `{"session":"` + lastPlace(e) + `"}`, wire.CodeNotCandidate, 0, "ne contient aucun examen"},
		{"theo", `{"session":"` + lastPlace(e) + `","accompanist":{"name":"Léo","licence_since":"` + e.today.AddYears(-4).String() + `","dual_control":true}}`,
			wire.CodeAccompanistInvalid, e.today, "depuis au moins 5 ans"},
	} {
		p := e.signIn(t, auth.FranceConnect, c.login)
		res := p.post(t, "/api/v1/exams/bookings", c.body)
		got := res.apiError(t)
		if res.status != http.StatusConflict || got.Code != c.code || !strings.Contains(got.Message, c.says) {
			t.Errorf("%s: %d %+v, want 409 %s saying %q", c.login, res.status, got, c.code, c.says)
		}
		if (got.From == nil) != (c.from == 0) || got.From != nil && *got.From != c.from {
			t.Errorf("%s: from %v, want %s", c.login, got.From, c.from)
		}
		if c.login == "camille" {
			continue
		}
		// The exam file says the same before anyone tries.
		var f wire.ExamFile
		p.get(t, "/api/v1/exams").decode(t, &f)
		if c.login != "theo" && (f.Refusal == nil || f.Refusal.Code != c.code) {
			t.Errorf("%s: the exam file's refusal is %+v, want %s", c.login, f.Refusal, c.code)
		}
	}
	// Nobody took the place.
	if left := placesLeft(t, e, e.signIn(t, auth.FranceConnect, "theo"), lastPlace(e)); left != 1 {
		t.Fatalf("places left of the last place: %d", left)
	}
}

// placesLeft is what GET /api/v1/exams/sessions says of session id.
func placesLeft(t *testing.T, e *env, p *person, id string) int {
	t.Helper()
	var l wire.ExamSessions
	p.get(t, "/api/v1/exams/sessions?departement="+id[:2]).decode(t, &l)
	for _, s := range l.Sessions {
		if s.ID == id {
			return s.Left
		}
	}
	t.Fatalf("session %s not listed", id)
	return 0
}

// Theo books the last place, sees it, cancels it the day before (late:
// the warning gave the date before he confirmed), and the place comes
// back. Another candidate never reaches his booking.
func TestBookTheLastPlaceCancelAndItComesBack(t *testing.T) {
	e := newEnv(t, envOptions{})
	theo := e.signIn(t, auth.FranceConnect, "theo")
	res := theo.post(t, "/api/v1/exams/bookings", theoBooks(lastPlace(e)))
	if res.status != http.StatusCreated {
		t.Fatalf("booking: %d %s", res.status, res.body)
	}
	var b wire.ExamBooking
	res.decode(t, &b)
	if b.Session.ID != lastPlace(e) || b.Session.Left != 0 || !b.Cancel.Late || b.Cancel.BookFrom == nil ||
		*b.Cancel.BookFrom != e.today.AddDays(31) || !strings.Contains(b.Cancel.Message, "vous ne pourrez pas réserver avant le "+e.today.AddDays(31).French()) {
		t.Fatalf("booking %+v", b)
	}
	var f wire.ExamFile
	theo.get(t, "/api/v1/exams").decode(t, &f)
	if f.Booking == nil || f.Booking.ID != b.ID || f.Refusal == nil || f.Refusal.Code != wire.CodeAlreadyBooked {
		t.Fatalf("exam file after booking: booking %+v refusal %+v", f.Booking, f.Refusal)
	}
	// Yanis cannot cancel it nor read its convocation.
	yanis := e.signIn(t, auth.FranceConnect, "yanis")
	if res := e.call(t, yanis, "DELETE", "/api/v1/exams/bookings/"+b.ID, "", nil); res.status != http.StatusNotFound || res.apiError(t).Code != wire.CodeBookingNotFound {
		t.Fatalf("yanis cancels theo's booking: %d %s", res.status, res.body)
	}
	if res := yanis.get(t, b.Calendar); res.status != http.StatusNotFound {
		t.Fatalf("yanis reads theo's convocation: %d", res.status)
	}
	res = e.call(t, theo, "DELETE", "/api/v1/exams/bookings/"+b.ID, "", nil)
	if res.status != http.StatusOK {
		t.Fatalf("cancel: %d %s", res.status, res.body)
	}
	f = wire.ExamFile{}
	res.decode(t, &f)
	if f.Booking != nil || f.Refusal == nil || f.Refusal.Code != wire.CodeTooSoon || *f.Refusal.From != e.today.AddDays(31) {
		t.Fatalf("after a late cancellation: booking %+v refusal %+v", f.Booking, f.Refusal)
	}
	if left := placesLeft(t, e, theo, lastPlace(e)); left != 1 {
		t.Fatalf("the place did not come back: %d left", left)
	}
	if r, err := e.booking.Check(t.Context()); err != nil || !r.OK() {
		t.Fatalf("check %+v %v", r, err)
	}
}

// Cancelling 7 days or more before the test is free: another booking is
// possible at once.
func TestCancellingInTimeIsFree(t *testing.T) {
	e := newEnv(t, envOptions{})
	theo := e.signIn(t, auth.FranceConnect, "theo")
	var l wire.ExamSessions
	theo.get(t, "/api/v1/exams/sessions?departement=34&from="+e.today.AddDays(10).String()).decode(t, &l)
	var id string
	for _, s := range l.Sessions {
		if s.Left > 0 {
			id = s.ID
			break
		}
	}
	res := theo.post(t, "/api/v1/exams/bookings", theoBooks(id))
	var b wire.ExamBooking
	res.decode(t, &b)
	if res.status != http.StatusCreated || b.Cancel.Late || !strings.HasPrefix(b.Cancel.Message, "Annulation sans frais") {
		t.Fatalf("booking ten days ahead: %d %+v", res.status, b.Cancel)
	}
	if res := e.call(t, theo, "DELETE", "/api/v1/exams/bookings/"+b.ID, "", nil); res.status != http.StatusOK {
		t.Fatalf("cancel: %d", res.status)
	}
	if res := theo.post(t, "/api/v1/exams/bookings", theoBooks(id)); res.status != http.StatusCreated {
		t.Fatalf("booking again after a free cancellation: %d %s", res.status, res.body)
	}
}

// The convocation is an iCalendar event at the session's time (Paris),
// at the centre's address, with what to bring; lines of at most 75 bytes
// ended by CRLF.
func TestTheConvocationGoesToTheCalendar(t *testing.T) {
	e := newEnv(t, envOptions{})
	theo := e.signIn(t, auth.FranceConnect, "theo")
	var b wire.ExamBooking
	theo.post(t, "/api/v1/exams/bookings", theoBooks(lastPlace(e))).decode(t, &b)
	res := theo.get(t, b.Calendar)
	if res.status != http.StatusOK || !strings.HasPrefix(res.header.Get("Content-Type"), "text/calendar") {
		t.Fatalf("convocation: %d %s", res.status, res.header.Get("Content-Type"))
	}
	body := string(res.body)
	d := e.today.AddDays(1)
	y, m, day := d.YMD()
	start := time.Date(y, m, day, 8, 30, 0, 0, e.paris).UTC().Format("20060102T150405Z")
	unfolded := strings.ReplaceAll(body, "\r\n ", "")
	for _, want := range []string{"BEGIN:VEVENT", "DTSTART:" + start, `LOCATION:Centre d'examen de Toulouse Nord\, 12 chemin des Izards\, 31200 Toulouse`, "Sophie Garnier", "UID:" + b.ID + "@mespoints"} {
		if !strings.Contains(unfolded, want) {
			t.Errorf("the convocation lacks %q:\n%s", want, body)
		}
	}
	for _, line := range strings.Split(strings.TrimSuffix(body, "\r\n"), "\r\n") {
		if len(line) > 75 || strings.Contains(line, "\n") {
			t.Errorf("line of %d bytes or with a bare LF: %q", len(line), line)
		}
	}
}

// Every booking and cancellation is in the audit log: who, when, what
// (the route pattern, never the booking's identifier) and the dossier.
func TestBookingsAreAudited(t *testing.T) {
	e := newEnv(t, envOptions{})
	theo := e.signIn(t, auth.FranceConnect, "theo")
	var b wire.ExamBooking
	theo.post(t, "/api/v1/exams/bookings", theoBooks(lastPlace(e))).decode(t, &b)
	e.call(t, theo, "DELETE", "/api/v1/exams/bookings/"+b.ID, "", nil)
	trail, err := e.auth.AuditTrail()
	if err != nil {
		t.Fatal(err)
	}
	neph, _ := demo.NEPHForLogin("theo")
	var actions []string
	for _, a := range trail {
		if !strings.Contains(a.Action, "/exams") {
			continue // the link made at sign-in
		}
		actions = append(actions, a.Action)
		j, _ := json.Marshal(a)
		if a.NEPH != neph || strings.Contains(string(j), b.ID) || strings.Contains(string(j), "Garnier") {
			t.Errorf("audit entry %s", j)
		}
	}
	if want := []string{"POST /api/v1/exams/bookings", "DELETE /api/v1/exams/bookings/{id}"}; !reflect.DeepEqual(actions, want) {
		t.Errorf("audited %q, want %q", actions, want)
	}
}

// When the shared state cannot answer (an etcd cluster without quorum),
// the exam routes say so with 503 and Retry-After, never a wrong answer.
func TestSharedStateDownAnswers503(t *testing.T) {
	e := newEnv(t, envOptions{})
	theo := e.signIn(t, auth.FranceConnect, "theo")
	e.kv.down.Store(true)
	for _, c := range []struct{ method, path, body string }{
		{"GET", "/api/v1/exams", ""}, {"GET", "/api/v1/exams/sessions?departement=31", ""}, {"POST", "/api/v1/exams/bookings", theoBooks(lastPlace(e))},
	} {
		res := e.call(t, theo, c.method, c.path, c.body, nil)
		if res.status != http.StatusServiceUnavailable || res.header.Get("Retry-After") == "" || res.apiError(t).Code != wire.CodeUnavailable {
			t.Errorf("%s %s: %d %s (Retry-After %q)", c.method, c.path, res.status, res.body, res.header.Get("Retry-After"))
		}
	}
}

// The pages the app shows are drawn by the server from the same answers:
// each candidate persona's, with their situation in French, every value
// escaped.
func TestExamPages(t *testing.T) {
	e := newEnv(t, envOptions{})
	page := func(p *person, query string) string {
		t.Helper()
		res := p.get(t, "/api/v1/exams/page?"+query)
		if res.status != http.StatusOK || !strings.HasPrefix(res.header.Get("Content-Type"), "text/html") {
			t.Fatalf("page %s: %d %s", query, res.status, res.body)
		}
		return string(res.body)
	}
	theo := e.signIn(t, auth.FranceConnect, "theo")
	mine := page(theo, "page=examens")
	for _, want := range []string{`id="code-validite"`, "Code valable jusqu&#39;au " + e.today.AddMonths(-4).AddYears(5).French(), "Prochaine étape : réserver", `href="/examens/reserver"`, "37 bonnes réponses sur 40"} {
		if !strings.Contains(mine, want) {
			t.Errorf("theo's « Mes examens » lacks %q:\n%s", want, mine)
		}
	}
	book := page(theo, "page=reserver")
	if !strings.Contains(book, `<option value="31">Haute-Garonne (31)</option>`) || strings.Contains(book, `id="session"`) {
		t.Errorf("« Réserver » before a département:\n%s", book)
	}
	book = page(theo, "page=reserver&departement=31")
	for _, want := range []string{`value="31" selected`, `<option value="` + lastPlace(e) + `">`, "1 place restante", " disabled>", "complet", `id="acc-nom"`, `id="acc-double"`} {
		if !strings.Contains(book, want) {
			t.Errorf("« Réserver » in 31 lacks %q", want)
		}
	}
	var b wire.ExamBooking
	theo.post(t, "/api/v1/exams/bookings", theoBooks(lastPlace(e))).decode(t, &b)
	conv := page(theo, "page=reservations")
	for _, want := range []string{`id="convocation"`, "12 chemin des Izards", `download="convocation-examen.ics"`, `value="` + b.ID + `"`, "vous ne pourrez pas réserver avant le " + e.today.AddDays(31).French(), " hidden>"} {
		if !strings.Contains(conv, want) {
			t.Errorf("« Mes réservations » lacks %q:\n%s", want, conv)
		}
	}
	if got := page(theo, "page=reserver"); !strings.Contains(got, `href="/examens/reservations"`) {
		t.Errorf("« Réserver » with a booking:\n%s", got)
	}
	// Léa and Yanis see their refusal on « Réserver ».
	for login, want := range map[string]string{"lea": "il faut d&#39;abord réussir l&#39;épreuve du code", "yanis": "Vous ne pourrez pas réserver avant le " + e.today.AddDays(14).French()} {
		got := page(e.signIn(t, auth.FranceConnect, login), "page=reserver&departement=31")
		if !strings.Contains(got, `id="refus"`) || !strings.Contains(got, want) || strings.Contains(got, "<form") {
			t.Errorf("%s's « Réserver »:\n%s", login, got)
		}
	}
	if res := theo.get(t, "/api/v1/exams/page?page=solde"); res.status != http.StatusBadRequest {
		t.Errorf("an unknown page: %d", res.status)
	}
}
