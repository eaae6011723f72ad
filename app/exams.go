package app

import (
	"encoding/json"
	"strconv"
	"strings"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"mespoints/api"
	"mespoints/points"
)

// The three exam pages of a candidate — « Mes examens » (the code's
// validity, the results, the next step), « Réserver » (département, then
// centre, day and time with the places left, the accompanying person when
// needed) and « Mes réservations » (the convocation, the calendar,
// cancelling after the warning of what it costs) — are screens whose
// content the server draws: GET /api/v1/exams/page gives it as an HTML
// fragment (html/template, every value escaped) made from the exam file,
// which the page shows as it is; bookings and cancellations go to the
// JSON routes. One handler per kind of event reads its target. This
// keeps the WebAssembly's size almost unchanged: every go-app element the
// app builds costs download kilobytes (about 11 KB for these pages built
// in go-app).

func newExams() app.Composer {
	return &screen{path: PathExams, heading: "Mes examens", subtitle: "Mes examens", body: examBody, load: loadExam}
}

func newBook() app.Composer {
	return &screen{path: PathBook, heading: "Réserver une place d'examen", subtitle: "Réserver", body: examBody, load: loadExam}
}

func newBookings() app.Composer {
	return &screen{path: PathBookings, heading: "Mes réservations", subtitle: "Mes réservations", body: examBody, load: loadExam}
}

// exam is the state of the exam page on screen.
var exam struct {
	// page is the page's name for the server (examens, reserver,
	// reservations), dep the département chosen on « Réserver ».
	page, dep string
	// html is the page's content as the server drew it.
	html string
	// message is a refusal or a failure, note a confirmation.
	message, note string
	busy          bool
	// at is when html was drawn; fresh says it came from the server and
	// is not kept yet (examskept.go); kept says it is the device's copy,
	// shown without a network.
	at          time.Time
	fresh, kept bool
}

// loadExam fetches the content of the page shown.
func loadExam(ctx app.Context) {
	path := ctx.Page().URL().Path
	exam.page, exam.html, exam.message, exam.note = path[strings.LastIndexByte(path, '/')+1:], "", "", ""
	exam.fresh, exam.kept = false, false
	examFetch(ctx)
}

// examFetch asks the server for the page's content.
func examFetch(ctx app.Context) {
	examCall(ctx, "GET", "/api/v1/exams/page?page="+exam.page+"&departement="+exam.dep, nil, func(b []byte) {
		exam.html, exam.at, exam.fresh, exam.kept = string(b), time.Now(), true, false
		keepExam()
	})
}

// examOffline shows, without a network, the page's content kept on the
// device, or says why there is none.
func examOffline() {
	if p, ok := keptExamFor(exam.page); ok && exam.dep == "" {
		exam.html, exam.at, exam.fresh, exam.kept = p.HTML, p.At, false, true
		return
	}
	exam.message = "Hors ligne : vos examens s'afficheront quand vous aurez du réseau."
	if exam.page == "reserver" {
		exam.message = "Hors ligne : les places d'examen s'afficheront quand vous aurez du réseau."
	}
}

// examCall calls the API out of the UI goroutine and gives ok the body of
// a success; a refusal or a failure goes to exam.message.
func examCall(ctx app.Context, method, path string, body []byte, ok func(b []byte)) {
	if exam.busy {
		return
	}
	exam.busy = true
	ctx.Async(func() {
		res, err := fetchAPI(method, path, body)
		ctx.Dispatch(func(ctx app.Context) {
			exam.busy = false
			switch e := errorOf(res); {
			case err != nil && method == "GET":
				examOffline()
			case err != nil:
				exam.message = "Hors ligne : votre demande n'a pas été envoyée. Réessayez quand vous aurez du réseau."
			case e.Message != "":
				exam.message = e.Message
			case res.Status >= 300:
				exam.message = "Le service ne répond pas pour le moment. Réessayez dans quelques minutes."
			default:
				exam.message = ""
				ok(res.Body)
			}
		})
	})
}

// field is the element of the page with this id.
func field(id string) app.Value { return app.Window().GetElementByID(id) }

// examBody is the page's content, and its three handlers: the choice of a
// département, the booking form, the buttons of the cancellation.
func examBody(v dossierView) app.UI {
	var content app.UI = app.Raw("<div>" + exam.html + "</div>")
	if exam.html == "" && exam.message == "" {
		content = app.P().Class("loading").Attr("role", "status").Text("Chargement de vos examens…")
	}
	return app.Div().OnChange(func(ctx app.Context, e app.Event) {
		if t := e.Get("target"); t.Get("id").String() == "departement" {
			exam.dep = t.Get("value").String()
			examFetch(ctx)
		}
	}).OnSubmit(bookSubmit).OnClick(func(ctx app.Context, e app.Event) {
		switch t := e.Get("target"); t.Get("id").String() {
		case "annuler-reservation", "garder":
			c := field("confirmer-annulation")
			open := c.Get("hidden").Bool()
			c.Set("hidden", !open)
			field("annuler-reservation").Call("setAttribute", "aria-expanded", strconv.FormatBool(open))
		case "confirmer":
			examCall(ctx, "DELETE", "/api/v1/exams/bookings/"+t.Get("value").String(), nil, func([]byte) {
				exam.note = "Réservation annulée : la place est rendue."
				examFetch(ctx)
			})
		}
	}).Body(
		app.If(exam.note != "", func() app.UI {
			return app.P().ID("note").Class("banner banner-info").Attr("role", "status").Text(exam.note)
		}),
		app.If(exam.kept, func() app.UI {
			return app.P().ID("examens-hors-ligne").Class("banner banner-offline").Attr("role", "status").
				Text("Hors ligne — vos examens tels qu'ils étaient le " + dateTimeText(exam.at) + ". Réserver ou annuler une place demande du réseau.")
		}),
		content,
		app.If(exam.message != "", func() app.UI {
			return app.P().ID("refus").Class("banner banner-error").Attr("role", "alert").Text(exam.message)
		}),
	)
}

// bookSubmit sends the booking form: the session chosen, and the
// accompanying person when the form asks for one.
func bookSubmit(ctx app.Context, e app.Event) {
	e.PreventDefault()
	req := api.BookingRequest{Session: field("session").Get("value").String()}
	if field("acc-nom").Truthy() {
		since, msg := parseBirthdate(field("acc-permis").Get("value").String(), points.DateOf(time.Now()))
		if msg == birthdateMissing {
			msg = "Indiquez la date d'obtention du permis B de la personne qui vous accompagne, par exemple 20/06/2001."
		}
		if exam.message = msg; msg != "" {
			return
		}
		req.Accompanist = &api.Accompanist{Name: field("acc-nom").Get("value").String(), LicenceSince: since.String(),
			DualControl: field("acc-double").Get("checked").Bool()}
	}
	body, _ := json.Marshal(req)
	examCall(ctx, "POST", "/api/v1/exams/bookings", body, func([]byte) { ctx.Navigate(PathBookings) })
}
